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

Names:

>>> validate_name("其它")
'其他'
>>> children("70")
{'71': '初中毕业', '73': '初中肄业'}
"""

from __future__ import annotations

import dataclasses

from zjgov.codes._table import CodeTable, TreeInfo, tree_entries
from zjgov.codes.spec import CodeSpec

TITLE = ("学历代码", "education level code")
ALIASES = {"大学本科": "20", "大学专科": "30", "专科教育": "30"}

_TABLE = CodeTable("education", TITLE, lambda: tree_entries("gbt4658_education"), width=2, aliases=lambda: ALIASES)
compact = _TABLE.code.compact
validate = _TABLE.code.validate
is_valid = _TABLE.code.is_valid
check = _TABLE.code.check
name = _TABLE.name_of
code = _TABLE.code_of
validate_name = _TABLE.validate_name
is_valid_name = _TABLE.is_valid_name
check_names = _TABLE.check_names
to_codes = _TABLE.to_codes
table = _TABLE.table
children = _TABLE.children


def format(value: object) -> str:
    """The canonical two-digit code."""
    return validate(value)


@dataclasses.dataclass(frozen=True)
class EducationInfo(TreeInfo):
    """An education code, its name and its category (``parent_code``)."""


def parse(value: object) -> EducationInfo:
    """Validate a code and return it with its name and category."""
    return _TABLE.tree_info(value, EducationInfo)


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "education",
    TITLE,
    standard="GB/T 4658-2006",
    lengths=(2,),
    pattern="^[0-9]{2}$",
    alphabet="0123456789",
    input_lengths=(1, 16),
    kind="table",
    personal=True,
    unique=False,
    type_name="EducationCode",
    standard_keys=("GB/T4658",),
    max_distinct=45,
    example="10",
)
