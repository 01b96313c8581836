"""Rule files: YAML and JSON, errors that name the file, the line and the field; the schema hook."""

import dataclasses
import datetime as dt
import json

import pytest

from zjgov.errors import ConfigError
from zjgov.quality import RuleSet, rule
from zjgov.quality.dimensions import DIMENSIONS, INDICATORS, indicators_of


def load(tmp_path, text, name="r.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return RuleSet.from_file(path), path


def error_of(tmp_path, text, name="r.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        RuleSet.from_file(path)
    return exc.value, str(path)


def test_yaml_rule_set_with_everything(tmp_path):
    rs, path = load(
        tmp_path,
        """
name: 人口
reference_time: 2026-06-30T00:00:00
weights: {conformity: 0.3, completeness: 0.7}
rules:
  - id: 身份证
    kind: code
    column: 身份证号
    code: citizen_id
    options: {strictness: birth_year}
    threshold: 0.99
    severity: warning
    weight: 2
    dimension: conformity
    indicator: data_standard
    filter: 状态 == '在册'
    description: {zh: 身份证号合规, en: valid citizen ID}
  - kind: not_blank
    columns: [姓名, 身份证号]
""",
    )
    first = rs.rules[0]
    assert (rs.name, rs.reference_time, rs.weights) == (
        "人口",
        dt.datetime(2026, 6, 30),
        {"conformity": 0.3, "completeness": 0.7},
    )
    assert (first.id, first.threshold, first.severity, first.weight) == ("身份证", 0.99, "warning", 2.0)
    assert first.params.options == {"strictness": "birth_year"}
    assert first.filter.columns == {"状态"}
    assert (first.description_zh, first.description_en) == ("身份证号合规", "valid citizen ID")
    assert rs.where("身份证") == (str(path), 6)
    assert rs.where("not_blank:姓名,身份证号") == (str(path), 18)


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("rules:\n  - kind: nope\n    column: a\n", 2, "rules[0].kind"),
        ("rules:\n  - kind: not_null\n    column: a\n  - kind: length\n    column: b\n    min: x\n", 6, "rules[1].min"),
        ("rules:\n  - kind: not_null\n    column: a\n    threshold: 2\n", 4, "rules[0].threshold"),
        ("rules:\n  - kind: not_null\n    column: a\n    severity: fatal\n", 4, "rules[0].severity"),
        ("rules:\n  - kind: not_null\n    column: a\n    dimension: beauty\n", 4, "rules[0].dimension"),
        ("rules:\n  - kind: pattern\n    column: a\n    regex: '(a'\n", 4, "rules[0].regex"),
        ("rules:\n  - kind: not_null\n    column: a\n    filter: 'os.system()'\n", 4, "rules[0].filter"),
        ("rules:\n  - kind: not_null\n    column: a\n    columns: [b]\n", 4, "rules[0].columns"),
        ("rules:\n  - kind: not_null\n    column: a\n  - kind: not_null\n    column: a\n", 4, "rules[1].id"),
        ("rules:\n  - column: a\n", 2, "rules[0].kind"),
        ("name: x\nweights: {beauty: 1}\nrules: []\n", 2, "weights"),
        ("name: x\nunknown: 1\nrules: []\n", 2, "unknown"),
        ("name: x\n", 1, "rules"),
        ("rules:\n  - kind: id_sex\n    column: a\n", 3, "rules[0].columns"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, text, line, field):
    err, path = error_of(tmp_path, text)
    assert (err.file, err.line, err.field) == (path, line, field)
    assert err.message("zh") != err.message("en")
    assert f"{path}:{line}" in str(err)


def test_yaml_syntax_error_has_a_line(tmp_path):
    err, path = error_of(tmp_path, "rules:\n  - kind: not_null\n    column: [a\n")
    assert err.file == path and err.line is not None and err.line >= 3


def test_json_rule_file(tmp_path):
    data = {"name": "j", "rules": [{"kind": "in_set", "column": "s", "values": ["a", "b"]}]}
    rs, _ = load(tmp_path, json.dumps(data, ensure_ascii=False, indent=2), "r.json")
    assert rs.rules[0].params.values == ["a", "b"]
    err, path = error_of(tmp_path, '{"rules": [\n{"kind": "in_set",\n "column": "s", "values": []}]}', "r.json")
    assert (err.file, err.line, err.field) == (path, 3, "rules[0].values")
    err, path = error_of(tmp_path, '{"rules": [}', "r.json")
    assert err.file == path and err.line == 1


def test_unreadable_and_non_utf8_rule_files(tmp_path):
    with pytest.raises(ConfigError) as exc:
        RuleSet.from_file(tmp_path / "missing.yaml")
    assert exc.value.file.endswith("missing.yaml")
    (tmp_path / "gbk.yaml").write_bytes("name: 人口\nrules: []\n".encode("gbk"))
    with pytest.raises(ConfigError):
        RuleSet.from_file(tmp_path / "gbk.yaml")
    err, _ = error_of(tmp_path, "- just\n- a list\n")
    assert err.line == 1


def test_python_rule_sets():
    rs = RuleSet.from_rules("p", [rule("not_null", "a"), rule("unique", "a")])
    assert [r.id for r in rs.rules] == ["not_null:a", "unique:a"]
    with pytest.raises(ConfigError):
        RuleSet.from_rules("p", [rule("not_null", "a"), rule("not_null", "a")])
    with pytest.raises(TypeError):
        RuleSet("p", ["not a rule"])
    assert rs.to_dict()["rules"][0] == {"id": "not_null:a", "kind": "not_null", "columns": ["a"]}


def test_from_schema_hook_derives_rules_from_elements():
    @dataclasses.dataclass
    class Element:
        name: str
        required: bool = False
        code: str | None = None
        code_table: str | None = None
        enum: list | None = None
        minimum: float | None = None
        maximum: float | None = None
        pattern: str | None = None
        max_length: int | None = None

    @dataclasses.dataclass
    class Schema:
        name: str
        elements: list

    schema = Schema(
        "人口",
        [
            Element("身份证号", required=True, code="citizen_id"),
            Element("性别", code_table="sex"),
            Element("状态", enum=["在册", "迁出"]),
            Element("年龄", minimum=0, maximum=150),
            Element("邮编", pattern="[0-9]{6}", max_length=6),
        ],
    )
    rs = RuleSet.from_schema(schema)
    assert rs.name == "人口"
    assert [(r.kind, r.columns[0]) for r in rs.rules] == [
        ("not_blank", "身份证号"),
        ("code", "身份证号"),
        ("in_table", "性别"),
        ("in_set", "状态"),
        ("range", "年龄"),
        ("pattern", "邮编"),
        ("length", "邮编"),
    ]
    with pytest.raises(ConfigError):
        RuleSet.from_schema(object())


def test_dimension_table_matches_gbt_36344():
    assert [d.name_zh for d in DIMENSIONS.values()] == ["规范性", "完整性", "准确性", "一致性", "时效性", "可访问性"]
    assert sum(d.weight for d in DIMENSIONS.values()) == pytest.approx(1.0)
    assert len(INDICATORS) == 20
    assert [INDICATORS[k].name_zh for k in indicators_of("accuracy")] == [
        "数据内容正确性", "数据格式合规性", "数据重复率", "数据唯一性", "脏数据出现率",
    ]  # fmt: skip
    assert {k for k, i in INDICATORS.items() if i.lower_is_better} == {"duplication_rate", "dirty_data_rate"}


def test_from_schema_with_an_exchange_schema():
    import pandas as pd

    from zjgov.exchange.schema import Schema
    from zjgov.quality import check

    schema = Schema.from_dict(
        {
            "name": "people",
            "elements": [
                {"use": "公民身份号码", "column": "身份证号", "required": True},
                {"中文名称": "姓名", "数据格式": "c..50", "必填": "是"},
                {"use": "出生日期"},
            ],
            "primary_key": ["身份证号"],
        }
    )
    rs = RuleSet.from_schema(schema)
    assert [(r.kind, r.columns) for r in rs.rules] == [
        ("not_blank", ("身份证号",)),
        ("code", ("身份证号",)),
        ("length", ("身份证号",)),
        ("not_blank", ("姓名",)),
        ("length", ("姓名",)),
        ("date_format", ("出生日期",)),
        ("unique", ("身份证号",)),
    ]
    frame = pd.DataFrame(
        {
            "身份证号": ["11010519491231002X", "110105194912310021", "11010519491231002X"],
            "姓名": ["张三", None, "王五"],
            "出生日期": ["19491231", "19490230", None],
        }
    )
    res = check(frame, rs)
    # the same findings as the schema's own validator
    assert {r.id: r.failed for r in res.rules if r.failed} == {
        "code:身份证号": 1,
        "not_blank:姓名": 1,
        "date_format:出生日期": 1,
        "primary_key": 2,
    }
    assert len(schema.validate(frame).violations) == 4
