"""Configuration loading: lines, limits (bombs, recursion, depth, huge integers), duplicate keys,
every error of a file at once, did-you-mean, YAML-typed dates validated like quoted ones."""

from __future__ import annotations

import time
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict

from zjgov.core import config
from zjgov.core.errors import ConfigError
from zjgov.exchange import load_schema

BOMB = "\n".join(
    [
        'a: &a ["l","l","l","l","l","l","l","l","l"]',
        *(f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")),
    ]
)


def test_billion_laughs_fails_fast():
    assert len(BOMB.encode()) < 330
    start = time.perf_counter()
    with pytest.raises(ConfigError) as info:
        config.loads(BOMB, file="bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert "billion laughs" in info.value.message("en") and info.value.file == "bomb.yaml"


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "&x {k: *x}\n"])
def test_recursive_alias_is_an_error(text):
    with pytest.raises(ConfigError, match="recursive alias"):
        config.loads(text)


def test_small_aliases_still_work():
    doc = config.loads("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd: [*b, *b]\n")
    assert doc.data["c"] == {"y": 2, "x": 1} and doc.data["d"] == [{"x": 1}, {"x": 1}]


def test_duplicate_keys_name_both_lines_and_are_all_reported():
    with pytest.raises(ConfigError) as info:
        config.loads("rules: []\nthreshold: 0.9\nrules: [1]\nthreshold: 0.1\n", file="r.yaml")
    errors = info.value.errors
    assert [(e.line, e.field) for e in errors] == [(3, "rules"), (4, "threshold")]
    assert "line 1 and again on line 3" in errors[0].message("en")
    assert "第 2 行已定义，第 4 行再次出现" in errors[1].message("zh")


def test_depth_and_integer_limits():
    with pytest.raises(ConfigError, match="levels deep"):
        config.loads("[" * 5000 + "]" * 5000)
    with pytest.raises(ConfigError, match="levels deep"):
        config.loads("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)) + "  " * 80 + "x: 1\n")
    with pytest.raises(ConfigError) as info:
        config.loads("threshold: " + "9" * 5000 + "\n", file="r.yaml")
    assert info.value.line == 1 and info.value.field == "threshold"


def test_unquoted_dates_are_the_text_written():
    doc = config.loads("a: 2026-13-01\nb: 2024-01-02\nc: '2024-01-02'\n")
    assert doc.data == {"a": "2026-13-01", "b": "2024-01-02", "c": "2024-01-02"}


def test_json_with_tabs_keeps_lines():
    doc = config.loads('{\n\t"a": 1,\n\t"b": [1,\n\t\t2]\n}')
    assert doc.lines[("b", 1)] == 4


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    kind: Literal["not_null", "unique", "in_set"]
    threshold: float = 1.0


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[_Rule]


def test_every_error_of_a_file_in_one_run_with_did_you_mean():
    text = "rules:\n  - id: a\n    kind: not_nul\n  - id: b\n    kind: unique\n    threshhold: 0.5\n  - kind: in_set\n"
    doc = config.loads(text, file="r.yaml")
    with pytest.raises(ConfigError) as info:
        config.validate(_File, doc)
    found = [(e.line, e.field) for e in info.value.errors]
    assert found == [(3, "rules[0].kind"), (6, "rules[1].threshhold"), (7, "rules[2].id")]
    lines = info.value.message("en").splitlines()
    assert "did you mean 'not_null'" in lines[0] and "did you mean 'threshold'" in lines[1]
    assert "是否想写“threshold”" in info.value.message("zh")
    assert "None" not in str(info.value)


def test_schema_file_reports_every_error_and_dates_typed_by_yaml(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: demo\nprimay_key: [a]\nelements:\n  - 中文名称: 姓名\n    column: a\n    published: 2026-13-01\n"
        "  - 中文名称: 年龄\n    column: b\n    published: '2026-13-01'\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_schema(path)
    errors = info.value.errors
    assert {(e.line, e.field) for e in errors} == {
        (2, "primay_key"),
        (6, "elements[0].published"),
        (9, "elements[1].published"),
    }
    by_line = {e.line: e for e in errors}
    assert by_line[6].message_en == by_line[9].message_en  # unquoted and quoted: the same error
    assert "did you mean 'primary_key'" in by_line[2].message_en


def test_missing_file_and_bad_encoding(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        config.load_file(tmp_path / "none.yaml")
    bad = tmp_path / "b.yaml"
    bad.write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(ConfigError) as info:
        config.load_file(bad)
    assert info.value.file == str(bad)
