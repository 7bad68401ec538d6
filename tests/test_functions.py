"""The differentiable protocol and the two textbook functions.

Every analytic gradient is compared with central differences on random points
drawn by hypothesis (``check_gradient``, itself tested in test_gradient_check.py)
and with derivatives worked out by hand.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import Differentiable, GradientCheck, Quadratic, Rosenbrock, check_gradient

coordinate = st.floats(-5.0, 5.0, allow_nan=False)
FEW = settings(max_examples=50, deadline=None)


def agrees(check: GradientCheck) -> bool:
    """The check's own verdict: every component within 1e-5 relative, or below its floor."""
    return check.passed


class Cubic:
    """f(θ) = θ₀³ + θ₀θ₁, ∇f = [3θ₀² + θ₁, θ₀]: derivatives known by hand."""

    def value(self, theta: list[float]) -> float:
        return theta[0] ** 3 + theta[0] * theta[1]

    def gradient(self, theta: list[float]) -> list[float]:
        return [3 * theta[0] ** 2 + theta[1], theta[0]]


def test_textbook_functions_implement_the_protocol() -> None:
    assert isinstance(Rosenbrock(), Differentiable)
    assert isinstance(Quadratic([[1.0]], [0.0]), Differentiable)
    assert isinstance(Cubic(), Differentiable)


# Rosenbrock


def test_rosenbrock_value_and_gradient_by_hand() -> None:
    f = Rosenbrock()
    # (x, y) = (−1, 2): gap = 1 − (−1) = 2, valley = 2 − 1 = 1.
    # f = 2² + 100·1² = 104; ∂f/∂x = −2·2 − 4·100·(−1)·1 = 396; ∂f/∂y = 200·1 = 200.
    assert f.value([-1.0, 2.0]) == pytest.approx(104.0, rel=1e-15)
    assert f.gradient([-1.0, 2.0]) == pytest.approx([396.0, 200.0], rel=1e-15)
    assert f.minimizer == pytest.approx([1.0, 1.0], abs=0.0)
    assert f.value(f.minimizer) == pytest.approx(0.0, abs=0.0)


def test_rosenbrock_with_other_constants() -> None:
    f = Rosenbrock(a=2.0, c=10.0)
    # Minimum at (a, a²) = (2, 4). At (0, 0): f = 2² + 0 = 4, ∇f = [−2·2, 0] = [−4, 0].
    assert f.minimizer == pytest.approx([2.0, 4.0], abs=0.0)
    assert f.value([0.0, 0.0]) == pytest.approx(4.0, rel=1e-15)
    assert f.gradient([0.0, 0.0]) == pytest.approx([-4.0, 0.0], abs=1e-15)


@FEW
@given(x=coordinate, y=coordinate, a=st.floats(-2.0, 2.0), c=st.floats(0.5, 200.0))
def test_rosenbrock_gradient_matches_central_differences(x: float, y: float, a: float, c: float) -> None:
    assert agrees(check_gradient(Rosenbrock(a, c), [x, y]))


# The quadratic bowl


def test_quadratic_value_gradient_and_minimiser_by_hand() -> None:
    A, b = [[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]
    bowl = Quadratic(A, b)
    # θ = (1, 2): Aθ = [4, 7]; f = ½(1·4 + 2·7) − (3 + 10) = 9 − 13 = −4; ∇f = Aθ − b = [1, 2].
    assert bowl.value([1.0, 2.0]) == pytest.approx(-4.0, rel=1e-15)
    assert bowl.gradient([1.0, 2.0]) == pytest.approx([1.0, 2.0], rel=1e-15)
    # Aθ* = b by Cramer's rule: det = 5, θ* = [(3·3 − 1·5)/5, (2·5 − 1·3)/5] = [0.8, 1.4].
    assert bowl.minimizer == pytest.approx([0.8, 1.4], rel=1e-14)


def spd_matrices(p: int) -> st.SearchStrategy[list[list[float]]]:
    """A = MᵀM + I: symmetric (bit for bit) and positive definite."""
    entries = st.lists(st.floats(-3.0, 3.0), min_size=p * p, max_size=p * p)

    def build(flat: list[float]) -> list[list[float]]:
        M = [flat[i * p : (i + 1) * p] for i in range(p)]
        return [
            [math.fsum(M[k][i] * M[k][j] for k in range(p)) + (i == j) for j in range(p)] for i in range(p)
        ]

    return entries.map(build)


@st.composite
def bowls(draw: st.DrawFn) -> tuple[list[list[float]], list[float], list[float]]:
    p = draw(st.integers(1, 4))
    A = draw(spd_matrices(p))
    b = draw(st.lists(coordinate, min_size=p, max_size=p))
    theta = draw(st.lists(coordinate, min_size=p, max_size=p))
    return A, b, theta


@FEW
@given(bowls())
def test_quadratic_gradient_matches_central_differences(
    bowl: tuple[list[list[float]], list[float], list[float]],
) -> None:
    A, b, theta = bowl
    assert agrees(check_gradient(Quadratic(A, b), theta))


@FEW
@given(bowls())
def test_quadratic_minimiser_solves_the_linear_system(
    bowl: tuple[list[list[float]], list[float], list[float]],
) -> None:
    A, b, _ = bowl
    theta_star = Quadratic(A, b).minimizer
    # Residual Aθ* − b, relative to the size of the terms (A has eigenvalues ≥ 1).
    scale = 1.0 + max(map(abs, b)) + max(abs(a) for row in A for a in row) * max(map(abs, theta_star))
    for row, b_i in zip(A, b):
        assert math.fsum(a * t for a, t in zip(row, theta_star)) - b_i == pytest.approx(
            0.0, abs=1e-12 * scale
        )
