"""``zjgov schema validate|export|show|library`` run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd

from zjgov import io
from zjgov.cli.main import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POP = str(EXAMPLES / "population.csv")
POP_SCHEMA = str(EXAMPLES / "population_schema.yaml")


def _run(*args):
    return subprocess.run([sys.executable, "-m", "zjgov.cli.main", *args], capture_output=True, text=True)


def test_validate_example_as_a_subprocess():
    out = _run("schema", "validate", POP, "--schema", POP_SCHEMA, "--lang", "en")
    assert out.returncode == 1
    assert "60 rows: 49 pass, 11 fail, 11 violations" in out.stdout
    assert "the check character is wrong" in out.stdout
    zh = _run("schema", "validate", str(EXAMPLES / "population_gbk.csv"), "--schema", POP_SCHEMA)
    assert zh.returncode == 1 and "共 60 行：通过 49 行" in zh.stdout


def test_validate_json_and_outputs(tmp_path, capsys):
    valid, bad, violations = tmp_path / "valid.csv", tmp_path / "bad.parquet", tmp_path / "v.csv"
    code = main(
        [
            "schema",
            "validate",
            POP,
            "--schema",
            POP_SCHEMA,
            "--json",
            "--batch-rows",
            "7",
            "--valid",
            str(valid),
            "--quarantine",
            str(bad),
            "--violations",
            str(violations),
        ]
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["rows"], data["valid_rows"], data["invalid_rows"], data["violations"]) == (60, 49, 11, 11)
    assert data["counts"]["duplicate_key"] == 1  # the repeated key sits in another batch of 7 rows
    assert {v["row"] for v in data["first_violations"]} == {4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48}
    assert len(io.read_table(valid)) == 49
    quarantined = io.read_table(bad)
    assert len(quarantined) == 11 and quarantined["_reasons"].str.contains(":").all()
    table = io.read_table(violations)
    assert table["row"].astype(int).tolist() == [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48]
    source = io.read_table(POP)
    flat = table.to_csv()
    for value in source["公民身份号码"]:
        assert value not in flat  # violations never carry values


def test_valid_data_exits_zero(tmp_path):
    frame = io.read_table(POP)
    report_rows = [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 48]
    clean = frame.drop(index=[r - 1 for r in report_rows])
    path = tmp_path / "clean.jsonl"
    io.write_table(clean, path)
    out = _run("schema", "validate", str(path), "--schema", POP_SCHEMA, "--lang", "en")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "49 rows: 49 pass, 0 fail, 0 violations" in out.stdout


def test_usage_and_config_errors_exit_two(tmp_path):
    assert _run("schema", "validate", POP).returncode == 2  # --schema missing
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nelements:\n  - 中文名称: a\n    数据格式: n..x\n", encoding="utf-8")
    out = _run("schema", "validate", POP, "--schema", str(bad), "--lang", "en")
    assert out.returncode == 2
    assert "bad.yaml:4" in out.stderr and "elements[0].format" in out.stderr
    missing = _run("schema", "validate", str(tmp_path / "none.csv"), "--schema", POP_SCHEMA, "--lang", "en")
    assert missing.returncode == 2 and "file not found" in missing.stderr
    broken = tmp_path / "broken.csv"
    broken.write_bytes("公民身份号码,姓名\n1,张三\n".encode() + b"2,\xff\n")
    out = _run("schema", "validate", str(broken), "--schema", POP_SCHEMA, "--lang", "en")
    assert out.returncode == 2 and "line 3" in out.stderr
    ref = _run("schema", "validate", POP, "--schema", POP_SCHEMA, "--reference", "nonsense")
    assert ref.returncode == 2


def test_missing_column_reported_once(tmp_path, capsys):
    frame = io.read_table(POP).drop(columns=["姓名"])
    path = tmp_path / "no_name.csv"
    io.write_table(frame, path)
    assert main(["schema", "validate", str(path), "--schema", POP_SCHEMA, "--json", "--batch-rows", "10"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["column_missing"] == 1 and data["valid_rows"] == 0


def test_foreign_key_reference_file(tmp_path, capsys):
    orgs = tmp_path / "orgs.csv"
    io.write_table(pd.DataFrame({"统一社会信用代码": ["91330100716105852F"]}), orgs)
    schema = tmp_path / "m.yaml"
    schema.write_text(
        "name: m\nelements:\n  - use: 公民身份号码\n  - use: 统一社会信用代码\n    column: 单位\n"
        "foreign_keys:\n  - columns: [单位]\n    reference: {resource: orgs, columns: [统一社会信用代码]}\n",
        encoding="utf-8",
    )
    data = tmp_path / "m.csv"
    io.write_table(
        pd.DataFrame(
            {"公民身份号码": ["11010519491231002X"] * 2, "单位": ["91330100716105852F", "91110000600037341L"]}
        ),
        data,
    )
    assert main(["schema", "validate", str(data), "--schema", str(schema), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchecked"]
    assert (
        main(["schema", "validate", str(data), "--schema", str(schema), "--reference", f"orgs={orgs}", "--json"]) == 1
    )
    assert json.loads(capsys.readouterr().out)["counts"] == {"foreign_key": 1}


def test_export_show_library(tmp_path, capsys):
    out = tmp_path / "p.json"
    assert main(["schema", "export", POP_SCHEMA, "--to", "json-schema", "--out", str(out)]) == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(out.read_text(encoding="utf-8")))
    assert main(["schema", "export", POP_SCHEMA, "--to", "table-schema"]) == 0
    ts = json.loads(capsys.readouterr().out)
    assert ts["primaryKey"] == ["公民身份号码"]
    assert main(["schema", "export", POP_SCHEMA, "--to", "yaml"]) == 0
    assert "公民身份号码" in capsys.readouterr().out
    assert main(["schema", "show", POP_SCHEMA, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["elements"][0]["column"] == "公民身份号码" and shown["elements"][0]["required"]
    assert main(["schema", "library", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("column") and any(line.startswith("统一社会信用代码\tZJGOV.O.USCC") for line in lines)


def test_catalog_reads_the_encoding_it_is_told(tmp_path, capsys):
    gbk = tmp_path / "catalog_gbk.csv"
    gbk.write_bytes((EXAMPLES / "catalog.csv").read_text(encoding="utf-8").encode("gb18030"))
    assert main(["catalog", "validate", str(EXAMPLES / "catalog.csv"), "--json"]) == 1
    want = json.loads(capsys.readouterr().out)
    for extra in ([], ["--encoding", "gb18030"]):  # detected, then named: the same report
        assert main(["catalog", "validate", str(gbk), "--json", *extra]) == 1
        got = json.loads(capsys.readouterr().out)
        assert got["problems"] == want["problems"]
    assert main(["catalog", "validate", str(gbk), "--encoding", "utf-8", "--lang", "en"]) == 2
    assert "cannot be decoded as UTF-8" in capsys.readouterr().err
    assert main(["catalog", "licences", str(EXAMPLES / "licences.csv"), "--encoding", "utf-8"]) in (0, 1)
