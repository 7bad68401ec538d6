"""metrics: the train/test split as stated, and each score against statistics and hand computation.

The split is checked against its own statement (random.Random(seed).sample);
the scores against numbers worked out by hand, the ``statistics`` module
(fmean, variance, correlation), and a closed form: for least squares with an
intercept, R² on its own rows is the squared correlation of x and y.
"""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import (
    DataError,
    ParameterError,
    RegressionScores,
    accuracy,
    datasets,
    least_squares,
    mean_absolute_error,
    mean_squared_error,
    r_squared,
    regression_scores,
    root_mean_squared_error,
    train_test_split,
)
from gdlearn.metrics import Split

FEW = settings(max_examples=60, deadline=None)
values = st.floats(-1e3, 1e3, allow_nan=False)


# The scores by hand


def test_scores_by_hand() -> None:
    y, y_pred = [3.0, -1.0, 2.0, 8.0], [2.0, 0.0, 2.0, 5.0]
    # residuals y − ŷ = [1, −1, 0, 3]: squares 1, 1, 0, 9; absolute values 1, 1, 0, 3
    assert mean_squared_error(y, y_pred) == pytest.approx(11 / 4, rel=1e-15)
    assert root_mean_squared_error(y, y_pred) == pytest.approx(math.sqrt(11 / 4), rel=1e-15)
    assert mean_absolute_error(y, y_pred) == pytest.approx(5 / 4, rel=1e-15)
    # ȳ = 3: Σ(y − ȳ)² = 0 + 16 + 1 + 25 = 42; R² = 1 − 11/42
    assert r_squared(y, y_pred) == pytest.approx(1 - 11 / 42, rel=1e-15)
    assert regression_scores(y, y_pred) == RegressionScores(
        pytest.approx(11 / 4), pytest.approx(math.sqrt(11 / 4)), pytest.approx(5 / 4), pytest.approx(31 / 42)
    )


def test_accuracy_by_hand() -> None:
    assert accuracy([0, 1, 1, 0, 1], [0, 1, 0, 0, 0]) == pytest.approx(3 / 5, rel=1e-15)
    assert accuracy([1, 1], [1, 1]) == pytest.approx(1.0, abs=0.0)
    assert accuracy([1, 1], [0, 0]) == pytest.approx(0.0, abs=0.0)


def test_r_squared_of_perfect_mean_and_worse_predictions() -> None:
    y = [1.0, 2.0, 3.0, 4.0]
    assert r_squared(y, y) == pytest.approx(1.0, abs=0.0)  # every row right
    assert r_squared(y, [2.5] * 4) == pytest.approx(0.0, abs=1e-15)  # the mean ȳ = 2.5
    # ŷ = 5 − y: residuals [−3, −1, 1, 3], Σ = 20; Σ(y − ȳ)² = 5; R² = 1 − 20/5 = −3
    assert r_squared(y, [4.0, 3.0, 2.0, 1.0]) == pytest.approx(-3.0, rel=1e-15)


@FEW
@given(st.lists(st.tuples(values, values), min_size=2, max_size=40))
def test_scores_agree_with_the_statistics_module(pairs: list[tuple[float, float]]) -> None:
    y = [a for a, _ in pairs]
    y_pred = [b for _, b in pairs]
    residuals = [a - b for a, b in pairs]
    mse = statistics.fmean([r * r for r in residuals])
    assert mean_squared_error(y, y_pred) == pytest.approx(mse, rel=1e-12, abs=1e-300)
    assert mean_absolute_error(y, y_pred) == pytest.approx(statistics.fmean(map(abs, residuals)), rel=1e-12)
    assert root_mean_squared_error(y, y_pred) == pytest.approx(math.sqrt(mse), rel=1e-12)
    # Σ(y − ȳ)² = (n − 1)·s², with s² the sample variance (when its squares do not underflow).
    total = (len(y) - 1) * statistics.variance(y)
    if total > 1e-200:
        expected = 1 - sum(r * r for r in residuals) / total
        assert r_squared(y, y_pred) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_r_squared_of_least_squares_is_the_squared_correlation() -> None:
    data = datasets.galton()
    x = [row[0] for row in data.X]
    model = least_squares(data.X, data.y)
    r = statistics.correlation(x, data.y)
    assert r_squared(data.y, model.predict(data.X)) == pytest.approx(r * r, rel=1e-10)


def test_undefined_r_squared_is_an_error_and_none_among_the_scores() -> None:
    # every target the same: Σ(y − ȳ)² = 0
    with pytest.raises(DataError, match=r"R² is undefined when the targets do not vary"):
        r_squared([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    scores = regression_scores([2.0, 2.0], [1.0, 3.0])
    assert scores.r2 is None
    assert scores.mse == pytest.approx(1.0, rel=1e-15)


def test_bad_inputs() -> None:
    # lengths differ
    with pytest.raises(DataError, match="y has 2 values but y_pred has 3"):
        mean_squared_error([1, 2], [1, 2, 3])
    # nothing to score
    with pytest.raises(DataError, match="y must not be empty"):
        mean_absolute_error([], [])
    # a nan prediction
    with pytest.raises(DataError, match=r"y_pred\[1\] must be finite"):
        accuracy([1, 0], [1, math.nan])
    # text
    with pytest.raises(DataError, match="y"):
        r_squared("abc", [1, 2, 3])
    # probabilities where classes are meant (they would match no class and score 0)
    with pytest.raises(DataError, match=r"y_pred\[0\] must be a class, got 0.9; a probability is not"):
        accuracy([1, 0], [0.9, 0.2])
    # a target that is not a class
    with pytest.raises(DataError, match=r"y\[1\] must be a class, got 2.5"):
        accuracy([1, 2.5], [1, 1])


# The split


def test_the_splits_repr_gives_sizes_and_fits_on_a_line() -> None:
    X = [[float(i), 1.0, 2.0] for i in range(10_000)]
    split = train_test_split(X, [0.0] * 10_000, test_size=0.25, seed=1)
    assert repr(split) == (
        "Split(X_train=<7500 rows × 3>, X_test=<2500 rows × 3>, y_train=<7500 values>, y_test=<2500 values>)"
    )  # it was the 10,000 rows in full: 238,890 characters
    empty = "Split(X_train=<0 rows × 0>, X_test=<0 rows × 0>, y_train=<0 values>, y_test=<0 values>)"
    assert repr(Split([], [], [], [])) == empty  # made by hand: the repr does not fail
    one = train_test_split([[1.0], [2.0]], [3.0, 4.0], test_size=0.5, seed=0)
    assert repr(one) == "Split(X_train=<1 row × 1>, X_test=<1 row × 1>, y_train=<1 value>, y_test=<1 value>)"


def test_the_split_is_the_stated_sample() -> None:
    X = [[float(i), float(-i)] for i in range(10)]
    y = [float(10 * i) for i in range(10)]
    split = train_test_split(X, y, test_size=0.3, seed=7)
    test = sorted(random.Random(7).sample(range(10), 3))  # k = ⌈0.3·10⌉ = 3
    train = [i for i in range(10) if i not in test]
    assert split.X_test == [X[i] for i in test]
    assert split.y_test == [y[i] for i in test]
    assert split.X_train == [X[i] for i in train]
    assert split.y_train == [y[i] for i in train]
    X_train, X_test, y_train, y_test = split  # scikit-learn's order
    assert (X_train, X_test, y_train, y_test) == (split.X_train, split.X_test, split.y_train, split.y_test)


@FEW
@given(n=st.integers(2, 200), test_size=st.floats(0.01, 0.99), seed=st.integers(0, 2**32))
def test_the_split_partitions_the_rows(n: int, test_size: float, seed: int) -> None:
    k = math.ceil(round(test_size * n, 9))
    if k >= n:
        with pytest.raises(DataError, match="leaving none to train on"):
            train_test_split([[i] for i in range(n)], list(range(n)), test_size, seed)
        return
    split = train_test_split([[i] for i in range(n)], list(range(n)), test_size, seed)
    assert len(split.y_test) == k
    assert sorted(split.y_train + split.y_test) == list(map(float, range(n)))  # every row once
    assert split.y_train == sorted(split.y_train) and split.y_test == sorted(split.y_test)  # order kept
    assert [row[0] for row in split.X_test] == split.y_test  # rows stay with their targets
    assert train_test_split([[i] for i in range(n)], list(range(n)), test_size, seed) == split


def test_the_test_count_is_the_ceiling_without_rounding_noise() -> None:
    # 0.1·30 is 3.0000000000000004 in floating point; the stated k is ⌈3⌉ = 3, not 4.
    assert len(train_test_split([[i] for i in range(30)], range(30), 0.1, seed=0).y_test) == 3
    assert len(train_test_split([[i] for i in range(7)], range(7), 0.2, seed=0).y_test) == 2  # ⌈1.4⌉


def test_bad_splits() -> None:
    rows, targets = [[0], [1], [2]], [0, 1, 2]
    # a fraction of 1 or more
    with pytest.raises(ParameterError, match=r"0 < test_size < 1, got 1\.0"):
        train_test_split(rows, targets, 1.0)
    # zero
    with pytest.raises(ParameterError, match="test_size must be a positive finite number"):
        train_test_split(rows, targets, 0)
    # a seed that is not a whole number
    with pytest.raises(ParameterError, match="seed must be an integer or None"):
        train_test_split(rows, targets, 0.5, seed=1.5)  # type: ignore[arg-type]
    # ⌈0.9·3⌉ = 3 of 3 rows: none left to train on
    with pytest.raises(DataError, match="holds out 3 of the 3 rows, leaving none to train on"):
        train_test_split(rows, targets, 0.9)
    # X and y of different lengths
    with pytest.raises(DataError, match="X has 3 rows but y has 2"):
        train_test_split(rows, [0, 1], 0.5)
    # 1e-10·3 rounds to 0 rows: nothing to test on (it returned an empty test part)
    with pytest.raises(DataError, match="holds out none of the 3 rows, leaving nothing to test on"):
        train_test_split(rows, targets, 1e-10)
    with pytest.raises(DataError, match="holds out none of the 3 rows"):
        train_test_split(rows, targets, 1e-320)


def test_errors_beyond_a_float_are_infinite_and_r_squared_is_scale_free() -> None:
    # (1e200 − (−1e200))² = 4e400 passes the largest float: the MSE is inf, as the MAE of such rows
    assert mean_squared_error([1e200], [-1e200]) == math.inf
    assert root_mean_squared_error([1e200], [-1e200]) == math.inf
    assert mean_absolute_error([1.7e308], [-1.7e308]) == math.inf
    # R² is the same for y/s and ŷ/s: 1 − Σ(y − ŷ)²/Σ(y − ȳ)² with y = ±1, ŷ = 0 is 1 − 2/2 = 0
    assert r_squared([1e200, -1e200], [0.0, 0.0]) == 0.0
    assert r_squared([1e-200, -1e-200], [0.0, 0.0]) == 0.0  # squares that would underflow to 0
    assert r_squared([3e200, 1e200, 2e200], [2.5e200, 1e200, 2e200]) == pytest.approx(1 - 0.25 / 2, rel=1e-15)
