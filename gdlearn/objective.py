"""The objective: the mean loss of a model over a data set, as a function of θ.

    J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ)

and by the chain rule, with ŷᵢ = f(xᵢ; θ):

    ∇J(θ) = (1/n) Σᵢ ℓ'(ŷᵢ, yᵢ) · ∇_θ f(xᵢ; θ)

With a penalty on the weights w (never on the bias b: the weights are the
entries of θ that the model names in ``weight_indices``), the objective becomes

    J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ) + λ₂·‖w‖² + λ₁·‖w‖₁
    ∂J/∂wⱼ gains  2λ₂·wⱼ + λ₁·sign(wⱼ)          (sign(0) = 0, a subgradient)
    ∂J/∂b  gains  nothing

λ₂ = ``l2`` (ridge) pulls every weight towards 0 in proportion to its size;
λ₁ = ``l1`` (lasso) pulls with the same force λ₁ however small the weight,
so at a minimum of J a weight is exactly 0 wherever |∂J_smooth/∂wⱼ| ≤ λ₁ there
(J_smooth = J − λ₁‖w‖₁: the loss and λ₂‖w‖²). The steps treat λ₁‖w‖₁ one of two ways:

    subgradient (the default)    λ₁·sign(wⱼ) joins the gradient, as in torch.optim with the
                                 penalty in the loss. It does not hold a weight at 0: each step
                                 moves it by η·(∂J_smooth/∂wⱼ ± λ₁), so near 0 it hops across and
                                 back, hovering about a step from 0 and almost never on it.
    proximal (``proximal=True``)   ∇J_smooth alone is the gradient, and after each update the loop
                                 takes λ₁'s proximal step, soft-thresholding (``prox``):
                                     wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0),   b unchanged,
                                 η that update's rate. A weight within η·λ₁ of 0 lands on 0.0
                                 exactly, and stays while |∂J_smooth/∂wⱼ| ≤ λ₁ (on its batch).

After batch gradient descent this is the proximal gradient method (ISTA):
with η ≤ 1/L, L the largest curvature of J_smooth, it converges to a
minimiser of J, zeros included. After momentum or Adam it would settle on
another problem's answer, so ``Optimizer.proximal_step`` refuses them. A
proximal run's verdict reads J's subgradient nearest 0 (``min_norm_subgradient``),
0 exactly at a minimum; the default's reads ∇J_smooth + λ₁·sign(w).

Convention: no ½ in front of λ₂‖w‖², as MSE has none, so for
MSE J is (1/n)‖X̃θ − y‖² + λ₂‖w‖², the problem ``least_squares(..., l2=λ₂)``
solves exactly. scikit-learn's ``Ridge(alpha)`` minimises ‖X̃θ − y‖² + α‖w‖²,
the same problem with α = n·λ₂, and its ``Lasso(alpha)`` minimises
(1/(2n))‖X̃θ − y‖² + α‖w‖₁, half of J with λ₁ = 2α: the same problem for
α = λ₁/2. The bias is left alone because moving every
y by a constant should move b by that constant, not shrink the weights.
(An optimizer's ``weight_decay`` is a different thing: it adds λ_wd·θ to the
gradient of *all* of θ, bias included, and is not part of J.)

This is what gradient descent minimises. ``Objective`` implements the
``Differentiable`` protocol over the whole data set, and ``value_and_gradient``
gives the same value and gradient over any subset of rows ℬ (a batch), with n
replaced by |ℬ|:

    J_ℬ(θ) = (1/|ℬ|) Σ_{i∈ℬ} ℓ(f(xᵢ; θ), yᵢ)  (+ the whole penalty, on every batch)

One pass over the batch computes both: the predictions (``model.forward``),
then ℓ and ℓ' of each, then the chain rule (``model.backward``),
∇J_ℬ(θ) = Σᵢ δᵢ·∂ŷᵢ/∂θ with δᵢ = ℓ'ᵢ/|ℬ|. Any ``Model`` works; for the
linear model ∂ŷᵢ/∂θ = x̃ᵢ, the sums are taken from the columns of X kept
ready, and a batch of one row (stochastic gradient descent) is that sum
with a single term, ℓ'·x̃, computed as such. Every loss, of a batch as of
all rows, is added with ``math.fsum`` (it is what the history reports, and it costs
under 1 % of an epoch: docs/performance.md); the gradient's sums are the
plain dot products of ``vectors.dot``. So for batch gradient descent the
batch loss *is* ``value(θ)``, to the last bit.

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

import math
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from .checks import boolean, nonnegative_number
from .errors import DataError, ParameterError
from .losses import Loss, get_loss, mean_loss
from .models import LinearModel, Model
from .vectors import as_dataset, as_vector, dot


class Objective:
    """J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ) + λ₂‖w‖² + λ₁‖w‖₁ for a model, a loss and data.

    ``model`` is a ``LinearModel``, a ``LogisticModel`` or any ``Model``.
    λ₂ = ``l2`` and λ₁ = ``l1`` (both ≥ 0, default 0) penalise the weights
    only: the θⱼ at the model's ``weight_indices``. ``proximal=True`` leaves
    λ₁·sign(w) out of the gradient, for the optimizer's loop to take λ₁'s
    proximal step ``prox`` instead (see the module docstring): then
    ``gradient`` is ∇J_smooth, while ``value`` is still all of J. X and y are
    checked and converted once, here (and y against the loss: 0/1 classes for
    ``LogLoss``). For a linear model the rows are kept twice: by row for the
    predictions and by column for the gradient sums; and, from the first
    one-row step on, as x̃ = (x, 1) (``features``).
    """

    def __init__(
        self, model: Model, loss: str | Loss, X: Any, y: Any, *, l1: float = 0.0, l2: float = 0.0,
        proximal: bool = False,
    ) -> None:  # fmt: skip
        _require_model(model)
        rows, targets = as_dataset(X, y)
        if len(rows[0]) != model.n_features:
            raise DataError(f"X has {len(rows[0])} columns but the model has {model.n_features} features")
        self.model = model
        self.loss = get_loss(loss)
        self.loss.check_targets(targets)
        self.l1 = nonnegative_number(l1, "l1")
        self.l2 = nonnegative_number(l2, "l2")
        self.proximal = boolean(proximal, "proximal")
        self.rows = rows
        self.targets = targets
        self.n_samples = len(rows)
        self.n_params = model.n_params
        self.weight_indices = _weight_indices(model)
        _try_model(model, rows[:2])
        # f = θ·x̃: the gradient sums from the columns, and one row's gradient ℓ'·x̃ from x̃ kept ready
        self.linear = model if isinstance(model, LinearModel) else None
        self.columns = [list(column) for column in zip(*rows)] if self.linear else []
        self.features: list[list[float]] = []  # x̃ of each row, kept once a one-row step needs it

    def value(self, theta: Sequence[float]) -> float:
        """J(θ) over all n rows, summed with ``math.fsum``."""
        theta = self._check_theta(theta)
        y_pred = self.model.forward(theta, self.rows)
        pairs = map(self.loss.value_and_slope, y_pred, self.targets)  # (ℓᵢ, ℓ'ᵢ), streamed: no list of n
        loss = mean_loss(pairs, self.n_samples) + self.penalty(theta)
        # θ and the data are finite here, so a nan can only be inf − inf from
        # predictions that overflowed: the loss is infinite, not undefined
        return math.inf if math.isnan(loss) else loss

    def penalty(self, theta: Sequence[float]) -> float:
        """λ₂·‖w‖² + λ₁·‖w‖₁, with w = [θⱼ for j in the model's ``weight_indices``].

        For a linear model w = θ[:d]: the bias is not penalised.

        >>> from gdlearn import MSE, LinearModel
        >>> J = Objective(LinearModel(2), MSE(), [[1.0, 2.0]], [0.0], l1=0.5, l2=0.1)
        >>> J.penalty([3.0, -4.0, 100.0])    # 0.1·(9 + 16) + 0.5·(3 + 4)
        6.0
        """
        w = [theta[j] for j in self.weight_indices]
        try:
            ridge = self.l2 * math.fsum(w_j * w_j for w_j in w) if self.l2 else 0.0
            lasso = self.l1 * math.fsum(map(abs, w)) if self.l1 else 0.0
        except OverflowError:  # finite terms whose sum passes 1.8e308
            return math.inf
        return ridge + lasso

    def gradient(self, theta: Sequence[float]) -> list[float]:
        """∇J(θ) over all n rows."""
        return self.value_and_gradient(self._check_theta(theta))[1]

    def value_and_gradient(
        self, theta: Sequence[float], indices: Sequence[int] | None = None
    ) -> tuple[float, list[float]]:
        """(J_ℬ(θ), ∇J_ℬ(θ)) over the rows ℬ in ``indices`` (all rows if None).

        With δᵢ = ℓ'(ŷᵢ, yᵢ)/m, the gradient of m rows is

            ∇J_ℬ(θ) = Σᵢ δᵢ·∂ŷᵢ/∂θ                      (``model.backward``)
                    = (1/m)·Σᵢ ℓ'ᵢ·x̃ᵢ                   for the linear model

        The linear model's sums over all rows are taken from the columns kept
        ready (``LinearModel.column_sums``); for its one row (m = 1) the sum
        has a single term, ℓ'·x̃, and the code that computes it does not pay
        for the general case: no lists of one, no columns, x̃ taken
        ready-made from ``features``.

        Unchecked: this is the optimizer's inner loop, and the optimizer
        passes a θ of the right length and indices it drew itself.
        """
        if indices is not None and len(indices) == 1 and self.linear:  # m = 1: Σᵢ has the one term ℓ'·x̃
            i = indices[0]
            x_tilde = (self.features or self._keep_features())[i]  # x̃ = ∂ŷ/∂θ, kept ready
            y_hat = dot(theta, x_tilde)  # ŷ = θ·x̃
            loss, slope = self.loss.value_and_slope(y_hat, self.targets[i])  # ℓ(ŷ, y), ℓ'(ŷ, y)
            grad = [slope * x_j for x_j in x_tilde]  # ℓ'·x̃ = ∂ℓ/∂ŷ · ∂ŷ/∂θ
        else:
            rows: Sequence[Sequence[float]]
            targets: Sequence[float]
            if indices is None:
                rows, targets = self.rows, self.targets
            elif len(indices) == 1:  # one row for a model of your own (itemgetter would give the row itself)
                rows, targets = [self.rows[indices[0]]], [self.targets[indices[0]]]
            else:
                batch = itemgetter(*indices)  # picks the batch's entries out of a list, in C
                rows, targets = batch(self.rows), batch(self.targets)
            m = len(targets)
            y_pred = self.model.forward(theta, rows)  # ŷᵢ = f(xᵢ; θ)
            pairs = self.loss.pointwise(y_pred, targets)  # (ℓᵢ, ℓ'ᵢ) = (ℓ(ŷᵢ, yᵢ), ℓ'(ŷᵢ, yᵢ))
            delta = [slope / m for _, slope in pairs]  # δᵢ = ∂L/∂ŷᵢ = ℓ'ᵢ/m, m = |ℬ|
            if indices is None and self.linear:  # Σᵢ δᵢ·x̃ᵢ over all rows, from the columns kept ready
                grad = self.linear.column_sums(delta, self.columns)
            else:
                grad = self.model.backward(theta, rows, delta)  # Σᵢ δᵢ · ∂ŷᵢ/∂θ
            loss = mean_loss(pairs, m)  # J_ℬ(θ) = (1/m) Σᵢ ℓᵢ, with fsum
        if self.l1 or self.l2:
            l1, l2 = 0.0 if self.proximal else self.l1, self.l2  # proximal: λ₁‖w‖₁ is prox's, not g's
            for j in self.weight_indices:
                w_j = theta[j]
                grad[j] += 2.0 * l2 * w_j + l1 * ((w_j > 0) - (w_j < 0))  # 2λ₂wⱼ + λ₁·sign(wⱼ)
            loss += self.penalty(theta)
        return loss, grad

    def prox(self, theta: Sequence[float], eta: float) -> list[float]:
        """The proximal step of η·λ₁‖w‖₁: each weight soft-thresholded by η·λ₁, the rest unchanged.

            wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0)     b ← b      (w: the model's ``weight_indices``)

        This is argmin_u ½‖u − θ‖² + η·λ₁‖u_w‖₁, the point nearest θ once the
        penalty is counted: weights within η·λ₁ of 0 become exactly 0.0, the
        others move η·λ₁ towards 0.

        >>> J = Objective(LinearModel(3), "mse", [[1.0, 2.0, 3.0]], [0.0], l1=0.5, proximal=True)
        >>> J.prox([0.5, -0.1, -2.0, 7.0], 0.25)     # η·λ₁ = 0.125: 0.5 − 0.125, 0, −2 + 0.125; b stays
        [0.375, 0.0, -1.875, 7.0]
        """
        tau, weights = eta * self.l1, set(self.weight_indices)  # a linear model's weights are θ[:d]
        return [soft_threshold(t, tau) if j in weights else t for j, t in enumerate(theta)]

    def min_norm_subgradient(self, theta: Sequence[float]) -> list[float]:
        """The subgradient of J at θ nearest 0, over all rows: 0 exactly where θ minimises J.

        With g = ∇J_smooth(θ), the gradient of the loss and λ₂‖w‖², the
        subgradients of J are g + λ₁·s, with sⱼ = sign(wⱼ) where wⱼ ≠ 0 and any
        sⱼ in [−1, 1] where wⱼ = 0. The one nearest 0 is

            wⱼ ≠ 0:   gⱼ + λ₁·sign(wⱼ)
            wⱼ = 0:   sign(gⱼ)·max(|gⱼ| − λ₁, 0)      0 when |gⱼ| ≤ λ₁: the lasso's condition for a 0
            b:        ∂J_smooth/∂b

        Its norm is a proximal run's ‖∇J(θ)‖ in the verdict. Without l1 it is ∇J(θ).

        >>> J = Objective(LinearModel(2), "mse", [[1.0, 0.0], [0.0, 1.0]], [2.0, 0.5], l1=1.0)
        >>> J.gradient([0.0, 0.0, 0.0])                 # the residuals are −2 and −0.5
        [-2.0, -0.5, -2.5]
        >>> J.min_norm_subgradient([0.0, 0.0, 0.0])     # |−0.5| ≤ λ₁: w₂ = 0 already fits
        [-1.0, 0.0, -2.5]
        """
        theta = self._check_theta(theta)
        grad = self.value_and_gradient(theta)[1]
        l1 = self.l1
        for j in self.weight_indices:
            w_j = theta[j]
            if w_j == 0.0:  # g has no λ₁ term here (sign(0) = 0): take the slope in [−λ₁, λ₁] nearest −gⱼ
                grad[j] = soft_threshold(grad[j], l1)
            elif self.proximal:  # the proximal gradient left λ₁·sign(wⱼ) out
                grad[j] += l1 * ((w_j > 0) - (w_j < 0))
        return grad

    def _keep_features(self) -> list[list[float]]:
        """x̃ᵢ = ∂f(xᵢ; θ)/∂θ for every row, built once, the first time a one-row batch needs it.

        For a linear model x̃ᵢ = (xᵢ₁, …, xᵢ_d, 1) does not depend on θ, so it is
        kept; batch and mini-batch gradient descent never pay for it. The list
        is assigned whole, so a Ctrl-C while it is built leaves none behind.
        """
        assert self.linear is not None  # only a linear model takes the one-row path
        self.features = [self.linear.features(x) for x in self.rows]
        return self.features

    def _check_theta(self, theta: Any) -> list[float]:
        return as_vector(theta, "theta", length=self.n_params)

    def __repr__(self) -> str:
        penalties = (("l1", self.l1), ("l2", self.l2), ("proximal", self.proximal))
        penalty = "".join(f", {name}={value!r}" for name, value in penalties if value)
        return f"Objective({self.model!r}, {self.loss!r}, n_samples={self.n_samples}{penalty})"


def soft_threshold(x: float, tau: float) -> float:
    """sign(x)·max(|x| − τ, 0): x moved τ towards 0, and exactly 0.0 (never −0.0) within τ of it.

    >>> soft_threshold(0.75, 0.25), soft_threshold(-0.75, 0.25), soft_threshold(0.125, 0.25)
    (0.5, -0.5, 0.0)
    """
    return x - tau if x > tau else x + tau if x < -tau else 0.0


def _require_model(model: object) -> None:
    """ParameterError naming what ``model`` lacks of the ``Model`` protocol."""
    if not isinstance(model, Model):
        members = ("n_features", "n_params", "weight_indices", "theta", "with_theta", "forward", "backward")
        missing = ", ".join(name for name in members if not hasattr(model, name))
        raise ParameterError(
            f"model must be a Model, such as LinearModel(d): it lacks {missing}"
            f" (see gdlearn.Model), got {model!r}"
        )


def _weight_indices(model: Model) -> tuple[int, ...]:
    """The model's ``weight_indices``, checked: distinct positions in θ, 0 ≤ j < p."""
    p = model.n_params
    if isinstance(p, bool) or not isinstance(p, int) or p < 1:
        raise ParameterError(f"model.n_params must be a positive integer, got {p!r}")
    indices = tuple(model.weight_indices)
    for j in indices:
        if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < p:
            raise ParameterError(f"model.weight_indices must be positions in θ, 0 … {p - 1}, got {indices!r}")
    if len(set(indices)) != len(indices):
        raise ParameterError(f"model.weight_indices must not repeat a position, got {indices!r}")
    return indices


def _try_model(model: Model, rows: list[list[float]]) -> None:
    """ParameterError unless forward and backward, tried once on a row or two, give the right lengths."""
    theta, m, p = list(model.theta), len(rows), model.n_params
    if len(theta) != p:
        raise ParameterError(f"model.theta must have n_params = {p} entries, got {len(theta)}")
    y_pred = model.forward(theta, rows)
    if len(y_pred) != m:
        raise ParameterError(f"model.forward must give one prediction per row: {len(y_pred)} for {m} rows")
    grad = model.backward(theta, rows, [1.0] * m)
    if len(grad) != p:
        raise ParameterError(f"model.backward must give n_params = {p} partial derivatives, got {len(grad)}")
