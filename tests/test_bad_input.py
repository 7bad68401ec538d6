"""Bad input at every public entry point: a gdlearn error whose message names the problem.

Each case is one line with a comment: the call, the error class, and a piece of
the message. Every gdlearn error is a ValueError; nothing may escape as a bare
IndexError, ZeroDivisionError, OverflowError or TypeError.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import (
    MAE,
    MSE,
    Adam,
    DataError,
    DivergenceError,
    GDLearnError,
    GradientDescent,
    LinearModel,
    LogisticModel,
    Objective,
    ParameterError,
    Quadratic,
    Rosenbrock,
    check_gradient,
    fit,
    least_squares,
    plot,
)
from gdlearn.explain import explain_step

X = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
y = [1.0, 2.0, 3.0]
nan, inf = math.nan, math.inf


RATE = "learning_rate must be a positive finite number, got "
WHOLE = "must be a whole number ≥ 1, got "


def J() -> Objective:
    return Objective(LinearModel(2), "mse", X, y)


CASES: list[tuple[Callable[[], Any], type[GDLearnError], str]] = [
    # empty data
    (lambda: fit([], []), DataError, "X must have at least one row, got none"),
    # rows with no columns
    (lambda: fit([[], []], [1, 2]), DataError, "X row 0 is empty"),
    # empty targets
    (lambda: fit([[1.0]], []), DataError, "y must not be empty"),
    # ragged rows: the second row is short
    (lambda: fit([[1, 2], [3]], [1, 2]), DataError, "X row 1 has 1 column, expected 2 like row 0"),
    # X and y of different lengths
    (lambda: fit(X, [1.0, 2.0]), DataError, "X has 3 rows but y has 2 values"),
    # a string in X: row and column named
    (lambda: fit([[1, 2], [3, "4"]], [1, 2]), DataError, "X row 1, column 1 must be a real number, got '4'"),
    # None in y
    (lambda: fit([[1], [2]], [1, None]), DataError, "y[1] must be a real number, got None"),
    # nan in X: row and column named
    (lambda: fit([[1, 2], [3, nan]], [1, 2]), DataError, "X row 1, column 1 must be finite, got nan"),
    # inf in X
    (lambda: fit([[inf, 2], [3, 4]], [1, 2]), DataError, "X row 0, column 0 must be finite, got inf"),
    # -inf in y
    (lambda: fit([[1], [2]], [-inf, 1]), DataError, "y[0] must be finite, got -inf"),
    # a bool in X where a number is meant
    (lambda: fit([[True], [2]], [1, 2]), DataError, "X row 0, column 0 must be a real number, got True"),
    # X given as a string
    (lambda: fit("1,2,3", y), DataError, "X must be a sequence of numbers, got '1,2,3'"),
    # X is None
    (lambda: fit(None, y), DataError, "X must be a sequence of numbers, got None"),
    # a row that is a single number instead of a list
    (lambda: fit([1.0, 2.0, 3.0], y), DataError, "X row 0 must be a sequence of numbers"),
    # theta0 of the wrong length (2 features + bias = 3)
    (lambda: fit(X, y, theta0=[0.0, 0.0]), DataError, "theta0 must have 3 entries, got 2"),
    # theta0 with nan
    (lambda: fit(X, y, theta0=[0.0, nan, 0.0]), DataError, "theta0[1] must be finite, got nan"),
    # learning rate 0
    (lambda: fit(X, y, learning_rate=0), ParameterError, RATE + "0"),
    # negative learning rate
    (lambda: GradientDescent(-0.1), ParameterError, RATE + "-0.1"),
    # nan learning rate
    (lambda: GradientDescent(nan), ParameterError, RATE + "nan"),
    # infinite learning rate
    (lambda: GradientDescent(inf), ParameterError, RATE + "inf"),
    # learning rate as a string
    (lambda: GradientDescent("0.1"), ParameterError, RATE + "'0.1'"),
    # learning rate as a bool
    (lambda: GradientDescent(True), ParameterError, RATE + "True"),
    # learning rate None
    (lambda: GradientDescent(None), ParameterError, RATE + "None"),
    # learning rate too large for a float
    (lambda: GradientDescent(10**400), ParameterError, "learning_rate must be a positive finite number"),
    # batch size 0
    (lambda: GradientDescent(0.1, batch_size=0), ParameterError, "batch_size " + WHOLE + "0"),
    # negative batch size
    (lambda: fit(X, y, batch_size=-2), ParameterError, "batch_size must be a whole number ≥ 1, got -2"),
    # a batch size that is not an integer
    (lambda: fit(X, y, batch_size=2.5), ParameterError, "batch_size must be a whole number ≥ 1, got 2.5"),
    # a bool batch size
    (lambda: fit(X, y, batch_size=True), ParameterError, "batch_size must be a whole number ≥ 1, got True"),
    # a string batch size
    (lambda: fit(X, y, batch_size="8"), ParameterError, "batch_size must be a whole number ≥ 1, got '8'"),
    # epochs 0
    (lambda: fit(X, y, epochs=0), ParameterError, "epochs must be a whole number ≥ 1, got 0"),
    # negative epochs
    (lambda: GradientDescent(0.1).minimize(J(), epochs=-5), ParameterError, "epochs " + WHOLE + "-5"),
    # a bool for epochs
    (lambda: fit(X, y, epochs=False), ParameterError, "epochs must be a whole number ≥ 1, got False"),
    # epochs as a float
    (lambda: fit(X, y, epochs=10.0), ParameterError, "epochs must be a whole number ≥ 1, got 10.0"),
    # tol ≤ 0
    (lambda: fit(X, y, tol=0.0), ParameterError, "tol must be a positive finite number, got 0.0"),
    # patience 0
    (lambda: fit(X, y, tol=1e-6, patience=0), ParameterError, "patience must be a whole number ≥ 1, got 0"),
    # shuffle that is not a bool
    (lambda: fit(X, y, shuffle="no"), ParameterError, "shuffle must be True or False, got 'no'"),
    # a float seed
    (lambda: fit(X, y, seed=1.5), ParameterError, "seed must be an integer or None, got 1.5"),
    # a bool seed
    (lambda: GradientDescent(0.1, seed=True), ParameterError, "seed must be an integer or None, got True"),
    # fit_intercept that is not a bool
    (lambda: fit(X, y, fit_intercept=1), ParameterError, "fit_intercept must be True or False, got 1"),
    # an unknown loss name (the message lists the known ones)
    (lambda: fit(X, y, loss="no-such-loss"), ParameterError, "or a Loss, got 'no-such-loss'"),
    # loss None
    (lambda: fit(X, y, loss=None), ParameterError, "or a Loss, got None"),
    # a loss class instead of an instance
    (lambda: fit(X, y, loss=MSE), ParameterError, "or a Loss, got <class 'gdlearn.losses.MSE'>"),
    # iterations 0 for a plain function
    (lambda: GradientDescent(0.1).minimize_function(Rosenbrock(), [0, 0], iterations=0), ParameterError,
     "iterations must be a whole number ≥ 1, got 0"),
    # a batch size for a plain function, which has no rows
    (lambda: GradientDescent(0.1, batch_size=2).minimize_function(Rosenbrock(), [0, 0]), ParameterError,
     "a plain function has no rows to batch"),
    # theta0 of the wrong length for Rosenbrock
    (lambda: GradientDescent(0.1).minimize_function(Rosenbrock(), [0, 0, 0]), ParameterError,
     "theta must have 2 entries, got 3"),
    # grad_tol negative
    (lambda: GradientDescent(0.1).minimize_function(Rosenbrock(), [0, 0], grad_tol=-1), ParameterError,
     "grad_tol must be a positive finite number, got -1"),
    # LinearModel with 0 features
    (lambda: LinearModel(0), ParameterError, "n_features must be a whole number ≥ 1, got 0"),
    # LinearModel with a bool for n_features
    (lambda: LinearModel(True), ParameterError, "n_features must be a whole number ≥ 1, got True"),
    # LinearModel theta of the wrong length
    (lambda: LinearModel(2, theta=[1.0]), DataError, "theta must have 3 entries, got 1"),
    # predict with the wrong number of columns
    (lambda: LinearModel(2).predict([[1.0]]), DataError, "X must have 2 columns for this model, got 1"),
    # predict_one with the wrong length
    (lambda: LinearModel(2).predict_one([1.0, 2.0, 3.0]), DataError, "x must have 2 entries, got 3"),
    # predict_one with nan
    (lambda: LinearModel(1).predict_one([nan]), DataError, "x[0] must be finite, got nan"),
    # Objective with data that has the wrong number of columns for the model
    (lambda: Objective(LinearModel(3), "mse", X, y), DataError, "X has 2 columns but the model has 3"),
    # Objective.value with theta of the wrong length
    (lambda: J().value([0.0, 0.0]), DataError, "theta must have 3 entries, got 2"),
    # Objective.gradient with a string in theta
    (lambda: J().gradient([0.0, "a", 0.0]), DataError, "theta[1] must be a real number, got 'a'"),
    # loss value with lengths that differ
    (lambda: MSE().value([1.0, 2.0], [1.0]), DataError, "y_pred has 2 values but y_true has 1"),
    # loss gradient of empty predictions
    (lambda: MAE().gradient([], []), DataError, "y_pred must not be empty"),
    # loss of a nan prediction
    (lambda: MSE().value([nan], [1.0]), DataError, "y_pred[0] must be finite, got nan"),
    # least squares with X and y of different lengths
    (lambda: least_squares(X, [1.0]), DataError, "X has 3 rows but y has 1 values"),
    # least squares with a non-bool fit_intercept
    (lambda: least_squares(X, y, fit_intercept="yes"), ParameterError, "fit_intercept must be True or False"),
    # check_gradient with eps 0
    (lambda: check_gradient(Rosenbrock(), [0, 0], eps=0), ParameterError, "eps must be a positive finite"),
    # check_gradient at an empty theta
    (lambda: check_gradient(Rosenbrock(), []), DataError, "theta must not be empty"),
    # Rosenbrock with c ≤ 0
    (lambda: Rosenbrock(c=-1.0), ParameterError, "c must be a positive finite number, got -1.0"),
    # a non-symmetric bowl
    (lambda: Quadratic([[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0]), ParameterError, "A must be symmetric"),
    # a bowl that is not positive definite has no minimum
    (lambda: Quadratic([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0]), ParameterError, "A must be positive definite"),
    # a non-square A
    (lambda: Quadratic([[1.0, 0.0]], [0.0]), ParameterError, "A must be square"),
    # b of the wrong length
    (lambda: Quadratic([[1.0]], [0.0, 1.0]), DataError, "b must have 1 entries, got 2"),
    # a callback that cannot be called: refused before the run, not after its first epoch
    (lambda: fit(X, y, callback=5), ParameterError, "callback must be a function callback(epoch, loss)"),
    # one update by hand with a gradient of the wrong length (zip would drop θ's second entry)
    (lambda: GradientDescent(0.1).step([1.0, 2.0], [1.0]), DataError, "grad must have 2 entries, got 1"),
    # … or with a nan in it
    (lambda: GradientDescent(0.1).step([1.0], [nan]), DataError, "grad[0] must be finite, got nan"),
    # a plain function whose gradient is too short, or not a sequence at all
    (lambda: GradientDescent(0.1).minimize_function(ShortGradient(), [1.0, 2.0]), ParameterError,
     "f.gradient(θ) must give one partial derivative, a real number, per entry of θ (2), got [2.0]"),
    (lambda: GradientDescent(0.1).minimize_function(ShortGradient(None), [1.0, 2.0]), ParameterError,
     "per entry of θ (2), got None"),
    # … or text of the right length, or bools (a TypeError in the update before)
    (lambda: GradientDescent(0.1).minimize_function(ShortGradient("ab"), [1.0, 2.0]), ParameterError,
     "f.gradient(θ) must give one partial derivative, a real number, per entry of θ (2), got 'ab'"),
    (lambda: Adam(0.1).minimize_function(ShortGradient([True, False]), [1.0, 2.0]), ParameterError,
     "per entry of θ (2), got [True, False]"),
    # a plain function whose value is no number: a TypeError from abs() before, or a complex loss
    (lambda: GradientDescent(0.1).minimize_function(Valued("x"), [1.0]), ParameterError,
     "f.value(theta) must return a real number, got 'x'"),
    (lambda: Adam(0.1).minimize_function(Valued(1j), [1.0]), ParameterError,
     "f.value(theta) must return a real number, got 1j"),
    # … or an int beyond a float (an OverflowError before): infinite, so the run has blown up
    (lambda: GradientDescent(0.1).minimize_function(Valued(10**400), [1.0]), DivergenceError,
     "at the starting θ: loss inf"),
    # a callback that takes too few arguments: a TypeError after the first epoch before
    (lambda: fit(X, y, callback=lambda epoch: None), ParameterError,
     "callback must take two arguments, callback(epoch, loss): too many positional arguments"),
    # not a run's result: an AttributeError before
    (lambda: plot.training_curves(3), ParameterError, "expected the Result of a run, such as fit(X, y)"),
    # a logistic model's curve is no line: it was drawn as y = w·x + b
    (lambda: plot.scatter_fit([1.0, 2.0], [0.0, 1.0], {"f": LogisticModel(1)}), ParameterError,
     "line 'f' is a LogisticModel, whose curve is σ(w·x + b)"),
    # a contour map of a function of one number: a TypeError from deep in the sampling before
    (lambda: plot.contour(lambda a: a, None, xlim=(-1, 1), ylim=(-1, 1)), ParameterError,
     "f must take two numbers, f(a, b)"),
    # … of a Differentiable of one parameter: it said "minimum must have 2 entries", unasked for a minimum
    (lambda: plot.contour(Quadratic([[1.0]], [0.0]), None, xlim=(-2, 2), ylim=(-1, 3)), ParameterError,
     "contour draws functions of two parameters (a, b); f has 1"),
    # feature names as one string: split into the names 'a' and 'b' before
    (lambda: explain_step([[1.0, 2.0], [3.0, 1.0]], [1.0, 2.0], feature_names="ab"), ParameterError,
     "feature_names must be a list of names, one per column, got 'ab'"),
    # record_theta is a yes or no, like record_batches and shuffle
    (lambda: fit(X, y, record_theta=1), ParameterError, "record_theta must be True or False, got 1"),
    # targets whose squares pass the largest float: the data, not the rate, and nothing was updated
    (lambda: fit([[1.0], [2.0]], [1e160, 2e160]), DivergenceError,
     "at the starting θ: loss inf (it started at inf) with no update taken yet, so the learning rate is"
     " not the cause: rescale the data"),
]


class ShortGradient:
    """f(θ) = θ₁² + θ₂², with a gradient that forgets θ₂ (or is None)."""

    def __init__(self, gradient: Any = "short") -> None:
        self.answer = gradient

    def value(self, theta: list[float]) -> float:
        return theta[0] ** 2 + theta[1] ** 2

    def gradient(self, theta: list[float]) -> Any:
        return [2 * theta[0]] if self.answer == "short" else self.answer


class Valued:
    """A plain function whose value is always ``answer``, and gradient 0."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def value(self, theta: list[float]) -> Any:
        return self.answer

    def gradient(self, theta: list[float]) -> list[float]:
        return [0.0] * len(theta)


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_bad_input_is_refused_with_a_message_naming_the_problem(
    call: Callable[[], Any], error: type[GDLearnError], message: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, ValueError)
    assert message in str(caught.value)


def test_a_batch_size_larger_than_n_is_clipped_not_refused() -> None:
    # Documented: B > n is clipped to n, i.e. batch gradient descent.
    result = fit(X, y, batch_size=1000, learning_rate=0.01, epochs=3)
    assert result.n_iter == 3


cell = st.one_of(st.floats(), st.integers(), st.text(max_size=1), st.none())
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**400), 10**400),
    st.floats(),
    st.text(max_size=3),
    st.lists(st.floats(), max_size=3),
    st.lists(st.lists(cell, max_size=3), max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(X=junk, y=junk, learning_rate=junk, batch_size=junk, epochs=junk)
def test_junk_never_escapes_as_a_bare_python_error(
    X: Any, y: Any, learning_rate: Any, batch_size: Any, epochs: Any
) -> None:
    # Whatever arrives, fit either runs or raises one of gdlearn's errors.
    if isinstance(epochs, int) and not isinstance(epochs, bool) and epochs > 5:
        epochs = 5  # keep accidental valid runs short
    with contextlib.suppress(GDLearnError):
        fit(X, y, learning_rate=learning_rate, batch_size=batch_size, epochs=epochs)
