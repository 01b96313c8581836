"""``zjgov check`` and ``zjgov demo`` as a user runs them: exit codes, messages, output files."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from zjgov.cli.main import main
from zjgov.quality import QualityResult

GOOD_ID = "11010519491231002X"
BAD_CHECK = "110105194912310021"

RULES = """
name: cli
rules:
  - kind: not_blank
    column: 身份证号
  - kind: code
    column: 身份证号
    code: citizen_id
    threshold: {threshold}
"""


@pytest.fixture
def files(tmp_path):
    data = tmp_path / "people.csv"
    pd.DataFrame({"身份证号": [GOOD_ID, BAD_CHECK, GOOD_ID, "330103199001011230"]}).to_csv(data, index=False)
    passing = tmp_path / "pass.yaml"
    passing.write_text(RULES.format(threshold=0.7), encoding="utf-8")
    failing = tmp_path / "fail.yaml"
    failing.write_text(RULES.format(threshold=0.9), encoding="utf-8")
    return data, passing, failing


def test_exit_0_when_thresholds_are_met(files, capsys):
    data, passing, _ = files
    assert main(["check", str(data), "--rules", str(passing)]) == 0
    out = capsys.readouterr().out
    assert "总分" in out and "87.5" in out


def test_exit_1_when_a_threshold_is_missed(files, capsys):
    data, _, failing = files
    assert main(["check", str(data), "--rules", str(failing), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "pass rate 75.0% (threshold 90.0%)" in out
    assert BAD_CHECK not in out


def test_fail_under(files, capsys):
    data, passing, _ = files
    assert main(["check", str(data), "--rules", str(passing), "--fail-under", "80"]) == 0
    assert main(["check", str(data), "--rules", str(passing), "--fail-under", "90", "--lang", "en"]) == 1
    assert "below --fail-under 90" in capsys.readouterr().out
    assert main(["check", str(data), "--rules", str(passing), "--fail-under", "101"]) == 2


def test_reports_failures_and_quarantine(files, tmp_path, capsys):
    data, passing, _ = files
    args = ["check", str(data), "--rules", str(passing), "--json-out", str(tmp_path / "r.json")]
    args += ["--html", str(tmp_path / "r.html"), "--markdown", str(tmp_path / "r.md")]
    args += ["--failures", str(tmp_path / "f.csv"), "--quarantine", str(tmp_path / "bad.csv")]
    args += ["--valid", str(tmp_path / "good.csv")]
    assert main(args) == 0
    result = QualityResult.read_json(tmp_path / "r.json")
    assert result.rule("code:身份证号").failed == 1
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("#")
    assert pd.read_csv(tmp_path / "f.csv").to_dict("records") == [
        {"rule": "code:身份证号", "row": 2, "reason": "checksum"}
    ]
    assert len(pd.read_csv(tmp_path / "bad.csv")) == 1
    assert len(pd.read_csv(tmp_path / "good.csv")) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary folder left
    assert BAD_CHECK not in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_json_to_stdout(files, capsys):
    data, passing, _ = files
    assert main(["check", str(data), "--rules", str(passing), "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["format"] == "zjgov.quality.result" and doc["passed"] is True
    assert "总分" in captured.err


@pytest.mark.parametrize(
    ("rules_text", "expected"),
    [
        ("rules:\n  - kind: not_null\n    column: 姓名\n", "rules.yaml:2"),
        ("rules:\n  - kind: bogus\n    column: 身份证号\n", "rules.yaml:2"),
        ("rules:\n  - kind: not_null\n    column: [a\n", "rules.yaml:3"),  # where the bracket opened
        ("rules:\n  - kind: range\n    column: 身份证号\n    min: 5\n    max: x\n", "rules.yaml:5"),
        ("rules:\n  - kind: range\n    column: 身份证号\n    min: 5\n    max: 1\n", "rules.yaml:2"),
    ],
)
def test_configuration_errors_exit_2_with_the_place(files, tmp_path, capsys, rules_text, expected):
    data, _, _ = files
    rules = tmp_path / "rules.yaml"
    rules.write_text(rules_text, encoding="utf-8")
    assert main(["check", str(data), "--rules", str(rules)]) == 2
    zh = capsys.readouterr().err
    assert main(["check", str(data), "--rules", str(rules), "--lang", "en"]) == 2
    en = capsys.readouterr().err
    assert expected in zh and expected in en
    assert zh.startswith("错误：") and en.startswith("error: ")
    assert len(zh.strip().splitlines()) == 1 and len(en.strip().splitlines()) == 1


def test_unreadable_data_and_wrong_encoding_exit_2(files, tmp_path, capsys):
    _, passing, _ = files
    assert main(["check", str(tmp_path / "nope.csv"), "--rules", str(passing)]) == 2
    assert "nope.csv" in capsys.readouterr().err
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(f"身份证号\n{GOOD_ID}\n".encode("gbk"))
    assert main(["check", str(gbk), "--rules", str(passing)]) == 0  # detected
    assert main(["check", str(gbk), "--rules", str(passing), "--encoding", "utf-8"]) == 2
    assert "gbk.csv" in capsys.readouterr().err
    assert main(["check", str(gbk), "--rules", str(tmp_path / "missing.yaml")]) == 2


def test_no_progress_bar_in_a_pipe(files):
    data, passing, _ = files
    proc = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", "check", str(data), "--rules", str(passing), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "Overall score: 87.5 (passed)" in proc.stdout


def test_progress_bar_when_forced_on(files, capsys):
    from zjgov.quality import RuleSet, check

    data, passing, _ = files
    check(data, RuleSet.from_file(passing), progress=True)
    assert "rows" in capsys.readouterr().err


def test_demo_runs_end_to_end_and_exits_0(tmp_path):
    out = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", "demo", "--out", str(out), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Overall score:" in proc.stdout and str(out / "report.html") in proc.stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html or "<table" in html
    result = QualityResult.read_json(out / "result.json")
    assert not result.passed and 80 < result.score.overall < 100
    # every kind of planted defect is found
    found = {r.id: r.failed for r in result.rules}
    for rule_id in [
        "身份证号合规",
        "性别代码",
        "民族代码",
        "手机号格式",
        "重复记录",
        "出生日期与身份证一致",
        "性别与身份证一致",
        "一年内更新",
    ]:
        assert found[rule_id] > 0, rule_id
    assert result.rule("身份证号合规").reasons.keys() >= {"checksum", "component:birth_date"}
    assert result.duplicates
    assert (out / "failures.csv").stat().st_size > 0 and (out / "quarantine" / "invalid.csv").exists()
    assert "11010519" not in (out / "result.json").read_text(encoding="utf-8")


def test_demo_in_chinese_by_default(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert "演示数据" in out and "报告" in out
