"""examples/tour.ipynb, run by a real Jupyter kernel (nbclient + ipykernel) as a learner runs it.

The results and pictures must display as pictures (``image/svg+xml`` beside a short
``text/plain``), every cell must run without an error, and the notebook is kept in
the repository without outputs. Skipped where nbclient or ipykernel is missing
(both are in the ``test`` extra).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")

TOUR = Path(__file__).resolve().parents[2] / "examples" / "tour.ipynb"
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_the_notebook_is_kept_without_outputs():
    notebook = json.loads(TOUR.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert 8 <= len(code) <= 16
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, "".join(cell["source"])


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    notebook = nbformat.read(TOUR, as_version=4)
    folder = tmp_path_factory.mktemp("tour")
    client = nbclient.NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    return notebook


def outputs_of(notebook: Any, last_line: str) -> list[Any]:
    """The outputs of the code cell whose source ends with last_line."""
    (cell,) = [
        c for c in notebook.cells if c.cell_type == "code" and c.source.strip().splitlines()[-1] == last_line
    ]
    return list(cell.outputs)


def picture(outputs: list[Any]) -> tuple[str, ET.Element]:
    """The one displayed result: its text and its parsed SVG."""
    (result,) = [o for o in outputs if o.output_type == "execute_result"]
    assert set(result.data) == {"text/plain", "image/svg+xml"}
    text, svg = result.data["text/plain"], result.data["image/svg+xml"]
    assert len(text) <= 300 and "\n" not in text
    assert svg.startswith("<svg xmlns=")
    return text, ET.fromstring(svg)


def test_every_cell_runs(executed: Any) -> None:
    errors = [
        o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []


def test_runs_display_as_their_loss_chart_with_one_line_of_text(executed: Any) -> None:
    text, svg = picture(outputs_of(executed, "result"))
    assert text.startswith(
        "FitResult(variant='batch gradient descent', verdict='converged', stop_reason='max_epochs',"
        " n_iter=200,"
    )
    assert (
        svg.findtext(f"{SVG_NS}title") == "Batch gradient descent, η = 0.1: converged"
    )
    text, svg = picture(outputs_of(executed, "stochastic"))
    assert "variant='stochastic gradient descent'" in text and "n_iter=4640" in text


def test_the_caught_divergence_prints_its_message_and_displays_its_blow_up(executed: Any) -> None:
    (printed,) = outputs_of(executed, "    print(error)")
    assert printed.name == "stdout" and "diverged" in printed.text and "stability limit" in printed.text
    text, svg = picture(outputs_of(executed, "caught.result"))
    assert "stop_reason='diverged'" in text
    names = [g.findtext(f"{SVG_NS}title") for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "series"]
    assert names == ["full loss per update", "the loss that stopped the run"]


def test_plot_functions_display_as_pictures(executed: Any) -> None:
    cells = [c for c in executed.cells if c.cell_type == "code" and "\ngdlearn.plot." in "\n" + c.source]
    assert len(cells) == 3  # scatter_fit, and loss_curves twice
    for cell in cells:
        text, _ = picture(list(cell.outputs))
        assert re.fullmatch(r"<SVG \d+x480 '.*', \d+ characters>", text), text


def test_the_least_squares_line_is_found(executed: Any) -> None:
    (printed,) = outputs_of(
        executed, 'print(f"least squares:    child = {exact.weights[0]:.4f}·parent + {exact.bias:.3f}")'
    )
    assert printed.text.splitlines() == [
        "gradient descent: child = 0.6463·parent + 23.942",
        "least squares:    child = 0.6463·parent + 23.942",
    ]


def test_the_pictures_of_one_page_share_no_id(executed: Any) -> None:
    svgs = [
        o.data["image/svg+xml"]
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "execute_result" and "image/svg+xml" in o.data
    ]
    assert len(svgs) == 6
    ids = [i for svg in svgs for i in re.findall(r'\bid="([^"]+)"', svg)]
    assert len(ids) == len(set(ids)) == 6


def test_one_adam_step_displays_as_its_text(executed: Any) -> None:
    call = 'explain_step(Z, data.y, optimizer="adam", learning_rate=0.1, step=3, feature_names=["parent"])'
    last = f"gdlearn.{call}"
    (shown,) = outputs_of(executed, last)
    assert shown.output_type == "execute_result" and set(shown.data) == {"text/plain"}  # the text, no picture
    text = shown.data["text/plain"]
    assert text.startswith("Update 3 of batch Adam: η₀ = 0.1, β₁ = 0.9, β₂ = 0.999")
    for part in ("m₃ = 0.9·", "v₃ = 0.999·", "m̂₃ = ", "v̂₃ = ", "1 − 0.9^3 = 0.271", "w_parent ← "):
        assert part in text, part
