"""Rates of convergence: measured from runs against the rates theory predicts.

Independent answers: θ* and J* in closed form (the bowl's Aθ* = b, least
squares by QR for mtcars); the Hessian of standardised mtcars formed here as
(2/n)·X̃ᵀX̃ and its eigenvalues by Jacobi, checked against Householder and
QR (``stable_learning_rate``); the heavy-ball radius against the growth of the
scalar recurrence itself; step counts against counting.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdlearn import (
    MSE,
    DataError,
    GradientDescent,
    LinearModel,
    Objective,
    ParameterError,
    Quadratic,
    Standardizer,
    datasets,
    fit,
    least_squares,
    stable_learning_rate,
)
from gdlearn.linalg import symmetric_eigen
from gdlearn.rates import (
    distances_to,
    heavy_ball,
    loss_gaps,
    measured_rate,
    predicted_rate,
    rate_line,
    steps_for,
)

BOWL = Quadratic([[1.0, 0.0], [0.0, 100.0]], [1.0, 1.0])  # θ* = (1, 0.01), λ = 1 and 100


def test_the_bowl_at_eta_001_contracts_by_099() -> None:
    run = GradientDescent(0.01).minimize_function(BOWL, [0.0, 0.0], iterations=3000, record_theta=True)
    measured = measured_rate(distances_to(run, BOWL.minimizer))
    assert round(measured.rate, 4) == 0.99  # to 4 digits, as 1 − ηλ_min = 1 − 1/κ
    assert measured.rate == pytest.approx(0.99, abs=1e-8)
    assert predicted_rate(0.01, 1.0, 100.0) == pytest.approx(0.99, abs=1e-15)
    J_star = -0.5 * (1.0 * 1.0 + 1.0 * 0.01)  # −½ bᵀθ* at the minimum
    assert measured_rate(loss_gaps(run, J_star)).rate == pytest.approx(0.99**2, abs=1e-7)


def mtcars_problem() -> tuple[list[list[float]], list[float], list[float], float]:
    """Standardised mtcars: Z, y, the eigenvalues of H = (2/n)·Z̃ᵀZ̃ (Jacobi), and J* from least squares."""
    cars = datasets.mtcars()
    Z = Standardizer.fit(cars.X).transform(cars.X)
    n = len(Z)
    rows = [[*z, 1.0] for z in Z]
    H = [
        [2.0 / n * math.fsum(r[i] * r[j] for r in rows) for j in range(len(rows[0]))]
        for i in range(len(rows[0]))
    ]
    values, _ = symmetric_eigen(H)
    exact = least_squares(Z, cars.y)
    J_star = MSE().value(exact.predict(Z), cars.y)
    return Z, cars.y, values, J_star


def test_the_two_eigen_solvers_agree_on_mtcars() -> None:
    Z, _, values, _ = mtcars_problem()
    other = stable_learning_rate(Z)  # Householder and QR on H formed from the data
    assert values[-1] == pytest.approx(other.lambda_max, rel=1e-9)
    assert values[0] == pytest.approx(other.lambda_min, rel=1e-7)


@pytest.mark.parametrize("which", ["1/λ_max", "2/(λ_min + λ_max)"])
def test_batch_gd_on_standardised_mtcars_runs_at_the_predicted_rate(which: str) -> None:
    Z, y, values, J_star = mtcars_problem()
    lo, hi = values[0], values[-1]
    eta = 1.0 / hi if which == "1/λ_max" else 2.0 / (lo + hi)
    run = fit(Z, y, learning_rate=eta, epochs=8000, batch_size=None, record_theta=True)
    predicted = predicted_rate(eta, lo, hi)  # 1 − 1/κ, or (κ − 1)/(κ + 1)
    theta_star = least_squares(Z, y).theta
    assert measured_rate(distances_to(run, theta_star)).rate == pytest.approx(predicted, rel=1e-7)
    assert measured_rate(loss_gaps(run, J_star)).rate == pytest.approx(predicted**2, rel=1e-6)


def test_tuned_heavy_ball_runs_at_root_kappa_speed() -> None:
    # a double root at λ_min and λ_max: e_k ≈ C·k·ρᵏ, so over steps a … b the mean
    # contraction is ρ·(b/a)^(1/(b − a)); the other curvatures contract by exactly √μ = ρ
    Z, y, values, _ = mtcars_problem()
    tuned = heavy_ball(values[0], values[-1])
    kappa = values[-1] / values[0]
    assert tuned.rate == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), rel=1e-15)
    run = fit(
        Z,
        y,
        learning_rate=tuned.learning_rate,
        momentum=tuned.momentum,
        epochs=800,
        batch_size=None,
        record_theta=True,
    )
    measured = measured_rate(distances_to(run, least_squares(Z, y).theta))
    a, b = measured.first, measured.last
    assert measured.rate == pytest.approx(tuned.rate * (b / a) ** (1 / (b - a)), rel=2e-3)
    assert tuned.rate < predicted_rate(
        2 / (values[0] + values[-1]), values[0], values[-1]
    )  # beats the best plain η


@pytest.mark.parametrize(
    ("lo", "hi"), [(5e-324, 1.0), (1e-300, 1e300), (1e308, 1.7e308), (2.0, 3.0), (1.0, 100.0)]
)
def test_heavy_ball_settings_stay_finite_at_extreme_curvatures(lo: float, hi: float) -> None:
    # κ = λ_max/λ_min and (√λ_max + √λ_min)² pass the largest float at the first three; the
    # settings are the formulas' values, computed here in 60-digit decimals
    from decimal import Decimal, getcontext

    getcontext().prec = 60
    root_hi, root_lo = Decimal(hi).sqrt(), Decimal(lo).sqrt()
    rho = (root_hi - root_lo) / (root_hi + root_lo)
    tuned = heavy_ball(lo, hi)
    assert tuned.learning_rate == pytest.approx(float(4 / (root_hi + root_lo) ** 2), rel=1e-14)
    assert tuned.rate == pytest.approx(float(rho), rel=1e-14)
    assert tuned.momentum == pytest.approx(float(rho * rho), rel=1e-14)


def test_heavy_ball_refuses_curvatures_whose_rate_passes_the_largest_float() -> None:
    for lo, hi in ((1e-320, 1e-320), (4e-309, 4e-309)):  # η = 4/(√λ_max + √λ_min)² ≈ 1/λ: 1e320, 2.5e308
        with pytest.raises(ParameterError, match=r"rate η = 4/\(√λ_max \+ √λ_min\)² beyond the largest"):
            heavy_ball(lo, hi)  # (an OverflowError before)


def test_tuned_heavy_ball_on_raw_mtcars_climbs_for_hundreds_of_steps_before_it_converges() -> None:
    # docs/conditioning.md: on the raw columns hp and wt (κ ≈ 3.45e5) the tuned heavy ball's loss first
    # rises (a double root: the error behaves like k·ρᵏ), some ten-thousandfold, then falls to 1% of J*
    # in about 3900 steps. Run here without the loop's divergence guard, which stops it after 10 rises.
    cars = datasets.mtcars()
    columns = [cars.feature_names.index(name) for name in ("hp", "wt")]
    X = [[row[j] for j in columns] for row in cars.X]
    raw = stable_learning_rate(X)
    tuned = heavy_ball(raw.lambda_min, raw.lambda_max)
    J = Objective(LinearModel(2), MSE(), X, cars.y)
    J_star = J.value(least_squares(X, cars.y).theta)
    rule = GradientDescent(tuned.learning_rate, momentum=tuned.momentum)
    theta, state = [0.0, 0.0, 0.0], rule.init(3)
    losses = [J.value(theta)]
    while losses[-1] > 1.01 * J_star and len(losses) < 5000:
        theta, state = rule.update(theta, J.gradient(theta), state, tuned.learning_rate)
        losses.append(J.value(theta))
    assert losses[10] / losses[0] == pytest.approx(250, rel=0.01)  # the doc's doctest: 250-fold in ten steps
    assert max(losses) / losses[0] > 1e4
    assert 3800 < len(losses) - 1 < 4000


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1.9), st.floats(0.0, 0.95), st.floats(0.05, 1.0))
def test_the_heavy_ball_radius_is_the_growth_of_its_recurrence(eta: float, mu: float, lam: float) -> None:
    # e_{k+1} = (1 + μ − ηλ)·e_k − μ·e_{k−1}: ‖(e_k, e_{k−1})‖ grows like ρᵏ; the ratio of the
    # norms 400 steps apart, averaged, is ρ to within the bounded wobble of complex roots
    c = 1 + mu - eta * lam
    disc = c * c - 4 * mu
    assume(abs(disc) > 1e-2)  # away from a double root, where a factor k joins ρᵏ
    e_prev, e, log_norms = 1.0, 0.3, []
    for _ in range(1200):
        e_prev, e = e, c * e - mu * e_prev
        scale = math.hypot(e, e_prev)
        e, e_prev = e / scale, e_prev / scale
        log_norms.append(math.log(scale))
    growth = math.exp(sum(log_norms[800:]) / 400)  # the mean growth per step over the last 400
    assert predicted_rate(eta, lam, lam, mu) == pytest.approx(growth, rel=2e-2)


def test_predicted_rate_of_plain_gd_is_the_larger_of_the_two_ends() -> None:
    assert predicted_rate(0.1, 1.0, 10.0) == pytest.approx(0.9, abs=1e-15)  # |1 − 0.1|, |1 − 1| = 0
    assert predicted_rate(0.19, 1.0, 10.0) == pytest.approx(0.9, abs=1e-15)  # |1 − 0.19·10| = 0.9
    assert predicted_rate(0.25, 1.0, 10.0) == pytest.approx(1.5, abs=1e-15)  # above 2/λ_max: diverges


def test_steps_for_against_counting() -> None:
    for rho in (0.5, 0.9, 0.99, 0.999):
        for epsilon in (0.1, 1e-3, 1e-8):
            k, power = 0, 1.0
            while power > epsilon:
                k, power = k + 1, power * rho
            assert steps_for(rho, epsilon) == k
    assert steps_for(0.0, 1e-9) == 1


def test_steps_for_predicts_a_run() -> None:
    bowl = Quadratic([[4.0]], [0.0])  # f = 2θ², η = 0.2: the error is multiplied by 1 − 0.8 = 0.2
    k = steps_for(predicted_rate(0.2, 4.0, 4.0), 1e-6)
    errors = distances_to(
        GradientDescent(0.2).minimize_function(bowl, [1.0], iterations=k, record_theta=True), [0.0]
    )
    assert errors[k] <= 1e-6 < errors[k - 1]


def test_measured_rate_window() -> None:
    # e = 0.5ᵏ down to 1e-12 (below floor·e₀ = 1e-10 from k = 34 on): window 16 … 33
    found = measured_rate([0.5**k for k in range(60)])
    assert (found.first, found.last) == (16, 33)
    assert found.rate == pytest.approx(0.5, rel=1e-14)
    assert measured_rate([1.0, 0.9, 0.81, 0.0, 5.0], floor=0.0) == (pytest.approx(0.9), 1, 2)


def test_rate_line_is_the_bound_for_plain_gd_on_a_bowl() -> None:
    run = GradientDescent(0.015).minimize_function(BOWL, [3.0, -2.0], iterations=300, record_theta=True)
    errors = distances_to(run, BOWL.minimizer)
    ks, line = rate_line(errors[0], predicted_rate(0.015, 1.0, 100.0), 300, points=31)
    assert ks[:3] == [0.0, 10.0, 20.0] and len(line) == 31
    for k, bound in zip(ks, line):
        assert errors[int(k)] <= bound * (1 + 1e-12)  # ‖e_k‖ ≤ ρᵏ‖e₀‖


def test_bad_input() -> None:
    plain = GradientDescent(0.01).minimize_function(BOWL, [0.0, 0.0], iterations=5)
    with pytest.raises(ParameterError, match="record_theta=True"):
        distances_to(plain, [1.0, 0.01])  # no path recorded
    mini = fit([[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0], learning_rate=0.1, batch_size=2, epochs=2)
    with pytest.raises(ParameterError, match="mini-batch gradient descent run"):
        loss_gaps(mini, 0.0)  # its losses are of batches, not J(θₖ)
    with pytest.raises(DataError, match="too few errors"):
        measured_rate([1.0, 1e-12, 1e-13])  # only e₀ above the floor
    with pytest.raises(DataError, match="e₀ must be positive"):
        measured_rate([0.0, 1.0])  # already at the minimum
    with pytest.raises(ParameterError, match="lambda_min must not exceed lambda_max"):
        predicted_rate(0.1, 2.0, 1.0)  # the ends swapped
    with pytest.raises(ParameterError, match="momentum must be a number in"):
        predicted_rate(0.1, 1.0, 2.0, momentum=1.0)  # μ = 1 never forgets
    with pytest.raises(ParameterError, match="lambda_min must be positive"):
        heavy_ball(0.0, 1.0)  # κ = ∞
    with pytest.raises(ParameterError, match="accuracy must be a factor below 1"):
        steps_for(0.9, 1.5)  # a factor above 1 is no accuracy
    with pytest.raises(ParameterError, match="accuracy must be a positive finite number"):
        steps_for(0.9, 0.0)  # exactly 0 takes forever
    with pytest.raises(ParameterError, match="rate must be a number in"):
        steps_for(1.0, 0.1)  # no contraction: never
    with pytest.raises(ParameterError, match="points must be at least 2"):
        rate_line(1.0, 0.5, 10, points=1)
