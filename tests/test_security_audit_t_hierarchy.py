"""The audit checks t with the hierarchical distance when the sensitive attribute has a hierarchy,
as the search and zjgov mask do: a hand-worked case where the hierarchical and equal distances
disagree, audited before and after zjgov mask with the fix policy (API and CLI), and the
distributed audit equal to the in-memory one."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _cli import run_zjgov
from zjgov.distributed._engines import LocalEngine
from zjgov.distributed.release import EngineFacts
from zjgov.errors import ConfigError
from zjgov.security import anonymise as an
from zjgov.security import privacy as pv
from zjgov.security.audit import audit
from zjgov.security.audit_fix import remedy
from zjgov.security.engine import apply
from zjgov.security.protection import loads

ROOT = Path(__file__).resolve().parent.parent

TREE = {"flu": ["resp"], "cold": ["resp"], "hiv": ["sti"], "hpv": ["sti"]}
LIST = (
    "name: t\nprivacy:\n  open: {k: 2, t: 0.3, sensitive: [类型]}\nentries:\n"
    "  - {id: age, protects: {column: 年龄}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
    "  - {id: kind, protects: {column: 类型}, class: 个人隐私, basis: [x], level: L3, role: sensitive, open: {mode: 无条件, treatment: keep}}\n"
)


def _frame() -> pd.DataFrame:
    """Each value three times (Q = ¼ each). The tree has H = 2: ½ within resp or sti, 1 across.

    Raw ages: classes 21 (flu, flu), 22 (hiv, hiv), 31 (cold, cold), 32 (hpv, hpv) and the single
    records 41 … 44 put all their mass on one value, P = (1, 0, 0, 0): by the equal distance
    ½ Σ|P − Q| = ½ (¾ + ¼ + ¼ + ¼) = ¾; by the tree ¼ moves to the sibling (½) and ½ to the other
    group (1): ⅛ + ½ = ⅝. Both are above t = 0.3 (and 41 … 44 are below k = 2).

    In decades: 20-29 (flu, flu, hiv, hiv) and 30-39 (cold, cold, hpv, hpv) have P = (½, 0, ½, 0):
    equal ½ (¼ · 4) = ½ > 0.3, by the tree ¼ · ½ + ¼ · ½ = ¼ ≤ 0.3; 40-49 is Q itself (0).
    In 20-year bands every class is Q (0 by either distance)."""
    return pd.DataFrame(
        {
            "年龄": ["21", "21", "22", "22", "31", "31", "32", "32", "41", "42", "43", "44"],
            "类型": ["flu", "flu", "hiv", "hiv", "cold", "cold", "hpv", "hpv", "flu", "cold", "hiv", "hpv"],
        }
    )


def _above_t(result):
    return [v for v in result.errors if v.code == "above_t"]


def test_hand_worked_distances_of_the_case():
    df = _frame()
    assert pv.t_closeness(df, ["年龄"], "类型", distance="equal") == pytest.approx(0.75)
    assert pv.t_closeness(df, ["年龄"], "类型", distance="hierarchical", hierarchy=TREE) == pytest.approx(0.625)
    decades = df.assign(年龄=df["年龄"].str[0])
    assert pv.t_closeness(decades, ["年龄"], "类型", distance="equal") == pytest.approx(0.5)
    assert pv.t_closeness(decades, ["年龄"], "类型", distance="hierarchical", hierarchy=TREE) == pytest.approx(0.25)


@pytest.mark.parametrize("as_hierarchy", [True, False])  # an anonymise Hierarchy or the plain table
def test_audit_before_and_after_mask_with_the_hierarchy(as_hierarchy):
    df, plist = _frame(), loads(LIST)
    tree = an.user(TREE) if as_hierarchy else TREE
    before = audit(df, protection_list=plist, scenario="open", hierarchies={"类型": tree})
    (v,) = _above_t(before)
    assert v.figures["distance"] == "hierarchical" and v.figures["t"] == pytest.approx(0.625)
    assert v.figures["classes_above"] == 8 and "hierarchical distance" in v.message_en and "层级距离" in v.message_zh
    assert before.t_distance == {"类型": "hierarchical"} and before.measurement.t["类型"] == pytest.approx(0.625)
    equal = audit(df, protection_list=plist, scenario="open")
    (v,) = _above_t(equal)
    assert v.figures["distance"] == "equal" and v.figures["t"] == pytest.approx(0.75)

    # the fix policy searched with the tree: decades reach k = 2 and t = 0.3 by the tree
    hs = {"年龄": an.ages((10, 20)), "类型": an.user(TREE)}
    policy, found = remedy(df, plist, "open", hierarchies=hs)
    assert found.t_distance == "hierarchical" and found.levels == {"年龄": "generalise:age:10"}
    assert found.suppressed == 0 and policy.records is None
    masked, record = apply(df, policy)
    assert masked["年龄"].tolist()[::4] == ["20-29", "30-39", "40-49"]
    after = audit(masked, protection_list=plist, scenario="open", mask_record=record, hierarchies={"类型": tree})
    assert after.passed and after.exit_code == 0, [v.message_en for v in after.errors]
    assert after.measurement.t["类型"] == pytest.approx(0.25) and after.t_distance == {"类型": "hierarchical"}
    assert after.effect()["model"]["t"]["类型"] == pytest.approx(0.25)
    assert after.effect()["model"]["t_distance"] == {"类型": "hierarchical"}
    assert json.loads(after.to_json())["t_distance"] == {"类型": "hierarchical"}
    # the same release by the equal distance still has two classes ½ away: the audit and the
    # search agree only when they are given the same distance
    (v,) = _above_t(audit(masked, protection_list=plist, scenario="open", mask_record=record))
    assert v.figures["distance"] == "equal" and v.figures["t"] == pytest.approx(0.5) and v.figures["classes_above"] == 2

    # searched by the equal distance instead: 20-year bands, which pass by either distance
    policy, found = remedy(df, plist, "open", hierarchies={"年龄": hs["年龄"]})
    assert found.t_distance == "equal" and found.levels == {"年龄": "generalise:age:20"}
    masked, record = apply(df, policy)
    for h in (None, {"类型": tree}):
        assert audit(masked, protection_list=plist, scenario="open", mask_record=record, hierarchies=h).passed


def test_only_a_table_hierarchy_gives_a_distance():
    """A hierarchy without a table (ages, dates, divisions) gives no distance, as in the search;
    one for a quasi-identifier does not change t."""
    df, plist = _frame(), loads(LIST)
    r = audit(df, protection_list=plist, scenario="open", hierarchies={"类型": an.suppression(), "年龄": an.ages()})
    assert r.t_distance == {"类型": "equal"} and _above_t(r)[0].figures["t"] == pytest.approx(0.75)


def test_a_hierarchy_missing_a_value_is_a_bilingual_config_error():
    with pytest.raises(ConfigError) as info:
        audit(_frame(), protection_list=loads(LIST), scenario="open", hierarchies={"类型": {"flu": ["resp"]}})
    assert info.value.field == "hierarchies.类型"
    assert "层级" in info.value.message_zh and "hierarchical distance" in info.value.message_en


def _population(n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        {
            "年龄": rng.integers(18, 80, n).astype(str),
            "性别": rng.choice(["1", "2"], n),
            "类型": rng.choice(list(TREE), n, p=[0.4, 0.3, 0.2, 0.1]).astype(object),
        }
    )
    df.loc[df.index[::151], "类型"] = None  # a null is a leaf of its own, under the root
    df.loc[df.index[::211], ["年龄", "性别"]] = None  # suppressed records
    return df


@pytest.mark.parametrize("sizes", [[2000], [0, 700, 0, 1300], [500, 500, 500, 500]])
def test_distributed_audit_equals_the_in_memory_one(sizes):
    df = _population()
    plist = loads(LIST.replace("k: 2, t: 0.3", "k: 2, t: 0.1"))
    options = {"protection_list": plist, "scenario": "open", "qis": ["年龄", "性别"], "hierarchies": {"类型": TREE}}
    want = json.loads(audit(df, **options).to_json())
    got = json.loads(audit(EngineFacts(LocalEngine(sizes=sizes), df), **options).to_json())
    for d in (want, got):
        d.pop("created")
    assert want["t_distance"] == {"类型": "hierarchical"}
    (v,) = [v for v in want["violations"] if v["code"] == "above_t"]
    assert v["figures"]["t"] == pytest.approx(
        pv.t_closeness(df, ["年龄", "性别"], "类型", distance="hierarchical", hierarchy=TREE), abs=1e-6
    )
    assert abs(got["measurement"].pop("t")["类型"] - want["measurement"].pop("t")["类型"]) < 1e-12
    assert got == want


def test_cli_audit_before_and_after_mask_with_hierarchies(tmp_path):
    _frame().to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "list.yaml").write_text(LIST, encoding="utf-8")
    (tmp_path / "h.yaml").write_text(
        "hierarchies:\n  类型:\n    values: {flu: [resp], cold: [resp], hiv: [sti], hpv: [sti]}\n", encoding="utf-8"
    )
    common = ("--list", "list.yaml", "--lang", "en")
    before = run_zjgov(
        "audit", "data.csv", *common, "--hierarchies", "h.yaml", "--json-out", "before.json", cwd=tmp_path
    )
    assert before.returncode == 1 and "by the hierarchical distance (EMD) (largest 0.625)" in before.stdout
    got = json.loads((tmp_path / "before.json").read_text(encoding="utf-8"))
    assert got["t_distance"] == {"类型": "hierarchical"}
    fix = run_zjgov("audit", "data.csv", *common, "--hierarchies", "h.yaml", "--fix-policy", "fix.yaml", cwd=tmp_path)
    assert fix.returncode == 1 and (tmp_path / "fix.yaml").is_file(), fix.stdout + fix.stderr
    masked = run_zjgov("mask", "data.csv", "--policy", "fix.yaml", "--out", "masked.csv", cwd=tmp_path)
    assert masked.returncode == 0, masked.stderr
    after_args = ("audit", "masked.csv", *common, "--mask-audit", "masked.csv.audit.json")
    after = run_zjgov(*after_args, "--hierarchies", "h.yaml", "--json-out", "after.json", cwd=tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "nothing blocks opening" in after.stdout
    got = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
    assert got["t_distance"] == {"类型": "hierarchical"} and not [
        v for v in got["violations"] if v["code"] == "above_t"
    ]
    assert got["measurement"]["t"]["类型"] <= 0.3
    if importlib.util.find_spec("dask") is not None:  # the engine's audit reads the same file alike
        on_dask = run_zjgov(
            *after_args, "--hierarchies", "h.yaml", "--engine", "dask", "--json-out", "dask.json", cwd=tmp_path
        )
        assert on_dask.returncode == 0, on_dask.stdout + on_dask.stderr
        dask_json = json.loads((tmp_path / "dask.json").read_text(encoding="utf-8"))
        assert dask_json["measurement"]["t"] == got["measurement"]["t"] and dask_json["t_distance"] == got["t_distance"]
    # without the hierarchy the audit takes the equal distance, and says so
    equal = run_zjgov(*after_args, cwd=tmp_path)
    assert equal.returncode == 1 and "by the equal distance (EMD)" in equal.stdout
    # a hierarchy that lacks a value of the column: exit 2, naming the field
    (tmp_path / "bad.yaml").write_text("hierarchies:\n  类型:\n    values: {flu: [resp]}\n", encoding="utf-8")
    bad = run_zjgov("audit", "data.csv", *common, "--hierarchies", "bad.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "hierarchies.类型" in bad.stderr


def test_suppressed_records_take_no_part_in_the_tree():
    """zjgov mask leaves null in a suppressed record: with a one-root tree, a null leaf would add
    a level (H = 3, every distance ⅔ of itself); the suppressed rows are no leaves, so the EMD is
    that of the released rows alone, and a value only they hold needs no place in the tree."""
    one_root = {"flu": ["resp", "all"], "cold": ["resp", "all"], "hiv": ["sti", "all"], "hpv": ["sti", "all"]}
    df = _frame().assign(年龄=lambda d: d["年龄"].str[0])
    want = pv.hierarchical_emd_by_class(df, ["年龄"], "类型", one_root)
    assert want.round(4).tolist() == [0.25, 0.25, 0.0]  # H = 2 as in the hand-worked case
    suppressed = pd.DataFrame({"年龄": [None, None], "类型": [None, "ebola"]})
    masked = pd.concat([df, suppressed], ignore_index=True)
    assert pv.hierarchical_emd_by_class(masked, ["年龄"], "类型", one_root).tolist() == want.tolist()
    got = EngineFacts(LocalEngine(sizes=[7, 7]), masked).hierarchical_emd(
        pv.equivalence_classes(masked, ["年龄"]), "类型", one_root
    )
    assert sorted(got.tolist()) == sorted(want.tolist())
