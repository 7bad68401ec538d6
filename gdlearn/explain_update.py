"""The update of θ from the gradient, written out term by term (the second half of ``explain``).

The rules of ``gradient_descent`` and ``adam`` at update t, coordinate by
coordinate, with g the gradient ∇J_ℬ(θ) of the batch:

    the rate        ηₜ = s(η₀, t)                      the schedule's own formula
    weight decay    g ← g + λ_wd·θ                     every parameter, the bias too
    gradient descent with momentum μ and dampening τ (u is the velocity):
                    u₁ = g,  uₜ = μ·uₜ₋₁ + (1 − τ)·g    then θ ← θ − η·uₜ,
                    or θ ← θ − η·(g + μ·uₜ) with Nesterov, or θ ← θ − η·g without momentum
    Adam            mₜ = β₁·mₜ₋₁ + (1 − β₁)·g,  vₜ = β₂·vₜ₋₁ + (1 − β₂)·g²
                    m̂ₜ = mₜ/(1 − β₁ᵗ),  v̂ₜ = vₜ/(1 − β₂ᵗ),  θ ← θ − η·m̂ₜ/(√v̂ₜ + ε)
    the proximal step of λ₁‖w‖₁ (l1 with proximal=True, after plain gradient descent only):
                    wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0),  b unchanged

Every number is computed here from these formulas, not by the optimizer
classes; the tests check both against a computation of their own. Each
stage is one function that writes its lines and returns its numbers: the
proximal step is the function ``write_update`` calls on the θ the rule returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from .adam import Adam, AdamState
from .explain_text import Page, arrow, factor, fold, num, sub, tag
from .gradient_descent import GradientDescent, MomentumState
from .schedules import Constant, CosineDecay, ExponentialDecay, InverseScaling, Schedule, StepDecay


class Update(NamedTuple):
    """The numbers of the update's stages, and one clause saying what the step did."""

    eta: float
    direction: list[float]  # what θ ← θ − η·(direction) steps along
    theta: list[float]
    state: MomentumState | AdamState
    summary: str


def signed(x: float) -> str:
    """A move, with its sign always written: '+0.5', '−0.25'."""
    return num(x) if x < 0 else f"+{num(x)}"


def rate(schedule: Schedule, eta0: float, t: int) -> tuple[str, str, float]:
    """ηₜ for update t: its formula, the formula with the numbers in, and its value."""
    if isinstance(schedule, Constant):
        return "ηₜ = η₀", num(eta0), eta0
    if isinstance(schedule, StepDecay):
        s, gamma = schedule.step_size, schedule.gamma
        value = eta0 * gamma ** ((t - 1) // s)
        return "ηₜ = η₀·γ^⌊(t − 1)/s⌋", f"{num(eta0)}·{num(gamma)}^⌊{t - 1}/{s}⌋", value
    if isinstance(schedule, ExponentialDecay):
        gamma = schedule.gamma
        return "ηₜ = η₀·γ^(t − 1)", f"{num(eta0)}·{num(gamma)}^{t - 1}", eta0 * gamma ** (t - 1)
    if isinstance(schedule, InverseScaling):
        p = schedule.power
        return "ηₜ = η₀/tᵖ", f"{num(eta0)}/{t}^{num(p)}", eta0 / math.pow(t, p)
    if isinstance(schedule, CosineDecay):
        T, f = schedule.period, schedule.floor
        progress = min(t - 1, T) / T
        value = eta0 * (f + (1.0 - f) * 0.5 * (1.0 + math.cos(math.pi * progress)))
        formula = "ηₜ = η₀·(f + (1 − f)·½·(1 + cos(π·min(t − 1, T)/T)))"
        return formula, f"{num(eta0)}·({num(f)} + (1 − {num(f)})·½·(1 + cos(π·{min(t - 1, T)}/{T})))", value
    return "ηₜ = s(η₀, t)", f"{schedule!r}({num(eta0)}, {t})", schedule(eta0, t)


def write_update(
    page: Page, rule: GradientDescent | Adam, theta: Sequence[float], grad: Sequence[float],
    state: MomentumState | AdamState, t: int, labels: Sequence[str], bias: bool, prox_l1: float = 0.0,
) -> Update:  # fmt: skip
    """Write the stages of the module docstring for update t on ``page``; return their numbers.

    ``prox_l1`` = λ₁ of the proximal step that follows the rule's update (0: none).
    """
    formula, substituted, eta = rate(rule.schedule, rule.learning_rate, t)
    if not isinstance(rule.schedule, Constant):
        page.stage(f"the rate  {formula}  ({type(rule.schedule).__name__})")
        page.say(f"   η{sub(t)} = {substituted} = {num(eta)}")
    g = _weight_decay(page, rule.weight_decay, theta, grad, labels, bias)
    if isinstance(rule, Adam):
        assert isinstance(state, AdamState)
        update = _adam(page, rule, theta, g, state, t, eta, labels, bias)
    else:
        assert isinstance(state, MomentumState)
        update = _gradient_descent(page, rule, theta, g, state, t, eta, labels, bias)
    if prox_l1:
        return _proximal(page, update, theta, prox_l1, labels, bias)
    if not any(eta * d_j for d_j in update.direction):
        return update._replace(
            summary=f"no parameter moved: η·{'m̂/(√v̂ + ε)' if isinstance(rule, Adam) else 'g'} = 0"
        )
    return update


def _weight_decay(
    page: Page, lam: float, theta: Sequence[float], grad: Sequence[float], labels: Sequence[str], bias: bool
) -> list[float]:
    """g = ∇J + λ_wd·θ, every coordinate; the gradient unchanged when λ_wd = 0."""
    if not lam:
        return list(grad)
    g = [g_j + lam * theta_j for g_j, theta_j in zip(grad, theta)]
    page.stage(f"weight decay  g = ∂J/∂θ + λ_wd·θ, on every parameter, the bias too;  λ_wd = {num(lam)}")
    for j in page.params(len(theta) - bias, bias):
        page.say(f"   {tag(labels, j)} g = {num(grad[j])} + {num(lam)}·{factor(theta[j])} = {num(g[j])}")
    return g


def _gradient_descent(
    page: Page, rule: GradientDescent, theta: Sequence[float], g: list[float], state: MomentumState,
    t: int, eta: float, labels: Sequence[str], bias: bool,
) -> Update:  # fmt: skip
    mu, tau = rule.momentum, rule.dampening
    d = len(theta) - bias
    direction, velocity, symbol = g, None, "g"
    if mu:
        u_t = f"u{sub(t)}"
        if state.velocity is None:
            page.stage(f"the velocity  u₁ = g: at t = 1 it starts at the gradient;  μ = {num(mu)}")
            u = list(g)
            for j in page.params(d, bias):
                page.say(f"   {tag(labels, j)} u₁ = g = {num(u[j])}")
        else:
            page.stage(f"the velocity  uₜ = μ·uₜ₋₁ + (1 − τ)·g;  μ = {num(mu)}, τ = {num(tau)}")
            u = [mu * u_j + (1.0 - tau) * g_j for u_j, g_j in zip(state.velocity, g)]
            for j in page.params(d, bias):
                terms = f"{num(mu)}·{factor(state.velocity[j])} + (1 − {num(tau)})·{factor(g[j])}"
                page.say(f"   {tag(labels, j)} {u_t} = {terms} = {num(u[j])}")
        velocity, direction, symbol = tuple(u), u, u_t
        if rule.nesterov:
            direction = [g_j + mu * u_j for g_j, u_j in zip(g, u)]
            symbol = f"(g + μ·{u_t})"
            page.stage(f"Nesterov's look-ahead  g + μ·{u_t}: the gradient and the velocity about to be added")
            for j in page.params(d, bias):
                terms = f"{num(g[j])} + {num(mu)}·{factor(u[j])}"
                page.say(f"   {tag(labels, j)} g + μ·{u_t} = {terms} = {num(direction[j])}")
    new_theta = _write_step(
        page, f"θ ← θ − η·{symbol}", theta, direction, eta, labels, bias, _rate_note(rule, eta, t)
    )
    moves = [-eta * d_j for d_j in direction]  # θ after − θ before, without the rounding of a difference
    k = max(range(len(moves)), key=lambda j: abs(moves[j]))
    if velocity is None:
        summary = (
            f"every parameter moved by −η·g, against its derivative; {labels[k]} the most: {signed(moves[k])}"
        )
    elif rule.nesterov:
        look_ahead = -eta * mu * velocity[k]
        summary = _parts(f"the look-ahead μ·u{sub(t)}", labels[k], -eta * g[k], look_ahead, moves[k])
    elif state.velocity is None:
        summary = (
            f"the velocity starts at g, so update 1 moves as plain gradient descent does ({labels[k]} by"
            f" {signed(moves[k])}); momentum shows from update 2 on"
        )
    else:
        gradient_part, carried = -eta * (1.0 - tau) * g[k], -eta * mu * state.velocity[k]
        summary = _parts("the velocity", labels[k], gradient_part, carried, moves[k])
    return Update(eta, list(direction), new_theta, MomentumState(state.t + 1, velocity), summary)


def _proximal(
    page: Page, update: Update, theta: Sequence[float], l1: float, labels: Sequence[str], bias: bool
) -> Update:
    """wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0) on the θ the rule reached, weight by weight; b unchanged."""
    eta, stepped = update.eta, update.theta
    tau = eta * l1
    d = len(stepped) - bias
    page.stage(
        f"the proximal step of λ₁‖w‖₁  wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0), b unchanged;"
        f"  η·λ₁ = {num(eta)}·{num(l1)} = {num(tau)}"
    )
    new_theta = [w_j - tau if w_j > tau else w_j + tau if w_j < -tau else 0.0 for w_j in stepped[:d]]
    new_theta += stepped[d:]
    for j in page.params(d, bias):
        if j == d:
            page.say(f"   {arrow(labels, j)} b = {num(stepped[j])}  (the bias is not penalised)")
            continue
        w_j = stepped[j]
        held = f"  (|{labels[j]}| ≤ η·λ₁: exactly 0)" if new_theta[j] == 0.0 else ""
        shrink = f"sign({num(w_j)})·max({num(abs(w_j))} − {num(tau)}, 0)"
        page.say(f"   {arrow(labels, j)} {shrink} = {num(new_theta[j])}{held}")
    zeros = [labels[j] for j in range(d) if new_theta[j] == 0.0]
    moved = any(eta * d_j for d_j in update.direction)
    if not moved and list(new_theta) == list(theta):
        return update._replace(theta=new_theta, summary="no parameter moved: η·g = 0, and every weight is 0")
    within = f"η·λ₁ = {num(tau)}"
    if not zeros:
        proximal = f"the proximal step moved every weight {within} towards 0"
    elif len(zeros) == d:
        proximal = f"the proximal step set every weight, each within {within} of 0, to exactly 0"
    else:
        named = f"{fold(zeros, page.shown, ', ')} ({len(zeros)} of {d})"
        proximal = f"the proximal step set {named}, within {within} of 0, to exactly 0 and moved the others"
        proximal += f" {num(tau)} towards 0"
    summary = f"{update.summary}; then {proximal}" if moved else proximal
    return update._replace(theta=new_theta, summary=summary)


def _parts(what: str, label: str, from_gradient: float, carried: float, move: float) -> str:
    """Whether the momentum term carried a parameter further than the gradient alone, or held it back."""
    how = "carried {} further than the gradient alone" if from_gradient * carried >= 0 else "held {} back"
    return f"{what} {how.format(label)}: {num(from_gradient)} + {factor(carried)} = {num(move)}"


def _adam(
    page: Page, rule: Adam, theta: Sequence[float], g: list[float], state: AdamState, t: int, eta: float,
    labels: Sequence[str], bias: bool,
) -> Update:  # fmt: skip
    (beta1, beta2), eps = rule.betas, rule.eps
    d = len(theta) - bias
    m = [beta1 * m_j + (1.0 - beta1) * g_j for m_j, g_j in zip(state.m, g)]
    v = [beta2 * v_j + (1.0 - beta2) * g_j * g_j for v_j, g_j in zip(state.v, g)]
    page.stage(
        f"Adam's moments  mₜ = β₁·mₜ₋₁ + (1 − β₁)·g,  vₜ = β₂·vₜ₋₁ + (1 − β₂)·g²;"
        f"  β₁ = {num(beta1)}, β₂ = {num(beta2)}"
    )
    T = sub(t)
    for j in page.params(d, bias):
        b1, b2, gj = num(beta1), num(beta2), factor(g[j])
        page.say(f"   {tag(labels, j)} m{T} = {b1}·{factor(state.m[j])} + (1 − {b1})·{gj} = {num(m[j])}")
        page.say(f"   {tag(labels, j)} v{T} = {b2}·{num(state.v[j])} + (1 − {b2})·{gj}² = {num(v[j])}")
    correction1, correction2 = 1.0 - beta1**t, 1.0 - beta2**t
    m_hat = [m_j / correction1 for m_j in m]
    v_hat = [v_j / correction2 for v_j in v]
    page.stage(
        f"the bias correction  m̂ₜ = mₜ/(1 − β₁ᵗ),  v̂ₜ = vₜ/(1 − β₂ᵗ);"
        f"  1 − {num(beta1)}^{t} = {num(correction1)},  1 − {num(beta2)}^{t} = {num(correction2)}"
    )
    for j in page.params(d, bias):
        page.say(f"   {tag(labels, j)} m̂{T} = {factor(m[j])}/{num(correction1)} = {num(m_hat[j])}")
        page.say(f"   {tag(labels, j)} v̂{T} = {num(v[j])}/{num(correction2)} = {num(v_hat[j])}")
    direction = [mh / (math.sqrt(vh) + eps) for mh, vh in zip(m_hat, v_hat)]
    page.stage(f"the update  θ ← θ − η·m̂{T}/(√v̂{T} + ε);  {_rate_note(rule, eta, t)}, ε = {num(eps)}")
    new_theta = [theta_j - eta * mh / (math.sqrt(vh) + eps) for theta_j, mh, vh in zip(theta, m_hat, v_hat)]
    for j in page.params(d, bias):
        step = f"{num(eta)}·{factor(m_hat[j])}/(√{num(v_hat[j])} + {num(eps)})"
        page.say(f"   {arrow(labels, j)} {num(theta[j])} − {step} = {num(new_theta[j])}")
    moves = [-eta * d_j for d_j in direction]
    big = max(range(len(g)), key=lambda j: abs(g[j]))
    small = min(range(len(g)), key=lambda j: abs(g[j]))
    if t == 1 and all(abs(abs(move) - eta) <= 0.01 * eta for move in moves):  # each within 1 % of η
        summary = (
            f"Adam's first step moves every parameter by about η = {num(eta)} against its gradient's sign"
            f" (m̂₁ = g and v̂₁ = g², so m̂/√v̂ = ±1), whatever the gradient's size: {labels[big]} by"
            f" {signed(moves[big])}"
        )
    elif t == 1:  # ε is not small next to every |g| (or a g is 0): the ±η rule does not hold here
        summary = (
            f"Adam's first step moves a parameter by about η = {num(eta)} only where ε is small next to"
            f" its |g| (m̂₁ = g, v̂₁ = g², so m̂/(√v̂ + ε) = g/(|g| + ε)); here ε = {num(eps)}:"
            f" {labels[big]} moved by {signed(moves[big])}, {labels[small]} by {signed(moves[small])}"
        )
    elif g[small] != 0 and big != small:
        summary = (
            f"Adam moved {labels[big]} by {signed(moves[big])} and {labels[small]} by {signed(moves[small])},"
            f" though their gradients differ {abs(g[big] / g[small]):.3g}-fold: each step is η·m̂/(√v̂ + ε),"
            f" the gradient's running mean over its running size"
        )
    else:
        summary = f"Adam moved {labels[big]} by {signed(moves[big])}, η·m̂/(√v̂ + ε)"
    return Update(eta, direction, new_theta, AdamState(t, tuple(m), tuple(v)), summary)


def _rate_note(rule: GradientDescent | Adam, eta: float, t: int) -> str:
    """'η = 0.01', or 'η₅ = 0.0025' when a schedule makes the rate depend on t."""
    return f"η = {num(eta)}" if isinstance(rule.schedule, Constant) else f"η{sub(t)} = {num(eta)}"


def _write_step(
    page: Page, formula: str, theta: Sequence[float], direction: Sequence[float], eta: float,
    labels: Sequence[str], bias: bool, note: str,
) -> list[float]:  # fmt: skip
    """θ ← θ − η·d, coordinate by coordinate."""
    page.stage(f"the update  {formula};  {note}")
    new_theta = [theta_j - eta * d_j for theta_j, d_j in zip(theta, direction)]
    d = len(theta) - bias
    for j in page.params(d, bias):
        step = f"{num(eta)}·{factor(direction[j])}"
        page.say(f"   {arrow(labels, j)} {num(theta[j])} − {step} = {num(new_theta[j])}")
    return new_theta
