"""The little linear algebra gradient descent is checked with: Cholesky and its solve.

gdlearn's matrices are small, p×p with p the number of parameters: the
Hessian of a quadratic bowl, X̃ᵀX̃ of a regression. A symmetric positive
definite A factors as A = LLᵀ with L lower triangular (Cholesky):

    Lᵢᵢ = √(Aᵢᵢ − Σ_{k<i} Lᵢₖ²)
    Lᵢⱼ = (Aᵢⱼ − Σ_{k<j} LᵢₖLⱼₖ) / Lⱼⱼ          for j < i

and then Ax = b is two triangular solves, Lz = b forwards and Lᵀx = z
backwards. The square root fails exactly when A is not positive definite,
which makes the factorisation a test of that too. Sums use ``math.fsum``.

>>> L = cholesky([[4.0, 2.0], [2.0, 5.0]])
>>> L
[[2.0, 0.0], [1.0, 2.0]]
>>> cholesky_solve(L, [8.0, 9.0])          # 4x + 2y = 8 and 2x + 5y = 9
[1.375, 1.25]
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def cholesky(A: Sequence[Sequence[float]], tolerance: float = 0.0) -> list[list[float]] | None:
    """L with A = LLᵀ, or None when A is not positive definite.

    A pivot Aᵢᵢ − Σ Lᵢₖ² at or below ``tolerance``·maxᵢ Aᵢᵢ counts as a
    failure: 0 asks for positive definiteness in exact terms, 1e-14 treats a
    matrix that is singular up to rounding as singular.

    >>> cholesky([[1.0, 2.0], [2.0, 1.0]]) is None    # eigenvalues 3 and −1
    True
    """
    p = len(A)
    L = [[0.0] * p for _ in range(p)]
    largest = max(A[i][i] for i in range(p))
    for i in range(p):
        for j in range(i + 1):
            s = A[i][j] - math.fsum(L[i][k] * L[j][k] for k in range(j))
            if i == j:
                if s <= tolerance * largest:
                    return None
                L[i][i] = math.sqrt(s)
            else:
                L[i][j] = s / L[j][j]
    return L


def cholesky_solve(L: Sequence[Sequence[float]], b: Sequence[float]) -> list[float]:
    """x with LLᵀx = b: forward substitution Lz = b, then back substitution Lᵀx = z."""
    p = len(L)
    z: list[float] = []
    for i in range(p):
        z.append((b[i] - math.fsum(L[i][k] * z[k] for k in range(i))) / L[i][i])
    x = [0.0] * p
    for i in reversed(range(p)):
        x[i] = (z[i] - math.fsum(L[k][i] * x[k] for k in range(i + 1, p))) / L[i][i]
    return x
