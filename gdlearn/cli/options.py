"""The command line's shared options: their values parsed, their arguments added,
and the data read and trained on as they say.

A bad value is a ``ParameterError`` (exit status 1 with one line), raised
here or by the class that takes it; argparse itself only checks that a
number is a number (exit status 2).
"""

from __future__ import annotations

import argparse
import re
import signal
import threading
from pathlib import Path
from typing import Any

from ..checks import nonnegative_number, positive_int, positive_number
from ..errors import DivergenceError, ParameterError
from ..fit import FitResult, fit
from ..io.csv_files import Dataset, load_csv
from ..io.lines import text_encoding
from ..models import LinearModel
from ..scaling import Standardizer
from ..schedules import CosineDecay, ExponentialDecay, InverseScaling, Schedule, StepDecay
from .progress import Progress, waiting

Subparsers = Any  # argparse's _SubParsersAction is private

COMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "fit Galton's heights by mini-batch gradient descent (no files needed)",
        "Fit child height on mid-parent height from Galton's 1886 data with mini-batch "
        "gradient descent on standardised heights, and compare with the exact least-squares line.",
    ),
    "fit": (
        "fit a linear model to a CSV file by gradient descent",
        "Fit target = w·x + b to the columns of a CSV file by gradient descent.",
    ),
    "predict": (
        "predict with a saved model; CSV to standard output",
        "Read the model's feature columns from a CSV file and write one prediction per row"
        " (for logistic regression: the class and the probability of class 1).",
    ),
    "explain": (
        "print any update of a run in full, with the numbers",
        "Print update T of a run (--step T; updates 1 … T − 1 are replayed as fit runs them) stage by"
        " stage: predictions, residuals, the loss, each row's slope, each partial derivative, the penalty,"
        " weight decay, the velocity or Adam's moments, the update, each as a formula, then with its"
        " numbers, then the result; and the loss before and after. Uses Galton's heights unless a CSV"
        " is given.",
    ),
    "lab": (
        "open the lab: a page where you move the learning rate and watch gradient descent",
        "Serve the lab's page on 127.0.0.1 and open it in the browser: pick a problem and up to four"
        " methods, move the learning rate past 2/λ_max, open a scenario by its link.",
    ),
}
"""Each command: its line in ``gdlearn --help``, then the text of its own ``--help``."""


def command_parser(subparsers: Subparsers, name: str) -> argparse.ArgumentParser:
    """The sub-parser of command ``name``, with its summary and description from ``COMMANDS``.

    It is also kept as the default ``command_parser``, so that ``main`` can
    answer a misspelt option with this command's usage and options.
    """
    summary, description = COMMANDS[name]
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=summary, description=description)
    parser.set_defaults(command_parser=parser)
    return parser


OPTIONS = (
    "learning_rate", "batch_size", "epochs", "seed", "momentum", "dampening", "nesterov", "weight_decay",
    "betas", "eps", "schedule", "l1", "l2", "proximal", "tol", "patience", "record_every", "features",
    "target", "optimizer",
)  # fmt: skip
"""The arguments of ``fit`` that the command line sets from an option of the same name."""


def option_names(message: str) -> str:
    """A ParameterError's message in the command line's words: --momentum, not momentum.

    >>> option_names("leave momentum at the default here: they are options of optimizer='gd'")
    'leave --momentum at the default here: they are options of --optimizer gd'
    >>> option_names("learning_rate must be a positive finite number, got -1.0")
    '--learning-rate must be a positive finite number, got -1.0'
    """
    names = "|".join(OPTIONS)

    def flag(name: str) -> str:
        return "--" + name.replace("_", "-")

    message = re.sub(rf"(?<![\w-])({names})=(?:'([^']*)'|(\S+?))(?=[\s,;)]|$)",
                     lambda m: f"{flag(m[1])} {m[2] if m[2] is not None else m[3]}", message)  # fmt: skip
    message = re.sub(rf"(?<![\w-])({names})(?= must\b)", lambda m: flag(m[1]), message)
    leave = re.match(rf"leave ((?:(?:{names})(?:, )?)+) at the default", message)
    if leave:
        flags = ", ".join(flag(name) for name in leave[1].split(", "))
        message = f"leave {flags}{message[leave.end(1):]}"
    return message


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


def check_svg_name(path: str | None) -> None:
    """Refuse a --plot name that does not end in .svg (the pictures are SVG), before any work is done."""
    if path is not None and not path.lower().endswith(".svg"):
        raise ParameterError(f"--plot writes SVG pictures: give a file name ending in .svg, got {path!r}")


def check_outputs(outputs: list[tuple[str, str | None]], source: str | None = None) -> None:
    """Before any work: each file the options will write has a folder to go in, and none is the
    input or another output, so that a typo in one name cannot cost a finished run or the data.

    ``outputs`` pairs each option (``--save``) with its file name, or None where it is not given.
    """
    taken: dict[Path, str] = {} if source is None else {Path(source).resolve(): "the input"}
    for option, name in outputs:
        if name is None:
            continue
        if not name:
            raise ParameterError(f"{option} must be a file name or path, got {name!r}")
        path = Path(name).resolve()
        if not path.parent.is_dir():
            folder = str(Path(name).parent)
            raise ParameterError(f"{option}: there is no folder {folder!r} to write {name!r} in")
        if path.is_dir():
            raise ParameterError(f"cannot write {name!r} for {option}: it is a folder")
        if path in taken:
            other = taken[path]
            what = "the input file: writing it would destroy the data" if other == "the input" else (
                f"also {other}'s file: one would overwrite the other"
            )
            raise ParameterError(f"{option} {name!r} is {what}; name another file")
        taken[path] = option


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


def optimizer_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The ``fit`` arguments set by the optimizer options (none for commands without them)."""
    if not hasattr(args, "optimizer"):
        return {}
    if args.proximal and not args.l1:  # the proximal step is λ₁'s: with none it would do nothing, unsaid
        raise ParameterError("--proximal takes the proximal step of the --l1 penalty; give --l1 > 0 with it")
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
        "proximal": args.proximal,
    }


def add_optimizer_options(parser: argparse.ArgumentParser) -> None:
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
        "--weight-decay", type=float, default=0.0, metavar="LAMBDA_WD",
        help="add λ_wd·θ to every gradient, the bias too (default: 0); not the same as --l2",
    )  # fmt: skip
    group.add_argument(
        "--betas", default="0.9,0.999", metavar="B1,B2", help="adam: β₁,β₂ (default: 0.9,0.999)"
    )
    group.add_argument(
        "--eps", type=float, default=1e-8, help="adam: ε, outside the square root (default: 1e-8)"
    )
    group.add_argument("--schedule", default="constant", metavar="SPEC", help=SCHEDULE_HELP)
    group.add_argument("--l1", type=float, default=0.0, help="add λ₁·‖w‖₁ to the loss (default: 0)")
    group.add_argument("--l2", type=float, default=0.0, help="add λ₂·‖w‖² to the loss (default: 0)")
    group.add_argument(
        "--proximal", action="store_true",
        help="gd without momentum: after each update, shrink each weight by η·λ₁ towards 0 and stop it"
        " at exactly 0 (the proximal step of --l1), instead of adding λ₁·sign(w) to the gradient",
    )  # fmt: skip


def add_data_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    if required:
        parser.add_argument("csv", metavar="CSV", help="a CSV file whose first line names the columns")
    else:
        parser.add_argument(
            "csv", metavar="CSV", nargs="?", help="a CSV file (default: Galton's heights)"
        )
    parser.add_argument("--target", metavar="COL", help="the column to predict (required with a CSV)")
    parser.add_argument("--features", metavar="A,B", help="feature columns (default: all but the target)")
    parser.add_argument("--standardize", action="store_true", help="train on standardised features")
    add_reading_options(parser, drop_missing=True)


DELIMITERS = {",": ",", ";": ";", "tab": "\t"}
"""--delimiter's choices, and the character each stands for."""


def add_reading_options(parser: argparse.ArgumentParser, *, drop_missing: bool) -> None:
    """--encoding, --decimal, --delimiter (and --drop-missing for training): how to read the CSV file."""
    group = parser.add_argument_group("reading the CSV file")
    group.add_argument(
        "--encoding", metavar="NAME",
        help="the file's text encoding, such as cp1252 (a spreadsheet's export on Windows),"
        " latin-1 or utf-16 (default: UTF-8)",
    )  # fmt: skip
    group.add_argument(
        "--decimal", choices=[".", ","], default=".", metavar="MARK",
        help="the decimal mark: '.' (3.14, the default) or ',' (3,14; cells then separated by ';' or tabs)",
    )  # fmt: skip
    group.add_argument(
        "--delimiter", choices=list(DELIMITERS), metavar="SEP",
        help="what separates the cells: ',' ';' or tab (default: the one the header line uses most)",
    )  # fmt: skip
    if drop_missing:
        group.add_argument(
            "--drop-missing", action="store_true",
            help="leave out the rows with an empty cell in a used column, and say which"
            " (default: refuse them)",
        )  # fmt: skip


def reading_options(args: argparse.Namespace) -> dict[str, Any]:
    """The CSV reader's keyword arguments from --encoding, --decimal and --delimiter, the encoding checked."""
    try:
        text_encoding(args.encoding)
    except ParameterError:
        raise ParameterError(
            f"--encoding must name a text encoding, such as cp1252, latin-1 or utf-16, got {args.encoding!r}"
        ) from None
    delimiter = None if args.delimiter is None else DELIMITERS[args.delimiter]
    reading = {"encoding": args.encoding, "decimal": args.decimal, "delimiter": delimiter}
    return {**reading, "hints": "command line"}


def add_training_options(parser: argparse.ArgumentParser, *, epochs: int, rate: float, batch: str) -> None:
    parser.add_argument(
        "--loss",
        choices=["mse", "mae", "huber", "log"],
        default="mse",
        help="the loss (default: mse); 'log' fits logistic regression to a target of 0s and 1s",
    )
    api = "" if batch == "full" else "; gdlearn.fit()'s default is full batches"
    parser.add_argument(
        "--batch-size", default=batch, metavar="N|full",
        help=f"rows per update, or 'full' (default: {batch}{api})",
    )  # fmt: skip
    parser.add_argument(
        "--learning-rate",
        metavar="ETA|auto",
        help=f"the step size η, or 'auto' for 1/λ̄, λ̄ a bound on the curvature of every batch's loss"
        f" (default: {rate} for gd, 0.001 for adam)",
    )
    parser.add_argument(
        "--epochs", type=int, default=epochs, help=f"passes over the data (default: {epochs})"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the row shuffling (default: 0)")
    parser.add_argument("--no-shuffle", action="store_true", help="keep the rows in file order")
    parser.add_argument("--quiet", action="store_true", help="no progress line")


def check_numbers(args: argparse.Namespace) -> None:
    """The training options' numbers, checked before the data are read: a typo in --epochs must not
    wait for a million rows to be read first. ``fit`` checks them again, by the same rules."""
    positive_int(args.epochs, "epochs")
    for name in ("patience", "record_every"):
        positive_int(getattr(args, name, 1), name)
    rate = learning_rate_option(args.learning_rate)
    if isinstance(rate, float):
        positive_number(rate, "learning_rate")
    if getattr(args, "tol", None) is not None:
        positive_number(args.tol, "tol")
    for name in ("l1", "l2", "weight_decay"):
        nonnegative_number(getattr(args, name, 0.0), name)


def read_data(args: argparse.Namespace) -> Dataset:
    """The CSV named on the command line, or Galton's heights without one.

    Rows dropped for an empty cell (--drop-missing) are counted on standard output.
    """
    features = None if args.features is None else [name.strip() for name in args.features.split(",")]
    if args.csv is None:
        if args.target is not None or features is not None:
            raise ParameterError("--target and --features need a CSV file, and none was given")
        named = ("encoding", "decimal", "delimiter")
        reading = [f"--{name}" for name in named if getattr(args, name) not in (None, ".")]
        if reading or args.drop_missing:
            given = ", ".join([*reading, *(["--drop-missing"] if args.drop_missing else [])])
            raise ParameterError(f"{given}: these options read a CSV file, and none was given")
        from ..datasets import galton

        return galton()
    if args.target is None:
        raise ParameterError(f"--target is required to say which column of {args.csv} to predict")
    classes = getattr(args, "loss", "") == "log"  # logistic regression: the target must be 0 or 1
    how = reading_options(args)
    with waiting(f"reading {args.csv}", enabled=False if getattr(args, "quiet", False) else None):
        data = load_csv(
            args.csv, target=args.target, features=features, drop_missing=args.drop_missing, classes=classes,
            **how,
        )  # fmt: skip
    if data.dropped:
        print(f"{data.description} (--drop-missing)", flush=True)
    return data


def train(
    data: Dataset, args: argparse.Namespace, *, progress: Progress, record_theta: bool = False
) -> tuple[FitResult[LinearModel], LinearModel, Standardizer | None]:
    """Fit as the options say; also return the model in original units."""
    scaler = Standardizer.fit(data.X, names=data.feature_names) if args.standardize else None
    X = data.X if scaler is None else scaler.transform(data.X)
    main = threading.current_thread() is threading.main_thread()  # where signal handlers can be set
    previous = signal.signal(signal.SIGINT, progress.interrupt) if main else None  # it says "interrupted"
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
            **optimizer_settings(args),
        )
    except DivergenceError as error:
        hint = "" if args.standardize else " (--standardize does that)"
        rate, limit = error.learning_rate, error.stability_limit
        message = f"{error}{hint}"
        raise DivergenceError(message, error.result, learning_rate=rate, stability_limit=limit) from None
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
        progress.close()
    model = result.model if scaler is None else scaler.unscale_model(result.model)
    return result, model, scaler
