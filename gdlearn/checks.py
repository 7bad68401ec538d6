"""Checks on single values: every number, count and flag a user hands over.

Data and hyperparameters come in from users as ints, floats, ``Fraction``,
``Decimal``, numpy scalars or mistakes. Each check here converts once and
says what was required and what was given; past it the maths can trust
its input. (Whole vectors and matrices are checked in ``vectors``, with
these.)

    to_float(v, where)             a finite real number (data: DataError)
    positive_number(v, name)       a finite number > 0: rates, tolerances
    nonnegative_number(v, name)    a finite number ≥ 0: penalties, weight decay
    fraction(v, name)              a number in [0, 1), or [0, 1]: momentum, β, γ
    positive_int(v, name)          a whole number ≥ 1: epochs, batch sizes
    boolean(v, name)               True or False, nothing else

>>> fraction(0.9, "momentum")
0.9
>>> fraction(1.0, "momentum")
Traceback (most recent call last):
  ...
gdlearn.errors.ParameterError: momentum must be a number in [0, 1), got 1.0
>>> nonnegative_number(-1e-3, "l2")
Traceback (most recent call last):
  ...
gdlearn.errors.ParameterError: l2 must be a finite number ≥ 0, got -0.001
"""

from __future__ import annotations

import math
import operator
import sys
from numbers import Real
from typing import Any

from .errors import DataError, GDLearnError, ParameterError


def is_real(value: Any) -> bool:
    """True for a real number that is not a bool: int, float, Fraction, numpy's floats, Decimal.

    ``Decimal`` is not registered as a ``numbers.Real``, so it is asked for by
    name; a Decimal can exist only once its module is imported, so this never
    imports it (a millisecond of ``import gdlearn`` saved).
    """
    if isinstance(value, bool):
        return False
    decimal = sys.modules.get("decimal")
    return isinstance(value, Real) or (decimal is not None and isinstance(value, decimal.Decimal))


def real(value: Any) -> float:
    """float(value) for a real number (not a bool), else nan, which every check refuses.

    >>> real(3), real("3"), real(True)
    (3.0, nan, nan)
    """
    if not is_real(value):
        return math.nan
    try:
        return float(value)
    except (OverflowError, ValueError):  # 10**400, Decimal("sNaN")
        return math.nan


def to_float(value: Any, where: str, error: type[GDLearnError] = DataError) -> float:
    """Convert one user-supplied number to a finite ``float``.

    ``where`` names the place for the error message ("row 3, column 'x'");
    ``error`` is the kind raised (``DataError`` for data, the default).

    >>> to_float(3, "x")
    3.0
    >>> to_float(True, "x")
    Traceback (most recent call last):
      ...
    gdlearn.errors.DataError: x must be a real number, got True (bool)
    """
    if not is_real(value):
        raise error(f"{where} must be a real number, got {value!r} ({type(value).__name__})")
    try:
        number = float(value)
    except (OverflowError, ValueError) as exc:  # a huge Fraction or Decimal
        raise error(f"{where} must fit in a float, got {value!r}") from exc
    if not math.isfinite(number):
        raise error(f"{where} must be finite, got {number!r}")
    return number


def positive_number(value: Any, name: str) -> float:
    """A finite number > 0, for rates and tolerances.

    >>> positive_number(-0.1, "learning_rate")
    Traceback (most recent call last):
      ...
    gdlearn.errors.ParameterError: learning_rate must be a positive finite number, got -0.1
    """
    number = real(value)
    if not (math.isfinite(number) and number > 0):
        raise ParameterError(f"{name} must be a positive finite number, got {value!r}")
    return number


def nonnegative_number(value: Any, name: str) -> float:
    """A finite number ≥ 0, for penalty strengths and weight decay."""
    number = real(value)
    if not (math.isfinite(number) and number >= 0):
        raise ParameterError(f"{name} must be a finite number ≥ 0, got {value!r}")
    return number


def fraction(value: Any, name: str, *, one_allowed: bool = False) -> float:
    """A number in [0, 1), or in [0, 1] with ``one_allowed``."""
    number = real(value)
    inside = 0 <= number <= 1 if one_allowed else 0 <= number < 1
    if not inside:
        interval = "[0, 1]" if one_allowed else "[0, 1)"
        raise ParameterError(f"{name} must be a number in {interval}, got {value!r}")
    return number


def positive_int(value: Any, name: str) -> int:
    """A whole number ≥ 1, for epochs, iterations and batch sizes.

    >>> positive_int(2.5, "epochs")
    Traceback (most recent call last):
      ...
    gdlearn.errors.ParameterError: epochs must be a whole number ≥ 1, got 2.5
    """
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise ParameterError(f"{name} must be a whole number ≥ 1, got {value!r}")
    number = operator.index(value)
    if number < 1:
        raise ParameterError(f"{name} must be a whole number ≥ 1, got {value!r}")
    return number


def boolean(value: Any, name: str) -> bool:
    """True or False, nothing else (no 0/1, no strings).

    >>> boolean(1, "shuffle")
    Traceback (most recent call last):
      ...
    gdlearn.errors.ParameterError: shuffle must be True or False, got 1
    """
    if not isinstance(value, bool):
        raise ParameterError(f"{name} must be True or False, got {value!r}")
    return value
