"""Protection-list entries that target a data element match the columns bound to it: by an
exchange schema's element binding or by the element an inventory records, not only by name."""

from __future__ import annotations

import pandas as pd

from zjgov.exchange.schema import Schema
from zjgov.security.audit import audit
from zjgov.security.audit_fix import remedy
from zjgov.security.protection import loads

LIST = loads(
    "name: t\nentries:\n"
    "  - {id: idno, protects: {element: 公民身份号码}, class: 个人隐私, basis: [GB/T 35273-2020], level: L4,"
    " open: {mode: 禁止开放}}\n"
)
SCHEMA = Schema.from_dict(
    {"name": "p", "elements": [{"use": "公民身份号码", "column": "证件号"}, {"中文名称": "备注"}]}
)
FRAME = pd.DataFrame({"证件号": ["330106199001011234", "330106199001011235"], "备注": ["a", "b"]})
INVENTORY = pd.DataFrame(
    {"column": ["证件号", "备注"], "category": ["other", "other"], "level": ["L1", "L1"], "review": [False, False]}
)


def _blocking(r) -> set[str]:
    return {c for v in r.violations if v.severity == "error" and v.entry == "idno" for c in v.columns}


def test_element_target_matches_the_column_a_schema_binds():
    unbound = audit(FRAME, protection_list=LIST, scenario="open", inventory=INVENTORY)
    assert "证件号" not in _blocking(unbound)  # the name alone does not say it is the element
    bound = audit(FRAME, protection_list=LIST, scenario="open", inventory=INVENTORY, schema=SCHEMA)
    assert "证件号" in _blocking(bound) and "备注" not in _blocking(bound)
    v = next(v for v in bound.violations if "证件号" in v.columns)
    assert v.entry == "idno" and "idno" in v.message("zh")


def test_element_target_matches_an_inventory_element():
    inv = INVENTORY.assign(element=["公民身份号码", None])
    r = audit(FRAME, protection_list=LIST, scenario="open", inventory=inv)
    assert "证件号" in _blocking(r)


def test_fix_policy_treats_the_bound_column():
    policy, _ = remedy(FRAME, LIST, "open", inventory=INVENTORY, schema=SCHEMA)
    assert policy.columns["证件号"].operator == "suppress" and "备注" not in policy.columns
    r = audit(FRAME.assign(证件号=None), protection_list=LIST, scenario="open", inventory=INVENTORY, schema=SCHEMA)
    assert "证件号" not in _blocking(r)
