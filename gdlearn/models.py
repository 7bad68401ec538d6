"""Models: what a model gives gradient descent (``Model``), and the linear model.

A model is a function f(x; θ) of a row x with parameters θ = [θ₁, …, θₚ].
Gradient descent asks it two things, for any θ and any batch of rows:

    forward(θ, rows)        ŷᵢ = f(xᵢ; θ) for each row: the predictions
    backward(θ, rows, δ)    Σᵢ δᵢ·∂ŷᵢ/∂θ: how the predictions move with θ,
                            weighted by δᵢ = ∂L/∂ŷᵢ, which the loss supplies

Together they are the chain rule, ∂L/∂θ = Σᵢ (∂L/∂ŷᵢ)·(∂ŷᵢ/∂θ): the loss
knows the first factor, the model the second (``Objective`` joins them).
Anything with these two methods, its sizes and the positions of its
weights is a ``Model``: ``fit(X, y, model=...)`` trains it with every
optimizer and batch size.

The linear model  f(x; θ) = w·x + b = θ·x̃  lays θ out as  θ = [w₁, …, w_d, b],
with x̃ the row with a 1 appended for the bias,  x̃ = (x₁, …, x_d, 1).
Without an intercept, b is absent from θ and fixed at 0, and there is no 1:
θ = [w₁, …, w_d], x̃ = x. Its one derivative does not depend on θ:

    ∂f/∂θ = x̃        that is  ∂f/∂wⱼ = xⱼ,  ∂f/∂b = 1          (``features``)

so its backward pass is  Σᵢ δᵢ·x̃ᵢ = [Σᵢ δᵢ·xᵢ₁, …, Σᵢ δᵢ·xᵢ_d, Σᵢ δᵢ],
one dot product per column (``column_sums``). For a batch of one row the
sum has one term, δ·x̃: ``Objective`` keeps x̃ of every row ready for it.

>>> model = LinearModel(2, theta=[0.5, -1.0, 2.0])
>>> model
LinearModel(weights=[0.5, -1.0], bias=2.0)
>>> model.predict_one([4.0, 1.0])   # 0.5·4 − 1·1 + 2
3.0
>>> isinstance(model, Model), model.weight_indices   # l1 and l2 act on θ₀ = w₁, θ₁ = w₂
(True, (0, 1))

``LogisticModel`` is the same linear function read as a logit, for two
classes: z = w·x + b, and the probability of class 1 is σ(z).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from .checks import boolean, positive_int
from .errors import DataError
from .losses import LogLoss, _sigmoid
from .vectors import as_matrix, as_vector, dot


@runtime_checkable
class Model(Protocol):
    """What ``Objective``, ``fit`` and the optimizers need from a model f(x; θ) of p parameters.

        n_features            d, the number of columns of X the model reads
        n_params              p, the length of θ
        weight_indices        the positions j of the weights in θ: the penalties
                              λ₂‖w‖² + λ₁‖w‖₁ act on these θⱼ and on no other
        forward(θ, rows)      [ŷ₁, …, ŷₘ] with ŷᵢ = f(xᵢ; θ)
        backward(θ, rows, δ)  Σᵢ δᵢ·∂ŷᵢ/∂θ = [Σᵢ δᵢ·∂ŷᵢ/∂θ₁, …, Σᵢ δᵢ·∂ŷᵢ/∂θₚ]
        theta                 the model's own θ: where ``fit`` starts
        with_theta(θ)         the same model with another θ: what ``fit`` returns

    ``backward`` gets θ and the rows again, so a model keeps nothing between
    the two calls, and δ with one entry per row (δᵢ = ∂L/∂ŷᵢ). It is the
    product of δ with the Jacobian ∂ŷ/∂θ, as PyTorch's ``backward`` is.
    Neither method checks its input: ``Objective`` passes a θ of length p
    and rows of d numbers. ``LinearModel`` and ``LogisticModel`` are models;
    docs/teaching.md writes one of your own, and ``check_gradient`` on its
    ``Objective`` checks its ``backward``.
    """

    @property
    def n_features(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def weight_indices(self) -> Sequence[int]: ...
    @property
    def theta(self) -> Sequence[float]: ...
    def with_theta(self, theta: Any) -> Model: ...
    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]: ...
    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]: ...


class LinearModel:
    """f(x; θ) = w·x + b, with θ = [w₁, …, w_d, b] (no b without intercept).

    ``theta`` starts at zeros unless it is given. The model is a value: its
    θ does not change after construction; fitting returns a new model.
    """

    def __init__(self, n_features: int, fit_intercept: bool = True, theta: Any = None) -> None:
        self.n_features = positive_int(n_features, "n_features")
        self.fit_intercept = boolean(fit_intercept, "fit_intercept")
        self.n_params = self.n_features + fit_intercept
        self.weight_indices = tuple(range(self.n_features))  # w = θ[:d]; never the bias
        if theta is None:
            self._theta = (0.0,) * self.n_params
        else:
            self._theta = tuple(as_vector(theta, "theta", length=self.n_params))

    @property
    def theta(self) -> list[float]:
        """θ = [w₁, …, w_d, b], or [w₁, …, w_d] without an intercept."""
        return list(self._theta)

    @property
    def weights(self) -> list[float]:
        """w = [w₁, …, w_d]."""
        return list(self._theta[: self.n_features])

    @property
    def bias(self) -> float:
        """b, which is 0.0 when the model has no intercept."""
        return self._theta[-1] if self.fit_intercept else 0.0

    def with_theta(self, theta: Any) -> LinearModel:
        """The same kind of model with another θ."""
        return type(self)(self.n_features, self.fit_intercept, theta)

    # The math: forward pass, and the chain rule backwards.

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        """ŷᵢ = w·xᵢ + b = θ·x̃ᵢ for each row xᵢ, at the given θ (unchecked)."""
        d = self.n_features
        w = theta[:d]
        b = theta[d] if self.fit_intercept else 0.0
        return [dot(w, x) + b for x in rows]

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        """Σᵢ δᵢ·∂ŷᵢ/∂θ = Σᵢ δᵢ·x̃ᵢ = [Σᵢ δᵢxᵢ₁, …, Σᵢ δᵢxᵢ_d, Σᵢ δᵢ] (unchecked).

        A linear model's ∂ŷᵢ/∂θ = x̃ᵢ does not depend on θ, so θ is not
        used. The sums are taken column by column, ``column_sums``.

        >>> LinearModel(2).backward([0.0, 0.0, 0.0], [[1.0, 2.0], [3.0, 4.0]], [1.0, -1.0])
        [-2.0, -2.0, 0.0]
        """
        return self.column_sums(delta, zip(*rows))

    def column_sums(self, delta: Sequence[float], columns: Iterable[Sequence[float]]) -> list[float]:
        """``backward`` from the batch by column, x₍·₎ⱼ for j = 1…d: one dot product per weight.

        ``Objective`` keeps all rows by column too, and passes them here.
        """
        grad = [dot(delta, column) for column in columns]  # ∂/∂wⱼ: Σᵢ δᵢ·xᵢⱼ
        if self.fit_intercept:
            grad.append(sum(delta))  # ∂/∂b: Σᵢ δᵢ·1
        return grad

    def features(self, x: Sequence[float]) -> list[float]:
        """x̃ = (x₁, …, x_d, 1) = ∂f(x; θ)/∂θ, the model's one derivative (unchecked).

        No 1 without an intercept: then x̃ = x. Since f = θ·x̃, this is also
        what θ multiplies: ``Objective`` keeps x̃ of each row for one-row steps.

        >>> LinearModel(2).features([3.0, 4.0])
        [3.0, 4.0, 1.0]
        """
        return [*x, 1.0] if self.fit_intercept else list(x)

    def gradient_one(self, x: Any) -> list[float]:
        """∂f(x; θ)/∂θ = x̃ = [x₁, …, x_d, 1] for one row, checked (no 1 without an intercept).

        >>> LinearModel(2).gradient_one([3, 4])
        [3.0, 4.0, 1.0]
        """
        return self.features(self._check_row(x))

    # Predictions with the model's own θ, for users.

    def predict_one(self, x: Any) -> float:
        """f(x; θ) = w·x + b for one row x."""
        return self._finite(self.forward(self._theta, [self._check_row(x)]))[0]

    def predict(self, X: Any) -> list[float]:
        """[f(x₁; θ), …, f(xₙ; θ)] for the rows of X.

        >>> LinearModel(1, theta=[2.0, 1.0]).predict([[0], [1], [2]])
        [1.0, 3.0, 5.0]
        """
        rows = as_matrix(X, "X")
        if len(rows[0]) != self.n_features:
            raise DataError(f"X must have {self.n_features} columns for this model, got {len(rows[0])}")
        return self._finite(self.forward(self._theta, rows))

    def _finite(self, outputs: list[float]) -> list[float]:
        """The outputs w·x + b, or a DataError naming the first that overflowed.

        Finite inputs and weights can still give ±inf (or inf − inf = nan)
        once a product passes 1.8e308; a prediction is never silently inf.
        """
        if not math.isfinite(sum(outputs)):  # one pass in C; the loop runs only on failure
            for i, output in enumerate(outputs):
                if not math.isfinite(output):
                    raise DataError(
                        f"the prediction for row {i} is {output} (w·x + b overflowed a float):"
                        " the inputs or the weights are too large"
                    )
        return outputs

    def _check_row(self, x: Any) -> list[float]:
        return as_vector(x, "x", length=self.n_features)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinearModel) or type(other) is not type(self):
            return NotImplemented
        return (self.n_features, self.fit_intercept, self._theta) == (
            other.n_features,
            other.fit_intercept,
            other._theta,
        )

    def __hash__(self) -> int:
        return hash((type(self), self.n_features, self.fit_intercept, self._theta))

    def __repr__(self) -> str:
        bias = f", bias={self.bias!r}" if self.fit_intercept else ", fit_intercept=False"
        return f"{type(self).__name__}(weights={self.weights!r}{bias})"


class LogisticModel(LinearModel):
    """Logistic regression: P(y = 1 | x) = σ(w·x + b), with σ(z) = 1/(1 + e^(−z)).

    θ has the layout of ``LinearModel``, and ``forward``/``backward`` are
    inherited unchanged: the model's raw output is the logit z = w·x + b,
    and the loss ``LogLoss`` is written on logits (as PyTorch's
    ``BCEWithLogitsLoss``). So the gradient is the linear model's chain rule
    with δᵢ = (σ(zᵢ) − yᵢ)/n. Only what users see goes through σ:

        predict_proba(X) = [σ(zᵢ)]      the probability of class 1
        predict(X)       = [1 if σ(zᵢ) ≥ ½ else 0] = [1 if zᵢ ≥ 0 else 0]

    >>> model = LogisticModel(1, theta=[2.0, -1.0])      # z = 2x − 1
    >>> model.predict_proba([[0.5], [10.0]])             # σ(0), σ(19)
    [0.5, 0.9999999943972036]
    >>> model.predict([[0.0], [0.5], [3.0]])
    [0.0, 1.0, 1.0]
    >>> model.accuracy([[0.0], [3.0]], [0, 0])           # one of two right
    0.5
    """

    def predict_proba(self, X: Any) -> list[float]:
        """[σ(z₁), …, σ(zₙ)], the probability of class 1 for each row of X."""
        return [_sigmoid(z) for z in super().predict(X)]

    def predict(self, X: Any) -> list[float]:
        """The class of each row: 1.0 where σ(z) ≥ ½ (that is z ≥ 0), else 0.0."""
        return [1.0 if z >= 0 else 0.0 for z in super().predict(X)]

    def predict_one(self, x: Any) -> float:
        """The class of one row x, 1.0 or 0.0."""
        return 1.0 if super().predict_one(x) >= 0 else 0.0

    def accuracy(self, X: Any, y: Any) -> float:
        """The fraction of rows whose predicted class equals y (targets 0 or 1)."""
        labels = as_vector(y, "y")
        LogLoss().check_targets(labels)
        predicted = self.predict(X)
        if len(predicted) != len(labels):
            raise DataError(f"X has {len(predicted)} rows but y has {len(labels)} values; they must match")
        return sum(p == label for p, label in zip(predicted, labels)) / len(labels)
