"""Did it work? Every run ends with a verdict: one word from a small set, and what to do.

The words, and the criterion of each, checked in this order (the first that
holds is the verdict):

    interrupted       Ctrl-C ended the run; the result is the run so far
    diverged          the guard stopped it (see ``divergence``): only in DivergenceError.result
    no minimum        logistic regression whose θ already classifies every training
                      row correctly: then the loss falls towards 0 as ‖w‖ grows, for
                      ever, and no minimiser exists (an l2 penalty makes one)
    converged         where the least value J* is known (MSE on a linear model):
                          J(θ) − J* ≤ 10⁻⁶·J* + 10⁻⁹·(J(θ₀) − J*)
                      (J* to six digits, or, for an exact fit J* = 0, all but a
                      billionth of the starting excess gone)
                      elsewhere: the stopping rule ended the run (tol, grad_tol), or
                          ‖∇J(θ)‖ ≤ 10⁻⁶·‖∇J(θ₀)‖                  (a small gradient)
                      and with weight decay λ_wd, which the rule adds to ∇J, by
                      the small-gradient rule on ∇J(θ) + λ_wd·θ, where its steps stop
    still descending  the loss is still falling steadily: over the tail (the last
                      W = max(5, ⌈N/10⌉) of the N checks) it fell more than twice as
                      much as it rose, F > 2R
    hovering          anything else: the loss stopped falling, going up about as much
                      as down, while the gradient stays large: the noise ball of a
                      constant rate with small batches, or MAE's steps across its kink

A check is the full loss J(θ) at the end of an epoch (``epoch_loss``), or f(θ)
at each recorded iteration of a plain function. F and R add up the falls
and the rises from one check to the next within the tail. Where J* is known
the gap decides alone: on badly conditioned data the gradient can be small
long before J is near J*. Without J*, a small gradient is all there is.

>>> judge("max_epochs", [10.0, 4.0, 2.0, 1.0], gradient_norm=0.3, optimum=1.0)
'converged'
>>> judge("max_epochs", [10.0, 4.0, 2.5, 2.0], gradient_norm=0.3, optimum=1.0)   # F = 8, R = 0
'still descending'
>>> judge("max_epochs", [10.0, 2.0, 2.2, 2.0, 2.1, 2.0, 2.1], gradient_norm=0.3, start_gradient_norm=5.0)
'hovering'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any, NamedTuple, Protocol, TypeVar

from .losses import LogLoss
from .objective import Objective

VERDICTS = ("converged", "still descending", "hovering", "no minimum", "interrupted", "diverged")
"""Every word a run can end with."""

GAP_TOLERANCE = 1e-6
"""Converged: J(θ) − J* ≤ GAP_TOLERANCE·J* + START_TOLERANCE·(J(θ₀) − J*) (J* to six digits) …"""
START_TOLERANCE = 1e-9
"""… or, for an exact fit J* = 0, all but a billionth of the starting excess J(θ₀) − J* gone."""
GRADIENT_TOLERANCE = 1e-6
"""Converged, where J* is unknown: ‖∇J(θ)‖ ≤ GRADIENT_TOLERANCE·‖∇J(θ₀)‖."""

API_WORDS = {
    "epochs": "run more epochs",
    "rate": "raise the learning rate",
    "smaller": "lower the learning rate",
    "standardize": "standardise the features (Standardizer)",
    "schedule": "decay the learning rate (schedule=)",
    "batch": "use larger batches",
    "momentum": "lower the momentum",
    "l2": "add an L2 penalty (l2=0.01)",
}
"""How the advice names what to do in Python; the command line has its own words (its options)."""


class Tail(NamedTuple):
    """The last ``window`` steps of the loss: how much it fell and rose in them, in sum."""

    window: int  # W = max(5, ⌈N/10⌉), at most N
    fell: float  # F = Σ max(J_{k−1} − J_k, 0)
    rose: float  # R = Σ max(J_k − J_{k−1}, 0)
    first: float  # the loss at the start of the tail, J_{N−W}


def tail(losses: Sequence[float]) -> Tail:
    """The tail of a run's full losses J₀ … J_N.

    >>> tail([9.0, 5.0, 4.0, 4.5, 3.0, 3.25, 2.0])    # N = 6: W = 5, from J₁ = 5
    Tail(window=5, fell=3.75, rose=0.75, first=5.0)
    """
    N = len(losses) - 1
    W = min(N, max(5, math.ceil(N / 10)))
    part = losses[N - W :] if N > 0 else losses
    fell = math.fsum(max(a - b, 0.0) for a, b in pairwise(part))
    rose = math.fsum(max(b - a, 0.0) for a, b in pairwise(part))
    return Tail(W, fell, rose, part[0] if part else math.nan)


def judge(
    stop: str,
    losses: Sequence[float],
    *,
    gradient_norm: float,
    start_gradient_norm: float | None = None,
    optimum: float | None = None,
    no_minimiser: bool = False,
) -> str:
    """The verdict on a run, by the criteria above.

    ``stop`` is the stop reason, ``losses`` the full losses J₀ … J_N at the
    checks (J_N at the returned θ), ``gradient_norm`` = ‖∇J(θ)‖ and
    ``start_gradient_norm`` = ‖∇J(θ₀)‖, ``optimum`` = J* where known, and
    ``no_minimiser`` says that θ proves J has no minimiser (``no_minimiser``).
    """
    if stop in ("interrupted", "diverged"):
        return stop
    if no_minimiser:
        return "no minimum"
    if optimum is not None and losses:  # J* known: the gap decides
        gap, start_gap = losses[-1] - optimum, losses[0] - optimum
        converged = gap <= GAP_TOLERANCE * abs(optimum) + START_TOLERANCE * start_gap
    else:  # the tol or grad_tol rule, or a small gradient
        small = start_gradient_norm is not None and gradient_norm <= GRADIENT_TOLERANCE * start_gradient_norm
        converged = stop == "converged" or small
    if converged:
        return "converged"
    steps = tail(losses)
    return "still descending" if steps.fell > 2.0 * steps.rose else "hovering"


def no_minimiser(objective: object, theta: Sequence[float], weight_decay: float = 0.0) -> bool:
    """True when θ proves that J has no minimiser: logistic regression that separates the data.

    If every row is on its side of the boundary, yᵢ = 1 where zᵢ = w·xᵢ + b > 0
    and yᵢ = 0 where zᵢ < 0, then J(c·θ) falls towards 0 as c grows: the
    infimum 0 is never reached. A penalty on w (l1, l2) restores a minimum,
    unless every row is of one class (then b alone separates, and b is not
    penalised); the optimizer's weight decay, which pulls on θ, does too.

    >>> from gdlearn import LogisticModel
    >>> J = Objective(LogisticModel(1), "log", [[-1.0], [2.0]], [0, 1])
    >>> no_minimiser(J, [1.0, 0.0]), no_minimiser(J, [-1.0, 0.0])
    (True, False)
    """
    if not (isinstance(objective, Objective) and isinstance(objective.loss, LogLoss)) or weight_decay:
        return False
    model = objective.linear  # the argument needs z linear in θ: None for a model of your own
    if model is None:
        return False
    one_class = len(set(objective.targets)) == 1 and model.fit_intercept
    if (objective.l1 or objective.l2) and not one_class:
        return False
    z = model.forward(theta, objective.rows)
    return all(z_i > 0 if y_i == 1.0 else z_i < 0 for z_i, y_i in zip(z, objective.targets))


class Run(Protocol):
    """What the verdict reads from a ``Result`` (or ``FitResult``); result.py imports this module."""

    @property
    def theta(self) -> tuple[float, ...]: ...
    @property
    def stop_reason(self) -> str: ...
    @property
    def variant(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def n_iter(self) -> int: ...
    @property
    def n_epochs(self) -> int: ...
    @property
    def final_loss(self) -> float: ...
    @property
    def gradient_norm(self) -> float: ...
    @property
    def epoch_loss(self) -> Sequence[float]: ...
    @property
    def loss(self) -> Sequence[float]: ...


R = TypeVar("R", bound=Run)


def checks(run: Run) -> list[float]:
    """The full losses J₀ … J_N a verdict looks at: ``epoch_loss``, or for a plain function f at
    each recorded iteration and then at the returned θ."""
    return list(run.epoch_loss) if run.epoch_loss else [*run.loss, run.final_loss]


def judged(
    result: R,
    f: Any,
    theta0: Sequence[float],
    weight_decay: float = 0.0,
    *,
    start_gradient: float | None = None,
    gradient: float | None = None,
) -> R:
    """The loop's result with ``gradient_norm`` = ‖∇J(θ)‖ at its θ and its ``verdict``.

    f is the objective (or plain function) the run minimised, θ₀ where it
    started. ‖∇J(θ₀)‖ and ‖∇J(θ)‖ cost a full pass each unless the loop
    already has them. Ctrl-C meanwhile leaves them unknown (nan), not the run.
    With weight decay λ_wd the rule steps along ∇J(θ) + λ_wd·θ, so it settles
    where that vanishes, not ∇J: the small-gradient criterion reads its norm
    (``gradient_norm`` still reports ‖∇J(θ)‖).
    """
    if isinstance(f, Objective) and f.proximal:  # the loop's norms are of ∇f, without λ₁'s subgradient
        start_gradient = gradient = None
    try:
        gradient = gradient_norm(f, result.theta) if gradient is None else gradient
        start_gradient = gradient_norm(f, theta0) if start_gradient is None else start_gradient
        settled, started = gradient, start_gradient
        if weight_decay:  # the rule's own fixed point: ∇J(θ) + λ_wd·θ = 0
            settled = gradient_norm(f, result.theta, weight_decay)
            started = gradient_norm(f, theta0, weight_decay)
        unbounded = no_minimiser(f, result.theta, weight_decay)
    except KeyboardInterrupt:  # Ctrl-C while judging: the run itself is whole, judge it without
        gradient = settled = started = math.nan
        unbounded = False
    word = judge(
        result.stop_reason, checks(result), gradient_norm=settled, start_gradient_norm=started,
        no_minimiser=unbounded,
    )  # fmt: skip
    return replace(result, gradient_norm=gradient, verdict=word)  # type: ignore[type-var]  # a dataclass


def gradient_norm(f: Any, theta: Sequence[float], weight_decay: float = 0.0) -> float:
    """‖∇J(θ)‖ over all rows (or ‖∇f(θ)‖); inf if it overflows, nan if θ is not finite.

    For an objective with ``proximal=True``, whose gradient leaves out λ₁‖w‖₁,
    it is the norm of J's subgradient nearest 0 (``Objective.min_norm_subgradient``).
    With ``weight_decay`` = λ_wd it is ‖∇J(θ) + λ_wd·θ‖, the direction the rule steps along.
    """
    if not math.isfinite(sum(theta)):
        return math.nan
    try:
        if isinstance(f, Objective) and f.proximal:
            grad = f.min_norm_subgradient(theta)
        elif hasattr(f, "value_and_gradient"):
            grad = f.value_and_gradient(list(theta))[1]
        else:
            grad = f.gradient(theta)
        if weight_decay:
            grad = [g_j + weight_decay * theta_j for g_j, theta_j in zip(grad, theta)]  # ∇J + λ_wd·θ
        return math.hypot(*grad)
    except (OverflowError, ValueError):  # predictions beyond a float; fsum refuses inf − inf
        return math.inf


def headline(run: Run) -> str:
    """The verdict and the numbers that show it, in one sentence."""
    data = bool(run.epoch_loss)  # a run over data, with epochs; else a plain function's
    counts = f"{updates(run.n_iter)} over {plural(run.n_epochs, 'epoch')}" if data else ""
    counts = counts or plural(run.n_iter, "iteration")
    unit = "epoch" if data else "iteration"
    losses = checks(run)
    J, steps = run.final_loss, tail(losses)
    gap = gap_text(J, getattr(run, "optimum_loss", None), losses[0] if losses else math.nan)
    gradient = f"‖∇J‖ = {run.gradient_norm:.2g}"
    name, verdict = run.variant, run.verdict
    if verdict == "converged":
        return f"{name} converged: {counts}, final loss {J:.6g}{gap or ', ' + gradient}."
    if verdict == "still descending":
        return (
            f"{name} is still descending after {counts}: the loss fell {fall_text(steps.first, J)} over"
            f" the last {plural(steps.window, unit)}, to {J:.6g}{gap}."
        )
    if verdict == "hovering":
        return (
            f"{name} is hovering after {counts}: the loss stopped falling at {J:.6g}{gap} (over the"
            f" last {plural(steps.window, unit)} it rose {steps.rose:.2g} in all and fell {steps.fell:.2g}),"
            f" while {gradient}."
        )
    if verdict == "no minimum":
        theta = getattr(run, "theta", ())
        weights = getattr(getattr(run, "model", None), "weights", theta)
        return (
            f"{name} finds no minimum: every training row is already classified correctly, so the"
            f" loss keeps falling towards 0 (now {J:.3g}) while ‖w‖ keeps growing (now"
            f" {math.hypot(*weights):.3g}); no minimiser exists."
        )
    if verdict == "interrupted":
        return f"{name} was interrupted (Ctrl-C) after {counts}; the result is the run so far, loss {J:.6g}."
    start = losses[0] if losses else math.nan
    return f"{name} diverged after {updates(run.n_iter)}: the loss went from {start:.4g} to {J:.4g}."


def updates(t: int) -> str:
    """'1 update', '2 updates': the count the divergence message uses too."""
    return plural(t, "update")


def plural(n: int, unit: str) -> str:
    """'1 epoch', '5 epochs'."""
    return f"{n} {unit}{'s' * (n != 1)}"


def advice(run: Run, words: dict[str, str] = API_WORDS) -> str:
    """What to do about the verdict, in ``words`` (Python's by default, or the command line's)."""
    verdict, variant = run.verdict, run.variant
    # a plain function has iterations, not epochs (and is run from Python or the lab, never the command)
    more = words["epochs"] if run.epoch_loss else "run more iterations"
    if verdict == "still descending":
        kappa = getattr(run, "condition_number", None)
        if kappa is not None and kappa >= 1e3:
            return (
                f"The condition number κ = {kappa:.2g} makes the flattest direction about that many times"
                f" slower than the steepest: {words['standardize']}, or {more}."
            )
        return f"To go further, {more} or {words['rate']}."
    if verdict == "hovering":
        steps = tail(checks(run))
        if steps.rose > 0 and steps.fell == 0:  # up at every check of the tail: not noise
            return (
                f"The loss rose at each of the last {plural(steps.window, 'check')}: the rate may be past the"
                f" stability limit; {words['smaller']}."
            )
        if steps.rose == steps.fell == 0:  # not one digit of J moved
            rates: Sequence[float] = getattr(run, "learning_rates", ())
            last = f" (η = {rates[-1]:.2g} at the last update)" if len(rates) else ""
            return f"The loss no longer changes: the steps are too small to move θ{last}; {words['rate']}."
        if not variant.startswith("batch"):
            return (
                f"The noise of small batches keeps θ moving around the minimum: {words['schedule']}"
                f" or {words['batch']}."
            )
        if "momentum" in variant:
            return f"Momentum makes θ swing around the minimum: {more}, or {words['momentum']}."
        return (
            "Each step overshoots, as at the kink of MAE or an l1 penalty, or at a rate near the stability"
            f" limit: {words['schedule']}."
        )
    if verdict == "no minimum":
        return f"For a finite answer, {words['l2']}."
    if verdict == "diverged":
        return "Try a smaller learning rate, or standardise the features."
    return ""


def describe(run: Run) -> str:
    """The verdict, the number that shows it, and what to do: one or two sentences."""
    return f"{headline(run)} {advice(run)}".strip()


def gap_text(loss: float, optimum: float | None, start: float) -> str:
    """', 7.8% above the least value J* = 5' (empty when J* is unknown; start is J(θ₀)).

    A gap within rounding, 10⁻¹⁰·J* + 10⁻¹³·(J(θ₀) − J*), is no gap.

    >>> gap_text(5.39, 5.0, 4642.0), gap_text(5.0, 5.0, 4642.0)
    (', 7.8% above the least value J* = 5', ', at the least value J* = 5')
    >>> gap_text(68.4, 6.1, 438.8)
    ', 11 times the least value J* = 6.1'
    >>> gap_text(1e-30, 2e-31, 4.7), gap_text(1e-8, 0.0, 4.7)   # an exact fit
    (', at the least value J* = 2e-31', ', 1e-08 above the least value J* = 0')
    """
    if optimum is None:
        return ""
    gap = loss - optimum
    if gap <= 1e-10 * abs(optimum) + 1e-13 * (start - optimum):
        return f", at the least value J* = {optimum:.6g}"
    relative = optimum > 1e-13 * start  # else J* is 0 to rounding (an exact fit): no ratio to it
    if relative and gap >= optimum:
        return f", {loss / optimum:.2g} times the least value J* = {optimum:.6g}"
    size = f"{100 * gap / optimum:.2g}%" if relative else f"{gap:.2g}"
    return f", {size} above the least value J* = {optimum:.6g}"


def fall_text(first: float, last: float) -> str:
    """How much a loss fell from ``first`` to ``last``: a percentage, or a factor once it is 10 or more.

    >>> fall_text(5.0, 4.0), fall_text(21.0, 0.0021), fall_text(2.0, 0.0)
    ('20%', 'by a factor of 1e+04', '100%')
    """
    if last > 0 and first >= 10 * last:
        return f"by a factor of {first / last:.2g}"
    if not first:
        return f"{first - last:.2g}"
    percent = 100 * ((first - last) / abs(first))  # divided first: 100·(first − last) can pass 1.8e308
    return f"{percent:.2g}%" if abs(percent) < 99.5 else f"{percent:.0f}%"  # 100%, not 1e+02%
