#!/usr/bin/env python3
"""A million rows: load_csv and fit on a 1,000,000-row, 10-feature CSV, timed and measured.

    python benchmarks/million_rows.py                      # 1,000,000 rows, 10 features
    python benchmarks/million_rows.py --rows 20000         # a quick look
    python benchmarks/million_rows.py --tracemalloc        # also Python's own count of its memory

The CSV is generated once, in the temporary folder (never in the repository):
10 features xⱼ ~ U(−1, 1) written to 6 significant digits, and

    y = Σⱼ wⱼ·xⱼ + 0.5 + noise,   wⱼ = (j + 1)·(−1)ʲ / 10,   noise ~ N(0, 0.1²)

Then, each phase timed with ``time.perf_counter``:

1. ``load_csv``: the file read into a Dataset (X as a list of rows);
2. ``fit``: mini-batch gradient descent, B = 256, η = 0.05, a few epochs
   (checking and converting the data, the objective, every update, the
   full-data loss after each epoch).

Memory is the peak resident size of the process (``ru_maxrss``, the whole
process: interpreter, data, everything), reported after each phase, with
the size before anything was loaded. With ``--tracemalloc`` the phases are
repeated under ``tracemalloc``, which counts only what Python allocates and
slows it down, so its times are not reported.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

import gdlearn


def true_weights(d: int) -> list[float]:
    return [(j + 1) * (-1) ** j / 10 for j in range(d)]


def generate(path: Path, rows: int, d: int, seed: int = 0) -> None:
    """Write the CSV described in the module docstring, 10,000 rows at a time."""
    rng = random.Random(seed)
    w = true_weights(d)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join([*(f"x{j + 1}" for j in range(d)), "y"]) + "\n")
        done = 0
        while done < rows:
            chunk = []
            for _ in range(min(10_000, rows - done)):
                x = [float(f"{rng.uniform(-1.0, 1.0):.6g}") for _ in range(d)]
                y = sum(wj * xj for wj, xj in zip(w, x)) + 0.5 + rng.gauss(0.0, 0.1)
                chunk.append(",".join([*(f"{v:.6g}" for v in x), f"{y:.6g}"]))
            out.write("\n".join(chunk) + "\n")
            done += len(chunk)


def peak_mb() -> float:
    """The peak resident set size of this process so far, in MB.

    ru_maxrss is in KiB on Linux and in bytes on macOS.
    """
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def run(path: Path, epochs: int, batch_size: int) -> tuple[float, float, gdlearn.FitResult]:
    """(seconds to load, seconds to fit, the fit)."""
    start = time.perf_counter()
    data = gdlearn.load_csv(path, target="y")
    loaded = time.perf_counter()
    print(f"load_csv: {loaded - start:6.1f} s   peak memory {peak_mb():6.0f} MB   ({data!r})", flush=True)
    result = gdlearn.fit(data.X, data.y, learning_rate=0.05, batch_size=batch_size, epochs=epochs, seed=0)
    fitted = time.perf_counter()
    print(f"fit:      {fitted - loaded:6.1f} s   peak memory {peak_mb():6.0f} MB   ({result.describe()})")
    return loaded - start, fitted - loaded, result


def main(argv: list[str] | None = None) -> None:
    layout = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=layout)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--csv", type=Path, help="where the CSV goes (default: the temporary folder)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure with tracemalloc")
    args = parser.parse_args(argv)

    path = args.csv or Path(tempfile.gettempdir()) / f"gdlearn-{args.rows}x{args.features}.csv"
    if not path.exists():
        start = time.perf_counter()
        generate(path, args.rows, args.features)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    cpu = platform.processor() or platform.machine()
    size = path.stat().st_size / 1e6
    print(f"{args.rows:,} rows × {args.features} features, {size:.0f} MB on disk: {path}")
    print(f"Python {platform.python_version()} on {platform.system()} {cpu}, {os.cpu_count()} CPUs")
    print(f"before loading: peak memory {peak_mb():6.0f} MB")

    _, _, result = run(path, args.epochs, args.batch_size)
    w = true_weights(args.features)
    gap = max(abs(t - r) for t, r in zip(result.model.theta, [*w, 0.5]))
    print(f"max |θ − θ_true| = {gap:.3g}; the history holds {len(result.loss):,} batch losses")

    if args.tracemalloc:
        del result
        gc.collect()
        tracemalloc.start()
        data = gdlearn.load_csv(path, target="y")
        print(f"tracemalloc: load_csv peak {tracemalloc.get_traced_memory()[1] / 2**20:6.0f} MB")
        tracemalloc.reset_peak()
        gdlearn.fit(data.X, data.y, learning_rate=0.05, batch_size=args.batch_size, epochs=1, seed=0)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        print(f"tracemalloc: fit peak      {peak:6.0f} MB (X and y included)")
        tracemalloc.stop()


if __name__ == "__main__":
    main()
