"""An auto-grader: a student's gradient and mini-batch loop, checked against gdlearn.

The assignment (see docs/teaching.md): in one file, write

    gradient(theta, X, y)
        ∇J(θ) for J(θ) = (1/n) Σᵢ (w·xᵢ + b − yᵢ)², with θ = [w₁, …, w_d, b]

    minibatch_sgd(X, y, theta0, learning_rate, batch_size, epochs, seed, gradient)
        mini-batch gradient descent, θ ← θ − η·gradient(θ, X_batch, y_batch),
        with the batches drawn in gdlearn's order (gdlearn/batches.py); returns
        θ₀ and θ after every update, as a list of lists

Grade it with pytest, naming the file in STUDENT (default: student.py here):

    STUDENT=path/to/student.py pytest test_assignment.py

The gradient is graded by ``gdlearn.check_gradient`` against central
differences of gdlearn's J at three points; its verdict is the feedback. The
loop is given gdlearn's own batch gradient, so a wrong gradient cannot fail
it, and its θ after every update must match gdlearn's
``GradientDescent(...).minimize(..., record_theta=True).path``.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from gdlearn import MSE, GradientDescent, LinearModel, Objective, Standardizer, check_gradient, least_squares
from gdlearn.datasets import mtcars

STUDENT = Path(os.environ.get("STUDENT", Path(__file__).with_name("student.py")))

# The data: fuel economy from weight and horsepower, 32 cars, standardised.
CARS = mtcars()
COLUMNS = [CARS.feature_names.index("wt"), CARS.feature_names.index("hp")]
X = Standardizer.fit([[row[j] for j in COLUMNS] for row in CARS.X]).transform(
    [[row[j] for j in COLUMNS] for row in CARS.X]
)
y = list(CARS.y)
NAMES = ["w_wt", "w_hp", "b"]
J = Objective(LinearModel(2), MSE(), X, y)  # gdlearn's J(θ), the reference


@pytest.fixture(scope="module")
def student() -> ModuleType:
    if not STUDENT.is_file():
        pytest.fail(f"no submission at {STUDENT}; set STUDENT=path/to/student.py")
    spec = importlib.util.spec_from_file_location("student", STUDENT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


POINTS = {
    "zero": [0.0, 0.0, 0.0],
    "elsewhere": [-2.5, 1.5, 18.0],
    "minimum": list(least_squares(X, y).theta),  # the least-squares θ, where ∇J = 0
}


@pytest.mark.parametrize("where", POINTS)
def test_gradient(student: ModuleType, where: str) -> None:
    class StudentsJ:
        """gdlearn's J(θ), with the student's gradient beside it."""

        def value(self, theta: list[float]) -> float:
            return J.value(theta)

        def gradient(self, theta: list[float]) -> list[float]:
            return list(student.gradient(list(theta), X, y))

    check = check_gradient(StudentsJ(), POINTS[where], names=NAMES)
    assert check.passed, f"at θ = {where} {POINTS[where]}: {check.verdict}"


def test_minibatch_loop(student: ModuleType) -> None:
    eta, B, epochs, seed = 0.05, 5, 3, 17  # 32 rows: 7 batches an epoch, the last of 2 rows
    reference = GradientDescent(eta, batch_size=B, seed=seed).minimize(J, epochs=epochs, record_theta=True)
    assert reference.path is not None

    def batch_gradient(theta: list[float], X_batch: list[list[float]], y_batch: list[float]) -> list[float]:
        """gdlearn's ∇J_B(θ) on the batch (the mean over its rows), so only the loop is graded."""
        return Objective(LinearModel(2), MSE(), X_batch, y_batch).gradient(theta)

    path = student.minibatch_sgd(X, y, [0.0, 0.0, 0.0], eta, B, epochs, seed, batch_gradient)
    assert len(path) == len(reference.path), (
        f"expected θ₀ and θ after each of {len(reference.path) - 1} updates ({epochs} epochs of 7 batches),"
        f" got {len(path)} points"
    )
    per_epoch = -(-len(y) // B)
    for k, (mine, expected) in enumerate(zip(path, reference.path)):
        if mine != pytest.approx(list(expected), rel=1e-12, abs=1e-12):
            epoch = max(1, (k - 1) // per_epoch + 1)
            if epoch == 1:
                hint = (
                    "check the update θ ← θ − η·g and the batches: consecutive slices of range(n)"
                    " shuffled by one random.Random(seed)"
                )
            else:
                hint = (
                    f"epoch 1 agrees, so check the order of epoch {epoch}: each epoch shuffles the previous"
                    " epoch's order again, with the same random.Random(seed), not a fresh range(n)"
                )
            pytest.fail(
                f"θ first differs after update {k} (epoch {epoch}): yours {list(mine)}, gdlearn's"
                f" {list(expected)}; {hint} (gdlearn/batches.py states the order)"
            )
