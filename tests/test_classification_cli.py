"""``zjgov classify`` run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zjgov.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "classification"
DATA = str(EXAMPLE / "population_sample.csv")


def run(*args):
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "zjgov.cli.main", "classify", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_prints_the_inventory_in_chinese():
    r = run(DATA)
    assert r.returncode == 0, r.stderr
    assert "数据集级别：L4 敏感数据" in r.stdout and "公民身份号码" in r.stdout and "mask:citizen_id" in r.stdout
    assert "11010519" not in r.stdout  # no values


def test_english_json_to_stdout():
    r = run(DATA, "--json", "-", "--lang", "en", "--scheme", "gbt-43697")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    cols = {c["column"]: c for c in doc["columns"]}
    assert cols["GMSFHM"]["category"] == "person.citizen_id"
    assert cols["C1"]["category"] == "person.bank_account"  # a meaningless name, from values
    assert cols["备注"]["category"] == "person.phone"  # a misleading name
    assert doc["dataset"]["scheme"] == "gbt-43697"


def test_files_overrides_and_previous(tmp_path):
    html, js, csv, md = (tmp_path / n for n in ("i.html", "i.json", "i.csv", "i.md"))
    r = run(
        DATA,
        "--overrides",
        str(EXAMPLE / "overrides.yaml"),
        "--html",
        str(html),
        "--json-out",
        str(js),
        "--csv",
        str(csv),
        "--markdown",
        str(md),
    )
    assert r.returncode == 0, r.stderr
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    doc = json.loads(js.read_text(encoding="utf-8"))
    cols = {c["column"]: c for c in doc["columns"]}
    assert cols["序号"]["level"] == "L1" and cols["序号"]["overridden"]
    assert "GMSFHM" in csv.read_text(encoding="utf-8-sig") and "GMSFHM" in md.read_text(encoding="utf-8")
    again = run(DATA, "--previous", str(js), "--lang", "en")
    assert again.returncode == 0, again.stderr
    assert "changes since the previous inventory" in again.stdout and "序号" in again.stdout
    same = run(DATA, "--previous", str(js), "--overrides", str(EXAMPLE / "overrides.yaml"), "--lang", "en")
    assert "no changes" in same.stdout


def test_full_scan_and_sample_agree():
    a = json.loads(run(DATA, "--json", "-", "--sample", "0").stdout)
    b = json.loads(run(DATA, "--json", "-", "--sample", "50", "--seed", "2").stdout)
    assert a["dataset"]["sampled"] == 300 and b["dataset"]["sampled"] == 50
    assert [c["category"] for c in a["columns"]] == [c["category"] for c in b["columns"]]


@pytest.mark.parametrize(
    "args",
    [
        ["--scheme", "no-such-scheme"],
        ["--sample", "-1"],
        ["--overrides", "/no/such/file.yaml"],
        ["--catalogue", "/no/such/file.yaml"],
    ],
)
def test_usage_errors_exit_2(args, capsys):
    assert main(["classify", DATA, *args]) == 2
    assert "错误" in capsys.readouterr().err


def test_missing_data_file_exits_2(capsys):
    assert main(["classify", "/no/such/data.csv", "--lang", "en"]) == 2
    assert "error" in capsys.readouterr().err


def test_fail_on_review_exits_1(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("C1,C2\n1,x\n2,y\n", encoding="utf-8")
    assert main(["classify", str(f), "--fail-on-review"]) == 1
    assert main(["classify", str(f)]) == 0
