"""The learning rate η: too small, good, too large.

What it teaches
    Each step is θ ← θ − η·∇J(θ). On the mean squared error of a line the
    loss is a bowl whose axes are the Hessian's eigenvectors, with
    curvatures λ (its eigenvalues), and one step multiplies the error's
    component along each axis by (1 − η·λ). So, axis by axis:

        η·λ < 1          the component shrinks, always from the same side
        1 < η·λ < 2      each step overshoots to the other side, but by less:
                         a zigzag that still converges
        η·λ > 2          each step overshoots by more than it corrects: the
                         run diverges, the loss grows geometrically

    The stability limit is η < 2/λ_max. ``gdlearn.stable_learning_rate``
    computes it from the data; ``learning_rate="auto"`` in ``fit`` takes the
    safe 1/λ_max. A diverging run raises ``DivergenceError``; its message
    says why, and its ``.result`` holds the history up to the blow-up, so it
    can still be plotted.

    The data are Galton's heights with x standardised (see fit_line.py): J
    is a round bowl with λ = 2 in every direction, so the limit is η < 1.

What to look for
    - The printed first values of the bias b: with η = 0.01 it creeps up
      towards 68.1; with 0.3 it gets there in a few steps; with 0.9 it jumps
      past it and back, closer each time (a zigzag of θ; the loss, which
      does not care about the side, still falls smoothly); with 1.5 it jumps
      past it further and further, until the loss has risen ten steps in a
      row above its start and the run stops (see ``divergence``).
    - The DivergenceError message: the rate, the limit, and what to do.
    - learning_rate.svg and the terminal chart: the loss per step on a log
      scale, the diverging run included up to the step that stopped it.

Run:  python examples/learning_rate.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import os
import textwrap

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script
from gdlearn.plot import line_chart

RATES = [
    (0.01, "too small"),
    (0.3, "good"),
    (0.9, "large, converges"),
    (1.5, "diverges"),
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="25 steps instead of 50, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    steps = 25 if args.quick else 50

    data = gdlearn.datasets.galton()
    Z = gdlearn.Standardizer.fit(data.X).transform(data.X)
    stable = gdlearn.stable_learning_rate(Z)
    exact = gdlearn.least_squares(Z, data.y)
    print(f"Galton's heights, x standardised. The least-squares answer is b = {exact.bias:.2f}.")
    print(f"Curvature of J: λ_max = {stable.lambda_max:.3g}, so batch gradient descent is stable for")
    print(f"η < 2/λ_max = {stable.limit:.3g}; the safe choice is 1/λ_max = {stable.rate:.3g}.")
    print()

    histories: dict[str, list[float]] = {}
    for eta, verdict in RATES:
        label = f"η = {eta}, {verdict}"
        try:
            result = gdlearn.fit(Z, data.y, learning_rate=eta, epochs=steps, record_theta=True)
        except gdlearn.DivergenceError as error:
            print(f"{label}: DivergenceError caught after {error.result.n_iter} steps:")
            print(textwrap.fill(str(error), 100, initial_indent="    ", subsequent_indent="    "))
            result = error.result  # the run up to the last good step
        assert result.path is not None
        b_values = ", ".join(f"{theta[1]:.4g}" for theta in result.path[:6])
        print(f"{label}: b = {b_values}, …")
        print(f"    {result.stop_reason}; loss after {result.n_iter} steps: {result.final_loss:.5g}")
        histories[label] = list(result.loss)
    print()
    print(
        line_chart(
            histories,
            log=True,
            height=14,
            title="J(θ) at each step (log scale); the diverging run stops after rising 10 steps above J₀",
            x_label="step",
            y_label="J",
        )
    )

    picture = os.path.join(args.outdir, "learning_rate.svg")
    plot.loss_curves(
        histories,
        picture,
        log=True,
        x_label="step",
        y_label="J = mean squared error (inches²)",
        title="Too small, good, large, too large: the loss per step",
    )
    print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
