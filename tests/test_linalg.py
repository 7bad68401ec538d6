"""Cholesky and the two symmetric eigen-solvers against closed forms, invariants, each other and numpy.

The solvers: Jacobi (``symmetric_eigen``, with eigenvectors) and Householder
then QR (``symmetric_eigenvalues``, values only), two independent
algorithms. Tolerances, with ‖A‖ = ‖A‖_F and u = 2⁻⁵³: eigenvalues within
1e-13·‖A‖ (Jacobi) and 1e-14·‖A‖ (Householder + QR, whose worst error seen
against 30-digit mpmath on random matrices was 11u·‖A‖ ≈ 1.2e-15·‖A‖) of the
closed form; residuals ‖Av − λv‖ within 1e-12·‖A‖, eigenvectors orthonormal
within 1e-13.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import linalg
from gdlearn.errors import ParameterError
from gdlearn.linalg import cholesky, cholesky_solve, symmetric_eigen, symmetric_eigenvalues

U = 2.0**-53

Solver = Callable[[list[list[float]]], list[float]]


def jacobi_values(A: list[list[float]]) -> list[float]:
    return symmetric_eigen(A)[0]


SOLVERS = [
    pytest.param(jacobi_values, 1e-13, id="jacobi"),
    pytest.param(symmetric_eigenvalues, 1e-14, id="householder-qr"),
]


def matvec(A: list[list[float]], v: list[float]) -> list[float]:
    return [math.fsum(a * x for a, x in zip(row, v)) for row in A]


def frobenius(A: list[list[float]]) -> float:
    return math.hypot(*(x for row in A for x in row))  # hypot: no overflow at 1e200, no underflow at 1e-200


def random_symmetric(
    rng: random.Random, p: int, scale: float = 1.0, mixed: bool = False
) -> list[list[float]]:
    """B + Bᵀ, B with N(0, scale²) entries; ``mixed``: each entry times its own 10ᵏ, k in −100 … 100."""
    spread = (lambda: 10.0 ** rng.randint(-100, 100)) if mixed else (lambda: 1.0)
    B = [[rng.gauss(0, scale) * spread() for _ in range(p)] for _ in range(p)]
    return [[B[i][j] + B[j][i] for j in range(p)] for i in range(p)]


def exact_determinant(A: list[list[float]]) -> Fraction:
    """det A by Gaussian elimination in exact rational arithmetic (an LU with row swaps)."""
    M = [[Fraction(x) for x in row] for row in A]
    p, det = len(M), Fraction(1)
    for k in range(p):
        pivot = next((i for i in range(k, p) if M[i][k] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != k:
            M[k], M[pivot], det = M[pivot], M[k], -det
        det *= M[k][k]
        for i in range(k + 1, p):
            factor = M[i][k] / M[k][k]
            M[i] = [a - factor * b for a, b in zip(M[i], M[k])]
    return det


@pytest.mark.parametrize(("solve", "tol"), SOLVERS)
@pytest.mark.parametrize(
    ("a", "b", "c"),
    [
        (2.0, 1.0, 2.0),
        (1.0, 0.0, 1.0),
        (5.0, -3.0, 1.0),
        (1e6, 1.0, 1e-6),
        (0.0, 1e-200, 0.0),  # λ = ±1e-200: Jacobi once returned 0, 0 (its ‖A‖_F underflowed)
        (3e200, -1e200, 1e199),  # squares overflow
    ],
)
def test_two_by_two_against_the_closed_form(solve: Solver, tol: float, a: float, b: float, c: float) -> None:
    # λ = (a + c)/2 ± √(((a − c)/2)² + b²)
    mid, radius = (a + c) / 2, math.hypot((a - c) / 2, b)
    values = solve([[a, b], [b, c]])
    scale = frobenius([[a, b], [b, c]])
    assert values[0] == pytest.approx(mid - radius, abs=tol * scale)
    assert values[1] == pytest.approx(mid + radius, abs=tol * scale)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8), st.integers(0, 10**6), st.sampled_from([1e-6, 1.0, 1e6]))
def test_eigenpairs_satisfy_av_equals_lambda_v(p: int, seed: int, scale: float) -> None:
    A = random_symmetric(random.Random(seed), p, scale)
    values, vectors = symmetric_eigen(A)
    norm = frobenius(A)
    assert values == sorted(values)
    assert math.fsum(values) == pytest.approx(math.fsum(A[i][i] for i in range(p)), abs=1e-12 * norm)  # trace
    for lam, v in zip(values, vectors):
        residual = math.hypot(*(x - lam * y for x, y in zip(matvec(A, v), v)))
        assert residual <= 1e-12 * norm
    for i, u in enumerate(vectors):  # orthonormal
        for j, w in enumerate(vectors):
            assert math.fsum(x * y for x, y in zip(u, w)) == pytest.approx(float(i == j), abs=1e-13)


@pytest.mark.parametrize(("solve", "tol"), SOLVERS)
def test_nearly_equal_eigenvalues_are_exact(solve: Solver, tol: float) -> None:
    # the rows hypothesis found for stability: X = [[0], [1]] and [[1], [1.19e-7]], no intercept;
    # H = (2/n)·XᵀX = [[1, 1.19e-7], [1.19e-7, 1 + 1.19e-7²]]: eigenvalues 1 + ½ε² ± ε√(1 + ¼ε²)
    e = 1.19e-7
    H = [[1.0, e], [e, 1.0 + e * e]]
    values = solve(H)
    root = e * math.sqrt(1 + e * e / 4)
    assert values[1] == pytest.approx(1 + e * e / 2 + root, rel=1e-15, abs=0.0)
    assert values[0] == pytest.approx(1 + e * e / 2 - root, rel=1e-15, abs=0.0)


# Householder + QR: invariants, special matrices, and Jacobi as the independent second opinion.


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 12), st.integers(0, 10**6), st.integers(-250, 250), st.booleans())
def test_eigenvalues_agree_with_jacobi_at_every_scale(p: int, seed: int, exponent: int, mixed: bool) -> None:
    A = random_symmetric(random.Random(seed), p, 10.0**exponent, mixed and abs(exponent) < 150)
    values = symmetric_eigenvalues(A)
    assert values == sorted(values)
    assert values == pytest.approx(jacobi_values(A), abs=1e-13 * frobenius(A))


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 12), st.integers(0, 10**6), st.integers(-250, 250))
def test_trace_and_frobenius_norm_are_kept(p: int, seed: int, exponent: int) -> None:
    # Σλᵢ = tr A and Σλᵢ² = ‖A‖_F² (= tr AᵀA), for any symmetric A
    A = random_symmetric(random.Random(seed), p, 10.0**exponent)
    values = symmetric_eigenvalues(A)
    norm = frobenius(A)
    assert math.fsum(values) == pytest.approx(math.fsum(A[i][i] for i in range(p)), abs=1e-14 * norm)
    assert math.hypot(*values) == pytest.approx(norm, rel=1e-14, abs=0.0)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda p: st.lists(st.integers(-9, 9), min_size=p * p, max_size=p * p)))
def test_product_of_eigenvalues_is_the_exact_determinant(entries: list[int]) -> None:
    # For 3×3, tr A, ‖A‖_F² and det A fix the characteristic polynomial, so all three eigenvalues.
    p = math.isqrt(len(entries))
    A = [[float(entries[p * min(i, j) + max(i, j)]) for j in range(p)] for i in range(p)]  # upper triangle
    values = symmetric_eigenvalues(A)
    norm = frobenius(A)
    assert math.fsum(values) == pytest.approx(math.fsum(A[i][i] for i in range(p)), abs=1e-14 * norm)
    assert math.hypot(*values) == pytest.approx(norm, rel=1e-14, abs=0.0)
    # each λᵢ off by at most τ = 1e-14·‖A‖ moves Πλ by at most about τ·Σᵢ Π_{j≠i}|λⱼ|
    others = math.fsum(math.prod(abs(v) for j, v in enumerate(values) if j != i) for i in range(p))
    assert math.prod(values) == pytest.approx(float(exact_determinant(A)), abs=2e-14 * norm * others)


def test_diagonal_matrices_come_back_sorted_bit_for_bit() -> None:
    # nothing to reflect, nothing to rotate: only the exact scaling by a power of two touches the numbers
    rng = random.Random(4)
    for p in (1, 2, 3, 7, 20):
        diagonal = [rng.gauss(0, 1) * 10.0 ** rng.randint(-100, 100) for _ in range(p)]
        A = [[diagonal[i] if i == j else 0.0 for j in range(p)] for i in range(p)]
        assert symmetric_eigenvalues(A) == sorted(diagonal)


@pytest.mark.parametrize(("solve", "tol"), SOLVERS)
@pytest.mark.parametrize("p", [1, 2, 3, 10, 40])
def test_a_tridiagonal_matrix_against_the_closed_form(solve: Solver, tol: float, p: int) -> None:
    # the second difference tridiag(−1, 2, −1): λₖ = 2 − 2cos(kπ/(p + 1)) = 4sin²(kπ/(2(p + 1))), k = 1 … p
    A = [[2.0 if i == j else -1.0 if abs(i - j) == 1 else 0.0 for j in range(p)] for i in range(p)]
    expected = [4 * math.sin(k * math.pi / (2 * (p + 1))) ** 2 for k in range(1, p + 1)]
    assert solve(A) == pytest.approx(expected, abs=tol * frobenius(A))


def test_a_nearly_tridiagonal_matrix() -> None:
    # Each column below the diagonal is x ≈ x₁e₁: v₁ = x₁ − α must not cancel (α = −sign(x₁)‖x‖ does
    # not; the other sign loses 1e-9 here). Jacobi, another algorithm, is the reference.
    rng = random.Random(7)
    p = 8
    noise = [[rng.gauss(0, 1e-9) for _ in range(p)] for _ in range(p)]
    A = [
        [(2.0 if i == j else -1.0 if abs(i - j) == 1 else 0.0) + noise[i][j] + noise[j][i] for j in range(p)]
        for i in range(p)
    ]
    assert symmetric_eigenvalues(A) == pytest.approx(jacobi_values(A), abs=1e-13 * frobenius(A))


def test_repeated_eigenvalues() -> None:
    # A = QΛQᵀ with Q = I − 2wwᵀ/(wᵀw), a reflection (orthogonal): the eigenvalues are Λ's, repeats and all
    rng = random.Random(6)
    spectrum = [3.0, -2.0, 1.0, 3.0, 1.0, 1.0, 3.0]
    p = len(spectrum)
    w = [rng.gauss(0, 1) for _ in range(p)]
    ww = math.fsum(x * x for x in w)
    Q = [[float(i == j) - 2 * w[i] * w[j] / ww for j in range(p)] for i in range(p)]
    A = [[math.fsum(Q[i][k] * spectrum[k] * Q[j][k] for k in range(p)) for j in range(p)] for i in range(p)]
    assert symmetric_eigenvalues(A) == pytest.approx(sorted(spectrum), abs=1e-14 * frobenius(A))
    # the all-ones matrix 11ᵀ: p − 1 zeros (every vector ⊥ 1) and p (along 1)
    ones = [[1.0] * 9 for _ in range(9)]
    assert symmetric_eigenvalues(ones) == pytest.approx([0.0] * 8 + [9.0], abs=1e-14 * 9)


def test_a_singular_matrix_has_lambda_min_zero() -> None:
    # A = BᵀB, B's last column = its first minus twice its second: A is singular, λ_min = 0 exactly.
    # Backward stability bounds the computed λ_min by a few u·λ_max; 4u ≈ 4.4e-16 is asked (1.9u seen).
    rng = random.Random(9)
    for p, n in ((2, 3), (3, 3), (5, 8), (8, 12)):
        B = [[float(rng.randint(-9, 9)) for _ in range(p - 1)] for _ in range(n)]
        B = [[*row, row[0] - 2 * row[1] if p > 2 else 3 * row[0]] for row in B]
        A = [[math.fsum(B[k][i] * B[k][j] for k in range(n)) for j in range(p)] for i in range(p)]
        assert exact_determinant(A) == 0  # integers, summed exactly: singular for sure
        values = symmetric_eigenvalues(A)
        assert abs(values[0]) <= 4 * U * values[-1]


def test_qr_takes_about_two_steps_per_eigenvalue(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wilkinson's shift converges cubically in practice: about 2 steps per eigenvalue (2.45 the most seen)
    steps = []
    real_step = linalg._qr_step

    def counted(*args: object) -> None:
        steps.append(1)
        real_step(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(linalg, "_qr_step", counted)
    rng = random.Random(10)
    for p in (5, 11, 31):
        steps.clear()
        symmetric_eigenvalues(random_symmetric(rng, p))
        assert len(steps) <= 3 * p


def test_qr_gives_up_with_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linalg, "MAX_QR_STEPS", 0)  # no steps allowed: any matrix that is not diagonal
    with pytest.raises(ParameterError, match="did not converge in 0 steps"):
        symmetric_eigenvalues([[2.0, 1.0], [1.0, 2.0]])


def test_the_rotation_of_zero_is_the_identity() -> None:
    # [[c, s], [−s, c]]·(x, z) = (r, 0); for (0, 0) any rotation would do, and c = 1, s = 0 never divides by 0
    assert linalg._givens(3.0, 4.0) == pytest.approx((0.6, 0.8, 5.0), rel=1e-15, abs=0.0)
    assert linalg._givens(0.0, 0.0) == (1.0, 0.0, 0.0)


def test_numpy_agrees_when_installed() -> None:
    np = pytest.importorskip("numpy")
    rng = random.Random(3)
    for p in (1, 2, 5, 11):
        A = random_symmetric(rng, p)
        expected = np.linalg.eigvalsh(np.array(A)).tolist()
        assert jacobi_values(A) == pytest.approx(expected, abs=1e-12 * frobenius(A))
    for p in (1, 2, 5, 11, 31, 101):
        A = random_symmetric(rng, p, 10.0 ** rng.randint(-200, 200))
        expected = np.linalg.eigvalsh(np.array(A)).tolist()
        assert symmetric_eigenvalues(A) == pytest.approx(expected, abs=1e-14 * frobenius(A))


@pytest.mark.parametrize(("solve", "tol"), SOLVERS)
def test_bad_matrices_are_refused(solve: Solver, tol: float) -> None:
    with pytest.raises(ParameterError, match="square"):
        solve([[1.0, 2.0]])  # one row of two
    with pytest.raises(ParameterError, match="symmetric"):
        solve([[1.0, 2.0], [3.0, 1.0]])  # A[1][0] ≠ A[0][1]
    with pytest.raises(ParameterError, match="finite"):
        solve([[math.nan]])  # nan


def test_cholesky_reproduces_a_and_solves() -> None:
    rng = random.Random(8)
    B = [[rng.gauss(0, 1) for _ in range(4)] for _ in range(6)]
    A = [[math.fsum(B[k][i] * B[k][j] for k in range(6)) for j in range(4)] for i in range(4)]  # BᵀB
    L = cholesky(A)
    assert L is not None
    for i in range(4):
        for j in range(4):
            assert math.fsum(L[i][k] * L[j][k] for k in range(4)) == pytest.approx(A[i][j], abs=1e-12)
    x = [1.0, -2.0, 0.5, 3.0]
    assert cholesky_solve(L, matvec(A, x)) == pytest.approx(x, rel=1e-10, abs=0.0)
    assert cholesky([[1.0, 2.0], [2.0, 1.0]]) is None  # indefinite
    assert cholesky([[1.0, 1.0], [1.0, 1.0]], tolerance=1e-14) is None  # singular
