"""What each ``gdlearn`` command does; ``cli`` wires them to argparse.

Every command reports a user error by raising a ``GDLearnError``, which
``cli.main`` prints as one line on stderr with exit status 1.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .adam import Adam
from .dataset import Dataset, load_csv
from .errors import DivergenceError, ParameterError
from .files import write_text_atomic
from .fit import FitResult, fit
from .least_squares import least_squares
from .loop import variant_name
from .losses import get_loss
from .models import LinearModel, LogisticModel
from .optimizer import GradientDescent
from .progress import Progress
from .scaling import Standardizer
from .schedules import CosineDecay, ExponentialDecay, InverseScaling, Schedule, StepDecay

Subparsers = Any  # argparse's _SubParsersAction is private


# ---------------------------------------------------------------- options


def batch_size_option(text: str) -> int | None:
    """'full' → None (batch gradient descent); a whole number ≥ 1 → that many rows."""
    if text.strip().lower() == "full":
        return None
    try:
        size = int(text)
    except ValueError:
        size = 0
    if size < 1:
        raise ParameterError(f"--batch-size must be a whole number ≥ 1 or 'full', got {text!r}")
    return size


def learning_rate_option(value: str | float | None) -> float | str | None:
    """'auto' → 'auto' (η from the curvature, see ``fit``); a number → that float; None → the default."""
    if value is None or isinstance(value, float):
        return value
    if value.strip().lower() == "auto":
        return "auto"
    try:
        return float(value)
    except ValueError:
        raise ParameterError(f"--learning-rate must be a positive number or 'auto', got {value!r}") from None


def betas_option(text: str) -> tuple[float, float]:
    """'0.9,0.999' → (0.9, 0.999), Adam's β₁ and β₂ (checked by ``Adam``)."""
    try:
        beta1, beta2 = (float(part) for part in text.split(","))
    except ValueError:
        raise ParameterError(f"--betas must be two numbers B1,B2 such as 0.9,0.999, got {text!r}") from None
    return beta1, beta2


SCHEDULE_HELP = (
    "how η changes with the update count t (default: constant): 'step:S:G' multiplies it by G"
    " every S updates; 'exp:G' by G after every update; 'invscaling:P' is η/t^P (scikit-learn's);"
    " 'cosine:T[:F]' follows half a cosine from η down to F·η (default F = 0) over T updates and"
    " then stays there. Examples: step:10:0.5, exp:0.99, invscaling:0.25, cosine:100:0.001"
)


def schedule_option(text: str) -> Schedule | None:
    """A ``--schedule`` spec (see SCHEDULE_HELP) → a ``Schedule``; 'constant' → None.

    >>> schedule_option("step:10:0.5"), schedule_option("cosine:100")
    (StepDecay(step_size=10, gamma=0.5), CosineDecay(period=100, floor=0.0))
    """
    kind, *parts = text.strip().lower().split(":")
    try:
        if kind == "constant" and not parts:
            return None
        if kind == "step" and len(parts) == 2:
            return StepDecay(int(parts[0]), float(parts[1]))
        if kind == "exp" and len(parts) == 1:
            return ExponentialDecay(float(parts[0]))
        if kind == "invscaling" and len(parts) == 1:
            return InverseScaling(float(parts[0]))
        if kind == "cosine" and len(parts) in (1, 2):
            return CosineDecay(int(parts[0]), *(float(part) for part in parts[1:]))
    except ParameterError as error:  # a number out of range: say which, in the schedule's words
        raise ParameterError(f"--schedule {text}: {error}") from None
    except ValueError:  # not a number at all: the format message below
        pass
    raise ParameterError(
        f"--schedule must be constant, step:S:G, exp:G, invscaling:P or cosine:T[:F], got {text!r}"
    )


def _optimizer_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The ``fit`` arguments set by the optimizer options (none for commands without them)."""
    if not hasattr(args, "optimizer"):
        return {}
    return {
        "optimizer": args.optimizer,
        "momentum": args.momentum,
        "dampening": args.dampening,
        "nesterov": args.nesterov,
        "weight_decay": args.weight_decay,
        "betas": betas_option(args.betas),
        "eps": args.eps,
        "schedule": schedule_option(args.schedule),
        "l1": args.l1,
        "l2": args.l2,
    }


def _add_optimizer(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the optimizer (PyTorch's names and defaults) and the penalties")
    group.add_argument(
        "--optimizer", choices=["gd", "adam"], default="gd", help="gradient descent or Adam (default: gd)"
    )
    group.add_argument(
        "--momentum", type=float, default=0.0, metavar="MU", help="gd: μ in [0, 1) (default: 0)"
    )
    group.add_argument(
        "--dampening", type=float, default=0.0, metavar="TAU", help="gd: τ, needs --momentum (default: 0)"
    )
    group.add_argument("--nesterov", action="store_true", help="gd: Nesterov momentum (needs --momentum)")
    group.add_argument(
        "--weight-decay",
        type=float,
        default=0.0,
        metavar="LAMBDA",
        help="add λ·θ to every gradient, the bias too (default: 0); not the same as --l2",
    )
    group.add_argument(
        "--betas", default="0.9,0.999", metavar="B1,B2", help="adam: β₁,β₂ (default: 0.9,0.999)"
    )
    group.add_argument(
        "--eps", type=float, default=1e-8, help="adam: ε, outside the square root (default: 1e-8)"
    )
    group.add_argument("--schedule", default="constant", metavar="SPEC", help=SCHEDULE_HELP)
    group.add_argument("--l1", type=float, default=0.0, help="add λ₁·‖w‖₁ to the loss (default: 0)")
    group.add_argument("--l2", type=float, default=0.0, help="add λ₂·‖w‖² to the loss (default: 0)")


def _add_data(parser: argparse.ArgumentParser, *, required: bool) -> None:
    if required:
        parser.add_argument("csv", metavar="CSV", help="a CSV file whose first line names the columns")
    else:
        parser.add_argument(
            "csv", metavar="CSV", nargs="?", help="a CSV file (default: Galton's heights)"
        )
    parser.add_argument("--target", metavar="COL", help="the column to predict (required with a CSV)")
    parser.add_argument("--features", metavar="A,B", help="feature columns (default: all but the target)")
    parser.add_argument("--standardize", action="store_true", help="train on standardised features")


def _add_training(parser: argparse.ArgumentParser, *, epochs: int, rate: float, batch: str) -> None:
    parser.add_argument(
        "--loss",
        choices=["mse", "mae", "huber", "log"],
        default="mse",
        help="the loss (default: mse); 'log' fits logistic regression to a target of 0s and 1s",
    )
    parser.add_argument(
        "--batch-size", default=batch, metavar="N|full", help=f"rows per update, or 'full' (default: {batch})"
    )
    parser.add_argument(
        "--learning-rate",
        metavar="ETA|auto",
        help=f"the step size η, or 'auto' for 1/L from the curvature of the loss"
        f" (default: {rate} for gd, 0.001 for adam)",
    )
    parser.add_argument(
        "--epochs", type=int, default=epochs, help=f"passes over the data (default: {epochs})"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the row shuffling (default: 0)")
    parser.add_argument("--no-shuffle", action="store_true", help="keep the rows in file order")
    parser.add_argument("--quiet", action="store_true", help="no progress line")


def _read(args: argparse.Namespace) -> Dataset:
    """The CSV named on the command line, or Galton's heights without one."""
    features = None if args.features is None else [name.strip() for name in args.features.split(",")]
    if args.csv is None:
        if args.target is not None or features is not None:
            raise ParameterError("--target and --features need a CSV file, and none was given")
        from .datasets import galton

        return galton()
    if args.target is None:
        raise ParameterError(f"--target is required to say which column of {args.csv} to predict")
    return load_csv(args.csv, target=args.target, features=features)


def _train(
    data: Dataset, args: argparse.Namespace, *, progress: Progress, record_theta: bool = False
) -> tuple[FitResult, LinearModel, Standardizer | None]:
    """Fit as the options say; also return the model in original units."""
    scaler = Standardizer.fit(data.X, names=data.feature_names) if args.standardize else None
    X = data.X if scaler is None else scaler.transform(data.X)
    try:
        result = fit(
            X,
            data.y,
            loss=args.loss,
            learning_rate=learning_rate_option(args.learning_rate),
            batch_size=batch_size_option(args.batch_size),
            epochs=args.epochs,
            shuffle=not args.no_shuffle,
            seed=args.seed,
            tol=getattr(args, "tol", None),
            patience=getattr(args, "patience", 5),
            record_theta=record_theta,
            callback=progress,
            record_every=getattr(args, "record_every", 1),
            **_optimizer_settings(args),
        )
    except DivergenceError as error:
        hint = "" if args.standardize else " (--standardize does that)"
        raise DivergenceError(f"{error}{hint}", error.result) from None
    finally:
        progress.close()
    model = result.model if scaler is None else scaler.unscale_model(result.model)
    return result, model, scaler


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


def _loss_chart(result: FitResult, *, width: int = 78) -> str:
    from .termplot import line_chart

    series, log = loss_series(result)
    return line_chart(series, width=width, log=log, x_label="update", title="loss during training")


def _write_history(path: str, result: FitResult) -> None:
    """A long-format CSV: series,step,loss — one row per update (or every k-th) and per epoch."""
    k = result.record_every
    lines = ["series,step,loss"]
    lines += [f"iteration,{j * k},{loss!r}" for j, loss in enumerate(result.loss)]
    lines += [f"epoch,{e},{loss!r}" for e, loss in enumerate(result.epoch_loss)]
    write_text_atomic(path, "\n".join(lines) + "\n")


# ---------------------------------------------------------------- demo


def add_demo(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="fit Galton's heights by mini-batch gradient descent (no files needed)",
        description="Fit child height on mid-parent height from Galton's 1886 data with mini-batch "
        "gradient descent on standardised heights, and compare with the exact least-squares line.",
    )
    parser.add_argument("--epochs", type=int, default=30, help="passes over the data (default: 30)")
    parser.add_argument("--learning-rate", type=float, default=0.02, metavar="ETA", help="(default: 0.02)")
    parser.add_argument("--batch-size", default="32", metavar="N|full", help="(default: 32)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the row shuffling (default: 0)")
    parser.add_argument(
        "--plot",
        metavar="FILE.svg",
        help="also write the data and both lines to FILE.svg, the loss curves to FILE-loss.svg "
        "and the path across the loss surface to FILE-path.svg",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.set_defaults(run=run_demo, loss="mse", no_shuffle=False, standardize=True, csv=None)


def run_demo(args: argparse.Namespace) -> int:
    from .datasets import galton

    data = galton()
    print("Galton's 1886 heights: how tall are children of tall parents?")
    print(f"{data.n_samples} children; x = mid-parent height, y = child height (inches).")
    progress = Progress(args.epochs, enabled=False if args.quiet else None, delay=0.0)
    result, model, scaler = _train(data, args, progress=progress, record_theta=args.plot is not None)
    exact = least_squares(data.X, data.y)
    exact_mse = get_loss("mse").value(exact.predict(data.X), data.y)
    print(f"{result.variant}, batches of {args.batch_size}, η = {args.learning_rate:g}, standardised x.")
    print()
    print(_loss_chart(result))
    print()
    print(f"{'':18}{'slope':>10}{'intercept':>12}{'MSE':>10}")
    print(f"{'gradient descent':18}{model.weights[0]:10.4f}{model.bias:12.4f}{result.final_loss:10.4f}")
    print(f"{'least squares':18}{exact.weights[0]:10.4f}{exact.bias:12.4f}{exact_mse:10.4f}")
    print()
    excess = (result.final_loss - exact_mse) / exact_mse
    print(
        f"In {result.n_epochs} epochs ({result.n_iter} updates) the mean squared error fell from"
        f" {result.epoch_loss[0]:.5g} to {result.final_loss:.4f},"
        f" {100 * excess:.2g}% above the exact minimum:"
        f" children of parents 1 inch taller are only {model.weights[0]:.2f} inches taller,"
        " the regression toward the mean that gave regression its name."
    )
    if args.plot is not None and scaler is not None:
        for written in _demo_pictures(args.plot, data, result, model, exact, scaler):
            print(f"wrote {written}")
    return 0


def _demo_pictures(
    target: str,
    data: Dataset,
    result: FitResult,
    model: LinearModel,
    exact: LinearModel,
    scaler: Standardizer,
) -> list[str]:
    from . import plot

    stem = target[:-4] if target.lower().endswith(".svg") else target
    fit_file, loss_file, path_file = target, f"{stem}-loss.svg", f"{stem}-path.svg"
    x = [row[0] for row in data.X]
    plot.scatter_fit(
        x,
        data.y,
        {"gradient descent": model, "least squares": exact},
        fit_file,
        x_label="mid-parent height (in)",
        y_label="child height (in)",
        title="Galton's heights: gradient descent against least squares",
    )
    series, log = loss_series(result)
    title = "Mini-batch gradient descent on Galton's heights"
    plot.loss_curves(series, loss_file, x_label="update", log=log, title=title)
    z = scaler.transform(data.X)
    points = [(w, b) for w, b in result.path or []]
    ws = [p[0] for p in points]
    bs = [p[1] for p in points]
    pad_w, pad_b = 0.1 * (max(ws) - min(ws)) + 0.1, 0.1 * (max(bs) - min(bs)) + 0.1
    plot.contour(
        plot.regression_surface(z, data.y),
        {"mini-batch path": points},
        path_file,
        xlim=(min(ws) - pad_w, max(ws) + pad_w),
        ylim=(min(bs) - pad_b, max(bs) + pad_b),
        x_label="w (per standard deviation of x)",
        y_label="b",
        title="The path of gradient descent across the MSE surface",
    )
    return [fit_file, loss_file, path_file]


# ---------------------------------------------------------------- fit


def add_fit(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "fit",
        help="fit a linear model to a CSV file by gradient descent",
        description="Fit target = w·x + b to the columns of a CSV file by gradient descent.",
    )
    _add_data(parser, required=True)
    _add_training(parser, epochs=100, rate=0.01, batch="32")
    _add_optimizer(parser)
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

    data = _read(args)
    progress = Progress(args.epochs, enabled=False if args.quiet else None)
    size, settings = batch_size_option(args.batch_size), _optimizer_settings(args)
    if settings["optimizer"] == "adam":
        rule = Adam.rule
    else:  # its name depends on the momentum options, which this also checks before training
        options = {key: settings[key] for key in ("momentum", "dampening", "nesterov")}
        rule = GradientDescent(1.0, **options).rule
    variant = variant_name(None if size is None or size >= data.n_samples else size, rule)
    shape = f"{data.n_samples} rows, {data.n_features} features"
    print(f"{variant} on {args.csv}: {shape}, loss {args.loss}", flush=True)  # shown while it trains
    result, model, _ = _train(data, args, progress=progress)
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
        _write_history(args.history, result)
        print(f"wrote {args.history}")
    if args.plot is not None:
        from . import plot

        series, log = loss_series(result)
        title = f"{result.variant} on {Path(args.csv).name}"
        plot.loss_curves(series, args.plot, x_label="update", log=log, title=title)
        print(f"wrote {args.plot}")
    if args.save is not None:
        settings = {
            "loss": args.loss,
            "batch_size": batch_size_option(args.batch_size),
            "epochs": args.epochs,
            "seed": args.seed,
            "shuffle": not args.no_shuffle,
            "standardized": args.standardize,
            "data": str(args.csv),
            **{key: value for key, value in settings.items() if key not in ("optimizer", "schedule")},
            "schedule": repr(settings["schedule"]) if settings["schedule"] is not None else "constant",
        }
        training = training_record(result, **settings)
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
    _add_data(parser, required=False)
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

    data = _read(args)
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
