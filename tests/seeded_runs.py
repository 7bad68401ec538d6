"""The runs the reproducibility promise is tested on, as a module and as a script.

    readme      the README's quick start: batch GD on standardised Galton, η = 0.1, 200 epochs
    momentum    seeded mini-batch GD with momentum on raw Galton (badly conditioned,
                so rounding differences grow): B = 32, η = 1e-4, μ = 0.9, 5 epochs
    stochastic  seeded stochastic GD (B = 1) on standardised Galton, 2 epochs
    adam        seeded mini-batch Adam on standardised Galton, 3 epochs
    logistic    seeded mini-batch logistic regression on standardised mtcars (am from
                wt and hp): its loss calls exp and log, from the platform's C library

``python tests/seeded_runs.py`` (gdlearn importable) prints every run's θ and
histories as JSON, each float as ``float.hex`` so that nothing is rounded on
the way: the test suite compares CPython versions with it, and the Pyodide
check compares the browser's Python with CPython.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def runs() -> dict[str, Any]:
    """name → the Result of each run."""
    import gdlearn
    from gdlearn.datasets import galton, mtcars

    data, cars = galton(), mtcars()
    Z = gdlearn.Standardizer.fit(data.X).transform(data.X)
    columns = [cars.feature_names.index(name) for name in ("wt", "hp")]
    wt_hp = gdlearn.Standardizer.fit([[row[j] for j in columns] for row in cars.X])
    Z_cars = wt_hp.transform([[row[j] for j in columns] for row in cars.X])
    am = [row[cars.feature_names.index("am")] for row in cars.X]
    return {
        "readme": gdlearn.fit(Z, data.y, learning_rate=0.1, epochs=200),
        "momentum": gdlearn.fit(
            data.X, data.y, learning_rate=1e-4, batch_size=32, epochs=5, seed=1, momentum=0.9
        ),
        "stochastic": gdlearn.fit(Z, data.y, learning_rate=0.01, batch_size=1, epochs=2, seed=0),
        "adam": gdlearn.fit(Z, data.y, learning_rate=0.05, batch_size=16, epochs=3, seed=2, optimizer="adam"),
        "logistic": gdlearn.fit(Z_cars, am, loss="log", learning_rate=0.5, batch_size=8, epochs=50, seed=3),
    }


def as_hex(results: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """θ, loss, epoch_loss and final_loss of each run, every float as float.hex()."""
    return {
        name: {
            "theta": [t.hex() for t in run.theta],
            "loss": [v.hex() for v in run.loss],
            "epoch_loss": [v.hex() for v in run.epoch_loss],
            "final_loss": [run.final_loss.hex()],
        }
        for name, run in results.items()
    }


if __name__ == "__main__":
    json.dump({"python": list(sys.version_info[:3]), "runs": as_hex(runs())}, sys.stdout)
