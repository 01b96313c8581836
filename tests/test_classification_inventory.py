"""The inventory: outputs, overrides, diff, exchange schemas, sampling from files."""

import json

import numpy as np
import pandas as pd
import pytest

from zjgov.classification import classify, classify_file, diff, load_overrides, read_inventory, sample_file
from zjgov.classification.inventory import FORMAT
from zjgov.errors import ConfigError

FRAME = pd.DataFrame(
    {
        "XM": ["张伟", "王芳", "李娜", "赵敏"],
        "GMSFHM": ["11010519491231002X", "440524188001010014", "33010619900101123X", "11010519491231002X"],
        "LXDH": ["13800138000", "13912345678", "18657112345", "13800138000"],
        "C1": ["zhang@163.com", "wang@qq.com", "li@126.com", "zhao@zj.gov.cn"],
        "备注": ["", "", "", ""],
    }
)


@pytest.fixture(scope="module")
def inv():
    return classify(FRAME, source="frame.csv")


def test_frame_has_every_field(inv):
    f = inv.to_frame("en")
    assert list(f.column) == list(FRAME.columns)
    assert {
        "category_path",
        "personal",
        "sensitive",
        "protection",
        "level",
        "open",
        "share",
        "confidence",
        "evidence",
        "treatment",
    } <= set(f.columns)
    row = f.set_index("column").loc["GMSFHM"]
    assert row.category == "person.citizen_id" and row.sensitive and row.level == "L4"
    assert row.treatment == "mask:citizen_id" and row.protection == "个人隐私"
    assert row.open.startswith("not open")
    assert f.set_index("column").loc["C1"].category == "person.email"
    assert f.set_index("column").loc["备注"].review  # no values: review


def test_no_values_leak_into_outputs(inv, tmp_path):
    texts = [
        inv.to_json(),
        inv.to_csv(),
        inv.to_markdown(),
        inv.to_html(),
        inv.to_markdown("en"),
        inv.to_html(lang="en"),
    ]
    for text in texts:
        for value in ("11010519491231002X", "13800138000", "张伟", "zhang@163.com"):
            assert value not in text


def test_json_round_trip_and_diff(inv, tmp_path):
    path = tmp_path / "inv.json"
    inv.to_json(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT and doc["dataset"]["level"] == "L4"
    assert doc["columns"][0]["evidence"][0]["en"]
    again = read_inventory(path)
    assert list(again.column) == list(FRAME.columns)
    assert diff(path, inv).empty


def test_csv_round_trip_and_diff(inv, tmp_path):
    path = tmp_path / "inv.csv"
    inv.to_csv(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    assert diff(path, inv).empty


def test_diff_reports_added_removed_and_changed():
    big = pd.concat([FRAME] * 3, ignore_index=True)
    before = classify(big)
    later = classify(big.drop(columns=["C1"]).assign(新列=["a", "b", "c", "d"] * 3, LXDH=["无"] * 12))
    d = diff(before, later, "en")
    changes = {(r.column, r.change, r.field) for r in d.itertuples()}
    assert ("C1", "removed", "") in changes
    assert ("新列", "added", "") in changes
    assert ("LXDH", "changed", "review") in changes


def test_bad_previous_inventory(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError):
        read_inventory(p)
    with pytest.raises(ConfigError):
        read_inventory(tmp_path / "absent.csv")


def test_html_is_bilingual_and_self_contained(inv):
    page = inv.to_html(lang="zh")
    assert "数据分类分级清单 / Data classification and grading inventory" in page
    assert "<script" not in page and "Content-Security-Policy" in page
    assert "mask:citizen_id" in page


def test_markdown_has_the_table_and_sign_off(inv):
    md = inv.to_markdown("en")
    assert "| column |" in md and "Reviewed by" in md and "GMSFHM" in md


def test_markdown_names_the_dataset_level_once(inv):
    zh = inv.to_markdown()
    assert "数据集级别: L4 敏感数据 (禁止开放" in zh and "L4 L4" not in zh
    assert "dataset level: L4 sensitive (" in inv.to_markdown("en")


OVERRIDES = """
columns:
  C1:
    category: person.network
    reason: accounts, not e-mail
  LXDH:
    level: L4
    treatment: hmac
    reason: 含未成年人监护人电话
  GONE:
    level: L2
    reason: dropped column
"""


def test_overrides_are_applied(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text(OVERRIDES, encoding="utf-8")
    inv = classify(FRAME, overrides=f)
    assert inv["C1"].category == "person.network" and inv["C1"].overridden and not inv["C1"].review
    assert inv["LXDH"].level == "L4" and inv["LXDH"].treatment == "hmac"
    assert any(r.key == "classification.gr.override" for r in inv["LXDH"].reasons)
    assert any(r.key == "classification.ov.missing_column" for r in inv.reasons)


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("columns:\n  C1:\n    category: person.nope\n    reason: x\n", 3, "columns.C1.category"),
        ("columns:\n  C1:\n    category: person\n    reason: x\n", 3, "columns.C1.category"),
        ("columns:\n  C1:\n    category: person.name\n", 2, "columns.C1.reason"),
        ("columns:\n  C1:\n    reason: nothing decided\n", 2, "columns.C1"),
        ("columns:\n  C1:\n    level: L9\n    reason: x\n", 3, "level"),
        ("columns:\n  C1:\n    colour: red\n    reason: x\n", 3, "columns.C1.colour"),
        ("something: else\n", 1, "columns"),
    ],
)
def test_bad_overrides_name_file_line_and_field(tmp_path, text, line, field):
    f = tmp_path / "o.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        classify(FRAME, overrides=f)
    assert (info.value.file, info.value.line, info.value.field) == (str(f), line, field)


def test_override_level_for_another_scheme_is_ignored(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text("columns:\n  LXDH:\n    level: L1\n    scheme: db33-2350\n    reason: x\n", encoding="utf-8")
    assert load_overrides(f)["LXDH"].level_for("gbt-43697") is None
    assert classify(FRAME, overrides=f, scheme="gbt-43697")["LXDH"].level == "general-3"


def test_exchange_schema_gets_the_levels(inv):
    from zjgov.exchange.schema import Schema

    schema = Schema.from_dict(
        {
            "name": "t",
            "elements": [
                {"中文名称": "姓名", "column": "XM", "数据类型": "字符型"},
                {"中文名称": "无关", "数据类型": "字符型"},
            ],
        }
    )
    out = inv.apply_to_schema(schema)
    assert [e.sensitivity for e in out.elements] == ["L3", None]
    assert inv.to_schema_levels()["GMSFHM"] == "L4"
    other = classify(FRAME, scheme="gbt-43697")
    with pytest.raises(ConfigError):
        other.apply_to_schema(schema)
    as_dict = inv.apply_to_schema({"elements": [{"name": "GMSFHM"}]})
    assert as_dict["elements"][0]["敏感级别"] == "L4"


def test_sampling_keeps_every_column_and_is_reproducible():
    big = pd.concat([FRAME] * 500, ignore_index=True)
    a = classify(big, sample=100, seed=3)
    b = classify(big, sample=100, seed=3)
    assert a.sampled == 100 and a.rows == 2000
    assert a.categories == b.categories == classify(big, sample=None).categories


def test_sample_file_is_uniform_and_counts_rows(tmp_path):
    n = 5000
    frame = pd.DataFrame({"i": np.arange(n).astype(str), "XM": ["张伟"] * n})
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    part, total = sample_file(path, 500, seed=1)
    assert total == n and len(part) == 500 and part.i.is_unique
    values = part.i.astype(int)
    assert 1500 < values.mean() < 3500  # spread over the whole file, not the first batch
    inv = classify_file(path, sample=500)
    assert inv.rows == n and inv.sampled == 500 and inv.source == str(path)


def test_bad_arguments():
    with pytest.raises(ConfigError):
        classify(FRAME, sample=0)
    with pytest.raises(ConfigError):
        classify(FRAME, basis="gbt0")
    with pytest.raises(ConfigError):
        classify([1, 2, 3])
    with pytest.raises(ConfigError):
        classify(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_empty_frame():
    inv = classify(pd.DataFrame({"XM": pd.Series([], dtype="str")}))
    assert inv["XM"].category == "person.name" and inv.rows == 0
