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

from ..checks import boolean
from ..errors import DataError, ParameterError
from ..models import LinearModel
from ..vectors import as_vector
from .axes import format_value
from .curves import as_series, one_feature, require_positive
from .frame import Frame
from .geometry import clip_line, thin_line
from .svg import MAX_MARKED, PALETTE, LegendEntry, marker, polyline

__all__ = ["loss_curves", "scatter_fit"]


def loss_curves(
    series: Mapping[str, Sequence[float] | tuple[Sequence[float], Sequence[float]]] | Sequence[float],
    path: str | os.PathLike[str] | None = None,
    *,
    x_label: str = "iteration",
    y_label: str = "loss",
    log: bool = False,
    title: str = "Loss during gradient descent",
) -> str:
    """One or more loss curves against iteration (or epoch) on one chart.

    ``series`` is ys, or a mapping name → ys or name → (xs, ys); without xs,
    x = 0, 1, …, n − 1. To draw the per-epoch loss on an iteration axis, give
    xs = e·(updates per epoch). ``log=True`` draws log₁₀ of the loss (values
    ≤ 0 are refused). Each curve is a ``<polyline>`` with one point per data
    point, thinned only where more than 4 points share a pixel column (see
    ``geometry.thin_line``); curves of at most 60 points also get a dot per point.

    >>> svg = loss_curves({"batch": [9.0, 3.0, 1.0], "epoch": ([0, 2], [9.0, 1.0])}, log=True)
    >>> svg.count("<polyline"), svg.count('class="legend-entry"')
    (2, 2)
    """
    curves = as_series(series, y_label)
    boolean(log, "log")
    if len(curves) > len(PALETTE):
        raise ParameterError(f"at most {len(PALETTE)} curves fit one chart, got {len(curves)}")
    if log:
        require_positive(curves)
    marked = [len(curve.ys) <= MAX_MARKED for curve in curves]
    legend = [
        LegendEntry(curve.name, color, marker="dot" if dots else None)
        for curve, color, dots in zip(curves, PALETTE, marked)
    ]
    xs = [x for curve in curves for x in curve.xs]
    ys = [y for curve in curves for y in curve.ys]
    chart = Frame(
        (min(xs), max(xs)),
        (min(ys), max(ys)),
        title=title,
        x_label=x_label,
        y_label=f"{y_label} (log scale)" if log else y_label,
        legend=legend if isinstance(series, Mapping) else [],
        y_log=log,
    )
    for curve, color, dots in zip(curves, PALETTE, marked):
        points = thin_line([chart.px(x, y) for x, y in zip(curve.xs, curve.ys)])
        elements = [polyline(points, color)]
        if dots:
            elements.extend(marker("dot", x, y, color) for x, y in points)
        chart.series(curve.name, elements)
    return chart.render(path)


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
    for (name, w, b), color in zip(fitted, PALETTE[1:]):
        sign = "−" if b < 0 else "+"
        legend.append(LegendEntry(f"{name}: y = {format_value(w)}·x {sign} {format_value(abs(b))}", color))
    chart = Frame(
        (min(xs), max(xs)), (min(ys), max(ys)), title=title, x_label=x_label, y_label=y_label, legend=legend
    )
    dots = [marker("dot", *chart.px(x_i, y_i), PALETTE[0], opacity=0.35) for x_i, y_i in zip(xs, ys)]
    chart.series(data_label, dots)
    box = ((chart.x_axis.lo, chart.x_axis.hi), (chart.y_axis.lo, chart.y_axis.hi))
    for (name, w, b), color in zip(fitted, PALETTE[1:]):
        ends = [chart.px(x_i, y_i) for x_i, y_i in clip_line(w, b, *box)]
        chart.series(name, [polyline(ends, color, 2.5)] if ends else [])
    return chart.render(path)


def _line(name: object, line: object) -> tuple[float, float]:
    """(w, b) from a one-feature LinearModel or a (slope, intercept) pair."""
    if isinstance(line, LinearModel):
        if line.n_features != 1:
            raise ParameterError(f"line {name!r} must have one feature, got {line.n_features}")
        return line.weights[0], line.bias
    if isinstance(line, Sequence) and not isinstance(line, str) and len(line) == 2:
        w, b = as_vector(line, f"line {name!r}")
        return w, b
    raise ParameterError(f"line {name!r} must be (slope, intercept) or a LinearModel, got {line!r}")
