"""The bookkeeping of one run: θ and the optimizer's state, the history, the guard.

``Optimizer`` (in ``loop``) decides what happens; a ``Run`` remembers it:

    now             (θ, state), replaced whole by each update, so that Ctrl-C
                    can never leave θ and the state out of step
    losses, rates   the loss and the rate η of every (k-th) iteration, as
                    ``array('d')``: 8 bytes a number
    path            θ₀ and θ after every (k-th) update, if asked for
    limit           the divergence guard: a loss beyond 1e10·max(|J(θ₀)|, 1),
                    or one that is not finite, raises ``DivergenceError``

``result`` turns all of it into the immutable ``Result``.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import DivergenceError
from .history import OptimizerState, Result, StopReason

if TYPE_CHECKING:
    from .loop import Optimizer

DIVERGENCE_FACTOR = 1e10
"""A loss above this many times max(|starting loss|, 1) counts as diverged."""

S = TypeVar("S", bound=OptimizerState)


class Run(Generic[S]):
    """The bookkeeping of one run: θ, the state, the history so far, the divergence guard.

    Iteration t (from 0) records its loss and rate when t is a multiple of
    k = ``record_every``, then θ and the state move together in a single
    assignment. So wherever Ctrl-C strikes, the run is consistent: ``result``
    drops a record whose update was never taken, and the state's t counts
    the updates that were.
    """

    def __init__(
        self,
        optimizer: Optimizer[S],
        theta: list[float],
        record_theta: bool,
        start_loss: float,
        advice: Callable[[float], str],
        record_every: int = 1,
    ) -> None:
        self.optimizer = optimizer
        self.variant = optimizer.variant
        self.now = (theta, optimizer.init(len(theta)))  # (θ, state), only ever replaced whole
        self.every = record_every
        self.losses = array("d")
        self.rates = array("d")
        self.path: list[tuple[float, ...]] | None = [tuple(theta)] if record_theta else None
        self.start_loss = start_loss
        # at most the largest float, so that `abs(loss) <= limit` is false for ±inf and nan
        self.limit = min(DIVERGENCE_FACTOR * max(abs(start_loss), 1.0), sys.float_info.max)
        self.bad_loss = math.nan
        self.advice = advice
        self.check(start_loss, "at the starting θ")

    @property
    def theta(self) -> list[float]:
        """θ after the updates taken so far."""
        return self.now[0]

    @property
    def state(self) -> S:
        """The rule's state; its t is the number of updates taken so far."""
        return self.now[1]

    def advance(self, loss_and_grad: tuple[float, list[float]]) -> None:
        """Record the loss at θ, then take one update with this iteration's rate.

        The guard here is the loss alone (false for nan and ±inf too): a θ
        gone non-finite makes the next loss non-finite, and ``check`` at the
        end of every epoch looks at θ itself.
        """
        loss, grad = loss_and_grad
        theta, state = self.now
        t = state.t  # this is iteration t, counting from 0
        if not abs(loss) <= self.limit:
            self.check(loss, f"at iteration {t}")
        optimizer = self.optimizer
        eta = optimizer.schedule(optimizer.learning_rate, t + 1)
        new = optimizer.update(theta, grad, state, eta)
        if t % self.every == 0:
            self.losses.append(loss)
            self.rates.append(eta)
        if self.path is not None and (t + 1) % self.every == 0:
            self.path.append(tuple(new[0]))
        self.now = new

    def value(self, f: Any) -> float:
        """f(θ), or nan once θ is no longer finite (which ``check`` then reports)."""
        theta = self.theta
        return float(f.value(theta)) if math.isfinite(sum(theta)) else math.nan

    def check(self, loss: float, where: str) -> float:
        """Raise ``DivergenceError`` unless loss and θ are finite and tame."""
        # isfinite(loss) too: an infinite starting loss makes the limit infinite.
        if not (math.isfinite(loss) and abs(loss) <= self.limit and math.isfinite(sum(self.theta))):
            self.bad_loss = loss
            optimizer = self.optimizer
            eta = optimizer.schedule(optimizer.learning_rate, max(self.state.t, 1))  # the last rate used
            raise DivergenceError(
                f"{optimizer.rule} diverged {where}: loss {loss:.4g} (it started at"
                f" {self.start_loss:.4g}) with learning_rate={optimizer.learning_rate:g};"
                f" {self.advice(eta)}"
            )
        return loss

    def result(self, stop: StopReason, epoch_loss: array[float], final_loss: float) -> Result:
        theta, state = self.now
        n_iter, k = state.t, self.every
        del self.losses[-(-n_iter // k) :]  # Ctrl-C after recording, before the update
        del self.rates[-(-n_iter // k) :]
        if self.path is not None:
            del self.path[n_iter // k + 1 :]
        return Result(
            theta=tuple(theta),
            loss=self.losses,
            epoch_loss=epoch_loss,
            final_loss=final_loss,
            n_iter=n_iter,
            n_epochs=len(epoch_loss) - 1 if epoch_loss else 0,
            stop_reason=stop,
            learning_rate=self.optimizer.learning_rate,
            variant=self.variant,
            path=self.path,
            learning_rates=self.rates,
            state=state,
            record_every=k,
        )
