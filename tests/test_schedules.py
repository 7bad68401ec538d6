"""Learning-rate schedules: values at chosen steps from the formulas, and the rates a run records."""

from __future__ import annotations

import itertools
import math

import pytest

from gdlearn import (
    Adam,
    Constant,
    CosineDecay,
    ExponentialDecay,
    GradientDescent,
    InverseScaling,
    ParameterError,
    Quadratic,
    StepDecay,
    fit,
)


def test_constant_is_eta0_at_every_step() -> None:
    assert [Constant()(0.3, t) for t in (1, 2, 1000)] == pytest.approx([0.3] * 3, rel=1e-15)


def test_step_decay_halves_every_step_size_updates() -> None:
    schedule = StepDecay(step_size=3, gamma=0.5)
    # η₀·γ^⌊(t − 1)/3⌋: t = 1…3 → η₀, 4…6 → η₀/2, 7 → η₀/4, 100 → η₀·0.5³³
    expected = {1: 1.0, 3: 1.0, 4: 0.5, 6: 0.5, 7: 0.25, 100: 0.5**33}
    for t, factor in expected.items():
        assert schedule(0.2, t) == pytest.approx(0.2 * factor, rel=1e-15)


def test_exponential_decay_multiplies_by_gamma_each_update() -> None:
    schedule = ExponentialDecay(gamma=0.99)
    assert schedule(0.1, 1) == pytest.approx(0.1, rel=1e-15)
    assert schedule(0.1, 2) == pytest.approx(0.099, rel=1e-15)
    assert schedule(0.1, 70) == pytest.approx(0.1 * math.exp(69 * math.log(0.99)), rel=1e-13)


def test_inverse_scaling_is_eta0_over_t_to_the_power() -> None:
    schedule = InverseScaling(power=0.25)
    assert schedule(0.01, 1) == pytest.approx(0.01, rel=1e-15)  # t starts at 1, as scikit-learn's
    assert schedule(0.01, 16) == pytest.approx(0.005, rel=1e-15)  # 16^¼ = 2
    assert schedule(0.01, 81) == pytest.approx(0.01 / 3, rel=1e-15)  # 81^¼ = 3
    assert InverseScaling(1.0)(1.0, 8) == pytest.approx(0.125, rel=1e-15)


def test_cosine_decay_reaches_the_floor_after_the_period_and_holds() -> None:
    schedule = CosineDecay(period=10, floor=0.1)
    # η₀·(f + (1 − f)·½(1 + cos(π·min(t − 1, T)/T))) with η₀ = 2, f = 0.1, T = 10
    assert schedule(2.0, 1) == pytest.approx(2.0, rel=1e-15)
    assert schedule(2.0, 6) == pytest.approx(2.0 * (0.1 + 0.9 * 0.5), rel=1e-15)  # halfway: cos(π/2) = 0
    assert schedule(2.0, 11) == pytest.approx(0.2, rel=1e-15)  # the floor f·η₀
    for t in (12, 20, 31, 1000):  # PyTorch's CosineAnnealingLR would climb back towards η₀ here
        assert schedule(2.0, t) == pytest.approx(0.2, rel=1e-15)


def test_cosine_decay_is_monotone_over_its_period() -> None:
    schedule = CosineDecay(period=50)
    rates = [schedule(1.0, t) for t in range(1, 60)]
    assert all(later <= earlier for earlier, later in itertools.pairwise(rates))
    assert rates[-1] == pytest.approx(0.0, abs=1e-15)


def test_repr_shows_the_parameters() -> None:
    assert repr(StepDecay(10, 0.5)) == "StepDecay(step_size=10, gamma=0.5)"
    assert repr(ExponentialDecay(0.9)) == "ExponentialDecay(gamma=0.9)"
    assert repr(InverseScaling()) == "InverseScaling(power=0.25)"
    assert repr(CosineDecay(100, 0.01)) == "CosineDecay(period=100, floor=0.01)"
    assert repr(Constant()) == "Constant()"


def test_bad_schedule_parameters_are_refused() -> None:
    with pytest.raises(ParameterError, match="step_size must be a whole number ≥ 1"):
        StepDecay(0, 0.5)  # no steps between decays
    with pytest.raises(ParameterError, match=r"gamma must be a number in \(0, 1\], got 1.5"):
        StepDecay(10, 1.5)  # a "decay" that grows
    with pytest.raises(ParameterError, match=r"gamma must be a number in \(0, 1\], got 0"):
        ExponentialDecay(0)  # the rate would be 0 after one step
    with pytest.raises(ParameterError, match="power must be a positive finite number"):
        InverseScaling(-0.5)  # a growing rate
    with pytest.raises(ParameterError, match="period must be a whole number ≥ 1"):
        CosineDecay(0)  # no period
    with pytest.raises(ParameterError, match=r"floor must be a number in \[0, 1\)"):
        CosineDecay(10, floor=1.0)  # the floor would be η₀ itself: no decay


# The rates a run actually used, with each update rule.


@pytest.mark.parametrize(
    "make", [lambda s: GradientDescent(0.1, schedule=s), lambda s: Adam(0.1, schedule=s)]
)
def test_the_history_records_the_rate_of_every_update(make: object) -> None:
    schedule = StepDecay(step_size=4, gamma=0.5)
    result = make(schedule).minimize_function(Quadratic([[1.0]], [1.0]), [0.0], iterations=10)  # type: ignore[operator]
    expected = [0.1] * 4 + [0.05] * 4 + [0.025] * 2
    assert list(result.learning_rates) == pytest.approx(expected, rel=1e-15)
    assert result.learning_rate == pytest.approx(0.1, rel=1e-15)  # η₀ stays the base rate


def test_without_a_schedule_every_recorded_rate_is_the_learning_rate() -> None:
    result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], learning_rate=0.05, batch_size=2, epochs=3)
    assert len(result.learning_rates) == result.n_iter == 6  # ⌈3/2⌉ = 2 updates per epoch
    assert list(result.learning_rates) == pytest.approx([0.05] * 6, rel=1e-15)


def test_schedules_count_updates_not_epochs() -> None:
    # Stochastic GD on 4 rows: 4 updates per epoch, so after 2 epochs t = 8.
    result = fit(
        [[0.0], [1.0], [2.0], [3.0]],
        [1.0, 3.0, 5.0, 7.0],
        learning_rate=0.01,
        batch_size=1,
        epochs=2,
        seed=0,
        schedule=ExponentialDecay(0.5),
    )
    assert list(result.learning_rates) == pytest.approx([0.01 * 0.5**k for k in range(8)], rel=1e-15)


def test_a_decaying_rate_lets_mae_settle_where_a_constant_one_keeps_hopping() -> None:
    # Only the intercept matters (x = 0), and MAE pulls it to the median 3 with a
    # slope of ±1/5 however close it is: a constant η = 0.3 keeps it hopping by
    # 0.3/5 = 0.06 around 3, while η_t = 0.3/√t lets it settle.
    X, y = [[0.0]] * 5, [1.0, 2.0, 3.0, 4.0, 10.0]
    flat = fit(X, y, loss="mae", learning_rate=0.3, epochs=2000, record_theta=True)
    decayed = fit(
        X, y, loss="mae", learning_rate=0.3, epochs=2000, schedule=InverseScaling(0.5), record_theta=True
    )
    assert flat.path is not None and decayed.path is not None
    flat_b = [theta[1] for theta in flat.path[-20:]]
    decayed_b = [theta[1] for theta in decayed.path[-20:]]
    assert max(flat_b) - min(flat_b) == pytest.approx(0.06, rel=1e-6)
    assert max(decayed_b) - min(decayed_b) < 0.01
    assert decayed_b[-1] == pytest.approx(3.0, abs=0.01)


def test_inverse_scaling_past_the_largest_float_is_a_rate_of_zero_not_an_overflow() -> None:
    # 2^1e6 is beyond 1.8e308, so η₀/tᵖ is 0 to every digit; the run takes steps of 0 and says so
    assert InverseScaling(1e6)(0.1, 2) == 0.0
    assert InverseScaling(1e6)(0.1, 1) == 0.1  # t = 1: 1ᵖ = 1
    line = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]
    run = fit(*line, learning_rate=0.1, schedule=InverseScaling(1000), epochs=50)  # 3¹⁰⁰⁰ ≈ 1e477
    assert run.learning_rates[-1] == 0.0 and "The loss no longer changes" in run.describe()
