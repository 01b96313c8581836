import pytest

from zjgov.codes import ethnicity
from zjgov.errors import InvalidComponent, InvalidLength

# STANDARDS.md 5k (code, name, letter code)
SAMPLE = [("01", "汉族", "HA"), ("04", "藏族", "ZA"), ("10", "朝鲜族", "CS"), ("25", "水族", "SU")]
SAMPLE += [("36", "毛南族", "MN"), ("49", "京族", "GI"), ("56", "基诺族", "JN")]


def test_56_groups():
    table = ethnicity.table()
    assert len(table) == 56 and list(table) == [f"{i:02d}" for i in range(1, 57)]


@pytest.mark.parametrize(("code", "name", "letters"), SAMPLE)
def test_known_vectors(code, name, letters):
    assert ethnicity.name(code) == name
    assert ethnicity.letter_code(code) == letters
    assert ethnicity.code(letters) == code
    assert ethnicity.code(name) == code
    assert ethnicity.code(name.removesuffix("族")) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("毛难族", "36"),
        ("毛难", "36"),
        ("汉", "01"),
        ("han", "01"),
        ("Mongol", "02"),
        ("Korean", "10"),
        ("Tibetan", "04"),
        ("sui", "25"),
        ("俄罗斯", "44"),
    ],
)
def test_name_variants(name, code):
    assert ethnicity.code(name) == code


def test_parse():
    p = ethnicity.parse("02")
    assert (p.code, p.name, p.romanized, p.letter_code, p.in_standard) == ("02", "蒙古族", "Mongol", "MG", True)
    assert ethnicity.validate_name("毛难族") == "毛南族"


def test_extended_codes_97_98():
    for code in ("97", "98"):
        with pytest.raises(InvalidComponent) as info:
            ethnicity.validate(code)
        assert info.value.reason == "component:code"
        assert ethnicity.is_valid(code, extended=True)
    p = ethnicity.parse("98", extended=True)
    assert p.name == "外国血统中国籍人士" and not p.in_standard and p.letter_code is None
    assert ethnicity.code("其它", extended=True) == "97"
    assert ethnicity.code("未识别民族", extended=True) == "97"
    with pytest.raises(InvalidComponent):
        ethnicity.code("其他")
    assert len(ethnicity.table(extended=True)) == 58


def test_one_digit_is_not_padded():
    with pytest.raises(InvalidLength):
        ethnicity.validate("1")
    with pytest.raises(InvalidLength):
        ethnicity.validate(1)  # an integer column has lost the leading zero
