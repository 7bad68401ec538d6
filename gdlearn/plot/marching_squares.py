"""Contour lines of a function f(a, b) by marching squares, in pure Python.

First f is sampled on an n × n grid over the box [a_lo, a_hi] × [b_lo, b_hi]:

    aᵢ = a_lo + i·(a_hi − a_lo)/(n − 1),   bⱼ likewise,   zⱼᵢ = f(aᵢ, bⱼ)

Then, for a level ℓ, each square of the grid whose four corners are not all
on the same side of ℓ (a corner with z ≥ ℓ counts as above) is crossed by the
contour. On an edge from corner p to corner q that the contour crosses, the
crossing is found by linear interpolation:

    t = (ℓ − z_p)/(z_q − z_p),   crossing = p + t·(q − p)

A square with two crossed edges holds one segment. A square with four (a
saddle: the corners alternate above and below ℓ) holds two, paired so that
the centre, valued at the mean of the four corners, is on the right side.
Segments that share a crossing are joined into lines; a line that returns to
its start is closed (a ring around a minimum), others end at the box edge.

>>> grid = sample(lambda a, b: a * a + b * b, (-2.0, 2.0), (-2.0, 2.0), 5)
>>> contour_lines(grid, 1.0)    # the unit circle, on so coarse a grid a diamond
[ContourLine(level=1.0, points=[(0.0, -1.0), (-1.0, 0.0), (0.0, 1.0), (1.0, 0.0), (0.0, -1.0)], closed=True)]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..checks import real
from ..errors import ParameterError

LOG_LEVEL_DECADES = 4
"""Geometric levels span this many powers of ten below the largest height."""


class Grid(NamedTuple):
    """f sampled on a grid: ``z[j][i] = f(a[i], b[j])``."""

    a: list[float]
    b: list[float]
    z: list[list[float]]


class ContourLine(NamedTuple):
    """One connected piece of the level set f = level, as (a, b) points in order."""

    level: float
    points: list[tuple[float, float]]
    closed: bool


def sample(
    f: Callable[[float, float], float], a_range: tuple[float, float], b_range: tuple[float, float], n: int
) -> Grid:
    """zⱼᵢ = f(aᵢ, bⱼ) on n evenly spaced values of a and of b (ends included).

    A value that is not a finite number is a ``ParameterError`` naming the point.

    >>> sample(lambda a, b: a - b, (0.0, 1.0), (0.0, 2.0), 2).z
    [[0.0, 1.0], [-2.0, -1.0]]
    """
    a = [a_range[0] + i * (a_range[1] - a_range[0]) / (n - 1) for i in range(n)]
    b = [b_range[0] + j * (b_range[1] - b_range[0]) / (n - 1) for j in range(n)]
    z: list[list[float]] = []
    for b_j in b:
        row: list[float] = []
        for a_i in a:
            value = f(a_i, b_j)
            if not math.isfinite(real(value)):  # real(): nan for a bool, a string, None
                raise ParameterError(f"f({a_i!r}, {b_j!r}) must be a finite number, got {value!r}")
            row.append(float(value))
        z.append(row)
    return Grid(a, b, z)


def levels(z_min: float, z_max: float, count: int, geometric: bool = True) -> list[float]:
    """``count`` contour levels strictly between the smallest and largest sampled value.

    With h = z_max − z_min, m = z_min, K = count and D = LOG_LEVEL_DECADES:

        geometric:  ℓₖ = m + h·10^(D·(k/(K+1) − 1))     k = 1 … K
        even:       ℓₖ = m + h·k/(K+1)

    Geometric levels crowd towards the minimum, which is where a loss surface
    is interesting: its values span decades, and even levels would all sit on
    the steep walls.

    >>> levels(0.0, 10.0, 4, geometric=False)
    [2.0, 4.0, 6.0, 8.0]
    >>> [round(level, 9) for level in levels(1.0, 10001.0, 3)]    # 1 + 10⁴·10^(4·(k/4 − 1))
    [11.0, 101.0, 1001.0]
    """
    h = z_max - z_min
    if geometric:
        return [z_min + h * 10 ** (LOG_LEVEL_DECADES * (k / (count + 1) - 1)) for k in range(1, count + 1)]
    return [z_min + h * k / (count + 1) for k in range(1, count + 1)]


def contour_lines(grid: Grid, level: float) -> list[ContourLine]:
    """The level set f = level on the grid, as lines of (a, b) points (marching squares)."""
    a, b, z = grid
    crossings: dict[tuple[str, int, int], tuple[float, float]] = {}

    def crossing(edge: tuple[str, int, int]) -> tuple[float, float]:
        """The point where the contour crosses a grid edge, by linear interpolation."""
        if edge not in crossings:
            kind, i, j = edge
            i2, j2 = (i + 1, j) if kind == "h" else (i, j + 1)  # "h": towards +a, "v": towards +b
            z_p, z_q = z[j][i], z[j2][i2]
            t = (level - z_p) / (z_q - z_p)
            crossings[edge] = (a[i] + t * (a[i2] - a[i]), b[j] + t * (b[j2] - b[j]))
        return crossings[edge]

    neighbours: dict[tuple[str, int, int], list[tuple[str, int, int]]] = {}

    def link(p: tuple[str, int, int], q: tuple[str, int, int]) -> None:
        neighbours.setdefault(p, []).append(q)
        neighbours.setdefault(q, []).append(p)

    for j in range(len(b) - 1):
        for i in range(len(a) - 1):
            corners = (z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i])  # counter-clockwise
            above = [value >= level for value in corners]
            if all(above) or not any(above):
                continue
            # edge k joins corner k and corner k + 1: bottom, right, top, left
            edges = [("h", i, j), ("v", i + 1, j), ("h", i, j + 1), ("v", i, j)]
            crossed = [edges[k] for k in range(4) if above[k] != above[(k + 1) % 4]]
            if len(crossed) == 2:
                link(crossed[0], crossed[1])
            elif (math.fsum(corners) / 4 >= level) == above[0]:  # saddle, centre on the side of corners 0, 2
                link(crossed[0], crossed[1])  # cut off corner 1
                link(crossed[2], crossed[3])  # cut off corner 3
            else:  # saddle, centre on the side of corners 1, 3
                link(crossed[3], crossed[0])  # cut off corner 0
                link(crossed[1], crossed[2])  # cut off corner 2
    return [
        ContourLine(level, [crossing(edge) for edge in chain], closed)
        for chain, closed in _chains(neighbours)
    ]


def _chains(
    neighbours: dict[tuple[str, int, int], list[tuple[str, int, int]]],
) -> list[tuple[list[tuple[str, int, int]], bool]]:
    """Walk the linked crossings into chains: open ones from their ends first, then rings."""
    seen: set[tuple[str, int, int]] = set()
    chains = []
    ends = [edge for edge, linked in neighbours.items() if len(linked) == 1]
    for start in [*ends, *neighbours]:
        if start in seen:
            continue
        chain, current = [start], start
        seen.add(start)
        while (step := _unseen(neighbours[current], seen)) is not None:
            chain.append(step)
            seen.add(step)
            current = step
        closed = len(chain) > 2 and start in neighbours[current]
        chains.append(([*chain, start] if closed else chain, closed))
    return chains


def _unseen(
    candidates: Sequence[tuple[str, int, int]], seen: set[tuple[str, int, int]]
) -> tuple[str, int, int] | None:
    return next((edge for edge in candidates if edge not in seen), None)
