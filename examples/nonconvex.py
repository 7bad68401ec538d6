"""Beyond the bowl: several minima, saddles, and where gradient descent stops.

What it teaches
    On a convex bowl every critical point (∇f = 0) is the minimum. Without
    convexity, ∇f = 0 also at maxima and saddles, and there can be several
    minima: where gradient descent ends depends on where it starts. The
    Hessian H = ∇²f tells the kinds apart, through its eigenvalues (the
    curvatures along its axes): all positive at a minimum, all negative at
    a maximum, of both signs at a saddle. ``gdlearn.classify_point`` does
    this, and every ``minimize_function`` run reports it in ``stopped_at``
    and ``describe()``.

    Three landscapes (``gdlearn.landscapes``):
    - Himmelblau's f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four minima, all
      with f = 0, one maximum and four saddles;
    - a tilted double well f(x) = (x² − 1)² + 0.5·x: a deep well on the left,
      a shallow one on the right;
    - x⁴ − 2x² + y²: two minima (±1, 0) and a saddle at the origin.

What to look for
    - The table of Himmelblau's nine critical points (from the literature's
      coordinates): 4 minima, 1 maximum, 4 saddles, with the eigenvalues
      that decide each. The saddles have one negative eigenvalue.
    - Four runs of gradient descent (η = 0.01) from four starts end in four
      different minima: the start decides.
    - The double well: from x = 0.5 gradient descent settles in the shallow
      well (f ≈ 0.48), a minimum but not the lowest (f ≈ −0.51 on the left).
      Nothing in the run says a lower one exists.
    - The saddle: started on the line x = 0, the run walks into the saddle
      and stops there, ∇f = 0, reported as "a saddle point, not a minimum".
      A hair off the line (x₀ = 1e-10) it lingers near the saddle for about
      a hundred steps, as x grows only by a factor 1 + 4η per step, then
      falls into a minimum.
    - nonconvex-himmelblau.svg: the basins of attraction, one colour per
      minimum, each cell the start of one run; the boundaries pass through
      the saddles (red). Far from the minima the first steps are long, and
      the basins interleave.
    - nonconvex-saddle.svg: the two basins of x⁴ − 2x² + y² and the line x = 0
      between them (grey: those runs end on the saddle); nonconvex-stall.svg:
      f at each step of the three saddle runs, the plateau at f = 0.

Run:  python examples/nonconvex.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import math
import os

import gdlearn
from gdlearn import DoubleWell, Himmelblau, Saddle, plot
from gdlearn.io.scripts import output_folder, script


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="coarser basin pictures, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    grid, iterations = (12, 200) if args.quick else (60, 500)

    f = Himmelblau()
    print("Himmelblau's function: its critical points, classified by the Hessian's eigenvalues")
    print(f"{'point':>22}{'f':>10}  {'kind':<14}{'eigenvalues':>20}")
    for point in [*f.minima, *f.maxima, *f.saddles]:
        found = gdlearn.classify_point(f, point)
        where = f"({point[0]:.6f}, {point[1]:.6f})"
        values = ", ".join(f"{v:.2f}" for v in found.eigenvalues)
        print(f"{where:>22}{f.value(list(point)):10.3f}  {found.kind:<14}{values:>20}")
    print()

    gd = gdlearn.GradientDescent(0.01)
    starts = [(0.0, 0.0), (-1.0, 0.5), (-2.0, -2.0), (1.0, -4.0)]
    print("Gradient descent, η = 0.01, 1000 steps, from four starts:")
    for start in starts:
        run = gd.minimize_function(f, start, iterations=1000)
        assert run.stopped_at is not None
        print(f"  from {start}: ends at ({run.theta[0]:.6f}, {run.theta[1]:.6f}), a {run.stopped_at.kind}")
    print()

    well = DoubleWell(0.5)
    print("A tilted double well, f(x) = (x² − 1)² + 0.5·x, η = 0.05:")
    for x0 in (-0.5, 0.5):
        run = gdlearn.GradientDescent(0.05).minimize_function(well, [x0], iterations=300)
        assert run.stopped_at is not None
        print(
            f"  from x = {x0:+.1f}: x = {run.theta[0]:+.6f}, f = {run.final_loss:+.4f},"
            f" a {run.stopped_at.kind}"
        )
    print("  both are minima; only the left one is the lowest, and the run from +0.5 cannot know it.")
    print()

    saddle = Saddle()
    eta = 0.05
    print(f"x⁴ − 2x² + y², saddle at (0, 0), minima at (±1, 0); η = {eta}, 300 steps from y = 1.2:")
    runs = {}
    for x0 in (0.0, 1e-10, 1e-3):
        run = gdlearn.GradientDescent(eta).minimize_function(
            saddle, [x0, 1.2], iterations=300, record_theta=True
        )
        assert run.stopped_at is not None
        near = sum(abs(value) < 0.01 for value in run.loss)
        past = next((k for k, value in enumerate(run.loss) if value < -0.01), None)
        # near the saddle x grows by 1 + 4η per step (f′ ≈ −4x): from x₀ to √0.005 (f ≈ −2x² = −0.01)
        theory = math.log(math.sqrt(0.005) / x0) / math.log(1 + 4 * eta) if x0 else math.inf
        runs[x0] = run
        print(
            f"  x₀ = {x0:<6g}: near the saddle (|f| < 0.01) for {near:3d} steps;"
            f" past it (f < −0.01) at step {'never' if past is None else past}"
            f" (linear theory: {theory:.0f}); ends at ({run.theta[0]:.4f}, {run.theta[1]:.4f}),"
            f" a {run.stopped_at.kind}"
        )
    print(f"  from x₀ = 0: {runs[0.0].describe()}")
    print()

    himmelblau_svg = os.path.join(args.outdir, "nonconvex-himmelblau.svg")
    plot.basins(
        f,
        gd,
        f.minima,
        himmelblau_svg,
        xlim=(-5.0, 5.0),
        ylim=(-5.0, 5.0),
        grid=grid,
        iterations=iterations,
        starts=starts,
        saddles=f.saddles,
        title="Himmelblau's function: where gradient descent (η = 0.01) goes from each start",
    )
    saddle_svg = os.path.join(args.outdir, "nonconvex-saddle.svg")
    plot.basins(
        saddle,
        gdlearn.GradientDescent(eta),
        saddle.minima,
        saddle_svg,
        xlim=(-2.0, 2.0),
        ylim=(-1.5, 1.5),
        grid=grid + 1,  # odd: a column of starts on x = 0
        iterations=iterations,
        starts=[(0.0, 1.2), (1e-10, 1.2)],
        saddles=saddle.saddles,
        title=f"x⁴ − 2x² + y²: two basins, and a saddle between them (η = {eta})",
    )
    stall_svg = os.path.join(args.outdir, "nonconvex-stall.svg")
    plot.loss_curves(
        {
            "x₀ = 0: into the saddle, and stays": list(runs[0.0].loss),
            "x₀ = 1e-10: lingers, then escapes": list(runs[1e-10].loss),
            "x₀ = 1e-3: hardly slows down": list(runs[1e-3].loss),
        },
        stall_svg,
        x_label="step",
        y_label="f(x, y)",
        title="A plateau at the saddle's height, f = 0 (the curves agree until they part)",
    )
    for picture in (himmelblau_svg, saddle_svg, stall_svg):
        print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
