"""Data exchange: data elements and schemas (GB/T 19488, DB33/T 2426-2022), dates (GB/T 7408),
catalogue records, e-licence records and dataset packages.

>>> from zjgov.exchange import Schema, library
>>> schema = library.schema("统一社会信用代码", "机构名称", name="orgs", primary_key=["统一社会信用代码"])
>>> schema.columns
['统一社会信用代码', '机构名称']
"""

from __future__ import annotations

from zjgov.exchange._records import RecordReport, load_records
from zjgov.exchange.dates import normalise_dates, to_iso
from zjgov.exchange.domains import parse_domain
from zjgov.exchange.elements import ATTRIBUTES, DataElement, DataType
from zjgov.exchange.notation import Format, parse_format
from zjgov.exchange.schema import CoerceResult, Schema, SchemaValidationError, ValidationReport, load_schema

__all__ = [
    "ATTRIBUTES",
    "CoerceResult",
    "DataElement",
    "DataType",
    "Format",
    "RecordReport",
    "Schema",
    "SchemaValidationError",
    "ValidationReport",
    "load_records",
    "load_schema",
    "normalise_dates",
    "parse_domain",
    "parse_format",
    "to_iso",
]
