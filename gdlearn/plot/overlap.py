"""Which drawn lines lie within a pixel of another, so that one could hide the other.

A line a "coincides with" a line b when every point of a, not only its
vertices, lies within ``TOLERANCE`` pixels of b (a one-sided Hausdorff
distance):

    max over p on a of  min over q on b of ‖p − q‖  ≤  1 px

Drawn under b, such a line would be invisible; the charts then say so in the
legend. The points of a are taken every ``STEP`` pixels along its segments
(so the answer holds to STEP/2 = 0.1 px), and b's segments are filed by the
8 × 8 pixel cells they cross, so each point is compared exactly with the few
segments near it.

>>> coincides([[(0.0, 0.0), (10.0, 0.4)]], [[(0.0, 0.0), (20.0, 0.0)]])
True
>>> coincides([[(0.0, 0.0), (10.0, 3.0)]], [[(0.0, 0.0), (20.0, 0.0)]])
False
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from .geometry import Point

TOLERANCE = 1.0
"""Lines closer than this many pixels everywhere are drawn as one."""

STEP = 0.2
CELL = 8.0
Segment = tuple[Point, Point]


def coincides(
    a: Sequence[Sequence[Point]], b: Sequence[Sequence[Point]], tolerance: float = TOLERANCE
) -> bool:
    """True if every point of the pieces ``a`` lies within ``tolerance`` pixels of the pieces ``b``.

    Each line is a list of pieces, each piece a list of pixel points (a
    single point is a piece too). An empty ``a`` (nothing drawn) coincides
    with nothing.
    """
    cells = _file_segments(b, tolerance)
    if not cells or not any(a):
        return False
    for piece in a:
        for p, q in _segments(piece):
            steps = max(1, math.ceil(math.dist(p, q) / STEP))
            for k in range(steps + 1):
                point = (p[0] + (q[0] - p[0]) * k / steps, p[1] + (q[1] - p[1]) * k / steps)
                if not _near(point, cells, tolerance):
                    return False
    return True


def coinciding(lines: Mapping[str, Sequence[Sequence[Point]]]) -> dict[str, list[str]]:
    """For each name, the names of the other lines it lies within a pixel of, in order.

    Of two lines that lie within a pixel of each other, only the one named
    first (drawn first, so underneath) lists the other.

    >>> coinciding({"a": [[(0.0, 0.0), (9.0, 0.0)]], "b": [[(0.0, 0.5), (9.0, 0.5)]], "c": [[(0.0, 9.0)]]})
    {'a': ['b'], 'b': [], 'c': []}
    """
    names = list(lines)
    found: dict[str, list[str]] = {name: [] for name in names}
    for i, name in enumerate(names):
        for j, other in enumerate(names):
            if i != j and coincides(lines[name], lines[other]):
                if j < i and name in found[other]:
                    continue  # each way: the one underneath already names this one
                found[name].append(other)
    return found


def coincidence_notes(lines: Mapping[str, Sequence[Sequence[Point]]]) -> dict[str, str | None]:
    """For each line, the legend's note "coincides with … to within a pixel", or None.

    >>> coincidence_notes({"a": [[(0.0, 0.0), (9.0, 0.0)]], "b": [[(0.0, 0.5), (9.0, 0.5)]]})
    {'a': 'coincides with b to within a pixel', 'b': None}
    """
    return {
        name: f"coincides with {' and '.join(others)} to within a pixel" if others else None
        for name, others in coinciding(lines).items()
    }


def _file_segments(pieces: Sequence[Sequence[Point]], margin: float) -> dict[tuple[int, int], list[Segment]]:
    """Each segment of the pieces, filed under every cell its box (widened by ``margin``) touches."""
    cells: dict[tuple[int, int], list[Segment]] = {}
    for piece in pieces:
        for p, q in _segments(piece):
            (x0, x1), (y0, y1) = sorted((p[0], q[0])), sorted((p[1], q[1]))
            for i in range(math.floor((x0 - margin) / CELL), math.floor((x1 + margin) / CELL) + 1):
                for j in range(math.floor((y0 - margin) / CELL), math.floor((y1 + margin) / CELL) + 1):
                    cells.setdefault((i, j), []).append((p, q))
    return cells


def _segments(piece: Sequence[Point]) -> list[Segment]:
    """The segments of a piece; a piece of one point is a segment of length 0."""
    return list(itertools.pairwise(piece)) if len(piece) > 1 else [(p, p) for p in piece]


def _near(point: Point, cells: dict[tuple[int, int], list[Segment]], tolerance: float) -> bool:
    key = (math.floor(point[0] / CELL), math.floor(point[1] / CELL))
    return any(_distance(point, p, q) <= tolerance for p, q in cells.get(key, []))


def _distance(point: Point, p: Point, q: Point) -> float:
    """The distance from ``point`` to the segment pq."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((point[0] - p[0]) * dx + (point[1] - p[1]) * dy) / length2
    t = min(max(t, 0.0), 1.0)
    return math.dist(point, (p[0] + t * dx, p[1] + t * dy))
