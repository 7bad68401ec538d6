"""Where did it stop? A point classified by its gradient and its Hessian.

Gradient descent stops where ∇f(θ) ≈ 0, at a critical point, but not every
critical point is a minimum. Taylor's formula, with g = ∇f(θ) and the
Hessian H = ∇²f(θ),

    f(θ + s) ≈ f(θ) + gᵀs + ½·sᵀHs,

says what the kind is once g = 0: the sign of the curvature sᵀHs in every
direction s, read off H's eigenvalues λᵢ, i = 1 … p (symmetric H = VΛVᵀ, see
``linalg.symmetric_eigen``), the curvatures along its principal axes vᵢ:

    minimum        every λᵢ > 0            f rises in every direction
    maximum        every λᵢ < 0            f falls in every direction
    saddle         some λᵢ > 0, some < 0   f falls along the vᵢ with λᵢ < 0
    degenerate     some λᵢ ≈ 0, the others of one sign: second derivatives
                   cannot tell (x⁴ has a minimum at 0, x³ none; f″(0) = 0 for both)
    not critical   g is not ≈ 0

A minimum needs every eigenvalue clearly positive, so a saddle (or a flat
direction that might hide one) is never reported as a minimum.

The tolerances are relative, so multiplying f by any constant (a change of
units) changes nothing:

    λᵢ ≈ 0  ⇔  |λᵢ| ≤ τ_λ·maxⱼ|λⱼ|              τ_λ = curvature_tol = 1e-4
    g ≈ 0   ⇔  d ≤ τ_d·max(1, ‖θ‖)               τ_d = distance_tol = 1e-6

where d = ‖s‖ is the length of the Newton step s = −Σᵢ (vᵢᵀg / λ̄ᵢ)·vᵢ, the
step to the critical point of the quadratic model above, each curvature
taken at least τ_λ·max|λ| in size, λ̄ᵢ = max(|λᵢ|, τ_λ·maxⱼ|λⱼ|), so that a
flat direction gives a long step, not a division by zero. So θ is critical
when the critical point the curvature points to is within a millionth of
θ's size (or of 1, near 0). Why τ_λ is 100 times τ_d: at a distance d from
a critical point the eigenvalues are off by about ‖∇³f‖·d, so near a
degenerate point (x³ at 0) a point can look like a minimum; the margin
covers third derivatives up to 100 times the largest curvature. The price:
a minimum whose curvatures differ by more than 10⁴ (κ > 10⁴) is called
degenerate, flat to within τ_λ; pass a smaller curvature_tol to call it a
minimum.

H is ``f.hessian(θ)`` when f has one (``landscapes``), else central
differences of the gradient, 2p gradient calls, symmetrised:

    H[i][j] ≈ (∂ᵢf(θ + hⱼeⱼ) − ∂ᵢf(θ − hⱼeⱼ)) / (2hⱼ),   hⱼ = 1e-5·max(1, |θⱼ|)

whose error, about 1e-10 relative for a smooth f, is far below τ_λ.

>>> from gdlearn.landscapes import Saddle
>>> point = classify_point(Saddle(), [0.0, 0.0])
>>> point.kind, point.eigenvalues          # H = diag(12·0 − 4, 2)
('saddle', (-4.0, 2.0))
>>> classify_point(Saddle(), [1.0, 0.0]).kind
'minimum'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from .checks import positive_number
from .errors import DataError, ParameterError
from .functions import Differentiable
from .linalg import symmetric_eigen
from .vectors import as_vector, dot

Kind = Literal["minimum", "maximum", "saddle", "degenerate", "not critical"]

MAX_AUTO_PARAMS = 20
"""``stopping_point`` classifies runs of at most this many parameters (Jacobi costs O(p³))."""

_WORDS = {
    "minimum": "a minimum: every eigenvalue of the Hessian is positive",
    "maximum": "a maximum: every eigenvalue of the Hessian is negative",
    "saddle": "a saddle point, not a minimum: the Hessian has eigenvalues of both signs",
    "degenerate": "a degenerate critical point: an eigenvalue of the Hessian is about 0, so the"
    " second derivatives cannot tell minimum from saddle",
    "not critical": "not a critical point: the gradient is not about 0",
}


class CriticalPoint(NamedTuple):
    """What θ is, and the numbers that say so.

    ``distance`` is d, the length of the Newton step to the nearest critical
    point of the quadratic model; ``eigenvalues`` are H's, increasing.
    """

    kind: Kind
    theta: tuple[float, ...]
    gradient_norm: float
    distance: float
    eigenvalues: tuple[float, ...]

    def describe(self) -> str:
        """One sentence: the kind, with ‖∇f‖ and the eigenvalues that decided it."""
        values = ", ".join(f"{v:.4g}" for v in self.eigenvalues)
        return f"{_WORDS[self.kind]} (‖∇f‖ = {self.gradient_norm:.2g}; eigenvalues {values})"


def numerical_hessian(f: Differentiable, theta: Any, eps: float = 1e-5) -> list[list[float]]:
    """∇²f(θ) by central differences of ``f.gradient``, symmetrised: ½(H + Hᵀ).

    >>> from gdlearn import Rosenbrock    # exact at (1, 1): [[802, −400], [−400, 200]]
    >>> [[round(h, 6) for h in row] for row in numerical_hessian(Rosenbrock(), [1.0, 1.0])]
    [[802.0, -400.0], [-400.0, 200.0]]
    """
    point = as_vector(theta, "theta")
    eps = positive_number(eps, "eps")
    p = len(point)
    columns = []
    for j, theta_j in enumerate(point):
        h = eps * max(1.0, abs(theta_j))
        point[j] = theta_j + h
        g_plus = _gradient(f, point)
        point[j] = theta_j - h
        g_minus = _gradient(f, point)
        point[j] = theta_j
        columns.append([(a - b) / (2.0 * h) for a, b in zip(g_plus, g_minus)])
    return [[0.5 * (columns[j][i] + columns[i][j]) for j in range(p)] for i in range(p)]


def hessian(f: Differentiable, theta: Any) -> list[list[float]]:
    """H = ∇²f(θ): ``f.hessian(θ)`` if f has that method, else ``numerical_hessian``."""
    point = as_vector(theta, "theta")
    exact = getattr(f, "hessian", None)
    if callable(exact):
        return [as_vector(row, "hessian row") for row in exact(point)]
    return numerical_hessian(f, point)


def classify_point(
    f: Differentiable, theta: Any, *, distance_tol: float = 1e-6, curvature_tol: float = 1e-4
) -> CriticalPoint:
    """Minimum, maximum, saddle, degenerate or not critical: θ by its gradient and Hessian.

    The rules and both tolerances are in the module's docstring. Costs one
    gradient (2p more without ``f.hessian``) and an eigen-decomposition, O(p³).

    >>> from gdlearn.landscapes import Himmelblau
    >>> point = classify_point(Himmelblau(), [3.0, 2.0])   # H = [[74, 20], [20, 34]]
    >>> point.kind, [round(v, 6) for v in point.eigenvalues]   # 54 ∓ √(20² + 20²)
    ('minimum', [25.715729, 82.284271])
    >>> classify_point(Himmelblau(), [0.0, 0.0]).kind
    'not critical'
    """
    if not isinstance(f, Differentiable):
        raise ParameterError(f"f must have value(theta) and gradient(theta), got {f!r}")
    point = as_vector(theta, "theta")
    tau_d = positive_number(distance_tol, "distance_tol")
    tau_lambda = positive_number(curvature_tol, "curvature_tol")
    g = _gradient(f, point)
    H = hessian(f, point)
    if len(g) != len(point) or len(H) != len(point):
        raise ParameterError(f"the gradient and the Hessian must have {len(point)} entries a side, as theta")
    if not all(math.isfinite(h) for row in H for h in row):
        raise DataError(f"the Hessian of f is not finite at θ = {point}: {H}")
    values, vectors = symmetric_eigen(H)
    floor = tau_lambda * max(abs(v) for v in values)
    if floor > 0.0:  # d = ‖s‖, s = the Newton step with each |λᵢ| raised to at least the floor
        distance = math.hypot(*(dot(v, g) / max(abs(lam), floor) for lam, v in zip(values, vectors)))
    else:  # H = 0: flat, so only g = 0 exactly is critical
        distance = 0.0 if not any(g) else math.inf
    kind: Kind
    if distance > tau_d * max(1.0, math.hypot(*point)):
        kind = "not critical"
    elif values[0] > floor:
        kind = "minimum"
    elif values[-1] < -floor:
        kind = "maximum"
    elif values[0] < -floor and values[-1] > floor:
        kind = "saddle"
    else:
        kind = "degenerate"
    return CriticalPoint(kind, tuple(point), math.hypot(*g), distance, tuple(values))


def stopping_point(f: Differentiable, theta: Sequence[float]) -> CriticalPoint | None:
    """``classify_point`` with its defaults, for where a run ended; None where it cannot say.

    None when θ has more than ``MAX_AUTO_PARAMS`` = 20 entries (the
    eigenvalues would cost more than the run), or when the gradient or the
    Hessian cannot be evaluated or is not finite near θ: the run's result is
    then returned without a classification rather than lost.
    """
    if len(theta) > MAX_AUTO_PARAMS:
        return None
    try:
        return classify_point(f, list(theta))
    except (ArithmeticError, ValueError):  # GDLearnError is a ValueError
        return None


def _gradient(f: Differentiable, theta: list[float]) -> list[float]:
    """∇f(θ) as finite floats (``as_vector`` raises a DataError for anything else)."""
    return as_vector(f.gradient(list(theta)), "gradient")
