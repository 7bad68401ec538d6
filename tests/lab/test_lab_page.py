"""The lab's page in headless Chromium, driven as a learner drives it, with the keyboard and the mouse.

The page runs under its own Content-Security-Policy (only its script, no
eval), so the tests read it through locators, never by evaluating script.
Each check is a function of the page, so that the same checks can be shown
to fail when the page's script is broken (the last tests).
"""

from __future__ import annotations

import itertools
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab_server import get, running

from gdlearn.lab import page as page_module
from gdlearn.lab.server import LabServer

LAPTOP = {"width": 1366, "height": 768}
NS = "{http://www.w3.org/2000/svg}"
WAIT = 60_000  # ms: a slow machine, shared
SLIDER_START = "?problem=galton&epochs=40&lr1=0.9"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabServer]:
    with running() as server:
        yield server


class Opened:
    """A page of the lab and every console error or uncaught exception it raised."""

    def __init__(self, browser: Any, url: str) -> None:
        self.page = browser.new_page(viewport=LAPTOP)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.goto(url)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
    pages: list[Opened] = []

    def open_at(url: str) -> Opened:
        pages.append(Opened(browser, url))
        return pages[-1]

    yield open_at
    for p in pages:
        p.close()


def answered(p: Opened) -> None:
    """The page showed an answer: the status line says it computed."""
    p.page.locator("#status", has_text="computed").wait_for(timeout=WAIT)


def svg(p: Opened, picture: str) -> ET.Element:
    """The SVG drawn in a picture slot, read back from its data: URL."""
    source = p.page.locator(f'figure[data-picture="{picture}"] img').get_attribute("src")
    assert source is not None and source.startswith("data:image/svg+xml;charset=utf-8,")
    return ET.fromstring(urllib.parse.unquote(source.split(",", 1)[1]).encode("utf-8"))


def curve(root: ET.Element, name_start: str) -> list[float]:
    """The pixel y values of the series whose name starts with name_start (SVG's y points down)."""
    for group in root.iter(f"{NS}g"):
        title = group.find(f"{NS}title")
        if group.get("class") == "series" and title is not None and (title.text or "").startswith(name_start):
            line = group.find(f"{NS}polyline")
            assert line is not None
            return [float(pair.split(",")[1]) for pair in line.get("points", "").split()]
    raise AssertionError(f"no series {name_start!r}")


def turns(ys: list[float]) -> int:
    """How often a curve changes between going up and going down."""
    steps = [b - a for a, b in itertools.pairwise(ys) if b != a]
    return sum(1 for s, t in itertools.pairwise(steps) if (s > 0) != (t > 0))


def loads_with_a_picture_and_a_verdict(p: Opened) -> None:
    answered(p)
    for picture in ("loss", "path", "epochs", "fit"):
        root = svg(p, picture)
        assert root.tag == f"{NS}svg" and root.findall(f".//{NS}polyline")
    verdict = p.page.locator("#verdicts li").first.inner_text(timeout=WAIT)
    assert "1 · GD, η = 0.1, B = 32: mini-batch gradient descent is hovering after 870 updates" in verdict
    assert p.page.locator("#error").is_hidden()
    assert p.errors == []


def test_the_page_is_one_self_contained_document():
    html, policy = page_module.page()
    assert "http://" not in html and "https://" not in html  # no fonts, scripts or styles from elsewhere
    assert html.count("<script") == 2 and 'type="application/json"' in html  # the script and its options
    assert "<link" in html and html.count("<link") == 1 and '<link rel="icon" href="data:,">' in html
    assert "fetch(\"/api/run?\"" in html and html.count("fetch(") == 1  # the only request it makes
    assert "script-src 'sha256-" in policy and "connect-src 'self'" in policy and "unsafe-eval" not in policy
    for placeholder in ("/*STYLE*/", "/*OPTIONS*/", "/*SCRIPT*/"):
        assert placeholder not in html


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is in Python 3.11")
def test_the_pages_files_are_package_data():
    import tomllib

    root = Path(__file__).resolve().parent.parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = declared["gdlearn.lab"]
    files = [p for p in (root / "gdlearn" / "lab").iterdir() if p.is_file() and p.suffix != ".py"]
    assert sorted(p.name for p in files) == ["lab.css", "lab.js", "page.html"]
    assert all(any(p.match(pattern) for pattern in patterns) for p in files)


def test_loading_shows_pictures_and_a_verdict_without_console_errors(lab, opened):
    p = opened(lab.url)
    loads_with_a_picture_and_a_verdict(p)
    assert "problem=galton&batch1=32&lr1=0.1" in p.page.url  # the state is in the address
    assert p.page.get_by_role("link", name="Past the stability limit").is_visible()
    assert "40,000 updates" in p.page.locator("#caps").inner_text()


def slider_past_the_limit_shows_divergence(p: Opened) -> None:
    answered(p)
    mark = p.page.locator('.method[data-k="1"] .limit-mark')
    mark.wait_for(state="visible", timeout=WAIT)
    assert mark.inner_text() == "2/λ_max = 1.00"  # standardised Galton: H = 2I
    slider = p.page.get_by_label("learning rate η on a log scale")
    assert float(slider.input_value()) < 0.0  # η = 0.9: log₁₀ η below log₁₀ 1, left of the mark
    slider.focus()
    for _ in range(30):  # the keyboard: 30 steps of 0.01 in log₁₀ η, from about 0.9 to about 1.8
        p.page.keyboard.press("ArrowRight")
    assert float(slider.input_value()) > 0.2
    p.page.locator("#verdicts li.diverged", has_text="diverged").wait_for(timeout=WAIT)
    assert "above the stability limit" in p.page.locator("#verdicts li").first.inner_text()
    eta = float(urllib.parse.parse_qs(urllib.parse.urlsplit(p.page.url).query)["lr1"][0])
    assert 1.5 < eta < 2.0  # the address holds the rate the slider reached
    assert "past-limit" in (p.page.get_by_label("learning rate η", exact=True).get_attribute("class") or "")
    ys = curve(svg(p, "loss"), "1 ·")
    assert ys[-1] < ys[0] - 100  # the loss rose: the curve ends far above where it began


def test_moving_the_slider_past_the_marked_limit_shows_divergence(lab, opened):
    slider_past_the_limit_shows_divergence(opened(lab.url + SLIDER_START))


def test_a_hammered_slider_sends_few_requests_and_shows_the_last_state(lab, opened):
    p = opened(lab.url + "?problem=galton&epochs=20&batch1=8&lr1=0.01")
    answered(p)
    asked: list[str] = []
    p.page.on("request", lambda request: asked.append(request.url) if "/api/run?" in request.url else None)
    slider = p.page.get_by_label("learning rate η on a log scale")
    slider.focus()
    for _ in range(40):  # 40 changes as fast as the keyboard goes; each run takes far longer than a key press
        p.page.keyboard.press("ArrowLeft")
    final = urllib.parse.parse_qs(urllib.parse.urlsplit(p.page.url).query)["lr1"][0]
    p.page.locator("#verdicts li", has_text=f"η = {final}").wait_for(timeout=WAIT)
    assert 1 <= len(asked) <= 6, asked  # coalesced: at most one in flight, the latest state sent next
    assert asked[-1].endswith(f"lr1={final}")


def test_batch_size_one_redraws_a_noisy_loss_curve(lab, opened):
    p = opened(lab.url + "?problem=galton&epochs=3&lr1=0.02")
    answered(p)
    assert turns(curve(svg(p, "loss"), "1 ·")) == 0  # batch gradient descent: the loss only falls
    p.page.get_by_label("batch size").select_option("1")
    p.page.locator("#verdicts li", has_text="stochastic gradient descent").wait_for(timeout=WAIT)
    ys = curve(svg(p, "loss"), "1 · GD, η = 0.02, B = 1")
    assert len(ys) > 500 and turns(ys) > len(ys) // 4  # one row per update: up and down, all the way
    assert "batch1=1" in p.page.url


def test_an_invalid_value_shows_the_servers_message(lab, opened):
    p = opened(lab.url + "?problem=galton&epochs=3")
    answered(p)
    field = p.page.get_by_label("epochs")
    field.fill("2.5")
    field.press("Enter")
    error = p.page.locator("#error")
    error.wait_for(state="visible", timeout=WAIT)
    expected = get(lab, "/api/run?problem=galton&epochs=2.5").json()["error"]
    assert error.inner_text() == expected == "epochs must be a whole number from 1 to 1000; got '2.5'"
    field.fill("4")
    field.press("Enter")
    error.wait_for(state="hidden", timeout=WAIT)
    p.page.locator("#verdicts li", has_text="over 4 epochs").wait_for(timeout=WAIT)


def test_a_first_query_refused_shows_its_message_and_no_empty_frames(lab, opened):
    p = opened(lab.url + "?problem=galton&lr1=abc")
    error = p.page.locator("#error")
    error.wait_for(state="visible", timeout=WAIT)
    assert error.inner_text() == "lr1 must be a number above 0 to 100; got 'abc', which is not a number"
    assert p.page.locator("#pictures figure:visible").count() == 0  # nothing drawn yet: no frames either


def test_a_link_the_controls_cannot_mend_offers_a_way_back(lab, opened):
    p = opened(lab.url + "?problem=galton&opt9=gd")  # there is no box for method 9 to remove
    error = p.page.locator("#error")
    error.wait_for(state="visible", timeout=WAIT)
    assert error.inner_text() == "methods are numbered 1 to 4 without gaps, got 1, 9"
    reset = p.page.get_by_role("link", name="Start again from the defaults")
    assert reset.is_visible()
    reset.click()
    answered(p)
    assert error.is_hidden() and p.page.locator("#reset").is_hidden()
    assert "opt9" not in p.page.url
    assert [e for e in p.errors if "status of 400" not in e] == []  # the refused link's 400, nothing else


def test_a_preset_link_opens_its_scenario(lab, opened):
    p = opened(lab.url)
    answered(p)
    p.page.get_by_role("link", name="Zigzag across a narrow valley").click()
    p.page.locator("#verdicts li").nth(2).wait_for(timeout=WAIT)
    assert "problem=quadratic&kappa=50" in p.page.url
    shown = p.page.locator("#scenario").inner_text()
    assert shown.startswith("Zigzag across a narrow valley. A bowl with κ = 50")  # what to look at
    assert p.page.get_by_label("condition number κ").input_value() == "50"
    assert p.page.locator('figure[data-picture="fit"]').is_hidden()  # a function: no data to fit


def test_methods_are_added_and_removed_with_the_keyboard(lab, opened):
    p = opened(lab.url + "?problem=quadratic&iterations=20")
    answered(p)
    add = p.page.get_by_role("button", name="Add a method to compare")
    add.focus()
    p.page.keyboard.press("Enter")
    p.page.locator("#verdicts li").nth(1).wait_for(timeout=WAIT)
    p.page.keyboard.press("ArrowDown")  # the new method's optimizer has the focus: gradient descent → Adam
    p.page.locator("#verdicts li", has_text="2 · Adam").wait_for(timeout=WAIT)
    assert "opt2=adam" in p.page.url
    p.page.get_by_role("button", name="Remove method 1").click()
    p.page.locator("#verdicts li", has_text="1 · Adam").wait_for(timeout=WAIT)
    assert p.page.locator("#verdicts li").count() == 1


def test_the_focus_stays_on_the_control_that_redrew_the_methods(lab, opened):
    # changing the optimizer, or removing a method, draws the method boxes again: the keyboard's
    # place must survive it, not jump back to the top of the page
    p = opened(lab.url + "?problem=quadratic&iterations=20&opt2=gd&opt3=gd")
    answered(p)
    p.page.locator("#opt2").focus()
    p.page.keyboard.press("ArrowDown")  # gradient descent → Adam, by the keyboard
    p.page.locator("#verdicts li", has_text="2 · Adam").wait_for(timeout=WAIT)
    assert p.page.evaluate("document.activeElement.id") == "opt2"
    p.page.locator("#remove3").focus()
    p.page.keyboard.press("Enter")  # the last method goes: its button with it
    p.page.locator("#verdicts li").nth(2).wait_for(state="detached", timeout=WAIT)
    assert p.page.evaluate("document.activeElement.id") == "add-method"
    p.page.locator("#remove1").focus()
    p.page.keyboard.press("Enter")  # method 2 moves up to 1 and is alone: its remove button is hidden
    p.page.locator("#verdicts li", has_text="1 · Adam").wait_for(timeout=WAIT)
    assert p.page.evaluate("document.activeElement.id") == "add-method"


def test_the_page_offers_only_what_the_server_takes(lab, opened):
    # mtcars has 32 rows: batches of 64 and 256 are greyed out, not refused after the click
    p = opened(lab.url + "?problem=mtcars&epochs=20")
    answered(p)
    greyed = "options => options.filter((o) => o.disabled).map((o) => o.value)"
    disabled = p.page.eval_on_selector_all("#batch1 option", greyed)
    assert sorted(disabled) == ["256", "64"]
    # Nesterov needs μ > 0: clearing the momentum unticks it, and the run is not refused
    p.page.fill("#momentum1", "0.9")
    p.page.press("#momentum1", "Enter")
    p.page.check("#nesterov1")
    p.page.locator("#verdicts li", has_text="Nesterov").wait_for(timeout=WAIT)
    p.page.fill("#momentum1", "")
    p.page.press("#momentum1", "Enter")
    p.page.locator("#verdicts li", has_text="Nesterov").wait_for(state="detached", timeout=WAIT)
    assert not p.page.is_checked("#nesterov1") and "nesterov1" not in p.page.url
    assert p.page.locator("#error").is_hidden()


@pytest.mark.parametrize("width", [320, 375])
def test_a_phone_scrolls_the_page_down_not_sideways(browser, lab, width):
    page = browser.new_page(viewport={"width": width, "height": 740})
    try:
        page.goto(lab.url + "?problem=galton&epochs=10")
        page.locator("#status", has_text="computed").wait_for(timeout=WAIT)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


def test_a_laptop_shows_each_picture_at_least_600_px_wide(lab, opened):
    # the charts are drawn about 800 px wide with 12 px text: two columns of 435 px made it 6 px
    p = opened(lab.url + "?problem=galton&epochs=10")
    answered(p)
    widths = p.page.evaluate("[...document.querySelectorAll('#pictures figure img')].map(i => i.clientWidth)")
    assert widths and min(widths) >= 600


def test_explain_writes_out_one_update(lab, opened):
    p = opened(lab.url + "?problem=galton&epochs=2&batch1=8")
    answered(p)
    p.page.get_by_label("write out update").check()
    text = p.page.locator("#explain")
    text.wait_for(state="visible", timeout=WAIT)
    assert "|ℬ| = 8 of 928" in text.inner_text() and "explain=1" in p.page.url
    assert "Update 1 of mini-batch gradient descent" in text.inner_text()
    step = p.page.get_by_label("which update to write out")
    step.fill("40")  # of 232: 116 batches of 8 an epoch
    step.press("Enter")
    p.page.locator("#explain", has_text="Update 40 of mini-batch gradient descent").wait_for(timeout=WAIT)
    assert "step=40" in p.page.url and "the state after 39 updates" in text.inner_text()


# ------------------------------------------------------------------ the checks fail on a broken script

loads, slides = loads_with_a_picture_and_a_verdict, slider_past_the_limit_shows_divergence


@pytest.mark.parametrize(
    ("fault", "check", "start"),
    [
        (("(() => {", "(() => {{"), loads, ""),  # a syntax error
        (("item.append(name, `: ${m.diverged ? m.message : m.verdict}`);", "item.append(name);"), loads, ""),
        (('.src = "data:image/svg+xml', '.sorc = "data:image/svg+xml'), loads, ""),
        (("changed();\n    });\n    const remove", "});\n    const remove"), slides, SLIDER_START),
    ],
    ids=["syntax error", "no verdict text", "no pictures", "the slider asks nothing"],
)
def test_the_checks_fail_when_the_script_is_broken(browser, monkeypatch, fault, check, start):
    real = page_module.asset
    wrong, broken = fault

    def faulty(name: str) -> str:
        text = real(name)
        if name == "lab.js":
            assert wrong in text, "the fault no longer matches the script; update it"
            return text.replace(wrong, broken, 1)
        return text

    from playwright.sync_api import TimeoutError as NeverShown

    monkeypatch.setattr(page_module, "asset", faulty)
    monkeypatch.setattr(sys.modules[__name__], "WAIT", 2_000)  # a broken page never answers: fail sooner
    with running() as server:
        p = Opened(browser, server.url + start)
        try:
            with pytest.raises((AssertionError, NeverShown)):
                check(p)
        finally:
            p.close()
