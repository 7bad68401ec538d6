"""Checking a picture in the browser: its text fits and stays apart, every series in its legend shows.

``inspect(page, svg)`` loads the SVG into a Chromium page and measures it
with the browser's own layout and rasteriser:

- the box of every ``<text>`` (``getBoundingClientRect``, so a rotated axis
  label has its rotated box), which must lie inside the picture and
  overlap no other text box;
- for each legend entry, the pixels its series alone paints: the picture is
  drawn on a canvas with everything, then again with that series'
  ``<g class="series">`` hidden, and the pixels whose colour changes by more
  than ``CHANGED`` (of 255) in some channel are counted. A series under
  another series of the same shape changes only the anti-aliased fringe, by
  at most ¼ of 255 (c·(1 − c) ≤ ¼ for the coverage c), so ``CHANGED`` = 64
  counts only pixels the series really paints;
- likewise the pixels of all the data together (``<g class="data">``): none
  means a blank picture.

``problems(report)`` turns the measurements into sentences, one per fault:
a series with no pixel of its own must carry the legend's note
"coincides with …".
"""

from __future__ import annotations

import re
from typing import Any

CHANGED = 64
"""A pixel counts as painted by a series when hiding it changes a channel by more than this."""

MIN_DATA_PIXELS = 50
"""A picture whose data paint fewer pixels than this is blank."""

SLACK = 0.5
"""Text boxes may touch the edge, or each other, by this many pixels (rounding of the layout)."""

MEASURE = """
async ([svgText, threshold]) => {
  const svg = document.querySelector('svg');
  const frame = svg.getBoundingClientRect();
  const width = frame.width, height = frame.height;
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '').map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent, kind: t.getAttribute('class') || '',
            box: [b.left - frame.left, b.top - frame.top, b.right - frame.left, b.bottom - frame.top]};
  });
  const legend = [...svg.querySelectorAll('g.legend-entry')].map(entry => ({
    name: entry.querySelector('text').textContent,
    coinciding: [...entry.querySelectorAll('text.legend-note')]
      .some(note => note.textContent.startsWith('coincides with')),
  }));
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = doc.documentElement;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width); canvas.height = Math.ceil(height);
  const context = canvas.getContext('2d', {willReadFrequently: true});
  async function draw() {
    const image = new Image();
    const text = new XMLSerializer().serializeToString(doc);
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
    await image.decode();
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  }
  function changed(a, b) {
    let count = 0;
    for (let i = 0; i < a.length; i += 4) {
      const d = Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2]));
      if (d > threshold) count++;
    }
    return count;
  }
  async function without(group) {
    group.setAttribute('visibility', 'hidden');
    const pixels = await draw();
    group.removeAttribute('visibility');
    return pixels;
  }
  const everything = await draw();
  const series = {};
  for (const group of root.querySelectorAll('g.series')) {
    const title = group.querySelector('title');
    const name = title ? title.textContent : '';
    series[name] = changed(everything, await without(group));
  }
  const data = root.querySelector('g.data');
  const dataPixels = data ? changed(everything, await without(data)) : 0;
  return {width, height, texts, legend, series, dataPixels};
}
"""


def inspect(page: Any, svg: str) -> dict[str, Any]:
    """Lay the SVG out in ``page`` (a playwright Page) and measure it; see the module's docstring."""
    body = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{body}</body></html>")
    report: dict[str, Any] = page.evaluate(MEASURE, [svg, CHANGED])
    return report


def problems(report: dict[str, Any]) -> list[str]:
    """Everything wrong with a measured picture, one sentence each; [] for a good picture."""
    found = []
    width, height = report["width"], report["height"]
    texts = report["texts"]
    for t in texts:
        left, top, right, bottom = t["box"]
        if left < -SLACK or top < -SLACK or right > width + SLACK or bottom > height + SLACK:
            box = ", ".join(f"{v:.1f}" for v in t["box"])
            found.append(
                f"text {t['text']!r} ({t['kind']}) reaches outside the {width:g}×{height:g} picture: {box}"
            )
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if _overlap(a["box"], b["box"]):
                found.append(f"text {a['text']!r} ({a['kind']}) overlaps text {b['text']!r} ({b['kind']})")
    for entry in report["legend"]:
        name = entry["name"]
        if name not in report["series"]:
            found.append(f"the legend names {name!r}, but no series has that title")
        elif report["series"][name] == 0 and not entry["coinciding"]:
            found.append(f"series {name!r} has no visible pixel of its own, and the legend does not say why")
    if report["dataPixels"] < MIN_DATA_PIXELS:
        found.append(f"the picture is blank: its data paint {report['dataPixels']} pixels")
    return found


def _overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > SLACK and min(a[3], b[3]) - max(a[1], b[1]) > SLACK
