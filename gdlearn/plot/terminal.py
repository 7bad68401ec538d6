"""A loss history as a line chart in the terminal, in plain ASCII.

``line_chart`` returns the chart as a string; every line fits in ``width``
columns (80 by default), so it prints in any terminal and any log file.
The command line (``gdlearn demo``, ``gdlearn fit``) prints it; that code
lives in ``gdlearn/cli/`` and calls this function, never the reverse.

How a value becomes a character (the honest part of any text chart):

    column c = round((x − x_lo)/(x_hi − x_lo) · (P − 1))    P = plot columns
    row    r = round((v − y_lo)/(y_hi − y_lo) · (H − 1))    H = height rows

rounding halves up, where v is the *mean* of the y values that fall in
column c (the mean of log₁₀ y on a log scale). So a long history is
downsampled to one point per column: the trend stays, the noise inside a
column (stochastic GD) is averaged away. The axes are widened to round tick
values (whole decades on a log scale). Where series share a cell, the one
listed later is drawn.

>>> print(line_chart([4.0, 2.0, 1.0, 0.5], width=30, height=4, y_label="J"))
J
4 |*
2 |         *
  |                 *
0 |                          *
   +--------+-------+--------+
   0        1       2        3
            iteration
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

from ..checks import boolean, positive_int
from ..errors import ParameterError
from .axes import Axis, linear_axis, log_axis
from .curves import Series, as_series, require_positive

MARKERS = "*ox#@%=~"
"""One marker character per series, in order; so at most 8 series."""

MIN_WIDTH, MIN_HEIGHT = 20, 3


def line_chart(
    series: Mapping[str, Sequence[float] | tuple[Sequence[float], Sequence[float]]] | Sequence[float],
    *,
    width: int = 80,
    height: int = 15,
    log: bool = False,
    title: str | None = None,
    x_label: str = "iteration",
    y_label: str = "loss",
) -> str:
    """Draw one or more loss curves as text, each line at most ``width`` columns.

    ``series`` is a list of y values, or a mapping name → ys or name → (xs, ys),
    so curves against iterations and against epochs (xs = iteration numbers)
    share one chart. Without xs, x is the index 0, 1, …, n − 1. Named series
    get a legend with their marker characters. ``height`` is the number of
    rows of the plot area. ``log=True`` draws log₁₀ y, with ticks at powers of
    ten, and refuses values ≤ 0 (a log scale cannot show them).

    >>> chart = line_chart({"batch": [100.0, 10.0, 1.0]}, width=24, height=5, log=True)
    >>> print(chart)
    loss (log scale)
    100 |*
        |
     10 |         *
        |
      1 |                  *
         +--------+--------+
         0        1        2
              iteration
    * batch
    """
    width = positive_int(width, "width")
    height = positive_int(height, "height")
    if width < MIN_WIDTH:
        raise ParameterError(f"width must be at least {MIN_WIDTH} columns, got {width}")
    if height < MIN_HEIGHT:
        raise ParameterError(f"height must be at least {MIN_HEIGHT} rows, got {height}")
    boolean(log, "log")
    curves = as_series(series, y_label)
    if len(curves) > len(MARKERS):
        raise ParameterError(f"at most {len(MARKERS)} series fit one chart, got {len(curves)}")
    y_axis = _y_axis(curves, log, max_ticks=max(2, min(7, height // 2 + 1)))
    y_labels = _row_labels(y_axis, height)
    label_width = max(len(label) for label in y_labels.values())
    columns = width - label_width - 2  # "label |" then the plot
    if columns < 10:
        raise ParameterError(f"width {width} leaves no room for the plot next to the tick labels")
    x_axis, tick_columns = _x_axis(curves, columns, label_width + 2, width)

    grid = [[" "] * columns for _ in range(height)]
    for marker, curve in zip(MARKERS, curves):
        for column, value in _column_means(curve, x_axis, columns, log).items():
            row = _nearest(y_axis.fraction(10**value if log else value) * (height - 1))
            grid[height - 1 - row][column] = marker

    lines = textwrap.wrap(title, width) if title else []
    lines.append((y_label + " (log scale)" if log else y_label)[:width])
    for i, cells in enumerate(grid):
        label = y_labels.get(height - 1 - i, "")
        lines.append(f"{label:>{label_width}} |{''.join(cells)}".rstrip())
    axis_line = ["-"] * columns
    for c in tick_columns:
        axis_line[c] = "+"
    lines.append(f"{'':>{label_width}}  {''.join(axis_line)}")
    lines.append(_tick_label_line(x_axis.labels, [label_width + 2 + c for c in tick_columns], width))
    lines.append((" " * (label_width + 2) + f"{x_label:^{columns}}").rstrip()[:width])
    if isinstance(series, Mapping):
        legend = "   ".join(f"{marker} {curve.name}" for marker, curve in zip(MARKERS, curves))
        lines.extend(textwrap.wrap(legend, width))
    return "\n".join(lines)


def _nearest(value: float) -> int:
    """Round half up (Python's round() goes half to even, which shifts every other point)."""
    return math.floor(value + 0.5)


def _y_axis(curves: list[Series], log: bool, max_ticks: int) -> Axis:
    ys = [y for curve in curves for y in curve.ys]
    if log:
        require_positive(curves)
        return log_axis(min(ys), max(ys), max_ticks=max_ticks)
    return linear_axis(min(ys), max(ys), max_ticks=max_ticks)


def _row_labels(axis: Axis, height: int) -> dict[int, str]:
    """Tick labels by row (0 = bottom); a tick that lands on a taken row is dropped."""
    labels: dict[int, str] = {}
    for tick, label in zip(axis.ticks, axis.labels):
        labels.setdefault(_nearest(axis.fraction(tick) * (height - 1)), label)
    return labels


def _column_means(curve: Series, x_axis: Axis, columns: int, log: bool) -> dict[int, float]:
    """The mean y (log₁₀ y on a log scale) of the points that fall in each column."""
    sums: dict[int, list[float]] = {}
    for x, y in zip(curve.xs, curve.ys):
        column = _nearest(x_axis.fraction(x) * (columns - 1))
        sums.setdefault(column, []).append(math.log10(y) if log else y)
    return {column: math.fsum(values) / len(values) for column, values in sums.items()}


def _x_axis(curves: list[Series], columns: int, offset: int, width: int) -> tuple[Axis, list[int]]:
    """The x axis with as many ticks as leave a space between their labels (see _tick_label_line)."""
    lo, hi = min(min(c.xs) for c in curves), max(max(c.xs) for c in curves)
    for max_ticks in range(max(2, columns // 6), 1, -1):
        axis = linear_axis(lo, hi, max_ticks=max_ticks)
        centres = [_nearest(axis.fraction(t) * (columns - 1)) for t in axis.ticks]
        starts = [_label_start(label, offset + c, width) for c, label in zip(centres, axis.labels)]
        ends = [start + len(label) for start, label in zip(starts, axis.labels)]
        if all(end < start for end, start in zip(ends, starts[1:])):  # a space between labels
            break
    return axis, centres


def _label_start(label: str, centre: int, width: int) -> int:
    """Centred on its tick, but moved inside the line at either end."""
    return min(max(0, centre - len(label) // 2), width - len(label))


def _tick_label_line(labels: list[str], centres: list[int], width: int) -> str:
    """Tick labels centred under their ticks, shifted inside the line at its ends."""
    row = [" "] * width
    for label, centre in zip(labels, centres):
        start = _label_start(label, centre, width)
        row[start : start + len(label)] = label
    return "".join(row).rstrip()
