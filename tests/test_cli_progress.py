"""Progress on every long verb (issue 16 item 5): plain lines off a terminal, in the chosen language."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


def zjgov(*args, env=None):
    proc = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "ZJGOV_PROGRESS_SECONDS": "0", **(env or {})},
        timeout=300,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def work(tmp_path):
    shutil.copy(EXAMPLES / "population.csv", tmp_path / "d.csv")
    (tmp_path / "rules.yaml").write_text(
        "name: t\nrules:\n  - id: id\n    kind: code\n    column: 公民身份号码\n    code: citizen_id\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "label"),
    [
        (["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--batch-rows", "10"], "quality check"),
        (
            [
                "schema",
                "validate",
                "{d}/d.csv",
                "--schema",
                str(EXAMPLES / "population_schema.yaml"),
                "--batch-rows",
                "10",
            ],
            "schema check",
        ),
        (["classify", "{d}/d.csv"], "classification"),
        (["package", "create", "{d}/d.csv", "--out", "{d}/pkg"], "packing"),
    ],
)
def test_plain_progress_lines_when_not_a_terminal(work, argv, label):
    argv = [a.format(d=work) for a in argv]
    code, _, err = zjgov(*argv, "--lang", "en")
    assert code in (0, 1), err
    lines = [line for line in err.splitlines() if line.startswith(label)]
    assert lines and lines[-1].startswith(f"{label}: done, 60 rows")
    assert any("/ 60 rows" in line and "ETA" in line for line in lines[:-1]), lines


def test_progress_none_and_verify(work):
    assert zjgov("package", "create", work / "d.csv", "--out", work / "pkg")[0] == 0
    code, _, err = zjgov("package", "verify", work / "pkg", "--lang", "en")
    assert code == 0 and "verifying: done" in err and "bytes" in err
    code, _, err = zjgov("package", "verify", work / "pkg", "--progress", "none")
    assert code == 0 and err == ""
    code, _, err = zjgov("check", work / "d.csv", "--rules", work / "rules.yaml", "--progress", "none")
    assert "质量检查" not in err


def test_progress_speaks_chinese_by_default(work):
    _, _, err = zjgov("check", work / "d.csv", "--rules", work / "rules.yaml", "--batch-rows", "10")
    assert "质量检查：" in err and "行" in err and "预计剩余" in err


def test_a_short_run_prints_no_progress(work):
    _, _, err = zjgov("check", work / "d.csv", "--rules", work / "rules.yaml", env={"ZJGOV_PROGRESS_SECONDS": "10"})
    assert "质量检查" not in err
