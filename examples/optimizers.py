"""Plain gradient descent, momentum, Nesterov and Adam on two problems.

What it teaches
    Plain gradient descent takes every step straight down the slope, with
    one step size η for every direction. Where the bowl is much steeper one
    way than another (condition number κ = λ_max/λ_min), η must suit the
    steep way (η < 2/λ_max), so the flat way crawls: about κ steps per
    factor e of progress.

    Momentum (μ = 0.9, PyTorch's form u ← μ·u + g, θ ← θ − η·u) keeps a
    running sum of past gradients: along the flat direction they agree and
    the steps grow towards η/(1 − μ) = 10η; across the steep one they flip
    sign and cancel. Nesterov's version steps along g + μ·u, looking ahead,
    which damps the overshoot. Adam divides each coordinate's step by the
    root mean square of its recent gradients, so every coordinate moves
    about η per step whatever its curvature.

    Two problems:
    - Rosenbrock's valley f(x, y) = (1 − x)² + 100·(y − x²)² from (−1.2, 1):
      curved, steep walls, flat floor. The three gradient-descent runs share
      η = 0.001 (plain GD's largest rate of a 1-2-5 grid that settles; at the
      minimum 2/λ_max ≈ 0.002); Adam, whose η is a distance per step rather
      than a multiple of the gradient, gets η = 0.01.
    - mtcars, mpg from all 10 columns, standardised (z = (x − μ)/s), MSE.
      Still κ ≈ 240 after scaling, because the columns are correlated. The
      gradient-descent runs use η = 1/λ_max (learning_rate="auto"), Adam
      η = 0.1.

    For each method we count the iterations until the loss first reaches a
    fixed goal: f ≤ 1e-6 on Rosenbrock, and J ≤ J*·(1 + 1e-6) on mtcars,
    where J* comes from least squares in closed form.

What to look for
    - The table: momentum and Nesterov need about a tenth of plain gradient
      descent's iterations on both problems: along the flat direction, where
      successive gradients agree, μ = 0.9 makes the steps up to
      1/(1 − μ) = 10 times longer. Adam lands in between: its per-coordinate
      scaling cannot undo the correlations between the columns, nor the
      curve of the valley.
    - optimizers-rosenbrock-paths.svg: all four reach (1, 1) along the same
      curved floor; momentum swings from wall to wall on the way down (its
      velocity overshoots), Nesterov's look-ahead swings less. The map shows
      where each went, not how fast: the loss charts show that.
    - optimizers-rosenbrock-loss.svg and optimizers-mtcars-loss.svg (log
      scale): on mtcars the gradient-descent runs fall along straight lines,
      a constant factor per step; the slope is the rate, and momentum's is
      far steeper (its zigzag is the overshoot). Each curve ends on a flat,
      labelled floor: J − J* below 1e-12·J* is rounding noise, drawn
      at that height (and f = 0 on Rosenbrock at 1e-20).
    - Adam on Rosenbrock after the bottom (20000-step run): spikes. Its
      steps stay about η long however small the gradient (m̂/√v̂ is about
      ±1), so with a constant η it keeps jumping out of the minimum and
      falling back; a decaying rate (``schedule=``) lets it settle.

Run:  python examples/optimizers.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Any

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script

FLOOR = 1e-20  # a log scale cannot show 0: smaller f (Rosenbrock reaches 0.0) is drawn at this height
NOISE = 1e-12  # J − J* below NOISE·J* is rounding noise: drawn at that height


def first_below(losses: Sequence[float], goal: float) -> int | None:
    """The first iteration k with loss[k] ≤ goal, or None if the run never got there."""
    return next((k for k, loss in enumerate(losses) if loss <= goal), None)


# Rosenbrock: the optimizer objects, each minimising the function directly.
ROSENBROCK = {
    "gradient descent": gdlearn.GradientDescent(0.001),
    "momentum 0.9": gdlearn.GradientDescent(0.001, momentum=0.9),
    "Nesterov 0.9": gdlearn.GradientDescent(0.001, momentum=0.9, nesterov=True),
    "Adam": gdlearn.Adam(0.01),
}

# mtcars: the same four methods as options of gdlearn.fit.
MTCARS: dict[str, dict[str, Any]] = {
    "gradient descent": {"learning_rate": "auto"},
    "momentum 0.9": {"learning_rate": "auto", "momentum": 0.9},
    "Nesterov 0.9": {"learning_rate": "auto", "momentum": 0.9, "nesterov": True},
    "Adam": {"optimizer": "adam", "learning_rate": 0.1},
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument(
        "--quick", action="store_true", help="budgets of 2000 and 300 iterations instead of 20000 and 2000"
    )
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    budget = {"rosenbrock": 2000, "mtcars": 300} if args.quick else {"rosenbrock": 20000, "mtcars": 2000}

    # Rosenbrock's valley, minimised as a plain function.
    valley = gdlearn.Rosenbrock()
    rosen_goal = 1e-6
    rosen_runs = {}
    for name, optimizer in ROSENBROCK.items():
        rosen_runs[name] = optimizer.minimize_function(
            valley, [-1.2, 1.0], iterations=budget["rosenbrock"], record_theta=True
        )

    # mtcars, standardised, fitted by each method.
    data = gdlearn.datasets.mtcars()
    Z = gdlearn.Standardizer.fit(data.X, names=data.feature_names).transform(data.X)
    exact = gdlearn.least_squares(Z, data.y)
    J_star = gdlearn.MSE().value(exact.predict(Z), data.y)
    cars_goal = J_star * (1 + 1e-6)
    stable = gdlearn.stable_learning_rate(Z)
    cars_runs = {
        name: gdlearn.fit(Z, data.y, epochs=budget["mtcars"], **options) for name, options in MTCARS.items()
    }

    print("Rosenbrock from (−1.2, 1): η = 0.001 for gradient descent, 0.01 for Adam.")
    print(
        f"mtcars, standardised: λ_max = {stable.lambda_max:.4g}, κ = {stable.condition_number:.4g},"
        f" η = 1/λ_max = {stable.rate:.4g} for gradient descent, 0.1 for Adam;"
        f" least squares J* = {J_star:.6f}."
    )
    print()
    print("Iterations until the loss first reaches the goal ('—': not within the budget):")
    header_rosen = f"Rosenbrock: f ≤ {rosen_goal:g}"
    header_cars = f"mtcars: J ≤ {cars_goal:.6f}"
    print(f"{'method':20}{header_rosen:>26}{header_cars:>28}")
    for name in rosen_runs:
        counts = [
            first_below(rosen_runs[name].loss, rosen_goal),
            first_below(cars_runs[name].loss, cars_goal),
        ]
        cells = [f"{k}" if k is not None else f"— (> {limit})" for k, limit in zip(counts, budget.values())]
        print(f"{name:20}{cells[0]:>26}{cells[1]:>28}")
    print()

    # Each path in its own dash pattern, so all four show where they run along the same floor.
    paths = {name: result.path for name, result in rosen_runs.items() if result.path is not None}
    pictures = {
        "optimizers-rosenbrock-paths.svg": lambda p: plot.contour(
            valley,
            paths,
            p,
            xlim=(-2.0, 2.0),
            ylim=(-1.0, 3.0),
            levels=14,
            x_label="x",
            y_label="y",
            title="Rosenbrock's valley: the path of each method",
        ),
        "optimizers-rosenbrock-loss.svg": lambda p: plot.loss_curves(
            {name: list(result.loss) for name, result in rosen_runs.items()},
            p,
            log=True,
            floor=FLOOR,
            y_label="f(x, y)",
            title="Rosenbrock: f at each iteration",
        ),
        "optimizers-mtcars-loss.svg": lambda p: plot.loss_curves(
            {name: [J - J_star for J in run.loss] for name, run in cars_runs.items()},
            p,
            log=True,
            floor=NOISE * J_star,
            y_label="J − J* (mpg²)",
            title="mtcars, standardised: distance to the least-squares loss",
        ),
    }
    for filename, draw in pictures.items():
        picture = os.path.join(args.outdir, filename)
        draw(picture)
        print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
