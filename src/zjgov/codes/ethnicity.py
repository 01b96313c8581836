"""GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码 (ethnic group codes).

Two digits ``01``–``56`` (``01`` 汉族 … ``56`` 基诺族), each with a romanized name (``Han``) and
a two-letter code (``HA``). The 1991 text writes ``毛难族`` for what has been ``毛南族`` since
1986; both names give ``36``. Many public-security systems add ``97`` 其他 (unidentified) and
``98`` 外国血统中国籍人士 (naturalised citizens of foreign origin); they are not in the standard
and are accepted only with ``extended=True``.

``code(name)`` accepts the Chinese name with or without ``族`` (``汉``, ``汉族``), the
romanized name (any case) and the letter code, and the foreign-use spellings ``Korean``
(朝鲜族) and ``Tibetan`` (藏族). A one-digit ``1`` is not ``01``: it is a length error.

>>> validate("01")
'01'
>>> name("36")
'毛南族'
>>> code("毛难族"), code("汉"), code("Mongol"), code("ZA")
('36', '01', '02', '04')
>>> p = parse("10")
>>> p.name, p.romanized, p.letter_code
('朝鲜族', 'Chosen', 'CS')
>>> is_valid("97"), is_valid("97", extended=True)
(False, True)

Names:

>>> validate_name("毛难族")
'毛南族'
"""

from __future__ import annotations

import dataclasses
from typing import Any

from zjgov import _data
from zjgov.codes._table import CodeTable, Entry
from zjgov.codes.spec import CodeSpec

TITLE = ("民族代码", "ethnic group code")
#: names outside the table's name column: the 1991 spelling and the foreign-use spellings.
EXTRA_ALIASES = {
    "毛难族": "36",
    "毛难": "36",
    "korean": "10",
    "tibetan": "04",
    "其他民族": "97",
    "未识别民族": "97",
    "外国血统": "98",
    "外国人入籍": "98",
}


def _entries() -> list[Entry]:
    t = _data.table("gbt3304_ethnic_groups")
    rows = [
        Entry(c, n, extra={"romanized": r, "letter_code": lc})
        for c, n, r, lc in zip(t.code, t.name, t.romanized, t.letter_code)
    ]
    extra = _data.table("gbt3304_ethnic_groups_supplement")
    rows += [Entry(c, n, option="extended") for c, n in zip(extra.code, extra.name)]
    return sorted(rows, key=lambda e: e.code)


def _aliases() -> dict[str, str]:
    out = dict(EXTRA_ALIASES)
    for e in _entries():
        if e.option is None:
            if e.name.endswith("族"):
                out[e.name[:-1]] = e.code
            out[e.extra["romanized"]] = e.code
            out[e.extra["letter_code"]] = e.code
    return out


_TABLE = CodeTable("ethnicity", TITLE, _entries, width=2, aliases=_aliases, defaults={"extended": False})
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
    """The canonical two-digit code."""
    return validate(value, **options)


@dataclasses.dataclass(frozen=True)
class EthnicityInfo:
    """An ethnic group code and its names."""

    code: str
    name: str
    romanized: str | None  # GB/T 3304 罗马字母拼写 (None for 97/98)
    letter_code: str | None  # GB/T 3304 字母代码 (None for 97/98)
    in_standard: bool  # False for the extended codes 97/98


def parse(value: object, **options: Any) -> EthnicityInfo:
    """Validate a code and return its names."""
    e = _TABLE.entry(value, **options)
    return EthnicityInfo(e.code, e.name, e.extra.get("romanized"), e.extra.get("letter_code"), e.option is None)


def romanized(value: object, **options: Any) -> str:
    """The romanized name of a code (``01`` → ``Han``)."""
    info = parse(value, **options)
    return info.romanized or info.name


def letter_code(value: object, **options: Any) -> str:
    """The two-letter code of a code (``01`` → ``HA``)."""
    info = parse(value, **options)
    return info.letter_code or info.code


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "ethnicity",
    TITLE,
    standard="GB/T 3304-1991",
    lengths=(2,),
    pattern="^[0-9]{2}$",
    alphabet="0123456789",
    input_lengths=(1, 12),
    kind="table",
    personal=True,
    unique=False,
    type_name="EthnicityCode",
    standard_keys=("GB/T3304",),
    max_distinct=60,
    example="01",
)
