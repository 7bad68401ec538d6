"""``gdlearn explain``: any update of a run written out, every number shown.

The options are ``gdlearn fit``'s (the loss, the batch size, the rate, the
seed, the optimizer and the penalties), and ``--step T`` picks the update:
the first T − 1 are replayed silently, as ``fit`` runs them.
"""

from __future__ import annotations

import argparse

from ..errors import ParameterError
from ..losses import LOSSES
from ..scaling import Standardizer
from .options import (
    Subparsers,
    add_data_options,
    add_optimizer_options,
    batch_size_option,
    command_parser,
    learning_rate_option,
    optimizer_settings,
    read_data,
)
from .progress import waiting

GD_RATE = 0.0001
"""The default η for gradient descent here: small enough for Galton's heights in inches."""


def add_explain(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "explain")
    add_data_options(parser, required=False)
    parser.add_argument(
        "--loss", choices=list(LOSSES), default="mse",
        help="the loss (default: mse); 'log' is logistic regression, for a target of 0s and 1s",
    )  # fmt: skip
    parser.add_argument(
        "--batch-size", default="full", metavar="N|full", help="rows per update, or 'full' (default: full)"
    )
    parser.add_argument(
        "--learning-rate", metavar="ETA|auto",
        help=f"the step size η₀, or 'auto' as in fit (default: {GD_RATE} for gd, 0.001 for adam)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="seed of the row shuffling (default: 0)")
    parser.add_argument("--no-shuffle", action="store_true", help="keep the rows in file order")
    parser.add_argument(
        "--step", type=int, default=1, metavar="T",
        help="the update to explain; updates 1 … T − 1 are replayed first, as fit runs them (default: 1)",
    )  # fmt: skip
    parser.add_argument(
        "--show", type=int, default=3, metavar="K", help="rows, terms and weights written out (default: 3)"
    )
    add_optimizer_options(parser)
    parser.set_defaults(run=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    from ..explain import explain_step

    for flag, value in (("--show", args.show), ("--step", args.step)):
        if value < 1:
            raise ParameterError(f"{flag} must be a whole number ≥ 1, got {value}")
    data = read_data(args)
    X = Standardizer.fit(data.X, names=data.feature_names).transform(data.X) if args.standardize else data.X
    settings = optimizer_settings(args)
    rate = learning_rate_option(args.learning_rate)
    if rate is None and settings["optimizer"] == "gd":
        rate = GD_RATE
    source = args.csv or "Galton's heights"
    scaled = " (standardised)" if args.standardize else ""
    features = f"{data.n_features} feature{'s' * (data.n_features > 1)}{scaled}"
    print(f"{source}: {data.n_samples} rows, {features}, target {data.target_name}", flush=True)
    replay = f"replaying updates 1 … {args.step - 1} to reach update {args.step}"
    with waiting(replay):  # on a terminal, once it takes a second: --step 100000 takes minutes
        explanation = explain_step(
            X,
            data.y,
            step=args.step,
            loss=args.loss,
            learning_rate=rate,
            batch_size=batch_size_option(args.batch_size),
            shuffle=not args.no_shuffle,
            seed=args.seed,
            feature_names=data.feature_names,
            shown=args.show,
            **settings,
        )
    print(explanation)
    return 0
