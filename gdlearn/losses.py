"""Loss functions: how far the predictions ŷ are from the targets y.

Every loss here is a mean of one per-sample loss ℓ over the n samples, so its
gradient with respect to each prediction is that sample's slope over n:

    L(ŷ, y) = (1/n) Σᵢ ℓ(ŷᵢ, yᵢ)          ∂L/∂ŷᵢ = (1/n) ℓ'(ŷᵢ, yᵢ)

A loss therefore only has to say what ℓ and ℓ' = ∂ℓ/∂ŷ are for one sample, in
``value_and_slope(ŷ, y)``, the form a textbook writes; that is the one
implementation of each loss. ``pointwise`` is its list form over a batch,
the pairs (ℓᵢ, ℓ'ᵢ) built from it, and the mean and the 1/n are written
once, in ``Loss`` and ``mean_loss``. The objective calls ``value_and_slope``
for a batch of one row (stochastic gradient descent) and ``pointwise`` for
a batch of many.

Convention: gdlearn's MSE has no ½ in front. Some textbooks write ½·MSE so
that the 2 of the derivative cancels; gdlearn keeps the mean squared error
that every library reports, and the 2 stays in the gradient. The Huber loss
keeps its usual ½ (as in PyTorch and scikit-learn), so near 0 it is ½·MSE.

``curvature`` is an upper bound c on ℓ'' (None if ℓ has a kink): with it, the
Hessian of the mean loss of a linear model is at most (c/n)·X̃ᵀX̃, which is
what ``learning_rate="auto"`` uses (see ``stability``).

    loss       ℓ(ŷ, y)                       c = max ℓ''
    MSE        (ŷ − y)²                      2
    MAE        |ŷ − y|                       none (kink at 0)
    Huber      ½r² or M(|r| − ½M)            1
    LogLoss    log(1 + e^z) − z·y  (ŷ = z)   ¼
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from .checks import positive_number, to_float
from .errors import DataError, ParameterError
from .vectors import as_vector


def mean_loss(pairs: Iterable[tuple[float, float]], m: int) -> float:
    """(1/m) Σᵢ ℓᵢ over the m pairs (ℓᵢ, ℓ'ᵢ) of a batch, with ``math.fsum``.

    fsum adds exactly and rounds once. ``pairs`` is the list of ``pointwise``
    or the same pairs streamed, one ``value_and_slope`` at a time. An
    overflowing sum becomes ``inf`` (fsum would raise ``OverflowError``), so
    callers see an infinite loss and can report divergence.

    >>> mean_loss([(0.1, 0.2)] * 10, 10)    # ten losses of 0.1: exactly 1.0, over 10
    0.1
    """
    try:
        return math.fsum(map(itemgetter(0), pairs)) / m
    except OverflowError:
        return math.inf


class Loss:
    """Base class: the mean of a per-sample loss ℓ(ŷᵢ, yᵢ).

    Subclasses implement ``value_and_slope`` for one sample; ``pointwise``
    applies it to a batch, and ``value`` and ``gradient`` are the checked
    public entry points built on that.
    """

    name = "loss"
    curvature: float | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A loss is written as ``value_and_slope``; a subclass that writes only ``pointwise`` is refused."""
        super().__init_subclass__(**kwargs)
        if "pointwise" in vars(cls) and cls.value_and_slope is Loss.value_and_slope:
            raise ParameterError(
                f"{cls.__name__} must write value_and_slope(y_pred, y) -> (ℓ, ℓ') for one sample;"
                " gdlearn builds pointwise, the list of (ℓᵢ, ℓ'ᵢ) pairs of a batch, from it"
            )

    def check_targets(self, y_true: list[float]) -> None:
        """Raise ``DataError`` if a target is out of this loss's range (any number by default)."""

    def value_and_slope(self, y_pred: float, y: float) -> tuple[float, float]:
        """ℓ(ŷ, y) and its slope ℓ'(ŷ, y) = ∂ℓ/∂ŷ, for one sample (unchecked floats)."""
        raise NotImplementedError

    def pointwise(self, y_pred: Sequence[float], y_true: Sequence[float]) -> list[tuple[float, float]]:
        """[(ℓ(ŷᵢ, yᵢ), ℓ'(ŷᵢ, yᵢ))] over a batch: ``value_and_slope`` for each sample.

        >>> MSE().pointwise([3.0, 5.0], [1.0, 2.0])   # ℓ = r², ℓ' = 2r for r = [2, 3]
        [(4.0, 4.0), (9.0, 6.0)]
        """
        return list(map(self.value_and_slope, y_pred, y_true))

    def value(self, y_pred: Any, y_true: Any) -> float:
        """L(ŷ, y) = (1/n) Σᵢ ℓ(ŷᵢ, yᵢ), summed with ``math.fsum``."""
        predicted, actual = _checked_pair(y_pred, y_true)
        self.check_targets(actual)
        return mean_loss(self.pointwise(predicted, actual), len(actual))

    def gradient(self, y_pred: Any, y_true: Any) -> list[float]:
        """∂L/∂ŷᵢ = (1/n) ℓ'(ŷᵢ, yᵢ), one entry per prediction."""
        predicted, actual = _checked_pair(y_pred, y_true)
        self.check_targets(actual)
        n = len(actual)
        return [slope / n for _, slope in self.pointwise(predicted, actual)]

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
    curvature = 2.0

    def value_and_slope(self, y_pred: float, y: float) -> tuple[float, float]:
        """ℓ = r², ℓ' = 2r, with the residual r = ŷ − y.

        >>> MSE().value_and_slope(3.0, 1.0)    # r = 2
        (4.0, 4.0)
        """
        r = y_pred - y
        return r * r, 2.0 * r


class MAE(Loss):
    """Mean absolute error.

        MAE(ŷ, y) = (1/n) Σᵢ |ŷᵢ − yᵢ|        ∂MAE/∂ŷᵢ = (1/n)·sign(ŷᵢ − yᵢ)

    |r| has no derivative at r = 0: its slope jumps from −1 to +1. gdlearn
    uses the subgradient with sign(0) = 0. Two consequences for gradient
    descent, which wants a differentiable convex objective:

    - each row's slope is ±1/n however small its residual, so the full
      gradient shrinks near the minimum only as the signs come to balance,
      in jumps, not with the distance to it: a constant learning rate makes
      θ hover around the optimum instead of settling; a decaying rate, or
      accepting a loss that stops improving, is the cure;
    - it is far less pulled by outliers than MSE: each sample pushes with the
      same force, so the fit tracks the median rather than the mean.

    >>> MAE().value([3.0, 1.0, 2.0], [1.0, 2.0, 2.0])   # (2 + 1 + 0) / 3
    1.0
    >>> MAE().gradient([3.0, 1.0, 2.0], [1.0, 2.0, 2.0])  # sign(r)/3, sign(0) = 0
    [0.3333333333333333, -0.3333333333333333, 0.0]
    """

    name = "mae"

    def value_and_slope(self, y_pred: float, y: float) -> tuple[float, float]:
        """ℓ = |r|, ℓ' = sign(r) with sign(0) = 0, for the residual r = ŷ − y.

        >>> MAE().value_and_slope(1.0, 3.0)    # r = −2
        (2.0, -1.0)
        """
        r = y_pred - y
        return abs(r), 1.0 if r > 0 else -1.0 if r < 0 else 0.0  # a float: ℓ'·x̃ stays float arithmetic


class Huber(Loss):
    """The Huber loss: squared near 0, absolute beyond M.

        ℓ(r) = ½r²              if |r| ≤ M        ℓ'(r) = r
        ℓ(r) = M·(|r| − ½M)     if |r| > M        ℓ'(r) = M·sign(r)

    for the residual r = ŷ − y; the loss is the mean (1/n) Σᵢ ℓ(rᵢ).

    M = ``delta`` (> 0, default 1.0 as in PyTorch) is in the units of y: the
    residual size where the loss stops growing like r² and starts growing
    like |r|. Small residuals get MSE's smooth pull, large ones (outliers)
    only MAE's constant pull. ℓ and ℓ' are continuous at |r| = M (both
    pieces give ½M² and M), so gradient descent sees no kink.

    >>> Huber(delta=1.0).value([0.5, 3.0], [0.0, 0.0])   # (½·0.25 + 1·(3 − ½)) / 2
    1.3125
    >>> Huber(delta=1.0).gradient([0.5, 3.0], [0.0, 0.0])  # [0.5, 1·sign(3)] / 2
    [0.25, 0.5]
    """

    name = "huber"
    curvature = 1.0

    def __init__(self, delta: float = 1.0) -> None:
        self.delta = positive_number(delta, "delta")

    def value_and_slope(self, y_pred: float, y: float) -> tuple[float, float]:
        """ℓ and ℓ' piecewise, for the residual r = ŷ − y."""
        r, delta = y_pred - y, self.delta
        if abs(r) <= delta:
            return 0.5 * r * r, r
        return delta * (abs(r) - 0.5 * delta), delta if r > 0 else -delta

    def __repr__(self) -> str:
        return f"Huber(delta={self.delta!r})"


def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e^(−z)), in the form that cannot overflow.

    For z ≥ 0, e^(−z) ≤ 1; for z < 0 the same value is written e^z / (1 + e^z),
    so exp only ever sees a negative argument.

    >>> sigmoid(0.0), sigmoid(1000.0), sigmoid(-1000.0)
    (0.5, 1.0, 0.0)
    """
    return _sigmoid(to_float(z, "z"))


def _sigmoid(z: float) -> float:
    """σ(z) for a float z, unchecked: the inner loop of ``LogLoss`` and ``predict_proba``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class LogLoss(Loss):
    """Binary cross-entropy (log loss), taking the logit z as its prediction.

    With p = σ(z) the predicted probability that y = 1 (y is 0 or 1):

        ℓ(z, y)  = −y·log p − (1 − y)·log(1 − p)
                 = max(z, 0) − z·y + log(1 + e^(−|z|))     (the stable form)
        ℓ'(z, y) = σ(z) − y

    The loss is fed logits, not probabilities, as PyTorch's
    ``BCEWithLogitsLoss``: so ``LogisticModel.forward`` returns z = w·x + b
    and σ is applied only to report probabilities. Written from z, nothing
    overflows: e^(−|z|) ≤ 1, and log1p keeps the digits when it is tiny.
    The naive form, log σ(z), would give log 0 = −∞ at z = −1000.

    Targets must be 0 or 1 (a ``DataError`` otherwise).

    >>> round(LogLoss().value([0.0], [1.0]), 6)   # log 2: a coin flip
    0.693147
    >>> LogLoss().value([1000.0, -1000.0], [0.0, 1.0])   # 1000 each, no overflow
    1000.0
    >>> LogLoss().gradient([0.0, 0.0], [1.0, 0.0])       # (σ(0) − y) / 2
    [-0.25, 0.25]
    """

    name = "log"
    curvature = 0.25  # ℓ'' = σ(z)(1 − σ(z)) ≤ ¼

    def check_targets(self, y_true: list[float]) -> None:
        for i, y in enumerate(y_true):
            if y not in (0.0, 1.0):
                raise DataError(f"y[{i}] must be 0 or 1 for the log loss (classes), got {y!r}")

    def value_and_slope(self, y_pred: float, y: float) -> tuple[float, float]:
        """ℓ = max(z, 0) − z·y + log1p(e^(−|z|)), ℓ' = σ(z) − y, for the logit z = ŷ."""
        z = y_pred
        return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z))), _sigmoid(z) - y


LOSSES: dict[str, type[Loss]] = {"mse": MSE, "mae": MAE, "huber": Huber, "log": LogLoss}


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
