import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjgov.cli.main import main
from zjgov.codes import citizen_id
from zjgov.errors import ConfigError
from zjgov.quality import RuleSet, check
from zjgov.quality.profile import profile


def _ids(n: int) -> list[str]:
    out = []
    for i in range(n):
        body = f"330106{1950 + i % 60:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        out.append(body + citizen_id.check_char(body))
    return out


def _frame(n: int = 300) -> pd.DataFrame:
    ids = _ids(n)
    ids[7] = ids[7][:-1] + ("1" if ids[7][-1] != "1" else "2")  # one wrong check character
    return pd.DataFrame(
        {
            "编号": [f"P{i:06d}" for i in range(n)],
            "身份证号": ids,
            "性别": ["1", "2"] * (n // 2),
            "出生日期": [f"19{50 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
            "状态": ["正常", "注销", "迁出"] * (n // 3),
            "年龄": [str(i % 90) for i in range(n)],
            "地区": [f"33010{i % 2 + 2}" if i % 5 else None for i in range(n)],
            "批次": [str(i // 100) for i in range(n)],
            "序号": [str(i % 100) for i in range(n)],
            "备注": [None] * n,
        }
    )


def test_profile_finds_the_columns_nature():
    p = profile(_frame(), name="people")
    assert p.column("身份证号").code == "citizen_id"
    assert p.column("身份证号").codes["citizen_id"] == pytest.approx(299 / 300, abs=1e-4)
    assert p.column("性别").code == "sex"
    assert p.column("出生日期").date_format == "%Y-%m-%d" and p.column("出生日期").code is None
    assert p.column("状态").values == ["正常", "注销", "迁出"]
    assert p.column("年龄").number == "integer" and p.column("年龄").code is None  # not a 2-digit code table
    assert p.column("编号").length == 7
    assert p.column("地区").missing == 60 and p.column("地区").code == "division"
    assert p.column("备注").filled == 0
    assert p.keys[:2] == [["身份证号"], ["编号"]]  # a detected identifier comes first


def test_composite_key_when_no_single_column_is_unique():
    frame = _frame()[["批次", "序号", "性别"]]
    p = profile(frame)
    assert ["批次", "序号"] in p.keys or ["序号", "批次"] in p.keys
    unique = [r for r in p.rules if r["kind"] == "unique"]
    assert len(unique) == 1 and sorted(unique[0]["columns"]) == ["序号", "批次"]


def test_the_proposal_loads_and_passes_on_its_own_data(tmp_path):
    frame = _frame()
    p = profile(frame, thresholds="today")
    path = tmp_path / "rules.yaml"
    path.write_text(p.to_yaml(), encoding="utf-8")
    rules = RuleSet.from_file(path)
    assert [r.id for r in rules.rules] == [r["id"] for r in p.rules]
    kinds = {(r.kind, r.columns) for r in rules.rules}
    assert ("code", ("身份证号",)) in kinds and ("in_set", ("状态",)) in kinds and ("unique", ("身份证号",)) in kinds
    assert ("date_format", ("出生日期",)) in kinds and ("not_blank", ("备注",)) not in kinds
    result = check(frame, rules)
    assert result.passed and all(r.threshold_met and r.error is None for r in result.rules)
    assert result.rule("code:身份证号").threshold == 0.996  # 299/300 rounded down
    assert result.rule("not_blank:地区").threshold == 0.8


def test_the_proposal_catches_a_regression():
    frame = _frame()
    rules = profile(frame, thresholds="today").ruleset()
    worse = frame.copy()
    worse.loc[:30, "身份证号"] = "330106199001011234"
    worse.loc[40, "状态"] = "未知"
    result = check(worse, rules)
    assert not result.passed
    assert not result.rule("code:身份证号").threshold_met and not result.rule("in_set:状态").threshold_met


def test_strict_asks_for_everything():
    p = profile(_frame(), strict=True)
    assert {r["threshold"] for r in p.rules} == {1.0}
    assert not check(_frame(), p.ruleset()).passed  # the wrong check character now fails


def test_no_values_leak_except_value_sets():
    frame = _frame()
    p = profile(frame)
    text = p.to_yaml() + json.dumps(p.to_dict(), ensure_ascii=False)
    for value in frame["身份证号"].tolist()[:50] + frame["编号"].tolist()[:50]:
        assert value not in text
    assert "注销" in text  # the low-cardinality value set is the one exception


def test_files_are_read_through_io_with_a_row_limit(tmp_path):
    path = tmp_path / "gbk.csv"
    _frame().to_csv(path, index=False, encoding="gbk")
    p = profile(path, max_rows=120)
    assert p.rows == 120 and p.truncated and p.name == "gbk.csv"
    assert p.column("身份证号").code == "citizen_id"
    whole = profile(path)
    assert whole.rows == 300 and not whole.truncated
    with pytest.raises(ConfigError):
        profile(path, max_rows=0)
    with pytest.raises(ConfigError):
        profile(tmp_path / "missing.csv")


def test_empty_inputs():
    p = profile(pd.DataFrame({"a": pd.Series([], dtype="str")}))
    assert p.rows == 0 and p.keys == [] and [r["kind"] for r in p.rules] == ["duplicates"]
    p = profile(pd.DataFrame({"a": [None, None], "b": [" ", ""]}))
    assert [c.filled for c in p.columns] == [0, 0]
    assert check(pd.DataFrame({"a": [None, None], "b": [" ", ""]}), p.ruleset()).passed


_cell = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "1", "2", "A", "中文", "2020-01-01", "11010519491231002X"]),
    st.text(max_size=6),
)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_cell, _cell, _cell), min_size=0, max_size=30))
def test_any_table_gets_a_proposal_that_passes_on_it(rows):
    frame = pd.DataFrame(rows, columns=["x", "y", "z"], dtype=object)
    p = profile(frame, thresholds="today")
    result = check(frame, p.ruleset())
    assert result.passed, [(r.id, r.pass_rate, r.threshold) for r in result.rules if not r.threshold_met]


def test_cli_writes_a_rule_file_that_check_accepts(tmp_path, capsys):
    data = tmp_path / "people.csv"
    _frame().to_csv(data, index=False)
    out = tmp_path / "rules.yaml"
    assert main(["profile", str(data), "--out", str(out), "--lang", "en"]) == 0
    summary = capsys.readouterr().out
    assert "Data: people.csv, 300 rows" in summary and "citizen ID number (99.67% valid)" in summary
    assert "Candidate keys: 身份证号; 编号" in summary and f"written: {out}" in summary
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]
    assert main(["check", str(data), "--rules", str(out)]) == 1  # the wrong check character fails its profile
    assert main(["profile", str(data), "--out", str(out), "--thresholds", "today"]) == 0
    assert main(["check", str(data), "--rules", str(out)]) == 0


def test_cli_pipes_yaml_to_stdout_and_json_on_request(tmp_path):
    data = tmp_path / "people.csv"
    _frame().to_csv(data, index=False)
    cmd = [sys.executable, "-m", "zjgov.cli.main", "profile", str(data)]
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert "数据：people.csv，300 行" in done.stderr and "候选主键：身份证号; 编号" in done.stderr
    assert RuleSet.from_yaml_text(done.stdout).rules
    done = subprocess.run([*cmd, "--json"], capture_output=True, text=True, encoding="utf-8", check=False)
    data_json = json.loads(done.stdout)
    assert data_json["rows"] == 300 and data_json["keys"][1] == ["编号"]
    assert {c["name"]: c["code"] for c in data_json["columns"]}["性别"] == "sex"


def test_cli_errors_are_clear(tmp_path, capsys):
    assert main(["profile", str(tmp_path / "nope.csv")]) == 2
    assert str(tmp_path / "nope.csv") in capsys.readouterr().err
    data = tmp_path / "d.csv"
    data.write_text("a\n1\n", encoding="utf-8")
    assert main(["profile", str(data), "--rows", "0", "--lang", "en"]) == 2
    assert "row limit" in capsys.readouterr().err
    assert main(["profile", str(data), "--out", str(tmp_path / "no" / "dir" / "r.yaml"), "--lang", "en"]) == 2
    assert "--mkdirs" in capsys.readouterr().err and not (tmp_path / "no").exists()


def test_typed_parquet_columns(tmp_path):
    import numpy as np

    n = 200
    frame = pd.DataFrame(
        {
            "i": np.arange(n),
            "f": np.linspace(0, 1, n),
            "d": pd.date_range("2020-01-01", periods=n),
            "b": [True, False] * (n // 2),
            "cat": pd.Categorical(["a", "b"] * (n // 2)),
        }
    )
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    p = profile(path)
    assert (p.column("i").number, p.column("f").number, p.column("d").date_format) == ("integer", "number", "%Y-%m-%d")
    assert p.column("b").values is None and p.column("cat").values == ["a", "b"]
    assert p.keys[0] == ["i"]
    result = check(path, p.ruleset())
    assert result.passed and min(r.pass_rate for r in result.rules) == 1.0  # clean data passes its profile


def test_odd_column_names():
    p = profile(pd.DataFrame({0: ["a", "b"] * 3, "a b.c": [str(i) for i in range(6)]}))
    assert [c.name for c in p.columns] == ["0", "a b.c"] and p.keys == [["a b.c"]]
    with pytest.raises(ConfigError) as info:
        profile(pd.DataFrame([[1, 2]], columns=["a", "a"]))
    assert info.value.field == "columns" and "duplicate column names: a" in info.value.message("en")


def test_a_code_that_raises_is_reported_not_fatal(tmp_path, monkeypatch, capsys):
    from zjgov.codes import uscc

    def broken(column, **options):
        raise OverflowError("kernel bug")

    monkeypatch.setattr(uscc, "check", broken)
    frame = _frame()
    p = profile(frame)
    assert p.column("身份证号").code == "citizen_id"
    assert p.column("身份证号").code_errors == {"uscc": "OverflowError"}
    data = tmp_path / "d.csv"
    frame.to_csv(data, index=False)
    assert main(["profile", str(data), "--out", str(tmp_path / "r.yaml"), "--lang", "en"]) == 0
    assert "the check of code uscc raised OverflowError on column 身份证号" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_help(lang, capsys):
    with pytest.raises(SystemExit) as info:
        main(["profile", "--help", "--lang", lang])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert (
        "--out" in out
        and "--rows" in out
        and ("初始质量规则集" in out if lang == "zh" else "starting quality rule set" in out)
    )


# -- no personal value in a proposal; a headerless file is refused (issue 17 item 14) ---------------
def test_low_cardinality_identifier_columns_get_no_value_set():
    ids = ["11010519491231002X", "440524188001010014", "110105194912310021"]  # the last is invalid
    frame = pd.DataFrame(
        {
            "法人证件号": ids * 10,
            "电话": ["13800138000", "13912345678", "0571-1234"] * 10,
            "姓名": ["张伟", "王芳", "李娜"] * 10,
            "状态": ["在册", "注销", "迁出"] * 10,
        }
    )
    p = profile(frame)
    text = p.to_yaml()
    for value in [*ids, "13800138000", "张伟", "王芳"]:
        assert value not in text
    sets = {r["column"]: r["values"] for r in p.rules if r["kind"] == "in_set"}
    assert sets == {"状态": ["在册", "注销", "迁出"]} or sets == {"状态": sorted(["在册", "注销", "迁出"])}


def test_headerless_csv_is_refused(tmp_path, capsys):
    data = tmp_path / "noheader.csv"
    data.write_text("11010519491231002X,13800138000,张三\n440524188001010014,13912345678,李四\n", encoding="utf-8")
    assert main(["profile", str(data), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "no header row" in err and "11010519491231002X" not in err
    assert main(["classify", str(data), "--lang", "en"]) == 2
    assert "no header row" in capsys.readouterr().err
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    assert main(["profile", str(numbers)]) == 2


# -- what a competent engineer proposes (issue 16 item 3) ---------------------------------------------
def _rules_by_kind(p):
    out = {}
    for r in p.rules:
        out.setdefault(r["kind"], []).append(r)
    return out


def test_a_file_with_defects_fails_its_own_profile():
    frame = _frame()
    p = profile(frame)
    assert {r["threshold"] for r in p.rules} == {1.0}
    result = check(frame, p.ruleset())
    assert not result.passed and not result.rule("code:身份证号").threshold_met
    assert {r["threshold"] for r in profile(frame, margin=0.05).rules} == {0.95}
    with pytest.raises(ConfigError):
        profile(frame, margin=0.9)


def test_unique_goes_on_the_identifier_even_with_planted_duplicates():
    frame = _frame()
    frame["住址"] = [f"浙江省杭州市西湖区文三路{i}号" for i in range(len(frame))]  # unique, but not a key
    frame.loc[5, "身份证号"] = frame.loc[6, "身份证号"]  # a planted duplicate
    unique = _rules_by_kind(profile(frame))["unique"]
    assert [r.get("column") for r in unique] == ["身份证号"]


def test_a_related_partys_id_is_not_the_key():
    ids = _ids(40)
    frame = pd.DataFrame(
        {
            "法定代表人证件号码": ids,
            "统一社会信用代码": ["91330100716105852F"] * 2 + ["91110000600037341L"] * 38,  # mostly duplicate
            "名称": [f"公司{i}" for i in range(40)],
        }
    )
    unique = _rules_by_kind(profile(frame)).get("unique", [])
    assert all(r.get("column") != "法定代表人证件号码" for r in unique)


def test_cross_field_and_timeliness_rules_are_proposed():
    frame = _frame()
    frame["出生日期"] = [
        citizen_id.parse(i).birth_date.isoformat() if citizen_id.is_valid(i) else None for i in frame["身份证号"]
    ]
    frame["性别"] = [citizen_id.parse(i).sex_code if citizen_id.is_valid(i) else "1" for i in frame["身份证号"]]
    frame["更新时间"] = ["2026-01-01 08:00:00"] * len(frame)
    import datetime as dt

    p = profile(frame, reference_time=dt.datetime(2026, 6, 30))
    kinds = _rules_by_kind(p)
    assert kinds["id_birth_date"][0]["columns"] == ["身份证号", "出生日期"]
    assert kinds["id_sex"][0]["columns"] == ["身份证号", "性别"]
    assert kinds["updated_within"][0]["days"] == 365
    assert p.ruleset_dict()["reference_time"] == "2026-06-30T00:00:00"
    rules = RuleSet.from_yaml_text(p.to_yaml())
    assert rules.reference_time == dt.datetime(2026, 6, 30)


def test_every_rule_has_a_note_in_the_yaml():
    p = profile(_frame(), lang="en")
    text = p.to_yaml()
    assert set(p.notes) == {r["id"] for r in p.rules}
    for r in p.rules:
        block = text.split(f"- id: {r['id']}\n")[0].rstrip().splitlines()[-1]
        assert block.strip().startswith("#") and "threshold 1.0" in block, (r["id"], block)
