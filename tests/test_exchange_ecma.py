"""JSON Schema patterns are genuinely ECMA-262 (issue 16, item 6): compiled and run by node,
for every library element, every code's fact sheet, the bundled examples and user regex
domains; Table Schema keeps regex value domains."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _ecma import node_regex
from zjgov import codes
from zjgov.exchange import Schema, library, load_schema
from zjgov.exchange.export import json_schema, table_schema
from zjgov.exchange.notation import ecma_pattern
from zjgov.testing.strategies import valid_values

ROOT = Path(__file__).resolve().parents[1]


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "pattern" and isinstance(v, str)]
        return found + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


def _assert_ecma(patterns: list[str]) -> None:
    for p in patterns:
        assert "(?P<" not in p, p
        outside = re.sub(r"\[(?:\\.|[^\]\\])*\]", "", p.replace("\\\\", ""))  # character classes removed
        assert "\\-" not in outside, p
    results = node_regex([(p, []) for p in patterns])
    bad = [(p, r["error"]) for p, r in zip(patterns, results) if not r["ok"]]
    assert not bad, bad


def test_every_library_element_exports_ecma_patterns():
    schema = library.schema(*library.names(), name="all")
    patterns = _patterns(json_schema(schema)) + [
        "^(?:" + f["constraints"]["pattern"] + ")$"
        for f in table_schema(schema)["fields"]
        if "pattern" in f.get("constraints", {})
    ]
    assert len(patterns) > 10
    _assert_ecma(patterns)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*_schema.yaml")), ids=lambda p: p.name)
def test_bundled_examples_export_ecma_patterns_that_accept_their_data(path):
    schema = load_schema(path)
    js = json_schema(schema)
    _assert_ecma(_patterns(js))
    import pandas as pd

    data = path.with_name(path.name.replace("_schema.yaml", ".csv"))
    if not data.exists():
        return
    frame = pd.read_csv(data, dtype=str, keep_default_na=False).head(200)
    report = schema.validate(frame.replace({"": None}))
    good = frame[report.valid.to_numpy()]
    cases = []
    for column, prop in js["properties"].items():
        if column in good and "pattern" in prop:
            values = [v for v in good[column].tolist() if v]
            cases.append((prop["pattern"], values))
    for (pattern, values), result in zip(cases, node_regex(cases)):
        assert result["ok"] and all(result["matches"]), (
            pattern,
            [v for v, m in zip(values, result["matches"]) if not m][:3],
        )


def test_every_code_spec_pattern_runs_in_javascript():
    specs = [codes.spec(n) for n in codes.names()]
    cases = [(s.pattern, [s.example] if s.example else []) for s in specs]
    cases += [(s.input_pattern, []) for s in specs]
    for (pattern, _values), result in zip(cases, node_regex(cases)):
        assert result["ok"], (pattern, result.get("error"))
        assert all(result["matches"]), pattern


@pytest.mark.parametrize("name", codes.names())
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_spec_pattern_admits_every_valid_value(name, data):
    """Python's re and node agree that every canonical valid value fits the code's pattern."""
    spec = codes.spec(name)
    module = codes.get(name)
    values = data.draw(st.lists(valid_values(name), min_size=10, max_size=10))
    canonical = [module.validate(v) for v in values]
    assert all(re.fullmatch(spec.pattern, v) for v in canonical), [
        v for v in canonical if not re.fullmatch(spec.pattern, v)
    ]
    typed = [v for v in values if isinstance(v, str)]
    (js,) = node_regex([(spec.pattern, canonical)])
    assert all(js["matches"])
    if typed:
        (raw,) = node_regex([(spec.input_pattern, typed)])
        assert all(raw["matches"]), [v for v, m in zip(typed, raw["matches"]) if not m]


def test_spec_fields_agree_with_the_code():
    for name in codes.names():
        module, spec = codes.get(name), codes.spec(name)
        assert spec.name == name and spec.title == module.TITLE
        engine = getattr(module, "_CODE", None)
        if engine is not None:
            assert spec.lengths == engine.lengths and spec.separators == engine.separators


def test_five_spellings_fit_the_input_pattern():
    spellings = [
        "11010519491231002X",
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105 19491231 002X",
        "110105–19491231–002x",
    ]
    (result,) = node_regex([(codes.spec("citizen_id").input_pattern, spellings)])
    assert all(result["matches"])


def test_user_regex_domains_become_ecma_and_stay_in_table_schema():
    schema = Schema.from_dict(
        {"elements": [{"中文名称": "编号", "column": "no", "值域": r"regex:(?P<p>[A-Z]{2})\-\d{4}"}]}
    )
    js = json_schema(schema)["properties"]["no"]["allOf"][0]["pattern"]
    assert "(?P<" not in js and "\\-" not in js
    ts = table_schema(schema)["fields"][0]["constraints"]["pattern"]
    assert ts == r"(?<p>[A-Z]{2})-\d{4}"
    (result,) = node_regex([(js, ["AB-1234", "AB1234", "ab-1234"])])
    assert result["matches"] == [True, False, False]


def test_ecma_pattern_keeps_escapes_that_matter():
    assert ecma_pattern(r"[\-a]\.\\") == r"[\-a]\.\\"
    assert ecma_pattern(r"a\:b\_c") == "a:b_c"
    json.dumps(ecma_pattern(r"\p{Han}"))
