"""Feature scaling: put every column on one scale before gradient descent.

Gradient descent moves every weight with the same step size η. When one
feature is in the hundreds (mtcars' displacement) and another is 0 or 1
(its transmission), the loss surface is a long narrow valley: an η small
enough for the steep direction crawls along the flat one. Standardising
each column j of X gives every column mean 0 and standard deviation 1:

    μⱼ  = (1/n) Σᵢ xᵢⱼ                    the mean
    sⱼ  = √( (1/n) Σᵢ (xᵢⱼ − μⱼ)² )       the population standard deviation
    zᵢⱼ = (xᵢⱼ − μⱼ) / sⱼ                 and back:  xᵢⱼ = μⱼ + sⱼ·zᵢⱼ

Convention: sⱼ divides by n, not n − 1 (as scikit-learn's StandardScaler);
it only has to make the columns comparable, not estimate a population.

Back to the original units. A model learned on z, and optionally on a
standardised target z_y = (y − μ_y)/s_y, predicts ẑ_y = Σⱼ w'ⱼ·zⱼ + b'.
Substituting zⱼ = (xⱼ − μⱼ)/sⱼ and y = μ_y + s_y·z_y,

    ŷ = μ_y + s_y·( Σⱼ w'ⱼ·(xⱼ − μⱼ)/sⱼ + b' )
      = Σⱼ (s_y·w'ⱼ/sⱼ)·xⱼ  +  μ_y + s_y·( b' − Σⱼ w'ⱼ·μⱼ/sⱼ )

so the same model in original units is

    wⱼ = s_y·w'ⱼ/sⱼ        b = μ_y + s_y·( b' − Σⱼ w'ⱼ·μⱼ/sⱼ )

with μ_y = 0, s_y = 1 when the target was left as it is. These are the
weights to compare with ``least_squares`` on the raw data.

>>> scaler = Standardizer.fit([[1.0], [3.0]])          # μ = 2, s = 1
>>> scaler.transform([[1.0], [3.0], [4.0]])
[[-1.0], [1.0], [2.0]]
>>> scaler.unscale_model(LinearModel(1, theta=[2.0, 5.0]))   # 5 + 2·(x − 2)/1
LinearModel(weights=[2.0], bias=1.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .checks import positive_number, to_float
from .errors import DataError, ParameterError
from .models import LinearModel, LogisticModel
from .vectors import as_matrix, as_vector


@dataclass(frozen=True)
class Standardizer:
    """The column means μ and standard deviations s of a matrix, and z = (x − μ)/s.

    Build one with ``Standardizer.fit(X, names=None)``; it never changes
    afterwards. ``names`` (one per column) only make error messages clearer.

    >>> scaler = Standardizer.fit([[0.0, 10.0], [2.0, 10.0], [4.0, 40.0]])
    >>> scaler.mean, scaler.scale       # μ = (2, 20); s₁ = √(8/3), s₂ = √(600/3)
    ((2.0, 20.0), (1.632993161855452, 14.142135623730951))
    """

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        mean = as_vector(self.mean, "mean")
        scale = as_vector(self.scale, "scale", length=len(mean))
        for j, s in enumerate(scale):
            if s <= 0:
                raise ParameterError(f"scale[{j}] must be > 0, got {s!r}")
        object.__setattr__(self, "mean", tuple(mean))
        object.__setattr__(self, "scale", tuple(scale))
        if self.names is not None:
            names = tuple(self.names)
            if len(names) != len(mean) or not all(isinstance(name, str) for name in names):
                raise ParameterError(f"names must be {len(mean)} column names, got {self.names!r}")
            object.__setattr__(self, "names", names)

    @classmethod
    def fit(cls, X: Any, names: Sequence[str] | None = None) -> Standardizer:
        """μⱼ and sⱼ of every column of X (formulas in the module docstring).

        A constant column has sⱼ = 0 and cannot be standardised: a DataError
        names it (by index from 0, and by name when ``names`` are given).

        >>> Standardizer.fit([[1.0, 5.0], [3.0, 5.0]], names=["a", "b"])
        Traceback (most recent call last):
          ...
        gdlearn.errors.DataError: column 1 ('b') is constant (every value is 5.0), so its ...
        """
        rows = as_matrix(X, "X")
        if names is not None and len(names) != len(rows[0]):
            raise ParameterError(f"names must be {len(rows[0])} column names, got {names!r}")
        mean: list[float] = []
        scale: list[float] = []
        for j, column in enumerate(zip(*rows)):
            lo, hi = min(column), max(column)
            if lo == hi:
                label = f"column {j}" if names is None else f"column {j} ({names[j]!r})"
                raise DataError(
                    f"{label} is constant (every value is {lo!r}), so its standard deviation is 0 "
                    "and it cannot be standardised; leave it out"
                )
            mu, s = _mean_and_deviation(column)
            mean.append(mu)
            scale.append(s)
        return cls(tuple(mean), tuple(scale), None if names is None else tuple(names))

    @property
    def n_features(self) -> int:
        """d, the number of columns."""
        return len(self.mean)

    def transform(self, X: Any) -> list[list[float]]:
        """zᵢⱼ = (xᵢⱼ − μⱼ)/sⱼ for every row of X."""
        rows = self._check(X, "X")
        mean, scale = self.mean, self.scale
        Z = [[(x - mu) / s for x, mu, s in zip(row, mean, scale)] for row in rows]
        return self._finite(Z, "transform")

    def inverse_transform(self, Z: Any) -> list[list[float]]:
        """xᵢⱼ = μⱼ + sⱼ·zᵢⱼ for every row of Z: undoes ``transform``.

        >>> Standardizer.fit([[1.0], [3.0]]).inverse_transform([[-1.0], [0.5]])
        [[1.0], [2.5]]
        """
        rows = self._check(Z, "Z")
        mean, scale = self.mean, self.scale
        X = [[mu + s * z for z, mu, s in zip(row, mean, scale)] for row in rows]
        return self._finite(X, "inverse_transform")

    def unscale_model(self, model: LinearModel, *, y_mean: Any = 0.0, y_scale: Any = 1.0) -> LinearModel:
        """The model learned on z, rewritten for the original x (and y).

            wⱼ = s_y·w'ⱼ/sⱼ        b = μ_y + s_y·( b' − Σⱼ w'ⱼ·μⱼ/sⱼ )

        ``y_mean`` = μ_y and ``y_scale`` = s_y describe a standardised target;
        leave them at 0 and 1 if y was not standardised. A model without an
        intercept (b' = 0) comes back with one, since the shift μ needs it.
        The model comes back of its own kind: a ``LogisticModel``'s logit
        z = w·x + b is rewritten the same way (its target, a class, is never
        standardised).

        >>> scaler = Standardizer.fit([[0.0], [4.0]])        # μ = 2, s = 2
        >>> scaler.unscale_model(LinearModel(1, theta=[1.0, 0.0]), y_mean=10.0, y_scale=3.0)
        LinearModel(weights=[1.5], bias=7.0)
        """
        if not isinstance(model, LinearModel):
            raise ParameterError(f"model must be a LinearModel, got {type(model).__name__}")
        if model.n_features != self.n_features:
            raise DataError(
                f"model has {model.n_features} features but the standardizer has {self.n_features}"
            )
        mu_y = to_float(y_mean, "y_mean")
        s_y = positive_number(y_scale, "y_scale")
        if isinstance(model, LogisticModel) and (mu_y, s_y) != (0.0, 1.0):
            raise ParameterError("a LogisticModel predicts classes 0 and 1: its target is never standardised")
        w_prime, b_prime = model.weights, model.bias
        w = [s_y * wj / s for wj, s in zip(w_prime, self.scale)]
        shift = math.fsum(wj * mu / s for wj, mu, s in zip(w_prime, self.mean, self.scale))
        b = mu_y + s_y * (b_prime - shift)
        if not all(map(math.isfinite, [*w, b])):
            raise DataError(f"the model in original units overflows: weights {w}, bias {b}")
        return type(model)(self.n_features, fit_intercept=True, theta=[*w, b])

    def _check(self, X: Any, name: str) -> list[list[float]]:
        rows = as_matrix(X, name)
        if len(rows[0]) != self.n_features:
            raise DataError(
                f"{name} must have {self.n_features} columns like the data fitted, got {len(rows[0])}"
            )
        return rows

    def _finite(self, rows: list[list[float]], what: str) -> list[list[float]]:
        for i, row in enumerate(rows):
            # A sum is finite when every term is (or it merely overflowed): one test per row.
            if math.isfinite(sum(row)):
                continue
            for j, value in enumerate(row):
                if not math.isfinite(value):
                    label = f"column {j}" if self.names is None else f"column {j} ({self.names[j]!r})"
                    raise DataError(f"{what} overflows at row {i}, {label}: the values are too large")
        return rows


def _mean_and_deviation(column: Sequence[float]) -> tuple[float, float]:
    """μ = (1/n) Σ xᵢ and s = √((1/n) Σ (xᵢ − μ)²) with math.fsum, safe near 1e±308.

    Both are computed on uᵢ = xᵢ/2ᵉ, with 2ᵉ just above max |xᵢ| (an exact
    division by a power of two), so no square overflows or underflows; then
    μ and s are scaled back by 2ᵉ. Neither can overflow: |μ| and s are at
    most max |xᵢ|.
    """
    n = len(column)
    e = math.frexp(max(abs(x) for x in column))[1]
    u = [math.ldexp(x, -e) for x in column]
    u_mean = math.fsum(u) / n
    u_scale = math.sqrt(math.fsum((ui - u_mean) ** 2 for ui in u) / n)
    return math.ldexp(u_mean, e), math.ldexp(u_scale, e)
