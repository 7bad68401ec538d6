"""Line charts as SVG: the loss during training, and the data with fitted lines.

    loss_curves(series)            the loss against iteration or epoch, linear or log scale
    scatter_fit(x, y, lines)       the data as points, with fitted lines y = w·x + b

Each function returns the SVG 1.1 document as text and, given ``path=``,
also writes it there (all or nothing, see ``gdlearn.io.atomic``). The
documents are self-contained: open them in any browser. The command line
(``gdlearn/cli/``, ``--plot FILE.svg``) calls these functions; nothing in
the math imports this module.

>>> svg = loss_curves({"batch": [4.0, 2.0, 1.0]}, title="Loss")
>>> svg.startswith('<?xml') and '<svg xmlns="http://www.w3.org/2000/svg"' in svg
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..checks import boolean, positive_number
from ..errors import DataError, ParameterError
from ..models import LinearModel, LogisticModel
from ..vectors import as_vector
from .axes import format_value
from .curves import Series, as_series, one_feature, require_positive
from .frame import Frame
from .geometry import Point, clip_line, thin_line
from .overlap import coincidence_notes
from .svg import (
    DASHES,
    MAX_MARKED,
    NOTE_FONT,
    PALETTE,
    STYLES,
    LegendEntry,
    marker,
    polyline,
    tag,
    text_width,
)

__all__ = ["loss_curves", "scatter_fit"]


def loss_curves(
    series: Mapping[str, Sequence[float] | tuple[Sequence[float], Sequence[float]]] | Sequence[float],
    path: str | os.PathLike[str] | None = None,
    *,
    x_label: str = "iteration",
    y_label: str = "loss",
    log: bool = False,
    title: str = "Loss during gradient descent",
    floor: float | None = None,
    x_log: bool = False,
) -> str:
    """One or more loss curves against iteration (or epoch) on one chart.

    ``series`` is ys, or a mapping name → ys or name → (xs, ys); without xs,
    x = 0, 1, …, n − 1. To draw the per-epoch loss on an iteration axis, give
    xs = e·(updates per epoch). ``log=True`` draws log₁₀ of the loss (values
    ≤ 0 are refused, unless a ``floor`` lifts them). With ``floor`` (a
    positive number) every value below it is drawn at it, and a dotted line
    with a label says so on the chart: a log scale cannot show the 0 of a
    loss that reached its minimum. ``x_log=True`` draws log₁₀ of x, for runs
    of very different lengths (x ≤ 0 is refused). Each curve is a
    ``<polyline>`` with one point per data point, thinned only where more
    than 4 points share a pixel column (see ``geometry.thin_line``).

    Curves are told apart by colour, dash pattern and marker (``svg.STYLES``),
    each drawn over the ones before it: curves of at most 60 points get a
    marker on every point, longer ones on a few. A curve that lies within a
    pixel of another over its whole range says so in the legend.

    >>> svg = loss_curves({"batch": [9.0, 3.0, 1.0], "epoch": ([0, 2], [9.0, 1.0])}, log=True)
    >>> svg.count("<polyline"), svg.count('class="legend-entry"'), svg.count('stroke-dasharray="7 4"')
    (2, 2, 2)
    """
    curves = as_series(series, y_label)
    boolean(log, "log")
    boolean(x_log, "x_log")
    if len(curves) > len(STYLES):
        raise ParameterError(f"at most {len(STYLES)} curves fit one chart, got {len(curves)}")
    clamped = False
    if floor is not None:
        floor = positive_number(floor, "floor")
        clamped = any(y < floor for curve in curves for y in curve.ys)
        curves = [Series(c.name, c.xs, [max(y, floor) for y in c.ys]) for c in curves]
    if log:
        require_positive(curves)
    if x_log:
        require_positive([Series(c.name, c.ys, c.xs) for c in curves], "x", "x_log")
    xs = [x for curve in curves for x in curve.xs]
    ys = [y for curve in curves for y in curve.ys]
    legend = [
        LegendEntry(curve.name, style.color, marker=style.marker, dash=style.dash)
        for curve, style in zip(curves, STYLES)
    ]
    if not isinstance(series, Mapping):
        legend = []

    def frame(entries: list[LegendEntry]) -> Frame:
        return Frame(
            (min(xs), max(xs)),
            (min(ys), max(ys)),
            title=title,
            x_label=f"{x_label} (log scale)" if x_log else x_label,
            y_label=f"{y_label} (log scale)" if log else y_label,
            legend=entries,
            y_log=log,
            x_log=x_log,
        )

    probe = frame(legend)  # where the curves fall, to find those that coincide
    drawn = {c.name: [thin_line([probe.px(x, y) for x, y in zip(c.xs, c.ys)])] for c in curves}
    notes = coincidence_notes(drawn)
    chart = frame([entry._replace(note=notes[entry.name]) for entry in legend])
    if clamped and floor is not None:
        chart.add(_floor_line(chart, floor))
    for k, (curve, style) in enumerate(zip(curves, STYLES)):
        points = thin_line([chart.px(x, y) for x, y in zip(curve.xs, curve.ys)])
        every = len(curve.ys) <= MAX_MARKED
        shown = points if every else _spread(points, chart, k, len(curves))
        elements = [polyline(points, style.color, dash=style.dash)]
        elements.extend(marker(style.marker, x, y, style.color) for x, y in shown)
        chart.series(curve.name, elements)
    return chart.render(path)


MARKS = 8
"""A long curve gets this many markers, spread evenly across the plot."""


def _spread(points: list[Point], chart: Frame, k: int, n: int) -> list[Point]:
    """The points of a long curve nearest MARKS columns evenly across the plot, shifted by (k + 1)/(n + 1)."""
    spacing = (chart.right - chart.left) / MARKS
    columns = [chart.left + (j + (k + 1) / (n + 1)) * spacing for j in range(MARKS)]
    lo, hi = min(x for x, _ in points), max(x for x, _ in points)
    return [min(points, key=lambda p: abs(p[0] - column)) for column in columns if lo <= column <= hi]


def _floor_line(chart: Frame, floor: float) -> str:
    """A dotted line at the floor, labelled above its right end on a white ground."""
    y = chart.px(chart.x_axis.lo, floor)[1]
    shown = format_value(floor).replace("-", "−")
    label = f"values below {shown} are drawn at {shown}"
    width = text_width(label, NOTE_FONT)
    x = chart.right - 6
    return "\n".join(
        [
            '<g class="floor">',
            tag("line", x1=chart.left, y1=y, x2=chart.right, y2=y, stroke="#555555", stroke_dasharray="1 3"),
            tag("rect", x=x - width - 3, y=y - 17, width=width + 6, height=14, fill="white", opacity=0.85),
            tag("text", label, class_="floor-label", x=x, y=y - 6, text_anchor="end", font_size=NOTE_FONT),
            "</g>",
        ]
    )


def scatter_fit(
    x: Any,
    y: Any,
    lines: Mapping[str, LinearModel | tuple[float, float]],
    path: str | os.PathLike[str] | None = None,
    *,
    x_label: str = "x",
    y_label: str = "y",
    title: str = "Data and fitted lines",
) -> str:
    """The data (xᵢ, yᵢ) as points, with each fitted line y = w·x + b drawn across the chart.

    ``x`` is a list of numbers or a one-column X; ``lines`` maps a name to a
    ``LinearModel`` of one feature or to a pair (w, b) = (slope, intercept).
    Every data point is drawn (translucent, so piles of equal points show as
    darker dots); the legend gives each line's equation to 3 digits.

    >>> svg = scatter_fit([1, 2, 3], [2, 4, 7], {"fit": (2.5, -0.67)})
    >>> svg.count("<circle"), "fit: y = 2.5·x − 0.67" in svg
    (4, True)
    """
    xs = one_feature(x, "x")
    ys = as_vector(y, "y")
    if len(xs) != len(ys):
        raise DataError(f"x has {len(xs)} values but y has {len(ys)}; they must match")
    if not isinstance(lines, Mapping):
        raise ParameterError(f"lines must map names to (slope, intercept) or a LinearModel, got {lines!r}")
    if len(lines) + 1 > len(PALETTE):
        raise ParameterError(f"at most {len(PALETTE) - 1} lines fit one chart, got {len(lines)}")
    fitted = [(str(name), *_line(name, line)) for name, line in lines.items()]
    data_label = f"data ({len(xs)} points)"
    legend = [LegendEntry(data_label, PALETTE[0], line=False, marker="dot", opacity=0.5)]
    for (name, w, b), color, dash in zip(fitted, PALETTE[1:], DASHES):
        sign = "−" if b < 0 else "+"
        equation = f"{name}: y = {format_value(w)}·x {sign} {format_value(abs(b))}"
        legend.append(LegendEntry(equation, color, dash=dash))

    def frame(entries: list[LegendEntry]) -> Frame:
        x_range, y_range = (min(xs), max(xs)), (min(ys), max(ys))
        return Frame(x_range, y_range, title=title, x_label=x_label, y_label=y_label, legend=entries)

    probe = frame(legend)  # where the lines fall, to find those that coincide
    notes = coincidence_notes({name: [_ends(probe, w, b)] for name, w, b in fitted})
    chart = frame([legend[0], *(e._replace(note=notes[name]) for e, (name, _, _) in zip(legend[1:], fitted))])
    dots = [marker("dot", *chart.px(x_i, y_i), PALETTE[0], opacity=0.35) for x_i, y_i in zip(xs, ys)]
    chart.series(data_label, dots)
    for entry, (_, w, b) in zip(legend[1:], fitted):
        ends = _ends(chart, w, b)
        chart.series(entry.name, [polyline(ends, entry.color, 2.5, entry.dash)] if ends else [])
    return chart.render(path)


def _ends(chart: Frame, w: float, b: float) -> list[Point]:
    """The ends of the line y = w·x + b cut to the chart, in pixels ([] if it misses the chart)."""
    box = ((chart.x_axis.lo, chart.x_axis.hi), (chart.y_axis.lo, chart.y_axis.hi))
    return [chart.px(x, y) for x, y in clip_line(w, b, *box)]


def _line(name: object, line: object) -> tuple[float, float]:
    """(w, b) from a one-feature LinearModel or a (slope, intercept) pair."""
    if isinstance(line, LogisticModel):  # its output is σ(w·x + b), a probability: no straight line
        raise ParameterError(
            f"line {name!r} is a LogisticModel, whose curve is σ(w·x + b), not the line y = w·x + b that"
            " scatter_fit draws"
        )
    if isinstance(line, LinearModel):
        if line.n_features != 1:
            raise ParameterError(f"line {name!r} must have one feature, got {line.n_features}")
        return line.weights[0], line.bias
    if isinstance(line, Sequence) and not isinstance(line, str) and len(line) == 2:
        w, b = as_vector(line, f"line {name!r}")
        return w, b
    raise ParameterError(f"line {name!r} must be (slope, intercept) or a LinearModel, got {line!r}")
