"""GB/T 4658-2006 学历代码 (education level codes).

Two digits in two levels: the categories ``10`` 研究生教育, ``20`` 大学本科教育, ``30`` 大学专科教育,
``40`` 中等职业教育, ``60`` 普通高级中学教育, ``70`` 初级中学教育, ``80`` 小学教育 and ``90`` 其他
(there is no 50), and under each the graduated / completed / left-early codes (``21`` 大学本科毕业,
``22`` …结业, ``23`` …肄业; ``28`` 大学普通班毕业; ``71`` 初中毕业, ``73`` 初中肄业 …). A category
code is itself a valid code (the level is known, the outcome is not).

``code(name)`` accepts the names, ``其它`` for ``其他``, and the short category names
``大学本科`` / ``大学专科`` / ``专科教育`` that some listings use for 20 / 30.

>>> validate("21")
'21'
>>> p = parse("21")
>>> p.name, p.parent_code, p.parent_name
('大学本科毕业', '20', '大学本科教育')
>>> code("大学本科")
'20'
>>> validate("50")
Traceback (most recent call last):
zjgov.errors.InvalidComponent: ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import pandas as pd

from zjgov.codes._engine import CheckResult
from zjgov.codes._table import CodeTable, TreeInfo, tree_entries

TITLE = ("学历代码", "education level code")
ALIASES = {"大学本科": "20", "大学专科": "30", "专科教育": "30"}

_TABLE = CodeTable("education", TITLE, lambda: tree_entries("gbt4658_education"), width=2, aliases=lambda: ALIASES)
compact = _TABLE.code.compact
validate = _TABLE.code.validate
is_valid = _TABLE.code.is_valid
check = _TABLE.code.check


def format(value: object) -> str:
    """The canonical two-digit code."""
    return validate(value)


@dataclasses.dataclass(frozen=True)
class EducationInfo(TreeInfo):
    """An education code, its name and its category (``parent_code``)."""


def parse(value: object) -> EducationInfo:
    """Validate a code and return it with its name and category."""
    return _TABLE.tree_info(value, EducationInfo)


def name(value: object) -> str:
    """The name of a code."""
    return _TABLE.name_of(value)


def code(name: object) -> str:
    """The code of a name or variant; raises ``component:name``."""
    return _TABLE.code_of(name)


def validate_name(name: object) -> str:
    """The standard's name for ``name``, or a ``ValidationError``.

    >>> validate_name("其它")
    '其他'
    """
    return _TABLE.entries[code(name)].name


def is_valid_name(name: object) -> bool:
    """Whether ``name`` is a known name or variant; never raises for bad data."""
    return bool(check_names(pd.Series([name], dtype=object)).valid.iloc[0])


def check_names(column: Iterable[Any] | pd.Series) -> CheckResult:
    """Check a column of names (vectorised, Arrow ``index_in``)."""
    return _TABLE.check_names(column)


def to_codes(column: Iterable[Any] | pd.Series) -> pd.Series:
    """Translate a column of names to codes (``<NA>`` where the name is unknown)."""
    return _TABLE.to_codes(column)


def table() -> dict[str, str]:
    """Every code and its name."""
    return {c: e.name for c, e in _TABLE.entries.items()}


def children(value: object) -> dict[str, str]:
    """The codes under a category.

    >>> children("70")
    {'71': '初中毕业', '73': '初中肄业'}
    """
    return _TABLE.children(value)
