"""The stable step size: eigenvalues by hand, a sharp 0.99×/1.01× test, 'auto', and divergence messages.

The eigenvalues of H are checked against closed forms (2×2, diagonal,
rotated diagonal) and, for 31 parameters, against Jacobi's method run here
on H formed independently: a second algorithm.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gdlearn import (
    DataError,
    DivergenceError,
    GradientDescent,
    ParameterError,
    Quadratic,
    Rosenbrock,
    fit,
    stable_learning_rate,
)
from gdlearn.linalg import symmetric_eigen
from gdlearn.stability import quadratic_lambda_max


def test_a_2x2_case_by_hand() -> None:
    # X̃ = [[1, 1], [3, 1]]: X̃ᵀX̃ = [[10, 4], [4, 2]], H = (2/2)·that.
    # det(H − λI) = λ² − 12λ + 4 = 0, so λ = 6 ± √32 = 6 ± 4√2.
    stable = stable_learning_rate([[1.0], [3.0]])
    assert stable.lambda_max == pytest.approx(6 + 4 * math.sqrt(2), rel=1e-10, abs=0.0)
    assert stable.lambda_min == pytest.approx(6 - 4 * math.sqrt(2), rel=1e-10, abs=0.0)
    assert stable.limit == pytest.approx(2 / (6 + 4 * math.sqrt(2)), rel=1e-10, abs=0.0)
    assert stable.rate == pytest.approx(1 / (6 + 4 * math.sqrt(2)), rel=1e-10, abs=0.0)
    assert stable.condition_number == pytest.approx((6 + 4 * math.sqrt(2)) / (6 - 4 * math.sqrt(2)), rel=1e-9)


def test_orthogonal_features_give_their_own_curvatures() -> None:
    # No intercept, X̃ᵀX̃ = diag(1, 4), H = diag(1, 4) (n = 2): κ = 4.
    stable = stable_learning_rate([[1.0, 0.0], [0.0, 2.0]], fit_intercept=False)
    assert (stable.lambda_max, stable.lambda_min) == pytest.approx((4.0, 1.0), rel=1e-10, abs=0.0)
    assert stable.condition_number == pytest.approx(4.0, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-10, 10, allow_nan=False), st.floats(-10, 10, allow_nan=False)),
        min_size=2,
        max_size=8,
    )
)
@example([(0.0, 1.0), (1.0, 1.19e-7)])  # λ ≈ 1 ± 1.19e-7: power iteration once stopped 3.7e-8 short
def test_lambda_max_matches_the_2x2_eigenvalue_formula(rows: list[tuple[float, float]]) -> None:
    n = len(rows)
    a = 2 / n * math.fsum(x * x for x, _ in rows)
    d = 2 / n * math.fsum(z * z for _, z in rows)
    b = 2 / n * math.fsum(x * z for x, z in rows)
    top = (a + d) / 2 + math.hypot((a - d) / 2, b)  # the larger root of λ² − (a + d)λ + ad − b²
    if top == 0.0:  # zeros, or numbers whose squares underflow (1e-200), each named as such
        zeros = all(x == 0.0 for row in rows for x in row)
        with pytest.raises(DataError, match="all zeros" if zeros else "x·x underflows"):
            stable_learning_rate([list(row) for row in rows], fit_intercept=False)
        return
    stable = stable_learning_rate([list(row) for row in rows], fit_intercept=False)
    assert stable.lambda_max == pytest.approx(top, rel=1e-9)


@pytest.mark.parametrize("gap", [1e-3, 1e-7, 1e-12, 0.0])
def test_nearly_equal_top_eigenvalues_are_exact(gap: float) -> None:
    # No intercept, n = 2: rows (c, s) and (c, −s) give X̃ᵀX̃ = diag(2c², 2s²) = diag(2 + g, 2 − g),
    # and H = (2/2)·that. Turned by 30° (rows R·xᵢ, X̃ᵀX̃ → R·diag·Rᵀ) the matrix is full but its
    # eigenvalues 2 ± g stay.
    c, s = math.sqrt((2 + gap) / 2), math.sqrt((2 - gap) / 2)
    cos, sin = math.cos(math.pi / 6), math.sin(math.pi / 6)
    rows = [[cos * a - sin * b, sin * a + cos * b] for a, b in ((c, s), (c, -s))]
    stable = stable_learning_rate(rows, fit_intercept=False)
    assert stable.lambda_max == pytest.approx(2 + gap, rel=1e-14, abs=0.0)
    assert stable.lambda_min == pytest.approx(2 - gap, rel=1e-14, abs=0.0)


def test_l2_adds_twice_its_weight_to_every_weight_s_curvature() -> None:
    # H = (2/n)·X̃ᵀX̃ + 2λ₂·D: orthogonal features without intercept, diag(1, 4) + 2·0.5·I
    stable = stable_learning_rate([[1.0, 0.0], [0.0, 2.0]], fit_intercept=False, l2=0.5)
    assert (stable.lambda_max, stable.lambda_min) == pytest.approx((5.0, 2.0), rel=1e-14, abs=0.0)
    # with an intercept the bias is not penalised: X̃ = [[1, 1], [−1, 1]] gives diag(2, 2) + diag(2λ₂, 0)
    stable = stable_learning_rate([[1.0], [-1.0]], l2=1.0)
    assert (stable.lambda_max, stable.lambda_min) == pytest.approx((4.0, 2.0), rel=1e-14, abs=0.0)


def test_the_nearly_coincident_pair_is_exact() -> None:
    # X = [[0, 1], [1, ε]], no intercept, n = 2: H = XᵀX = [[1, ε], [ε, 1 + ε²]], λ = 1 + ½ε² ± ε√(1 + ¼ε²)
    e = 1.19e-7
    stable = stable_learning_rate([[0.0, 1.0], [1.0, e]], fit_intercept=False)
    root = e * math.sqrt(1 + e * e / 4)
    assert stable.lambda_max == pytest.approx(1 + e * e / 2 + root, rel=1e-15, abs=0.0)
    assert stable.lambda_min == pytest.approx(1 + e * e / 2 - root, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("gap", [1e-7, 1e-12, 0.0])
def test_auto_and_a_quadratic_s_limit_are_exact_when_the_top_eigenvalues_nearly_coincide(gap: float) -> None:
    # A = R·diag(2 + g, 2 − g)·Rᵀ, R a 30° rotation: λ_max = 2 + g, however small g is
    cos, sin = math.cos(math.pi / 6), math.sin(math.pi / 6)
    a, d, b = 2 + gap * (cos * cos - sin * sin), 2 - gap * (cos * cos - sin * sin), 2 * gap * cos * sin
    bowl = Quadratic([[a, b], [b, d]], [0.0, 0.0])
    assert quadratic_lambda_max(bowl) == pytest.approx(2 + gap, rel=1e-14, abs=0.0)
    # the same H from data (as in test_nearly_equal_top_eigenvalues_are_exact): 'auto' is 1/λ_max
    c, s = math.sqrt((2 + gap) / 2), math.sqrt((2 - gap) / 2)
    rows = [[cos * x - sin * z, sin * x + cos * z] for x, z in ((c, s), (c, -s))]
    result = fit(rows, [1.0, 2.0], fit_intercept=False, learning_rate="auto", epochs=1)
    assert result.learning_rate == pytest.approx(1 / (2 + gap), rel=1e-14, abs=0.0)


def test_thirty_features_against_jacobi() -> None:
    # H = (2/n)·X̃ᵀX̃ formed here with fsum, its eigenvalues by Jacobi's rotations: another algorithm
    rng = random.Random(30)
    n, d = 200, 30
    X = [[rng.gauss(0, 1) * (j + 1) for j in range(d)] for _ in range(n)]  # scales 1 … 30: κ in the thousands
    rows = [[*x, 1.0] for x in X]
    H = [[2 / n * math.fsum(r[i] * r[j] for r in rows) for j in range(d + 1)] for i in range(d + 1)]
    values, _ = symmetric_eigen(H)
    stable = stable_learning_rate(X)
    assert stable.lambda_max == pytest.approx(values[-1], rel=1e-13, abs=0.0)
    assert stable.lambda_min == pytest.approx(values[0], abs=1e-13 * values[-1])


def test_dependent_columns_have_lambda_min_zero() -> None:
    stable = stable_learning_rate([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    assert stable.lambda_min == 0.0
    assert stable.condition_number == math.inf


# Sharp: 1-D data without intercept, where H = (2/n)·Σx² is a 1×1 matrix.

XS = [[1.0], [2.0], [3.0]]
YS = [2.1, 3.9, 6.2]


def test_the_1d_limit_is_2_over_the_curvature() -> None:
    limit = stable_learning_rate(XS, fit_intercept=False).limit
    assert limit == pytest.approx(2 / (2 / 3 * 14), rel=1e-14, abs=0.0)


def test_batch_gd_converges_just_below_the_limit_and_diverges_just_above() -> None:
    limit = stable_learning_rate(XS, fit_intercept=False).limit
    below = fit(XS, YS, fit_intercept=False, learning_rate=0.99 * limit, epochs=3000)
    w = math.fsum(x[0] * t for x, t in zip(XS, YS)) / 14  # least squares through 0
    assert below.theta[0] == pytest.approx(w, rel=1e-12, abs=0.0)
    with pytest.raises(DivergenceError):
        fit(XS, YS, fit_intercept=False, learning_rate=1.01 * limit, epochs=3000)


def test_the_limit_with_an_intercept_is_sharp_too() -> None:
    X, y = [[1.0], [2.0], [4.0], [7.0]], [1.0, 2.5, 3.0, 8.0]
    limit = stable_learning_rate(X).limit
    below = fit(X, y, learning_rate=0.99 * limit, epochs=5000)
    assert below.stop_reason == "max_epochs"
    with pytest.raises(DivergenceError):
        fit(X, y, learning_rate=1.01 * limit, epochs=5000)


# The divergence message names the limit when it knows it.


def test_a_diverging_batch_run_is_told_the_stability_limit() -> None:
    limit = stable_learning_rate(XS, fit_intercept=False).limit  # 3/14 ≈ 0.21
    with pytest.raises(DivergenceError) as caught:
        fit(XS, YS, fit_intercept=False, learning_rate=0.5, epochs=1000)
    message = str(caught.value)
    assert f"the learning rate 0.5 is above the stability limit of about {limit:.2g} for this data" in message
    assert "0.21" in message


def test_a_diverging_stochastic_run_below_the_full_batch_limit_blames_the_batches() -> None:
    # Full batch: H = (2/3)(9 + 9 + 0.01), limit ≈ 0.17; one row x = 3 alone has
    # curvature 18, so η = 0.15 multiplies its error by |1 − 2.7| = 1.7 per visit.
    X = [[3.0], [3.0], [0.1]]
    with pytest.raises(DivergenceError, match=r"below the full-batch stability limit of about 0\.17"):
        fit(X, [1.0, 2.0, 3.0], fit_intercept=False, learning_rate=0.15, batch_size=1, epochs=2000, seed=0)


def test_a_stochastic_run_without_any_noise_still_diverges_through_one_rows_curvature() -> None:
    # y = x exactly: at w* = 1 every row's gradient is 0, so the batches carry no noise at all. A visit to
    # a row x = 3 multiplies the error w − 1 by 1 − η·2·3² = −1.7 (one row's curvature 2x² = 18 against
    # the full λ_max = 12.0067), the row x = 0.1 by 0.997: the error grows, and the message says why.
    X, y, eta = [[3.0], [3.0], [0.1]], [3.0, 3.0, 0.1], 0.15
    assert abs(1 - eta * 2 * 3.0**2) == pytest.approx(1.7, rel=1e-12)
    assert eta < stable_learning_rate(X, fit_intercept=False).limit  # 2/12.0067 ≈ 0.167
    full = fit(X, y, fit_intercept=False, learning_rate=eta, epochs=300, theta0=[1.001])
    assert full.theta[0] == pytest.approx(1.0, abs=1e-12)  # batch GD at the same η converges
    with pytest.raises(DivergenceError) as caught:
        fit(X, y, fit_intercept=False, learning_rate=eta, batch_size=1, epochs=2000, seed=0, theta0=[1.001])
    message = str(caught.value)
    assert "more curved than all the rows together" in message and "noise" not in message


def test_momentum_is_told_its_own_limit() -> None:
    # Heavy ball: η < 2(1 + μ)/λ = 2·1.5/(28/3) ≈ 0.32.
    with pytest.raises(DivergenceError, match=r"stability limit of about 0\.32"):
        fit(XS, YS, fit_intercept=False, learning_rate=0.5, momentum=0.5, epochs=3000)


def test_a_quadratic_function_is_told_its_limit() -> None:
    with pytest.raises(DivergenceError, match=r"above the stability limit of about 0\.5 for this function"):
        GradientDescent(0.6).minimize_function(Quadratic([[4.0]], [0.0]), [1.0], iterations=1000)


def test_a_function_with_changing_curvature_gets_the_plain_advice() -> None:
    with pytest.raises(DivergenceError) as caught:
        GradientDescent(0.01).minimize_function(Rosenbrock(), [-1.2, 1.0], iterations=1000)
    assert "stability limit" not in str(caught.value)  # Rosenbrock has no single limit
    assert "try a smaller learning rate" in str(caught.value)


# learning_rate="auto"


def test_auto_is_one_over_lambda_max_for_batch_gd() -> None:
    X, y = [[1.0, 10.0], [2.0, 30.0], [4.0, 20.0], [7.0, 50.0]], [1.0, 2.5, 3.0, 8.0]
    result = fit(X, y, learning_rate="auto", epochs=3)
    assert result.learning_rate == pytest.approx(stable_learning_rate(X).rate, rel=1e-10, abs=0.0)


def test_auto_for_mini_batches_uses_the_worst_batch() -> None:
    # No intercept, x = 1, 2, 3, B = 2: batches of 2 and 1 rows (b = 1).
    # c·max‖x̃ᵢ‖² = 2·9 = 18, (n/b)·Λ = 3·(2/3)·14 = 28, so L = 18.
    result = fit(XS, YS, fit_intercept=False, learning_rate="auto", batch_size=2, epochs=1, seed=0)
    assert result.learning_rate == pytest.approx(1 / 18, rel=1e-12, abs=0.0)
    # B = 3 = n is batch GD again: 1/λ_max = 3/28.
    full = fit(XS, YS, fit_intercept=False, learning_rate="auto", batch_size=3, epochs=1)
    assert full.learning_rate == pytest.approx(3 / 28, rel=1e-12, abs=0.0)


def test_auto_adds_the_penalty_and_weight_decay_curvature() -> None:
    # λ_max = 28/3 (1×1, no bias); l2 = 1 adds 2; weight_decay = 0.5 adds 0.5.
    result = fit(XS, YS, fit_intercept=False, learning_rate="auto", l2=1.0, weight_decay=0.5, epochs=1)
    assert result.learning_rate == pytest.approx(1 / (28 / 3 + 2 + 0.5), rel=1e-12, abs=0.0)


def test_auto_uses_the_curvature_bound_of_each_loss() -> None:
    # Huber: ℓ'' ≤ 1, half of MSE's 2; log loss: ℓ'' ≤ ¼.
    huber = fit(XS, YS, loss="huber", fit_intercept=False, learning_rate="auto", epochs=1)
    assert huber.learning_rate == pytest.approx(3 / 14, rel=1e-12, abs=0.0)
    log = fit(XS, [0, 1, 1], loss="log", fit_intercept=False, learning_rate="auto", epochs=1)
    assert log.learning_rate == pytest.approx(12 / 14, rel=1e-12, abs=0.0)


@pytest.mark.parametrize("batch_size", [None, 1, 2, 5])
def test_auto_never_diverges_on_badly_scaled_data(batch_size: int | None) -> None:
    X = [[float(i), 100.0 * (i % 3) + 1000.0] for i in range(8)]
    y = [0.5 * row[0] - 0.01 * row[1] + 3.0 for row in X]
    result = fit(X, y, learning_rate="auto", batch_size=batch_size, epochs=50, seed=1)
    assert max(result.epoch_loss) <= result.epoch_loss[0] * (1 + 1e-12)


def test_auto_refusals() -> None:
    with pytest.raises(ParameterError, match="bounded curvature"):
        fit(XS, YS, loss="mae", learning_rate="auto")  # |r| has a kink: no curvature bound
    with pytest.raises(ParameterError, match="Adam"):
        fit(XS, YS, optimizer="adam", learning_rate="auto")  # Adam's step ignores curvature
    with pytest.raises(ParameterError, match="positive number or 'auto', got 'fast'"):
        fit(XS, YS, learning_rate="fast")  # not a rate
    with pytest.raises(DataError, match="all zeros"):
        fit([[0.0], [0.0]], [1.0, 2.0], fit_intercept=False, learning_rate="auto")  # a flat loss
    for x in (1e-300, 1e-160):  # 1e-300² is 0; 1e-160² = 1e-320 is not, but 1/λ̄ passes the largest float
        tiny = rf"X is so small that x·x underflows \(largest \|x\| = {x:g}; rescale X\) and nothing"
        with pytest.raises(DataError, match=tiny):  # (1e-160 used to give η = inf, refused as if passed)
            fit([[x], [0.0]], [1.0, 2.0], fit_intercept=False, learning_rate="auto", batch_size=1)


def test_bad_arguments_to_stable_learning_rate() -> None:
    with pytest.raises(ParameterError, match="fit_intercept must be True or False"):
        stable_learning_rate(XS, fit_intercept=1)  # type: ignore[arg-type]  # 1 is not a bool
    with pytest.raises(DataError, match="all zeros"):
        stable_learning_rate([[0.0], [0.0]], fit_intercept=False)  # no curvature at all
    with pytest.raises(DataError, match=r"X is so small that x·x underflows \(largest \|x\| = 1e-300"):
        stable_learning_rate([[-1e-300], [0.0]], fit_intercept=False)  # a curvature of 1e-600 is 0.0
    with pytest.raises(DataError, match=r"X is so small that x·x underflows \(largest \|x\| = 1e-160"):
        stable_learning_rate([[1e-160]], fit_intercept=False)  # λ_max = 2e-320: 2/λ_max was inf
    with pytest.raises(DataError, match="X row 1 has 1 column"):
        stable_learning_rate([[1.0, 2.0], [3.0]])  # ragged rows
