"""SVG, the text every picture function returns: it displays in a notebook, has a short repr,
and several pictures on one page keep their own ids (the clip path of one never clips another)."""

from __future__ import annotations

import re
from typing import Any

from svg_reading import NS, parse

from gdlearn import fit, plot
from gdlearn.plot.picture import SVG, unique_ids


def pictures() -> dict[str, SVG]:
    """One picture of each public function, all different, of different sizes (legends widen a chart)."""
    run = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], batch_size=2, learning_rate=0.1, epochs=5)
    return {
        "loss_curves": plot.loss_curves([4.0, 2.0, 1.0]),
        "scatter_fit": plot.scatter_fit(
            [1, 2, 3], [2, 4, 7], {"a fitted line with a long name": (2.5, -0.67)}
        ),
        "contour": plot.contour(
            lambda a, b: a * a + b * b, xlim=(-2, 2), ylim=(-1, 1), levels=[1.0], grid=21
        ),
        "training_curves": plot.training_curves(run),
    }


def test_every_picture_function_returns_an_svg_that_is_still_its_text():
    for name, svg in pictures().items():
        assert type(svg) is SVG, name
        assert isinstance(svg, str) and svg.startswith("<?xml"), name
        assert str(svg) == svg and type(str(svg)) is str  # print(svg) prints the document
        assert svg._repr_svg_().startswith("<svg xmlns=") and svg.endswith(svg._repr_svg_())
        parse(svg)  # well-formed


def test_result_plot_is_training_curves_and_the_same_picture_has_the_same_ids():
    run = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], batch_size=2, learning_rate=0.1, epochs=5)
    svg = run.plot()
    assert type(svg) is SVG
    assert svg == plot.training_curves(run)  # byte for byte: identical pictures, identical (harmless) ids


def test_the_repr_is_one_short_line_with_the_size_and_the_title():
    svg = plot.loss_curves(list(range(1, 5000)), title="A long & noisy run")
    assert len(svg) > 5000
    width = re.search(r'<svg [^>]*width="(\d+)"', svg).group(1)  # type: ignore[union-attr]
    assert repr(svg) == f"<SVG {width}x480 'A long & noisy run', {len(svg)} characters>"
    assert repr(SVG("not a picture")) == "<SVG 13 characters>"


def test_ids_are_renamed_with_every_reference_to_them():
    document = '<clipPath id="a"/><g clip-path="url(#a)"/><use href="#a"/><marker id="b"/><p>id="a"</p>'
    renamed = unique_ids(document)
    suffix = re.search(r'id="a-([0-9a-f]{8})"', renamed).group(1)  # type: ignore[union-attr]
    assert renamed == document.replace("#a", f"#a-{suffix}").replace('id="a"', f'id="a-{suffix}"').replace(
        'id="b"', f'id="b-{suffix}"'
    )
    assert unique_ids(document) == renamed  # the same document, the same ids: drawings are reproducible
    assert unique_ids(document + " ") != renamed


def page_ids(svgs: list[str]) -> list[str]:
    return [i for svg in svgs for i in re.findall(r'\bid="([^"]+)"', svg)]


def test_pictures_on_one_page_share_no_id():
    svgs = [svg._repr_svg_() for svg in pictures().values()]
    ids = page_ids(svgs)
    assert len(ids) >= 4
    assert len(set(ids)) == len(ids), ids
    # each picture's clip path is defined in that picture
    for svg in svgs:
        root = parse(svg)
        (clip,) = root.iter(f"{NS}clipPath")
        (data,) = [g for g in root.iter(f"{NS}g") if g.get("clip-path")]
        assert data.get("clip-path") == f"url(#{clip.get('id')})"


def test_in_a_browser_every_clip_path_resolves_inside_its_own_picture(browser: Any) -> None:
    """A notebook puts outputs one after another in one HTML page: the page Chromium sees here."""
    svgs = list(pictures().values())
    page = browser.new_page()
    try:
        page.set_content(
            "<html><body>" + "".join(f"<div>{svg._repr_svg_()}</div>" for svg in svgs) + "</body>"
        )
        script = """() => [...document.querySelectorAll('g[clip-path]')].map(g => {
            const id = g.getAttribute('clip-path').slice(5, -1);
            const target = document.getElementById(id);
            return [target !== null && target.closest('svg') === g.closest('svg'),
                    ['x', 'y', 'width', 'height']
                        .map(a => target.querySelector('rect').getAttribute(a)).join()];
        })"""
        found = page.evaluate(script)
    finally:
        page.close()
    assert [ok for ok, _ in found] == [True] * len(svgs)
    assert len({box for _, box in found}) > 1  # the plot areas differ, so a shared id would clip wrongly
