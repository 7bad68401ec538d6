"""The boundary: user numbers become finite floats once, or a clear error."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gdlearn import DataError, ParameterError
from gdlearn.checks import positive_int, positive_number, to_float
from gdlearn.vectors import as_dataset, as_matrix, as_vector, dot


def test_dot_by_hand() -> None:
    # 1·4 + 2·5 + 3·6 = 32
    assert dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == pytest.approx(32.0, rel=1e-15)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), min_size=1, max_size=20))
def test_dot_agrees_with_an_exact_sum(pairs: list[tuple[float, float]]) -> None:
    u, v = [a for a, _ in pairs], [b for _, b in pairs]
    exact = float(sum(Fraction(a) * Fraction(b) for a, b in pairs))
    # a plain left-to-right sum: error at most n·ε·Σ|uᵢvᵢ|
    bound = len(pairs) * 2.3e-16 * math.fsum(abs(a * b) for a, b in pairs)
    assert dot(u, v) == pytest.approx(exact, abs=bound + 1e-300)


def test_numbers_of_every_real_kind_become_floats() -> None:
    assert as_vector([1, 2.5, Fraction(1, 4), Decimal("0.5")], "v") == pytest.approx(
        [1.0, 2.5, 0.25, 0.5], abs=0.0
    )
    assert all(type(v) is float for v in as_vector((1, 2), "v"))


def test_as_matrix_converts_rows_of_any_sequence() -> None:
    assert as_matrix(((1, 2), [3, 4])) == [
        pytest.approx([1.0, 2.0], abs=0.0),
        pytest.approx([3.0, 4.0], abs=0.0),
    ]


CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),  # nan and ±inf are refused; 1e308 + 1e308 overflows a sum
    st.floats(-10, 10),
    st.integers(-5, 5),
    st.booleans(),  # refused: a bool is not a number here
    st.just("1.5"),  # refused: text
)
ROWS = st.one_of(  # tables of floats alone (where the fast path is tried to the end), and mixed ones
    st.lists(st.lists(st.floats(), min_size=0, max_size=4), min_size=1, max_size=6),
    st.lists(st.lists(CELLS, min_size=0, max_size=4), min_size=1, max_size=6),
)


class Float(float):
    """A float subclass, as numpy's float64 is: converted to a plain float, never kept."""


@settings(max_examples=300, deadline=None)
@given(ROWS, st.booleans())
@example([[math.nan]], False)
@example([[1.0, -math.inf]], True)
@example([[1e308], [1e308]], False)  # finite, though their sum overflows: accepted
@example([[1.0], [1.0, 2.0]], False)  # ragged
@example([[]], False)
@example([[Float(1.5)]], False)
@example([{1.0, 2.0}], False)  # a set of floats: no order, refused
@example([{1.0: 2.0}], False)  # a dict: refused
def test_the_fast_path_answers_as_the_careful_path_does(rows: list[list[object]], tuples: bool) -> None:
    # as_matrix checks a clean table in one pass (vectors._clean); any other table goes row by row.
    # The two must agree on every table: the same rows, or the same error.
    table = [tuple(row) for row in rows] if tuples else rows

    def answer(careful: bool) -> object:
        with pytest.MonkeyPatch.context() as patch:
            if careful:
                patch.setattr("gdlearn.vectors._clean", lambda table: False)
            try:
                return as_matrix(table)
            except DataError as error:
                return str(error)

    fast = answer(careful=False)
    assert fast == answer(careful=True)
    if isinstance(fast, list):  # and independently: each cell as float(), in fresh lists
        assert fast == [[float(cell) for cell in row] for row in rows]  # type: ignore[arg-type]
        assert all(type(x) is float for row in fast for x in row)


def test_the_matrix_is_a_copy_of_the_rows() -> None:
    rows = [[1.0, 2.0], [3.0, 4.0]]  # clean: the fast path
    matrix = as_matrix(rows)
    rows[0][0] = math.nan  # a change to the caller's rows afterwards
    assert matrix == [[1.0, 2.0], [3.0, 4.0]]
    assert as_matrix([[1e308, 1e308], [1e308, 1.0]]) == [[1e308, 1e308], [1e308, 1.0]]  # a sum that overflows


def test_as_dataset_returns_rows_and_targets() -> None:
    rows, targets = as_dataset([[1], [2]], (3, 4))
    assert rows == [pytest.approx([1.0], abs=0.0), pytest.approx([2.0], abs=0.0)]
    assert targets == pytest.approx([3.0, 4.0], abs=0.0)


def test_positive_number_and_int_accept_good_values() -> None:
    assert positive_number(Fraction(1, 8), "eta") == pytest.approx(0.125, abs=0.0)
    assert positive_int(3, "epochs") == 3


# Refusals, one per line: (call, error, what the message must say).
REFUSED = [
    # a bool is not a number here
    (lambda: to_float(True, "x"), DataError, "x must be a real number, got True"),
    # a string that looks like a number is still a string
    (lambda: to_float("1.5", "x"), DataError, "x must be a real number, got '1.5'"),
    # nan
    (lambda: to_float(math.nan, "x"), DataError, "x must be finite, got nan"),
    # an integer too large for a float
    (lambda: to_float(10**400, "x"), DataError, "x must fit in a float"),
    # a Decimal infinity
    (lambda: to_float(Decimal("-Infinity"), "x"), DataError, "x must be finite, got -inf"),
    # None where a vector is meant
    (lambda: as_vector(None, "y"), DataError, "y must be a sequence of numbers, got None"),
    # a number where a vector is meant
    (lambda: as_vector(3.0, "y"), DataError, "y must be a sequence of numbers, got float"),
    # an empty vector
    (lambda: as_vector([], "y"), DataError, "y must not be empty"),
    # a vector of the wrong length
    (lambda: as_vector([1, 2], "theta", length=3), DataError, "theta must have 3 entries, got 2"),
    # a ragged matrix names the row
    (lambda: as_matrix([[1, 2], [3, 4], [5]]), DataError, "X row 2 has 1 column, expected 2"),
    # a matrix cell names row and column
    (lambda: as_matrix([[1, 2], [3, math.inf]]), DataError, "X row 1, column 1 must be finite, got inf"),
    # a learning rate too large for a float
    (lambda: positive_number(10**400, "learning_rate"), ParameterError, "learning_rate must be a positive"),
    # a signalling NaN Decimal cannot even be converted
    (lambda: positive_number(Decimal("sNaN"), "tol"), ParameterError, "tol must be a positive finite number"),
    # a float where a whole number is meant
    (lambda: positive_int(3.0, "epochs"), ParameterError, "epochs must be a whole number ≥ 1, got 3.0"),
]


@pytest.mark.parametrize(("call", "error", "message"), REFUSED)
def test_refusals(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        call()  # type: ignore[operator]
    assert message in str(caught.value)
