"""The basins of attraction of a function's minima: where gradient descent goes from each start.

On a non-convex f the answer of gradient descent depends on where it
starts. The basin of a minimum m is the set of starts θ₀ from which the run
ends at m. This picture samples it: a grid of starting points over the box,
one run from each (the same optimizer, the same number of iterations), each
cell coloured by the minimum its run reached,

    colour(θ₀) = that of minimum mₖ   if the run ends within radius·max(1, ‖mₖ‖) of mₖ
                 grey                 if it ends anywhere else: at a saddle, or not there yet
                 brown                if it diverged

with the level lines of f over it, the minima (black dots), the saddles
(red dots) if given, and the paths of a few runs from chosen starts. The
boundaries between basins run through the saddles: a start exactly on a
boundary walks into the saddle and stays there. The scales of the two axes
are equal (the box is widened to fit the plot area), so the basins have
their true shapes. Reached as ``gdlearn.plot.basins``.

>>> from gdlearn import GradientDescent
>>> from gdlearn.landscapes import Saddle
>>> f = Saddle()                      # minima (±1, 0), saddle (0, 0): the basins are x < 0 and x > 0
>>> svg = basins(f, GradientDescent(0.1), f.minima, xlim=(-2, 2), ylim=(-1.5, 1.5), grid=5, iterations=200)
>>> 'basin of (−1, 0):  40%' in svg and 'basin of (1, 0):  40%' in svg    # 2 columns of 5 each
True
>>> 'elsewhere:  20%' in svg          # the middle column, x = 0: into the saddle
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

from ..checks import positive_int, positive_number
from ..errors import DataError, DivergenceError, ParameterError
from ..functions import Differentiable
from ..loop import Optimizer
from ..vectors import as_matrix
from . import marching_squares as marching
from .axes import format_value
from .frame import Frame
from .geometry import Point, clip_path, inside, thin_path
from .svg import LegendEntry, marker, polyline, tag

TINTS = ["#a6c8e4", "#ffc48f", "#a3dba3", "#f2a3a3", "#cbb6de", "#d4b3aa", "#f5bfe3", "#a3e4ec"]
"""The basins' colours: the series colours mixed about half and half with white."""
ELSEWHERE, DIVERGED = "#a9a9a9", "#8c2d04"  # grey dark enough to tell from the white page
SADDLE_COLOR = "#d62728"
ELSE, OUT = -1, -2
"""The labels of a start whose run ended elsewhere, or diverged; minimum k has label k."""

Box = tuple[tuple[float, float], tuple[float, float]]


def basins(
    f: Differentiable,
    optimizer: Optimizer[Any],
    minima: Sequence[Sequence[float]],
    path: str | os.PathLike[str] | None = None,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    grid: int = 40,
    iterations: int = 500,
    radius: float = 1e-3,
    starts: Sequence[Sequence[float]] = (),
    saddles: Sequence[Sequence[float]] = (),
    levels: int = 10,
    x_label: str = "x",
    y_label: str = "y",
    title: str = "Basins of attraction of gradient descent",
) -> str:
    """The basins of ``minima`` for a 2-parameter f, over (at least) xlim × ylim.

    ``grid`` starts across, and as many down as make square cells: grid²
    runs of ``optimizer.minimize_function(f, θ₀, iterations=iterations)``
    or so, which is the cost of the picture. ``starts`` are drawn as paths
    (at most 6); ``saddles`` are marked; ``levels`` level lines of f,
    spaced geometrically, are drawn over the basins.
    """
    centres = _points(minima, "minima")
    marked = _points(saddles, "saddles") if len(saddles) else []
    runs_from = _points(starts, "starts") if len(starts) else []
    if len(centres) > len(TINTS):
        raise ParameterError(f"at most {len(TINTS)} minima can be told apart by colour, got {len(centres)}")
    if len(runs_from) > 6:
        raise ParameterError(f"at most 6 paths fit one picture, got {len(runs_from)}")
    n = positive_int(grid, "grid")
    iterations = positive_int(iterations, "iterations")
    radius = positive_number(radius, "radius")
    levels = positive_int(levels, "levels")
    if n < 2:
        raise ParameterError(f"grid must be at least 2 starts across, got {n}")

    names = [f"basin of ({_coordinates(m)})" for m in centres]
    # the legend's width does not depend on the shares (4 characters each), so zeros lay out the chart
    legend = _legend(names, [0.0] * (len(names) + 2), marked, runs_from)
    # the box the final chart will show: xlim × ylim widened about its centre to equal scales (``Frame``)
    layout = Frame(
        _limits(xlim, "xlim"), _limits(ylim, "ylim"), title=title, x_label=x_label, y_label=y_label,
        legend=legend, pad=False, equal_scales=True,
    )  # fmt: skip
    box = (layout.x_axis.lo, layout.x_axis.hi), (layout.y_axis.lo, layout.y_axis.hi)
    labels = _labels(f, optimizer, centres, box, n, iterations, radius)
    counts = [sum(row.count(k) for row in labels) for k in [*range(len(centres)), ELSE, OUT]]
    shares = [count / (len(labels) * n) for count in counts]
    legend = _legend(names, shares, marked, runs_from)
    chart = Frame(*box, title=title, x_label=x_label, y_label=y_label, legend=legend, pad=False)
    cells = _cells(chart, labels, box)
    keys = [*range(len(centres)), ELSE, OUT]  # the legend's swatches, in order, for the labels present
    shown = [key for key, share in zip(keys, shares) if share > 0 or key not in (ELSE, OUT)]
    for entry, key in zip(legend, shown):  # each swatch names the series of its cells
        chart.series(entry.name, ['<g shape-rendering="crispEdges">', *cells.get(key, []), "</g>"])
    chart.add(_level_lines(f, chart, box, levels))
    lines, start_marks, end_marks = [], [], []
    for start in runs_from:
        result = optimizer.minimize_function(f, list(start), iterations=iterations, record_theta=True)
        assert result.path is not None
        visited = [(a, b) for a, b in result.path]
        runs = clip_path(visited, *box)
        lines += [polyline(thin_path([chart.px(*p) for p in run]), "#000000", 1.6) for run in runs]
        start_marks.append(marker("circle", *chart.px(*start), "#000000"))
        if inside(visited[-1], *box):
            end_marks.append(marker("square", *chart.px(*visited[-1]), "#000000"))
    if runs_from:  # the series carry the legend's names, so a reader (and the browser test) can match them
        chart.series("gradient descent", lines)
        chart.series("start", start_marks)
        chart.series("end", end_marks)
    crosses = [marker("minimum", *chart.px(*m), "#000000") for m in centres if inside(m, *box)]
    chart.series("minimum", crosses)  # a thin ×, drawn last: an end square under it still shows
    if marked:
        chart.series(
            "saddle point", [marker("dot", *chart.px(*s), SADDLE_COLOR) for s in marked if inside(s, *box)]
        )
    return chart.render(path)


def _labels(
    f: Differentiable,
    optimizer: Optimizer[Any],
    minima: Sequence[Point],
    box: Box,
    n: int,
    iterations: int,
    radius: float,
) -> list[list[int]]:
    """The label of every start, row by row from the bottom: n across, as many down as make square cells."""
    (x_lo, x_hi), (y_lo, y_hi) = box
    m = max(1, round(n * (y_hi - y_lo) / (x_hi - x_lo)))
    dx, dy = (x_hi - x_lo) / n, (y_hi - y_lo) / m
    starts = [[(x_lo + (i + 0.5) * dx, y_lo + (j + 0.5) * dy) for i in range(n)] for j in range(m)]
    return [
        [_reached(f, optimizer, list(start), minima, iterations, radius) for start in row] for row in starts
    ]


def _cells(chart: Frame, labels: list[list[int]], box: Box) -> dict[int, list[str]]:
    """The rectangles of each label: one per run of equal labels along a row, ½ pixel too big against gaps."""
    (x_lo, x_hi), (y_lo, y_hi) = box
    n, m = len(labels[0]), len(labels)
    dx, dy = (x_hi - x_lo) / n, (y_hi - y_lo) / m
    colors = {**dict(enumerate(TINTS)), ELSE: ELSEWHERE, OUT: DIVERGED}
    cells: dict[int, list[str]] = {}
    for j, row in enumerate(labels):
        i = 0
        while i < n:
            k = i
            while k + 1 < n and row[k + 1] == row[i]:
                k += 1
            x0, y0 = chart.px(x_lo + i * dx, y_lo + (j + 1) * dy)  # top left, in pixels
            x1, y1 = chart.px(x_lo + (k + 1) * dx, y_lo + j * dy)  # bottom right
            rect = tag("rect", x=x0, y=y0, width=x1 - x0 + 0.5, height=y1 - y0 + 0.5, fill=colors[row[i]])
            cells.setdefault(row[i], []).append(rect)
            i = k + 1
    return cells


def _reached(
    f: Differentiable,
    optimizer: Optimizer[Any],
    start: list[float],
    minima: Sequence[Point],
    iterations: int,
    radius: float,
) -> int:
    """k if the run from ``start`` ends within radius·max(1, ‖mₖ‖) of minimum mₖ; else ELSE, or OUT."""
    try:
        end = optimizer.minimize_function(f, start, iterations=iterations).theta
    except DivergenceError:
        return OUT
    for k, m in enumerate(minima):
        if math.dist(end, m) <= radius * max(1.0, math.hypot(*m)):
            return k
    return ELSE


def _legend(
    names: list[str], shares: list[float], saddles: Sequence[Point], starts: Sequence[Point]
) -> list[LegendEntry]:
    """A swatch per basin with its share of the starts (fixed width, so the layout does not depend on it)."""
    entries = [
        LegendEntry(f"{name}: {_percent(share)}", color, line=False, marker="square")
        for name, share, color in zip(names, shares, TINTS)
    ]
    if shares[-2] > 0:  # a swatch only for what the picture shows
        elsewhere = f"elsewhere: {_percent(shares[-2])}"
        entries.append(LegendEntry(elsewhere, ELSEWHERE, line=False, marker="square"))
    if shares[-1] > 0:
        entries.append(
            LegendEntry(f"diverged: {_percent(shares[-1])}", DIVERGED, line=False, marker="square")
        )
    entries.append(LegendEntry("minimum", "#000000", line=False, marker="minimum"))
    if saddles:
        entries.append(LegendEntry("saddle point", SADDLE_COLOR, line=False, marker="dot"))
    if starts:
        entries.append(LegendEntry("gradient descent", "#000000"))
        entries.append(LegendEntry("start", "#000000", line=False, marker="circle"))
        entries.append(LegendEntry("end", "#000000", line=False, marker="square"))
    return entries


def _coordinates(point: Sequence[float]) -> str:
    """'−2.81, 3.13': each to 3 significant digits, with a true minus sign."""
    return ", ".join(format_value(c).replace("-", "−") for c in point)


def _percent(share: float) -> str:
    """A share of the starts in 4 characters: ' 26%', '  0%', and ' <1%' for a few but under 1 %."""
    return " <1%" if 0 < share < 0.005 else f"{share:4.0%}"


def _level_lines(f: Differentiable, chart: Frame, box: Box, count: int) -> str:
    """``count`` level lines of f, geometric above its lowest sampled value, thin, over the colours."""
    sampled = marching.sample(lambda a, b: f.value([a, b]), *box, 120)
    values = [v for row in sampled.z for v in row]
    heights = marching.levels(min(values), max(values), count)
    drawn = ['<g class="contour" stroke-opacity="0.55">']
    for level in heights:
        for line in marching.contour_lines(sampled, level):
            drawn.append(polyline(thin_path([chart.px(a, b) for a, b in line.points]), "#333333", 0.8))
    return "\n".join([*drawn, "</g>"])


def _limits(limits: Any, name: str) -> tuple[float, float]:
    lo, hi = _points([limits], name)[0]
    if not lo < hi:
        raise ParameterError(f"{name} must be (low, high) with low < high, got {tuple(limits)!r}")
    return lo, hi


def _points(values: Any, name: str) -> list[Point]:
    """(x, y) pairs of finite numbers; anything else is a ParameterError (these are arguments, not data)."""
    try:
        rows = as_matrix(values, name)
    except DataError as error:
        raise ParameterError(str(error)) from None
    if any(len(row) != 2 for row in rows):
        raise ParameterError(f"{name} must be (x, y) pairs: the picture is of a function of 2 parameters")
    return [(row[0], row[1]) for row in rows]
