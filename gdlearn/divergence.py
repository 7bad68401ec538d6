"""Divergence never passes silently: the guard that stops a run that blew up.

A run has diverged, and raises ``DivergenceError``, when either

    its full loss J(θ) rose at each of the last R = 10 checks in a row,
    above where it started at each of them, J(θ) > J(θ₀)      the sustained rise

or its loss or θ is no longer a finite number, or a loss is beyond

    limit = 10¹⁰ · max(|J(θ₀)|, 1)                            the blow-up

or, at its last check, it ends more than a thousand times as high as it started:

    J(θ) − J(θ₀) > 999·|J(θ₀)|                                the worse end

A check is the end of an epoch (J over all rows, ``end_of_epoch``), or
every iteration when minimising a plain function (f is the full loss each
time). The first rule catches a rate just above the stability limit, where
J grows by a few per cent an epoch: at 1.004 × 2/λ_max on Galton's raw
heights it fires at epoch 10, where 10¹⁰ would take three thousand epochs.
A run that converges does not rise ten checks in a row above its start:
plain gradient descent below the limit lowers J at every step; momentum
swings up and down, but from rest its swings stay below the start; the
noise of stochastic gradients makes epoch losses go up and down, not up
ten times running; Adam's step is bounded by about η, so a spike of its
loss turns back within a few checks of passing the start. One climb does
rise that long and still converges: momentum tuned for a badly conditioned
bowl, whose error first grows like k·ρᵏ (docs/conditioning.md). So where
the theory decides, the sustained rise is not the judge: batch steps on a
quadratic (MSE on a linear model, a ``Quadratic``) at rates all below the
rule's stability limit (``Optimizer.stability_limit``) converge, and
their climb is let run (``Diagnosis.converges``). The second rule, tested
against every batch loss (``check``, one comparison), stops a blow-up in
the middle of an epoch, always. The third (``end_of_run``) catches what the
first cannot see: a run too short for ten rises (five epochs from 21 to
10¹⁰), and a loss that swings up and down on its way far above its start.
A run that converges ends below its start. The noise of a constant rate,
from a start already near the minimum, can end above it: on twelve rows
whose largest is too curved for η, epoch losses 20 times the start come and
go for hundreds of epochs without running away. A thousand times is far
beyond such noise, as 10¹⁰ is beyond any batch's.

The error's message names where it happened (after how many updates, in
which epoch), the loss, the rate and what to do (the stability limit of η,
when it is known); the error carries the run so far, the rate of the last
update and that limit.

>>> def diagnose(t):   # what the loop says: the rate of update t, the limit, the advice
...     return Diagnosis(0.5, 0.4, "with learning_rate=0.5; try a smaller one")
>>> guard = Guard(4.0, "gradient descent", diagnose)
>>> guard.limit
40000000000.0
>>> guard.check(float("inf"), [0.0], "after 3 updates", t=3)
Traceback (most recent call last):
  ...
gdlearn.errors.DivergenceError: gradient descent diverged after 3 updates: loss inf (it started at 4) ...
>>> for epoch, loss in enumerate([3.0, 3.5, 3.9, 4.2, 4.6, 5.0, 5.5, 6.1, 6.8, 7.4, 8.1, 8.9, 9.8], start=1):
...     _ = guard.end_of_epoch(loss, [0.0], f"at the end of epoch {epoch}", t=epoch)
Traceback (most recent call last):
  ...
gdlearn.errors.DivergenceError: gradient descent diverged at the end of epoch 13: the loss rose at each of ...
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .errors import DivergenceError

DIVERGENCE_FACTOR = 1e10
"""A loss above this many times max(|starting loss|, 1) counts as diverged at once."""

RISES = 10
"""A full loss that rose at this many checks in a row, above its start at each, has diverged."""

WORSE_END = 1000
"""A run that ends with its loss above this many times its start, J − J(θ₀) > 999·|J(θ₀)|, has diverged."""


class Diagnosis(NamedTuple):
    """What to say about a run that diverged once t updates were taken."""

    learning_rate: float  # η of the last update, η_t = s(η₀, t): the schedule's, not η₀
    stability_limit: float | None  # the largest stable η, where it is known
    advice: str  # "with learning_rate=…; the learning rate … is above the stability limit …"
    converges: bool = False  # batch steps on a quadratic at rates below its limit: the theory says so


class Guard:
    """The divergence tests of one run, and the message that explains a failure.

    ``rule`` is named in the message; ``diagnose(t)`` says, after a blow-up
    once t updates were taken, with which rate and what to do about it.
    ``unit`` names a check in the message: "epoch", or "iteration" for a
    plain function.
    """

    def __init__(
        self, start_loss: float, rule: str, diagnose: Callable[[int], Diagnosis], unit: str = "epoch"
    ) -> None:
        self.start_loss = start_loss
        # at most the largest float, so that `abs(loss) <= limit` is false for ±inf and nan
        self.limit = min(DIVERGENCE_FACTOR * max(abs(start_loss), 1.0), sys.float_info.max)
        self.rule = rule
        self.diagnose = diagnose
        self.unit = unit
        self.bad_loss = math.nan
        self.previous = start_loss  # the full loss at the last check
        self.rises = 0  # how many checks in a row it rose at, above the start

    def check(self, loss: float, theta: Sequence[float], where: str, t: int) -> float:
        """The loss, if it and θ are finite and tame; else ``DivergenceError`` (t: updates taken)."""
        # isfinite(loss) too: an infinite starting loss makes the limit infinite.
        if not (math.isfinite(loss) and abs(loss) <= self.limit and math.isfinite(sum(theta))):
            self._fail(f"loss {loss:.4g} (it started at {self.start_loss:.4g})", loss, where, t)
        return loss

    def end_of_epoch(self, loss: float, theta: Sequence[float], where: str, t: int) -> float:
        """``check`` the full loss J(θ) at the end of an epoch, then the sustained rise."""
        self.check(loss, theta, where, t)
        self.rises = self.rises + 1 if self.previous < loss and self.start_loss < loss else 0
        self.previous = loss
        if self.rises >= RISES and loss > self.start_loss:
            diagnosis = self.diagnose(t)
            if not diagnosis.converges:  # a climb that theory says will turn is spared (module docstring)
                what = (
                    f"the loss rose at each of the last {RISES} {self.unit}s, to {loss:.4g},"
                    f" above its start {self.start_loss:.4g} at each,"
                )
                self._fail(what, loss, where, t, diagnosis)
        return loss

    def end_of_run(self, loss: float, where: str, t: int) -> None:
        """The last check: a run that ends more than a thousand times as high as it started."""
        start = self.start_loss
        if loss - start > (WORSE_END - 1) * abs(start):
            diagnosis = self.diagnose(t)
            if not diagnosis.converges:  # a climb that theory says will turn (module docstring)
                rise = f"{WORSE_END} times" if start >= 0 else f"{(WORSE_END - 1) * -start:.4g} above"
                what = f"the loss ended at {loss:.4g}, more than {rise} its start {start:.4g},"
                self._fail(what, loss, where, t, diagnosis)

    def _fail(self, what: str, loss: float, where: str, t: int, diagnosis: Diagnosis | None = None) -> None:
        self.bad_loss = loss
        diagnosis = self.diagnose(t) if diagnosis is None else diagnosis
        raise DivergenceError(
            f"{self.rule} diverged {where}: {what} {diagnosis.advice}",
            learning_rate=diagnosis.learning_rate,
            stability_limit=diagnosis.stability_limit,
        )
