"""Every run ends with a verdict: each word's criterion, at its edge and on real runs.

The criteria (``gdlearn.verdict``): interrupted; diverged; no minimum (θ separates
the classes of a logistic regression); converged (J(θ) − J* ≤ 10⁻⁶·J* +
10⁻⁹·(J(θ₀) − J*) where J* is known, else the tol/grad_tol rule or
‖∇J(θ)‖ ≤ 10⁻⁶·‖∇J(θ₀)‖); still descending (F > 2R over the tail); hovering.
The numbers they use, J*, κ and ‖∇J(θ)‖, are checked against formulas worked
out here, not against gdlearn.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import pytest

from gdlearn import (
    DivergenceError,
    GradientDescent,
    LinearModel,
    Objective,
    Quadratic,
    Result,
    Standardizer,
    fit,
)
from gdlearn.datasets import galton, mtcars
from gdlearn.verdict import VERDICTS, judge, tail

GALTON = galton()
MTCARS = mtcars()
Z = Standardizer.fit(GALTON.X).transform(GALTON.X)  # mean 0, population variance 1


# ---------------------------------------------------------------- the criteria at their edges


def test_the_tail_is_the_last_max_5_or_a_tenth_of_the_checks() -> None:
    assert tail([float(40 - k) for k in range(41)]).window == 5  # N = 40: ⌈4⌉ < 5
    assert tail([float(200 - k) for k in range(201)]).window == 20  # N = 200: ⌈20⌉
    assert tail([3.0, 2.0]).window == 1  # N = 1: all there is


def test_still_descending_needs_the_falls_to_exceed_twice_the_rises() -> None:
    # tail of [5, 4, 4.5] (N = 2): F = 1, R = 0.5; F = 2R exactly is not enough
    assert judge("max_epochs", [5.0, 4.0, 4.5], gradient_norm=1.0, start_gradient_norm=2.0) == "hovering"
    assert judge("max_epochs", [5.0, 4.0, 4.25], gradient_norm=1.0, start_gradient_norm=2.0) == (
        "still descending"  # F = 1, R = 0.25
    )


def test_converged_where_j_star_is_known_is_the_gap_rule() -> None:
    # J* = 1, J(θ₀) = 101: tolerance 10⁻⁶·1 + 10⁻⁹·100 = 1.1e-6
    inside, outside = [101.0, 2.0, 1.0 + 1.05e-6], [101.0, 2.0, 1.0 + 1.15e-6]
    assert judge("max_epochs", inside, gradient_norm=5.0, optimum=1.0) == "converged"
    assert judge("max_epochs", outside, gradient_norm=0.0, start_gradient_norm=5.0, optimum=1.0) == (
        "still descending"  # a zero gradient does not overrule a known gap
    )
    # the tol rule does not either: stopped, yet 0.5 above J* and still falling
    assert judge("converged", [9.0, 2.0, 1.5], gradient_norm=0.1, optimum=1.0) == "still descending"
    # an exact fit, J* = 0: a billionth of the starting excess is the floor
    assert judge("max_epochs", [10.0, 1e-3, 0.9e-8], gradient_norm=1.0, optimum=0.0) == "converged"
    assert judge("max_epochs", [10.0, 1e-3, 1.1e-8], gradient_norm=1.0, optimum=0.0) == "still descending"


def test_converged_without_j_star_is_the_stopping_rule_or_a_small_gradient() -> None:
    falling = [9.0, 5.0, 3.0]
    assert judge("converged", falling, gradient_norm=1.0) == "converged"  # tol or grad_tol stopped it
    assert judge("max_epochs", falling, gradient_norm=1e-6, start_gradient_norm=1.0) == "converged"
    assert judge("max_epochs", falling, gradient_norm=1.1e-6, start_gradient_norm=1.0) == "still descending"


def test_the_order_of_the_words() -> None:
    converging = [9.0, 5.0, 3.0]
    assert judge("interrupted", converging, gradient_norm=0.0, no_minimiser=True) == "interrupted"
    assert judge("diverged", converging, gradient_norm=0.0) == "diverged"
    assert (
        judge("converged", converging, gradient_norm=0.0, no_minimiser=True) == "no minimum"
    )  # never converged
    assert set(VERDICTS) == {
        "converged",
        "still descending",
        "hovering",
        "no minimum",
        "interrupted",
        "diverged",
    }


# ---------------------------------------------------------------- the numbers a verdict uses


def mse_gradient(theta: Sequence[float], X: list[list[float]], y: list[float]) -> list[float]:
    """∇J = (2/n)·X̃ᵀ(X̃θ − y), written out here."""
    n, d = len(y), len(X[0])
    r = [math.fsum([*(t * x for t, x in zip(theta, row)), theta[d]]) - target for row, target in zip(X, y)]
    grad = [2 / n * math.fsum(r_i * row[j] for r_i, row in zip(r, X)) for j in range(d)]
    return [*grad, 2 / n * math.fsum(r)]


def test_gradient_norm_is_the_full_gradient_at_the_returned_theta() -> None:
    X = [[row[0], row[0] ** 2 / 70] for row in Z[:50]]
    y = GALTON.y[:50]
    result = fit(X, y, learning_rate=0.01, batch_size=8, epochs=3, seed=2)  # a mini-batch run, far from θ*
    assert result.gradient_norm == pytest.approx(math.hypot(*mse_gradient(result.theta, X, y)), rel=1e-12)


def test_gradient_norm_of_a_plain_function() -> None:
    bowl = Quadratic([[3.0, 1.0], [1.0, 2.0]], [5.0, 5.0])  # ∇f = Aθ − b
    result = GradientDescent(0.1).minimize_function(bowl, [0.0, 0.0], iterations=7)
    a, b = result.theta
    assert result.gradient_norm == pytest.approx(math.hypot(3 * a + b - 5, a + 2 * b - 5), rel=1e-12)


def test_optimum_loss_is_the_least_squares_mse() -> None:
    x = [row[0] for row in GALTON.X]
    slope, intercept = statistics.linear_regression(x, GALTON.y)
    exact = math.fsum((slope * v + intercept - t) ** 2 for v, t in zip(x, GALTON.y)) / len(x)
    assert fit(GALTON.X, GALTON.y, learning_rate="auto", epochs=1).optimum_loss == pytest.approx(
        exact, rel=1e-12
    )


def test_optimum_loss_with_l2_is_ridge_s() -> None:
    # x standardised (mean 0, variance 1): J = mean((wx + b − y)²) + λw² is least at b = ȳ,
    # w = cov(x, y)/(1 + λ), where J* = var(y) − cov²/(1 + λ).
    x, y, lam = [row[0] for row in Z], GALTON.y, 0.5
    n, mean_y = len(y), statistics.fmean(y)
    cov = math.fsum(v * (t - mean_y) for v, t in zip(x, y)) / n
    var_y = math.fsum((t - mean_y) ** 2 for t in y) / n
    result = fit(Z, y, learning_rate=0.1, epochs=200, l2=lam)
    assert result.optimum_loss == pytest.approx(var_y - cov**2 / (1 + lam), rel=1e-10)
    assert result.verdict == "converged"


def test_the_condition_number_of_raw_galton_by_the_2x2_formula() -> None:
    x = [row[0] for row in GALTON.X]
    n = len(x)
    a, b, d = 2 / n * math.fsum(v * v for v in x), 2 / n * math.fsum(x), 2.0
    half_gap = math.hypot((a - d) / 2, b)
    kappa = ((a + d) / 2 + half_gap) / ((a * d - b * b) / ((a + d) / 2 + half_gap))  # λ₋ = det/λ₊
    assert fit(GALTON.X, GALTON.y, learning_rate="auto", epochs=1).condition_number == pytest.approx(
        kappa, rel=1e-6
    )


@pytest.mark.parametrize("options", [{"loss": "mae"}, {"loss": "huber"}, {"l1": 0.1}])
def test_no_closed_form_no_optimum(options: dict[str, object]) -> None:
    result = fit(Z, GALTON.y, learning_rate=0.1, epochs=5, **options)  # type: ignore[arg-type]
    assert result.optimum_loss is None and result.condition_number is None


def test_dependent_columns_have_no_unique_optimum() -> None:
    X = [[row[0], 2 * row[0]] for row in Z[:30]]
    result = fit(X, GALTON.y[:30], learning_rate=0.1, epochs=5)
    assert result.optimum_loss is None


# ---------------------------------------------------------------- each word on real runs


def test_converged_the_quick_start() -> None:
    result = fit(Z, GALTON.y, learning_rate=0.1, epochs=200)
    assert result.verdict == "converged" and result.converged
    assert result.describe() == (
        "batch gradient descent converged: 200 updates over 200 epochs, final loss 5.00029,"
        " at the least value J* = 5.00029."
    )


def test_still_descending_raw_galton_says_the_gap_and_the_cure() -> None:
    result = fit(GALTON.X, GALTON.y, learning_rate="auto", epochs=500)
    assert result.verdict == "still descending" and not result.converged
    assert result.epoch_loss[-1] < result.epoch_loss[-2]  # still falling at the last epoch
    text = result.describe()
    assert "7.8% above the least value J* = 5.00029" in text
    assert "condition number κ = 6.8e+06" in text and "standardise the features" in text


def test_hovering_stochastic_gd_with_a_constant_rate() -> None:
    result = fit(Z, GALTON.y, learning_rate=0.05, batch_size=1, epochs=100, seed=0)
    assert result.verdict == "hovering"
    assert result.final_loss > 1.1 * result.optimum_loss  # the noise ball: 14 % above J*
    assert "the noise of small batches" in result.describe().lower()


def test_hovering_mae_across_its_kink() -> None:
    result = fit(Z, GALTON.y, loss="mae", learning_rate=0.1, epochs=3000)
    assert result.verdict == "hovering"
    assert "kink of MAE" in result.describe()


def test_interrupted() -> None:
    class Interrupted(Objective):
        calls = 0

        def value_and_gradient(self, theta: Sequence[float], indices: Sequence[int] | None = None):  # type: ignore[no-untyped-def]
            self.calls += 1
            if self.calls == 5:
                raise KeyboardInterrupt
            return super().value_and_gradient(theta, indices)

    J = Interrupted(LinearModel(1), "mse", Z, GALTON.y)
    result = GradientDescent(0.1).minimize(J, epochs=100)
    assert result.verdict == "interrupted" and result.n_iter == 4
    assert "interrupted (Ctrl-C)" in result.describe()


def test_diverged() -> None:
    with pytest.raises(DivergenceError) as caught:
        fit(Z, GALTON.y, learning_rate=1.5, epochs=100)
    assert caught.value.result.verdict == "diverged"


def test_a_result_made_by_hand_is_judged_too() -> None:
    from array import array

    result = Result((1.0,), array("d"), array("d", [4.0, 2.0, 1.0]), 1.0, 2, 2, "max_epochs", 0.1, "batch GD")
    assert result.verdict == "still descending"


# ---------------------------------------------------------------- convex without a minimum


def separable_mtcars() -> tuple[list[list[float]], list[float]]:
    """am (manual transmission) from the other nine columns, standardised: the classes separate."""
    am = MTCARS.feature_names.index("am")
    X = [[v for j, v in enumerate(row) if j != am] for row in MTCARS.X]
    return Standardizer.fit(X).transform(X), [row[am] for row in MTCARS.X]


def test_no_minimum_logistic_regression_on_separable_data() -> None:
    X, y = separable_mtcars()
    result = fit(X, y, loss="log", learning_rate=0.5, epochs=3000)
    assert result.verdict == "no minimum" and not result.converged
    assert result.model.accuracy(X, y) == 1.0  # every row on its side: J(c·θ) → 0 as c → ∞
    loss = Objective(result.model, "log", X, y)
    assert loss.value([2 * t for t in result.theta]) < result.final_loss  # doubling θ lowers the loss
    text = result.describe()
    assert "loss keeps falling towards 0" in text and "‖w‖ keeps growing" in text
    assert "no minimiser exists" in text and "l2=" in text


def test_no_minimum_is_never_converged_even_when_tol_stops_it() -> None:
    result = fit([[-1.0], [1.0]], [0, 1], loss="log", learning_rate=1.0, epochs=100_000, tol=1e-6)
    assert result.stop_reason == "converged" and result.verdict == "no minimum" and not result.converged


def test_a_penalty_or_weight_decay_makes_a_minimum() -> None:
    X, y = separable_mtcars()
    assert fit(X, y, loss="log", learning_rate=0.5, epochs=3000, l2=0.01).verdict == "converged"
    assert fit(
        [[-1.0], [1.0]], [0, 1], loss="log", learning_rate=1.0, epochs=200, weight_decay=0.01
    ).verdict != ("no minimum")


def test_one_class_has_no_minimum_even_with_l2() -> None:
    # all y = 1: b → ∞ alone drives the loss to 0, and b is not penalised
    assert (
        fit([[1.0], [2.0]], [1, 1], loss="log", learning_rate=1.0, epochs=200, l2=0.1).verdict == "no minimum"
    )


def test_logistic_regression_with_a_minimum_converges() -> None:
    # am from hp and wt overlaps: a finite maximum-likelihood answer exists
    hp, wt, am = (MTCARS.feature_names.index(c) for c in ("hp", "wt", "am"))
    X = Standardizer.fit([[r[hp], r[wt]] for r in MTCARS.X]).transform([[r[hp], r[wt]] for r in MTCARS.X])
    result = fit(X, [r[am] for r in MTCARS.X], loss="log", learning_rate=4.0, epochs=3000)
    assert result.verdict == "converged" and result.gradient_norm < 1e-12


def test_a_function_without_a_minimum_is_never_called_converged() -> None:
    class Exp:  # f(θ) = e^θ: convex, bounded below by 0, never reaching it
        def value(self, theta: list[float]) -> float:
            return math.exp(theta[0])

        def gradient(self, theta: list[float]) -> list[float]:
            return [math.exp(theta[0])]

    result = GradientDescent(0.1).minimize_function(Exp(), [0.0], iterations=1000)
    assert result.theta[0] < -4.0  # heading for −∞
    assert result.verdict == "still descending"


# ---------------------------------------------------------------- weight decay, rising and flat tails, J* = 0


LINE_X, LINE_Y = [[0.0], [1.0], [2.0], [3.0]], [1.0, 3.0, 5.0, 7.0]  # y = 2x + 1 exactly: J* = 0


def decayed_fixed_point(lam: float) -> tuple[float, float]:
    """θ = (w, b) where ∇J + λ·θ = 0 for MSE on the line: (2/n)·X̃ᵀ(X̃θ − y) + λθ = 0, by Cramer's rule.

    With n = 4, Σx = 6, Σx² = 14, Σxy = 34, Σy = 16: [[7 + λ, 3], [3, 2 + λ]]·(w, b) = (17, 8).
    """
    a, b, c, d, e, f = 7 + lam, 3.0, 3.0, 2 + lam, 17.0, 8.0
    det = a * d - b * c
    return (e * d - b * f) / det, (a * f - c * e) / det


def test_weight_decay_converges_to_its_own_fixed_point_not_to_j_star() -> None:
    # The rule steps along ∇J + λ_wd·θ, so it stops where that vanishes, with ∇J ≠ 0 and J above
    # J* = 0: that is converged (before, the verdict read ∇J alone and called it hovering).
    run = fit(LINE_X, LINE_Y, learning_rate=0.05, weight_decay=0.5, epochs=20000)
    assert run.theta == pytest.approx(decayed_fixed_point(0.5), abs=1e-6)
    assert run.gradient_norm > 1.0 and run.final_loss > 0.05  # ∇J(θ) and J − J* are far from 0
    assert run.verdict == "converged"
    assert "above the least value J* = " in run.describe()


def test_hovering_that_only_rises_says_to_lower_the_rate() -> None:
    # H = (2/n)·X̃ᵀX̃ = [[7, 3], [3, 2]], eigenvalues (9 ± √61)/2: the limit 2/λ_max ≈ 0.238, η = 0.245 past it
    lam_max = (9 + math.sqrt(61)) / 2
    assert 2 / lam_max < 0.245
    run = fit(LINE_X, LINE_Y, learning_rate=0.245, epochs=8)
    assert run.verdict == "hovering"  # eight epochs: too short for ten rises, far from a thousand times
    assert "The loss rose at each of the last 5 checks" in run.describe()
    assert "lower the learning rate" in run.describe()


def test_hovering_that_no_longer_moves_says_the_steps_are_too_small() -> None:
    run = fit(LINE_X, LINE_Y, learning_rate=1e-300, epochs=20)
    assert run.verdict == "hovering" and run.final_loss == run.epoch_loss[0] == 21.0
    assert "The loss no longer changes: the steps are too small to move θ (η = 1e-300" in run.describe()


def test_a_least_value_of_zero_to_rounding_is_not_divided_by() -> None:
    # least squares on an exact line gives J* of about 1e-30, rounding: "4e+26 times J*" would be noise
    run = fit(LINE_X, LINE_Y, learning_rate=0.1, epochs=5)
    assert run.optimum_loss is not None and run.optimum_loss < 1e-25
    text = run.describe()
    assert "times the least value" not in text and "above the least value J* = " in text
    assert "fell by a factor of 4e+04 over the last 5 epochs" in text  # 21 → 0.000529: not "1e+02%"
