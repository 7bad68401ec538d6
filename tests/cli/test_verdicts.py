"""``gdlearn fit`` says whether the run worked, keeps the evidence of a blow-up, and is kind to typos.

Run as a user runs it, in a subprocess: the verdict and the gap to J* on
stdout; one warning line on stderr (exit 0) when the run did not converge;
exit 1 for a diverging run, with --history and --plot written and --save not.
"""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import gdlearn
from gdlearn.datasets import galton, mtcars


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdlearn", *args], capture_output=True, text=True, timeout=120
    )


def one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gdlearn: error: "), lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    data = galton()
    (folder / "galton.csv").write_text(
        "parent,child\n" + "".join(f"{x[0]!r},{y!r}\n" for x, y in zip(data.X, data.y)), encoding="utf-8"
    )
    cars = mtcars()
    columns = ["disp", "wt", "qsec", "hp", "am", "vs", "cyl", "drat", "gear", "carb"]
    index = [cars.feature_names.index(c) for c in columns]
    (folder / "cars.csv").write_text(
        ",".join(columns)
        + ",mpg\n"
        + "".join(",".join(str(r[j]) for j in index) + f",{y}\n" for r, y in zip(cars.X, cars.y)),
        encoding="utf-8",
    )
    rng = random.Random(1)
    points = [(x, 2.9 * x + 1 + rng.gauss(0, 1)) for x in (rng.uniform(0, 10) for _ in range(50))]
    (folder / "line.csv").write_text("x,y\n" + "".join(f"{x!r},{y!r}\n" for x, y in points), encoding="utf-8")
    return folder


def test_a_converged_run_says_so_and_gives_the_gap(files: Path) -> None:
    out = run("fit", str(files / "galton.csv"), "--target", "child", "--standardize", "--batch-size", "full",
              "--learning-rate", "0.1", "--epochs", "200")  # fmt: skip
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert "verdict: batch gradient descent converged: 200 updates over 200 epochs" in out.stdout
    assert "at the least value J* = 5.00029" in out.stdout


def test_a_still_descending_run_warns_once_and_says_why(files: Path) -> None:
    out = run("fit", str(files / "cars.csv"), "--target", "mpg", "--features", "disp,wt,qsec",
              "--learning-rate", "auto", "--batch-size", "full", "--epochs", "500")  # fmt: skip
    assert out.returncode == 0
    assert (
        "verdict: batch gradient descent is still descending after 500 updates over 500 epochs" in out.stdout
    )
    assert "11 times the least value J* = 6.10821" in out.stdout  # MSE 68.4 where least squares gives 6.11
    assert "condition number κ = 1.1e+07" in out.stdout and "try --standardize" in out.stdout
    assert out.stderr.splitlines() == [
        "gdlearn: warning: the run did not converge (still descending); see the verdict above"
    ]


def test_the_default_run_on_a_line_hovers_and_says_how_far_from_least_squares(files: Path) -> None:
    out = run("fit", str(files / "line.csv"), "--target", "y")
    assert out.returncode == 0
    assert "verdict: mini-batch gradient descent is hovering" in out.stdout
    assert re.search(r"\d% above the least value J\* = \d", out.stdout)
    assert "--schedule" in out.stdout and "--batch-size" in out.stdout
    assert out.stderr.startswith("gdlearn: warning: the run did not converge (hovering)")


def test_separable_logistic_regression_finds_no_minimum_and_is_never_converged(files: Path) -> None:
    features = "disp,wt,qsec,hp,drat,gear,carb"  # vs and cyl left out; manual and automatic still separate
    out = run("fit", str(files / "cars.csv"), "--target", "am", "--features", features, "--loss", "log",
              "--standardize", "--batch-size", "full", "--learning-rate", "0.5",
              "--epochs", "3000")  # fmt: skip
    assert out.returncode == 0
    assert "accuracy on these rows: 1" in out.stdout
    assert "finds no minimum" in out.stdout and "no minimiser exists" in out.stdout
    assert "--l2 0.01" in out.stdout and "converged" not in out.stdout
    assert "(no minimum)" in out.stderr


def test_a_diverging_run_exits_1_and_keeps_the_evidence_but_not_the_model(
    files: Path, tmp_path: Path
) -> None:
    model, history, picture = tmp_path / "m.json", tmp_path / "h.csv", tmp_path / "p.svg"
    model.write_text("the old model file\n", encoding="utf-8")
    limit = gdlearn.stable_learning_rate(galton().X).limit
    out = run("fit", str(files / "galton.csv"), "--target", "child", "--batch-size", "full",
              "--learning-rate", repr(1.004 * limit), "--epochs", "100",
              "--history", str(history), "--plot", str(picture), "--save", str(model))  # fmt: skip
    line = one_error_line(
        out, "diverged after 10 updates, at the end of epoch 10", "stability limit", "--standardize"
    )
    assert "Traceback" not in out.stderr
    assert (
        f"wrote {history}" in out.stdout and f"wrote {picture}" in out.stdout and "m.json" not in out.stdout
    )
    assert model.read_text(encoding="utf-8") == "the old model file\n"  # never --save
    rows = history.read_text(encoding="utf-8").splitlines()
    epochs = [float(row.split(",")[2]) for row in rows if row.startswith("epoch,")]
    assert len(epochs) == 11 and sum(row.startswith("iteration,") for row in rows) == 10
    assert all(later > earlier for earlier, later in itertools.pairwise(epochs))  # the rise, as drawn
    assert f"to {epochs[-1]:.4g}" in line
    svg = ET.parse(picture).getroot()
    title = "".join(svg.itertext())
    assert "diverged" in title


def test_help_documents_the_verdicts_the_exit_statuses_and_the_batch_size(files: Path) -> None:
    text = run("fit", "--help").stdout
    text = " ".join(text.split())  # argparse wraps lines
    for words in (
        "converged",
        "still descending",
        "hovering",
        "no minimum",
        "warning line on stderr and exits 0",
        "exits with status 1",
        "--history and --plot are still written",
        "--save is not",
        "default --batch-size here is 32",
        "gdlearn.fit() in Python defaults to full batches",
        "gdlearn.fit()'s default is full batches",
    ):
        assert words in text, words
    assert "defaults to 32" in (gdlearn.fit.__doc__ or "")  # and the API's docstring says the other side


def test_a_misspelt_option_gets_the_right_one_and_the_command_s_usage(files: Path) -> None:
    out = run("fit", str(files / "line.csv"), "--target", "y", "--learnig-rate", "0.1")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("usage: gdlearn fit ")
    assert out.stderr.splitlines()[-1] == (
        "gdlearn fit: error: unrecognized argument --learnig-rate; did you mean --learning-rate?"
    )
    assert "did you mean --epochs?" in run("demo", "--epohcs=3").stderr


def test_plot_refuses_a_name_that_is_not_svg_before_any_work(tmp_path: Path) -> None:
    picture = tmp_path / "out.png"
    one_error_line(run("fit", str(tmp_path / "missing.csv"), "--target", "y", "--plot", str(picture)), ".svg")
    one_error_line(run("demo", "--plot", str(picture), "--quiet"), "ending in .svg")
    assert not picture.exists()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--momentum", "1.5"], ["--momentum must be"]),
        (["--features", "x,x"], ["--features must not repeat"]),
        (["--epochs", "0"], ["--epochs must be"]),
        (["--nesterov"], ["got --momentum 0.0 and --dampening 0.0"]),
        (["--optimizer", "adam", "--momentum", "0.9"], ["leave --momentum at the default", "--optimizer gd"]),
    ],
)
def test_errors_name_the_option_not_the_python_argument(
    files: Path, options: list[str], words: list[str]
) -> None:
    line = one_error_line(run("fit", str(files / "line.csv"), "--target", "y", *options), *words)
    assert "_" not in line.split("got")[0]  # no learning_rate, no weight_decay


def test_class_labels_that_are_not_0_or_1_name_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "classes.csv"
    path.write_text("x,label\n1,0\n\n2,1\n3,2\n4,1\n", encoding="utf-8")  # line 5 holds the 2
    one_error_line(
        run("fit", str(path), "--target", "label", "--loss", "log"),
        f"{path}, line 5, column 'label':",
        "classes 0 and 1",
        "got '2'",
    )


def test_one_feature_is_singular(files: Path) -> None:
    out = run("fit", str(files / "line.csv"), "--target", "y", "--epochs", "2")
    assert ": 50 rows, 1 feature, loss mse" in out.stdout


def test_the_printed_equation_pastes_into_python(files: Path, tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    out = run("fit", str(files / "cars.csv"), "--target", "mpg", "--features", "wt,qsec", "--standardize",
              "--batch-size", "full", "--learning-rate", "0.1", "--epochs", "300",
              "--save", str(model))  # fmt: skip
    equation = next(line for line in out.stdout.splitlines() if line.startswith("mpg = "))
    assert "−" not in equation and "·" not in equation
    assert gdlearn.load_model(model).training["verdict"] == "converged"  # the model file records it
    saved = gdlearn.load_model(model).model
    for wt, qsec in [(2.62, 16.46), (3.57, 15.84)]:
        namespace = {"wt": wt, "qsec": qsec}
        exec(equation, namespace)  # the line itself, pasted
        assert namespace["mpg"] == pytest.approx(saved.predict_one([wt, qsec]), rel=1e-5)  # 6 digits printed


def test_an_infinite_loss_is_left_out_of_the_picture_and_said(files: Path, tmp_path: Path) -> None:
    picture, history = tmp_path / "p.svg", tmp_path / "h.csv"
    out = run("fit", str(files / "galton.csv"), "--target", "child", "--batch-size", "full",
              "--learning-rate", "1e300", "--plot", str(picture), "--history", str(history))  # fmt: skip
    one_error_line(out, "diverged after 1 update, at the end of epoch 1: loss inf")
    assert history.read_text(encoding="utf-8").splitlines()[-1] == "epoch,1,inf,"  # the history keeps it
    title = "".join(ET.parse(picture).getroot().itertext())
    assert "diverged (J = inf after 1 update, not drawn)" in title  # the picture says what it leaves out
