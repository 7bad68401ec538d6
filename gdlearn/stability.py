"""The stable step size: how large η can be before gradient descent blows up.

For MSE on a linear model the objective is a bowl with the same Hessian
everywhere,

    H = (2/n)·X̃ᵀX̃          X̃ = X with a column of ones for the bias.

One step of batch gradient descent multiplies the error θ − θ* by I − ηH.
Along an eigenvector of H with eigenvalue λ that is a factor 1 − ηλ, which
shrinks the error if and only if |1 − ηλ| < 1, that is 0 < η < 2/λ. The
largest eigenvalue sets the limit for all of them:

    batch GD converges  ⇔  η < 2/λ_max          the stability limit
    η = 1/λ_max                                 the classic safe choice

At η = 1/λ_max the steepest direction is solved in one step, and the
flattest one, λ_min, shrinks by a factor 1 − λ_min/λ_max per step. So the
condition number κ = λ_max/λ_min is roughly the number of steps per factor
e of progress: features on very different scales make κ, and the run, huge
(see docs/conditioning.md).

For a data set, H is a small p×p matrix (p = d + 1), formed once from
X̃ᵀX̃ (summed with ``math.fsum``) and handed to an exact symmetric
eigenvalue solver (``linalg.symmetric_eigenvalues``: Householder, then QR
steps): every eigenvalue to about 1e-15·‖H‖, even when the two largest
nearly coincide. The 'auto' rate and the limit quoted when a run diverges
use the same λ_max.

>>> stable = stable_learning_rate([[1.0], [3.0]])   # H = [[10, 4], [4, 2]]
>>> round(stable.lambda_max, 9), round(6 + 4 * 2**0.5, 9)   # λ = 6 ± 4√2
(11.656854249, 11.656854249)
>>> round(stable.limit, 6), round(stable.rate, 6), round(stable.condition_number, 3)
(0.171573, 0.085786, 33.971)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul
from typing import Any, NamedTuple

from .checks import boolean, nonnegative_number
from .errors import DataError, ParameterError
from .functions import Quadratic
from .linalg import cholesky, symmetric_eigenvalues
from .losses import MSE
from .models import LinearModel
from .objective import Objective
from .vectors import as_matrix, dot

_TOO_LARGE = (
    "X is too large: the curvature of the loss, λ_max of (2/n)·X̃ᵀX̃, overflows a float;"
    " rescale or standardise the features"
)


def _zeros(rows: list[list[float]]) -> str:
    """'X is all zeros', or, when it is not, that its squares underflow (every |x| below ~1e-154)."""
    largest = max(abs(x) for row in rows for x in row)
    if largest == 0.0:
        return "X is all zeros"
    return f"X is so small that x·x underflows (largest |x| = {largest:.3g}; rescale X)"


def hessian_lambda_max(rows: Sequence[Sequence[float]], fit_intercept: bool, c: float, l2: float) -> float:
    """λ_max((c/n)·X̃ᵀX̃ + 2λ₂·D): the top curvature of a mean loss with ℓ'' ≤ c, plus λ₂‖w‖².

    D zeroes the bias entry. For MSE, c = 2 and this is H exactly. inf when
    an entry of the matrix is beyond a float.

    >>> round(hessian_lambda_max([[1.0], [3.0]], True, 2.0, 0.0), 9)   # H = [[10, 4], [4, 2]]: 6 + 4√2
    11.656854249
    """
    H = _hessian(_gram(rows, fit_intercept), len(rows), len(rows[0]), c, l2)
    if not all(math.isfinite(entry) for row in H for entry in row):
        return math.inf
    return symmetric_eigenvalues(H)[-1]


class StableRate(NamedTuple):
    """The step sizes batch gradient descent can take on MSE, from H = (2/n)·X̃ᵀX̃."""

    limit: float  # 2/λ_max: batch GD converges for η below this, diverges above
    rate: float  # 1/λ_max: the classic safe choice, half the limit
    lambda_max: float  # the largest eigenvalue of H (the steepest curvature)
    lambda_min: float  # the smallest (0.0 if X̃ has dependent columns)
    condition_number: float  # λ_max/λ_min (inf if λ_min = 0)


def stable_learning_rate(X: Any, fit_intercept: bool = True, l2: float = 0.0) -> StableRate:
    """The stability limit 2/λ_max and the safe rate 1/λ_max for MSE on X (plus λ₂‖w‖²).

    H = (2/n)·X̃ᵀX̃ + 2λ₂·D (D: the weights, not the bias; λ₂ = ``l2``, default
    0) depends on X only (not on y). Its eigenvalues come from
    ``linalg.symmetric_eigenvalues`` (Householder, then QR steps) on the
    p×p matrix, so λ_max is accurate to about 1e-15 relative (1e-10 is what
    the tests hold it to) and λ_min to about
    1e-15·λ_max in absolute terms; λ_min is 0 exactly when X̃ has dependent
    columns and l2 = 0 (X̃ᵀX̃'s Cholesky factorisation fails at a 1e-14 tolerance).

    >>> stable = stable_learning_rate([[0.0, 1.0], [1.0, 1.19e-7]], fit_intercept=False)
    >>> round(stable.lambda_max - 1, 12), round(stable.lambda_min - 1, 12)   # 1 ± 1.19e-7: nearly equal
    (1.19e-07, -1.19e-07)
    """
    boolean(fit_intercept, "fit_intercept")
    l2 = nonnegative_number(l2, "l2")
    rows = as_matrix(X, "X")
    gram = _gram(rows, fit_intercept)
    H = _hessian(gram, len(rows), len(rows[0]), 2.0, l2)
    if not all(math.isfinite(entry) for row in H for entry in row):
        raise DataError(_TOO_LARGE)
    eigenvalues = symmetric_eigenvalues(H)
    lambda_max = eigenvalues[-1]
    if lambda_max <= 0.0 or 2.0 / lambda_max == math.inf:  # 0, or so small that 2/λ_max overflows
        raise DataError(f"{_zeros(rows)}: the loss does not depend on θ, so no step size is limited")
    singular = l2 == 0 and cholesky(gram, tolerance=1e-14) is None
    lambda_min = 0.0 if singular else max(eigenvalues[0], 0.0)
    kappa = lambda_max / lambda_min if lambda_min > 0 else math.inf
    return StableRate(2.0 / lambda_max, 1.0 / lambda_max, lambda_max, lambda_min, kappa)


def quadratic_lambda_max(f: object) -> float | None:
    """λ_max of the Hessian when f is MSE on a ``LinearModel`` (plus penalties) or a ``Quadratic``.

    None for any other function, whose curvature changes from place to place.
    The L1 penalty adds kinks but no curvature, so it does not change λ_max.
    """
    if isinstance(f, Quadratic):
        return symmetric_eigenvalues(f.A)[-1]
    if isinstance(f, Objective) and type(f.loss) is MSE and type(f.linear) is LinearModel:
        lambda_max = hessian_lambda_max(f.rows, f.linear.fit_intercept, 2.0, f.l2)
        return lambda_max if lambda_max < math.inf else None  # no limit worth quoting
    return None


def auto_learning_rate(objective: Objective, batch_size: int | None, weight_decay: float = 0.0) -> float:
    """η = 1/λ̄, with λ̄ a bound on the curvature of every batch's objective.

    c = max ℓ'' of the loss (MSE 2, Huber 1, log loss ¼), λ₂ = the L2 penalty,
    λ_wd = weight_decay, and Λ = λ_max((c/n)·X̃ᵀX̃) (``hessian_lambda_max``):

        batch GD (B = n)      λ̄ = λ_max((c/n)·X̃ᵀX̃ + 2λ₂D) + λ_wd
        B < n                 λ̄ = min(c·maxᵢ‖x̃ᵢ‖², (n/m)·Λ) + 2λ₂ + λ_wd

    where m = |ℬ| of the smallest batch of an epoch. For batch GD on MSE
    this is 1/λ_max(H), half the stability limit. A batch's Hessian
    (c/|ℬ|)·Σ_{i∈ℬ} x̃ᵢx̃ᵢᵀ is at most c·maxᵢ‖x̃ᵢ‖² (each row adds at most
    c‖x̃ᵢ‖²) and at most (n/|ℬ|)·Λ (the batch's rows are some of all n rows),
    so with η = 1/λ̄ every step decreases the loss of the batch it was
    computed on.
    """
    c = objective.loss.curvature
    if c is None:
        raise ParameterError(
            f"learning_rate='auto' needs a loss with bounded curvature (mse, huber, log); {objective.loss!r}"
            " has a kink where the curvature is infinite: pass a number"
        )
    if objective.linear is None:
        raise ParameterError(
            f"learning_rate='auto' bounds the curvature of a linear model's loss; {objective.model!r}"
            " is a model of your own, whose curvature changes with θ: pass a number"
        )
    rows, fit_intercept, n = objective.rows, objective.linear.fit_intercept, objective.n_samples
    size = n if batch_size is None else min(batch_size, n)
    if size == n:
        bound = hessian_lambda_max(rows, fit_intercept, c, objective.l2)
    else:
        smallest = n - size * (math.ceil(n / size) - 1)  # m
        Lambda = hessian_lambda_max(rows, fit_intercept, c, 0.0)
        widest = max(dot(x, x) + fit_intercept for x in rows)  # maxᵢ‖x̃ᵢ‖²
        bound = min(c * widest, n / smallest * Lambda) + 2.0 * objective.l2
    bound += weight_decay  # λ̄
    if bound == 0.0 or 1.0 / bound == math.inf:  # 0, or so small that 1/λ̄ overflows
        raise DataError(f"{_zeros(rows)} and nothing is penalised: the loss is flat, so no step size")
    if math.isinf(bound):
        raise DataError(_TOO_LARGE)
    return 1.0 / bound


OR_STANDARDISE = ", or standardise the features"
"""The second cure of a blow-up's message: what a caller whose features are standardised leaves out."""


def divergence_advice(eta: float, limit: float | None, full_batch: bool, what: str = "data") -> str:
    """What to tell a user whose run diverged at rate η, given the stability limit if known.

    Below the full-batch limit a mini-batch or stochastic run diverges through
    the curvature of its batches, not their noise: a step on the batch ℬ
    multiplies the error by I − η·H_ℬ, with H_ℬ = (2/|ℬ|)·Σ_{i∈ℬ} x̃ᵢx̃ᵢᵀ, whose
    λ_max can pass that of H; the noise only adds a bounded term.
    """
    fix = f"try a smaller learning rate{OR_STANDARDISE}"
    if limit is None:
        return fix
    if eta > limit:
        return (
            f"the learning rate {eta:g} is above the stability limit of about {limit:.2g}"
            f" for this {what}; {fix}"
        )
    if not full_batch:
        return (
            f"the learning rate {eta:g} is below the full-batch stability limit of about {limit:.2g},"
            " but a small batch can be more curved than all the rows together (one row x̃ᵢ alone has"
            f" curvature 2‖x̃ᵢ‖², which can pass λ_max), and its steps then overshoot; {fix}"
        )
    return fix


def _hessian(gram: list[list[float]], n: int, d: int, c: float, l2: float) -> list[list[float]]:
    """(c/n)·X̃ᵀX̃ + 2λ₂·D from the Gram matrix X̃ᵀX̃ of n rows, D = 1 on the diagonal of the d weights."""
    return [
        [c / n * g_ij + 2 * l2 * (i == j < d) for j, g_ij in enumerate(row)] for i, row in enumerate(gram)
    ]


def _gram(rows: Sequence[Sequence[float]], fit_intercept: bool) -> list[list[float]]:
    """X̃ᵀX̃, summed with fsum (p×p, small); an entry past the float range is inf.

    Each entry below the diagonal is summed once and mirrored: half the work.
    """
    columns = [list(column) for column in zip(*rows)]
    if fit_intercept:
        columns.append([1.0] * len(rows))
    lower = [[_fsum_dot(a, b) for b in columns[: i + 1]] for i, a in enumerate(columns)]
    return [[lower[max(i, j)][min(i, j)] for j in range(len(columns))] for i in range(len(columns))]


def _fsum_dot(a: list[float], b: list[float]) -> float:
    """Σ aᵢbᵢ by fsum, or inf when a product or the sum is beyond a float."""
    try:
        return math.fsum(map(mul, a, b))
    except (OverflowError, ValueError):  # fsum refuses a sum past 1.8e308, and inf − inf
        return math.inf
