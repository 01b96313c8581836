"""Hypothesis strategies of records and frames that follow a schema (needs the ``testing`` extra).

>>> from zjgov.exchange import library
>>> from zjgov.testing.records import dataframes
>>> schema = library.schema("公民身份号码", "性别代码", name="p", primary_key=["公民身份号码"])
>>> frame = dataframes(schema, min_rows=3, max_rows=3).example()
>>> len(frame), schema.validate(frame).ok
(3, True)
"""

from __future__ import annotations

import zjgov.testing  # noqa: F401 - the friendly error when hypothesis is missing
from zjgov.testing.strategies._records import (
    LabelledFrame,
    dataframes,
    dataframes_with_violations,
    element_values,
    frame_code,
    records,
)

__all__ = ["LabelledFrame", "dataframes", "dataframes_with_violations", "element_values", "frame_code", "records"]
