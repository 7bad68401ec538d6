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
    batches[k]     with record_batches=True: the rows (a tuple of indices)
                   of the batch that update k used, every row for batch GD,
                   drawn as ``batches`` (the module) states; otherwise None.
    learning_rates[k]  the rate η_t that update k used (t = k + 1): the
                   schedule's value, or learning_rate at every step when
                   there is no schedule.
    state          what the optimizer remembers after the last update, an
                   immutable object: the update count t, plus the velocity
                   (momentum) or the moments m and v (Adam).
    record_every   k, 1 unless asked: with k > 1 only every k-th iteration
                   is kept, for runs too long to keep them all. Then loss[j],
                   learning_rates[j] and batches[j] are those of iteration j·k (one
                   batch's loss, sampled, not an average over the k), and
                   path[j] is θ after j·k updates; n_iter still counts every
                   update, so len(loss) = ⌈n_iter/k⌉, len(path) = ⌊n_iter/k⌋ + 1.

The per-iteration losses and rates are stored in ``History``, an
``array('d')`` (8 bytes a number) whose repr is one short line.

A run shows itself briefly: ``repr(result)`` is one line of a few hundred
characters at most, however long the run (the full θ and history are its
attributes), and a notebook shows the run as its loss chart above that line
(``_repr_mimebundle_``, IPython's display protocol). The chart comes from
``gdlearn.plot``, which the maths may not import: plot hands its drawing
function to ``register_drawer``: ``import gdlearn`` registers one that
imports ``gdlearn.plot`` when a run is first drawn.

>>> History("d", [4642.4, 3001.3, 1940.1, 1254.6, 811.7, 525.3, 340.2])
History(7 values: 4642.4, 3001.3, 1940.1, ..., 525.3, 340.2)

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
                          ‖∇J(θ)‖ ≤ 10⁻⁶·‖∇J(θ₀)‖ (with weight decay, of ∇J + λ_wd·θ)
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
import os
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from . import verdict as verdicts
from .critical import CriticalPoint

StopReason = Literal["max_epochs", "max_iterations", "converged", "interrupted", "diverged"]


class OptimizerState(Protocol):
    """What every optimizer's state has: t, the number of updates taken so far."""

    @property
    def t(self) -> int: ...


if TYPE_CHECKING:
    _Floats = array[float]
else:
    _Floats = array  # array[float] is subscriptable only from Python 3.12 on


class History(_Floats):
    """A run's losses or rates: an ``array('d')`` whose repr is one line, however long the run.

    Made as ``History("d", values)``; everything but the repr is ``array``'s
    (``len``, indexing, ``list(h)``, ``h.tobytes()``; slices are plain arrays).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        """How many values, the first three and the last two, to 6 significant digits."""
        n = len(self)
        shown = short_list(self, first=3, last=2)[1:-1]
        return f"History({n} value{'' if n == 1 else 's'}{': ' if n else ''}{shown})"


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
    batches: list[tuple[int, ...]] | None = None
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

    # How a run shows itself: one line of text, and in a notebook its picture.

    def __repr__(self) -> str:
        """One line, however long the run: how it ended, and θ (the first and last values of a long θ)."""
        return f"{type(self).__name__}({self._summary()}, theta={short_list(self.theta)})"

    def _summary(self) -> str:
        """The rule, why it stopped, the number of updates (and epochs), the final loss: for reprs."""
        epochs = f", n_epochs={self.n_epochs}" if self.epoch_loss else ""
        return (
            f"variant={self.variant!r}, verdict={self.verdict!r}, stop_reason={self.stop_reason!r},"
            f" n_iter={self.n_iter}{epochs},"
            f" final_loss={self.final_loss:.6g}"
        )

    def plot(self, path: str | os.PathLike[str] | None = None, *, title: str | None = None) -> str:
        """The picture of the run: the batch loss per update and the full loss per epoch, as an SVG.

        The loss is drawn on a log scale when every loss is positive; a run that
        diverged shows the loss that stopped it. Given ``path``, the picture
        is also written there. Drawn by ``gdlearn.plot.training_curves``.
        """
        if _drawer is None:
            raise RuntimeError("no drawer is registered: import gdlearn to draw")
        return _drawer(self, path, title)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """What a notebook shows: the picture of ``plot()`` and the repr (IPython's display protocol)."""
        bundle = {"text/plain": repr(self)}
        if len(self.loss) + len(self.epoch_loss) > 0:  # a run that recorded no loss has no picture
            picture = self.plot()
            bundle["image/svg+xml"] = picture[picture.find("<svg") :]
        return bundle


def short_list(values: Sequence[float], first: int = 4, last: int = 2) -> str:
    """'[1, 2.5, 3]'; past first + last values, '[1, 2, 3, 4, ..., 9, 10]'; each to 6 significant digits.

    >>> short_list([0.5, 1 / 3]), short_list(range(100))
    ('[0.5, 0.333333]', '[0, 1, 2, 3, ..., 98, 99]')
    """
    shown = [f"{value:.6g}" for value in values[:first]]
    if len(values) > first + last:
        shown += ["...", *(f"{value:.6g}" for value in values[len(values) - last :])]
    else:
        shown += [f"{value:.6g}" for value in values[first:]]
    return f"[{', '.join(shown)}]"


Drawer = Callable[[Result, "str | os.PathLike[str] | None", "str | None"], str]
"""draw(result, path, title) -> the SVG document of the run (also written to path, if given)."""

_drawer: Drawer | None = None


def register_drawer(draw: Drawer) -> None:
    """Let ``Result.plot`` draw with ``draw``; ``import gdlearn`` registers the plot layer's."""
    global _drawer
    _drawer = draw
