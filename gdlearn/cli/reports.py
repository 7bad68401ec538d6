"""What the commands print and write about a run: the equation, the loss series, the history file.

``fit`` and ``demo`` share these, so a run reads the same whichever printed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..fit import FitResult
from ..io.atomic import write_text_atomic
from ..models import LinearModel


def equation(model: LinearModel, names: Sequence[str], target: str) -> str:
    """'child = 0.646·parent + 23.9', with true minus signs.

    >>> equation(LinearModel(2, theta=[2.0, -0.5, 1.0]), ["a", "b"], "y")
    'y = 2·a − 0.5·b + 1'
    """
    text = f"{target} ="
    for k, (w, name) in enumerate(zip(model.weights, names)):
        sign = ("−" if w < 0 else "+") if k else ("−" if w < 0 else "")
        text += f" {sign} {abs(w):.6g}·{name}" if k else f" {sign}{abs(w):.6g}·{name}"
    if model.fit_intercept:
        text += f" {'−' if model.bias < 0 else '+'} {abs(model.bias):.6g}"
    return text


def loss_series(result: FitResult) -> tuple[dict[str, Any], bool]:
    """The batch loss per update and the full loss per epoch on one update axis, and whether log fits.

    The curves of ``gdlearn.plot.training``, so a run reads the same in the
    terminal, in a file and in a notebook.
    """
    from ..plot.training import training_series

    return training_series(result)


def loss_chart(result: FitResult, *, width: int = 78) -> str:
    from ..plot.terminal import line_chart

    series, log = loss_series(result)
    return line_chart(series, width=width, log=log, x_label="update", title="loss during training")


def write_history(path: str, result: FitResult) -> None:
    """A long-format CSV: series,step,loss,learning_rate.

    One row per update, ``iteration,k,J_b(θₖ),η`` (every k-th update only with
    --record-every): the batch loss before update k and the rate it used;
    then one row per epoch, ``epoch,e,J(θ),`` with the full-data loss (epoch
    0 is the start) and no rate.
    """
    k = result.record_every
    lines = ["series,step,loss,learning_rate"]
    lines += [
        f"iteration,{j * k},{loss!r},{eta!r}"
        for j, (loss, eta) in enumerate(zip(result.loss, result.learning_rates))
    ]
    lines += [f"epoch,{e},{loss!r}," for e, loss in enumerate(result.epoch_loss)]
    write_text_atomic(path, "\n".join(lines) + "\n")
