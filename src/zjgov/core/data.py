"""Reference tables shipped as package data, loaded lazily once (internal; stable names).

The CSV files in ``zjgov/data`` are copies of ``shared/data`` made by
``scripts/build_data.py``; ``zjgov/data/SOURCES.md`` records their sources and editions.
Every package reads them through :func:`table` (the old path ``zjgov._data.table`` is an alias).

>>> table("gbt2261_1_sex").shape[0] > 0
True
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd

__all__ = ["table"]


@functools.cache
def table(name: str) -> pd.DataFrame:
    """The reference table ``name`` (file stem) with every column as text."""
    with resources.files("zjgov.data").joinpath(f"{name}.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)
