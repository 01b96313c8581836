"""examples/fastapi_app.py: a plain-pydantic FastAPI app whose 422 answers hold no submitted value."""

import json
import re
import runpy
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient

from zjgov import types

APP = runpy.run_path(str(Path(__file__).resolve().parent.parent / "examples" / "fastapi_app.py"))["app"]
CLIENT = TestClient(APP)
GOOD = {"name": "张三", "id_number": "３３０１０６ 1990 0101 123x", "residence_division": "330106"}
BAD_ID = "330106199001011231"  # wrong check character
BAD_GUARDIAN = "11010519491231002Y"
SECRET_NAME = "李四秘密"


def _values(payload):
    """Every submitted string worth searching for (long enough not to occur by chance)."""
    if isinstance(payload, dict):
        return [v for x in payload.values() for v in _values(x)]
    if isinstance(payload, list):
        return [v for x in payload for v in _values(x)]
    return [str(payload)] if len(str(payload)) >= 4 else []


def _assert_no_value(response, payload):
    assert response.status_code == 422
    body = response.text
    for value in _values(payload):
        assert value not in body, value
    for err in response.json()["detail"]:
        assert set(err) <= {"type", "loc", "msg", "ctx"}, err
    return response.json()["detail"]


def test_good_request_is_normalised():
    r = CLIENT.post("/persons", json={**GOOD, "mobile": "+86 138-0013-8000", "guardians": ["11010519491231002x"]})
    assert r.status_code == 200
    assert r.json()["id_number"] == "33010619900101123X" and r.json()["mobile"] == "13800138000"
    assert r.json()["guardians"] == ["11010519491231002X"]


def test_bad_body_values_are_not_echoed():
    payload = {**GOOD, "name": SECRET_NAME, "id_number": BAD_ID, "guardians": ["11010519491231002X", BAD_GUARDIAN]}
    detail = _assert_no_value(CLIENT.post("/persons", json=payload), payload)
    by_loc = {tuple(e["loc"]): e for e in detail}
    assert by_loc[("body", "id_number")]["ctx"] == {
        "reason": "checksum",
        "code": "citizen_id",
        "position": 18,
        "message_zh": "公民身份号码：校验码错误",
        "message_en": "citizen ID number: the check character is wrong",
    }
    assert by_loc[("body", "id_number")]["type"] == "zjgov_checksum"
    assert by_loc[("body", "guardians", 1)]["ctx"]["reason"] in ("format", "checksum")


def test_missing_field_does_not_echo_the_body():
    """pydantic's 'missing' error carries the whole body as its input: the handler drops it."""
    payload = {"name": SECRET_NAME, "id_number": "33010619900101123X"}
    (err,) = _assert_no_value(CLIENT.post("/persons", json=payload), payload)
    assert err["type"] == "missing" and err["loc"] == ["body", "residence_division"]


def test_other_pydantic_errors_keep_their_limits_but_no_value():
    payload = {**GOOD, "name": "长" * 51, "residence_division": "999999", "employer": "91330100716105852G"}
    detail = _assert_no_value(CLIENT.post("/persons", json=payload), payload)
    reasons = {e["loc"][-1]: (e["type"], e.get("ctx", {})) for e in detail}
    assert reasons["name"] == ("string_too_long", {"max_length": 50})
    assert reasons["residence_division"][1]["reason"] == "component:region"
    assert reasons["employer"][1]["reason"] == "checksum"


def test_malformed_json_is_not_echoed():
    raw = '{"id_number": "330106199001011231", '
    r = CLIENT.post("/persons", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422 and BAD_ID not in r.text


@pytest.mark.parametrize(
    "query",
    [
        {"id_number": BAD_ID},
        {"id_number": "33010619900101123X", "division": "3301x6"},
        {"id_number": "３３０１０６１９９００１０１１２３Ｙ"},
    ],
)
def test_bad_query_parameters_are_not_echoed(query):
    detail = _assert_no_value(CLIENT.get("/persons", params=query), query)
    assert all(e["loc"][0] == "query" and e["type"].startswith("zjgov_") for e in detail)


def test_good_query_parameter():
    r = CLIENT.get("/persons", params={"id_number": "33010619900101123x", "division": "330106"})
    assert r.json() == {"id_number": "33010619900101123X", "division": "330106"}


def test_without_the_handler_type_errors_still_hide_the_value():
    """FastAPI's default handler: the zjgov error's input is the placeholder, never the value."""
    from fastapi import FastAPI

    bare = FastAPI()

    @bare.get("/p")
    def p(id_number: types.CitizenId) -> str:
        return id_number

    r = TestClient(bare).get("/p", params={"id_number": BAD_ID})
    assert r.status_code == 422 and BAD_ID not in r.text
    assert r.json()["detail"][0]["input"] == types.HIDDEN_INPUT


def test_openapi_patterns_match_what_is_accepted_and_returned():
    spec = CLIENT.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    request, response = schemas["Person-Input"], schemas["Person-Output"]
    accepts = request["properties"]["id_number"]["pattern"]
    returns = response["properties"]["id_number"]["pattern"]
    assert re.fullmatch(accepts, GOOD["id_number"]) and not re.fullmatch(returns, GOOD["id_number"])
    assert re.fullmatch(returns, "33010619900101123X")
    param = next(p for p in spec["paths"]["/persons"]["get"]["parameters"] if p["name"] == "id_number")
    assert param["schema"]["pattern"] == types.input_pattern("citizen_id")
    json.dumps(spec)
