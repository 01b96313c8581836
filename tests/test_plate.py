import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import plate
from zjgov.errors import ConfigError, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from zjgov.testing import strategies as zst

# STANDARDS.md 5e: one example per kind
KNOWN = [
    ("浙A12345", "ordinary"),
    ("京AB123C", "ordinary"),
    ("浙AD12345", "new_energy_small"),
    ("浙AFA1234", "new_energy_small"),
    ("浙A12345D", "new_energy_large"),
    ("陕A12345F", "new_energy_large"),
    ("浙A1234挂", "trailer"),
    ("浙A1234学", "coach"),
    ("浙A1234警", "police"),
    ("粤Z1234港", "hk_macau"),
    ("粤ZA123澳", "hk_macau"),
    ("沪A1234领", "consulate"),
    ("使224001", "embassy"),
    ("224001使", "embassy"),
]


@pytest.mark.parametrize(("value", "kind"), KNOWN)
def test_known_vectors(value, kind):
    canonical = "使" + value[:-1] if value.endswith("使") else value
    assert plate.validate(value) == canonical
    assert plate.parse(value).kind == kind


def test_embassy_plates_come_back_in_the_plates_order():
    assert plate.validate("224001使") == plate.validate("使224·001") == "使224001"
    assert plate.compact("224001使") == "224001使"  # compact only normalises; validate puts 使 first


@pytest.mark.parametrize(
    ("value", "compact"),
    [
        ("浙A·12345", "浙A12345"),
        ("浙a 12345", "浙A12345"),
        ("浙Ａ－１２３４５", "浙A12345"),
        ("浙A・D12345", "浙AD12345"),
    ],
)
def test_separators_and_full_width(value, compact):
    assert plate.validate(value) == compact


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("浙AI2345", InvalidFormat, "format", 3),  # I in the sequence
        ("浙O12345", InvalidFormat, "format", 2),  # O as the authority letter
        ("浙A1234O", InvalidFormat, "format", 7),
        ("台A12345", InvalidComponent, "component:province", 1),
        ("AA12345", InvalidComponent, "component:province", 1),
        ("浙A1234", InvalidLength, "length", None),
        ("浙AD123456", InvalidLength, "length", None),
        ("浙AX12345", InvalidComponent, "component:energy", 3),
        ("浙A12345X", InvalidComponent, "component:energy", 8),
        ("浙AD1234A", InvalidFormat, "format", 8),
        ("浙A1234港", InvalidComponent, "component:suffix", 7),
        ("沪A12B4领", InvalidFormat, "format", 5),  # consulate sequences are digits
        ("使22400A", InvalidFormat, "format", 7),
        ("浙A12345使", InvalidFormat, "format", 8),
        ("浙A1234使", InvalidFormat, "format", 7),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        plate.validate(value)
    assert info.value.reason == reason
    assert info.value.position == position
    assert value not in str(info.value)
    assert "机动车号牌" in info.value.message("zh") and "licence plate" in info.value.message("en")


def test_extended_energy_letters_are_an_option():
    for value in ("浙AA12345", "浙AK12345", "浙A12345C"):
        assert not plate.is_valid(value)
        assert plate.is_valid(value, extended_letters=True)
    assert plate.parse("浙AA12345", extended_letters=True).energy == "battery_electric"
    assert plate.parse("浙AG12345", extended_letters=True).energy == "non_battery_electric"
    assert not plate.is_valid("浙AL12345", extended_letters=True)


def test_kind_option_restricts():
    assert plate.is_valid("浙AD12345", kind=["new_energy_small", "new_energy_large"])
    with pytest.raises(InvalidComponent) as info:
        plate.validate("浙A12345", kind="new_energy_small")
    assert info.value.reason == "component:kind"
    result = plate.check(pd.Series(["浙A12345", "浙AD12345"]), kind="ordinary")
    assert result.reason.tolist()[1] == "component:kind" and result.valid.tolist() == [True, False]
    with pytest.raises(ConfigError):
        plate.is_valid("浙A12345", kind="tractor")


def test_parse_parts():
    p = plate.parse("浙B·F12345")
    assert p.kind == "new_energy_small" and p.energy == "non_battery_electric"
    assert (p.province_char, p.province_code, p.province_name) == ("浙", "330000", "浙江省")
    assert (p.authority, p.city, p.sequence) == ("B", "宁波市", "F12345")
    assert plate.parse("浙J12345").city == "台州市"
    assert plate.parse("苏A12345").city is None  # only the Zhejiang letters are known
    assert plate.parse("蒙A12345").province_name == "内蒙古自治区"
    trailer = plate.parse("浙A1234挂")
    assert trailer.sequence == "1234" and trailer.energy is None
    embassy = plate.parse("224001使")
    assert embassy.province_char is None and embassy.sequence == "224001" and embassy.kind_name == "使馆汽车号牌"
    assert embassy.mission_code == "224" and plate.parse("浙A12345").mission_code is None


def test_format():
    assert plate.format("浙a12345") == "浙A·12345"
    assert plate.format("224001使") == "使224001"


def test_column_check_mixed_widths_and_separators():
    values = ["浙A12345", "浙A·12345", "浙AD12345", "浙AI2345", None, "", "1234567", "浙A12345D", 12345678]
    result = plate.check(pd.Series(values, dtype=object, index=list("abcdefghi")))
    assert result.valid.tolist() == [True, True, True, False, False, False, False, True, False]
    assert result.reason["d"] == "format" and result.position["d"] == 3
    assert result.reason["e"] == "missing" and result.reason["f"] == "missing"
    assert result.reason["g"] == "component:province" and result.reason["i"] == "component:province"
    assert list(result.valid.index) == list("abcdefghi")


def test_column_check_matches_a_regex_on_many_rows():
    rng = np.random.default_rng(1)
    provinces = np.array(sorted(plate.provinces()))
    alnum = np.array(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    n = 5000
    seq = ["".join(r) for r in alnum[rng.integers(0, 36, (n, 5))]]
    values = pd.Series(
        [p + a + s for p, a, s in zip(provinces[rng.integers(0, 31, n)], alnum[rng.integers(10, 36, n)], seq)]
    )
    pattern = "[" + "".join(provinces) + "][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5}"
    assert plate.check(values).valid.tolist() == values.str.fullmatch(pattern).tolist()


@given(zst.plates(province="浙", new_energy=True))
def test_strategy_options(value):
    info = plate.parse(value)
    assert info.province_char == "浙" and info.kind in ("new_energy_small", "new_energy_large")
    assert info.city is not None or info.authority not in plate.ZHEJIANG_CITIES


@given(zst.plates(extended_letters=True, kind="new_energy_small"))
def test_strategy_extended(value):
    assert plate.is_valid(value, extended_letters=True)


@given(zst.plate_near_misses(province="浙"))
def test_near_misses_with_options(near):
    with pytest.raises(ValidationError) as info:
        plate.validate(near.value)
    assert info.value.reason == near.reason


@given(
    st.lists(
        st.tuples(
            st.one_of(zst.plates(), zst.plate_near_misses().map(lambda nm: nm.value)),
            st.sampled_from(["plain", "format", "lower", "spaced", "full_width"]),
        ),
        max_size=30,
    )
)
def test_written_forms_agree_between_column_and_scalar(items):
    def written(value, how):
        if how == "format" and plate.is_valid(value):
            return plate.format(value)
        if how == "lower":
            return value.lower()
        if how == "spaced":
            return " ".join(value)
        if how == "full_width":
            return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)
        return value

    values = [written(v, how) for v, how in items]
    result = plate.check(pd.Series(values, dtype="str"))
    for value, valid, reason in zip(values, result.valid, result.reason, strict=True):
        assert plate.is_valid(value) == bool(valid)
        if not valid:
            with pytest.raises(ValidationError) as info:
                plate.validate(value)
            assert info.value.reason == reason
