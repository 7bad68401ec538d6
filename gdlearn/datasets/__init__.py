"""Two small real data sets, shipped with gdlearn and read with ``load_csv``.

    galton()   928 children: mid-parent height → child height (1 feature)
    mtcars()   32 cars: 10 measurements → fuel economy in miles per gallon

The CSV files live inside the package and are opened with
``importlib.resources``, so they are found wherever gdlearn is installed
(a folder, a wheel, a zip file), never relative to the current directory.

>>> data = galton()
>>> data
Dataset(n_samples=928, feature_names=('parent',), target_name='child')
>>> data.X[0], data.y[0]      # inches
([70.5], 61.7)
"""

from __future__ import annotations

from importlib.resources import files

from ..io.csv_files import Dataset, load_csv

MTCARS_FEATURES = ("cyl", "disp", "hp", "drat", "wt", "qsec", "vs", "am", "gear", "carb")


def _load(
    filename: str, target: str, features: tuple[str, ...] | None, *, description: str, source: str
) -> Dataset:
    """The CSV file shipped in this package, read with ``load_csv``, with its description and source."""
    resource = files(__name__).joinpath(filename)
    with resource.open("r", encoding="utf-8-sig") as handle:
        data = load_csv(handle, target, list(features) if features else None)
    return Dataset(data.X, data.y, data.feature_names, data.target_name, description, source)


def galton() -> Dataset:
    """Galton's heights: mid-parent height x → adult child's height y, in inches.

    Francis Galton, 1886, "Regression towards mediocrity in hereditary
    stature", Journal of the Anthropological Institute 15, 246–263: the
    classic data set of 928 adult children of 205 families (public domain).
    Galton multiplied female heights by 1.08 and took the mid-parent height
    as the mean of the two parents; the heights are binned as in his table.

    It is the data that gave regression its name. The least-squares line

        ŷ = w·x + b,   w ≈ 0.65,   b ≈ 23.9

    has a slope below 1: children of tall parents are, on average, less tall
    than their parents, "regressing" towards the average height (68 inches).

    >>> data = galton()
    >>> data.n_samples, data.feature_names, data.target_name
    (928, ('parent',), 'child')
    """
    description = (
        "Mid-parent height (parent) and adult child's height (child), in inches, "
        "of 928 children of 205 families; female heights were multiplied by 1.08. "
        "The least-squares slope is about 0.65."
    )
    source = (
        "Galton, F. (1886). Regression towards mediocrity in hereditary stature. "
        "Journal of the Anthropological Institute 15, 246-263. Public domain."
    )
    return _load("galton.csv", "child", None, description=description, source=source)


def mtcars() -> Dataset:
    """Motor Trend cars: ten measurements of 32 cars (1973–74 models) → mpg.

    Henderson, H. V. and Velleman, P. F. (1981), "Building multiple
    regression models interactively", Biometrics 37, 391–411; the data come
    from the 1974 Motor Trend US magazine. The target is mpg (miles per US
    gallon); the car-name column is left out. The features, in order:

        cyl   cylinders                 wt    weight (1000 lbs)
        disp  displacement (cu. in.)    qsec  quarter-mile time (s)
        hp    gross horsepower          vs    engine (0 = V-shaped, 1 = straight)
        drat  rear axle ratio           am    transmission (0 = automatic, 1 = manual)
        gear  forward gears             carb  carburettors

    They are on very different scales: disp runs from 71 to 472 while wt
    runs from 1.5 to 5.4 and vs, am are 0 or 1. One learning rate cannot
    suit them all, which makes this the data set for feature scaling
    (see ``Standardizer``).

    >>> data = mtcars()
    >>> data.n_samples, data.n_features, data.target_name
    (32, 10, 'mpg')
    """
    description = (
        "Fuel economy (mpg) of 32 cars against 10 design and performance measurements "
        "on very different scales (displacement in the hundreds, vs and am 0 or 1)."
    )
    source = (
        "Henderson, H. V. and Velleman, P. F. (1981). Building multiple regression models "
        "interactively. Biometrics 37, 391-411. Data from Motor Trend US magazine, 1974."
    )
    return _load("mtcars.csv", "mpg", MTCARS_FEATURES, description=description, source=source)


__all__ = ["galton", "mtcars"]
