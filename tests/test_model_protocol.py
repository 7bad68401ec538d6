"""The Model protocol: a model of your own through Objective and fit, checked against hand formulas.

The model here, f(x; θ) = a·tanh(w·x + c) + b with θ = [a, w, c, b], is
written in this file. Its loss and gradient are checked against values
worked out by hand and against central differences taken here; runs on
noise-free data against the θ that made the data; and a linear model
written as a model of one's own (not a LinearModel, so through the general
path) against LinearModel's fast paths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest

from gdlearn import (
    MSE,
    Adam,
    DataError,
    DivergenceError,
    FitResult,
    GradientDescent,
    LinearModel,
    LogisticModel,
    Model,
    Objective,
    ParameterError,
    check_gradient,
    fit,
)

TRUE = [2.0, 1.5, -0.5, 1.0]  # a, w, c, b of the noise-free data
X = [[-2.5], [-1.5], [-0.75], [0.0], [0.5], [1.0], [1.75], [2.5]]
Y = [TRUE[0] * math.tanh(TRUE[1] * x + TRUE[2]) + TRUE[3] for (x,) in X]


class Tanh:
    """f(x; θ) = a·tanh(w·x + c) + b."""

    n_features, n_params, weight_indices = 1, 4, (0, 1)

    def __init__(self, theta: Sequence[float] = (1.0, 1.0, 0.0, 0.0)) -> None:
        self.theta = list(theta)

    def with_theta(self, theta: Sequence[float]) -> Tanh:
        return Tanh(theta)

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        a, w, c, b = theta
        return [a * math.tanh(w * x[0] + c) + b for x in rows]

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        a, w, c, _ = theta
        grad = [0.0] * 4
        for x, d in zip(rows, delta):
            t = math.tanh(w * x[0] + c)
            grad[0] += d * t
            grad[1] += d * a * (1 - t * t) * x[0]
            grad[2] += d * a * (1 - t * t)
            grad[3] += d
        return grad

    def __repr__(self) -> str:
        return f"Tanh({self.theta})"


class Line:
    """w·x + b as a model of one's own: not a LinearModel, so Objective takes the general path."""

    def __init__(self, d: int, theta: Sequence[float] | None = None) -> None:
        self.n_features, self.n_params = d, d + 1
        self.weight_indices = tuple(range(d))
        self.theta = list(theta) if theta is not None else [0.0] * (d + 1)

    def with_theta(self, theta: Sequence[float]) -> Line:
        return Line(self.n_features, theta)

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        *w, b = theta
        return [sum(w_j * x_j for w_j, x_j in zip(w, x)) + b for x in rows]

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        grad = [sum(d * x[j] for d, x in zip(delta, rows)) for j in range(self.n_features)]
        return [*grad, sum(delta)]


def central_differences(f: Any, theta: list[float], h: float = 1e-6) -> list[float]:
    """[(f(θ + h·eⱼ) − f(θ − h·eⱼ)) / 2h for each j], written here."""
    grad = []
    for j in range(len(theta)):
        up, down = list(theta), list(theta)
        up[j] += h
        down[j] -= h
        grad.append((f(up) - f(down)) / (2 * h))
    return grad


def test_gdlearns_models_and_a_model_of_ones_own_are_models() -> None:
    assert isinstance(LinearModel(2), Model) and isinstance(LogisticModel(1), Model)
    assert isinstance(Tanh(), Model) and isinstance(Line(2), Model)
    assert LinearModel(3).weight_indices == (0, 1, 2)  # w₁ … w_d, never the bias
    assert LinearModel(2, fit_intercept=False).weight_indices == (0, 1)


def test_the_objective_of_a_model_of_ones_own_by_hand() -> None:
    # two rows, θ = [a, w, c, b] = [2, 1, 0, 1]: ŷ = 2·tanh(x) + 1
    # x = 0: ŷ = 1, y = 0, r = 1;  x = ln 2: tanh = 3/5, ŷ = 2.2, y = 2, r = 0.2
    J = Objective(Tanh(), "mse", [[0.0], [math.log(2.0)]], [0.0, 2.0])
    theta = [2.0, 1.0, 0.0, 1.0]
    assert J.value(theta) == pytest.approx((1.0 + 0.04) / 2, rel=1e-14)
    # ∂J/∂θ = (2/2)·Σᵢ rᵢ·∂ŷᵢ/∂θ, ∂ŷ/∂θ = [t, a(1 − t²)x, a(1 − t²), 1]
    # row 1: t = 0: [0, 0, 2, 1];  row 2: t = 0.6, a(1 − t²) = 1.28: [0.6, 1.28·ln 2, 1.28, 1]
    expected = [0.2 * 0.6, 0.2 * 1.28 * math.log(2.0), 2.0 + 0.2 * 1.28, 1.2]
    assert J.gradient(theta) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("theta", [[1.0, 1.0, 0.0, 0.0], [-0.7, 2.2, 0.4, 3.0], [0.3, -1.1, -0.9, -0.2]])
@pytest.mark.parametrize("loss", ["mse", "huber", "mae"])
def test_its_gradient_matches_central_differences(theta: list[float], loss: str) -> None:
    J = Objective(Tanh(), loss, X, Y)
    numeric = central_differences(J.value, theta)
    assert J.gradient(theta) == pytest.approx(numeric, rel=1e-6, abs=1e-8)
    assert check_gradient(J, theta).passed


@pytest.mark.parametrize("indices", [[3], [0, 5], [7, 2, 2, 4]])
def test_a_batch_of_a_model_of_ones_own_is_the_objective_of_those_rows(indices: list[int]) -> None:
    theta = [-0.7, 2.2, 0.4, 3.0]
    J = Objective(Tanh(), "mse", X, Y)
    alone = Objective(Tanh(), "mse", [X[i] for i in indices], [Y[i] for i in indices])
    value, grad = J.value_and_gradient(theta, indices)
    assert value == pytest.approx(alone.value(theta), rel=1e-14)
    assert grad == pytest.approx(alone.gradient(theta), rel=1e-14)


def test_penalties_act_on_the_weights_the_model_names_and_no_other() -> None:
    theta = [-0.7, 2.2, 0.4, 3.0]  # a, w are weights; c, b are offsets
    plain = Objective(Tanh(), "mse", X, Y)
    penalised = Objective(Tanh(), "mse", X, Y, l1=0.3, l2=0.1)
    # λ₂(a² + w²) + λ₁(|a| + |w|) = 0.1·(0.49 + 4.84) + 0.3·(0.7 + 2.2)
    assert penalised.value(theta) == pytest.approx(plain.value(theta) + 0.533 + 0.87, rel=1e-14)
    # + [2λ₂a + λ₁·sign(a), 2λ₂w + λ₁·sign(w), 0, 0]
    extra = [2 * 0.1 * -0.7 - 0.3, 2 * 0.1 * 2.2 + 0.3, 0.0, 0.0]
    expected = [g + e for g, e in zip(plain.gradient(theta), extra)]
    assert penalised.gradient(theta) == pytest.approx(expected, rel=1e-14, abs=1e-15)
    assert penalised.gradient(theta) == pytest.approx(central_differences(penalised.value, theta), rel=1e-6)


class BiasFirst:
    """f(x; θ) = w·x + b laid out as θ = [b, w]: the weight is not at the front."""

    n_features, n_params, weight_indices, theta = 1, 2, (1,), [0.0, 0.0]

    def with_theta(self, theta: Sequence[float]) -> BiasFirst:
        return self

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        return [theta[1] * x[0] + theta[0] for x in rows]

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        return [sum(delta), sum(d * x[0] for d, x in zip(delta, rows))]


def test_penalties_follow_weight_indices_not_the_position_of_the_weights() -> None:
    # one row x = 1, y = 0, θ = [b, w] = [3, 2]: ŷ = 5, MSE = 25, ∇ = 2·5·[1, 1] = [10, 10]
    J = Objective(BiasFirst(), "mse", [[1.0]], [0.0], l1=0.5, l2=0.25)
    assert J.value([3.0, 2.0]) == pytest.approx(25.0 + 0.25 * 4 + 0.5 * 2, rel=1e-15)  # λ₂w² + λ₁|w|
    assert J.gradient([3.0, 2.0]) == pytest.approx([10.0, 10.0 + 2 * 0.25 * 2 + 0.5], rel=1e-15)
    run = fit([[1.0], [2.0]], [1.0, 2.0], model=BiasFirst(), l2=100.0, learning_rate=0.001, epochs=3000)
    b, w = run.theta  # a strong ridge drives w to 0 and leaves b free: b → mean of y
    assert abs(w) < 0.02 and b == pytest.approx(1.5, abs=0.03)


def test_a_linear_model_of_ones_own_takes_the_same_steps_as_linear_model() -> None:
    rows = [[1.0, 2.0], [0.0, -1.0], [3.0, 1.0], [-2.0, 0.5], [1.5, 1.5], [0.5, -2.0], [2.0, 0.0]]
    targets = [1.0, 2.0, -1.0, 0.5, 3.0, -0.5, 1.5]
    fast = Objective(LinearModel(2), "mse", rows, targets, l2=0.05)
    general = Objective(Line(2), "mse", rows, targets, l2=0.05)
    theta = [0.3, -0.7, 0.2]
    for indices in (None, [4], [0, 6, 2]):  # all rows (columns), one row (x̃), a mini-batch
        a, b = fast.value_and_gradient(theta, indices), general.value_and_gradient(theta, indices)
        assert a[0] == pytest.approx(b[0], rel=1e-14)
        assert a[1] == pytest.approx(b[1], rel=1e-13)
    for batch_size in (None, 3, 1):
        rule = GradientDescent(0.05, batch_size=batch_size, momentum=0.5, seed=4)
        one = rule.minimize(fast, epochs=20, record_theta=True)
        two = rule.minimize(general, epochs=20, record_theta=True)
        assert one.path is not None and two.path is not None
        assert [t for p in two.path for t in p] == pytest.approx([t for p in one.path for t in p], rel=1e-11)
        assert list(two.loss) == pytest.approx(list(one.loss), rel=1e-11)


@pytest.mark.parametrize("batch_size", [None, 3, 1])
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
def test_fit_trains_it_with_every_batch_size_and_rule_to_the_theta_that_made_the_data(
    batch_size: int | None, optimizer: str
) -> None:
    # noise-free data: J* = 0 at θ = TRUE, and every batch's gradient vanishes there too
    options: dict[str, Any] = {
        "gd": {"learning_rate": 0.1},
        "momentum": {"learning_rate": 0.02, "momentum": 0.9},
        "adam": {"learning_rate": 0.02, "optimizer": "adam"},
    }[optimizer]
    result = fit(X, Y, model=Tanh(), batch_size=batch_size, epochs=1500, seed=1, **options)
    assert isinstance(result.model, Tanh)
    assert result.model.theta == list(result.theta)
    assert list(result.theta) == pytest.approx(TRUE, abs=2e-3)
    assert result.final_loss < 1e-6


def test_fit_starts_from_the_models_theta_unless_theta0_is_given() -> None:
    start = [0.5, 0.5, 0.1, -0.1]
    run = fit(X, Y, model=Tanh(start), learning_rate=0.1, epochs=1, record_theta=True)
    assert run.path is not None and run.path[0] == tuple(start)
    run = fit(X, Y, model=Tanh(start), theta0=[1, 1, 0, 0], learning_rate=0.1, epochs=1, record_theta=True)
    assert run.path is not None and run.path[0] == (1.0, 1.0, 0.0, 0.0)


def test_fit_result_shows_a_model_of_ones_own_by_its_repr() -> None:
    result: FitResult[Tanh] = fit(X, Y, model=Tanh(), learning_rate=0.1, epochs=2)
    assert repr(result).endswith(f"model=Tanh({list(result.theta)}))")
    assert result.optimum_loss is None and result.condition_number is None  # no closed form


def test_a_diverging_model_of_ones_own_is_stopped_by_the_guard() -> None:
    with pytest.raises(DivergenceError) as caught:
        fit(X, [100.0 * y for y in Y], model=Line(1), learning_rate=5.0, epochs=50)
    assert caught.value.result is not None


def test_sgd_with_adam_object_accepts_a_model_of_ones_own() -> None:
    # an optimizer object with its own loop settings, as fit(optimizer=...) takes it
    result = fit(X, Y, model=Tanh(), optimizer=Adam(0.05, batch_size=2, seed=0), epochs=400)
    assert result.final_loss < 1e-3


class Broken:
    """A model with one thing wrong at a time, set by keyword."""

    def __init__(self, **wrong: Any) -> None:
        self.n_features, self.n_params, self.weight_indices = 1, 2, (0,)
        self.theta = [0.0, 0.0]
        self.forward_extra = 0
        self.backward_extra = 0
        for name, value in wrong.items():
            setattr(self, name, value)

    def with_theta(self, theta: Sequence[float]) -> Broken:
        return Broken()

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        return [theta[0] * x[0] + theta[1] for x in rows] + [0.0] * self.forward_extra

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        return [sum(d * x[0] for d, x in zip(delta, rows)), sum(delta)] + [0.0] * self.backward_extra


class NoBackward:
    n_features, n_params, weight_indices, theta = 1, 1, (), [0.0]

    def with_theta(self, theta: Any) -> NoBackward:
        return self

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        return [theta[0]] * len(rows)


@pytest.mark.parametrize(
    ("model", "error", "words"),
    [
        (NoBackward(), ParameterError, "lacks backward"),  # half a chain rule
        (Broken(n_params=0), ParameterError, "n_params must be a positive integer"),  # no parameters
        (Broken(n_params=True), ParameterError, "n_params must be a positive integer"),  # a bool
        (Broken(weight_indices=(2,)), ParameterError, "positions in θ, 0 … 1"),  # past the end
        (Broken(weight_indices=(-1,)), ParameterError, "positions in θ"),  # negative
        (Broken(weight_indices=(0, 0)), ParameterError, "must not repeat"),  # penalised twice
        (Broken(weight_indices=(True,)), ParameterError, "positions in θ"),  # a bool, not a position
        (Broken(theta=[0.0]), ParameterError, "model.theta must have n_params = 2"),  # θ too short
        (Broken(forward_extra=1), ParameterError, "one prediction per row"),  # an extra prediction
        (Broken(backward_extra=1), ParameterError, "n_params = 2 partial derivatives"),  # an extra ∂
        (Broken(n_features=2), DataError, "X has 1 columns but the model has 2 features"),  # X too narrow
    ],
)
def test_a_broken_model_is_refused_with_what_is_wrong(model: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        Objective(model, MSE(), [[1.0], [2.0]], [1.0, 2.0])


def test_fit_refuses_options_that_a_model_of_ones_own_cannot_use() -> None:
    # fit_intercept belongs to the linear model fit would build
    with pytest.raises(ParameterError, match="leave fit_intercept at the default"):
        fit(X, Y, model=Tanh(), fit_intercept=False)
    # the 'auto' rate bounds a linear model's curvature
    with pytest.raises(ParameterError, match="learning_rate='auto' bounds the curvature of a linear model"):
        fit(X, Y, model=Tanh(), learning_rate="auto")
