import pytest
from hypothesis import given
from stdnum.cn import uscc as std_uscc

from zjgov.codes import org_code, uscc
from zjgov.errors import InvalidChecksum, InvalidComponent, InvalidFormat
from zjgov.testing import strategies as zst

# STANDARDS.md item 2: all pass both checks
VALID = [
    "91110000600037341L",
    "91310115591693856A",
    "91310110666007217T",
    "91110000MA01A7RH2R",
    "91330100716105852F",
    "91440300708461136T",
    "914403001922038216",
    "91110108551385082Q",
    "11330000002500017C",
    "12330100470000013L",
    "53640000MJX173672F",
]
PILOT = ["91350211M00013FA1N", "91350100M0001TGQXM", "91350211M0000XUF46", "91350203M0001FUE2P"]


@pytest.mark.parametrize("number", VALID)
def test_known_vectors(number):
    assert uscc.validate(number.lower()) == number


@pytest.mark.parametrize("number", PILOT)
def test_pilot_codes_need_lenient(number):
    assert not uscc.is_valid(number)
    assert uscc.is_valid(number, lenient=True)


def test_embedded_org_code_uses_gb11714_letter_values():
    assert org_code.check_char("MJX17367") == "2"
    body = "91330100" + "MJX17367" + "4"
    with pytest.raises(InvalidComponent) as info:
        uscc.validate(body + uscc.check_char(body))
    assert info.value.reason == "component:org_code" and info.value.position == 17


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("B1330100716105852", "component:authority"),
        ("94330100716105852", "component:org_type"),
        ("91999999716105852", "component:region"),
    ],
)
def test_component_errors(body, reason):
    with pytest.raises(InvalidComponent) as info:
        uscc.validate(body + uscc.check_char(body))
    assert info.value.reason == reason


def test_format_and_checksum():
    with pytest.raises(InvalidFormat) as info:
        uscc.validate("91330100716105852I")
    assert info.value.position == 18
    with pytest.raises(InvalidChecksum):
        uscc.validate("91330100716105852G")


def test_parse():
    p = uscc.parse("11330000002500017C")
    assert (p.authority_name, p.org_type_name, p.region_name) == ("机构编制", "机关", "浙江省")


@given(zst.usccs())
def test_differential_against_stdnum(number):
    # stdnum knows neither the authority table nor the embedded org code (we are stricter), and it
    # refuses letters among the first 8 characters: authorities A, N and Y (docs/codes.md)
    assert std_uscc.is_valid(number) == number[:2].isdigit()


@given(zst.uscc_near_misses())
def test_near_misses_against_stdnum(near):
    if near.reason in ("checksum", "length", "format"):
        assert not std_uscc.is_valid(near.value)
