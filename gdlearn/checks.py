"""Checks for hyperparameters that ``positive_number`` does not cover.

Momentum, dampening, Adam's β, a decay factor or a penalty strength live in
ranges that include 0 or stop below 1. Each check converts to ``float`` and
says what was required and what was given:

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
from decimal import Decimal
from numbers import Real
from typing import Any

from .errors import ParameterError


def _real(value: Any) -> float:
    """float(value) for a real number (not a bool), else nan, which every check refuses."""
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        return math.nan
    try:
        return float(value)
    except (OverflowError, ValueError):
        return math.nan


def nonnegative_number(value: Any, name: str) -> float:
    """A finite number ≥ 0, for penalty strengths and weight decay."""
    number = _real(value)
    if not (math.isfinite(number) and number >= 0):
        raise ParameterError(f"{name} must be a finite number ≥ 0, got {value!r}")
    return number


def fraction(value: Any, name: str, *, one_allowed: bool = False) -> float:
    """A number in [0, 1), or in [0, 1] with ``one_allowed``."""
    number = _real(value)
    inside = 0 <= number <= 1 if one_allowed else 0 <= number < 1
    if not inside:
        interval = "[0, 1]" if one_allowed else "[0, 1)"
        raise ParameterError(f"{name} must be a number in {interval}, got {value!r}")
    return number


def boolean(value: Any, name: str) -> bool:
    """True or False, nothing else (no 0/1, no strings)."""
    if not isinstance(value, bool):
        raise ParameterError(f"{name} must be True or False, got {value!r}")
    return value
