"""One notation everywhere: docs/notation.md is the reference, and the retired double meanings stay retired.

The teaching text (the docstrings and printed strings of gdlearn/ and
examples/, the docs and the READMEs) is searched for the symbols that used
to mean two things: b as the velocity (it is the bias), B as a batch (it
is the batch size; a batch is ℬ), λ as weight decay (λ is an eigenvalue,
weight decay λ_wd), δ as Huber's threshold (δᵢ is ∂L/∂ŷᵢ, the threshold M),
J_min for the least value (J*), λ₁ for an eigenvalue (λ₁ is the L1
penalty), and 1/L for the automatic rate (L is a loss; the rate is 1/λ̄).
docs/notation.md itself says what the old symbols were, so it is not searched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RETIRED = {
    r"J_[bB]\b": "a batch is ℬ and its objective J_ℬ",
    r"μ·b\b|[Vv]elocity b\b|\bb[₁ₜ]": "the velocity is u; b is the bias",
    r"λ·θ|λθ|weight decay λ\b": "weight decay is λ_wd: g ← g + λ_wd·θ",
    r"\bJ_min\b": "the least value of J is J*",
    r"λ₁ [≤≥] …|… [≤≥] λ₁": "eigenvalues are λᵢ, λ_min and λ_max; λ₁ is the L1 penalty",
    r"[≤>] δ\b|δ·sign|δ\(|½δ|δ = ``delta``": "Huber's threshold is M; δᵢ is ∂L/∂ŷᵢ",
    r"∂J/∂ŷ": "δᵢ = ∂L/∂ŷᵢ, the slope of the loss of the predictions",
    r"= 1/L\b|for 1/L\b": "the automatic rate is η = 1/λ̄",
}


def teaching_text() -> list[Path]:
    files = [
        *ROOT.glob("gdlearn/**/*.py"),
        *ROOT.glob("gdlearn/lab/*.js"),
        *ROOT.glob("gdlearn/lab/*.html"),
        *ROOT.glob("examples/*.py"),
        *ROOT.glob("docs/*.md"),
        ROOT / "README.md",
        ROOT / "gdlearn" / "README.md",
        ROOT / "examples" / "README.md",
    ]
    return sorted(path for path in files if path.name != "notation.md")


def retired_symbols(text: str) -> list[tuple[int, str, str]]:
    """(line number, line, what to write instead) for each retired symbol in text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "PyTorch" in line:  # "PyTorch's pseudo-code names the velocity b": a statement about the others
            continue
        found += [(number, line.strip(), why) for pattern, why in RETIRED.items() if re.search(pattern, line)]
    return found


@pytest.mark.parametrize("path", teaching_text(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_retired_symbol(path: Path) -> None:
    assert not retired_symbols(path.read_text(encoding="utf-8"))


def test_the_search_finds_each_retired_symbol() -> None:
    # each old spelling, as it used to be written, is caught
    old = [
        "θ ← θ − η·∇J_b(θ)",
        "the velocity b₁ = g",
        "g ← g + λ·θ",
        "y_label='J − J_min'",
        "eigenvalues λ₁ ≤ … ≤ λₚ",
        "ℓ(r) = ½r² if |r| ≤ δ",
        "δᵢ = ∂J/∂ŷᵢ",
        "'auto' for 1/L from the curvature",
    ]
    assert [len(retired_symbols(line)) for line in old] == [1] * len(old)
    assert not retired_symbols("u ← μ·u + g; ℓ = ½r² if |r| ≤ M; δᵢ = ∂L/∂ŷᵢ; η = 1/λ̄; J − J*")


def test_notation_md_is_the_reference_linked_from_the_readmes_and_the_tutorial() -> None:
    for page, link in [
        ("README.md", "](docs/notation.md)"),
        ("gdlearn/README.md", "](../docs/notation.md)"),
        ("docs/tutorial.md", "](notation.md)"),
    ]:
        assert link in (ROOT / page).read_text(encoding="utf-8"), page


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    readmes = [ROOT / folder / "README.md" for folder in (".", "gdlearn", "examples")]
    pages = [*ROOT.glob("docs/*.md"), *readmes]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert not broken
