"""The loss surface of a line fit, f(w, b) = J([w, b]), for ``contour``; with its minimum where known.

    regression_surface(X, y)       f(w, b) = (1/n) Σᵢ ℓ(w·xᵢ + b, yᵢ), callable, with .minimizer

For MSE both the surface and its minimum have closed forms in the data's
moments, so a fine contour grid is cheap and the minimum can be marked:

    J(w, b) = w²·var(x) − 2w·cov(x, y) + var(y) + (w·x̄ + b − ȳ)²
    w* = cov(x, y)/var(x),   b* = ȳ − w*·x̄          (least squares)

>>> J = regression_surface([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
>>> J(2.0, 1.0), J(0.0, 0.0), J.minimizer        # 0 at the exact line; (1 + 9 + 25)/3
(0.0, 11.666666666666666, [2.0, 1.0])
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..losses import MSE, Loss
from ..models import LinearModel
from ..objective import Objective
from ..vectors import as_dataset
from .curves import one_feature


class LossSurface:
    """f(w, b) = J([w, b]) as a function of two floats; ``minimizer`` is [w*, b*] or None if unknown."""

    def __init__(self, f: Callable[[float, float], float], minimizer: list[float] | None) -> None:
        self.f, self.minimizer = f, minimizer

    def __call__(self, w: float, b: float) -> float:
        return self.f(w, b)

    def __repr__(self) -> str:
        return f"LossSurface(minimizer={self.minimizer!r})"


def regression_surface(X: Any, y: Any, loss: str | Loss = "mse") -> LossSurface:
    """f(w, b) = J([w, b]) = (1/n) Σᵢ ℓ(w·xᵢ + b, yᵢ), the loss surface of a line fit.

    For MSE it is evaluated in O(1) from the data's moments (population
    variances, centred first for accuracy), and its ``minimizer`` is the
    least-squares line (None when every x is the same: then a whole line of
    (w, b) is best). Other losses go through ``Objective``, one pass over
    the data per point, with ``minimizer`` None (no closed form).

    >>> regression_surface([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], loss="mae").minimizer is None
    True
    """
    rows, targets = as_dataset([[v] for v in one_feature(X, "X")], y)
    objective = Objective(LinearModel(1), loss, rows, targets)
    if type(objective.loss) is not MSE:  # a subclass may change the loss
        return LossSurface(lambda w, b: objective.value([w, b]), None)
    n = len(targets)
    xs = [row[0] for row in rows]
    x_mean, y_mean = math.fsum(xs) / n, math.fsum(targets) / n
    dx = [x_i - x_mean for x_i in xs]
    dy = [y_i - y_mean for y_i in targets]
    var_x = math.fsum(d * d for d in dx) / n
    var_y = math.fsum(d * d for d in dy) / n
    cov_xy = math.fsum(p * q for p, q in zip(dx, dy)) / n

    def mse(w: float, b: float) -> float:
        offset = w * x_mean + b - y_mean
        return w * w * var_x - 2 * w * cov_xy + var_y + offset * offset

    if var_x == 0:
        return LossSurface(mse, None)
    w_star = cov_xy / var_x
    return LossSurface(mse, [w_star, y_mean - w_star * x_mean])
