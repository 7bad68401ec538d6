"""The little linear algebra gradient descent is checked with: Cholesky, and symmetric eigenvalues.

gdlearn's matrices are small, p×p with p the number of parameters: the
Hessian of a quadratic bowl, X̃ᵀX̃ of a regression, the Hessian of any
function at the point where a run stopped.

Cholesky. A symmetric positive definite A factors as A = LLᵀ with L lower
triangular:

    Lᵢᵢ = √(Aᵢᵢ − Σ_{k<i} Lᵢₖ²)
    Lᵢⱼ = (Aᵢⱼ − Σ_{k<j} LᵢₖLⱼₖ) / Lⱼⱼ          for j < i

and then Ax = b is two triangular solves, Lz = b forwards and Lᵀx = z
backwards. The square root fails exactly when A is not positive definite,
which makes the factorisation a test of that too. Sums use ``math.fsum``.

Eigenvalues. A symmetric A is VΛVᵀ, with the eigenvalues λᵢ (increasing) on the
diagonal of Λ and orthonormal eigenvectors in the columns of V. Jacobi's
method finds them by rotations: each rotation J(p, q, φ) in the plane of
coordinates p and q is chosen to zero the entry Aₚ_q,

    A ← JᵀAJ,   V ← VJ,   with t = tan φ the smaller root of t² + 2θt − 1 = 0,
    θ = (A_qq − Aₚₚ)/(2Aₚ_q),  c = 1/√(1 + t²),  s = t·c,

and sweeps over every pair p < q until the off-diagonal part is below
1e-15 of ‖A‖_F (rotations never undo earlier progress: the sum of squares
off the diagonal falls with every one, quadratically near the end). Every
eigenvalue then has an absolute error of about 1e-15·‖A‖, with no start
vector, no stopping guess and no trouble when two eigenvalues nearly coincide,
which are what power iteration needs.

>>> values, vectors = symmetric_eigen([[2.0, 1.0], [1.0, 2.0]])
>>> [round(v, 12) for v in values]              # (2 + 2)/2 ± 1
[1.0, 3.0]
>>> [round(abs(x), 12) for x in vectors[1]]     # (1, 1)/√2 for λ = 3
[0.707106781187, 0.707106781187]
>>> L = cholesky([[4.0, 2.0], [2.0, 5.0]])
>>> L
[[2.0, 0.0], [1.0, 2.0]]
>>> cholesky_solve(L, [8.0, 9.0])          # 4x + 2y = 8 and 2x + 5y = 9
[1.375, 1.25]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .errors import ParameterError

MAX_SWEEPS = 100
"""Jacobi sweeps before giving up; in practice 5 to 12 suffice."""


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


def symmetric_eigen(A: Sequence[Sequence[float]]) -> tuple[list[float], list[list[float]]]:
    """The eigenvalues of a symmetric A in increasing order, and their unit eigenvectors.

    ``vectors[k]`` is the eigenvector of ``values[k]``: A·vₖ = λₖ·vₖ. A must be
    square, finite and symmetric (to 1e-12 relative); a ``ParameterError``
    says what is wrong otherwise.

    >>> values, _ = symmetric_eigen([[4.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 2.5]])
    >>> values
    [-1.0, 2.5, 4.0]
    """
    a = _checked_symmetric(A)
    p = len(a)
    v = [[float(i == j) for j in range(p)] for i in range(p)]
    norm = math.sqrt(math.fsum(x * x for row in a for x in row))
    for _ in range(MAX_SWEEPS):
        off = math.sqrt(math.fsum(a[i][j] ** 2 for i in range(p) for j in range(i + 1, p)))
        if off <= 1e-15 * norm:
            break
        for i in range(p):
            for j in range(i + 1, p):
                if a[i][j] != 0.0:
                    _rotate(a, v, i, j)
    values = [a[k][k] for k in range(p)]
    order = sorted(range(p), key=values.__getitem__)
    return [values[k] for k in order], [[v[i][k] for i in range(p)] for k in order]


def _rotate(a: list[list[float]], v: list[list[float]], p: int, q: int) -> None:
    """One Jacobi rotation in the (p, q) plane: a ← JᵀaJ with a[p][q] = 0 after, v ← vJ."""
    theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q])
    t = math.copysign(1.0, theta) / (abs(theta) + math.hypot(theta, 1.0))  # the smaller root: |φ| ≤ π/4
    c = 1.0 / math.hypot(t, 1.0)
    s = t * c
    for row in a:  # columns p and q
        x, y = row[p], row[q]
        row[p], row[q] = c * x - s * y, s * x + c * y
    for k in range(len(a)):  # rows p and q
        x, y = a[p][k], a[q][k]
        a[p][k], a[q][k] = c * x - s * y, s * x + c * y
    a[p][q] = a[q][p] = 0.0  # zero by construction; rounding would leave a trace
    for row in v:
        x, y = row[p], row[q]
        row[p], row[q] = c * x - s * y, s * x + c * y


def _checked_symmetric(A: Sequence[Sequence[float]]) -> list[list[float]]:
    """A copy of A as floats, if it is a finite, square, symmetric matrix."""
    rows = [list(map(float, row)) for row in A]
    p = len(rows)
    if p == 0 or any(len(row) != p for row in rows):
        raise ParameterError(f"A must be a square matrix, got rows of lengths {[len(r) for r in rows]}")
    if not all(math.isfinite(x) for row in rows for x in row):
        raise ParameterError("A must hold finite numbers only")
    for i in range(p):
        for j in range(i):
            if not math.isclose(rows[i][j], rows[j][i], rel_tol=1e-12, abs_tol=1e-300):
                raise ParameterError(
                    f"A must be symmetric, got A[{i}][{j}]={rows[i][j]!r} but A[{j}][{i}]={rows[j][i]!r}"
                )
    return rows
