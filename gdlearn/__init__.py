"""gdlearn: gradient descent in plain Python, with the math on the page.

The public names, in the order a tutorial meets them:

    Differentiable, check_gradient, numerical_gradient   functions.py
    Quadratic, Rosenbrock                                 functions.py
    MSE, MAE, Loss                                        losses.py
    LinearModel                                           models.py
    Objective                                             objective.py
    GradientDescent, Result                               optimizer.py, history.py
    fit, FitResult                                        fit.py
    least_squares                                         least_squares.py
    Dataset, load_csv, datasets.galton, datasets.mtcars   dataset.py, datasets/
    Standardizer                                          scaling.py
    save_model, load_model, SavedModel                    persist.py
    GDLearnError, DataError, ParameterError, DivergenceError   errors.py

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

from . import datasets
from .dataset import Dataset, load_csv
from .errors import DataError, DivergenceError, GDLearnError, ParameterError
from .fit import FitResult, fit
from .functions import (
    Differentiable,
    GradientCheck,
    Quadratic,
    Rosenbrock,
    check_gradient,
    numerical_gradient,
)
from .history import Result
from .least_squares import least_squares
from .losses import MAE, MSE, Loss
from .models import LinearModel
from .objective import Objective
from .optimizer import GradientDescent
from .persist import SavedModel, load_model, save_model
from .scaling import Standardizer

__version__ = "0.1.0"

__all__ = [
    "MAE",
    "MSE",
    "DataError",
    "Dataset",
    "Differentiable",
    "DivergenceError",
    "FitResult",
    "GDLearnError",
    "GradientCheck",
    "GradientDescent",
    "LinearModel",
    "Loss",
    "Objective",
    "ParameterError",
    "Quadratic",
    "Result",
    "Rosenbrock",
    "SavedModel",
    "Standardizer",
    "__version__",
    "check_gradient",
    "datasets",
    "fit",
    "least_squares",
    "load_csv",
    "load_model",
    "numerical_gradient",
    "save_model",
]
