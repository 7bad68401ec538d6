"""Divergence never passes silently: the guard that stops a run that blew up.

A run has diverged when its loss or θ is no longer a finite number, or when
the loss has grown beyond

    limit = 10¹⁰ · max(|J(θ₀)|, 1)

(``DIVERGENCE_FACTOR`` times the starting loss). The loop tests each batch
loss against ``limit`` (one comparison, false for nan and ±inf too) and calls
``check`` at the end of every epoch, which also looks at θ. Either raises
``DivergenceError``, whose message names where it happened, the loss, the
rate and what to do (the stability limit of η, when it is known).

>>> guard = Guard(4.0, "gradient descent", lambda t: "with learning_rate=0.5; try a smaller one")
>>> guard.limit
40000000000.0
>>> guard.check(float("inf"), [0.0], "at iteration 3", t=3)
Traceback (most recent call last):
  ...
gdlearn.errors.DivergenceError: gradient descent diverged at iteration 3: loss inf (it started at 4) ...
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence

from .errors import DivergenceError

DIVERGENCE_FACTOR = 1e10
"""A loss above this many times max(|starting loss|, 1) counts as diverged."""


class Guard:
    """The divergence test of one run, and the message that explains a failure.

    ``rule`` is named in the message; ``explain(t)`` says, after a blow-up
    once t updates were taken, with which rate and what to do about it.
    """

    def __init__(self, start_loss: float, rule: str, explain: Callable[[int], str]) -> None:
        self.start_loss = start_loss
        # at most the largest float, so that `abs(loss) <= limit` is false for ±inf and nan
        self.limit = min(DIVERGENCE_FACTOR * max(abs(start_loss), 1.0), sys.float_info.max)
        self.rule = rule
        self.explain = explain
        self.bad_loss = math.nan

    def check(self, loss: float, theta: Sequence[float], where: str, t: int) -> float:
        """The loss, if it and θ are finite and tame; else ``DivergenceError`` (t: updates taken)."""
        # isfinite(loss) too: an infinite starting loss makes the limit infinite.
        if not (math.isfinite(loss) and abs(loss) <= self.limit and math.isfinite(sum(theta))):
            self.bad_loss = loss
            raise DivergenceError(
                f"{self.rule} diverged {where}: loss {loss:.4g} (it started at"
                f" {self.start_loss:.4g}) {self.explain(t)}"
            )
        return loss
