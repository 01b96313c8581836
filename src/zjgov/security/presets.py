"""Policies generated from a classification inventory, with the commercial-secret presets.

:func:`policy_from_inventory` turns the treatment the inventory suggests for each column into
a policy rule (annotated with the column's category and level), so ``zjgov classify DATA
--policy-out policy.yaml`` gives a policy to review and then apply with ``zjgov mask``.
Personal columns the inventory keeps get an explicit ``keep`` rule (a deliberate decision,
visible in the audit); keyed treatments get the policy's key id — the key itself is never in
a policy.

**Commercial secrets and legal-person data** (``commercial=True``, the default) replace the
catalogue's blanket suppression with treatments that keep a 企业财务报表 usable:

| category | value kind | treatment |
| --- | --- | --- |
| commercial.financial (营业收入, 利润 …) | amounts | ``generalise:range``: 1-2-5 bands (order of magnitude kept) |
| commercial.business (合同金额, 采购单价 …) | amounts | ``generalise:range`` bands, top-coded from the 90th percentile |
| commercial.business, commercial.customer | names | ``hmac`` pseudonym, 16 hex characters (joinable, not readable) |
| org.bank_account (基本存款账号) | any | ``mask:account``: first 4 + last 4 |
| commercial.bidding, commercial.technical | any | ``suppress`` (as the catalogue) |

>>> from zjgov.classification import classify
>>> import pandas as pd
>>> inv = classify(pd.DataFrame({"姓名": ["张三", "李四"], "主要客户": ["杭州恒达贸易有限公司", "宁波港联物流有限公司"]}))
>>> p = policy_from_inventory(inv, key="pseudonym-2026")
>>> p.columns["姓名"].operator, p.columns["主要客户"].operator, p.key
('mask:name', 'hmac', 'pseudonym-2026')
"""

from __future__ import annotations

from typing import Any

from zjgov.security import operators
from zjgov.security.policy import Policy, Rule

__all__ = ["COMMERCIAL", "DEFAULT_KEY_ID", "policy_from_inventory"]

#: the key id a generated policy names for its keyed operators (the key material is yours to supply)
DEFAULT_KEY_ID = "zjgov-pseudonym"

_NAME_KINDS = {"org_name", "person_name", "generic", "free_text", None}
_AMOUNT_KINDS = {"amount", "integer", "number"}

#: (category, kind group) -> rule fields
COMMERCIAL: dict[tuple[str, str], dict[str, Any]] = {
    ("commercial.financial", "amount"): {"operator": "generalise:range"},
    ("commercial.business", "amount"): {"operator": "generalise:range", "top_quantile": 0.9},
    ("commercial.business", "name"): {"operator": "hmac", "length": 16},
    ("commercial.customer", "name"): {"operator": "hmac", "length": 16},
    ("commercial.customer", "amount"): {"operator": "generalise:range"},
    ("org.bank_account", "any"): {"operator": "mask:account"},
}


def _group(kind: str | None) -> str:
    return "amount" if kind in _AMOUNT_KINDS else "name"


def policy_from_inventory(
    inventory: Any,
    *,
    key: str = DEFAULT_KEY_ID,
    profile: str | None = None,
    commercial: bool = True,
    name: str | None = None,
) -> Policy:
    """A policy treating every column as the inventory suggests (see the module docstring)."""
    columns: dict[str, Rule] = {}
    for e in inventory.entries:
        rule = None
        if commercial:
            rule = COMMERCIAL.get((e.category, _group(e.kind))) or COMMERCIAL.get((e.category, "any"))
        if rule is None:
            treatment = e.treatment or "keep"
            if treatment == "keep" and not e.personal:
                continue
            rule = {"operator": treatment}
        operators.split_treatment(rule["operator"])  # an unknown treatment fails here, naming it
        columns[e.column] = Rule(**rule, category=e.category, level=e.level)
    source = getattr(inventory, "source", "") or None
    return Policy(
        name=name or (f"generated from the inventory of {source}" if source else "generated from an inventory"),
        profile=profile,
        key=key,
        columns=columns,
        source=source,
    )
