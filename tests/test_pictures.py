"""Every picture gdlearn makes, looked at in headless Chromium; the committed ones kept up to date.

The pictures are the demo's and every example's, made at full size by
docs/make_images.py (the README and docs/gallery.md show them from
docs/images/), and those of ``gdlearn fit --plot`` on a few kinds of run.
Each is checked from the browser's own layout and pixels (see
``picture_check``): every text inside the picture and clear of every other,
every series in the legend with pixels of its own (or a note that it
coincides with another), data drawn. The check is shown to fail on pictures
broken on purpose.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import sys
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from picture_check import inspect, problems

from gdlearn import plot
from gdlearn.cli import main as gdlearn
from gdlearn.plot.frame import Frame
from gdlearn.plot.svg import LegendEntry, polyline

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
SVG = "{http://www.w3.org/2000/svg}"

FIT_RUNS = {  # gdlearn fit CSV … --standardize --plot NAME: one picture per kind of run
    "fit-batch.svg": "galton.csv --target child --batch-size full --learning-rate 0.1 --epochs 50",
    "fit-mini-batch.svg": "galton.csv --target child --learning-rate 0.05 --epochs 20",
    "fit-line-mae.svg": "galton.csv --target child --loss mae --learning-rate 0.1 --epochs 30",
    "fit-stochastic.svg": "mtcars.csv --target mpg --features wt,hp --batch-size 1 --learning-rate 0.01"
    " --epochs 20",
    "fit-classify.svg": "mtcars.csv --target am --features wt,hp --loss log --batch-size full --epochs 300"
    " --learning-rate auto",
}


def make_images(outdir: Path) -> list[Path]:
    """docs/make_images.py's make_images (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_images", ROOT / "docs" / "make_images.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made: list[Path] = module.make_images(outdir)
    return made


@pytest.fixture(scope="session")
def fit_pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The pictures of ``gdlearn fit --plot``, made now: name → SVG text."""
    outdir = tmp_path_factory.mktemp("fit-pictures")
    made = {}
    for name, run in FIT_RUNS.items():
        csv, *options = run.split()
        target = outdir / name
        data = str(files("gdlearn.datasets") / csv)
        with contextlib.redirect_stdout(io.StringIO()):
            assert gdlearn(["fit", data, *options, "--standardize", "--quiet", "--plot", str(target)]) == 0
        made[name] = target.read_text(encoding="utf-8")
    return made


@pytest.fixture(scope="session")
def pictures(tmp_path_factory: pytest.TempPathFactory, fit_pictures: dict[str, str]) -> dict[str, str]:
    """Every picture, made now (the demo's, every example's, fit's): name → SVG text."""
    outdir = tmp_path_factory.mktemp("pictures")
    made = {path.name: path.read_text(encoding="utf-8") for path in make_images(outdir / "docs")}
    return made | fit_pictures


@pytest.fixture(scope="session")
def page(browser: Any) -> Any:
    """One page for all the pictures."""
    tab = browser.new_page()
    yield tab
    tab.close()


# The committed pictures -------------------------------------------------------------


@pytest.mark.once  # the same files from the same code under every Python before 3.12: 37 s, drawn once
def test_the_committed_pictures_are_the_ones_the_code_makes(request: pytest.FixtureRequest) -> None:
    maker = tuple(int(part) for part in (IMAGES / "PYTHON").read_text(encoding="utf-8").split("."))
    if (maker >= (3, 12)) != (sys.version_info >= (3, 12)):  # sum() of floats changed in 3.12
        pytest.skip(f"made with Python {maker[0]}.{maker[1]}, across the 3.12 change of sum()")
    pictures: dict[str, str] = request.getfixturevalue("pictures")  # drawn only where they can match
    made = {name for name in pictures if name not in FIT_RUNS}
    committed = {path.name for path in IMAGES.glob("*.svg")}
    assert committed == made, "run python docs/make_images.py and commit docs/images/"
    stale = [name for name in sorted(made) if (IMAGES / name).read_text(encoding="utf-8") != pictures[name]]
    assert not stale, f"out of date: {stale}; run python docs/make_images.py and commit docs/images/"


def test_the_readme_opens_with_the_demo_pictures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    before_the_text = readme.split("\n## ")[0]
    shown = re.findall(r"!\[[^\]]+\]\((docs/images/[^)]+)\)", before_the_text)
    assert shown == ["docs/images/demo-loss.svg", "docs/images/demo.svg", "docs/images/demo-path.svg"]


def test_the_gallery_shows_every_example_picture_with_what_to_look_for() -> None:
    gallery = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]+\]\(images/([^)]+)\)\n\n([^\n]+)", gallery)
    examples = sorted(path.name for path in IMAGES.glob("*.svg") if not path.name.startswith("demo"))
    assert sorted(name for name, _ in shown) == examples
    for name, sentence in shown:  # one sentence on what to look for
        assert sentence.endswith(".") and sentence.count(". ") == 0, (name, sentence)


# Every picture, in the browser ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted([*(p.name for p in IMAGES.glob("*.svg")), *FIT_RUNS]))
def test_every_picture_passes_the_browser_check(name: str, page: Any, pictures: dict[str, str]) -> None:
    # (the page first: where there is no browser the test skips before the pictures are drawn)
    assert problems(inspect(page, pictures[name])) == []


def test_fit_plot_says_which_loss_in_which_units(fit_pictures: dict[str, str]) -> None:
    labels = {}
    for name in FIT_RUNS:
        root = ET.fromstring(fit_pictures[name])
        labels[name] = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-label"][1]
    assert labels == {
        "fit-batch.svg": "MSE, in squared units of child (log scale)",
        "fit-mini-batch.svg": "MSE, in squared units of child (log scale)",
        "fit-line-mae.svg": "MAE, in units of child (log scale)",
        "fit-stochastic.svg": "MSE, in squared units of mpg (log scale)",
        "fit-classify.svg": "log loss, in nats (log scale)",
    }


# The check fails where it should ---------------------------------------------------------


def two_series(hidden_note: str | None = None, dash: str | None = None) -> str:
    """A chart of two series on the same points, the second wider, drawn over the first."""
    line = [(0.0, 4.0), (1.0, 2.0), (2.0, 1.5), (3.0, 1.0)]
    legend = [LegendEntry("under", "#1f77b4", note=hidden_note), LegendEntry("over", "#ff7f0e")]
    chart = Frame((0.0, 3.0), (1.0, 4.0), title="Two series", x_label="x", y_label="y", legend=legend)
    chart.series("under", [polyline([chart.px(*p) for p in line], "#1f77b4", 2.0)])
    chart.series("over", [polyline([chart.px(*p) for p in line], "#ff7f0e", 4.0, dash)])
    return chart.render()


def test_the_check_fails_on_a_fully_hidden_series(page: Any) -> None:
    found = problems(inspect(page, two_series()))
    assert found == ["series 'under' has no visible pixel of its own, and the legend does not say why"]
    assert problems(inspect(page, two_series(dash="6 4"))) == []  # seen through the gaps of a dash
    assert problems(inspect(page, two_series(hidden_note="coincides with over"))) == []  # or said


def test_the_check_fails_on_a_label_pushed_outside(page: Any) -> None:
    svg = plot.loss_curves({"run": [3.0, 2.0, 1.5]}, title="A title")
    assert problems(inspect(page, svg)) == []
    pushed = re.sub(r'(class="title" x=")[\d.]+', r"\g<1>900", svg)  # the title's centre off the right edge
    (found,) = problems(inspect(page, pushed))
    assert found.startswith("text 'A title' (title) reaches outside the")


def test_the_check_fails_on_text_over_text_and_on_a_blank_picture(page: Any) -> None:
    svg = plot.loss_curves({"run": [3.0, 2.0, 1.5]}, x_label="step")
    y = re.search(r'class="tick-label" x="[\d.]+" y="([\d.]+)"', svg)
    assert y is not None
    onto_ticks = re.sub(r'(class="axis-label" x="[\d.]+" y=")[\d.]+', rf"\g<1>{y.group(1)}", svg)
    found = problems(inspect(page, onto_ticks))
    assert found and all(f.startswith("text '") and "overlaps text" in f for f in found)
    assert any("'step' (axis-label)" in f for f in found)
    bare = plot.loss_curves([3.0, 2.0, 1.5])  # one unnamed series: no legend
    blank = re.sub(r'<g class="series">.*?</g>', "", bare, flags=re.DOTALL)
    assert problems(inspect(page, bare)) == []
    assert problems(inspect(page, blank)) == ["the picture is blank: its data paint 0 pixels"]
