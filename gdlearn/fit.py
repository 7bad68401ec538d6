"""``fit``: the whole pipeline in a few lines you can follow.

    model      f(x; θ) = w·x + b                 LinearModel
    objective  J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ)    Objective
    optimizer  θ ← θ − η·∇J_b(θ)                 GradientDescent

>>> result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], learning_rate=0.1, epochs=2000)
>>> round(result.model.predict_one([3.0]), 9)   # y = 2x + 1, so 7
7.0
>>> result.stop_reason, result.n_iter
('max_epochs', 2000)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from .history import Result
from .losses import Loss
from .models import LinearModel
from .objective import Objective
from .optimizer import GradientDescent
from .vectors import as_dataset


@dataclass(frozen=True)
class FitResult(Result):
    """A ``Result`` that also holds the fitted ``model``."""

    model: LinearModel = field(kw_only=True)


def fit(
    X: Any,
    y: Any,
    *,
    loss: str | Loss = "mse",
    learning_rate: float = 0.01,
    batch_size: int | None = None,
    epochs: int = 100,
    shuffle: bool = True,
    seed: int | None = None,
    fit_intercept: bool = True,
    tol: float | None = None,
    patience: int = 5,
    theta0: Any = None,
    record_theta: bool = False,
    callback: Callable[[int, float], None] | None = None,
) -> FitResult:
    """Fit a linear model to (X, y) by gradient descent.

    ``loss`` is "mse", "mae" or a ``Loss``; the other arguments are those of
    ``LinearModel``, ``GradientDescent`` and ``GradientDescent.minimize``.
    Raises ``DivergenceError`` (with the partial history) if the run blows up.
    """
    rows, targets = as_dataset(X, y)
    model = LinearModel(len(rows[0]), fit_intercept=fit_intercept)
    objective = Objective(model, loss, rows, targets)
    optimizer = GradientDescent(learning_rate, batch_size=batch_size, shuffle=shuffle, seed=seed)
    result = optimizer.minimize(
        objective,
        theta0,
        epochs=epochs,
        tol=tol,
        patience=patience,
        record_theta=record_theta,
        callback=callback,
    )
    run = {f.name: getattr(result, f.name) for f in fields(result)}
    return FitResult(**run, model=model.with_theta(result.theta))
