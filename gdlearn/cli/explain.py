"""``gdlearn explain``: one update of gradient descent written out, every number shown."""

from __future__ import annotations

import argparse
import random

from ..errors import ParameterError
from ..scaling import Standardizer
from .options import (
    Subparsers,
    add_data_options,
    batch_size_option,
    command_parser,
    read_data,
)


def add_explain(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "explain")
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
    from ..explain import explain_step

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
