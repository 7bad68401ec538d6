"""The objective J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ), on all rows and on batches."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import OnBatch

from gdlearn import MAE, MSE, Differentiable, LinearModel, LogisticModel, LogLoss, Objective, check_gradient

FEW = settings(max_examples=50, deadline=None)
number = st.floats(-5.0, 5.0, allow_nan=False)

X = [[1.0, 2.0], [0.0, -1.0], [3.0, 1.0], [-2.0, 0.5]]
y = [1.0, 2.0, -1.0, 0.5]


def test_value_is_the_mean_of_hand_computed_squared_errors() -> None:
    theta = [0.5, -1.0, 2.0]  # ŷ = 0.5·x₁ − x₂ + 2
    # ŷ = [0.5 − 2 + 2, 0 + 1 + 2, 1.5 − 1 + 2, −1 − 0.5 + 2] = [0.5, 3, 2.5, 0.5]
    squared_errors = [(0.5 - 1.0) ** 2, (3.0 - 2.0) ** 2, (2.5 + 1.0) ** 2, (0.5 - 0.5) ** 2]
    J = Objective(LinearModel(2), MSE(), X, y)
    assert J.value(theta) == pytest.approx(statistics.fmean(squared_errors), rel=1e-15)


def test_gradient_by_hand() -> None:
    theta = [0.5, -1.0, 2.0]
    # residuals r = ŷ − y = [−0.5, 1, 3.5, 0]; ∇J = (2/4)·[Σ rᵢxᵢ₁, Σ rᵢxᵢ₂, Σ rᵢ]
    # Σ rᵢxᵢ₁ = −0.5 + 0 + 10.5 + 0 = 10;  Σ rᵢxᵢ₂ = −1 − 1 + 3.5 + 0 = 1.5;  Σ rᵢ = 4
    J = Objective(LinearModel(2), MSE(), X, y)
    assert J.gradient(theta) == pytest.approx([5.0, 0.75, 2.0], rel=1e-15)


def test_mae_objective_by_hand() -> None:
    theta = [0.5, -1.0, 2.0]
    # |r| = [0.5, 1, 3.5, 0] → 5/4; sign(r) = [−1, 1, 1, 0]
    # ∇J = (1/4)·[−1 + 0 + 3 + 0, −2 − 1 + 1 + 0, −1 + 1 + 1 + 0] = [0.5, −0.5, 0.25]
    J = Objective(LinearModel(2), "mae", X, y)
    assert J.value(theta) == pytest.approx(1.25, rel=1e-15)
    assert J.gradient(theta) == pytest.approx([0.5, -0.5, 0.25], rel=1e-15)


def test_value_and_gradient_without_indices_is_the_full_objective() -> None:
    theta = [0.5, -1.0, 2.0]
    J = Objective(LinearModel(2), MSE(), X, y)
    value, grad = J.value_and_gradient(theta)
    assert value == pytest.approx(J.value(theta), rel=1e-14)
    assert grad == pytest.approx([5.0, 0.75, 2.0], rel=1e-15)


@pytest.mark.parametrize("loss", ["mse", "mae"])
@pytest.mark.parametrize("indices", [[2], [0, 3], [3, 1, 0], [1, 1]])
def test_batch_equals_the_objective_built_on_those_rows(loss: str, indices: list[int]) -> None:
    theta = [0.3, -0.7, 0.2]
    J = Objective(LinearModel(2), loss, X, y)
    J_batch = Objective(LinearModel(2), loss, [X[i] for i in indices], [y[i] for i in indices])
    value, grad = J.value_and_gradient(theta, indices)
    assert value == pytest.approx(J_batch.value(theta), rel=1e-14)
    assert grad == pytest.approx(J_batch.gradient(theta), rel=1e-14, abs=1e-15)


def test_attributes() -> None:
    J = Objective(LinearModel(2, fit_intercept=False), MSE(), X, y)
    assert (J.n_samples, J.n_params) == (4, 2)
    assert J.columns[1] == pytest.approx([2.0, -1.0, 1.0, 0.5], abs=0.0)
    assert isinstance(J, Differentiable)
    assert repr(J).startswith("Objective(LinearModel(")


@st.composite
def problems(draw: st.DrawFn) -> tuple[Objective, list[float], list[int]]:
    d = draw(st.integers(1, 3))
    n = draw(st.integers(1, 8))
    fit_intercept = draw(st.booleans())
    rows = draw(st.lists(st.lists(number, min_size=d, max_size=d), min_size=n, max_size=n))
    targets = draw(st.lists(number, min_size=n, max_size=n))
    p = d + fit_intercept
    theta = draw(st.lists(number, min_size=p, max_size=p))
    indices = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    return Objective(LinearModel(d, fit_intercept), MSE(), rows, targets), theta, indices


def close(check_rel: float, check_abs: float) -> bool:
    return check_rel < 1e-6 or check_abs < 1e-7


@FEW
@given(problems())
def test_full_gradient_matches_central_differences(problem: tuple[Objective, list[float], list[int]]) -> None:
    J, theta, _ = problem
    check = check_gradient(J, theta)
    assert close(check.max_rel_error, check.max_abs_error)


@FEW
@given(problems())
def test_batch_gradient_matches_central_differences(
    problem: tuple[Objective, list[float], list[int]],
) -> None:
    J, theta, indices = problem
    check = check_gradient(OnBatch(J, indices), theta)
    assert close(check.max_rel_error, check.max_abs_error)


@FEW
@given(problems(), st.floats(0.01, 1.0))
def test_mae_gradient_matches_central_differences_away_from_kinks(
    problem: tuple[Objective, list[float], list[int]], offset: float
) -> None:
    J, theta, _ = problem
    # Targets shifted to ŷ + offset·(±1): every residual is at least 0.01 from the kink at 0.
    y_pred = J.model.forward(theta, J.rows)
    targets = [p + offset * (1 if i % 2 else -1) for i, p in enumerate(y_pred)]
    J_mae = Objective(J.model, MAE(), J.rows, targets)
    check = check_gradient(J_mae, theta, eps=1e-7)
    assert close(check.max_rel_error, check.max_abs_error)


def test_a_loss_whose_predictions_overflow_is_inf_not_nan() -> None:
    # z = 1e200·1e200 overflows to inf; the log loss of inf with y = 1 is inf − inf
    J = Objective(LogisticModel(1), LogLoss(), [[1e200]], [1.0])
    assert J.value([1e200, 0.0]) == math.inf
    J = Objective(LinearModel(1), MSE(), [[1e200]], [1.0])
    assert J.value([1e200, 0.0]) == math.inf
