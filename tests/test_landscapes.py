"""The non-convex landscapes: derivatives against finite differences, critical points against the literature.

Gradients: ``check_gradient`` (central differences of the value) on random
points. Hessians: the second differences of the value, a formula that uses
neither the gradient nor the Hessian code, to 1e-5 relative of the largest
entry (h = 1e-4: truncation ~h², rounding ~1e-16·|f|/h²). Critical points:
Himmelblau's minima in closed form against the literature's 6 digits
(Wikipedia, "Himmelblau's function"; the saddles as tabulated in benchmark
collections), each point polished by Newton's method written here, and
f(maximum) = 181.617; the double well's roots against bisection.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import ParameterError, check_gradient, classify_point
from gdlearn.landscapes import DoubleWell, Himmelblau, Saddle

coordinate = st.floats(-5.0, 5.0, allow_nan=False)
FEW = settings(max_examples=60, deadline=None)

# The literature's coordinates, to 6 digits.
HIMMELBLAU_MINIMA = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
HIMMELBLAU_MAXIMUM = (-0.270845, -0.923039)  # f = 181.617
HIMMELBLAU_SADDLES = [
    (0.086678, 2.884255),
    (-3.073026, -0.081353),
    (-0.127961, -1.953715),
    (3.385154, 0.073852),
]


def second_differences(f: object, theta: list[float], h: float = 1e-4) -> list[list[float]]:
    """Hᵢⱼ ≈ (f(θ + hᵢ + hⱼ) − f(θ + hᵢ − hⱼ) − f(θ − hᵢ + hⱼ) + f(θ − hᵢ − hⱼ)) / (4h²), values only."""
    value = f.value  # type: ignore[attr-defined]
    p = len(theta)

    def at(i: int, si: float, j: int, sj: float) -> float:
        point = list(theta)
        point[i] += si * h
        point[j] += sj * h
        return float(value(point))

    return [
        [
            (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h)
            for j in range(p)
        ]
        for i in range(p)
    ]


def close_matrices(A: list[list[float]], B: list[list[float]], rel: float) -> bool:
    scale = max(1.0, max(abs(x) for row in A for x in row))
    return all(abs(a - b) <= rel * scale for ra, rb in zip(A, B) for a, b in zip(ra, rb))


def newton(f: Himmelblau, point: tuple[float, float], steps: int = 8) -> tuple[float, float]:
    """Newton's method for ∇f = 0 from a point: θ ← θ − H⁻¹∇f, the 2×2 inverse by Cramer's rule."""
    x, y = point
    for _ in range(steps):
        gx, gy = f.gradient([x, y])
        (a, b), (_, d) = f.hessian([x, y])
        det = a * d - b * b
        x, y = x - (d * gx - b * gy) / det, y - (a * gy - b * gx) / det
    return x, y


@FEW
@given(coordinate, coordinate)
def test_himmelblau_derivatives(x: float, y: float) -> None:
    f = Himmelblau()
    check = check_gradient(f, [x, y])
    assert check.max_rel_error < 1e-7 or check.max_abs_error < 1e-6
    assert close_matrices(f.hessian([x, y]), second_differences(f, [x, y]), rel=1e-5)


@FEW
@given(coordinate, coordinate)
def test_saddle_derivatives(x: float, y: float) -> None:
    f = Saddle()
    check = check_gradient(f, [x, y])
    assert check.max_rel_error < 1e-7 or check.max_abs_error < 1e-6
    assert close_matrices(f.hessian([x, y]), second_differences(f, [x, y]), rel=1e-5)


@FEW
@given(st.floats(-2.0, 2.0), st.floats(-1.5, 1.5))
def test_double_well_derivatives(x: float, tilt: float) -> None:
    f = DoubleWell(tilt)
    check = check_gradient(f, [x])
    assert check.max_rel_error < 1e-7 or check.max_abs_error < 1e-6
    assert close_matrices(f.hessian([x]), second_differences(f, [x]), rel=1e-5)


def test_the_derivatives_by_hand() -> None:
    # Himmelblau at (1, 1): a = 1 + 1 − 11 = −9, b = 1 + 1 − 7 = −5
    f = Himmelblau()
    assert f.value([1.0, 1.0]) == 106.0  # 81 + 25, exact in floats
    assert f.gradient([1.0, 1.0]) == [4 * -9 + 2 * -5, 2 * -9 + 4 * -5]  # [−46, −38]
    assert f.hessian([1.0, 1.0]) == [[12 + 4 - 42, 8], [8, 4 + 12 - 26]]
    # the double well at x = 2 with t = 0.5: (4 − 1)² + 1 = 10; 32 − 8 + 0.5; 48 − 4
    well = DoubleWell(0.5)
    assert (well.value([2.0]), well.gradient([2.0]), well.hessian([2.0])) == (10.0, [24.5], [[44.0]])
    # the saddle at (2, 3): 16 − 8 + 9; [32 − 8, 6]; [[48 − 4, 0], [0, 2]]
    saddle = Saddle()
    assert (saddle.value([2.0, 3.0]), saddle.gradient([2.0, 3.0])) == (17.0, [24.0, 6.0])
    assert saddle.hessian([2.0, 3.0]) == [[44.0, 0.0], [0.0, 2.0]]


def test_himmelblau_minima_in_closed_form_match_the_literature() -> None:
    f = Himmelblau()
    for found, listed in zip(f.minima, HIMMELBLAU_MINIMA):
        assert found == pytest.approx(listed, abs=1e-6)  # the literature's 6 digits, rounded or cut
        assert f.value(list(found)) == pytest.approx(0.0, abs=1e-24)
        assert max(map(abs, f.gradient(list(found)))) < 1e-11
        assert newton(f, found) == pytest.approx(found, abs=1e-13)  # already the exact root


def test_himmelblau_maximum_and_saddles_match_newton_to_6_digits() -> None:
    f = Himmelblau()
    assert f.maxima == [HIMMELBLAU_MAXIMUM] and f.saddles == HIMMELBLAU_SADDLES
    for listed in [HIMMELBLAU_MAXIMUM, *HIMMELBLAU_SADDLES]:
        polished = newton(f, listed)
        assert max(map(abs, f.gradient(list(polished)))) < 1e-10  # Newton converged
        assert polished == pytest.approx(listed, abs=1e-6)
    assert f.value(list(newton(f, HIMMELBLAU_MAXIMUM))) == pytest.approx(181.617, abs=5e-4)


def bisect(g: object, lo: float, hi: float) -> float:
    """The root of a continuous g with a sign change on [lo, hi], to the last bit."""
    g_lo = g(lo)  # type: ignore[operator]
    for _ in range(200):
        mid = (lo + hi) / 2
        if (g(mid) > 0) == (g_lo > 0):  # type: ignore[operator]
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@pytest.mark.parametrize("tilt", [0.0, 0.5, -1.2, 1.5])
def test_double_well_roots_against_bisection(tilt: float) -> None:
    well = DoubleWell(tilt)
    slope = lambda x: 4 * x**3 - 4 * x + tilt  # noqa: E731
    # f′ changes sign around each root: below −1/√3 and above 1/√3 the outer ones, between them the middle
    edge = 1 / math.sqrt(3)
    roots = [bisect(slope, -2.0, -edge), bisect(slope, -edge, edge), bisect(slope, edge, 2.0)]
    assert [x for (x,) in well.minima] == pytest.approx([roots[0], roots[2]], abs=1e-12)
    assert [x for (x,) in well.maxima] == pytest.approx([roots[1]], abs=1e-12)
    assert well.saddles == []


def test_a_tilt_makes_one_well_the_deeper() -> None:
    well = DoubleWell(0.5)
    (left,), (right,) = well.minima
    assert well.value([left]) < -0.4 < 0.4 < well.value([right])  # f(±1) ≈ ±t
    assert DoubleWell(0.0).minima == [pytest.approx((-1.0,), abs=1e-15), (1.0,)]


def test_saddle_critical_points() -> None:
    f = Saddle()
    for point in [*f.minima, *f.saddles]:
        assert f.gradient(list(point)) == [0.0, 0.0]
    assert [f.value(list(m)) for m in f.minima] == [-1.0, -1.0]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: DoubleWell(1.6), "tilt must be a number of size below"),  # the shallow well is gone
        (lambda: DoubleWell(-1.6), "tilt must be a number of size below"),
        (lambda: DoubleWell(float("nan")), "tilt must be"),
        (lambda: DoubleWell("1"), "tilt must be"),  # type: ignore[arg-type]  # a string
        (lambda: Himmelblau().value([1.0]), "theta must have 2 entries, got 1"),
        (lambda: Saddle().gradient([1.0, 2.0, 3.0]), "theta must have 2 entries, got 3"),
        (lambda: DoubleWell().hessian([1.0, 2.0]), "theta must have 1 entry, got 2"),
    ],
)
def test_bad_input(make: object, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        make()  # type: ignore[operator]


def test_reprs() -> None:
    assert repr(Himmelblau()) == "Himmelblau()"
    assert repr(DoubleWell(0.5)) == "DoubleWell(tilt=0.5)"
    assert repr(Saddle()) == "Saddle()"


def test_a_tilted_saddle_keeps_its_saddle_and_makes_one_minimum_local() -> None:
    f, t = Saddle(tilt=0.3), 0.3
    # x³ − x + t/4 = 0 has three real roots: 2/√3·cos(⅓·arccos(−(3√3/8)·t) − 2πk/3)
    phi = math.acos(-3 * math.sqrt(3) / 8 * t) / 3
    roots = sorted(2 / math.sqrt(3) * math.cos(phi - 2 * math.pi * k / 3) for k in range(3))
    (left, _), (right, _) = f.minima
    ((middle, _),) = f.saddles
    assert [left, middle, right] == pytest.approx(roots, abs=1e-12)
    for point, kind in [(f.minima[0], "minimum"), (f.minima[1], "minimum"), (f.saddles[0], "saddle")]:
        assert classify_point(f, list(point)).kind == kind
    assert f.value(list(f.minima[0])) < f.value(list(f.minima[1])) < f.value(list(f.saddles[0]))
    rng = random.Random(4)
    for _ in range(20):
        assert check_gradient(f, [rng.uniform(-2, 2), rng.uniform(-1.5, 1.5)]).passed
    with pytest.raises(ParameterError, match="tilt must be"):
        Saddle(tilt=1.6)  # beyond 8/(3√3) the local minimum and the saddle merge and vanish
