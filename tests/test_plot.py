"""The SVG charts read back with xml.etree: structure, point counts, the data recovered from the pixels."""

from __future__ import annotations

import itertools
import math
import random
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import plot
from gdlearn.contours import levels as geometric_levels
from gdlearn.errors import DataError, ParameterError
from gdlearn.functions import Rosenbrock
from gdlearn.geometry import clip_path, thin_line
from gdlearn.models import LinearModel

NS = "{http://www.w3.org/2000/svg}"


# Reading a chart back ------------------------------------------------------


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{NS}svg"
    assert root.get("version") == "1.1"
    return root


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == name]


def frame(root: ET.Element) -> tuple[float, float, float, float]:
    """left, top, right, bottom of the plot area."""
    (rect,) = by_class(root, "frame")
    x, y, w, h = (float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
    return x, y, x + w, y + h


def ticks(root: ET.Element, axis: str) -> list[tuple[float, float]]:
    """(value, pixel) for each labelled tick: the label's number and the tick line just before it."""
    (group,) = by_class(root, f"{axis}-axis")
    pairs, last_line = [], None
    for element in group:
        if element.tag == f"{NS}line":
            last_line = element
        elif element.get("class") == "tick-label":
            assert last_line is not None
            value = float(element.text.replace("−", "-"))
            pixel = float(last_line.get("x1" if axis == "x" else "y1"))
            pairs.append((value, pixel))
    return pairs


def to_data(pixel: float, pairs: list[tuple[float, float]], log: bool = False) -> float:
    """Invert the axis mapping from two of its ticks (linear in the value, or in log₁₀ of it)."""
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    if log:
        return 10 ** (math.log10(v0) + (pixel - p0) * (math.log10(v1) - math.log10(v0)) / (p1 - p0))
    return v0 + (pixel - p0) * (v1 - v0) / (p1 - p0)


def per_pixel(pairs: list[tuple[float, float]]) -> float:
    """Data units per pixel on a linear axis."""
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    return abs((v1 - v0) / (p1 - p0))


def points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in polyline.get("points", "").split())]


def series(root: ET.Element) -> dict[str, ET.Element]:
    return {group.find(f"{NS}title").text: group for group in by_class(root, "series")}


def legend_names(root: ET.Element) -> list[str]:
    return [entry.find(f"{NS}text").text for entry in by_class(root, "legend-entry")]


def inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    return left <= point[0] <= right and top <= point[1] <= bottom


# Loss curves -----------------------------------------------------------------


def test_loss_curves_draw_every_point_where_the_ticks_say():
    batch = [10.0 * 0.8**k for k in range(30)]
    epoch = ([0, 10, 20, 29], [10.0, 1.2, 0.3, 0.02])
    root = parse(plot.loss_curves({"batch": batch, "per epoch": epoch}, title="Two runs"))
    assert root.find(f"{NS}title").text == "Two runs"
    assert [t.text for t in by_class(root, "title")] == ["Two runs"]
    assert legend_names(root) == ["batch", "per epoch"]
    assert [t.text for t in by_class(root, "axis-label")] == ["iteration", "loss"]
    drawn = series(root)
    assert list(drawn) == ["batch", "per epoch"]
    box = frame(root)
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    dx, dy = per_pixel(x_ticks), per_pixel(y_ticks)
    for name, (xs, ys) in {"batch": (range(30), batch), "per epoch": epoch}.items():
        pixels = points(drawn[name].find(f"{NS}polyline"))
        assert len(pixels) == len(ys)  # one point per data point
        assert len(drawn[name].findall(f"{NS}circle")) == len(ys)  # short curves get dots
        for (px, py), x, y in zip(pixels, xs, ys):
            assert inside((px, py), box)
            assert to_data(px, x_ticks) == pytest.approx(x, abs=0.01 * dx)  # coordinates have 2 decimals
            assert to_data(py, y_ticks) == pytest.approx(y, abs=0.01 * dy)


def test_axis_ranges_cover_the_data_with_round_ticks_inside():
    ys = [3.7, 1.9, 0.4]
    root = parse(plot.loss_curves(ys))
    _, top, _, bottom = frame(root)
    y_ticks = ticks(root, "y")
    assert to_data(bottom, y_ticks) < min(ys) and to_data(top, y_ticks) > max(ys)  # 3 % margin
    assert [value for value, _ in y_ticks] == pytest.approx([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5], abs=1e-12)
    assert [value for value, _ in ticks(root, "x")] == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0], abs=1e-12)
    assert series(root)  # a bare list is one series, with no legend
    assert legend_names(root) == []


def test_log_scale_has_powers_of_ten_and_maps_log10_linearly():
    ys = [1000.0 * 10 ** (-k / 4) for k in range(25)]  # 1000 down to 0.001
    root = parse(plot.loss_curves({"run": ys}, log=True))
    y_ticks = ticks(root, "y")
    assert [label for label, _ in y_ticks] == pytest.approx([0.001, 0.01, 0.1, 1, 10, 100, 1000], rel=1e-12)
    pixels = points(series(root)["run"].find(f"{NS}polyline"))
    decades_per_pixel = per_pixel([(math.log10(v), p) for v, p in y_ticks])
    tolerance = 10 ** (0.01 * decades_per_pixel) - 1  # pixels are written to 2 decimals
    for (_, py), y in zip(pixels, ys):
        assert to_data(py, y_ticks, log=True) == pytest.approx(y, rel=tolerance)
    gaps = [b - a for (_, a), (_, b) in itertools.pairwise(y_ticks)]
    assert max(gaps) - min(gaps) < 0.02  # decades evenly spaced (to the 2-decimal rounding)
    assert by_class(root, "axis-label")[1].text == "loss (log scale)"


def test_a_long_history_is_thinned_keeping_its_extremes():
    rng = random.Random(3)
    ys = [math.exp(-k / 20000) * (1 + rng.random()) for k in range(100_000)]
    ys[56_789] = 5.0  # one spike, which must survive
    root = parse(plot.loss_curves({"stochastic": ys}))
    left, _, right, _ = frame(root)
    pixels = points(series(root)["stochastic"].find(f"{NS}polyline"))
    columns = math.ceil(right - left) + 1
    assert columns <= len(pixels) <= 4 * columns  # at most first, lowest, highest, last per pixel column
    y_ticks = ticks(root, "y")
    assert to_data(min(py for _, py in pixels), y_ticks) == pytest.approx(5.0, abs=0.01 * per_pixel(y_ticks))
    assert to_data(max(py for _, py in pixels), y_ticks) == pytest.approx(
        min(ys), abs=0.01 * per_pixel(y_ticks)
    )
    assert not series(root)["stochastic"].findall(f"{NS}circle")  # no dots on long curves


def test_thin_line_keeps_lines_with_few_points_per_column():
    line = [(k * 0.5, math.sin(k)) for k in range(200)]  # 2 points per pixel column
    assert thin_line(line) == line


def test_text_is_escaped_and_the_file_is_written(tmp_path):
    target = tmp_path / "loss.svg"
    svg = plot.loss_curves({"<b> & 'c'": [2.0, 1.0]}, target, title='Loss of "x" < 1 & y')
    assert target.read_text(encoding="utf-8") == svg
    root = parse(svg)
    assert root.find(f"{NS}title").text == 'Loss of "x" < 1 & y'
    assert legend_names(root) == ["<b> & 'c'"]


def test_loss_curves_refuse_bad_input():
    with pytest.raises(ParameterError, match=r"y\[2\] = 0\.0; use log=False"):
        plot.loss_curves({"a": [2.0, 1.0, 0.0]}, log=True)  # a log scale cannot show 0
    with pytest.raises(ParameterError, match="must be finite, got nan"):
        plot.loss_curves([1.0, math.nan])  # nan
    with pytest.raises(ParameterError, match="at most 8 curves"):
        plot.loss_curves({str(k): [1.0] for k in range(9)})  # more curves than colours
    with pytest.raises(ParameterError, match="log must be True or False"):
        plot.loss_curves([1.0], log=1)  # log is a flag


# Scatter with fitted lines -----------------------------------------------------------


def galton_like(n: int = 928) -> tuple[list[float], list[float]]:
    rng = random.Random(1885)
    x = [round(rng.gauss(68.3, 1.8) * 2) / 2 for _ in range(n)]  # heights to the half inch, like Galton's
    y = [round((23.9 + 0.65 * xi + rng.gauss(0, 2.2)) * 10) / 10 for xi in x]
    return x, y


def test_scatter_fit_draws_every_point_and_the_lines_through_their_equations():
    x, y = galton_like()
    model = LinearModel(1, theta=[0.646, 23.9])
    root = parse(plot.scatter_fit([[v] for v in x], y, {"GD": (0.7, 20.5), "least squares": model}))
    assert legend_names(root) == [
        "data (928 points)",
        "GD: y = 0.7·x + 20.5",
        "least squares: y = 0.646·x + 23.9",
    ]
    drawn = series(root)
    dots = drawn["data (928 points)"].findall(f"{NS}circle")
    assert len(dots) == 928
    x_ticks, y_ticks = ticks(root, "x"), ticks(root, "y")
    box = frame(root)
    recovered = sorted(
        (to_data(float(c.get("cx")), x_ticks), to_data(float(c.get("cy")), y_ticks)) for c in dots
    )
    for (rx, ry), (dx, dy) in zip(recovered, sorted(zip(x, y))):
        assert (rx, ry) == (pytest.approx(dx, abs=0.01), pytest.approx(dy, abs=0.01))
    assert all(inside((float(c.get("cx")), float(c.get("cy"))), box) for c in dots)
    for name, (w, b) in {"GD": (0.7, 20.5), "least squares": (0.646, 23.9)}.items():
        ends = points(drawn[name].find(f"{NS}polyline"))
        assert len(ends) == 2
        for px, py in ends:  # each end is on y = w·x + b, and on the frame
            assert to_data(py, y_ticks) == pytest.approx(w * to_data(px, x_ticks) + b, abs=0.01)
            assert min(abs(px - box[0]), abs(py - box[1]), abs(px - box[2]), abs(py - box[3])) < 0.01


def test_a_fitted_line_is_cut_to_the_plot_area():
    root = parse(plot.scatter_fit([0, 1, 2], [0, 1, 2], {"steep": (1e6, 0.0), "away": (0.0, 1e9)}))
    box = frame(root)
    steep = points(series(root)["steep"].find(f"{NS}polyline"))
    assert all(inside(p, (box[0] - 0.01, box[1] - 0.01, box[2] + 0.01, box[3] + 0.01)) for p in steep)
    assert series(root)["away"].find(f"{NS}polyline") is None  # y = 10⁹ misses the chart: nothing drawn


def test_scatter_fit_accepts_a_flat_x_and_a_negative_intercept():
    root = parse(plot.scatter_fit([1, 2, 3], [2, 4, 7], {"fit": (2.5, -0.67)}, x_label="x", y_label="y"))
    assert legend_names(root)[1] == "fit: y = 2.5·x − 0.67"
    root = parse(plot.scatter_fit([1, 2, 3], [2, 4, 7], {}))  # no lines: just the data
    assert legend_names(root) == ["data (3 points)"]


def test_scatter_fit_refuses_bad_input():
    with pytest.raises(DataError, match="3 values but y has 2"):
        plot.scatter_fit([1, 2, 3], [1, 2], {})  # x and y differ in length
    with pytest.raises(ParameterError, match="one feature"):
        plot.scatter_fit([[1, 2], [3, 4]], [1, 2], {})  # two features
    with pytest.raises(ParameterError, match="line 'm' must have one feature, got 2"):
        plot.scatter_fit([1, 2], [1, 2], {"m": LinearModel(2)})  # a model of two features
    with pytest.raises(ParameterError, match=r"must be \(slope, intercept\)"):
        plot.scatter_fit([1, 2], [1, 2], {"m": (1.0, 2.0, 3.0)})  # three numbers
    with pytest.raises(ParameterError, match="lines must map names"):
        plot.scatter_fit([1, 2], [1, 2], [(1.0, 2.0)])  # not a mapping
    with pytest.raises(DataError, match=r"y\[1\] must be finite"):
        plot.scatter_fit([1, 2], [1, math.inf], {})  # inf in the data


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
    assert data.get("clip-path") == "url(#plot-area)"
    assert series(root)["wild"] in list(data)  # the path is inside the clipped group
    clip = root.find(f"{NS}defs/{NS}clipPath/{NS}rect")
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
