"""The contour map of a two-parameter function, with the paths gradient descent took.

The classic picture of gradient descent: the level sets f(a, b) = ℓ of a
loss surface, traced by marching squares (``marching_squares``), and on top
of them the points θ₀, θ₁, … that gradient descent visited
(``contour_paths``). Each level line carries its value as a label where
there is room for one, in a gap of the line (``contour_labels``). One unit
is as long across as up, so the picture keeps the shape of the function.
Reached as ``gdlearn.plot.contour``; the command line calls it, never the
reverse.

>>> svg = contour(lambda a, b: a * a + b * b, xlim=(-2, 2), ylim=(-2, 2), levels=[1.0, 2.0], grid=21)
>>> svg.count('class="contour"'), svg.count('class="legend-entry"')    # no paths, no legend
(2, 0)
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..checks import boolean, positive_int
from ..errors import DataError, ParameterError
from ..functions import Differentiable
from ..vectors import as_matrix, as_vector
from . import marching_squares as marching
from .axes import format_value
from .contour_labels import cut_gaps, label_group, place_labels
from .contour_paths import PATH_COLORS, draw_paths, marked_points, path_legend, scales_note, walked
from .frame import Frame
from .geometry import thin_path
from .overlap import coincidence_notes
from .svg import LegendEntry, polyline, tag


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
    minimum: Sequence[float] | None = None,
    equal_scales: bool = True,
) -> str:
    """The contour map of f(a, b) over xlim × ylim, with gradient-descent paths on it.

    ``f`` is a function of two floats, or any 2-parameter ``Differentiable``
    (then f(a, b) = f.value([a, b])). It is sampled on a ``grid`` × ``grid``
    lattice (grid² calls of f) and traced by marching squares. ``levels`` is
    either the level values themselves or a count; a count is spaced
    geometrically above the lowest sampled value when ``log_levels`` (loss
    surfaces span decades; Rosenbrock needs it) and evenly otherwise (see
    ``marching_squares.levels``). ``paths`` maps a name to the points (a, b)
    visited, such as ``Result.path``; each is drawn in its own colour and
    dash pattern, with an open circle at its start and a square at its end
    in its colour, above all the paths. Anything outside the box is clipped.

    Both axes are parameters of one function, so one unit is as long across
    as up (``equal_scales=True``): the narrower of xlim and ylim is widened
    about its centre, and a round bowl looks round. ``equal_scales=False``
    draws the box as given, and a note under the legend says how the scales
    differ. ``minimum`` = (a*, b*) is marked with a ×; by default the
    ``minimizer`` of f where f has one (``Quadratic``, ``Rosenbrock``,
    ``regression_surface`` with MSE).

    >>> svg = contour(lambda a, b: a * a + b * b, {"GD": [(1.0, 1.0), (0.5, 0.5)]},
    ...               xlim=(-2, 2), ylim=(-2, 2), levels=[1.0], grid=21, minimum=(0, 0))
    >>> svg.count('class="contour"'), svg.count('class="legend-entry"')   # GD, minimum, start, end
    (1, 4)
    """
    function = _two_argument(f)
    box = (_limits(xlim, "xlim"), _limits(ylim, "ylim"))
    n = positive_int(grid, "grid")
    if n < 3:
        raise ParameterError(f"grid must be at least 3 points a side, got {n}")
    boolean(log_levels, "log_levels")
    boolean(equal_scales, "equal_scales")
    walks = _paths(paths)
    known = minimum if minimum is not None else getattr(f, "minimizer", None)
    if minimum is None and known is not None and len(known) != 2:  # f's own minimizer: f is not of (a, b)
        p = len(known)
        raise ParameterError(f"contour draws functions of two parameters (a, b); f has {p}: {f!r:.80}")
    lowest = None if known is None else _numbers(known, "minimum", length=2)

    def frame(entries: list[LegendEntry], notes: list[str]) -> Frame:
        return Frame(
            *box,
            title=title,
            x_label=x_label,
            y_label=y_label,
            legend=entries,
            notes=notes,
            pad=False,
            equal_scales=equal_scales,
        )

    legend = path_legend(walks, lowest)
    probe = frame(legend, [])  # where the paths fall, and how the scales compare
    coincide = coincidence_notes(walked(probe, walks))
    notes = [] if equal_scales else scales_note(probe)
    if len(walks) > 1:
        notes.append("The start ○ and end ■ of each path are drawn in its colour.")
    chart = frame([entry._replace(note=coincide.get(entry.name)) for entry in legend], notes)
    shown = (chart.x_axis.lo, chart.x_axis.hi), (chart.y_axis.lo, chart.y_axis.hi)
    sampled = marching.sample(function, *shown, n)
    if isinstance(levels, int) and not isinstance(levels, bool):
        values = [v for row in sampled.z for v in row]
        heights = marching.levels(min(values), max(values), positive_int(levels, "levels"), log_levels)
    else:
        heights = sorted(_numbers(levels, "levels"))

    level_lines = []
    for k, level in enumerate(heights):
        traced = marching.contour_lines(sampled, level)
        pixels = [thin_path([chart.px(a, b) for a, b in line.points]) for line in traced]
        level_lines.append((format_value(level), _ramp(k / max(1, len(heights) - 1)), pixels))
    candidates = [(text, color, max(lines, key=len)) for text, color, lines in level_lines if lines]
    avoid = [run for runs in walked(chart, walks).values() for run in runs]
    avoid += marked_points(chart, walks, lowest)
    placed = place_labels(candidates, (chart.left, chart.top, chart.right, chart.bottom), avoid)
    for text, color, lines in level_lines:
        drawn = [polyline(pixels, color, 1.2) for pixels in cut_gaps(lines, placed)]
        chart.add("\n".join(['<g class="contour">', tag("title", f"f = {text}"), *drawn, "</g>"]))
    chart.add(label_group(placed))
    draw_paths(chart, walks, lowest)
    return chart.render(path)


def _two_argument(f: object) -> Callable[[float, float], float]:
    """f(a, b) from a plain function of two floats or from a 2-D Differentiable."""
    if isinstance(f, Differentiable):
        return lambda a, b: f.value([a, b])
    if callable(f):
        try:
            inspect.signature(f).bind(0.0, 0.0)
        except TypeError:
            raise ParameterError(f"f must take two numbers, f(a, b), got {f!r:.80}") from None
        except ValueError:  # a builtin without a signature: it will say so itself
            pass
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
