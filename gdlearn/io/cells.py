"""One cell of a CSV file as a number, or the error that says what is wrong with it.

A cell is read with the file's decimal mark: '.' (3.14, the default) or ','
(3,14, as spreadsheets write numbers in much of Europe). With ',' a cell
holding a '.' is refused, because in 1.234,5 the '.' separates thousands
and would be misread. A cell that is empty, not a number, nan or ±inf is a
``DataError`` naming the file, line and column, with a hint that names the
option to use in the words of the caller: ``features=`` in Python,
``--features`` on the command line.

>>> comma_float("3,14"), comma_float("-2")
(3.14, -2.0)
>>> cell_value("3,14", "x", "y", None, "line 2", ".", HINTS["command line"])
Traceback (most recent call last):
  ...
gdlearn.errors.DataError: line 2, column 'x': expected a number, got '3,14' (a decimal comma? add --decimal ,)
"""

from __future__ import annotations

import math
import re

from ..errors import DataError

_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")

# How a message's hint names each option: in Python, or on the command line (``hints=``).
HINTS = {
    "python": {
        "features": "listing the feature columns in features=",
        "decimal": "pass decimal=','",
        "delimiter": "say delimiter=','",
        "drop_missing": "drop_missing=True skips such rows",
        "encoding": "encoding='cp1252' (a spreadsheet's export on Windows) or 'utf-16'",
    },
    "command line": {
        "features": "listing the feature columns with --features",
        "decimal": "add --decimal ,",
        "delimiter": "add --delimiter ,",
        "drop_missing": "--drop-missing skips such rows",
        "encoding": "--encoding cp1252 (a spreadsheet's export on Windows) or utf-16",
    },
}


def comma_float(cell: str) -> float:
    """A number written with a decimal comma, '3,14' → 3.14; a '.' in it is a ValueError."""
    if "." in cell:
        raise ValueError(cell)
    return float(cell.replace(",", "."))


def cell_value(
    cell: str,
    column: str,
    target: str | None,
    wanted: list[str] | None,
    where: str,
    decimal: str,
    hints: dict[str, str],
) -> float:
    """One cell as a finite float, or the DataError that says what is wrong with it."""
    where = f"{where}, column {column!r}"
    text = cell.strip()
    if not text:
        missing = "" if target is None else f" ({hints['drop_missing']})"
        raise DataError(f"{where}: the cell is empty; every used column needs a number in every row{missing}")
    try:
        number = comma_float(text) if decimal == "," else float(text)
    except ValueError:
        if column == target:
            problem = f"the target must be a number, got {text!r}"
        else:
            problem = f"expected a number, got {text!r}"
        if decimal == "," and "." in text:
            problem += " (the decimal mark is ','; thousands separators such as 1.234,5 are not read)"
        elif decimal == "." and _DECIMAL_COMMA.fullmatch(text):
            problem += f" (a decimal comma? {hints['decimal']})"
        elif column != target and wanted is None:
            problem += f"; if column {column!r} is not a feature, leave it out by {hints['features']}"
        raise DataError(f"{where}: {problem}") from None
    if not math.isfinite(number):
        problem = "is not a finite number" if "n" in text.lower() else "is too large for a float"
        raise DataError(f"{where}: {text!r} {problem}; fix or remove this row")
    return number
