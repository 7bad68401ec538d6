"""LinearModel: f(x; θ) = w·x + b with θ = [w₁ … w_d, b], checked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import DataError, LinearModel, check_gradient

FEW = settings(max_examples=50, deadline=None)
number = st.floats(-10.0, 10.0, allow_nan=False)


def test_theta_starts_at_zeros() -> None:
    model = LinearModel(3)
    assert model.theta == pytest.approx([0.0, 0.0, 0.0, 0.0], abs=0.0)
    assert model.n_params == 4
    assert model.bias == pytest.approx(0.0, abs=0.0)


def test_theta_layout_is_weights_then_bias() -> None:
    model = LinearModel(2, theta=[0.5, -1.0, 2.0])
    assert model.weights == pytest.approx([0.5, -1.0], abs=0.0)
    assert model.bias == pytest.approx(2.0, abs=0.0)
    assert model.theta == pytest.approx([0.5, -1.0, 2.0], abs=0.0)


def test_theta_given_as_ints_is_converted_to_floats() -> None:
    model = LinearModel(1, theta=(2, 1))
    assert all(type(t) is float for t in model.theta)


def test_predict_one_by_hand() -> None:
    model = LinearModel(2, theta=[0.5, -1.0, 2.0])
    # 0.5·4 − 1·1 + 2 = 3
    assert model.predict_one([4, 1]) == pytest.approx(3.0, rel=1e-15)


def test_predict_by_hand() -> None:
    model = LinearModel(2, theta=[0.5, -1.0, 2.0])
    # rows (0, 0), (2, 3), (−2, 1): 2, 1 − 3 + 2 = 0, −1 − 1 + 2 = 0
    assert model.predict([[0, 0], [2, 3], [-2, 1]]) == pytest.approx([2.0, 0.0, 0.0], abs=1e-15)


def test_without_intercept_b_is_absent_and_zero() -> None:
    model = LinearModel(2, fit_intercept=False, theta=[3.0, -1.0])
    assert model.n_params == 2
    assert model.bias == pytest.approx(0.0, abs=0.0)
    assert model.weights == pytest.approx([3.0, -1.0], abs=0.0)
    # 3·1 − 1·2 = 1, no bias added
    assert model.predict_one([1.0, 2.0]) == pytest.approx(1.0, rel=1e-15)


def test_repr_shows_weights_and_bias() -> None:
    assert repr(LinearModel(2, theta=[0.5, -1.0, 2.0])) == "LinearModel(weights=[0.5, -1.0], bias=2.0)"
    assert repr(LinearModel(1, fit_intercept=False)) == "LinearModel(weights=[0.0], fit_intercept=False)"


def test_with_theta_returns_a_new_model_and_leaves_the_old_one() -> None:
    old = LinearModel(1)
    new = old.with_theta([2.0, 1.0])
    assert old.theta == pytest.approx([0.0, 0.0], abs=0.0)
    assert new.theta == pytest.approx([2.0, 1.0], abs=0.0)
    assert new == LinearModel(1, theta=[2.0, 1.0])
    assert new != old


def test_theta_property_is_a_copy() -> None:
    model = LinearModel(1, theta=[2.0, 1.0])
    model.theta[0] = 99.0
    assert model.theta == pytest.approx([2.0, 1.0], abs=0.0)


def test_gradient_one_is_the_row_then_one() -> None:
    # ∂f/∂w = x, ∂f/∂b = 1
    assert LinearModel(2).gradient_one([3, 4]) == pytest.approx([3.0, 4.0, 1.0], abs=0.0)
    assert LinearModel(2, fit_intercept=False).gradient_one([3, 4]) == pytest.approx([3.0, 4.0], abs=0.0)


def test_backward_is_x_transpose_delta_by_hand() -> None:
    # X = [[1, 2], [3, 4], [5, 6]], δ = [1, −1, 2]
    # Xᵀδ = [1 − 3 + 10, 2 − 4 + 12] = [8, 10];  Σδ = 2 for the bias.
    rows = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    delta = [1.0, -1.0, 2.0]
    theta = [7.0, -7.0, 7.0]  # not used: x̃ᵢ = ∂ŷᵢ/∂θ does not depend on θ
    assert LinearModel(2).backward(theta, rows, delta) == pytest.approx([8.0, 10.0, 2.0], rel=1e-15)
    assert LinearModel(2, fit_intercept=False).backward(theta[:2], rows, delta) == pytest.approx(
        [8.0, 10.0], rel=1e-15
    )
    # the same sums from the columns, as Objective passes all rows
    columns = [[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]
    assert LinearModel(2).column_sums(delta, columns) == pytest.approx([8.0, 10.0, 2.0], rel=1e-15)


def test_forward_uses_the_theta_it_is_given() -> None:
    model = LinearModel(1, theta=[100.0, 100.0])
    # at θ = [2, 1]: 2·3 + 1 = 7, whatever the model's own θ
    assert model.forward([2.0, 1.0], [[3.0]]) == pytest.approx([7.0], rel=1e-15)


class WeightedPredictions:
    """θ ↦ Σᵢ δᵢ·f(xᵢ; θ) for fixed δ and rows: its gradient is backward(δ)."""

    def __init__(self, model: LinearModel, rows: list[list[float]], delta: list[float]) -> None:
        self.model, self.rows, self.delta = model, rows, delta

    def value(self, theta: list[float]) -> float:
        y_pred = self.model.forward(theta, self.rows)
        return sum(d * p for d, p in zip(self.delta, y_pred))

    def gradient(self, theta: list[float]) -> list[float]:
        return self.model.backward(theta, self.rows, self.delta)


@st.composite
def batches_of_rows(draw: st.DrawFn) -> tuple[int, bool, list[list[float]], list[float], list[float]]:
    d = draw(st.integers(1, 4))
    n = draw(st.integers(1, 6))
    fit_intercept = draw(st.booleans())
    rows = draw(st.lists(st.lists(number, min_size=d, max_size=d), min_size=n, max_size=n))
    delta = draw(st.lists(number, min_size=n, max_size=n))
    theta = draw(st.lists(number, min_size=d + fit_intercept, max_size=d + fit_intercept))
    return d, fit_intercept, rows, delta, theta


@FEW
@given(batches_of_rows())
def test_backward_matches_central_differences(
    case: tuple[int, bool, list[list[float]], list[float], list[float]],
) -> None:
    d, fit_intercept, rows, delta, theta = case
    check = check_gradient(WeightedPredictions(LinearModel(d, fit_intercept), rows, delta), theta)
    # linear in θ: central differences are exact up to rounding
    assert check.max_rel_error < 1e-6 or check.max_abs_error < 1e-7


def test_a_prediction_that_overflows_is_an_error_not_inf() -> None:
    # 1e200·1e200 passes the largest float: the prediction would be inf
    model = LinearModel(1, theta=[1e200, 0.0])
    with pytest.raises(DataError, match="prediction for row 1 is inf"):
        model.predict([[1.0], [1e200]])
    with pytest.raises(DataError, match="overflowed"):
        model.predict_one([-1e200])
    # large but finite predictions are returned as they are
    assert model.predict([[1e100]]) == [pytest.approx(1e300, rel=1e-15)]
