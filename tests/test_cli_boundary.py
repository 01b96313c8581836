"""The CLI's error boundary and its guard on outputs (issue 17 items 2, 3, 12, 15; issue 16 item 1).

Every run here is checked the way a user sees it: the exit code, a clean message (no
traceback) and the inputs byte-identical afterwards.
"""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from zjgov.cli.main import VERBS, _every_parser, _handle, main, verb_parser

EXAMPLES = Path(__file__).parent.parent / "examples"


def zjgov(*args, cwd=None, **kw):
    proc = subprocess.run(
        [sys.executable, "-m", "zjgov.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        **kw,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def cli(capsys):
    def call(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def work(tmp_path):
    shutil.copy(EXAMPLES / "population.csv", tmp_path / "d.csv")
    shutil.copy(EXAMPLES / "population_schema.yaml", tmp_path / "schema.yaml")
    (tmp_path / "rules.yaml").write_text(
        "name: t\nrules:\n  - id: id\n    kind: code\n    column: 公民身份号码\n    code: citizen_id\n",
        encoding="utf-8",
    )
    return tmp_path


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


# -- an output that is an input is refused before any work (issue 17 item 2) -------------------------
SAME_AS_INPUT = [
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--failures", "{d}/d.csv"],
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--quarantine", "{d}/d.csv"],
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--valid", "{d}/d.csv"],
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--html", "{d}/rules.yaml"],
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--json-out", "{d}/d.csv"],
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--markdown", "{d}/./d.csv"],
    ["validate", "citizen_id", "--file", "{d}/d.csv", "--column", "公民身份号码", "--failures", "{d}/d.csv"],
    ["profile", "{d}/d.csv", "--out", "{d}/d.csv"],
    ["classify", "{d}/d.csv", "--html", "{d}/d.csv"],
    ["classify", "{d}/d.csv", "--csv", "{d}/d.csv"],
    ["classify", "{d}/d.csv", "--json-out", "{d}/d.csv"],
    ["classify", "{d}/d.csv", "--json-file", "{d}/d.csv"],
    ["classify", "{d}/d.csv", "--markdown", "{d}/sub/../d.csv"],
    ["schema", "validate", "{d}/d.csv", "--schema", "{d}/schema.yaml", "--violations", "{d}/d.csv"],
    ["schema", "validate", "{d}/d.csv", "--schema", "{d}/schema.yaml", "--valid", "{d}/schema.yaml"],
    ["schema", "validate", "{d}/d.csv", "--schema", "{d}/schema.yaml", "--quarantine", "{d}/d.csv"],
    ["schema", "export", "{d}/schema.yaml", "--out", "{d}/schema.yaml"],
    ["package", "create", "{d}/d.csv", "--out", "{d}", "--overwrite"],
    ["package", "create", "{d}/d.csv", "--out", "{d}/d.csv", "--zip", "--overwrite"],
    ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--html", "{d}/r.html", "--markdown", "{d}/r.html"],
]


@pytest.mark.parametrize("argv", SAME_AS_INPUT, ids=lambda a: " ".join(a[:2] + a[-2:-1]))
def test_an_output_onto_an_input_is_refused_and_nothing_changes(work, cli, argv):
    (work / "sub").mkdir()
    before = digests(work)
    code, _out, err = cli(*[a.format(d=work) for a in argv], "--lang", "en")
    assert code == 2, err
    assert "refused" in err or "same file" in err
    assert "Traceback" not in err
    assert digests(work) == before


def test_a_hard_link_or_symlink_to_the_input_is_the_input(work, cli):
    (work / "link.csv").symlink_to(work / "d.csv")
    (work / "hard.csv").hardlink_to(work / "d.csv")
    before = digests(work)
    for target in ("link.csv", "hard.csv"):
        code, _, err = cli("profile", work / "d.csv", "--out", work / target, "--lang", "en")
        assert code == 2 and "refused" in err
    assert digests(work) == before


def test_package_outputs_inside_an_input_package_are_refused(work, cli):
    pkg = work / "pkg"
    assert cli("package", "create", work / "d.csv", "--out", pkg)[0] == 0
    before = digests(work)
    code, _, err = cli("package", "read", pkg, "--out", pkg / "data", "--lang", "en")
    assert code == 2 and "inside the input" in err
    code, _, err = cli("package", "read", pkg, "--out", pkg, "--lang", "en")
    assert code == 2
    code, _, err = cli("check", work / "d.csv", "--rules", work / "rules.yaml", "--failures", pkg / "data" / "x.csv")
    assert code in (0, 1)  # pkg is no input of check: writing into it is allowed
    (pkg / "data" / "x.csv").unlink()
    assert digests(work) == before


def test_package_read_beside_its_zip_is_fine(work, cli):
    assert cli("package", "create", work / "d.csv", "--out", work / "p.zip", "--zip")[0] == 0
    zipped = digests(work)["p.zip"]
    code, _, err = cli("package", "read", work / "p.zip", "--out", work)  # writes d.csv, not an input
    assert code == 0, err
    assert digests(work)["p.zip"] == zipped
    code, _, err = cli("package", "read", work / "p.zip", "--out", work / "a" / "b")
    assert code == 2 and not (work / "a").exists()
    code, _out, err = cli("package", "read", work / "p.zip", "--out", work / "a" / "b", "--mkdirs")
    assert code == 0 and (work / "a" / "b" / "d.csv").exists()


# -- folders are never created silently (issue 16 item 1) -----------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--json-out", "{d}/no/such/r.json"],
        ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--failures", "{d}/no/f.csv"],
        ["check", "{d}/d.csv", "--rules", "{d}/rules.yaml", "--quarantine", "{d}/no/q.csv"],
        ["classify", "{d}/d.csv", "--html", "{d}/no/i.html"],
        ["classify", "{d}/d.csv", "--json-out", "{d}/no/i.json"],
        ["schema", "export", "{d}/schema.yaml", "--out", "{d}/no/s.json"],
    ],
)
def test_missing_output_folder_is_a_usage_error_unless_mkdirs(work, cli, argv):
    argv = [a.format(d=work) for a in argv]
    code, _, err = cli(*argv, "--lang", "en")
    assert code == 2 and "--mkdirs" in err and not (work / "no").exists()
    code, _, err = cli(*argv, "--mkdirs")
    assert code in (0, 1), err
    assert any((work / "no").rglob("*.*"))


def test_output_folder_checks(work, cli):
    code, _, err = cli("profile", work / "d.csv", "--out", work, "--lang", "en")
    assert code == 2 and "is a folder" in err
    code, _, err = cli("profile", work / "d.csv", "--out", work / "d.csv" / "x.yaml", "--lang", "en")
    assert code == 2 and "not a folder" in err


# -- the error boundary (issue 17 item 3) ---------------------------------------------------------------
def test_missing_and_unreadable_inputs_are_clean_errors(work):
    code, _, err = zjgov("check", work / "nope.csv", "--rules", work / "rules.yaml", "--lang", "en")
    assert code == 2 and "nope.csv" in err and "Traceback" not in err
    code, _, err = zjgov("check", work / "d.csv", "--rules", work / "nope.yaml", "--lang", "en")
    assert code == 2 and "nope.yaml" in err and "Traceback" not in err
    (work / "fake.parquet").write_text("not parquet", encoding="utf-8")
    for argv in (
        ["check", work / "fake.parquet", "--rules", work / "rules.yaml"],
        ["profile", work / "fake.parquet"],
        ["classify", work / "fake.parquet"],
        ["schema", "validate", work / "fake.parquet", "--schema", work / "schema.yaml"],
        ["validate", "citizen_id", "--file", work / "fake.parquet", "--column", "a"],
        ["package", "create", work / "fake.parquet", "--out", work / "p"],
    ):
        code, _, err = zjgov(*argv, "--lang", "en")
        assert code == 2 and "Traceback" not in err and "fake.parquet" in err, (argv, err)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (PermissionError(13, "Permission denied", "/x/out.csv"), "/x/out.csv: permission denied"),
        (FileNotFoundError(2, "No such file", "in.csv"), "in.csv: no such file or folder"),
        (IsADirectoryError(21, "Is a directory", "o"), "o: it is a folder"),
        (OSError(28, "No space left on device"), "no space left"),
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "out of memory"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), "cannot read"),
    ],
)
def test_boundary_maps_errors_to_clean_messages(capsys, exc, expected):
    import argparse

    args = argparse.Namespace(lang="en", data="in.csv", _paths_1=[])
    assert _handle(exc, args) == 2
    err = capsys.readouterr().err
    assert expected in err and err.startswith("error: ")


def test_unexpected_errors_are_exit_3_without_a_traceback(capsys, monkeypatch):
    import argparse

    monkeypatch.delenv("ZJGOV_DEBUG", raising=False)
    assert _handle(KeyError("x"), argparse.Namespace(lang="zh")) == 3
    assert "ZJGOV_DEBUG" in capsys.readouterr().err


def test_broken_pipe_is_quiet(work):
    proc = subprocess.run(
        f"{sys.executable} -m zjgov.cli.main classify {work / 'd.csv'} | head -c 10",
        shell=True,
        capture_output=True,
        timeout=300,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_deep_json_lines_value_is_a_clean_error(work):
    (work / "deep.jsonl").write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    code, _, err = zjgov("profile", work / "deep.jsonl", "--lang", "en")
    assert code == 2 and "Traceback" not in err and "deep.jsonl" in err


# -- flags (issue 16 item 1, issue 17 item 15) ------------------------------------------------------------
def test_lang_before_the_verb(work):
    code, out, _err = zjgov("--lang", "en", "check", work / "d.csv", "--rules", work / "rules.yaml")
    assert code in (0, 1) and "Overall score" in out


def test_every_help_names_the_exit_codes_and_chinese_help_is_chinese():
    for verb in VERBS:
        parser = verb_parser(verb, "zh")
        for p in _every_parser(parser):
            text = p.format_help()
            assert "退出码" in text, (verb, p.prog)
    code, out, _ = zjgov("check", "--help")
    assert code == 0 and out.startswith("用法：") and "选项" in out and "显示此帮助并退出" in out
    code, out, _ = zjgov("check", "--help", "--lang", "en")
    assert out.startswith("usage: ") and "exit codes: 0 ok" in out
    code, _, err = zjgov("check")
    assert code == 2 and "错误" in err and "缺少必需的参数" in err


def test_json_means_stdout_everywhere(work):
    code, out, err = zjgov("check", work / "d.csv", "--rules", work / "rules.yaml", "--json", work / "r.json")
    assert code == 2 and "--json-out" in err and not (work / "r.json").exists()
    code, out, _ = zjgov("classify", work / "d.csv", "--json")
    assert code == 0 and json.loads(out)["columns"]
    code, out, _ = zjgov("classify", work / "d.csv", "--json", "-")  # the old spelling still works
    assert code == 0 and json.loads(out)["columns"]


def test_reference_time_is_passed_to_the_engine(work):
    rules = work / "timely.yaml"
    rules.write_text(
        "name: t\nrules:\n  - id: f\n    kind: not_future\n    column: 更新时间\n    threshold: 0.9\n", encoding="utf-8"
    )
    assert zjgov("check", work / "d.csv", "--rules", rules, "--reference-time", "2100-01-01")[0] == 0
    assert zjgov("check", work / "d.csv", "--rules", rules, "--reference-time", "2000-01-01")[0] == 1
    code, _, err = zjgov("check", work / "d.csv", "--rules", rules, "--reference-time", "2026-13-01", "--lang", "en")
    assert code == 2 and "ISO 8601" in err


def test_validate_options_are_strict(work, cli):
    code, _, err = cli("validate", "division", "330106", "--option", "foo=bar", "--lang", "en")
    assert code == 2 and "valid options: as_of, current" in err
    code, _, err = cli("validate", "division", "330106", "--option", "current=maybe", "--lang", "en")
    assert code == 2 and "true/false" in err
    assert cli("validate", "division", "330106", "--option", "current=yes")[0] == 0
    assert cli("validate", "division", "330106", "--option", "as_of=1990")[0] == 0
    code, _, err = cli("validate", "division", "330106", "--option", "as_of=abc", "--lang", "en")
    assert code == 2 and "integer" in err


def test_validate_failures_positions_are_integers(work, cli):
    frame = pd.DataFrame({"id": ["110105194912310021", "x", None, "11010519491231002X"]})
    frame.to_csv(work / "ids.csv", index=False)
    code, _, _ = cli(
        "validate", "citizen_id", "--file", work / "ids.csv", "--column", "id", "--failures", work / "f.csv"
    )
    assert code == 1
    text = (work / "f.csv").read_text(encoding="utf-8")
    assert ".0" not in text and "1,checksum,18" in text


def test_expected_digest_is_checked_as_an_argument(work, cli):
    assert cli("package", "create", work / "d.csv", "--out", work / "p")[0] == 0
    code, _, err = cli("package", "verify", work / "p", "--expected-digest", "zz")
    assert code == 2 and "--expected-digest" in err


def test_truncated_zip_package_exits_1(work, cli):
    assert cli("package", "create", work / "d.csv", "--out", work / "p.zip", "--zip")[0] == 0
    raw = (work / "p.zip").read_bytes()
    (work / "p.zip").write_bytes(raw[: len(raw) // 2])
    code, _out, err = cli("package", "verify", work / "p.zip", "--lang", "en")
    assert code == 1, err


def test_impossible_dates_typed_by_yaml_are_a_config_error(work, cli):
    bad = work / "bad.yaml"
    bad.write_text(
        "name: t\nreference_time: 2026-13-01\nrules:\n  - {id: a, kind: not_blank, column: 姓名}\n", encoding="utf-8"
    )
    code, _, err = cli("check", work / "d.csv", "--rules", bad, "--lang", "en")
    # the config loader names the file, the line and the field (not only "a configuration file")
    assert code == 2 and "bad.yaml:2" in err and "reference_time" in err and "Traceback" not in err
