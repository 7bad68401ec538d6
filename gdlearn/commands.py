"""What the ``fit``, ``predict`` and ``explain`` commands do; ``cli`` wires them to argparse.

Every command reports a user error by raising a ``GDLearnError``, which
``cli.main`` prints as one line on stderr with exit status 1. The demo has a
module of its own, ``demo``; the options they share are in ``options``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .adam import Adam
from .errors import ParameterError
from .files import write_text_atomic
from .fit import FitResult
from .loop import variant_name
from .models import LinearModel, LogisticModel
from .optimizer import GradientDescent
from .options import (
    add_data_options,
    add_optimizer_options,
    add_training_options,
    batch_size_option,
    learning_rate_option,
    optimizer_settings,
    read_data,
    train,
)
from .progress import Progress
from .scaling import Standardizer

Subparsers = Any  # argparse's _SubParsersAction is private


# ---------------------------------------------------------------- reports


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
    """The batch loss per update and the full loss per epoch on one update axis.

    Epoch e ends after e·(updates per epoch) updates. Also says whether a log
    scale is possible (every loss > 0).
    """
    per_epoch = result.n_iter / max(result.n_epochs, 1)
    epochs = [e * per_epoch for e in range(len(result.epoch_loss))]
    k = result.record_every  # loss[j] is the batch loss of update j·k
    batch: Any = list(result.loss)
    if k > 1:
        batch = ([j * k for j in range(len(batch))], batch)
    series: dict[str, Any] = {
        "batch loss per update" if k == 1 else f"batch loss every {k} updates": batch,
        "full loss per epoch": (epochs, list(result.epoch_loss)),
    }
    log = min(result.epoch_loss) > 0 and min(result.loss, default=1.0) > 0
    return series, log


def loss_chart(result: FitResult, *, width: int = 78) -> str:
    from .termplot import line_chart

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


# ---------------------------------------------------------------- fit


def add_fit(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "fit",
        help="fit a linear model to a CSV file by gradient descent",
        description="Fit target = w·x + b to the columns of a CSV file by gradient descent.",
    )
    add_data_options(parser, required=True)
    add_training_options(parser, epochs=100, rate=0.01, batch="32")
    add_optimizer_options(parser)
    parser.add_argument(
        "--tol", type=float, help="stop once the epoch loss stops improving by more than TOL"
    )
    parser.add_argument(
        "--patience", type=int, default=5, help="epochs without such improvement before stopping (default: 5)"
    )
    parser.add_argument("--plot", metavar="FILE.svg", help="write the loss curves to FILE.svg")
    parser.add_argument("--save", metavar="MODEL.json", help="write the fitted model (original units)")
    parser.add_argument("--history", metavar="FILE.csv", help="write every update's and epoch's loss")
    parser.add_argument(
        "--record-every",
        type=int,
        default=1,
        metavar="K",
        help="keep the batch loss of updates 0, K, 2K, … only, for long stochastic runs (default: 1, all)",
    )
    parser.set_defaults(run=run_fit)


def run_fit(args: argparse.Namespace) -> int:
    from .persist import save_model, training_record

    data = read_data(args)
    progress = Progress(args.epochs, enabled=False if args.quiet else None)
    size, settings = batch_size_option(args.batch_size), optimizer_settings(args)
    if settings["optimizer"] == "adam":
        rule = Adam.rule
    else:  # its name depends on the momentum options, which this also checks before training
        options = {key: settings[key] for key in ("momentum", "dampening", "nesterov")}
        rule = GradientDescent(1.0, **options).rule
    variant = variant_name(None if size is None or size >= data.n_samples else size, rule)
    shape = f"{data.n_samples} rows, {data.n_features} features"
    print(f"{variant} on {args.csv}: {shape}, loss {args.loss}", flush=True)  # shown while it trains
    result, model, _ = train(data, args, progress=progress)
    if isinstance(model, LogisticModel):
        print(equation(model, data.feature_names, f"logit P({data.target_name} = 1)"))
        print(f"accuracy on these rows: {model.accuracy(data.X, data.y):.4g}")
    else:
        print(equation(model, data.feature_names, data.target_name))
    print(
        f"loss {result.epoch_loss[0]:.6g} at the start, {result.final_loss:.6g} at the end;"
        f" {result.n_iter} updates in {result.n_epochs} epochs ({result.describe().split(':')[0]})"
    )
    if learning_rate_option(args.learning_rate) == "auto":
        print(f"learning rate 'auto': η = {result.learning_rate:.6g}")
    if args.history is not None:
        write_history(args.history, result)
        print(f"wrote {args.history}")
    if args.plot is not None:
        from . import plot

        series, log = loss_series(result)
        title = f"{result.variant} on {Path(args.csv).name}"
        plot.loss_curves(series, args.plot, x_label="update", log=log, title=title)
        print(f"wrote {args.plot}")
    if args.save is not None:
        choices = {
            "loss": args.loss,
            "batch_size": size,
            "epochs": args.epochs,
            "seed": args.seed,
            "shuffle": not args.no_shuffle,
            "standardized": args.standardize,
            "data": str(args.csv),
            **{key: value for key, value in settings.items() if key not in ("optimizer", "schedule")},
            "schedule": repr(settings["schedule"]) if settings["schedule"] is not None else "constant",
        }
        training = training_record(result, **choices)
        names = data.feature_names
        save_model(args.save, model, feature_names=names, target_name=data.target_name, training=training)
        print(f"wrote {args.save}")
    if result.interrupted:
        print("gdlearn: interrupted; the results above are the run so far", file=sys.stderr)
        return 130
    return 0


# ---------------------------------------------------------------- predict


def add_predict(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "predict",
        help="predict with a saved model; CSV to standard output",
        description="Read the model's feature columns from a CSV file and write one prediction per row"
        " (for logistic regression: the class and the probability of class 1).",
    )
    parser.add_argument("model", metavar="MODEL.json", help="a model written by 'gdlearn fit --save'")
    parser.add_argument("csv", metavar="CSV", help="a CSV file with the model's feature columns")
    parser.set_defaults(run=run_predict)


def run_predict(args: argparse.Namespace) -> int:
    from .persist import load_model

    saved = load_model(args.model)
    X = saved.read_inputs(args.csv)
    model, out = saved.model, sys.stdout
    if isinstance(model, LogisticModel):  # the class, and the probability of class 1
        out.write(f"predicted_{saved.target_name},probability\n")
        for label, p in zip(model.predict(X), model.predict_proba(X)):
            out.write(f"{label:g},{p!r}\n")
    else:
        out.write(f"predicted_{saved.target_name}\n")
        for y_hat in model.predict(X):
            out.write(f"{y_hat!r}\n")
    out.flush()
    return 0


# ---------------------------------------------------------------- explain


def add_explain(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="print one gradient-descent update in full, with the numbers",
        description="Print one iteration of gradient descent step by step: predictions, residuals, "
        "the loss, each partial derivative as a formula and as a number, the update, and the loss "
        "before and after. Uses Galton's heights unless a CSV is given.",
    )
    add_data_options(parser, required=False)
    parser.add_argument("--loss", choices=["mse", "mae"], default="mse", help="the loss (default: mse)")
    parser.add_argument(
        "--batch-size", default="full", metavar="N|full", help="rows in the batch (default: full)"
    )
    parser.add_argument(
        "--learning-rate", type=float, default=0.0001, metavar="ETA", help="the step size η (default: 0.0001)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed that draws the mini-batch (default: 0)")
    parser.add_argument("--show", type=int, default=3, metavar="K", help="rows written out (default: 3)")
    parser.set_defaults(run=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    from .explain import explain_step

    data = read_data(args)
    X = Standardizer.fit(data.X, names=data.feature_names).transform(data.X) if args.standardize else data.X
    size = batch_size_option(args.batch_size)
    rows = None
    if size is not None and size < data.n_samples:
        order = list(range(data.n_samples))
        random.Random(args.seed).shuffle(order)
        rows = order[:size]
    if args.show < 1:
        raise ParameterError(f"--show must be a whole number ≥ 1, got {args.show}")
    kind = "batch" if rows is None else ("stochastic" if size == 1 else "mini-batch")
    scaled = ", standardised" if args.standardize else ""
    source = args.csv or "Galton's heights"
    print(f"One step of {kind} gradient descent on {source} ({args.loss.upper()}{scaled}), from θ = 0")
    step = explain_step(
        X,
        data.y,
        loss=args.loss,
        learning_rate=args.learning_rate,
        rows=rows,
        feature_names=data.feature_names,
        shown=args.show,
    )
    print(step.text)
    return 0
