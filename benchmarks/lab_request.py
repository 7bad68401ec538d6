#!/usr/bin/env python3
"""How long the lab takes to answer: Galton's heights, mini-batches of 32, 30 epochs.

    python benchmarks/lab_request.py              # 21 requests of each kind, about a minute
    python benchmarks/lab_request.py --quick      # 3 of each: a smoke test
    python benchmarks/lab_request.py --json out.json

The lab's server runs on a free port of 127.0.0.1 in a thread of this
process; each request is a full HTTP round trip with urllib, as the page
makes it: parse and check the query, run ``fit`` (870 updates, recording θ
for the path), draw the four pictures, encode the JSON, send it. The first
request (which loads the data set and computes λ_max, then kept) is not
counted. Then, in-process, the same request's parts one by one, to show
where the time goes, and the CPU time of the whole work (``time.thread_time``):
on a machine shared with other jobs the wall-clock times grow with the load
(printed), the CPU time much less. Runs from a checkout with the standard
library only.

The target (issue 15): the Galton request answers in well under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from gdlearn.lab import pictures  # noqa: E402
from gdlearn.lab.problems import build  # noqa: E402
from gdlearn.lab.queries import check_work, read  # noqa: E402
from gdlearn.lab.runs import answer, run  # noqa: E402
from gdlearn.lab.server import open_server  # noqa: E402

TARGET_MS = 200.0
REQUESTS = {
    "galton, standardised, B = 32, 30 epochs": "problem=galton&batch1=32&epochs=30&lr1=0.1",
    "galton, raw, B = 32, 30 epochs": "problem=galton&scale=raw&batch1=32&epochs=30&lr1=0.0001",
}


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def timed(
    call: Callable[[], Any], repeats: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = clock()
        call()
        samples.append(clock() - start)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 requests of each kind (a smoke test)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 21

    server = open_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    report: dict[str, Any] = {"requests": {}, "parts_ms": {}}
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
        print(f"gdlearn lab, {repeats} requests of each kind (median, min–max), full HTTP round trips")
        print(f"{os.cpu_count()} cores, load average {load}\n")
        report["load_average"] = load
        for name, query in REQUESTS.items():
            url = f"{server.url}api/run?{query}"

            def ask(url: str = url) -> Any:
                with urllib.request.urlopen(url, timeout=60) as response:
                    return json.loads(response.read())

            first = ask()  # loads the data, λ_max: kept for the next requests
            assert first["methods"][0]["n_iter"] == 870, first["methods"][0]
            samples = timed(ask, repeats)
            computed = [ask()["seconds"] for _ in range(repeats)]
            report["requests"][name] = {"query": query, "seconds": samples, "computed_seconds": computed}
            print(
                f"{name}: {median_ms(samples):.0f} ms ({min(samples) * 1e3:.0f}–{max(samples) * 1e3:.0f}),"
                f" of which the server computed {median_ms(computed):.0f} ms"
            )
    finally:
        server.shutdown()
        server.server_close()

    query = read(REQUESTS["galton, standardised, B = 32, 30 epochs"])
    problem = build(query.settings)
    (updates,) = check_work(query, problem)
    runs = [run(problem, query, 1, query.methods[0], updates)]
    parts: dict[str, Callable[[], Any]] = {
        "fit (870 updates, θ recorded)": lambda: run(problem, query, 1, query.methods[0], updates),
        "loss chart": lambda: pictures.loss_chart(problem, runs),
        "epoch chart": lambda: pictures.epoch_chart(problem, runs),
        "contour map with the path": lambda: pictures.path_map(problem, runs),
        "data and fitted lines": lambda: pictures.fit_chart(problem, runs),
        "the whole answer, as JSON": lambda: json.dumps(answer(query), allow_nan=False),
    }
    print("\nwhere the time goes, in-process (median ms):")
    for name, part in parts.items():
        report["parts_ms"][name] = median_ms(timed(part, repeats))
        print(f"  {name:32s} {report['parts_ms'][name]:6.1f}")

    whole = lambda: json.dumps(answer(query), allow_nan=False)  # noqa: E731
    report["cpu_ms"] = median_ms(timed(whole, repeats, time.thread_time))
    print(f"  {'CPU time of the whole answer':32s} {report['cpu_ms']:6.1f}  (time.thread_time)")

    galton_ms = median_ms(report["requests"]["galton, standardised, B = 32, 30 epochs"]["seconds"])
    met = "met" if galton_ms < TARGET_MS else "NOT met"
    print(f"\ntarget: the Galton request (B = 32, 30 epochs) under {TARGET_MS:.0f} ms: {met}", end="")
    print(f" ({galton_ms:.0f} ms)")
    report["target"] = {"ms": galton_ms, "met": galton_ms < TARGET_MS}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
