"""Where did it stop: the classification of points, its two tolerances, and what a run reports.

Independent answers: Himmelblau's nine critical points (literature
coordinates) with the eigenvalues of their 2×2 Hessians in closed form,
λ = (a + c)/2 ± √(((a − c)/2)² + b²); quadratics whose Newton step and
eigenvalues are known exactly, to put each tolerance's boundary between
0.9 and 1.1 of its value; and functions whose degenerate points are known
by hand (x⁴, x³).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import DataError, GradientDescent, LinearModel, Objective, ParameterError, Rosenbrock
from gdlearn.critical import classify_point, hessian, numerical_hessian, stopping_point
from gdlearn.landscapes import DoubleWell, Himmelblau, Saddle


class ValueAndGradientOnly:
    """f without its ``hessian``, so the classifier must take finite differences."""

    def __init__(self, f: object) -> None:
        self.f = f

    def value(self, theta: list[float]) -> float:
        return float(self.f.value(theta))  # type: ignore[attr-defined]

    def gradient(self, theta: list[float]) -> list[float]:
        return list(self.f.gradient(theta))  # type: ignore[attr-defined]


class Diagonal:
    """f(θ) = ½ Σᵢ dᵢ(θᵢ − cᵢ)², scaled by s: ∇f = s·d∘(θ − c), H = s·diag(d), Newton step = θ − c."""

    def __init__(self, d: list[float], c: list[float], s: float = 1.0) -> None:
        self.d, self.c, self.s = d, c, s

    def value(self, theta: list[float]) -> float:
        return 0.5 * self.s * sum(d * (t - c) ** 2 for d, t, c in zip(self.d, theta, self.c))

    def gradient(self, theta: list[float]) -> list[float]:
        return [self.s * d * (t - c) for d, t, c in zip(self.d, theta, self.c)]


class Polynomial:
    """f(x, y) = x² + a·y³ + b·y⁴: at 0 the Hessian is diag(2, 0), degenerate."""

    def __init__(self, a: float, b: float) -> None:
        self.a, self.b = a, b

    def value(self, theta: list[float]) -> float:
        x, y = theta
        return x * x + self.a * y**3 + self.b * y**4

    def gradient(self, theta: list[float]) -> list[float]:
        x, y = theta
        return [2 * x, 3 * self.a * y * y + 4 * self.b * y**3]

    def hessian(self, theta: list[float]) -> list[list[float]]:
        _, y = theta
        return [[2.0, 0.0], [0.0, 6 * self.a * y + 12 * self.b * y * y]]


def closed_form_eigenvalues(H: list[list[float]]) -> list[float]:
    (a, b), (_, c) = H
    mid, radius = (a + c) / 2, math.hypot((a - c) / 2, b)
    return [mid - radius, mid + radius]


@pytest.mark.parametrize("exact", [True, False], ids=["analytic Hessian", "finite differences"])
def test_every_himmelblau_critical_point(exact: bool) -> None:
    f = Himmelblau()
    g = f if exact else ValueAndGradientOnly(f)
    kinds = [("minimum", f.minima), ("maximum", f.maxima), ("saddle", f.saddles)]
    for kind, points in kinds:
        for point in points:
            found = classify_point(g, point)
            assert found.kind == kind, (point, found)
            expected = closed_form_eigenvalues(f.hessian(list(point)))
            assert list(found.eigenvalues) == pytest.approx(expected, rel=1e-8)
            assert found.distance <= 1e-6 * max(1.0, math.hypot(*point))


def test_the_kinds_on_functions_known_by_hand() -> None:
    assert classify_point(Diagonal([1.0, 2.0], [0.0, 0.0]), [0.0, 0.0]).kind == "minimum"
    assert classify_point(Diagonal([-1.0, -2.0], [0.0, 0.0]), [0.0, 0.0]).kind == "maximum"
    assert classify_point(Diagonal([-1.0, 2.0], [0.0, 0.0]), [0.0, 0.0]).kind == "saddle"
    assert classify_point(Polynomial(0.0, 1.0), [0.0, 0.0]).kind == "degenerate"  # x² + y⁴: a minimum
    assert classify_point(Polynomial(1.0, 0.0), [0.0, 0.0]).kind == "degenerate"  # x² + y³: none
    assert classify_point(Diagonal([0.0, 0.0], [0.0, 0.0]), [0.0, 0.0]).kind == "degenerate"  # flat, ∇f = 0
    assert classify_point(Diagonal([0.0, 0.0], [0.0, 0.0]), [1.0, 1.0]).kind == "degenerate"
    assert classify_point(DoubleWell(), [0.0]).kind == "maximum"
    assert classify_point(Himmelblau(), [0.0, 0.0]).kind == "not critical"


def test_a_flat_function_with_a_slope_is_not_critical() -> None:
    class Line:  # f = x: H = 0 and ∇f = 1, so no Newton step reaches a critical point
        def value(self, theta: list[float]) -> float:
            return theta[0]

        def gradient(self, theta: list[float]) -> list[float]:
            return [1.0]

    found = classify_point(Line(), [3.0])
    assert found.kind == "not critical" and found.distance == math.inf and found.eigenvalues == (0.0,)


@pytest.mark.parametrize("centre", [0.0, 1000.0])
@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_critical_means_the_newton_step_is_within_distance_tol_of_thetas_size(
    centre: float, scale: float
) -> None:
    # Newton step = θ − c exactly; ‖θ‖ ≈ max(1, centre); f multiplied by any scale changes nothing
    f = Diagonal([1.0, 50.0], [centre, 0.0], scale)
    size = max(1.0, centre)
    inside = classify_point(f, [centre + 0.9e-6 * size, 0.0])
    outside = classify_point(f, [centre + 1.1e-6 * size, 0.0])
    assert (inside.kind, outside.kind) == ("minimum", "not critical")
    assert inside.distance == pytest.approx(0.9e-6 * size, rel=1e-6)
    loose = classify_point(f, [centre + 1.1e-6 * size, 0.0], distance_tol=2e-6)  # the option works
    assert loose.kind == "minimum"


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_degenerate_means_an_eigenvalue_within_curvature_tol_of_the_largest(scale: float) -> None:
    at_zero = [0.0, 0.0]
    assert classify_point(Diagonal([1.0, 1.1e-4], at_zero, scale), at_zero).kind == "minimum"
    assert classify_point(Diagonal([1.0, 0.9e-4], at_zero, scale), at_zero).kind == "degenerate"
    assert classify_point(Diagonal([1.0, -0.9e-4], at_zero, scale), at_zero).kind == "degenerate"
    assert classify_point(Diagonal([1.0, -1.1e-4], at_zero, scale), at_zero).kind == "saddle"
    assert classify_point(Diagonal([-1.0, -0.9e-4], at_zero, scale), at_zero).kind == "degenerate"
    sharper = classify_point(Diagonal([1.0, 0.9e-4], at_zero, scale), at_zero, curvature_tol=1e-5)
    assert sharper.kind == "minimum"  # the option works: κ = 11 000 is a minimum at 1e-5


def test_near_a_degenerate_saddle_no_point_looks_like_a_minimum() -> None:
    # x² + y³ has no minimum at 0; at (0, y), y > 0, the Hessian is diag(2, 6y), positive.
    # It would read "minimum" if y were within distance_tol of 0 with 6y above curvature_tol·2:
    # impossible, as the Newton step from (0, y) is y/2 and 1e-6 ≪ 1e-4/3.
    f = Polynomial(1.0, 0.0)
    for k in range(1, 90):
        y = 10 ** (-k / 10)
        assert classify_point(f, [0.0, y]).kind != "minimum", y


class Rotated:
    """f(θ) = ½θᵀAθ with A = R·diag(λ₁, λ₂)·Rᵀ, R a rotation by φ: the critical point 0, of known kind."""

    def __init__(self, lam1: float, lam2: float, phi: float) -> None:
        c, s = math.cos(phi), math.sin(phi)
        a, b, d = c * c * lam1 + s * s * lam2, c * s * (lam1 - lam2), s * s * lam1 + c * c * lam2
        self.A = [[a, b], [b, d]]

    def value(self, theta: list[float]) -> float:
        x, y = theta
        (a, b), (_, d) = self.A
        return 0.5 * (a * x * x + 2 * b * x * y + d * y * y)

    def gradient(self, theta: list[float]) -> list[float]:
        x, y = theta
        (a, b), (_, d) = self.A
        return [a * x + b * y, b * x + d * y]


@settings(max_examples=80, deadline=None)
@given(
    st.floats(0.0, math.pi),
    st.floats(1e-7, 1e3),
    st.floats(1e-7, 1e3),
    st.floats(-5e-7, 5e-7),
    st.floats(-5e-7, 5e-7),
)
def test_a_saddle_is_never_reported_as_a_minimum(
    phi: float, neg: float, pos: float, x: float, y: float
) -> None:
    # eigenvalues −neg < 0 < pos in a random rotation, at a point within 1e-6 of the saddle 0 (so critical):
    # "saddle" when both curvatures exceed 1e-4 of the larger, else "degenerate"; never "minimum"
    f = Rotated(-neg, pos, phi)
    found = classify_point(f, [x, y])  # finite differences: Rotated has no hessian
    clear = min(neg, pos) > 1.0001e-4 * max(neg, pos)
    unclear = min(neg, pos) < 0.9999e-4 * max(neg, pos)
    assert found.kind == ("saddle" if clear else "degenerate") or not (clear or unclear)
    assert found.kind != "minimum"


def test_finite_difference_hessian_against_rosenbrocks_by_hand() -> None:
    # ∂²f/∂x² = 2 − 4c(y − x²) + 8cx², ∂²f/∂x∂y = −4cx, ∂²f/∂y² = 2c, with c = 100
    x, y = -1.2, 1.0
    exact = [[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]]
    found = numerical_hessian(Rosenbrock(), [x, y])
    for row, expected in zip(found, exact):
        assert row == pytest.approx(expected, rel=1e-8)
    assert found[0][1] == found[1][0]  # symmetrised
    assert hessian(Himmelblau(), [1.0, 1.0]) == Himmelblau().hessian(
        [1.0, 1.0]
    )  # the exact one when there is one


def test_a_run_says_what_it_stopped_at() -> None:
    gd = GradientDescent(0.05)
    stalled = gd.minimize_function(Saddle(), [0.0, 1.0], iterations=400)  # x stays 0: into the saddle
    assert stalled.stopped_at is not None and stalled.stopped_at.kind == "saddle"
    assert stalled.stopped_at.eigenvalues == (-4.0, 2.0)
    assert "saddle point, not a minimum" in stalled.describe()
    escaped = gd.minimize_function(Saddle(), [1e-6, 1.0], iterations=400)  # a hair off: falls to (1, 0)
    assert escaped.stopped_at is not None and escaped.stopped_at.kind == "minimum"
    assert escaped.theta == pytest.approx((1.0, 0.0), abs=1e-9)
    assert "θ is a minimum" in escaped.describe()
    early = gd.minimize_function(Saddle(), [0.5, 1.0], iterations=3)
    assert early.stopped_at is not None and early.stopped_at.kind == "not critical"
    assert "not a critical point" in early.describe()


def test_runs_that_are_not_classified() -> None:
    J = Objective(LinearModel(1), "mse", [[1.0], [2.0]], [1.0, 2.0])
    assert GradientDescent(0.1).minimize(J, epochs=3).stopped_at is None  # data runs: no
    assert "θ is" not in GradientDescent(0.1).minimize(J, epochs=3).describe()
    many = Diagonal([1.0] * 21, [0.0] * 21)
    assert GradientDescent(0.5).minimize_function(many, [1.0] * 21, iterations=5).stopped_at is None  # p > 20
    assert stopping_point(Diagonal([1.0] * 20, [0.0] * 20), [0.0] * 20) is not None


def test_the_result_is_kept_when_the_curvature_cannot_be_had() -> None:
    class Kink:  # f = |x|·(something): the gradient jumps to nan one step away from 0
        def value(self, theta: list[float]) -> float:
            return abs(theta[0])

        def gradient(self, theta: list[float]) -> list[float]:
            return [math.nan if theta[0] != 0 else 0.0]

    assert stopping_point(Kink(), [0.0]) is None
    with pytest.raises(DataError, match="must be finite"):
        classify_point(Kink(), [0.0])


def test_bad_arguments() -> None:
    with pytest.raises(ParameterError, match="value\\(theta\\) and gradient\\(theta\\)"):
        classify_point(object(), [0.0])  # type: ignore[arg-type]  # not a Differentiable
    with pytest.raises(ParameterError, match="distance_tol must be a positive finite number, got 0"):
        classify_point(Saddle(), [0.0, 0.0], distance_tol=0)  # a tolerance of nothing
    with pytest.raises(ParameterError, match="curvature_tol must be a positive finite number, got -1"):
        classify_point(Saddle(), [0.0, 0.0], curvature_tol=-1)
    with pytest.raises(ParameterError, match="theta must have 2 entries"):
        classify_point(Saddle(), [0.0])  # a point of the wrong size
    with pytest.raises(DataError, match="theta must not be empty"):
        classify_point(Saddle(), [])


def test_describe_names_the_kind_and_the_numbers() -> None:
    text = classify_point(Saddle(), [0.0, 0.0]).describe()
    assert text == (
        "a saddle point, not a minimum: the Hessian has eigenvalues of both signs"
        " (‖∇f‖ = 0; eigenvalues -4, 2)"
    )
