"""Divergence is caught at its first sustained rise, and converging runs are left alone.

Three rules (``gdlearn.divergence``), each test names the one it exercises:

- the sustained-rise rule: the full loss rose at each of the last 10 checks
  (epochs; iterations for a plain function), above its start at each;
- the blow-up rule: a loss or θ that is not finite, or a batch loss beyond
  10¹⁰ times the start;
- the worse-end rule: the run ends with its full loss more than 1000 times
  its start, J − J(θ₀) > 999·|J(θ₀)|.

The stability limits are worked out by hand here, from the 2×2 Hessian
H = (2/n)·[[Σx², Σx], [Σx, n]] of a line (Galton) and from diag(1, 100).
"""

from __future__ import annotations

import itertools
import math

import pytest

from gdlearn import (
    Adam,
    DivergenceError,
    GradientDescent,
    Quadratic,
    Rosenbrock,
    Standardizer,
    StepDecay,
    fit,
    stable_learning_rate,
)
from gdlearn.datasets import galton, mtcars
from gdlearn.divergence import RISES, WORSE_END

GALTON = galton()
MTCARS = mtcars()
BOWL = Quadratic([[1.0, 0.0], [0.0, 100.0]], [1.0, 1.0])  # κ = 100, λ_max = 100, θ* = (1, 0.01)


def galton_lambda_max() -> float:
    """λ_max of H = (2/n)·[[Σx², Σx], [Σx, n]] for Galton's raw heights, by the 2×2 formula."""
    x = [row[0] for row in GALTON.X]
    n = len(x)
    a, b, d = 2 / n * math.fsum(v * v for v in x), 2 / n * math.fsum(x), 2.0
    return (a + d) / 2 + math.hypot((a - d) / 2, b)


def momentum_limit(lambda_max: float, mu: float, nesterov: bool = False) -> float:
    """2(1 + μ)/λ for heavy ball, 2(1 + μ)/((1 + 2μ)λ) for Nesterov (PyTorch's forms)."""
    return 2 * (1 + mu) / ((1 + 2 * mu) * lambda_max) if nesterov else 2 * (1 + mu) / lambda_max


GALTON_LIMIT = 2 / galton_lambda_max()  # ≈ 0.000214


def standardised(X: list[list[float]]) -> list[list[float]]:
    return Standardizer.fit(X).transform(X)


def test_the_hand_made_limit_is_the_library_s() -> None:
    assert stable_learning_rate(GALTON.X).limit == pytest.approx(GALTON_LIMIT, rel=1e-10)


# ---------------------------------------------------------------- it must catch these


@pytest.mark.parametrize("factor", [1.004, 1.05, 2.0])
def test_sustained_rise_rule_catches_batch_gd_above_the_limit_on_raw_galton(factor: float) -> None:
    # Above the limit the steep direction's error grows by |1 − ηλ_max| > 1 a step, so J rises
    # from the first epoch; at 1.004× that is 1.6 % an epoch, which 10¹⁰ would take 1445 epochs to see.
    with pytest.raises(DivergenceError) as caught:
        fit(GALTON.X, GALTON.y, learning_rate=factor * GALTON_LIMIT, epochs=100)
    error = caught.value
    result = error.result
    assert (result.n_epochs, result.n_iter, result.stop_reason) == (RISES, RISES, "diverged")
    rises = result.epoch_loss
    assert all(later > earlier > rises[0] for earlier, later in itertools.pairwise(rises[1:]))
    assert rises[1] > rises[0]  # above the start from the first epoch
    assert "the loss rose at each of the last 10 epochs" in str(error)
    assert f"diverged after {RISES} updates, at the end of epoch {RISES}" in str(error)
    assert error.learning_rate == pytest.approx(factor * GALTON_LIMIT, rel=1e-15)
    assert error.stability_limit == pytest.approx(GALTON_LIMIT, rel=1e-9)


def test_the_blow_up_rule_alone_would_take_1445_epochs_at_1_004x(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the sustained-rise rule buys: without it, the run goes on until J passes 10¹⁰·J(θ₀).
    monkeypatch.setattr("gdlearn.divergence.RISES", 10**9)
    with pytest.raises(DivergenceError) as caught:
        fit(GALTON.X, GALTON.y, learning_rate=1.004 * GALTON_LIMIT, epochs=5000)
    assert caught.value.result.n_epochs == 1445  # the loss at the end of epoch 1445 passed the limit
    assert "at the end of epoch 1445: loss 4.647e+13" in str(caught.value)


def test_sustained_rise_rule_catches_momentum_above_its_own_limit_on_raw_galton() -> None:
    eta = 1.02 * momentum_limit(galton_lambda_max(), 0.9)
    with pytest.raises(DivergenceError) as caught:
        fit(GALTON.X, GALTON.y, learning_rate=eta, momentum=0.9, epochs=100)
    assert caught.value.result.n_epochs == RISES
    assert caught.value.stability_limit == pytest.approx(momentum_limit(galton_lambda_max(), 0.9), rel=1e-9)
    assert "with momentum diverged" in str(caught.value)


def test_sustained_rise_rule_catches_momentum_above_its_limit_on_a_quadratic() -> None:
    rule = GradientDescent(1.02 * momentum_limit(100.0, 0.9), momentum=0.9)
    with pytest.raises(DivergenceError) as caught:
        rule.minimize_function(BOWL, [5.0, 5.0], iterations=300)
    assert caught.value.result.n_iter == RISES
    assert "the loss rose at each of the last 10 iterations" in str(caught.value)
    assert caught.value.stability_limit == pytest.approx(2 * 1.9 / 100, rel=1e-9)


def test_blow_up_rule_catches_stochastic_gd_on_raw_mtcars_at_a_large_rate() -> None:
    # η = 1e-4 is nine times the full-batch limit (about 1.1e-5); one row at a time the
    # loss passes 10¹⁰·J(θ₀) within the first epoch, and the message says in which.
    with pytest.raises(DivergenceError) as caught:
        fit(MTCARS.X, MTCARS.y, learning_rate=1e-4, batch_size=1, epochs=100, seed=0)
    error = caught.value
    assert error.result.n_epochs == 0 and 0 < error.result.n_iter < len(MTCARS.y)
    assert f"after {error.result.n_iter} updates, in epoch 1:" in str(error)
    assert error.learning_rate == pytest.approx(1e-4, rel=1e-15)
    assert error.stability_limit == pytest.approx(stable_learning_rate(MTCARS.X).limit, rel=1e-6)


def test_the_error_carries_the_scheduled_rate_of_the_last_update_not_eta0() -> None:
    # StepDecay(5, 0.9): η_t = η₀·0.9^⌊(t − 1)/5⌋, so update 10 used 0.9·η₀ (still 1.8× the limit).
    eta0 = 2 * GALTON_LIMIT
    with pytest.raises(DivergenceError) as caught:
        fit(GALTON.X, GALTON.y, learning_rate=eta0, schedule=StepDecay(5, 0.9), epochs=100)
    error = caught.value
    assert error.result.n_iter == RISES
    assert error.learning_rate == pytest.approx(0.9 * eta0, rel=1e-14)
    assert error.result.learning_rates[-1] == pytest.approx(error.learning_rate, rel=0.0)
    assert f"(η = {0.9 * eta0:g} at the last update)" in str(error)


def test_the_counts_of_the_message_and_of_describe_agree() -> None:
    with pytest.raises(DivergenceError) as caught:
        fit(GALTON.X, GALTON.y, learning_rate=1.05 * GALTON_LIMIT, epochs=100)
    result = caught.value.result
    assert f"after {result.n_iter} updates, at the end of epoch {result.n_epochs}:" in str(caught.value)
    assert result.describe().startswith(f"batch gradient descent diverged after {result.n_iter} updates:")
    assert result.verdict == "diverged" and not result.converged
    assert result.final_loss == result.epoch_loss[-1]  # the loss that made it stop, kept


# ---------------------------------------------------------------- it must leave these alone


@pytest.mark.parametrize(("mu", "nesterov"), [(0.9, False), (0.99, False), (0.9, True), (0.99, True)])
def test_sustained_rise_rule_spares_momentum_at_0_9x_its_limit_on_an_ill_conditioned_quadratic(
    mu: float, nesterov: bool
) -> None:
    rule = GradientDescent(0.9 * momentum_limit(100.0, mu, nesterov), momentum=mu, nesterov=nesterov)
    for start in ([5.0, 5.0], [1.0, 1.01], [-3.0, 0.01]):  # mixed, the steep axis only, the flat axis only
        result = rule.minimize_function(BOWL, start, iterations=3000)
        assert result.theta == pytest.approx([1.0, 0.01], abs=1e-4)  # μ = 0.99 shrinks by √μ a step


@pytest.mark.parametrize(("mu", "nesterov"), [(0.9, False), (0.99, False), (0.9, True)])
def test_sustained_rise_rule_spares_momentum_at_0_9x_its_limit_on_standardised_mtcars(
    mu: float, nesterov: bool
) -> None:
    Z = standardised(MTCARS.X)
    lambda_max = stable_learning_rate(Z).lambda_max
    eta = 0.9 * momentum_limit(lambda_max, mu, nesterov)
    result = fit(Z, MTCARS.y, learning_rate=eta, momentum=mu, nesterov=nesterov, epochs=1000)
    assert result.final_loss < 1.01 * result.optimum_loss  # on its way down: within 1 % of J*


def test_sustained_rise_rule_spares_noisy_stochastic_gd_on_standardised_galton() -> None:
    result = fit(standardised(GALTON.X), GALTON.y, learning_rate=0.05, batch_size=1, epochs=100, seed=0)
    tail = result.epoch_loss[1:]
    rises = sum(later > earlier for earlier, later in itertools.pairwise(tail))
    assert 20 < rises < 80  # the epoch losses go up and down: noisy, not monotone
    assert result.verdict == "hovering"


def test_sustained_rise_rule_spares_adam_on_rosenbrock() -> None:
    result = Adam(0.01).minimize_function(Rosenbrock(), [-1.2, 1.0], iterations=5000)
    assert result.theta == pytest.approx([1.0, 1.0], abs=1e-3)


def test_sustained_rise_rule_spares_adam_s_spikes_that_turn_back() -> None:
    # Adam at 0.5 on raw mtcars spikes from J ≈ 4.7 to 4735 near epoch 1943, ten times its
    # start, then turns back: its step is bounded by about η, so it cannot run away.
    # (When the spike comes is chaotic: a last bit, as between Python 3.11 and 3.12, moves it.)
    result = fit(MTCARS.X, MTCARS.y, optimizer="adam", learning_rate=0.5, epochs=2000)
    late = list(result.epoch_loss[1000:])
    peak = max(range(len(late)), key=late.__getitem__)
    assert late[peak] > 10 * result.epoch_loss[0]  # the spike: above ten times the start
    assert min(late[peak:]) < late[peak] / 100  # and back down by two decades, with no DivergenceError


@pytest.mark.parametrize("batch_size", [None, 1])
def test_sustained_rise_rule_spares_mae_with_a_constant_rate(batch_size: int | None) -> None:
    epochs = 3000 if batch_size is None else 50
    Z = standardised(GALTON.X)
    result = fit(Z, GALTON.y, loss="mae", learning_rate=0.05, batch_size=batch_size, epochs=epochs, seed=0)
    assert result.verdict == "hovering"


@pytest.mark.parametrize(("standardise", "rate"), [(True, 0.1), (False, 0.001)])
def test_sustained_rise_rule_spares_logistic_regression_on_mtcars(standardise: bool, rate: float) -> None:
    # am (automatic or manual) from the other nine columns: raw, the logits swing far and the
    # loss goes above log 2 for several epochs in a row, yet the log loss cannot run away.
    am = MTCARS.feature_names.index("am")
    X = [[v for j, v in enumerate(row) if j != am] for row in MTCARS.X]
    y = [row[am] for row in MTCARS.X]
    result = fit(standardised(X) if standardise else X, y, loss="log", learning_rate=rate, epochs=300)
    assert result.stop_reason == "max_epochs"
    assert max(result.epoch_loss) > result.epoch_loss[0] or standardise


# ---------------------------------------------------------------- a climb that theory says will turn


def raw_hp_wt() -> list[list[float]]:
    hp, wt = MTCARS.feature_names.index("hp"), MTCARS.feature_names.index("wt")
    return [[row[hp], row[wt]] for row in MTCARS.X]


def tuned_heavy_ball(X: list[list[float]]) -> tuple[float, float, float]:
    """(η, μ, λ_max) of Polyak's heavy ball for MSE on X.

    η = 4/(√λ_max + √λ_min)²,  μ = ρ²,  ρ = (√κ − 1)/(√κ + 1),  κ = λ_max/λ_min
    """
    curvature = stable_learning_rate(X)
    lo, hi = curvature.lambda_min, curvature.lambda_max
    rho = (math.sqrt(hi / lo) - 1) / (math.sqrt(hi / lo) + 1)
    return 4 / (math.sqrt(hi) + math.sqrt(lo)) ** 2, rho * rho, hi


def test_sustained_rise_rule_spares_tuned_heavy_ball_whose_climb_theory_says_turns() -> None:
    # Heavy ball tuned for raw (hp, wt) is below momentum's limit 2(1 + μ)/λ_max, so on this
    # quadratic it converges; its error first grows like k·ρᵏ.
    X = raw_hp_wt()
    eta, mu, hi = tuned_heavy_ball(X)
    assert eta < momentum_limit(hi, mu)
    run = fit(X, MTCARS.y, learning_rate=eta, momentum=mu, epochs=400)
    losses = list(run.epoch_loss)
    rising = [b > a > losses[0] for a, b in itertools.pairwise(losses)]  # up, and above the start
    rises = max(len(list(run_)) for up, run_ in itertools.groupby(rising) if up)
    assert rises >= RISES  # the rule alone would have fired
    assert run.stop_reason == "max_epochs" and max(losses) > 1000 * losses[0]
    # the same climb at a rate just above the limit is a blow-up, and is still stopped
    with pytest.raises(DivergenceError, match="rose at each of the last"):
        fit(X, MTCARS.y, learning_rate=1.01 * momentum_limit(hi, mu), momentum=mu, epochs=400)


def test_the_spared_climb_is_batch_only_mini_batches_are_judged_by_the_rule() -> None:
    # a mini-batch's curvature can pass the full-batch limit, so no theorem spares it
    X = raw_hp_wt()
    eta, mu, _ = tuned_heavy_ball(X)
    with pytest.raises(DivergenceError):
        fit(X, MTCARS.y, learning_rate=eta, momentum=mu, batch_size=16, epochs=400, seed=0)


# ---------------------------------------------------------------- the worse end: what ten rises cannot see

LINE_X, LINE_Y = [[0.0], [1.0], [2.0], [3.0]], [1.0, 3.0, 5.0, 7.0]  # y = 2x + 1; J(0) = 21, limit η ≈ 0.24


def test_worse_end_rule_catches_a_run_too_short_for_ten_rises() -> None:
    # η = 1, four times the limit: J goes 21 → 1151 → … → 1.0e10 in five epochs, five rises, not ten
    with pytest.raises(DivergenceError, match="at the end of the run, after 5 updates in 5 epochs") as caught:
        fit(LINE_X, LINE_Y, learning_rate=1.0, epochs=5)
    assert "the loss ended at 1.041e+10, more than 1000 times its start 21" in str(caught.value)
    history = caught.value.result
    assert history is not None and len(history.epoch_loss) == 6 and history.stop_reason == "diverged"


def test_worse_end_rule_catches_stochastic_gd_in_three_epochs() -> None:
    with pytest.raises(DivergenceError, match="at the end of the run, after 12 updates in 3 epochs"):
        fit(LINE_X, LINE_Y, learning_rate=0.5, batch_size=1, seed=0, epochs=3)


def test_worse_end_rule_catches_a_plain_function_in_nine_iterations() -> None:
    # f = θ², η = 1.5: θ ← θ − 1.5·2θ = −2θ, so f grows 4× an iteration: 1 → 4⁹ = 262144
    bowl = Quadratic([[2.0]], [0.0])
    with pytest.raises(DivergenceError, match=r"ended at 2.621e\+05, more than 1000 times its start 1"):
        GradientDescent(1.5).minimize_function(bowl, [1.0], iterations=9)


def test_worse_end_rule_catches_a_loss_that_swings_far_above_its_start() -> None:
    # log loss at η = 10⁶: the logits swing by millions, the loss up and down, never ten rises in a row
    with pytest.raises(DivergenceError, match=r"more than 1000 times its start 0\.6931"):
        fit(LINE_X, [0.0, 1.0, 0.0, 1.0], loss="log", learning_rate=1e6, epochs=200)


def test_worse_end_rule_catches_an_l1_subgradient_kicking_weights_far_from_zero() -> None:
    # λ₁ = 10⁶ kicks w by η·λ₁ = 5·10⁴ a step: the theory of the quadratic's steps does not spare it
    with pytest.raises(DivergenceError, match="more than 1000 times its start 21"):
        fit(LINE_X, LINE_Y, l1=1e6, learning_rate=0.05, epochs=300)


def test_worse_end_rule_catches_a_rising_run_that_tol_stopped() -> None:
    # the tol rule stops a run that stopped improving, rising ones too: it still ends far too high
    with pytest.raises(DivergenceError, match="after 5 updates in 5 epochs"):
        fit(LINE_X, LINE_Y, learning_rate=1.0, epochs=100, tol=1e-3)


def test_worse_end_rule_spares_noise_from_a_start_near_the_minimum() -> None:
    # Twelve rows x = (i, 1/(i + 1)), i < 12, with y near 0: J(0) = 1.25, near J*. At η = 0.01 the
    # row i = 11 alone has curvature 2‖x̃‖² ≈ 244 > 2/η, so single steps overshoot, and the epoch
    # losses jump to 10 and 20 times J(θ₀) and back: noise, not a blow-up. A run of k epochs is the
    # first k of the 50 (the same seed draws the same orders), so no run of 1 … 50 epochs is refused.
    X = [[float(i), 1.0 / (i + 1)] for i in range(12)]
    y = [float(i % 4) - 1.5 for i in range(12)]
    highest = 0.0
    for seed in range(40):
        run = fit(X, y, learning_rate=0.01, batch_size=1, seed=seed, epochs=50)
        highest = max(highest, max(run.epoch_loss) / run.epoch_loss[0])
    assert 10 < highest < WORSE_END  # a rule of ten times would have called some of these diverged
