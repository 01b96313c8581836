import pandas as pd
import pytest
from hypothesis import given

from zjgov.codes import travel_permit
from zjgov.errors import ConfigError, InvalidComponent, InvalidFormat, InvalidLength
from zjgov.testing import strategies as zst

# STANDARDS.md 5g: one example per form
KNOWN = [
    ("H12345678", "hk_macau_resident", "hong_kong", True, None),
    ("M12345678", "hk_macau_resident", "macau", True, None),
    ("H1234567803", "hk_macau_resident", "hong_kong", True, 3),
    ("HA1234567", "hk_macau_resident", "hong_kong", False, None),
    ("MB123456", "hk_macau_resident", "macau", False, None),
    ("12345678", "taiwan_resident", None, True, None),
    ("1234567890", "taiwan_resident", None, False, None),
    ("C12345678", "to_hk_macau", None, True, None),
    ("CA1234567", "to_hk_macau", None, True, None),
    ("W12345678", "to_hk_macau", None, False, None),
    ("L12345678", "to_taiwan", None, True, None),
]


@pytest.mark.parametrize(("value", "kind", "region", "card", "count"), KNOWN)
def test_known_vectors(value, kind, region, card, count):
    assert travel_permit.validate(value.lower()) == value
    info = travel_permit.parse(value)
    assert (info.kind, info.region, info.card, info.issue_count) == (kind, region, card, count)


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("CI1234567", InvalidFormat, "format", 2),
        ("CO1234567", InvalidFormat, "format", 2),
        ("WA1234567", InvalidFormat, "format", 2),  # booklets: W + 8 digits only
        ("H1234567", InvalidFormat, "format", 2),  # 8 characters: booklet H + letter + 6 digits
        ("X12345678", InvalidComponent, "component:series", 1),
        ("#1234567", InvalidFormat, "format", 1),
        ("123456789", InvalidLength, "length", None),  # Taiwan permits have 8 or 10 digits
        ("L1234567", InvalidLength, "length", None),
        ("L123456789", InvalidLength, "length", None),
        ("1234567", InvalidLength, "length", None),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        travel_permit.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)
    assert value not in str(info.value)
    assert "通行证号码" in info.value.message("zh") and "travel permit" in info.value.message("en")


def test_kind_option_resolves_the_all_digit_ambiguity():
    # any 8-digit number passes as a Taiwan permit unless the column's kind is known
    column = pd.Series(["12345678", "C12345678", "L12345678"])
    assert travel_permit.check(column).all_valid
    restricted = travel_permit.check(column, kind=["to_hk_macau", "to_taiwan"])
    assert restricted.reason.tolist()[0] == "component:kind" and restricted.valid.tolist() == [False, True, True]
    with pytest.raises(InvalidComponent):
        travel_permit.validate("H12345678", kind="taiwan_resident")
    with pytest.raises(ConfigError):
        travel_permit.is_valid("H12345678", kind=[])


@given(zst.travel_permits(kind="to_hk_macau"))
def test_strategy_kind(value):
    assert travel_permit.parse(value).kind == "to_hk_macau"


@given(zst.travel_permits())
def test_parse_round_trip(value):
    info = travel_permit.parse(value)
    assert info.number == value and info.kind_name == travel_permit.KIND_NAMES[info.kind]


def test_holder_number_survives_renewal():
    # MPS rule (2010): characters 1-9 are the holder's lifelong number, 10-11 the issue count (00 first)
    first, renewed = travel_permit.parse("H1234567800"), travel_permit.parse("H1234567801")
    assert first.issue_count == 0 and renewed.issue_count == 1
    assert first.holder_number == renewed.holder_number == travel_permit.parse("H12345678").holder_number
    assert travel_permit.parse("HA1234567").holder_number is None
