"""The differentiable protocol, the gradient check, and the two textbook functions.

Every analytic gradient is compared with central differences on random points
drawn by hypothesis; the finite-difference helpers themselves are checked
against derivatives worked out by hand.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import (
    Differentiable,
    GradientCheck,
    ParameterError,
    Quadratic,
    Rosenbrock,
    check_gradient,
    numerical_gradient,
)

coordinate = st.floats(-5.0, 5.0, allow_nan=False)
FEW = settings(max_examples=50, deadline=None)


def agrees(check: GradientCheck) -> bool:
    """Central differences with ε = 1e-6 match a correct gradient to ~1e-8 relative.

    The absolute floor covers gradients that are (nearly) zero, where a
    relative error means nothing.
    """
    return check.max_rel_error < 1e-6 or check.max_abs_error < 1e-7


class Cubic:
    """f(θ) = θ₀³ + θ₀θ₁, ∇f = [3θ₀² + θ₁, θ₀]: derivatives known by hand."""

    def value(self, theta: list[float]) -> float:
        return theta[0] ** 3 + theta[0] * theta[1]

    def gradient(self, theta: list[float]) -> list[float]:
        return [3 * theta[0] ** 2 + theta[1], theta[0]]


class WrongGradient(Cubic):
    """The same f with a classic slip: the derivative of θ₀³ written as θ₀²."""

    def gradient(self, theta: list[float]) -> list[float]:
        return [theta[0] ** 2 + theta[1], theta[0]]


def test_textbook_functions_implement_the_protocol() -> None:
    assert isinstance(Rosenbrock(), Differentiable)
    assert isinstance(Quadratic([[1.0]], [0.0]), Differentiable)
    assert isinstance(Cubic(), Differentiable)


def test_numerical_gradient_matches_hand_derivatives() -> None:
    # ∇f(2, 3) = [3·4 + 3, 2] = [15, 2]; the error of central differences is h²·f'''/6 ≈ 4e-12.
    assert numerical_gradient(Cubic(), [2.0, 3.0]) == pytest.approx([15.0, 2.0], rel=1e-8)
    # Rosenbrock at (0, 0): ∂f/∂x = −2(1 − 0) − 0 = −2, ∂f/∂y = 200·(0 − 0) = 0.
    assert numerical_gradient(Rosenbrock(), [0.0, 0.0]) == pytest.approx([-2.0, 0.0], abs=1e-8)


def test_numerical_gradient_does_not_move_the_callers_theta() -> None:
    theta = [2.0, 3.0]
    numerical_gradient(Cubic(), theta)
    assert theta == pytest.approx([2.0, 3.0], abs=0.0)


def test_check_gradient_reports_both_vectors_and_the_errors() -> None:
    check = check_gradient(Cubic(), [2.0, 3.0])
    assert check.analytic == pytest.approx([15.0, 2.0], abs=0.0)
    assert check.numeric == pytest.approx([15.0, 2.0], rel=1e-8)
    assert check.max_abs_error == pytest.approx(
        max(abs(a - b) for a, b in zip(check.analytic, check.numeric)), rel=1e-12
    )
    assert check.max_rel_error == pytest.approx(check.max_abs_error / 15.0, rel=1e-6)


def test_check_gradient_catches_a_wrong_gradient() -> None:
    # At θ = (2, 3) the wrong ∂f/∂θ₀ is 4 + 3 = 7 instead of 15: off by 8.
    check = check_gradient(WrongGradient(), [2.0, 3.0])
    assert check.max_abs_error == pytest.approx(8.0, rel=1e-6)
    assert check.max_rel_error > 0.5
    assert not agrees(check)


def test_check_gradient_of_a_zero_gradient_is_zero_error() -> None:
    # Rosenbrock's gradient at its minimum (1, 1) is exactly [0, 0]; numerically ~1e-10 at most.
    check = check_gradient(Rosenbrock(), [1.0, 1.0])
    assert check.analytic == pytest.approx([0.0, 0.0], abs=0.0)
    assert check.max_abs_error < 1e-7


def test_check_gradient_refuses_a_gradient_of_the_wrong_length() -> None:
    class TooShort(Cubic):
        def gradient(self, theta: list[float]) -> list[float]:
            return [1.0]

    with pytest.raises(ParameterError, match="gradient has 1 entries but theta has 2"):
        check_gradient(TooShort(), [1.0, 1.0])


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
