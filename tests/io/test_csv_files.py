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
from gdlearn.io.csv_files import MAX_LINE, load_features, row_line


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


# The data a class brings: an encoding, decimal commas, empty cells, and hints in the caller's words.

SPREADSHEET = "name;weight;height\nZoë;70,5;1,82\nJosé;;1,75\nAndré;81,25;1,90\n"  # a European export


def test_a_cp1252_export_with_decimal_commas_and_an_empty_cell(tmp_path):
    path = write(tmp_path, SPREADSHEET.encode("cp1252"))
    data = load_csv(path, "height", ["weight"], encoding="cp1252", decimal=",", drop_missing=True)
    assert_rows(data.X, [[70.5], [81.25]])  # José's row (line 3) has no weight
    assert data.y == pytest.approx([1.82, 1.90], rel=1e-15, abs=0.0)
    assert data.dropped == (3,)
    assert data.description == f"read from {path}; dropped 1 row (line 3) with an empty cell"
    assert repr(data) == "Dataset(n_samples=2, feature_names=('weight',), target_name='height', dropped=1)"


def test_each_option_is_needed_and_the_message_names_it(tmp_path):
    path = write(tmp_path, SPREADSHEET.encode("cp1252"))
    # read as UTF-8, the ë (0xeb in cp1252) is not UTF-8: the hint names encoding=
    with pytest.raises(DataError, match=r"line 2: not UTF-8 text \(byte 0xeb\); .* encoding='cp1252'"):
        load_csv(path, "height", ["weight"])
    # in the right encoding, 70,5 needs the decimal comma: the hint names decimal=
    with pytest.raises(
        DataError, match=r"line 2, column 'weight': expected a number, got '70,5' .*decimal=','"
    ):
        load_csv(path, "height", ["weight"], encoding="cp1252")
    # with it, José's empty weight is refused: the hint names drop_missing=True
    with pytest.raises(DataError, match=r"line 3, column 'weight': the cell is empty; .*drop_missing=True"):
        load_csv(path, "height", ["weight"], encoding="cp1252", decimal=",")
    # and the name column is text: the hint names features=
    with pytest.raises(DataError, match=r"column 'name': expected a number, got 'Zoë'.* features="):
        load_csv(path, "height", encoding="cp1252", decimal=",", drop_missing=True)


def test_on_the_command_line_the_hints_name_the_options(tmp_path):
    path = write(tmp_path, SPREADSHEET.encode("cp1252"))
    cli = {"hints": "command line"}
    with pytest.raises(DataError, match=r"--encoding cp1252") as info:
        load_csv(path, "height", ["weight"], **cli)
    assert "encoding=" not in str(info.value)
    with pytest.raises(DataError, match=r"\(a decimal comma\? add --decimal ,\)"):
        load_csv(path, "height", ["weight"], encoding="cp1252", **cli)
    with pytest.raises(DataError, match=r"\(--drop-missing skips such rows\)"):
        load_csv(path, "height", ["weight"], encoding="cp1252", decimal=",", **cli)
    with pytest.raises(DataError, match=r"leave it out by listing the feature columns with --features$"):
        load_csv(path, "height", encoding="cp1252", decimal=",", drop_missing=True, **cli)


# Encodings: what reads, and what is refused. Columns: the text, its encoding.
ENCODED = [
    ("größe,y\n1,2\n", "latin-1"),  # ISO 8859-1
    ("größe,y\n1,2\n", "cp1252"),  # Windows' Western European
    ("größe,y\n1,2\n", "utf-16"),  # with its byte-order mark (NUL bytes in every character)
    ("größe,y\n1,2\n", "utf-8-sig"),  # UTF-8 with a byte-order mark, named
    ("größe,y\n1,2\n", "UTF8"),  # any spelling Python knows
]


@pytest.mark.parametrize(("text", "encoding"), ENCODED)
def test_a_named_encoding_is_read(tmp_path, text, encoding):
    data = load_csv(write(tmp_path, text.encode(encoding)), "y", encoding=encoding)
    assert data.feature_names == ("größe",)
    assert_rows(data.X, [[1.0]])


def test_bytes_that_are_not_the_named_encoding(tmp_path):
    # 0x81 is one of the five bytes cp1252 leaves undefined
    path = write(tmp_path, b"x,y\n1,2\n\x81,3\n")
    with pytest.raises(DataError, match=r"line 3: not cp1252 text \(byte 0x81\); is the file in another enc"):
        load_csv(path, "y", encoding="cp1252")


def test_utf16_without_its_encoding_suggests_it(tmp_path):
    path = write(tmp_path, "x,y\n1,2\n".encode("utf-16"))
    with pytest.raises(DataError, match=r"NUL byte.*or UTF-16 text.*encoding='cp1252' .* or 'utf-16'"):
        load_csv(path, "y")


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        # UTF-16 without its byte-order mark: a UnicodeError, not a decode error (a decode error from 3.13)
        ("x,y\n1,2\n".encode("utf-16-le"), "utf-16", r"(cannot be read as|not) utf-16 text \((UTF-16|byte)"),
        (b"x,y\n1,2\n", "undefined", r"cannot be read as undefined text"),  # a codec that reads nothing
        (b"x,y\n1,2\n", "idna", r"cannot be read as idna text"),  # a codec for host names, not files
        ("x,y\n1,2\n".encode("utf-16")[:-1], "utf-16", r"not utf-16 text \(byte 0x0a\)"),  # an odd byte count
        (b"x,y\n1,2\n", "utf-32", r"not utf-32 text \(byte 0x78\)"),  # UTF-8 read as UTF-32
    ],
)
def test_a_codec_that_cannot_read_the_file_is_a_data_error(tmp_path, data, encoding, message):
    path = write(tmp_path, data)
    with pytest.raises(DataError, match=message + r".*is the file in another encoding\? \(encoding="):
        load_csv(path, "y", encoding=encoding)
    with pytest.raises(DataError, match=message + r".*\(--encoding cp1252"):  # the command line's words
        load_csv(path, "y", encoding=encoding, hints="command line")


# Decimal commas. Columns: file text, arguments, expected X, expected y.
COMMAS = [
    ("a;b;y\n1,5;-2,25;3e2\n", {}, [[1.5, -2.25]], [300.0]),  # ';' between cells, signs, an exponent
    ("a\ty\n0,125\t,5\n", {}, [[0.125]], [0.5]),  # tabs between cells, a leading comma
    ('a,y\n"1,5","2"\n', {"delimiter": ","}, [[1.5]], [2.0]),  # ',' between quoted cells, said so
    ("a;y\n 7 ; 8,0 \n", {}, [[7.0]], [8.0]),  # whole numbers and spaces
]


@pytest.mark.parametrize(("text", "kwargs", "X", "y"), COMMAS)
def test_decimal_commas(tmp_path, text, kwargs, X, y):
    data = load_csv(write(tmp_path, text.encode()), "y", decimal=",", **kwargs)
    assert_rows(data.X, X)
    assert data.y == pytest.approx(y, rel=1e-15, abs=0.0)


# Refused with decimal=",": file text, words the message must contain.
COMMAS_REFUSED = [
    ("a,y\n1,2\n", ["line 1", "separated by ','", "decimal mark is ','"]),  # ',' between cells too
    ("a;y\n1.234,5;2\n", ["line 2", "'1.234,5'", "thousands separators"]),  # a thousands separator
    ("a;y\n1.5;2\n", ["line 2", "'1.5'", "the decimal mark is ','"]),  # a decimal point
    ("a;y\n1,2,3;2\n", ["line 2", "'1,2,3'", "expected a number"]),  # two commas
]


def test_one_column_of_decimal_commas_needs_no_separator(tmp_path):
    # the header has none to detect: ';' is taken, not ',', which would cut 1,5 in two
    assert load_features(write(tmp_path, b"a\n1,5\n-2,25\n"), ["a"], decimal=",") == [[1.5], [-2.25]]


@pytest.mark.parametrize(("text", "words"), COMMAS_REFUSED)
def test_decimal_commas_refused(tmp_path, text, words):
    with pytest.raises(DataError) as info:
        load_csv(write(tmp_path, text.encode()), "y", decimal=",")
    for word in words:
        assert word in str(info.value)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2, max_size=2))
def test_a_decimal_comma_reads_the_number_python_wrote(numbers):
    # repr gives the shortest text that reads back as the same float; swap its point for a comma.
    cells = [repr(number).replace(".", ",") for number in numbers]
    data = load_csv(io.StringIO(f"x;y\n{cells[0]};{cells[1]}\n"), "y", decimal=",")
    assert data.X[0][0] == pytest.approx(numbers[0], rel=0.0, abs=0.0)
    assert data.y[0] == pytest.approx(numbers[1], rel=0.0, abs=0.0)


# Dropping rows with empty cells


def test_drop_missing_counts_the_rows_it_leaves_out(tmp_path):
    text = "a,b,note,y\n1,2,,3\n,5,x,6\n7,8,y,\n\n9, ,z,10\n11,12,w,13\n"
    data = load_csv(write(tmp_path, text.encode()), "y", ["a", "b"], drop_missing=True)
    # line 2 has an empty cell only in the unused 'note': kept. Lines 3, 4 and 6 lose a used cell.
    assert_rows(data.X, [[1.0, 2.0], [11.0, 12.0]])
    assert data.y == pytest.approx([3.0, 13.0], rel=1e-15, abs=0.0)
    assert data.dropped == (3, 4, 6)
    assert data.description.endswith("dropped 3 rows (lines 3, 4, 6) with an empty cell")


def test_drop_missing_drops_only_empty_cells(tmp_path):
    path = write(tmp_path, b"x,y\n1,2\n,3\nabc,4\n")
    # text is still refused: dropping it would hide a column that is not numbers
    with pytest.raises(DataError, match=r"line 4, column 'x': expected a number, got 'abc'"):
        load_csv(path, "y", drop_missing=True)
    # a row with too few cells is a broken file, not a missing value
    with pytest.raises(DataError, match=r"line 3: 1 cell, expected 2"):
        load_csv(write(tmp_path, b"x,y\n1,2\n3\n", "short.csv"), "y", drop_missing=True)


def test_drop_missing_with_nothing_left(tmp_path):
    path = write(tmp_path, b"x,y\n,1\n2,\n")
    with pytest.raises(DataError, match="every row has an empty cell in a used column; dropped all 2"):
        load_csv(path, "y", drop_missing=True)


def test_without_drop_missing_nothing_is_dropped(tmp_path):
    data = load_csv(write(tmp_path, b"x,y\n1,2\n"), "y")
    assert data.dropped == ()
    assert data.description == f"read from {tmp_path / 'data.csv'}"


def test_load_features_reads_an_encoding_and_decimal_commas(tmp_path):
    path = write(tmp_path, "größe;name\n1,5;Zoë\n".encode("cp1252"))
    assert_rows(load_features(path, ["größe"], encoding="cp1252", decimal=","), [[1.5]])


# Bad options: a ParameterError before the file is read.
BAD_OPTIONS = [
    ({"encoding": "no-such-codec"}, "encoding must name a text encoding"),  # unknown
    ({"encoding": "base64"}, "encoding must name a text encoding"),  # a codec, but not for text
    ({"encoding": 8}, "encoding must name a text encoding"),  # not a name
    ({"decimal": ";"}, "decimal must be '.' or ','"),  # not a decimal mark
    ({"drop_missing": "yes"}, "drop_missing must be True or False"),  # not a bool
    ({"hints": "cli"}, "hints must be 'python' or 'command line'"),  # an unknown style
]


@pytest.mark.parametrize(("kwargs", "message"), BAD_OPTIONS)
def test_bad_options(tmp_path, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        load_csv(write(tmp_path, b"x,y\n1,2\n"), "y", **kwargs)


def test_an_open_file_takes_no_encoding():
    # a stream is decoded already; an encoding here would be silently ignored
    with pytest.raises(ParameterError, match="encoding='cp1252' is for a file path"):
        load_csv(io.StringIO("x,y\n1,2\n"), "y", encoding="cp1252")


def test_row_line_names_the_line_of_a_data_row(tmp_path):
    # a BOM, a blank line before the header, CRLF, a blank line between rows, ';' with decimal commas
    path = write(tmp_path, "\ufeff\r\nx;y\r\n1,5;2\r\n\r\n3,5;4\r\n".encode())
    assert [row_line(path, k, decimal=",") for k in (0, 1)] == [3, 5]
    assert load_features(path, ["x"], decimal=",") == [[1.5], [3.5]]  # the same two rows
    with pytest.raises(ParameterError, match="has no data row 2"):
        row_line(path, 2, decimal=",")
