"""Checking a gradient: central differences, compared component by component, and graded.

An analytic gradient g = ∇f(θ) is easy to get wrong, and ``f.value`` alone
is enough to estimate it. Nudge one component at a time by a step hᵢ:

    ĝᵢ = (f(θ + hᵢeᵢ) − f(θ − hᵢeᵢ)) / (2hᵢ),   hᵢ = ε·max(1, |θᵢ|),  ε = 1e-6

(eᵢ is the i-th unit vector). The error of this central difference shrinks
like hᵢ², so for a smooth f in double precision a correct gradient agrees
to about 1e-8 relative. ``check_gradient`` compares g with ĝ component by
component and grades the result (the formulas are in ``GradientCheck``):
each component is judged against its own size, with a floor near zero set
by how uncertain ĝᵢ itself is. So the check passes a correct gradient at a
minimum, where g and ĝ are both rounding noise, and fails a factor-2 slip
in any one component, however the data are scaled. Where f is not smooth
within a step of θ (|x| near x = 0), the one-sided differences disagree and
the check says so instead of blaming the gradient.
"""

from __future__ import annotations

import math
import sys
from typing import Any, NamedTuple

from .checks import is_real, positive_number
from .errors import DataError, ParameterError
from .functions import Differentiable
from .vectors import as_vector

__all__ = ["GradientCheck", "check_gradient", "numerical_gradient"]

U = sys.float_info.epsilon
"""u = 2⁻⁵² ≈ 2.2e-16, the spacing of floats at 1.0: the relative rounding error of one operation."""


class GradientCheck(NamedTuple):
    """How far an analytic gradient g is from central differences ĝ, and whether it passes.

    Each component i is also differenced with half the step, giving ĝᵢ′, and
    the one-sided slopes d⁺ᵢ = (f(θ + hᵢeᵢ) − f(θ))/hᵢ, d⁻ᵢ = (f(θ) − f(θ − hᵢeᵢ))/hᵢ
    spread by sᵢ = |d⁺ᵢ − d⁻ᵢ| (sᵢ′ with half the step). Then

        Δᵢ      = |ĝᵢ − ĝᵢ′| + u·Fᵢ/hᵢ + u·G       how uncertain ĝᵢ is
        floorᵢ  = Δᵢ/√u                            (1/√u ≈ 6.7e7)
        eᵢ      = |gᵢ − ĝᵢ| / max(|gᵢ|, |ĝᵢ|, floorᵢ)    (0 where gᵢ = ĝᵢ)
        kink    ⇔  sᵢ > √u·Fᵢ/hᵢ  and  (sᵢ′ > ¾·sᵢ  or  |ĝᵢ − ĝᵢ′| > ⅛·sᵢ)
        passed  ⇔  eᵢ ≤ tol and no kink, for every i

    with Fᵢ = max |f| over θ and θ ± hᵢeᵢ, G = max(‖g‖∞, ‖ĝ‖∞) and u = 2⁻⁵².
    Δᵢ is how far ĝᵢ moves when the step is halved (its truncation error and
    rounding), plus at least one rounding of f over the step and one of the
    largest component (a gradient is computed to about u·G in every
    component). The error is relative per component, so a small component
    (the bias beside the weight of a large feature) is judged on its own,
    not against the largest one. A component below its floor is as good as
    zero to the differences: at a stationary point g and ĝ are both noise,
    and a correct gradient passes with eᵢ ≈ 1e-8. A factor-2 slip in
    component i gives eᵢ = ½ when |gᵢ| is above its floor, and fails
    whenever |gᵢ| > tol·floorᵢ ≈ 700·Δᵢ (for tol = 1e-5), that is unless gᵢ
    is as small as the noise of its own estimate.

    A kink: for a smooth f the one-sided slopes differ by sᵢ ≈ hᵢ·|f''| (f''
    the second derivative along θᵢ), which halves with the step, while ĝᵢ
    moves by hᵢ²·|f'''|/8, under ⅛ of sᵢ unless the curvature itself
    changes by more than 100 % within the step. When instead the spread
    stays as the step halves (a kink within hᵢ/2 of θ), or ĝᵢ moves by more
    (a kink between hᵢ/2 and hᵢ), f is not smooth at the scale of the step
    and central differences are no reference there; the verdict says so
    rather than blame the gradient. (The test needs sᵢ above the rounding
    noise of f, √u·Fᵢ/hᵢ.)
    """

    max_abs_error: float  # maxᵢ |gᵢ − ĝᵢ|
    max_rel_error: float  # maxᵢ eᵢ (it used to be ‖g − ĝ‖∞ / max(‖g‖∞, ‖ĝ‖∞), one scale for all)
    analytic: list[float]  # g = f.gradient(θ)
    numeric: list[float]  # ĝ, the central differences with step hᵢ
    rel_errors: list[float]  # [e₀, e₁, …], one per component
    worst: int  # the i of the largest eᵢ (the first, on a tie)
    tol: float  # the largest eᵢ that passes
    passed: bool  # every eᵢ ≤ tol, and no kink
    kinks: list[int]  # the components along which f is not smooth within hᵢ of θ
    verdict: str  # one sentence: passed, the worst failure and by how much, or where the kink is


def numerical_gradient(f: Differentiable, theta: Any, eps: float = 1e-6) -> list[float]:
    """Central-difference estimate of ∇f(θ), using only ``f.value``.

    >>> from gdlearn import Rosenbrock
    >>> numerical_gradient(Rosenbrock(), [0.0, 0.0])  # exact: [-2, 0]
    [-2.000000000002, 0.0]
    """
    point = as_vector(theta, "theta")
    eps = _step(eps)
    numeric = []
    for i, theta_i in enumerate(point):
        h = eps * max(1.0, abs(theta_i))
        f_minus, f_plus = _nudge(f, point, i, h)
        estimate = (f_plus - f_minus) / (2 * h)
        if not math.isfinite(estimate):
            raise _not_finite(eps, f"θ[{i}]", f"{f_minus!r}, {f_plus!r} at θ − h, θ + h")
        numeric.append(estimate)
    return numeric


MIN_EPS = 1e-12
"""The smallest relative step: ĝ's rounding error is about u·|f|/h, so a smaller one leaves noise."""


def _step(eps: Any) -> float:
    """ε, checked: a positive number, at least ``MIN_EPS``."""
    step = positive_number(eps, "eps")
    if step < MIN_EPS:
        raise ParameterError(
            f"eps must be at least {MIN_EPS:g}: the rounding of f swamps a smaller step (the error of a"
            f" central difference is about 2.2e-16/eps, relative), got {eps!r}"
        )
    return step


def _nudge(f: Differentiable, point: list[float], i: int, h: float) -> tuple[float, float]:
    """f(θ − h·eᵢ) and f(θ + h·eᵢ); θ is put back as it was."""
    theta_i = point[i]
    point[i] = theta_i - h
    f_minus = _number(f.value(point))
    point[i] = theta_i + h
    f_plus = _number(f.value(point))
    point[i] = theta_i
    return f_minus, f_plus


def _number(value: Any) -> float:
    """f.value's answer as a float, or a ParameterError: None, text or a complex number is no value."""
    if not is_real(value):
        raise ParameterError(f"f.value(theta) must return a real number, got {value!r:.80}")
    return float(value)


def check_gradient(
    f: Differentiable, theta: Any, eps: float = 1e-6, *, tol: float = 1e-5, names: Any = None
) -> GradientCheck:
    """Compare ``f.gradient(θ)`` with central differences, component by component, and grade it.

    eᵢ, the floor, the kinks and the verdict are defined in ``GradientCheck``;
    ``tol`` is the largest eᵢ that passes (default 1e-5: a correct gradient
    of a smooth f scores about 1e-8 or less, a wrong one usually 1e-2 or
    more). ``names`` labels the components in the verdict (default θ[0], …).

    >>> class Parabola:                       # f(x, y) = x² + 3y, so ∇f = [2x, 3]
    ...     def value(self, theta): return theta[0] ** 2 + 3 * theta[1]
    ...     def gradient(self, theta): return [theta[0], 3.0]     # the 2 of 2x forgotten
    >>> check = check_gradient(Parabola(), [1.0, 2.0], names=["x", "y"])
    >>> check.passed, check.worst, round(check.rel_errors[0], 9)   # e₀ = |1 − 2| / 2
    (False, 0, 0.5)
    >>> check.verdict
    'failed at x: analytic 1 but central differences give 2 (relative error 0.5 > tol 1e-05)'
    >>> from gdlearn import Rosenbrock
    >>> check_gradient(Rosenbrock(), [1.0, 1.0]).passed      # ∇f = 0 at the minimum
    True
    """
    if not isinstance(f, Differentiable):
        raise ParameterError(
            f"f must have value(theta) and gradient(theta) (the Differentiable protocol), got {f!r}"
        )
    point = as_vector(theta, "theta")
    eps = _step(eps)
    tol = positive_number(tol, "tol")
    labels = _labels(names, len(point))
    analytic = as_vector(f.gradient(list(point)), "gradient")
    if len(analytic) != len(point):
        raise ParameterError(
            f"gradient has {len(analytic)} entries but theta has {len(point)}; they must match"
        )
    f0 = _number(f.value(list(point)))
    numeric, uncertainty, kinks, one_sided = [], [], [], []
    for i in range(len(point)):
        h = eps * max(1.0, abs(point[i]))
        f_minus, f_plus = _nudge(f, point, i, h)
        f_minus_half, f_plus_half = _nudge(f, point, i, h / 2)
        n_i = (f_plus - f_minus) / (2 * h)  # ĝᵢ
        n_half = (f_plus_half - f_minus_half) / h  # ĝᵢ′, with step h/2
        if not all(map(math.isfinite, (f0, f_minus, f_plus, f_minus_half, f_plus_half, n_i, n_half))):
            raise _not_finite(eps, labels[i], f"{f_minus!r}, {f0!r}, {f_plus!r} at θ − h, θ, θ + h")
        F = max(abs(f_minus), abs(f0), abs(f_plus))
        spread = abs(f_plus - 2 * f0 + f_minus) / h  # sᵢ = |d⁺ᵢ − d⁻ᵢ|
        spread_half = abs(f_plus_half - 2 * f0 + f_minus_half) / (h / 2)  # sᵢ′
        if spread > SQRT_U * F / h and (spread_half > 0.75 * spread or abs(n_i - n_half) > 0.125 * spread):
            kinks.append(i)
        numeric.append(n_i)
        uncertainty.append(abs(n_i - n_half) + U * F / h)  # Δᵢ without u·G
        one_sided.append(((f0 - f_minus) / h, (f_plus - f0) / h, h))
    G = max(*map(abs, analytic), *map(abs, numeric))
    rel_errors = []
    for g_i, n_i, delta in zip(analytic, numeric, uncertainty):
        floor = (delta + U * G) / SQRT_U  # floorᵢ = Δᵢ/√u
        gap = abs(g_i - n_i)
        rel_errors.append(gap / max(abs(g_i), abs(n_i), floor) if gap else 0.0)
    worst = max(range(len(rel_errors)), key=rel_errors.__getitem__)
    failing = [i for i, e_i in enumerate(rel_errors) if e_i > tol and i not in kinks]
    check = GradientCheck(
        max(abs(g - n) for g, n in zip(analytic, numeric)), rel_errors[worst], analytic, numeric,
        rel_errors, worst, tol, not failing and not kinks, kinks, "",
    )  # fmt: skip
    return check._replace(verdict=_verdict(check, failing, labels, one_sided))


SQRT_U = math.sqrt(U)
"""√u ≈ 1.5e-8."""


def _not_finite(eps: float, label: str, values: str) -> DataError:
    """The error for a difference that is not finite: f, or the difference itself, overflowed or is nan."""
    return DataError(
        f"f.value is not finite within {eps:g}·max(1, |θᵢ|) of θ along {label}, so central differences"
        f" give no estimate there: f = {values}{'; try a smaller eps' if eps > 1e-3 else ''}"
    )


def _labels(names: Any, p: int) -> list[str]:
    if names is None:
        return [f"θ[{i}]" for i in range(p)]
    if not isinstance(names, (list, tuple)) or len(names) != p or not all(isinstance(n, str) for n in names):
        raise ParameterError(
            f"names must be a list of {p} strings, one per component of theta, got {names!r}"
        )
    return list(names)


def _verdict(
    check: GradientCheck, failing: list[int], labels: list[str], one_sided: list[tuple[float, float, float]]
) -> str:
    """One sentence: passed, the worst failure where f is smooth, or the first kink."""
    if check.passed:
        return (
            f"passed: every component agrees with central differences to tol {check.tol:g}"
            f" (worst {labels[check.worst]}: relative error {check.rel_errors[check.worst]:.2g})"
        )
    if failing:
        i = max(failing, key=check.rel_errors.__getitem__)
        others = f" ({len(failing)} of {len(labels)} components fail)" if len(failing) > 1 else ""
        return (
            f"failed at {labels[i]}: analytic {check.analytic[i]:.6g} but central differences give"
            f" {check.numeric[i]:.6g} (relative error {check.rel_errors[i]:.2g} > tol {check.tol:g}){others}"
        )
    i = check.kinks[0]
    left, right, h = one_sided[i]
    return (
        f"not differentiable within a step of θ along {labels[i]}: the one-sided differences disagree"
        f" ({left:.6g} from the left, {right:.6g} from the right, step {h:g}) and do not settle as the"
        " step is halved, as at a kink, so central differences cannot judge the gradient there;"
        " check it at a point away from the kink"
    )
