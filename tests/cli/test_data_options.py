"""gdlearn fit with a class's data: --encoding, --decimal, --delimiter, --drop-missing, and --test-size.

Run as a user runs it, in a subprocess. The fitted lines are compared with
``statistics.linear_regression`` on the rows that should have been read, and
the held-out scores with the split as stated (random.Random(seed).sample) and
scores computed by hand from the saved model.
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from gdlearn.datasets import galton


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdlearn", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def user_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 1 with one line on stderr naming the problem; returns that line."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("gdlearn: error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# A spreadsheet's export: cp1252, ';' between cells, decimal commas, a text column, an empty cell.
ROWS = [
    ("Zoë", 1.5, 4.25),
    ("José", None, 5.0),
    ("André", 2.0, 5.25),
    ("Åsa", 3.5, 8.0),
    ("Chloé", 5.0, 11.5),
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    def cell(value: float | None) -> str:
        return "" if value is None else str(value).replace(".", ",")

    text = "name;x;y\r\n" + "".join(f"{n};{cell(x)};{cell(y)}\r\n" for n, x, y in ROWS)
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1252"))
    return path


FIT = ("--batch-size", "full", "--learning-rate", "auto", "--epochs", "3000", "--quiet")


def test_a_spreadsheet_export_is_read_when_its_format_is_stated(export: Path) -> None:
    done = run("fit", export, "--target", "y", "--features", "x", "--encoding", "cp1252", "--decimal", ",",
               "--drop-missing", *FIT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"read from {export}; dropped 1 row (line 3) with an empty cell (--drop-missing)" in done.stdout
    # José's row is left out: the line through the other four, by the standard library.
    kept = [(x, y) for _, x, y in ROWS if x is not None]
    exact = statistics.linear_regression([x for x, _ in kept], [y for _, y in kept])
    found = re.search(r"^y = ([\d.]+)\*x \+ ([\d.]+)$", done.stdout, re.MULTILINE)
    assert found, done.stdout
    assert float(found.group(1)) == pytest.approx(exact.slope, rel=1e-5)
    assert float(found.group(2)) == pytest.approx(exact.intercept, rel=1e-5)


def test_each_format_option_is_named_when_it_is_missing(export: Path) -> None:
    base = ("fit", export, "--target", "y", *FIT)
    user_error(run(*base), "not UTF-8 text (byte 0xeb)", "--encoding cp1252")
    line = user_error(run(*base, "--encoding", "cp1252"), "'name'", "'Zoë'", "with --features")
    assert "features=" not in line  # the Python spelling is for the Python API
    user_error(run(*base, "--encoding", "cp1252", "--features", "x"), "'1,5'", "add --decimal ,")
    user_error(
        run(*base, "--encoding", "cp1252", "--features", "x", "--decimal", ","),
        "line 3, column 'x': the cell is empty",
        "--drop-missing skips such rows",
    )


def test_bad_format_options(export: Path) -> None:
    # an encoding Python does not know
    user_error(run("fit", export, "--target", "y", "--encoding", "klingon"), "--encoding must name a text")
    # a decimal mark that is neither '.' nor ',' is a usage error
    assert run("fit", export, "--target", "y", "--decimal", ";").returncode == 2
    # reading options without a file to read
    user_error(run("explain", "--encoding", "cp1252", "--drop-missing"), "--encoding, --drop-missing", "CSV")


def test_explain_reads_the_same_options(export: Path) -> None:
    stated = ("--encoding", "cp1252", "--decimal", ",", "--drop-missing")
    done = run("explain", export, "--target", "y", "--features", "x", *stated)
    assert done.returncode == 0, done.stderr
    assert "dropped 1 row (line 3)" in done.stdout


def test_predict_reads_the_same_formats_and_names_its_options(export: Path, tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    stated = ("--encoding", "cp1252", "--decimal", ",")
    training = ("--target", "y", "--features", "x", "--drop-missing", "--save", model)
    fitted = run("fit", export, *training, *stated, *FIT)
    assert fitted.returncode == 0, fitted.stderr
    saved = json.loads(model.read_text(encoding="utf-8"))
    w, b = saved["weights"][0], saved["bias"]
    # new rows from the same spreadsheet: cp1252, ';', decimal commas, a text column
    new = tmp_path / "new.csv"
    new.write_bytes("name;x\r\nZoë;1,5\r\nÅsa;-2,25\r\n".encode("cp1252"))
    done = run("predict", model, new, *stated)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "predicted_y"
    assert [float(v) for v in lines[1:]] == pytest.approx([w * 1.5 + b, w * -2.25 + b], rel=1e-12)
    # each missing option named in the command line's words, not the Python API's
    line = user_error(run("predict", model, new), "not UTF-8 text", "--encoding cp1252")
    assert "encoding=" not in line
    line = user_error(run("predict", model, new, "--encoding", "cp1252"), "'1,5'", "add --decimal ,")
    assert "decimal=" not in line
    user_error(run("predict", model, new, "--encoding", "klingon"), "--encoding must name a text")


def test_delimiter_reads_quoted_decimal_commas_and_tabs(tmp_path: Path) -> None:
    xs, ys = [1.5, 2.0, 3.5, 5.0], [4.25, 5.25, 8.0, 11.5]
    exact = statistics.linear_regression(xs, ys)
    quoted = tmp_path / "quoted.csv"  # ',' between cells, and every number quoted because of its ','
    quoted.write_text("x,y\n" + "".join(f'"{x}","{y}"\n'.replace(".", ",") for x, y in zip(xs, ys)))
    tabbed = tmp_path / "tabbed.csv"  # a tab between cells, and a ';' inside a text cell
    tabbed.write_text("note\tx\ty\n" + "".join(f"a;b\t{x}\t{y}\n" for x, y in zip(xs, ys)))
    line = user_error(run("fit", quoted, "--target", "y", "--decimal", ",", *FIT), "add --delimiter ,")
    assert "delimiter=" not in line
    for path, stated in ((quoted, ("--decimal", ",", "--delimiter", ",")), (tabbed, ("--delimiter", "tab"))):
        done = run("fit", path, "--target", "y", "--features", "x", *stated, *FIT)
        assert done.returncode == 0, done.stderr
        found = re.search(r"^y = ([\d.]+)\*x \+ ([\d.]+)$", done.stdout, re.MULTILINE)
        assert found, done.stdout
        assert float(found.group(1)) == pytest.approx(exact.slope, rel=1e-5)
        assert float(found.group(2)) == pytest.approx(exact.intercept, rel=1e-5)
    # the tab file read with ';' is one wrong column, named
    user_error(run("fit", tabbed, "--target", "y", "--delimiter", ";", *FIT), "column 'y'")
    # a separator that is not offered is a usage error; and the option needs a file
    assert run("fit", tabbed, "--target", "y", "--delimiter", "|").returncode == 2
    user_error(run("explain", "--delimiter", "tab"), "--delimiter", "CSV")


# --test-size


@pytest.fixture
def heights(tmp_path: Path) -> Path:
    data = galton()
    path = tmp_path / "galton.csv"
    path.write_text("parent,child\n" + "".join(f"{x[0]},{y}\n" for x, y in zip(data.X, data.y)))
    return path


def scores(stdout: str, part: str) -> list[float]:
    found = re.search(rf"^{part} +(\d+)((?: +[-\d.e]+)+)$", stdout, re.MULTILINE)
    assert found, stdout
    return [float(found.group(1)), *map(float, found.group(2).split())]


def test_test_size_holds_out_the_stated_rows_and_scores_both_parts(heights: Path, tmp_path: Path) -> None:
    model_file = tmp_path / "model.json"
    done = run("fit", heights, "--target", "child", "--test-size", "0.2", "--seed", "3", "--standardize",
               "--save", model_file, "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "held out 186 of 928 rows for testing (--test-size 0.2)" in done.stdout  # ⌈0.2·928⌉ = 186
    assert re.search(r"^ +rows +MSE +RMSE +MAE +R²$", done.stdout, re.MULTILINE), done.stdout
    # The split as stated, the saved model's line, and the scores by hand.
    data = galton()
    test = set(random.Random(3).sample(range(928), 186))
    saved = json.loads(model_file.read_text())
    assert saved["training"]["test_size"] == pytest.approx(0.2, rel=0.0)  # the file says so
    w, b = saved["weights"][0], saved["bias"]
    for part, rows in (("training", [i for i in range(928) if i not in test]), ("test", sorted(test))):
        x = [data.X[i][0] for i in rows]
        y = [data.y[i] for i in rows]
        residuals = [y_i - (w * x_i + b) for x_i, y_i in zip(x, y)]
        mse = statistics.fmean([r * r for r in residuals])
        r2 = 1 - sum(r * r for r in residuals) / ((len(y) - 1) * statistics.variance(y))
        expected = [len(rows), mse, math.sqrt(mse), statistics.fmean(map(abs, residuals)), r2]
        assert scores(done.stdout, part) == pytest.approx(expected, rel=1e-5)
    # fitted on the training rows only: their least-squares line, not the whole data's
    train = [i for i in range(928) if i not in test]
    exact = statistics.linear_regression([data.X[i][0] for i in train], [data.y[i] for i in train])
    assert w == pytest.approx(exact.slope, rel=1e-2)


def test_test_size_for_logistic_regression_reports_accuracy(tmp_path: Path) -> None:
    path = tmp_path / "classes.csv"
    path.write_text("x,y\n" + "".join(f"{x},{int(x > 4.5)}\n" for x in range(10)))
    done = run("fit", path, "--target", "y", "--loss", "log", "--test-size", "0.3", "--epochs", "500",
               "--learning-rate", "0.5", "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert re.search(r"^ +rows +accuracy$", done.stdout, re.MULTILINE), done.stdout
    assert scores(done.stdout, "training")[0] == 7
    assert scores(done.stdout, "test")[0] == 3


def test_bad_test_sizes(heights: Path, tmp_path: Path) -> None:
    for fraction in ("1.5", "0"):
        user_error(run("fit", heights, "--target", "child", "--test-size", fraction), "--test-size must be")
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("x,y\n1,2\n2,3\n")
    user_error(run("fit", tiny, "--target", "y", "--test-size", "0.9"), "holds out 2 of the 2 rows")


def test_predict_and_explain_read_the_delimiter_they_are_given(tmp_path: Path) -> None:
    # --delimiter belongs to every command that reads a CSV: a ';' inside a text cell of a tab file
    xs, ys = [1.5, 2.0, 3.5, 5.0], [4.25, 5.25, 8.0, 11.5]
    tabbed = tmp_path / "tabbed.csv"
    tabbed.write_text("note\tx\ty\n" + "".join(f"a;b\t{x}\t{y}\n" for x, y in zip(xs, ys)))
    model = tmp_path / "m.json"
    training = ("--target", "y", "--features", "x", "--delimiter", "tab", "--save", model)
    fitted = run("fit", tabbed, *training, *FIT)
    assert fitted.returncode == 0, fitted.stderr
    saved = json.loads(model.read_text(encoding="utf-8"))
    done = run("predict", model, tabbed, "--delimiter", "tab")
    assert done.returncode == 0, done.stderr
    expected = [saved["weights"][0] * x + saved["bias"] for x in xs]
    assert [float(v) for v in done.stdout.splitlines()[1:]] == pytest.approx(expected, rel=1e-12)
    user_error(run("predict", model, tabbed, "--delimiter", ";"), "no column 'x'")  # cut at the ';'
    explained = run("explain", tabbed, "--target", "y", "--features", "x", "--delimiter", "tab")
    assert explained.returncode == 0, explained.stderr
    assert "tabbed.csv: 4 rows, 1 feature" in explained.stdout
