"""explain_step writes its sums out term by term; Objective computes them its
own way (vectorised, through the loss and the model's chain rule). They must agree."""

import math

import pytest

from gdlearn import MAE, MSE, DataError, LinearModel, Loss, Objective, ParameterError
from gdlearn.explain import explain_step

X = [[1.0, 2.0], [2.0, -1.0], [3.0, 0.5], [-1.0, 4.0], [0.5, 0.5]]
Y = [3.0, 1.0, 4.0, 2.0, -1.0]
THETA = [0.3, -0.2, 0.1]


@pytest.mark.parametrize("loss", [MSE(), MAE()])
@pytest.mark.parametrize("rows", [None, [3, 0], [4]])
def test_gradient_and_losses_agree_with_the_objective(loss, rows):
    step = explain_step(X, Y, theta=THETA, loss=loss, learning_rate=0.05, rows=rows)
    objective = Objective(LinearModel(2), loss, X, Y)
    value, grad = objective.value_and_gradient(THETA, rows)
    assert step.loss_before == pytest.approx(value, rel=1e-12)
    assert step.gradient == pytest.approx(grad, rel=1e-12, abs=1e-15)
    theta_after = [t - 0.05 * g for t, g in zip(THETA, grad)]
    assert step.theta_after == pytest.approx(theta_after, rel=1e-12)
    after, _ = objective.value_and_gradient(theta_after, rows)
    assert step.loss_after == pytest.approx(after, rel=1e-12)


def test_text_shows_each_stage_with_numbers_by_hand():
    # θ = 0, X = [[1], [2]], y = [3, 5]: ŷ = 0, r = [−3, −5], MSE = 17,
    # ∂L/∂w = (2/2)(−3·1 − 5·2) = −13, ∂L/∂b = −8, η = 0.1: θ = [1.3, 0.8].
    step = explain_step([[1.0], [2.0]], [3.0, 5.0], learning_rate=0.1, feature_names=["x"])
    text = step.text
    assert "ŷ = w₁·x + b" in text
    assert "r₂ = 0 − 5 = −5" in text
    assert "= 17" in text
    assert "∂L/∂w₁ = (2/2)((−3)·1 + (−5)·2) = −13" in text
    assert "∂L/∂b = (2/2)((−3) + (−5)) = −8" in text
    assert "w₁ ← 0 − 0.1·(−13) = 1.3" in text
    assert "b ← 0 − 0.1·(−8) = 0.8" in text
    # after: r = [1.3 + 0.8 − 3, 2.6 + 0.8 − 5] = [−0.9, −1.6]; MSE = (0.81 + 2.56)/2
    assert math.isclose(step.loss_after, (0.81 + 2.56) / 2, rel_tol=1e-12)
    assert "before 17, after 1.685 (fell)" in text


def test_mae_uses_the_sign_subgradient():
    step = explain_step([[1.0], [2.0], [3.0]], [1.0, 5.0, 0.0], theta=[1.0, 0.0], loss="mae")
    # r = [0, −3, 3]: sign = [0, −1, 1]; ∂L/∂w = (1/3)(0 − 2 + 3), ∂L/∂b = 0
    assert step.gradient == pytest.approx([1 / 3, 0.0], abs=1e-15)
    assert "Σ sign(rᵢ)" in step.text


def test_only_the_first_rows_are_printed():
    step = explain_step(X, Y, shown=2)
    assert "… and 3 more" in step.text
    assert "ŷ₃" not in step.text


def test_bad_input():
    with pytest.raises(ParameterError, match="mse and mae"):
        explain_step(X, Y, loss=_OtherLoss())  # a loss explain does not cover
    with pytest.raises(ParameterError, match="rows must be indices"):
        explain_step(X, Y, rows=[7])  # row out of range
    with pytest.raises(ParameterError, match="rows must be indices"):
        explain_step(X, Y, rows=[])  # an empty batch
    with pytest.raises(ParameterError, match="feature_names must have 2"):
        explain_step(X, Y, feature_names=["a"])  # wrong number of names
    with pytest.raises(DataError, match="theta must have 3"):
        explain_step(X, Y, theta=[1.0])  # θ of the wrong length
    with pytest.raises(ParameterError, match="learning_rate"):
        explain_step(X, Y, learning_rate=0)  # rate not positive


class _OtherLoss(Loss):
    def value_and_slope(self, y_pred, y):
        return 0.0, 0.0
