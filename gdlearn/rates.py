"""How fast gradient descent converges: the rate theory predicts, and the rate a run shows.

Theory. Near a minimum θ* with Hessian H (everywhere, for a quadratic bowl),
the error e = θ − θ* of batch gradient descent obeys e ← (I − ηH)·e, so
along each eigenvector of H it is multiplied by 1 − ηλ at every step. Once
the fast directions have died out, the slowest sets the pace, ‖eₖ‖ ≈ C·ρᵏ,
a straight line on a log scale ("linear convergence"), with

    ρ = max(|1 − ηλ_min|, |1 − ηλ_max|)        plain gradient descent, rate η

and J − J* = ½·eᵀHe shrinks by ρ² per step. The best η, 2/(λ_min + λ_max),
gives ρ = (κ − 1)/(κ + 1), κ = λ_max/λ_min. Heavy-ball momentum μ (with a
constant η, ``GradientDescent(η, momentum=μ)`` is Polyak's
θₖ₊₁ = θₖ − η∇f(θₖ) + μ(θₖ − θₖ₋₁)) multiplies the pair (eₖ, eₖ₋₁) along
eigenvalue λ by [[1 + μ − ηλ, −μ], [1, 0]], whose eigenvalues z solve

    z² − c·z + μ = 0,   c = 1 + μ − ηλ:   |z| = √μ if c² < 4μ, else (|c| + √(c² − 4μ))/2

and ρ is the larger |z| of λ_min and λ_max (|z| grows with |c|, which is
largest at an end of [λ_min, λ_max]). Tuned as η = 4/(√λ_max + √λ_min)²,
μ = ((√κ − 1)/(√κ + 1))², heavy ball reaches ρ = (√κ − 1)/(√κ + 1): at κ = 100,
0.818 against 0.980, the gain of about √κ that momentum is for. Shrinking
the error by a factor ε takes k ≥ ln(1/ε)/ln(1/ρ) steps (``steps_for``).

Practice. From the errors eₖ of a run, ‖θₖ − θ*‖ (``distances_to``) or Jₖ − J*
(``loss_gaps``), the measured rate is the geometric mean of eₖ₊₁/eₖ over
the tail, which telescopes:

    ρ̂ = (e_b / e_a)^(1/(b − a)),   b = the last k before eₖ ≤ floor·e₀,  a = ⌊b/2⌋

The first half is left out (the fast directions are still dying there),
and so is everything after e falls to floor·e₀ (1e-10 by default), where
rounding in θ* or J* takes over. For Jₖ − J* the measured rate is ρ².
(Tuned heavy ball has a repeated root, eₖ ≈ C·k·ρᵏ, so its ρ̂ is above ρ by
a factor (b/a)^(1/(b − a)), about 1.001 over a thousand steps.)

>>> predicted_rate(0.01, 1.0, 100.0)          # max(|1 − 0.01|, |1 − 1|)
0.99
>>> measured_rate([8.0, 4.0, 2.0, 1.0, 0.5]).rate    # halves at every step
0.5
>>> steps_for(0.5, 1e-3)                       # 0.5¹⁰ ≈ 0.00098 ≤ 1e-3 < 0.5⁹
10
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from .checks import fraction, nonnegative_number, positive_int, positive_number
from .errors import DataError, ParameterError
from .result import Result
from .vectors import as_vector


class MeasuredRate(NamedTuple):
    """ρ̂ = (e_last / e_first)^(1/(last − first)), the mean contraction per step from step first to last."""

    rate: float
    first: int
    last: int


class HeavyBall(NamedTuple):
    """The optimal heavy-ball settings for curvatures in [λ_min, λ_max], and the rate they give."""

    learning_rate: float  # η = 4/(√λ_max + √λ_min)²
    momentum: float  # μ = ((√κ − 1)/(√κ + 1))²
    rate: float  # ρ = (√κ − 1)/(√κ + 1)


def predicted_rate(eta: float, lambda_min: float, lambda_max: float, momentum: float = 0.0) -> float:
    """ρ from η, λ_min, λ_max and the momentum μ: the spectral radius above (|1 − ηλ| when μ = 0).

    >>> round(predicted_rate(0.5, 1.0, 3.0), 12)               # |1 − 0.5·1| = |1 − 0.5·3| = 0.5
    0.5
    >>> tuned = heavy_ball(1.0, 100.0)     # a double root at both ends: good to about 1e-8
    >>> round(predicted_rate(tuned.learning_rate, 1.0, 100.0, tuned.momentum), 6)   # 9/11
    0.818182
    """
    eta = positive_number(eta, "eta")
    mu = fraction(momentum, "momentum")
    lambdas = _curvatures(lambda_min, lambda_max)

    def radius(lam: float) -> float:  # the largest |z| with z² − c·z + μ = 0
        c = 1.0 + mu - eta * lam
        disc = c * c - 4.0 * mu
        return math.sqrt(mu) if disc < 0.0 else (abs(c) + math.sqrt(disc)) / 2.0

    return max(radius(lam) for lam in lambdas)


def heavy_ball(lambda_min: float, lambda_max: float) -> HeavyBall:
    """The best η and μ for heavy ball (Polyak, 1964) on curvatures in [λ_min, λ_max].

    >>> tuned = heavy_ball(1.0, 100.0)            # √κ = 10: η = 4/11², μ = (9/11)², ρ = 9/11
    >>> [round(x * 121, 12) for x in tuned]       # times 11²
    [4.0, 81.0, 99.0]
    """
    lo, hi = _curvatures(lambda_min, lambda_max)
    if lo <= 0.0:
        raise ParameterError(f"lambda_min must be positive for a linear rate, got {lo!r}")
    # ρ = (√κ − 1)/(√κ + 1) written as (√λ_max − √λ_min)/(√λ_max + √λ_min), and η as (2/(√λ_max + √λ_min))²:
    # the same numbers, without κ = λ_max/λ_min or a square that can pass the largest float
    root_hi, root_lo = math.sqrt(hi), math.sqrt(lo)
    rho = (root_hi - root_lo) / (root_hi + root_lo)
    half_root_eta = 2.0 / (root_hi + root_lo)
    if half_root_eta * half_root_eta == math.inf:
        raise ParameterError(
            f"curvatures this small ({lo!r} to {hi!r}) give a rate η = 4/(√λ_max + √λ_min)² beyond the"
            " largest float; rescale the problem"
        )
    return HeavyBall(half_root_eta * half_root_eta, rho * rho, rho)


def steps_for(rate: float, accuracy: float) -> int:
    """The fewest steps k with ρᵏ ≤ ε: k = ⌈ln(1/ε)/ln(1/ρ)⌉, to shrink the error by the factor ε.

    >>> steps_for(0.99, 0.01)       # ln 100 / −ln 0.99 = 458.2
    459
    """
    rho = fraction(rate, "rate")
    epsilon = positive_number(accuracy, "accuracy")
    if epsilon >= 1.0:
        raise ParameterError(f"accuracy must be a factor below 1 to shrink the error by, got {accuracy!r}")
    if rho == 0.0:
        return 1
    k = math.ceil(math.log(epsilon) / math.log(rho))
    return k + 1 if rho**k > epsilon else k  # ceil can land one short by rounding


def measured_rate(errors: Sequence[float], floor: float = 1e-10) -> MeasuredRate:
    """ρ̂, the geometric mean of eₖ₊₁/eₖ over the second half of the errors above floor·e₀.

    ``errors`` are e₀, e₁, … one per step, positive at the start:
    ``distances_to(result, θ*)`` or ``loss_gaps(result, J*)``.

    >>> measured_rate([1.0, 0.1, 0.09, 0.081, 0.0729, 1e-12, 0.0])   # stops before 1e-12 ≤ 1e-10
    MeasuredRate(rate=0.9, first=2, last=4)
    """
    e = as_vector(errors, "errors")
    floor = nonnegative_number(floor, "floor")
    if not e[0] > 0.0:
        raise DataError(f"the first error e₀ must be positive, got {e[0]!r}")
    last = next((k for k, e_k in enumerate(e) if e_k <= floor * e[0]), len(e)) - 1
    first = last // 2
    if last - first < 1:
        raise DataError(
            f"too few errors above floor·e₀ = {floor * e[0]:.3g} to measure a rate: {last + 1};"
            " run more steps, or lower the floor"
        )
    return MeasuredRate((e[last] / e[first]) ** (1.0 / (last - first)), first, last)


def distances_to(result: Result, theta_star: Any) -> list[float]:
    """‖θₖ − θ*‖ for k = 0 … n_iter, from a run with ``record_theta=True`` (and record_every 1)."""
    star = as_vector(theta_star, "theta_star", length=len(result.theta))
    if result.path is None or result.record_every != 1:
        raise ParameterError("distances_to needs every θₖ: run with record_theta=True and record_every=1")
    return [math.dist(theta, star) for theta in result.path]


def loss_gaps(result: Result, loss_star: float) -> list[float]:
    """Jₖ − J* for k = 0 … n_iter, from a batch run (where ``loss[k]`` is J(θₖ)) with record_every 1."""
    J_star = as_vector([loss_star], "loss_star")[0]
    if not result.variant.startswith("batch") or result.record_every != 1:
        raise ParameterError(
            f"loss_gaps needs J(θₖ) at every step, which a {result.variant} run with record_every"
            f" = {result.record_every} does not record; use batch_size=None and record_every=1,"
            " or distances_to"
        )
    return [J - J_star for J in (*result.loss, result.final_loss)]


def rate_line(e0: float, rate: float, steps: int, points: int = 25) -> tuple[list[float], list[float]]:
    """The predicted line e₀·ρᵏ at ``points`` steps k from 0 to ``steps``, as (ks, values).

    A series for ``plot.loss_curves``: with few points it is drawn with a dot
    on each, so the measured curve beneath it stays visible. For the errors
    ‖θₖ − θ*‖ of batch gradient descent on a bowl it is a bound,
    ‖eₖ‖ ≤ ρᵏ·‖e₀‖ (I − ηH is symmetric with norm ρ), and so is
    (J₀ − J*)·(ρ²)ᵏ for the loss gaps.

    >>> rate_line(8.0, 0.5, 4, points=3)
    ([0.0, 2.0, 4.0], [8.0, 2.0, 0.5])
    """
    e0 = positive_number(e0, "e0")
    rho = fraction(rate, "rate")
    steps = positive_int(steps, "steps")
    points = positive_int(points, "points")
    if points < 2:
        raise ParameterError(f"points must be at least 2 to draw a line, got {points}")
    ks = [steps * j / (points - 1) for j in range(points)]
    return ks, [e0 * rho**k for k in ks]


def _curvatures(lambda_min: float, lambda_max: float) -> tuple[float, float]:
    lo = nonnegative_number(lambda_min, "lambda_min")
    hi = positive_number(lambda_max, "lambda_max")
    if lo > hi:
        raise ParameterError(f"lambda_min must not exceed lambda_max, got {lo!r} > {hi!r}")
    return lo, hi
