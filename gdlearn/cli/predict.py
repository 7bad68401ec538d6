"""``gdlearn predict``: a saved model's predictions for the rows of a CSV file, as CSV."""

from __future__ import annotations

import argparse
import sys

from ..models import LogisticModel
from .options import Subparsers, add_reading_options, command_parser, reading_options
from .progress import waiting


def add_predict(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "predict")
    parser.add_argument("model", metavar="MODEL.json", help="a model written by 'gdlearn fit --save'")
    parser.add_argument("csv", metavar="CSV", help="a CSV file with the model's feature columns")
    add_reading_options(parser, drop_missing=False)  # every row gets its prediction: none is dropped
    parser.set_defaults(run=run_predict)


def run_predict(args: argparse.Namespace) -> int:
    from ..io.model_files import load_model

    reading = reading_options(args)  # --encoding checked before the model is read
    saved = load_model(args.model)
    with waiting(f"reading {args.csv}"):  # on a terminal, once reading takes a second
        X = saved.read_inputs(args.csv, **reading)
    model, out = saved.model, sys.stdout
    # every prediction first: a row that overflows is an error before a line of output, not after the header
    if isinstance(model, LogisticModel):  # the class, and the probability of class 1
        rows = [f"{label:g},{p!r}\n" for label, p in zip(model.predict(X), model.predict_proba(X))]
        out.write(f"predicted_{saved.target_name},probability\n")
    else:
        rows = [f"{y_hat!r}\n" for y_hat in model.predict(X)]
        out.write(f"predicted_{saved.target_name}\n")
    out.writelines(rows)
    out.flush()
    return 0
