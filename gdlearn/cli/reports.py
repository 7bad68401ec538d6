"""What the commands print and write about a run: the equation, the loss series, the history file.

``fit`` and ``demo`` share these, so a run reads the same whichever printed it.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

from ..io.atomic import write_text_atomic
from ..models import LinearModel
from ..result import Result


def equation(model: LinearModel, names: Sequence[str], target: str) -> str:
    """'child = 0.646*parent + 23.9', in ASCII (* and -), so that it pastes into Python.

    >>> equation(LinearModel(2, theta=[2.0, -0.5, 1.0]), ["a", "b"], "y")
    'y = 2*a - 0.5*b + 1'
    >>> a, b = 3.0, 4.0
    >>> y = 2*a - 0.5*b + 1      # pasted
    >>> y
    5.0
    """
    text = f"{target} ="
    for k, (w, name) in enumerate(zip(model.weights, names)):
        sign = ("-" if w < 0 else "+") if k else ("-" if w < 0 else "")
        text += f" {sign} {abs(w):.6g}*{name}" if k else f" {sign}{abs(w):.6g}*{name}"
    if model.fit_intercept:
        text += f" {'-' if model.bias < 0 else '+'} {abs(model.bias):.6g}"
    return text


def loss_series(result: Result) -> tuple[dict[str, Any], bool]:
    """The batch loss per update and the full loss per epoch on one update axis, and whether log fits.

    The curves of ``gdlearn.plot.training``, so a run reads the same in the
    terminal, in a file and in a notebook.
    """
    from ..plot.training import training_series

    return training_series(result)


LOSS_NAMES = {"mse": "MSE", "mae": "MAE", "huber": "Huber loss", "log": "log loss"}


def loss_label(loss: str, target: str, penalized: bool = False) -> str:
    """The y-axis label of a loss chart: which loss, and in which units (the target's, or nats).

    >>> loss_label("mse", "child"), loss_label("log", "am", penalized=True)
    ('MSE, in squared units of child', 'log loss + penalty, in nats')
    """
    units = {"mse": f"squared units of {target}", "huber": f"squared units of {target}", "log": "nats"}
    penalty = " + penalty" if penalized else ""
    return f"{LOSS_NAMES[loss]}{penalty}, in {units.get(loss, f'units of {target}')}"


def loss_chart(result: Result, *, width: int | None = None) -> str:
    """The loss curves as text, ``width`` columns wide (None: the terminal's width less one, 40 to 78)."""
    from ..plot.terminal import line_chart

    if width is None:  # COLUMNS if set, else the terminal's; 79 (so 78) for a pipe or a file
        width = min(78, max(40, shutil.get_terminal_size((79, 24)).columns - 1))
    series, log = loss_series(result)
    return line_chart(series, width=width, log=log, x_label="update", title="loss during training")


def write_history(path: str, result: Result) -> None:
    """A long-format CSV: series,step,loss,learning_rate.

    One row per update, ``iteration,k,J_ℬ(θₖ),η`` (every k-th update only with
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
