import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import vin
from zjgov.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from zjgov.testing import strategies as zst

# python-stdnum has no VIN module, so the reference is an independent plain-Python transcription
# of STANDARDS.md 5i (a dict of transliterations, not our NumPy tables).
_T = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def reference_check(v: str) -> str:
    s = sum((int(c) if c.isdigit() else _T[c]) * w for c, w in zip(v, _W, strict=True)) % 11
    return "X" if s == 10 else str(s)


@pytest.mark.parametrize(("value", "check"), [("1M8GDM9AXKP042788", "X"), ("11111111111111111", "1")])
def test_known_vectors(value, check):
    assert vin.check_char(value) == check == reference_check(value)
    assert vin.validate(value.lower()) == value


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("1M8GDM9A1KP042788", InvalidChecksum, "checksum", 9),
        ("1M8GDM9AXKP04278", InvalidLength, "length", None),
        ("1M8GDM9AXKP04278Q", InvalidFormat, "format", 17),
        ("IM8GDM9AXKP042788", InvalidFormat, "format", 1),
        ("1M8GDM9AAKP042788", InvalidFormat, "format", 9),  # only 0-9 and X at position 9
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        vin.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)


@pytest.mark.parametrize("year", "0UZ")
def test_model_year_character(year):
    body = "LSVAU218" + "0" + year + "N2183294"[1:]
    value = body[:8] + vin.check_char(body) + body[9:]
    with pytest.raises(InvalidComponent) as info:
        vin.validate(value)
    assert (info.value.reason, info.value.position) == ("component:model_year", 10)
    assert vin.is_valid(value, strict=False)


def test_lenient_mode_is_iso_3779_only():
    assert vin.is_valid("WVWZZZ1JZXW000001", strict=False)
    assert not vin.is_valid("WVWZZZ1JZXW000001")
    assert not vin.is_valid("WVWZZZ1JZXW00000I", strict=False)


def test_parse():
    p = vin.parse("LSVAU218XN2183294")
    assert (p.wmi, p.vds, p.vis, p.check, p.model_year_code) == ("LSV", "AU218X", "N2183294", "X", "N")
    assert (p.model_years, p.plant_code, p.serial, p.region) == ((1992, 2022), "2", "183294", "亚洲")
    assert vin.parse("1M8GDM9AXKP042788").model_years == (1989, 2019)
    body = "1M8GDM9A01P042788"  # year code 1
    assert vin.parse(body[:8] + vin.check_char(body) + body[9:]).model_years == (2001, 2031)
    assert vin.parse("1M8GDM9AXKP042788").region_en == "North America"


def test_column():
    result = vin.check(pd.Series(["1M8GDM9AXKP042788", "1m8g-dm9a-xkp0-42788", "1M8GDM9A1KP042788", None]))
    assert result.valid.tolist() == [True, True, False, False]
    assert result.position.tolist()[2] == 9


@given(zst.vins())
def test_differential_against_reference_on_valid(value):
    assert value[8] == reference_check(value)


@given(st.text(vin.ALPHABET, min_size=17, max_size=17))
def test_differential_against_reference_on_any(value):
    expected = value[8] == reference_check(value) and value[9] in vin.YEAR_CODES
    assert vin.is_valid(value) == expected


@given(zst.vins(wmi="LSV", year_code="N"))
def test_strategy_options(value):
    assert value.startswith("LSV") and vin.parse(value).model_years == (1992, 2022)


@given(
    st.lists(st.one_of(zst.vins(), zst.vin_near_misses().map(lambda n: n.value), st.text(max_size=20)), max_size=15),
    st.fixed_dictionaries({"strict": st.booleans()}),
)
def test_scalar_and_column_agree_under_every_option(values, options):
    result = vin.check(pd.Series(values, dtype="str"), **options)
    for value, reason, position in zip(values, result.reason, result.position, strict=True):
        try:
            vin.validate(value, **options)
            expected = (None, None)
        except ValidationError as exc:
            expected = (exc.reason, exc.position)
        assert (None if pd.isna(reason) else reason, None if pd.isna(position) else int(position)) == expected
