"""Fitting a line with batch gradient descent, checked against the exact answer.

What it teaches
    Galton's 1886 data: 928 children, their mid-parent height x and their own
    height y, in inches. We fit the line ŷ = w·x + b by minimising the mean
    squared error J(w, b) = (1/n) Σᵢ (w·xᵢ + b − yᵢ)² with batch gradient
    descent, θ ← θ − η·∇J(θ), one step per pass over all rows. Then we check
    the answer two independent ways: the closed-form least-squares solution
    (``gdlearn.least_squares``, Householder QR) and the standard library's
    ``statistics.linear_regression``.

    The heights are all near 68 inches, which makes the slope and the bias
    hard to learn together with one step size (see feature_scaling.py). So
    gradient descent works on the standardised z = (x − μ)/s, and
    ``Standardizer.unscale_model`` turns its line back into inches.

What to look for
    - The terminal chart (log scale): the loss falls from 4642 to 5.0 in
      about 20 steps, then stays flat. Standardised, J is a round bowl with
      curvature 2 in every direction, so each step cuts the distance to the
      minimum by the same factor |1 − 2η| = 0.8. The floor, 5.0 inches², is
      the scatter of children around the line, which no line can remove.
    - The table: gradient descent, least squares and the statistics module
      agree on w ≈ 0.646 and b ≈ 23.9 to many digits.
    - The slope is below 1: children of tall parents are taller than
      average, but less so than their parents. Galton called it "regression
      towards mediocrity", and the name stuck.
    - fit_line.svg: the data and the two lines, one exactly on the other;
      fit_line-loss.svg: the loss per step.

Run:  python examples/fit_line.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--quick", action="store_true", help="60 steps instead of 100, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    steps = 60 if args.quick else 100
    eta = 0.1

    data = gdlearn.datasets.galton()
    x = [row[0] for row in data.X]
    scaler = gdlearn.Standardizer.fit(data.X)
    Z = scaler.transform(data.X)
    mu, s = scaler.mean[0], scaler.scale[0]
    print(f"Galton's heights: {data.n_samples} children; x = mid-parent height, y = child height (inches).")
    print(f"Gradient descent sees the standardised z = (x − {mu:.2f})/{s:.3f}, so J is a round bowl.")
    print()

    # Batch gradient descent: batch_size=None uses every row in every step.
    result = gdlearn.fit(Z, data.y, learning_rate=eta, epochs=steps, batch_size=None)
    model = scaler.unscale_model(result.model)  # the same line, in inches
    print(
        line_chart(
            list(result.loss),
            log=True,
            height=12,
            title=f"J(θ) at each step, η = {eta}",
            x_label="step (one pass over all 928 rows)",
            y_label="J (inches²)",
        )
    )
    print()
    print(result.describe())
    print()

    exact = gdlearn.least_squares(data.X, data.y)
    slope, intercept = statistics.linear_regression(x, data.y)
    mse = gdlearn.MSE()
    rows = [
        (f"gradient descent ({steps} steps)", *model.theta, mse.value(model.predict(data.X), data.y)),
        ("least_squares (QR)", *exact.theta, mse.value(exact.predict(data.X), data.y)),
        ("statistics.linear_regression", slope, intercept, None),
    ]
    print(f"{'':32}{'slope w':>12}{'intercept b':>14}{'MSE':>12}")
    for name, w, b, J in rows:
        print(f"{name:32}{w:12.6f}{b:14.6f}{'' if J is None else f'{J:12.6f}'}")
    dw = abs(model.weights[0] - exact.weights[0])
    db = abs(model.bias - exact.bias)
    print(f"gradient descent vs least squares: |Δw| = {dw:.1e}, |Δb| = {db:.1e}")
    print()
    print(f"One inch more of mid-parent height means {model.weights[0]:.2f} inch more for the child:")
    print("a slope below 1, so children of tall parents regress towards the average height.")

    scatter = os.path.join(args.outdir, "fit_line.svg")
    plot.scatter_fit(
        x,
        data.y,
        {"least squares": exact, "gradient descent": model},
        scatter,
        x_label="mid-parent height (inches)",
        y_label="child height (inches)",
        title="Galton's heights and the fitted line",
    )
    curve = os.path.join(args.outdir, "fit_line-loss.svg")
    plot.loss_curves(
        {f"batch gradient descent, η = {eta}": list(result.loss)},
        curve,
        log=True,
        x_label="step",
        y_label="J = mean squared error (inches²)",
        title="The loss at each step of batch gradient descent",
    )
    print(f"wrote {scatter}")
    print(f"wrote {curve}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
