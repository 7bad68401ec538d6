"""Loss functions: how far the predictions ŷ are from the targets y.

Every loss here is a mean of one per-sample loss ℓ over the n samples, so its
gradient with respect to each prediction is that sample's slope over n:

    L(ŷ, y) = (1/n) Σᵢ ℓ(ŷᵢ, yᵢ)          ∂L/∂ŷᵢ = (1/n) ℓ'(ŷᵢ, yᵢ)

A loss therefore only has to say what ℓ and ℓ' are, in ``pointwise``; the
mean and the 1/n are written once, in ``Loss``. The objective calls
``pointwise`` on each batch, so this is the one implementation of each loss.

Convention: gdlearn's MSE has no ½ in front. Some textbooks write ½·MSE so
that the 2 of the derivative cancels; gdlearn keeps the mean squared error
that every library reports, and the 2 stays in the gradient.
"""

from __future__ import annotations

import math
from operator import sub
from typing import Any

from .errors import DataError, ParameterError
from .vectors import as_vector


def accurate_mean(values: list[float]) -> float:
    """(1/n) Σᵢ vᵢ with ``math.fsum``: exact summation, rounded once.

    An overflowing sum becomes ``inf`` (fsum would raise ``OverflowError``),
    so callers see an infinite loss and can report divergence.

    >>> accurate_mean([0.1] * 10)
    0.1
    """
    try:
        return math.fsum(values) / len(values)
    except OverflowError:
        return math.inf


class Loss:
    """Base class: the mean of a per-sample loss ℓ(ŷᵢ, yᵢ).

    Subclasses implement ``pointwise``; ``value`` and ``gradient`` are the
    checked public entry points built on it.
    """

    name = "loss"

    def pointwise(self, y_pred: list[float], y_true: list[float]) -> tuple[list[float], list[float]]:
        """Per-sample losses ℓ(ŷᵢ, yᵢ) and slopes ℓ'(ŷᵢ, yᵢ) = ∂ℓ/∂ŷᵢ."""
        raise NotImplementedError

    def value(self, y_pred: Any, y_true: Any) -> float:
        """L(ŷ, y) = (1/n) Σᵢ ℓ(ŷᵢ, yᵢ), summed with ``math.fsum``."""
        predicted, actual = _checked_pair(y_pred, y_true)
        losses, _ = self.pointwise(predicted, actual)
        return accurate_mean(losses)

    def gradient(self, y_pred: Any, y_true: Any) -> list[float]:
        """∂L/∂ŷᵢ = (1/n) ℓ'(ŷᵢ, yᵢ), one entry per prediction."""
        predicted, actual = _checked_pair(y_pred, y_true)
        _, slopes = self.pointwise(predicted, actual)
        n = len(slopes)
        return [slope / n for slope in slopes]

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSE(Loss):
    """Mean squared error.

        MSE(ŷ, y) = (1/n) Σᵢ (ŷᵢ − yᵢ)²        ∂MSE/∂ŷᵢ = (2/n)(ŷᵢ − yᵢ)

    Smooth and convex in ŷ, and so in θ for a linear model: gradient descent
    with a small enough rate converges to the least-squares solution.

    >>> MSE().value([3.0, 5.0], [1.0, 2.0])   # (2² + 3²) / 2
    6.5
    >>> MSE().gradient([3.0, 5.0], [1.0, 2.0])  # (2/2)·[2, 3]
    [2.0, 3.0]
    """

    name = "mse"

    def pointwise(self, y_pred: list[float], y_true: list[float]) -> tuple[list[float], list[float]]:
        """ℓ = r², ℓ' = 2r, with the residual r = ŷ − y."""
        residual = list(map(sub, y_pred, y_true))
        return [r * r for r in residual], [2.0 * r for r in residual]


class MAE(Loss):
    """Mean absolute error.

        MAE(ŷ, y) = (1/n) Σᵢ |ŷᵢ − yᵢ|        ∂MAE/∂ŷᵢ = (1/n)·sign(ŷᵢ − yᵢ)

    |r| has no derivative at r = 0: its slope jumps from −1 to +1. gdlearn
    uses the subgradient with sign(0) = 0. Two consequences for gradient
    descent, which wants a differentiable convex objective:

    - the step never shrinks near the minimum (the slope is ±1/n however
      small the residual), so a constant learning rate makes θ hover around
      the optimum instead of settling; a decaying rate, or accepting a loss
      that stops improving, is the cure;
    - it is far less pulled by outliers than MSE: each sample pushes with the
      same force, so the fit tracks the median rather than the mean.

    >>> MAE().value([3.0, 1.0, 2.0], [1.0, 2.0, 2.0])   # (2 + 1 + 0) / 3
    1.0
    >>> MAE().gradient([3.0, 1.0, 2.0], [1.0, 2.0, 2.0])  # sign(r)/3, sign(0) = 0
    [0.3333333333333333, -0.3333333333333333, 0.0]
    """

    name = "mae"

    def pointwise(self, y_pred: list[float], y_true: list[float]) -> tuple[list[float], list[float]]:
        """ℓ = |r|, ℓ' = sign(r) with sign(0) = 0, for the residual r = ŷ − y."""
        residual = list(map(sub, y_pred, y_true))
        return list(map(abs, residual)), [(r > 0) - (r < 0) for r in residual]


LOSSES: dict[str, type[Loss]] = {"mse": MSE, "mae": MAE}


def get_loss(loss: str | Loss) -> Loss:
    """A ``Loss`` instance from a name in ``LOSSES`` or a ``Loss`` itself.

    >>> get_loss("mse")
    MSE()
    """
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, str) and loss.lower() in LOSSES:
        return LOSSES[loss.lower()]()
    raise ParameterError(f"loss must be one of {sorted(LOSSES)} or a Loss, got {loss!r}")


def _checked_pair(y_pred: Any, y_true: Any) -> tuple[list[float], list[float]]:
    predicted = as_vector(y_pred, "y_pred")
    actual = as_vector(y_true, "y_true")
    if len(predicted) != len(actual):
        raise DataError(
            f"y_pred has {len(predicted)} values but y_true has {len(actual)}; they must match"
        )
    return predicted, actual
