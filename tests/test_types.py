"""zjgov.types: pydantic types built from the code registry."""

import dataclasses
import json
import os
import re
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path
from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

import zjgov
from zjgov import codes, types
from zjgov.codes import citizen_id
from zjgov.errors import ConfigError
from zjgov.testing import strategies as zst
from zjgov.types import FACTS, HIDDEN_INPUT, Code, Model, annotated, safe_errors

WITH_STRATEGIES = [t for t in types.type_names() if types.TYPES[t] in zst._VALID]
JUNK = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.binary(max_size=5),
    st.text(max_size=25),
    st.text(alphabet="0123456789Xx -", max_size=20),
)


def _inputs(code):
    return st.one_of(zst.valid_values(code), zst.near_misses(code).map(lambda nm: nm.value), JUNK)


def test_every_registered_code_has_a_type_declared_from_the_table():
    assert sorted(FACTS) == sorted(codes.names())
    assert types.type_names() == [f.type_name for f in FACTS.values()]
    for code, facts in FACTS.items():
        declared = getattr(types, facts.type_name)
        assert declared.__origin__ is str and declared.__metadata__ == (Code(code),)
        assert facts.type_name in types.__all__
        assert getattr(zst, facts.strategy) is zst._VALID[code]  # the table names the valid-value strategy
        example = codes.spec(code).example  # strategies warm up with it
        assert codes.get(code).validate(example) == example


def test_the_table_knows_every_separator_of_the_engine():
    for code, facts in FACTS.items():
        engine = getattr(codes.get(code), "_CODE", None) or codes.get(code)._TABLE.code
        assert set(engine.separators) <= set(facts.separators), code


def test_unknown_type_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        types.NoSuchType  # noqa: B018
    with pytest.raises(ImportError):
        from zjgov.types import NoSuchType  # noqa: F401


def test_package_is_typed():
    assert (resources.files("zjgov") / "py.typed").is_file()


def test_mypy_sees_str(tmp_path):
    """A type checker sees ``str`` (not ``Any``) for every zjgov type, on a plain pydantic model."""
    pytest.importorskip("mypy")
    snippet = tmp_path / "snippet.py"
    names = ", ".join(types.type_names())
    snippet.write_text(
        textwrap.dedent(
            f"""
            from pydantic import BaseModel
            from zjgov.types import {names}

            class Person(BaseModel):
                id_number: CitizenId
                employer: Uscc | None = None

            person = Person(id_number="11010519491231002X")
            reveal_type(person.id_number)
            reveal_type(person.employer)
            wrong: CitizenId = 1
            """
        )
        + "".join(f'x_{n}: {n} = ""\n' for n in types.type_names())  # every type takes a str
    )
    src = str(Path(zjgov.__file__).resolve().parent.parent)
    env = {**os.environ, "MYPYPATH": src}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--follow-imports=silent",
            "--no-error-summary",
            "--hide-error-context",
            str(snippet),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    ).stdout
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if ": " in line]
    assert lines == [
        'note: Revealed type is "str"',
        'note: Revealed type is "str | None"',
        'error: Incompatible types in assignment (expression has type "int", variable has type "str")  [assignment]',
    ], out


def test_model_normalises_to_the_compact_form():
    class Person(Model):
        id_number: types.CitizenId
        employer: types.Uscc | None = None
        region: types.DivisionCode

    p = Person(id_number="１１０１０５ 19491231 002x", employer="91330100716105852f", region=330106)
    assert p.id_number == "11010519491231002X"
    assert p.employer == "91330100716105852F"
    assert p.region == "330106"
    assert p.model_dump() == {"id_number": "11010519491231002X", "employer": "91330100716105852F", "region": "330106"}
    assert Person.model_validate_json(p.model_dump_json()) == p


@pytest.mark.parametrize("base", [Model, BaseModel], ids=["zjgov.Model", "plain BaseModel"])
@pytest.mark.parametrize(
    ("value", "kind", "reason", "position"),
    [
        ("110105194912310021", "zjgov_checksum", "checksum", 18),
        ("1101051949123100", "zjgov_length", "length", None),
        (
            "11010519491331002" + citizen_id.check_char("11010519491331002"),
            "zjgov_component_birth_date",
            "component:birth_date",
            7,
        ),
        (None, "zjgov_missing", "missing", None),
        (3.301e17, "zjgov_type", "type", None),
    ],
)
def test_error_payload_has_reason_both_languages_and_no_value(base, value, kind, reason, position):
    class Person(base):
        id_number: types.CitizenId

    with pytest.raises(PydanticValidationError) as info:
        Person(id_number=value)
    (err,) = info.value.errors()
    assert err["type"] == kind and err["loc"] == ("id_number",)
    assert err["input"] == HIDDEN_INPUT
    assert err["ctx"]["reason"] == reason and err["ctx"]["code"] == "citizen_id"
    assert err["ctx"]["position"] == position
    zh, en = err["ctx"]["message_zh"], err["ctx"]["message_en"]
    assert "公民身份号码" in zh and "citizen ID" in en
    assert err["msg"] == f"{zh} ({en})"
    text = str(value) if value is not None else "\x00"
    for shown in (str(info.value), repr(info.value), info.value.json(), repr(info.value.errors())):
        assert text not in shown
    (safe,) = safe_errors(info.value)
    assert set(safe) == {"type", "loc", "msg", "ctx"} and safe["type"] == kind
    assert text not in json.dumps(safe, ensure_ascii=False, default=str)


def _no_value_anywhere(exc, value):
    assert all(e["input"] == HIDDEN_INPUT for e in exc.errors() if e["type"].startswith("zjgov_"))
    if len(value) >= 5:  # shorter values can occur inside a message by chance ("1" in "digit 17")
        for shown in (str(exc), exc.json(), repr(exc.errors())):
            assert value not in shown, value


@pytest.mark.parametrize("type_name", WITH_STRATEGIES)
def test_plain_model_errors_never_carry_the_value(type_name):
    """Any near miss, in a plain BaseModel, a list and an optional field: the value is nowhere
    in errors(), json() or str() (input, ctx and url included)."""
    typ = getattr(types, type_name)

    class Plain(BaseModel):
        one: typ
        many: list[typ] = []
        maybe: typ | None = None

    @given(zst.near_misses(types.TYPES[type_name]))
    def run(near):
        for payload in ({"one": near.value}, {"one": near.value, "many": [near.value], "maybe": near.value}):
            with pytest.raises(PydanticValidationError) as info:
                Plain.model_validate(payload)
            assert {e["ctx"]["reason"] for e in info.value.errors()} == {near.reason}
            _no_value_anywhere(info.value, near.value)
        with pytest.raises(PydanticValidationError) as info:
            Plain.model_validate_json(json.dumps({"one": near.value}))
        _no_value_anywhere(info.value, near.value)

    run()


def test_pydantic_own_errors_are_cleaned_by_safe_errors_and_model():
    """A missing field's input is the whole dict: safe_errors drops it, Model hides it in the text."""
    payload = {"id_number": "11010519491231002X"}

    class Plain(BaseModel):
        id_number: types.CitizenId
        name: str

    class Safe(Model):
        id_number: types.CitizenId
        name: str

    with pytest.raises(PydanticValidationError) as plain:
        Plain.model_validate(payload)
    assert "11010519491231002X" in str(plain.value)  # pydantic's own behaviour, documented
    assert safe_errors(plain.value) == [{"type": "missing", "loc": ("name",), "msg": "Field required"}]
    with pytest.raises(PydanticValidationError) as safe:
        Safe.model_validate(payload)
    assert "11010519491231002X" not in str(safe.value)


def test_safe_errors_keeps_limits_and_drops_objects():
    errors = [
        {"type": "string_too_long", "loc": ("name",), "msg": "m", "input": "x" * 60, "ctx": {"max_length": 50}},
        {
            "type": "value_error",
            "loc": ("a",),
            "msg": "Value error, no",
            "input": 1,
            "ctx": {"error": ValueError("no")},
        },
        {"type": "missing", "loc": ("b",), "msg": "Field required", "input": {"secret": 1}, "url": "https://x"},
    ]
    assert safe_errors(errors) == [
        {"type": "string_too_long", "loc": ("name",), "msg": "m", "ctx": {"max_length": 50}},
        {"type": "value_error", "loc": ("a",), "msg": "Value error, no"},
        {"type": "missing", "loc": ("b",), "msg": "Field required"},
    ]


def test_configured_validator_uses_the_options():
    # 330109 (萧山区) is in GB/T 2260 only since 2001: valid by history, not in the birth year 1990
    body = "33010919900101123"
    value = body + citizen_id.check_char(body)
    loose = TypeAdapter(types.CitizenId)
    strict = TypeAdapter(Annotated[str, Code("citizen_id", strictness="birth_year")])
    assert loose.validate_python(value) == value
    with pytest.raises(PydanticValidationError) as info:
        strict.validate_python(value)
    assert info.value.errors()[0]["ctx"]["reason"] == "component:region"
    assert TypeAdapter(annotated("uscc", lenient=True)).validate_python("91350211M0000XUF46") == "91350211M0000XUF46"


def test_bad_options_fail_when_the_model_is_defined():
    with pytest.raises(ConfigError) as info:

        class Person(BaseModel):
            id_number: Annotated[str, Code("citizen_id", strictness="sometimes")]

    assert "strictness" in info.value.message("en") and "strictness" in info.value.message("zh")
    with pytest.raises(ConfigError, match="nope"):
        Code("uscc", nope=True)
    with pytest.raises(ConfigError):
        Code("no_such_code")
    with pytest.raises(ConfigError):
        annotated("division", as_of="1990")


def test_code_metadata_is_frozen_and_hashable():
    a, b = Code("citizen_id", strictness="checksum"), Code("citizen_id", strictness="checksum")
    assert a == b and hash(a) == hash(b) and a != Code("citizen_id")
    assert repr(a) == "Code('citizen_id', strictness='checksum')"
    assert dataclasses.is_dataclass(a) and [f.name for f in dataclasses.fields(a)][:2] == ["name", "options"]
    assert hash(Code("plate", kind=["ordinary", "new_energy_small"])) == hash(
        Code("plate", kind=["ordinary", "new_energy_small"])
    )
    with pytest.raises(AttributeError):
        a.name = "uscc"


def test_json_schema_has_patterns_and_description():
    class Org(BaseModel):
        uscc: types.Uscc
        org_code: types.OrgCode | None = None

    schema = Org.model_json_schema()
    prop = schema["properties"]["uscc"]
    assert prop["type"] == "string" and prop["x-zjgov-code"] == "uscc"
    assert prop["pattern"] == types.input_pattern("uscc")
    assert "统一社会信用代码" in prop["description"] and "unified social credit code" in prop["description"]
    assert Org.model_json_schema(mode="serialization")["properties"]["uscc"]["pattern"] == FACTS["uscc"].output
    json.dumps(schema)


@pytest.mark.parametrize("type_name", types.type_names())
def test_every_type_builds_both_json_schemas(type_name):
    code = types.TYPES[type_name]
    adapter = TypeAdapter(getattr(types, type_name))
    accepts, returns = adapter.json_schema(), adapter.json_schema(mode="serialization")
    assert accepts["type"] == returns["type"] == "string"
    assert accepts["x-zjgov-code"] == returns["x-zjgov-code"] == code
    assert accepts["pattern"] == types.input_pattern(code) and returns["pattern"] == FACTS[code].output


def test_input_patterns_are_plain_ecma_regexes():
    """Escapes only as \\uXXXX, no Python-only syntax: the same text works in JavaScript validators."""
    for code in FACTS:
        pattern = types.input_pattern(code)
        assert re.fullmatch(r"[\x20-\x7e]+", pattern), code
        assert not re.search(r"\\[sSwWdDbBAZ]|\(\?[P<=!]", pattern), code


def _variants(ch):
    return sorted(types._variants(ch)) or [ch]


@st.composite
def spellings(draw, code):
    """A valid value re-spelled: any character in any accepted form (full-width, lower case), the
    code's separators (in any form) anywhere between them."""
    facts = FACTS[code]
    value = draw(zst.valid_values(code))
    seps = [v for s in facts.separators for v in _variants(s)] if facts.separators else []
    out = []
    for ch in value:
        if seps and draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(seps)))
        out.append(draw(st.sampled_from(_variants(ch))))
    return "".join(out)


#: strategies of the decorated spellings people write
DECORATED = {
    "mobile": zst.mobiles(decorated=True),
    "landline": zst.landlines(decorated=True),
    "bank_card": zst.bank_cards(grouped=True),
    "org_code": zst.org_codes(hyphen=True),
}


@pytest.mark.parametrize("type_name", WITH_STRATEGIES)
def test_input_pattern_admits_every_accepted_value_and_output_pattern_every_result(type_name):
    code = types.TYPES[type_name]
    module = codes.get(code)
    adapter = TypeAdapter(getattr(types, type_name))
    accepts = re.compile(types.input_pattern(code))
    returns = re.compile(adapter.json_schema(mode="serialization")["pattern"])
    inputs = [zst.valid_values(code), spellings(code), zst.near_misses(code).map(lambda nm: nm.value), JUNK]
    if code in DECORATED:
        inputs.append(DECORATED[code])

    @given(st.one_of(inputs))
    def run(value):
        accepted = module.is_valid(value)
        try:
            out = adapter.validate_python(value)
        except PydanticValidationError as exc:
            assert not accepted, repr(value)
            (err,) = exc.errors()
            assert err["type"].startswith("zjgov_") and err["ctx"]["code"] == code
            return
        assert accepted, repr(value)
        assert out == module.validate(value)
        if isinstance(value, str):
            assert accepts.fullmatch(value), value  # the request schema admits what the server accepts
        dumped = adapter.dump_python(out, mode="json")
        assert returns.fullmatch(dumped), dumped  # the response schema admits what the server returns

    run()


@pytest.mark.parametrize("type_name", WITH_STRATEGIES)
def test_from_type_and_builds_draw_valid_values(type_name):
    typ = getattr(types, type_name)
    code = types.TYPES[type_name]

    class Record(BaseModel):
        value: typ
        optional: typ | None = None
        several: list[typ] = []

    @given(st.from_type(typ), st.builds(Record))
    def run(value, record):
        assert codes.get(code).is_valid(value)
        assert Record.model_validate(record.model_dump()) == record

    run()


def test_from_type_honours_options():
    strict = Annotated[str, Code("citizen_id", strictness="birth_year")]

    @given(st.from_type(strict))
    def run(value):
        assert citizen_id.is_valid(value, strictness="birth_year")

    run()
