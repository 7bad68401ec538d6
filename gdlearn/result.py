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

How it ended, in words and numbers (see ``verdict`` for the exact criteria):

    gradient_norm  ‖∇J(θ)‖ over all rows at the returned θ (‖∇f(θ)‖ for a
                   plain function): the number that says how far from flat
    verdict        one word from a small set, the first whose criterion holds:
      "interrupted"       Ctrl-C ended the run
      "diverged"          the guard stopped it (only in DivergenceError.result)
      "no minimum"        logistic regression whose θ classifies every row
                          correctly: the loss falls towards 0 as ‖w‖ grows
                          for ever; no minimiser exists
      "converged"         J(θ) − J* ≤ 10⁻⁶·J* + 10⁻⁹·(J(θ₀) − J*) where the
                          least value J* is known (``FitResult.optimum_loss``); else
                          the stopping rule (tol, grad_tol) ended the run, or
                          ‖∇J(θ)‖ ≤ 10⁻⁶·‖∇J(θ₀)‖
      "still descending"  over the tail (the last max(5, ⌈N/10⌉) of the N
                          epochs) the loss fell more than twice as much as it rose
      "hovering"          anything else: the loss stopped falling while the
                          gradient stays large (a constant rate with small
                          batches, MAE's kink)
    converged      verdict == "converged"

``describe()`` says the verdict, the number that shows it, and what to do.

>>> from gdlearn import fit
>>> X, y = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]      # y = 2x + 1 exactly: J* = 0
>>> fit(X, y, learning_rate=0.1, epochs=2000).verdict
'converged'
>>> fit(X, y, learning_rate=0.1, epochs=5).verdict      # the loss falls at every epoch
'still descending'
>>> fit(X, [1.0, 2.0, 6.0], loss="mae", learning_rate=0.5, epochs=300).verdict   # across the kink
'hovering'
>>> fit([[-1.0], [1.0]], [0, 1], loss="log", learning_rate=1.0, epochs=50).verdict   # separable
'no minimum'
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field
from typing import Literal, Protocol

from . import verdict as verdicts
from .critical import CriticalPoint

StopReason = Literal["max_epochs", "max_iterations", "converged", "interrupted", "diverged"]


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
    gradient_norm: float = math.nan
    verdict: str = ""

    def __post_init__(self) -> None:
        if not self.verdict:  # a Result made by hand: judged from what it holds
            word = verdicts.judge(self.stop_reason, verdicts.checks(self), gradient_norm=self.gradient_norm)
            object.__setattr__(self, "verdict", word)

    @property
    def interrupted(self) -> bool:
        """True if Ctrl-C ended the run; θ and the history are the run so far."""
        return self.stop_reason == "interrupted"

    @property
    def converged(self) -> bool:
        """True if the verdict is "converged": J* reached, or the gradient small, or the tol rule met."""
        return self.verdict == "converged"

    def describe(self) -> str:
        """The verdict, the number that shows it, and what to do, in one or two sentences.

        For a plain function it also says what θ is: a minimum, a saddle, … (``stopped_at``).
        """
        where = "" if self.stopped_at is None else f" θ is {self.stopped_at.describe()}."
        return verdicts.describe(self) + where
