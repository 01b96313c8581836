"""Protection lists: validation (every error, with line and field), scenario rules, the treatment
strength order, merging (tighten only, contradictions name both entries, associativity) and the
default list."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.errors import ConfigError
from zjgov.security import protection as pr
from zjgov.security.protection import default, strength
from zjgov.security.protection.model import Entry, ProtectionList, Rule, Target

GOOD = """\
name: 卫健委清单
scope: agency
privacy:
  开放: {k: 10, threshold: 0.1}
entries:
  - id: dx
    name: [诊断, Diagnosis]
    protects: {column: "(ZD|诊断.*)"}
    class: [个人隐私]
    basis: 《个人信息保护法》第二十八条
    level: L4
    role: sensitive
    open: {mode: 禁止}
    share: {mode: 受限共享}
    cross_border: {permitted: false}
  - id: birth
    protects: {category: person.birth_date}
    class: 个人隐私
    level: L3
    open: {mode: 受限开放, treatment: "generalise:date:year"}
"""


def test_load_good_list_and_aliases():
    pl = pr.loads(GOOD, "agency.yaml")
    dx = pl["dx"]
    assert dx.rule("open") == Rule(False, "禁止开放", "prohibited")
    assert dx.rule("share") == Rule(True, "有条件", "keep")
    assert dx.rule("开放").treatment == "prohibited"
    assert dx.rule("cross_border").permitted is False
    assert dx.source == "agency.yaml:6" and dx.name("en") == "Diagnosis"
    assert pl["birth"].rule("open").treatment == "generalise:date:year"
    assert pl.requirement("open").k == 10 and pl.requirement("share").k is None
    assert [e.id for e in pl.matching("诊断名称", None)] == ["dx"]
    assert [e.id for e in pl.matching("CSRQ", "person.birth_date")] == ["birth"]
    assert pl.matching("诊断", "person.birth_date")[0].id == "dx"  # a column pattern is more specific


def test_every_error_at_once_with_lines():
    text = """\
entries:
  - id: a
    protects: {category: person.nope}
    class: 隐私
    level: L9
    open: {mode: 禁止开放, treatment: mask:name}
  - id: a
    protects: {column: "(unclosed"}
    share: {mode: 随便}
    internal: {mode: 无条件}
  - id: c
    protects: {category: person.name, column: x}
    open: {mode: 受限, treatment: "mask:nosuch"}
  - id: d
    open: {permitted: true, treatment: prohibited}
"""
    with pytest.raises(ConfigError) as info:
        pr.loads(text, "bad.yaml")
    err = info.value
    fields = [p[1] for p in err.problems]
    lines = [p[0] for p in err.problems]
    assert "entries.0.protects.category" in fields and "entries.0.class" in fields and "entries.0.level" in fields
    assert "entries.0.open.treatment" in fields  # 禁止开放 with a treatment
    assert "entries.1.id" in fields and "entries.1.protects.column" in fields and "entries.1.share.mode" in fields
    assert "entries.1.internal.mode" in fields and "entries.2.protects" in fields
    assert "entries.2.open.treatment" in fields and "entries.3.open.treatment" in fields
    assert lines[0] == 3 and 6 in lines and 9 in lines
    assert "bad.yaml:3" in str(err) and "不在分类目录" in str(err) and "not in the catalogue" in str(err)


def test_pydantic_errors_and_top_level():
    with pytest.raises(ConfigError, match=r"x\.yaml:2"):
        pr.loads("entries:\n  - {id: x, colour: red}\n", "x.yaml")
    with pytest.raises(ConfigError, match="顶层"):
        pr.loads("- a\n- b\n")
    with pytest.raises(ConfigError, match="YAML"):
        pr.loads("entries: [\n", "y.yaml")
    with pytest.raises(ConfigError, match="scenario"):
        pr.scenario("publish")


def test_same_target_twice_is_an_error_naming_both():
    text = "entries:\n  - {id: a, protects: {category: person.name}}\n  - {id: b, protects: {category: person.name}}\n"
    with pytest.raises(ConfigError) as info:
        pr.loads(text, "t.yaml")
    assert "条目 b 与条目 a" in str(info.value) and "t.yaml:3" in str(info.value)


# -- strength ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        ("keep", "generalise:date:year", -1),
        ("generalise:date:decade", "generalise:date:year", 1),
        ("generalise:date:month", "generalise:date:year", -1),
        ("generalise:age:10", "generalise:age:5", 1),
        ("generalise:division:province", "generalise:division:city", 1),
        ("generalise:division:county", "generalise:division:city", -1),
        ("generalise:postcode:2", "generalise:postcode:4", 1),
        ("generalise:age:5", "generalise:date:year", None),  # different generalisations
        ("mask:mobile", "mask:landline", 0),  # presets for different data types
        ("mask:name", "generalise:date:year", 1),
        ("hmac", "mask:citizen_id", 1),
        ("suppress", "hmac", 1),
        ("nullify", "prohibited", 0),
        ("redact", "prohibited", 0),
        ("hmac", "prohibited", -1),
        ("truncate:3", "truncate:6", 1),
    ],
)
def test_strength_order(a, b, want):
    assert strength.compare(a, b) == want
    if want is not None:
        assert strength.compare(b, a) == -want


def test_mask_parameters_and_profiles():
    standard = strength.parse_with("mask:citizen_id", {})
    strict = strength.parse_with("mask:citizen_id", {"profile": "strict"})
    assert strength.compare(strict, standard) == 1
    wide = strength.parse_with("mask", {"keep_first": 3, "keep_last": 4})
    narrow = strength.parse_with("mask", {"keep_first": 1, "keep_last": 1})
    odd = strength.parse_with("mask", {"keep_first": 6, "keep_last": 0})
    assert strength.compare(narrow, wide) == 1 and strength.compare(odd, wide) is None
    with pytest.raises(strength.UnknownTreatment):
        strength.parse("mask:nosuch")


# -- merging -------------------------------------------------------------------------------------
AGENCY_TIGHTER = """\
name: 某局清单
privacy:
  open: {k: 10}
entries:
  - id: person.name
    open: {mode: 禁止开放}
  - id: person.birth_date
    open: {treatment: "generalise:date:decade"}
    basis: [某局数据安全管理办法]
  - id: local.case_no
    protects: {column: "案件编号"}
    class: 公共安全
    basis: [某局规定]
    level: L4
    open: {mode: 禁止开放}
"""


def test_merge_tightens_and_inherits():
    base = pr.default_list()
    agency = pr.loads(AGENCY_TIGHTER, "agency.yaml")
    m = pr.merge(base, agency)
    assert m["person.name"].rule("open").treatment == "prohibited"
    assert m["person.name"].rule("share") == base["person.name"].rule("share")  # inherited
    bd = m["person.birth_date"]
    assert bd.rule("open").treatment == "generalise:date:decade" and bd.rule("open").mode == "受限"
    assert "某局数据安全管理办法" in bd.basis and base["person.birth_date"].basis[0] in bd.basis
    assert m["local.case_no"].level == "L4"
    assert m.requirement("open").k == 10 and m.requirement("open").threshold == 0.2
    assert m.files == ("zjgov:protection_default.yaml", "agency.yaml")


def test_merge_looser_is_an_error_naming_both_entries():
    base = pr.default_list()
    looser = pr.loads(
        "entries:\n  - id: person.citizen_id\n    open: {mode: 无条件}\n  - id: person.birth_date\n    open: {treatment: 'generalise:date:month'}\n  - id: person.name\n    level: L1\n",
        "loose.yaml",
    )
    with pytest.raises(ConfigError) as info:
        pr.merge(base, looser)
    text = str(info.value)
    assert "3 处矛盾" in text and "3 contradictions" in text
    assert "person.citizen_id" in text and "loose.yaml:2" in text and "zjgov:protection_default.yaml:" in text
    assert "generalise:date:month" in text and "level" in text
    incomparable = pr.loads(
        "entries:\n  - id: person.birth_date\n    open: {treatment: 'generalise:age:5'}\n", "x.yaml"
    )
    with pytest.raises(ConfigError, match=r"无法比较|neither is stronger"):
        pr.merge(base, incomparable)
    role = pr.loads("entries:\n  - {id: person.sex, role: direct}\n", "r.yaml")
    with pytest.raises(ConfigError, match="role"):
        pr.merge(base, role)


TREATMENTS = [
    "keep",
    "generalise:date:month",
    "generalise:date:year",
    "generalise:age:5",
    "mask:name",
    "mask:mobile",
    "hmac",
    "suppress",
]


@st.composite
def rules(draw):
    s = draw(st.sampled_from(["open", "share"]))
    forbid = draw(st.booleans())
    if forbid:
        return s, Rule(False, "禁止开放" if s == "open" else "不予共享", "prohibited")
    mode = draw(st.sampled_from([None, "无条件", "受限" if s == "open" else "有条件"]))
    treatment = draw(st.sampled_from([None, *TREATMENTS]))
    return s, Rule(None if draw(st.booleans()) else True, mode, treatment)


@st.composite
def lists(draw, name):
    entries = []
    for eid in draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3)):
        rs = dict(draw(st.lists(rules(), max_size=2)))
        entries.append(
            Entry(
                eid,
                Target(category=f"person.{ {'a': 'name', 'b': 'sex', 'c': 'age'}[eid] }")
                if draw(st.booleans())
                else None,
                tuple(draw(st.lists(st.sampled_from(pr.PROTECTION_CLASSES), unique=True, max_size=2))),
                tuple(draw(st.lists(st.sampled_from(["x", "y"]), unique=True, max_size=2))),
                draw(st.sampled_from([None, "L1", "L2", "L3", "L4"])),
                draw(st.sampled_from([None, "quasi"])),
                rs,
                source=f"{name}:{eid}",
            )
        )
    k = draw(st.sampled_from([None, 3, 5]))
    privacy = {"open": pr.PrivacyRequirement(k=k)} if k else {}
    return ProtectionList(name, tuple(entries), privacy=privacy, files=(name,))


def _try(f, *args):
    try:
        return f(*args)
    except ConfigError:
        return None


@given(lists("A"), lists("B"), lists("C"))
def test_merge_is_associative_where_documented(a, b, c):
    left = _try(lambda: pr.merge(pr.merge(a, b), c))
    right = _try(lambda: pr.merge(a, pr.merge(b, c)))
    flat = _try(lambda: pr.merge(a, b, c))
    assert (left is None) == (flat is None)
    if left is not None:
        assert right is not None
        assert left == right == flat


@given(lists("A"))
def test_merge_with_itself_changes_nothing(a):
    assert _try(lambda: pr.merge(a, a)) in (a, dataclasses.replace(a, files=a.files * 2))


# -- the default list ----------------------------------------------------------------------------
def test_default_list_is_the_generated_file():
    shipped = Path(default.__file__).parent.parent / "data" / default.DATA_FILE
    assert shipped.read_text(encoding="utf-8") == default.render(), (
        "rebuild: python -m zjgov.security.protection.default"
    )


def test_default_list_follows_db33_levels():
    pl = pr.default_list()
    for e in pl.entries:
        assert e.basis and e.basis[0].startswith("DB33/T 2350-2021")
        open_rule = e.rule("open")
        if e.level == "L4":
            assert open_rule.mode == "禁止开放" and open_rule.treatment == "prohibited"
        elif e.level in ("L2", "L3") and not set(e.classes) & {"国家利益", "公共安全"}:
            assert open_rule.mode == "受限"
    assert pl["person.sex"].role == "quasi" and pl["person.health"].role == "sensitive"
    assert pl["commercial.financial"].classes == ("商业秘密",)
    assert pl["person.marital_status"].rule("open").treatment == "prohibited"
    assert pl["person.phone"].rule("cross_border").permitted is False
    assert pr.load("default") is pl
