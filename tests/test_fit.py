"""fit(): model + objective + optimizer in one call, and what the loss choice does."""

from __future__ import annotations

import pytest

from gdlearn import MAE, MSE, FitResult, LinearModel, Result, fit, least_squares

# y = 2x + 1 on x = 0…9, with two wild outliers on top.
XS = [float(x) for x in range(10)]
CLEAN = [2.0 * x + 1.0 for x in XS]
Y_OUTLIERS = [*CLEAN[:7], 60.0, CLEAN[8], -40.0]
X1 = [[x] for x in XS]


def test_fit_returns_the_result_and_the_fitted_model() -> None:
    result = fit(X1, CLEAN, learning_rate=0.02, epochs=3000)
    assert isinstance(result, FitResult) and isinstance(result, Result)
    assert isinstance(result.model, LinearModel)
    assert result.model.theta == pytest.approx(list(result.theta), abs=0.0)
    # noise-free y = 2x + 1
    assert result.model.weights == pytest.approx([2.0], abs=1e-9)
    assert result.model.bias == pytest.approx(1.0, abs=1e-9)


def test_fit_without_intercept() -> None:
    # y = 3x₁ − x₂ exactly, no intercept: θ = [3, −1]
    X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]
    y = [3.0, -1.0, 2.0, 5.0]
    result = fit(X, y, learning_rate=0.1, epochs=2000, fit_intercept=False)
    assert len(result.theta) == 2
    assert result.theta == pytest.approx([3.0, -1.0], abs=1e-9)
    assert result.model.bias == pytest.approx(0.0, abs=0.0)


def test_fit_accepts_a_loss_instance_and_a_start() -> None:
    result = fit(X1, CLEAN, loss=MSE(), learning_rate=0.02, epochs=1, theta0=[2.0, 1.0])
    # starting at the exact answer: the loss is 0 and θ does not move
    assert result.epoch_loss[0] == pytest.approx(0.0, abs=0.0)
    assert result.theta == pytest.approx((2.0, 1.0), abs=0.0)


def test_mae_fit_beats_mse_fit_on_mae_and_vice_versa_with_outliers() -> None:
    mse_fit = fit(X1, Y_OUTLIERS, loss="mse", learning_rate=0.02, epochs=3000)
    # MAE's subgradient has constant size 1/n, so it needs a smaller rate and
    # more epochs to settle; it still only hovers near its optimum.
    mae_fit = fit(X1, Y_OUTLIERS, loss="mae", learning_rate=0.01, epochs=2000)
    mse_pred = mse_fit.model.predict(X1)
    mae_pred = mae_fit.model.predict(X1)
    mae, mse = MAE(), MSE()
    assert mae.value(mae_pred, Y_OUTLIERS) < mae.value(mse_pred, Y_OUTLIERS)
    assert mse.value(mse_pred, Y_OUTLIERS) < mse.value(mae_pred, Y_OUTLIERS)
    # The MSE fit is the least-squares line, dragged by the outliers ...
    assert mse_fit.theta == pytest.approx(least_squares(X1, Y_OUTLIERS).theta, abs=1e-6)
    # ... while the MAE fit stays near the clean line y = 2x + 1 that 8 of 10 points lie on.
    # That line is MAE's minimiser here; its MAE is (|60 − 15| + |−40 − 19|)/10 = 10.4.
    assert mae.value(mae_pred, Y_OUTLIERS) == pytest.approx(10.4, rel=0.01)
    assert mae_fit.model.weights[0] == pytest.approx(2.0, abs=0.1)
    assert mae_fit.model.bias == pytest.approx(1.0, abs=0.5)
