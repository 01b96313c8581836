"""Data elements, value domains, schemas: loading (with line numbers), validate, coerce, export, library."""

import json
import time
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest

from zjgov import io
from zjgov.errors import ConfigError, ValidationError
from zjgov.exchange import DataElement, DataType, Schema, SchemaValidationError, library, load_schema
from zjgov.exchange.domains import (
    CodeDomain,
    EnumDomain,
    NoteDomain,
    PatternDomain,
    RangeDomain,
    TableDomain,
    parse_domain,
)
from zjgov.exchange.elements import ATTRIBUTES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD_ID = "11010519491231002X"  # GB 11643-1999 annex example
BAD_ID = "110105194912310021"  # same body, wrong check character
GOOD_USCC = "91330100716105852F"


# -- data elements --------------------------------------------------------------------------
def test_db33_2426_attributes():
    groups = {}
    for _field, (zh, _en, group) in ATTRIBUTES.items():
        groups.setdefault(group, []).append(zh)
    assert groups["basic"] == ["标识符", "中文名称", "英文名称", "定义", "数据类型", "数据格式", "值域"]
    assert len(groups["extension"]) == 10 and "敏感级别" in groups["extension"]
    assert groups["extension"] == [
        "对象类词",
        "表示词",
        "敏感级别",
        "计量单位",
        "关系",
        "公共数据来源机构",
        "所属应用",
        "备注",
        "版本",
        "发布日期",
    ]


def test_element_from_chinese_and_english_labels():
    zh = DataElement(
        **{
            "标识符": "DE0001",
            "中文名称": "出生日期",
            "英文名称": "Date of birth",
            "定义": "公历出生日期",
            "数据类型": "日期型",
            "数据格式": "YYYYMMDD",
            "敏感级别": "较敏感",
            "计量单位": "日",
            "公共数据来源机构": "省公安厅",
            "发布日期": "2022年1月12日",
            "版本": 1.0,
        }
    )
    en = DataElement(
        **{
            "Identifier": "DE0001",
            "Chinese name": "出生日期",
            "English name": "Date of birth",
            "Definition": "公历出生日期",
            "data type": "date",
            "Data format": "YYYYMMDD",
            "Sensitivity level": "L3",
            "unit": "日",
            "source_agency": "省公安厅",
            "published": "2022-01-12",
            "version": "1.0",
        }
    )
    assert zh == en
    assert zh.data_type is DataType.date and zh.sensitivity == "L3" and zh.published == "2022-01-12"
    assert zh.missing_attributes("basic") == ["domain"]
    assert zh.to_dict(labels="zh")["中文名称"] == "出生日期"
    assert DataElement(**zh.to_dict()) == zh


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"中文名称": "x", "数据类型": "字符串型号"}, "data_type"),
        ({"中文名称": "x", "敏感级别": "L7"}, "sensitivity"),
        ({"中文名称": "x", "数据格式": "n.."}, "format"),
        ({"中文名称": "x", "必填": "也许"}, "required"),
        ({"中文名称": "x", "数据类型": "日期型", "数据格式": "n8"}, "format"),
        ({"中文名称": "x", "数据类型": "整数型", "数据格式": "n..8,2"}, "format"),
        ({"中文名称": "x", "值域": {"kind": "regex", "pattern": "(a)\\1"}}, "domain"),
        ({"数据类型": "字符型"}, "name_zh"),
    ],
)
def test_element_errors_name_the_attribute(data, field):
    with pytest.raises(ConfigError) as info:
        Schema.from_dict({"elements": [data]})
    assert field in (info.value.field or "")


# -- value domains ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("code:citizen_id", CodeDomain, ["citizen_id"]),
        ("代码：uscc", CodeDomain, ["uscc"]),
        ("GB 11643-1999", CodeDomain, ["citizen_id"]),
        ("GB/T 2261.1", CodeDomain, ["sex"]),
        ("见 GB/T 3304-1991 民族代码", CodeDomain, ["ethnicity"]),
        ("code:mobile|landline", CodeDomain, ["mobile", "landline"]),
        ("uscc", CodeDomain, ["uscc"]),
        ("1=男;2=女", TableDomain, {"1": "男", "2": "女"}),
        ("1：男；2：女", TableDomain, {"1": "男", "2": "女"}),
        ("enum:存续|注销", EnumDomain, ["存续", "注销"]),
        ("枚举：是；否", EnumDomain, ["是", "否"]),
        ("range:0..150", RangeDomain, (0.0, 150.0)),
        ("范围：..100", RangeDomain, (None, 100.0)),
        ("regex:[A-Z]{2}", PatternDomain, "[A-Z]{2}"),
    ],
)
def test_domain_text_forms(text, kind, detail):
    d = parse_domain(text)
    assert isinstance(d, kind)
    got = {
        CodeDomain: lambda: d.code,
        TableDomain: lambda: d.values,
        EnumDomain: lambda: d.values,
        RangeDomain: lambda: (d.min, d.max),
        PatternDomain: lambda: d.pattern,
    }[kind]()
    assert got == detail


def test_domain_errors():
    for text in ["code:no_such_code", "range:9..1", "regex:(?=a)", "enum:", "胡乱写的值域"]:
        with pytest.raises(ConfigError):
            parse_domain(text)
    assert isinstance(parse_domain("详见业务说明", strict=False), NoteDomain)


def test_pattern_domain_is_redos_safe():
    schema = Schema.from_dict({"elements": [{"中文名称": "x", "值域": {"kind": "regex", "pattern": "(a+)+$"}}]})
    frame = pd.DataFrame({"x": ["a" * 30_000 + "!"] * 20 + ["aaa"]}, dtype="str")
    start = time.perf_counter()
    report = schema.validate(frame)
    assert time.perf_counter() - start < 5
    assert report.counts == {"pattern": 20}


def test_code_union_takes_the_reason_of_the_closest_code():
    schema = Schema.from_dict({"elements": [{"中文名称": "电话", "值域": "code:mobile|landline"}]})
    frame = pd.DataFrame({"电话": ["13800138000", "0571-87654321", "abc", None]}, dtype="str")
    report = schema.validate(frame)
    assert report.violations["row"].tolist() == [3]
    assert report.valid.tolist() == [True, True, False, True]


def test_code_table_by_name():
    schema = Schema.from_dict({"elements": [{"use": "民族"}, {"中文名称": "民族代码", "值域": "GB/T 3304"}]})
    frame = pd.DataFrame({"民族": ["汉族", "维吾尔族", "火星族"], "民族代码": ["01", "05", "57"]}, dtype="str")
    v = schema.validate(frame).violations
    assert v[["row", "column", "reason"]].values.tolist() == [
        [3, "民族", "component:name"],
        [3, "民族代码", "component:code"],
    ]


# -- validate ------------------------------------------------------------------------------
def _people() -> Schema:
    return Schema.from_dict(
        {
            "name": "people",
            "elements": [
                {"use": "公民身份号码", "column": "身份证号", "required": True},
                {"use": "姓名", "required": True},
                {"use": "性别代码", "column": "性别"},
                {"use": "出生日期"},
                {"中文名称": "年龄", "数据类型": "整数型", "数据格式": "n..3", "值域": "range:0..150"},
                {"中文名称": "状态", "值域": "enum:在册|迁出"},
            ],
            "primary_key": ["身份证号"],
        }
    )


def test_validate_finds_every_violation_and_never_echoes_values():
    frame = pd.DataFrame(
        {
            "身份证号": [GOOD_ID, BAD_ID, GOOD_ID, None, "33010619900101123X"],
            "姓名": ["张三", "", "王五", "赵六", "钱七"],
            "性别": ["2", "3", "1", "1", "１"],
            "出生日期": ["19491231", "19490230", "1949-12-31", None, "19900101"],
            "年龄": ["76", "151", "abc", None, "36"],
            "状态": ["在册", "死亡", None, "迁出", "在册"],
        },
        index=[10, 11, 12, 13, 14],
        dtype="str",
    )
    report = _people().validate(frame)
    got = report.violations[["row", "index", "column", "reason"]].values.tolist()
    assert got == [
        [2, 11, "身份证号", "checksum"],
        [2, 11, "姓名", "missing"],
        [2, 11, "性别", "component:code"],
        [2, 11, "出生日期", "component:date"],
        [2, 11, "年龄", "range"],
        [2, 11, "状态", "domain"],
        [3, 12, "身份证号", "duplicate_key"],
        [3, 12, "出生日期", "format"],
        [3, 12, "年龄", "format"],
        [4, 13, "身份证号", "missing"],
    ]  # row 5's full-width "１" is a sex code the code accepts, so the element accepts it (issue 9.3)
    assert report.valid.tolist() == [True, False, False, False, True]
    assert report.counts["missing"] == 2
    text = report.violations.to_csv()
    for value in frame.stack().tolist():
        if isinstance(value, str) and len(value) > 1:
            assert value not in text
    assert list(report.valid_rows().index) == [10, 14]
    q = report.quarantined_rows("en")
    assert list(q.index) == [11, 12, 13]
    assert q.loc[12, "_reasons"] == "身份证号:duplicate_key; 出生日期:format; 年龄:format"
    assert "the key repeats an earlier row" in q.loc[12, "_messages"]
    summary = report.summary("en")
    assert summary.iloc[0]["count"] >= 1 and "message" in summary
    assert json.dumps(report.to_dict("en"), ensure_ascii=False)


def test_validate_lazy_false_raises():
    frame = pd.DataFrame({"身份证号": [BAD_ID], "姓名": ["张三"]}, dtype="str")
    with pytest.raises(SchemaValidationError) as info:
        _people().validate(frame, lazy=False)
    err = info.value
    assert isinstance(err, ValidationError)
    assert "row 1" in err.message("en") and BAD_ID not in str(err)
    assert len(err.report.violations) == 1
    ok = pd.DataFrame({"身份证号": [GOOD_ID], "姓名": ["张三"]}, dtype="str")
    assert _people().validate(ok, lazy=False).ok


def test_missing_and_unexpected_columns():
    frame = pd.DataFrame({"姓名": ["张三", "李四"], "其他": ["x", "y"]}, dtype="str")
    report = _people().validate(frame)
    assert report.violations[["column", "reason"]].values.tolist() == [["身份证号", "column_missing"]]
    assert report.valid.tolist() == [False, False]
    strict = Schema.from_dict({**_people().to_dict(), "strict": True})
    v = strict.validate(frame).violations
    assert sorted(v["reason"].tolist()) == ["column_missing", "column_unexpected"]
    assert v["row"].isna().all()
    q = report.quarantined_rows()
    assert q["_reasons"].tolist() == ["身份证号:column_missing"] * 2


def test_typed_columns():
    schema = _people()
    frame = pd.DataFrame(
        {
            "身份证号": [3.301e17, GOOD_ID],
            "姓名": ["张三", "李四"],
            "年龄": [36.0, 200.0],
        }
    )
    v = schema.validate(frame).violations
    assert v[["row", "column", "reason"]].values.tolist() == [[1, "身份证号", "type"], [2, "年龄", "range"]]
    ints = pd.DataFrame({"身份证号": [GOOD_ID], "姓名": ["张三"], "年龄": pd.array([40], dtype="Int64")})
    assert schema.validate(ints).ok


def test_foreign_keys_and_references():
    schema = Schema.from_dict(
        {
            "name": "members",
            "elements": [{"use": "公民身份号码"}, {"use": "统一社会信用代码", "column": "单位"}],
            "foreign_keys": [{"columns": ["单位"], "reference": {"resource": "orgs", "columns": ["统一社会信用代码"]}}],
        }
    )
    frame = pd.DataFrame({"公民身份号码": [GOOD_ID, GOOD_ID], "单位": [GOOD_USCC, "91110000600037341L"]}, dtype="str")
    unchecked = schema.validate(frame)
    assert unchecked.ok and "orgs" in unchecked.unchecked[0][1]
    orgs = pd.DataFrame({"统一社会信用代码": [GOOD_USCC]}, dtype="str")
    report = schema.validate(frame, references={"orgs": orgs})
    assert report.violations[["row", "column", "reason"]].values.tolist() == [[2, "单位", "foreign_key"]]
    assert schema.validate(frame, references={"orgs": {GOOD_USCC, "91110000600037341L"}}).ok


def test_composite_primary_key_and_unique():
    schema = Schema.from_dict(
        {
            "elements": [
                {"中文名称": "年度", "数据格式": "n4"},
                {"中文名称": "编号", "数据格式": "n..6"},
                {"中文名称": "序号", "数据格式": "n..6", "唯一": "是"},
            ],
            "primary_key": ["年度", "编号"],
        }
    )
    frame = pd.DataFrame(
        {"年度": ["2024", "2024", "2025", "2024"], "编号": ["1", "2", "1", "1"], "序号": ["1", "2", "3", "3"]},
        dtype="str",
    )
    v = schema.validate(frame).violations
    assert v[["row", "column", "reason"]].values.tolist() == [
        [4, "年度", "duplicate_key"],
        [4, "序号", "duplicate_key"],
    ]


def test_duplicate_keys_across_batches_and_in_large_frames():
    schema = library.schema("公民身份号码", name="p", primary_key=["公民身份号码"])
    ids = pd.Series([f"33010619900101{i:03d}" for i in range(1000)])
    from zjgov.codes import citizen_id

    ids = (ids + ids.map(citizen_id.check_char)).tolist()
    big = pd.DataFrame({"公民身份号码": (ids * 20)[:20_000]}, dtype="str")  # hashed fast path
    report = schema.validate(big)
    assert report.counts == {"duplicate_key": 19_000}
    assert report.valid.to_numpy()[:1000].all() and not report.valid.to_numpy()[1000:].any()
    seen: dict = {}
    a = schema.validate(pd.DataFrame({"公民身份号码": ids[:10]}, dtype="str"), seen_keys=seen)
    b = schema.validate(pd.DataFrame({"公民身份号码": ids[5:15]}, dtype="str", index=range(10, 20)), seen_keys=seen)
    assert a.ok and b.violations["row"].tolist() == [1, 2, 3, 4, 5]


def test_validate_needs_a_frame():
    with pytest.raises(ConfigError):
        _people().validate([1, 2, 3])


# -- coerce --------------------------------------------------------------------------------
def test_coerce_types_and_reports_failures():
    schema = Schema.from_dict(
        {
            "elements": [
                {"use": "公民身份号码"},
                {"use": "出生日期"},
                {"中文名称": "年龄", "数据类型": "整数型"},
                {"中文名称": "收入", "数据类型": "数值型", "数据格式": "n..10,2"},
                {"中文名称": "在职", "数据类型": "布尔型"},
                {"中文名称": "登记时间", "数据类型": "日期时间型", "数据格式": "YYYY-MM-DD hh:mm:ss"},
                {"中文名称": "时刻", "数据类型": "时间型", "数据格式": "hh:mm"},
            ]
        }
    )
    frame = pd.DataFrame(
        {
            "公民身份号码": [GOOD_ID, "x", None],
            "出生日期": ["19491231", "19490230", None],
            "年龄": ["76", "7.5", "abc"],
            "收入": ["1234.50", "", "x"],
            "在职": ["是", "false", "maybe"],
            "登记时间": ["2024-01-02 10:30:00", "2024-01-02", None],
            "时刻": ["08:30", "25:00", None],
            "额外": ["a", "b", "c"],
        },
        dtype="str",
    )
    result = schema.coerce(frame)
    out = result.frame
    assert len(out) == 3 and list(out.columns) == list(frame.columns)
    assert str(out["出生日期"].dtype) == "datetime64[s]" and out["出生日期"][0] == pd.Timestamp("1949-12-31")
    assert str(out["年龄"].dtype) == "Int64" and out["年龄"].tolist()[0] == 76 and out["年龄"].isna()[1:].all()
    assert str(out["收入"].dtype) == "Float64" and out["收入"][0] == 1234.5
    assert out["在职"].tolist()[:2] == [True, False] and pd.isna(out["在职"][2])
    assert out["登记时间"][0] == pd.Timestamp("2024-01-02 10:30:00")
    assert out["时刻"].tolist()[0] == "08:30:00"
    assert out["公民身份号码"].tolist()[:2] == [GOOD_ID, "x"]
    assert out["额外"].tolist() == ["a", "b", "c"]
    fails = result.failures[["row", "column", "reason"]].values.tolist()
    assert fails == [
        [2, "出生日期", "component:date"],
        [2, "年龄", "format"],
        [3, "年龄", "format"],
        [3, "收入", "format"],
        [3, "在职", "format"],
        [2, "登记时间", "format"],
        [2, "时刻", "component:time"],
    ]
    assert not result.ok


# -- loading -------------------------------------------------------------------------------
YAML = """\
name: demo
elements:
  - use: 公民身份号码
    required: true
  - 中文名称: 姓名
    数据格式: c..50
  - 中文名称: 年龄
    数据类型: 整数型
    数据格式: {fmt}
primary_key: [公民身份号码]
"""


def test_yaml_round_trip(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(YAML.format(fmt="n..3"), encoding="utf-8")
    schema = load_schema(path)
    assert schema.columns == ["公民身份号码", "姓名", "年龄"] and schema.primary_key == ["公民身份号码"]
    assert schema.element("Citizen ID number").domain.code == ["citizen_id"]
    again = tmp_path / "again.yaml"
    again.write_text(schema.to_yaml(), encoding="utf-8")
    assert load_schema(again) == schema
    js = tmp_path / "s.json"
    js.write_text(json.dumps(schema.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    assert load_schema(js) == schema
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(YAML.format(fmt="n..3").encode("gbk"))
    assert load_schema(gbk) == schema


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (YAML.format(fmt="n..x"), 9, "elements[2].format"),
        (
            YAML.replace("  - 中文名称: 姓名\n", "  - 中文名称: 姓名\n    颜色: 红\n").format(fmt="n3"),
            6,
            "elements[1].颜色",
        ),
        (YAML.replace("use: 公民身份号码", "use: 护照号码").format(fmt="n3"), 3, "elements[0].use"),
        (YAML.replace("[公民身份号码]", "[身份证]").format(fmt="n3"), 10, "primary_key"),
        ("name: x\nelements:\n  - 中文名称: a\n    数据类型: [1, 2\n", 4, None),
        ("name: x\n", 1, "elements"),
        ("- a\n- b\n", 1, None),
    ],
)
def test_malformed_schema_names_file_line_and_field(tmp_path, text, line, field):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_schema(path)
    err = info.value
    assert err.file == str(path)
    assert err.line == line, str(err)
    if field:
        assert err.field == field, str(err)
    assert err.message("zh") and err.message("en")


def test_element_sheet_csv_and_excel(tmp_path):
    sheet = pd.DataFrame(
        {
            "标识符": ["DE01", "DE02", "DE03"],
            "中文名称": ["公民身份号码", "姓名", "性别"],
            "英文名称": ["Citizen ID", "Name", "Sex"],
            "数据类型": ["字符型", "字符型", "字符型"],
            "数据格式": ["an18", "c..50", "n1"],
            "值域": ["GB 11643", "", "1=男;2=女"],
            "敏感级别": ["L4", "L3", "L2"],
            "必填": ["是", "是", "否"],
            "主键": ["是", "", ""],
        }
    )
    csv_path = tmp_path / "elements.csv"
    sheet.to_csv(csv_path, index=False, encoding="gbk")
    schema = load_schema(csv_path)
    assert schema.name == "elements" and schema.primary_key == ["公民身份号码"]
    assert schema.element("性别").domain.values == {"1": "男", "2": "女"}
    xlsx = tmp_path / "elements.xlsx"
    sheet.to_excel(xlsx, index=False)
    assert load_schema(xlsx).elements == schema.elements
    sheet.loc[1, "数据格式"] = "c..5x"
    sheet.to_csv(csv_path, index=False)
    with pytest.raises(ConfigError) as info:
        load_schema(csv_path)
    assert (info.value.line, info.value.field) == (3, "数据格式")
    sheet.rename(columns={"敏感级别": "颜色"}).to_csv(csv_path, index=False)
    with pytest.raises(ConfigError) as info:
        load_schema(csv_path)
    assert (info.value.line, info.value.field) == (1, "颜色")


def test_unknown_schema_file(tmp_path):
    with pytest.raises(ConfigError):
        load_schema(tmp_path / "none.yaml")
    (tmp_path / "s.toml").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_schema(tmp_path / "s.toml")


# -- export --------------------------------------------------------------------------------
def test_json_schema_export_validates_records():
    schema = _people()
    js = schema.to_json_schema()
    jsonschema.Draft202012Validator.check_schema(js)
    validator = jsonschema.Draft202012Validator(js)
    good = {"身份证号": GOOD_ID, "姓名": "张三", "性别": "1", "出生日期": "19491231", "年龄": 76, "状态": "在册"}
    assert not list(validator.iter_errors(good))
    for column, bad in [("身份证号", "12345"), ("状态", "死亡"), ("出生日期", "1949-12-31"), ("姓名", None)]:
        assert list(validator.iter_errors({**good, column: bad})), column
    assert js["properties"]["身份证号"]["x-zjgov-code"] == ["citizen_id"]
    assert js["properties"]["身份证号"]["x-zjgov-sensitivity"] == "L4"
    assert js["required"] == ["身份证号", "姓名"]


def test_table_schema_export():
    ts = load_schema(EXAMPLES / "legal_person_schema.yaml").to_table_schema()
    fields = {f["name"]: f for f in ts["fields"]}
    assert ts["primaryKey"] == ["统一社会信用代码"] and ts["missingValues"] == [""]
    assert fields["成立日期"]["type"] == "date" and fields["成立日期"]["format"] == "%Y%m%d"
    assert fields["登记状态"]["constraints"]["enum"][0] == "存续"
    assert fields["注册资本"]["constraints"]["minimum"] == 0
    assert fields["统一社会信用代码"]["constraints"]["required"] is True
    assert fields["统一社会信用代码"]["zjgov"]["code"] == ["uscc"]
    assert json.dumps(ts, ensure_ascii=False)


# -- the library -----------------------------------------------------------------------------
def test_library_elements_are_bound_to_codes():
    names = library.names()
    for name in ["姓名", "公民身份号码", "性别代码", "民族代码", "出生日期", "联系电话", "住址", "统一社会信用代码"]:
        assert name in names
    for name in ["机构名称", "法定代表人", "注册地址", "成立日期"]:
        assert name in names
    bindings = {el.name_zh: el.domain.code for el in library.elements() if isinstance(el.domain, CodeDomain)}
    assert bindings["公民身份号码"] == ["citizen_id"] and bindings["统一社会信用代码"] == ["uscc"]
    assert bindings["性别代码"] == ["sex"] and bindings["民族代码"] == ["ethnicity"]
    assert bindings["联系电话"] == ["mobile", "landline"]
    for el in library.elements():
        assert el.identifier and el.name_en and el.definition and el.sensitivity, el.name_zh
        assert el.missing_attributes("basic") in ([], ["domain"])
    assert library.get("ZJGOV.P.CITIZEN_ID") == library.get("citizen id number") == library.get("公民身份号码")
    with pytest.raises(ConfigError):
        library.get("火星编号")


# -- the examples ------------------------------------------------------------------------------
EXPECTED_POPULATION = [
    (4, "公民身份号码", "checksum"),
    (8, "出生日期", "component:date"),
    (12, "性别", "component:code"),
    (16, "姓名", "missing"),
    (20, "公民身份号码", "duplicate_key"),
    (24, "户籍地", "component:region"),
    (28, "联系电话", "component:area_code"),
    (32, "民族", "component:code"),
    (36, "婚姻状况", "domain"),
    (40, "更新时间", "component:date"),
    (48, "出生日期", "format"),
]
EXPECTED_LEGAL = [
    (3, "统一社会信用代码", "checksum"),
    (7, "统一社会信用代码", "format"),
    (10, "成立日期", "component:date"),
    (14, "登记状态", "domain"),
    (18, "注册资本", "range"),
    (22, "法定代表人", "missing"),
    (26, "统一社会信用代码", "duplicate_key"),
    (30, "注册资本", "format"),
    (34, "法定代表人证件号码", "component:birth_date"),
]


@pytest.mark.parametrize(
    ("data", "schema", "expected"),
    [
        ("population.csv", "population_schema.yaml", EXPECTED_POPULATION),
        ("population_gbk.csv", "population_schema.yaml", EXPECTED_POPULATION),
        ("legal_person.csv", "legal_person_schema.yaml", EXPECTED_LEGAL),
    ],
)
def test_examples_have_exactly_their_documented_defects(data, schema, expected):
    frame = io.read_table(EXAMPLES / data)
    report = load_schema(EXAMPLES / schema).validate(frame)
    got = [tuple(r) for r in report.violations[["row", "column", "reason"]].values.tolist()]
    assert got == expected
    assert report.n_valid == len(frame) - len(expected)
    typed = load_schema(EXAMPLES / schema).coerce(frame)
    assert len(typed.frame) == len(frame)


def test_examples_gbk_is_really_gbk():
    assert io.detect_encoding(EXAMPLES / "population_gbk.csv") == "gb18030"
    assert io.detect_encoding(EXAMPLES / "population.csv") == "utf-8"
    pd.testing.assert_frame_equal(
        io.read_table(EXAMPLES / "population.csv"), io.read_table(EXAMPLES / "population_gbk.csv")
    )


def test_junk_cells_never_crash_and_keep_every_row():
    junk = [None, 0, 1, 3.3e17, float("nan"), True, b"x", object(), [], {}, pd.NA, pd.NaT, "", " ", "\x00", "€"]
    junk += ["a" * 10_000, "1" * 100_000, GOOD_ID, GOOD_ID]
    schema = Schema.from_dict(
        {
            "elements": [
                {"use": "公民身份号码", "required": True},
                {"use": "出生日期"},
                {"中文名称": "数", "数据类型": "数值型", "值域": "range:0..10"},
                {"中文名称": "布", "数据类型": "布尔型"},
            ],
            "primary_key": ["公民身份号码"],
        }
    )
    column = np.empty(len(junk), dtype=object)
    column[:] = junk
    frame = pd.DataFrame({c: column for c in schema.columns}, index=[7] * len(junk))
    report = schema.validate(frame)
    assert len(report.valid) == len(junk) and list(report.valid.index) == [7] * len(junk)
    ids = report.violations[report.violations["column"] == "公民身份号码"]
    assert ids["row"].tolist() == [r for r in range(1, len(junk) + 1) if r != len(junk) - 1]
    assert ids["reason"].iloc[-1] == "duplicate_key"
    assert set(ids["reason"]) == {"missing", "type", "length", "duplicate_key"}
    coerced = schema.coerce(frame)
    assert len(coerced.frame) == len(junk)
