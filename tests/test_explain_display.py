"""How an explanation reads: a step checked by hand, folding at any size, names, notebooks, errors."""

from __future__ import annotations

import math
import random

import pytest
from test_explain import X, Y

from gdlearn import DataError, DivergenceError, Loss, ParameterError, fit
from gdlearn.explain import Explanation, explain_step
from gdlearn.loop import Optimizer


def flat(text: str) -> str:
    """The text with its wrapped sentence joined again."""
    return " ".join(text.split())


def test_one_step_by_hand():
    # θ = 0, X = [[1], [2]], y = [3, 5]: ŷ = 0, r = [−3, −5], MSE = (9 + 25)/2 = 17,
    # δ = 2r/2 = [−3, −5], ∂J/∂w = −3·1 − 5·2 = −13, ∂J/∂b = −8; η = 0.1: θ = [1.3, 0.8]
    step = explain_step([[1.0], [2.0]], [3.0, 5.0], learning_rate=0.1, feature_names=["x"])
    text = step.text
    assert "the model      ŷ = w_x·x + b" in text
    assert "r₂ = 0 − 5 = −5" in text
    assert "the objective  J = L, L = the mean squared error over the batch" in text
    assert "J = L = (1/2)(9 + 25) = 17" in text  # no penalty: the objective is the loss of the predictions
    assert "δ₁ = 2·(−3)/2 = −3" in text
    assert "∂J/∂w_x = (−3)·1 + (−5)·2 = −13" in text
    assert "∂J/∂b = (−3) + (−5) = −8" in text
    assert "w_x ← 0 − 0.1·(−13) = 1.3" in text
    assert "b   ← 0 − 0.1·(−8) = 0.8" in text
    # after: r = [1.3 + 0.8 − 3, 2.6 + 0.8 − 5] = [−0.9, −1.6], MSE = (0.81 + 2.56)/2 = 1.685
    assert math.isclose(step.loss_after, 1.685, rel_tol=1e-12)
    assert "J = 17 before the update, 1.685 after it" in text
    assert "w_x the most: +1.3, and the loss fell by 15.315." in flat(text)


def test_huber_says_which_rows_are_in_which_part():
    # θ = 0: r = −y = [−3, −0.5, −4, −2, 0.5]; M = 1: rows 2 and 5 quadratic, 1, 3, 4 linear
    text = explain_step(X, Y, loss="huber", shown=5).text
    assert "ℓᵢ = ½rᵢ² if |rᵢ| ≤ M, else M·(|rᵢ| − ½M);  M = 1" in text  # M: Huber's threshold, not δᵢ
    assert "the quadratic part, |rᵢ| ≤ M: rows 2, 5 (2 rows)" in text
    assert "the linear part, |rᵢ| > M: rows 1, 3, 4 (3 rows)" in text
    assert "δ₁ = 1·sign(−3)/5 = −0.2  (linear: |r₁| = 3 > M)" in text
    assert "δ₂ = (−0.5)/5 = −0.1  (quadratic: |r₂| = 0.5 ≤ M)" in text


def test_the_logistic_model_shows_sigma_and_y_hat_minus_y():
    text = explain_step(X, [1, 0, 1, 0, 1], loss="log").text
    assert "the model      ŷ = σ(w₁·x₁ + w₂·x₂ + b)" in text
    assert "ŷ₁ = 1/(1 + e^(0)) = 0.5" in text  # z = 0 at θ = 0
    assert "r₁ = 0.5 − 1 = −0.5" in text
    assert "δ₁ = (−0.5)/5 = −0.1" in text


def test_the_penalty_and_the_bias():
    text = explain_step(X, Y, step=2, l1=0.1, l2=0.2).text
    assert "the objective J = L + λ₂‖w‖² (λ₂ = 0.2) + λ₁‖w‖₁ (λ₁ = 0.1), L = the mean squared" in flat(text)
    assert "   L = (1/5)(" in text and "   J = L + λ₂‖w‖² + λ₁‖w‖₁ = " in text
    assert "δᵢ = ∂L/∂ŷᵢ" in text and "∂L/∂w₁ = " in text
    assert "the penalty  ∂J/∂wⱼ = ∂L/∂wⱼ + 2λ₂·wⱼ + λ₁·sign(wⱼ), and nothing for b" in text
    assert "(the bias is not penalised)" in text


def test_the_proximal_step_by_hand():
    # as test_one_step_by_hand, with a weak second feature: g = [−13, 0.2, −8], θ − η·g = [1.3, −0.02, 0.8];
    # then η·λ₁ = 0.1·2 = 0.2: w₁ = 1.3 − 0.2 = 1.1, w₂ = 0 (|−0.02| ≤ 0.2), b stays 0.8
    step = explain_step([[1.0, 0.1], [2.0, -0.1]], [3.0, 5.0], learning_rate=0.1, l1=2.0, proximal=True)
    text = step.text
    assert "J = L + λ₁‖w‖₁ (λ₁ = 2, by its proximal step), L = the mean squared error over the batch" in text
    assert "6. the penalty  λ₁‖w‖₁ is left out of the gradient: its proximal step follows the update" in text
    assert "w₂ ← 0 − 0.1·0.2 = −0.02" in text
    assert "η·λ₁ = 0.1·2 = 0.2" in text
    assert "w₁ ← sign(1.3)·max(1.3 − 0.2, 0) = 1.1" in text
    assert "w₂ ← sign(−0.02)·max(0.02 − 0.2, 0) = 0  (|w₂| ≤ η·λ₁: exactly 0)" in text
    assert "b  ← b = 0.8  (the bias is not penalised)" in text
    assert step.theta_after == pytest.approx((1.1, 0.0, 0.8), rel=1e-15) and step.theta_after[1] == 0.0
    # after: ŷ = [1.9, 3.0], r = [−1.1, −2], MSE = (1.21 + 4)/2 = 2.605, plus λ₁‖w‖₁ = 2·1.1
    assert "J = 17 before the update, 4.805 after it" in text
    summary = "set w₂ (1 of 2), within η·λ₁ = 0.2 of 0, to exactly 0 and moved the others 0.2 towards 0"
    assert summary in flat(text)


def test_the_proximal_step_needs_plain_gradient_descent():
    with pytest.raises(ParameterError, match="follows plain gradient descent only"):
        explain_step(X, Y, l1=0.5, proximal=True, momentum=0.9)  # would settle on the lasso of 0.05
    with pytest.raises(ParameterError, match="follows plain gradient descent only"):
        explain_step(X, Y, l1=0.5, proximal=True, optimizer="adam")


@pytest.mark.parametrize("rule", [{}, {"momentum": 0.9, "nesterov": True}, {"optimizer": "adam"}])
def test_fifty_features_fold_like_four(rule):
    rng = random.Random(0)
    rows = [[rng.gauss(0, 1) for _ in range(50)] for _ in range(30)]
    y = [rng.gauss(0, 1) for _ in range(30)]
    names = [f"f{j}" for j in range(50)]
    options = {"step": 3, "batch_size": 8, "seed": 1, "weight_decay": 0.1, "l2": 0.01, **rule}
    wide = explain_step(rows, y, feature_names=names, **options).text
    narrow = explain_step([row[:4] for row in rows], y, feature_names=names[:4], **options).text
    assert max(map(len, wide.splitlines())) <= 120
    assert len(wide.splitlines()) <= len(narrow.splitlines()) + 1  # the wrapped sentence may differ
    assert "… and 47 more weights" in wide and "… and 1 more weights" in narrow
    assert "… and 5 more rows" in wide
    assert "w_f0·f0 + w_f1·f1 + w_f2·f2 + … + b" in wide  # each weight named after its feature
    assert "w₁" not in wide


def test_the_explanation_displays_as_its_text():
    step = explain_step(X, Y, step=2, optimizer="adam")
    assert isinstance(step, Explanation)
    assert str(step) == step.text
    assert step._repr_mimebundle_() == {"text/plain": step.text}
    printed = []

    class Printer:  # what IPython hands to _repr_pretty_
        def text(self, value):
            printed.append(value)

    step._repr_pretty_(Printer(), False)
    assert printed == [step.text]
    assert "\n" not in repr(step) and repr(step).startswith(
        "Explanation(t=2, variant='batch Adam', loss_before="
    )
    by_hand = explain_step([[1.0], [2.0]], [3.0, 5.0], learning_rate=0.1)  # the step above
    assert (
        repr(by_hand)
        == "Explanation(t=1, variant='batch gradient descent', loss_before=17, loss_after=1.685)"
    )


def test_a_notebook_shows_the_text():
    formatters = pytest.importorskip("IPython.core.formatters")
    step = explain_step(X, Y)
    assert formatters.PlainTextFormatter()(step) == step.text


def test_without_an_intercept():
    step = explain_step(X, Y, step=3, fit_intercept=False, learning_rate=0.02)
    assert "ŷ = w₁·x₁ + w₂·x₂\n" in step.text and "∂J/∂b" not in step.text
    theta = fit(X, Y, fit_intercept=False, learning_rate=0.02, epochs=3).theta
    assert step.theta_after == pytest.approx(theta, rel=1e-12)


def test_bad_input():
    with pytest.raises(ParameterError, match="mse, mae, huber and log"):
        explain_step(X, Y, loss=_OtherLoss())  # a loss explain does not write out
    with pytest.raises(ParameterError, match="step must be a whole number"):
        explain_step(X, Y, step=0)  # no update 0
    with pytest.raises(ParameterError, match="shown must be a whole number"):
        explain_step(X, Y, shown=0)  # nothing to show
    with pytest.raises(ParameterError, match="feature_names must have 2"):
        explain_step(X, Y, feature_names=["a"])  # wrong number of names
    with pytest.raises(DataError, match="theta0 must have 3"):
        explain_step(X, Y, theta0=[1.0])  # θ₀ of the wrong length
    with pytest.raises(ParameterError, match="learning_rate"):
        explain_step(X, Y, learning_rate=0)  # rate not positive
    with pytest.raises(ParameterError, match="momentum"):
        explain_step(X, Y, optimizer="adam", momentum=0.9)  # an option of the other rule
    with pytest.raises(ParameterError, match="GradientDescent and Adam"):
        explain_step(X, Y, optimizer=_OtherRule(0.1))  # a rule explain does not write out
    with pytest.raises(DivergenceError, match="before update 40 could be explained"):
        explain_step(X, Y, step=40, learning_rate=1.0)  # the run blows up on the way


class _OtherLoss(Loss):
    def value_and_slope(self, y_pred, y):
        return 0.0, 0.0


class _OtherRule(Optimizer):  # an optimizer that is neither GradientDescent nor Adam
    def init(self, n_params):
        return None

    def update(self, theta, grad, state, eta):
        return list(theta), state
