"""Cholesky and the Jacobi eigen-solver against closed forms, invariants and numpy when present.

Tolerances: eigenvalues within 1e-13·‖A‖ of the closed form, residuals
‖Av − λv‖ within 1e-12·‖A‖, eigenvectors orthonormal within 1e-13.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn.errors import ParameterError
from gdlearn.linalg import cholesky, cholesky_solve, symmetric_eigen


def matvec(A: list[list[float]], v: list[float]) -> list[float]:
    return [math.fsum(a * x for a, x in zip(row, v)) for row in A]


def frobenius(A: list[list[float]]) -> float:
    return math.sqrt(math.fsum(x * x for row in A for x in row))


def random_symmetric(rng: random.Random, p: int, scale: float = 1.0) -> list[list[float]]:
    B = [[rng.gauss(0, scale) for _ in range(p)] for _ in range(p)]
    return [[B[i][j] + B[j][i] for j in range(p)] for i in range(p)]


@pytest.mark.parametrize(
    ("a", "b", "c"), [(2.0, 1.0, 2.0), (1.0, 0.0, 1.0), (5.0, -3.0, 1.0), (1e6, 1.0, 1e-6)]
)
def test_two_by_two_against_the_closed_form(a: float, b: float, c: float) -> None:
    # λ = (a + c)/2 ± √(((a − c)/2)² + b²)
    mid, radius = (a + c) / 2, math.hypot((a - c) / 2, b)
    values, _ = symmetric_eigen([[a, b], [b, c]])
    scale = frobenius([[a, b], [b, c]])
    assert values[0] == pytest.approx(mid - radius, abs=1e-13 * scale)
    assert values[1] == pytest.approx(mid + radius, abs=1e-13 * scale)


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


def test_nearly_equal_eigenvalues_are_exact() -> None:
    # the rows hypothesis found for stability: X = [[0], [1]] and [[1], [1.19e-7]], no intercept;
    # H = (2/n)·XᵀX = [[1, 1.19e-7], [1.19e-7, 1 + 1.19e-7²]]: eigenvalues 1 + ½ε² ± ε√(1 + ¼ε²)
    e = 1.19e-7
    H = [[1.0, e], [e, 1.0 + e * e]]
    values, _ = symmetric_eigen(H)
    root = e * math.sqrt(1 + e * e / 4)
    assert values[1] == pytest.approx(1 + e * e / 2 + root, rel=1e-15)
    assert values[0] == pytest.approx(1 + e * e / 2 - root, rel=1e-15)


def test_numpy_agrees_when_installed() -> None:
    np = pytest.importorskip("numpy")
    rng = random.Random(3)
    for p in (1, 2, 5, 11):
        A = random_symmetric(rng, p)
        values, _ = symmetric_eigen(A)
        expected = np.linalg.eigvalsh(np.array(A)).tolist()
        assert values == pytest.approx(expected, abs=1e-12 * frobenius(A))


def test_bad_matrices_are_refused() -> None:
    with pytest.raises(ParameterError, match="square"):
        symmetric_eigen([[1.0, 2.0]])  # one row of two
    with pytest.raises(ParameterError, match="symmetric"):
        symmetric_eigen([[1.0, 2.0], [3.0, 1.0]])  # A[1][0] ≠ A[0][1]
    with pytest.raises(ParameterError, match="finite"):
        symmetric_eigen([[math.nan]])  # nan


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
    assert cholesky_solve(L, matvec(A, x)) == pytest.approx(x, rel=1e-10)
    assert cholesky([[1.0, 2.0], [2.0, 1.0]]) is None  # indefinite
    assert cholesky([[1.0, 1.0], [1.0, 1.0]], tolerance=1e-14) is None  # singular
