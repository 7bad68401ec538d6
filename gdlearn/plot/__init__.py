"""Pictures of gradient descent: SVG files and terminal charts, with no plotting library.

The functions a user calls, each returning the SVG document as text and,
given ``path=``, also writing it there (all or nothing, see
``gdlearn.io.atomic``):

    loss_curves(series)            the loss against iteration or epoch    line_charts.py
    scatter_fit(x, y, lines)       the data with fitted lines y = w·x + b  line_charts.py
    contour(f, paths)              level sets of f(a, b) and the paths     contour_map.py
    regression_surface(X, y)       f(w, b) = J([w, b]), for ``contour``    loss_surface.py
    basins(f, minima)              the basins of attraction of the minima  basins.py
    line_chart(series)             a loss chart in the terminal, ASCII     terminal.py
    training_curves(result)        the loss of one run: ``result.plot()``  training.py

The SVG document comes as an ``SVG`` (picture.py): a ``str`` that a notebook shows as a picture.

Below them, in the order they build on each other:

    svg.py               SVG elements as text: escaping, tags, markers, lines, series styles
    axes.py              ranges, round tick values and their labels (linear, log)
    curves.py            the checked input of a chart: ys, (xs, ys), named series
    geometry.py          lines clipped to the plot box, thinned to the pixels, cut for labels
    overlap.py           which drawn lines lie within a pixel of another
    legend.py            the legend: samples of each series' line and marker, notes
    frame.py             the frame of a chart: plot area, axes, title, legend, equal scales
    marching_squares.py  contour lines of a sampled function
    contour_labels.py    level labels placed in gaps of their lines
    contour_paths.py     paths on a contour map, their start and end, the minimum
    picture.py           SVG, the text every picture function returns

This package draws what the maths computes; nothing in the maths imports it.
``training_curves`` is how ``Result.plot()`` and a notebook draw a run
(``import gdlearn`` hands it to ``result.register_drawer``, importing this
package only when a run is first drawn).

>>> svg = loss_curves({"batch": [4.0, 2.0, 1.0]}, title="Loss")
>>> svg.startswith('<?xml') and '<svg xmlns="http://www.w3.org/2000/svg"' in svg
True
"""

from .basins import basins
from .contour_map import contour
from .line_charts import loss_curves, scatter_fit
from .loss_surface import regression_surface
from .picture import SVG
from .terminal import line_chart
from .training import training_curves

__all__ = [
    "SVG",
    "basins",
    "contour",
    "line_chart",
    "loss_curves",
    "regression_surface",
    "scatter_fit",
    "training_curves",
]
