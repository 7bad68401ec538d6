"""A data set as numbers with names: what a regression needs, plus what a reader wants to know.

    X   n rows xᵢ = [xᵢ₁, …, xᵢ_d], one value per feature column
    y   n targets yᵢ, one per row
    feature_names = (name₁, …, name_d), target_name, description, source,
    dropped = the file's line numbers of the rows left out for an empty cell

``load_csv`` (csv_files.py) makes one from a file; ``datasets`` ships two.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataError

__all__ = ["Dataset"]


@dataclass(frozen=True)
class Dataset:
    """A regression data set: X[i] = xᵢ holds the features of row i, y[i] = yᵢ its target.

    >>> data = Dataset([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0], ("a", "b"), "t")
    >>> data.n_samples, data.n_features
    (2, 2)
    """

    X: list[list[float]]
    y: list[float]
    feature_names: tuple[str, ...]
    target_name: str
    description: str = ""
    source: str = ""
    dropped: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "feature_names", tuple(self.feature_names))
        object.__setattr__(self, "dropped", tuple(self.dropped))
        if len(self.X) != len(self.y):
            raise DataError(f"X has {len(self.X)} rows but y has {len(self.y)} values; they must match")
        if self.X and len(self.X[0]) != len(self.feature_names):
            raise DataError(
                f"X has {len(self.X[0])} columns but there are {len(self.feature_names)} feature names"
            )

    @property
    def n_samples(self) -> int:
        """n, the number of rows."""
        return len(self.y)

    @property
    def n_features(self) -> int:
        """d, the number of feature columns."""
        return len(self.feature_names)

    def __repr__(self) -> str:
        dropped = f", dropped={len(self.dropped)}" if self.dropped else ""
        return (
            f"Dataset(n_samples={self.n_samples}, feature_names={self.feature_names!r}, "
            f"target_name={self.target_name!r}{dropped})"
        )
