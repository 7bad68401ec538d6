"""docs/next-steps.md: its PyTorch and scikit-learn code runs and finds gdlearn's θ to 1e-10.

Every ```python block of the page is run, in order, in one namespace, as a reader
would paste them. In each section the gdlearn block sets ``result``; each PyTorch
or scikit-learn block after it sets ``theta`` = [w, b], which must match
``result.theta`` within 1e-10. The blocks of a library that is not installed are
skipped (neither is needed by gdlearn or by its tests).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "next-steps.md"
SKLEARN_NAMES = ("sklearn", "SGDRegressor(", "MLPRegressor(", "Ridge(", "LinearRegression(")


def blocks() -> list[tuple[str, str, str]]:
    """(section, library, code) for each ```python block: library is gdlearn, torch or sklearn."""
    found, section = [], ""
    for part in re.split(r"^```python\n(.*?)^```\n", DOC.read_text(encoding="utf-8"), flags=re.S | re.M):
        if part.startswith(("import", "from", "result", "model", "exact", "sgd", "mlp", "ridge")):
            library = (
                "torch"
                if "torch" in part
                else "sklearn"
                if any(s in part for s in SKLEARN_NAMES)
                else "gdlearn"
            )
            found.append((section, library, part))
        else:
            headings = re.findall(r"^## (.*)$", part, flags=re.M)
            section = headings[-1] if headings else section
    return found


def run(library: str) -> list[tuple[str, list[float], list[float]]]:
    """Run the gdlearn blocks and those of ``library``; (section, gdlearn's θ, its θ) per comparison."""
    namespace: dict[str, object] = {}
    compared = []
    for number, (section, kind, code) in enumerate(blocks()):
        if kind not in ("gdlearn", library):
            continue
        exec(compile(code, f"{DOC.name}, block {number}", "exec"), namespace)
        if kind == "gdlearn" and "result" in namespace:
            expected = list(namespace["result"].theta)  # type: ignore[attr-defined]
        elif kind == library:
            compared.append((section, expected, [float(t) for t in namespace.pop("theta")]))  # type: ignore[attr-defined]
    return compared


def test_the_page_has_the_three_fits_in_both_libraries():
    sections = {(section, library) for section, library, _ in blocks()}
    for fit in ("Batch gradient descent", "Mini-batch gradient descent with momentum", "Adam"):
        assert {(fit, "gdlearn"), (fit, "torch"), (fit, "sklearn")} <= sections, fit


def test_the_gdlearn_blocks_run():
    assert run("none") == []


@pytest.mark.parametrize("library", ["torch", "sklearn"])
def test_the_same_theta_in_another_library(library: str) -> None:
    pytest.importorskip(library)
    compared = run(library)
    assert len(compared) >= (7 if library == "torch" else 6)
    for section, ours, theirs in compared:
        assert len(theirs) == len(ours), section
        for a, b in zip(ours, theirs):
            assert math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-10), (section, ours, theirs)
