"""Every number ``explain_step`` prints, against a computation written out here from the formulas.

The reference below replays the updates with plain loops and the textbook
formulas (no gdlearn function): ŷ, σ, r, ℓ, δᵢ, the penalty, weight decay,
the velocity, Nesterov's direction, Adam's moments and corrections. For each
rule × loss × penalty, at t = 1 and t = 5, the test then

- reads every labelled line of the text ("r₃ = … = −2.5", "w₁: m₅ = … = 0.1",
  "b ← … = 0.4") and compares its result with the reference's number, and
  checks that every line the reference expects is there;
- reads every other number in the text and checks that it is one of the
  reference's numbers, the data, the settings or a count, to the digits printed.
"""

from __future__ import annotations

import math
import re

import pytest

import gdlearn
from gdlearn import DivergenceError
from gdlearn.explain import explain_step

X = [[1.0, 2.0], [2.0, -1.0], [3.0, 0.5], [-1.0, 4.0], [0.5, 1.5]]  # no gradient cancels at θ = 0
Y = [3.0, 0.5, 4.0, 2.0, -0.5]  # at θ = 0 the Huber residuals are −3, −0.5, −4, −2, 0.5: both parts
CLASSES = [1.0, 0.0, 1.0, 0.0, 1.0]
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
RULES = {  # rule: explain_step's options
    "plain": {"learning_rate": 0.05},
    "momentum": {"learning_rate": 0.05, "momentum": 0.9},
    "nesterov": {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
    "adam": {"learning_rate": 0.1, "optimizer": "adam"},
}
PENALTIES = {"none": {}, "l1": {"l1": 0.1}, "l2": {"l2": 0.2}}


def sub(i: int) -> str:
    return str(i).translate(SUBSCRIPT)


def reference(X, y, T, *, loss, learning_rate, optimizer="gd", momentum=0.0, dampening=0.0, nesterov=False,
              weight_decay=0.0, betas=(0.9, 0.999), eps=1e-8, l1=0.0, l2=0.0, delta=1.0,
              proximal=False):  # fmt: skip
    """Batch updates 1 … T from θ = 0; every intermediate number of update T, by label.

    With ``proximal``, λ₁·sign(w) stays out of the gradient and each update is followed by
    wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0) on the weights.
    """
    n, d = len(X), len(X[0])
    theta, velocity, m, v = [0.0] * (d + 1), None, [0.0] * (d + 1), [0.0] * (d + 1)
    names = [f"w{sub(j + 1)}" for j in range(d)] + ["b"]
    eta, mu, tau, lam, (b1, b2) = learning_rate, momentum, dampening, weight_decay, betas

    def objective(theta):
        z = [sum(theta[j] * x[j] for j in range(d)) + theta[d] for x in X]
        p = [1 / (1 + math.exp(-zi)) for zi in z] if loss == "log" else z
        r = [pi - yi for pi, yi in zip(p, y)]
        if loss == "mse":
            ell, slope = [ri**2 for ri in r], [2 * ri for ri in r]
        elif loss == "mae":
            ell, slope = [abs(ri) for ri in r], [(ri > 0) - (ri < 0) for ri in r]
        elif loss == "huber":
            ell = [ri**2 / 2 if abs(ri) <= delta else delta * (abs(ri) - delta / 2) for ri in r]
            slope = [ri if abs(ri) <= delta else delta * ((ri > 0) - (ri < 0)) for ri in r]
        else:
            ell = [-(yi * math.log(pi) + (1 - yi) * math.log(1 - pi)) for pi, yi in zip(p, y)]
            slope = r
        L = sum(ell) / n
        J = L + l2 * sum(w * w for w in theta[:d]) + l1 * sum(abs(w) for w in theta[:d])
        return z, p, r, ell, [s / n for s in slope], L, J

    for t in range(1, T + 1):
        before = {"theta": list(theta), "velocity": velocity, "m": list(m), "v": list(v)}
        z, p, r, ell, dl, L, J = objective(theta)
        gL = [sum(dl[i] * X[i][j] for i in range(n)) for j in range(d)] + [sum(dl)]
        sign_l1 = 0.0 if proximal else l1  # the proximal gradient leaves λ₁·sign(w) out
        gJ = [gL[j] + 2 * l2 * theta[j] + sign_l1 * ((theta[j] > 0) - (theta[j] < 0)) for j in range(d)]
        gJ += [gL[d]]
        g = [gJ[j] + lam * theta[j] for j in range(d + 1)]
        lines = {}
        if optimizer == "adam":
            m = [b1 * mj + (1 - b1) * gj for mj, gj in zip(m, g)]
            v = [b2 * vj + (1 - b2) * gj * gj for vj, gj in zip(v, g)]
            mh, vh = [mj / (1 - b1**t) for mj in m], [vj / (1 - b2**t) for vj in v]
            direction = [a / (math.sqrt(c) + eps) for a, c in zip(mh, vh)]
            for key, values in (("m", m), ("v", v), ("m̂", mh), ("v̂", vh)):
                lines.update({f"{names[j]}: {key}{sub(t)}": values[j] for j in range(d + 1)})
        elif mu:
            if velocity is None:  # t = 1: the velocity starts at g
                velocity = list(g)
            else:
                velocity = [mu * bj + (1 - tau) * gj for bj, gj in zip(velocity, g)]
            lines.update({f"{names[j]}: u{sub(t)}": velocity[j] for j in range(d + 1)})
            direction = [gj + mu * bj for gj, bj in zip(g, velocity)] if nesterov else velocity
            if nesterov:
                lines.update({f"{names[j]}: g + μ·u{sub(t)}": direction[j] for j in range(d + 1)})
        else:
            direction = g
        new_theta = [th - eta * dj for th, dj in zip(theta, direction)]
        stepped, threshold = list(new_theta), eta * l1  # (τ is the dampening here)
        if proximal:  # soft-thresholding, the bias left alone
            shrunk = [max(abs(w) - threshold, 0.0) * ((w > 0) - (w < 0)) for w in new_theta[:d]]
            new_theta = shrunk + new_theta[d:]
        theta = new_theta
    J_after = objective(theta)[6]

    # the labelled lines of update T, as explain writes them
    out = "z" if loss == "log" else "ŷ"
    for i in range(n):
        lines |= {f"{out}{sub(i + 1)}": z[i], f"r{sub(i + 1)}": r[i], f"δ{sub(i + 1)}": dl[i]}
        if loss == "log":
            lines[f"ŷ{sub(i + 1)}"] = p[i]
    penalised = bool(l1 or l2)
    lines |= {f"∂{'L' if penalised else 'J'}/∂{names[j]}": gL[j] for j in range(d + 1)}
    smooth = "J_smooth" if proximal else "J"  # with proximal, the gradient is that of J − λ₁‖w‖₁
    if not (proximal and l1 and not l2):  # proximal with l1 alone: ∂L/∂θ is the whole gradient
        lines |= {f"∂{smooth}/∂{names[j]}": gJ[j] for j in range(d + 1)}
    lines |= {"J": J} if penalised else {"J": L}
    if penalised:
        lines["L"] = L
    if lam:
        lines |= {f"{names[j]}: g": g[j] for j in range(d + 1)}
    lines |= {f"{names[j]} ←": theta[j] for j in range(d + 1)}

    # every other number the text may print: inputs, settings, counts, and the parts of the sentence
    move = [-eta * dj for dj in direction]
    prev = before["velocity"] or [0.0] * (d + 1)
    parts = [-eta * (1 - tau) * gj for gj in g] + [-eta * mu * bj for bj in prev]
    parts += [-eta * gj for gj in g] + [-eta * mu * bj for bj in (velocity or [])]
    ratio = [abs(a / c) for a in g for c in g if c]
    settings = [eta, mu, tau, lam, l1, l2, b1, b2, eps, delta, 1 - b1**T, 1 - b2**T]
    counts = [0, 1, 2, T, T - 1, n]
    state = [*before["theta"], *prev, *before["m"], *before["v"], *[abs(w) for w in before["theta"]]]
    data = [x_ij for x in X for x_ij in x] + list(y)
    rows = [*[-zi for zi in z], *[abs(ri) for ri in r], *ell]
    change = abs(J_after - lines["J"])
    pool = [*lines.values(), *state, *data, *rows, *move, *parts, *ratio, *settings, *counts, J_after, change]
    if proximal:  # θ − η·g before the thresholding, |wⱼ| of it, η·λ₁, and how many weights land on 0
        zeros = sum(w == 0 for w in theta[:d])
        pool += [*stepped, *map(abs, stepped), threshold, zeros, d]
    return {
        "lines": lines,
        "pool": pool,
        "before": before,
        "theta": theta,
        "J": lines["J"],
        "J_after": J_after,
    }


NUMBER = re.compile(r"(?<![\w.^])[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?")


def value(text: str) -> float:
    return float(text.replace("−", "-"))


def printed_close(text: str, x: float) -> bool:
    """Whether ``text`` (a number printed to its own count of significant digits) is x rounded."""
    if value(text) == 0:  # %.6g prints 0 for 0 alone
        return abs(x) <= 1e-12
    digits = text.replace("−", "").replace("-", "").split("e")[0].replace(".", "").lstrip("0") or "0"
    exponent = math.floor(math.log10(abs(value(text)))) if value(text) else 0
    half_unit = 0.5 * 10 ** (exponent - len(digits) + 1)
    return abs(value(text) - x) <= half_unit * (1 + 1e-6)  # the slack: a value on a rounding boundary


def labelled(text: str) -> dict[str, str]:
    """{'r₃': '−2.5', 'w₁ ←': '0.33', …}: each labelled line's label and printed result."""
    found = {}
    for line in text.splitlines():
        line = re.sub(r"  \(.*\)$", "", re.sub(r"(?<=:) +", " ", line.strip()))
        if re.match(r"^\d+\. ", line) or " = " not in line:
            continue
        left, result = line.split(" = ")[0], line.split(" = ")[-1]
        if " ← " in left:
            left = left.split(" ← ")[0].strip() + " ←"
        if NUMBER.fullmatch(result):
            found[left.strip()] = result
    return found


def check_text(text: str, ref: dict) -> None:
    found = labelled(text)
    missing = [key for key in ref["lines"] if key not in found]
    assert not missing, f"lines missing from the text: {missing}"
    for key, expected in ref["lines"].items():
        assert printed_close(found[key], expected), (key, found[key], expected)
    unnumbered = re.sub(r"(?m)^\d+\. ", "", text)  # the stages' own numbers 1., 2., …
    tokens = NUMBER.findall(unnumbered)
    strays = [token for token in tokens if not any(printed_close(token, x) for x in ref["pool"])]
    assert not strays, f"numbers in the text that the reference does not have: {strays}"
    before, after = re.search(r"J = (\S+) before the update, (\S+) after it", text).groups()
    assert printed_close(before, ref["J"]) and printed_close(after, ref["J_after"])


@pytest.mark.parametrize("t", [1, 5])
@pytest.mark.parametrize("penalty", list(PENALTIES))
@pytest.mark.parametrize("loss", ["mse", "mae", "huber", "log"])
@pytest.mark.parametrize("rule", list(RULES))
def test_every_printed_number_against_the_formulas(rule, loss, penalty, t):
    y = CLASSES if loss == "log" else Y
    options = {**RULES[rule], **PENALTIES[penalty]}
    explanation = explain_step(X, y, step=t, loss=loss, shown=10, **options)
    ref = reference(X, y, t, loss=loss, **options)
    check_text(explanation.text, ref)
    assert explanation.theta_before == pytest.approx(ref["before"]["theta"], rel=1e-12, abs=1e-15)
    assert explanation.theta_after == pytest.approx(ref["theta"], rel=1e-10, abs=1e-15)
    assert explanation.loss_before == pytest.approx(ref["J"], rel=1e-12)
    assert explanation.loss_after == pytest.approx(ref["J_after"], rel=1e-10)


@pytest.mark.parametrize("t", [1, 5])
@pytest.mark.parametrize(
    "options",
    [
        {"momentum": 0.8, "dampening": 0.3, "weight_decay": 0.1},
        {"momentum": 0.5, "nesterov": True, "weight_decay": 0.05, "l2": 0.1},
        {"optimizer": "adam", "betas": (0.5, 0.9), "eps": 0.01, "weight_decay": 0.2, "l1": 0.05},
        {"weight_decay": 0.3},
    ],
)
def test_dampening_weight_decay_and_adams_settings(options, t):
    rate = 0.1 if options.get("optimizer") == "adam" else 0.05
    explanation = explain_step(X, Y, step=t, learning_rate=rate, shown=10, **options)
    check_text(explanation.text, reference(X, Y, t, loss="mse", learning_rate=rate, **options))


PROXIMAL = {  # some weights land on 0 and some do not: huber with λ₁ = 0.8, log with 0.2; mse shrinks them
    "l1": {"learning_rate": 0.05, "l1": 0.8, "proximal": True},
    "l1 and l2": {"learning_rate": 0.05, "l1": 0.2, "l2": 0.2, "proximal": True},
    "l1 and weight decay": {"learning_rate": 0.05, "l1": 1.5, "weight_decay": 0.1, "proximal": True},
}


@pytest.mark.parametrize("t", [1, 5])
@pytest.mark.parametrize("loss", ["mse", "huber", "log"])
@pytest.mark.parametrize("case", list(PROXIMAL))
def test_the_proximal_step_against_the_formulas(case, loss, t):
    y = CLASSES if loss == "log" else Y
    explanation = explain_step(X, y, step=t, loss=loss, shown=10, **PROXIMAL[case])
    ref = reference(X, y, t, loss=loss, **PROXIMAL[case])
    check_text(explanation.text, ref)
    assert explanation.theta_after == pytest.approx(ref["theta"], rel=1e-10, abs=1e-15)
    assert "the proximal step of λ₁‖w‖₁" in explanation.text


def test_a_wrong_number_is_caught():
    # the checker itself: one digit changed in a printed result, or a stray number, must fail
    text = explain_step(X, Y, step=5, shown=10, **RULES["adam"]).text
    ref = reference(X, Y, 5, loss="mse", **RULES["adam"])
    check_text(text, ref)
    line = next(line for line in text.splitlines() if "w₁: v̂₅" in line)
    wrong = line[:-1] + str((int(line[-1]) + 3) % 10)
    with pytest.raises(AssertionError):
        check_text(text.replace(line, wrong), ref)
    with pytest.raises(AssertionError):
        check_text(text + "\nand 0.123457 more", ref)
    with pytest.raises(AssertionError, match="missing"):
        check_text(text.replace("w₁: m₅", "w₁: m"), ref)


def test_a_step_that_passes_the_largest_float_is_written_out_and_named_a_blow_up() -> None:
    # fsum refuses inf − inf with a ValueError: the command line ended in a traceback (a QA pass)
    X, y = [[1.0, -1.0], [2.0, -1.0], [100.0, 100.0]], [3.0, 5.0, 0.0]
    explanation = explain_step(X, y, step=1, learning_rate=1e306)
    assert math.isnan(explanation.loss_after)
    assert "the loss is nan: the arithmetic passed the largest float, so the run blows up here" in " ".join(
        explanation.text.split()
    )
    with pytest.raises(DivergenceError):  # what the loop itself does with the same step
        gdlearn.fit(X, y, learning_rate=1e306, epochs=1)
    overflowing = explain_step([[1e308], [-1e308]], [2.0, 3.0], step=1)  # the data alone overflow ŷ
    assert not math.isfinite(overflowing.loss_after)


def test_adams_first_step_is_about_eta_only_where_eps_is_small_next_to_the_gradient() -> None:
    X, y = [[1.0], [-1.0], [2.0], [-2.0]], [1.0, -1.0, 0.0, 0.0]  # centred: ∂J/∂b = 0 at θ = 0
    text = " ".join(explain_step(X, y, step=1, optimizer="adam", learning_rate=0.1).text.split())
    # b's gradient is 0, so b does not move: "every parameter moves by about η" was false
    assert "moves every parameter by about" not in text
    assert "only where ε is small next to its |g|" in text and "b by +0" in text
    plain = " ".join(explain_step([[1.0], [2.0]], [1.0, 3.0], step=1, optimizer="adam").text.split())
    assert "Adam's first step moves every parameter by about η = 0.001" in plain
