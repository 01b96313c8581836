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
