import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import mobile
from zjgov.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from zjgov.testing import strategies as zst

# STANDARDS.md 5a: the practical regex was verified to accept these
VALID = ["13800138000", "19212345678", "16512345678", "17412345678"]
REGEX = r"^1(?:3\d|4[579]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$"


@pytest.mark.parametrize("number", VALID)
def test_known_vectors(number):
    assert mobile.validate(number) == number


@pytest.mark.parametrize(
    "value", ["+86 138 0013 8000", "+86-138-0013-8000", "0086 13800138000", "8613800138000", "(+86)13800138000"]
)
def test_country_prefixes_are_stripped(value):
    assert mobile.compact(value) == "13800138000"
    assert mobile.validate(value) == "13800138000"
    assert mobile.check(pd.Series([value])).all_valid


def test_full_width_and_ideographic_space():
    assert mobile.validate("＋８６　１３８００１３８０００") == "13800138000"


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("1380013800", InvalidLength, "length", None),
        ("138001380000", InvalidLength, "length", None),
        ("1380013800A", InvalidFormat, "format", 11),
        ("861380013800A", InvalidFormat, "format", 11),  # position in the compact form, prefix removed
        ("15412345678", InvalidComponent, "component:prefix", 1),
        ("19412345678", InvalidComponent, "component:prefix", 1),
        ("12012345678", InvalidComponent, "component:prefix", 1),
        ("14412345678", InvalidComponent, "component:prefix", 1),  # 144 is IoT, 13 digits
        ("17413345678", InvalidComponent, "component:prefix", 1),  # 17413 unallocated
        ("13491234567", None, None, None),  # 1349 China Telecom
        ("1440123456789", InvalidComponent, "component:iot", 1),
        ("1990123456789", InvalidLength, "length", None),  # 13 digits, not an IoT prefix
        ("+8623800138000", InvalidLength, "length", None),  # not a mobile after +86: prefix kept
    ],
)
def test_errors_are_precise(value, error, reason, position):
    if error is None:
        assert mobile.is_valid(value)
        return
    with pytest.raises(error) as info:
        mobile.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)
    assert value[-4:] not in str(info.value)
    result = mobile.check(pd.Series([value]))
    assert result.reason[0] == reason


def test_options():
    assert mobile.validate("1440123456789", iot=True) == "1440123456789"
    assert mobile.validate("861440123456789", iot=True) == "1440123456789"
    with pytest.raises(InvalidComponent) as info:
        mobile.validate("1990123456789", iot=True)
    assert info.value.reason == "component:prefix"
    assert mobile.is_valid("15412345678", assigned_only=False)
    assert not mobile.is_valid("12012345678", assigned_only=False)
    assert mobile.is_valid("14512345678")
    with pytest.raises(InvalidComponent) as info:
        mobile.validate("14512345678", data_only=False)
    assert info.value.reason == "component:data_only"


@pytest.mark.parametrize(
    ("number", "carrier", "kind", "host"),
    [
        ("13800138000", "中国移动", "voice", None),
        ("13012345678", "中国联通", "voice", None),
        ("13312345678", "中国电信", "voice", None),
        ("13481234567", "中国移动", "voice", None),
        ("13491234567", "中国电信", "voice", None),
        ("19212345678", "中国广电", "voice", None),
        ("17001234567", "虚拟运营商", "voice", "中国电信"),
        ("17051234567", "虚拟运营商", "voice", "中国移动"),
        ("17181234567", "虚拟运营商", "voice", "中国联通"),
        ("14712345678", "中国移动", "data", None),
        ("17491234567", None, "satellite", None),
        ("17410123456", None, "emergency", None),
        ("17405123456", "中国电信", "voice", None),
    ],
)
def test_parse_carrier(number, carrier, kind, host):
    p = mobile.parse(number)
    assert (p.carrier, p.kind, p.host_carrier) == (carrier, kind, host)
    assert p.network_prefix == number[:3] and p.hlr == number[3:7] and p.subscriber == number[7:]


def test_parse_iot_and_unlisted():
    p = mobile.parse("1460123456789", iot=True)
    assert (p.carrier, p.kind, p.hlr, p.carrier_en) == ("中国联通", "iot", None, "China Unicom")
    assert not p.portable
    q = mobile.parse("15412345678", assigned_only=False)
    assert q.carrier is None and q.kind is None


def test_format():
    assert mobile.format("+8613800138000") == "138 0013 8000"
    assert mobile.format("1440123456789", iot=True) == "14401 2345 6789"


@given(zst.mobiles())
def test_every_generated_number_matches_the_published_regex(number):
    # the 11-digit table is a subset of the practical regex of STANDARDS 5a (which lets 174xx through)
    import re

    assert re.match(REGEX, number)


@given(st.text("0123456789", min_size=11, max_size=11).map(lambda s: "1" + s[1:]))
def test_table_agrees_with_regex_outside_the_fine_grained_prefixes(number):
    # where the regex and the table disagree, it is only in 134x, 170x, 174xx (finer table) and
    # the IoT/data prefixes the regex treats alike
    import re

    if number[:3] not in ("134", "170", "174"):
        assert mobile.is_valid(number) == bool(re.match(REGEX, number))


@given(zst.mobiles(decorated=True))
def test_decorated_numbers(value):
    number = mobile.validate(value)
    assert len(number) == 11 and value.replace(" ", "").replace("-", "").endswith(number)
    assert mobile.check(pd.Series([value, number], dtype="str")).all_valid


@given(st.sampled_from(sorted(mobile.CARRIERS)).flatmap(lambda c: st.tuples(st.just(c), zst.mobiles(carrier=c))))
def test_carrier_strategy(pair):
    carrier, number = pair
    assert mobile.parse(number).carrier == mobile.CARRIERS[carrier][0]


def test_column_keeps_index_and_counts():
    s = pd.Series(["13800138000", "+86 13800138000", "15412345678", None, 13800138000], index=list("abcde"))
    result = mobile.check(s)
    assert list(result.valid) == [True, True, False, False, True]
    assert result.counts == {"component:prefix": 1, "missing": 1}
    assert result.summary(lang="en").message[0].startswith("mobile number")


def test_cli_validate(capsys):
    from zjgov.cli.main import main

    assert main(["validate", "mobile", "+86 138 0013 8000", "--lang", "en"]) == 0
    assert main(["validate", "mobile", "1440123456789", "--lang", "en"]) == 1
    assert "IoT" in capsys.readouterr().out
    assert main(["validate", "mobile", "1440123456789", "--option", "iot=true"]) == 0


def test_strategy_arguments_are_checked():
    from hypothesis.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        zst.mobiles(carrier="unknown").example()
    with pytest.raises(InvalidArgument):
        zst.mobiles(iot=True, kind="voice").example()


@given(
    st.lists(
        st.one_of(
            zst.mobiles(decorated=True),
            zst.mobiles(iot=True),
            zst.mobile_near_misses().map(lambda n: n.value),
            st.text(max_size=20),
        ),
        max_size=15,
    ),
    st.fixed_dictionaries({"iot": st.booleans(), "assigned_only": st.booleans(), "data_only": st.booleans()}),
)
def test_scalar_and_column_agree_under_every_option(values, options):
    result = mobile.check(pd.Series(values, dtype="str"), **options)
    for value, reason, position in zip(values, result.reason, result.position, strict=True):
        try:
            mobile.validate(value, **options)
            expected = (None, None)
        except ValidationError as exc:
            expected = (exc.reason, exc.position)
        assert (None if pd.isna(reason) else reason, None if pd.isna(position) else int(position)) == expected
