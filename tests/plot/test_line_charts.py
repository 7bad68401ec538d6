"""The line charts read back with xml.etree: structure, point counts, the data recovered from the pixels."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from svg_reading import (
    NS,
    by_class,
    frame,
    galton_like,
    inside,
    legend_names,
    parse,
    per_pixel,
    points,
    series,
    ticks,
    to_data,
)

from gdlearn import plot
from gdlearn.errors import DataError, ParameterError
from gdlearn.models import LinearModel
from gdlearn.plot.geometry import thin_line
from gdlearn.plot.line_charts import MARKS


def markers(group):
    """The marker elements of a series: everything but its line and its title."""
    return [e for e in group if e.tag not in (f"{NS}polyline", f"{NS}title")]


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
        assert len(markers(drawn[name])) == len(ys)  # short curves get a marker on every point
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
    assert len(markers(series(root)["stochastic"])) == MARKS  # a few markers on a long curve


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


def test_each_curve_has_its_own_colour_dash_and_marker():
    curves = {name: [10.0 - k - i for k in range(5)] for i, name in enumerate("abcd")}
    root = parse(plot.loss_curves(curves))
    drawn = series(root)
    lines = [drawn[name].find(f"{NS}polyline") for name in "abcd"]
    assert lines[0].get("stroke-dasharray") is None  # the first solid, the rest dashed
    assert len({line.get("stroke-dasharray") for line in lines}) == 4
    assert len({line.get("stroke") for line in lines}) == 4
    shapes = [(markers(drawn[n])[0].tag, markers(drawn[n])[0].get("fill")) for n in "abcd"]
    assert len({tag for tag, _ in shapes}) >= 3  # circle, rect, polygon, polygon: and all four colours
    assert [e.find(f"{NS}line").get("stroke-dasharray") for e in by_class(root, "legend-entry")] == [
        line.get("stroke-dasharray") for line in lines
    ]  # the legend shows each curve's dash


def test_a_curve_hidden_under_another_is_named_in_the_legend():
    ys = [100.0 * 0.7**k for k in range(80)]
    epochs = ([0, 20, 40, 60, 79], [ys[0], ys[20], ys[40], ys[60], ys[79]])  # on the same curve
    root = parse(plot.loss_curves({"every step": ys, "a copy": ys}, log=True))
    notes = {
        e.find(f"{NS}text").text: [t.text for t in e.findall(f"{NS}text")[1:]]
        for e in by_class(root, "legend-entry")
    }
    assert " ".join(notes["every step"]) == "coincides with a copy to within a pixel"
    assert notes["a copy"] == []  # of two that coincide, the one drawn first says so
    root = parse(plot.loss_curves({"every step": ys, "every 20th": epochs}))  # linear: the curve bends
    notes = {
        e.find(f"{NS}text").text: [t.text for t in e.findall(f"{NS}text")[1:]]
        for e in by_class(root, "legend-entry")
    }
    assert notes["every step"] == []  # the chords of a curved line leave it by more than a pixel
    root = parse(
        plot.loss_curves({"decays": ys, "noisy": [y * (1.5 if k % 2 else 0.7) for k, y in enumerate(ys)]})
    )
    assert not by_class(root, "legend-note")


def test_a_floor_lifts_the_values_below_it_and_is_labelled():
    ys = [1.0, 1e-3, 1e-9, 0.0, 0.0]  # a loss that reaches its minimum: 0 has no place on a log axis
    root = parse(plot.loss_curves({"run": ys}, log=True, floor=1e-6))
    y_ticks = ticks(root, "y")
    pixels = points(series(root)["run"].find(f"{NS}polyline"))
    shown = [to_data(py, y_ticks, log=True) for _, py in pixels]
    assert shown == pytest.approx([1.0, 1e-3, 1e-6, 1e-6, 1e-6], rel=1e-3)
    (floor,) = by_class(root, "floor")
    (line,) = floor.findall(f"{NS}line")
    assert to_data(float(line.get("y1")), y_ticks, log=True) == pytest.approx(1e-6, rel=1e-3)
    assert [t.text for t in floor.findall(f"{NS}text")] == ["values below 1e−6 are drawn at 1e−6"]
    root = parse(plot.loss_curves({"run": [1.0, 0.1]}, log=True, floor=1e-6))
    assert by_class(root, "floor") == []  # nothing was lifted: nothing to say
    with pytest.raises(ParameterError, match="floor must be a positive finite number"):
        plot.loss_curves({"run": ys}, log=True, floor=0.0)  # a floor of 0 cannot be drawn on a log scale


def test_x_log_draws_runs_of_very_different_lengths():
    short, long = [10.0 / k for k in range(1, 11)], [10.0 / k**0.5 for k in range(1, 10001)]
    root = parse(
        plot.loss_curves(
            {"short": (list(range(1, 11)), short), "long": (list(range(1, 10001)), long)}, x_log=True
        )
    )
    x_ticks = ticks(root, "x")
    assert [v for v, _ in x_ticks] == pytest.approx([1, 10, 100, 1000, 10000], rel=1e-12)
    left, _, right, _ = frame(root)
    pixels = points(series(root)["short"].find(f"{NS}polyline"))
    assert pixels[-1][0] - pixels[0][0] == pytest.approx(
        (right - left) / 4 / 1.06, rel=0.01
    )  # a decade of four
    assert by_class(root, "axis-label")[0].text == "iteration (log scale)"
    with pytest.raises(ParameterError, match=r"x\[0\] = 0\.0; use x_log=False"):
        plot.loss_curves([1.0, 0.5], x_log=True)  # x = 0, 1: the first step cannot sit on a log axis


# Scatter with fitted lines -----------------------------------------------------------


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
        ends = points(drawn[f"{name}: y = {w:g}·x + {b:g}"].find(f"{NS}polyline"))
        assert len(ends) == 2
        for px, py in ends:  # each end is on y = w·x + b, and on the frame
            assert to_data(py, y_ticks) == pytest.approx(w * to_data(px, x_ticks) + b, abs=0.01)
            assert min(abs(px - box[0]), abs(py - box[1]), abs(px - box[2]), abs(py - box[3])) < 0.01


def test_a_fitted_line_is_cut_to_the_plot_area():
    root = parse(plot.scatter_fit([0, 1, 2], [0, 1, 2], {"steep": (1e6, 0.0), "away": (0.0, 1e9)}))
    box = frame(root)
    steep = points(series(root)["steep: y = 1e6·x + 0"].find(f"{NS}polyline"))
    assert all(inside(p, (box[0] - 0.01, box[1] - 0.01, box[2] + 0.01, box[3] + 0.01)) for p in steep)
    assert series(root)["away: y = 0·x + 1e9"].find(f"{NS}polyline") is None  # y = 10⁹ misses: nothing drawn


def test_lines_that_coincide_are_told_apart_and_named():
    x, y = galton_like()
    lines = {"least squares": (0.646, 23.9), "gradient descent": (0.6461, 23.89)}
    root = parse(plot.scatter_fit(x, y, lines))
    drawn = series(root)
    under, over = (drawn[name].find(f"{NS}polyline") for name in legend_names(root)[1:])
    assert under.get("stroke-dasharray") is None and over.get("stroke-dasharray") is not None  # dashed on top
    note = " ".join(t.text for t in by_class(root, "legend-note"))  # wrapped to the legend's width
    assert note == "coincides with gradient descent to within a pixel"
    root = parse(plot.scatter_fit(x, y, {"least squares": (0.646, 23.9), "steeper": (0.9, 6.5)}))
    assert not by_class(root, "legend-note")


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


def test_a_title_that_is_not_text_is_refused_by_name() -> None:
    run = __import__("gdlearn").fit([[0.0], [1.0]], [1.0, 3.0], learning_rate=0.1, epochs=3)
    with pytest.raises(ParameterError, match="title must be text \\(a str\\), got 5"):
        run.plot(title=5)  # type: ignore[arg-type]


def test_names_with_characters_xml_cannot_hold_still_give_a_document() -> None:
    # control characters and a lone surrogate in a name or a title: the SVG did not parse, or
    # encoding it raised a UnicodeEncodeError (a QA pass)
    import xml.etree.ElementTree as ET

    import gdlearn

    pictures = [
        plot.loss_curves({"a\x00b\x1b": [3.0, 2.0]}),
        plot.loss_curves([3.0, 2.0], title="a\x0cb"),
        plot.loss_curves({"a\ud800": [3.0, 2.0]}),
        plot.scatter_fit([1.0, 2.0], [2.0, 3.0], {"a\x01": LinearModel(1, theta=[1.0, 0.0])}),
        gdlearn.fit([[1.0], [2.0]], [1.0, 2.0], epochs=3).plot(title="a\x07"),
    ]
    for picture in pictures:
        root = ET.fromstring(str(picture).encode("utf-8"))
        assert any("\ufffd" in (element.text or "") for element in root.iter())  # shown as �


def test_losses_near_the_largest_float_are_drawn_on_a_log_axis() -> None:
    # a run on y = 1e153·x has losses near 1e306: its picture raised OverflowError (a QA pass)
    import gdlearn

    run = gdlearn.fit([[0.0], [1.0], [2.0], [3.0]], [1e153 * v for v in (1.0, 3.0, 5.0, 7.0)], epochs=3)
    tiny, huge = plot.loss_curves([5e-324, 1.0], log=True), plot.loss_curves([1e306, 1e307], log=True)
    for picture in (run.plot(), huge, tiny):
        text = str(picture)
        assert "nan" not in text and "inf" not in text
    assert "41%" in run.describe()  # not "inf%"
    from gdlearn.plot.axes import log_axis

    with pytest.raises(ParameterError, match="a log scale needs finite values, got inf"):
        log_axis(1.0, math.inf)  # (a series refuses inf before it comes to this)


def test_a_log_axis_down_to_the_least_float_holds_every_point() -> None:
    # the frame's padding floored the axis at 2.2e-308 (the least normal float): a loss of 5e-324
    # was drawn below the frame, clipped without a word
    import xml.etree.ElementTree as ET

    root = ET.fromstring(str(plot.loss_curves({"tiny": [5e-324, 1e-200, 1e-100, 1.0]}, log=True)))
    ns = "{http://www.w3.org/2000/svg}"
    area = next(root.iter(f"{ns}clipPath")).find(f"{ns}rect")
    assert area is not None
    top, bottom = float(area.get("y", "nan")), float(area.get("y", "nan")) + float(area.get("height", "nan"))
    line = next(g for g in root.iter(f"{ns}g") if g.get("class") == "series").find(f"{ns}polyline")
    assert line is not None
    ys = [float(pair.split(",")[1]) for pair in line.get("points", "").split()]
    assert len(ys) == 4 and all(top <= y <= bottom for y in ys), (top, bottom, ys)
