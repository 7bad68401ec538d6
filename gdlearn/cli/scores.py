"""``gdlearn fit --test-size F``: hold out a fraction of the rows, then score the model on both parts.

The split is ``metrics.train_test_split`` with the run's --seed; the model is
fitted (and standardised, with --standardize) on the training rows only, so
the test rows say how it does on rows it never saw.
"""

from __future__ import annotations

from ..errors import ParameterError
from ..io.csv_files import Dataset
from ..metrics import accuracy, regression_scores, train_test_split
from ..models import LinearModel, LogisticModel


def hold_out(data: Dataset, test_size: float, seed: int) -> tuple[Dataset, Dataset]:
    """The training rows and the test rows of ``data``, as two ``Dataset``s."""
    if not 0 < test_size < 1:
        raise ParameterError(f"--test-size must be a fraction of the rows, 0 < F < 1, got {test_size:g}")
    X_train, X_test, y_train, y_test = train_test_split(data.X, data.y, test_size, seed)
    names, target = data.feature_names, data.target_name
    train = Dataset(X_train, y_train, names, target, data.description, data.source, data.dropped)
    test = Dataset(X_test, y_test, names, target, data.description, data.source, data.dropped)
    return train, test


def score_table(model: LinearModel, train: Dataset, test: Dataset) -> str:
    """MSE, RMSE, MAE and R² (accuracy for logistic regression) on the training and the test rows.

    >>> part = Dataset([[0.0], [1.0], [2.0]], [1.0, 3.0, 4.0], ("x",), "y")
    >>> print(score_table(LinearModel(1, theta=[1.0, 1.0]), part, part))
                  rows         MSE        RMSE         MAE          R²
    training         3    0.666667    0.816497    0.666667    0.571429
    test             3    0.666667    0.816497    0.666667    0.571429
    """
    if isinstance(model, LogisticModel):
        lines = [f"{'':10}{'rows':>8}{'accuracy':>12}"]
        for name, part in (("training", train), ("test", test)):
            lines.append(f"{name:10}{part.n_samples:8d}{accuracy(part.y, model.predict(part.X)):12.6g}")
        return "\n".join(lines)
    lines = [f"{'':10}{'rows':>8}" + "".join(f"{label:>12}" for label in ("MSE", "RMSE", "MAE", "R²"))]
    for name, part in (("training", train), ("test", test)):
        scores = regression_scores(part.y, model.predict(part.X))
        r2 = "undefined" if scores.r2 is None else f"{scores.r2:.6g}"
        numbers = f"{scores.mse:12.6g}{scores.rmse:12.6g}{scores.mae:12.6g}{r2:>12}"
        lines.append(f"{name:10}{part.n_samples:8d}{numbers}")
    return "\n".join(lines)
