"""The record a run keeps as it goes, turned into a ``Result`` at the end.

The loop (``loop``) takes the steps; a ``Recorder`` writes down what each
one saw, and nothing else: it never computes a gradient or takes a step.

    losses[j], rates[j]   the batch loss and the rate η of iteration j·k
                          (k = record_every, 1 unless asked), as ``History``
                          (an ``array('d')``): 8 bytes a number
    path                  θ₀, then θ after every k-th update, if asked for
    batches[j]            the rows of iteration j·k's batch, if asked for

The loop records an iteration after computing its update and before
taking it (θ, state ← the new pair, one assignment). So wherever Ctrl-C
strikes, the records hold at most one iteration too many, which ``result``
drops: the state's t counts the updates that were taken.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from .result import History, OptimizerState, Result, StopReason


class Recorder:
    """The losses, rates and (optionally) θ of every k-th iteration of one run."""

    def __init__(
        self, theta0: Sequence[float], record_theta: bool, record_every: int = 1, rows: int | None = None
    ) -> None:
        """``rows`` = n, the number of rows, to record each batch (None: batches are not recorded)."""
        self.every = record_every
        self.losses = History("d")
        self.rates = History("d")
        self.path: list[tuple[float, ...]] | None = [tuple(theta0)] if record_theta else None
        self.batches: list[tuple[int, ...]] | None = None if rows is None else []
        self.every_row = tuple(range(rows or 0))  # the batch of batch gradient descent, kept once

    def record(
        self,
        t: int,
        loss: float,
        eta: float,
        theta_after: Sequence[float],
        batch: Sequence[int] | None = None,
    ) -> None:
        """Iteration t (from 0): its batch loss at θ before the update, its rate, θ after it, its rows.

        ``batch`` None stands for every row (batch gradient descent).
        """
        if t % self.every == 0:
            self.losses.append(loss)
            self.rates.append(eta)
            if self.batches is not None:
                self.batches.append(self.every_row if batch is None else tuple(batch))
        if self.path is not None and (t + 1) % self.every == 0:
            self.path.append(tuple(theta_after))

    def result(
        self,
        theta: Sequence[float],
        state: OptimizerState,
        *,
        stop: StopReason,
        epoch_loss: array[float],
        final_loss: float,
        learning_rate: float,
        variant: str,
    ) -> Result:
        """The immutable ``Result``: θ and state as they are, the records of the updates taken."""
        n_iter, k = state.t, self.every
        del self.losses[-(-n_iter // k) :]  # a record whose update Ctrl-C stopped
        del self.rates[-(-n_iter // k) :]
        if self.batches is not None:
            del self.batches[-(-n_iter // k) :]
        if self.path is not None:
            del self.path[n_iter // k + 1 :]
        return Result(
            theta=tuple(theta),
            loss=self.losses,
            epoch_loss=History("d", epoch_loss),  # a copy, of one number per epoch
            final_loss=final_loss,
            n_iter=n_iter,
            n_epochs=len(epoch_loss) - 1 if epoch_loss else 0,
            stop_reason=stop,
            learning_rate=learning_rate,
            variant=variant,
            path=self.path,
            batches=self.batches,
            learning_rates=self.rates,
            state=state,
            record_every=k,
        )
