"""The gdlearn command line, run as a user runs it: in a subprocess.

Exit status 0 on success, 1 with one line on stderr for a user error,
2 for a usage error (argparse), and never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import gdlearn
from gdlearn.datasets import galton
from gdlearn.io.model_files import load_model


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdlearn", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def user_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 1, one line on stderr that starts with 'gdlearn: error:' and names the problem."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("gdlearn: error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def table(tmp_path: Path) -> Path:
    # y = 2a − b + 1 exactly, so least squares is [2, −1, 1].
    rows = [(a, b, 2 * a - b + 1) for a, b in [(1, 2), (2, 1), (3, 5), (4, 4), (5, 0), (0, 3)]]
    path = tmp_path / "table.csv"
    path.write_text("a,b,y\n" + "".join(f"{a},{b},{y}\n" for a, b, y in rows))
    return path


def test_version_from_the_module_and_the_script():
    assert run("--version").stdout.strip() == f"gdlearn {gdlearn.__version__}"
    script = Path(sys.executable).with_name("gdlearn")
    if script.exists():
        out = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
        assert out.stdout.strip() == f"gdlearn {gdlearn.__version__}"


def test_no_command_prints_the_help():
    result = run()
    assert result.returncode == 0
    for command in ("demo", "fit", "predict", "explain", "lab"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["demo", "fit", "predict", "explain", "lab"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: gdlearn {command}")


def test_demo_fits_galtons_line_next_to_least_squares(tmp_path):
    result = run("demo", "--plot", "demo.svg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    gd = re.search(r"gradient descent\s+(\S+)\s+(\S+)\s+(\S+)", out)
    ls = re.search(r"least squares\s+(\S+)\s+(\S+)\s+(\S+)", out)
    assert gd and ls
    data = galton()
    slope, intercept = statistics.linear_regression([row[0] for row in data.X], data.y)
    # the exact line, printed to 4 decimals
    assert float(ls.group(1)) == pytest.approx(slope, abs=1e-4)
    assert float(ls.group(2)) == pytest.approx(intercept, abs=1e-4)
    # mini-batch GD lands near it: slope within 0.01, MSE within 0.1 %
    assert float(gd.group(1)) == pytest.approx(slope, abs=0.01)
    assert float(gd.group(3)) == pytest.approx(float(ls.group(3)), rel=1e-3)
    assert "regression toward the mean" in out
    assert "loss during training" in out  # the terminal chart
    assert all(len(line) <= 80 for line in out.splitlines() if "|" in line or "+--" in line)
    for name in ("demo.svg", "demo-loss.svg", "demo-path.svg"):
        ET.parse(tmp_path / name)  # well-formed SVG
        assert f"wrote {name}" in out


@pytest.mark.parametrize(("columns", "widest"), [("50", 49), ("30", 40), ("200", 78), (None, 78)])
def test_the_demos_chart_fits_the_terminal(columns: str | None, widest: int) -> None:
    # COLUMNS is how a shell tells a program its width (shutil.get_terminal_size); a pipe without it: 78
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    demo = [sys.executable, "-m", "gdlearn", "demo", "--quiet"]
    result = subprocess.run(demo, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    chart = result.stdout.split("loss during training\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert max(map(len, chart)) == widest  # the axis line spans the width asked for


def test_fit_save_history_plot_then_predict(table, tmp_path):
    model_file, history, picture = tmp_path / "m.json", tmp_path / "h.csv", tmp_path / "loss.svg"
    result = run(
        "fit", str(table), "--target", "y", "--batch-size", "full", "--learning-rate", "0.05",
        "--epochs", "3000", "--save", str(model_file), "--history", str(history), "--plot", str(picture),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "batch gradient descent" in result.stdout
    saved = load_model(model_file)
    assert saved.feature_names == ("a", "b")
    assert saved.model.theta == pytest.approx([2.0, -1.0, 1.0], abs=1e-6)
    assert saved.training["batch_size"] is None and saved.training["epochs"] == 3000
    assert "y = 2*a - 1*b + 1" in result.stdout
    lines = history.read_text().splitlines()
    assert lines[0] == "series,step,loss,learning_rate"
    assert sum(line.startswith("iteration,") for line in lines) == 3000
    assert sum(line.startswith("epoch,") for line in lines) == 3001
    ET.parse(picture)
    predicted = run("predict", str(model_file), str(table))
    assert predicted.returncode == 0, predicted.stderr
    out = predicted.stdout.splitlines()
    assert out[0] == "predicted_y"
    expected = saved.model.predict(saved.read_inputs(table))
    assert [float(v) for v in out[1:]] == expected  # bit for bit: repr round-trips


def test_fit_standardize_reports_original_units(table):
    result = run("fit", str(table), "--target", "y", "--standardize", "--batch-size", "full",
                 "--learning-rate", "0.1", "--epochs", "2000")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "y = 2*a - 1*b + 1" in result.stdout


def test_fit_tol_stops_early(table):
    result = run("fit", str(table), "--target", "y", "--batch-size", "full", "--learning-rate", "0.05",
                 "--epochs", "100000", "--tol", "1e-9", "--patience", "3")  # fmt: skip
    assert result.returncode == 0, result.stderr
    epochs = int(re.search(r"(\d+) updates in (\d+) epochs", result.stdout)[2])  # type: ignore[index]
    assert epochs < 100000  # the tol rule stopped it early, at the least value J* = 0
    assert "verdict: batch gradient descent converged" in result.stdout and result.stderr == ""


def test_fit_mae_and_features_option(table):
    result = run("fit", str(table), "--target", "y", "--features", "a", "--loss", "mae", "--epochs", "5")
    assert result.returncode == 0, result.stderr
    assert "1 feature, loss mae" in result.stdout


# ------------------------------------------------------------ user errors: exit 1


def test_missing_file(tmp_path):
    user_error(run("fit", str(tmp_path / "nope.csv"), "--target", "y"), "nope.csv")


def test_missing_column(table):
    user_error(run("fit", str(table), "--target", "zz"), "zz")


def test_target_is_required_with_a_csv(table):
    user_error(run("fit", str(table)), "--target")


def test_negative_learning_rate(table):
    user_error(run("fit", str(table), "--target", "y", "--learning-rate", "-1"), "--learning-rate", "-1")


def test_bad_batch_size(table):
    user_error(run("fit", str(table), "--target", "y", "--batch-size", "0"), "--batch-size", "'0'")


def test_zero_epochs(table):
    user_error(run("fit", str(table), "--target", "y", "--epochs", "0"), "epochs", "0")


def test_diverging_run_suggests_the_fixes(table):
    result = run("fit", str(table), "--target", "y", "--learning-rate", "5", "--batch-size", "full")
    user_error(result, "diverged", "smaller learning rate", "--standardize")


def test_predict_with_a_broken_model_file(table, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "gdlearn-model", "version": 1, "weights": [1.0')
    user_error(run("predict", str(broken), str(table)), "broken.json")


def test_predict_with_a_csv_lacking_a_feature(table, tmp_path):
    model_file = tmp_path / "m.json"
    model_file.write_text(json.dumps({
        "format": "gdlearn-model", "version": 1, "feature_names": ["a", "c"], "target_name": "y",
        "weights": [1.0, 2.0], "bias": 0.5, "fit_intercept": True, "training": {},
    }))  # fmt: skip
    user_error(run("predict", str(model_file), str(table)), "c")


# ------------------------------------------------------------ usage errors: exit 2


@pytest.mark.parametrize(
    "args",
    [
        ["fit"],  # no CSV
        ["fit", "x.csv", "--epochs", "many"],  # not a number
        ["fit", "x.csv", "--loss", "hinge"],  # not a choice
        ["nonsense"],  # no such command
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "usage: gdlearn" in result.stderr
    assert "Traceback" not in result.stderr


def test_fit_log_loss_is_logistic_regression_and_predict_gives_class_and_probability(tmp_path):
    # am (manual gearbox) on hp and wt from mtcars: the classic logistic regression,
    # whose maximum-likelihood answer is logit P = 18.87 + 0.0363·hp − 8.08·wt
    from gdlearn.datasets import mtcars

    data = mtcars()
    hp, wt, am = (data.feature_names.index(name) for name in ("hp", "wt", "am"))
    table = tmp_path / "cars.csv"
    table.write_text("hp,wt,am\n" + "".join(f"{r[hp]},{r[wt]},{r[am]:g}\n" for r in data.X))
    model_file = tmp_path / "logistic.json"
    result = run("fit", str(table), "--target", "am", "--loss", "log", "--standardize",
                 "--batch-size", "full", "--learning-rate", "1", "--epochs", "3000",
                 "--save", str(model_file), "--quiet")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "logit P(am = 1) = 0.0362" in result.stdout
    assert "accuracy on these rows: 0.9375" in result.stdout  # 30 of 32 cars
    saved = load_model(model_file)
    assert saved.model.theta == pytest.approx([0.03625, -8.0833, 18.866], rel=1e-3)
    predicted = run("predict", str(model_file), str(table))
    assert predicted.returncode == 0, predicted.stderr
    lines = predicted.stdout.splitlines()
    assert lines[0] == "predicted_am,probability"
    X = saved.read_inputs(table)
    classes, probabilities = zip(*(line.split(",") for line in lines[1:]))
    assert [float(c) for c in classes] == saved.model.predict(X)
    assert [float(p) for p in probabilities] == saved.model.predict_proba(X)  # bit for bit


def test_fit_log_loss_refuses_targets_other_than_0_and_1(table):
    user_error(run("fit", str(table), "--target", "y", "--loss", "log"), "0", "1")


def test_history_records_the_rate_of_every_update(table, tmp_path):
    # step:2:0.5 halves η = 0.04 every 2 updates: η_t = 0.04·0.5^⌊(t − 1)/2⌋, t = 1, 2, …
    history = tmp_path / "h.csv"
    result = run("fit", str(table), "--target", "y", "--batch-size", "full", "--learning-rate", "0.04",
                 "--epochs", "5", "--schedule", "step:2:0.5", "--history", str(history))  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split(",") for line in history.read_text().splitlines()[1:]]
    rates = [float(row[3]) for row in rows if row[0] == "iteration"]
    assert rates == pytest.approx([0.04, 0.04, 0.02, 0.02, 0.01], rel=1e-15)
    assert all(row[3] == "" for row in rows if row[0] == "epoch")  # an epoch has no single rate
