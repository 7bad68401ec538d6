"""``gdlearn predict``: a saved model's predictions for the rows of a CSV file, as CSV."""

from __future__ import annotations

import argparse
import math
import sys

from ..errors import DataError
from ..io.csv_files import row_line
from ..models import LogisticModel
from ..verdict import plural
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
    with waiting(f"predicting {plural(len(X), 'row')}"):
        outputs = model.forward(list(model.theta), X)  # w·x + b of every row, unchecked
        bad = next((i for i, z in enumerate(outputs) if not math.isfinite(z)), None)
        if bad is not None:  # named by its line in the file, not by its index in X
            how = {key: reading[key] for key in ("delimiter", "encoding", "decimal")}
            line = row_line(args.csv, bad, **how)
            raise DataError(
                f"{args.csv}, line {line}: the prediction is {outputs[bad]} (w·x + b overflowed a float):"
                " the inputs or the weights are too large"
            )
        if isinstance(model, LogisticModel):  # the class, and the probability of class 1
            rows = [f"{label:g},{p!r}\n" for label, p in zip(model.predict(X), model.predict_proba(X))]
            header = f"predicted_{saved.target_name},probability\n"
        else:
            rows = [f"{y_hat!r}\n" for y_hat in outputs]
            header = f"predicted_{saved.target_name}\n"
    out.write(header)
    out.writelines(rows)
    out.flush()
    return 0
