"""check_gradient grades: per-component relative errors with a floor, a verdict, the worst component, kinks.

The objectives here are written out by hand (not gdlearn's ``Objective``),
the least-squares minima come from ``statistics.linear_regression``, and the
floor and errors of one case are recomputed from f's values by hand. The
cases the issue names: a factor-2 slip in the bias alone on Galton with x in
thousandths of an inch (the old max-norm score 7.3e-6 passed it), a correct
gradient at the least-squares minimum (the old score was ~0.4-1 and failed
it), and |x| + y² at (1e-9, 1), where f has a kink within a step of θ.
"""

from __future__ import annotations

import math
import statistics
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import DataError, GradientCheck, ParameterError, Quadratic, Rosenbrock, check_gradient, datasets
from gdlearn import numerical_gradient as central_differences

FEW = settings(max_examples=50, deadline=None)


class LineMSE:
    """J(w, b) = (1/n) Σᵢ (w·xᵢ + b − yᵢ)², by hand; ``slip`` multiplies one component of ∇J.

    ∂J/∂w = (2/n) Σᵢ rᵢxᵢ,  ∂J/∂b = (2/n) Σᵢ rᵢ,  rᵢ = w·xᵢ + b − yᵢ.
    """

    def __init__(self, x: list[float], y: list[float], slip: tuple[int, float] | None = None) -> None:
        self.x, self.y, self.slip = x, y, slip

    def value(self, theta: list[float]) -> float:
        w, b = theta
        return math.fsum((w * x_i + b - y_i) ** 2 for x_i, y_i in zip(self.x, self.y)) / len(self.x)

    def gradient(self, theta: list[float]) -> list[float]:
        w, b = theta
        r = [w * x_i + b - y_i for x_i, y_i in zip(self.x, self.y)]
        n = len(r)
        grad = [2 * math.fsum(r_i * x_i for r_i, x_i in zip(r, self.x)) / n, 2 * math.fsum(r) / n]
        if self.slip is not None:
            i, factor = self.slip
            grad[i] *= factor
        return grad


def galton(scale: float) -> tuple[list[float], list[float]]:
    """Galton's mid-parent heights times ``scale`` (1000: thousandths of an inch), and the children's."""
    data = datasets.galton()
    return [row[0] * scale for row in data.X], list(data.y)


def old_score(check: GradientCheck) -> float:
    """The score check_gradient gave before: ‖g − ĝ‖∞ / max(‖g‖∞, ‖ĝ‖∞), one scale for all components."""
    return check.max_abs_error / max(max(map(abs, check.analytic)), max(map(abs, check.numeric)))


# The two cases


def test_a_factor_2_slip_in_the_bias_alone_fails_on_galton_in_thousandths() -> None:
    x, y = galton(1000.0)
    check = check_gradient(LineMSE(x, y, slip=(1, 0.5)), [0.0, 0.0], names=["w", "b"])
    # ∂J/∂b at θ = 0 is −2·mean(y); the slip halves it, so e_b = |g − 2g| / |2g| = ½.
    assert check.numeric[1] == pytest.approx(-2 * statistics.fmean(y), rel=1e-8)
    assert check.rel_errors[1] == pytest.approx(0.5, rel=1e-6)
    assert not check.passed
    assert check.worst == 1
    assert check.verdict.startswith("failed at b: analytic -68.0885 but central differences give -136.177")
    # The old single-scale score hides it behind ∂J/∂w ≈ −9.3e6: 68/9.3e6 = 7.3e-6 < 1e-5.
    assert old_score(check) == pytest.approx(7.3e-6, rel=0.01)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3, 1e6])
def test_a_correct_gradient_passes_at_the_least_squares_minimum(scale: float) -> None:
    x, y = galton(scale)
    fit = statistics.linear_regression(x, y)  # the exact minimum, from the standard library
    check = check_gradient(LineMSE(x, y), [fit.slope, fit.intercept])
    assert check.passed, check.verdict
    assert check.max_rel_error < 1e-6  # a thousand times inside the tolerance
    assert check.verdict.startswith("passed: every component agrees with central differences to tol 1e-05")


def test_the_old_score_failed_a_correct_gradient_at_the_minimum() -> None:
    # At the minimum g and ĝ are both rounding noise, so one noise over another scored near 1.
    x, y = galton(1000.0)
    fit = statistics.linear_regression(x, y)
    check = check_gradient(LineMSE(x, y), [fit.slope, fit.intercept])
    assert old_score(check) > 1e-2
    assert check.passed


# A factor-2 slip in any one component fails, at any scale of the data


@pytest.mark.parametrize("x_scale", [1e-6, 1e-3, 1.0, 1e3, 1e6, 1e9])
@pytest.mark.parametrize("y_scale", [1e-3, 1.0, 1e3])
@pytest.mark.parametrize("component", [0, 1])
@pytest.mark.parametrize("factor", [2.0, 0.5])
def test_a_factor_2_slip_in_one_component_fails_at_any_scale(
    x_scale: float, y_scale: float, component: int, factor: float
) -> None:
    x, y = galton(x_scale)
    y = [y_i * y_scale for y_i in y]
    fit = statistics.linear_regression(x, y)
    # Half-way from 0 to the minimum: no component is near zero.
    theta = [fit.slope / 2, fit.intercept / 2]
    assert check_gradient(LineMSE(x, y), theta).passed
    check = check_gradient(LineMSE(x, y, slip=(component, factor)), theta)
    assert not check.passed
    assert check.worst == component
    assert check.kinks == []
    if x_scale <= 1e6:
        # e = |g − f·g| / max(|g|, |f·g|) = |1 − f| / max(1, f) = ½ for f = 2 and for f = ½.
        assert check.rel_errors[component] == pytest.approx(0.5, rel=0.1)
    else:
        # x ~ 7e10: ∂J/∂b is ~1e-11 of ∂J/∂w, below the floor √u·‖g‖∞, yet still fails 40-fold.
        assert check.rel_errors[component] > 40 * check.tol


@pytest.mark.parametrize("component", [0, 1, 2])
def test_a_slip_in_any_weight_of_mtcars_fails(component: int) -> None:
    # Three features on different scales (disp ~ 200, wt ~ 3, am ∈ {0, 1}); J by hand.
    data = datasets.mtcars()
    columns = [data.feature_names.index(name) for name in ("disp", "wt", "am")]
    X = [[row[j] for j in columns] for row in data.X]

    class PlaneMSE:
        def __init__(self, slip: int | None) -> None:
            self.slip = slip

        def value(self, theta: list[float]) -> float:
            r = [sum(w * x for w, x in zip(theta, row)) + theta[3] - y for row, y in zip(X, data.y)]
            return math.fsum(r_i * r_i for r_i in r) / len(r)

        def gradient(self, theta: list[float]) -> list[float]:
            r = [sum(w * x for w, x in zip(theta, row)) + theta[3] - y for row, y in zip(X, data.y)]
            n = len(r)
            grad = [2 * math.fsum(r_i * row[j] for r_i, row in zip(r, X)) / n for j in range(3)]
            grad.append(2 * math.fsum(r) / n)
            if self.slip is not None:
                grad[self.slip] *= 2
            return grad

    theta = [-0.01, -2.0, 1.0, 30.0]
    assert check_gradient(PlaneMSE(None), theta).passed
    check = check_gradient(PlaneMSE(component), theta, names=["disp", "wt", "am", "b"])
    assert not check.passed
    assert check.worst == component
    assert check.verdict.startswith(f"failed at {['disp', 'wt', 'am'][component]}:")


# The formula, by hand


class Cubic:
    """f(θ) = θ₀³ + θ₀θ₁, ∇f = [3θ₀² + θ₁, θ₀]: derivatives known by hand."""

    def value(self, theta: list[float]) -> float:
        return theta[0] ** 3 + theta[0] * theta[1]

    def gradient(self, theta: list[float]) -> list[float]:
        return [3 * theta[0] ** 2 + theta[1], theta[0]]


class WrongCubic(Cubic):
    """The same f with a classic slip: the derivative of θ₀³ written as θ₀²."""

    def gradient(self, theta: list[float]) -> list[float]:
        return [theta[0] ** 2 + theta[1], theta[0]]


def test_each_relative_error_follows_the_documented_formula() -> None:
    # Recomputed from f's values: eᵢ = |gᵢ − ĝᵢ| / max(|gᵢ|, |ĝᵢ|, δᵢ/√u), with δᵢ = |ĝᵢ − ĝᵢ′|
    # + u·Fᵢ/hᵢ + u·G, ĝᵢ′ the central difference with step hᵢ/2, hᵢ = 1e-6·max(1, |θᵢ|).
    f, theta = WrongCubic(), [2.0, 3.0]
    check = check_gradient(f, theta)
    u = sys.float_info.epsilon

    def central(i: int, h: float) -> tuple[float, float, float]:
        plus, minus = list(theta), list(theta)
        plus[i] += h
        minus[i] -= h
        return (f.value(plus) - f.value(minus)) / (2 * h), f.value(plus), f.value(minus)

    for i, h in enumerate([2e-6, 3e-6]):
        numeric, f_plus, f_minus = central(i, h)
        numeric_half = central(i, h / 2)[0]
        F = max(abs(f_plus), abs(f.value(theta)), abs(f_minus))
        G = max(map(abs, [*check.analytic, *check.numeric]))
        floor = (abs(numeric - numeric_half) + u * F / h + u * G) / math.sqrt(u)
        g = check.analytic[i]
        expected = abs(g - numeric) / max(abs(g), abs(numeric), floor)
        assert check.rel_errors[i] == pytest.approx(expected, rel=1e-9, abs=1e-15)
        assert check.numeric[i] == pytest.approx(numeric, rel=0.0)
    # ∂f/∂θ₀ at (2, 3): 15 by hand, 7 by the slip: e₀ = 8/15.
    assert check.rel_errors[0] == pytest.approx(8 / 15, rel=1e-8)
    assert check.max_rel_error == pytest.approx(8 / 15, rel=1e-8)
    assert check.max_abs_error == pytest.approx(8.0, rel=1e-8)
    assert check.verdict == (
        "failed at θ[0]: analytic 7 but central differences give 15 (relative error 0.53 > tol 1e-05)"
    )


def test_check_gradient_reports_both_vectors_and_the_errors() -> None:
    check = check_gradient(Cubic(), [2.0, 3.0])
    assert check.analytic == pytest.approx([15.0, 2.0], abs=0.0)
    assert check.numeric == pytest.approx([15.0, 2.0], rel=1e-8)
    assert check.max_abs_error == pytest.approx(
        max(abs(a - b) for a, b in zip(check.analytic, check.numeric)), rel=1e-12
    )
    assert check.max_rel_error == pytest.approx(max(check.rel_errors), rel=0.0)
    assert check.rel_errors[check.worst] == pytest.approx(check.max_rel_error, rel=0.0)
    assert check.passed
    assert check.tol == pytest.approx(1e-5, rel=0.0)


def test_the_tolerance_is_the_line_between_passed_and_failed() -> None:
    # A gradient off by 1e-4 relative in its first component: e₀ ≈ 1e-4.
    class Nearly(Cubic):
        def gradient(self, theta: list[float]) -> list[float]:
            grad = super().gradient(theta)
            return [grad[0] * (1 + 1e-4), grad[1]]

    assert not check_gradient(Nearly(), [2.0, 3.0]).passed  # default tol 1e-5
    assert check_gradient(Nearly(), [2.0, 3.0], tol=1e-3).passed
    assert not check_gradient(Nearly(), [2.0, 3.0], tol=5e-5).passed


# Stationary points: a correct gradient passes


def test_a_correct_gradient_passes_where_it_is_zero() -> None:
    # Rosenbrock's minimum (1, 1): ∇f = [0, 0] exactly; ĝ is the truncation error ~4e-10.
    assert check_gradient(Rosenbrock(), [1.0, 1.0]).passed
    # A bowl at its minimiser, where f ≠ 0.
    bowl = Quadratic([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0])
    assert check_gradient(bowl, bowl.minimizer).passed
    # A line fitted exactly: J = 0 at the minimum, both gradients rounding noise.
    line = LineMSE([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0])
    assert check_gradient(line, [2.0, 1.0]).passed


def test_a_component_that_is_zero_beside_a_large_one_passes() -> None:
    # f = ½θᵀAθ − bᵀθ at θ = (0, 1, 0) is ½·2 − 1 = 0 exactly, by cancellation of terms of size 1,
    # so the differences along θ₂ round the 1e-14 of ∂f/∂θ₂ = −b₂ away. As a gradient is computed
    # to about u·‖g‖∞ in every component, the floor keeps √u·‖g‖∞ (found by hypothesis).
    bowl = Quadratic([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 1.0]], [0.0, 1.0, 1e-14])
    check = check_gradient(bowl, [0.0, 1.0, 0.0])
    assert check.analytic == pytest.approx([0.0, 1.0, -1e-14], rel=1e-15, abs=0.0)
    assert check.numeric[2] == pytest.approx(0.0, abs=0.0)
    assert check.passed, check.verdict


def test_a_wrong_gradient_near_a_smooth_minimum_is_blamed_not_called_a_kink() -> None:
    # f = x² at x = 1e-7: ∇f = 2e-7; a slip gives 4e-7. The slopes either side differ by
    # 2h = 2e-6, more than the error, but they halve with the step: f is smooth here.
    class Square:
        def value(self, theta: list[float]) -> float:
            return theta[0] ** 2

        def gradient(self, theta: list[float]) -> list[float]:
            return [4 * theta[0]]

    check = check_gradient(Square(), [1e-7])
    assert not check.passed
    assert check.kinks == []
    assert check.verdict.startswith("failed at θ[0]")


# Kinks: the one-sided differences disagree


class AbsPlusSquare:
    """f(x, y) = |x| + y², ∇f = [sign(x), 2y] wherever x ≠ 0 (correct at (1e-9, 1): [1, 2])."""

    def __init__(self, wrong_y: bool = False) -> None:
        self.wrong_y = wrong_y

    def value(self, theta: list[float]) -> float:
        return abs(theta[0]) + theta[1] ** 2

    def gradient(self, theta: list[float]) -> list[float]:
        x, y = theta
        return [math.copysign(1.0, x), (1.0 if self.wrong_y else 2.0) * y]


def test_a_kink_within_a_step_is_named_and_the_correct_gradient_not_blamed() -> None:
    check = check_gradient(AbsPlusSquare(), [1e-9, 1.0])
    # Central differences straddle the kink at 0: ĝ₀ = (1e-6 + 1e-9 − (1e-6 − 1e-9))/2e-6 = 1e-3.
    assert check.numeric[0] == pytest.approx(1e-3, rel=1e-6)
    assert not check.passed  # the check cannot vouch for θ[0] here ...
    assert check.kinks == [0]
    assert "failed" not in check.verdict  # ... but it does not blame the gradient
    assert check.verdict == (
        "not differentiable within a step of θ along θ[0]: the one-sided differences disagree"
        " (-0.998 from the left, 1 from the right, step 1e-06) and do not settle as the step is halved,"
        " as at a kink, so central differences cannot judge the gradient there;"
        " check it at a point away from the kink"
    )
    # Away from the kink the same gradient passes.
    assert check_gradient(AbsPlusSquare(), [0.5, 1.0]).passed


def test_beside_a_kink_a_wrong_component_is_still_blamed() -> None:
    check = check_gradient(AbsPlusSquare(wrong_y=True), [1e-9, 1.0], names=["x", "y"])
    assert check.kinks == [0]
    assert check.verdict.startswith("failed at y: analytic 1 but central differences give 2")


@pytest.mark.parametrize("x", [0.0, 1e-9, -3e-7, 6e-7, -9e-7])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_a_kink_anywhere_within_a_step_is_found_whatever_the_gradient_says(x: float, sign: float) -> None:
    # |x| has its kink at 0; h = 1e-6. Within h/2 the spread of the one-sided slopes stays as
    # the step halves; between h/2 and h the central difference moves when it halves. Either
    # way the check cannot vouch for a gradient there, right (sign = 1) or wrong (sign = −1).
    class Abs(AbsPlusSquare):
        def gradient(self, theta: list[float]) -> list[float]:
            return [sign * math.copysign(1.0, theta[0]), 2 * theta[1]]

    check = check_gradient(Abs(), [x, 1.0])
    assert check.kinks == [0]
    assert not check.passed
    assert check.verdict.startswith("not differentiable within a step of θ along θ[0]")


@pytest.mark.parametrize("x", [0.0, 1e-9, 1e-8, 1e-3, 0.5])
def test_a_flat_smooth_minimum_is_no_kink(x: float) -> None:
    # f = x⁴, ∇f = 4x³: near 0 the curvature 12x² vanishes, so the spread shrinks faster
    # than the step (by 8 when it halves, at x = 0), but nothing jumps. (Within a few steps of 0,
    # x ~ h/2, the curvature changes by over 100 % within the step; there the check declines.)
    class Quartic:
        def value(self, theta: list[float]) -> float:
            return theta[0] ** 4

        def gradient(self, theta: list[float]) -> list[float]:
            return [4 * theta[0] ** 3]

    check = check_gradient(Quartic(), [x])
    assert check.kinks == []
    assert check.passed, check.verdict


# Smooth functions on random points


coordinate = st.floats(-5.0, 5.0, allow_nan=False)


@FEW
@given(x=coordinate, y=coordinate, a=st.floats(-2.0, 2.0), c=st.floats(0.5, 200.0))
def test_rosenbrock_passes_everywhere(x: float, y: float, a: float, c: float) -> None:
    check = check_gradient(Rosenbrock(a, c), [x, y])
    assert check.passed, check.verdict
    assert check.kinks == []


@FEW
@given(st.integers(1, 4).flatmap(lambda p: st.lists(coordinate, min_size=2 * p, max_size=2 * p)))
def test_a_diagonal_bowl_passes_everywhere_and_at_its_minimum(values: list[float]) -> None:
    p = len(values) // 2
    A = [[(1.0 + abs(values[i])) * (i == j) for j in range(p)] for i in range(p)]
    bowl = Quadratic(A, values[p:])
    for theta in (values[:p], bowl.minimizer):
        check = check_gradient(bowl, theta)
        assert check.passed, check.verdict


@FEW
@given(x=coordinate, y=coordinate, component=st.integers(0, 1))
def test_a_doubled_rosenbrock_component_fails_unless_it_is_noise(x: float, y: float, component: int) -> None:
    class Doubled(Rosenbrock):
        def gradient(self, theta: list[float]) -> list[float]:
            grad = super().gradient(theta)
            grad[component] *= 2
            return grad

    check = check_gradient(Doubled(), [x, y])
    true = Rosenbrock().gradient([x, y])[component]
    # Doubling changes the component by |true|; it fails unless that is under tol·floor
    # = 1e-5·δ/√u ≈ 700·δ, with δ the uncertainty of the difference: its truncation error
    # h²·|∂³f|/6 (∂³f/∂x³ = 2400x, ∂³f/∂y³ = 0) and the rounding u·|f|/h. Allow ten times that.
    h = 1e-6 * max(1.0, abs([x, y][component]))
    truncation = h * h * 2400 * abs(x) / 6 if component == 0 else 0.0
    rounding = sys.float_info.epsilon * max(abs(Rosenbrock().value([x, y])), 1.0) / h
    if abs(true) > 7e3 * (truncation + rounding):
        assert not check.passed
        assert check.rel_errors[component] > check.tol


# The finite differences themselves, and bad arguments


def test_central_differences_match_hand_derivatives() -> None:
    # ∇f(2, 3) = [3·4 + 3, 2] = [15, 2]; the error of central differences is h²·f'''/6 ≈ 4e-12.
    assert central_differences(Cubic(), [2.0, 3.0]) == pytest.approx([15.0, 2.0], rel=1e-8)
    # Rosenbrock at (0, 0): ∂f/∂x = −2(1 − 0) − 0 = −2, ∂f/∂y = 200·(0 − 0) = 0.
    assert central_differences(Rosenbrock(), [0.0, 0.0]) == pytest.approx([-2.0, 0.0], abs=1e-8)


def test_the_callers_theta_is_not_moved() -> None:
    theta = [1e-9, 1.0]
    central_differences(Cubic(), theta)
    check_gradient(AbsPlusSquare(), theta)  # which also takes the half steps
    assert theta == pytest.approx([1e-9, 1.0], abs=0.0)


def test_bad_arguments() -> None:
    class TooShort(Cubic):
        def gradient(self, theta: list[float]) -> list[float]:
            return [1.0]

    # a gradient with one entry for a θ with two
    with pytest.raises(ParameterError, match="gradient has 1 entries but theta has 2"):
        check_gradient(TooShort(), [1.0, 1.0])
    # a tolerance of zero
    with pytest.raises(ParameterError, match="tol must be a positive finite number, got 0"):
        check_gradient(Cubic(), [1.0, 1.0], tol=0)
    # one name for two components
    with pytest.raises(ParameterError, match="names must be a list of 2 strings"):
        check_gradient(Cubic(), [1.0, 1.0], names=["w"])
    # names that are not strings
    with pytest.raises(ParameterError, match="names must be a list of 2 strings"):
        check_gradient(Cubic(), [1.0, 1.0], names=[1, 2])


def test_a_step_lost_in_rounding_or_a_value_that_is_no_number_is_refused() -> None:
    class Answers:  # f.value gives something other than a real number
        def __init__(self, answer: object) -> None:
            self.answer = answer

        def value(self, theta: list[float]) -> object:
            return self.answer

        def gradient(self, theta: list[float]) -> list[float]:
            return [0.0]

    # eps = 1e-320: Rosenbrock's f(±h) rounds to 1, so ĝ was a silent [0, 0] (exact: [-2, 0]), and
    # check_gradient "passed" any gradient with relative error 0
    with pytest.raises(ParameterError, match=r"eps must be at least 1e-12.*got 1e-320"):
        central_differences(Rosenbrock(), [0.0, 0.0], eps=1e-320)
    with pytest.raises(ParameterError, match=r"eps must be at least 1e-12.*got 1e-13"):
        check_gradient(Rosenbrock(), [0.0, 0.0], eps=1e-13)
    assert central_differences(Rosenbrock(), [0.0, 0.0], eps=1e-12)[0] == pytest.approx(-2.0, rel=1e-3)
    for answer in (None, "1.5", 1j, True):  # a TypeError, a wrong number or nothing at all before
        with pytest.raises(ParameterError, match=r"f.value\(theta\) must return a real number, got"):
            central_differences(Answers(answer), [1.0])
        with pytest.raises(ParameterError, match=r"f.value\(theta\) must return a real number, got"):
            check_gradient(Answers(answer), [1.0])


def test_a_difference_that_is_not_finite_is_an_error_not_a_nan() -> None:
    class Exploding(Cubic):  # finite at θ, inf a step away: the first difference overflows
        def value(self, theta: list[float]) -> float:
            return math.inf if abs(theta[0] - 2.0) > 0.0 else super().value(theta)

    # a step so large that Rosenbrock's (θ ± h)⁴ passes the largest float: inf − inf was a nan
    with pytest.raises(DataError, match=r"along θ\[0\], so central differences give no estimate.*eps"):
        central_differences(Rosenbrock(), [0.0, 0.0], eps=1e308)
    # f itself infinite beside θ, with the default step
    with pytest.raises(DataError, match=r"within 1e-06.*along θ\[0\].*f = inf, inf at θ − h, θ \+ h$"):
        central_differences(Exploding(), [2.0, 3.0])
    with pytest.raises(DataError, match=r"along w.*f = inf, .*, inf at θ − h, θ, θ \+ h$"):
        check_gradient(Exploding(), [2.0, 3.0], names=["w", "b"])
