"""What a run of gradient descent leaves behind: θ and its whole history.

Exactly what each number is (other libraries leave this vague):

    loss[k]        the loss of the batch used for update k, at θ *before*
                   update k. It is computed by the same pass as the gradient,
                   so recording it costs nothing. For batch GD it is J(θₖ);
                   for stochastic and mini-batch GD it is a noisy estimate
                   of J(θₖ) from one batch. k = 0 … n_iter − 1.
    epoch_loss[e]  the loss over all rows: entry 0 at the start θ₀, entry e
                   after epoch e. One full pass per epoch, never per step
                   (that would make a stochastic epoch cost n², not n).
                   Empty when minimising a plain function (no epochs).
    final_loss     the loss over all rows (or f) at the returned θ.
    path           with record_theta=True: θ₀ and θ after every update,
                   n_iter + 1 points; otherwise None.
    learning_rates[k]  the rate η_t that update k used (t = k + 1): the
                   schedule's value, or learning_rate at every step when
                   there is no schedule.
    state          what the optimizer remembers after the last update, an
                   immutable object: the update count t, plus the velocity
                   (momentum) or the moments m and v (Adam).
    record_every   k, 1 unless asked: with k > 1 only every k-th iteration
                   is kept, for runs too long to keep them all. Then loss[j]
                   and learning_rates[j] are those of iteration j·k (one
                   batch's loss, sampled, not an average over the k), and
                   path[j] is θ after j·k updates; n_iter still counts every
                   update, so len(loss) = ⌈n_iter/k⌉, len(path) = ⌊n_iter/k⌋ + 1.

The per-iteration losses and rates are stored in ``array('d')``, 8 bytes a number.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Literal, Protocol

from .critical import CriticalPoint

StopReason = Literal["max_epochs", "max_iterations", "converged", "interrupted", "diverged"]

STOP_REASONS: dict[str, str] = {
    "max_epochs": "ran all the epochs it was given",
    "max_iterations": "ran all the iterations it was given",
    "converged": "stopped early: the loss stopped improving by more than tol",
    "interrupted": "interrupted by the user (Ctrl-C); the result is the run so far",
    "diverged": "diverged: the loss blew up",
}


class OptimizerState(Protocol):
    """What every optimizer's state has: t, the number of updates taken so far."""

    @property
    def t(self) -> int: ...


@dataclass(frozen=True)
class Result:
    """θ after gradient descent, with the full record of how it got there."""

    theta: tuple[float, ...]
    loss: array[float]
    epoch_loss: array[float]
    final_loss: float
    n_iter: int
    n_epochs: int
    stop_reason: StopReason
    learning_rate: float
    variant: str
    path: list[tuple[float, ...]] | None = None
    learning_rates: array[float] = field(default_factory=lambda: array("d"))
    state: OptimizerState | None = None
    record_every: int = 1
    stopped_at: CriticalPoint | None = None  # minimize_function: what θ is (critical.stopping_point)

    @property
    def interrupted(self) -> bool:
        """True if Ctrl-C ended the run; θ and the history are the run so far."""
        return self.stop_reason == "interrupted"

    @property
    def converged(self) -> bool:
        """True if the stopping rule (tol, patience) ended the run early."""
        return self.stop_reason == "converged"

    def describe(self) -> str:
        """One sentence on how the run ended."""
        epochs = f" over {self.n_epochs} epochs" if self.epoch_loss else ""
        where = "" if self.stopped_at is None else f"; θ is {self.stopped_at.describe()}"
        return (
            f"{self.variant} {STOP_REASONS[self.stop_reason]}: {self.n_iter} updates"
            f"{epochs}, final loss {self.final_loss:.6g}{where}"
        )
