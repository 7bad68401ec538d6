"""fit(): the optimizer by name or as an object, its options, the model each loss builds."""

from __future__ import annotations

import pytest

from gdlearn import (
    Adam,
    AdamState,
    CosineDecay,
    GradientDescent,
    LinearModel,
    LogisticModel,
    MomentumState,
    Objective,
    ParameterError,
    fit,
    least_squares,
)

X = [[1.0, 2.0], [2.0, 0.5], [3.0, -1.0], [4.0, 1.5], [5.0, 0.0]]
y = [3.1, 2.9, 2.2, 6.8, 5.5]


def test_the_default_is_plain_gradient_descent_at_0_01() -> None:
    result = fit(X, y, epochs=2)
    assert result.learning_rate == pytest.approx(0.01, rel=1e-15)
    assert result.variant == "batch gradient descent"
    assert result.state == MomentumState(t=2, velocity=None)


def test_gd_options_reach_the_optimizer() -> None:
    result = fit(X, y, momentum=0.9, nesterov=True, learning_rate=0.02, epochs=3)
    assert result.variant == "batch gradient descent with Nesterov momentum"
    assert isinstance(result.state, MomentumState) and result.state.velocity is not None
    direct = GradientDescent(0.02, momentum=0.9, nesterov=True).minimize(
        Objective(LinearModel(2), "mse", X, y), epochs=3
    )
    assert result.theta == pytest.approx(direct.theta, rel=1e-15)


def test_adam_by_name_defaults_to_pytorchs_rate() -> None:
    result = fit(X, y, optimizer="adam", epochs=2)
    assert result.learning_rate == pytest.approx(0.001, rel=1e-15)
    assert isinstance(result.state, AdamState) and result.state.t == 2
    assert result.variant == "batch Adam"


def test_adam_options_reach_the_optimizer() -> None:
    result = fit(X, y, optimizer="adam", betas=(0.8, 0.9), eps=1e-6, learning_rate=0.1, epochs=5)
    direct = Adam(0.1, betas=(0.8, 0.9), eps=1e-6).minimize(Objective(LinearModel(2), "mse", X, y), epochs=5)
    assert result.theta == pytest.approx(direct.theta, rel=1e-15)


def test_an_optimizer_object_is_used_as_it_is() -> None:
    optimizer = GradientDescent(0.02, batch_size=2, seed=3, momentum=0.5, schedule=CosineDecay(20))
    result = fit(X, y, optimizer=optimizer, epochs=4)
    direct = optimizer.minimize(Objective(LinearModel(2), "mse", X, y), epochs=4)
    assert result.theta == pytest.approx(direct.theta, rel=1e-15)
    assert list(result.learning_rates) == pytest.approx(list(direct.learning_rates), rel=1e-15)


def test_every_update_rule_reaches_the_least_squares_answer() -> None:
    exact = least_squares(X, y).theta
    for options in ({}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True}):
        result = fit(X, y, learning_rate="auto", epochs=3000, **options)  # type: ignore[arg-type]
        assert result.theta == pytest.approx(exact, rel=1e-8, abs=1e-9)
    adam = fit(X, y, optimizer="adam", learning_rate=0.01, epochs=6000)
    assert adam.theta == pytest.approx(exact, rel=1e-5, abs=1e-6)


def test_each_loss_builds_its_model() -> None:
    assert type(fit(X, y, loss="huber", epochs=1).model) is LinearModel
    assert type(fit(X, y, loss="mae", epochs=1).model) is LinearModel
    assert type(fit(X, [0, 1, 0, 1, 1], loss="log", epochs=1).model) is LogisticModel


def test_conflicting_or_unknown_options_are_refused() -> None:
    with pytest.raises(
        ParameterError, match="optimizer must be 'gd', 'adam' or an optimizer object, got 'sgd'"
    ):
        fit(X, y, optimizer="sgd")  # torch's name, not gdlearn's
    with pytest.raises(ParameterError, match="leave momentum at the default here"):
        fit(X, y, optimizer="adam", momentum=0.9)  # Adam's momentum is betas[0]
    with pytest.raises(ParameterError, match="leave nesterov at the default here"):
        fit(X, y, optimizer="adam", nesterov=True)  # Nesterov is a gd option
    with pytest.raises(ParameterError, match="leave betas, eps at the default here"):
        fit(X, y, betas=(0.8, 0.9), eps=1e-6)  # Adam's options given to gd
    with pytest.raises(ParameterError, match="leave learning_rate, momentum at the default here"):
        fit(X, y, optimizer=GradientDescent(0.1), learning_rate=0.2, momentum=0.5)  # set twice
    with pytest.raises(ParameterError, match="leave schedule at the default here"):
        fit(X, y, optimizer=Adam(), schedule=CosineDecay(10))  # the object has its own schedule
    with pytest.raises(ParameterError, match="Nesterov momentum needs momentum > 0"):
        fit(X, y, nesterov=True)  # Nesterov without momentum
    with pytest.raises(ParameterError, match="optimizer must be"):
        fit(X, y, optimizer=None)  # type: ignore[arg-type]  # nothing
