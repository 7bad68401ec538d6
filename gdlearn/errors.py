"""The one family of errors that gdlearn raises for bad input.

Every error is a ``ValueError``, so ``except ValueError`` catches them all,
and every message says what was expected and what was given::

    GDLearnError            anything gdlearn refuses
    ├── DataError           bad data: names the row and the column
    ├── ParameterError      a bad hyperparameter or argument
    └── DivergenceError     gradient descent blew up; carries the partial result
"""

from __future__ import annotations

from typing import Any


class GDLearnError(ValueError):
    """Base class of every error gdlearn raises for bad input."""


class DataError(GDLearnError):
    """The data (X, y, a CSV file, a model file) is not what was expected."""


class ParameterError(GDLearnError):
    """A hyperparameter or argument is out of range or of the wrong kind."""


class DivergenceError(GDLearnError):
    """The loss or θ stopped being finite, or the loss kept rising above its start.

    ``result`` holds the run up to the blow-up, so the history that led to
    it can still be inspected and plotted; ``learning_rate`` is the rate η
    of the last update taken (the schedule's value, not η₀), and
    ``stability_limit`` the largest stable rate of the objective where it is
    known (a quadratic such as MSE on a linear model), else None.
    """

    def __init__(
        self,
        message: str,
        result: Any = None,
        *,
        learning_rate: float | None = None,
        stability_limit: float | None = None,
    ) -> None:
        super().__init__(message)
        self.result = result
        self.learning_rate = learning_rate
        self.stability_limit = stability_limit
