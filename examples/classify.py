"""Logistic regression: classify with the same gradient descent that fits lines.

What it teaches
    Nothing in the optimizer knows about lines. Swap the loss and the same
    GradientDescent (or Adam) fits a classifier. For two classes y ∈ {0, 1},
    logistic regression models the probability of class 1 as

        p = σ(z),  z = w·x + b,  σ(z) = 1 / (1 + e^(−z))

    and minimises the log loss (binary cross-entropy) of the logit z,

        ℓ(z, y) = max(z, 0) − z·y + log(1 + e^(−|z|)),   ℓ'(z, y) = σ(z) − y,

    written so that nothing overflows however large |z| gets. The gradient
    has the form of linear regression's: the residual ŷ − y becomes the
    residual σ(z) − y. ``gdlearn.fit(X, y, loss="log")`` builds a
    ``LogisticModel`` and runs the optimizer you choose.

    The data: mtcars again, predicting the transmission (am: 1 = manual,
    0 = automatic) from weight (wt, 1000 lbs) and horsepower (hp). The
    columns are standardised first, so learning_rate="auto" can use the
    log loss's curvature bound ℓ'' ≤ ¼ (η = 1/λ̄ with λ̄ = λ_max((1/4n)·X̃ᵀX̃)).

What to look for
    - The three runs (plain GD, momentum 0.9, Adam) agree on the weights,
      turned back into raw units: about −8.08 per 1000 lbs and +0.0363 per
      horsepower, with intercept 18.87. Those are the maximum-likelihood
      estimates that R's glm(am ~ hp + wt, family = binomial) reports for
      the same data (18.86630, 0.03626, −8.08348).
    - Accuracy 0.9375: 30 of the 32 cars. The two mistakes are printed
      with their predicted probabilities: car 2 (the Mazda RX4 Wag, a fairly
      heavy manual) and car 21 (the Toyota Corona, a light automatic).
    - Heavier cars are automatics: p(manual) drops fast with weight.
    - classify-loss.svg: the log loss per iteration of the three runs (log
      scale, distance to the best loss found); below 1e-12 it is rounding
      noise, drawn on the labelled floor.

Run:  python examples/classify.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script

RUNS: dict[str, dict[str, Any]] = {
    "gradient descent": {"learning_rate": "auto"},
    "momentum 0.9": {"learning_rate": "auto", "momentum": 0.9},
    "Adam": {"optimizer": "adam", "learning_rate": 0.1},
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG file (default: here)")
    parser.add_argument("--quick", action="store_true", help="300 iterations instead of 3000")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    epochs = 300 if args.quick else 3000

    cars = gdlearn.datasets.mtcars()
    names = list(cars.feature_names)
    X = [[row[names.index("wt")], row[names.index("hp")]] for row in cars.X]
    y = [row[names.index("am")] for row in cars.X]
    scaler = gdlearn.Standardizer.fit(X, names=["wt", "hp"])
    Z = scaler.transform(X)
    print(f"mtcars: {len(y)} cars, {int(sum(y))} manual (am = 1), {len(y) - int(sum(y))} automatic.")
    print(f"Features wt and hp, standardised; {epochs} iterations of batch gradient descent each.")
    print()

    results = {
        name: gdlearn.fit(Z, y, loss="log", epochs=epochs, **options) for name, options in RUNS.items()
    }
    print(f"{'':18}{'η':>8}{'log loss':>12}{'accuracy':>10}{'w_wt':>10}{'w_hp':>10}{'b':>10}")
    for name, result in results.items():
        assert isinstance(result.model, gdlearn.LogisticModel)
        raw = scaler.unscale_model(result.model)  # the same z = w·x + b on raw wt and hp
        w_wt, w_hp, b = raw.theta
        accuracy = result.model.accuracy(Z, y)
        print(
            f"{name:18}{result.learning_rate:8.3g}{result.final_loss:12.6f}{accuracy:10.4f}"
            f"{w_wt:10.4f}{w_hp:10.5f}{b:10.4f}"
        )
    print()

    model = results["momentum 0.9"].model
    assert isinstance(model, gdlearn.LogisticModel)
    probabilities = model.predict_proba(Z)
    classes = model.predict(Z)
    wrong = [i for i, (c, label) in enumerate(zip(classes, y)) if c != label]
    print(f"Misclassified by the momentum run ({len(wrong)} of {len(y)}):")
    for i in wrong:
        print(
            f"  car {i + 1:2}: wt = {X[i][0]:.3f}, hp = {X[i][1]:.0f}, am = {y[i]:.0f},"
            f" p(manual) = {probabilities[i]:.3f}"
        )
    print("p(manual) at 110 hp, by weight:")
    for wt in (2.0, 2.5, 3.0, 3.5, 4.0):
        (p,) = model.predict_proba(scaler.transform([[wt, 110.0]]))
        print(f"  wt = {wt:.1f}: {p:.3f}")
    print()

    best = min(result.final_loss for result in results.values())
    picture = os.path.join(args.outdir, "classify-loss.svg")
    plot.loss_curves(
        {name: [loss - best for loss in result.loss] for name, result in results.items()},
        picture,
        log=True,
        floor=1e-12,  # rounding noise, and the 0 of the best run's end, drawn at 1e-12 (labelled)
        y_label="log loss − best log loss (nats)",
        title="Logistic regression on mtcars: am from wt and hp",
    )
    print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
