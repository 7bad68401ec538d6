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
    """The loss or θ stopped being finite, or the loss exploded.

    ``result`` holds the run up to the last good iteration, so the history
    that led to the blow-up can still be inspected and plotted.
    """

    def __init__(self, message: str, result: Any = None) -> None:
        super().__init__(message)
        self.result = result
