"""The lab: a page in the browser where a learner moves the learning rate and watches gradient descent.

``gdlearn lab`` serves it on 127.0.0.1. Every number and picture on the page
comes from gdlearn itself: the page asks ``/api/run`` for a run, the server
runs ``fit`` (or ``minimize_function``) and draws the results with
``gdlearn.plot``. The files, in the order a request goes through them:

    server.py     the web server: the page at /, the runs at /api/run, every refusal one line of JSON
    queries.py    the query string, read strictly: each parameter, its range, the cap on work
    problems.py   the problems, a table: Galton, mtcars, a quadratic bowl, Rosenbrock, a tilted
                  double well and Himmelblau's function (the last two from ``landscapes``)
    runs.py       each method run by gdlearn, a blow-up kept as an answer; the verdict, one update written out
    pictures.py   the loss curves, the paths on the contour map, the fitted lines
    presets.py    scenarios a lecturer opens by a link
    page.py       the page: page.html, lab.css and lab.js (package data) as one document

The maths never imports the lab; the lab imports the maths, io, datasets and
plot, and only the command line (``cli/lab.py``) imports the lab.

>>> from gdlearn.lab.queries import read
>>> from gdlearn.lab.runs import answer
>>> result = answer(read("problem=quadratic&kappa=4&iterations=30&lr1=0.25"))
>>> round(result["problem"]["limit"], 12)         # 2/λ_max = 2/κ
0.5
>>> method = result["methods"][0]
>>> method["label"], method["n_iter"]
('1 · GD, η = 0.25', 30)
>>> x, y = method["theta"]   # η = 1/κ solves the steep direction in one step; the flat one shrinks
>>> round((x * x + y * y) ** 0.5 / 0.75**30, 3)   # by 1 − η·1 = 0.75 a step, from v·θ₀ = −2√3 − ½
3.964
>>> sorted(result["pictures"])
['epochs', 'fit', 'loss', 'notes', 'path']
"""

from .server import LabServer, open_server

__all__ = ["LabServer", "open_server"]
