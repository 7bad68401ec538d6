"""gdlearn: gradient descent in plain Python, with the math on the page.

The public names, in the order a course meets them (gdlearn/README.md gives
the reading order of the files, one line each):

    Differentiable, Quadratic, Rosenbrock                 functions.py
    check_gradient, GradientCheck, numerical_gradient     gradient_check.py
    Himmelblau, DoubleWell, Saddle (non-convex)           landscapes.py
    classify_point, CriticalPoint, numerical_hessian      critical.py
    MSE, MAE, Huber, LogLoss, Loss, sigmoid               losses.py
    Model (the protocol: forward, backward),
      LinearModel, LogisticModel                          models.py
    polynomial_features, polynomial_names                 polynomial.py
    Objective (l1, l2 penalties; l1's proximal step)      objective.py
    Constant, StepDecay, ExponentialDecay,
      InverseScaling, CosineDecay, Schedule               schedules.py
    GradientDescent, MomentumState                        gradient_descent.py
    Adam, AdamState                                       adam.py
    Optimizer (the loop every rule shares),
      BatchObjective (what it minimises)                  loop.py
    Result (θ, the whole history and the verdict)        result.py, verdict.py
    fit, FitResult                                        fit.py
    stable_learning_rate, StableRate                      stability.py
    measured_rate, predicted_rate, heavy_ball, steps_for,
      distances_to, loss_gaps, rate_line, MeasuredRate,
      HeavyBall                                           rates.py
    least_squares (and ridge, l2=)                        least_squares.py
    train_test_split, Split, mean_squared_error,
      root_mean_squared_error, mean_absolute_error,
      r_squared, accuracy, regression_scores,
      RegressionScores (held-out rows and their scores)   metrics.py
    Standardizer                                          scaling.py
    explain_step (any update written out, with numbers)   explain.py
    GDLearnError, DataError, ParameterError, DivergenceError   errors.py

and at the edge, in subpackages that the maths never imports (and that
`import gdlearn` leaves for their first use):

    Dataset                                               io/dataset.py
    load_csv (encoding=, decimal=, drop_missing=)         io/csv_files.py
    save_model, load_model, SavedModel                    io/model_files.py
    datasets.galton, datasets.mtcars                      datasets/
    plot.loss_curves, plot.scatter_fit, plot.contour,
      plot.regression_surface, plot.basins (SVG pictures),
      plot.line_chart = line_chart (in the terminal)      plot/
    the lab, a web page on 127.0.0.1 (gdlearn lab)        lab/
    the gdlearn command                                   cli/

A worked example: fit y = 2x + 1 and compare with the exact answer.

>>> import gdlearn
>>> X, y = [[0.0], [1.0], [2.0], [3.0]], [1.0, 3.0, 5.0, 7.0]
>>> result = gdlearn.fit(X, y, learning_rate=0.1, epochs=500)
>>> [round(t, 6) for t in result.model.theta]      # [w, b] by gradient descent
[2.0, 1.0]
>>> [round(t, 12) for t in gdlearn.least_squares(X, y).theta]   # exact answer
[2.0, 1.0]
>>> result.epoch_loss[0], len(result.epoch_loss)   # loss at θ = 0, then per epoch
(21.0, 501)
"""

from typing import TYPE_CHECKING, Any

from .adam import Adam, AdamState
from .critical import CriticalPoint, classify_point, numerical_hessian
from .errors import DataError, DivergenceError, GDLearnError, ParameterError
from .fit import FitResult, fit
from .functions import Differentiable, Quadratic, Rosenbrock
from .gradient_check import GradientCheck, check_gradient, numerical_gradient
from .gradient_descent import GradientDescent, MomentumState
from .landscapes import DoubleWell, Himmelblau, Saddle
from .least_squares import least_squares
from .loop import BatchObjective, Optimizer
from .losses import MAE, MSE, Huber, LogLoss, Loss, sigmoid
from .metrics import (
    RegressionScores,
    Split,
    accuracy,
    mean_absolute_error,
    mean_squared_error,
    r_squared,
    regression_scores,
    root_mean_squared_error,
    train_test_split,
)
from .models import LinearModel, LogisticModel, Model
from .objective import Objective
from .polynomial import polynomial_features, polynomial_names
from .rates import (
    HeavyBall,
    MeasuredRate,
    distances_to,
    heavy_ball,
    loss_gaps,
    measured_rate,
    predicted_rate,
    rate_line,
    steps_for,
)
from .result import Result, register_drawer
from .scaling import Standardizer
from .schedules import Constant, CosineDecay, ExponentialDecay, InverseScaling, Schedule, StepDecay
from .stability import StableRate, stable_learning_rate

if TYPE_CHECKING:  # for type checkers; at run time these come from __getattr__ below
    from . import datasets, plot
    from .explain import explain_step
    from .io.csv_files import Dataset, load_csv
    from .io.model_files import SavedModel, load_model, save_model
    from .plot.terminal import line_chart

__version__ = "0.1.0"

# The edge of the package, imported where it is first used rather than by
# `import gdlearn`: files, pictures and data sets pull in pathlib,
# importlib.resources, tempfile and more, two thirds of the import time,
# which the maths never needs. `gdlearn.plot`, `from gdlearn import plot` and
# `gdlearn.load_csv` work as before: the first use imports the module (PEP 562).
_EDGE = {
    "datasets": "datasets",
    "plot": "plot",
    "Dataset": "io.csv_files",
    "load_csv": "io.csv_files",
    "SavedModel": "io.model_files",
    "load_model": "io.model_files",
    "save_model": "io.model_files",
    "line_chart": "plot.terminal",
    "explain_step": "explain",  # maths, but four modules that only explain needs
}


def __getattr__(name: str) -> Any:
    """An edge name of ``__all__``, imported on first use and then kept as an attribute."""
    if name not in _EDGE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module = import_module(f"{__name__}.{_EDGE[name]}")
    value = module if name == _EDGE[name] else getattr(module, name)
    globals()[name] = value
    return value


def _draw_run(result: Result, path: Any, title: str | None) -> Any:
    """The picture of a run (``Result.plot``, a notebook's display), drawn by the plot layer on first use."""
    from .plot.training import training_curves

    return training_curves(result, path, title=title)


register_drawer(_draw_run)  # the maths holds the slot, the package fills it (result.py never imports plot)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EDGE})


__all__ = [
    "MAE",
    "MSE",
    "Adam",
    "AdamState",
    "BatchObjective",
    "Constant",
    "CosineDecay",
    "CriticalPoint",
    "DataError",
    "Dataset",
    "Differentiable",
    "DivergenceError",
    "DoubleWell",
    "ExponentialDecay",
    "FitResult",
    "GDLearnError",
    "GradientCheck",
    "GradientDescent",
    "HeavyBall",
    "Himmelblau",
    "Huber",
    "InverseScaling",
    "LinearModel",
    "LogLoss",
    "LogisticModel",
    "Loss",
    "MeasuredRate",
    "Model",
    "MomentumState",
    "Objective",
    "Optimizer",
    "ParameterError",
    "Quadratic",
    "RegressionScores",
    "Result",
    "Rosenbrock",
    "Saddle",
    "SavedModel",
    "Schedule",
    "Split",
    "StableRate",
    "Standardizer",
    "StepDecay",
    "__version__",
    "accuracy",
    "check_gradient",
    "classify_point",
    "datasets",
    "distances_to",
    "explain_step",
    "fit",
    "heavy_ball",
    "least_squares",
    "line_chart",
    "load_csv",
    "load_model",
    "loss_gaps",
    "mean_absolute_error",
    "mean_squared_error",
    "measured_rate",
    "numerical_gradient",
    "numerical_hessian",
    "plot",
    "polynomial_features",
    "polynomial_names",
    "predicted_rate",
    "r_squared",
    "rate_line",
    "regression_scores",
    "root_mean_squared_error",
    "save_model",
    "sigmoid",
    "stable_learning_rate",
    "steps_for",
    "train_test_split",
]
