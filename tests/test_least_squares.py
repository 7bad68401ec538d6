"""least_squares: the closed-form MSE minimiser, against exact and independent answers."""

from __future__ import annotations

import random
import statistics
from fractions import Fraction

import pytest

from gdlearn import DataError, LinearModel, least_squares


def test_matches_statistics_linear_regression_on_1d() -> None:
    xs = [0.5, 1.5, 2.0, 3.5, 4.0, 6.5, 7.0]
    ys = [2.1, 2.9, 3.8, 5.2, 6.1, 9.4, 9.9]
    slope, intercept = statistics.linear_regression(xs, ys)
    model = least_squares([[x] for x in xs], ys)
    assert isinstance(model, LinearModel)
    assert model.weights == pytest.approx([slope], rel=1e-12)
    assert model.bias == pytest.approx(intercept, rel=1e-12)


def test_recovers_a_degree_5_polynomial_exactly_on_x_0_to_20() -> None:
    # Features x, x², …, x⁵ for x = 0…20: columns from 1 to 3.2e6, badly
    # conditioned. The coefficients are dyadic, so every yᵢ is exact in binary
    # floating point and the exact answer is these coefficients.
    c = [3.0, -2.0, 0.5, 0.25, -0.125, 0.0625]  # c₀ + c₁x + … + c₅x⁵
    X = [[float(x) ** k for k in range(1, 6)] for x in range(21)]
    y = [sum(c_k * x**k for k, c_k in enumerate(c)) for x in range(21)]
    model = least_squares(X, y)
    # Householder QR reaches ~1e-11 relative here; the normal equations would square the conditioning.
    assert model.weights == pytest.approx(c[1:], rel=1e-9)
    assert model.bias == pytest.approx(c[0], rel=1e-9)


def test_without_intercept() -> None:
    # y = 2x₁ − 3x₂ exactly
    X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]]
    y = [2.0, -3.0, -1.0, 7.0]
    model = least_squares(X, y, fit_intercept=False)
    assert model.n_params == 2 and not model.fit_intercept
    assert model.theta == pytest.approx([2.0, -3.0], rel=1e-12)
    assert model.bias == pytest.approx(0.0, abs=0.0)


def test_without_intercept_a_constant_column_is_allowed() -> None:
    # The column of ones plays the intercept: y = 4x + 1
    model = least_squares([[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]], [1.0, 5.0, 9.0], fit_intercept=False)
    assert model.theta == pytest.approx([4.0, 1.0], rel=1e-12)


def test_noisy_fit_by_hand() -> None:
    # x = (0, 1, 2), y = (1, 2, 4): x̄ = 1, ȳ = 7/3, Sxy = (−1)(−4/3) + 0 + (1)(5/3) = 3, Sxx = 2
    # slope = 3/2, intercept = 7/3 − 3/2 = 5/6
    model = least_squares([[0], [1], [2]], [1, 2, 4])
    assert model.theta == pytest.approx([1.5, 5 / 6], rel=1e-14)


@pytest.mark.parametrize("scale", [1e-200, 1e-100, 1e100, 1e200])
def test_extreme_units_do_not_underflow_or_overflow(scale: float) -> None:
    # Same data as above with x measured in other units: the slope scales by 1/scale.
    model = least_squares([[0.0], [scale], [2.0 * scale]], [1.0, 2.0, 4.0])
    assert model.weights == pytest.approx([1.5 / scale], rel=1e-12)
    assert model.bias == pytest.approx(5 / 6, rel=1e-12)


def exact_least_squares(X: list[list[float]], y: list[float]) -> list[Fraction]:
    """[w, b] from the normal equations solved in exact rational arithmetic.

    Exact arithmetic makes the normal equations' loss of accuracy irrelevant,
    so this is an independent reference for the QR solver.
    """
    rows = [[Fraction(v) for v in row] + [Fraction(1)] for row in X]
    targets = [Fraction(v) for v in y]
    p = len(rows[0])
    A = [[sum(r[i] * r[j] for r in rows) for j in range(p)] for i in range(p)]
    rhs = [sum(r[i] * t for r, t in zip(rows, targets)) for i in range(p)]
    for k in range(p):  # Gauss–Jordan elimination, exact
        pivot = next(i for i in range(k, p) if A[i][k] != 0)
        A[k], A[pivot], rhs[k], rhs[pivot] = A[pivot], A[k], rhs[pivot], rhs[k]
        for i in range(p):
            if i != k and A[i][k] != 0:
                factor = A[i][k] / A[k][k]
                A[i] = [a - factor * b for a, b in zip(A[i], A[k])]
                rhs[i] -= factor * rhs[k]
    return [rhs[i] / A[i][i] for i in range(p)]


@pytest.mark.parametrize("seed", range(4))
def test_matches_exact_rational_normal_equations_on_random_data(seed: int) -> None:
    rng = random.Random(seed)
    n, d = 12, 3
    X = [[rng.uniform(-5.0, 5.0) for _ in range(d)] for _ in range(n)]
    y = [rng.uniform(-10.0, 10.0) for _ in range(n)]
    exact = [float(t) for t in exact_least_squares(X, y)]
    assert least_squares(X, y).theta == pytest.approx(exact, rel=1e-11, abs=1e-12)


def test_matches_numpy_lstsq_when_numpy_is_installed() -> None:
    np = pytest.importorskip("numpy")
    rng = random.Random(7)
    X = [[rng.gauss(0.0, 1.0) for _ in range(4)] for _ in range(30)]
    y = [rng.gauss(0.0, 1.0) for _ in range(30)]
    design = np.array([[*row, 1.0] for row in X])
    reference, *_ = np.linalg.lstsq(design, np.array(y), rcond=None)
    assert least_squares(X, y).theta == pytest.approx(list(reference), rel=1e-10, abs=1e-12)


# Designs without a unique answer, one per line: (X, y, what the message must say).
R = [[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]]
Y = [1.0, 2.0, 3.0, 4.0]
RANK_DEFICIENT = [
    # a duplicated column: w₁ + w₂ is determined, w₁ and w₂ are not
    ([[a, a] for a, _ in R], Y, r"rank-deficient: column 1 of X .* duplicated or constant"),
    # a constant feature is a multiple of the intercept's column of ones
    ([[a, 7.0] for a, _ in R], Y, r"rank-deficient: column 1 of X"),
    # a column that is the sum of two others
    ([[a, b, a + b] for a, b in R], Y, r"column 2 of X is a linear combination"),
    # fewer rows than parameters: 2 rows for w₁, w₂, b
    (R[:2], Y[:2], r"2 rows for 3 parameters"),
    # an all-zero column
    ([[0.0, b] for _, b in R], Y, r"column 0 of X is all zeros"),
    # rows with no columns at all
    ([[], [], []], [1.0, 2.0, 3.0], r"row 0 is empty"),
]


@pytest.mark.parametrize(("X", "y", "message"), RANK_DEFICIENT)
def test_designs_without_a_unique_answer_are_refused(
    X: list[list[float]], y: list[float], message: str
) -> None:
    with pytest.raises(DataError, match=message):
        least_squares(X, y)
