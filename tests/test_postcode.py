import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import citizen_id, postcode
from zjgov.errors import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from zjgov.testing import strategies as zst

# STANDARDS.md 5c
ZHEJIANG = {
    "310000": "杭州市",
    "311200": "杭州市",  # 萧山
    "311100": "杭州市",  # 余杭
    "311400": "杭州市",  # 富阳
    "311500": "杭州市",  # 桐庐
    "311600": "杭州市",  # 建德
    "315000": "宁波市",
    "325000": "温州市",
    "316000": "舟山市",
    "314000": "嘉兴市",
    "313000": "湖州市",
    "312000": "绍兴市",
    "321000": "金华市",
    "324000": "衢州市",
    "318000": "台州市",
    "323000": "丽水市",
}


@pytest.mark.parametrize(("code", "city"), ZHEJIANG.items())
def test_zhejiang_vectors(code, city):
    p = postcode.parse(code)
    assert (p.zone, p.province, p.city) == (code[:2], "浙江省", city)
    assert (p.area, p.county, p.office) == (code[:3], code[:4], code[4:])


def test_postal_zone_is_not_the_division_code():
    # postal 33 is Jiangxi, division 33 is Zhejiang: never cross-validated
    assert postcode.parse("330000").province == "江西省"
    assert postcode.parse("330000").city is None
    assert postcode.parse("311800").city is None  # 诸暨 (绍兴), outside the Hangzhou range 3100–3116
    assert citizen_id.parse("33010619900101123X").province_name == "浙江省"


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("31001", InvalidLength, "length", None),
        ("3100123", InvalidLength, "length", None),
        ("31O012", InvalidFormat, "format", 3),
        ("", InvalidLength, "missing", None),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        postcode.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)


def test_zone_check_is_opt_in():
    assert postcode.is_valid("000000") and postcode.parse("000000").province is None
    with pytest.raises(InvalidComponent) as info:
        postcode.validate("000000", check_zone=True)
    assert (info.value.reason, info.value.position) == ("component:zone", 1)
    assert postcode.is_valid("010000", check_zone=True)  # 呼和浩特: zones may start with 0


def test_normalisation_and_column():
    assert postcode.validate("３１００１２") == "310012"
    result = postcode.check(pd.Series(["310012", "310 012", 310012, "3100", None]))
    assert result.valid.tolist() == [True, True, True, False, False]


@given(zst.postcodes(province="浙江省"))
def test_zhejiang_strategy(code):
    assert code[:2] in ("31", "32") and postcode.is_valid(code, check_zone=True)


@given(zst.postcodes())
def test_every_generated_code_has_a_province(code):
    assert postcode.parse(code).province is not None


@given(
    st.lists(
        st.one_of(zst.postcodes(), zst.postcode_near_misses().map(lambda n: n.value), st.text(max_size=20)), max_size=15
    ),
    st.fixed_dictionaries({"check_zone": st.booleans()}),
)
def test_scalar_and_column_agree_under_every_option(values, options):
    result = postcode.check(pd.Series(values, dtype="str"), **options)
    for value, reason, position in zip(values, result.reason, result.position, strict=True):
        try:
            postcode.validate(value, **options)
            expected = (None, None)
        except ValidationError as exc:
            expected = (exc.reason, exc.position)
        assert (None if pd.isna(reason) else reason, None if pd.isna(position) else int(position)) == expected
