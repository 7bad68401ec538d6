"""``gdlearn fit``: train on a CSV file as the options say; print, plot and save the result.

A user error is a ``GDLearnError``, which ``cli.main`` prints as one line on
stderr with exit status 1; Ctrl-C keeps the run so far and exits with 130.
Every run ends with its verdict (see ``verdict``) and, for MSE, the gap to
the least value J*; a run that did not converge adds one warning line on
stderr and still exits with 0. A run that diverged exits with 1, after
writing --history and --plot for the run up to the blow-up (never --save).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from ..adam import Adam
from ..errors import DivergenceError
from ..gradient_descent import GradientDescent
from ..io.dataset import Dataset
from ..loop import variant_name
from ..losses import get_loss
from ..models import LinearModel, LogisticModel
from ..result import Result
from ..verdict import advice, headline, plural, updates
from .options import (
    Subparsers,
    add_data_options,
    add_optimizer_options,
    add_training_options,
    batch_size_option,
    check_numbers,
    check_outputs,
    check_svg_name,
    command_parser,
    learning_rate_option,
    optimizer_settings,
    read_data,
    train,
)
from .progress import Progress
from .reports import equation, loss_label, loss_series, write_history
from .scores import hold_out, score_table

EPILOG = """\
how a run ends:
  Every run ends with a verdict, printed after the fitted equation:
    converged         the loss is at its least value J* (MSE: to six digits),
                      or, where J* is unknown, the gradient is a millionth of
                      its start, or --tol stopped the run
    still descending  the loss is still falling steadily: more --epochs, a
                      larger --learning-rate or --standardize will go further
    hovering          the loss stopped falling while the gradient stays large:
                      the noise of small batches or a kink (MAE); decay the
                      rate with --schedule or use a larger --batch-size
    no minimum        logistic regression on data it already separates: the
                      loss falls towards 0 for ever as the weights grow; --l2
  For MSE the least value J* (least squares) is printed with the gap to it.
  A run that did not converge prints one warning line on stderr and exits 0.

  A run that diverges (its loss rose at each of 10 epochs in a row, above
  its start, or became infinite, or ended 1000 times as high as it started)
  exits with status 1 and one line on stderr
  naming the rate and, for MSE, the stability limit; --history and --plot
  are still written, with the run up to the blow-up, so that it can be seen;
  --save is not (an old model file stays whole). Ctrl-C keeps the run so far
  and exits with 130.

  The default --batch-size here is 32 (mini-batch); gdlearn.fit() in Python
  defaults to full batches (batch gradient descent).
"""


def add_fit(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "fit")
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
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


CLI_WORDS = {
    "epochs": "run more --epochs",
    "rate": "raise --learning-rate (--learning-rate auto takes the largest safe one)",
    "smaller": "lower --learning-rate (--learning-rate auto takes the largest safe one)",
    "standardize": "try --standardize",
    "schedule": "decay the rate with --schedule (for example exp:0.99)",
    "batch": "use a larger --batch-size",
    "momentum": "lower --momentum",
    "l2": "add a penalty such as --l2 0.01",
}
"""The verdict's advice in the words of this command's options."""


def run_fit(args: argparse.Namespace) -> int:
    check_svg_name(args.plot)
    check_outputs([("--save", args.save), ("--history", args.history), ("--plot", args.plot)], args.csv)
    check_numbers(args)
    size, settings = batch_size_option(args.batch_size), optimizer_settings(args)  # checked before reading
    if settings["optimizer"] == "adam":
        rule = Adam.rule
    else:  # its name depends on the momentum options, which this also checks before reading the data
        options = {key: settings[key] for key in ("momentum", "dampening", "nesterov")}
        rule = GradientDescent(1.0, **options).rule
    data = read_data(args)
    test = None
    if args.test_size is not None:  # fit on the training rows only; score both parts at the end
        whole = data.n_samples
        data, test = hold_out(data, args.test_size, args.seed)
        print(f"held out {test.n_samples} of {whole} rows for testing (--test-size {args.test_size:g})")
    variant = variant_name(None if size is None or size >= data.n_samples else size, rule)
    d = data.n_features
    shape = f"{plural(data.n_samples, 'row')}, {plural(d, 'feature')}"
    print(f"{variant} on {args.csv}: {shape}, loss {args.loss}", flush=True)  # shown while it trains
    progress = Progress(args.epochs, enabled=False if args.quiet else None)  # closed by train
    try:
        result, model, _ = train(data, args, progress=progress)
    except DivergenceError as error:  # the evidence first: the run up to the blow-up
        if error.result is not None:
            for name in _write_pictures(args, error.result, data.target_name):
                print(f"wrote {name}")
        raise
    # the files first, then the summary: a closed pipe or a full disk on stdout loses no file
    written = _write_pictures(args, result, data.target_name)
    if args.save is not None:
        _save(args, result, model, data, size, settings)
        written.append(args.save)
    if isinstance(model, LogisticModel):
        print(equation(model, data.feature_names, f"logit P({data.target_name} = 1)"))
        print(f"accuracy on these rows: {model.accuracy(data.X, data.y):.4g}")
    else:
        print(equation(model, data.feature_names, data.target_name))
    print(
        f"loss {result.epoch_loss[0]:.6g} at the start, {result.final_loss:.6g} at the end;"
        f" {updates(result.n_iter)} in {plural(result.n_epochs, 'epoch')}"
    )
    if test is not None:
        print(score_table(model, data, test))
    words = dict(CLI_WORDS)
    if settings["optimizer"] == "adam" or get_loss(args.loss).curvature is None:  # 'auto' is refused there
        words.update(rate="raise --learning-rate", smaller="lower --learning-rate")
    if args.standardize:
        words["standardize"] = "--standardize is on: correlated features are the likely cause"
    print(f"verdict: {headline(result)}")
    what = advice(result, words)
    if what:
        print(what)
    if learning_rate_option(args.learning_rate) == "auto":
        print(f"learning rate 'auto': η = {result.learning_rate:.6g}")
    for name in written:
        print(f"wrote {name}")
    if result.interrupted:
        print("gdlearn: interrupted; the results above are the run so far", file=sys.stderr)
        return 130
    if not result.converged:
        print(f"gdlearn: warning: the run did not converge ({result.verdict}); see the verdict above",
              file=sys.stderr)  # fmt: skip
    return 0


def _save(
    args: argparse.Namespace, result: Result, model: LinearModel, data: Dataset, size: int | None,
    settings: dict[str, Any],
) -> None:  # fmt: skip
    """--save: the model, with the choices that made it."""
    from ..io.model_files import save_model, training_record

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


def _write_pictures(args: argparse.Namespace, result: Result, target: str) -> list[str]:
    """--history and --plot, if asked for: of a finished run, or of one up to its blow-up; their names."""
    written = []
    if args.history is not None:
        write_history(args.history, result)
        written.append(args.history)
    if args.plot is not None:
        from .. import plot

        series, log = loss_series(result)
        title = f"{result.variant} on {Path(args.csv).name}"
        if result.stop_reason == "diverged":
            title += ", diverged"
            if not math.isfinite(result.final_loss):  # loss_series leaves it out: say so
                title += f" (J = {result.final_loss:g} after {updates(result.n_iter)}, not drawn)"
        y_label = loss_label(args.loss, target, penalized=bool(args.l1 or args.l2))
        plot.loss_curves(series, args.plot, x_label="update", y_label=y_label, log=log, title=title)
        written.append(args.plot)
    return written
