"""The engine: exact results for any batch size and for files, failures and quarantine files,
masking, scores, comparisons, missing columns."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov.errors import ConfigError
from zjgov.quality import QualityResult, RuleSet, check, engine, rule
from zjgov.quality.result import RuleResult

GOOD_ID = "11010519491231002X"
MALE_ID = "330103199001011230"
BAD_CHECK = "110105194912310021"


def ruleset():
    return RuleSet.from_rules(
        "t",
        [
            rule("not_blank", "id"),
            rule("code", "id", code="citizen_id", threshold=0.9),
            rule("unique", "id"),
            rule("duplicates"),
            rule("unique", ["id", "sex"], id="unique_pair"),
            rule("id_sex", ["id", "sex"]),
            rule("in_table", "sex", table="sex", severity="warning"),
            rule("row_count", min=1),
        ],
        reference_time=dt.datetime(2026, 1, 1),
    )


def comparable(result):
    data = result.model_dump(mode="json")
    data.pop("created")
    for r in data["rules"]:
        r.pop("failures_file")
    data["dataset"].pop("name")
    data["dataset"].pop("path")
    return data


frames = st.lists(
    st.tuples(st.sampled_from([GOOD_ID, MALE_ID, BAD_CHECK, "", None, "x"]), st.sampled_from(["1", "2", "9", None])),
    min_size=0,
    max_size=40,
).map(lambda rows: pd.DataFrame(rows, columns=["id", "sex"], dtype=object))


@settings(max_examples=25, deadline=None)
@given(frames, st.integers(min_value=1, max_value=7))
def test_any_batch_size_gives_the_same_result(frame, batch_rows):
    whole = check(frame, ruleset(), batch_rows=1_000_000)
    pieces = check(frame, ruleset(), batch_rows=batch_rows)
    assert comparable(whole) == comparable(pieces)
    expected_dupes = int(frame.astype(str).duplicated().sum())
    assert whole.rule("duplicates").failed == expected_dupes
    present = frame["id"].notna() & (frame["id"].astype(str).str.strip() != "")
    ids = frame["id"][present]
    assert whole.rule("unique:id").failed == int(ids.duplicated(keep=False).sum())


def test_file_streaming_equals_memory_including_failures_files(tmp_path):
    rng = np.random.default_rng(7)
    n = 1503
    frame = pd.DataFrame(
        {
            "id": rng.choice([GOOD_ID, MALE_ID, BAD_CHECK, None, "x"], n),
            "sex": rng.choice(["1", "2", "9", None], n),
        }
    )
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    mem = check(frame, ruleset(), failures=tmp_path / "mem.csv", quarantine=tmp_path / "qm")
    for batch_rows in (97, 1000, 100_000):
        out = tmp_path / f"f{batch_rows}.csv"
        res = check(path, ruleset(), batch_rows=batch_rows, failures=out, quarantine=tmp_path / f"q{batch_rows}")
        assert comparable(res) == comparable(mem)
        assert out.read_bytes() == (tmp_path / "mem.csv").read_bytes()
        assert (tmp_path / f"q{batch_rows}" / "invalid.csv").read_bytes() == (
            tmp_path / "qm" / "invalid.csv"
        ).read_bytes()
    fails = pd.read_csv(tmp_path / "mem.csv", dtype={"row": int})
    assert len(fails) == sum(r.failed for r in mem.rules if r.kind != "row_count")
    by_rule = fails.groupby("rule").size().to_dict()
    assert by_rule["unique:id"] == mem.rule("unique:id").failed


def test_one_row_batches_from_a_file(tmp_path):
    frame = pd.DataFrame({"id": [GOOD_ID, BAD_CHECK, GOOD_ID, None, MALE_ID] * 3, "sex": ["2", "1", "2", "1", "1"] * 3})
    frame.to_csv(tmp_path / "d.csv", index=False)
    assert comparable(check(tmp_path / "d.csv", ruleset(), batch_rows=1)) == comparable(check(frame, ruleset()))


def test_parquet_and_jsonl_sources(tmp_path):
    frame = pd.DataFrame({"id": [GOOD_ID, GOOD_ID, BAD_CHECK, None], "sex": ["2", "2", "1", "1"]})
    frame.to_parquet(tmp_path / "d.parquet", index=False)
    frame.to_json(tmp_path / "d.jsonl", orient="records", lines=True, force_ascii=False)
    mem = comparable(check(frame, ruleset()))
    assert comparable(check(tmp_path / "d.parquet", ruleset(), batch_rows=1)) == mem
    assert comparable(check(tmp_path / "d.jsonl", ruleset(), batch_rows=3)) == mem


def test_hash_collisions_never_change_the_result(monkeypatch):
    frame = pd.DataFrame({"id": [GOOD_ID, MALE_ID, BAD_CHECK, GOOD_ID, "a", "b", "a"], "sex": ["1"] * 7})
    honest = comparable(check(frame, ruleset(), batch_rows=2))
    monkeypatch.setattr(engine, "hash_array", lambda arr: np.zeros(len(arr), dtype=np.uint64))
    colliding = comparable(check(frame, ruleset(), batch_rows=2))
    assert colliding == honest
    assert honest["rules"][2]["failed"] == 4  # GOOD_ID twice, "a" twice


def test_failing_rows_are_never_capped(tmp_path):
    n = 20_000
    frame = pd.DataFrame({"v": ["bad"] * n})
    res = check(frame, RuleSet.from_rules("t", [rule("pattern", "v", regex="ok")]), failures=tmp_path / "f.csv")
    fails = pd.read_csv(tmp_path / "f.csv")
    assert res.rules[0].failed == n and len(fails) == n
    assert fails["row"].tolist() == list(range(1, n + 1))
    assert len(res.rules[0].sample) == 5


def test_quarantine_splits_rows_with_reasons(tmp_path):
    frame = pd.DataFrame({"id": [GOOD_ID, BAD_CHECK, MALE_ID, GOOD_ID], "sex": ["2", "1", "9", "2"]})
    check(frame, ruleset(), quarantine=tmp_path / "q")
    valid = pd.read_csv(tmp_path / "q" / "valid.csv", dtype=str)
    invalid = pd.read_csv(tmp_path / "q" / "invalid.csv", dtype=str)
    assert len(valid) + len(invalid) == len(frame)
    assert valid["id"].tolist() == [MALE_ID]  # sex 9 breaks only a warning rule
    assert invalid["_row"].tolist() == ["1", "2", "4"]
    assert "code:id[checksum]" in invalid["_reasons"].iloc[1]
    assert invalid["_reasons"].iloc[0] == "unique:id[duplicate];unique_pair[duplicate]"


def test_samples_are_masked_unless_asked():
    frame = pd.DataFrame({"id": [BAD_CHECK], "sex": ["1"]})
    masked = check(frame, ruleset())
    text = masked.to_json()
    assert BAD_CHECK not in text and "1101**********0021" in text
    clear = check(frame, ruleset(), mask=False)
    assert clear.rule("code:id").sample[0].values == {"id": BAD_CHECK}


def test_missing_column_is_a_config_error_naming_rule_and_line(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "rules:\n  - kind: not_null\n    column: 姓名\n  - kind: not_null\n    column: 不存在\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as exc:
        check(pd.DataFrame({"姓名": ["a"]}), RuleSet.from_file(rules))
    err = exc.value
    assert (err.file, err.line, err.field) == (str(rules), 4, "不存在")
    assert "not_null:不存在" in err.message("en")
    with pytest.raises(ConfigError):  # a filter column counts too
        check(pd.DataFrame({"a": ["1"]}), RuleSet.from_rules("t", [rule("not_null", "a", filter="b == '1'")]))


def test_scores_weights_and_lower_is_better():
    frame = pd.DataFrame({"a": ["1", "1", "2", None]})
    rs = RuleSet.from_rules(
        "t",
        [rule("not_null", "a"), rule("duplicates", weight=2), rule("in_set", "a", values=["1"], weight=0)],
        weights={"completeness": 3, "accuracy": 1},
    )
    res = check(frame, rs)
    comp, acc, conf = res.dimension("completeness"), res.dimension("accuracy"), res.dimension("conformity")
    assert comp.score == 75.0
    assert acc.score == 75.0  # 1 duplicate of 4 rows: 1 − 0.25
    assert conf.score == pytest.approx(200 / 3)  # weight 0 everywhere: plain mean
    assert res.score.weights == pytest.approx({"conformity": 0.2 / 4.2, "completeness": 3 / 4.2, "accuracy": 1 / 4.2})
    assert res.score.overall == pytest.approx((0.2 * 200 / 3 + 3 * 75 + 1 * 75) / 4.2)
    assert res.dimension("timeliness").score is None and res.dimension("timeliness").rules == 0
    assert res.rule("duplicates").lower_is_better


def test_threshold_and_severity_decide_passed():
    frame = pd.DataFrame({"a": ["1", None, "1", "1"]})
    assert check(frame, RuleSet.from_rules("t", [rule("not_null", "a", threshold=0.75)])).passed
    assert not check(frame, RuleSet.from_rules("t", [rule("not_null", "a", threshold=0.8)])).passed
    assert check(frame, RuleSet.from_rules("t", [rule("not_null", "a", threshold=0.8, severity="warning")])).passed


def test_comparison_with_previous_result(tmp_path):
    before = check(pd.DataFrame({"a": ["1", None]}), RuleSet.from_rules("t", [rule("not_null", "a")]))
    before.write_json(tmp_path / "before.json")
    rs = RuleSet.from_rules("t", [rule("not_null", "a"), rule("unique", "a")])
    after = check(pd.DataFrame({"a": ["1", "2"]}), rs, previous=tmp_path / "before.json")
    c = after.comparison
    assert (c.overall_before, c.overall_after, c.overall_change) == (50.0, 100.0, "better")
    assert [(r.id, r.change) for r in c.rules] == [("not_null:a", "better"), ("unique:a", "new")]
    assert [(d.dimension, d.change) for d in c.dimensions] == [("completeness", "better"), ("accuracy", "new")]
    worse = before.compare(after)
    assert worse.overall_change == "worse" and worse.rules[1].change == "removed"


def test_result_json_round_trip_and_format(tmp_path):
    res = check(pd.DataFrame({"id": [GOOD_ID, BAD_CHECK], "sex": ["2", "1"]}), ruleset())
    path = res.write_json(tmp_path / "r.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "zjgov.quality.result" and data["version"] == 1
    assert set(data) == {
        "format", "version", "created", "zjgov_version", "dataset", "ruleset", "passed", "score",
        "dimensions", "rules", "duplicates", "comparison",
    }  # fmt: skip
    assert set(data["rules"][0]) >= set(RuleResult.model_fields) - {"filter", "weight"}
    assert QualityResult.read_json(path) == res
    (tmp_path / "bad.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ConfigError):
        QualityResult.read_json(tmp_path / "bad.json")


def test_empty_data_and_empty_file(tmp_path):
    empty = pd.DataFrame({"id": pd.Series([], dtype="str"), "sex": pd.Series([], dtype="str")})
    res = check(empty, ruleset())
    assert res.dataset.rows == 0
    assert res.rule("code:id").pass_rate is None and res.rule("code:id").threshold_met
    assert res.rule("row_count").failed == 1
    (tmp_path / "e.csv").write_text("id,sex\n", encoding="utf-8")
    assert comparable(check(tmp_path / "e.csv", ruleset())) == comparable(res)


def test_odd_cell_values_are_failures_not_crashes():
    frame = pd.DataFrame({"v": pd.Series([1.5, "text", None, b"bytes", 10**30, np.nan, True], dtype=object)})
    rs = RuleSet.from_rules(
        "t",
        [
            rule("code", "v", code="citizen_id"),
            rule("pattern", "v", regex="[a-z]+"),
            rule("range", "v", min=0, max=10),
            rule("length", "v", max=3),
            rule("unique", "v"),
            rule("duplicates"),
            rule("date_format", "v"),
            rule("in_set", "v", values=["text"]),
        ],
    )
    res = check(frame, rs)
    assert all(r.error is None for r in res.rules), [r.error for r in res.rules]
    assert res.rule("code:v").failed == res.rule("code:v").checked


def test_frames_with_any_index_and_column_labels():
    frame = pd.DataFrame({0: [GOOD_ID, BAD_CHECK, GOOD_ID]}, index=["x", "y", "z"])
    res = check(frame, RuleSet.from_rules("t", [rule("code", "0", code="citizen_id"), rule("unique", "0")]))
    assert [s.row for s in res.rule("code:0").sample] == [2]
    assert res.rule("unique:0").failed == 2
    assert res.dataset.columns == ["0"]
