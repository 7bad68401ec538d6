"""The browser the picture and lab tests look through: it starts, and lays out SVG text as expected."""

from __future__ import annotations

from typing import Any


def test_chromium_lays_out_svg_text(browser: Any) -> None:
    page = browser.new_page()
    try:
        page.set_content(
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
            '<text x="10" y="30" font-size="12">gradient</text></svg>'
        )
        script = "() => { const b = document.querySelector('text').getBBox(); return [b.x, b.width]; }"
        box = page.evaluate(script)
    finally:
        page.close()
    x, width = box
    assert x == 10
    assert 30 < width < 80  # eight characters of a 12 px sans-serif font
