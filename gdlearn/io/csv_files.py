r"""Reading a CSV file into a ``Dataset`` (dataset.py): X, y and their names.

``load_csv`` reads a CSV file whose first line names the columns. It reads
one line at a time, so the memory it needs is that of X and y and no more.
What a class's files need can be stated: the file's ``encoding`` (a
spreadsheet's export on Windows is often cp1252), ``decimal=","`` for
numbers written 3,14, and ``drop_missing=True`` to skip the rows with an
empty cell in a used column, counted in ``Dataset.dropped``. Any other cell
it cannot use is reported with the file, line and column:

>>> import io
>>> data = load_csv(io.StringIO("x,y\n1,3\n2,5\n"), target="y")
>>> data
Dataset(n_samples=2, feature_names=('x',), target_name='y')
>>> data.X, data.y
([[1.0], [2.0]], [3.0, 5.0])
>>> load_csv(io.StringIO("x,y\n1,3\n2,five\n"), target="y")
Traceback (most recent call last):
  ...
gdlearn.errors.DataError: <stream>, line 3, column 'y': the target must be a number, got 'five'
>>> data = load_csv(io.StringIO("x;y\n1,5;3\n;4\n2,5;5\n"), "y", decimal=",", drop_missing=True)
>>> data.X, data.y, data.dropped          # line 3 had an empty cell
([[1.5], [2.5]], [3.0, 5.0], (3,))
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from typing import NamedTuple

from ..checks import boolean
from ..errors import DataError, ParameterError
from .cells import HINTS, cell_value, comma_float
from .dataset import Dataset
from .lines import MAX_LINE, Lines, Source, open_text, text_encoding

__all__ = ["MAX_LINE", "Dataset", "Source", "load_csv", "load_features"]


_DELIMITERS = (",", ";", "\t")  # detected from the header; on a tie the first wins


def load_csv(
    path_or_textfile: Source,
    target: str,
    features: Sequence[str] | None = None,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    decimal: str = ".",
    drop_missing: bool = False,
    hints: str = "python",
    classes: bool = False,
) -> Dataset:
    """Read a CSV file with a header line into a ``Dataset``.

    ``path_or_textfile`` is a path, or a file already open in text mode (it
    is read, not closed). ``target`` names the y column; ``features`` names
    the X columns in the order wanted, and ``None`` means every column but
    the target. Columns not used are never parsed, so text columns such as
    names are fine once left out. ``delimiter`` is ',' ';' or tab, detected
    from the header when ``None`` (the one that occurs most; ',' on a tie).

    ``encoding`` is the file's text encoding, a name Python knows ('cp1252',
    'latin-1', 'utf-16'; None: UTF-8, with or without a byte-order mark); an
    open file is decoded already and takes none. ``decimal`` is the decimal
    mark, '.' or ','. With ',' the cells are separated by ';' or tabs (or by
    ',' around quoted numbers, if ``delimiter=','`` says so), and a '.' in a
    number is refused, since 1.234,5 (a thousands separator) would be
    misread. ``drop_missing=True`` leaves out every row with an empty cell
    in a used column; their line numbers are in ``dropped`` and the
    description says how many. ``hints`` is how error messages name these
    options: "python" (features=, decimal=',') or "command line"
    (--features, --decimal ,). ``classes=True`` asks for a target of classes 0
    and 1 (logistic regression).

    Accepted: Windows or Unix line endings, blank lines (skipped), quoted
    cells, spaces around cells. Refused, with a ``DataError`` naming the
    file, line and column: a missing or unreadable file, bytes that are not
    text in the encoding, binary content, no header or no rows, duplicate or
    missing column names, a row with too many or too few cells, and a used
    cell that is empty (unless dropped), not a number, nan or ±inf; with
    ``classes``, a target other than 0 or 1.
    """
    if not isinstance(target, str) or not target:
        raise ParameterError(f"target must be a column name, got {target!r}")
    if not isinstance(drop_missing, bool):
        raise ParameterError(f"drop_missing must be True or False, got {drop_missing!r}")
    options = _Options(delimiter, encoding, decimal, drop_missing, hints, boolean(classes, "classes"))
    X, y, names, name, dropped = _read(path_or_textfile, features, target, options)
    description = f"read from {name}"
    if dropped:
        description += f"; dropped {_rows(dropped)} with an empty cell"
    return Dataset(X, y, names, target, description=description, source=name, dropped=dropped)


def load_features(
    path_or_textfile: Source,
    features: Sequence[str],
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    decimal: str = ".",
    hints: str = "python",
) -> list[list[float]]:
    r"""Read only the named feature columns of a CSV file, as X (no target needed).

    For predictions: the file may have its columns in any order and extra
    columns; a missing one is a ``DataError`` listing what is needed and what
    the file has. Everything else is as in ``load_csv`` (no row is dropped:
    each row gets its prediction).

    >>> import io
    >>> load_features(io.StringIO("b;a;name\n2;1;x\n"), ["a", "b"])
    [[1.0, 2.0]]
    """
    if features is None:
        raise ParameterError("features must name the columns to read, got None")
    options = _Options(delimiter, encoding, decimal, False, hints, False)
    return _read(path_or_textfile, features, None, options)[0]


class _Options(NamedTuple):
    """How to read the file: ``load_csv``'s keyword arguments, checked."""

    delimiter: str | None
    encoding: str | None
    decimal: str
    drop_missing: bool
    hints: str
    classes: bool  # the target must be 0 or 1


def _read(
    source: Source, features: Sequence[str] | None, target: str | None, options: _Options
) -> tuple[list[list[float]], list[float], tuple[str, ...], str, tuple[int, ...]]:
    """X, y, the feature names, the file's name and the dropped lines; with target None, y is []."""
    wanted = _check_arguments(features, target, options)
    hints = HINTS[options.hints]
    encoding = "UTF-8" if options.encoding is None else text_encoding(options.encoding)
    if options.encoding is None:
        hint = f"; save the file as UTF-8, or name its encoding: {hints['encoding']}"
    else:
        hint = f"; is the file in another encoding? ({hints['encoding']})"
    with open_text(source, options.encoding) as (handle, name):
        lines = Lines(handle, name, encoding, hint, opened=isinstance(source, (str, os.PathLike)))
        try:
            X, y, names, dropped = _parse(lines, wanted, target, options)
        except csv.Error as exc:  # bad quoting, or a field longer than csv.field_size_limit()
            raise DataError(f"{name}, line {lines.number}: not valid CSV: {exc}") from None
    return X, y, names, name, dropped


def _parse(
    lines: Lines, wanted: list[str] | None, target: str | None, options: _Options
) -> tuple[list[list[float]], list[float], tuple[str, ...], tuple[int, ...]]:
    name, comma = lines.name, options.decimal == ","
    reader = _reader(lines, options)
    header = [cell.strip() for cell in next(reader)]
    names = _columns(header, wanted, target, f"{name}, line {lines.number}")
    position = {column: j for j, column in enumerate(header)}
    used = [position[column] for column in (*names, *([target] if target else []))]
    width = len(names)
    X: list[list[float]] = []
    y: list[float] = []
    dropped: list[int] = []
    for row in reader:
        if _blank(row):
            continue
        if len(row) != len(header):
            raise DataError(
                f"{name}, line {lines.number}: {len(row)} cell{'s' * (len(row) != 1)}, "
                f"expected {len(header)} like the header"
            )
        try:
            values = [comma_float(row[j]) for j in used] if comma else [float(row[j]) for j in used]
        except ValueError:
            values = []
        # A sum is nan or ±inf when a term is, so one test checks the whole row (a sum
        # that merely overflows costs a needless search). Only a bad row is searched.
        if len(values) != len(used) or not math.isfinite(sum(values)):
            if options.drop_missing and not all(row[j].strip() for j in used):
                dropped.append(lines.number)
                continue
            where, hints = f"{name}, line {lines.number}", HINTS[options.hints]
            values = [
                cell_value(row[j], header[j], target, wanted, where, options.decimal, hints) for j in used
            ]
        if target:
            if options.classes and values[-1] not in (0.0, 1.0):
                raise DataError(
                    f"{name}, line {lines.number}, column {target!r}: logistic regression needs classes"
                    f" 0 and 1 in the target, got {row[used[-1]].strip()!r}"
                )
            y.append(values[-1])
        X.append(values[:width])  # an exact-size copy: the comprehension's list has room to spare
    if not X and dropped:
        raise DataError(f"{name}: every row has an empty cell in a used column; dropped all {len(dropped)}")
    if not X:
        raise DataError(f"{name} has a header but no data rows")
    return X, y, names, tuple(dropped)


def _rows(lines: Sequence[int]) -> str:
    """'1 row (line 4)', '3 rows (lines 4, 7, 9)'; past ten lines, the first ten and '…'.

    >>> _rows([4]), _rows(range(2, 14))
    ('1 row (line 4)', '12 rows (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …)')
    """
    shown = ", ".join(map(str, lines[:10])) + (", …" if len(lines) > 10 else "")
    return f"{len(lines)} row{'s' * (len(lines) != 1)} (line{'s' * (len(lines) != 1)} {shown})"


def _reader(lines: Lines, options: _Options) -> Iterator[list[str]]:
    """The rows of cells, the header first, cut at the separator the options give or the header uses."""
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise DataError(f"{lines.name} is empty; expected a header line naming the columns, then rows")
    comma = options.decimal == ","
    # the separator the header uses most; on a tie (one column: none) ',', or ';' with decimal commas
    sep = options.delimiter or max((";", "\t", ",") if comma else _DELIMITERS, key=first.count)
    if comma and sep == "," and options.delimiter is None:
        raise DataError(
            f"{lines.name}, line {lines.number}: the header is separated by ',' and the decimal mark is ','"
            " too; with decimal commas the cells are separated by ';' or tabs (or, if every number"
            f" is quoted, {HINTS[options.hints]['delimiter']})"
        )
    rows = chain([first.removeprefix("\ufeff")], lines)
    return csv.reader(rows, delimiter=sep, skipinitialspace=True, strict=True)


def _blank(row: list[str]) -> bool:
    """A blank line, which the reader skips: no cells, or one of spaces."""
    return not row or (len(row) == 1 and not row[0].strip())


def row_line(
    path_or_textfile: Source, index: int, *, delimiter: str | None = None, encoding: str | None = None,
    decimal: str = ".",
) -> int:  # fmt: skip
    r"""The line of the file that holds data row ``index`` (0: the first row after the header).

    Blank lines are skipped as ``load_csv`` skips them, so this is the line
    to name when row ``index`` of what it read is at fault.

    >>> import io
    >>> row_line(io.StringIO("x,y\n1,2\n\n3,4\n"), 1)    # the second row, after a blank line
    4
    """
    options = _Options(delimiter, encoding, decimal, False, "python", False)
    _check_arguments(None, None, options)
    with open_text(path_or_textfile, encoding) as (handle, name):
        lines = Lines(handle, name, text_encoding(encoding))
        reader = _reader(lines, options)
        next(reader)  # the header
        data = (lines.number for row in reader if not _blank(row))
        line = next(islice(data, index, None), None)
    if line is None:
        raise ParameterError(f"{name} has no data row {index}")
    return line


def _check_arguments(
    features: Sequence[str] | None, target: str | None, options: _Options
) -> list[str] | None:
    delimiter = options.delimiter
    if options.decimal not in (".", ","):
        raise ParameterError(f"decimal must be '.' or ',', the decimal mark, got {options.decimal!r}")
    if options.hints not in HINTS:
        raise ParameterError(f"hints must be 'python' or 'command line', got {options.hints!r}")
    text_encoding(options.encoding)
    if delimiter is not None and (
        not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n'
    ):
        raise ParameterError(f"delimiter must be one character such as ',' ';' or '\\t', got {delimiter!r}")
    if features is None:
        return None
    if not isinstance(features, (list, tuple)) or not all(isinstance(f, str) for f in features):
        raise ParameterError(f"features must be a list or tuple of column names, got {features!r}")
    wanted = list(features)
    if not wanted:
        raise ParameterError("features must name at least one column, got none")
    if len(set(wanted)) != len(wanted):
        raise ParameterError(f"features must not repeat a column, got {wanted!r}")
    if target in wanted:
        raise ParameterError(f"the target {target!r} cannot also be a feature")
    return wanted


def _columns(header: list[str], wanted: list[str] | None, target: str | None, where: str) -> tuple[str, ...]:
    """Check the header; return the feature names to use, in order."""
    seen: set[str] = set()
    for j, column in enumerate(header, start=1):
        if not column:
            raise DataError(f"{where}: column {j} of the header has no name")
        if column in seen:
            raise DataError(f"{where}: column {j} repeats the name {column!r}; names must be unique")
        seen.add(column)
    available = ", ".join(map(repr, header))
    missing = [c for c in [*([target] if target else []), *(wanted or [])] if c not in seen]
    if missing:
        needed = "" if wanted is None else f" (needed: {', '.join(map(repr, wanted))})"
        raise DataError(
            f"{where}: no column {', '.join(map(repr, missing))}{needed}; the columns are {available}"
        )
    names = tuple(wanted) if wanted is not None else tuple(c for c in header if c != target)
    if not names:
        raise DataError(f"{where}: the only column is the target {target!r}; there are no features")
    return names
