"""Standardizer: means and scales against the statistics module, the round trip, and the
model back in original units against least squares on the raw data."""

from __future__ import annotations

import dataclasses
import math
import statistics

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdlearn import (
    DataError,
    LinearModel,
    LogisticModel,
    ParameterError,
    Standardizer,
    fit,
    least_squares,
)
from gdlearn.datasets import mtcars


def columns(X):
    return [list(column) for column in zip(*X)]


def test_hand_computed_mean_and_scale():
    # Column 1: 0, 2, 4 → μ = 2, deviations −2, 0, 2, s = √((4 + 0 + 4)/3) = √(8/3).
    # Column 2: 10, 10, 40 → μ = 20, deviations −10, −10, 20, s = √((100 + 100 + 400)/3) = √200.
    scaler = Standardizer.fit([[0.0, 10.0], [2.0, 10.0], [4.0, 40.0]])
    assert scaler.mean == pytest.approx((2.0, 20.0), rel=1e-15)
    assert scaler.scale == pytest.approx((math.sqrt(8 / 3), math.sqrt(200)), rel=1e-15)
    Z = scaler.transform([[0.0, 10.0], [2.0, 10.0], [4.0, 40.0]])
    assert Z[0] == pytest.approx([-2 / math.sqrt(8 / 3), -10 / math.sqrt(200)], rel=1e-15)
    assert Z[1][0] == pytest.approx(0.0, abs=1e-15)


def test_agrees_with_statistics_on_mtcars():
    X = mtcars().X
    scaler = Standardizer.fit(X)
    for j, column in enumerate(columns(X)):
        assert scaler.mean[j] == pytest.approx(statistics.fmean(column), rel=1e-14)
        assert scaler.scale[j] == pytest.approx(statistics.pstdev(column), rel=1e-14)
    for column in columns(scaler.transform(X)):
        assert statistics.fmean(column) == pytest.approx(0.0, abs=1e-14)
        assert statistics.pstdev(column) == pytest.approx(1.0, rel=1e-13)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(1, 3), st.data())
def test_inverse_undoes_transform(n, d, data):
    X = [[data.draw(finite) for _ in range(d)] for _ in range(n)]
    assume(all(min(c) != max(c) for c in columns(X)))
    scaler = Standardizer.fit(X)
    back = scaler.inverse_transform(scaler.transform(X))
    for row, original in zip(back, X):
        for value, x, column in zip(row, original, columns(X)):
            size = max(abs(v) for v in column)
            assert value == pytest.approx(x, abs=1e-12 * size)


def test_gradient_descent_on_standardised_mtcars_matches_least_squares():
    data = mtcars()
    picked = [data.feature_names.index(name) for name in ("wt", "hp", "disp")]
    X = [[row[j] for j in picked] for row in data.X]
    scaler = Standardizer.fit(X, names=["wt", "hp", "disp"])
    result = fit(scaler.transform(X), data.y, learning_rate=0.1, epochs=3000, shuffle=False)
    model = scaler.unscale_model(result.model)
    exact = least_squares(X, data.y)  # on the raw, unscaled data
    assert model.weights == pytest.approx(exact.weights, rel=1e-6)
    assert model.bias == pytest.approx(exact.bias, rel=1e-6)


def test_standardised_target_too():
    data = mtcars()
    picked = [data.feature_names.index(name) for name in ("wt", "qsec")]
    X = [[row[j] for j in picked] for row in data.X]
    mu_y, s_y = statistics.fmean(data.y), statistics.pstdev(data.y)
    z_y = [(y - mu_y) / s_y for y in data.y]
    scaler = Standardizer.fit(X)
    result = fit(scaler.transform(X), z_y, learning_rate=0.1, epochs=3000, shuffle=False)
    model = scaler.unscale_model(result.model, y_mean=mu_y, y_scale=s_y)
    exact = least_squares(X, data.y)
    assert model.weights == pytest.approx(exact.weights, rel=1e-6)
    assert model.bias == pytest.approx(exact.bias, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-100, 100), min_size=2, max_size=2),
    st.floats(-100, 100),
    st.booleans(),
    st.floats(-50, 50),
    st.floats(0.1, 10),
)
def test_unscaled_model_predicts_the_same(w_prime, b_prime, intercept, mu_y, s_y):
    X = [[1.0, 100.0], [2.0, 300.0], [4.0, 200.0], [7.0, 500.0]]
    scaler = Standardizer.fit(X)
    theta = [*w_prime, b_prime] if intercept else w_prime
    on_z = LinearModel(2, intercept, theta)
    on_x = scaler.unscale_model(on_z, y_mean=mu_y, y_scale=s_y)
    for x, z in zip(X, scaler.transform(X)):
        expected = mu_y + s_y * on_z.predict_one(z)
        size = abs(mu_y) + s_y * (sum(abs(w) * 10 for w in w_prime) + abs(b_prime))
        assert on_x.predict_one(x) == pytest.approx(expected, abs=1e-12 * size + 1e-12)


def test_hand_computed_unscaled_model():
    # x: 0, 4 → μ = 2, s = 2. On z: ẑ_y = 1·z + 0. With μ_y = 10, s_y = 3:
    # w = 3·1/2 = 1.5 and b = 10 + 3·(0 − 1·2/2) = 7.
    scaler = Standardizer.fit([[0.0], [4.0]])
    model = scaler.unscale_model(LinearModel(1, theta=[1.0, 0.0]), y_mean=10.0, y_scale=3.0)
    assert model.weights == pytest.approx([1.5], rel=1e-15)
    assert model.bias == pytest.approx(7.0, rel=1e-15)


def test_values_near_the_float_limits():
    big = Standardizer.fit([[-1e308], [1e308]])  # the deviations squared would overflow
    assert big.mean[0] == pytest.approx(0.0, abs=1e-300)
    assert big.scale[0] == pytest.approx(1e308, rel=1e-15)
    low, high = big.transform([[-1e308], [1e308]])
    assert (low[0], high[0]) == pytest.approx((-1.0, 1.0), rel=1e-15)
    tiny = Standardizer.fit([[1e-310], [3e-310]])  # subnormals: the squares would underflow to 0
    assert tiny.mean[0] == pytest.approx(2e-310, rel=1e-6)
    assert tiny.scale[0] == pytest.approx(1e-310, rel=1e-6)
    assert tiny.transform([[3e-310]])[0][0] == pytest.approx(1.0, rel=1e-6)


def test_constant_column_is_named():
    X = [[1.0, 0.0, 5.0], [2.0, 0.0, 6.0]]
    with pytest.raises(DataError, match=r"column 1 \('vs'\) is constant \(every value is 0.0\)"):
        Standardizer.fit(X, names=["wt", "vs", "hp"])  # by index and by name
    with pytest.raises(DataError, match=r"column 1 is constant"):
        Standardizer.fit(X)  # by index when there are no names
    with pytest.raises(DataError, match=r"column 0 is constant"):
        Standardizer.fit([[3.0, 4.0]])  # one row: every column is constant


def test_errors():
    scaler = Standardizer.fit([[0.0, 1.0], [2.0, 3.0]])
    with pytest.raises(DataError, match="must have 2 columns"):
        scaler.transform([[1.0]])  # a row of the wrong width
    with pytest.raises(DataError, match="must have 2 columns"):
        scaler.inverse_transform([[1.0, 2.0, 3.0]])  # the same on the way back
    with pytest.raises(DataError, match="must be finite"):
        scaler.transform([[math.nan, 1.0]])  # nan in the data
    with pytest.raises(DataError, match="overflows at row 0, column 0"):
        Standardizer.fit([[-1.7e308], [1.7e308], [1.7e308]]).transform([[-1.7e308]])  # x − μ overflows
    with pytest.raises(ParameterError, match="names must be 2 column names"):
        Standardizer.fit([[0.0, 1.0], [2.0, 3.0]], names=["a"])  # one name for two columns
    with pytest.raises(ParameterError, match=r"scale\[1\] must be > 0, got 0.0"):
        Standardizer((0.0, 0.0), (1.0, 0.0))  # a zero scale built by hand
    with pytest.raises(DataError, match="scale must have 2 entries"):
        Standardizer((0.0, 0.0), (1.0,))  # means and scales of different lengths
    with pytest.raises(DataError, match="features but the standardizer has 2"):
        scaler.unscale_model(LinearModel(3))  # a model for another number of features
    with pytest.raises(ParameterError, match="must be a LinearModel"):
        scaler.unscale_model([1.0, 2.0, 3.0])  # type: ignore[arg-type]  # not a model
    with pytest.raises(ParameterError, match="y_scale must be a positive"):
        scaler.unscale_model(LinearModel(2), y_scale=0.0)  # a zero target scale


def test_is_immutable():
    scaler = Standardizer.fit([[0.0], [2.0]])
    with pytest.raises(dataclasses.FrozenInstanceError):
        scaler.mean = (5.0,)  # type: ignore[misc]
    assert isinstance(scaler.mean, tuple) and scaler.n_features == 1


def test_a_logistic_model_is_unscaled_into_a_logistic_model():
    # the logit z = w'·(x − μ)/s + b' is linear in x: the same rewrite as a linear model
    scaler = Standardizer.fit([[0.0], [4.0]])  # μ = 2, s = 2
    model = scaler.unscale_model(LogisticModel(1, theta=[1.0, 0.5]))
    assert type(model) is LogisticModel
    assert model.theta == pytest.approx([0.5, -0.5], rel=1e-15)  # w = 1/2, b = 0.5 − 1·2/2
    with pytest.raises(ParameterError, match="never standardised"):
        scaler.unscale_model(LogisticModel(1), y_mean=1.0)  # classes are not standardised
