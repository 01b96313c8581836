"""User-defined hierarchies: the generalise:map operator, the loader, and the round trip
search → masking policy → apply giving exactly the classes the search measured."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zjgov.errors import ConfigError
from zjgov.security import anonymise as an
from zjgov.security import operators
from zjgov.security import privacy as pv
from zjgov.security.engine import apply as apply_policy
from zjgov.security.hierarchy import load_hierarchies
from zjgov.security.policy import load_policy_text

CITY = {"杭州": ["浙江", "华东"], "宁波": ["浙江", "华东"], "苏州": ["江苏", "华东"], "成都": ["四川", "西南"]}


def test_map_operator_vectorised_nulls_and_missing_values():
    op = operators.resolve("generalise:map", mapping={"a": "X", "b": "X", "c": "Y"})
    col = pd.Series(["a", None, "c", "b"], index=[10, 11, 12, 13])
    out = op.apply(col)
    assert out.tolist()[0::2] == ["X", "Y"] and pd.isna(out.iloc[1]) and out.iloc[3] == "X"
    assert list(out.index) == [10, 11, 12, 13]
    with pytest.raises(ValueError, match="1") as exc:  # one value missing, first at row 2 of the column
        op.apply(pd.Series(["a", "zzz"]))
    assert "zzz" not in str(exc.value)  # never a value in an error
    lenient = operators.resolve("generalise:map", mapping={"a": "X"}, on_invalid="null")
    assert lenient.apply(pd.Series(["a", "q"])).isna().tolist() == [False, True]
    # frozen, hashable, equal whatever the order it was given in
    assert op == operators.resolve("generalise:map", mapping={"c": "Y", "b": "X", "a": "X"})
    assert hash(op) == hash(operators.resolve("generalise:map", mapping={"c": "Y", "b": "X", "a": "X"}))
    with pytest.raises(ConfigError):
        operators.resolve("generalise:map", mapping={})


def test_map_operator_in_a_policy_file():
    policy = load_policy_text("columns:\n  城市: {operator: generalise:map, mapping: {杭州: 浙江, 苏州: 江苏}}\n")
    masked, _ = apply_policy(pd.DataFrame({"城市": ["苏州", "杭州"]}), policy)
    assert masked["城市"].tolist() == ["江苏", "浙江"]


def test_loader_yaml_and_errors(tmp_path):
    f = tmp_path / "h.yaml"
    f.write_text(
        "hierarchies:\n  城市:\n    values:\n"
        + "".join(f"      {k}: [{', '.join(v)}]\n" for k, v in CITY.items())
        + "    suppress: false\n",
        encoding="utf-8",
    )
    hs = load_hierarchies(f)
    assert hs["城市"].treatments == ("hierarchy:1", "hierarchy:2")
    assert hs["城市"].rule(2) == {"operator": "generalise:map", "mapping": {k: v[1] for k, v in CITY.items()}}
    assert load_hierarchies({"hierarchies": {"城市": {"values": CITY}}})["城市"].height == 3
    with pytest.raises(ConfigError):
        load_hierarchies("hierarchies:\n  城市: [a, b]\n")
    with pytest.raises(ConfigError):
        load_hierarchies({"hierarchies": {"城市": {"values": {"a": ["x"], "b": ["x", "y"]}}}})


def _frame(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "城市": rng.choice(list(CITY), n, p=[0.4, 0.3, 0.25, 0.05]),
            "性别": rng.choice(["1", "2"], n),
            "年龄": rng.integers(18, 80, n).astype(str),
        }
    )


@pytest.mark.parametrize("budget", [0.0, 0.05])
def test_search_policy_apply_round_trip(budget):
    df = _frame()
    hs = {"城市": an.user(CITY), "性别": an.suppression(), "年龄": an.ages((10, 20))}
    found = an.search(df, hs, k=15, suppression=budget)
    assert found.levels["城市"].startswith("hierarchy:") or found.levels["城市"] in ("keep", "suppress")
    policy = found.policy()
    rule = policy.columns.get("城市")
    if found.levels["城市"].startswith("hierarchy:"):
        assert rule.operator == "generalise:map"
    masked, _ = found.apply(df)
    # the masked table's classes are exactly those the search measured
    ec = pv.equivalence_classes(masked, list(hs))
    assert ec.n_classes == found.evaluation.classes
    assert pv.k_anonymity(masked, list(hs)) >= 15
    assert ec.suppressed == found.suppressed <= budget * len(df)
    # and the policy alone (no record suppression) generalises like the search's levels
    plain, _ = apply_policy(df, policy)
    level = found.node[list(hs).index("城市")]
    expected = hs["城市"].generalise(pd.Series(df["城市"]), "城市")[level]
    assert plain["城市"].astype(object).where(plain["城市"].notna(), None).tolist() == list(expected)


def test_user_hierarchy_forced_level_emits_map_policy():
    df = _frame()
    df = df[df["城市"] != "成都"].reset_index(drop=True)  # 杭州 ~160, 宁波 ~120, 苏州 ~100 rows
    hs = {"城市": an.Hierarchy(("hierarchy:2",), {k: tuple(v) for k, v in CITY.items()}, "user")}
    found = an.search(df, hs, k=150)  # level 0 fails, the region level passes
    assert found.levels == {"城市": "hierarchy:2"}
    rule = found.policy().columns["城市"]
    assert rule.operator == "generalise:map" and rule.parameters()["mapping"]["苏州"] == "华东"
    masked, _ = apply_policy(df, found.policy())
    assert set(masked["城市"]) == {"华东"}


# -- strength order of two generalise:map mappings ----------------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from zjgov.security.audit import audit  # noqa: E402
from zjgov.security.protection import loads, strength  # noqa: E402

PROVINCE = {k: v[0] for k, v in CITY.items()}  # 杭州, 宁波 -> 浙江; 苏州 -> 江苏; 成都 -> 四川
REGION = {k: v[1] for k, v in CITY.items()}  # 杭州, 宁波, 苏州 -> 华东; 成都 -> 西南
IDENTITY = {k: k for k in CITY}


def _map(mapping):
    return strength.parse_with("generalise:map", {"mapping": mapping})


def test_map_strength_is_partition_coarseness():
    # hand-worked: region's classes {杭州 宁波 苏州} {成都} each contain whole province classes
    assert strength.compare(_map(REGION), _map(PROVINCE)) == 1
    assert strength.compare(_map(PROVINCE), _map(REGION)) == -1
    assert strength.compare(_map(IDENTITY), _map(PROVINCE)) == -1
    # the labels do not matter, only the partition: 浙江/江苏/四川 renamed A/B/C is equivalent
    renamed = {"杭州": "A", "宁波": "A", "苏州": "B", "成都": "C"}
    assert strength.compare(_map(renamed), _map(PROVINCE)) == 0
    # crossing partitions: {杭州 苏州} {宁波 成都} neither coarser nor finer than the provinces
    crossing = {"杭州": "X", "苏州": "X", "宁波": "Y", "成都": "Y"}
    assert strength.compare(_map(crossing), _map(PROVINCE)) is None
    # only the values both name are compared; no value in common, or no mapping, is not comparable
    assert strength.compare(_map({"杭州": "浙江", "宁波": "浙江"}), _map(PROVINCE)) == 0
    assert strength.compare(_map({"杭州": "杭州"}), _map(PROVINCE)) == 0  # one value: a single class either way
    assert strength.compare(_map({"南京": "江苏"}), _map(PROVINCE)) is None
    assert strength.compare(_map(PROVINCE), "generalise:map") is None
    # a map is a generalisation: it does not order against another generalisation operator
    assert strength.compare(_map(PROVINCE), "generalise:date:year") is None
    assert strength.at_least(_map(REGION), _map(PROVINCE)) and not strength.at_least(_map(IDENTITY), _map(PROVINCE))
    assert strength.split_groups(IDENTITY, PROVINCE) == (3, 1)  # 浙江 split into 杭州 and 宁波


@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=12),
    st.lists(st.integers(0, 3), min_size=6, max_size=6),
)
def test_map_strength_properties(labels, merge):
    """A mapping composed with a merge of its labels (``f ∘ b``) is at least as strong as ``b``;
    strictly when the merge joins two labels ``b`` uses; the order is antisymmetric."""
    b = {f"v{i}": f"L{x}" for i, x in enumerate(labels)}
    a = {v: f"M{merge[int(x[1:])]}" for v, x in b.items()}
    c = strength.compare_partitions(a, b)
    used = {int(x[1:]) for x in b.values()}
    joined = len({merge[x] for x in used}) < len(used)
    assert c == (1 if joined else 0)
    assert strength.compare_partitions(b, a) == (-1 if joined else 0)


MAP_LIST = """
entries:
  - id: city
    protects: {column: 城市}
    basis: [GB/T 37964-2019]
    open: {mode: 受限, treatment: generalise:map, params: {mapping: {杭州: 浙江, 宁波: 浙江, 苏州: 江苏, 成都: 四川}}}
"""


def test_protection_list_rule_with_a_mapping():
    pl = loads(MAP_LIST)
    rule = pl["city"].rule("open")
    assert rule.treatment == "generalise:map" and strength.compare(rule.required(), _map(PROVINCE)) == 0
    again = loads(pl.to_yaml())
    assert again["city"].rule("open").required().params["mapping"] == PROVINCE
    with pytest.raises(Exception, match="params"):
        loads(MAP_LIST.replace("treatment: generalise:map, ", ""))
    with pytest.raises(Exception, match="mapping"):
        loads(MAP_LIST.replace("{mapping: {杭州: 浙江, 宁波: 浙江, 苏州: 江苏, 成都: 四川}}", "{mapping: {}}"))
    # merging: an agency list may require the coarser region mapping, never the finer identity
    coarser = MAP_LIST.replace("浙江, 宁波: 浙江, 苏州: 江苏, 成都: 四川", "华东, 宁波: 华东, 苏州: 华东, 成都: 西南")
    merged = pl.merge(loads(coarser))
    assert merged["city"].rule("open").required().params["mapping"] == REGION
    finer = MAP_LIST.replace("浙江, 宁波: 浙江, 苏州: 江苏, 成都: 四川", "杭州, 宁波: 宁波, 苏州: 苏州, 成都: 成都")
    with pytest.raises(Exception, match=r"(?i)looser|弱|宽"):
        pl.merge(loads(finer))


@pytest.mark.parametrize(
    ("applied", "code"),
    [
        (REGION, None),
        (PROVINCE, None),
        (IDENTITY, "weaker_treatment"),
        ({"杭州": "X", "苏州": "X", "宁波": "Y", "成都": "Y"}, "incomparable_treatment"),
    ],
)
def test_audit_orders_two_mappings(applied, code):
    frame = pd.DataFrame({"城市": ["杭州", "宁波", "苏州", "成都"] * 5, "序号": [str(i) for i in range(20)]})
    masked, record = apply_policy(
        frame, load_policy_text("columns:\n  城市: {operator: generalise:map, mapping: " + _flow(applied) + "}\n")
    )
    r = audit(masked, protection_list=loads(MAP_LIST), scenario="open", mask_record=record, qis=["城市"])
    treatment_codes = {v.code for v in r.errors if v.columns == ("城市",) and v.code.endswith("treatment")}
    assert treatment_codes == ({code} if code else set())
    status = next(c for c in r.columns if c.column == "城市")
    assert status.required == "generalise:map" and status.applied == "generalise:map"
    if code == "weaker_treatment":
        v = next(v for v in r.errors if v.code == code)
        # bilingual, names the entry, says how much finer in counts, and carries no data value
        assert "city" in v.message_zh and "city" in v.message_en
        assert "分为 3 组，其中 1 组被已做的映射拆开" in v.message_zh
        assert "3 groups and the applied mapping splits 1 of them" in v.message_en
        assert not any(name in v.message_zh + v.message_en for name in CITY)


def test_fix_policy_writes_the_required_mapping():
    from zjgov.security.audit_fix import remedy

    frame = pd.DataFrame({"城市": ["杭州", "宁波", "苏州", "成都"] * 5})
    policy, _ = remedy(frame, loads(MAP_LIST), "open")
    rule = policy.columns["城市"]
    assert rule.operator == "generalise:map" and rule.parameters()["mapping"] == PROVINCE
    masked, record = apply_policy(frame, policy)
    r = audit(masked, protection_list=loads(MAP_LIST), scenario="open", mask_record=record, qis=["城市"])
    assert not [v for v in r.errors if v.code.endswith("treatment")]


def _flow(mapping):
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"
