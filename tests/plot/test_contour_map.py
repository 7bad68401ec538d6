"""The contour maps read back with xml.etree: level lines, paths, clipping, the regression surface."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from svg_reading import (
    NS,
    by_class,
    frame,
    galton_like,
    legend_names,
    parse,
    per_pixel,
    points,
    series,
    ticks,
    to_data,
)

from gdlearn import plot
from gdlearn.errors import ParameterError
from gdlearn.functions import Rosenbrock
from gdlearn.plot.geometry import clip_path
from gdlearn.plot.marching_squares import levels as geometric_levels

# Contour maps -------------------------------------------------------------------


def test_contours_of_a_bowl_are_circles_of_the_right_radius():
    n = 81
    svg = plot.contour(
        lambda a, b: a * a + b * b, xlim=(-2, 2), ylim=(-2, 2), levels=[0.25, 1.0, 2.25], grid=n
    )
    root = parse(svg)
    groups = by_class(root, "contour")
    assert [g.find(f"{NS}title").text for g in groups] == ["f = 0.25", "f = 1", "f = 2.25"]
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    h = 4 / (n - 1)
    for group, r in zip(groups, (0.5, 1.0, 1.5)):
        (line,) = group.findall(f"{NS}polyline")
        pixels = points(line)
        assert pixels[0] == pixels[-1]  # closed
        tolerance = 1.1 * h * h / (8 * r) + 0.01 * per_pixel(x_ticks)  # interpolation + 2-decimal pixels
        for px, py in pixels:
            assert math.hypot(to_data(px, x_ticks), to_data(py, y_ticks)) == pytest.approx(r, abs=tolerance)


def test_contour_axes_span_exactly_the_box():
    root = parse(plot.contour(lambda a, b: a + b, xlim=(-1.3, 2.1), ylim=(0.2, 0.9), levels=2, grid=5))
    left, top, right, bottom = frame(root)
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    assert to_data(left, x_ticks) == pytest.approx(-1.3, abs=1e-4)
    assert to_data(right, x_ticks) == pytest.approx(2.1, abs=1e-4)
    assert to_data(bottom, y_ticks) == pytest.approx(0.2, abs=1e-4)
    assert to_data(top, y_ticks) == pytest.approx(0.9, abs=1e-4)


def test_paths_are_drawn_point_for_point_with_start_and_end_marked():
    walk = [(1.5, 1.5), (1.0, 0.8), (0.6, 0.5), (0.2, 0.1), (0.05, 0.02)]
    root = parse(plot.contour(lambda a, b: a * a + b * b, {"GD, η = 0.25": walk}, xlim=(-2, 2), ylim=(-2, 2)))
    assert legend_names(root) == ["GD, η = 0.25", "start", "end"]
    group = series(root)["GD, η = 0.25"]
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    pixels = points(group.find(f"{NS}polyline"))
    assert len(pixels) == len(walk)
    for (px, py), (a, b) in zip(pixels, walk):
        assert (to_data(px, x_ticks), to_data(py, y_ticks)) == (
            pytest.approx(a, abs=1e-3),
            pytest.approx(b, abs=1e-3),
        )
    start = [c for c in group.findall(f"{NS}circle") if c.get("fill") == "white"]
    assert [(float(start[0].get("cx")), float(start[0].get("cy")))] == [pixels[0]]
    (end,) = group.findall(f"{NS}rect")
    assert float(end.get("x")) + 4 == pytest.approx(pixels[-1][0], abs=0.01)  # an 8 × 8 square centred on it
    assert float(end.get("y")) + 4 == pytest.approx(pixels[-1][1], abs=0.01)


def test_paths_are_cut_at_the_edges_of_the_box():
    box = ((-1.0, 1.0), (-1.0, 1.0))
    inside_only = [(0.5, 0.5), (-0.5, 0.2), (0.0, -0.9)]
    assert clip_path(inside_only, *box) == [inside_only]  # nothing to cut
    out_and_back = [(0.0, 0.0), (3.0, 0.0), (3.0, 0.5), (0.0, 0.5)]
    assert clip_path(out_and_back, *box) == [[(0.0, 0.0), (1.0, 0.0)], [(1.0, 0.5), (0.0, 0.5)]]
    ((start, end),) = clip_path([(-1000.0, 0.25), (1000.0, 0.25)], *box)  # far out on both sides
    assert start == pytest.approx((-1.0, 0.25), abs=1e-12) and end == pytest.approx((1.0, 0.25), abs=1e-12)
    assert clip_path([(2.0, 2.0), (3.0, -3.0)], *box) == []  # misses it
    assert clip_path([(5.0, 5.0)], *box) == []  # one point, outside
    assert clip_path([(-1e308, 0.0), (1e308, 0.0)], *box) == []  # the step overflows: not drawn


def distance_to_segment(point, p, q):
    """The Euclidean distance from point to the segment pq."""
    d = (q[0] - p[0], q[1] - p[1])
    length2 = d[0] ** 2 + d[1] ** 2
    t = 0.0 if length2 == 0 else ((point[0] - p[0]) * d[0] + (point[1] - p[1]) * d[1]) / length2
    t = min(max(t, 0.0), 1.0)
    return math.dist(point, (p[0] + t * d[0], p[1] + t * d[1]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5)), min_size=2, max_size=20))
def test_clipped_pieces_lie_inside_the_box_on_the_path(walk):
    for run in clip_path(walk, (-1.0, 1.0), (-2.0, 2.0)):
        for point in run:
            assert -1.0 <= point[0] <= 1.0 and -2.0 <= point[1] <= 2.0
            assert min(distance_to_segment(point, p, q) for p, q in itertools.pairwise(walk)) <= 1e-9


def test_everything_from_data_is_clipped_to_the_plot_area():
    far_walk = [(-5.0, -5.0), (0.0, 0.0), (5.0, 5.0)]  # starts and ends outside the box
    root = parse(plot.contour(lambda a, b: a * a + b * b, {"wild": far_walk}, xlim=(-1, 1), ylim=(-1, 1)))
    wild = series(root)["wild"]
    (line,) = wild.findall(f"{NS}polyline")
    left, top, right, bottom = frame(root)
    assert len(points(line)) == 3
    centre = ((left + right) / 2, (top + bottom) / 2)
    expected = [(left, bottom), centre, (right, top)]  # cut at the corners (−1, −1) and (1, 1)
    assert [p == pytest.approx(e, abs=0.01) for p, e in zip(points(line), expected)] == [True] * 3
    (dot,) = wild.findall(f"{NS}circle")  # on the one iterate inside, (0, 0): none where steps are cut
    assert (float(dot.get("cx")), float(dot.get("cy"))) == (
        pytest.approx(centre[0], abs=0.01),
        pytest.approx(centre[1], abs=0.01),
    )
    assert wild.findall(f"{NS}rect") == []  # and no end square: both lie outside the box
    (data,) = by_class(root, "data")
    clip_path = root.find(f"{NS}defs/{NS}clipPath")
    assert clip_path.get("id").startswith("plot-area-")  # unique to this picture: see picture.unique_ids
    assert data.get("clip-path") == f"url(#{clip_path.get('id')})"
    assert series(root)["wild"] in list(data)  # the path is inside the clipped group
    clip = clip_path.find(f"{NS}rect")
    left, top, right, bottom = frame(root)
    assert (float(clip.get("x")), float(clip.get("y"))) == (left, top)
    assert (float(clip.get("width")), float(clip.get("height"))) == (right - left, bottom - top)


def test_default_levels_are_geometric_and_log_levels_false_makes_them_even():
    def f(a, b):
        return a * a + 4 * b * b + 1

    m, M = 1.0, 1 + 4 + 16  # the grid holds (0, 0) and the corner (±2, ±2)
    root = parse(plot.contour(f, xlim=(-2, 2), ylim=(-2, 2), grid=41, levels=6))
    shown = [float(g.find(f"{NS}title").text.removeprefix("f = ")) for g in by_class(root, "contour")]
    assert shown == pytest.approx(geometric_levels(m, M, 6), rel=5e-3)  # titles have 3 digits
    root = parse(plot.contour(f, xlim=(-2, 2), ylim=(-2, 2), grid=41, levels=4, log_levels=False))
    shown = [float(g.find(f"{NS}title").text.removeprefix("f = ")) for g in by_class(root, "contour")]
    assert shown == pytest.approx([m + (M - m) * k / 5 for k in range(1, 5)], rel=5e-3)


def test_a_differentiable_is_drawn_like_the_same_function_of_two_floats():
    def rosenbrock(a, b):
        gap, valley = 1.0 - a, b - a * a
        return gap * gap + 100.0 * valley * valley

    common = {"xlim": (-2, 2), "ylim": (-1, 3), "grid": 40}
    assert plot.contour(Rosenbrock(), **common) == plot.contour(rosenbrock, **common)


def test_level_labels_name_their_levels():
    root = parse(plot.contour(lambda a, b: a * a + b * b, xlim=(-2, 2), ylim=(-2, 2), levels=[1.0, 2.0]))
    (labels,) = by_class(root, "contour-labels")
    assert {t.text for t in labels} == {"1", "2"}  # each drawn twice: a white halo, then the text


def test_contour_writes_its_file(tmp_path):
    target = tmp_path / "map.svg"
    svg = plot.contour(lambda a, b: a - b, path=target, xlim=(0, 1), ylim=(0, 1), levels=3, grid=4)
    assert target.read_text(encoding="utf-8") == svg


def test_contour_refuses_bad_input():
    def bowl(a, b):
        return a * a + b * b

    box = {"xlim": (-1, 1), "ylim": (-1, 1)}
    with pytest.raises(ParameterError, match="low < high"):
        plot.contour(bowl, xlim=(1, -1), ylim=(-1, 1))  # xlim reversed
    with pytest.raises(ParameterError, match="xlim must have 2 entries"):
        plot.contour(bowl, xlim=(1,), ylim=(-1, 1))  # xlim is not a pair
    with pytest.raises(ParameterError, match="levels must not be empty"):
        plot.contour(bowl, levels=[], **box)  # no level values
    with pytest.raises(ParameterError, match=r"levels\[0\] must be finite"):
        plot.contour(bowl, levels=[math.inf], **box)  # an infinite level
    with pytest.raises(ParameterError, match="grid must be at least 3"):
        plot.contour(bowl, grid=2, **box)  # too coarse
    with pytest.raises(ParameterError, match="levels must be a whole number"):
        plot.contour(bowl, levels=0, **box)  # no levels
    with pytest.raises(ParameterError, match="log_levels must be True or False"):
        plot.contour(bowl, log_levels="yes", **box)  # a flag
    with pytest.raises(ParameterError, match="f must be a function"):
        plot.contour(42, **box)  # not a function
    with pytest.raises(ParameterError, match="must be a finite number, got nan"):
        plot.contour(lambda a, b: math.nan, **box)  # f gives nan
    with pytest.raises(ParameterError, match="must hold \\(a, b\\) points, got 3"):
        plot.contour(bowl, {"p": [(0, 0, 0)]}, **box)  # 3-D points
    with pytest.raises(ParameterError, match="at most 6 paths"):
        plot.contour(bowl, {str(k): [(0, 0)] for k in range(7)}, **box)  # more paths than colours
    with pytest.raises(ParameterError, match="paths must map names"):
        plot.contour(bowl, [(0, 0)], **box)  # a list, not a mapping


# The loss surface of 1-D regression --------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=-10, max_value=10), st.floats(min_value=-100, max_value=100))
def test_regression_surface_is_the_mean_squared_error_of_the_line(w, b):
    x, y = galton_like(50)
    J = plot.regression_surface([[v] for v in x], y)
    by_hand = math.fsum((w * xi + b - yi) ** 2 for xi, yi in zip(x, y)) / len(x)
    assert J(w, b) == pytest.approx(by_hand, rel=1e-9, abs=1e-9)


def test_regression_surface_with_mae_and_a_flat_x():
    J = plot.regression_surface([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], loss="mae")
    assert J(2.0, 1.0) == pytest.approx(0.0, abs=1e-15)
    assert J(0.0, 0.0) == pytest.approx((1 + 3 + 5) / 3, rel=1e-15)
    assert J(1.0, 0.0) == pytest.approx((1 + 2 + 3) / 3, rel=1e-15)


def test_regression_surface_refuses_two_features():
    with pytest.raises(ParameterError, match="one feature"):
        plot.regression_surface([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0])  # two columns
