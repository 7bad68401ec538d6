"""Hostile and odd input at every public entry point, as one table of cases.

Each case is a call and what must come of it: either the right answer,
checked against a value worked out by hand (or by ``statistics``), or a
gdlearn error (a ``GDLearnError``, so a ``ValueError``) whose message names
the problem. Nothing may escape as a bare OverflowError, TypeError,
AttributeError or traceback, and nothing may come back as a silent nan.

What is tested elsewhere is not repeated here:

- ``load_csv`` on each hostile file (empty, header only, blank lines, a
  missing cell, a text cell with its line and column, quoted numbers, a
  byte-order mark, Windows line endings, ';', a repeated or missing column,
  a text target, non-UTF-8, a long line, binary, a directory) is in
  tests/io/test_csv_files.py (GOOD, BAD, test_directory_instead_of_file). Here
  the same kinds of file go through ``gdlearn fit``, which must answer
  with exit status 0, or 1 and one line.
- nan and ±inf in ``fit``, bad hyperparameter types and values, and the
  Python types that ``fit`` refuses are in tests/test_bad_input.py; here
  the other entry points get them.
- Malformed model files (truncated, the wrong shape, the wrong number of
  weights, a future version) and a CSV whose columns do not match the
  model are in tests/io/test_model_files.py and tests/cli/test_commands.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from gdlearn import (
    MAE,
    MSE,
    DataError,
    DivergenceError,
    GDLearnError,
    GradientDescent,
    Huber,
    LinearModel,
    Objective,
    ParameterError,
    Quadratic,
    Rosenbrock,
    Standardizer,
    check_gradient,
    fit,
    least_squares,
    load_model,
    save_model,
    stable_learning_rate,
)
from gdlearn.cli import main
from gdlearn.datasets import galton, mtcars
from gdlearn.io.csv_files import MAX_LINE

nan, inf = math.nan, math.inf
X3 = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
Y3 = [1.0, 2.0, 3.0]


# ---------------------------------------------------------------- outcomes


class Refused(NamedTuple):
    """The call must raise ``error`` with every one of ``words`` in its message."""

    error: type[GDLearnError]
    words: tuple[str, ...]


class _OtherModel(LinearModel):
    """A LinearModel subclass that model files cannot name."""


def refused(error: type[GDLearnError], *words: str) -> Refused:
    return Refused(error, words)


Check = Callable[[Any], None]


def approx(expected: Any, *, rel: float = 0.0, abs: float = 0.0) -> Check:
    """The call returns ``expected`` within the stated tolerances."""

    def check(value: Any) -> None:
        assert value == pytest.approx(expected, rel=rel, abs=abs)

    return check


def equals(expected: str | int) -> Check:
    """The call returns exactly ``expected`` (a string or an integer, never a float)."""

    def check(value: Any) -> None:
        assert value == expected

    return check


def theta_of(expected: list[float], *, rel: float = 0.0, abs: float = 0.0) -> Check:
    """The call returns a model or a result whose θ is ``expected``."""

    def check(value: Any) -> None:
        theta = value.model.theta if hasattr(value, "model") else list(value.theta)
        assert theta == pytest.approx(expected, rel=rel, abs=abs)

    return check


# ---------------------------------------------------------------- the command line, in-process


class Ran(NamedTuple):
    status: int
    out: str
    err: str


def gdlearn(*args: str) -> Ran:
    """``gdlearn ARGS`` run by ``cli.main`` in this process, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return Ran(status, out.getvalue(), err.getvalue())


def fit_csv(content: bytes, *options: str) -> Callable[[Path], Ran]:
    """``gdlearn fit data.csv --target y OPTIONS`` on a file holding ``content``."""

    def call(folder: Path) -> Ran:
        path = folder / "data.csv"
        path.write_bytes(content)
        return gdlearn("fit", str(path), "--target", "y", *options)

    return call


def user_error(*words: str) -> Check:
    """Exit status 1 and one line on stderr, 'gdlearn: error: …', naming the problem."""

    def check(ran: Ran) -> None:
        assert ran.status == 1, ran
        lines = ran.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("gdlearn: error: "), lines
        for word in words:
            assert word in lines[0], (word, lines[0])

    return check


def fitted(*words: str) -> Check:
    """Exit status 0, nothing on stderr, and ``words`` in the output."""

    def check(ran: Ran) -> None:
        assert ran.status == 0 and ran.err == "", ran
        for word in words:
            assert word in ran.out, (word, ran.out)

    return check


# y = 2a + 1 exactly; batch GD with these options reaches it to far below the 6 digits printed.
EXACT = ("--batch-size", "full", "--learning-rate", "0.1", "--epochs", "2000")
LINE = ("3 rows, 1 feature,", "y = 2*a + 1")


# ---------------------------------------------------------------- helpers for single cases


def objective_as_function(folder: Path) -> Any:
    J = Objective(LinearModel(2), "mse", X3, Y3)
    return GradientDescent(1e300).minimize_function(J, [0.0, 0.0, 0.0])


class TextGradient:
    def value(self, theta: list[float]) -> float:
        return 1.0

    def gradient(self, theta: list[float]) -> list[Any]:
        return ["a"]


class NanValue:
    def value(self, theta: list[float]) -> float:
        return nan

    def gradient(self, theta: list[float]) -> list[float]:
        return [0.0]


def numpy_least_squares(folder: Path) -> Any:
    np = pytest.importorskip("numpy")
    return least_squares(np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0]))


def numpy_scalars(folder: Path) -> Any:
    np = pytest.importorskip("numpy")
    model = LinearModel(2, theta=[np.float64(2.0), np.int64(-1), np.float32(0.5)])
    return model.predict([[np.int64(3), np.float64(1.0)]])


def numpy_nan(folder: Path) -> Any:
    np = pytest.importorskip("numpy")
    return Standardizer.fit(np.array([[1.0], [np.nan]]))


def numpy_bool(folder: Path) -> Any:
    np = pytest.importorskip("numpy")
    return LinearModel(1).predict([[np.bool_(True)]])


def model_file(folder: Path, text: str | bytes) -> Path:
    path = folder / "model.json"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


MODEL = {
    "format": "gdlearn-model",
    "version": 1,
    "feature_names": ["a", "b"],
    "target_name": "y",
    "weights": [2.0, -1.0],
    "bias": 0.5,
    "fit_intercept": True,
    "training": {},
}


def galton_after_mutation(folder: Path) -> Any:
    first = galton()
    first.X[0][0] = -1.0  # a user edits the rows they were given
    first.y.clear()
    return galton()


def galton_pristine(data: Any) -> None:
    assert data.n_samples == 928 and len(data.y) == 928
    assert data.X[0] == pytest.approx([70.5], rel=1e-15)  # the first row of the file
    assert data.y[0] == pytest.approx(61.7, rel=1e-15)


def predict_with_text_cell(folder: Path) -> Ran:
    path = model_file(folder, json.dumps(MODEL))
    data = folder / "new.csv"
    data.write_text("a,b\n1,2\n3,four\n", encoding="utf-8")
    return gdlearn("predict", str(path), str(data))


def history_every_10(folder: Path) -> tuple[Ran, list[str]]:
    path = folder / "data.csv"
    path.write_text("a,y\n0,1\n1,3\n2,5\n3,7\n", encoding="utf-8")
    history = folder / "h.csv"
    ran = gdlearn(
        "fit",
        str(path),
        "--target",
        "y",
        "--batch-size",
        "1",
        "--epochs",
        "9",
        "--record-every",
        "10",
        "--history",
        str(history),
    )
    return ran, history.read_text(encoding="utf-8").splitlines()


def every_10th_update(value: tuple[Ran, list[str]]) -> None:
    ran, lines = value
    assert ran.status == 0 and "36 updates in 9 epochs" in ran.out, ran  # 4 rows, one per update, 9 epochs
    # 9 epochs of stochastic GD at a constant rate do not converge: one warning line says so
    assert ran.err.startswith("gdlearn: warning: the run did not converge") and ran.err.count("\n") == 1
    steps = [int(line.split(",")[1]) for line in lines if line.startswith("iteration,")]
    assert steps == [0, 10, 20, 30]  # updates 0, 10, 20, 30 of 0…35
    assert sum(line.startswith("epoch,") for line in lines) == 10  # every epoch, and the start


CONSTANT = b"a,c,y\n0,7,1\n1,7,3\n2,7,5\n"


# ---------------------------------------------------------------- the table

CASES = [
    # ---- CSV files through `gdlearn fit`: exit 0 with the right line, or exit 1 and one line
    # blank lines before the header, between rows and at the end are skipped
    pytest.param(fit_csv(b"\n\na,y\n0,1\n\n1,3\n  \n2,5\n\n", *EXACT), fitted(*LINE), id="csv-blank-lines"),
    # quoted numbers, with spaces inside the quotes
    pytest.param(fit_csv(b'"a","y"\n"0","1"\n" 1 ",3\n2,"5"\n', *EXACT), fitted(*LINE), id="csv-quoted"),
    # a UTF-8 byte-order mark does not stick to the first column's name
    pytest.param(fit_csv(b"\xef\xbb\xbfa,y\n0,1\n1,3\n2,5\n", *EXACT), fitted(*LINE), id="csv-bom"),
    # Windows line endings
    pytest.param(fit_csv(b"a,y\r\n0,1\r\n1,3\r\n2,5\r\n", *EXACT), fitted(*LINE), id="csv-crlf"),
    # ';' as the delimiter
    pytest.param(fit_csv(b"a;y\n0;1\n1;3\n2;5\n", *EXACT), fitted(*LINE), id="csv-semicolon"),
    # an empty file
    pytest.param(fit_csv(b""), user_error("data.csv is empty"), id="csv-empty"),
    # a header and no rows
    pytest.param(fit_csv(b"a,y\n"), user_error("header but no data rows"), id="csv-header-only"),
    # a missing cell: its line and column
    pytest.param(
        fit_csv(b"a,y\n0,1\n,3\n"), user_error("line 3, column 'a'", "empty"), id="csv-missing-cell"
    ),
    # a word among numbers: its line, column and text
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\nabc,5\n"), user_error("line 4, column 'a'", "'abc'"), id="csv-text"
    ),
    # a column name used twice
    pytest.param(fit_csv(b"a,a,y\n1,2,3\n"), user_error("repeats the name 'a'"), id="csv-duplicate-name"),
    # no column called y; the columns are listed
    pytest.param(fit_csv(b"a,b\n1,2\n"), user_error("no column 'y'", "'a', 'b'"), id="csv-no-target"),
    # a target that is not a number
    pytest.param(
        fit_csv(b"a,y\n1,2\n2,lots\n"),
        user_error("line 3, column 'y'", "target must be a number"),
        id="csv-text-target",
    ),
    # Latin-1, not UTF-8
    pytest.param(
        fit_csv("a,y\n1,2\ncafé,3\n".encode("latin-1")),
        user_error("line 3", "not UTF-8", "0xe9"),
        id="csv-latin-1",
    ),
    # a line of more than MAX_LINE characters
    pytest.param(
        fit_csv(b"a,y\n" + b"1" * (MAX_LINE + 10) + b",2\n"),
        user_error("line 2", "longer than"),
        id="csv-long-line",
    ),
    # a gzip file renamed .csv
    pytest.param(
        fit_csv(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), user_error("NUL", "binary"), id="csv-binary"
    ),
    # a folder where the file should be
    pytest.param(
        lambda folder: gdlearn("fit", str(folder), "--target", "y"),
        user_error("is a directory"),
        id="csv-directory",
    ),
    # nan in a cell
    pytest.param(
        fit_csv(b"a,y\n1,nan\n"), user_error("line 2, column 'y'", "not a finite number"), id="csv-nan"
    ),
    # a number beyond the largest float
    pytest.param(
        fit_csv(b"a,y\n1e400,1\n2,3\n"), user_error("line 2, column 'a'", "too large"), id="csv-1e400"
    ),
    # --standardize on a constant column: named, and left for the user to drop
    pytest.param(
        fit_csv(CONSTANT, "--standardize"),
        user_error("column 1 ('c') is constant"),
        id="csv-standardize-constant",
    ),
    # ---- values: nan and ±inf at the entry points other than fit
    # nan in y for least squares
    pytest.param(
        lambda _: least_squares([[1.0], [2.0]], [1.0, nan]),
        refused(DataError, "y[1] must be finite, got nan"),
        id="nan-y-least-squares",
    ),
    # inf in X for the standardizer
    pytest.param(
        lambda _: Standardizer.fit([[1.0], [inf]]),
        refused(DataError, "X row 1, column 0", "got inf"),
        id="inf-x-standardizer",
    ),
    # -inf in X for the stable learning rate
    pytest.param(
        lambda _: stable_learning_rate([[1.0], [-inf]]),
        refused(DataError, "X row 1, column 0", "-inf"),
        id="minus-inf-stable-rate",
    ),
    # nan in the rows to predict
    pytest.param(
        lambda _: LinearModel(1).predict([[1.0], [nan]]),
        refused(DataError, "X row 1, column 0", "nan"),
        id="nan-predict",
    ),
    # inf as a target of a loss
    pytest.param(
        lambda _: MSE().value([1.0], [inf]),
        refused(DataError, "y_true[0] must be finite, got inf"),
        id="inf-loss-target",
    ),
    # ---- values near the ends of the float range
    # features near 1e308: the gradient overflows; divergence, not a DataError about θ or an OverflowError
    pytest.param(
        lambda _: fit([[1e308], [1e308]], [1.0, 2.0]),
        refused(DivergenceError, "diverged", "standardise"),
        id="x-1e308-fit",
    ),
    # features near 1e200: the curvature λ_max overflows a float
    pytest.param(
        lambda _: stable_learning_rate([[1e200], [2e200]]),
        refused(DataError, "too large", "standardise"),
        id="x-1e200-stable-rate",
    ),
    # the same for learning_rate="auto", which needs λ_max
    pytest.param(
        lambda _: fit([[1e200], [2e200]], [1.0, 2.0], learning_rate="auto"),
        refused(DataError, "too large"),
        id="x-1e200-auto-rate",
    ),
    # targets near ±1e308: y = 1e308·[1, −1, 1] on x = 1, 2, 3 gives w = 0, b = 1e308/3
    pytest.param(
        lambda _: least_squares([[1.0], [2.0], [3.0]], [1e308, -1e308, 1e308]),
        theta_of([0.0, 1e308 / 3], rel=1e-12, abs=1e293),
        id="y-1e308-least-squares",
    ),
    # features near 1e-308: the slope of y on x′ = 1, 2, 4 is 9/14 and the intercept ½, so w = (9/14)·1e308
    pytest.param(
        lambda _: least_squares([[1e-308], [2e-308], [4e-308]], [1.0, 2.0, 3.0]),
        theta_of([9 / 14 * 1e308, 0.5], rel=1e-12),
        id="x-1e-308-least-squares",
    ),
    # subnormal features: w barely moves, b reaches the mean of y, 1.5
    pytest.param(
        lambda _: fit([[5e-324], [1e-323]], [1.0, 2.0], learning_rate=0.1, epochs=500).model.bias,
        approx(1.5, rel=1e-12),
        id="x-subnormal-fit",
    ),
    # the largest finite penalty sum is inf, not an OverflowError from fsum
    pytest.param(
        lambda _: Objective(LinearModel(2), "mse", X3, Y3, l1=1.0).value([1e308, 1e308, 0.0]),
        approx(inf),
        id="penalty-overflow-objective",
    ),
    # residuals of 2e308 overflow: the Huber loss is inf, as its true value is beyond a float
    pytest.param(lambda _: Huber().value([1e308, 1e308], [-1e308, -1e308]), approx(inf), id="huber-overflow"),
    # ---- shapes: one row, one feature, constant columns, duplicates, more features than rows
    # a single row: gradient descent fits it exactly
    pytest.param(
        lambda _: fit([[2.0]], [5.0], learning_rate=0.05, epochs=500).model.predict_one([2.0]),
        approx(5.0, abs=1e-12),
        id="single-row-fit",
    ),
    # a single row without intercept has one answer, w = 5/2
    pytest.param(
        lambda _: least_squares([[2.0]], [5.0], fit_intercept=False),
        theta_of([2.5], rel=1e-15),
        id="single-row-least-squares",
    ),
    # a single feature without intercept: H = (2/n)Σx² = (2/2)(1 + 4) = 5, so the limit is 2/5
    pytest.param(
        lambda _: stable_learning_rate([[1.0], [2.0]], fit_intercept=False).limit,
        approx(0.4, rel=1e-9),
        id="single-feature-stable-rate",
    ),
    # a constant feature: GD still reaches the least-squares loss of the line on a alone (0.043/4)
    pytest.param(
        lambda _: (
            fit(
                [[0, 7], [1, 7], [2, 7], [3, 7]], [1, 2.9, 5.2, 7], learning_rate=0.01, epochs=3000
            ).final_loss
        ),
        approx(0.01075, rel=1e-9),
        id="constant-feature-fit",
    ),
    # a constant target: the flat line y = 5
    pytest.param(
        lambda _: least_squares([[1.0], [2.0], [3.0]], [5.0, 5.0, 5.0]),
        theta_of([0.0, 5.0], abs=1e-12),
        id="constant-target-least-squares",
    ),
    # the same by gradient descent
    pytest.param(
        lambda _: fit([[1.0], [2.0], [3.0]], [5.0, 5.0, 5.0], learning_rate=0.1, epochs=2000),
        theta_of([0.0, 5.0], abs=1e-9),
        id="constant-target-fit",
    ),
    # duplicated rows are data: (0, 0) twice and (1, 3) lie on y = 3x
    pytest.param(
        lambda _: least_squares([[0.0], [0.0], [1.0]], [0.0, 0.0, 3.0]),
        theta_of([3.0, 0.0], abs=1e-12),
        id="duplicated-rows",
    ),
    # a duplicated column: both weights get the same steps and share y = 2x as 1 + 1
    pytest.param(
        lambda _: fit(
            [[1, 1], [2, 2], [3, 3]], [2, 4, 6], learning_rate=0.05, epochs=500, fit_intercept=False
        ),
        theta_of([1.0, 1.0], abs=1e-9),
        id="duplicated-column-fit",
    ),
    # more features than rows: least squares has no unique answer and says so
    pytest.param(
        lambda _: least_squares([[1, 2, 3], [4, 5, 6]], [1, 2]),
        refused(DataError, "2 rows for 4 parameters", "undetermined"),
        id="wide-least-squares",
    ),
    # ... ridge has one: (2w − 2)² + w² + w² is least at w = 2/3
    pytest.param(
        lambda _: least_squares([[1, 1]], [2], fit_intercept=False, l2=1.0),
        theta_of([2 / 3, 2 / 3], rel=1e-12),
        id="wide-ridge",
    ),
    # ... and gradient descent interpolates the rows
    pytest.param(
        lambda _: fit([[1, 2, 3], [4, 5, 6]], [1, 2], learning_rate=0.01, epochs=3000).final_loss,
        approx(0.0, abs=1e-20),
        id="wide-fit",
    ),
    # ---- Python input
    # a bool where a number is meant
    pytest.param(
        lambda _: LinearModel(1).predict([[True]]), refused(DataError, "got True (bool)"), id="bool-predict"
    ),
    # Decimals: y = 2x + 1 exactly
    pytest.param(
        lambda _: least_squares([[Decimal("0.5")], [Decimal("1.5")]], [Decimal(2), Decimal(4)]),
        theta_of([2.0, 1.0], rel=1e-15),
        id="decimals",
    ),
    # Fractions: (1/3 − 0)² = 1/9
    pytest.param(lambda _: MSE().value([Fraction(1, 3)], [0]), approx(1 / 9, rel=1e-15), id="fractions"),
    # a Fraction too large for a float
    pytest.param(
        lambda _: Standardizer.fit([[Fraction(10**400, 3)], [1]]),
        refused(DataError, "must fit in a float"),
        id="fraction-too-large",
    ),
    # Decimal NaN
    pytest.param(
        lambda _: least_squares([[1.0], [2.0]], [Decimal("NaN"), 1]),
        refused(DataError, "y[0]", "nan"),
        id="decimal-nan",
    ),
    # numpy arrays (skipped without numpy)
    pytest.param(numpy_least_squares, theta_of([2.0, 1.0], rel=1e-15, abs=1e-15), id="numpy-arrays"),
    # numpy scalars of three types: 2·3 − 1·1 + 0.5
    pytest.param(numpy_scalars, approx([5.5], rel=1e-15), id="numpy-scalars"),
    # numpy nan
    pytest.param(numpy_nan, refused(DataError, "X row 1, column 0 must be finite"), id="numpy-nan"),
    # numpy's bool is no more a number than Python's
    pytest.param(numpy_bool, refused(DataError, "must be a real number"), id="numpy-bool"),
    # generators of generators
    pytest.param(
        lambda _: least_squares(((v for v in row) for row in [[0], [1], [2]]), (v for v in [1, 3, 5])),
        theta_of([2.0, 1.0], rel=1e-15),
        id="generators",
    ),
    # tuples: μ = 2, s = 1
    pytest.param(lambda _: Standardizer.fit(((1,), (3,))).scale, approx((1.0,), rel=1e-15), id="tuples"),
    # rows one level too deep
    pytest.param(
        lambda _: least_squares([[[1.0]], [[2.0]]], [1, 2]),
        refused(DataError, "got [1.0] (list)"),
        id="depth-3",
    ),
    # a flat list where rows are expected
    pytest.param(
        lambda _: least_squares([1.0, 2.0], [1, 2]),
        refused(DataError, "X row 0 must be a sequence"),
        id="depth-1",
    ),
    # None as y
    pytest.param(
        lambda _: least_squares([[1.0]], None),
        refused(DataError, "y must be a sequence", "None"),
        id="none-y",
    ),
    # None as X
    pytest.param(
        lambda _: Standardizer.fit(None), refused(DataError, "X must be a sequence", "None"), id="none-x"
    ),
    # strings as rows
    pytest.param(
        lambda _: fit(["12", "34"], [1, 2]),
        refused(DataError, "X row 0 must be a sequence", "'12'"),
        id="string-rows",
    ),
    # a string as targets
    pytest.param(
        lambda _: MAE().value([1, 2], "12"),
        refused(DataError, "y_true must be a sequence", "'12'"),
        id="string-y",
    ),
    # sets have no order, so no columns
    pytest.param(
        lambda _: fit([{1.0, 2.0}, {3.0, 4.0}], [1, 2]),
        refused(DataError, "ordered", "got a set"),
        id="set-rows",
    ),
    # a dict of columns
    pytest.param(
        lambda _: least_squares({"a": [1, 2]}, [1, 2]),
        refused(DataError, "ordered", "got a dict"),
        id="dict-x",
    ),
    # complex numbers
    pytest.param(
        lambda _: Objective(LinearModel(1), "mse", [[1j]], [1]),
        refused(DataError, "1j (complex)"),
        id="complex",
    ),
    # ---- hyperparameters at extreme values
    # η = 1e300, batch GD: DivergenceError with the stability limit, not OverflowError
    pytest.param(
        lambda _: fit(X3, Y3, learning_rate=1e300),
        refused(DivergenceError, "above the stability limit"),
        id="rate-1e300-batch",
    ),
    # η = 1e300, stochastic
    pytest.param(
        lambda _: fit(X3, Y3, learning_rate=1e300, batch_size=1),
        refused(DivergenceError, "diverged"),
        id="rate-1e300-sgd",
    ),
    # η = 1e300 with an L1 penalty, whose sum overflows
    pytest.param(
        lambda _: fit(X3, Y3, learning_rate=1e300, l1=0.1),
        refused(DivergenceError, "diverged"),
        id="rate-1e300-l1",
    ),
    # η = 1e300 on the Huber loss
    pytest.param(
        lambda _: fit(X3, Y3, learning_rate=1e300, loss="huber"),
        refused(DivergenceError, "diverged"),
        id="rate-1e300-huber",
    ),
    # η = 1e300 on logistic regression
    pytest.param(
        lambda _: fit(X3, [0, 1, 1], learning_rate=1e300, loss="log"),
        refused(DivergenceError, "diverged"),
        id="rate-1e300-log",
    ),
    # η = 1e300 for Adam
    pytest.param(
        lambda _: fit(X3, Y3, learning_rate=1e300, optimizer="adam"),
        refused(DivergenceError, "Adam"),
        id="rate-1e300-adam",
    ),
    # η = 1e300 on a bowl whose curvature is 1: the limit is 2
    pytest.param(
        lambda _: GradientDescent(1e300).minimize_function(Quadratic([[1.0]], [1.0]), [0.5]),
        refused(DivergenceError, "stability limit of about 2"),
        id="rate-1e300-bowl",
    ),
    # η = 1e300 on an Objective minimised as a plain function, whose value refuses an infinite θ
    pytest.param(
        objective_as_function, refused(DivergenceError, "diverged after 1 update:"), id="rate-1e300-objective"
    ),
    # η = 1e-300: three steps of −η∇J(0), with ∇J(0) = (2/2)·[−1·1 − 2·2, −1 − 2] = [−5, −3]
    pytest.param(
        lambda _: fit([[1.0], [2.0]], [1.0, 2.0], learning_rate=1e-300, epochs=3),
        theta_of([1.5e-299, 9e-300], rel=1e-12),
        id="rate-1e-300",
    ),
    # a Fraction as the rate
    pytest.param(
        lambda _: GradientDescent(Fraction(1, 10)).learning_rate, approx(0.1, rel=1e-15), id="rate-fraction"
    ),
    # a trillion epochs with tol: stops once the loss stops improving
    pytest.param(
        lambda _: fit(X3, Y3, learning_rate=0.01, epochs=10**12, tol=1e-6).stop_reason,
        equals("converged"),
        id="epochs-1e12-tol",
    ),
    # an infinite tol
    pytest.param(
        lambda _: fit(X3, Y3, tol=inf),
        refused(ParameterError, "tol must be a positive finite number, got inf"),
        id="tol-inf",
    ),
    # record_every 0
    pytest.param(
        lambda _: fit(X3, Y3, record_every=0),
        refused(ParameterError, "record_every must be a whole number"),
        id="record-every-0",
    ),
    # ---- the other entry points, given the wrong kind of thing
    # a model that is not a model
    pytest.param(
        lambda _: Objective(None, "mse", [[1.0]], [1.0]),
        refused(ParameterError, "model must be a Model", "lacks n_features"),
        id="objective-no-model",
    ),
    # log-loss targets that are not classes
    pytest.param(
        lambda _: Objective(LinearModel(1), "log", [[1.0], [2.0]], [0, 2]),
        refused(DataError, "y[1]", "0 or 1"),
        id="objective-log-targets",
    ),
    # minimize needs rows; None has none
    pytest.param(
        lambda _: GradientDescent(0.1).minimize(None),
        refused(ParameterError, "an objective over rows"),
        id="minimize-none",
    ),
    # minimize given a plain function is pointed at minimize_function
    pytest.param(
        lambda _: GradientDescent(0.1).minimize(Rosenbrock()),
        refused(ParameterError, "minimize_function"),
        id="minimize-function",
    ),
    # minimize_function given None
    pytest.param(
        lambda _: GradientDescent(0.1).minimize_function(None, [0.0]),
        refused(ParameterError, "Differentiable"),
        id="minimize-function-none",
    ),
    # check_gradient given None
    pytest.param(
        lambda _: check_gradient(None, [1.0]), refused(ParameterError, "Differentiable"), id="check-none"
    ),
    # a gradient made of text
    pytest.param(
        lambda _: check_gradient(TextGradient(), [1.0]),
        refused(DataError, "gradient[0]", "'a'"),
        id="check-text-gradient",
    ),
    # a function whose value is nan: no silent nan errors in the result
    pytest.param(
        lambda _: check_gradient(NanValue(), [1.0]), refused(DataError, "not finite"), id="check-nan-value"
    ),
    # Rosenbrock's gradient at 1e200 overflows
    pytest.param(
        lambda _: check_gradient(Rosenbrock(), [1e200, 1e200]),
        refused(DataError, "gradient[0]", "inf"),
        id="check-overflow",
    ),
    # a float number of features
    pytest.param(
        lambda _: LinearModel(2.0),
        refused(ParameterError, "n_features must be a whole number ≥ 1, got 2.0"),
        id="model-float-features",
    ),
    # θ and x as tuples: 1·1 + 2·1 + 3
    pytest.param(
        lambda _: LinearModel(2, theta=(1, 2, 3)).predict_one((1, 1)),
        approx(6.0, rel=1e-15),
        id="model-tuples",
    ),
    # a Huber δ of 0
    pytest.param(
        lambda _: Huber(delta=0),
        refused(ParameterError, "delta must be a positive finite number, got 0"),
        id="huber-delta-0",
    ),
    # ---- model files
    # a model class the file format does not know would come back as another class
    pytest.param(
        lambda f: save_model(
            f / "m.json", _OtherModel(1), feature_names=["a"], target_name="y", training={}
        ),
        refused(ParameterError, "got _OtherModel"),
        id="save-unknown-model-class",
    ),
    # no path
    pytest.param(
        lambda _: save_model(None, LinearModel(1), feature_names=["a"], target_name="y", training={}),
        refused(ParameterError, "must be a file name or path, got None"),
        id="save-none-path",
    ),
    # a folder as the path
    pytest.param(
        lambda f: save_model(f, LinearModel(1), feature_names=["a"], target_name="y", training={}),
        refused(GDLearnError, "it is a folder"),
        id="save-folder",
    ),
    # a number as the path
    pytest.param(
        lambda _: load_model(3), refused(ParameterError, "must be a file name or path, got 3"), id="load-int"
    ),
    # a byte-order mark before the JSON
    pytest.param(
        lambda f: load_model(model_file(f, b"\xef\xbb\xbf" + json.dumps(MODEL).encode())).model,
        theta_of([2.0, -1.0, 0.5], rel=1e-15),
        id="load-bom",
    ),
    # fields this version does not know are ignored
    pytest.param(
        lambda f: load_model(model_file(f, json.dumps({**MODEL, "comment": "by hand"}))).model,
        theta_of([2.0, -1.0, 0.5], rel=1e-15),
        id="load-extra-field",
    ),
    # ---- the built-in data
    # a user who edits the rows gets fresh ones next time
    pytest.param(galton_after_mutation, galton_pristine, id="galton-fresh"),
    # mtcars' raw columns (displacement in the hundreds) make η = 0.01 diverge; the limit is named
    pytest.param(
        lambda _: fit(mtcars().X, mtcars().y, learning_rate=0.01),
        refused(DivergenceError, "stability limit"),
        id="mtcars-raw",
    ),
    # ---- the command line's options
    # η = 1e300
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\n", "--learning-rate", "1e300"),
        user_error("diverged", "--standardize"),
        id="cli-rate-1e300",
    ),
    # η = nan (argparse reads it as a float)
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\n", "--learning-rate", "nan"),
        user_error("--learning-rate", "got nan"),
        id="cli-rate-nan",
    ),
    # a batch size that is not whole
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\n", "--batch-size", "2.5"),
        user_error("--batch-size", "'2.5'"),
        id="cli-batch-2.5",
    ),
    # --record-every 0
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\n", "--record-every", "0"),
        user_error("--record-every", "got 0"),
        id="cli-record-every-0",
    ),
    # --features naming a column twice
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\n", "--features", "a,a"),
        user_error("must not repeat"),
        id="cli-features-repeat",
    ),
    # --save to a folder
    pytest.param(
        lambda f: fit_csv(b"a,y\n0,1\n1,3\n", "--save", str(f))(f),
        user_error("it is a folder"),
        id="cli-save-folder",
    ),
    # --save to an empty name
    pytest.param(
        fit_csv(b"a,y\n0,1\n1,3\n", "--save", ""),
        user_error("must be a file name or path"),
        id="cli-save-empty",
    ),
    # explain with --show 0
    pytest.param(lambda _: gdlearn("explain", "--show", "0"), user_error("--show"), id="cli-explain-show-0"),
    # demo with 0 epochs
    pytest.param(
        lambda _: gdlearn("demo", "--epochs", "0", "--quiet"),
        user_error("epochs", "got 0"),
        id="cli-demo-0-epochs",
    ),
    # predict on a CSV with a text cell in a model column
    pytest.param(predict_with_text_cell, user_error("line 3, column 'b'", "'four'"), id="cli-predict-text"),
    # --record-every 10: the history keeps updates 0, 10, 20, 30 and every epoch
    pytest.param(history_every_10, every_10th_update, id="cli-record-every-10"),
]


@pytest.mark.parametrize(("call", "outcome"), CASES)
def test_hostile_input(call: Callable[[Path], Any], outcome: Refused | Check, tmp_path: Path) -> None:
    if isinstance(outcome, Refused):
        with pytest.raises(outcome.error) as caught:
            call(tmp_path)
        assert isinstance(caught.value, GDLearnError)
        message = str(caught.value)
        for word in outcome.words:
            assert word in message, (word, message)
    else:
        outcome(call(tmp_path))


def test_the_table_is_long_enough() -> None:
    assert len(CASES) >= 60
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids)  # every case has its own name
