"""What the loss history holds, checked on a run small enough to do by hand."""

from __future__ import annotations

import dataclasses
import math
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import GradientDescent, LinearModel, Objective, Quadratic, Result, Rosenbrock, fit

# Three rows, ŷ = w·x + b, MSE, η = 0.1, B = 2 in the natural order: batches {0, 1} then {2}.
X = [[1.0], [2.0], [3.0]]
y = [1.0, 2.0, 4.0]


def tiny_run() -> Result:
    return fit(X, y, learning_rate=0.1, batch_size=2, shuffle=False, epochs=2, record_theta=True)


# The run by hand. For a batch ℬ: J_ℬ = mean r², ∂J_ℬ/∂w = mean 2r·x, ∂J_ℬ/∂b = mean 2r, r = ŷ − y.
#
# epoch 0 loss at θ = (0, 0): (1 + 4 + 16)/3 = 7
# it 0, rows {0,1}, θ = (0, 0):       r = (−1, −2)        J = 5/2 = 2.5
#      g = (−1·1 − 2·2, −1 − 2) = (−5, −3)                θ ← (0.5, 0.3)
# it 1, row {2}, θ = (0.5, 0.3):      ŷ = 1.8, r = −2.2    J = 4.84
#      g = (2·−2.2·3, 2·−2.2) = (−13.2, −4.4)             θ ← (1.82, 0.74)
# epoch 1 loss: ŷ = (2.56, 4.38, 6.2), r = (1.56, 2.38, 2.2): (2.4336 + 5.6644 + 4.84)/3 = 12.938/3
# it 2, rows {0,1}, θ = (1.82, 0.74): r = (1.56, 2.38)     J = (2.4336 + 5.6644)/2 = 4.049
#      g = (1.56 + 4.76, 1.56 + 2.38) = (6.32, 3.94)       θ ← (1.188, 0.346)
# it 3, row {2}, θ = (1.188, 0.346):  ŷ = 3.91, r = −0.09  J = 0.0081
#      g = (2·−0.09·3, 2·−0.09) = (−0.54, −0.18)          θ ← (1.242, 0.364)
# epoch 2 loss: ŷ = (1.606, 2.848, 4.09), r = (0.606, 0.848, 0.09):
#      (0.367236 + 0.719104 + 0.0081)/3 = 1.09444/3
HAND_LOSS = [2.5, 4.84, 4.049, 0.0081]
HAND_EPOCH_LOSS = [7.0, 12.938 / 3, 1.09444 / 3]
HAND_PATH = [(0.0, 0.0), (0.5, 0.3), (1.82, 0.74), (1.188, 0.346), (1.242, 0.364)]


def test_iteration_loss_is_the_batch_loss_before_each_update() -> None:
    assert list(tiny_run().loss) == pytest.approx(HAND_LOSS, rel=1e-12)


def test_epoch_loss_is_the_full_loss_at_the_start_and_after_each_epoch() -> None:
    assert list(tiny_run().epoch_loss) == pytest.approx(HAND_EPOCH_LOSS, rel=1e-12)


def test_path_is_theta_zero_then_after_every_update() -> None:
    path = tiny_run().path
    assert path is not None
    assert len(path) == 5
    for point, hand in zip(path, HAND_PATH):
        assert point == pytest.approx(hand, rel=1e-12, abs=1e-15)


def test_counts_theta_and_final_loss() -> None:
    result = tiny_run()
    assert (result.n_iter, result.n_epochs, result.stop_reason) == (4, 2, "max_epochs")
    assert result.theta == pytest.approx(HAND_PATH[-1], rel=1e-12)
    assert result.final_loss == pytest.approx(HAND_EPOCH_LOSS[-1], rel=1e-12)
    assert result.learning_rate == pytest.approx(0.1, abs=0.0)
    assert result.variant == "mini-batch gradient descent"
    assert not result.interrupted
    assert not result.converged


def test_histories_are_compact_arrays_and_the_result_is_frozen() -> None:
    result = tiny_run()
    assert isinstance(result.loss, array) and result.loss.typecode == "d"
    assert isinstance(result.epoch_loss, array) and result.epoch_loss.typecode == "d"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.n_iter = 0  # type: ignore[misc]


def test_no_path_unless_asked() -> None:
    assert fit(X, y, learning_rate=0.1, epochs=2).path is None


def test_describe_says_how_the_run_ended() -> None:
    text = tiny_run().describe()
    # the verdict, the counts and what to do (the loss fell at both epochs: 7 → 4.31 → 0.365)
    assert text.startswith("mini-batch gradient descent is still descending after 4 updates over 2 epochs")
    assert "run more epochs" in text


def test_describe_asks_a_function_for_more_iterations_not_epochs() -> None:
    # 20 steps down Rosenbrock's valley at η = 0.001 leave it far from (1, 1), still falling
    result = GradientDescent(0.001).minimize_function(Rosenbrock(), [-1.2, 1.0], iterations=20)
    assert result.verdict == "still descending"
    assert "run more iterations" in result.describe() and "epochs" not in result.describe()


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 12),
    batch_size=st.one_of(st.none(), st.integers(1, 15)),
    epochs=st.integers(1, 4),
    seed=st.integers(0, 2**32),
)
def test_history_lengths(n: int, batch_size: int | None, epochs: int, seed: int) -> None:
    rows = [[float(i), float(i * i % 5)] for i in range(n)]
    targets = [float(i % 3) for i in range(n)]
    J = Objective(LinearModel(2), "mse", rows, targets)
    gd = GradientDescent(0.01, batch_size=batch_size, seed=seed)
    result = gd.minimize(J, epochs=epochs, record_theta=True)
    B = n if batch_size is None else min(batch_size, n)
    assert result.n_iter == epochs * math.ceil(n / B) == len(result.loss)
    assert len(result.epoch_loss) == epochs + 1
    assert result.n_epochs == epochs
    assert result.path is not None and len(result.path) == result.n_iter + 1


def test_function_runs_have_no_epochs() -> None:
    bowl = Quadratic([[2.0]], [2.0])  # f = θ² − 2θ, f' = 2θ − 2
    result = GradientDescent(0.25).minimize_function(bowl, [0.0], iterations=3, record_theta=True)
    # θ: 0 → 0 − 0.25·(−2) = 0.5 → 0.5 − 0.25·(−1) = 0.75 → 0.75 − 0.25·(−0.5) = 0.875
    # f(θ) = θ² − 2θ before each update: 0, −0.75, −0.9375; final f(0.875) = −0.984375
    assert result.path == [pytest.approx((t,), rel=1e-15) for t in (0.0, 0.5, 0.75, 0.875)]
    assert list(result.loss) == pytest.approx([0.0, -0.75, -0.9375], rel=1e-15)
    assert result.final_loss == pytest.approx(-0.984375, rel=1e-15)
    assert (result.n_iter, result.n_epochs, len(result.epoch_loss)) == (3, 0, 0)
    assert result.stop_reason == "max_iterations"
