"""GradientDescent: the update rule, the three variants, and where they end up.

Convergence is measured against answers found without gradient descent:
``statistics.linear_regression``, ``least_squares`` (Householder QR), the
bowl's minimiser from Aθ = b, and Rosenbrock's (1, 1). The figures printed
here (run ``pytest -s``) are the achieved max |θ − θ_ls|.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import (
    DivergenceError,
    GradientDescent,
    LinearModel,
    Objective,
    Quadratic,
    Rosenbrock,
    fit,
    least_squares,
)


def max_gap(theta: Sequence[float], reference: Sequence[float]) -> float:
    return max(abs(t - r) for t, r in zip(theta, reference))


# Three features and noise, so that no θ fits every row: stochastic steps do
# not vanish at the optimum, and a constant rate leaves SGD hovering near it.
_rng = random.Random(2024)
X3 = [[_rng.uniform(-1.0, 1.0) for _ in range(3)] for _ in range(40)]
y3 = [1.5 * a - 2.0 * b + 0.5 * c + 3.0 + _rng.gauss(0.0, 0.3) for a, b, c in X3]
THETA_LS = least_squares(X3, y3).theta


def test_variant_names() -> None:
    assert GradientDescent(0.1).variant == "batch gradient descent"
    assert GradientDescent(0.1, batch_size=1).variant == "stochastic gradient descent"
    assert GradientDescent(0.1, batch_size=8).variant == "mini-batch gradient descent"


def test_step_is_theta_minus_eta_times_gradient() -> None:
    # [1, 2] − 0.5·[4, −2] = [−1, 3]
    assert GradientDescent(0.5).step([1.0, 2.0], [4.0, -2.0]) == pytest.approx([-1.0, 3.0], rel=1e-15)


def test_repr() -> None:
    assert repr(GradientDescent(0.1, batch_size=4, seed=3)) == (
        "GradientDescent(learning_rate=0.1, batch_size=4, shuffle=True, seed=3)"
    )


# Convergence to answers computed without gradient descent.


def test_batch_gd_on_1d_data_reaches_statistics_linear_regression() -> None:
    xs = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    ys = [1.2, 2.9, 5.1, 7.2, 8.8, 11.1, 13.0, 14.8, 17.2, 19.1]
    slope, intercept = statistics.linear_regression(xs, ys)
    result = fit([[x] for x in xs], ys, learning_rate=0.02, epochs=3000)
    w, b = result.theta
    assert w == pytest.approx(slope, abs=1e-9)
    assert b == pytest.approx(intercept, abs=1e-9)


def test_batch_gd_reaches_least_squares() -> None:
    result = fit(X3, y3, learning_rate=0.5, epochs=300)
    gap = max_gap(result.theta, THETA_LS)
    print(f"\nbatch GD, η = 0.5, 300 epochs: max |θ − θ_ls| = {gap:.3g}")
    assert gap < 1e-9


def test_stochastic_gd_with_a_small_rate_gets_near_least_squares() -> None:
    # A constant η leaves a noise floor of order η; η = 0.002 over 500 epochs
    # (20 000 updates) gave gaps of 2e-4 … 1e-3 over seeds 0–19.
    result = fit(X3, y3, learning_rate=0.002, batch_size=1, epochs=500, seed=1)
    gap = max_gap(result.theta, THETA_LS)
    print(f"\nstochastic GD, η = 0.002, 500 epochs, seed 1: max |θ − θ_ls| = {gap:.3g}")
    assert gap < 3e-3


def test_mini_batch_gd_gets_near_least_squares() -> None:
    # B = 7 does not divide n = 40: five batches of 7, then one of 5.
    # η = 0.02 over 500 epochs gave gaps of 1e-3 … 6e-3 over seeds 0–19.
    result = fit(X3, y3, learning_rate=0.02, batch_size=7, epochs=500, seed=1)
    gap = max_gap(result.theta, THETA_LS)
    print(f"\nmini-batch GD, B = 7, η = 0.02, 500 epochs, seed 1: max |θ − θ_ls| = {gap:.3g}")
    assert result.n_iter == 500 * 6
    assert gap < 1.5e-2


def test_batch_gd_reaches_the_bowls_minimiser() -> None:
    # A = [[3, 1], [1, 2]] has eigenvalues (5 ± √5)/2 ≈ 3.62, 1.38: η = 0.25 < 2/3.62.
    # Aθ = b with b = [5, 5]: θ* = [(10 − 5)/5, (15 − 5)/5] = [1, 2] by Cramer's rule.
    bowl = Quadratic([[3.0, 1.0], [1.0, 2.0]], [5.0, 5.0])
    result = GradientDescent(0.25).minimize_function(bowl, [-4.0, 7.0], iterations=200)
    assert result.theta == pytest.approx([1.0, 2.0], abs=1e-12)
    # f(θ*) = ½θ*ᵀAθ* − bᵀθ* = ½bᵀθ* − bᵀθ* = −½(5 + 10)
    assert result.final_loss == pytest.approx(-7.5, rel=1e-12)


def test_batch_gd_reaches_rosenbrocks_minimum() -> None:
    # At (1, 1) the Hessian [[802, −400], [−400, 200]] has λ_max ≈ 1001.6, so a
    # step settles only for η < 2/1001.6 ≈ 0.0019968 (η = 0.002 ends in a
    # two-point cycle ~1e-3 away). η = 0.001 contracts the flat direction
    # (λ_min ≈ 0.4) by 1 − 0.0004 per step: 30 000 steps leave ~1e-5.
    result = GradientDescent(0.001).minimize_function(Rosenbrock(), [-1.2, 1.0], iterations=30_000)
    gap = max_gap(result.theta, [1.0, 1.0])
    print(f"\nRosenbrock, η = 0.001, 30 000 iterations from (−1.2, 1): max |θ − (1, 1)| = {gap:.3g}")
    assert gap < 1e-4


def test_grad_tol_stops_a_function_run() -> None:
    bowl = Quadratic([[1.0]], [3.0])  # f' = θ − 3; each step with η = 0.5 halves θ − 3
    result = GradientDescent(0.5).minimize_function(bowl, [0.0], iterations=1000, grad_tol=1e-6)
    # |θ − 3| = 3·2⁻ᵏ ≤ 1e-6 first at k = 22
    assert (result.stop_reason, result.n_iter) == ("converged", 22)
    assert result.theta[0] == pytest.approx(3.0, abs=1e-6)


# Which rows each update sees.


class RecordingObjective(Objective):
    """An Objective that writes down the indices of every batch it is asked for."""

    def __init__(self, rows: list[list[float]], targets: list[float]) -> None:
        super().__init__(LinearModel(len(rows[0])), "mse", rows, targets)
        self.seen: list[list[int] | None] = []

    def value_and_gradient(
        self, theta: Sequence[float], indices: Sequence[int] | None = None
    ) -> tuple[float, list[float]]:
        self.seen.append(None if indices is None else list(indices))
        return super().value_and_gradient(theta, indices)


def update_batches(J: RecordingObjective, full_batch: bool) -> list[list[int] | None]:
    """The batches the updates used. A first pass over all rows gives J(θ₀) and the verdict's
    ‖∇J(θ₀)‖ (batch GD's first update uses it too), and a last one J(θ) and ‖∇J(θ)‖ at the end."""
    assert J.seen[0] is None and J.seen[-1] is None
    return J.seen[:-1] if full_batch else J.seen[1:-1]


def rows_and_targets(n: int) -> tuple[list[list[float]], list[float]]:
    return [[float(i), 1.0 / (i + 1)] for i in range(n)], [float(i % 4) - 1.5 for i in range(n)]


def test_without_shuffle_batches_follow_the_natural_order() -> None:
    J = RecordingObjective(*rows_and_targets(7))
    GradientDescent(0.01, batch_size=3, shuffle=False).minimize(J, epochs=2)
    assert update_batches(J, full_batch=False) == [[0, 1, 2], [3, 4, 5], [6]] * 2


def test_batch_gd_uses_every_row_at_every_step() -> None:
    J = RecordingObjective(*rows_and_targets(5))
    GradientDescent(0.01, seed=1).minimize(J, epochs=3)
    assert update_batches(J, full_batch=True) == [None] * 3


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 15), batch_size=st.integers(1, 6), seed=st.integers(0, 2**32))
def test_each_shuffled_epoch_uses_every_row_once(n: int, batch_size: int, seed: int) -> None:
    J = RecordingObjective(*rows_and_targets(n))
    epochs = 3
    GradientDescent(0.01, batch_size=batch_size, seed=seed).minimize(J, epochs=epochs)
    size = min(batch_size, n)
    per_epoch = math.ceil(n / size)
    seen = update_batches(J, full_batch=size == n)
    assert len(seen) == epochs * per_epoch
    for e in range(epochs):
        epoch = seen[e * per_epoch : (e + 1) * per_epoch]
        if size == n:
            assert epoch == [None]
            continue
        assert sorted(i for batch in epoch for i in batch or []) == list(range(n))
        sizes = [len(batch or []) for batch in epoch]
        assert sizes == [size] * (per_epoch - 1) + [n - size * (per_epoch - 1)]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 12), batch_size=st.integers(1, 5), seed=st.integers(0, 2**32))
def test_same_seed_gives_the_same_history_bit_for_bit(n: int, batch_size: int, seed: int) -> None:
    X, y = rows_and_targets(n)
    first = fit(X, y, learning_rate=0.01, batch_size=batch_size, epochs=3, seed=seed, record_theta=True)
    again = fit(X, y, learning_rate=0.01, batch_size=batch_size, epochs=3, seed=seed, record_theta=True)
    # The requirement is bit-for-bit identity, so exact equality is the test here.
    assert first.loss == again.loss
    assert first.epoch_loss == again.epoch_loss
    assert first.path == again.path
    assert first.theta == again.theta


def test_a_different_seed_gives_a_different_order_and_history() -> None:
    X, y = rows_and_targets(10)
    orders = []
    for seed in (0, 1):
        J = RecordingObjective(X, y)
        GradientDescent(0.01, batch_size=2, seed=seed).minimize(J, epochs=2)
        orders.append(J.seen)
    assert orders[0] != orders[1]
    first = fit(X, y, learning_rate=0.01, batch_size=2, epochs=2, seed=0)
    other = fit(X, y, learning_rate=0.01, batch_size=2, epochs=2, seed=1)
    assert max_gap(first.loss, other.loss) > 1e-6


def test_a_batch_size_larger_than_n_is_clipped_to_batch_gd() -> None:
    X, y = rows_and_targets(5)
    clipped = fit(X, y, learning_rate=0.01, batch_size=100, epochs=4, seed=3)
    batch = fit(X, y, learning_rate=0.01, epochs=4)
    assert clipped.n_iter == 4  # one update per epoch, like batch GD
    assert list(clipped.loss) == pytest.approx(list(batch.loss), rel=1e-15)
    assert clipped.theta == pytest.approx(batch.theta, rel=1e-15)
    J = RecordingObjective(X, y)
    GradientDescent(0.01, batch_size=100).minimize(J, epochs=2)
    assert update_batches(J, full_batch=True) == [None, None]


# Stopping early, blowing up, being interrupted.


def test_tol_and_patience_stop_when_the_loss_stops_improving() -> None:
    result = fit(X3, y3, learning_rate=0.5, epochs=10_000, tol=1e-10, patience=3)
    assert result.stop_reason == "converged" and result.converged
    assert result.n_epochs < 10_000
    assert len(result.epoch_loss) == result.n_epochs + 1
    # the last `patience` epochs did not beat the best before them by more than tol
    before, last = result.epoch_loss[:-3], result.epoch_loss[-3:]
    assert min(last) >= min(before) - 1e-10
    assert max_gap(result.theta, THETA_LS) < 1e-4


def test_tol_does_not_stop_a_run_that_keeps_improving() -> None:
    # η = 0.001 on the bowl-shaped MSE: every epoch improves by far more than 1e-12.
    result = fit(X3, y3, learning_rate=0.001, epochs=50, tol=1e-12, patience=2)
    assert result.stop_reason == "max_epochs"
    assert result.n_epochs == 50


@pytest.mark.parametrize("batch_size", [None, 1, 2])
def test_a_too_large_rate_raises_divergence_error_with_the_partial_history(batch_size: int | None) -> None:
    X, y = [[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0]
    with pytest.raises(DivergenceError) as caught:
        fit(X, y, learning_rate=10.0, batch_size=batch_size, epochs=1000, seed=0)
    error = caught.value
    assert isinstance(error, ValueError)
    result = error.result
    assert result.stop_reason == "diverged"
    assert len(result.loss) > 0 and result.n_iter == len(result.loss)
    assert result.epoch_loss[0] == pytest.approx(14 / 3, rel=1e-15)  # (1 + 4 + 9)/3 at θ = 0
    message = str(error)
    count = f"after {result.n_iter} update{'s' * (result.n_iter != 1)}"
    assert count in message and count in result.describe()  # the same count in both
    assert "loss" in message
    assert "learning_rate=10" in message
    assert "smaller learning rate" in message and "standardise" in message


def test_rosenbrock_with_a_huge_rate_raises_divergence_error_not_overflow() -> None:
    with pytest.raises(DivergenceError) as caught:
        GradientDescent(1e6).minimize_function(Rosenbrock(), [-1.2, 1.0], iterations=1000)
    result = caught.value.result
    assert result.stop_reason == "diverged"
    assert len(result.loss) >= 1
    assert result.loss[0] == pytest.approx(24.2, rel=1e-12)  # f(−1.2, 1) = 2.2² + 100·0.44² = 24.2
    n = len(result.loss)
    assert f"after {n} update{'s' * (n != 1)}:" in str(caught.value)  # '1 update', '2 updates', …
    assert "learning_rate=1e+06" in str(caught.value)


def test_an_infinite_starting_loss_is_divergence_not_a_silent_inf() -> None:
    # Finite data whose squared residuals overflow: (1e300)² = inf.
    with pytest.raises(DivergenceError, match="loss inf"):
        fit([[1.0], [2.0]], [1.0, 1e300], learning_rate=0.01, epochs=3)


class InterruptedObjective(Objective):
    """Ctrl-C simulated: the k-th gradient pass over a batch raises KeyboardInterrupt."""

    def __init__(self, k: int, rows: list[list[float]], targets: list[float]) -> None:
        super().__init__(LinearModel(len(rows[0])), "mse", rows, targets)
        self.k, self.calls = k, 0

    def value_and_gradient(
        self, theta: Sequence[float], indices: Sequence[int] | None = None
    ) -> tuple[float, list[float]]:
        if indices is not None:  # not the passes over all rows, J(θ₀) before the loop among them
            self.calls += 1
            if self.calls == self.k:
                raise KeyboardInterrupt
        return super().value_and_gradient(theta, indices)


@pytest.mark.parametrize("k", [1, 2, 7, 10])
def test_keyboard_interrupt_returns_the_run_so_far(k: int) -> None:
    X, y = rows_and_targets(6)
    J = InterruptedObjective(k, X, y)
    # B = 2: three updates per epoch; the k-th pass never happens, so k − 1 updates did.
    result = GradientDescent(0.01, batch_size=2, seed=0).minimize(J, epochs=100, record_theta=True)
    assert result.stop_reason == "interrupted" and result.interrupted
    assert result.n_iter == len(result.loss) == k - 1
    assert result.n_epochs == (k - 1) // 3 == len(result.epoch_loss) - 1
    assert result.path is not None and len(result.path) == k
    assert result.theta == pytest.approx(result.path[-1], abs=0.0)
    plain = Objective(LinearModel(2), "mse", X, y)
    assert result.final_loss == pytest.approx(plain.value(list(result.theta)), rel=1e-14)


class InterruptedBowl(Quadratic):
    """The bowl whose k-th gradient call is interrupted by the user."""

    def __init__(self, k: int) -> None:
        super().__init__([[1.0]], [3.0])
        self.k, self.calls = k, 0

    def gradient(self, theta: list[float]) -> list[float]:
        self.calls += 1
        if self.calls == self.k:
            raise KeyboardInterrupt
        return super().gradient(theta)


def test_keyboard_interrupt_in_a_function_run() -> None:
    result = GradientDescent(0.5).minimize_function(InterruptedBowl(4), [0.0], iterations=100)
    # three updates, each halving θ − 3: θ = 3 − 3/8
    assert result.stop_reason == "interrupted"
    assert result.n_iter == len(result.loss) == 3
    assert result.theta[0] == pytest.approx(3.0 - 3.0 / 8.0, rel=1e-15)
    # f = ½θ² − 3θ at θ = 2.625
    assert result.final_loss == pytest.approx(0.5 * 2.625**2 - 3 * 2.625, rel=1e-15)


def test_theta0_is_used_and_defaults_to_zeros() -> None:
    J = Objective(LinearModel(1), "mse", [[1.0]], [2.0])
    result = GradientDescent(0.25).minimize(J, [1, 1], epochs=1, record_theta=True)
    assert result.path is not None and result.path[0] == pytest.approx((1.0, 1.0), abs=0.0)
    # J at θ0 = (1, 1): (1 + 1 − 2)² = 0: nothing moves
    assert result.theta == pytest.approx((1.0, 1.0), abs=0.0)
    default = GradientDescent(0.25).minimize(J, epochs=1)
    assert default.loss[0] == pytest.approx(4.0, rel=1e-15)  # (0 − 2)² at θ = 0


def test_a_batch_size_clipped_to_n_is_reported_as_batch_gradient_descent():
    # 3 rows, batches of 10: one batch of every row per epoch, as batch GD takes
    clipped = GradientDescent(0.1, batch_size=10).minimize(
        Objective(LinearModel(1), "mse", [[1.0], [2.0], [3.0]], [2.0, 4.0, 6.0]), epochs=3
    )
    assert clipped.variant == "batch gradient descent"
    assert clipped.n_iter == 3
