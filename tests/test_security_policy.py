"""Policies (every error at once, with lines), apply() and the audit record, streaming files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from zjgov import io
from zjgov.classification import classify
from zjgov.errors import ConfigError
from zjgov.security import (
    AuditRecord,
    KeyRing,
    PolicyError,
    apply,
    load_policy,
    load_policy_text,
    mask_file,
    read_record,
    unmask,
    unmask_file,
)
from zjgov.security.presets import load_inventory, policy_from_inventory, write_policy

RING = KeyRing({"k": bytes(range(32))})
FRAME = pd.DataFrame(
    {
        "姓名": ["张三", "欧阳修", None],
        "公民身份号码": ["33010619900101123X", "11010519491231002X", "330106199001011234"],
        "手机": ["13800138000", "15096234524", "17702345678"],
        "风险": ["0", "1", "0"],
    },
    index=[5, 6, 7],
)


def test_every_error_of_a_policy_file_at_once_with_lines_and_fields():
    text = """name: bad
columns:
  姓名: {operator: mask:name, keep_frist: 1}
  手机: mask:nope
  公民身份号码: {operator: generalise:age, width: 0}
unlisted: sometimes
"""
    with pytest.raises(PolicyError) as err:
        load_policy_text(text, "policy.yaml")
    problems = err.value.problems
    assert [(p[0], p[1]) for p in problems] == [(6, "unlisted")]  # the model's errors come first
    text_ok_top = text.replace("unlisted: sometimes\n", "")
    with pytest.raises(PolicyError) as err:
        load_policy_text(text_ok_top, "policy.yaml")
    lines = sorted(p[0] for p in err.value.problems)
    fields = " ".join(p[1] for p in err.value.problems)
    assert lines == [3, 4, 5]
    assert "columns.姓名.keep_frist" in fields and "columns.公民身份号码.width" in fields
    message = str(err.value)
    assert "policy.yaml:3" in message and "policy.yaml:4" in message and "3 errors" in message


def test_yaml_syntax_error_names_the_line(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("columns:\n  a: [mask\n", encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(p)
    assert err.value.line is not None and str(p) in str(err.value)


def test_json_policies_and_short_forms():
    policy = load_policy_text(
        json.dumps({"columns": {"姓名": "mask:name", "手机": {"operator": "mask:mobile", "profile": "strict"}}})
    )
    masked, _ = apply(FRAME, policy)
    assert masked["手机"].tolist() == ["*******8000", "*******4524", "*******5678"]


def test_apply_never_modifies_the_callers_frame_and_keeps_every_row():
    before = FRAME.copy()
    policy = load_policy_text("key: k\ncolumns: {姓名: token:sm4-siv, 公民身份号码: hmac, 手机: surrogate:mobile}")
    masked, record = apply(FRAME, policy, RING)
    pd.testing.assert_frame_equal(FRAME, before)
    assert masked.index.tolist() == [5, 6, 7] and list(masked.columns) == list(FRAME.columns)
    assert record.rows == 3 and [c.column for c in record.columns] == ["姓名", "公民身份号码", "手机"]
    assert record.column("姓名").nulls == 1 and record.column("姓名").changed == 2
    back, _ = unmask(masked, policy, RING)
    assert back["姓名"].tolist()[:2] == ["张三", "欧阳修"] and back["手机"].tolist() == FRAME["手机"].tolist()
    assert back["公民身份号码"].tolist() == masked["公民身份号码"].tolist()  # hmac is not reversible


def test_missing_and_optional_columns_and_unlisted():
    with pytest.raises(ConfigError) as err:
        apply(FRAME, load_policy_text("columns: {地址: mask:address}"))
    assert "地址" in str(err.value) and "optional" in err.value.message_en
    masked, record = apply(FRAME, load_policy_text("columns: {地址: {operator: mask:address, optional: true}}"))
    assert record.column("地址").present is False and masked.equals(FRAME)
    with pytest.raises(ConfigError):
        apply(FRAME, load_policy_text("columns: {姓名: mask:name}\nunlisted: error"))


def test_record_suppression_keeps_every_row_and_marks_it():
    policy = load_policy_text("columns: {姓名: mask:name}\nrecords:\n  where: {column: 风险, in: ['1']}\n")
    masked, record = apply(FRAME, policy)
    assert len(masked) == 3 and masked["_suppressed"].tolist() == [False, True, False]
    assert masked.loc[6].drop("_suppressed").isna().all() and masked.loc[5, "姓名"] == "张*"
    assert record.records["suppressed"] == 1 and record.records["marker_column"] == "_suppressed"


def test_categories_and_levels_from_an_inventory_and_untreated_personal_warnings():
    inventory = classify(FRAME.drop(columns=["风险"]))
    policy = load_policy_text("categories: {person.name: mask:name}\nlevels: {L4: redact}\n")
    with pytest.raises(ConfigError):
        apply(FRAME, policy)  # needs the inventory
    masked, record = apply(FRAME, policy, inventory=inventory)
    assert masked["姓名"][5] == "张*" and set(masked["公民身份号码"][5]) == {"*"}
    only_name = load_policy_text("columns: {姓名: mask:name}")
    _, record = apply(FRAME, only_name, inventory=inventory)
    assert {w["column"] for w in record.warnings} == {"公民身份号码", "手机"}
    assert all(w["code"] == "untreated_personal" and w["zh"] and w["en"] for w in record.warnings)
    deliberate = load_policy_text("columns: {姓名: mask:name, 公民身份号码: keep, 手机: keep}")
    assert apply(FRAME, deliberate, inventory=inventory)[1].warnings == []


def test_generated_policy_round_trips_through_yaml_and_json(tmp_path):
    inventory = classify(FRAME)
    policy = policy_from_inventory(inventory, key="k")
    assert load_policy_text(policy.to_yaml()) == policy
    written = write_policy(inventory, str(tmp_path / "p.json"), key="k")
    assert load_policy(tmp_path / "p.json") == written


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".tsv"])
def test_mask_file_streams_every_row_in_batches(tmp_path, suffix):
    n = 2_345
    frame = pd.DataFrame(
        {"手机": [f"138{i:08d}" for i in range(n)], "姓名": ["张三丰"] * n, "id": [f"{i:06d}" for i in range(n)]}
    )
    src = tmp_path / "in.csv"
    io.write_table(frame, src)
    out = tmp_path / f"out{suffix}"
    policy = load_policy_text("key: k\ncolumns: {手机: surrogate:mobile, 姓名: mask:name, id: fpe:ff1}")
    record = mask_file(src, out, policy, RING, batch_rows=500)
    got = io.read_table(out)
    assert len(got) == n and record.rows == n and record.output["rows"] == n
    assert got["id"].str.len().eq(6).all() and (got["id"] != frame["id"]).mean() > 0.99
    assert record.column("手机").rows == n and record.column("手机").changed == n
    assert not list(tmp_path.glob("*.part*"))
    back = tmp_path / f"back{suffix}"
    unmask_file(out, back, policy, RING, batch_rows=700)
    assert io.read_table(back)["id"].tolist() == frame["id"].tolist()


def test_mask_file_refuses_its_input_and_leaves_nothing_on_failure(tmp_path):
    src = tmp_path / "in.csv"
    io.write_table(pd.DataFrame({"d": ["19900101", "不是日期"]}), src)
    policy = load_policy_text("columns: {d: generalise:date}")
    with pytest.raises(ConfigError):
        mask_file(src, src, policy)
    with pytest.raises(Exception, match="row 2"):
        mask_file(src, tmp_path / "out.csv", policy)
    assert not (tmp_path / "out.csv").exists() and not list(tmp_path.glob("*.part*"))


def test_audit_record_json_format(tmp_path):
    src = tmp_path / "in.csv"
    io.write_table(FRAME, src)
    record = mask_file(src, tmp_path / "out.parquet", load_policy_text("key: k\ncolumns: {姓名: hmac}"), RING)
    record.to_json(tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["format"] == "zjgov.mask-audit/1"
    assert list(data) == [
        "format",
        "created",
        "zjgov",
        "policy",
        "source",
        "output",
        "rows",
        "columns",
        "records",
        "untreated",
        "kept",
        "warnings",
    ]
    col = data["columns"][0]
    assert col["key_id"] == "k" and "key" not in col["params"] and col["operator"] == "hmac"
    assert set(col) >= {"column", "operator", "params", "key_id", "rows", "nulls", "changed", "reversible", "family"}
    again = read_record(tmp_path / "a.json")
    assert isinstance(again, AuditRecord) and again.column("姓名").changed == 2 and again.key_ids == {"姓名": "k"}
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    for value in ("张三", "欧阳修", "13800138000", "33010619900101123X"):
        assert value not in text  # never data values


def test_saved_inventory_drives_a_policy(tmp_path):
    inventory = classify(FRAME)
    inventory.to_json(tmp_path / "inv.json")
    saved = load_inventory(str(tmp_path / "inv.json"))
    assert {e.column for e in saved.entries} == set(FRAME.columns)
    assert policy_from_inventory(saved).columns.keys() == policy_from_inventory(inventory).columns.keys()
