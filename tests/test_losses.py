"""MSE and MAE: values and gradients against formulas worked out by hand.

Conventions under test: MSE = (1/n) Σ (ŷᵢ − yᵢ)² with no ½, gradient
(2/n)(ŷᵢ − yᵢ); MAE = (1/n) Σ |ŷᵢ − yᵢ|, subgradient (1/n)·sign(ŷᵢ − yᵢ) with
sign(0) = 0.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdlearn import MAE, MSE, LinearModel, Loss, Objective, check_gradient
from gdlearn.losses import LOSSES, get_loss

FEW = settings(max_examples=50, deadline=None)
number = st.floats(-10.0, 10.0, allow_nan=False)


class LossOfPredictions:
    """ŷ ↦ L(ŷ, y) for fixed targets y, as a Differentiable, to check ∂L/∂ŷ."""

    def __init__(self, loss: Loss, y_true: list[float]) -> None:
        self.loss, self.y_true = loss, y_true

    def value(self, theta: list[float]) -> float:
        return self.loss.value(theta, self.y_true)

    def gradient(self, theta: list[float]) -> list[float]:
        return self.loss.gradient(theta, self.y_true)


def test_mse_value_by_hand() -> None:
    # residuals ŷ − y = [1, −2, 0.5]: (1 + 4 + 0.25) / 3 = 1.75 (no ½ in front)
    assert MSE().value([2.0, 0.0, 3.5], [1.0, 2.0, 3.0]) == pytest.approx(1.75, rel=1e-15)


def test_mse_gradient_by_hand() -> None:
    # (2/3)·[1, −2, 0.5] = [2/3, −4/3, 1/3]
    assert MSE().gradient([2.0, 0.0, 3.5], [1.0, 2.0, 3.0]) == pytest.approx(
        [2 / 3, -4 / 3, 1 / 3], rel=1e-15
    )


def test_mae_value_by_hand() -> None:
    # |residuals| = [1, 2, 0.5]: 3.5 / 3
    assert MAE().value([2.0, 0.0, 3.5], [1.0, 2.0, 3.0]) == pytest.approx(3.5 / 3, rel=1e-15)


def test_mae_gradient_by_hand() -> None:
    # sign([1, −2, 0.5]) / 3
    assert MAE().gradient([2.0, 0.0, 3.5], [1.0, 2.0, 3.0]) == pytest.approx(
        [1 / 3, -1 / 3, 1 / 3], rel=1e-15
    )


def test_mae_subgradient_at_zero_residual_is_zero() -> None:
    # sign(0) = 0: a sample predicted exactly does not push θ at all.
    assert MAE().gradient([1.0, 5.0], [1.0, 4.0]) == pytest.approx([0.0, 0.5], abs=0.0)
    assert MAE().gradient([7.0], [7.0]) == pytest.approx([0.0], abs=0.0)


def test_the_full_mae_gradient_shrinks_near_the_minimum_in_jumps_not_with_the_distance() -> None:
    # ŷ = b (the one feature is 0), y = 1 … 5: the minimum is the median, b = 3. ∂J/∂b = (1/n)·Σ sign(b − yᵢ)
    # counted here: (rows below b − rows above b)/5. It falls from 1 to 1/5 as b nears 3 (it does shrink),
    # then stays 1/5 however close b is (not in proportion to the distance): θ cannot glide in.
    J = Objective(LinearModel(1), MAE(), [[0.0]] * 5, [1.0, 2.0, 3.0, 4.0, 5.0])
    for b, below, above in [(0.0, 0, 5), (2.5, 2, 3), (2.9, 2, 3), (2.999, 2, 3), (3.001, 3, 2), (3.0, 2, 2)]:
        assert J.gradient([0.0, b])[1] == pytest.approx((below - above) / 5, abs=1e-15), b


def test_losses_of_perfect_predictions_are_zero() -> None:
    for loss in (MSE(), MAE()):
        assert loss.value([1.0, -2.0], [1.0, -2.0]) == pytest.approx(0.0, abs=0.0)


def test_inputs_are_converted_from_ints_and_tuples() -> None:
    # residuals [1, 1]: MSE 1, MAE 1
    assert MSE().value((1, 2), [0, 1]) == pytest.approx(1.0, rel=1e-15)
    assert MAE().value((1, 2), (0, 1)) == pytest.approx(1.0, rel=1e-15)


def test_mse_value_is_summed_accurately() -> None:
    # Ten residuals of 0.1: Σ 0.01 = 0.1 in exact arithmetic, so the mean is 0.01.
    assert MSE().value([0.1] * 10, [0.0] * 10) == pytest.approx(0.01, rel=1e-15)


def test_pointwise_gives_per_sample_losses_and_slopes() -> None:
    # MSE: ℓ = r², ℓ' = 2r; MAE: ℓ = |r|, ℓ' = sign(r), with r = [3, −1, 0].
    y_pred, y_true = [4.0, 0.0, 2.0], [1.0, 1.0, 2.0]
    losses, slopes = zip(*MSE().pointwise(y_pred, y_true))
    assert losses == pytest.approx([9.0, 1.0, 0.0], rel=1e-15)
    assert slopes == pytest.approx([6.0, -2.0, 0.0], rel=1e-15)
    losses, slopes = zip(*MAE().pointwise(y_pred, y_true))
    assert losses == pytest.approx([3.0, 1.0, 0.0], rel=1e-15)
    assert slopes == pytest.approx([1.0, -1.0, 0.0], rel=1e-15)


def test_get_loss_by_name_or_instance() -> None:
    assert isinstance(get_loss("mse"), MSE)
    assert isinstance(get_loss("MAE"), MAE)
    mine = MAE()
    assert get_loss(mine) is mine
    assert {"mse", "mae"} <= set(LOSSES)
    assert repr(MSE()) == "MSE()"


@st.composite
def predictions_and_targets(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(1, 8))
    y_true = draw(st.lists(number, min_size=n, max_size=n))
    y_pred = draw(st.lists(number, min_size=n, max_size=n))
    return y_pred, y_true


@FEW
@given(predictions_and_targets())
def test_mse_gradient_matches_central_differences(data: tuple[list[float], list[float]]) -> None:
    y_pred, y_true = data
    check = check_gradient(LossOfPredictions(MSE(), y_true), y_pred)
    # MSE is quadratic, so central differences are exact up to rounding.
    assert check.max_rel_error < 1e-6 or check.max_abs_error < 1e-7


@FEW
@given(predictions_and_targets())
def test_mae_gradient_matches_central_differences_away_from_zero(
    data: tuple[list[float], list[float]],
) -> None:
    y_pred, y_true = data
    # |r| has a kink at 0; stay well outside the finite-difference step h ≤ 1e-5.
    assume(all(abs(p - t) > 1e-3 for p, t in zip(y_pred, y_true)))
    check = check_gradient(LossOfPredictions(MAE(), y_true), y_pred)
    assert check.max_rel_error < 1e-6


def test_a_loss_that_writes_only_the_old_list_form_is_refused_by_name() -> None:
    from gdlearn import ParameterError

    with pytest.raises(ParameterError, match="Pinball must write value_and_slope"):

        class Pinball(Loss):  # the old form: two lists over a batch, which gdlearn no longer reads
            def pointwise(self, y_pred, y_true):
                return [0.0] * len(y_pred), [0.0] * len(y_pred)
