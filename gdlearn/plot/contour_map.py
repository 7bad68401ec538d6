"""The contour map of a two-parameter function, with the paths gradient descent took.

The classic picture of gradient descent: the level sets f(a, b) = ℓ of a
loss surface, traced by marching squares (``marching_squares``), and on top of them
the points θ₀, θ₁, … that gradient descent visited. Each level line carries
its value as a label where there is room for one. Reached as
``gdlearn.plot.contour``; the command line calls it, never the reverse.

>>> svg = contour(lambda a, b: a * a + b * b, xlim=(-2, 2), ylim=(-2, 2), levels=[1.0, 2.0], grid=21)
>>> svg.count('class="contour"'), svg.count('class="legend-entry"')    # no paths, no legend
(2, 0)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..checks import boolean, positive_int
from ..errors import DataError, ParameterError
from ..functions import Differentiable
from ..losses import MSE, Loss
from ..models import LinearModel
from ..objective import Objective
from ..vectors import as_dataset, as_matrix, as_vector
from . import marching_squares as marching
from .axes import format_value
from .curves import one_feature
from .frame import Frame
from .geometry import Point, clip_path, inside, thin_path
from .svg import MAX_MARKED, PALETTE, LegendEntry, marker, polyline, tag, text_width

PATH_COLORS = [PALETTE[3], PALETTE[1], PALETTE[6], "#000000", PALETTE[5], PALETTE[0]]
"""Red first: it stands out on the violet-to-green level lines."""

Pixels = list[Point]


def contour(
    f: Callable[[float, float], float] | Differentiable,
    paths: Mapping[str, Sequence[Sequence[float]]] | None = None,
    path: str | os.PathLike[str] | None = None,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int | Sequence[float] = 12,
    log_levels: bool = True,
    grid: int = 150,
    x_label: str = "θ₁",
    y_label: str = "θ₂",
    title: str = "Contour map and gradient descent",
) -> str:
    """The contour map of f(a, b) over xlim × ylim, with gradient-descent paths on it.

    ``f`` is a function of two floats, or any 2-parameter ``Differentiable``
    (then f(a, b) = f.value([a, b])). It is sampled on a ``grid`` × ``grid``
    lattice (grid² calls of f) and traced by marching squares. ``levels`` is
    either the level values themselves or a count; a count is spaced
    geometrically above the lowest sampled value when ``log_levels`` (loss
    surfaces span decades; Rosenbrock needs it) and evenly otherwise (see
    ``marching_squares.levels``). ``paths`` maps a name to the points (a, b) visited,
    such as ``Result.path``; each is drawn with an open circle at its start
    and a square at its end. Anything outside the box is clipped.

    >>> svg = contour(lambda a, b: a * a + b * b, {"GD": [(1.0, 1.0), (0.5, 0.5)]},
    ...               xlim=(-2, 2), ylim=(-2, 2), levels=[1.0], grid=21)
    >>> svg.count('class="contour"'), svg.count('class="legend-entry"')   # GD, start, end
    (1, 3)
    """
    function = _two_argument(f)
    box = (_limits(xlim, "xlim"), _limits(ylim, "ylim"))
    n = positive_int(grid, "grid")
    if n < 3:
        raise ParameterError(f"grid must be at least 3 points a side, got {n}")
    boolean(log_levels, "log_levels")
    walks = _paths(paths)
    sampled = marching.sample(function, *box, n)
    if isinstance(levels, int) and not isinstance(levels, bool):
        values = [v for row in sampled.z for v in row]
        heights = marching.levels(min(values), max(values), positive_int(levels, "levels"), log_levels)
    else:
        heights = sorted(_numbers(levels, "levels"))
    legend = [
        LegendEntry(name, color, marker="dot" if len(points) <= MAX_MARKED else None)
        for (name, points), color in zip(walks.items(), PATH_COLORS)
    ]
    if walks:
        legend.append(LegendEntry("start", "#333333", line=False, marker="circle"))
        legend.append(LegendEntry("end", "#333333", line=False, marker="square"))
    chart = Frame(box[0], box[1], title=title, x_label=x_label, y_label=y_label, legend=legend, pad=False)

    walked = {  # the visible pieces of each path, in pixels
        name: [thin_path([chart.px(a, b) for a, b in run]) for run in clip_path(points, *box)]
        for name, points in walks.items()
    }
    labelled = []
    for k, level in enumerate(heights):
        color = _ramp(k / max(1, len(heights) - 1))
        lines = [
            thin_path([chart.px(a, b) for a, b in line.points])
            for line in marching.contour_lines(sampled, level)
        ]
        drawn = [polyline(pixels, color, 1.2) for pixels in lines]
        chart.add(
            "\n".join(['<g class="contour">', tag("title", f"f = {format_value(level)}"), *drawn, "</g>"])
        )
        if lines:
            labelled.append((format_value(level), color, max(lines, key=len)))
    chart.add(_level_labels(chart, labelled, _cells([run for runs in walked.values() for run in runs])))
    for (name, runs), color in zip(walked.items(), PATH_COLORS):
        elements = [polyline(pixels, color) for pixels in runs]
        if len(walks[name]) <= MAX_MARKED:  # a dot on each iterate θₖ in the box, not where a step is cut
            shown = [p for p in walks[name] if inside(p, *box)]
            elements.extend(marker("dot", *chart.px(a, b), color) for a, b in shown)
        (a0, b0), (a1, b1) = walks[name][0], walks[name][-1]
        if inside((a0, b0), *box):
            elements.append(marker("circle", *chart.px(a0, b0), color))
        if inside((a1, b1), *box):
            elements.append(marker("square", *chart.px(a1, b1), color))
        chart.series(name, elements)
    return chart.render(path)


CELL = 12.0
"""A level label keeps this many pixels away from the paths."""


def _cells(paths: list[Pixels]) -> dict[tuple[int, int], Pixels]:
    """Points every 3 px along the paths, filed by the CELL × CELL square they fall in."""
    cells: dict[tuple[int, int], Pixels] = {}
    for pixels in paths:
        for (x0, y0), (x1, y1) in zip(pixels, pixels[1:] or pixels):
            steps = max(1, math.ceil(math.dist((x0, y0), (x1, y1)) / 3))
            for k in range(steps + 1):
                x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
                cells.setdefault((math.floor(x / CELL), math.floor(y / CELL)), []).append((x, y))
    return cells


def _near_path(x: float, y: float, cells: dict[tuple[int, int], Pixels]) -> bool:
    i, j = math.floor(x / CELL), math.floor(y / CELL)
    nearby = (p for di in (-1, 0, 1) for dj in (-1, 0, 1) for p in cells.get((i + di, j + dj), []))
    return any(math.dist((x, y), p) < CELL for p in nearby)


def _level_labels(
    chart: Frame, labelled: list[tuple[str, str, Pixels]], paths: dict[tuple[int, int], Pixels]
) -> str:
    """A label on each level line where it fits: inside the frame, 40 px from other labels, off the paths."""
    placed: Pixels = []
    texts = ['<g class="contour-labels" font-size="10" text-anchor="middle">']
    for label, color, pixels in labelled:
        half = text_width(label, 10) / 2 + 2
        for fraction in (0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6):
            x, y = pixels[int(fraction * (len(pixels) - 1))]
            if (
                chart.left + half <= x <= chart.right - half
                and chart.top + 8 <= y <= chart.bottom - 8
                and all(math.dist((x, y), p) >= 40 for p in placed)
                and not _near_path(x, y, paths)
            ):
                placed.append((x, y))
                halo = tag("text", label, x=x, y=y + 3.5, fill="white", stroke="white", stroke_width=3)
                texts += [halo, tag("text", label, x=x, y=y + 3.5, fill=color)]
                break
    return "\n".join([*texts, "</g>"])


def _two_argument(f: object) -> Callable[[float, float], float]:
    """f(a, b) from a plain function of two floats or from a 2-D Differentiable."""
    if isinstance(f, Differentiable):
        return lambda a, b: f.value([a, b])
    if callable(f):
        return f
    raise ParameterError(f"f must be a function f(a, b) or a Differentiable, got {f!r}")


def _limits(limits: Any, name: str) -> tuple[float, float]:
    lo, hi = _numbers(limits, name, length=2)
    if not lo < hi:
        raise ParameterError(f"{name} must be (low, high) with low < high, got {tuple(limits)!r}")
    return lo, hi


def _numbers(values: Any, name: str, length: int | None = None) -> list[float]:
    """Finite numbers for an argument; a bad one is a ParameterError (not a DataError: no data here)."""
    try:
        return as_vector(values, name, length=length)
    except DataError as error:
        raise ParameterError(str(error)) from None


def _paths(paths: Mapping[str, Sequence[Sequence[float]]] | None) -> dict[str, list[tuple[float, float]]]:
    if paths is None:
        return {}
    if not isinstance(paths, Mapping):
        raise ParameterError(f"paths must map names to lists of (a, b) points, got {type(paths).__name__}")
    if len(paths) > len(PATH_COLORS):
        raise ParameterError(f"at most {len(PATH_COLORS)} paths fit one chart, got {len(paths)}")
    checked = {}
    for name, points in paths.items():
        matrix = as_matrix(points, f"path {name!r}")
        if len(matrix[0]) != 2:
            raise ParameterError(f"path {name!r} must hold (a, b) points, got {len(matrix[0])} coordinates")
        checked[str(name)] = [(a, b) for a, b in matrix]
    return checked


def _ramp(t: float) -> str:
    """A colour from dark violet (t = 0, the lowest level) through blue and teal to green (t = 1)."""
    stops = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98)]
    position = t * (len(stops) - 1)
    k = min(int(position), len(stops) - 2)
    u = position - k
    r, g, b = (round(p + u * (q - p)) for p, q in zip(stops[k], stops[k + 1]))
    return f"#{r:02x}{g:02x}{b:02x}"


def regression_surface(X: Any, y: Any, loss: str | Loss = "mse") -> Callable[[float, float], float]:
    """f(w, b) = J([w, b]) = (1/n) Σᵢ ℓ(w·xᵢ + b, yᵢ), the loss surface of a line fit.

    For MSE it is evaluated in O(1) from the data's moments (population
    variances, centred first for accuracy), which makes a fine contour grid
    cheap:

        J(w, b) = w²·var(x) − 2w·cov(x, y) + var(y) + (w·x̄ + b − ȳ)²

    Other losses go through ``Objective``, one pass over the data per point.

    >>> J = regression_surface([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> J(2.0, 1.0), J(0.0, 0.0)        # 0 at the exact line; (1 + 9 + 25)/3
    (0.0, 11.666666666666666)
    """
    rows, targets = as_dataset([[v] for v in one_feature(X, "X")], y)
    objective = Objective(LinearModel(1), loss, rows, targets)
    if type(objective.loss) is not MSE:  # a subclass may change the loss
        return lambda w, b: objective.value([w, b])
    n = len(targets)
    xs = [row[0] for row in rows]
    x_mean, y_mean = math.fsum(xs) / n, math.fsum(targets) / n
    dx = [x_i - x_mean for x_i in xs]
    dy = [y_i - y_mean for y_i in targets]
    var_x = math.fsum(d * d for d in dx) / n
    var_y = math.fsum(d * d for d in dy) / n
    cov_xy = math.fsum(p * q for p, q in zip(dx, dy)) / n

    def mse(w: float, b: float) -> float:
        offset = w * x_mean + b - y_mean
        return w * w * var_x - 2 * w * cov_xy + var_y + offset * offset

    return mse
