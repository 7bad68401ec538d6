"""Optional: the same 50 steps as torch.optim.SGD and torch.optim.Adam, in float64.

Skipped unless PyTorch is installed (it is not a dependency of gdlearn or of
its tests). The gradient comes from torch's autograd, so the only thing the
two sides share is the problem.
"""

from __future__ import annotations

import math

import pytest

from gdlearn import Adam, GradientDescent, Quadratic

torch = pytest.importorskip("torch")

A = [[3.0, 0.5], [0.5, 1.0]]
b = [1.0, -2.0]
THETA0 = [2.0, -1.5]


def torch_path(make_optimizer: object, steps: int = 50) -> list[list[float]]:
    A_t = torch.tensor(A, dtype=torch.float64)
    b_t = torch.tensor(b, dtype=torch.float64)
    theta = torch.tensor(THETA0, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([theta])  # type: ignore[operator]
    path = [theta.detach().tolist()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss = 0.5 * theta @ A_t @ theta - b_t @ theta
        loss.backward()
        optimizer.step()
        path.append(theta.detach().tolist())
    return path


def assert_close(path: list[tuple[float, ...]] | None, expected: list[list[float]]) -> None:
    assert path is not None and len(path) == len(expected)
    for point, want in zip(path, expected):
        for got, w in zip(point, want):
            assert math.isclose(got, w, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(
    "options",
    [
        {"momentum": 0.9},
        {"momentum": 0.8, "dampening": 0.3},
        {"momentum": 0.9, "nesterov": True},
        {"momentum": 0.5, "weight_decay": 0.1},
    ],
)
def test_gradient_descent_matches_torch_sgd(options: dict[str, object]) -> None:
    ours = GradientDescent(0.1, **options).minimize_function(  # type: ignore[arg-type]
        Quadratic(A, b), THETA0, iterations=50, record_theta=True
    )
    theirs = torch_path(lambda params: torch.optim.SGD(params, lr=0.1, **options))
    assert_close(ours.path, theirs)


@pytest.mark.parametrize("options", [{}, {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.05}])
def test_adam_matches_torch_adam(options: dict[str, object]) -> None:
    ours = Adam(0.05, **options).minimize_function(  # type: ignore[arg-type]
        Quadratic(A, b), THETA0, iterations=50, record_theta=True
    )
    theirs = torch_path(lambda params: torch.optim.Adam(params, lr=0.05, **options))
    assert_close(ours.path, theirs)
