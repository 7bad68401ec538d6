"""How well a model does on rows it never saw: a train/test split, and the scores.

A score on the rows a model was fitted to flatters it: θ was chosen for
those very rows. So hold some rows out, fit on the rest, and score both:

    train_test_split(X, y, test_size, seed)
        the test rows are  sorted(random.Random(seed).sample(range(n), k)),
        k = ⌈test_size·n⌉; the training rows are the others; both keep the file's order

The scores, for targets y and predictions ŷ over n rows (targets first, as
in scikit-learn's metrics; gdlearn's losses take ŷ first, as in ℓ(ŷ, y)):

    MSE      = (1/n) Σᵢ (yᵢ − ŷᵢ)²              mean_squared_error
    RMSE     = √MSE                             root_mean_squared_error (in y's units)
    MAE      = (1/n) Σᵢ |yᵢ − ŷᵢ|               mean_absolute_error     (in y's units)
    R²       = 1 − Σᵢ (yᵢ − ŷᵢ)² / Σᵢ (yᵢ − ȳ)²   r_squared  (1: every row right; 0: no better
                                                than predicting the mean ȳ; < 0: worse)
    accuracy = #{i : ŷᵢ = yᵢ} / n               accuracy   (classes, compared exactly)

Every sum is ``math.fsum``. R² uses the test rows' own mean ȳ, as
scikit-learn's ``r2_score`` does.

>>> y, y_pred = [1.0, 2.0, 3.0, 4.0], [1.5, 2.0, 2.0, 4.0]
>>> mean_squared_error(y, y_pred)      # (0.25 + 0 + 1 + 0) / 4
0.3125
>>> mean_absolute_error(y, y_pred)     # (0.5 + 0 + 1 + 0) / 4
0.375
>>> r_squared(y, y_pred)               # ȳ = 2.5, Σ(y − ȳ)² = 5: 1 − 1.25/5
0.75
>>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
0.75
"""

from __future__ import annotations

import math
import random
from typing import Any, NamedTuple

from .checks import positive_number
from .errors import DataError, ParameterError
from .vectors import as_dataset, as_vector
from .verdict import plural

__all__ = [
    "RegressionScores",
    "Split",
    "accuracy",
    "mean_absolute_error",
    "mean_squared_error",
    "r_squared",
    "regression_scores",
    "root_mean_squared_error",
    "train_test_split",
]


class Split(NamedTuple):
    """A data set's rows cut in two; unpacks as X_train, X_test, y_train, y_test (scikit-learn's order)."""

    X_train: list[list[float]]
    X_test: list[list[float]]
    y_train: list[float]
    y_test: list[float]

    def __repr__(self) -> str:
        """The sizes, not the numbers, which would fill pages: ``Split(X_train=<4 rows × 1>, …)``."""
        d = len(self.X_train[0]) if self.X_train else len(self.X_test[0]) if self.X_test else 0
        X_train, X_test = plural(len(self.X_train), "row"), plural(len(self.X_test), "row")
        y_train, y_test = plural(len(self.y_train), "value"), plural(len(self.y_test), "value")
        X = f"X_train=<{X_train} × {d}>, X_test=<{X_test} × {d}>"
        return f"Split({X}, y_train=<{y_train}>, y_test=<{y_test}>)"


def train_test_split(X: Any, y: Any, test_size: float = 0.2, seed: int | None = None) -> Split:
    """Hold out k = ⌈test_size·n⌉ rows for testing, drawn at random; the others are for training.

    The test rows are sorted(random.Random(seed).sample(range(n), k)), so the
    same seed gives the same split (None: a different one each time), and
    both parts keep the rows in their original order. ``test_size`` is a
    fraction, 0 < test_size < 1 (test_size·n is rounded to 9 decimals before
    the ceiling, so 0.1·30 gives 3, not 4); each part needs at least one row.

    >>> split = train_test_split([[0], [1], [2], [3], [4]], [0, 10, 20, 30, 40], test_size=0.4, seed=0)
    >>> split.X_test, split.y_test       # ⌈0.4·5⌉ = 2 rows: sample(range(5), 2) = [4, 3] with seed 0
    ([[3.0], [4.0]], [30.0, 40.0])
    >>> split.y_train
    [0.0, 10.0, 20.0]
    """
    rows, targets = as_dataset(X, y)
    fraction = positive_number(test_size, "test_size")
    if fraction >= 1:
        raise ParameterError(
            f"test_size must be a fraction of the rows, 0 < test_size < 1, got {test_size!r}"
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ParameterError(f"seed must be an integer or None, got {seed!r}")
    n = len(rows)
    k = math.ceil(round(fraction * n, 9))
    if k == 0:  # test_size·n rounds to 0 at 9 decimals: below 5e-10
        raise DataError(
            f"a test fraction of {fraction:g} holds out none of the {n} rows, leaving nothing to test on;"
            " hold out a larger fraction"
        )
    if k >= n:
        raise DataError(
            f"a test fraction of {fraction:g} holds out {k} of the {n} rows, leaving none to train on;"
            " hold out a smaller fraction, or use more rows"
        )
    test = set(random.Random(seed).sample(range(n), k))
    return Split(
        [rows[i] for i in range(n) if i not in test],
        [rows[i] for i in sorted(test)],
        [targets[i] for i in range(n) if i not in test],
        [targets[i] for i in sorted(test)],
    )


def mean_squared_error(y: Any, y_pred: Any) -> float:
    """MSE = (1/n) Σᵢ (yᵢ − ŷᵢ)².

    >>> mean_squared_error([0, 0], [1, 3])     # (1 + 9) / 2
    5.0
    """
    targets, predictions = _pair(y, y_pred)
    # (t − p)·(t − p), not ** 2, which raises OverflowError: an error beyond a float is inf, as for the MAE
    return math.fsum((t - p) * (t - p) for t, p in zip(targets, predictions)) / len(targets)


def root_mean_squared_error(y: Any, y_pred: Any) -> float:
    """RMSE = √MSE, a typical error in the units of y.

    >>> root_mean_squared_error([0, 0], [3, 4])  # √((9 + 16) / 2)
    3.5355339059327378
    """
    return math.sqrt(mean_squared_error(y, y_pred))


def mean_absolute_error(y: Any, y_pred: Any) -> float:
    """MAE = (1/n) Σᵢ |yᵢ − ŷᵢ|.

    >>> mean_absolute_error([0, 0], [1, -3])    # (1 + 3) / 2
    2.0
    """
    targets, predictions = _pair(y, y_pred)
    return math.fsum(abs(t - p) for t, p in zip(targets, predictions)) / len(targets)


def r_squared(y: Any, y_pred: Any) -> float:
    """R² = 1 − Σᵢ (yᵢ − ŷᵢ)² / Σᵢ (yᵢ − ȳ)², the fraction of y's variance the predictions explain.

    Undefined (a ``DataError``) when the yᵢ do not vary. For least squares
    with an intercept, on the rows it was fitted to, R² is the squared
    correlation of x and y.

    >>> r_squared([1, 2, 3], [2, 2, 2])         # predicting the mean ȳ = 2 explains nothing
    0.0
    """
    targets, predictions = _pair(y, y_pred)
    scale = max(map(abs, [*targets, *predictions]))
    if scale > 1e150 or 0 < scale < 1e-150:  # a square would pass or underflow a float: R² is the same
        targets, predictions = [t / scale for t in targets], [p / scale for p in predictions]  # for y/s, ŷ/s
    mean = math.fsum(targets) / len(targets)
    total = math.fsum((t - mean) ** 2 for t in targets)  # Σ(y − ȳ)²
    if total == 0:
        raise DataError(
            f"R² is undefined when the targets do not vary (Σ(y − ȳ)² = 0 over {len(targets)} rows):"
            " there is no variance to explain; use the MSE or the MAE"
        )
    residual = math.fsum((t - p) ** 2 for t, p in zip(targets, predictions))  # Σ(y − ŷ)²
    return 1.0 - residual / total


def accuracy(y: Any, y_pred: Any) -> float:
    """The fraction of rows whose predicted class equals the target: #{i : ŷᵢ = yᵢ} / n.

    Classes are whole numbers (0 and 1 for logistic regression). A fraction
    is a ``DataError``: probabilities such as ``predict_proba``'s would match
    no class and score 0 without a word.

    >>> accuracy([1, 0, 1], [1, 1, 1])
    0.6666666666666666
    """
    targets, predictions = _pair(y, y_pred)
    for name, values, hint in (("y", targets, ""), ("y_pred", predictions, PROBABILITY_HINT)):
        for i, value in enumerate(values):
            if not value.is_integer():
                raise DataError(f"accuracy compares classes: {name}[{i}] must be a class, got {value}{hint}")
    return sum(t == p for t, p in zip(targets, predictions)) / len(targets)


PROBABILITY_HINT = "; a probability is not a class: predict gives 1 where p ≥ 0.5"


class RegressionScores(NamedTuple):
    """The four regression scores of one set of predictions (r2 is None where R² is undefined)."""

    mse: float
    rmse: float
    mae: float
    r2: float | None


def regression_scores(y: Any, y_pred: Any) -> RegressionScores:
    """MSE, RMSE, MAE and R² together, as defined above.

    >>> regression_scores([1.0, 2.0, 3.0, 4.0], [1.5, 2.0, 2.0, 4.0])
    RegressionScores(mse=0.3125, rmse=0.5590169943749475, mae=0.375, r2=0.75)
    """
    targets, predictions = _pair(y, y_pred)
    mse = mean_squared_error(targets, predictions)
    try:
        r2: float | None = r_squared(targets, predictions)
    except DataError:  # the targets do not vary
        r2 = None
    return RegressionScores(mse, math.sqrt(mse), mean_absolute_error(targets, predictions), r2)


def _pair(y: Any, y_pred: Any) -> tuple[list[float], list[float]]:
    targets = as_vector(y, "y")
    predictions = as_vector(y_pred, "y_pred")
    if len(targets) != len(predictions):
        raise DataError(f"y has {len(targets)} values but y_pred has {len(predictions)}; they must match")
    return targets, predictions
