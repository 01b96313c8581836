"""Rule files validated fully at load time (issue 17 item 13, issue 16 item 2) and time zones."""

import datetime as dt

import pandas as pd
import pytest

from zjgov.errors import ConfigError
from zjgov.quality import RuleSet, check, rule


def refused(text):
    with pytest.raises(ConfigError) as exc:
        RuleSet.from_yaml_text(text, source="r.yaml")
    return str(exc.value)


@pytest.mark.parametrize(
    "entry",
    [
        "kind: date_format\n    column: d\n    format: '%Q'",
        "kind: date_range\n    column: d\n    format: '%Y-%m-%'\n    min: 2000-01-01",
        "kind: not_future\n    column: d\n    format: '-'",
        "kind: pattern\n    column: d\n    regex: '[0-9]{6})|(.*'",
        "kind: not_null\n    column: d\n    weight: .nan",
        "kind: not_null\n    column: d\n    weight: .inf",
        "kind: not_null\n    column: d\n    threshold: true",
        "kind: not_null\n    column: d\n    threshold: '0.5'",
        "kind: not_null\n    column: d\n    weight: '2'",
    ],
)
def test_bad_rules_are_refused_when_loading(entry):
    message = refused(f"rules:\n  - {entry}\n")
    assert "r.yaml:4" in message  # the line of the offending field


@pytest.mark.parametrize("weights", ["{completeness: .nan}", "{completeness: .inf}", "{completeness: '1'}"])
def test_bad_dimension_weights_are_refused(weights):
    assert "weights" in refused(f"weights: {weights}\nrules:\n  - kind: not_null\n    column: d\n")


def test_a_regex_valid_only_when_wrapped_never_accepts_junk():
    with pytest.raises(ConfigError):
        rule("pattern", "d", regex="[0-9]{6})|(.*")
    ok = check(
        pd.DataFrame({"d": ["123456", "123456abc"]}), RuleSet.from_rules("t", [rule("pattern", "d", regex="[0-9]{6}")])
    )
    assert ok.rules[0].failed == 1


def test_an_unknown_time_zone_is_refused():
    assert "time zone" in refused("timezone: Mars/Olympus\nrules:\n  - kind: not_null\n    column: d\n")


BEIJING = pd.DataFrame({"t": ["2026-06-30 07:00:00", "2026-06-30 09:00:00", "2026-06-30 23:00:00"]})


@pytest.mark.parametrize(
    "reference", ["2026-06-30T08:00:00+08:00", "2026-06-30T00:00:00Z", "2026-06-30T08:00:00", "2026-06-30 08:00:00"]
)
def test_aware_reference_times_meet_naive_beijing_timestamps(reference):
    rs = RuleSet.from_yaml_text(f"reference_time: {reference}\nrules:\n  - kind: not_future\n    column: t\n")
    res = check(BEIJING, rs)
    assert res.rules[0].failed == 2  # 09:00 and 23:00 Beijing time are after 08:00 Beijing time


def test_naive_timestamps_follow_the_rule_set_time_zone():
    rs = RuleSet.from_yaml_text(
        "timezone: UTC\nreference_time: 2026-06-30T08:00:00+08:00\nrules:\n  - kind: not_future\n    column: t\n"
    )
    assert check(BEIJING, rs).rules[0].failed == 3  # now read as UTC: 00:00 UTC is the reference


def test_updated_within_converts_its_own_aware_reference_time():
    rs = RuleSet.from_rules(
        "t", [rule("updated_within", "t", days=1, reference_time=dt.datetime(2026, 6, 30, 0, tzinfo=dt.UTC))]
    )
    res = check(BEIJING, rs)
    assert res.rules[0].reasons == {"future": 2}  # 08:00 Beijing: 09:00 and 23:00 lie ahead


def test_updated_within_reports_timestamps_it_cannot_read():
    frame = pd.DataFrame({"t": ["2026-06-29", "2026-02-30", "昨天", None]})
    rs = RuleSet.from_rules("t", [rule("updated_within", "t", days=7, reference_time=dt.datetime(2026, 6, 30))])
    r = check(frame, rs).rules[0]
    assert (r.checked, r.failed, r.reasons) == (3, 2, {"date_format": 2})
