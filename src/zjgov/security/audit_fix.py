"""The remedy: a masking policy under which a release passes the audit (``zjgov audit --fix-policy``).

For every column the protection list constrains in the scenario, the policy applies the
strongest treatment the matching entries require (``suppress`` where the field is not permitted),
keeping a base policy's treatment where it is already at least as strong (the policy
``zjgov classify --policy-out`` generated, for instance). The quasi-identifiers then go through
:func:`zjgov.security.anonymise.search`: each starts at the treatment its entry requires
(``generalise:date:year`` for a birth date) and may be generalised further up its hierarchy until
the list's k (and l, t) is reached with the least information loss.

With a suppression budget (``suppression`` > 0) the search may suppress records, and the policy
then carries a ``records: {classes: {qis, k, l, t, sensitive}}`` rule, so ``zjgov mask`` suppresses
exactly the records of the classes that fail after the column treatments (every row is kept,
its fields null, ``_suppressed`` true).

A treatment the list requires that needs a key (``hmac``, a pseudonym, a token) names its key by
id only: ``key`` if given, else the base policy's key, else
:data:`zjgov.security.presets.DEFAULT_KEY_ID` — the key material is never in the policy. A policy
whose rules use no key names none.

>>> import pandas as pd
>>> from zjgov.security.protection import default_list
>>> df = pd.DataFrame({"姓名": ["张伟", "王芳", "李娜", "赵强"] * 3, "性别": ["1", "2"] * 6})
>>> policy, found = remedy(df, default_list(), "open")
>>> policy.columns["姓名"].operator, found.k
('mask:name', 6)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from zjgov.security import anonymise as an
from zjgov.security.audit import TableFacts, _column_info, _removed, sensitive_hierarchy
from zjgov.security.privacy import CATEGORY_ROLES
from zjgov.security.protection import model as plm
from zjgov.security.protection import strength


def required_treatments(
    frame: pd.DataFrame, protection_list: plm.ProtectionList, scenario: str, info: Mapping[str, Mapping[str, Any]]
) -> dict[str, strength.Treatment]:
    """Column -> the strongest treatment its matching entries require in ``scenario`` (``suppress`` if
    not permitted), with the rule's parameters (a required ``generalise:map``'s mapping)."""
    out: dict[str, strength.Treatment] = {}
    for col in map(str, frame.columns):
        req = None
        meta = info.get(col, {})
        for e in protection_list.matching(col, meta.get("category"), meta.get("elements", ())):
            rule = e.rule(scenario)
            t = strength.parse("suppress") if not rule.permitted else rule.required()
            req = t if req is None else (strength.stronger(t, req) or t)
        if req is not None:
            out[col] = req
    return out


def _sensitive_hierarchy(hierarchies: Mapping[str, an.Hierarchy] | None, sensitive: list[str], t: float | None) -> Any:
    """The user-defined hierarchy of the sensitive attribute, when t is required (its distance)."""
    if t is None or not sensitive:
        return None
    return sensitive_hierarchy(hierarchies, sensitive[0])


def policy_rule(t: strength.Treatment) -> dict[str, Any]:
    """The masking policy rule applying treatment ``t`` (a ``generalise:map`` with its mapping)."""
    if t.operator == "generalise:map" and t.params.get("mapping"):
        return {"operator": t.operator, "mapping": dict(t.params["mapping"])}
    return {"operator": t.text}


def _rule_treatment(rule: Mapping[str, Any]) -> strength.Treatment:
    params = {k: v for k, v in rule.items() if k != "operator"}
    return strength.parse_with(rule["operator"], params) if params else strength.parse(rule["operator"])


def remedy(
    frame: pd.DataFrame,
    protection_list: plm.ProtectionList,
    scenario: str,
    *,
    inventory: Any = None,
    base: Any = None,
    suppression: float = 0.0,
    hierarchies: Mapping[str, an.Hierarchy] | None = None,
    name: str = "",
    key: str | None = None,
    schema: Any = None,
) -> tuple[Any, an.Anonymisation | None]:
    """``(policy, search result or None)`` — see the module docstring."""
    from zjgov.security import operators, resolve
    from zjgov.security.policy import Policy
    from zjgov.security.presets import DEFAULT_KEY_ID

    key_id = key or (base.key if base is not None else None) or DEFAULT_KEY_ID

    scenario = plm.scenario(scenario)
    info, _ = _column_info(TableFacts(frame), inventory, None, schema)
    required = required_treatments(frame, protection_list, scenario, info)
    roles = {**CATEGORY_ROLES, **protection_list.roles()}
    columns: dict[str, dict[str, Any]] = {}
    base_rules = dict(base.columns) if base is not None else {}
    for col, req in required.items():
        rule = base_rules.get(col)
        if rule is not None and strength.at_least(strength.parse_with(rule.operator, rule.parameters()), req):
            columns[col] = rule.model_dump(exclude_defaults=True)
        elif req.text != strength.KEEP:
            columns[col] = policy_rule(req)
            if operators.split_treatment(req.text)[0].keyed:  # by id only, never key material
                columns[col]["key"] = key_id
    for col, rule in base_rules.items():
        columns.setdefault(col, rule.model_dump(exclude_defaults=True))
    requirement = protection_list.requirement(scenario)
    qis = [
        c
        for c in map(str, frame.columns)
        if roles.get(info.get(c, {}).get("category") or "", "other") == "quasi"
        and (c not in required or required[c].text != "suppress")
        and not _removed(frame[c])
    ]
    found = None
    if requirement.k and qis:
        work = frame.copy()
        hs: dict[str, an.Hierarchy] = {}
        for c in qis:
            h = (hierarchies or {}).get(c) or an.hierarchy_for(info.get(c, {}).get("category"))
            req = required.get(c, strength.parse(strength.KEEP))
            if req.text != strength.KEEP:
                r = policy_rule(req)
                work[c] = resolve(r["operator"], {k: v for k, v in r.items() if k != "operator"}).apply(frame[c])
                h = an.Hierarchy(
                    tuple(
                        t
                        for i, t in enumerate(h.treatments, 1)
                        if strength.compare(_rule_treatment(h.rule(i)), req) == 1
                    )
                    or ("suppress",),
                    h.table,
                    h.name,
                )
            hs[c] = h
        sensitive = [s for s in requirement.sensitive if s in frame.columns]
        found = an.search(
            work,
            hs,
            k=requirement.k,
            suppression=suppression,
            l=requirement.l if sensitive else None,
            t=requirement.t if sensitive else None,
            sensitive=sensitive[0] if sensitive else None,
            sensitive_hierarchy=_sensitive_hierarchy(hierarchies, sensitive, requirement.t),
        )
        for c, r in found.rules.items():  # a user-defined level is a generalise:map rule
            if r["operator"] != "keep":
                columns[c] = {**{k: v for k, v in columns.get(c, {}).items() if k in ("category", "level")}, **r}
    data: dict[str, Any] = (
        base.model_dump(mode="python", exclude={"columns"}, exclude_defaults=True) if base is not None else {}
    )
    if found is not None and found.suppressed:
        data["records"] = found.record_rule
    data["columns"] = columns
    keyed = [c for c, r in columns.items() if operators.split_treatment(r["operator"])[0].keyed]
    if keyed:
        data["key"] = data.get("key") or key_id
    else:
        data.pop("key", None)  # no rule uses a key: the policy names none
    data["name"] = name or f"{protection_list.name}：{plm.SCENARIO_NAMES[scenario][0]}"
    return Policy.model_validate(data), found
