"""Scenarios a lecturer opens by a link: the page's whole state is its query string.

Each preset is a query for ``/api/run`` (and so the page's address,
``/?<query>``), with a line saying what to look at. The tests run every one
and check that it shows what its line promises.

    divergence     η just below and just above the stability limit 2/λ_max
    zigzag         a narrow valley (κ = 50): plain GD zigzags across and crawls; momentum races and swings
    local-minimum  the double well: gradient descent stops in the shallow valley, momentum rolls over
    saddle         started on the saddle's line, gradient descent slides to the saddle and stays
    noise-ball     constant-rate SGD never settles: it wanders in a ball around the minimum
    adam           Adam's first steps: about η per coordinate, whatever the gradient's size

>>> [preset.name for preset in PRESETS]
['divergence', 'zigzag', 'local-minimum', 'saddle', 'noise-ball', 'adam']
"""

from __future__ import annotations

from typing import NamedTuple

"""The saddle's x to the last bit: there ∂f/∂x rounds to 0, and nothing pushes the run off it."""


HOME = "problem=galton&batch1=32&lr1=0.1"
"""The page's state when its address has none: mini-batch gradient descent on Galton's heights."""


class Preset(NamedTuple):
    """A scenario: its name, its title on the page, what it shows, and its query string."""

    name: str
    title: str
    shows: str
    query: str


PRESETS = [
    Preset(
        "divergence",
        "Past the stability limit",
        "Standardised Galton: 2/λ_max = 1. At η = 0.9 each step multiplies the error by 1 − 2η = −0.8"
        " (it shrinks, swinging across the minimum); at η = 1.1 by −1.2, and the run blows up.",
        "problem=galton&scale=standardized&epochs=80&lr1=0.9&opt2=gd&lr2=1.1",
    ),
    Preset(
        "zigzag",
        "Zigzag across a narrow valley",
        "A bowl with κ = 50: at η = 0.036, near 2/λ_max = 0.04, plain gradient descent bounces from wall"
        " to wall while it crawls along the floor; momentum μ = 0.9 races along the floor but overshoots"
        " in long swings; Nesterov's look-ahead (at η = 0.02: its limit is lower) damps them and gets"
        " closest.",
        "problem=quadratic&kappa=50&iterations=100&lr1=0.036&opt2=gd&momentum2=0.9&lr2=0.036"
        "&opt3=gd&momentum3=0.9&nesterov3=1&lr3=0.02",
    ),
    Preset(
        "local-minimum",
        "Trapped in a local minimum",
        "The double well from (1.6, 1.2): gradient descent settles in the shallow right valley, f ≈ −0.706;"
        " momentum 0.8 carries the run over the saddle into the deeper left one, f ≈ −1.305.",
        "problem=double-well&x0=1.6&y0=1.2&iterations=300&lr1=0.05&opt2=gd&momentum2=0.8&lr2=0.05",
    ),
    Preset(
        "saddle",
        "Stalled at a saddle",
        "Started on the line x = 0, the gradient has no x part: gradient descent slides down"
        " to the saddle at the origin (f = 0) and stops there, with a zero gradient, as if at a minimum.",
        "problem=saddle&x0=0&y0=1.4&iterations=300&lr1=0.05",
    ),
    Preset(
        "noise-ball",
        "The noise ball of constant-rate SGD",
        "Batch GD at η = 1/λ_max = 0.5 lands on the minimum in one step; SGD (B = 1) and mini-batches"
        " (B = 32) at a constant η keep moving with each row's noisy gradient: their J − J* stays above 0,"
        " in a ball around θ* (the map is zoomed on the minimum).",
        "problem=galton&scale=standardized&epochs=10&view=minimum&lr1=0.5"
        "&opt2=gd&lr2=0.05&batch2=1&opt3=gd&lr3=0.05&batch3=32",
    ),
    Preset(
        "adam",
        "Adam's first steps",
        "On a bowl with κ = 10, Adam's first step moves each coordinate by η (m̂/√v̂ = ±1), at 45° whatever"
        " the gradient's direction; gradient descent steps along −∇f, steep across the valley.",
        "problem=quadratic&kappa=10&iterations=25&opt1=adam&lr1=0.5&opt2=gd&lr2=0.1",
    ),
]
"""The presets, in the order the page lists them."""
