"""GB/T 4761-2008 家庭关系代码 (family relationship codes).

Two digits in two levels, the relationship to the head of household or to the reference person:
``01`` 本人, ``02`` 户主, the categories ``10`` 配偶, ``20`` 子, ``30`` 女, ``40`` 孙子、孙女或外孙子、外孙女,
``50`` 父母, ``60`` 祖父母或外祖父母, ``70`` 兄弟姐妹, ``80`` 其他 and under each the detailed codes
(``11`` 夫, ``12`` 妻, ``22`` 长子 …), with ``97`` 其他亲属 and ``99`` 非亲属. ``98`` is not assigned
(some systems use it for 保姆): it is not valid.

``code(name)`` accepts the names, ``其它`` for ``其他``, each alternative of the "A或B" names of
one person (27, 37, 45–48, 57, 58: ``养子`` and ``继子`` → ``27``), the variants ``曾外孙子`` /
``曾外孙女`` and the everyday words ``丈夫``, ``妻子``, ``哥哥``, ``弟弟``, ``姐``, ``妹``.

>>> validate("22")
'22'
>>> p = parse("12")
>>> p.name, p.parent_code, p.parent_name
('妻', '10', '配偶')
>>> code("继子"), code("丈夫"), code("其它亲属")
('27', '11', '97')
>>> validate("98")
Traceback (most recent call last):
zjgov.errors.InvalidComponent: ...

Names:

>>> validate_name("养女")
'养女或继女'
>>> children("10")
{'11': '夫', '12': '妻'}
"""

from __future__ import annotations

import dataclasses

from zjgov.codes._table import CodeTable, TreeInfo, tree_entries
from zjgov.codes.spec import CodeSpec

TITLE = ("家庭关系代码", "family relationship code")
ALIASES = {
    "丈夫": "11",
    "妻子": "12",
    "哥哥": "71",
    "弟弟": "73",
    "姐": "75",
    "妹": "77",
    "曾孙子或曾外孙子": "47",
    "曾外孙子": "47",
    "曾孙女或曾外孙女": "48",
    "曾外孙女": "48",
}

#: codes whose name is "A或B" for one person: each alternative alone names the code too.
SPLIT = ("27", "37", "45", "46", "47", "48", "57", "58")


def _entries():
    return tree_entries("gbt4761_family_relationship")


def _aliases() -> dict[str, str]:
    """The fixed aliases plus each alternative of the "A或B" names in :data:`SPLIT`."""
    out = dict(ALIASES)
    for e in _entries():
        if e.code in SPLIT:
            out.update(dict.fromkeys(e.name.split("或"), e.code))
    return out


_TABLE = CodeTable("family_relationship", TITLE, _entries, width=2, aliases=_aliases)
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
class FamilyRelationshipInfo(TreeInfo):
    """A family relationship code, its name and its category (``parent_code``)."""


def parse(value: object) -> FamilyRelationshipInfo:
    """Validate a code and return it with its name and category."""
    return _TABLE.tree_info(value, FamilyRelationshipInfo)


#: The fact sheet of this code (see :mod:`zjgov.codes.spec`).
SPEC = CodeSpec(
    "family_relationship",
    TITLE,
    standard="GB/T 4761-2008",
    lengths=(2,),
    pattern="^[0-9]{2}$",
    alphabet="0123456789",
    input_lengths=(1, 12),
    kind="table",
    personal=True,
    unique=False,
    type_name="FamilyRelationshipCode",
    standard_keys=("GB/T4761",),
    max_distinct=90,
    example="01",
)
