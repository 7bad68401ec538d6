"""A correct submission for test_assignment.py: the gradient of the MSE, and gdlearn's batch order."""

from __future__ import annotations

import random


def gradient(theta, X, y):
    """∇J(θ) for J(θ) = (1/n) Σᵢ (w·xᵢ + b − yᵢ)²: ∂J/∂wⱼ = (2/n) Σᵢ rᵢxᵢⱼ, ∂J/∂b = (2/n) Σᵢ rᵢ."""
    *w, b = theta
    n = len(y)
    r = [sum(w_j * x_j for w_j, x_j in zip(w, x)) + b - y_i for x, y_i in zip(X, y)]  # rᵢ = ŷᵢ − yᵢ
    grad = [2 / n * sum(r_i * x[j] for r_i, x in zip(r, X)) for j in range(len(w))]
    grad.append(2 / n * sum(r))
    return grad


def minibatch_sgd(X, y, theta0, learning_rate, batch_size, epochs, seed, gradient):
    """θ₀ and θ after every update of mini-batch gradient descent."""
    rng = random.Random(seed)
    order = list(range(len(y)))
    theta = list(theta0)
    path = [list(theta)]
    for _ in range(epochs):
        rng.shuffle(order)  # the previous epoch's order, shuffled again
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            g = gradient(theta, [X[i] for i in batch], [y[i] for i in batch])
            theta = [t - learning_rate * g_j for t, g_j in zip(theta, g)]
            path.append(list(theta))
    return path
