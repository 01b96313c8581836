"""Catalogue records (GB/T 21063.3 core metadata, 2017 compilation guide) and their files."""

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError as PydanticError

from zjgov.errors import ConfigError
from zjgov.exchange import catalog
from zjgov.exchange.catalog import CatalogRecord, validate_catalog
from zjgov.testing import strategies as zst

SCHEMA = {
    "name": "人口基础信息",
    "elements": [
        {"name": "姓名", "name_en": "name", "data_type": "字符型"},
        {"name": "公民身份号码", "name_en": "citizen_id", "data_type": "字符型"},
        {"name": "出生日期", "name_en": "birth_date", "data_type": "日期型"},
    ],
}


def record(**changes) -> dict:
    base = {
        "信息资源分类": "基础信息资源目录/人口",
        "信息资源名称": "人口基础信息",
        "信息资源代码": "101001/000001",
        "信息资源提供方": "某市公安局",
        "信息资源提供方代码": "11330000002500017C",
        "信息资源摘要": "常住人口的基本信息",
        "信息资源格式": "数据库",
        "信息项信息": "姓名:字符型;公民身份号码:字符型;出生日期:日期型",
        "共享类型": "有条件共享",
        "共享条件": "仅用于政务服务事项办理",
        "共享方式": "接口",
        "开放属性": "禁止开放",
        "更新周期": "每日",
        "发布日期": "2024-01-02",
    }
    base.update(changes)
    return base


def found(*records, **kw) -> list[tuple[str, str]]:
    report = validate_catalog(list(records), **kw)
    return list(zip(report.problems["field"], report.problems["reason"]))


def test_a_good_record_passes_with_and_without_schema():
    assert found(record()) == []
    assert found(record(), schema=SCHEMA) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"信息资源名称": ""}, [("name", "missing")]),
        ({"信息资源代码": "401001/000001"}, [("code", "code_format")]),
        ({"信息资源代码": "101001000001"}, [("code", "code_format")]),
        ({"信息资源提供方代码": "11330000002500017D"}, [("provider_code", "checksum")]),
        ({"信息资源提供方代码": "330000"}, [("provider_code", "length")]),
        ({"共享类型": "部分共享"}, [("share_type", "share_type")]),
        ({"共享类型": "受限共享"}, []),
        ({"共享类型": "有条件共享类"}, []),
        ({"共享条件": None}, [("share_condition", "share_condition_missing")]),
        ({"共享类型": "不予共享", "共享条件": ""}, [("share_basis", "share_basis_missing")]),
        ({"共享类型": "不予共享", "不予共享依据": "《中华人民共和国个人信息保护法》"}, []),
        ({"共享类型": "无条件共享", "共享条件": ""}, []),
        ({"开放属性": "公开"}, [("open_type", "open_type")]),
        ({"开放属性": "受限开放类"}, []),
        ({"开放属性": "有条件开放"}, []),
        ({"更新周期": "每两天"}, [("update_cycle", "update_cycle")]),
        ({"更新周期": "每季度"}, []),
        ({"更新周期": "季度"}, []),
        ({"发布日期": "2024-02-30"}, [("publish_date", "date_format")]),
        ({"发布日期": "2024年1月2日"}, []),
        ({"发布日期": "20240102"}, []),
        ({"发布日期": None}, [("publish_date", "missing")]),
        ({"关联资源代码": "101001/000002；201002/9"}, []),
        ({"关联资源代码": "101001/000002;x"}, [("related_codes", "related_code_format")]),
        ({"信息项信息": ":字符型"}, [("items", "items_format")]),
    ],
)
def test_rules(changes, expected):
    assert found(record(**changes)) == expected


def test_related_code_message_names_the_position():
    report = validate_catalog([record(关联资源代码="101001/000002;x")])
    assert "code number 2" in report.problems["message_en"].iloc[0]


def test_duplicate_codes_are_reported_on_every_row():
    report = validate_catalog([record(), record(信息资源名称="另一资源"), record(信息资源代码="101001/000002")])
    dup = report.problems[report.problems["reason"] == "duplicate_code"]
    assert dup["row"].tolist() == [1, 2]


def test_items_against_the_schema():
    assert found(record(信息项信息="姓名:字符型;民族:字符型"), schema=SCHEMA) == [
        ("items", "item_not_in_schema"),
        ("items", "item_unlisted"),
        ("items", "item_unlisted"),
    ]
    report = validate_catalog([record(信息项信息="姓名:数值型;公民身份号码:C;出生日期:D")], schema=SCHEMA)
    assert report.problems[["reason", "severity"]].values.tolist() == [["item_type", "error"]]
    assert "'姓名'" in report.problems["message_en"].iloc[0]
    # English element names, JSON lists and duplicates
    assert found(record(信息项信息='["name", ["citizen_id", "C"], {"信息项名称": "出生日期"}]'), schema=SCHEMA) == []
    assert found(record(信息项信息="姓名;姓名;公民身份号码;出生日期"), schema=SCHEMA) == [("items", "item_duplicate")]


def test_schema_per_resource_code():
    other = {"elements": [{"name": "统一社会信用代码", "data_type": "字符型"}]}
    schemas = {"101001/000001": SCHEMA, "102001/000001": other}
    legal = record(信息资源代码="102001/000001", 信息项信息="统一社会信用代码:字符型")
    assert found(record(), legal, schema=schemas) == []
    report = validate_catalog([record(), legal], schema={"102001/000001": SCHEMA})
    assert set(report.problems["row"]) == {2}


def test_english_headers_and_header_variants():
    rec = {catalog.TITLES_BY_ZH.get(k, k): v for k, v in record().items()}
    assert found(rec) == []
    assert found({" 信息资源名称* ": "x", **{k: v for k, v in record().items() if k != "信息资源名称"}}) == []


def test_csv_file_in_gbk_with_line_numbers(tmp_path):
    rows = [record(), record(信息资源代码="101001/000002", 信息资源摘要="多行\n摘要"), record(信息资源代码="bad")]
    path = tmp_path / "目录.csv"
    pd.DataFrame(rows).to_csv(path, index=False, encoding="gbk")
    report = validate_catalog(path)
    assert report.problems[["row", "line", "field"]].values.tolist() == [[3, 5, "code"]]
    assert (
        report.messages("en")[0]
        == f"{path}:5: [code] resource code: must be classification code/sequence code (such as 101001/000001)"
    )


def test_excel_file(tmp_path):
    path = tmp_path / "catalog.xlsx"
    pd.DataFrame([record(), record(信息资源代码="101001/000002", 更新周期="每两天")]).to_excel(path, index=False)
    report = validate_catalog(path)
    assert report.problems[["line", "field"]].values.tolist() == [[3, "update_cycle"]]


def test_yaml_and_json_files_keep_leading_zeros_and_lines(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "records:\n"
        "  - 信息资源名称: 人口基础信息\n"
        "    信息资源代码: 101001/000001\n"
        "    信息资源提供方: 某市公安局\n"
        "    信息资源提供方代码: 11330000002500017C\n"
        "    信息资源摘要: 常住人口\n"
        "    共享类型: 无条件共享\n"
        "    开放属性: 禁止开放\n"
        "    更新周期: 每月\n"
        "    发布日期: 2024-01-02\n"
        "    信息项信息:\n"
        "      - {信息项名称: 姓名, 数据类型: 字符型}\n"
        "  - 信息资源名称: 第二条\n"
        "    信息资源代码: 101001/000002\n",
        encoding="utf-8",
    )
    report = validate_catalog(path, schema={"elements": [{"name": "姓名", "data_type": "字符型"}]})
    assert set(report.problems["line"]) == {13}
    assert "summary" in set(report.problems["field"])
    jpath = tmp_path / "catalog.json"
    jpath.write_text(json.dumps([record()], ensure_ascii=False, indent=1), encoding="utf-8")
    assert validate_catalog(jpath).ok


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.yaml", "- a: [\n"), ("bad.json", '{"x": 1}'), ("bad.yaml", "- just text\n"), ("bad.doc", "x")],
)
def test_malformed_files_name_the_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        validate_catalog(path)
    assert str(path) in str(info.value)


def test_two_columns_for_one_field_is_a_config_error():
    with pytest.raises(ConfigError):
        validate_catalog([{"信息资源名称": "a", "资源名称": "b"}])


def test_messages_are_bilingual_and_never_echo_values():
    report = validate_catalog([record(信息资源提供方代码="91330100716105852X")])
    assert report.problems["message_zh"].iloc[0].startswith("信息资源提供方代码")
    assert report.problems["message_en"].iloc[0].startswith("provider code")
    assert all("91330100716105852X" not in m for m in report.messages("zh") + report.messages("en"))


def test_vectorised_over_many_records():
    frame = pd.DataFrame([record()] * 3000)
    frame["信息资源代码"] = [f"101001/{i:06d}" for i in range(3000)]
    frame.loc[2999, "更新周期"] = "每十年"
    report = validate_catalog(frame)
    assert report.problems[["row", "field"]].values.tolist() == [[3000, "update_cycle"]]


def test_model_round_trip_and_rejection():
    rec = CatalogRecord.model_validate(record(关联资源代码="101001/000002"))
    assert rec.items[2].name == "出生日期" and rec.items[2].data_type == "日期型"
    assert rec.related_codes == ["101001/000002"] and rec.canonical_share_type == "有条件共享"
    again = CatalogRecord.model_validate(rec.to_dict())
    assert again == rec
    with pytest.raises(PydanticError) as info:
        CatalogRecord.model_validate(record(共享类型="不予共享", 共享条件=None))
    assert "basis" in str(info.value) and "依据" in str(info.value)


def test_type_families():
    assert catalog.type_family("日期时间型") == "datetime"
    assert catalog.type_family("整型") == "number"
    assert catalog.type_family("布尔") == "boolean"
    assert catalog.type_family("") is None and catalog.type_family("?") is None


def test_items_against_a_real_schema_and_the_cli(tmp_path):
    from zjgov.cli.main import main
    from zjgov.exchange.schema import Schema

    schema = Schema.from_dict(
        {
            "name": "人口基础信息",
            "elements": [
                {"中文名称": "姓名", "英文名称": "name"},
                {"中文名称": "公民身份号码", "英文名称": "citizen_id", "值域": "code:citizen_id"},
                {"中文名称": "出生日期", "数据类型": "date", "数据格式": "YYYYMMDD"},
            ],
        }
    )
    assert found(record(), schema=schema) == []
    assert found(record(信息项信息="姓名:字符型;公民身份号码:字符型;出生日期:数值型"), schema=schema) == [
        ("items", "item_type")
    ]
    schema_file = tmp_path / "population.yaml"
    schema_file.write_text(schema.to_yaml(), encoding="utf-8")
    data = tmp_path / "catalog.csv"
    pd.DataFrame([record(信息项信息="姓名;民族")]).to_csv(data, index=False)
    assert main(["catalog", "validate", str(data)]) == 0
    assert main(["catalog", "validate", str(data), "--schema", str(schema_file), "--json"]) == 1


@settings(max_examples=20, deadline=None)
@given(code=zst.usccs(), miss=zst.uscc_near_misses(), seq=st.integers(1, 999_999_999))
def test_provider_codes_follow_the_uscc_kernel(code, miss, seq):
    assert found(record(信息资源提供方代码=code, 信息资源代码=f"201003/{seq}")) == []
    assert found(record(信息资源提供方代码=miss.value)) == [("provider_code", miss.reason)]


def test_the_example_catalogue_has_its_documented_defects():
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples"
    report = validate_catalog(examples / "catalog.csv")
    assert report.invalid_rows.tolist() == [1, 4, 5, 6]
    assert report.counts == {
        "duplicate_code": 2,
        "checksum": 1,
        "share_basis_missing": 1,
        "date_format": 1,
        "related_code_format": 1,
        "update_cycle": 1,
        "open_type": 1,
        "share_condition_missing": 1,
    }
    from zjgov.exchange._records import load_records
    from zjgov.exchange.licence import validate_licences

    frame, lines = load_records(examples / "licences.csv")
    lic = validate_licences(frame, lines=lines)
    assert lic.invalid_rows.tolist() == [5] and lic.counts["checksum"] == 2
