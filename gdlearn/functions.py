"""Differentiable functions: the one protocol gradient descent needs.

Gradient descent only ever asks a function two questions about a point θ:

    value(θ)     = f(θ)                      a number
    gradient(θ)  = ∇f(θ) = [∂f/∂θ₁, …, ∂f/∂θₚ]   a vector

Anything that answers them is a ``Differentiable``. An analytic gradient is
easy to get wrong; ``gradient_check``, the next lesson, compares it with
finite differences, which need nothing but ``value``.

Two textbook functions implement the protocol, each with a known minimiser:
``Quadratic`` (a bowl, the ideal case) and ``Rosenbrock`` (a curved valley,
the hard case).
"""

from __future__ import annotations

import math
from typing import Any, Protocol, runtime_checkable

from .checks import positive_number
from .errors import ParameterError
from .linalg import cholesky, cholesky_solve
from .vectors import as_matrix, as_vector, dot


@runtime_checkable
class Differentiable(Protocol):
    """A function f: ℝᵖ → ℝ that knows its value and its gradient."""

    def value(self, theta: list[float]) -> float:
        """f(θ)."""
        ...

    def gradient(self, theta: list[float]) -> list[float]:
        """∇f(θ), a vector with one entry per component of θ."""
        ...


class Quadratic:
    """The quadratic bowl  f(θ) = ½ θᵀAθ − bᵀθ,  ∇f(θ) = Aθ − b.

    A must be symmetric positive definite; then f is strictly convex and its
    one minimiser solves Aθ* = b. Gradient descent converges on it for
    0 < η < 2/λ_max(A).

    >>> bowl = Quadratic([[2.0, 0.0], [0.0, 4.0]], [2.0, 4.0])
    >>> bowl.value([0.0, 0.0]), bowl.gradient([0.0, 0.0])
    (0.0, [-2.0, -4.0])
    >>> [round(t, 12) for t in bowl.minimizer]   # solves Aθ = b
    [1.0, 1.0]
    """

    def __init__(self, A: Any, b: Any) -> None:
        self.A = as_matrix(A, "A")
        self.b = as_vector(b, "b", length=len(self.A))
        p = len(self.A)
        for i, row in enumerate(self.A):
            if len(row) != p:
                raise ParameterError(f"A must be square, got {p} rows of {len(row)} columns")
            for j in range(i):
                if not math.isclose(row[j], self.A[j][i], rel_tol=1e-12, abs_tol=1e-300):
                    raise ParameterError(
                        f"A must be symmetric, got A[{i}][{j}]={row[j]!r} but A[{j}][{i}]={self.A[j][i]!r}"
                    )
        L = cholesky(self.A)
        if L is None:
            raise ParameterError("A must be positive definite for the bowl to have a minimum")
        self.minimizer = cholesky_solve(L, self.b)

    def value(self, theta: list[float]) -> float:
        """f(θ) = ½ θᵀAθ − bᵀθ."""
        _check_length(theta, len(self.b))
        A_theta = [dot(row, theta) for row in self.A]
        return 0.5 * dot(theta, A_theta) - dot(self.b, theta)

    def gradient(self, theta: list[float]) -> list[float]:
        """∇f(θ) = Aθ − b."""
        _check_length(theta, len(self.b))
        return [dot(row, theta) - b_i for row, b_i in zip(self.A, self.b)]

    def __repr__(self) -> str:
        return f"Quadratic(A={self.A}, b={self.b})"


class Rosenbrock:
    """Rosenbrock's banana valley, the classic hard case for gradient descent.

        f(x, y) = (a − x)² + c·(y − x²)²
        ∂f/∂x   = −2(a − x) − 4c·x·(y − x²)
        ∂f/∂y   = 2c·(y − x²)

    The minimum is f = 0 at (a, a²). With the usual a = 1, c = 100 the valley
    floor is nearly flat along y = x² and steep across it, so a learning rate
    small enough to stay in the valley crawls along it.

    >>> f = Rosenbrock()
    >>> f.value([1.0, 1.0])
    0.0
    >>> f.value([0.0, 0.0]), f.gradient([0.0, 0.0])
    (1.0, [-2.0, 0.0])
    """

    def __init__(self, a: float = 1.0, c: float = 100.0) -> None:
        self.a = as_vector([a], "a")[0]
        self.c = positive_number(c, "c")
        self.minimizer = [self.a, self.a * self.a]

    def value(self, theta: list[float]) -> float:
        """f(x, y) = (a − x)² + c·(y − x²)²."""
        x, y = _pair(theta)
        gap, valley = self.a - x, y - x * x
        return gap * gap + self.c * valley * valley

    def gradient(self, theta: list[float]) -> list[float]:
        """[∂f/∂x, ∂f/∂y] = [−2(a − x) − 4c·x·(y − x²), 2c·(y − x²)]."""
        x, y = _pair(theta)
        gap, valley = self.a - x, y - x * x
        return [-2.0 * gap - 4.0 * self.c * x * valley, 2.0 * self.c * valley]

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a}, c={self.c})"


def _check_length(theta: list[float], p: int) -> None:
    if len(theta) != p:
        raise ParameterError(f"theta must have {p} entries, got {len(theta)}")


def _pair(theta: list[float]) -> tuple[float, float]:
    _check_length(theta, 2)
    return theta[0], theta[1]
