"""Small things several test modules share."""

from __future__ import annotations

from gdlearn import Objective


class OnBatch:
    """θ ↦ J_ℬ(θ) for a fixed batch ℬ of an objective's rows, as a Differentiable,
    so that ``check_gradient`` can take finite differences of the batch loss."""

    def __init__(self, J: Objective, indices: list[int]) -> None:
        self.J, self.indices = J, indices

    def value(self, theta: list[float]) -> float:
        return self.J.value_and_gradient(theta, self.indices)[0]

    def gradient(self, theta: list[float]) -> list[float]:
        return self.J.value_and_gradient(theta, self.indices)[1]


GOOD_MODEL_FILE = {
    "format": "gdlearn-model",
    "version": 1,
    "feature_names": ["a", "b"],
    "target_name": "y",
    "weights": [0.5, -1.0],
    "bias": 2.0,
    "fit_intercept": True,
    "training": {},
}
"""A valid model file's JSON document, for tests that break one field at a time."""
