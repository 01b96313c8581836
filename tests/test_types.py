"""zjgov.types: pydantic types built from the code registry."""

import dataclasses
import json
import re
from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from zjgov import codes, types
from zjgov.codes import citizen_id
from zjgov.errors import ConfigError
from zjgov.testing import strategies as zst
from zjgov.types import Code, Model, annotated, safe_errors

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


def test_every_registered_code_has_a_type():
    assert sorted(types.TYPES.values()) == sorted(codes.names())
    assert types.type_names() == [t for t, c in types.TYPES.items() if c in codes.names()]
    for name in types.type_names():
        assert name in dir(types)
        assert getattr(types, name) is getattr(types, name)  # built once


def test_unknown_type_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        types.NoSuchType  # noqa: B018
    with pytest.raises(ImportError):
        from zjgov.types import NoSuchType  # noqa: F401


def test_missing_code_module_is_skipped_cleanly(monkeypatch):
    monkeypatch.setitem(types.TYPES, "FutureCode", "future_code")
    assert "FutureCode" not in types.type_names()
    with pytest.raises(AttributeError, match="FutureCode"):
        types.FutureCode  # noqa: B018


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
def test_error_payload_has_reason_both_languages_and_no_value(value, kind, reason, position):
    class Person(Model):
        id_number: types.CitizenId

    with pytest.raises(PydanticValidationError) as info:
        Person(id_number=value)
    (err,) = info.value.errors()
    assert err["type"] == kind
    assert err["ctx"]["reason"] == reason and err["ctx"]["code"] == "citizen_id"
    assert err["ctx"]["position"] == position
    zh, en = err["ctx"]["message_zh"], err["ctx"]["message_en"]
    assert "公民身份号码" in zh and "citizen ID" in en
    assert err["msg"] == f"{zh} ({en})"
    text = str(value) if value is not None else "\x00"
    assert text not in err["msg"] and all(text not in str(v) for v in err["ctx"].values())
    assert text not in str(info.value)  # hide_input_in_errors on Model
    (safe,) = safe_errors(info.value)
    assert "input" not in safe and "url" not in safe and safe["type"] == kind
    assert text not in json.dumps(safe, ensure_ascii=False, default=str)


def test_plain_model_leaks_input_unless_configured():
    """Documents why Model / hide_input_in_errors / safe_errors exist."""

    class Plain(BaseModel):
        id_number: types.CitizenId

    with pytest.raises(PydanticValidationError) as info:
        Plain(id_number="110105194912310021")
    assert "110105194912310021" in str(info.value)
    assert "110105194912310021" not in json.dumps(safe_errors(info.value))


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


def test_json_schema_has_pattern_and_description():
    class Org(Model):
        uscc: types.Uscc
        org_code: types.OrgCode | None = None

    schema = Org.model_json_schema()
    prop = schema["properties"]["uscc"]
    assert prop["type"] == "string" and prop["x-zjgov-code"] == "uscc"
    assert prop["pattern"] == types.PATTERNS["uscc"]
    assert "统一社会信用代码" in prop["description"] and "unified social credit code" in prop["description"]
    assert Org.model_json_schema(mode="serialization")["properties"]["uscc"]["pattern"] == types.PATTERNS["uscc"]
    json.dumps(schema)


@pytest.mark.parametrize("type_name", types.type_names())
def test_every_type_builds_a_json_schema(type_name):
    schema = TypeAdapter(getattr(types, type_name)).json_schema()
    assert schema["type"] == "string" and schema["x-zjgov-code"] == types.TYPES[type_name]
    assert schema["pattern"] == types.PATTERNS[types.TYPES[type_name]]


@pytest.mark.parametrize("type_name", WITH_STRATEGIES)
def test_type_accepts_exactly_what_is_valid_accepts(type_name):
    code = types.TYPES[type_name]
    module = codes.get(code)
    adapter = TypeAdapter(getattr(types, type_name))
    pattern = re.compile(types.PATTERNS[code])

    @given(_inputs(code))
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
        assert pattern.fullmatch(out), out  # the schema pattern admits every canonical value

    run()
