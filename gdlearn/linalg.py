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

Jacobi costs O(p³) per sweep in Python-level loops, about a second at
p = 100. Where only the eigenvalues are wanted, ``symmetric_eigenvalues``
gets them as accurately in a few hundredths of that: Householder
reflections make A tridiagonal (dot products and row updates that run in
C), then QR steps with Wilkinson's shift, O(p) each, split off one
eigenvalue after another.

>>> values, vectors = symmetric_eigen([[2.0, 1.0], [1.0, 2.0]])
>>> [round(v, 12) for v in values]              # (2 + 2)/2 ± 1
[1.0, 3.0]
>>> [round(abs(x), 12) for x in vectors[1]]     # (1, 1)/√2 for λ = 3
[0.707106781187, 0.707106781187]
>>> [round(v, 12) for v in symmetric_eigenvalues([[2.0, 1.0], [1.0, 2.0]])]
[1.0, 3.0]
>>> L = cholesky([[4.0, 2.0], [2.0, 5.0]])
>>> L
[[2.0, 0.0], [1.0, 2.0]]
>>> cholesky_solve(L, [8.0, 9.0])          # 4x + 2y = 8 and 2x + 5y = 9
[1.375, 1.25]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul

from .errors import ParameterError

MAX_SWEEPS = 100
"""Jacobi sweeps before giving up; in practice 5 to 12 suffice."""
MAX_QR_STEPS = 30
"""QR steps allowed per eigenvalue (as LAPACK); about two are needed."""
UNIT_ROUNDOFF = 2.0**-53
"""u: a float is the exact value times 1 + δ, |δ| ≤ u."""
NEGLIGIBLE = 2.0**-511
"""≈1.5e-154: next to ‖A‖ ≈ 1 (A is scaled so), far below u·‖A‖; treated as 0, away from underflow."""


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
    exponent, a = _scaled_symmetric(A)
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
    values = [math.ldexp(a[k][k], exponent) for k in range(p)]
    order = sorted(range(p), key=values.__getitem__)
    return [values[k] for k in order], [[v[i][k] for i in range(p)] for k in order]


def symmetric_eigenvalues(A: Sequence[Sequence[float]]) -> list[float]:
    """The eigenvalues of a symmetric A in increasing order, without eigenvectors.

    Golub & Van Loan, Matrix Computations (4th ed.), §8.3, in two stages.

    1. Householder tridiagonalisation QᵀAQ = T (Algorithm 8.3.1). Step k
       reflects the trailing block B (rows and columns k+1 …) so that x, the
       part of column k below the diagonal, becomes αe₁:

           α = −sign(x₁)·‖x‖,   v = x − αe₁,   u = v/‖v‖,   P = I − 2uuᵀ
           q = Bu,   K = uᵀq,   w = 2(q − K·u),   B ← PBP = B − uwᵀ − wuᵀ

       The sign of α keeps x₁ − α free of cancellation. The O(p³) work is one
       dot product per row (``fsum`` over ``map(mul, …)``: a loop in C) and
       one list comprehension per row for the update.

    2. Implicit QR steps with Wilkinson's shift on T (Algorithms 8.3.2, 8.3.3),
       with aᵢ on its diagonal and ωᵢ beside it. μ is the eigenvalue of the
       last 2×2 block [[a, ω], [ω, c]] nearer c,

           δ = (a − c)/2,   μ = c − ω²/(δ + sign(δ)·√(δ² + ω²)),

       and a step is the rotation taking (a₁ − μ, ω₁) to (r, 0), applied as
       T ← GTGᵀ, then rotations that chase the entry it creates outside the
       band down to the corner. An ωᵢ with |ωᵢ| ≤ u·(|aᵢ| + |aᵢ₊₁|) (u = 2⁻⁵³)
       is set to 0, splitting T; the last ω falls at least quadratically,
       cubically in practice (Wilkinson 1968: the shift always converges), so
       about two O(p) steps take off each eigenvalue. ``ParameterError`` after
       30 steps per eigenvalue, which no matrix has needed.

    Both stages are backward stable: the results are the exact eigenvalues of
    A + E with ‖E‖₂ ≈ u·‖A‖₂, so (Weyl) each is within a small multiple of
    u·‖A‖₂ ≈ 1e-16·‖A‖₂ of the truth, as with Jacobi (``symmetric_eigen``).
    A is first scaled by a power of two (exactly), so nothing overflows.

    >>> values = symmetric_eigenvalues([[2.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 2.0]])
    >>> [round(v, 12) for v in values]          # 2 − √2, 2, 2 + √2
    [0.585786437627, 2.0, 3.414213562373]
    """
    exponent, a = _scaled_symmetric(A)
    diagonal, beside = _tridiagonal(a)
    p, m, steps = len(diagonal), len(diagonal) - 1, 0
    while m > 0:  # the rows below m are done: diagonal[m + 1:] are eigenvalues
        l = m
        while l > 0 and not _splits(diagonal, beside, l - 1):
            l -= 1  # T[l..m] is the unreduced block at the bottom
        if l == m:
            m -= 1
            continue
        steps += 1
        if steps > MAX_QR_STEPS * p:
            raise ParameterError(
                f"the QR iteration did not converge in {steps - 1} steps on this {p}×{p} matrix;"
                " it always has so far: please report the matrix"
            )
        _qr_step(diagonal, beside, l, m)
    return sorted(math.ldexp(x, exponent) for x in diagonal)


def _tridiagonal(B: list[list[float]]) -> tuple[list[float], list[float]]:
    """Reduce B (symmetric, used up) by Householder reflections: T's diagonal, and the entries beside it."""
    diagonal: list[float] = []
    beside: list[float] = []
    while len(B) > 2:
        x = [row[0] for row in B[1:]]  # column k below the diagonal
        diagonal.append(B[0][0])
        B = [row[1:] for row in B[1:]]
        norm = math.hypot(*x)
        alpha = -math.copysign(norm, x[0])
        beside.append(alpha)
        if norm > NEGLIGIBLE:  # else x is 0 already (to 1e-154·‖A‖): P = I
            x[0] -= alpha  # v = x − αe₁
            length = math.hypot(*x)
            u = [v_i / length for v_i in x]
            q = [math.fsum(map(mul, row, u)) for row in B]  # q = Bu
            K = math.fsum(map(mul, u, q))
            w = [2.0 * (q_i - K * u_i) for q_i, u_i in zip(q, u)]
            B = [
                [b_ij - u_i * w_j - w_i * u_j for b_ij, u_j, w_j in zip(row, u, w)]
                for row, u_i, w_i in zip(B, u, w)
            ]
    diagonal += [row[i] for i, row in enumerate(B)]
    beside += [row[0] for row in B[1:]]
    return diagonal, beside


def _splits(a: list[float], b: list[float], i: int) -> bool:
    """Whether T splits between rows i and i + 1: ωᵢ is negligible, and then set to 0 for good."""
    if abs(b[i]) <= UNIT_ROUNDOFF * (abs(a[i]) + abs(a[i + 1])) + NEGLIGIBLE:
        b[i] = 0.0
        return True
    return False


def _qr_step(a: list[float], b: list[float], l: int, m: int) -> None:
    """One implicit QR step with Wilkinson's shift on the unreduced block T[l..m] (GVL Algorithm 8.3.2)."""
    delta, beta = (a[m - 1] - a[m]) / 2.0, b[m - 1]
    mu = a[m] - beta * (beta / (delta + math.copysign(math.hypot(delta, beta), delta)))
    x, z = a[l] - mu, b[l]  # the first column of T − μI
    for k in range(l, m):
        c, s, r = _givens(x, z)
        if k > l:
            b[k - 1] = r  # and the entry outside the band, z, is now 0
        # GTGᵀ on rows and columns k, k + 1, written with c² + s² = 1 so that the trace is kept:
        # a_k ← c²a_k + 2csb_k + s²a_k₊₁ = a_k + s·t,  a_k₊₁ ← a_k₊₁ − s·t,  b_k ← c·t − b_k
        t = s * (a[k + 1] - a[k]) + 2.0 * c * b[k]
        a[k] += s * t
        a[k + 1] -= s * t
        b[k] = c * t - b[k]
        if k + 1 < m:
            x, z = b[k], s * b[k + 1]  # the new entry outside the band, at (k, k + 2)
            b[k + 1] *= c


def _givens(x: float, z: float) -> tuple[float, float, float]:
    """c, s, r with [[c, s], [−s, c]]·(x, z) = (r, 0), r = √(x² + z²); c = 1, s = 0 when x = z = 0."""
    r = math.hypot(x, z)
    return (x / r, z / r, r) if r > 0.0 else (1.0, 0.0, 0.0)


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


def _scaled_symmetric(A: Sequence[Sequence[float]]) -> tuple[int, list[list[float]]]:
    """e and A·2⁻ᵉ with 2ᵉ > max|Aᵢⱼ| ≥ 2ᵉ⁻¹ (e = 0 for A = 0), if A is a finite, square, symmetric matrix.

    Scaling by a power of two is exact, and with entries below 1 no square
    overflows, and none that matters underflows (Jacobi's ‖A‖_F once did).
    """
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
    exponent = math.frexp(max(abs(x) for row in rows for x in row))[1]
    return exponent, [[math.ldexp(x, -exponent) for x in row] for row in rows]
