"""Any update of any run, every number written out: ``explain_step``.

``explain_step`` takes the options of ``fit`` (the loss, the penalties, the
optimizer and its settings, the batch size, the seed) and writes out update
t of that run. Updates 1 … t − 1 are replayed first, silently and exactly as
the loop runs them: the batches of ``batches.epoch_batches``, ηₜ = s(η₀, t)
from the schedule, ∇J_ℬ(θ) from ``Objective.value_and_gradient``, and the
rule's own ``update(θ, g, state, η)`` from ``init(p)``. From the state
reached (θ, the velocity or Adam's moments, t), which it prints first,
update t is written out stage by stage, each as its formula, then with the
numbers substituted, then the result (its symbols are docs/notation.md's):

    the gradient   ŷᵢ, rᵢ, the loss L and J, δᵢ = ∂L/∂ŷᵢ, ∂J/∂θ, the penalty   ``explain_gradient``
    the update     ηₜ, weight decay, the velocity or Adam's moments, θ ← …,  ``explain_update``
                   and with proximal=True λ₁'s proximal step, wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0)

It ends with the loss of the batch before and after the update, and one
sentence on what the step did. Those numbers are computed from the formulas
in these two modules, independently of ``Objective`` and the optimizer
classes; the tests check them against a computation of their own, and the
θ they reach against ``fit``'s with the same options.

>>> step = explain_step([[1.0], [2.0]], [3.0, 5.0], learning_rate=0.1)
>>> step.gradient, step.theta_after    # (2/2)·[−3·1 − 5·2, −3 − 5]
((-13.0, -8.0), (1.3, 0.8))
>>> print(str(step).splitlines()[-3])
the loss on all 2 rows: J = 17 before the update, 1.685 after it
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from .adam import Adam, AdamState
from .batches import batches_per_epoch, epoch_batches
from .checks import positive_int
from .divergence import Guard
from .errors import ParameterError
from .explain_gradient import Batch, loss_kind, objective_value, write_gradient
from .explain_text import Page, fold, num, sub, vector
from .explain_update import write_update
from .fit import _optimizer
from .gradient_descent import GradientDescent, MomentumState
from .loop import Optimizer, value_or_nan, variant_name
from .losses import LogLoss, Loss, get_loss
from .models import LinearModel, LogisticModel
from .objective import Objective
from .schedules import Constant, Schedule
from .vectors import as_dataset, as_vector
from .verdict import updates

WIDTH = 100
"""The closing sentence is wrapped at this many characters."""


@dataclass(frozen=True, repr=False)
class Explanation:
    """Update t written out: ``text``, which ``print`` and a notebook show, and its numbers.

    ``rows`` are the batch's row indices (from 0; the text numbers rows from
    1), ``gradient`` is ∂J/∂θ with the penalty, before weight decay (∇J_smooth,
    without λ₁·sign(w), with proximal=True), and ``direction`` is d in
    θ ← θ − η·d (g, the velocity u, g + μ·u or m̂/(√v̂ + ε)); with proximal=True
    ``theta_after`` is that θ soft-thresholded.
    """

    t: int
    variant: str
    rows: tuple[int, ...]
    theta_before: tuple[float, ...]
    state_before: MomentumState | AdamState
    eta: float
    y_pred: tuple[float, ...]
    residual: tuple[float, ...]
    delta: tuple[float, ...]
    loss_before: float
    gradient: tuple[float, ...]
    direction: tuple[float, ...]
    theta_after: tuple[float, ...]
    state_after: MomentumState | AdamState
    loss_after: float
    text: str = field(compare=False)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return (
            f"Explanation(t={self.t}, variant={self.variant!r}, loss_before={self.loss_before:.6g},"
            f" loss_after={self.loss_after:.6g})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython and Jupyter show the text itself."""
        printer.text(self.text)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.text}


def explain_step(
    X: Any,
    y: Any,
    *,
    step: int = 1,
    loss: str | Loss = "mse",
    learning_rate: float | str | None = None,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    fit_intercept: bool = True,
    theta0: Any = None,
    optimizer: str | Optimizer[Any] = "gd",
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    schedule: Schedule | None = None,
    l1: float = 0.0,
    l2: float = 0.0,
    proximal: bool = False,
    feature_names: Sequence[str] | None = None,
    shown: int = 3,
) -> Explanation:
    """Update ``step`` = t of ``fit(X, y, ...)`` with the same options, written out.

    Every option from ``loss`` to ``proximal`` is ``fit``'s and means what it
    means there (the loss "mse", "mae", "huber" or "log", the penalties and
    λ₁'s proximal step, "gd" with its momentum or "adam", the schedule); ``seed`` fixes the batches as it
    does in ``fit``. ``feature_names`` name the weights (w₁ … w_d without);
    ``shown`` = K is how many rows, terms and weights are written out before
    "…". Raises ``DivergenceError`` where ``fit`` would stop before update t
    (its guard: a blow-up, or J(θ) rising ten epochs in a row above J(θ₀)).
    """
    rows, targets = as_dataset(X, y)
    t, K = positive_int(step, "step"), positive_int(shown, "shown")
    objective_loss = get_loss(loss)
    if not loss_kind(objective_loss):
        raise ParameterError(f"explain writes out the losses mse, mae, huber and log, got {objective_loss!r}")
    model_class = LogisticModel if isinstance(objective_loss, LogLoss) else LinearModel
    model = model_class(len(rows[0]), fit_intercept=fit_intercept)  # as fit builds them
    objective = Objective(model, objective_loss, rows, targets, l1=l1, l2=l2, proximal=proximal)
    rule = _optimizer(
        optimizer, objective, learning_rate=learning_rate, batch_size=batch_size, shuffle=shuffle, seed=seed,
        schedule=schedule, weight_decay=weight_decay, momentum=momentum, dampening=dampening,
        nesterov=nesterov, betas=betas, eps=eps,
    )  # fmt: skip
    if not isinstance(rule, (GradientDescent, Adam)):
        raise ParameterError(f"explain writes out GradientDescent and Adam, got {rule!r}")
    d, bias = model.n_features, model.fit_intercept
    if isinstance(feature_names, (str, bytes)):  # a string would be split into one-letter names
        raise ParameterError(f"feature_names must be a list of names, one per column, got {feature_names!r}")
    names = [f"x{sub(j + 1)}" for j in range(d)] if feature_names is None else [str(n) for n in feature_names]
    if len(names) != d:
        raise ParameterError(f"feature_names must have {d} names, one per column of X, got {len(names)}")
    weights = [f"w{sub(j + 1)}" for j in range(d)] if feature_names is None else [f"w_{n}" for n in names]
    labels = weights + ["b"] * bias  # θ = [w₁, …, w_d, b], each weight named after its feature
    theta = [0.0] * model.n_params if theta0 is None else as_vector(theta0, "theta0", length=model.n_params)

    prox = rule.proximal_step(objective)  # None unless l1 > 0 and proximal=True; refuses momentum and Adam
    theta, state, indices = _replay(objective, rule, theta, t, prox)
    n, full = objective.n_samples, indices is None
    chosen = list(range(n)) if indices is None else list(indices)
    rows_and_targets = [objective.rows[i] for i in chosen], [objective.targets[i] for i in chosen]
    batch = Batch(*rows_and_targets, [i + 1 for i in chosen])
    variant = variant_name(None if full else rule.batch_size, rule.rule)
    page = Page(K)
    kind = loss_kind(objective_loss)
    _write_setting(page, rule, variant, kind, t, names, labels, bias, l1, l2, prox is not None)
    _write_batch(page, rule, n, chosen, full, t)
    _write_state(page, theta, state, t, labels, bias)
    page.say()
    l1, l2, proximal = objective.l1, objective.l2, prox is not None
    gradient = write_gradient(page, objective_loss, batch, theta, labels, bias, l1, l2, proximal)
    update = write_update(page, rule, theta, gradient.gradient, state, t, labels, bias, l1 * proximal)
    loss_after = objective_value(objective_loss, batch, update.theta, d, bias, objective.l1, objective.l2)
    change = loss_after - gradient.loss
    trend = "did not change" if change == 0 else f"{'rose' if change > 0 else 'fell'} by {num(abs(change))}"
    if not math.isfinite(change):  # inf or nan: the numbers passed the largest float
        trend = (
            f"is {num(loss_after)}: the arithmetic passed the largest float, so the run blows up here"
            " (gdlearn's loop stops it with a DivergenceError); lower the learning rate or rescale the data"
        )
    page.say()
    m = len(chosen)
    these = f"all {n} rows" if full else f"the {m} row{'s' * (m > 1)} of this batch"
    page.say(f"the loss on {these}: J = {num(gradient.loss)} before the update, {num(loss_after)} after it")
    page.say(textwrap.fill(f"What this step did: {update.summary}, and the loss {trend}.", WIDTH))
    return Explanation(
        t, variant, tuple(chosen), tuple(theta), state, update.eta, tuple(gradient.y_pred),
        tuple(gradient.residual), tuple(gradient.delta), gradient.loss, tuple(gradient.gradient),
        tuple(update.direction), tuple(update.theta), update.state, loss_after, page.text(),
    )  # fmt: skip


def _replay(
    objective: Objective, rule: Optimizer[Any], theta: list[float], t: int,
    prox: Callable[[list[float], float], list[float]] | None,
) -> tuple[list[float], Any, list[int] | None]:  # fmt: skip
    """Updates 1 … t − 1 as ``Optimizer.minimize`` runs them (each followed by ``prox`` if given):
    θ and the state reached, and update t's batch.

    The batch is None for batch gradient descent (every row), as in the loop.
    The loop's divergence guard watches the replay as it watches ``fit``
    (each batch loss, and J(θ) at the end of every epoch), so an update that
    ``fit`` never reaches is never written out: ``DivergenceError`` instead.
    """
    n = objective.n_samples
    full = rule.batch_size is None or rule.batch_size >= n
    per_epoch = 1 if full else batches_per_epoch(n, rule.batch_size or n)
    order: Iterator[Sequence[int]] = chain.from_iterable(
        epoch_batches(n, rule.batch_size, shuffle=rule.shuffle, seed=rule.seed)
    )
    state = rule.init(len(theta))
    eta0 = rule.learning_rate
    guard = Guard(objective.value(theta), rule.rule, rule._diagnose(objective, full, "data"))
    too_far = f"before update {t} could be explained"
    guard.check(guard.start_loss, theta, f"at the starting θ, {too_far}", 0)  # as fit checks J(θ₀)
    for k in range(t - 1):  # update k + 1, in epoch k // per_epoch + 1
        epoch = k // per_epoch + 1
        batch = None if full else next(order)
        loss, grad = objective.value_and_gradient(theta, batch)  # g ← ∇J_ℬ(θ)
        guard.check(loss, theta, f"after {updates(k)}, in epoch {epoch}, {too_far}", k)
        eta = rule.schedule(eta0, k + 1)  # η = s(η₀, k + 1)
        theta, state = rule.update(theta, grad, state, eta)
        if prox is not None:
            theta = prox(theta, eta)  # θ ← prox(θ, η): λ₁'s proximal step
        if (k + 1) % per_epoch == 0:  # the end of an epoch: J(θ), as the loop's guard sees it
            end = value_or_nan(objective, theta)
            where = f"after {updates(k + 1)}, at the end of epoch {epoch}, {too_far}"
            guard.end_of_epoch(end, theta, where, k + 1)
    if full:  # update t's batch loss is J(θ), checked at the end of the last epoch
        return theta, state, None
    batch = list(next(order))
    loss = objective.value_and_gradient(theta, batch)[0]  # fit checks it before it takes update t
    guard.check(loss, theta, f"after {updates(t - 1)}, in epoch {(t - 1) // per_epoch + 1}, {too_far}", t - 1)
    return theta, state, batch


def _write_setting(
    page: Page, rule: GradientDescent | Adam, variant: str, kind: str, t: int, names: Sequence[str],
    labels: Sequence[str], bias: bool, l1: float, l2: float, proximal: bool,
) -> None:  # fmt: skip
    """The run in three lines: the rule and its settings, the model, the objective."""
    settings = [f"η₀ = {num(rule.learning_rate)}"]
    if isinstance(rule, Adam):
        settings += [f"β₁ = {num(rule.betas[0])}", f"β₂ = {num(rule.betas[1])}", f"ε = {num(rule.eps)}"]
    elif rule.momentum:
        settings += [f"μ = {num(rule.momentum)}"] + ([f"τ = {num(rule.dampening)}"] if rule.dampening else [])
    if rule.weight_decay:
        settings.append(f"weight decay λ_wd = {num(rule.weight_decay)}")
    if not isinstance(rule.schedule, Constant):
        settings.append(f"schedule {rule.schedule!r}")
    page.say(f"Update {t} of {variant}: {', '.join(settings)}")
    terms = fold([f"{labels[j]}·{name}" for j, name in enumerate(names)], page.shown) + " + b" * bias
    page.say(f"the model      ŷ = {f'σ({terms})' if kind == 'log' else terms}")
    by = ", by its proximal step" if proximal else ""
    penalty = [f"λ₂‖w‖² (λ₂ = {num(l2)})"] * bool(l2) + [f"λ₁‖w‖₁ (λ₁ = {num(l1)}{by})"] * bool(l1)
    loss = {"mse": "squared error", "mae": "absolute error", "huber": "Huber loss", "log": "log loss"}[kind]
    page.say(f"the objective  J = L{''.join(' + ' + p for p in penalty)}, L = the mean {loss} over the batch")


def _write_batch(page: Page, rule: Optimizer[Any], n: int, chosen: Sequence[int], full: bool, t: int) -> None:
    """Which rows update t sees: all of them, or the batch that ``epoch_batches`` draws for it."""
    if full:
        page.say(f"the batch      all {n} rows, |ℬ| = n = {n}")
        return
    per_epoch = batches_per_epoch(n, min(rule.batch_size or n, n))
    epoch, position = (t - 1) // per_epoch + 1, (t - 1) % per_epoch + 1
    drawn = "in file order" if not rule.shuffle else f"shuffled with seed {rule.seed}"
    rows = fold([str(i + 1) for i in chosen], page.shown, ", ")
    page.say(f"the batch      ℬ = rows {rows} (numbered from 1), |ℬ| = {len(chosen)} of {n}:")
    page.say(f"               batch {position} of {per_epoch} in epoch {epoch}, {drawn}")


def _write_state(
    page: Page, theta: Sequence[float], state: Any, t: int, labels: Sequence[str], bias: bool
) -> None:
    """θ (and the velocity or Adam's moments) before update t."""
    d, K = len(theta) - bias, page.shown
    names = vector(list(labels), d, bias, K)
    values = vector([num(v) for v in theta], d, bias, K)
    if t == 1:
        page.say(f"the start      θ = {names} = {values}")
        return
    page.say(f"the state after {updates(t - 1)}, replayed as fit runs them (same options and seed):")
    page.say(f"   t = {t - 1},  θ = {names} = {values}")
    previous = sub(t - 1)
    if isinstance(state, MomentumState) and state.velocity is not None:
        page.say(f"   the velocity u{previous} = {vector([num(v) for v in state.velocity], d, bias, K)}")
    if isinstance(state, AdamState):
        page.say(f"   Adam's moments m{previous} = {vector([num(v) for v in state.m], d, bias, K)}")
        page.say(f"                  v{previous} = {vector([num(v) for v in state.v], d, bias, K)}")
