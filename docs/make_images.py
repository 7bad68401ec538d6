"""Make the pictures under docs/images/: the demo's three, then every example's.

    python docs/make_images.py [OUTDIR]        (default: docs/images)

The README opens with the demo's pictures (``gdlearn demo --plot``) and
docs/gallery.md shows every example's, each run at its full size. The test
suite runs this into a temporary folder and fails when a committed picture
differs from what the code makes now: after changing a picture, run this
and commit the result. docs/images/PYTHON records the Python minor version
that made them: Python 3.12 changed ``sum()`` of floats, so a run's last
digits, and with them a coordinate of a picture, can differ across 3.11 and
3.12 (see the README's "Reproducible runs"); the staleness test compares on
the same side of that change only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
EXAMPLES = ROOT / "examples"


def make_images(outdir: Path) -> list[Path]:
    """Write every picture into ``outdir``; return their paths, sorted by name."""
    from gdlearn.cli import main as gdlearn

    outdir.mkdir(parents=True, exist_ok=True)
    with contextlib.redirect_stdout(io.StringIO()):
        status = gdlearn(["demo", "--quiet", "--plot", str(outdir / "demo.svg")])
        if status != 0:
            raise RuntimeError(f"gdlearn demo --plot exited with {status}")
        for script in sorted(EXAMPLES.glob("*.py")):
            spec = importlib.util.spec_from_file_location(f"example_{script.stem}", script)
            assert spec is not None and spec.loader is not None
            lesson = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(lesson)
            lesson.main([str(outdir)])
    return sorted(outdir.glob("*.svg"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES
    for picture in make_images(target):
        print(f"wrote {picture}")
    major, minor = sys.version_info[:2]
    (target / "PYTHON").write_text(f"{major}.{minor}\n", encoding="utf-8")
