"""The paths on a contour map: their lines, their start and end markers, and the known minimum.

Each path θ₀, θ₁, … is drawn in its own colour and dash pattern (the first
solid, the others dashed and on top, so one path running along another still
shows), with a dot on each iterate when there are few. Above every path come
the markers: an open circle at each start and a square at each end, in the
path's colour, the first path's largest so that markers at the same point
all show as rings; over them a thin × at the minimum, where it is known.

>>> [entry.name for entry in path_legend({"GD": [(0.0, 0.0), (1.0, 1.0)]}, (1.0, 1.0))]
['GD', 'minimum (1, 1)', 'start', 'end']
"""

from __future__ import annotations

from collections.abc import Sequence

from .axes import format_value
from .frame import Frame
from .geometry import Point, Range, clip_path, inside, thin_path
from .svg import DASHES, MAX_MARKED, PALETTE, LegendEntry, marker, polyline

PATH_COLORS = [PALETTE[3], PALETTE[1], PALETTE[6], "#000000", PALETTE[5], PALETTE[0]]
"""Red first: it stands out on the violet-to-green level lines."""

MARKER_REACH = 22.0
"""The markers at the start, the end and the minimum fit in a square this many pixels a side."""

Pixels = list[Point]
Walks = dict[str, list[Point]]


def path_legend(walks: Walks, minimum: Sequence[float] | None) -> list[LegendEntry]:
    """An entry per path, then the minimum, the start and the end markers."""
    legend = [
        LegendEntry(name, color, marker="dot" if len(points) <= MAX_MARKED else None, dash=dash)
        for (name, points), color, dash in zip(walks.items(), PATH_COLORS, DASHES)
    ]
    if minimum is not None:
        legend.append(LegendEntry(minimum_name(minimum), "#000000", line=False, marker="minimum"))
    if walks:
        color = PATH_COLORS[0] if len(walks) == 1 else "#555555"  # with several paths, see the note
        legend.append(LegendEntry("start", color, line=False, marker="start"))
        legend.append(LegendEntry("end", color, line=False, marker="end"))
    return legend


def minimum_name(minimum: Sequence[float]) -> str:
    """The legend's name of the minimum: its coordinates to 3 digits."""
    a, b = (format_value(v).replace("-", "−") for v in minimum)
    return f"minimum ({a}, {b})"


def walked(chart: Frame, walks: Walks) -> dict[str, list[Pixels]]:
    """The visible pieces of each path, in pixels: clipped to the box, then thinned."""
    box = _box(chart)
    return {
        name: [thin_path([chart.px(a, b) for a, b in run]) for run in clip_path(points, *box)]
        for name, points in walks.items()
    }


def marked_points(chart: Frame, walks: Walks, minimum: Sequence[float] | None) -> list[Pixels]:
    """Around each start, end and minimum marker inside the box, a square of MARKER_REACH pixels a side.

    Level labels keep clear of these as they keep clear of the paths.
    """
    box = _box(chart)
    points = [p for walk in walks.values() for p in (walk[0], walk[-1])]
    if minimum is not None:
        points.append((minimum[0], minimum[1]))
    r = MARKER_REACH / 2
    corners = [(-r, -r), (r, -r), (r, r), (-r, r), (-r, -r)]
    return [
        [(x + u, y + v) for u, v in corners] for x, y in (chart.px(*p) for p in points if inside(p, *box))
    ]


def draw_paths(chart: Frame, walks: Walks, minimum: Sequence[float] | None) -> None:
    """Add the paths, then the start and end markers of all paths, then the minimum, as named series."""
    box = _box(chart)
    for (name, runs), color, dash in zip(walked(chart, walks).items(), PATH_COLORS, DASHES):
        elements = [polyline(pixels, color, dash=dash) for pixels in runs]
        if len(walks[name]) <= MAX_MARKED:  # a dot on each iterate θₖ in the box, not where a step is cut
            iterates = [chart.px(a, b) for a, b in walks[name] if inside((a, b), *box)]
            elements += [marker("dot", x, y, color) for x, y in iterates]
        chart.series(name, elements)
    n = len(walks)
    for kind, index in (("start", 0), ("end", -1)) if walks else ():
        rings = [  # the first path's marker largest, so that markers on one point all show
            marker(kind, *chart.px(*points[index]), color, size=1 + 0.45 * (n - 1 - k))
            for k, (points, color) in enumerate(zip(walks.values(), PATH_COLORS))
            if inside(points[index], *box)
        ]
        chart.series(kind, rings)
    if minimum is not None:  # a thin × over the markers: a run that ends there shows both
        a, b = minimum
        shown = [marker("minimum", *chart.px(a, b), "#000000")] if inside((a, b), *box) else []
        chart.series(minimum_name(minimum), shown)


def scales_note(chart: Frame) -> list[str]:
    """A note saying how much longer a unit is drawn up than across, unless they agree to 1 %."""
    across = (chart.right - chart.left) / (chart.x_axis.hi - chart.x_axis.lo)
    up = (chart.bottom - chart.top) / (chart.y_axis.hi - chart.y_axis.lo)
    if abs(up / across - 1) <= 0.01:
        return []
    return [
        f"Unequal scales: a unit of {chart.y_label} is drawn {format_value(up / across)} times"
        f" as long as a unit of {chart.x_label}."
    ]


def _box(chart: Frame) -> tuple[Range, Range]:
    return (chart.x_axis.lo, chart.x_axis.hi), (chart.y_axis.lo, chart.y_axis.hi)
