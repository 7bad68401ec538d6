"""The exact answer to compare gradient descent with: least squares in closed form.

For MSE and a linear model the minimiser has a closed form. With X̃ = [1 | X]
(a column of ones for the intercept), it is the θ that minimises ‖X̃θ − y‖².

The textbook route, the normal equations X̃ᵀX̃θ = X̃ᵀy, squares the condition
number of X̃ and loses half the digits on ill-conditioned data. gdlearn
instead factors X̃ = QR with Householder reflections (Q orthogonal, R upper
triangular); since Q preserves lengths,

    ‖X̃θ − y‖ = ‖Rθ − Qᵀy‖   so   Rθ = (Qᵀy)[:p]   by back substitution.

Each column is first scaled to unit length, which does not change the
solution but makes the rank test below independent of the units. A diagonal
entry |Rⱼⱼ| below 1e-10·max|R| means column j is (numerically) a linear
combination of the columns before it: no unique answer, and an error.

Ridge regression, with λ₂ = ``l2`` > 0, minimises gdlearn's penalised MSE
(see ``objective``; the bias is not penalised):

    (1/n)‖X̃θ − y‖² + λ₂‖w‖²  =  (1/n)·‖ [X̃; √(nλ₂)·D] θ − [y; 0] ‖²

where D picks out the weights (one row per weight, a 1 in its column, and
no row for the bias). So ridge is ordinary least squares on X̃ with d extra
rows √(nλ₂)·eⱼ and targets 0, solved by the same stable QR; the normal
equations would be (X̃ᵀX̃ + nλ₂·DᵀD)θ = X̃ᵀy. The extra rows make every
weight determined, so with l2 > 0 duplicated or constant features and fewer
rows than features are fine. (scikit-learn's ``Ridge(alpha=nλ₂)`` solves
the same problem.)

>>> model = least_squares([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
>>> [round(t, 12) for t in model.theta]   # y = 2x + 1 exactly
[2.0, 1.0]
>>> ridge = least_squares([[-1.0], [1.0]], [-1.0, 3.0], l2=1.0)
>>> [round(t, 12) for t in ridge.theta]   # J = (w − 2)² + w² at b = 1: w = 1, not 2
[1.0, 1.0]
"""

from __future__ import annotations

import math
from operator import mul
from typing import Any

from .checks import boolean, nonnegative_number
from .errors import DataError
from .models import LinearModel
from .vectors import as_dataset

RANK_TOLERANCE = 1e-10


def least_squares(X: Any, y: Any, fit_intercept: bool = True, l2: float = 0.0) -> LinearModel:
    """The ``LinearModel`` minimising MSE + λ₂‖w‖² over (X, y), by Householder QR.

    λ₂ = ``l2`` ≥ 0 (default 0: ordinary least squares). Without it, raises
    ``DataError`` when there are fewer rows than parameters or when a column
    is a linear combination of others (a duplicated or constant feature):
    then infinitely many θ give the same least MSE.
    """
    boolean(fit_intercept, "fit_intercept")
    l2 = nonnegative_number(l2, "l2")
    rows, targets = as_dataset(X, y)
    n, d = len(rows), len(rows[0])
    # Columns of X̃: the intercept first, so that a constant feature is the
    # column reported as dependent. θ is reordered to [w, b] at the end.
    columns = [[1.0] * n] if fit_intercept else []
    columns += [list(column) for column in zip(*rows)]
    names = (["the intercept"] if fit_intercept else []) + [f"column {j} of X" for j in range(d)]
    p = len(columns)
    targets = list(targets)
    if l2 > 0:  # ridge: d more rows √(nλ₂)·eⱼ, one per weight, with target 0
        root = math.sqrt(n * l2)
        for j, column in enumerate(columns):
            column += [root if k == j - fit_intercept else 0.0 for k in range(d)]
        targets += [0.0] * d
    elif n < p:
        raise DataError(
            f"least squares needs at least as many rows as parameters: {n} rows for {p}"
            " parameters leaves θ undetermined; add rows or remove features"
        )
    # ‖column‖ by hypot: squaring 1e200 would overflow and 1e-200 underflow to 0.
    scale = [math.hypot(*column) for column in columns]
    for j, s in enumerate(scale):
        if s == 0.0:
            raise DataError(f"{names[j]} is all zeros, so its weight is undetermined")
        columns[j] = [v / s for v in columns[j]]
    # y over a power of two 2ᵏ ≤ max|yᵢ| (exact): nothing overflows near 1e308, and θ scales with y.
    y_scale = math.ldexp(1.0, math.frexp(max(map(abs, targets)))[1] - 1)
    rhs = [t / y_scale for t in targets]
    diagonal = _householder(columns, rhs)
    largest = max(map(abs, diagonal))
    for j, r_jj in enumerate(diagonal):
        if abs(r_jj) <= RANK_TOLERANCE * largest:
            raise DataError(
                f"X is rank-deficient: {names[j]} is a linear combination of the columns"
                " before it (a duplicated or constant feature?), so least squares has"
                " no unique solution"
            )
    # Back substitution: Rθ = (Qᵀy)[:p], R above the diagonal kept in `columns`.
    theta = [0.0] * p
    for j in reversed(range(p)):
        above = math.fsum(columns[k][j] * theta[k] for k in range(j + 1, p))
        theta[j] = (rhs[j] - above) / diagonal[j]
    theta = [t / s * y_scale for t, s in zip(theta, scale)]
    if fit_intercept:
        theta = theta[1:] + theta[:1]
    if not all(map(math.isfinite, theta)):
        raise DataError(f"the least-squares θ = {theta} does not fit in a float; rescale y or X")
    return LinearModel(d, fit_intercept, theta)


def _householder(columns: list[list[float]], rhs: list[float]) -> list[float]:
    """Reduce the columns to R in place, apply the same reflections to rhs.

    Step j reflects rows j…n−1 with H = I − 2vvᵀ/(vᵀv), chosen to map
    column j below the diagonal to (α, 0, …, 0) with α = −sign(x₀)‖x‖
    (the sign that avoids cancellation). Returns the diagonal α of R.
    """
    p = len(columns)
    diagonal = []
    for j in range(p):
        x = columns[j][j:]
        norm = math.sqrt(math.fsum(v * v for v in x))
        alpha = -norm if x[0] >= 0 else norm
        v = x
        v[0] -= alpha
        vv = math.fsum(map(mul, v, v))
        diagonal.append(alpha)
        if vv == 0.0:  # the column is already zero below the diagonal
            continue
        for target in [*columns[j + 1 :], rhs]:
            c = 2.0 * math.fsum(map(mul, v, target[j:])) / vv
            target[j:] = [t - c * v_i for t, v_i in zip(target[j:], v)]
    return diagonal
