"""The basins picture read back: each cell's colour against a run written here, the shares, equal scales.

Independent answers: the symmetry of x⁴ − 2x² + y² (left half to (−1, 0),
right half to (1, 0), the line x = 0 into the saddle), and for Himmelblau's
function a plain loop θ ← θ − η∇f(θ) written in the test, whose end point's
nearest minimum must be the colour of the cell it started from.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from svg_reading import NS, legend_names, parse, per_pixel, points, series, ticks, to_data

from gdlearn import GradientDescent, ParameterError
from gdlearn.landscapes import Himmelblau, Saddle
from gdlearn.plot import basins
from gdlearn.plot.basins import DIVERGED, ELSEWHERE, TINTS

Rect = tuple[float, float, float, float, str]


def cells(root: Any) -> list[Rect]:
    """Every cell rectangle: the series of the basins (and of 'elsewhere', 'diverged') hold them."""
    return [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")), r.get("fill"))
        for name, group in series(root).items()
        if name.startswith(("basin of", "elsewhere", "diverged"))
        for r in group.iter(f"{NS}rect")
    ]


def colour_at(root: Any, x: float, y: float) -> str:
    """The fill of the cell under the data point (x, y)."""
    px = (x - to_data(0, ticks(root, "x"))) / per_pixel(ticks(root, "x"))
    py = -(y - to_data(0, ticks(root, "y"))) / per_pixel(ticks(root, "y"))
    # each rectangle is drawn half a pixel wider and taller than its cells, against hairline gaps
    (under,) = [r for r in cells(root) if r[0] <= px < r[0] + r[2] - 0.5 and r[1] <= py < r[1] + r[3] - 0.5]
    return under[4]


def test_the_saddle_splits_the_plane_in_two_along_x_equals_0() -> None:
    f = Saddle()
    n = 21  # the middle column of starts lies on x = 0 exactly: those runs walk into the saddle
    svg = basins(
        f,
        GradientDescent(0.05),
        f.minima,
        xlim=(-2, 2),
        ylim=(-1.5, 1.5),
        grid=n,
        iterations=400,
        saddles=f.saddles,
    )
    root = parse(svg)
    names = legend_names(root)
    assert names[:3] == [
        "basin of (−1, 0):  48%",
        "basin of (1, 0):  48%",
        "elsewhere:   5%",
    ]  # 10, 10, 1 of 21
    assert names[3:] == ["minimum", "saddle point"]
    assert colour_at(root, -1.0, 0.7) == TINTS[0] and colour_at(root, 1.0, -0.7) == TINTS[1]
    assert colour_at(root, 0.0, 1.0) == ELSEWHERE
    grey = [r for r in cells(root) if r[4] == ELSEWHERE]
    assert len({round(r[0], 1) for r in grey}) == 1  # one column


def test_himmelblau_cells_match_a_hand_written_descent() -> None:
    f, eta, iterations = Himmelblau(), 0.01, 300
    svg = basins(
        f, GradientDescent(eta), f.minima, xlim=(-5, 5), ylim=(-5, 5), grid=24, iterations=iterations
    )
    root = parse(svg)
    (x_lo, _), (x_hi, _) = ticks(root, "x")[0], ticks(root, "x")[-1]
    rng = random.Random(13)
    checked = 0
    for _ in range(40):
        # the cell's centre is the start its colour belongs to: snap a random point to the grid of centres
        left, top, right, bottom = _cell_box(root, rng.uniform(-5, 5), rng.uniform(-4, 4))
        a = to_data((left + right) / 2, ticks(root, "x"))
        b = to_data((top + bottom) / 2, ticks(root, "y"))
        colour = colour_at(root, a, b)
        for _ in range(iterations):  # θ ← θ − η∇f(θ), by hand
            g = f.gradient([a, b])
            a, b = a - eta * g[0], b - eta * g[1]
        nearest = min(range(4), key=lambda k: math.dist((a, b), f.minima[k]))
        if math.dist((a, b), f.minima[nearest]) < 1e-6:
            assert colour == TINTS[nearest], (a, b)
            checked += 1
    assert checked >= 35
    assert x_lo < x_hi


def _cell_box(root: Any, x: float, y: float) -> tuple[float, float, float, float]:
    """The pixel box of the grid cell under (x, y), from the grid's size (rows of equal cells)."""
    rects = cells(root)
    left = min(r[0] for r in rects)
    top = min(r[1] for r in rects)
    height = min(r[3] for r in rects) - 0.5  # every rectangle is one row high (plus the half-pixel overlap)
    widths = [r[2] - 0.5 for r in rects]
    width = min(widths)  # the narrowest run is one cell
    px = (x - to_data(0, ticks(root, "x"))) / per_pixel(ticks(root, "x"))
    py = -(y - to_data(0, ticks(root, "y"))) / per_pixel(ticks(root, "y"))
    i, j = math.floor((px - left) / width), math.floor((py - top) / height)
    return left + i * width, top + j * height, left + (i + 1) * width, top + (j + 1) * height


def test_the_axes_have_equal_scales() -> None:
    f = Himmelblau()
    for xlim, ylim in [((-5, 5), (-5, 5)), ((-1, 1), (-6, 6))]:
        root = parse(basins(f, GradientDescent(0.01), f.minima, xlim=xlim, ylim=ylim, grid=4, iterations=20))
        assert per_pixel(ticks(root, "x")) == pytest.approx(per_pixel(ticks(root, "y")), rel=1e-3)
        # the box asked for is inside the box drawn
        assert to_data(min(r[0] for r in cells(root)), ticks(root, "x")) <= xlim[0] + 1e-9


def test_runs_that_diverge_have_their_colour() -> None:
    f = Himmelblau()
    svg = basins(f, GradientDescent(0.03), f.minima, xlim=(-6, 6), ylim=(-6, 6), grid=8, iterations=100)
    root = parse(svg)
    (share,) = [name for name in legend_names(root) if name.startswith("diverged")]
    count = sum(r[2] - 0.5 for r in cells(root) if r[4] == DIVERGED)
    assert count > 0 and share != "diverged:   0%"


def test_paths_from_the_chosen_starts() -> None:
    f = Saddle()
    svg = basins(
        f,
        GradientDescent(0.05),
        f.minima,
        xlim=(-2, 2),
        ylim=(-1.5, 1.5),
        grid=4,
        iterations=300,
        starts=[(0.0, 1.2), (0.5, -1.0)],
    )
    root = parse(svg)
    drawn = series(root)
    others = [name for name in drawn if not name.startswith("basin")]
    assert others[:3] == ["gradient descent", "start", "end"]
    first = points(drawn["gradient descent"].find(f"{NS}polyline"))  # the path from (0, 1.2)
    start = (to_data(first[0][0], ticks(root, "x")), to_data(first[0][1], ticks(root, "y")))
    end = (to_data(first[-1][0], ticks(root, "x")), to_data(first[-1][1], ticks(root, "y")))
    unit = per_pixel(ticks(root, "x"))
    assert start == pytest.approx((0.0, 1.2), abs=unit) and end == pytest.approx(
        (0.0, 0.0), abs=unit
    )  # stalled
    assert legend_names(root)[-3:] == ["gradient descent", "start", "end"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minima": [(1.0, 2.0, 3.0)]}, "minima must be \\(x, y\\) pairs"),  # a point in 3-D
        ({"minima": [(float(k), 0.0) for k in range(9)]}, "at most 8 minima"),  # more than the colours
        ({"starts": [(0.0, 0.0)] * 7}, "at most 6 paths"),
        ({"grid": 1}, "grid must be at least 2"),
        ({"xlim": (1, -1)}, "xlim must be \\(low, high\\) with low < high"),
        ({"ylim": (0, float("nan"))}, "must be finite"),
        ({"radius": 0}, "radius must be a positive finite number"),
        ({"iterations": 0}, "iterations must be a whole number"),
    ],
)
def test_bad_arguments(change: dict[str, Any], message: str) -> None:
    f = Saddle()
    arguments: dict[str, Any] = {
        "minima": f.minima,
        "xlim": (-2, 2),
        "ylim": (-1, 1),
        "grid": 3,
        "iterations": 5,
    }
    arguments.update(change)
    with pytest.raises(ParameterError, match=message):
        basins(f, GradientDescent(0.05), **arguments)


def test_the_picture_fits_its_frame_in_a_browser(browser: Any, tmp_path: Any) -> None:
    f = Himmelblau()
    file = tmp_path / "basins.svg"
    basins(
        f,
        GradientDescent(0.01),
        f.minima,
        file,
        xlim=(-5, 5),
        ylim=(-5, 5),
        grid=10,
        iterations=200,
        starts=[(0.0, 0.0)],
        saddles=f.saddles,
    )
    page = browser.new_page()
    try:
        page.goto(file.as_uri())
        script = """() => {
            const svg = document.querySelector('svg').getBoundingClientRect();
            const boxes = [...document.querySelectorAll('.legend text')].map(t => t.getBoundingClientRect());
            return [svg.right, Math.max(...boxes.map(b => b.right)), boxes.length];
        }"""
        right, legend_right, entries = page.evaluate(script)
    finally:
        page.close()
    assert entries == 9  # 4 basins, minimum, saddle, the path, start, end (no start ends elsewhere)
    assert legend_right < right
