"""Batch, stochastic and mini-batch gradient descent on the same data.

What it teaches
    The three variants are one loop with one update θ ← θ − η·∇J_ℬ(θ); they
    differ only in how many rows B each step looks at:

        batch        B = n = 928   1 update per epoch, the exact gradient
        mini-batch   B = 32        29 updates per epoch, a fair estimate
        stochastic   B = 1         928 updates per epoch, a noisy estimate

    An epoch (one pass over the data) costs the same n row-gradients for all
    three. So per epoch the small batches get much further, while per update
    batch gradient descent is best, because its steps are exact. The price
    of small batches is noise: the loss of a step's batch jumps around, and
    with a constant η the parameters never settle but keep wandering near
    the minimum (the smaller B, the wider).

    The data are Galton's heights (see fit_line.py), x standardised, with
    the same η = 0.05 and the same shuffling seed for all three.

What to look for
    - The terminal chart and batch_vs_stochastic.svg (against epochs): after
      one epoch stochastic and mini-batch are near the floor (J ≈ 5) while
      batch gradient descent has taken one step and needs all 30 epochs to
      get to 13. The thin line is the loss of each mini-batch's own rows,
      a noisy band around J.
    - batch_vs_stochastic-updates.svg (against updates): over the first
      steps, batch and mini-batch fall together (far from the minimum, 32
      rows already give a good gradient, at 1/29 of the cost), while the
      loss of single rows jumps by decades.
    - batch_vs_stochastic-noise.svg: the last epoch of the mini-batch and
      stochastic runs on the contour map of J(w, b) around the minimum: the
      stochastic path is a wide random walk, the mini-batch path a small one.
    - The table: the spread of the per-update losses and of θ in the last
      epoch is 0 for batch, larger for mini-batch, largest for stochastic.

Run:  python examples/batch_vs_stochastic.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script
from gdlearn.plot import line_chart


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="10 epochs instead of 30, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    epochs = 10 if args.quick else 30
    eta = 0.05

    data = gdlearn.datasets.galton()
    Z = gdlearn.Standardizer.fit(data.X).transform(data.X)
    exact = gdlearn.least_squares(Z, data.y)  # the minimum of J, to measure distances from
    print(f"Galton's heights, x standardised: n = {data.n_samples} rows, η = {eta}, {epochs} epochs each.")
    print()

    runs = {}
    for name, B in [("batch", None), ("mini-batch B=32", 32), ("stochastic B=1", 1)]:
        runs[name] = gdlearn.fit(
            Z, data.y, learning_rate=eta, batch_size=B, epochs=epochs, seed=0, record_theta=True
        )

    print(
        line_chart(
            {name: list(result.epoch_loss) for name, result in runs.items()},
            log=True,
            height=12,
            title="J(θ) over all rows at the end of each epoch",
            x_label="epoch",
            y_label="J",
        )
    )
    print()
    print(
        f"{'':18}{'updates/epoch':>14}{'updates':>9}{'J, 1 epoch':>12}{'J, end':>9}"
        f"{'spread of loss':>16}{'θ wanders':>11}"
    )
    for name, result in runs.items():
        per_epoch = result.n_iter // result.n_epochs
        last_losses = result.loss[-per_epoch:]  # the batch losses of the last epoch's updates
        assert result.path is not None
        last_thetas = result.path[-per_epoch:]
        spread = statistics.pstdev(last_losses) if per_epoch > 1 else 0.0
        wander = max(math.dist(theta, exact.theta) for theta in last_thetas) - min(
            math.dist(theta, exact.theta) for theta in last_thetas
        )
        print(
            f"{name:18}{per_epoch:14d}{result.n_iter:9d}{result.epoch_loss[1]:12.4g}"
            f"{result.final_loss:9.4g}{spread:16.3g}{wander:11.3g}"
        )
    print()
    print(f"The minimum is J = {gdlearn.MSE().value(exact.predict(Z), data.y):.4f}.")
    print("'spread of loss': the standard deviation of the per-update batch losses in the last epoch.")
    print("'θ wanders': how much the distance from θ to the minimum varied in the last epoch.")
    print("Both are the noise of small batches; batch gradient descent has none.")

    # Against epochs: J after each epoch for all three, and under them the batch loss of each
    # mini-batch update at its fractional epoch k/29. (The one-row losses of stochastic steps
    # span ten decades, from 1e-9 to 50, and would hide everything else; they are in the
    # next chart, and their spread is in the table.)
    mini = runs["mini-batch B=32"]
    per_epoch = mini.n_iter // mini.n_epochs
    by_epoch: dict[str, tuple[list[float], list[float]]] = {
        "mini-batch B=32: each update's batch loss": (
            [k / per_epoch for k in range(mini.n_iter)],
            list(mini.loss),
        )
    }
    for name, result in runs.items():
        by_epoch[f"{name}: J per epoch"] = (list(range(result.n_epochs + 1)), list(result.epoch_loss))
    epochs_svg = os.path.join(args.outdir, "batch_vs_stochastic.svg")
    plot.loss_curves(
        by_epoch,
        epochs_svg,
        log=True,
        x_label="epoch (passes over the 928 rows)",
        y_label="J = mean squared error (inches²)",
        title="Against epochs: the same work per epoch, very different progress",
    )

    # Against updates: the first updates of each run, with the batch loss each step saw.
    shown = min(60, epochs)
    first_updates = {name: list(result.loss[:shown]) for name, result in runs.items()}
    updates_svg = os.path.join(args.outdir, "batch_vs_stochastic-updates.svg")
    plot.loss_curves(
        first_updates,
        updates_svg,
        log=True,
        x_label="update",
        y_label="MSE of the update's batch (inches²)",
        title=f"Against updates: the first {shown} steps; one-row losses jump by decades",
    )

    # The noise in θ: the last epoch of the two runs with small batches, near the minimum.
    # J = J* + (w − w*)² + (b − b*)² exactly (the x are standardised), so the levels
    # J* + r² are circles of radius r around the minimum.
    w_star, b_star = exact.theta
    J_star = gdlearn.MSE().value(exact.predict(Z), data.y)
    last_epoch = {}
    for name in ("stochastic B=1", "mini-batch B=32"):
        result = runs[name]
        assert result.path is not None
        last_epoch[f"{name}, last epoch"] = result.path[-(result.n_iter // result.n_epochs) - 1 :]
    noise_svg = os.path.join(args.outdir, "batch_vs_stochastic-noise.svg")
    plot.contour(
        plot.regression_surface(Z, data.y),
        last_epoch,
        noise_svg,
        xlim=(w_star - 2.5, w_star + 2.5),
        ylim=(b_star - 2.5, b_star + 2.5),
        levels=[J_star + r * r for r in (0.25, 0.5, 1.0, 1.5, 2.0, 2.5)],
        x_label="w (inches per standard deviation of x)",
        y_label="b (inches)",
        title="Small batches: θ keeps wandering around the minimum",
    )
    for path in (epochs_svg, updates_svg, noise_svg):
        print(f"wrote {path}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
