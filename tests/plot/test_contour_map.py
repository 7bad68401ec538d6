"""The contour maps read back with xml.etree: level lines, paths, clipping, the regression surface."""

from __future__ import annotations

import itertools
import math
import statistics

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
    h = (
        (x_ticks[-1][0] - x_ticks[0][0])
        / (x_ticks[-1][1] - x_ticks[0][1])
        * (frame(root)[2] - frame(root)[0])
    )
    h /= n - 1  # the grid's spacing in data units, over the widened box
    for group, r in zip(groups, (0.5, 1.0, 1.5)):
        pixels = [
            p for line in group.findall(f"{NS}polyline") for p in points(line)
        ]  # pieces: gaps for labels
        tolerance = 1.1 * h * h / (8 * r) + 0.01 * per_pixel(x_ticks)  # interpolation + 2-decimal pixels
        for px, py in pixels:
            assert math.hypot(to_data(px, x_ticks), to_data(py, y_ticks)) == pytest.approx(r, abs=tolerance)


def test_a_round_bowl_is_drawn_round():
    # equal scales: a circle is as wide as it is tall in pixels, though the box is wider than tall
    root = parse(
        plot.contour(lambda a, b: a * a + b * b, xlim=(-3, 3), ylim=(-1, 1), levels=[0.81], grid=101)
    )
    (group,) = by_class(root, "contour")
    pixels = [p for line in group.findall(f"{NS}polyline") for p in points(line)]
    width = max(x for x, _ in pixels) - min(x for x, _ in pixels)
    height = max(y for _, y in pixels) - min(y for _, y in pixels)
    assert width == pytest.approx(height, rel=0.01)
    assert per_pixel(ticks(root, "x")) == pytest.approx(per_pixel(ticks(root, "y")), rel=1e-3)
    assert not by_class(root, "chart-note")  # nothing to explain
    # the same box with equal_scales=False: an ellipse three times as wide, and a note that says so
    root = parse(
        plot.contour(
            lambda a, b: a * a + b * b,
            xlim=(-3, 3),
            ylim=(-1, 1),
            levels=[0.81],
            grid=101,
            equal_scales=False,
        )
    )
    (group,) = by_class(root, "contour")
    pixels = [p for line in group.findall(f"{NS}polyline") for p in points(line)]
    width = max(x for x, _ in pixels) - min(x for x, _ in pixels)
    height = max(y for _, y in pixels) - min(y for _, y in pixels)
    ratio = per_pixel(ticks(root, "x")) / per_pixel(ticks(root, "y"))  # pixels per unit up / across
    assert height / width == pytest.approx(ratio, rel=0.01)
    assert ratio > 1.5
    note = " ".join(t.text for t in by_class(root, "chart-note"))
    assert note.startswith("Unequal scales: a unit of θ₂ is drawn") and "as long as a unit of θ₁" in note


def test_equal_scales_widen_the_narrower_range_about_its_centre():
    root = parse(plot.contour(lambda a, b: a + b, xlim=(-1.3, 2.1), ylim=(0.2, 0.9), levels=2, grid=5))
    left, top, right, bottom = frame(root)
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    y_lo, y_hi = to_data(bottom, y_ticks), to_data(top, y_ticks)
    x_lo, x_hi = to_data(left, x_ticks), to_data(right, x_ticks)
    assert (x_lo, x_hi) == (
        pytest.approx(-1.3, abs=1e-4),
        pytest.approx(2.1, abs=1e-4),
    )  # the wider one stays
    assert (y_lo + y_hi) / 2 == pytest.approx(0.55, abs=1e-4)  # the other keeps its centre
    assert (y_hi - y_lo) / (bottom - top) == pytest.approx((x_hi - x_lo) / (right - left), rel=1e-3)


def test_contour_axes_span_exactly_the_box_without_equal_scales():
    root = parse(
        plot.contour(
            lambda a, b: a + b, xlim=(-1.3, 2.1), ylim=(0.2, 0.9), levels=2, grid=5, equal_scales=False
        )
    )
    left, top, right, bottom = frame(root)
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    assert to_data(left, x_ticks) == pytest.approx(-1.3, abs=1e-4)
    assert to_data(right, x_ticks) == pytest.approx(2.1, abs=1e-4)
    assert to_data(bottom, y_ticks) == pytest.approx(0.2, abs=1e-4)
    assert to_data(top, y_ticks) == pytest.approx(0.9, abs=1e-4)


def test_paths_are_drawn_point_for_point_with_start_and_end_marked_in_their_colour():
    walk = [(1.5, 1.5), (1.0, 0.8), (0.6, 0.5), (0.2, 0.1), (0.05, 0.02)]
    root = parse(plot.contour(lambda a, b: a * a + b * b, {"GD, η = 0.25": walk}, xlim=(-2, 2), ylim=(-2, 2)))
    assert legend_names(root) == ["GD, η = 0.25", "start", "end"]  # f is a lambda: no minimum known
    drawn = series(root)
    assert list(drawn) == ["GD, η = 0.25", "start", "end"]  # the markers after (above) the path
    group = drawn["GD, η = 0.25"]
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    line = group.find(f"{NS}polyline")
    pixels = points(line)
    assert len(pixels) == len(walk)
    for (px, py), (a, b) in zip(pixels, walk):
        assert (to_data(px, x_ticks), to_data(py, y_ticks)) == (
            pytest.approx(a, abs=1e-3),
            pytest.approx(b, abs=1e-3),
        )
    color = line.get("stroke")
    (start,) = drawn["start"].findall(f"{NS}circle")
    assert (float(start.get("cx")), float(start.get("cy"))) == pixels[0]
    (end,) = drawn["end"].findall(f"{NS}rect")
    half = float(end.get("width")) / 2
    assert float(end.get("x")) + half == pytest.approx(pixels[-1][0], abs=0.01)  # a square centred on it
    assert float(end.get("y")) + half == pytest.approx(pixels[-1][1], abs=0.01)
    assert start.get("stroke") == end.get("fill") == color  # in the path's colour …
    samples = {e.find(f"{NS}text").text: e for e in by_class(root, "legend-entry")}
    assert samples["start"].find(f"{NS}circle").get("stroke") == color  # … as the legend shows them
    assert samples["end"].find(f"{NS}rect").get("fill") == color


def test_several_paths_have_distinct_dashes_and_nested_markers():
    walks = {"a": [(1.0, 1.0), (0.0, 0.0)], "b": [(1.0, 1.0), (0.1, 0.0)], "c": [(1.0, 1.0), (0.0, 0.1)]}
    root = parse(plot.contour(lambda a, b: a * a + b * b, walks, xlim=(-2, 2), ylim=(-2, 2), levels=[1.0]))
    drawn = series(root)
    lines = [drawn[name].find(f"{NS}polyline") for name in walks]
    assert len({line.get("stroke") for line in lines}) == 3
    assert [line.get("stroke-dasharray") is None for line in lines] == [True, False, False]
    assert len({line.get("stroke-dasharray") for line in lines}) == 3
    radii = [float(c.get("r")) for c in drawn["start"].findall(f"{NS}circle")]  # one point, three rings
    assert radii == sorted(radii, reverse=True) and len(set(radii)) == 3
    assert "drawn in its colour" in " ".join(t.text for t in by_class(root, "chart-note"))


def test_a_path_on_top_of_another_is_named_in_the_legend():
    walk = [(1.5, 1.5), (1.0, 0.8), (0.6, 0.5), (0.2, 0.1)]
    shifted = [(a + 1e-4, b) for a, b in walk]  # far less than a pixel away
    root = parse(
        plot.contour(
            lambda a, b: a * a + b * b, {"first": walk, "second": shifted}, xlim=(-2, 2), ylim=(-2, 2)
        )
    )
    notes = {
        e.find(f"{NS}text").text: [t.text for t in e.findall(f"{NS}text")[1:]]
        for e in by_class(root, "legend-entry")
    }
    assert " ".join(notes["first"]) == "coincides with second to within a pixel"
    assert notes["second"] == []  # the one on top is not hidden
    apart = [(a + 0.5, b) for a, b in walk]
    root = parse(
        plot.contour(lambda a, b: a * a + b * b, {"first": walk, "second": apart}, xlim=(-2, 2), ylim=(-2, 2))
    )
    assert not by_class(root, "legend-note")


def test_the_minimum_is_marked_where_it_is_known():
    def bowl(a, b):
        return (a - 0.5) ** 2 + (b + 0.25) ** 2

    root = parse(plot.contour(bowl, xlim=(-2, 2), ylim=(-2, 2), levels=[1.0], minimum=(0.5, -0.25)))
    assert legend_names(root) == ["minimum (0.5, −0.25)"]
    (cross,) = series(root)["minimum (0.5, −0.25)"].findall(f"{NS}path")
    ends = [float(v) for v in cross.get("d").replace("M", " ").replace("L", " ").replace(",", " ").split()]
    centre = (sum(ends[0::2]) / 4, sum(ends[1::2]) / 4)
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    assert (to_data(centre[0], x_ticks), to_data(centre[1], y_ticks)) == (
        pytest.approx(0.5, abs=0.01),
        pytest.approx(-0.25, abs=0.01),
    )
    # Rosenbrock knows its minimum, (a, a²): marked without being told
    assert legend_names(parse(plot.contour(Rosenbrock(a=2.0), xlim=(0, 3), ylim=(2, 6), grid=20))) == [
        "minimum (2, 4)"
    ]
    assert legend_names(parse(plot.contour(bowl, xlim=(-2, 2), ylim=(-2, 2), grid=20))) == []  # unknown


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
    root = parse(
        plot.contour(
            lambda a, b: a * a + b * b, {"wild": far_walk}, xlim=(-1, 1), ylim=(-1, 1), equal_scales=False
        )
    )
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
    assert list(series(root)["start"]) + list(series(root)["end"]) == [
        series(root)["start"][0],
        series(root)["end"][0],
    ]  # no marker: the start and the end both lie outside the box (only the <title>s)
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

    m, M = 1.0, 1 + 4 + 16  # the grid holds (0, 0) and the corner (±2, ±2): the box as given
    box = {"xlim": (-2, 2), "ylim": (-2, 2), "grid": 41, "equal_scales": False}
    root = parse(plot.contour(f, **box, levels=6))
    shown = [float(g.find(f"{NS}title").text.removeprefix("f = ")) for g in by_class(root, "contour")]
    assert shown == pytest.approx(geometric_levels(m, M, 6), rel=5e-3)  # titles have 3 digits
    root = parse(plot.contour(f, **box, levels=4, log_levels=False))
    shown = [float(g.find(f"{NS}title").text.removeprefix("f = ")) for g in by_class(root, "contour")]
    assert shown == pytest.approx([m + (M - m) * k / 5 for k in range(1, 5)], rel=5e-3)


def test_a_differentiable_is_drawn_like_the_same_function_of_two_floats():
    def rosenbrock(a, b):
        gap, valley = 1.0 - a, b - a * a
        return gap * gap + 100.0 * valley * valley

    common = {"xlim": (-2, 2), "ylim": (-1, 3), "grid": 40}
    # Rosenbrock knows its minimum, (1, 1), and marks it; the plain function is told
    assert plot.contour(Rosenbrock(), **common) == plot.contour(rosenbrock, **common, minimum=(1, 1))


def test_level_labels_name_their_levels_in_gaps_of_the_lines():
    walk = [(-1.9, 0.0), (0.0, 0.0), (0.0, 1.9)]
    root = parse(
        plot.contour(
            lambda a, b: a * a + b * b, {"p": walk}, xlim=(-2, 2), ylim=(-2, 2), levels=[1.0, 2.0, 3.0]
        )
    )
    (labels,) = by_class(root, "contour-labels")
    assert sorted(t.text for t in labels) == ["1", "2", "3"]  # one text each
    lines = [points(line) for group in by_class(root, "contour") for line in group.findall(f"{NS}polyline")]
    path = points(series(root)["p"].find(f"{NS}polyline"))
    for text in labels:
        x, y = float(text.get("x")), float(text.get("y")) - 3.5  # the centre of its box
        half = len(text.text) * 0.55 * 10 / 2  # the text's estimated half width at 10 px
        for line in lines:  # no contour line inside the label's box: it was cut
            for p, q in itertools.pairwise(line):
                for k in range(21):
                    px, py = p[0] + (q[0] - p[0]) * k / 20, p[1] + (q[1] - p[1]) * k / 20
                    assert not (abs(px - x) < half and abs(py - y) < 6), (text.text, px, py)
        assert (
            min(distance_to_segment((x, y), p, q) for p, q in itertools.pairwise(path)) >= 12
        )  # off the path


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
    with pytest.raises(ParameterError, match="equal_scales must be True or False"):
        plot.contour(bowl, equal_scales=None, **box)  # a flag
    with pytest.raises(ParameterError, match="minimum must have 2 entries"):
        plot.contour(bowl, minimum=(0, 0, 0), **box)  # a point of 3 coordinates


# The loss surface of 1-D regression --------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=-10, max_value=10), st.floats(min_value=-100, max_value=100))
def test_regression_surface_is_the_mean_squared_error_of_the_line(w, b):
    x, y = galton_like(50)
    J = plot.regression_surface([[v] for v in x], y)
    by_hand = math.fsum((w * xi + b - yi) ** 2 for xi, yi in zip(x, y)) / len(x)
    assert J(w, b) == pytest.approx(by_hand, rel=1e-9, abs=1e-9)


def test_regression_surface_knows_its_minimum_for_mse_only():
    x, y = galton_like(200)
    slope, intercept = statistics.linear_regression(x, y)  # an independent least-squares line
    J = plot.regression_surface(x, y)
    assert J.minimizer == [pytest.approx(slope, rel=1e-12), pytest.approx(intercept, rel=1e-12)]
    assert J(*J.minimizer) <= min(
        J(slope + dw, intercept + db) for dw in (-1e-3, 1e-3) for db in (-1e-3, 1e-3)
    )
    assert plot.regression_surface(x, y, loss="mae").minimizer is None  # no closed form
    assert plot.regression_surface([2.0, 2.0], [1.0, 3.0]).minimizer is None  # flat x: a line of minima
    assert "minimum (" in " ".join(legend_names(parse(plot.contour(J, xlim=(0, 1), ylim=(20, 30), grid=10))))


def test_regression_surface_with_mae_and_a_flat_x():
    J = plot.regression_surface([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], loss="mae")
    assert J(2.0, 1.0) == pytest.approx(0.0, abs=1e-15)
    assert J(0.0, 0.0) == pytest.approx((1 + 3 + 5) / 3, rel=1e-15)
    assert J(1.0, 0.0) == pytest.approx((1 + 2 + 3) / 3, rel=1e-15)


def test_regression_surface_refuses_two_features():
    with pytest.raises(ParameterError, match="one feature"):
        plot.regression_surface([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0])  # two columns
