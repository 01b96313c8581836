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

from zjgov import i18n
from zjgov.security import operators
from zjgov.security.policy import Policy, Rule

__all__ = ["COMMERCIAL", "DEFAULT_KEY_ID", "SavedInventory", "load_inventory", "policy_from_inventory", "write_policy"]

i18n.add(
    {
        "security.policy_out": (
            "按分类分级清单生成脱敏策略文件（YAML/JSON），供 zjgov mask 使用",
            "write a masking policy (YAML/JSON) generated from the inventory, for zjgov mask",
        )
    }
)

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


class _Entry:
    __slots__ = ("category", "column", "kind", "level", "personal", "treatment")

    def __init__(self, row: dict[str, Any]) -> None:
        self.column = str(row["column"])
        self.category = str(row.get("category") or "")
        self.level = str(row.get("level") or "")
        self.kind = row.get("kind") or None
        self.personal = row.get("personal") in (True, "True", "true", "1", 1)
        self.treatment = str(row.get("treatment") or "keep")


class SavedInventory:
    """An inventory read back from ``zjgov classify --json-file`` or ``--csv`` (what policies need of it)."""

    def __init__(self, entries: list[_Entry], source: str = "") -> None:
        self.entries = entries
        self.source = source


def load_inventory(path: str) -> SavedInventory:
    """Read an inventory file (JSON or CSV written by ``zjgov classify``)."""
    from zjgov.classification.inventory import read_inventory

    frame = read_inventory(path)
    return SavedInventory([_Entry(r) for r in frame.to_dict("records")], source=str(path))


def write_policy(inventory: Any, path: str, *, key: str = DEFAULT_KEY_ID, profile: str | None = None) -> Policy:
    """Generate the policy of ``inventory`` and write it as YAML (or JSON for a ``.json`` path)."""
    import json
    from pathlib import Path

    policy = policy_from_inventory(inventory, key=key, profile=profile)
    p = Path(path)
    if p.suffix.lower() == ".json":
        text = json.dumps(
            policy.model_dump(mode="json", exclude_defaults=True, by_alias=True), ensure_ascii=False, indent=2
        )
    else:
        text = (
            "# zjgov masking policy generated from a classification inventory: review it before use.\n"
            f"# Keyed operators use the key id '{key}': supply its material with --keys FILE or $ZJGOV_KEY_…\n"
            + policy.to_yaml()
        )
    p.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    return policy
