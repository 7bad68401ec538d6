"""The picture of one run: its loss during training, drawn from a ``Result``.

    training_series(result)         the curves: batch loss per update, full loss per epoch
    training_curves(result, path)   those curves as an SVG, what ``result.plot()`` draws
                                    and what a notebook shows for a run

Both losses go on one axis of updates: epoch e ends after e·(updates per
epoch) updates, so the per-epoch loss sits where its epoch ended, above the
noisy batch losses of that epoch. The scale is log₁₀ when every loss is
positive, as the loss of a run that works falls by decades. A run that
diverged also shows the loss that stopped it, at the update where it came.

>>> from gdlearn import fit
>>> result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], learning_rate=0.1, epochs=5)
>>> series, log = training_series(result)
>>> list(series), log
(['full loss per update'], True)
>>> series, log = training_series(fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], batch_size=2, epochs=5))
>>> list(series), series["full loss per epoch"][0]     # 2 updates per epoch
(['batch loss per update', 'full loss per epoch'], [0.0, 2.0, 4.0, 6.0, 8.0, 10.0])
>>> training_curves(result)
<SVG ... 'Batch gradient descent, η = 0.1: still descending', ... characters>
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

from ..errors import ParameterError
from ..result import Result
from .line_charts import loss_curves
from .picture import SVG

__all__ = ["training_curves", "training_series"]


def training_series(result: Result) -> tuple[dict[str, Any], bool]:
    """The curves of a run on one update axis, for ``loss_curves``; and whether a log scale fits.

    ``loss[j]`` is the batch loss of update j·k (k = ``record_every``). A
    batch run draws its per-epoch curve only, since its batch losses are the
    losses of its epochs; a run without epochs (a plain function,
    ``minimize_function``) draws f(θ) per update only. A history longer than
    16,000 losses is cut into 4,000 equal runs, each keeping its first,
    lowest, highest and last loss (the M4 rule of ``geometry.thin_line``, at
    an eighth of a pixel column): drawn, it is the same picture, and a
    million losses take milliseconds.
    """
    if not isinstance(result, Result):
        raise ParameterError(f"expected the Result of a run, such as fit(X, y) returns, got {result!r:.80}")
    k = result.record_every
    kept = _m4(result.loss, BUCKETS) if len(result.loss) > 4 * BUCKETS else range(len(result.loss))
    updates, losses = [j * k for j in kept], [result.loss[j] for j in kept]
    batch_name = "batch loss per update" if k == 1 else f"batch loss every {k} updates"
    if not result.epoch_loss:
        batch_name = "f(θ) per update" if k == 1 else f"f(θ) every {k} updates"
    batch_run = result.variant.startswith("batch")  # its batch losses are the full losses of its epochs
    series: dict[str, Any] = {}
    if losses and not (batch_run and result.epoch_loss):
        series[batch_name] = (updates, losses)
    if result.epoch_loss:
        name = "full loss per update" if batch_run else "full loss per epoch"
        per_epoch = _updates_per_epoch(result)
        if per_epoch is None:  # the run stopped inside an epoch of unknown length
            name, per_epoch = f"{name} (epoch ends estimated)", result.n_iter / (result.n_epochs + 0.5)
        # a loss that is not finite (the last of a run that blew up) is left out
        ends = [(e * per_epoch, J) for e, J in enumerate(result.epoch_loss) if math.isfinite(J)]
        series[name] = ([x for x, _ in ends], [J for _, J in ends])
    if result.stop_reason == "diverged" and math.isfinite(result.final_loss):
        series["the loss that stopped the run"] = ([result.n_iter], [result.final_loss])
    log = all(y > 0 for _, ys in series.values() for y in ys)
    return series, log


BUCKETS = 4000
"""Runs a long history is cut into before it is drawn: 8 per pixel column of a 500-pixel plot."""


def _m4(values: Sequence[float], buckets: int) -> list[int]:
    """The indices of the first, lowest, highest and last value of each of ``buckets`` equal runs."""
    n, kept = len(values), []
    for b in range(buckets):
        lo, hi = b * n // buckets, (b + 1) * n // buckets
        run = values[lo:hi]  # a slice: min, max and index run in C
        kept += sorted({lo, lo + run.index(min(run)), lo + run.index(max(run)), hi - 1})
    return kept


def _updates_per_epoch(result: Result) -> float | None:
    """Where epoch e ends is e·P updates: P is known for whole epochs, and is 1 for batch runs.

    A run that diverged or was interrupted inside an epoch took n_iter = e·P + r
    updates, 0 ≤ r ≤ P, with e whole epochs and P unknown: None, unless e = 0.
    """
    if result.variant.startswith("batch"):
        return 1.0
    if result.stop_reason in ("max_epochs", "converged") or result.n_epochs == 0:
        return result.n_iter / max(result.n_epochs, 1)
    return None


def training_curves(
    result: Result, path: str | os.PathLike[str] | None = None, title: str | None = None
) -> SVG:
    """The loss of a run during training as an SVG (also written to ``path`` when given).

    The title says which rule ran, at which rate, and how it ended, unless
    ``title`` is given. A run that recorded no loss at all (no update and no
    epoch) has nothing to draw: ``ParameterError``.
    """
    series, log = training_series(result)
    if not series:
        raise ParameterError("this run recorded no loss (it took no update), so there is nothing to draw")
    if title is None:
        rule = result.variant[:1].upper() + result.variant[1:]
        title = f"{rule}, η = {result.learning_rate:g}: {result.verdict}"
    return SVG(loss_curves(series, path, x_label="update", log=log, title=title))
