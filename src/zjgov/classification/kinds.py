"""Value kinds: what the value detectors can say about a column's contents.

Each kind has a specificity: ``strong`` kinds (check digits, distinctive shapes) can overrule a
misleading column name, ``medium`` kinds can too when they cover most values, ``weak`` kinds
(numbers, short codes, free text) only support a name.

>>> specificity("code:citizen_id"), specificity("person_name"), specificity("amount")
('strong', 'medium', 'weak')
>>> "short_code" in expand(["generic"])
True
"""

from __future__ import annotations

from collections.abc import Iterable

STRONG = frozenset(
    {
        "code:citizen_id",
        "code:uscc",
        "code:vin",
        "code:bank_card",
        "code:elicense",
        "email",
        "ipv4",
        "ipv6",
        "mac",
        "uuid",
        "imei",
    }
)
MEDIUM = frozenset(
    {
        "code:mobile",
        "code:landline",
        "code:plate",
        "code:passport",
        "code:travel_permit",
        "code:org_code",
        "code:division",
        "person_name",
        "org_name",
        "address",
        "division_name",
        "date",
        "datetime",
        "birth_date",
        "coordinate",
        "binary",
    }
)
WEAK = frozenset(
    {
        "code:postcode",
        "code:sex",
        "code:ethnicity",
        "code:education",
        "code:family_relationship",
        "amount",
        "integer",
        "short_code",
        "boolean",
        "identifier",
        "free_text",
    }
)
KINDS = STRONG | MEDIUM | WEAK
#: ``generic`` in a category's value list stands for these (any unspecific content).
GENERIC = frozenset({"amount", "integer", "short_code", "boolean", "identifier", "free_text", "date", "datetime"})
#: The value kinds that come from a zjgov code module, by module name.
CODE_KINDS = {k.split(":", 1)[1]: k for k in KINDS if k.startswith("code:")}


def specificity(kind: str) -> str:
    """``strong``, ``medium`` or ``weak``."""
    if kind in STRONG:
        return "strong"
    if kind in MEDIUM:
        return "medium"
    return "weak"


def expand(values: Iterable[str]) -> frozenset[str]:
    """A category's value list with ``generic`` expanded."""
    out: set[str] = set()
    for v in values:
        out |= GENERIC if v == "generic" else {v}
    return frozenset(out)
