"""GB/T 19488 format notation: parsing, errors, and vectorised checks of columns."""

import pandas as pd
import pytest

from zjgov.errors import ConfigError
from zjgov.exchange.notation import parse_format


@pytest.mark.parametrize(
    ("text", "kind", "charset", "lo", "hi", "scale", "pattern"),
    [
        ("n18", "text", "n", 18, 18, None, None),
        ("an18", "text", "an", 18, 18, None, None),
        ("AN..50", "text", "an", 1, 50, None, None),
        ("an2..50", "text", "an", 2, 50, None, None),
        ("a..10", "text", "a", 1, 10, None, None),
        ("c..200", "text", "c", 1, 200, None, None),
        ("ans..20", "text", "c", 1, 20, None, None),
        ("n", "text", "n", 1, None, None, None),
        ("n..12,2", "decimal", "n", 1, 12, 2, None),
        ("n5,2", "decimal", "n", 1, 5, 2, None),
        ("YYYYMMDD", "date", None, 8, 8, None, "YYYYMMDD"),
        ("YYYY-MM-DD", "date", None, 10, 10, None, "YYYY-MM-DD"),
        ("YYYY年MM月DD日", "date", None, 11, 11, None, "YYYY年MM月DD日"),
        ("YYYY-MM", "date", None, 7, 7, None, "YYYY-MM"),
        ("hhmmss", "time", None, 6, 6, None, "hhmmss"),
        ("hh:mm", "time", None, 5, 5, None, "hh:mm"),
        ("YYYYMMDDhhmmss", "datetime", None, 14, 14, None, "YYYYMMDDhhmmss"),
        ("YYYY-MM-DDThh:mm:ss", "datetime", None, 19, 19, None, "YYYY-MM-DDThh:mm:ss"),
        ("D8", "date", None, 8, 8, None, "YYYYMMDD"),
        ("T6", "time", None, 6, 6, None, "hhmmss"),
        ("DT15", "datetime", None, 15, 15, None, "YYYYMMDDThhmmss"),
    ],
)
def test_parse(text, kind, charset, lo, hi, scale, pattern):
    f = parse_format(text)
    assert (f.kind, f.charset, f.min_length, f.max_length, f.scale, f.pattern) == (
        kind,
        charset,
        lo,
        hi,
        scale,
        pattern,
    )


@pytest.mark.parametrize(
    "text", ["", "x9", "n..", "n0", "n5..2", "a..10,2", "n2,2", "n18x", "YYYYMMDDX", "MMDD", "mmss", "YYYYDD", "n.5"]
)
def test_bad_notation_is_a_config_error(text):
    with pytest.raises(ConfigError) as info:
        parse_format(text)
    assert info.value.field == "format"


def _check(fmt, values):
    return parse_format(fmt).check(pd.Series(values, dtype="str")).tolist()


def test_digits_fixed_length():
    assert _check("n6", ["330106", "33010", "3301060", "33O106", "３３０１０６", None]) == [
        None,
        "length",
        "length",
        "format",
        "format",
        None,
    ]


def test_alphanumeric_and_chinese_letters():
    assert _check("an..10", ["AB12", "浙A12345", "A-1", "ＡＢ", "12345678901"]) == [
        None,
        None,
        "format",
        "format",
        "length",
    ]
    assert _check("a..4", ["张三", "Zhang", "张3"]) == [None, "length", "format"]


def test_any_text_refuses_control_characters():
    assert _check("c..10", ["浙江省（杭州）·1号", "a\tb", "a\x01b", "x" * 11]) == [None, None, "format", "length"]


def test_variable_length_with_minimum():
    assert _check("n2..4", ["1", "12", "1234", "12345"]) == ["length", None, None, "length"]


def test_decimals():
    assert _check("n..6,2", ["1234.56", "1234", "-12.5", "12.345", "1234567", "1.2.3", "abc", ".5"]) == [
        None,
        None,
        None,
        "format",
        "length",
        "format",
        "format",
        "format",
    ]


def test_dates_by_pattern():
    assert _check("YYYYMMDD", ["20240229", "20230229", "2024-02-29", "20241301", "2024022"]) == [
        None,
        "component:date",
        "format",
        "component:date",
        "format",
    ]
    assert _check("YYYY-MM-DDThh:mm:ss", ["2024-01-02T23:59:59", "2024-01-02T24:00:00", "2024-01-02 10:00:00"]) == [
        None,
        "component:time",
        "format",
    ]
    assert _check("YYYY年MM月DD日", ["2024年01月02日", "2024年1月2日"]) == [None, "format"]


def test_regex_matches_the_check():
    import regex

    fmt = parse_format("an..5")
    rx = regex.compile(fmt.regex())
    for value in ["AB12", "浙A1", "A-1", "123456"]:
        assert (rx.fullmatch(value) is not None) == (fmt.check(pd.Series([value], dtype="str")).iloc[0] is None)
    assert parse_format("n..8,2").describe("en") == "number, at most 8 digits, 2 decimals"
    assert parse_format("n18").describe() == "数字字符，18 位"
