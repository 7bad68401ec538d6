"""A submission with two classic slips, for test_assignment.py to catch.

1. The gradient of ½·MSE, (1/n) Σᵢ rᵢxᵢ, where the assignment's J is the MSE
   itself, whose gradient is (2/n) Σᵢ rᵢxᵢ: every component half its size.
2. A loop that shuffles a fresh range(n) every epoch, where gdlearn shuffles
   the previous epoch's order: the first epoch agrees, the second does not.
"""

from __future__ import annotations

import random


def gradient(theta, X, y):
    *w, b = theta
    n = len(y)
    r = [sum(w_j * x_j for w_j, x_j in zip(w, x)) + b - y_i for x, y_i in zip(X, y)]
    grad = [1 / n * sum(r_i * x[j] for r_i, x in zip(r, X)) for j in range(len(w))]  # slip 1: 1/n
    grad.append(1 / n * sum(r))
    return grad


def minibatch_sgd(X, y, theta0, learning_rate, batch_size, epochs, seed, gradient):
    rng = random.Random(seed)
    theta = list(theta0)
    path = [list(theta)]
    for _ in range(epochs):
        order = list(range(len(y)))  # slip 2: a fresh range(n) every epoch
        rng.shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            g = gradient(theta, [X[i] for i in batch], [y[i] for i in batch])
            theta = [t - learning_rate * g_j for t, g_j in zip(theta, g)]
            path.append(list(theta))
    return path
