"""``gdlearn demo``: the main job, with no arguments and no files.

Galton's 1886 heights, child on mid-parent, fitted by mini-batch gradient
descent on the standardised feature: a terminal chart of the loss, the line
in inches beside the exact least-squares line, one sentence on what happened,
and with ``--plot`` the pictures (the data and both lines, the loss curves,
and the path across the loss surface).
"""

from __future__ import annotations

import argparse
import sys

from ..fit import FitResult
from ..io.csv_files import Dataset
from ..least_squares import least_squares
from ..losses import get_loss
from ..models import LinearModel
from ..scaling import Standardizer
from ..verdict import headline
from .options import Subparsers, check_outputs, check_svg_name, command_parser, train
from .progress import Progress
from .reports import loss_chart, loss_series

CLOSE_ENOUGH = 0.01
"""The demo draws Galton's conclusion when its MSE is within 1 % of the exact minimum."""


def add_demo(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "demo")
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
    from ..datasets import galton

    check_svg_name(args.plot)
    if args.plot is not None:
        check_outputs([("--plot", name) for name in _picture_names(args.plot)])
    data = galton()
    print("Galton's 1886 heights: how tall are children of tall parents?")
    print(f"{data.n_samples} children; x = mid-parent height, y = child height (inches).")
    progress = Progress(args.epochs, enabled=False if args.quiet else None, delay=0.0)
    result, model, scaler = train(data, args, progress=progress, record_theta=args.plot is not None)
    exact = least_squares(data.X, data.y)
    exact_mse = get_loss("mse").value(exact.predict(data.X), data.y)
    print(f"{result.variant}, batches of {args.batch_size}, η = {args.learning_rate:g}, standardised x.")
    print()
    print(loss_chart(result))
    print()
    print(f"{'':18}{'slope':>10}{'intercept':>12}{'MSE':>10}")
    print(f"{'gradient descent':18}{model.weights[0]:10.4f}{model.bias:12.4f}{result.final_loss:10.4f}")
    print(f"{'least squares':18}{exact.weights[0]:10.4f}{exact.bias:12.4f}{exact_mse:10.4f}")
    print()
    excess = (result.final_loss - exact_mse) / exact_mse
    above = f"{100 * excess:.2g}% above" if excess < 1 else f"{1 + excess:.3g} times"
    fell = (
        f"In {result.n_epochs} epochs ({result.n_iter} updates) the mean squared error fell from"
        f" {result.epoch_loss[0]:.5g} to {result.final_loss:.4f}, {above} the exact minimum"
    )
    if result.interrupted:
        print(f"{fell}, when Ctrl-C stopped the run.")
    elif excess <= CLOSE_ENOUGH:  # the line is least squares' to the eye: Galton's finding
        print(
            f"{fell}: children of parents 1 inch taller are only {model.weights[0]:.2f} inches taller,"
            " the regression toward the mean that gave regression its name."
        )
    else:  # not there yet: the slope is not yet the data's
        print(f"{fell}: not there yet, so this slope is not yet Galton's.")
        print(f"verdict: {headline(result)}")
        print("Run more --epochs, or raise --learning-rate (0.1 gets there in a few epochs here).")
    if args.plot is not None and scaler is not None:
        for written in _demo_pictures(args.plot, data, result, model, exact, scaler):
            print(f"wrote {written}")
    if result.interrupted:
        print("gdlearn: interrupted; the results above are the run so far", file=sys.stderr)
        return 130
    if excess > CLOSE_ENOUGH:
        print(f"gdlearn: warning: the run did not reach the minimum ({result.verdict})", file=sys.stderr)
    return 0


def _picture_names(target: str) -> tuple[str, str, str]:
    """FILE.svg, FILE-loss.svg and FILE-path.svg for --plot FILE.svg (run_demo checked the .svg)."""
    stem = target[:-4]
    return target, f"{stem}-loss.svg", f"{stem}-path.svg"


def _demo_pictures(
    target: str,
    data: Dataset,
    result: FitResult[LinearModel],
    model: LinearModel,
    exact: LinearModel,
    scaler: Standardizer,
) -> list[str]:
    from .. import plot

    fit_file, loss_file, path_file = _picture_names(target)
    x = [row[0] for row in data.X]
    plot.scatter_fit(
        x,
        data.y,
        {"least squares": exact, "gradient descent": model},  # GD dashed, on top: both show
        fit_file,
        x_label="mid-parent height (in)",
        y_label="child height (in)",
        title="Galton's heights: gradient descent against least squares",
    )
    series, log = loss_series(result)
    title = "Mini-batch gradient descent on Galton's heights"
    y_label = "J = mean squared error (in²)"
    plot.loss_curves(series, loss_file, x_label="update", y_label=y_label, log=log, title=title)
    # On standardised x the surface is a round bowl, J = J* + (w − w*)² + (b − b*)² (var z = 1):
    # the levels J* + r² are circles of radius r, drawn to equal scales, so it looks round.
    surface = plot.regression_surface(scaler.transform(data.X), data.y)
    points = [(w, b) for w, b in result.path or []]
    ws, bs = [p[0] for p in points], [p[1] for p in points]
    pad = 0.1 * max(max(ws) - min(ws), max(bs) - min(bs))
    w_star, b_star = surface.minimizer or points[-1]  # the least-squares line, in closed form
    J_star = surface(w_star, b_star)
    plot.contour(
        surface,
        {"mini-batch path": points},
        path_file,
        xlim=(min(ws) - pad, max(ws) + pad),
        ylim=(min(bs) - pad, max(bs) + pad),
        levels=[J_star + r * r for r in (2, 5, 10, 20, 30, 40, 50, 60, 70, 80)],
        x_label="w (inches per standard deviation of x)",
        y_label="b (inches)",
        title="The path of mini-batch gradient descent down the MSE bowl",
    )
    return [fit_file, loss_file, path_file]
