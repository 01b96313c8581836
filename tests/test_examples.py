"""The examples run as scripts and do what their docstrings say."""

import json
import runpy
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_fastapi_model_example_runs_as_a_script():
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "fastapi_model.py")], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert "== good: HTTP 200" in out and "== bad: HTTP 422" in out
    assert "330106199001011231" not in out  # the bad ID number is never echoed
    assert "zjgov_checksum" in out and "citizen ID number: the check character is wrong" in out


def test_fastapi_model_example_model():
    ns = runpy.run_path(str(EXAMPLES / "fastapi_model.py"), run_name="example")
    status, body = ns["validate"](ns["GOOD"])
    assert status == 200
    assert body["id_number"] == "33010619900101123X" and body["mobile"] == "13800138000" and body["sex"] == "1"
    status, body = ns["validate"](ns["BAD"])
    assert status == 422
    reasons = {e["loc"][0]: e["ctx"]["reason"] for e in body["detail"]}
    assert reasons == {
        "id_number": "checksum",
        "ethnicity": "component:code",
        "mobile": "component:prefix",
        "postcode": "length",
    }
    text = json.dumps(body, ensure_ascii=False)
    for field in ("id_number", "mobile", "postcode"):
        assert str(ns["BAD"][field]) not in text
    assert all("input" not in e for e in body["detail"])
    status, body = ns["validate"](ns["MISMATCH"])
    assert status == 422 and body["detail"][0]["type"] == "zjgov_example_sex_mismatch"
    assert "性别" in body["detail"][0]["msg"] and "sex code" in body["detail"][0]["msg"]
