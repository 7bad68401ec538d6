"""Landscapes with more than one critical point: where gradient descent can stop short.

A strictly convex bowl has one critical point, its minimum, and gradient
descent finds it from anywhere. These functions are not convex; each has
minima, and maxima or saddles, where ∇f = 0 too, and where a run can end:

    Himmelblau   f(x, y) = (x² + y − 11)² + (x + y² − 7)²     4 minima, 1 maximum, 4 saddles
    DoubleWell   f(x)    = (x² − 1)² + t·x                     2 minima (one deeper if t ≠ 0), 1 maximum
    Saddle       f(x, y) = x⁴ − 2x² + y²                       2 minima, 1 saddle between them

Each states its value, gradient and Hessian H = ∇²f side by side, and lists
its critical points in ``minima``, ``maxima`` and ``saddles``: in closed
form where there is one (the roots of a cubic), else the literature's
coordinates to 6 digits. ``critical.classify_point`` tells the kinds apart
from H's eigenvalues: all positive at a minimum, all negative at a maximum,
both signs at a saddle.

The cubics are solved by the trigonometric formula: when u³ + pu + q = 0 has
three real roots (4p³ + 27q² ≤ 0), they are

    uₖ = 2√(−p/3) · cos(⅓·arccos((3q/2p)·√(−3/p)) − 2πk/3),   k = 0, 1, 2.

>>> f = Himmelblau()
>>> f.value([3.0, 2.0]), f.gradient([3.0, 2.0])             # a minimum: f = 0, ∇f = 0
(0.0, [0.0, 0.0])
>>> f.hessian([3.0, 2.0])                                     # 12·9 + 8 − 42, 4·3 + 4·2, 12 + 48 − 26
[[74.0, 20.0], [20.0, 34.0]]
"""

from __future__ import annotations

import math

from .checks import real
from .errors import ParameterError

Point = tuple[float, ...]


def _cubic_roots(p: float, q: float) -> list[float]:
    """The three real roots of u³ + pu + q = 0 (which must have three), in increasing order."""
    radius = 2.0 * math.sqrt(-p / 3.0)
    angle = math.acos(max(-1.0, min(1.0, 3.0 * q / (2.0 * p) * math.sqrt(-3.0 / p)))) / 3.0
    return sorted(radius * math.cos(angle - 2.0 * math.pi * k / 3.0) for k in range(3))


class Himmelblau:
    """Himmelblau's function (Himmelblau, *Applied Nonlinear Programming*, 1972):

        f(x, y)   = (x² + y − 11)² + (x + y² − 7)²
        ∂f/∂x     = 4x·(x² + y − 11) + 2·(x + y² − 7)
        ∂f/∂y     = 2·(x² + y − 11) + 4y·(x + y² − 7)
        ∂²f/∂x²   = 12x² + 4y − 42      ∂²f/∂x∂y = 4x + 4y      ∂²f/∂y² = 4x + 12y² − 26

    Four minima, all with f = 0, where both squares vanish: x² + y = 11 and
    x + y² = 7, so x⁴ − 22x² + x + 114 = (x − 3)(x³ + 3x² − 13x − 38) = 0 and
    y = 11 − x². One is (3, 2); the cubic (with x = u − 1: u³ − 16u − 23 = 0)
    gives the other three, near (−2.805118, 3.131312), (−3.779310, −3.283186)
    and (3.584428, −1.848126). The maximum, f ≈ 181.617 at
    (−0.270845, −0.923039), and the four saddles solve a system of degree 9
    with no such form: their coordinates are the 6-digit values tabulated
    with the function in benchmark collections (Wikipedia, "Himmelblau's
    function", gives the minima and the maximum). The tests polish each by
    Newton's method and find it within 1e-6.

    >>> f = Himmelblau()
    >>> f.value([0.0, 0.0]), f.gradient([0.0, 0.0])   # 121 + 49;  2·(−7), 2·(−11)
    (170.0, [-14.0, -22.0])
    >>> len(f.minima), len(f.maxima), len(f.saddles)
    (4, 1, 4)
    """

    def __init__(self) -> None:
        others = [(u - 1.0, 11.0 - (u - 1.0) ** 2) for u in _cubic_roots(-16.0, -23.0)]
        around: list[Point] = sorted(
            [(3.0, 2.0), *others], key=lambda m: math.atan2(m[1], m[0]) % (2 * math.pi)
        )
        self.minima: list[Point] = around  # anticlockwise from (3, 2), as Wikipedia lists them
        self.maxima: list[Point] = [(-0.270845, -0.923039)]
        self.saddles: list[Point] = [
            (0.086678, 2.884255),
            (-3.073026, -0.081353),
            (-0.127961, -1.953715),
            (3.385154, 0.073852),
        ]

    def value(self, theta: list[float]) -> float:
        """f(x, y) = (x² + y − 11)² + (x + y² − 7)²."""
        x, y = _pair(theta)
        a, b = x * x + y - 11.0, x + y * y - 7.0
        return a * a + b * b

    def gradient(self, theta: list[float]) -> list[float]:
        """[4x·a + 2b, 2a + 4y·b] with a = x² + y − 11, b = x + y² − 7."""
        x, y = _pair(theta)
        a, b = x * x + y - 11.0, x + y * y - 7.0
        return [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]

    def hessian(self, theta: list[float]) -> list[list[float]]:
        """[[12x² + 4y − 42, 4x + 4y], [4x + 4y, 4x + 12y² − 26]]."""
        x, y = _pair(theta)
        cross = 4.0 * x + 4.0 * y
        return [[12.0 * x * x + 4.0 * y - 42.0, cross], [cross, 4.0 * x + 12.0 * y * y - 26.0]]

    def __repr__(self) -> str:
        return "Himmelblau()"


TILT_LIMIT = 8.0 / (3.0 * math.sqrt(3.0))
"""|t| must stay below 8/(3√3) ≈ 1.54: beyond it the shallow well and the hump merge and vanish."""


class DoubleWell:
    """A double well on the line, tilted by t: the simplest function with two minima.

        f(x)   = (x² − 1)² + t·x
        f′(x)  = 4x³ − 4x + t
        f″(x)  = 12x² − 4

    With t = 0 the minima are x = ±1 (f = 0) and the hump between them is a
    maximum at x = 0 (f = 1). A tilt t > 0 lowers the left well and raises
    the right one: both stay minima, but only the left one is the global
    minimum, and gradient descent started at x > 0 still ends in the right,
    worse, one. The critical points solve x³ − x + t/4 = 0, a cubic with three
    real roots while |t| < 8/(3√3) ≈ 1.54; the middle root is the maximum.

    >>> well = DoubleWell()
    >>> well.value([1.0]), well.value([0.0]), well.gradient([2.0]), well.hessian([0.0])
    (0.0, 1.0, [24.0], [[-4.0]])
    >>> [round(x, 12) for (x,) in well.minima + well.maxima]    # the roots of x³ − x = 0
    [-1.0, 1.0, 0.0]
    """

    def __init__(self, tilt: float = 0.0) -> None:
        self.tilt = real(tilt)
        if not math.isfinite(self.tilt) or abs(self.tilt) >= TILT_LIMIT:
            raise ParameterError(
                f"tilt must be a number of size below 8/(3√3) ≈ {TILT_LIMIT:.4f}, where the shallow well"
                f" still exists, got {tilt!r}"
            )
        left, middle, right = _cubic_roots(-1.0, self.tilt / 4.0)
        self.minima: list[Point] = [(left,), (right,)]
        self.maxima: list[Point] = [(middle,)]
        self.saddles: list[Point] = []

    def value(self, theta: list[float]) -> float:
        """f(x) = (x² − 1)² + t·x."""
        x = _single(theta)
        s = x * x - 1.0
        return s * s + self.tilt * x

    def gradient(self, theta: list[float]) -> list[float]:
        """[f′(x)] = [4x³ − 4x + t]."""
        x = _single(theta)
        return [4.0 * x * (x * x - 1.0) + self.tilt]

    def hessian(self, theta: list[float]) -> list[list[float]]:
        """[[f″(x)]] = [[12x² − 4]]."""
        x = _single(theta)
        return [[12.0 * x * x - 4.0]]

    def __repr__(self) -> str:
        return f"DoubleWell(tilt={self.tilt})"


class Saddle:
    """A saddle between two minima, where gradient descent can stall:

        f(x, y)  = x⁴ − 2x² + t·x + y²
        ∇f       = [4x³ − 4x + t, 2y]
        H        = [[12x² − 4, 0], [0, 2]]

    The example of Rong Ge's "Escaping from saddle points" (Off the Convex
    Path, 2016), with t = ``tilt`` (default 0). Untilted, the origin is a
    saddle (f = 0, H = diag(−4, 2): a valley along y, a ridge along x); the
    minima are (±1, 0) with f = −1. Started anywhere on the line x = 0,
    gradient descent keeps x = 0 exactly and walks into the saddle, where
    ∇f = 0 and it stops. Started a hair off that line, it slows down near
    the saddle, lingers there while x grows by a factor 1 + 4η per step, and
    then falls into a minimum. A tilt moves the three critical points along
    y = 0 to the roots of x³ − x + t/4 = 0 (as ``DoubleWell``'s) and makes the
    minimum on the far side of the tilt a local one only: a run that starts
    there is trapped in it.

    >>> f = Saddle()
    >>> f.value([0.0, 1.0]), f.gradient([0.0, 1.0]), f.hessian([0.0, 0.0])
    (1.0, [0.0, 2.0], [[-4.0, 0.0], [0.0, 2.0]])
    >>> [round(x, 4) for x, _ in Saddle(tilt=0.3).minima]     # the global one, then the local one
    [-1.0356, 0.9601]
    """

    def __init__(self, tilt: float = 0.0) -> None:
        self.tilt = real(tilt)
        if not math.isfinite(self.tilt) or abs(self.tilt) >= TILT_LIMIT:
            raise ParameterError(
                f"tilt must be a number of size below 8/(3√3) ≈ {TILT_LIMIT:.4f}, where both minima"
                f" and the saddle exist, got {tilt!r}"
            )
        left, middle, right = _cubic_roots(-1.0, self.tilt / 4.0) if self.tilt else (-1.0, 0.0, 1.0)
        self.minima: list[Point] = [(left, 0.0), (right, 0.0)]
        self.maxima: list[Point] = []
        self.saddles: list[Point] = [(middle, 0.0)]

    def value(self, theta: list[float]) -> float:
        """f(x, y) = x⁴ − 2x² + t·x + y²."""
        x, y = _pair(theta)
        x2 = x * x
        return x2 * x2 - 2.0 * x2 + self.tilt * x + y * y

    def gradient(self, theta: list[float]) -> list[float]:
        """[4x³ − 4x + t, 2y]."""
        x, y = _pair(theta)
        return [4.0 * x * x * x - 4.0 * x + self.tilt, 2.0 * y]

    def hessian(self, theta: list[float]) -> list[list[float]]:
        """[[12x² − 4, 0], [0, 2]]."""
        x, _ = _pair(theta)
        return [[12.0 * x * x - 4.0, 0.0], [0.0, 2.0]]

    def __repr__(self) -> str:
        return f"Saddle(tilt={self.tilt!r})" if self.tilt else "Saddle()"


def _single(theta: list[float]) -> float:
    if len(theta) != 1:
        raise ParameterError(f"theta must have 1 entry, got {len(theta)}")
    return theta[0]


def _pair(theta: list[float]) -> tuple[float, float]:
    if len(theta) != 2:
        raise ParameterError(f"theta must have 2 entries, got {len(theta)}")
    return theta[0], theta[1]
