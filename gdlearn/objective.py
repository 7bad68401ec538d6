"""The objective: the mean loss of a model over a data set, as a function of θ.

    J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ)

and by the chain rule, with ŷᵢ = f(xᵢ; θ):

    ∇J(θ) = (1/n) Σᵢ ℓ'(ŷᵢ, yᵢ) · ∇_θ f(xᵢ; θ)

This is what gradient descent minimises. ``Objective`` implements the
``Differentiable`` protocol over the whole data set, and ``value_and_gradient``
gives the
same value and gradient over any subset of rows B (a batch), with n replaced by |B|:

    J_B(θ) = (1/|B|) Σ_{i∈B} ℓ(f(xᵢ; θ), yᵢ)

One pass over the batch computes both: the predictions, then ℓ and ℓ' of
each, then the chain rule. The batch loss is added with a plain ``sum``
because this is the hot loop; ``value`` (the full-data loss that is
reported per epoch) uses ``math.fsum``.

>>> from gdlearn import MSE, LinearModel
>>> J = Objective(LinearModel(1), MSE(), [[1.0], [2.0]], [2.0, 4.0])
>>> J.value([0.0, 0.0])          # (2² + 4²) / 2
10.0
>>> J.gradient([0.0, 0.0])       # (2/2)·[−2·1 − 4·2, −2 − 4]
[-10.0, -6.0]
>>> J.value_and_gradient([0.0, 0.0], [1])     # the second row alone
(16.0, [-16.0, -8.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import DataError
from .losses import Loss, accurate_mean, get_loss
from .models import LinearModel
from .vectors import as_dataset, as_vector


class Objective:
    """J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ) for a model, a loss and data (X, y).

    X and y are checked and converted once, here. The rows are kept twice:
    by row for the predictions and by column for the gradient sums.
    """

    def __init__(self, model: LinearModel, loss: str | Loss, X: Any, y: Any) -> None:
        rows, targets = as_dataset(X, y)
        if len(rows[0]) != model.n_features:
            raise DataError(f"X has {len(rows[0])} columns but the model has {model.n_features} features")
        self.model = model
        self.loss = get_loss(loss)
        self.rows = rows
        self.targets = targets
        self.columns = [list(column) for column in zip(*rows)]
        self.n_samples = len(rows)
        self.n_params = model.n_params

    def value(self, theta: Sequence[float]) -> float:
        """J(θ) over all n rows, summed with ``math.fsum``."""
        theta = self._check_theta(theta)
        y_pred = self.model.forward(theta, self.rows)
        losses, _ = self.loss.pointwise(y_pred, self.targets)
        return accurate_mean(losses)

    def gradient(self, theta: Sequence[float]) -> list[float]:
        """∇J(θ) over all n rows."""
        return self.value_and_gradient(self._check_theta(theta))[1]

    def value_and_gradient(
        self, theta: Sequence[float], indices: Sequence[int] | None = None
    ) -> tuple[float, list[float]]:
        """(J_B(θ), ∇J_B(θ)) over the rows in ``indices`` (all rows if None).

        Unchecked: this is the optimizer's inner loop, and the optimizer
        passes a θ of the right length and indices it drew itself.
        """
        rows: Sequence[Sequence[float]]
        columns: Sequence[Sequence[float]]
        if indices is None:
            rows, columns, targets = self.rows, self.columns, self.targets
        else:
            rows = [self.rows[i] for i in indices]
            columns = list(zip(*rows))
            targets = [self.targets[i] for i in indices]
        m = len(targets)
        y_pred = self.model.forward(theta, rows)  # ŷᵢ = f(xᵢ; θ)
        losses, slopes = self.loss.pointwise(y_pred, targets)  # ℓ(ŷᵢ, yᵢ), ℓ'(ŷᵢ, yᵢ)
        grad = self.model.backward(slopes, columns)  # Σᵢ ℓ'ᵢ · ∇_θ ŷᵢ
        return sum(losses) / m, [g / m for g in grad]

    def _check_theta(self, theta: Any) -> list[float]:
        return as_vector(theta, "theta", length=self.n_params)

    def __repr__(self) -> str:
        return f"Objective({self.model!r}, {self.loss!r}, n_samples={self.n_samples})"
