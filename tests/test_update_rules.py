"""Momentum, Nesterov, Adam and weight decay against reference loops written from the formulas.

Each reference loop below is typed straight from the pseudo-code of issue 4
(the formulas of torch.optim.SGD and torch.optim.Adam), on plain lists, with
its own gradient. The library's trajectory must match it over 50 steps to
1e-12 relative (1e-12 absolute for components near 0).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pytest

from gdlearn import (
    MSE,
    Adam,
    AdamState,
    DivergenceError,
    GradientDescent,
    LinearModel,
    MomentumState,
    Objective,
    ParameterError,
    Quadratic,
    StepDecay,
)

Vector = list[float]
Gradient = Callable[[Vector], Vector]

# A small quadratic f(θ) = ½θᵀAθ − bᵀθ, with ∇f(θ) = Aθ − b written out by hand.
A = [[3.0, 0.5], [0.5, 1.0]]
b = [1.0, -2.0]
BOWL = Quadratic(A, b)


def bowl_gradient(theta: Vector) -> Vector:
    return [A[0][0] * theta[0] + A[0][1] * theta[1] - b[0], A[1][0] * theta[0] + A[1][1] * theta[1] - b[1]]


# Linear regression with an intercept: ∇J(θ) = (2/n)·Σᵢ (w·xᵢ + b − yᵢ)·[xᵢ, 1].
X = [[1.0, 2.0], [2.0, 0.5], [3.0, -1.0], [4.0, 1.5], [5.0, 0.0]]
y = [3.1, 2.9, 2.2, 6.8, 5.5]


def regression_gradient(theta: Vector) -> Vector:
    n = len(X)
    grad = [0.0, 0.0, 0.0]
    for x, target in zip(X, y):
        residual = theta[0] * x[0] + theta[1] * x[1] + theta[2] - target
        grad[0] += 2.0 * residual * x[0] / n
        grad[1] += 2.0 * residual * x[1] / n
        grad[2] += 2.0 * residual / n
    return grad


def reference_sgd(
    grad_f: Gradient,
    theta0: Vector,
    steps: int,
    lr: Callable[[int], float],
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
) -> list[Vector]:
    """torch.optim.SGD's pseudo-code, line by line; returns θ₀, θ₁, …, θ_steps."""
    theta = list(theta0)
    path = [list(theta)]
    buf: Vector = []
    for t in range(1, steps + 1):
        g = grad_f(theta)
        if weight_decay != 0:
            g = [g[i] + weight_decay * theta[i] for i in range(len(g))]
        if momentum != 0:
            if t > 1:  # noqa: SIM108 (the if/else of the pseudo-code, kept as written)
                buf = [momentum * buf[i] + (1 - dampening) * g[i] for i in range(len(g))]
            else:
                buf = list(g)
            if nesterov:  # noqa: SIM108
                g = [g[i] + momentum * buf[i] for i in range(len(g))]
            else:
                g = list(buf)
        theta = [theta[i] - lr(t) * g[i] for i in range(len(g))]
        path.append(list(theta))
    return path


def reference_adam(
    grad_f: Gradient,
    theta0: Vector,
    steps: int,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> list[Vector]:
    """torch.optim.Adam's pseudo-code (amsgrad off), line by line."""
    theta = list(theta0)
    path = [list(theta)]
    m = [0.0] * len(theta)
    v = [0.0] * len(theta)
    for t in range(1, steps + 1):
        g = grad_f(theta)
        if weight_decay != 0:
            g = [g[i] + weight_decay * theta[i] for i in range(len(g))]
        m = [beta1 * m[i] + (1 - beta1) * g[i] for i in range(len(g))]
        v = [beta2 * v[i] + (1 - beta2) * g[i] ** 2 for i in range(len(g))]
        m_hat = [m[i] / (1 - beta1**t) for i in range(len(g))]
        v_hat = [v[i] / (1 - beta2**t) for i in range(len(g))]
        theta = [theta[i] - lr * m_hat[i] / (math.sqrt(v_hat[i]) + eps) for i in range(len(g))]
        path.append(list(theta))
    return path


def assert_same_path(path: Sequence[Sequence[float]], reference: list[Vector]) -> None:
    assert len(path) == len(reference)
    for k, (point, expected) in enumerate(zip(path, reference)):
        for got, want in zip(point, expected):
            assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12), (k, point, expected)


def constant(eta: float) -> Callable[[int], float]:
    return lambda t: eta


SGD_CASES = [
    pytest.param({}, id="plain"),
    pytest.param({"momentum": 0.9}, id="momentum"),
    pytest.param({"momentum": 0.8, "dampening": 0.3}, id="momentum+dampening"),
    pytest.param({"momentum": 0.9, "nesterov": True}, id="nesterov"),
    pytest.param({"weight_decay": 0.2}, id="weight decay"),
    pytest.param({"momentum": 0.7, "nesterov": True, "weight_decay": 0.1}, id="nesterov+weight decay"),
]


@pytest.mark.parametrize("options", SGD_CASES)
def test_gradient_descent_on_a_quadratic_follows_the_reference_loop(options: dict[str, object]) -> None:
    theta0 = [2.0, -1.5]
    result = GradientDescent(0.1, **options).minimize_function(  # type: ignore[arg-type]
        BOWL, theta0, iterations=50, record_theta=True
    )
    assert result.path is not None
    reference = reference_sgd(bowl_gradient, theta0, 50, constant(0.1), **options)  # type: ignore[arg-type]
    assert_same_path(result.path, reference)


@pytest.mark.parametrize("options", SGD_CASES)
def test_gradient_descent_on_linear_regression_follows_the_reference_loop(options: dict[str, object]) -> None:
    objective = Objective(LinearModel(2), MSE(), X, y)
    result = GradientDescent(0.02, **options).minimize(  # type: ignore[arg-type]
        objective, epochs=50, record_theta=True
    )
    assert result.path is not None and result.n_iter == 50  # batch GD: one update per epoch
    reference = reference_sgd(regression_gradient, [0.0, 0.0, 0.0], 50, constant(0.02), **options)  # type: ignore[arg-type]
    assert_same_path(result.path, reference)


def test_mini_batches_in_file_order_follow_the_reference_loop_batch_by_batch() -> None:
    # B = 2 on 5 rows without shuffling: batches {0,1}, {2,3}, {4} every epoch.
    objective = Objective(LinearModel(2), MSE(), X, y)
    optimizer = GradientDescent(0.01, batch_size=2, shuffle=False, momentum=0.9, nesterov=True)
    result = optimizer.minimize(objective, epochs=10, record_theta=True)
    assert result.path is not None and result.n_iter == 30
    batches = [[0, 1], [2, 3], [4]]

    def batch_gradient(theta: Vector, rows: list[int]) -> Vector:
        grad = [0.0, 0.0, 0.0]
        for i in rows:
            residual = theta[0] * X[i][0] + theta[1] * X[i][1] + theta[2] - y[i]
            for j, feature in enumerate([X[i][0], X[i][1], 1.0]):
                grad[j] += 2.0 * residual * feature / len(rows)
        return grad

    calls = iter([batches[k % 3] for k in range(30)])
    reference = reference_sgd(
        lambda th: batch_gradient(th, next(calls)), [0.0] * 3, 30, constant(0.01), 0.9, 0.0, True
    )
    assert_same_path(result.path, reference)


def test_a_schedule_changes_the_rate_inside_the_momentum_rule() -> None:
    # StepDecay(5, 0.5): η_t = 0.1·0.5^⌊(t − 1)/5⌋, with Nesterov momentum.
    schedule = StepDecay(step_size=5, gamma=0.5)
    result = GradientDescent(0.1, momentum=0.9, nesterov=True, schedule=schedule).minimize_function(
        BOWL, [2.0, -1.5], iterations=50, record_theta=True
    )
    assert result.path is not None
    reference = reference_sgd(
        bowl_gradient, [2.0, -1.5], 50, lambda t: 0.1 * 0.5 ** ((t - 1) // 5), 0.9, 0.0, True
    )
    assert_same_path(result.path, reference)
    assert list(result.learning_rates[:6]) == pytest.approx([0.1] * 5 + [0.05], rel=1e-15)


ADAM_CASES = [
    pytest.param({}, id="defaults"),
    pytest.param({"betas": (0.8, 0.99), "eps": 1e-6}, id="other betas and eps"),
    pytest.param({"weight_decay": 0.05}, id="weight decay"),
]


@pytest.mark.parametrize("options", ADAM_CASES)
def test_adam_on_a_quadratic_follows_the_reference_loop(options: dict[str, object]) -> None:
    result = Adam(0.05, **options).minimize_function(  # type: ignore[arg-type]
        BOWL, [2.0, -1.5], iterations=50, record_theta=True
    )
    assert result.path is not None
    betas = options.get("betas", (0.9, 0.999))
    reference = reference_adam(
        bowl_gradient,
        [2.0, -1.5],
        50,
        0.05,
        beta1=betas[0],  # type: ignore[index]
        beta2=betas[1],  # type: ignore[index]
        eps=options.get("eps", 1e-8),  # type: ignore[arg-type]
        weight_decay=options.get("weight_decay", 0.0),  # type: ignore[arg-type]
    )
    assert_same_path(result.path, reference)


@pytest.mark.parametrize("options", ADAM_CASES)
def test_adam_on_linear_regression_follows_the_reference_loop(options: dict[str, object]) -> None:
    objective = Objective(LinearModel(2), MSE(), X, y)
    result = Adam(0.1, **options).minimize(objective, epochs=50, record_theta=True)  # type: ignore[arg-type]
    assert result.path is not None
    betas = options.get("betas", (0.9, 0.999))
    reference = reference_adam(
        regression_gradient,
        [0.0, 0.0, 0.0],
        50,
        0.1,
        beta1=betas[0],  # type: ignore[index]
        beta2=betas[1],  # type: ignore[index]
        eps=options.get("eps", 1e-8),  # type: ignore[arg-type]
        weight_decay=options.get("weight_decay", 0.0),  # type: ignore[arg-type]
    )
    assert_same_path(result.path, reference)


# The state: what each optimizer remembers, visible in the result.


def test_the_momentum_state_is_the_velocity_of_the_reference_loop() -> None:
    result = GradientDescent(0.1, momentum=0.9).minimize_function(BOWL, [2.0, -1.5], iterations=3)
    # Three steps by hand from the reference: u₁ = g₁, u₂ = 0.9·u₁ + g₂, u₃ = 0.9·u₂ + g₃.
    theta, buf = [2.0, -1.5], [0.0, 0.0]
    for t in (1, 2, 3):
        g = bowl_gradient(theta)
        buf = g if t == 1 else [0.9 * buf[i] + g[i] for i in range(2)]
        theta = [theta[i] - 0.1 * buf[i] for i in range(2)]
    assert isinstance(result.state, MomentumState)
    assert result.state.t == 3
    assert result.state.velocity == pytest.approx(buf, rel=1e-14)


def test_pytorchs_nesterov_theta_is_sutskevers_look_ahead_point() -> None:
    # Sutskever et al. (2013) in the sign convention of gradient_descent.py (η inside, v subtracted):
    # v ← μ·v + η·∇f(φ − μ·v), φ ← φ − v, from v = 0. PyTorch's θ is the look-ahead point φ − μ·v,
    # not φ + μ·v: the docstring's claim, with the sign it states.
    eta, mu = 0.1, 0.9
    result = GradientDescent(eta, momentum=mu, nesterov=True).minimize_function(
        BOWL, [2.0, -1.5], iterations=20, record_theta=True
    )
    assert result.path is not None
    phi, v = [2.0, -1.5], [0.0, 0.0]
    ahead, behind = [], []
    for _ in range(21):
        ahead.append([phi[i] - mu * v[i] for i in range(2)])
        behind.append([phi[i] + mu * v[i] for i in range(2)])
        g = bowl_gradient(ahead[-1])
        v = [mu * v[i] + eta * g[i] for i in range(2)]
        phi = [phi[i] - v[i] for i in range(2)]
    assert_same_path(result.path, ahead)
    assert max(math.dist(theta, point) for theta, point in zip(result.path, behind)) > 0.1  # the other sign


def test_plain_gradient_descent_remembers_only_t() -> None:
    result = GradientDescent(0.1).minimize_function(BOWL, [0.0, 0.0], iterations=7)
    assert result.state == MomentumState(t=7, velocity=None)


def test_the_adam_state_holds_t_and_both_moments() -> None:
    # One step from 0: g = −b = [−1, 2], m = 0.1·g, v = 0.001·g².
    result = Adam(0.1).minimize_function(BOWL, [0.0, 0.0], iterations=1)
    assert isinstance(result.state, AdamState)
    assert result.state.t == 1
    assert result.state.m == pytest.approx((-0.1, 0.2), rel=1e-14)
    assert result.state.v == pytest.approx((0.001, 0.004), rel=1e-12)


def test_states_are_immutable() -> None:
    state = MomentumState(t=1, velocity=(1.0,))
    with pytest.raises(AttributeError):
        state.t = 2  # type: ignore[misc]


def test_update_does_not_change_the_state_it_was_given() -> None:
    adam = Adam(0.1)
    start = adam.init(2)
    adam.update([0.0, 0.0], [1.0, 1.0], start, 0.1)
    assert start == AdamState(t=0, m=(0.0, 0.0), v=(0.0, 0.0))


def test_step_is_one_update_from_a_fresh_state() -> None:
    # Momentum's first update is u = g, so it is the plain step θ − η·g.
    assert GradientDescent(0.5, momentum=0.9).step([1.0, 2.0], [4.0, -2.0]) == pytest.approx(
        [-1.0, 3.0], rel=1e-15
    )


# The stability limit of each rule: 0.99× converges, 1.01× diverges on f(θ) = ½·4·θ² (λ = 4).


@pytest.mark.parametrize(
    ("options", "limit"),
    [
        ({}, 2 / 4),  # η < 2/λ
        ({"momentum": 0.5}, 2 * 1.5 / 4),  # η < 2(1 + μ)/λ
        ({"momentum": 0.5, "dampening": 0.5}, 2 * 1.5 / (0.5 * 4)),  # η(1 − τ) < 2(1 + μ)/λ
        ({"momentum": 0.5, "nesterov": True}, 2 * 1.5 / (2.0 * 4)),  # η < 2(1 + μ)/((1 + 2μ)λ)
        ({"weight_decay": 1.0}, 2 / 5),  # the curvature becomes λ + 1
    ],
)
def test_the_stability_limit_of_each_rule_is_sharp(options: dict[str, object], limit: float) -> None:
    parabola = Quadratic([[4.0]], [0.0])
    assert GradientDescent(1.0, **options).stability_limit(4.0) == pytest.approx(limit, rel=1e-15)  # type: ignore[arg-type]
    below = GradientDescent(0.99 * limit, **options).minimize_function(parabola, [1.0], iterations=3000)  # type: ignore[arg-type]
    assert abs(below.theta[0]) < 1e-3
    with pytest.raises(DivergenceError, match="diverged"):
        GradientDescent(1.01 * limit, **options).minimize_function(parabola, [1.0], iterations=3000)  # type: ignore[arg-type]


def test_adam_has_no_stability_limit() -> None:
    assert Adam().stability_limit(4.0) is None


# Names, repr and bad hyperparameters.


def test_variant_names_say_the_rule() -> None:
    assert GradientDescent(0.1, momentum=0.9).variant == "batch gradient descent with momentum"
    assert GradientDescent(0.1, batch_size=1, momentum=0.9, nesterov=True).variant == (
        "stochastic gradient descent with Nesterov momentum"
    )
    assert Adam(batch_size=4).variant == "mini-batch Adam"


def test_repr_shows_the_options_that_were_set() -> None:
    assert repr(GradientDescent(0.1, momentum=0.9, nesterov=True)) == (
        "GradientDescent(learning_rate=0.1, batch_size=None, shuffle=True, seed=None,"
        " momentum=0.9, nesterov=True)"
    )
    assert repr(Adam()) == (
        "Adam(learning_rate=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, batch_size=None,"
        " shuffle=True, seed=None, schedule=Constant())"
    )


def test_bad_hyperparameters_are_refused() -> None:
    with pytest.raises(ParameterError, match="Nesterov momentum needs momentum > 0"):
        GradientDescent(0.1, nesterov=True)  # Nesterov without momentum
    with pytest.raises(ParameterError, match="dampening = 0"):
        GradientDescent(0.1, momentum=0.9, dampening=0.1, nesterov=True)  # Nesterov with dampening
    with pytest.raises(ParameterError, match="needs momentum > 0"):
        GradientDescent(0.1, dampening=0.5)  # dampening acts on a velocity that does not exist
    with pytest.raises(ParameterError, match=r"momentum must be a number in \[0, 1\), got 1.0"):
        GradientDescent(0.1, momentum=1.0)  # momentum 1 never forgets: no convergence
    with pytest.raises(ParameterError, match="momentum"):
        GradientDescent(0.1, momentum=-0.1)  # negative momentum
    with pytest.raises(ParameterError, match="dampening"):
        GradientDescent(0.1, momentum=0.5, dampening=1.5)  # dampening above 1
    with pytest.raises(ParameterError, match="nesterov must be True or False"):
        GradientDescent(0.1, momentum=0.5, nesterov=1)  # type: ignore[arg-type]  # 1 is not a bool
    with pytest.raises(ParameterError, match="weight_decay must be a finite number ≥ 0"):
        GradientDescent(0.1, weight_decay=-1.0)  # negative weight decay
    with pytest.raises(ParameterError, match="betas must be a pair"):
        Adam(betas=(0.9,))  # type: ignore[arg-type]  # one beta
    with pytest.raises(ParameterError, match="betas must be a pair"):
        Adam(betas=(0.9, 1.0))  # β₂ = 1: v never forgets its zero start
    with pytest.raises(ParameterError, match="betas must be a pair"):
        Adam(betas="0.9,0.999")  # type: ignore[arg-type]  # a string
    with pytest.raises(ParameterError, match="eps must be a positive finite number"):
        Adam(eps=0.0)  # ε = 0 divides by zero where the gradient is 0
    with pytest.raises(ParameterError, match="schedule must be a Schedule"):
        GradientDescent(0.1, schedule=0.5)  # type: ignore[arg-type]  # a number, not a schedule
