"""The Huber loss, σ, the log loss on logits, and logistic regression by gradient descent."""

from __future__ import annotations

import math
import random
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import (
    MSE,
    Adam,
    DataError,
    Huber,
    LinearModel,
    LogisticModel,
    LogLoss,
    Objective,
    ParameterError,
    check_gradient,
    fit,
    least_squares,
    sigmoid,
)
from gdlearn.losses import get_loss

# σ


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=-700, max_value=700, allow_nan=False))
def test_sigmoid_matches_the_textbook_formula_and_is_symmetric(z: float) -> None:
    assert sigmoid(z) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-14, abs=1e-300)
    assert sigmoid(z) + sigmoid(-z) == pytest.approx(1.0, rel=1e-15)


def test_sigmoid_does_not_overflow() -> None:
    assert sigmoid(1000.0) == pytest.approx(1.0, rel=1e-15)
    assert sigmoid(-1000.0) == pytest.approx(0.0, abs=1e-300)
    assert sigmoid(-745.0) > 0.0  # e^z/(1 + e^z) keeps the subnormal tail


# LogLoss


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=-30, max_value=30, allow_nan=False), st.sampled_from([0.0, 1.0]))
def test_log_loss_is_the_cross_entropy_of_sigma(z: float, y: float) -> None:
    # The textbook −y·log p − (1 − y)·log(1 − p), in 50-digit decimals so that
    # 1 − p keeps its digits (in floats it loses them for z ≳ 15).
    with localcontext() as context:
        context.prec = 50
        p = 1 / (1 + (-Decimal(z)).exp())
        expected = -Decimal(y) * p.ln() - (1 - Decimal(y)) * (1 - p).ln()
    assert LogLoss().value([z], [y]) == pytest.approx(float(expected), rel=1e-14, abs=1e-300)


def test_log_loss_at_plus_minus_1000_does_not_overflow() -> None:
    losses, slopes = zip(*LogLoss().pointwise([1000.0, -1000.0, 1000.0, -1000.0], [1.0, 1.0, 0.0, 0.0]))
    # Right and confident: ℓ = log(1 + e^−1000) = 0. Wrong and confident: ℓ = |z| = 1000.
    assert losses == pytest.approx([0.0, 1000.0, 1000.0, 0.0], abs=1e-12)
    assert slopes == pytest.approx([0.0, -1.0, 1.0, 0.0], abs=1e-12)  # σ(z) − y


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.floats(-5, 5, allow_nan=False), min_size=2, max_size=2), min_size=1, max_size=6
    ),
    theta=st.lists(st.floats(-3, 3, allow_nan=False), min_size=3, max_size=3),
)
def test_logistic_objective_gradient_matches_central_differences(
    rows: list[list[float]], theta: list[float]
) -> None:
    targets = [float(i % 2) for i in range(len(rows))]
    objective = Objective(LogisticModel(2), LogLoss(), rows, targets)
    check = check_gradient(objective, theta)
    assert check.max_abs_error < 1e-7


def test_log_loss_targets_must_be_classes() -> None:
    with pytest.raises(DataError, match=r"y\[2\] must be 0 or 1 for the log loss"):
        LogLoss().value([0.0, 0.0, 0.0], [0.0, 1.0, 2.0])  # a third class
    with pytest.raises(DataError, match=r"y\[0\] must be 0 or 1"):
        Objective(LogisticModel(1), "log", [[1.0]], [0.5])  # a probability, not a class
    with pytest.raises(DataError, match=r"y\[1\] must be 0 or 1"):
        fit([[1.0], [2.0]], [0, -1], loss="log")  # −1/+1 labels are another convention


# LogisticModel


def test_logistic_model_predictions_by_hand() -> None:
    model = LogisticModel(2, theta=[1.0, -1.0, 0.5])  # z = x₁ − x₂ + 0.5
    assert model.forward(model.theta, [[2.0, 1.0]]) == pytest.approx([1.5], rel=1e-15)  # the logit
    assert model.predict_proba([[2.0, 1.0]]) == pytest.approx([1 / (1 + math.exp(-1.5))], rel=1e-15)
    assert model.predict([[2.0, 1.0], [0.0, 1.0], [0.0, 0.5]]) == [1.0, 0.0, 1.0]  # z = 1.5, −0.5, 0
    assert model.predict_one([0.0, 3.0]) == 0.0
    assert model.accuracy([[2.0, 1.0], [0.0, 1.0]], [1, 1]) == pytest.approx(0.5, rel=1e-15)
    assert repr(model) == "LogisticModel(weights=[1.0, -1.0], bias=0.5)"
    assert isinstance(model.with_theta([0.0, 0.0, 0.0]), LogisticModel)
    assert model != LinearModel(2, theta=[1.0, -1.0, 0.5])  # same θ, different model


def test_accuracy_refuses_bad_labels() -> None:
    model = LogisticModel(1)
    with pytest.raises(DataError, match=r"y\[0\] must be 0 or 1"):
        model.accuracy([[1.0]], [3])  # not a class
    with pytest.raises(DataError, match="X has 2 rows but y has 1"):
        model.accuracy([[1.0], [2.0]], [1])  # one label short


def two_blobs(n: int, seed: int) -> tuple[list[list[float]], list[float]]:
    """n points per class around (−1, −1) and (1, 1), σ = 0.7: ~98% separable."""
    rng = random.Random(seed)
    X, y = [], []
    for label, centre in ((0.0, -1.0), (1.0, 1.0)):
        for _ in range(n):
            X.append([rng.gauss(centre, 0.7), rng.gauss(centre, 0.7)])
            y.append(label)
    return X, y


def newton_logistic(X: list[list[float]], y: list[float], l2: float) -> list[float]:
    """The minimiser of mean log loss + l2·‖w‖² by Newton's method on 3 parameters (independent of GD)."""
    theta = [0.0, 0.0, 0.0]
    n = len(X)
    for _ in range(50):
        grad = [2 * l2 * theta[0], 2 * l2 * theta[1], 0.0]
        hess = [[2 * l2, 0.0, 0.0], [0.0, 2 * l2, 0.0], [0.0, 0.0, 0.0]]
        for x, t in zip(X, y):
            features = [x[0], x[1], 1.0]
            p = 1 / (1 + math.exp(-(theta[0] * x[0] + theta[1] * x[1] + theta[2])))
            for i in range(3):
                grad[i] += (p - t) * features[i] / n
                for j in range(3):
                    hess[i][j] += p * (1 - p) * features[i] * features[j] / n
        step = solve3(hess, grad)
        theta = [a - s for a, s in zip(theta, step)]
    return theta


def solve3(M: list[list[float]], v: list[float]) -> list[float]:
    """Cramer's rule for a 3×3 system."""

    def det(A: list[list[float]]) -> float:
        return (
            A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1])
            - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0])
            + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0])
        )

    d = det(M)
    return [det([[v[r] if c == k else M[r][c] for c in range(3)] for r in range(3)]) / d for k in range(3)]


def test_logistic_regression_by_gd_reaches_newtons_answer_and_the_expected_accuracy() -> None:
    X, y = two_blobs(40, seed=0)
    result = fit(X, y, loss="log", l2=0.01, learning_rate=2.0, epochs=3000)
    assert isinstance(result.model, LogisticModel)
    assert result.theta == pytest.approx(newton_logistic(X, y, 0.01), rel=1e-6, abs=1e-8)
    assert result.model.accuracy(X, y) >= 0.95  # the blobs overlap by about 2%
    fresh_X, fresh_y = two_blobs(200, seed=1)
    assert result.model.accuracy(fresh_X, fresh_y) >= 0.93  # and it generalises


def test_adam_and_stochastic_logistic_regression_classify_too() -> None:
    X, y = two_blobs(40, seed=0)
    adam = fit(X, y, loss="log", optimizer="adam", learning_rate=0.05, epochs=300)
    sgd = fit(X, y, loss="log", learning_rate=0.1, batch_size=1, epochs=30, seed=0)
    assert adam.model.accuracy(X, y) >= 0.95
    assert sgd.model.accuracy(X, y) >= 0.95


def test_separable_data_never_overflow() -> None:
    # Perfectly separable: the weights grow without bound, logits reach the
    # hundreds, and the loss must stay finite (no log 0, no exp overflow).
    result = fit([[-1.0], [1.0]], [0, 1], loss="log", learning_rate=1000.0, epochs=200)
    assert math.isfinite(result.final_loss)
    assert result.model.accuracy([[-1.0], [1.0]], [0, 1]) == pytest.approx(1.0, rel=1e-15)


# Huber


def test_huber_by_hand() -> None:
    huber = Huber(delta=2.0)
    losses, slopes = zip(*huber.pointwise([0.5, 2.0, 5.0, -3.0], [0.0, 0.0, 0.0, 0.0]))
    # r = 0.5: ½·0.25; r = 2 = δ: ½·4; r = 5: 2·(5 − 1); r = −3: 2·(3 − 1)
    assert losses == pytest.approx([0.125, 2.0, 8.0, 4.0], rel=1e-15)
    assert slopes == pytest.approx([0.5, 2.0, 2.0, -2.0], rel=1e-15)


@pytest.mark.parametrize("delta", [0.1, 1.0, 3.0])
def test_huber_is_continuous_with_its_slope_at_delta(delta: float) -> None:
    huber = Huber(delta)
    [(inside, _)] = huber.pointwise([delta * (1 - 1e-12)], [0.0])
    [(outside, _)] = huber.pointwise([delta * (1 + 1e-12)], [0.0])
    assert inside == pytest.approx(outside, rel=1e-10)  # both ½M²


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=1), min_size=1, max_size=6
    ),
    targets_seed=st.integers(0, 1000),
    theta=st.lists(st.floats(-3, 3, allow_nan=False), min_size=2, max_size=2),
)
def test_huber_objective_gradient_matches_central_differences(
    rows: list[list[float]], targets_seed: int, theta: list[float]
) -> None:
    rng = random.Random(targets_seed)
    targets = [rng.uniform(-5, 5) for _ in rows]
    model = LinearModel(1)
    residuals = [p - t for p, t in zip(model.forward(theta, rows), targets)]
    if any(abs(abs(r) - 1.0) < 1e-4 for r in residuals):
        return  # too close to the seam at |r| = δ for a finite difference
    check = check_gradient(Objective(model, Huber(), rows, targets), theta)
    assert check.max_abs_error < 1e-7


def test_huber_shrugs_off_an_outlier_that_drags_mse() -> None:
    X = [[float(i)] for i in range(10)]
    y = [2.0 * i + 1.0 for i in range(10)]
    y[9] = 100.0  # one wild target
    mse = least_squares(X, y)
    huber = fit(X, y, loss="huber", learning_rate=0.05, epochs=5000)
    assert abs(huber.theta[0] - 2.0) < 0.2 < abs(mse.weights[0] - 2.0)


def test_huber_names_and_errors() -> None:
    assert repr(get_loss("huber")) == "Huber(delta=1.0)"
    assert isinstance(get_loss("log"), LogLoss)
    with pytest.raises(ParameterError, match="delta must be a positive finite number, got 0"):
        Huber(0)  # no quadratic zone at all
    with pytest.raises(ParameterError, match="loss must be one of"):
        get_loss("hinge")  # not a gdlearn loss
    assert MSE.curvature == 2.0 and Huber.curvature == 1.0 and LogLoss.curvature == 0.25


def test_adam_object_fits_logistic_regression_through_fit() -> None:
    X, y = two_blobs(20, seed=3)
    result = fit(X, y, loss="log", optimizer=Adam(0.05), epochs=200)
    assert result.variant == "batch Adam"
    assert result.model.accuracy(X, y) >= 0.9


def test_sigmoid_refuses_what_is_not_a_finite_number() -> None:
    with pytest.raises(DataError, match="z must be a real number, got 'a'"):
        sigmoid("a")  # a string
    with pytest.raises(DataError, match="z must be finite, got nan"):
        sigmoid(float("nan"))  # nan would give a silent nan
