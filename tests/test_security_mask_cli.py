"""``zjgov mask`` / ``zjgov unmask`` run as a user runs them: a policy generated from the
inventory masks the example population and the enterprise-finance example, surrogates
validate, reversible operators reverse; exit codes 0/1/2; Chinese by default."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from zjgov import codes, io

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def zjgov(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def keys(tmp_path) -> Path:
    path = tmp_path / "keys.yaml"
    ids = ("zjgov-pseudonym", "population-2026", "finance-2026")
    path.write_text("keys:\n" + "".join(f"  {i}: hex:{secrets.token_hex(32)}\n" for i in ids), encoding="utf-8")
    return path


@pytest.mark.parametrize("data", ["population.csv", "population_gbk.csv", "enterprise_finance.csv"])
def test_a_policy_generated_from_the_inventory_masks_the_examples(tmp_path, keys, data):
    src = EXAMPLES / data
    policy, inventory, out = tmp_path / "policy.yaml", tmp_path / "inv.json", tmp_path / "masked.parquet"
    r = zjgov("classify", src, "--policy-out", policy, "--json-file", inventory)
    assert r.returncode == 0, r.stderr
    r = zjgov("mask", src, "--policy", policy, "--out", out, "--keys", keys, "--inventory", inventory)
    assert r.returncode == 0, r.stderr
    assert "已脱敏" in r.stdout  # Chinese by default
    before, after = io.read_table(src), io.read_table(out)
    assert len(after) == len(before) and list(after.columns) == list(before.columns)
    record = json.loads((tmp_path / "masked.parquet.audit.json").read_text(encoding="utf-8"))
    assert record["rows"] == len(before) and record["warnings"] == []
    treated = {c["column"]: c for c in record["columns"]}
    for column, audit in treated.items():
        if audit["operator"] != "keep":
            assert audit["changed"] > 0
            shown = set(after[column].dropna())
            assert not shown & set(before[column].dropna()) or audit["operator"].startswith("generalise")
    if "population" in data:
        assert (
            after["公民身份号码"].str.contains(r"\*{8}").all() and treated["出生日期"]["operator"] == "generalise:date"
        )
    else:
        assert treated["主要客户"]["operator"] == "hmac" and treated["主要客户"]["key_id"] == "zjgov-pseudonym"
        assert (
            treated["营业收入"]["operator"] == "generalise:range"
            and treated["基本存款账号"]["operator"] == "mask:account"
        )
        assert after["主要客户"].str.fullmatch(r"[0-9a-f]{16}").all()


def test_sharing_policy_surrogates_validate_and_reverse(tmp_path, keys):
    src = EXAMPLES / "population.csv"
    policy = EXAMPLES / "masking" / "population_share.yaml"
    out, back = tmp_path / "shared.csv", tmp_path / "back.jsonl"
    r = zjgov("mask", src, "--policy", policy, "--out", out, "--keys", keys, "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "masked 60 rows" in r.stdout
    original, shared = io.read_table(src), io.read_table(out)
    good = codes.get("citizen_id").check(original["公民身份号码"]).valid
    assert codes.get("citizen_id").check(shared["公民身份号码"][good]).valid.all()  # surrogates validate
    assert (shared["公民身份号码"][good] != original["公民身份号码"][good].str.upper()).all()
    assert shared["公民身份号码"][~good].str.fullmatch(r"\*+").all()  # invalid numbers: redacted
    r = zjgov("unmask", out, "--policy", policy, "--out", back, "--keys", keys, "--lang", "en")
    assert r.returncode == 0, r.stderr
    restored = io.read_table(back)
    for column in ("公民身份号码", "姓名", "出生日期"):
        ok = good if column == "公民身份号码" else original[column].notna()
        if column == "出生日期":
            ok &= ~shared[column].str.contains(r"\*", na=False)
        assert restored[column][ok].tolist() == original[column][ok].str.upper().tolist() or column != "公民身份号码"
        assert (
            restored[column][ok].tolist()
            == (original[column][ok].str.upper() if column == "公民身份号码" else original[column][ok]).tolist()
        )
    assert "not reversible" in r.stderr  # masks are named as left as they are


def test_enterprise_finance_opening_policy(tmp_path, keys):
    out = tmp_path / "open.jsonl"
    r = zjgov(
        "mask",
        EXAMPLES / "enterprise_finance.csv",
        "--policy",
        EXAMPLES / "masking" / "enterprise_finance_open.yaml",
        "--out",
        out,
        "--keys",
        keys,
        "--json",
    )
    assert r.returncode == 0, r.stderr
    record = json.loads(r.stdout)
    assert record["format"] == "zjgov.mask-audit/1" and record["rows"] == 30
    opened = pd.read_json(out, lines=True, dtype=str)
    assert opened["营业收入"].astype(int).mod(1000).eq(0).all()
    assert opened["合同金额"].str.fullmatch(r"\d+-\d+|>=15000").all()
    assert opened["采购单价"].astype(float).le(400).all()


def test_exit_codes_and_messages(tmp_path, keys):
    src = EXAMPLES / "population.csv"
    policy = tmp_path / "p.yaml"
    policy.write_text("key: nokey\ncolumns: {姓名: hmac}\n", encoding="utf-8")
    r = zjgov("mask", src, "--policy", policy, "--out", tmp_path / "o.csv", env={"ZJGOV_KEY_NOKEY": ""})
    assert r.returncode == 2 and "nokey" in r.stderr and "Traceback" not in r.stderr
    policy.write_text("columns: {姓名: generalise:age}\n", encoding="utf-8")  # names are no ages: the data fails
    r = zjgov("mask", src, "--policy", policy, "--out", tmp_path / "o.csv")
    assert r.returncode == 1 and "姓名" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o.csv").exists()
    policy.write_text("columns: {出生日期: {operator: generalise:date, unit: week}}\n", encoding="utf-8")
    r = zjgov("mask", src, "--policy", policy, "--out", tmp_path / "o.csv", "--lang", "en")
    assert r.returncode == 2 and f"{policy}:1" in r.stderr
    r = zjgov("mask", src, "--policy", EXAMPLES / "masking" / "population_share.yaml", "--out", src, "--keys", keys)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = zjgov("mask", src, "--out", tmp_path / "o.csv")
    assert r.returncode == 2
    policy.write_text("columns: {姓名: mask:name}\n", encoding="utf-8")
    inv = tmp_path / "inv.json"
    assert zjgov("classify", src, "--json-file", inv).returncode == 0
    r = zjgov("mask", src, "--policy", policy, "--out", tmp_path / "o.csv", "--inventory", inv, "--fail-on-warning")
    assert r.returncode == 1 and "警告" in r.stderr


def test_mask_refuses_an_output_that_is_an_input_and_shows_progress(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("columns:\n  姓名: mask:name\n", encoding="utf-8")
    before = policy.read_bytes()
    src = EXAMPLES / "population.csv"
    r = zjgov("mask", src, "--policy", policy, "--out", tmp_path / "m.csv", "--audit", policy)
    assert r.returncode == 2 and "--audit" in r.stderr and policy.read_bytes() == before
    r = zjgov("mask", src, "--policy", policy, "--out", policy)
    assert r.returncode == 2 and policy.read_bytes() == before
    env = {**os.environ, "ZJGOV_PROGRESS_SECONDS": "0"}
    r = zjgov("mask", src, "--policy", policy, "--out", tmp_path / "m.csv", "--progress", "plain", env=env)
    assert r.returncode == 0, r.stderr
    assert "mask" in r.stderr.lower() or "脱敏" in r.stderr
    assert zjgov("mask", src, "--policy", policy, "--out", tmp_path / "m.csv", "--progress", "yes").returncode == 2
