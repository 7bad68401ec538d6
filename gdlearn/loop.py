"""The loop every update rule shares: which rows each step sees, and when to stop.

An optimizer is two things, kept apart as in optax and ``torch.optim``:

    the update rule   θ, state ← update(θ, g, state, η)      GradientDescent, Adam
    the loop          where g comes from, which η, when to stop   ``Optimizer`` here

The loop, with the symbols used in the code::

    η₀ = learning_rate   B = batch_size (None: B = n)   E = epochs
    s = schedule, η_t = s(η₀, t)   J = the objective,  J_ℬ = J on batch ℬ only

    θ ← θ₀;  state ← init(p)                t = 0 and whatever the rule remembers
    for epoch = 1 … E:
        if shuffle and B < n: shuffle the row order (see ``batches``)
        for each batch ℬ of B consecutive rows in that order:
            g ← ∇J_ℬ(θ)                     record J_ℬ(θ) as loss[t]
            η ← s(η₀, t + 1)                record η as learning_rates[t]
            θ, state ← update(θ, g, state, η)     the rule; it counts t ← t + 1
            if J has l1 and proximal=True:        λ₁‖w‖₁ left out of g, its step taken here:
                θ ← prox(θ, η)                    wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0) (``objective``)
        record J(θ) as epoch_loss[epoch]
        stop if epoch_loss has not improved by more than tol for patience epochs
    judge the run: ‖∇J(θ)‖ and a verdict word (see ``verdict``)

Batch, stochastic and mini-batch gradient descent are this one loop; they
differ only in B, that is in how the batches are drawn (see ``batches``).
Each batch gradient is a mean over its rows, so η means the same thing
whatever B is. The update rule never sees the rows, and the loop never sees
the rule's memory: the state goes in and comes back out, immutable.

The bookkeeping serves the loop from the side: a ``Recorder`` writes down
each iteration's loss and rate (``recorder``), and a ``Guard`` stops a run
that diverged (``divergence``), raising ``DivergenceError`` with the result
so far. The exact rule: the run has diverged when

    J(θ) at the end of an epoch rose at each of the last 10 epochs in a row,
    above J(θ₀) at each of them                          (its first sustained rise)
    or a loss or θ is not finite, or a batch loss is beyond 10¹⁰·max(|J(θ₀)|, 1)
    or the run ends with J(θ) more than 1000 times J(θ₀): J(θ) − J(θ₀) > 999·|J(θ₀)|

(for a plain function, every iteration is a check of the first kind), except
that a rise is let run where the theory says the run converges: batch steps
on a quadratic at rates below the rule's stability limit. When
the objective is a quadratic bowl (MSE on a linear model) the message gives
the stability limit of η for the data (see ``stability``). Ctrl-C returns
the result so far instead of losing it. Every result ends with
``gradient_norm`` = ‖∇J(θ)‖ over all rows and a ``verdict`` (``verdict``).
"""

from __future__ import annotations

import inspect
import math
from abc import ABC, abstractmethod
from array import array
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Generic, Protocol, TypeVar

from .batches import epoch_batches
from .checks import boolean, is_real, positive_int, positive_number
from .critical import stopping_point
from .divergence import Diagnosis, Guard
from .errors import DivergenceError, ParameterError
from .functions import Differentiable
from .recorder import Recorder
from .result import OptimizerState, Result, StopReason
from .schedules import Constant, Schedule
from .stability import divergence_advice, quadratic_lambda_max
from .vectors import as_vector
from .verdict import judged, plural, updates

S = TypeVar("S", bound=OptimizerState)

__all__ = ["BatchObjective", "Optimizer", "value_or_nan", "variant_name"]


class BatchObjective(Protocol):
    """What ``minimize`` needs: a loss over n rows, also on any batch of them.

        n_samples                        n, the number of rows
        n_params                         p, the length of θ
        value(θ)                         J(θ) over all n rows
        value_and_gradient(θ, indices)   (J_ℬ(θ), ∇J_ℬ(θ)) over the rows ℬ whose
                                         indices are given (all rows for None)

    ``Objective`` is one. Write another for a loss that is not the mean of
    ℓ(f(xᵢ; θ), yᵢ) over a model's predictions. Here the mean ȳ of n numbers
    as the minimiser of J(θ) = (1/n) Σᵢ (θ − yᵢ)², whose gradient is 2(θ − ȳ):

    >>> class MeanOf:
    ...     def __init__(self, y):
    ...         self.y, self.n_samples, self.n_params = y, len(y), 1
    ...     def value(self, theta):
    ...         return self.value_and_gradient(theta)[0]
    ...     def value_and_gradient(self, theta, indices=None):
    ...         ys = self.y if indices is None else [self.y[i] for i in indices]
    ...         residuals = [theta[0] - y_i for y_i in ys]
    ...         J = sum(r * r for r in residuals) / len(ys)
    ...         return J, [2 * sum(residuals) / len(ys)]
    >>> from gdlearn import GradientDescent
    >>> GradientDescent(0.5).minimize(MeanOf([1.0, 2.0, 6.0]), epochs=1).theta
    (3.0,)

    (θ₁ = 0 − ½·2·(0 − 3) = 3: on this bowl of curvature 2, η = ½ lands on ȳ
    in one step.)
    """

    n_samples: int
    n_params: int

    def value(self, theta: Sequence[float]) -> float: ...

    def value_and_gradient(
        self, theta: Sequence[float], indices: Sequence[int] | None = None
    ) -> tuple[float, list[float]]: ...


class Optimizer(ABC, Generic[S]):
    """The loop above, for any update rule; subclasses write ``init`` and ``update``.

    - ``batch_size=None``: batch gradient descent, the whole data set per step;
    - ``batch_size=1``: stochastic, one row per step;
    - ``batch_size=k``: mini-batch, k rows per step. The last batch of an
      epoch is smaller when k does not divide n. A k larger than n is
      clipped to n: one batch holding every row.

    ``shuffle`` shuffles the previous epoch's row order again before every
    epoch, with one ``random.Random(seed)`` for the run (exactly as
    ``batches`` states), so the same seed gives the same history bit for bit. Batch GD uses every
    row at every step and never shuffles. ``schedule`` (default ``Constant()``)
    gives the rate of update t from η₀ = ``learning_rate``.
    """

    rule = "gradient descent"
    """The update rule's name, as it appears in ``variant``."""

    def __init__(
        self,
        learning_rate: float,
        *,
        batch_size: int | None = None,
        shuffle: bool = True,
        seed: int | None = None,
        schedule: Schedule | None = None,
    ) -> None:
        self.learning_rate = positive_number(learning_rate, "learning_rate")
        self.batch_size = None if batch_size is None else positive_int(batch_size, "batch_size")
        self.shuffle = boolean(shuffle, "shuffle")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ParameterError(f"seed must be an integer or None, got {seed!r}")
        self.seed = seed
        if schedule is not None and not isinstance(schedule, Schedule):
            raise ParameterError(f"schedule must be a Schedule such as StepDecay(10, 0.5), got {schedule!r}")
        self.schedule: Schedule = Constant() if schedule is None else schedule

    # The update rule: what a subclass writes.

    @abstractmethod
    def init(self, n_params: int) -> S:
        """The state before the first update: t = 0 and an empty memory."""

    @abstractmethod
    def update(
        self, theta: Sequence[float], grad: Sequence[float], state: S, eta: float
    ) -> tuple[list[float], S]:
        """One update at rate η: the new θ and the new state (whose t is one more)."""

    def proximal_step(self, objective: object) -> Callable[[list[float], float], list[float]] | None:
        """The objective's ``prox(θ, η)`` if it asks for one (l1 > 0 and proximal=True), else None.

        Only plain gradient descent is followed by the proximal step: that
        is the proximal gradient method, whose fixed points are exactly the
        minimisers of J. After momentum μ (dampening τ) the velocity at a
        fixed point is g·(1 − τ)/(1 − μ), so the steps would settle on the
        minimiser of the wrong penalty λ₁·(1 − μ)/(1 − τ); after Adam, whose
        step is about η·sign(g), on no lasso at all. Both are a ParameterError,
        and so is a rule that does not say it is plain (``plain``).
        """
        if not (getattr(objective, "proximal", False) and getattr(objective, "l1", 0.0)):
            return None
        if not self.plain:
            raise ParameterError(
                f"the proximal step for l1 follows plain gradient descent only, not {self.rule}: after"
                " momentum μ it settles on the lasso of λ₁·(1 − μ), after Adam on none; use momentum=0"
                " with optimizer='gd', or l1's default subgradient step"
            )
        prox: Callable[[list[float], float], list[float]] = objective.prox  # type: ignore[attr-defined]
        return prox

    @property
    def plain(self) -> bool:
        """True when the update is θ − η·g itself, plain gradient descent: not known of a rule of your own."""
        return False

    def stability_limit(self, lambda_max: float) -> float | None:
        """The largest stable η on a quadratic whose Hessian has top eigenvalue λ_max (None: unknown)."""
        return None

    def step(self, theta: Sequence[float], grad: Sequence[float]) -> list[float]:
        """The first update from a fresh state, at the first rate η₁ = s(η₀, 1)."""
        eta = self.schedule(self.learning_rate, 1)
        theta = as_vector(theta, "theta")
        return self.update(theta, as_vector(grad, "grad", length=len(theta)), self.init(len(theta)), eta)[0]

    @property
    def variant(self) -> str:
        """Which kind this is, in the words of the tutorial: 'mini-batch gradient descent'."""
        return variant_name(self.batch_size, self.rule)

    # The loop.

    def minimize(
        self,
        objective: BatchObjective,
        theta0: Any = None,
        *,
        epochs: int = 100,
        tol: float | None = None,
        patience: int = 5,
        record_theta: bool = False,
        callback: Callable[[int, float], None] | None = None,
        record_every: int = 1,
        record_batches: bool = False,
    ) -> Result:
        """Run ``epochs`` passes over the data of a batched objective.

        ``tol`` (off by default) stops the run once ``epoch_loss`` has not
        fallen by more than ``tol`` below its best value for ``patience``
        epochs in a row. θ₀ defaults to zeros. ``callback(epoch, loss)``, if
        given, is called after each epoch with its number (from 1) and its
        ``epoch_loss``: the hook for progress lines. ``record_every`` = k
        keeps only every k-th iteration's loss (see ``Result``).
        ``record_batches`` keeps the rows of every batch in ``Result.batches``.
        """
        _require_batches(objective)
        epochs = positive_int(epochs, "epochs")
        tol = None if tol is None else positive_number(tol, "tol")
        patience = positive_int(patience, "patience")
        record_every = positive_int(record_every, "record_every")
        record_batches = boolean(record_batches, "record_batches")
        record_theta = boolean(record_theta, "record_theta")
        _check_callback(callback)
        n = objective.n_samples
        theta = self._start(theta0, objective.n_params)
        state = self.init(len(theta))
        B = n if self.batch_size is None else min(self.batch_size, n)
        full_batch = n == B  # a batch size clipped to n is batch gradient descent
        epochs_of_batches = epoch_batches(n, self.batch_size, shuffle=self.shuffle, seed=self.seed)
        schedule, eta0 = self.schedule, self.learning_rate
        prox = self.proximal_step(objective)  # None unless J asks for λ₁'s proximal step

        # One pass over all rows gives J(θ₀) and the verdict's ‖∇J(θ₀)‖. Batch GD
        # keeps it as its first update's (`ahead`): J(θ) at the end of an epoch
        # is the batch loss of the next update, to the bit, so one pass gives both.
        start_loss, start_grad = objective.value_and_gradient(theta)
        ahead = (start_loss, start_grad) if full_batch else None
        start = tuple(theta)
        start_gradient = math.hypot(*start_grad)
        guard = Guard(start_loss, self.rule, self._diagnose(objective, full_batch, "data"))
        guard.check(start_loss, theta, "at the starting θ", 0)
        recorder = Recorder(theta, record_theta, record_every, n if record_batches else None)
        epoch_loss = array("d", [start_loss])
        best, stale = start_loss, 0
        stop: StopReason = "max_epochs"
        # What each step uses, bound here once, so that a step looks nothing up; and a
        # constant rate (exactly Constant, not a subclass with its own __call__) needs no call.
        gradient, update, record = objective.value_and_gradient, self.update, recorder.record
        rate, constant, limit = schedule.__call__, type(schedule) is Constant, guard.limit
        try:
            for epoch in range(1, epochs + 1):
                for batch in [None] if full_batch else next(epochs_of_batches):
                    t = state.t  # this is iteration t, counting from 0
                    # g ← ∇J_ℬ(θ), with J_ℬ(θ) from the same pass
                    loss, grad = ahead if ahead is not None else gradient(theta, batch)
                    if not abs(loss) <= limit:  # false for nan and ±inf too
                        guard.check(loss, theta, f"after {updates(t)}, in epoch {epoch}", t)
                    eta = eta0 if constant else rate(eta0, t + 1)  # η ← s(η₀, t + 1)
                    new_theta, new_state = update(theta, grad, state, eta)  # θ, state ← update(…)
                    if prox is not None:
                        new_theta = prox(new_theta, eta)  # θ ← prox(θ, η): the weights soft-thresholded
                    record(t, loss, eta, new_theta, batch)  # loss[t], learning_rates[t] (and batches[t])
                    theta, state = new_theta, new_state
                # batch GD: J(θ) with the next update's gradient; the last epoch: with the verdict's ‖∇J(θ)‖
                ahead = objective.value_and_gradient(theta) if full_batch or epoch == epochs else None
                end_loss = value_or_nan(objective, theta) if ahead is None else ahead[0]
                epoch_loss.append(end_loss)  # J(θ) after this epoch
                where = f"after {updates(state.t)}, at the end of epoch {epoch}"
                guard.end_of_epoch(end_loss, theta, where, state.t)  # blown up, or rising above J(θ₀)?
                if callback is not None:
                    callback(epoch, end_loss)
                if tol is not None:
                    if end_loss < best - tol:
                        best, stale = end_loss, 0
                    else:
                        stale += 1
                        if stale >= patience:
                            stop = "converged"
                            break
            where = f"at the end of the run, after {updates(state.t)} in {plural(epoch, 'epoch')}"
            guard.end_of_run(epoch_loss[-1], where, state.t)  # ended 1000 times as high as it started?
        except KeyboardInterrupt:
            stop = "interrupted"
        except DivergenceError as error:
            bad_loss = guard.bad_loss
            error.result = self._result(recorder, theta, state, "diverged", epoch_loss, bad_loss, full_batch)
            raise
        final = epoch_loss[-1] if stop != "interrupted" else objective.value(theta)
        result = self._result(recorder, theta, state, stop, epoch_loss, final, full_batch)
        end_gradient = None if ahead is None or stop == "interrupted" else math.hypot(*ahead[1])  # ∇J(θ) at θ
        decay = getattr(self, "weight_decay", 0.0)
        return judged(result, objective, start, decay, start_gradient=start_gradient, gradient=end_gradient)

    def minimize_function(
        self,
        f: Differentiable,
        theta0: Any,
        *,
        iterations: int = 1000,
        grad_tol: float | None = None,
        record_theta: bool = False,
        record_every: int = 1,
    ) -> Result:
        """Minimise a plain ``Differentiable`` f with full gradient steps.

        Each iteration records f(θ) before the update in ``loss`` (every
        k-th iteration only, with ``record_every`` = k). There
        are no data and so no epochs or batches: ``batch_size`` must be None.
        ``grad_tol`` (off by default) stops once ‖∇f(θ)‖₂ ≤ grad_tol.
        """
        if not isinstance(f, Differentiable):
            raise ParameterError(
                "f must have value(theta) and gradient(theta) (the Differentiable protocol),"
                f" got {type(f).__name__}"
            )
        if self.batch_size is not None:
            raise ParameterError(
                f"a plain function has no rows to batch; use batch_size=None, got {self.batch_size}"
            )
        iterations = positive_int(iterations, "iterations")
        grad_tol = None if grad_tol is None else positive_number(grad_tol, "grad_tol")
        record_every = positive_int(record_every, "record_every")
        theta = as_vector(theta0, "theta0")
        state = self.init(len(theta))
        schedule, eta0 = self.schedule, self.learning_rate
        diagnose = self._diagnose(f, True, "function")
        guard = Guard(value_or_nan(f, theta), self.rule, diagnose, unit="iteration")
        guard.check(guard.start_loss, theta, "at the starting θ", 0)
        start = tuple(theta)
        recorder = Recorder(theta, record_theta, record_every)
        stop: StopReason = "max_iterations"
        try:
            for _ in range(iterations):
                t = state.t
                loss = guard.end_of_epoch(value_or_nan(f, theta), theta, f"after {updates(t)}", t)
                grad = f.gradient(theta)  # g ← ∇f(θ)
                sized = hasattr(grad, "__len__") and len(grad) == len(theta)
                if not sized or (t == 0 and not all(map(is_real, grad))):  # the entries' kind: at the first
                    raise ParameterError(
                        f"f.gradient(θ) must give one partial derivative, a real number, per entry of θ"
                        f" ({len(theta)}), got {grad!r:.80}"
                    )
                if grad_tol is not None and math.hypot(*grad) <= grad_tol:
                    stop = "converged"
                    break
                eta = schedule(eta0, t + 1)  # η ← s(η₀, t + 1)
                new_theta, new_state = self.update(theta, grad, state, eta)  # θ, state ← update(…)
                recorder.record(t, loss, eta, new_theta)
                theta, state = new_theta, new_state
            where = f"after {updates(state.t)}, the last"
            final = guard.end_of_epoch(value_or_nan(f, theta), theta, where, state.t)
            guard.end_of_run(final, where, state.t)  # ended 1000 times as high as it started?
        except KeyboardInterrupt:
            stop, final = "interrupted", f.value(theta)
        except DivergenceError as error:
            error.result = self._result(recorder, theta, state, "diverged", array("d"), guard.bad_loss, True)
            raise
        result = self._result(recorder, theta, state, stop, array("d"), final, True)
        result = judged(result, f, start, getattr(self, "weight_decay", 0.0))
        return result if stop == "interrupted" else replace(result, stopped_at=stopping_point(f, theta))

    def _diagnose(self, f: object, full_batch: bool, what: str) -> Callable[[int], Diagnosis]:
        """What to say after a blow-up once t updates were taken: the rate, the stability limit if known."""

        def diagnose(t: int) -> Diagnosis:
            if t == 0:  # not one update taken: the rate cannot be the cause
                data = "rescale the data (standardise X, scale y)"
                cure = "start elsewhere" if what == "function" else data
                text = f"with no update taken yet, so the learning rate is not the cause: {cure}"
                return Diagnosis(self.learning_rate, None, text)
            eta = self.schedule(self.learning_rate, t)  # the rate of the last update
            lambda_max = quadratic_lambda_max(f)
            limit = None if lambda_max is None else self.stability_limit(lambda_max)
            advice = divergence_advice(eta, limit, full_batch, what)
            scheduled = "" if eta == self.learning_rate else f" (η = {eta:g} at the last update)"
            # the theory is of the quadratic's steps: an l1 subgradient's ±λ₁ kicks are not among them
            kicked = getattr(f, "l1", 0.0) and not getattr(f, "proximal", False)
            below = limit is not None and max(eta, self.learning_rate) < limit
            converges = full_batch and below and not kicked
            text = f"with learning_rate={self.learning_rate:g}{scheduled}; {advice}"
            return Diagnosis(eta, limit, text, converges)

        return diagnose

    def _result(
        self,
        recorder: Recorder,
        theta: list[float],
        state: S,
        stop: StopReason,
        epoch_loss: array[float],
        final_loss: float,
        full_batch: bool,
    ) -> Result:
        """The run's ``Result``; a batch size of n (clipped or not) is named batch gradient descent."""
        variant = variant_name(None if full_batch else self.batch_size, self.rule)
        return recorder.result(
            theta,
            state,
            stop=stop,
            epoch_loss=epoch_loss,
            final_loss=final_loss,
            learning_rate=self.learning_rate,
            variant=variant,
        )

    def _start(self, theta0: Any, n_params: int) -> list[float]:
        if theta0 is None:
            return [0.0] * n_params
        return as_vector(theta0, "theta0", length=n_params)


def variant_name(batch_size: int | None, rule: str = "gradient descent") -> str:
    """'batch …' for B = None, 'stochastic …' for B = 1, else 'mini-batch …'.

    >>> variant_name(32), variant_name(None, "Adam")
    ('mini-batch gradient descent', 'batch Adam')
    """
    if batch_size is None:
        return f"batch {rule}"
    if batch_size == 1:
        return f"stochastic {rule}"
    return f"mini-batch {rule}"


def value_or_nan(f: Any, theta: list[float]) -> float:
    """f(θ), or nan once θ is no longer finite (which the guard then reports); ±inf past a float.

    A value that is not a real number (None, text, a complex number) is a ParameterError.
    """
    if not math.isfinite(sum(theta)):
        return math.nan
    value = f.value(theta)
    if not is_real(value):
        raise ParameterError(f"f.value(theta) must return a real number, got {value!r:.80}")
    try:
        return float(value)
    except OverflowError:  # an int beyond a float, such as 10**400
        return math.inf if value > 0 else -math.inf


def _check_callback(callback: Any) -> None:
    """ParameterError, before the run, unless ``callback`` is None or takes callback(epoch, loss)."""
    if callback is None:
        return
    if not callable(callback):
        raise ParameterError(f"callback must be a function callback(epoch, loss), got {callback!r}")
    try:
        signature = inspect.signature(callback)
    except (TypeError, ValueError):  # a builtin without one: it will say so itself
        return
    try:
        signature.bind(1, 0.0)
    except TypeError as error:
        raise ParameterError(
            f"callback must take two arguments, callback(epoch, loss): {error}; got {callback!r:.80}"
        ) from None


def _require_batches(objective: Any) -> None:
    """ParameterError unless ``objective`` has what ``minimize`` uses."""
    needed = ("n_samples", "n_params", "value", "value_and_gradient")
    if not all(hasattr(objective, name) for name in needed):
        raise ParameterError(
            "minimize needs an objective over rows, such as Objective(model, loss, X, y),"
            f" got {type(objective).__name__}; for a plain function use minimize_function"
        )
