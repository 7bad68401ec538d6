"""explain_step against fit: the same options print the numbers fit reaches, to the last printed digit.

Also: the batch of update t is the one the stated shuffling rule draws, the
schedules' rates, folding at any size, the notebook display, and bad input.
"""

from __future__ import annotations

import math
import random
import re

import pytest
from test_explain import CLASSES, X, Y, labelled, sub

from gdlearn import (
    CosineDecay,
    DivergenceError,
    ExponentialDecay,
    InverseScaling,
    LinearModel,
    LogisticModel,
    Objective,
    StepDecay,
    fit,
)
from gdlearn.datasets import galton
from gdlearn.explain import explain_step


def fmt(x: float) -> str:
    """How explain prints a number: %.6g with a true minus sign."""
    text = f"{x:.6g}"
    return "0" if text == "-0" else text.replace("-", "−")


def vector(text: str, name: str) -> list[str]:
    """The numbers of the printed vector after 'name … = [' on its line."""
    line = next(line for line in text.splitlines() if name in line)
    return [part.strip() for part in line.rsplit("[", 1)[1].rstrip("]").split(",")]


CASES = {
    "plain": {},
    "momentum": {"momentum": 0.9, "learning_rate": 0.02},
    "nesterov, decay, l2": {"momentum": 0.9, "nesterov": True, "weight_decay": 0.01, "l2": 0.1},
    "adam, l1": {"optimizer": "adam", "learning_rate": 0.05, "l1": 0.05},
    "mini-batch momentum, step decay": {
        "batch_size": 2,
        "seed": 3,
        "momentum": 0.5,
        "schedule": StepDecay(2, 0.5),
    },
    "stochastic adam, huber": {"batch_size": 1, "seed": 7, "optimizer": "adam", "loss": "huber"},
    "mae in file order": {"batch_size": 3, "shuffle": False, "loss": "mae"},
    "l1's proximal step": {"l1": 0.8, "proximal": True, "loss": "huber"},
    "proximal, mini-batch, step decay": {
        "batch_size": 2,
        "seed": 3,
        "l1": 0.5,
        "proximal": True,
        "schedule": StepDecay(2, 0.5),
    },
    "log, mini-batch, dampening": {
        "loss": "log",
        "batch_size": 2,
        "seed": 1,
        "momentum": 0.5,
        "dampening": 0.5,
    },
}


@pytest.mark.parametrize("T", [1, 4, 7])
@pytest.mark.parametrize("case", list(CASES))
def test_the_printed_numbers_are_fits(case, T):
    options = dict(CASES[case])
    y = CLASSES if options.get("loss") == "log" else Y
    size = min(options.get("batch_size") or len(X), len(X))
    per_epoch = -(-len(X) // size)
    explanation = explain_step(X, y, step=T, shown=10, **options)
    run = fit(X, y, epochs=-(-T // per_epoch), record_theta=True, **options)
    text, printed = explanation.text, labelled(explanation.text)
    labels = ["w₁", "w₂", "b"]
    # θ before update T (path[T − 1]) and after it (path[T]), η_T and the batch loss before it
    before = vector(text, "θ = [")
    assert before == [fmt(v) for v in run.path[T - 1]]
    assert [printed[f"{label} ←"] for label in labels] == [fmt(v) for v in run.path[T]]
    assert re.search(r"J = (\S+) before", text)[1] == fmt(run.loss[T - 1])
    if "schedule" in options:
        assert printed[f"η{sub(T)}"] == fmt(run.learning_rates[T - 1])
    if size == len(X):  # batch GD: the loss after update T is fit's J(θ_T)
        after = run.loss[T] if run.n_iter > T else run.final_loss
        assert re.search(r"(\S+) after it", text)[1] == fmt(after)
    if T % per_epoch == 0:  # fit stops right after update T: its state is the one explain reached
        state = run.state
        memory = {"m": state.m, "v": state.v} if hasattr(state, "m") else {"u": state.velocity or ()}
        for symbol, values in memory.items():
            for label, v in zip(labels, values):
                assert printed[f"{label}: {symbol}{sub(T)}"] == fmt(v), (label, symbol)
        assert explanation.state_after.t == state.t == T


@pytest.mark.parametrize(
    ("options", "taken"),
    [
        ({"learning_rate": 0.00022}, 10),  # 1.03 × 2/λ_max: ten rises, stopped at the end of epoch 10
        ({"learning_rate": 0.00022, "batch_size": 300, "seed": 2}, 40),  # ten rises, 4 updates an epoch
        ({"learning_rate": 0.00023, "batch_size": 100, "seed": 2}, 84),  # a batch loss past 10¹⁰, in epoch 9
        ({"learning_rate": 0.0007, "momentum": 0.5, "batch_size": 300, "seed": 2}, 8),  # J past 10¹⁰
        ({"learning_rate": 1.0}, 2),  # J past 10¹⁰·J(θ₀) at the end of epoch 2
    ],
)
def test_explain_goes_as_far_as_fit_goes_and_no_further(options, taken):
    # raw Galton: fit stops a run that diverges; explain writes out each update fit took, and none after
    data = galton()
    with pytest.raises(DivergenceError) as stopped:
        fit(data.X, data.y, epochs=100, **options)
    n_iter = stopped.value.result.n_iter
    assert n_iter == taken
    last = explain_step(data.X, data.y, step=n_iter, **options)
    assert last.text.startswith(f"Update {n_iter} of")
    with pytest.raises(DivergenceError) as refused:
        explain_step(data.X, data.y, step=n_iter + 1, **options)
    said, fit_said = str(refused.value), str(stopped.value)
    where, rest = fit_said.split(": ", 1)  # "… diverged after 10 updates, at the end of epoch 10", then why
    assert said == f"{where}, before update {n_iter + 1} could be explained: {rest}"


def test_explain_refuses_a_start_that_fit_refuses():
    data = galton()
    with pytest.raises(DivergenceError, match="diverged at the starting θ: loss inf"):
        fit(data.X, data.y, theta0=[1e300, 1e300], learning_rate=0.1)
    refused = "at the starting θ, before update 1 could be explained: loss inf"
    for batch_size in (None, 10):  # update 1 is never taken, so never written out with J = inf
        with pytest.raises(DivergenceError, match=refused):
            explain_step(data.X, data.y, theta0=[1e300, 1e300], learning_rate=0.1, batch_size=batch_size)


def test_the_batch_is_the_one_the_shuffling_rule_draws():
    # batches docstring: one random.Random(seed); before each epoch the previous order is shuffled in place
    n, B, seed, T = 5, 2, 11, 5
    order, drawn, rng = list(range(n)), [], random.Random(seed)
    while len(drawn) < T:
        rng.shuffle(order)
        drawn += [order[k : k + B] for k in range(0, n, B)]
    explanation = explain_step(X, Y, step=T, batch_size=B, seed=seed)
    assert list(explanation.rows) == drawn[T - 1]
    rows = ", ".join(str(i + 1) for i in drawn[T - 1])
    assert f"ℬ = rows {rows} (numbered from 1), |ℬ| = {len(drawn[T - 1])} of 5:" in explanation.text
    assert "batch 2 of 3 in epoch 2, shuffled with seed 11" in explanation.text


@pytest.mark.parametrize(
    "schedule, eta",  # η₇ for η₀ = 0.1, by each schedule's formula
    [
        (StepDecay(3, 0.5), 0.1 * 0.5**2),
        (ExponentialDecay(0.9), 0.1 * 0.9**6),
        (InverseScaling(0.5), 0.1 / math.sqrt(7)),
        (CosineDecay(10, 0.1), 0.1 * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * 6 / 10)))),
        (CosineDecay(4), 0.0),  # past its period the rate stays at the floor, here 0
    ],
)
def test_the_scheduled_rate(schedule, eta):
    text = explain_step(X, Y, step=7, learning_rate=0.1, schedule=schedule).text
    assert labelled(text)["η₇"] == fmt(eta)
    assert f"({type(schedule).__name__})" in text  # the stage names the schedule
    assert eta > 0 or ("no parameter moved" in text and "the loss did not change" in " ".join(text.split()))


@pytest.mark.parametrize("loss", ["mse", "mae", "huber", "log"])
@pytest.mark.parametrize("penalty", [{}, {"l1": 0.1, "l2": 0.2}])
@pytest.mark.parametrize("batch_size", [None, 2])
def test_the_gradient_agrees_with_the_objective(loss, penalty, batch_size):
    # explain writes its sums out term by term; Objective computes them its own way (the model's chain rule)
    y = CLASSES if loss == "log" else Y
    step = explain_step(X, y, step=4, loss=loss, batch_size=batch_size, seed=2, learning_rate=0.1, **penalty)
    model = (LogisticModel if loss == "log" else LinearModel)(2)
    objective = Objective(model, loss, X, y, **penalty)
    value, grad = objective.value_and_gradient(step.theta_before, None if batch_size is None else step.rows)
    assert step.loss_before == pytest.approx(value, rel=1e-12)
    assert step.gradient == pytest.approx(grad, rel=1e-12, abs=1e-15)
    after, _ = objective.value_and_gradient(step.theta_after, None if batch_size is None else step.rows)
    assert step.loss_after == pytest.approx(after, rel=1e-12)
