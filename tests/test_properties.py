"""Invariants on random data (hypothesis), where the other test files leave a gap.

Already covered elsewhere, and not repeated here:

- full-data gradients against central differences: the losses
  (test_losses), the model (test_models), the objective with MSE and MAE
  (test_objective), with Huber and the log loss (test_classification), with
  L1 and L2 penalties (test_penalties), Rosenbrock and the bowl
  (test_functions); the batch gradient for MSE (test_objective);
- save then load predicts bit for bit the same (io/test_model_files);
- load_csv on random bytes loads or raises a gdlearn error (io/test_csv_files);
- a shuffled epoch uses every row exactly once (test_gradient_descent);
- Ctrl-C at any point leaves a consistent history (test_interrupt).

Added here: batch gradients for every loss with penalties, the descent
lemma for one batch step below the stability limit, load_model on random
input, and what ``record_every`` keeps.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from support import GOOD_MODEL_FILE, OnBatch

from gdlearn import (
    DataError,
    GDLearnError,
    GradientDescent,
    LinearModel,
    LogisticModel,
    Objective,
    Quadratic,
    check_gradient,
    fit,
    load_model,
    stable_learning_rate,
)

coordinate = st.floats(-3.0, 3.0, allow_nan=False)
FEW = settings(max_examples=60, deadline=None)


# ---------------------------------------------------------------- batch gradients


@st.composite
def batch_problems(draw: st.DrawFn) -> tuple[Objective, list[float], list[int]]:
    """A random objective (loss, penalties, intercept or not), a θ and a batch of its rows."""
    loss = draw(st.sampled_from(["mse", "mae", "huber", "log"]))
    d, n = draw(st.integers(1, 3)), draw(st.integers(1, 8))
    intercept = draw(st.booleans())
    rows = draw(st.lists(st.lists(coordinate, min_size=d, max_size=d), min_size=n, max_size=n))
    if loss == "log":
        targets = [float(t) for t in draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))]
    else:
        targets = draw(st.lists(coordinate, min_size=n, max_size=n))
    theta = draw(st.lists(coordinate, min_size=d + intercept, max_size=d + intercept))
    indices = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    l1, l2 = draw(st.sampled_from([0.0, 0.3])), draw(st.sampled_from([0.0, 0.7]))
    model = (LogisticModel if loss == "log" else LinearModel)(d, intercept)
    return Objective(model, loss, rows, targets, l1=l1, l2=l2), theta, indices


@FEW
@given(batch_problems())
def test_batch_gradients_of_every_loss_with_penalties_match_central_differences(
    problem: tuple[Objective, list[float], list[int]],
) -> None:
    J, theta, indices = problem
    # Stay 1e-3 away from every kink; the finite-difference steps are ≤ 3e-6.
    if J.l1:
        assume(all(abs(w) > 1e-3 for w in theta[: J.model.n_features]))  # |w| at 0
    residuals = [J.model.forward(theta, [J.rows[i]])[0] - J.targets[i] for i in indices]
    if J.loss.name == "mae":
        assume(all(abs(r) > 1e-3 for r in residuals))  # |r| at 0
    if J.loss.name == "huber":
        assume(all(abs(abs(r) - 1.0) > 1e-3 for r in residuals))  # the seam at |r| = δ = 1
    check = check_gradient(OnBatch(J, indices), theta)
    assert check.max_abs_error <= 1e-6 * max(1.0, max(map(abs, check.analytic)))


# ---------------------------------------------------------------- the descent lemma


def hessian_times(rows: Sequence[Sequence[float]], intercept: bool, g: Sequence[float]) -> list[float]:
    """Hg = (2/n)·X̃ᵀ(X̃g) for MSE, written out with X̃ = [X | 1]."""
    n, d = len(rows), len(rows[0])
    u = [math.fsum(x[j] * g[j] for j in range(d)) + (g[d] if intercept else 0.0) for x in rows]
    Hg = [2.0 / n * math.fsum(x[j] * u_i for x, u_i in zip(rows, u)) for j in range(d)]
    return [*Hg, 2.0 / n * math.fsum(u)] if intercept else Hg


@FEW
@given(
    rows=st.lists(
        st.lists(st.floats(-5.0, 5.0, allow_nan=False), min_size=2, max_size=2), min_size=2, max_size=8
    ),
    data=st.data(),
    intercept=st.booleans(),
    u=st.floats(0.01, 0.99),
)
def test_one_batch_step_below_the_stability_limit_never_raises_the_loss(
    rows: list[list[float]], data: st.DataObject, intercept: bool, u: float
) -> None:
    try:
        stable = stable_learning_rate(rows, fit_intercept=intercept)
    except DataError:  # X all zeros: the loss does not depend on the weights
        assume(False)
    assume(stable.lambda_max > 1e-8)  # else η ~ 1e8 or more, and η²·gᵀHg is inf·0
    n = len(rows)
    targets = data.draw(st.lists(st.floats(-5.0, 5.0, allow_nan=False), min_size=n, max_size=n))
    theta = data.draw(st.lists(coordinate, min_size=2 + intercept, max_size=2 + intercept))
    J = Objective(LinearModel(2, intercept), "mse", rows, targets)
    eta = u * stable.limit  # η < 2/λ_max
    g = J.gradient(theta)
    before, after = J.value(theta), J.value(GradientDescent(eta).step(theta, g))
    # J is quadratic: J(θ − ηg) = J(θ) − η‖g‖² + (η²/2)·gᵀHg, with gᵀHg ≤ λ_max‖g‖².
    gg = math.fsum(v * v for v in g)
    gHg = math.fsum(a * b for a, b in zip(g, hessian_times(rows, intercept, g)))
    rounding = 1e-12 * (before + eta * gg) + 1e-300
    assert after == pytest.approx(
        before - eta * gg + eta * eta / 2 * gHg, rel=0.0, abs=rounding + 1e-9 * eta * gg
    )
    assert gHg <= stable.lambda_max * gg * (1 + 1e-9) + 1e-300
    assert after <= before - eta * (1 - eta * stable.lambda_max / 2) * gg + rounding + 1e-9 * eta * gg
    assert after <= before + rounding


# ---------------------------------------------------------------- model files


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
one_field_changed = st.builds(
    lambda field, value: json.dumps({**GOOD_MODEL_FILE, field: value}).encode(),
    st.sampled_from([*GOOD_MODEL_FILE, "extra"]),
    json_value,
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200) | json_value.map(lambda v: json.dumps(v).encode()) | one_field_changed)
def test_load_model_on_random_input_loads_or_raises_a_gdlearn_error(
    tmp_path_factory: Any, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("model") / "model.json"
    path.write_bytes(content)
    try:
        saved = load_model(path)
    except GDLearnError as error:
        assert str(path) in str(error)  # every message names the file
        return
    assert all(math.isfinite(t) for t in saved.model.theta)
    assert len(saved.feature_names) == saved.model.n_features


# ---------------------------------------------------------------- record_every


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 9),
    batch_size=st.none() | st.integers(1, 4),
    epochs=st.integers(1, 5),
    k=st.integers(1, 7),
    seed=st.integers(0, 2**16),
)
def test_record_every_k_keeps_every_kth_entry_of_the_full_history(
    n: int, batch_size: int | None, epochs: int, k: int, seed: int
) -> None:
    X = [[float(i), (i % 3) - 1.0] for i in range(n)]
    y = [0.5 * i - 1.0 for i in range(n)]
    options: dict[str, Any] = {
        "learning_rate": 0.01,
        "batch_size": batch_size,
        "epochs": epochs,
        "seed": seed,
    }
    every = fit(X, y, record_theta=True, **options)  # k = 1: checked by hand in test_result
    sampled = fit(X, y, record_theta=True, record_every=k, **options)
    assert sampled.record_every == k and sampled.n_iter == every.n_iter
    assert len(sampled.loss) == math.ceil(every.n_iter / k)
    assert list(sampled.loss) == list(every.loss)[::k]  # the same runs: equal bit for bit
    assert list(sampled.learning_rates) == list(every.learning_rates)[::k]
    assert every.path is not None and sampled.path == every.path[::k]
    assert len(sampled.path) == every.n_iter // k + 1
    assert sampled.theta == every.theta and list(sampled.epoch_loss) == list(every.epoch_loss)


def test_record_every_on_a_plain_function_keeps_iterations_0_k_2k() -> None:
    bowl = Quadratic([[1.0]], [3.0])  # f(θ) = ½θ² − 3θ; with η = ½, θ_t = 3 − 3·2⁻ᵗ
    result = GradientDescent(0.5).minimize_function(
        bowl, [0.0], iterations=10, record_every=4, record_theta=True
    )
    thetas = [3 - 3 * 0.5**t for t in (0, 4, 8)]
    assert result.n_iter == 10 and result.record_every == 4
    assert list(result.loss) == pytest.approx([0.5 * t * t - 3 * t for t in thetas], rel=1e-15)
    assert result.path is not None
    assert [point[0] for point in result.path] == pytest.approx(thetas, rel=1e-15)  # after 0, 4, 8 updates
    assert result.theta[0] == pytest.approx(3 - 3 * 0.5**10, rel=1e-15)  # θ itself after all 10
