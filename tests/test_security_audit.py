"""The release audit: every violation code, the effect report, and the CLI as a data officer runs it
(classify → audit blocks → fix policy → zjgov mask → audit passes)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from _cli import run_zjgov
from _html_check import parse
from zjgov.classification import classify
from zjgov.security import apply, load_policy_text
from zjgov.security.audit import audit
from zjgov.security.protection import default_list, loads

ROOT = Path(__file__).resolve().parent.parent
POPULATION = ROOT / "examples" / "population.csv"


def _codes(result, severity="error"):
    return sorted({v.code for v in result.violations if v.severity == severity})


@pytest.fixture(scope="module")
def population():
    return pd.read_csv(POPULATION, dtype=str)


@pytest.fixture(scope="module")
def inventory(population):
    return classify(population)


def test_raw_population_is_blocked_with_every_reason(population, inventory):
    r = audit(population, protection_list=default_list(), scenario="open", inventory=inventory)
    assert not r.passed and r.exit_code == 1
    assert _codes(r) == ["below_k", "level_above_scenario", "prohibited", "untreated"]
    by_col = {(v.code, v.columns[0]) for v in r.errors}
    assert ("prohibited", "公民身份号码") in by_col and ("prohibited", "婚姻状况") in by_col
    assert ("untreated", "姓名") in by_col and ("untreated", "出生日期") in by_col
    assert ("level_above_scenario", "性别") in by_col  # L4 through the minors rule, untreated
    prohibited = next(v for v in r.errors if v.code == "prohibited")
    assert "person.citizen_id" in prohibited.message_zh and "protection_default.yaml:" in prohibited.message_zh
    assert "not permit" in prohibited.message_en and prohibited.remedy_en
    below = next(v for v in r.errors if v.code == "below_k")
    assert below.figures["k"] == 1 and below.figures["k_required"] == 5
    # messages never carry data values
    text = json.dumps([v.to_dict() for v in r.violations], ensure_ascii=False)
    for value in population["公民身份号码"].head(20):
        assert value not in text


def test_weaker_and_incomparable_treatments(population, inventory):
    policy = load_policy_text(
        "columns:\n  公民身份号码: suppress\n  婚姻状况: nullify\n  姓名: mask:name\n  联系电话: mask:mobile\n  住址: mask:address\n"
        "  出生日期: generalise:date:month\n  学历: {operator: mask, keep_first: 1}\n"
    )
    masked, record = apply(population, policy)
    r = audit(masked, protection_list=default_list(), scenario="open", inventory=inventory, mask_record=record)
    weaker = [v for v in r.errors if v.code == "weaker_treatment"]
    assert [v.columns[0] for v in weaker] == ["出生日期"]  # month is weaker than the year the list requires
    assert "generalise:date:month" in weaker[0].message_zh and "generalise:date:year" in weaker[0].message_zh
    custom = loads(
        "entries:\n  - {id: dob, protects: {column: 出生日期}, basis: [x], open: {mode: 受限, treatment: 'generalise:age:5'}}\n"
    )
    r2 = audit(masked, protection_list=custom, scenario="open", inventory=inventory, mask_record=record)
    assert "incomparable_treatment" in _codes(r2)  # a month for a date says nothing about an age band
    assert next(c for c in r2.columns if c.column == "出生日期").applied == "generalise:date:month"


def test_missing_basis_risk_conditions_and_record_mismatch(population, inventory):
    plist = loads(
        "privacy:\n  share: {k: 2, threshold: 0.1}\nentries:\n  - {id: n, protects: {column: 姓名}, share: {mode: 有条件}}\n"
    )
    frame = pd.DataFrame({"姓名": ["张伟"] * 10, "性别": ["1"] * 5 + ["2"] * 5})
    r = audit(frame, protection_list=plist, scenario="share", qis=["性别"])
    assert "missing_basis" in _codes(r)
    # k = 5 ≥ 2 holds, but the highest prosecutor risk 1/5 = 0.2 exceeds the threshold 0.1
    assert _codes(r) == ["missing_basis", "risk_above_threshold"]
    assert "conditions" in _codes(r, "warning")
    _, record = apply(
        population.head(10), load_policy_text("columns: {姓名: mask:name, 不存在: {operator: keep, optional: true}}")
    )
    r2 = audit(population, protection_list=default_list(), scenario="internal", inventory=inventory, mask_record=record)
    assert "record_mismatch" in _codes(r2, "warning") and r2.passed  # internal use: nothing blocks


def test_l_and_t_violations():
    df = pd.DataFrame({"年龄": ["20-29"] * 5 + ["30-39"] * 5, "诊断": ["a"] * 5 + ["a", "b", "c", "d", "e"]})
    plist = loads("privacy:\n  open: {k: 5, l: 2, t: 0.2, sensitive: [诊断]}\n")
    r = audit(df, protection_list=plist, scenario="open", qis=["年龄"])
    # 20-29 is all "a": distinct l = 1; EMD = ½(|1 - 0.6| + 4 × 0.1) = 0.4 > 0.2
    assert {"above_t", "below_l"} <= set(_codes(r))
    assert next(v for v in r.errors if v.code == "above_t").message_en.endswith("(largest 0.4)")
    # the diagnosis itself is graded L4 (health), untreated: the level gate blocks it as well
    assert "level_above_scenario" in _codes(r)
    assert r.measurement.l["诊断"] == 1


def test_effect_report_and_html(population, inventory):
    policy = load_policy_text("columns:\n  公民身份号码: suppress\n  婚姻状况: suppress\n")
    masked, record = apply(population, policy)
    r = audit(masked, protection_list=default_list(), scenario="open", inventory=inventory, mask_record=record)
    effect = r.effect()
    assert effect["model"]["k_required"] == 5 and effect["conclusion"]["passed"] is False
    assert effect["conclusion"]["zh"].startswith("按保护清单") and "block" in effect["conclusion"]["en"]
    assert {i["column"] for i in effect["identifiers"]} >= {"公民身份号码", "姓名"}
    doc = parse(r.to_html(lang="zh"))
    assert "数据发布审计" in doc.text and "重标识风险" in doc.text and "结论" in doc.text
    assert "Release audit" in parse(r.to_html(lang="en")).text
    assert json.loads(r.to_json())["format"] == "zjgov-release-audit/1"


def test_cli_done_when_flow(tmp_path):
    """A data officer: what blocks opening the population, then a fix policy, zjgov mask, and nothing blocks."""
    inv = tmp_path / "inv.json"
    gen = tmp_path / "generated.yaml"
    assert run_zjgov("classify", POPULATION, "--json-out", inv, "--policy-out", gen, cwd=tmp_path).returncode == 0
    before = run_zjgov(
        "audit",
        POPULATION,
        "--list",
        "default",
        "--scenario",
        "open",
        "--inventory",
        inv,
        "--json-out",
        "before.json",
        cwd=tmp_path,
    )
    assert before.returncode == 1, before.stderr
    assert "阻止开放" in before.stdout and "公民身份号码" in before.stdout and "k=5" in before.stdout
    report = json.loads((tmp_path / "before.json").read_text(encoding="utf-8"))
    assert report["passed"] is False and report["errors"] >= 10
    # the generated policy alone still leaves blockers: the citizen ID (masked, not removed) and k
    run_zjgov("mask", POPULATION, "--policy", gen, "--out", "gen.csv", cwd=tmp_path)
    gen_audit = run_zjgov(
        "audit", "gen.csv", "--inventory", inv, "--mask-audit", "gen.csv.audit.json", "--lang", "en", cwd=tmp_path
    )
    assert gen_audit.returncode == 1 and "公民身份号码" in gen_audit.stdout and "k=5" in gen_audit.stdout
    # the fix policy: the generated one strengthened where the list requires it, plus the search
    fix = run_zjgov(
        "audit", POPULATION, "--inventory", inv, "--base-policy", gen, "--fix-policy", "fix.yaml", cwd=tmp_path
    )
    assert fix.returncode == 1 and (tmp_path / "fix.yaml").is_file() and "k = " in fix.stdout
    masked = run_zjgov("mask", POPULATION, "--policy", "fix.yaml", "--out", "masked.csv", cwd=tmp_path)
    assert masked.returncode == 0, masked.stderr
    after = run_zjgov(
        "audit",
        "masked.csv",
        "--inventory",
        inv,
        "--mask-audit",
        "masked.csv.audit.json",
        "--html",
        "audit.html",
        "--effect-html",
        "effect.html",
        "--effect-json",
        "effect.json",
        cwd=tmp_path,
    )
    assert after.returncode == 0, after.stdout + after.stderr
    assert "无阻断项" in after.stdout
    assert json.loads((tmp_path / "effect.json").read_text(encoding="utf-8"))["conclusion"]["passed"] is True
    parse((tmp_path / "audit.html").read_text(encoding="utf-8"))
    parse((tmp_path / "effect.html").read_text(encoding="utf-8"))


def test_cli_usage_and_config_errors(tmp_path):
    assert run_zjgov("audit", "nope.csv", "--list", "missing.yaml", cwd=tmp_path).returncode == 2
    assert run_zjgov("audit", POPULATION, "--scenario", "publish", cwd=tmp_path).returncode == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {id: a, protects: {category: nope}}\n  - {id: b, level: L9}\n", encoding="utf-8")
    out = run_zjgov("audit", POPULATION, "--list", bad, cwd=tmp_path)
    assert out.returncode == 2 and "bad.yaml:2" in out.stderr and "bad.yaml:3" in out.stderr


def test_audit_reads_a_dataset_package():
    r = audit(ROOT / "examples" / "package", protection_list=default_list(), scenario="internal")
    assert r.rows > 0 and r.source.endswith("package")


def test_cli_json_stdout_and_outputs_never_overwrite_inputs(tmp_path):
    """``--json`` is JSON on standard output; ``--json FILE`` is refused; an output naming an input is refused."""
    r = run_zjgov("audit", POPULATION, "--json", "--progress", "none", cwd=tmp_path)
    assert r.returncode == 1 and json.loads(r.stdout)["passed"] is False
    assert run_zjgov("audit", POPULATION, "--json", "a.json", cwd=tmp_path).returncode == 2
    data = tmp_path / "p.csv"
    data.write_bytes(POPULATION.read_bytes())
    before = data.read_bytes()
    r = run_zjgov("audit", data, "--html", data, cwd=tmp_path)
    assert r.returncode == 2 and "--html" in r.stderr and data.read_bytes() == before
    assert run_zjgov("audit", POPULATION, "--json-out", "out/a.json", cwd=tmp_path).returncode == 2
    assert run_zjgov("audit", POPULATION, "--json-out", "out/a.json", "--mkdirs", cwd=tmp_path).returncode == 1
    assert json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))["passed"] is False
    assert "退出码" in run_zjgov("audit", "--help", cwd=tmp_path).stdout
