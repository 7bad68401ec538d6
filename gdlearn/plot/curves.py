"""The curves a chart is given: ys, (xs, ys), or a mapping of names to either.

Loss histories come as plain lists (``Result.loss``, an ``array('d')``) and
sometimes with their own x values (the per-epoch loss at iteration numbers).
``as_series`` checks them once for every chart: each value a finite number,
xs and ys of equal length, names that are strings.

>>> as_series({"batch": [4.0, 2.0], "epoch": ([0, 10], [4.0, 1.0])}, "loss")
[Series(name='batch', xs=[0.0, 1.0], ys=[4.0, 2.0]), Series(name='epoch', xs=[0.0, 10.0], ys=[4.0, 1.0])]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real
from typing import Any, NamedTuple

from ..checks import real, to_float
from ..errors import ParameterError
from ..vectors import as_matrix, as_vector


class Series(NamedTuple):
    """One named curve: its x values and y values, checked and of equal length."""

    name: str
    xs: list[float]
    ys: list[float]


def as_series(series: Any, default_name: str) -> list[Series]:
    """Check chart input: ``ys``, ``(xs, ys)``, or a mapping name → ys or name → (xs, ys).

    Without xs, x is the index 0, 1, …, n − 1 (iteration or epoch number).
    A bare ys or (xs, ys) gets ``default_name``. Every value must be a finite
    number, else ``ParameterError``.

    >>> as_series({"epoch": ([0, 10], [4.0, 1.0])}, "loss")
    [Series(name='epoch', xs=[0.0, 10.0], ys=[4.0, 1.0])]
    >>> as_series([3, 2], "loss")
    [Series(name='loss', xs=[0.0, 1.0], ys=[3.0, 2.0])]
    """
    items = list(series.items()) if isinstance(series, Mapping) else [(default_name, series)]
    if not items:
        raise ParameterError("series must hold at least one series, got an empty mapping")
    parsed = []
    for name, values in items:
        if not isinstance(name, str):
            raise ParameterError(f"series names must be strings, got {name!r}")
        if _is_pair(values):
            xs = _numbers(values[0], f"series {name!r} xs")
            ys = _numbers(values[1], f"series {name!r} ys")
            if len(xs) != len(ys):
                raise ParameterError(f"series {name!r} has {len(xs)} xs but {len(ys)} ys; they must match")
        else:
            ys = _numbers(values, f"series {name!r}")
            xs = [float(i) for i in range(len(ys))]
        parsed.append(Series(name, xs, ys))
    return parsed


def require_positive(curves: list[Series], axis: str = "y", option: str = "log") -> None:
    """Refuse values ≤ 0 for a log scale, naming the series and the index (of ys, or of ``axis``)."""
    for curve in curves:
        for i, y in enumerate(curve.ys):
            if y <= 0:
                raise ParameterError(
                    f"a log scale needs positive values, but series {curve.name!r} has {axis}[{i}] = {y!r};"
                    f" use {option}=False"
                )


def _is_pair(values: Any) -> bool:
    """True for (xs, ys): two sequences, as opposed to a sequence of numbers."""
    return (
        isinstance(values, Sequence)
        and not isinstance(values, str)
        and len(values) == 2
        and all(isinstance(v, Sequence) and not isinstance(v, str) for v in values)
    )


def _numbers(values: Any, name: str) -> list[float]:
    if not isinstance(values, Sequence) or isinstance(values, (str, bytes)):
        raise ParameterError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    if len(values) == 0:
        raise ParameterError(f"{name} must not be empty")
    for i, value in enumerate(values):
        if math.isnan(real(value)) and not isinstance(value, float):  # a bool, a string, None
            raise ParameterError(f"{name}[{i}] must be a number, got {value!r}")
    return [to_float(value, f"{name}[{i}]", ParameterError) for i, value in enumerate(values)]


def one_feature(X: Any, name: str) -> list[float]:
    """x as a list of numbers, from a list of numbers or from a one-column matrix."""
    if isinstance(X, Sequence) and len(X) > 0 and isinstance(X[0], Real):
        return as_vector(X, name)
    rows = as_matrix(X, name)
    if len(rows[0]) != 1:
        raise ParameterError(f"{name} must have one feature (one column), got {len(rows[0])} columns")
    return [row[0] for row in rows]
