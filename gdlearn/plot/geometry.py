"""Lines made ready for drawing: cut to the plot box, thinned to what pixels can show.

    thin_line(points)               a long curve: per pixel column, its first, lowest, highest, last point
    thin_path(points)               a path of tiny steps: points within ½ pixel of the last one dropped
    clip_line(w, b, x_box, y_box)   the piece of the line y = w·x + b inside the box
    clip_path(points, x_box, y_box) the pieces of a path inside the box, cut where it leaves
    cut_out(points, x_box, y_box)   the pieces of a path outside the box (a gap for a label)

Clipping happens in data units, before the mapping to pixels, so a point far
outside the chart (a diverging run, a steep line) never becomes a huge
coordinate in the SVG. Thinning happens in pixels, where "too close to see"
has a meaning.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

Point = tuple[float, float]
Range = tuple[float, float]


def thin_line(points: Sequence[Point]) -> list[Point]:
    """Fewer points, drawn the same: per pixel column, the first, lowest, highest and last.

    Consecutive points that fall in one pixel column (⌊x⌋ equal) are reduced
    to at most four, in their order, so a long noisy loss history keeps its
    full vertical extent in every column (the M4 method). Lines of at most
    four points per column come back unchanged.

    >>> thin_line([(0.1, 5.0), (0.2, 9.0), (0.3, 1.0), (0.4, 7.0), (0.5, 6.0), (1.5, 2.0)])
    [(0.1, 5.0), (0.2, 9.0), (0.3, 1.0), (0.5, 6.0), (1.5, 2.0)]
    """
    kept: list[Point] = []
    start = 0
    while start < len(points):
        column = math.floor(points[start][0])
        end = start
        while end + 1 < len(points) and math.floor(points[end + 1][0]) == column:
            end += 1
        run = range(start, end + 1)
        chosen = {start, end, min(run, key=lambda k: points[k][1]), max(run, key=lambda k: points[k][1])}
        kept.extend(points[k] for k in sorted(chosen))
        start = end + 1
    return kept


def thin_path(points: Sequence[Point], spacing: float = 0.5) -> list[Point]:
    """Drop points closer than ``spacing`` pixels to the last point kept; the end is always kept.

    A path of 20 000 tiny steps along a valley draws the same with far fewer points.

    >>> thin_path([(0.0, 0.0), (0.1, 0.0), (0.2, 0.0), (3.0, 4.0), (3.1, 4.0)])
    [(0.0, 0.0), (3.0, 4.0), (3.1, 4.0)]
    """
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist(point, kept[-1]) >= spacing:
            kept.append(point)
    if len(points) > 1:
        kept.append(points[-1])
    return kept


def clip_line(w: float, b: float, x_box: Range, y_box: Range) -> list[Point]:
    """The two ends of the piece of y = w·x + b inside the box, or [] if it misses the box.

    The x range is cut down to where y_lo ≤ w·x + b ≤ y_hi, that is to between
    (y_lo − b)/w and (y_hi − b)/w.

    >>> clip_line(2.0, 0.0, (0.0, 10.0), (0.0, 4.0))      # leaves through the top at x = 2
    [(0.0, 0.0), (2.0, 4.0)]
    """
    (x_lo, x_hi), (y_lo, y_hi) = x_box, y_box
    if w == 0:
        return [(x_lo, b), (x_hi, b)] if y_lo <= b <= y_hi else []
    x_a, x_b = sorted(((y_lo - b) / w, (y_hi - b) / w))
    x0, x1 = max(x_lo, x_a), min(x_hi, x_b)
    return [(x0, w * x0 + b), (x1, w * x1 + b)] if x0 <= x1 else []


def clip_path(points: Sequence[Point], x_box: Range, y_box: Range) -> list[list[Point]]:
    """The pieces of the path θ₀, θ₁, … that lie inside the box, cut where it leaves.

    Each step from p to q is the segment p + t·(q − p), 0 ≤ t ≤ 1; the part
    inside the box is the t where every bound holds (Liang–Barsky):

        lo ≤ pᵢ + t·(qᵢ − pᵢ) ≤ hi   for each coordinate i

    >>> clip_path([(0.0, 0.0), (4.0, 0.0), (4.0, 1.0), (0.5, 0.5)], (-1.0, 1.0), (-1.0, 1.0))
    [[(0.0, 0.0), (1.0, 0.0)], [(1.0, 0.5714285714285714), (0.5, 0.5)]]
    """
    if len(points) == 1:
        return [[points[0]]] if inside(points[0], x_box, y_box) else []
    runs: list[list[Point]] = []
    current: list[Point] = []
    for p, q in itertools.pairwise(points):
        piece = _clip_step(p, q, x_box, y_box)
        if piece is None:
            continue
        start, end = piece
        if not (current and current[-1] == start):  # the path comes (back) into the box
            current = [start]
            runs.append(current)
        current.append(end)
        if end != q:  # it leaves the box here
            current = []
    return runs


def cut_out(points: Sequence[Point], x_box: Range, y_box: Range) -> list[list[Point]]:
    """The pieces of the path outside the box: the path with a gap where it crosses the box.

    Each step keeps its parts before it enters the box and after it leaves
    (the t outside [t_in, t_out] of ``clip_path``'s clipping).

    >>> cut_out([(0.0, 0.0), (10.0, 0.0)], (4.0, 6.0), (-1.0, 1.0))
    [[(0.0, 0.0), (4.0, 0.0)], [(6.0, 0.0), (10.0, 0.0)]]
    """
    pieces: list[list[Point]] = [[points[0]]] if not inside(points[0], x_box, y_box) else [[]]
    for p, q in itertools.pairwise(points):
        clipped = _clip_step(p, q, x_box, y_box)
        if clipped is None:  # the whole step is outside
            if not pieces[-1]:
                pieces[-1].append(p)
            pieces[-1].append(q)
            continue
        start, end = clipped
        if start != p:  # outside up to where it enters
            if not pieces[-1]:
                pieces[-1].append(p)
            pieces[-1].append(start)
        pieces.append([])
        if end != q:  # outside again after it leaves
            pieces[-1] += [end, q]
    return [piece for piece in pieces if len(piece) > 1]


def inside(point: Point, x_box: Range, y_box: Range) -> bool:
    """True if the point lies in the box (edges included)."""
    return x_box[0] <= point[0] <= x_box[1] and y_box[0] <= point[1] <= y_box[1]


def _clip_step(p: Point, q: Point, x_box: Range, y_box: Range) -> tuple[Point, Point] | None:
    """The part of the step from p to q inside the box, or None if it misses the box."""
    t_in, t_out = 0.0, 1.0
    for p_i, q_i, (lo, hi) in ((p[0], q[0], x_box), (p[1], q[1], y_box)):
        d = q_i - p_i
        if not math.isfinite(d):
            return None  # coordinates near the float limit: far outside any chart
        if d == 0:
            if not lo <= p_i <= hi:
                return None  # moves parallel to this side, outside it
            continue
        t_enter, t_exit = sorted(((lo - p_i) / d, (hi - p_i) / d))
        t_in, t_out = max(t_in, t_enter), min(t_out, t_exit)
    if t_in > t_out:
        return None
    start = p if t_in == 0 else _point_at(p, q, t_in, x_box, y_box)
    end = q if t_out == 1 else _point_at(p, q, t_out, x_box, y_box)
    return start, end


def _point_at(p: Point, q: Point, t: float, x_box: Range, y_box: Range) -> Point:
    """p + t·(q − p), kept inside the box against rounding."""
    x = min(max(p[0] + t * (q[0] - p[0]), x_box[0]), x_box[1])
    y = min(max(p[1] + t * (q[1] - p[1]), y_box[0]), y_box[1])
    return x, y
