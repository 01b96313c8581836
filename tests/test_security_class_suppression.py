"""Record suppression by equivalence class in masking (records.classes), and the fix policy that
uses it: the search with a suppression budget, applied by zjgov mask; keyed treatments by key id."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _cli import run_zjgov
from zjgov.errors import ConfigError
from zjgov.security import anonymise as an
from zjgov.security import privacy as pv
from zjgov.security.audit import audit
from zjgov.security.audit_fix import remedy
from zjgov.security.engine import apply, mask_file
from zjgov.security.policy import load_policy_text
from zjgov.security.protection import default_list, loads

ROOT = Path(__file__).resolve().parent.parent
POPULATION = ROOT / "examples" / "population.csv"


def _frame(n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame(
        {
            "性别": rng.choice(["1", "2"], n),
            "年龄": rng.integers(18, 90, n).astype(str),
            "地区": rng.choice(["330102", "330106", "330203", "331121"], n, p=[0.5, 0.3, 0.15, 0.05]),
            "诊断": rng.choice(["a", "b", "c"], n),
        }
    )


def test_class_rule_hand_computed():
    df = pd.DataFrame({"q": ["a", "a", "a", "b", "b", "c"], "s": ["x", "y", "x", "x", "x", "y"]})
    policy = load_policy_text("records:\n  classes: {qis: [q], k: 2}\n")
    masked, record = apply(df, policy)
    # classes a (3), b (2), c (1): only c is below k = 2; its row stays, every field null
    assert masked["_suppressed"].tolist() == [False] * 5 + [True]
    assert masked.iloc[5][["q", "s"]].isna().all() and masked["q"].tolist()[:5] == ["a", "a", "a", "b", "b"]
    assert record.records["suppressed"] == 1 and record.records["rule"]["classes"]["k"] == 2
    # with l = 2 on s, class b (x, x) fails too
    policy = load_policy_text("records:\n  classes: {qis: [q], k: 1, l: 2, sensitive: s}\n")
    assert apply(df, policy)[0]["_suppressed"].tolist() == [False, False, False, True, True, True]


def test_class_rule_runs_after_the_column_treatments():
    df = pd.DataFrame({"年龄": ["21", "22", "23", "37"]})
    policy = load_policy_text("columns: {年龄: generalise:age:10}\nrecords:\n  classes: {qis: [年龄], k: 2}\n")
    masked, _ = apply(df, policy)
    assert masked["_suppressed"].tolist() == [False, False, False, True]  # 20-29 ×3 stays, 30-39 ×1 goes


def test_class_rule_errors():
    with pytest.raises(ConfigError):
        load_policy_text("records:\n  classes: {qis: [q], k: 2}\n  where: {column: q, in: [a]}\n")
    with pytest.raises(ConfigError):
        load_policy_text("records:\n  classes: {qis: [q], k: 2, l: 2}\n")
    with pytest.raises(ConfigError):
        apply(pd.DataFrame({"a": ["1"]}), load_policy_text("records:\n  classes: {qis: [q], k: 2}\n"))


@pytest.mark.parametrize("batch_rows", [7, 64, 10_000])
def test_mask_file_suppresses_by_class_over_the_whole_file(tmp_path, batch_rows):
    """Classes span batches: the file result equals the in-memory one, whatever the batch size."""
    df = _frame()
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    policy = load_policy_text(
        "columns: {年龄: generalise:age:20, 地区: generalise:division:city}\nrecords:\n  classes: {qis: [性别, 年龄, 地区], k: 6}\n"
    )
    expected, rec = apply(pd.read_csv(src, dtype=str), policy)
    record = mask_file(src, tmp_path / "out.csv", policy, batch_rows=batch_rows)
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert len(out) == len(df)
    assert out["_suppressed"].map({"true": True, "false": False, "True": True, "False": False}).tolist() == (
        expected["_suppressed"].tolist()
    )
    assert record.records["suppressed"] == rec.records["suppressed"] > 0
    kept = out[out["_suppressed"].isin(["false", "False"])]
    assert pv.k_anonymity(kept, ["性别", "年龄", "地区"]) >= 6


@pytest.mark.parametrize("budget", [0.03, 0.1])
def test_fix_policy_with_budget_applies_the_search_suppression(budget):
    df = _frame()
    plist = loads(
        "name: t\nprivacy:\n  open: {k: 8}\nentries:\n"
        "  - {id: sex, protects: {column: 性别}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
        "  - {id: age, protects: {column: 年龄}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
        "  - {id: area, protects: {column: 地区}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
    )
    hs = {"性别": an.suppression(), "年龄": an.ages((10, 20)), "地区": an.divisions()}
    policy, found = remedy(df, plist, "open", suppression=budget, hierarchies=hs)
    assert found is not None and found.suppressed <= budget * len(df)
    masked, record = apply(df, policy)
    assert pv.k_anonymity(masked, list(hs)) >= 8
    if found.suppressed == 0:
        assert policy.records is None and record.records["suppressed"] == 0
    else:  # zjgov mask suppresses exactly the records the search planned
        assert record.records["suppressed"] == found.suppressed
        assert np.array_equal(masked["_suppressed"].to_numpy(), found.suppressed_rows())


def test_fix_policy_keyed_treatments_name_a_key_id_only():
    df = pd.DataFrame({"设备号": ["d1", "d2", "d3"], "备注": ["x", "y", "z"]})
    plist = loads(
        "name: t\nentries:\n"
        "  - {id: dev, protects: {column: 设备号}, class: 个人隐私, basis: [x], level: L3, open: {mode: 无条件, treatment: hmac}}\n"
    )
    policy, _ = remedy(df, plist, "open", key="release-2026")
    assert policy.columns["设备号"].operator == "hmac" and policy.columns["设备号"].key == "release-2026"
    assert policy.key == "release-2026"
    text = policy.to_yaml()
    assert "release-2026" in text and "material" not in text.lower()
    # no keyed rule: no key named
    plain = loads(
        "name: t\nentries:\n  - {id: n, protects: {column: 备注}, class: 个人隐私, basis: [x], level: L3, open: {mode: 无条件, treatment: suppress}}\n"
    )
    base = load_policy_text("key: zjgov-pseudonym\ncolumns: {备注: mask}\n")
    policy, _ = remedy(df, plain, "open", base=base)
    assert policy.key is None and policy.columns["备注"].operator == "suppress"


def test_cli_done_when_flow_with_a_suppression_budget(tmp_path):
    """Blockers, then a fix policy searched WITH a budget, zjgov mask applies its class suppression, 0 blockers."""
    inv = tmp_path / "inv.json"
    gen = tmp_path / "generated.yaml"
    assert run_zjgov("classify", POPULATION, "--json-out", inv, "--policy-out", gen, cwd=tmp_path).returncode == 0
    assert run_zjgov("audit", POPULATION, "--inventory", inv, cwd=tmp_path).returncode == 1
    fix = run_zjgov(
        "audit", POPULATION, "--inventory", inv, "--base-policy", gen, "--fix-policy", "fix.yaml",
        "--suppression", "0.1", cwd=tmp_path,
    )  # fmt: skip
    assert fix.returncode == 1 and "records.classes" in fix.stdout, fix.stdout + fix.stderr
    text = (tmp_path / "fix.yaml").read_text(encoding="utf-8")
    assert "classes:" in text and "k: 5" in text
    masked = run_zjgov("mask", POPULATION, "--policy", "fix.yaml", "--out", "masked.csv", cwd=tmp_path)
    assert masked.returncode == 0, masked.stderr
    rec = json.loads((tmp_path / "masked.csv.audit.json").read_text(encoding="utf-8"))
    assert rec["records"]["suppressed"] >= 1 and rec["rows"] == 60
    after = run_zjgov("audit", "masked.csv", "--inventory", inv, "--mask-audit", "masked.csv.audit.json", cwd=tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "无阻断项" in after.stdout
    r = audit(tmp_path / "masked.csv", protection_list=default_list(), scenario="open", inventory=inv,
              mask_record=tmp_path / "masked.csv.audit.json")  # fmt: skip
    assert r.exit_code == 0


DX_TREE = {"flu": ["resp"], "cold": ["resp"], "hiv": ["sti"], "hpv": ["sti"]}


def test_class_rule_with_the_sensitive_hierarchy():
    """Hand-worked (each value three times: Q = ¼ each; H = 2, ½ within resp or sti, 1 across):
    class a (flu, flu, hiv, hiv) and class b (cold, cold, hpv, hpv) are ¼ from Q by the
    hierarchical distance (mass moves within a group) but ½ by the equal one; class c (flu, cold,
    hiv, hpv) is Q itself. With t = 0.3 the hierarchy keeps every class, the equal distance
    suppresses a and b."""
    df = pd.DataFrame(
        {
            "q": list("aaaabbbbcccc"),
            "s": ["flu", "flu", "hiv", "hiv", "cold", "cold", "hpv", "hpv", "flu", "cold", "hiv", "hpv"],
        }
    )
    rule = "records:\n  classes: {qis: [q], k: 1, t: 0.3, sensitive: s%s}\n"
    by_tree = load_policy_text(rule % ", hierarchy: {flu: [resp], cold: [resp], hiv: [sti], hpv: [sti]}")
    assert apply(df, by_tree)[0]["_suppressed"].tolist() == [False] * 12
    equal = load_policy_text(rule % "")
    assert apply(df, equal)[0]["_suppressed"].tolist() == [True] * 8 + [False] * 4
    with pytest.raises(ValueError, match="hierarchy"):
        load_policy_text("records:\n  classes: {qis: [q], k: 1, sensitive: s, hierarchy: {flu: [resp]}}\n")


def test_search_record_rule_with_the_sensitive_hierarchy_suppresses_what_it_planned():
    rng = np.random.default_rng(5)
    n = 400
    df = pd.DataFrame(
        {
            "年龄": rng.integers(18, 90, n),
            "性别": rng.choice(["1", "2"], n),
            "诊断": rng.choice(list(DX_TREE), n, p=[0.4, 0.3, 0.2, 0.1]),
        }
    )
    hs = {"年龄": an.ages(widths=(5, 10, 20)), "性别": an.suppression()}
    found = an.search(df, hs, k=3, t=0.2, sensitive="诊断", suppression=0.3, sensitive_hierarchy=DX_TREE)
    assert found.t_distance == "hierarchical" and found.suppressed > 0
    rule = found.record_rule
    assert rule["classes"]["hierarchy"]["hiv"] == ("sti",)
    policy = found.policy().model_copy(
        update={
            "records": load_policy_text(
                "records:\n  classes: " + json.dumps(rule["classes"], ensure_ascii=False) + "\n"
            ).records
        }
    )
    masked, record = apply(df, policy)
    assert masked["_suppressed"].tolist() == found.suppressed_rows().tolist()
    assert record.records["suppressed"] == found.suppressed


def test_fix_policy_checks_t_with_the_sensitive_hierarchy_it_is_given():
    df = _frame().assign(诊断=lambda d: d["诊断"].map({"a": "flu", "b": "cold", "c": "hiv"}))
    plist = loads(
        "name: t\nprivacy:\n  open: {k: 3, t: 0.2, sensitive: [诊断]}\nentries:\n"
        "  - {id: sex, protects: {column: 性别}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
        "  - {id: age, protects: {column: 年龄}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
        "  - {id: dx, protects: {column: 诊断}, class: 个人隐私, basis: [x], level: L3, role: sensitive, open: {mode: 无条件, treatment: keep}}\n"
    )
    hs = {"性别": an.suppression(), "年龄": an.ages((10, 20)), "诊断": an.user(DX_TREE)}
    policy, found = remedy(df, plist, "open", suppression=0.3, hierarchies=hs)
    assert found is not None and found.t_distance == "hierarchical"
    masked, record = apply(df, policy)
    assert record.records["suppressed"] == found.suppressed
    assert np.array_equal(masked["_suppressed"].to_numpy(), found.suppressed_rows())
    assert found.suppressed > 0 and policy.records.classes.hierarchy["hiv"] == ("sti",)


# -- t against the released rows (issue 12): the fixed point ------------------------------------
def _released_t_case(distance: str) -> tuple[pd.DataFrame, dict]:
    """Class A (x, x, x, y), class B (x, x, y, y, y, y, y, y) and four single x records. Against the
    whole table's Q = (9/16, 7/16) A is at 3/16 and B at 5/16 (both within t = 0.32); the released
    table (the four suppressed by k = 2) has Q = (5/12, 7/12): A is at 1/3 > t, B at 1/6. Two values,
    so the ordered distance (m − 1 = 1) and a two-leaf tree (H = 1) give the same figures."""
    x, y = (0, 1) if distance == "ordered" else ("x", "y")
    s = [x, x, x, y] + [x, x, y, y, y, y, y, y] + [x] * 4
    df = pd.DataFrame({"q": ["A"] * 4 + ["B"] * 8 + ["s1", "s2", "s3", "s4"], "s": s})
    kw = {"k": 2, "t": 0.32, "sensitive": "s"}
    if distance == "hierarchical":
        kw |= {"distance": "hierarchical", "hierarchy": {"x": ["X"], "y": ["Y"]}}
    return df, kw


@pytest.mark.parametrize("distance", ["equal", "ordered", "hierarchical"])
def test_class_suppression_measures_t_against_the_released_rows(distance):
    df, kw = _released_t_case(distance)
    ordered = distance == "ordered"
    # before suppression every class is within t (the old check kept A and B) ...
    before = pv.emd_by_class(pv.sensitive_counts(df, ["q"], "s", ordered=ordered))
    assert before[:2].tolist() == pytest.approx([3 / 16, 5 / 16])
    # ... but after the four small records go, A is 1/3 from the released Q
    released = df[["q", "s"]].copy()
    released.loc[12:, "q"] = None
    after = pv.emd_by_class(pv.sensitive_counts(released, ["q"], "s", ordered=ordered))
    assert after.tolist() == pytest.approx([1 / 3, 1 / 6])
    # the fixed point: A suppressed in round 1, nothing more in round 2 (Q = B's own distribution)
    flags = pv.failing_records(df, ["q"], **kw)
    assert flags.tolist() == [True] * 4 + [False] * 8 + [True] * 4
    out = df.assign(q=df["q"].where(~flags, None))
    assert pv.t_closeness(out, ["q"], "s", distance="ordered" if ordered else "equal") == 0.0
    # zjgov mask's class rule suppresses the same records, and the audit's t of the result passes
    rule = "records:\n  classes: {qis: [q], k: 2, t: 0.32, sensitive: s%s}\n"
    tree = ", hierarchy: {x: [X], y: [Y]}" if distance == "hierarchical" else ""
    masked, record = apply(df, load_policy_text(rule % tree))
    assert masked["_suppressed"].tolist() == flags.tolist() and record.records["suppressed"] == 8


@pytest.mark.parametrize("distance", ["equal", "ordered", "hierarchical"])
def test_search_plans_the_released_fixed_point(distance):
    df, kw = _released_t_case(distance)
    hs = {"q": an.suppression()}
    extra = {"sensitive_hierarchy": kw["hierarchy"]} if distance == "hierarchical" else {}
    args = {"k": 2, "t": 0.32, "sensitive": "s", **extra}
    by_node = {e.node: e for e in an.exhaustive(df, hs, suppression=0.5, **args)}
    assert by_node[(0,)].suppressed == 8 and by_node[(0,)].passes  # the fixed point, not 4
    assert by_node[(1,)].suppressed == 0 and by_node[(1,)].ncp == 1.0
    found = an.search(df, hs, suppression=0.5, **args)
    assert found.node == (0,) and found.suppressed == 8 and found.loss["ncp"] == pytest.approx(0.5)
    assert found.suppressed_rows().tolist() == pv.failing_records(df, ["q"], **kw).tolist()
    # with a budget of 4 records (the old plan) the fixed point is infeasible: q is suppressed instead
    assert not an.exhaustive(df, hs, suppression=0.25, **args)[0].passes
    assert an.search(df, hs, suppression=0.25, **args).node == (1,)


def test_cli_fix_policy_with_suppression_and_t_then_mask_then_audit_passes(tmp_path):
    """fix-policy (budget and t) -> zjgov mask -> zjgov audit reports no t violation."""
    df, _ = _released_t_case("equal")
    df = df.rename(columns={"q": "性别", "s": "结果"})  # named so classification reads a quasi-identifier
    df.to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "list.yaml").write_text(
        "name: t\nprivacy:\n  open: {k: 2, t: 0.32, sensitive: [结果]}\nentries:\n"
        "  - {id: q, protects: {column: 性别}, class: 个人隐私, basis: [x], level: L3, role: quasi, open: {mode: 无条件, treatment: keep}}\n"
        "  - {id: s, protects: {column: 结果}, class: 个人隐私, basis: [x], level: L3, role: sensitive, open: {mode: 无条件, treatment: keep}}\n",
        encoding="utf-8",
    )
    common = ("--list", "list.yaml", "--scenario", "open", "--qi", "性别", "--sensitive", "结果")
    fix = run_zjgov("audit", "data.csv", *common, "--fix-policy", "fix.yaml", "--suppression", "0.5", cwd=tmp_path)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    before = run_zjgov("audit", "data.csv", *common, "--json", cwd=tmp_path)
    assert {v["code"] for v in json.loads(before.stdout)["violations"]} >= {"below_k", "above_t"}
    assert "classes:" in (tmp_path / "fix.yaml").read_text(encoding="utf-8")
    masked = run_zjgov("mask", "data.csv", "--policy", "fix.yaml", "--out", "masked.csv", cwd=tmp_path)
    assert masked.returncode == 0, masked.stderr
    rec = json.loads((tmp_path / "masked.csv.audit.json").read_text(encoding="utf-8"))
    assert rec["records"]["suppressed"] == 8  # the fixed point (4 small records + class A), not 4
    after = run_zjgov(
        "audit", "masked.csv", *common, "--mask-audit", "masked.csv.audit.json", "--json", cwd=tmp_path
    )  # fmt: skip
    assert after.returncode == 0, after.stdout + after.stderr
    codes = {v["code"] for v in json.loads(after.stdout)["violations"]}
    assert "above_t" not in codes and "below_k" not in codes
