"""load_csv and Dataset: good files give the right numbers, bad ones a DataError that says where.

Expected numbers are written out by hand from the file text; the hostile
files are tables of cases, one per line, each with a comment saying what
is wrong with it.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import DataError, Dataset, GDLearnError, ParameterError, load_csv
from gdlearn.io.csv_files import MAX_LINE, load_features


def write(folder: Path, content: bytes, name: str = "data.csv") -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def assert_rows(actual: list[list[float]], expected: list[list[float]]) -> None:
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected):
        assert got == pytest.approx(want, rel=1e-15, abs=0.0)


# Files that load. Columns: file bytes, target, features, expected X, expected y.
GOOD = [
    # the plain case: comma, Unix line endings, a final newline
    (b"x,y\n1,2\n3,4\n", "y", None, [[1.0], [3.0]], [2.0, 4.0]),
    # a UTF-8 byte-order mark before the header (Excel's "CSV UTF-8")
    (b"\xef\xbb\xbfx,y\n1,2\n", "y", None, [[1.0]], [2.0]),
    # Windows line endings
    (b"x,y\r\n1,2\r\n3,4\r\n", "y", None, [[1.0], [3.0]], [2.0, 4.0]),
    # old Mac line endings (a carriage return alone)
    (b"x,y\r1,2\r3,4\r", "y", None, [[1.0], [3.0]], [2.0, 4.0]),
    # no newline after the last row
    (b"x,y\n1,2\n3,4", "y", None, [[1.0], [3.0]], [2.0, 4.0]),
    # blank lines before the header, between rows, at the end, and one of spaces
    (b"\n\nx,y\n1,2\n\n   \n3,4\n\n", "y", None, [[1.0], [3.0]], [2.0, 4.0]),
    # ';' as the delimiter, detected from the header
    (b"a;b;y\n1;2;3\n", "y", None, [[1.0, 2.0]], [3.0]),
    # a tab as the delimiter, detected from the header
    (b"a\tb\ty\n1\t2\t3\n", "y", None, [[1.0, 2.0]], [3.0]),
    # quoted numbers, and spaces around cells and names
    (b'"x", y\n"1.5", " 2 "\n', "y", None, [[1.5]], [2.0]),
    # signs, exponents, a leading dot
    (b"x,y\n-1e3,+.5\n2.5E-2,-0\n", "y", None, [[-1000.0], [0.025]], [0.5, -0.0]),
    # the target first; features keep the file's order
    (b"y,a,b\n1,2,3\n", "y", None, [[2.0, 3.0]], [1.0]),
    # a text column left out with features=
    (b"name,x,y\nMazda RX4,1,2\n", "y", ["x"], [[1.0]], [2.0]),
    # features chosen and reordered
    (b"a,b,c,y\n1,2,3,4\n", "y", ["c", "a"], [[3.0, 1.0]], [4.0]),
    # a quoted header name holding the delimiter, and a quoted text cell with a comma
    (b'"w, kg",name,y\n70,"Smith, J",1\n', "y", ["w, kg"], [[70.0]], [1.0]),
    # non-ASCII column names
    ("größe,ŷ\n1,2\n".encode(), "ŷ", None, [[1.0]], [2.0]),
    # values near the largest and the smallest normal float
    (b"x,y\n1.7e308,2.2250738585072014e-308\n", "y", None, [[1.7e308]], [2.2250738585072014e-308]),
    # duplicated rows are data like any other
    (b"x,y\n1,2\n1,2\n", "y", None, [[1.0], [1.0]], [2.0, 2.0]),
]


@pytest.mark.parametrize(("content", "target", "features", "X", "y"), GOOD)
def test_files_that_load(tmp_path, content, target, features, X, y):
    data = load_csv(write(tmp_path, content), target, features)
    assert_rows(data.X, X)
    assert data.y == pytest.approx(y, rel=1e-15, abs=0.0)
    assert data.target_name == target
    assert data.n_samples == len(y)


def test_explicit_delimiter_overrides_detection(tmp_path):
    # The header has more commas than semicolons, but the file is ';'-separated.
    path = write(tmp_path, b'"a,b,c";y\n1;2\n')
    data = load_csv(path, "y", delimiter=";")
    assert data.feature_names == ("a,b,c",)
    assert_rows(data.X, [[1.0]])


def test_names_and_provenance(tmp_path):
    path = write(tmp_path, b"a,b,y\n1,2,3\n")
    data = load_csv(path, "y")
    assert data.feature_names == ("a", "b")
    assert data.n_features == 2
    assert data.source == str(path)
    assert str(path) in data.description


LONG = b"1," * (MAX_LINE // 2 + 1)

# Files that are refused: file bytes, arguments, words the message must contain.
BAD = [
    (b"", {}, ["is empty"]),  # an empty file
    (b"\n\n \r\n", {}, ["is empty"]),  # nothing but blank lines
    (b"x,y\n", {}, ["header but no data rows"]),  # a header and nothing else
    (b"x,y\n\n\n", {}, ["header but no data rows"]),  # a header and blank lines
    (b"x,x,y\n1,2,3\n", {}, ["line 1", "column 2", "'x'", "unique"]),  # a duplicate column name
    (b"x,,y\n1,2,3\n", {}, ["line 1", "column 2", "no name"]),  # a column without a name
    (b"a,b\n1,2\n", {}, ["no column 'y'", "'a', 'b'"]),  # the target is missing; the columns are listed
    (b"y\n1\n", {}, ["only column is the target"]),  # no feature columns at all
    (b"x,y\n1,2\n", {"features": ["z"]}, ["no column 'z'", "needed"]),  # a feature that is not there
    (b"name,x,y\nMazda,1,2\n", {}, ["line 2", "'name'", "'Mazda'", "features="]),  # a text column
    (b"x,y\n1,2\nabc,3\n", {"features": ["x"]}, ["line 3", "'x'", "'abc'"]),  # a word among numbers
    (b"x,y\n1,2\n3,big\n", {}, ["line 3", "'y'", "target must be a number", "'big'"]),  # text target
    (b"x,y\n1,\n", {}, ["line 2", "'y'", "empty"]),  # a missing cell at the end of a row
    (b"x,y\n,1\n", {}, ["line 2", "'x'", "empty"]),  # a missing cell at the start of a row
    (b"x,y\n  ,1\n", {}, ["line 2", "'x'", "empty"]),  # a cell of spaces only
    (b"x,y\n,\n", {}, ["line 2", "empty"]),  # a row of delimiters only
    (b"x,y\n1,2\n3\n", {}, ["line 3", "1 cell,", "expected 2"]),  # too few cells
    (b"x,y\n1,2,3\n", {}, ["line 2", "3 cells", "expected 2"]),  # too many cells
    (b"x,y\n1,nan\n", {}, ["line 2", "'y'", "'nan'", "finite"]),  # nan
    (b"x,y\nNaN,1\n", {}, ["line 2", "'x'", "'NaN'", "finite"]),  # NaN, any case
    (b"x,y\ninf,1\n", {}, ["line 2", "'x'", "'inf'", "finite"]),  # +infinity
    (b"x,y\n1,-Infinity\n", {}, ["line 2", "'y'", "finite"]),  # -infinity spelled out
    (b"x,y\n1e400,1\n", {}, ["line 2", "'x'", "'1e400'", "too large"]),  # overflows a float
    (b"x;y\n1,5;2\n", {}, ["line 2", "'1,5'", "decimal comma"]),  # a European decimal comma
    (b"x,y\n1,2\n\xe9t\xe9,3\n", {}, ["line 3", "not UTF-8", "0xe9"]),  # Latin-1 text
    (b"x,y\n1,2\n3,\xe2\x82\n", {}, ["line 3", "not UTF-8", "0xe2"]),  # UTF-8 cut in the middle
    ("x,y\n1,2\n".encode("utf-16"), {}, ["line 1", "NUL", "binary"]),  # UTF-16 text
    (b"x,y\n1,2\x003\n", {}, ["line 2", "NUL", "binary"]),  # a NUL byte in a row
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {}, ["line 1", "not UTF-8", "0x89"]),  # a PNG image
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", {}, ["NUL", "binary"]),  # a gzip file
    (b"x,y\n" + LONG + b"\n", {}, ["line 2", "longer than"]),  # a line past MAX_LINE
    (b"x,y\n" + LONG, {}, ["line 2", "longer than"]),  # the same with no newline at all
    (b"x,y\n1," + b"9" * 200_000 + b"\n", {}, ["line 2", "field larger than"]),  # past csv's limit
    (b'x,y\n"1,2\n3,4\n', {}, ["not valid CSV"]),  # a quote that never closes
    (b'x,y\n"1"2,3\n', {}, ["line 2", "not valid CSV"]),  # text after a closing quote
]


@pytest.mark.parametrize(("content", "kwargs", "words"), BAD)
def test_files_that_are_refused(tmp_path, content, kwargs, words):
    path = write(tmp_path, content)
    with pytest.raises(DataError) as info:
        load_csv(path, "y", **kwargs)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"cannot read .*no-such\.csv: No such file"):
        load_csv(tmp_path / "no-such.csv", "y")


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(DataError, match="is a directory"):
        load_csv(tmp_path, "y")


# Bad arguments: a ParameterError before the file is opened (the path does not exist).
BAD_ARGUMENTS = [
    ({"target": ""}, "target must be a column name"),  # an empty target name
    ({"target": None}, "target must be a column name"),  # no target
    ({"target": "y", "features": "x"}, "list or tuple"),  # one string, not a list of names
    ({"target": "y", "features": [1]}, "list or tuple"),  # a name that is not a string
    ({"target": "y", "features": []}, "at least one"),  # no features
    ({"target": "y", "features": ["x", "x"]}, "repeat"),  # a feature twice
    ({"target": "y", "features": ["x", "y"]}, "cannot also be a feature"),  # the target as a feature
    ({"target": "y", "delimiter": ";;"}, "one character"),  # a two-character delimiter
    ({"target": "y", "delimiter": '"'}, "one character"),  # the quote character
    ({"target": "y", "delimiter": "\n"}, "one character"),  # a newline
]


@pytest.mark.parametrize(("kwargs", "message"), BAD_ARGUMENTS)
def test_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        load_csv(tmp_path / "never-opened.csv", **kwargs)


def test_source_that_is_neither_path_nor_file():
    with pytest.raises(ParameterError, match="file path or an open text file"):
        load_csv(42, "y")  # type: ignore[arg-type]


def test_binary_stream_is_refused():
    with pytest.raises(ParameterError, match="text mode"):
        load_csv(io.BytesIO(b"x,y\n1,2\n"), "y")  # type: ignore[arg-type]


def test_text_stream_is_read_and_left_open():
    stream = io.StringIO("\ufeffx;y\n1;2\n")  # a BOM left in by the caller's decoding
    data = load_csv(stream, "y")
    assert data.feature_names == ("x",)
    assert_rows(data.X, [[1.0]])
    assert not stream.closed
    assert data.source == "<stream>"


def test_strict_stream_with_bad_bytes(tmp_path):
    path = write(tmp_path, b"x,y\n1,2\n\xff,3\n")
    with open(path, encoding="utf-8") as handle, pytest.raises(DataError, match="not UTF-8"):
        load_csv(handle, "y")


def test_line_numbers_count_blank_lines(tmp_path):
    path = write(tmp_path, b"\nx,y\n\n1,2\n\n\n3,oops\n")
    with pytest.raises(DataError, match=r"line 7, column 'y'"):
        load_csv(path, "y")


def test_streamed_one_line_at_a_time():
    class LinesOnly(io.StringIO):
        def read(self, size: int | None = -1) -> str:
            raise AssertionError("load_csv must not read the whole file at once")

    data = load_csv(LinesOnly("x,y\n" + "1,2\n" * 1000), "y")
    assert data.n_samples == 1000


def test_load_features_reads_the_named_columns_only():
    stream = io.StringIO("name,b,y,a\nfirst,2,0,1\nsecond,4,0,3\n")
    assert_rows(load_features(stream, ["a", "b"]), [[1.0, 2.0], [3.0, 4.0]])


def test_load_features_lists_what_is_missing():
    stream = io.StringIO("b,c\n1,2\n")
    with pytest.raises(DataError, match=r"no column 'a' \(needed: 'a', 'b'\); the columns are 'b', 'c'"):
        load_features(stream, ["a", "b"])


def test_dataset_repr_is_short():
    data = Dataset([[float(i)] for i in range(1000)], [0.0] * 1000, ["x"], "y")
    assert repr(data) == "Dataset(n_samples=1000, feature_names=('x',), target_name='y')"
    assert data.feature_names == ("x",)  # a list of names is kept as a tuple


def test_dataset_checks_its_shape():
    with pytest.raises(DataError, match="2 rows but y has 1"):
        Dataset([[1.0], [2.0]], [1.0], ("x",), "y")  # one target for two rows
    with pytest.raises(DataError, match="2 feature names"):
        Dataset([[1.0]], [1.0], ("a", "b"), "y")  # two names for one column


def test_dataset_is_frozen():
    data = Dataset([[1.0]], [2.0], ("x",), "y")
    with pytest.raises(AttributeError):
        data.y = [3.0]  # type: ignore[misc]


@settings(max_examples=150, deadline=None)
@given(
    content=st.binary(max_size=120) | st.text('xy,;\t"\n\r 0123456789.e-naif', max_size=80).map(str.encode)
)
def test_random_bytes_load_or_raise_a_gdlearn_error(tmp_path_factory, content):
    path = write(tmp_path_factory.mktemp("random"), content)
    try:
        data = load_csv(path, "y")
    except GDLearnError:
        return
    assert data.n_samples >= 1
    assert all(math.isfinite(v) for row in data.X for v in row)
    assert all(math.isfinite(v) for v in data.y)
