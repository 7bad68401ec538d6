"""L1 and L2 penalties: values by hand, gradients by central differences, ridge in closed form."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdlearn import (
    MSE,
    DataError,
    GradientDescent,
    Huber,
    LinearModel,
    LogisticModel,
    LogLoss,
    Objective,
    ParameterError,
    check_gradient,
    fit,
    least_squares,
)

X = [[1.0, 2.0], [2.0, 0.5], [3.0, -1.0], [4.0, 1.5], [5.0, 0.0]]
y = [3.1, 2.9, 2.2, 6.8, 5.5]


def test_the_penalty_is_added_to_the_loss_and_skips_the_bias() -> None:
    plain = Objective(LinearModel(2), MSE(), X, y)
    penalised = Objective(LinearModel(2), MSE(), X, y, l1=0.5, l2=0.1)
    theta = [1.0, -2.0, 50.0]  # a large bias, which must not be penalised
    # λ₂‖w‖² + λ₁‖w‖₁ = 0.1·(1 + 4) + 0.5·(1 + 2) = 2.0
    assert penalised.value(theta) == pytest.approx(plain.value(theta) + 2.0, rel=1e-14)
    loss, _ = penalised.value_and_gradient(theta, [0, 1])
    batch_loss, _ = plain.value_and_gradient(theta, [0, 1])
    assert loss == pytest.approx(batch_loss + 2.0, rel=1e-14)  # the whole penalty on every batch


def test_the_penalty_gradient_is_2_l2_w_plus_l1_sign_w_and_nothing_on_the_bias() -> None:
    plain = Objective(LinearModel(2), MSE(), X, y)
    penalised = Objective(LinearModel(2), MSE(), X, y, l1=0.5, l2=0.1)
    theta = [1.0, -2.0, 50.0]
    extra = [a - b for a, b in zip(penalised.gradient(theta), plain.gradient(theta))]
    # [2·0.1·1 + 0.5·(+1), 2·0.1·(−2) + 0.5·(−1), 0]
    assert extra == pytest.approx([0.7, -0.9, 0.0], abs=1e-12)


def test_l1_uses_the_subgradient_zero_at_zero() -> None:
    plain = Objective(LinearModel(2), MSE(), X, y)
    lasso = Objective(LinearModel(2), MSE(), X, y, l1=3.0)
    theta = [0.0, 1.0, 0.0]
    extra = [a - b for a, b in zip(lasso.gradient(theta), plain.gradient(theta))]
    assert extra == pytest.approx([0.0, 3.0, 0.0], abs=1e-12)  # sign(0) = 0


finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.lists(finite, min_size=2, max_size=2), min_size=2, max_size=6),
    theta=st.lists(finite, min_size=3, max_size=3),
    l1=st.floats(min_value=0.0, max_value=2.0),
    l2=st.floats(min_value=0.0, max_value=2.0),
    loss=st.sampled_from(["mse", "huber", "log"]),
)
def test_penalised_gradients_match_central_differences(
    rows: list[list[float]], theta: list[float], l1: float, l2: float, loss: str
) -> None:
    assume(all(abs(w) > 1e-2 for w in theta[:2]))  # away from the kink of |w|
    targets = [float(i % 2) for i in range(len(rows))]  # 0/1, fine for every loss
    model = LogisticModel(2) if loss == "log" else LinearModel(2)
    objective = Objective(model, loss, rows, targets, l1=l1, l2=l2)
    if loss == "huber":  # a kink-free point for Huber too: no residual exactly at ±δ
        predictions = model.forward(theta, rows)
        assume(all(abs(abs(p - t) - 1.0) > 1e-3 for p, t in zip(predictions, targets)))
    check = check_gradient(objective, theta)
    assert check.max_abs_error < 1e-6 * max(1.0, max(map(abs, check.analytic)))


# Ridge: the closed form against exact rational arithmetic, and gradient descent against both.


def ridge_by_normal_equations(rows: list[list[float]], targets: list[float], l2: float) -> list[float]:
    """(X̃ᵀX̃ + nλ₂·D)θ = X̃ᵀy in Fractions, by Gauss–Jordan: exact, and independent of QR."""
    n = len(rows)
    design = [[Fraction(v) for v in row] + [Fraction(1)] for row in rows]  # [x, 1]
    p = len(design[0])
    lam = Fraction(n) * Fraction(l2)
    M = [
        [sum(r[i] * r[j] for r in design) + (lam if i == j < p - 1 else 0) for j in range(p)]
        for i in range(p)
    ]
    rhs = [sum(r[i] * Fraction(t) for r, t in zip(design, targets)) for i in range(p)]
    for col in range(p):
        pivot = next(r for r in range(col, p) if M[r][col] != 0)
        M[col], M[pivot], rhs[col], rhs[pivot] = M[pivot], M[col], rhs[pivot], rhs[col]
        for r in range(p):
            if r != col:
                factor = M[r][col] / M[col][col]
                M[r] = [a - factor * b for a, b in zip(M[r], M[col])]
                rhs[r] -= factor * rhs[col]
    return [float(rhs[i] / M[i][i]) for i in range(p)]


@pytest.mark.parametrize("l2", [0.0, 0.01, 0.5, 10.0])
def test_least_squares_with_l2_solves_the_ridge_normal_equations(l2: float) -> None:
    model = least_squares(X, y, l2=l2)
    assert model.theta == pytest.approx(ridge_by_normal_equations(X, y, l2), rel=1e-12, abs=1e-13)


def test_ridge_without_intercept() -> None:
    # One feature, no bias: (Σx² + nλ)·w = Σxy.
    xs, ys, l2 = [1.0, 2.0, 3.0], [2.0, 3.0, 7.0], 0.5
    w = sum(x * t for x, t in zip(xs, ys)) / (sum(x * x for x in xs) + 3 * l2)
    model = least_squares([[x] for x in xs], ys, fit_intercept=False, l2=l2)
    assert model.theta == pytest.approx([w], rel=1e-14)


def test_ridge_determines_weights_that_least_squares_cannot() -> None:
    duplicated = [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
    with pytest.raises(DataError, match="rank-deficient"):
        least_squares(duplicated, [1.0, 2.0, 3.0])  # the two weights only matter through their sum
    model = least_squares(duplicated, [1.0, 2.0, 3.0], l2=0.1)
    w1, w2, _ = model.theta
    assert w1 == pytest.approx(w2, rel=1e-12)  # the penalty splits the weight evenly


def test_gradient_descent_with_l2_converges_to_the_ridge_closed_form() -> None:
    result = fit(X, y, l2=0.3, learning_rate=0.05, epochs=4000)
    assert result.theta == pytest.approx(least_squares(X, y, l2=0.3).theta, rel=1e-9, abs=1e-10)


def test_momentum_with_l2_converges_to_the_same_ridge_solution() -> None:
    result = fit(X, y, l2=0.3, learning_rate=0.05, momentum=0.9, epochs=600)
    assert result.theta == pytest.approx(least_squares(X, y, l2=0.3).theta, rel=1e-9, abs=1e-10)


def test_lasso_holds_a_useless_weight_at_zero() -> None:
    # y depends on x₀ only; x₁ is noise. With l1 and the proximal step, w₁ reaches exactly 0 and stays.
    rows = [[float(i), (-1.0) ** i * 0.1] for i in range(10)]
    targets = [2.0 * i + 1.0 for i in range(10)]
    result = fit(rows, targets, l1=0.05, proximal=True, learning_rate=0.01, epochs=3000, record_theta=True)
    assert result.theta[1] == 0.0  # exactly: a float compared with == on purpose
    assert result.path is not None
    first = next(k for k, theta in enumerate(result.path) if k > 0 and theta[1] == 0.0)
    assert 0 < first < 100 and all(theta[1] == 0.0 for theta in result.path[first:])  # once at 0, held there
    assert result.theta[0] == pytest.approx(2.0, abs=0.02)


def test_the_subgradient_lasso_only_hovers_near_zero() -> None:
    # The default subgradient step on the same data: w₁ comes near 0 but λ₁·sign(w₁) pushes it
    # across and back, by about a step each time, and it is never exactly 0 at the end.
    rows = [[float(i), (-1.0) ** i * 0.1] for i in range(10)]
    targets = [2.0 * i + 1.0 for i in range(10)]
    result = fit(rows, targets, l1=0.05, learning_rate=0.01, epochs=3000, record_theta=True)
    assert result.path is not None
    tail = [theta[1] for theta in result.path[-500:]]
    assert all(w_1 != 0.0 for w_1 in tail)
    assert 1e-5 < max(map(abs, tail)) < 1e-2  # near 0 (about 5e-4 here), not on it
    assert any(w_1 > 0 for w_1 in tail) and any(w_1 < 0 for w_1 in tail)  # on both sides: it hops across


def test_weight_decay_is_not_l2() -> None:
    # weight_decay = 2·l2 takes the same first step on the weights (λ_wd·w = 2λ₂w), but
    # also shrinks the bias, by η·λ_wd·b per step, and is not part of the loss.
    theta0 = [1.0, -1.0, 2.0]
    ridge = fit(X, y, l2=0.1, learning_rate=0.02, epochs=1, theta0=theta0)
    decay = fit(X, y, weight_decay=0.2, learning_rate=0.02, epochs=1, theta0=theta0)
    assert decay.theta[:2] == pytest.approx(ridge.theta[:2], rel=1e-14)
    assert decay.theta[2] == pytest.approx(ridge.theta[2] - 0.02 * 0.2 * 2.0, rel=1e-14)
    objective = Objective(LinearModel(2), MSE(), X, y)
    assert decay.final_loss == pytest.approx(objective.value(decay.theta), rel=1e-14)  # no penalty in J


def test_weight_decay_takes_l2s_steps_only_without_an_intercept_or_on_centred_features() -> None:
    # fit's docstring, over whole runs. With an intercept and uncentred X the bias enters the weights'
    # gradient (Σᵢ xᵢⱼ ≠ 0), and weight decay shrinks the bias, so the weights part ways too.
    options = {"learning_rate": 0.02, "epochs": 50, "record_theta": True}
    ridge, decay = fit(X, y, l2=0.1, **options), fit(X, y, weight_decay=0.2, **options)
    assert abs(decay.theta[0] - ridge.theta[0]) > 1e-3
    # Without an intercept: the same θ at every step.
    ridge = fit(X, y, l2=0.1, fit_intercept=False, **options)
    decay = fit(X, y, weight_decay=0.2, fit_intercept=False, **options)
    assert ridge.path is not None and decay.path is not None
    assert all(a == pytest.approx(b, rel=1e-12) for a, b in zip(ridge.path, decay.path))
    # Centred columns: the same weights at every step, both ending at ridge's (QR); the bias ends at ȳ
    # under l2 and at 2ȳ/(2 + λ_wd) = ȳ/1.1 under weight decay, where 2(b − ȳ) + λ_wd·b = 0.
    means = [sum(column) / len(X) for column in zip(*X)]
    Z = [[x_j - mean for x_j, mean in zip(row, means)] for row in X]
    options = {"learning_rate": 0.05, "epochs": 2000, "record_theta": True}
    ridge, decay = fit(Z, y, l2=0.1, **options), fit(Z, y, weight_decay=0.2, **options)
    assert ridge.path is not None and decay.path is not None
    assert all(a[:2] == pytest.approx(b[:2], rel=1e-9, abs=1e-12) for a, b in zip(ridge.path, decay.path))
    assert decay.theta[:2] == pytest.approx(least_squares(Z, y, l2=0.1).theta[:2], rel=1e-9)
    y_bar = sum(y) / len(y)
    assert ridge.theta[2] == pytest.approx(y_bar, rel=1e-12)
    assert decay.theta[2] == pytest.approx(y_bar / 1.1, rel=1e-12)


def test_bad_penalties_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"l2 must be a finite number ≥ 0, got -0\.1"):
        Objective(LinearModel(2), MSE(), X, y, l2=-0.1)  # a negative penalty rewards large weights
    with pytest.raises(ParameterError, match="l1 must be a finite number ≥ 0"):
        Objective(LinearModel(2), MSE(), X, y, l1=float("inf"))  # infinite penalty
    with pytest.raises(ParameterError, match="l2 must be a finite number ≥ 0"):
        least_squares(X, y, l2="0.1")  # type: ignore[arg-type]  # a string
    with pytest.raises(ParameterError, match="l1 must be a finite number ≥ 0"):
        fit(X, y, l1=True)  # type: ignore[arg-type]  # a bool


def test_huber_and_log_objectives_take_penalties_too() -> None:
    objective = Objective(LinearModel(2), Huber(), X, y, l2=1.0)
    assert objective.penalty([1.0, 2.0, 3.0]) == pytest.approx(5.0, rel=1e-15)
    classes = Objective(LogisticModel(2), LogLoss(), X, [0, 1, 0, 1, 1], l1=1.0)
    assert classes.penalty([1.0, -2.0, 3.0]) == pytest.approx(3.0, rel=1e-15)
    assert "l1=1.0" in repr(classes)


def test_the_gradient_descent_object_sees_the_penalised_objective() -> None:
    objective = Objective(LinearModel(2), MSE(), X, y, l2=0.3)
    result = GradientDescent(0.05).minimize(objective, epochs=4000)
    assert result.final_loss == pytest.approx(objective.value(least_squares(X, y, l2=0.3).theta), rel=1e-12)
