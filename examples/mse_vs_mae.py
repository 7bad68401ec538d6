"""MSE against MAE on data with outliers.

What it teaches
    The loss decides what "a good line" means, and how hard each point pulls:

        MSE = (1/n) Σᵢ rᵢ²     ∂MSE/∂ŷᵢ = (2/n)·rᵢ         rᵢ = ŷᵢ − yᵢ
        MAE = (1/n) Σᵢ |rᵢ|    ∂MAE/∂ŷᵢ = (1/n)·sign(rᵢ)

    Under MSE a point 25 away from the line pulls 25 times harder than a
    point 1 away, so a few outliers drag the whole line towards them. Under
    MAE every point pulls with the same force, whatever its distance: five
    outliers among forty points are five votes, not a tug of war. (Least
    squares fits the mean; least absolute deviations fits the median.)

    |r| has a kink at 0, so MAE has no gradient there; gdlearn steps along
    the subgradient sign(0) = 0. With a constant η the steps do not shrink
    near the minimum, so the loss stops improving and hovers just above it.

    The data are synthetic and deterministic (seed 1): 40 points on the
    clean line y = 2x + 1 plus Gaussian noise (σ = 1), then 5 of the points
    with x > 5 moved up by 25. Both fits are checked against exact answers:
    ``least_squares`` for MSE, and for MAE the best of all lines through two
    data points (an optimal MAE line always passes through two of them).

What to look for
    - The table: the MSE line's slope is far from 2 and its "gap" (the
      largest vertical distance from the clean line for 0 ≤ x ≤ 10) is
      several units; the MAE line stays close to the clean line.
    - Gradient descent agrees with the exact answer for each loss.
    - The last MAE losses per epoch: they hover around a value slightly
      above the exact minimum, as a constant rate on a kink does.
    - mse_vs_mae.svg: the data, the clean line, and both fits.

Run:  python examples/mse_vs_mae.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script


def make_data(n: int = 40, n_outliers: int = 5, seed: int = 1) -> tuple[list[float], list[float], list[int]]:
    """x uniform on [0, 10], y = 2x + 1 + N(0, 1); then n_outliers of the points with x > 5 get y + 25."""
    rng = random.Random(seed)
    x = [rng.uniform(0.0, 10.0) for _ in range(n)]
    y = [2.0 * x_i + 1.0 + rng.gauss(0.0, 1.0) for x_i in x]
    outliers = rng.sample([i for i in range(n) if x[i] > 5.0], n_outliers)
    for i in outliers:
        y[i] += 25.0
    return x, y, sorted(outliers)


def exact_mae_line(x: list[float], y: list[float]) -> tuple[float, float]:
    """(w, b) of least MAE, found among the lines through two data points (n²/2 candidates)."""
    mae = gdlearn.MAE()
    best = None
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        w = (y[j] - y[i]) / (x[j] - x[i])
        b = y[i] - w * x[i]
        loss = mae.value([w * x_k + b for x_k in x], y)
        if best is None or loss < best[0]:
            best = (loss, w, b)
    assert best is not None
    return best[1], best[2]


def gap(w: float, b: float) -> float:
    """max over 0 ≤ x ≤ 10 of |(w·x + b) − (2x + 1)|: a straight line's gap is largest at an end."""
    return max(abs(b - 1.0), abs(10.0 * (w - 2.0) + (b - 1.0)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="500 epochs instead of 2000, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    epochs = 500 if args.quick else 2000

    x, y, outliers = make_data()
    X = [[x_i] for x_i in x]
    print(f"{len(x)} points on y = 2x + 1 with noise; points {outliers} moved up by 25 (outliers).")
    scaler = gdlearn.Standardizer.fit(X)  # so one η suits both w and b; lines come back in x's units
    Z = scaler.transform(X)
    fits = {}
    for loss in ("mse", "mae"):
        result = gdlearn.fit(Z, y, loss=loss, learning_rate=0.1, epochs=epochs)
        fits[loss] = (result, scaler.unscale_model(result.model))
    mse_model = fits["mse"][1]
    mae_result, mae_model = fits["mae"]
    exact_mse = gdlearn.least_squares(X, y)
    w_mae, b_mae = exact_mae_line(x, y)

    print(f"Batch gradient descent, η = 0.1, {epochs} epochs, on standardised x.")
    print()
    print(f"{'':40}{'slope w':>9}{'intercept b':>13}{'gap':>7}")
    rows = [
        ("clean line (no noise, no outliers)", 2.0, 1.0),
        ("MSE, gradient descent", *mse_model.theta),
        ("MSE, exact (least_squares)", *exact_mse.theta),
        ("MAE, gradient descent", *mae_model.theta),
        ("MAE, exact (best line through 2 points)", w_mae, b_mae),
    ]
    for name, w, b in rows:
        print(f"{name:40}{w:9.3f}{b:13.3f}{gap(w, b):7.2f}")
    print()
    mse_gap, mae_gap = gap(*mse_model.theta), gap(*mae_model.theta)
    print(f"The MAE line is {mse_gap / mae_gap:.1f} times closer to the clean line than the MSE line")
    print(f"(largest gap {mae_gap:.2f} against {mse_gap:.2f}): the outliers pull the MSE line, not MAE's.")
    exact_mae_loss = gdlearn.MAE().value([w_mae * x_i + b_mae for x_i in x], y)
    last = ", ".join(f"{loss:.6f}" for loss in mae_result.epoch_loss[-5:])
    print(f"MAE per epoch at the end: {last}")
    print(
        f"the exact minimum is {exact_mae_loss:.6f}: with a constant η on a kink, the loss hovers above it."
    )

    picture = os.path.join(args.outdir, "mse_vs_mae.svg")
    plot.scatter_fit(
        x,
        y,
        {"clean line": (2.0, 1.0), "MSE fit": mse_model, "MAE fit": mae_model},
        picture,
        title="Five outliers pull the MSE line; the MAE line stays",
    )
    print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
