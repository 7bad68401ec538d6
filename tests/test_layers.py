"""The layers of the package, read from its imports (ast): the maths stays free of everything else.

    maths      gdlearn/*.py          the standard library and each other, nothing else
    io         gdlearn/io/           the maths and io
    datasets   gdlearn/datasets/     the maths, io (to read its CSV files) and datasets
    plot       gdlearn/plot/         the maths, io and plot
    lab        gdlearn/lab/          the maths, io, datasets, plot and lab (the lab's web page and server)
    cli        gdlearn/cli/          anything in gdlearn
    package    gdlearn/__init__.py   re-exports the public names: the maths and every subpackage
                                     but cli; only cli and __main__ may import it

Nothing but ``gdlearn/__main__.py`` imports cli from outside it, nothing in
gdlearn imports a package outside the standard library, and the imports
form no cycle. Every import counts: at the top of a module, inside a
function, or under ``TYPE_CHECKING``. The checker is run on the real package
and on copies with a violation injected, so it is shown to catch each kind.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once  # the same under every Python: run under the main CPython only (.ci/run)

PACKAGE = Path(__file__).resolve().parent.parent / "gdlearn"

ALLOWED = {
    "maths": {"maths"},
    "io": {"maths", "io"},
    "datasets": {"maths", "io", "datasets"},
    "plot": {"maths", "io", "plot"},
    "lab": {"maths", "io", "datasets", "plot", "lab"},
    "cli": {"maths", "io", "datasets", "plot", "lab", "cli", "package"},
    "package": {"maths", "io", "datasets", "plot"},
    "main": {"cli"},
}


def module_name(path: Path, root: Path) -> str:
    """gdlearn/plot/axes.py → 'plot.axes'; gdlearn/plot/__init__.py → 'plot'; gdlearn/__init__.py → ''."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str, root: Path) -> str:
    if module == "":
        return "package"
    if module == "__main__":
        return "main"
    top = module.split(".")[0]
    if (root / top).is_dir():
        return top
    return "maths"


def is_module(name: str, root: Path) -> bool:
    path = root.joinpath(*name.split(".")) if name else root
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path, root: Path) -> tuple[list[str], list[str]]:
    """The gdlearn modules a file imports (relative imports resolved), and its absolute imports."""
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    inside: list[str] = []
    outside: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            outside.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            outside.append(node.module or "")
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:  # `from . import x`: x is a module, or a name of the package
                child = f"{target}.{alias.name}" if target else alias.name
                inside.append(child if is_module(child, root) else target)
    return inside, outside


def violations(root: Path) -> list[str]:
    """Every broken layer rule, foreign import and cycle in the package at ``root``."""
    found: list[str] = []
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        inside, outside = imports(path, root)
        graph[module] = set(inside)
        where = f"gdlearn/{path.relative_to(root)}"
        for name in outside:
            top = name.split(".")[0]
            if top == "gdlearn":
                found.append(f"{where} imports {name} absolutely; use a relative import")
            elif top not in sys.stdlib_module_names:
                found.append(f"{where} imports {name}, which is not in the standard library")
        source = layer(module, root)
        for target in inside:
            kind = layer(target, root)
            if kind not in ALLOWED[source] and kind != source:
                found.append(f"{where} ({source}) imports {target or 'gdlearn'} ({kind})")
    found.extend(f"import cycle: {' → '.join(cycle)}" for cycle in cycles(graph))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles a depth-first search meets, each as the modules around it (the first repeated)."""
    state: dict[str, str] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for child in sorted(graph.get(node, ())):
            if child == node:
                continue
            if state.get(child) == "open":
                found.append([*stack[stack.index(child) :], child])
            elif child not in state:
                visit(child)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_package_keeps_its_layers() -> None:
    assert violations(PACKAGE) == []


def test_every_module_has_a_layer_and_the_maths_is_at_the_top() -> None:
    maths = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert {"vectors", "functions", "losses", "models", "objective", "loop", "fit"} <= set(maths)
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == ["cli", "datasets", "io", "lab", "plot"]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "gdlearn"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def inject(root: Path, relative: str, line: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        ("objective.py", "from .plot import svg", "gdlearn/objective.py (maths) imports plot.svg (plot)"),
        ("losses.py", "from . import __version__", "gdlearn/losses.py (maths) imports gdlearn (package)"),
        ("io/atomic.py", "from ..plot.svg import tag", "gdlearn/io/atomic.py (io) imports plot.svg (plot)"),
        ("plot/svg.py", "from ..cli import main", "gdlearn/plot/svg.py (plot) imports cli (cli)"),
        ("plot/svg.py", "from ..lab import server", "gdlearn/plot/svg.py (plot) imports lab.server (lab)"),
        ("lab/runs.py", "from ..cli import main", "gdlearn/lab/runs.py (lab) imports cli (cli)"),
        ("lab/page.py", "from .. import __version__", "gdlearn/lab/page.py (lab) imports gdlearn (package)"),
        ("models.py", "from .lab.runs import answer", "gdlearn/models.py (maths) imports lab.runs (lab)"),
        ("models.py", "import numpy", "gdlearn/models.py imports numpy, which is not in the standard"),
        ("vectors.py", "from gdlearn import losses", "gdlearn/vectors.py imports gdlearn absolutely"),
        ("batches.py", "from .loop import Optimizer", "import cycle: "),
        # inside a function, an import counts as much as one at the top
        ("fit.py", "    from .cli import main", "gdlearn/fit.py (maths) imports cli (cli)"),
    ],
)
def test_the_checker_catches_an_injected_violation(copy: Path, file: str, line: str, expected: str) -> None:
    assert violations(copy) == []
    if line.startswith("    "):
        line = f"def _late():\n{line}"
    inject(copy, file, line)
    found = violations(copy)
    assert any(message.startswith(expected) for message in found), found
