"""L1's proximal step: soft-thresholding by hand, the lasso's closed forms, its optimality
conditions, scikit-learn's Lasso when present, and what the step refuses.

The independent answers:
- one feature: J(w, b) = (1/n)Σ(yᵢ − w·xᵢ − b)² + λ₁|w| is least at
  w* = S(Sxy/n, λ₁/2)/(Sxx/n), b* = ȳ − w*·x̄, with S(z, τ) = sign(z)·max(|z| − τ, 0),
  Sxy = Σ(xᵢ − x̄)(yᵢ − ȳ), Sxx = Σ(xᵢ − x̄)²;
- orthonormal features (X̃ᵀX̃/n = I, each column of mean 0): each weight
  on its own, wⱼ* = S(xⱼᵀy/n, λ₁/2), b* = ȳ;
- any data: θ minimises J exactly when, with g = ∇ of the smooth part
  (1/n)‖X̃θ − y‖², computed here with plain loops,
      |gⱼ| ≤ λ₁ where wⱼ = 0,   gⱼ = −λ₁·sign(wⱼ) elsewhere,   ∂/∂b = 0   (KKT);
- scikit-learn's Lasso(alpha = λ₁/2), which minimises (1/(2n))‖X̃θ − y‖² + α‖w‖₁ = J/2.
"""

from __future__ import annotations

import math

import pytest

from gdlearn import (
    MSE,
    Adam,
    ExponentialDecay,
    GradientDescent,
    LinearModel,
    Objective,
    ParameterError,
    Standardizer,
    datasets,
    fit,
)

CARS = datasets.mtcars()
Z = Standardizer.fit(CARS.X).transform(CARS.X)  # standardised: mean 0, variance 1 per column
L1 = 1.0
ZEROS = ["disp", "qsec", "vs", "gear"]  # the weights the lasso of λ₁ = 1 sets to 0 (KKT below says so)
KKT_TOLERANCE = 1e-9


def soft(z: float, tau: float) -> float:
    return math.copysign(max(abs(z) - tau, 0.0), z)


def smooth_gradient(X: list[list[float]], y: list[float], theta: list[float]) -> list[float]:
    """∇ of (1/n)‖X̃θ − y‖² with plain loops: ∂/∂wⱼ = (2/n)Σᵢ rᵢxᵢⱼ, ∂/∂b = (2/n)Σᵢ rᵢ."""
    n, d = len(X), len(X[0])
    r = [math.fsum([*(theta[j] * x[j] for j in range(d)), theta[d], -t]) for x, t in zip(X, y)]
    return [2 / n * math.fsum(r[i] * X[i][j] for i in range(n)) for j in range(d)] + [2 / n * math.fsum(r)]


def kkt_violation(X: list[list[float]], y: list[float], theta: list[float], l1: float) -> float:
    """How far θ is from the lasso's optimality conditions: 0 at the solution."""
    g = smooth_gradient(X, y, theta)
    d = len(X[0])
    worst = abs(g[d])  # the bias is not penalised: its derivative must vanish
    for g_j, w_j in zip(g, theta[:d]):
        worst = max(worst, max(abs(g_j) - l1, 0.0) if w_j == 0 else abs(g_j + l1 * math.copysign(1.0, w_j)))
    return worst


@pytest.fixture(scope="module")
def lasso() -> tuple[float, ...]:
    """Batch proximal gradient on standardised mtcars at η = 1/L."""
    run = fit(Z, CARS.y, l1=L1, proximal=True, learning_rate="auto", epochs=3000)
    return run.theta


# The step itself.


def test_prox_soft_thresholds_the_weights_and_leaves_the_bias() -> None:
    J = Objective(LinearModel(3), MSE(), [[1.0, 2.0, 3.0]], [0.0], l1=2.0, proximal=True)
    # η·λ₁ = 0.1·2 = 0.2: 1.5 → 1.3, −0.2 → 0 (on the threshold), 0.05 → 0; b = 9 stays
    theta = J.prox([1.5, -0.2, 0.05, 9.0], 0.1)
    assert theta[0] == pytest.approx(1.3, rel=1e-15)
    assert theta[1:] == [0.0, 0.0, 9.0]
    assert math.copysign(1.0, theta[1]) == 1.0  # +0.0, never −0.0: it prints as 0
    no_bias = Objective(LinearModel(2, fit_intercept=False), MSE(), [[1.0, 2.0]], [0.0], l1=1.0)
    assert no_bias.prox([-3.0, 0.5], 1.0) == [-2.0, 0.0]


def test_the_proximal_gradient_leaves_out_only_the_l1_term() -> None:
    X, y, theta = [[1.0, 2.0], [2.0, -1.0], [3.0, 0.5]], [1.0, 2.0, 0.0], [0.5, -0.25, 0.1]
    both = Objective(LinearModel(2), MSE(), X, y, l1=0.3, l2=0.2, proximal=True)
    value, grad = both.value_and_gradient(theta)
    g = smooth_gradient(X, y, theta)
    # ∇ of the loss and λ₂‖w‖² (2λ₂wⱼ), no λ₁·sign(wⱼ); the value is all of J
    assert grad == pytest.approx([g[0] + 0.2, g[1] - 0.1, g[2]], rel=1e-13)
    everything = Objective(LinearModel(2), MSE(), X, y, l1=0.3, l2=0.2)
    assert value == pytest.approx(everything.value(theta), rel=1e-15)


# Against closed forms.


@pytest.mark.parametrize("l1", [0.0, 0.5, 3.0, 4.25])  # 4.25: above 2·|Sxy/n| = 4.17, w* = 0
def test_one_feature_reaches_the_soft_thresholded_least_squares_line(l1: float) -> None:
    x = [0.5, 1.0, 2.0, 3.5, 4.0, 6.0]
    y = [1.2, 1.9, 3.1, 4.2, 5.8, 7.1]
    n, x_bar, y_bar = len(x), math.fsum(x) / len(x), math.fsum(y) / len(y)
    Sxy = math.fsum((a - x_bar) * (b - y_bar) for a, b in zip(x, y))
    Sxx = math.fsum((a - x_bar) ** 2 for a in x)
    w = soft(Sxy / n, l1 / 2) / (Sxx / n)
    run = fit([[a] for a in x], y, l1=l1, proximal=True, learning_rate=0.05, epochs=3000)
    assert run.theta == pytest.approx([w, y_bar - w * x_bar], abs=1e-12)
    if w == 0:
        assert run.theta[0] == 0.0  # exactly: the point of the proximal step


def test_orthonormal_features_are_each_thresholded_on_their_own() -> None:
    # Sylvester's Hadamard matrix of order 8 without its column of ones: 7 columns of ±1,
    # each of mean 0 and mean square 1, orthogonal to one another: X̃ᵀX̃/n = I
    H = [[1.0]]
    for _ in range(3):
        H = [row + row for row in H] + [row + [-v for v in row] for row in H]
    X = [row[1:] for row in H]
    y = [3.0, -1.0, 2.5, 0.5, 4.0, -2.0, 1.0, 0.25]
    n, l1 = len(y), 1.1
    w = [soft(math.fsum(X[i][j] * y[i] for i in range(n)) / n, l1 / 2) for j in range(7)]
    run = fit(X, y, l1=l1, proximal=True, learning_rate=0.1, epochs=300)
    assert run.theta == pytest.approx([*w, math.fsum(y) / n], abs=1e-12)
    assert [j for j, w_j in enumerate(run.theta[:7]) if w_j == 0.0] == [j for j in range(7) if w[j] == 0]
    assert 0 < sum(w_j == 0 for w_j in w) < 7  # some weights thresholded to 0, some not


def test_mtcars_lasso_meets_the_optimality_conditions(lasso: tuple[float, ...]) -> None:
    assert kkt_violation(Z, CARS.y, list(lasso), L1) < KKT_TOLERANCE
    zeros = [name for name, w_j in zip(CARS.feature_names, lasso) if w_j == 0.0]
    assert zeros == ZEROS  # exactly 0.0, not merely small
    # the same conditions fail for the subgradient run's θ and for a slightly different penalty
    hovering = fit(Z, CARS.y, l1=L1, learning_rate="auto", epochs=3000).theta
    assert kkt_violation(Z, CARS.y, list(hovering), L1) > 1e-3
    assert kkt_violation(Z, CARS.y, list(lasso), 1.01 * L1) > 1e-3


def test_scikit_learns_lasso_with_alpha_half_of_l1(lasso: tuple[float, ...]) -> None:
    linear_model = pytest.importorskip("sklearn.linear_model")
    # sklearn minimises (1/(2n))‖X̃θ − y‖² + α‖w‖₁ = J/2 with λ₁ = 2α; its tol is on the dual gap
    reference = linear_model.Lasso(alpha=L1 / 2, tol=1e-14, max_iter=10**6).fit(Z, CARS.y)
    expected = [*map(float, reference.coef_), float(reference.intercept_)]
    assert list(lasso) == pytest.approx(expected, abs=1e-6)
    assert math.dist(lasso, expected) < 1e-6


def test_stochastic_proximal_steps_hold_a_zero_while_each_batch_allows_it() -> None:
    # one row per step: w₁ stays at 0 while each row's |∂f/∂w₁| = |2·rᵢ·xᵢ₁| ≤ λ₁ (near the fit 0.002 < 0.05)
    rows = [[float(i), (-1.0) ** i * 0.1] for i in range(10)]
    targets = [2.0 * i + 1.0 for i in range(10)]
    run = fit(rows, targets, l1=0.05, proximal=True, learning_rate=0.002, batch_size=1, epochs=300,
              seed=4, record_theta=True)  # fmt: skip
    assert run.variant == "stochastic gradient descent" and run.path is not None
    assert all(theta[1] == 0.0 for theta in run.path[-1000:])  # the last 100 epochs, every step


# The subgradient form, for contrast: it never holds the weight at 0 (see also test_penalties).


def test_the_subgradient_form_leaves_zero_and_hovers_around_it(lasso: tuple[float, ...]) -> None:
    # started at the lasso's solution, where disp, qsec, vs and gear are 0 …
    eta = 0.01
    run = fit(Z, CARS.y, l1=L1, learning_rate=eta, epochs=2000, theta0=lasso, record_theta=True)
    assert run.path is not None
    for name in ZEROS:
        j = CARS.feature_names.index(name)
        path = [theta[j] for theta in run.path[1:]]
        assert not any(w_j == 0.0 for w_j in path), name  # … it leaves 0 at the first step, never back on it
        assert 1e-4 < max(map(abs, path)) < 0.05, name  # and hovers near it, at about 2e-2
    # the proximal form from the same start stays exactly where it is
    held = fit(Z, CARS.y, l1=L1, proximal=True, learning_rate=eta, epochs=50, theta0=lasso, record_theta=True)
    assert held.path is not None
    assert all(theta[j] == 0.0 for theta in held.path for j, w_j in enumerate(lasso[:-1]) if w_j == 0.0)


# What else the step does: rates, batches, the verdict.


def test_each_update_thresholds_by_its_own_scheduled_rate() -> None:
    X, y, l1 = [[1.0, 2.0], [2.0, -1.0], [3.0, 0.5]], [1.0, 2.0, 0.0], 0.3
    eta0, gamma = 0.1, 0.5
    run = fit(X, y, l1=l1, proximal=True, learning_rate=eta0, schedule=ExponentialDecay(gamma), epochs=3)
    theta = [0.0, 0.0, 0.0]
    for t in range(1, 4):  # η_t = η₀·γ^(t − 1), then the weights soft-thresholded by η_t·λ₁
        eta = eta0 * gamma ** (t - 1)
        u = [th - eta * g for th, g in zip(theta, smooth_gradient(X, y, theta))]
        theta = [soft(u[0], eta * l1), soft(u[1], eta * l1), u[2]]
    assert run.theta == pytest.approx(theta, rel=1e-13, abs=1e-15)
    assert list(run.learning_rates) == pytest.approx([0.1, 0.05, 0.025], rel=1e-15)


def test_a_proximal_run_at_the_solution_is_judged_converged(lasso: tuple[float, ...]) -> None:
    run = fit(Z, CARS.y, l1=L1, proximal=True, learning_rate="auto", epochs=3000)
    assert run.verdict == "converged"
    # its ‖∇J‖ is that of the subgradient nearest 0, which is the KKT residual
    assert run.gradient_norm < KKT_TOLERANCE
    objective = Objective(LinearModel(10), MSE(), Z, CARS.y, l1=L1, proximal=True)
    assert objective.min_norm_subgradient(lasso) == pytest.approx([0.0] * 11, abs=KKT_TOLERANCE)
    # away from the solution it is 0 exactly where KKT holds: w = 0 with |gⱼ| ≤ λ₁
    theta = [0.0] * 10 + [20.0]
    g = smooth_gradient(Z, CARS.y, theta)
    expected = [soft(g_j, L1) for g_j in g[:10]] + [g[10]]
    assert objective.min_norm_subgradient(theta) == pytest.approx(expected, rel=1e-12, abs=1e-14)
    # the subgradient run's verdict is unchanged by all this: it hovers
    assert fit(Z, CARS.y, l1=L1, learning_rate="auto", epochs=3000).verdict == "hovering"


def test_without_l1_the_proximal_option_changes_nothing() -> None:
    plain = fit(Z, CARS.y, learning_rate=0.05, epochs=20, momentum=0.9, record_theta=True)
    proximal = fit(Z, CARS.y, learning_rate=0.05, epochs=20, momentum=0.9, proximal=True, record_theta=True)
    assert proximal.theta == plain.theta and proximal.path == plain.path  # bit for bit: the point here


# Momentum and Adam: refused, and why.


@pytest.mark.parametrize(
    "options",
    [{"momentum": 0.9}, {"momentum": 0.5, "nesterov": True}, {"optimizer": "adam", "learning_rate": 0.01}],
)
def test_momentum_and_adam_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ParameterError, match="follows plain gradient descent only"):
        fit(Z, CARS.y, l1=L1, proximal=True, **options)  # type: ignore[arg-type]
    objective = Objective(LinearModel(10), MSE(), Z, CARS.y, l1=L1, proximal=True)
    with pytest.raises(ParameterError, match="lasso of λ₁·\\(1 − μ\\)"):
        Adam(0.01).minimize(objective, epochs=1)
    with pytest.raises(ParameterError, match="not gradient descent with momentum"):
        GradientDescent(0.01, momentum=0.9).minimize(objective, epochs=1)


def test_the_refusal_asks_the_rule_whether_it_is_plain_not_its_name() -> None:
    # A subclass of gradient descent under a name of its own still takes the proximal step with
    # μ = 0, bit for bit as GradientDescent does; with μ > 0 it is refused; and a rule of your own,
    # which does not say it is plain, is refused.
    class Renamed(GradientDescent):
        rule = "textbook descent"

    objective = Objective(LinearModel(10), MSE(), Z, CARS.y, l1=L1, proximal=True)
    ours = Renamed(0.05, batch_size=None).minimize(objective, epochs=30)
    plain = GradientDescent(0.05, batch_size=None).minimize(objective, epochs=30)
    assert ours.theta == plain.theta and ours.theta.count(0.0) > 0
    with pytest.raises(ParameterError, match="follows plain gradient descent only"):
        Renamed(0.05, momentum=0.5).minimize(objective, epochs=1)

    class HalfStep(GradientDescent):  # a rule of your own: θ − (η/2)·g, plain in fact, but unsaid
        @property
        def plain(self) -> bool:
            return False

    with pytest.raises(ParameterError, match="follows plain gradient descent only"):
        HalfStep(0.05).minimize(objective, epochs=1)


def test_momentum_then_prox_would_settle_on_the_lasso_of_a_smaller_penalty() -> None:
    # Why the refusal: the step composed by hand settles where KKT holds for λ₁·(1 − μ), not λ₁.
    X = [[1.0, 2.0], [2.0, -1.0], [3.0, 0.5], [-1.0, 4.0], [0.5, 1.5]]
    y = [3.0, 0.5, 4.0, 2.0, -0.5]
    l1, mu, eta = 0.8, 0.5, 0.02
    objective = Objective(LinearModel(2), MSE(), X, y, l1=l1, proximal=True)
    rule = GradientDescent(eta, momentum=mu)
    theta, state = [0.0, 0.0, 0.0], rule.init(3)
    for _ in range(4000):
        theta, state = rule.update(theta, objective.gradient(theta), state, eta)
        theta = objective.prox(theta, eta)
    assert kkt_violation(X, y, theta, l1 * (1 - mu)) < 1e-9
    assert kkt_violation(X, y, theta, l1) > 0.1


def test_a_proximal_flag_that_is_not_a_bool_is_refused() -> None:
    with pytest.raises(ParameterError, match="proximal must be True or False"):
        fit(Z, CARS.y, l1=L1, proximal="yes")  # type: ignore[arg-type]  # a string, not a bool
