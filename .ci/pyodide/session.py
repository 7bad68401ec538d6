"""What the Pyodide check runs, in the browser's Python and, for comparison, in CPython.

    python session.py README.md OUTDIR      (gdlearn and tests/seeded_runs.py importable)

prints one JSON report: the README's doctests and every module's doctests
(attempted, failed), the stdout of ``gdlearn demo`` and ``gdlearn explain``,
the SHA-256 of each picture ``gdlearn demo --plot`` wrote into OUTDIR, the
seeded runs of ``seeded_runs.py`` with every float as ``float.hex``, a
``DivergenceError`` caught with its partial run, and a model saved, loaded
and used. ``check.mjs`` runs it in Pyodide, runs it again in CPython, and
compares the two reports (``differences``).
"""

from __future__ import annotations

import contextlib
import doctest
import hashlib
import importlib
import io
import json
import os
import pkgutil
import sys
import time
from typing import Any

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE  # as pytest runs them (pyproject.toml)


def readme_doctests(path: str) -> dict[str, int]:
    """The README's examples (the quick start), as ``pytest --doctest-glob=*.md`` runs them."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", path, 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    with contextlib.redirect_stdout(io.StringIO()) as report:
        runner.run(test)
    result = runner.summarize(verbose=False)
    return {"attempted": result.attempted, "failed": result.failed, "report": report.getvalue()[-2000:]}


def module_doctests() -> dict[str, Any]:
    """Every gdlearn module's doctests (``__main__`` would run the command line: not imported)."""
    import gdlearn

    modules, attempted, failures = 0, 0, []
    found = pkgutil.walk_packages(gdlearn.__path__, "gdlearn.")
    names = [m.name for m in found if m.name != "gdlearn.__main__"]
    for name in ["gdlearn", *names]:
        module = importlib.import_module(name)
        with contextlib.redirect_stdout(io.StringIO()) as report:
            result = doctest.testmod(module, optionflags=FLAGS)
        modules, attempted = modules + 1, attempted + result.attempted
        if result.failed:
            failures.append(f"{name}: {result.failed} failed\n{report.getvalue()[-1500:]}")
    return {"modules": modules, "attempted": attempted, "failed": failures}


def command(*args: str) -> dict[str, Any]:
    """``gdlearn ARGS``: its exit status and standard output."""
    from gdlearn.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as out:
        status = main(list(args))
    return {"status": status, "stdout": out.getvalue()}


def pictures(outdir: str) -> dict[str, Any]:
    """``gdlearn demo --plot OUTDIR/demo.svg``: the SHA-256 of each file, checked to be XML."""
    import xml.etree.ElementTree as ET

    os.makedirs(outdir, exist_ok=True)
    ran = command("demo", "--quiet", "--plot", os.path.join(outdir, "demo.svg"))
    digests = {}
    for name in sorted(os.listdir(outdir)):
        with open(os.path.join(outdir, name), "rb") as file:
            data = file.read()
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg", name
        digests[name] = hashlib.sha256(data).hexdigest()
    return {"status": ran["status"], "files": digests}


def divergence() -> dict[str, Any]:
    """A run at η = 1.5 on standardised Galton, caught, with its partial history and its picture."""
    import gdlearn
    from gdlearn.datasets import galton

    data = galton()
    Z = gdlearn.Standardizer.fit(data.X).transform(data.X)
    try:
        gdlearn.fit(Z, data.y, learning_rate=1.5, epochs=100)
    except gdlearn.DivergenceError as error:
        shown = error.result._repr_mimebundle_()
        return {
            "message": str(error),
            "stop_reason": error.result.stop_reason,
            "n_iter": error.result.n_iter,
            "mime": sorted(shown),
        }
    return {"message": "no DivergenceError"}


def model_file(outdir: str) -> dict[str, Any]:
    """A model fitted, saved, loaded and used: the predictions before and after, as hex."""
    import gdlearn
    from gdlearn.datasets import galton

    data = galton()
    fitted = gdlearn.fit(data.X, data.y, learning_rate=1e-4, batch_size=32, epochs=2, seed=0).model
    path = os.path.join(outdir, "model.json")
    names, target = data.feature_names, data.target_name
    gdlearn.save_model(path, fitted, feature_names=names, target_name=target, training={"epochs": 2})
    loaded = gdlearn.load_model(path)
    rows = [[64.0], [72.5]]
    before, after = fitted.predict(rows), loaded.model.predict(rows)
    return {"before": [p.hex() for p in before], "after": [p.hex() for p in after]}


def differences(ours: str, theirs: str) -> str:
    """For two JSON reports' seeded runs: the largest relative difference of any float in each run."""
    runs, other = json.loads(ours)["seeded"], json.loads(theirs)["seeded"]
    found = {}
    for name, run in runs.items():
        pairs = [(a, b) for key in run for a, b in zip(run[key], other[name][key])]
        pairs = [(float.fromhex(a), float.fromhex(b)) for a, b in pairs]
        found[name] = max(abs(a - b) / max(abs(a), abs(b), sys.float_info.min) for a, b in pairs)
    return json.dumps(found)


def report(readme: str, outdir: str) -> str:
    """Every check above, timed, as one JSON document."""
    from seeded_runs import as_hex, runs

    timings: dict[str, float] = {}
    found: dict[str, Any] = {"python": list(sys.version_info[:3]), "platform": sys.platform}
    checks = {
        "readme": lambda: readme_doctests(readme),
        "doctests": module_doctests,
        "demo": lambda: command("demo", "--quiet"),
        "demo_plot": lambda: pictures(os.path.join(outdir, "plots")),
        "explain": lambda: command("explain"),
        "seeded": lambda: as_hex(runs()),
        "divergence": divergence,
        "model_file": lambda: model_file(outdir),
    }
    for name, check in checks.items():
        start = time.perf_counter()
        found[name] = check()
        timings[name] = round(time.perf_counter() - start, 2)
    found["seconds"] = timings
    return json.dumps(found)


if __name__ == "__main__":
    print(report(sys.argv[1], sys.argv[2]))
