"""GB/T 2261.1-2003 个人基本信息分类与代码 第1部分：人的性别代码 (sex codes).

One digit: ``0`` 未知的性别, ``1`` 男性, ``2`` 女性, ``5`` 女性改（变）为男性,
``6`` 男性改（变）为女性, ``9`` 未说明的性别. Many systems implement only 0/1/2/9;
``allow_changed=False`` rejects 5 and 6 for them. An integer column (``1``, ``2``) is read as
its digits, like every code.

Names translate to codes with the common variants: ``男``/``男性``/``male`` → ``1``,
``女``/``女性``/``female`` → ``2``, ``未知`` → ``0``, ``未说明`` → ``9``, ``女改男`` → ``5`` …

>>> validate("1")
'1'
>>> name("2")
'女性'
>>> code("男")
'1'
>>> parse("5").name
'女性改（变）为男性'
>>> validate("3")
Traceback (most recent call last):
zjgov.errors.InvalidComponent: ...
>>> check_names(["男", "女性", "M"]).reason.tolist()
[<NA>, <NA>, 'component:name']

Names:

>>> validate_name("女")
'女性'
>>> table(allow_changed=False)
{'0': '未知的性别', '1': '男性', '2': '女性', '9': '未说明的性别'}
"""

from __future__ import annotations

import dataclasses
from typing import Any

from zjgov import _data
from zjgov.codes._table import CodeTable, Entry
from zjgov.codes.spec import CodeSpec

TITLE = ("性别代码", "sex code")
ALIASES = {
    "男": "1",
    "male": "1",
    "女": "2",
    "female": "2",
    "未知": "0",
    "未知性别": "0",
    "未说明": "9",
    "未说明性别": "9",
    "女性改为男性": "5",
    "女性变为男性": "5",
    "女改男": "5",
    "女变男": "5",
    "男性改为女性": "6",
    "男性变为女性": "6",
    "男改女": "6",
    "男变女": "6",
}


def _entries() -> list[Entry]:
    rows = [Entry(c, n) for c, n in zip(_data.table("gbt2261_1_sex").code, _data.table("gbt2261_1_sex").name)]
    extra = _data.table("gbt2261_1_sex_supplement")
    rows += [Entry(c, n, option="allow_changed") for c, n in zip(extra.code, extra.name)]
    return sorted(rows, key=lambda e: e.code)


_TABLE = CodeTable("sex", TITLE, _entries, width=1, aliases=lambda: ALIASES, defaults={"allow_changed": True})
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


def format(value: object, **options: Any) -> str:
    """The canonical one-digit code."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class SexInfo:
    """A sex code and its name."""

    code: str
    name: str
    changed: bool  # 5 or 6: the sex was changed


def parse(value: object, **options: Any) -> SexInfo:
    """Validate a code and return it with its name."""
    e = _TABLE.entry(value, **options)
    return SexInfo(e.code, e.name, e.code in ("5", "6"))


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "sex",
    TITLE,
    standard="GB/T 2261.1-2003",
    lengths=(1,),
    pattern="^[012569]$",
    alphabet="012569",
    input_lengths=(1, 6),
    kind="table",
    personal=True,
    unique=False,
    type_name="SexCode",
    standard_keys=("GB/T2261.1",),
    max_distinct=6,
    example="1",
)
