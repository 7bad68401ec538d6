"""A tilted double well: the lab's landscape with a local minimum and a saddle.

    f(x, y) = (x² − 1)² + t·x + y²          t = tilt (default 0.3)
    ∂f/∂x   = 4x·(x² − 1) + t
    ∂f/∂y   = 2y

Two valleys along y = 0, one on each side of x = 0. The tilt t·x makes the
left one deeper: the critical points are (x, 0) with 4x³ − 4x + t = 0, three
roots, and the Hessian there is diag(12x² − 4, 2), so

    x ≈ −1.036   global minimum     f ≈ −0.305    (12x² − 4 > 0)
    x ≈ +0.075   saddle             f ≈ +1.011    (12x² − 4 < 0: a maximum across, a minimum along y)
    x ≈ +0.960   local minimum      f ≈ +0.294

Gradient descent started on the right of the saddle rolls into the shallow
valley and stays there; started on the line x = saddle it slides down to
the saddle and stalls, until rounding pushes it off. This is the lab's one
non-convex problem, kept beside the lab that shows it; the maths proper has
the convex ones (``functions.Quadratic``, ``functions.Rosenbrock``).

>>> f = DoubleWell()
>>> f.value([1.0, 0.0]), f.value([-1.0, 0.0]), f.gradient([0.0, 2.0])
(0.3, -0.3, [0.3, 4.0])
>>> [round(x, 4) for x, _ in f.critical_points.values()]
[-1.0356, 0.0754, 0.9601]
"""

from __future__ import annotations

from ..checks import to_float
from ..errors import ParameterError


class DoubleWell:
    """f(x, y) = (x² − 1)² + t·x + y²: a global minimum, a saddle and a local minimum on y = 0."""

    def __init__(self, tilt: float = 0.3) -> None:
        t = to_float(tilt, "tilt", ParameterError)
        if not 0.0 < t < 1.0:
            raise ParameterError(f"tilt must be in (0, 1) for two valleys and a saddle, got {tilt!r}")
        self.tilt = t
        left, middle, right = (_root(t, start) for start in (-1.0, 0.0, 1.0))
        self.critical_points = {
            "global minimum": (left, 0.0),
            "saddle": (middle, 0.0),
            "local minimum": (right, 0.0),
        }
        self.minimizer = [left, 0.0]

    def value(self, theta: list[float]) -> float:
        """f(x, y) = (x² − 1)² + t·x + y²."""
        x, y = _pair(theta)
        well = x * x - 1.0
        return well * well + self.tilt * x + y * y

    def gradient(self, theta: list[float]) -> list[float]:
        """[∂f/∂x, ∂f/∂y] = [4x·(x² − 1) + t, 2y]."""
        x, y = _pair(theta)
        return [4.0 * x * (x * x - 1.0) + self.tilt, 2.0 * y]

    def __repr__(self) -> str:
        return f"DoubleWell(tilt={self.tilt})"


def _root(t: float, x: float) -> float:
    """A root of g(x) = 4x³ − 4x + t by Newton's method x ← x − g/g′ from x (g′ = 12x² − 4)."""
    for _ in range(50):
        step = (4.0 * x**3 - 4.0 * x + t) / (12.0 * x * x - 4.0)
        x -= step
        if abs(step) <= 1e-15 * max(1.0, abs(x)):
            break
    return x


def _pair(theta: list[float]) -> tuple[float, float]:
    if len(theta) != 2:
        raise ParameterError(f"theta must have 2 entries (x, y), got {len(theta)}")
    return theta[0], theta[1]
