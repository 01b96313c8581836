"""Reference tables shipped as package data, loaded lazily once (internal; stable names).

The CSV files in ``zjgov/data`` are copies of ``shared/data`` made by
``scripts/build_data.py``, which also writes the packed indexes that validity checks read
(``*.json``: arrays, not rows, so a scalar check never parses a CSV nor imports pandas);
``zjgov/data/SOURCES.md`` records their sources and editions. Every package reads them through
:func:`table` and :func:`packed_table` (the old path ``zjgov._data.table`` is an alias).

>>> table("gbt2261_1_sex").shape[0] > 0
True
>>> len(packed_table("gb2260_index")["codes"]) > 3000
True
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["packed_table", "table"]


@functools.cache
def table(name: str) -> pd.DataFrame:
    """The reference table ``name`` (file stem) with every column as text."""
    import pandas as pd  # only where a table is read as rows: scalar checks never need it

    with resources.files("zjgov.data").joinpath(f"{name}.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@functools.cache
def packed_table(name: str) -> dict[str, Any]:
    """The packed index ``name`` (file stem of a ``.json`` built by ``scripts/build_data.py``)."""
    with resources.files("zjgov.data").joinpath(f"{name}.json").open("rb") as fh:
        return json.load(fh)
