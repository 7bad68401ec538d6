"""Which drawn lines lie within a pixel of another, so that one could hide the other.

A line a "coincides with" a line b when every point of a, not only its
vertices, lies within ``TOLERANCE`` pixels of b (a one-sided Hausdorff
distance):

    max over p on a of  min over q on b of ‖p − q‖  ≤  1 px

Drawn under b, such a line would be invisible; the charts then say so in the
legend. The points of a are taken every ``STEP`` pixels along its segments
(so the answer holds to STEP/2 = 0.1 px; for a line longer than
``MAX_POINTS`` steps, every length/MAX_POINTS pixels), and b's segments are
filed by the 8 × 8 pixel cells they cross, so each point is compared exactly
with the few segments near it.

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
MAX_POINTS = 20_000
CELL = 8.0
Segment = tuple[Point, Point]


def coincides(
    a: Sequence[Sequence[Point]], b: Sequence[Sequence[Point]], tolerance: float = TOLERANCE
) -> bool:
    """True if every point of the pieces ``a`` lies within ``tolerance`` pixels of the pieces ``b``.

    Each line is a list of pieces, each piece a list of pixel points (a
    single point is a piece too). An empty ``a`` (nothing drawn) coincides
    with nothing. Lines drawn with the very same points coincide at once;
    otherwise a's vertices are tried first (two different lines part there,
    soon), then the points between them, at most ``MAX_POINTS`` of them: a
    line of thousands of tall zig-zags is tried every few pixels, not every
    0.2, so that its answer comes in a second, not minutes.
    """
    if not any(a) or not any(b):
        return False
    if all(piece in b for piece in a):  # the same points: drawn under b, a is hidden exactly
        return True
    cells = _file_segments(b, tolerance)
    if not all(_near(point, cells, tolerance) for piece in a for point in piece):
        return False
    segments = [segment for piece in a for segment in _segments(piece)]
    step = max(STEP, math.fsum(math.dist(p, q) for p, q in segments) / MAX_POINTS)
    for p, q in segments:
        steps = max(1, math.ceil(math.dist(p, q) / step))
        for k in range(1, steps):
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
    """Is ``point`` within ``tolerance`` of one of the segments filed in its cell?

    The distance from x to the segment pq is ‖x − (p + t·(q − p))‖ with t the projection
    ((x − p)·(q − p))/‖q − p‖², clipped to [0, 1]; compared squared, with no square root.
    """
    x, y = point
    for (px, py), (qx, qy) in cells.get((math.floor(x / CELL), math.floor(y / CELL)), ()):
        dx, dy = qx - px, qy - py
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else min(max(((x - px) * dx + (y - py) * dy) / length2, 0.0), 1.0)
        ex, ey = x - px - t * dx, y - py - t * dy  # x minus its nearest point on pq
        if ex * ex + ey * ey <= tolerance * tolerance:
            return True
    return False
