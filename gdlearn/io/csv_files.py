r"""A data set as numbers with names, and reading one from a CSV file.

A ``Dataset`` is what a regression needs, plus what a reader wants to know:

    X   n rows xᵢ = [xᵢ₁, …, xᵢ_d], one value per feature column
    y   n targets yᵢ, one per row
    feature_names = (name₁, …, name_d), target_name, description, source

``load_csv`` reads a CSV file whose first line names the columns. It reads
one line at a time, so the memory it needs is that of X and y and no more.
A cell it cannot use is reported with the file, line and column:

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
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from ..errors import DataError, ParameterError
from .lines import MAX_LINE, Lines, Source, open_text

__all__ = ["MAX_LINE", "Dataset", "Source", "load_csv", "load_features"]


_DELIMITERS = (",", ";", "\t")  # detected from the header; on a tie the first wins
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")


@dataclass(frozen=True)
class Dataset:
    """A regression data set: X[i] = xᵢ holds the features of row i, y[i] = yᵢ its target.

    >>> data = Dataset([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0], ("a", "b"), "t")
    >>> data.n_samples, data.n_features
    (2, 2)
    """

    X: list[list[float]]
    y: list[float]
    feature_names: tuple[str, ...]
    target_name: str
    description: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "feature_names", tuple(self.feature_names))
        if len(self.X) != len(self.y):
            raise DataError(f"X has {len(self.X)} rows but y has {len(self.y)} values; they must match")
        if self.X and len(self.X[0]) != len(self.feature_names):
            raise DataError(
                f"X has {len(self.X[0])} columns but there are {len(self.feature_names)} feature names"
            )

    @property
    def n_samples(self) -> int:
        """n, the number of rows."""
        return len(self.y)

    @property
    def n_features(self) -> int:
        """d, the number of feature columns."""
        return len(self.feature_names)

    def __repr__(self) -> str:
        return (
            f"Dataset(n_samples={self.n_samples}, feature_names={self.feature_names!r}, "
            f"target_name={self.target_name!r})"
        )


def load_csv(
    path_or_textfile: Source,
    target: str,
    features: Sequence[str] | None = None,
    *,
    delimiter: str | None = None,
    classes: bool = False,
) -> Dataset:
    """Read a CSV file with a header line into a ``Dataset``.

    ``path_or_textfile`` is a path, or a file already open in text mode (it
    is read, not closed). ``target`` names the y column; ``features`` names
    the X columns in the order wanted, and ``None`` means every column but
    the target. Columns not used are never parsed, so text columns such as
    names are fine once left out. ``delimiter`` is ',' ';' or tab, detected
    from the header when ``None`` (the one that occurs most; ',' on a tie).
    ``classes=True`` asks for a target of classes 0 and 1 (logistic regression).

    Accepted: UTF-8 with or without a byte-order mark, Windows or Unix line
    endings, blank lines (skipped), quoted cells, spaces around cells.
    Refused, with a ``DataError`` naming the file, line and column: a missing
    or unreadable file, non-UTF-8 or binary content, no header or no rows,
    duplicate or missing column names, a row with too many or too few cells,
    and a used cell that is empty, not a number, nan or ±inf; with
    ``classes``, a target other than 0 or 1.
    """
    if not isinstance(target, str) or not target:
        raise ParameterError(f"target must be a column name, got {target!r}")
    X, y, names, name = _read(path_or_textfile, features, target, delimiter, classes)
    return Dataset(X, y, names, target, description=f"read from {name}", source=name)


def load_features(
    path_or_textfile: Source, features: Sequence[str], *, delimiter: str | None = None
) -> list[list[float]]:
    r"""Read only the named feature columns of a CSV file, as X (no target needed).

    For predictions: the file may have its columns in any order and extra
    columns; a missing one is a ``DataError`` listing what is needed and what
    the file has. Everything else is as in ``load_csv``.

    >>> import io
    >>> load_features(io.StringIO("b;a;name\n2;1;x\n"), ["a", "b"])
    [[1.0, 2.0]]
    """
    if features is None:
        raise ParameterError("features must name the columns to read, got None")
    return _read(path_or_textfile, features, None, delimiter)[0]


def _read(
    source: Source, features: Sequence[str] | None, target: str | None, delimiter: str | None,
    classes: bool = False,
) -> tuple[list[list[float]], list[float], tuple[str, ...], str]:
    """X, y, the feature names and the file's name; with target None, y is []."""
    wanted = _check_arguments(features, target, delimiter)
    with open_text(source) as (handle, name):
        lines = Lines(handle, name)
        try:
            X, y, names = _parse(lines, wanted, target, delimiter, classes)
        except csv.Error as exc:  # bad quoting, or a field longer than csv.field_size_limit()
            raise DataError(f"{name}, line {lines.number}: not valid CSV: {exc}") from None
    return X, y, names, name


def _parse(
    lines: Lines, wanted: list[str] | None, target: str | None, delimiter: str | None, classes: bool = False
) -> tuple[list[list[float]], list[float], tuple[str, ...]]:
    name = lines.name
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise DataError(f"{name} is empty; expected a header line naming the columns, then rows")
    sep = delimiter or max(_DELIMITERS, key=first.count)
    rows = chain([first.removeprefix("\ufeff")], lines)
    reader = csv.reader(rows, delimiter=sep, skipinitialspace=True, strict=True)
    header = [cell.strip() for cell in next(reader)]
    names = _columns(header, wanted, target, f"{name}, line {lines.number}")
    position = {column: j for j, column in enumerate(header)}
    used = [position[column] for column in (*names, *([target] if target else []))]
    width = len(names)
    X: list[list[float]] = []
    y: list[float] = []
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line
        if len(row) != len(header):
            raise DataError(
                f"{name}, line {lines.number}: {len(row)} cell{'s' * (len(row) != 1)}, "
                f"expected {len(header)} like the header"
            )
        try:
            values = [float(row[j]) for j in used]
        except ValueError:
            values = []
        # A sum is nan or ±inf when a term is, so one test checks the whole row (a sum
        # that merely overflows costs a needless search). Only a bad row is searched.
        if len(values) != len(used) or not math.isfinite(sum(values)):
            where = f"{name}, line {lines.number}"
            values = [_cell(row[j], header[j], target, wanted, where) for j in used]
        if target:
            if classes and values[-1] not in (0.0, 1.0):
                raise DataError(
                    f"{name}, line {lines.number}, column {target!r}: logistic regression needs classes"
                    f" 0 and 1 in the target, got {row[used[-1]].strip()!r}"
                )
            y.append(values[-1])
        X.append(values[:width])  # an exact-size copy: the comprehension's list has room to spare
    if not X:
        raise DataError(f"{name} has a header but no data rows")
    return X, y, names


def _check_arguments(
    features: Sequence[str] | None, target: str | None, delimiter: str | None
) -> list[str] | None:
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


def _cell(cell: str, column: str, target: str | None, wanted: list[str] | None, where: str) -> float:
    """One cell as a finite float, or the DataError that says what is wrong with it."""
    where = f"{where}, column {column!r}"
    text = cell.strip()
    if not text:
        raise DataError(f"{where}: the cell is empty; every used column needs a number in every row")
    try:
        number = float(text)
    except ValueError:
        if column == target:
            problem = f"the target must be a number, got {text!r}"
        else:
            problem = f"expected a number, got {text!r}"
        if _DECIMAL_COMMA.fullmatch(text):
            problem += " (a decimal comma? write numbers with a decimal point)"
        elif column != target and wanted is None:
            problem += (
                f"; if column {column!r} is not a feature, leave it out"
                " by listing the feature columns in features="
            )
        raise DataError(f"{where}: {problem}") from None
    if not math.isfinite(number):
        problem = "is not a finite number" if "n" in text.lower() else "is too large for a float"
        raise DataError(f"{where}: {text!r} {problem}; fix or remove this row")
    return number
