"""``gdlearn fit``: train on a CSV file as the options say; print, plot and save the result.

A user error is a ``GDLearnError``, which ``cli.main`` prints as one line on
stderr with exit status 1; Ctrl-C keeps the run so far and exits with 130.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..adam import Adam
from ..gradient_descent import GradientDescent
from ..loop import variant_name
from ..models import LogisticModel
from .options import (
    Subparsers,
    add_data_options,
    add_optimizer_options,
    add_training_options,
    batch_size_option,
    command_parser,
    learning_rate_option,
    optimizer_settings,
    read_data,
    train,
)
from .progress import Progress
from .reports import equation, loss_label, loss_series, write_history
from .scores import hold_out, score_table


def add_fit(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "fit")
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
        "--test-size", type=float, metavar="FRACTION",
        help="hold out this fraction of the rows (drawn with --seed), fit on the rest, and report"
        " MSE, RMSE, MAE and R² (accuracy for --loss log) on the training and the test rows",
    )  # fmt: skip
    parser.add_argument(
        "--record-every", type=int, default=1, metavar="K",
        help="keep the batch loss of updates 0, K, 2K, … only, for long stochastic runs (default: 1, all)",
    )  # fmt: skip
    parser.set_defaults(run=run_fit)


def run_fit(args: argparse.Namespace) -> int:
    from ..io.model_files import save_model, training_record

    data = read_data(args)
    test = None
    if args.test_size is not None:  # fit on the training rows only; score both parts at the end
        whole = data.n_samples
        data, test = hold_out(data, args.test_size, args.seed)
        print(f"held out {test.n_samples} of {whole} rows for testing (--test-size {args.test_size:g})")
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
    if test is not None:
        print(score_table(model, data, test))
    if learning_rate_option(args.learning_rate) == "auto":
        print(f"learning rate 'auto': η = {result.learning_rate:.6g}")
    if args.history is not None:
        write_history(args.history, result)
        print(f"wrote {args.history}")
    if args.plot is not None:
        from .. import plot

        series, log = loss_series(result)
        title = f"{result.variant} on {Path(args.csv).name}"
        y_label = loss_label(args.loss, data.target_name, penalized=bool(args.l1 or args.l2))
        plot.loss_curves(series, args.plot, x_label="update", y_label=y_label, log=log, title=title)
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
            "test_size": args.test_size,  # None: trained on every row
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
