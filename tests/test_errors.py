"""One family of errors, all ValueErrors."""

from __future__ import annotations

import pytest

import gdlearn
from gdlearn import DataError, DivergenceError, GDLearnError, ParameterError


@pytest.mark.parametrize("error", [GDLearnError, DataError, ParameterError, DivergenceError])
def test_every_error_is_a_value_error_and_a_gdlearn_error(error: type[Exception]) -> None:
    assert issubclass(error, GDLearnError)
    assert issubclass(error, ValueError)


def test_divergence_error_carries_a_result() -> None:
    error = DivergenceError("blew up", result="partial")
    assert str(error) == "blew up"
    assert error.result == "partial"
    assert DivergenceError("no history").result is None


def test_except_value_error_catches_a_bad_learning_rate() -> None:
    with pytest.raises(ValueError, match="learning_rate"):
        gdlearn.GradientDescent(-1.0)
