import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import landline
from zjgov.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from zjgov.testing import strategies as zst

# STANDARDS.md 5b: the commonly used regex (area code optional, "-" before an extension)
REGEX = r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$"


@pytest.mark.parametrize(
    ("value", "compact"),
    [
        ("0571-88888888", "057188888888"),
        ("0571-8888 8888", "057188888888"),
        ("0571 8888 8888", "057188888888"),
        ("0571-8888-8888", "057188888888"),
        ("(0571)88888888", "057188888888"),
        ("(0571) 8888-8888", "057188888888"),
        ("（０５７１）８８８８８８８８", "057188888888"),
        ("0571-8888 8888-123", "057188888888-123"),
        ("0571-88888888-123", "057188888888-123"),
        ("0571 8888 8888 转 123", "057188888888-123"),
        ("0571-88888888分机123", "057188888888-123"),
        ("0571-88888888 ext. 12", "057188888888-12"),
        ("0571-88888888 x12", "057188888888-12"),
        ("0571-88888888#12", "057188888888-12"),
        ("0571-8888888-8", "05718888888-8"),  # 7-digit local number, extension 8
        ("0571-888-8888", "05718888888"),
        ("010-6552 9988", "01065529988"),
        ("+86 10 6552 9988", "01065529988"),
        ("+86-571-88888888", "057188888888"),
        ("0086 571 8888 8888", "057188888888"),
        ("008657188888888", "057188888888"),
        ("00861065529988", "01065529988"),
        ("+86 (0)571 8888 8888", "057188888888"),
        ("+86 (0571) 8888 8888", "057188888888"),
    ],
)
def test_separators_and_extensions(value, compact):
    assert landline.compact(value) == compact
    assert landline.validate(value) == compact
    assert landline.check(pd.Series([value])).all_valid


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("057188888888123", InvalidLength, "length", None),  # no marker: never split into an extension
        ("0571-888888", InvalidLength, "length", None),
        ("0571-1888 8888", InvalidComponent, "component:local", 5),
        ("0571-0888 8888", InvalidComponent, "component:local", 5),
        ("010-1234 5678", InvalidComponent, "component:local", 4),
        ("0151-8888 8888", InvalidComponent, "component:area_code", 1),
        ("0012-8888 8888", InvalidComponent, "component:area_code", 1),
        ("8888 8888", InvalidComponent, "component:area_code", 1),
        ("13800138000", InvalidComponent, "component:area_code", 1),
        ("400-820-8820", InvalidComponent, "component:area_code", 1),
        ("0571-88888888转1234567", InvalidComponent, "component:extension", 14),
        ("0571-8888A888", InvalidFormat, "format", 9),
        ("0571-88888888转", InvalidFormat, "format", 13),
        ("0571-88888888转12转3", InvalidFormat, "format", 16),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        landline.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)
    assert "8888" not in str(info.value)
    result = landline.check(pd.Series([value]))
    assert (result.reason[0], None if pd.isna(result.position[0]) else result.position[0]) == (reason, position)


def test_area_code_optional():
    assert landline.validate("8888 8888", require_area=False) == "88888888"
    assert landline.validate("888 8888-12", require_area=False) == "8888888-12"
    p = landline.parse("8888-8888", require_area=False)
    assert (p.area_code, p.city, p.international) == (None, None, None)


@pytest.mark.parametrize(
    ("value", "area", "city", "local", "ext"),
    [
        ("0571-8888 8888 转 123", "0571", "杭州", "88888888", "123"),
        ("0580-2345678", "0580", "舟山", "2345678", None),
        ("021-6123 4567", "021", "上海", "61234567", None),
        ("010-65529988", "010", "北京", "65529988", None),
        ("0931-8888888", "0931", None, "8888888", None),  # well-formed, not in the small table
    ],
)
def test_parse(value, area, city, local, ext):
    p = landline.parse(value)
    assert (p.area_code, p.city, p.local_number, p.extension) == (area, city, local, ext)


def test_zhejiang_area_codes_all_present():
    zj = {"0571", "0574", "0577", "0573", "0572", "0575", "0579", "0570", "0580", "0576", "0578"}
    assert zj <= set(landline.AREA_CODES)


def test_format_round_trip():
    assert landline.format("057188888888-123") == "0571-8888 8888-123"
    assert landline.format("05712345678") == "0571-234 5678"
    assert landline.parse("057188888888").international == "+86 571 8888 8888"
    for value in ("057188888888-123", "05712345678", "01065529988-1"):
        assert landline.validate(landline.format(value)) == value
        assert landline.validate(landline.parse(value).international) == value.split("-")[0]


@given(zst.landlines())
def test_compact_values_match_the_common_regex(value):
    # the compact form satisfies the STANDARDS regex; we are stricter on area codes (010/02x/0[3-9]xx)
    assert re.match(REGEX, value)


@given(zst.landlines(decorated=True))
def test_decorated_values(value):
    number = landline.validate(value)
    assert landline.validate(landline.format(value)) == number
    assert landline.check(pd.Series([value, number], dtype="str")).all_valid


@given(zst.landlines(area_code="0571", extension=True))
def test_strategy_options(value):
    p = landline.parse(value)
    assert p.area_code == "0571" and p.extension


def test_cli_validate_file(tmp_path, capsys):
    from zjgov.cli.main import main

    path = tmp_path / "phones.csv"
    path.write_text("tel\n0571-8888 8888-123\n(0571)88888888\n0571-1888 8888\n", encoding="utf-8")
    assert main(["validate", "landline", "--file", str(path), "--column", "tel", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "3 rows: 2 valid, 1 invalid" in out and "component:local" in out
    assert "1888" not in out  # file mode reports reasons and counts, never the values


@given(
    st.lists(
        st.one_of(
            zst.landlines(decorated=True), zst.landline_near_misses().map(lambda n: n.value), st.text(max_size=20)
        ),
        max_size=15,
    ),
    st.fixed_dictionaries({"require_area": st.booleans()}),
)
def test_scalar_and_column_agree_under_every_option(values, options):
    result = landline.check(pd.Series(values, dtype="str"), **options)
    for value, reason, position in zip(values, result.reason, result.position, strict=True):
        try:
            landline.validate(value, **options)
            expected = (None, None)
        except ValidationError as exc:
            expected = (exc.reason, exc.position)
        assert (None if pd.isna(reason) else reason, None if pd.isna(position) else int(position)) == expected
