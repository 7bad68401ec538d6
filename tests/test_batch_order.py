"""The batch order as the documentation states it: a plain loop written from the statement reproduces gdlearn.

The statement (gdlearn/batches.py, README's Conventions, the tutorial): the
rows start in the order 0, 1, …, n − 1; one ``random.Random(seed)`` is made
for the run; before each epoch, when shuffling and B < n, it shuffles the
previous epoch's order in place; the batches are the consecutive slices of B
rows. ``reference_loop`` below is that statement and θ ← θ − η·∇J_B(θ),
nothing else, and its history must equal gdlearn's bit for bit.
"""

from __future__ import annotations

import random

import pytest

from gdlearn import GradientDescent, LinearModel, Objective, ParameterError, fit
from gdlearn.errors import DivergenceError


def data(n: int = 23) -> tuple[list[list[float]], list[float]]:
    rng = random.Random(5)
    rows = [[rng.uniform(-2, 2), rng.uniform(-1, 1)] for _ in range(n)]
    return rows, [0.7 * x1 - 1.3 * x2 + 0.5 + rng.gauss(0, 0.3) for x1, x2 in rows]


def reference_loop(
    J: Objective, eta: float, B: int, epochs: int, seed: int, shuffle: bool = True
) -> dict[str, list[object]]:
    """Mini-batch gradient descent in the order the documentation states, with gdlearn's gradient."""
    n = J.n_samples
    rng = random.Random(seed)
    order = list(range(n))
    theta = [0.0] * J.n_params
    history: dict[str, list[object]] = {"loss": [], "epoch_loss": [J.value(theta)], "path": [tuple(theta)]}
    history["batches"] = []
    for _ in range(epochs):
        if shuffle and n > B:
            rng.shuffle(order)  # the previous epoch's order, shuffled again
        for start in range(0, n, B):
            batch = order[start : start + B]
            loss, grad = J.value_and_gradient(theta, batch)
            theta = [t - eta * g for t, g in zip(theta, grad)]
            history["loss"].append(loss)
            history["path"].append(tuple(theta))
            history["batches"].append(tuple(batch))
        history["epoch_loss"].append(J.value(theta))
    return history


@pytest.mark.parametrize("B", [23, 7, 5, 1])
@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("loss", ["mse", "huber"])
def test_a_plain_loop_following_the_statement_reproduces_the_history_bit_for_bit(
    B: int, seed: int, loss: str
) -> None:
    X, y = data()
    J = Objective(LinearModel(2), loss, X, y)
    mine = reference_loop(J, 0.05, B, epochs=4, seed=seed)
    rule = GradientDescent(0.05, batch_size=None if B == 23 else B, seed=seed)
    run = rule.minimize(J, epochs=4, record_theta=True, record_batches=True)
    assert run.batches == mine["batches"]
    assert list(run.loss) == mine["loss"]  # floats compared with ==: bit for bit is the point
    assert list(run.epoch_loss) == mine["epoch_loss"]
    assert run.path == mine["path"]
    assert run.theta == mine["path"][-1]


def test_without_shuffling_the_order_is_0_to_n_minus_1_every_epoch() -> None:
    X, y = data()
    J = Objective(LinearModel(2), "mse", X, y)
    mine = reference_loop(J, 0.05, 5, epochs=3, seed=0, shuffle=False)
    run = GradientDescent(0.05, batch_size=5, shuffle=False).minimize(J, epochs=3, record_batches=True)
    assert run.batches == mine["batches"]
    assert run.batches is not None and run.batches[:5] == [(0, 1, 2, 3, 4), (5, 6, 7, 8, 9),
                                                          (10, 11, 12, 13, 14), (15, 16, 17, 18, 19),
                                                          (20, 21, 22)]  # fmt: skip
    assert list(run.loss) == mine["loss"]


def test_each_epoch_uses_every_row_once() -> None:
    X, y = data()
    run = fit(X, y, learning_rate=0.05, batch_size=4, epochs=5, seed=2, record_batches=True)
    assert run.batches is not None and len(run.batches) == run.n_iter == 5 * 6
    for epoch in range(5):
        rows = [i for batch in run.batches[6 * epoch : 6 * epoch + 6] for i in batch]
        assert sorted(rows) == list(range(23))
    assert [len(b) for b in run.batches[:6]] == [4, 4, 4, 4, 4, 3]  # 23 = 5·4 + 3


def test_batch_gradient_descent_records_every_row_at_every_update() -> None:
    X, y = data()
    run = fit(X, y, learning_rate=0.05, epochs=3, record_batches=True)
    assert run.batches == [tuple(range(23))] * 3


def test_batches_are_not_kept_unless_asked() -> None:
    X, y = data()
    assert fit(X, y, learning_rate=0.05, batch_size=4, epochs=2).batches is None


def test_with_record_every_the_batches_are_those_of_the_kept_iterations() -> None:
    X, y = data()
    J = Objective(LinearModel(2), "mse", X, y)
    rule = GradientDescent(0.05, batch_size=3, seed=1)
    every = rule.minimize(J, epochs=2, record_batches=True)
    third = rule.minimize(J, epochs=2, record_batches=True, record_every=3)
    assert every.batches is not None and third.batches is not None
    assert third.batches == every.batches[::3]
    assert len(third.batches) == len(third.loss) == -(-every.n_iter // 3)


def test_a_run_stopped_early_keeps_the_batches_of_the_updates_it_took() -> None:
    X, y = data()
    J = Objective(LinearModel(2), "mse", X, [100 * t for t in y])

    def stop_after_two(epoch: int, loss: float) -> None:
        if epoch == 2:
            raise KeyboardInterrupt

    run = GradientDescent(0.05, batch_size=4, seed=0).minimize(
        J, epochs=5, record_batches=True, callback=stop_after_two
    )
    assert run.stop_reason == "interrupted"
    assert run.batches is not None and len(run.batches) == run.n_iter == 12
    with pytest.raises(DivergenceError) as caught:
        GradientDescent(3.0, batch_size=4, seed=0).minimize(J, epochs=50, record_batches=True)
    result = caught.value.result
    assert result is not None and result.batches is not None and len(result.batches) == result.n_iter


def test_record_batches_must_be_a_bool() -> None:
    X, y = data()
    with pytest.raises(ParameterError, match="record_batches"):
        fit(X, y, record_batches="yes")  # type: ignore[arg-type]
