"""The package as installed: standard library only, and the two ways to run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import gdlearn


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def test_import_gdlearn_loads_only_the_standard_library(tmp_path: Path) -> None:
    # Compare sys.modules before and after the import, in a fresh interpreter
    # started away from the source tree, so only what `import gdlearn` adds counts.
    code = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import gdlearn\n"
        "added = sorted(set(sys.modules) - before)\n"
        "print(json.dumps([added, gdlearn.__file__]))\n"
    )
    done = run([sys.executable, "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    added, where = json.loads(done.stdout)
    assert Path(where).parent.name == "gdlearn"
    outside = sorted(
        name
        for name in added
        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "gdlearn"
    )
    assert outside == []
    assert "gdlearn" in added


def test_python_m_gdlearn_prints_the_version(tmp_path: Path) -> None:
    done = run([sys.executable, "-m", "gdlearn", "--version"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"gdlearn {gdlearn.__version__}"


def script() -> Path:
    bin_dir = Path(sys.executable).parent
    for name in ("gdlearn", "gdlearn.exe"):
        if (bin_dir / name).exists():
            return bin_dir / name
    pytest.skip("the gdlearn console script is not installed next to this Python (pip install -e .)")


def test_the_gdlearn_script_prints_the_version(tmp_path: Path) -> None:
    done = run([str(script()), "--version"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"gdlearn {gdlearn.__version__}"


def test_the_script_and_python_m_give_the_same_help(tmp_path: Path) -> None:
    by_script = run([str(script()), "--help"], tmp_path)
    by_module = run([sys.executable, "-m", "gdlearn", "--help"], tmp_path)
    assert by_script.returncode == by_module.returncode == 0
    assert by_script.stdout == by_module.stdout
    assert "usage: gdlearn" in by_module.stdout


def test_version_is_a_plain_release_number() -> None:
    parts = gdlearn.__version__.split(".")
    assert len(parts) == 3 and all(part.isdigit() for part in parts)


def test_the_edge_is_imported_where_it_is_used(tmp_path: Path) -> None:
    # `import gdlearn` loads the maths only; files, pictures and data sets come on first use,
    # by attribute or by `from gdlearn import …`, and are then the modules' own objects.
    code = (
        "import json, sys\n"
        "import gdlearn\n"
        "edge = ('gdlearn.io', 'gdlearn.plot', 'gdlearn.datasets', 'gdlearn.cli')\n"
        "early = sorted(m for m in sys.modules if m.startswith(edge))\n"
        "from gdlearn import plot, load_csv\n"
        "import gdlearn.io.csv_files, gdlearn.io.model_files, gdlearn.plot.terminal\n"
        "same = [plot is sys.modules['gdlearn.plot'], load_csv is gdlearn.io.csv_files.load_csv,\n"
        "        gdlearn.datasets is sys.modules['gdlearn.datasets'],\n"
        "        gdlearn.line_chart is gdlearn.plot.terminal.line_chart,\n"
        "        gdlearn.save_model is gdlearn.io.model_files.save_model]\n"
        "print(json.dumps([early, same, sorted(set(gdlearn.__all__) - set(dir(gdlearn)))]))\n"
    )
    done = run([sys.executable, "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    early, same, missing = json.loads(done.stdout)
    assert early == []
    assert same == [True] * 5
    assert missing == []  # every public name is listed by dir(gdlearn)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        gdlearn.nonsense  # noqa: B018  (an unknown name is still an AttributeError)
