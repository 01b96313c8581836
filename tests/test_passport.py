import re

import pandas as pd
import pytest
from hypothesis import given

from zjgov.codes import passport
from zjgov.errors import ConfigError, InvalidComponent, InvalidFormat, InvalidLength
from zjgov.testing import strategies as zst

# STANDARDS.md 5f: one example per series
KNOWN = [
    ("E12345678", "ordinary", "E", True),
    ("EA1234567", "ordinary", "EA", True),
    ("EH7654321", "ordinary", "EH", True),
    ("G12345678", "ordinary", "G", False),
    ("141234567", "ordinary", "14", False),
    ("151234567", "ordinary", "15", False),
    ("DE1234567", "diplomatic", "DE", True),
    ("D12345678", "diplomatic", "D", False),
    ("SE1234567", "service", "SE", True),
    ("S12345678", "service", "S", False),
    ("PE1234567", "public_affairs", "PE", True),
    ("P12345678", "public_affairs", "P", False),
    ("K12345678", "hksar", "K", None),
    ("KJ1234567", "hksar", "KJ", None),
    ("MA1234567", "msar", "MA", None),
    ("MB1234567", "msar", "MB", None),
]
# the regex of STANDARDS.md 5f
REGEX = re.compile(
    r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|(?:D|S|P)E\d{7}|(?:D|S|P)\d{8}|K\d{8}|KJ\d{7}|M[AB]\d{7}|1[45]\d{7}"
)


@pytest.mark.parametrize(("value", "kind", "prefix", "electronic"), KNOWN)
def test_known_vectors(value, kind, prefix, electronic):
    assert passport.validate(value.lower()) == value
    info = passport.parse(value)
    assert (info.kind, info.prefix, info.electronic) == (kind, prefix, electronic)
    assert info.prefix + info.serial == value


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("EI1234567", InvalidFormat, "format", 2),
        ("EO1234567", InvalidFormat, "format", 2),
        ("E1234567A", InvalidFormat, "format", 9),
        ("A12345678", InvalidComponent, "component:series", 1),
        ("MC1234567", InvalidComponent, "component:series", 2),
        ("161234567", InvalidComponent, "component:series", 2),
        ("#12345678", InvalidFormat, "format", 1),
        ("E1234567", InvalidLength, "length", None),
        ("G123456789", InvalidLength, "length", None),
        ("DX1234567", InvalidFormat, "format", 2),
        ("M#1234567", InvalidFormat, "format", 2),
        ("1#1234567", InvalidFormat, "format", 2),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        passport.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)
    assert value not in str(info.value)
    assert "护照号码" in info.value.message("zh") and "passport" in info.value.message("en")


def test_kind_option():
    assert passport.is_valid("DE1234567", kind="diplomatic")
    assert passport.is_valid("DE1234567", kind={"diplomatic", "service"})
    with pytest.raises(InvalidComponent) as info:
        passport.validate("E12345678", kind="hksar")
    assert info.value.reason == "component:kind"
    with pytest.raises(ConfigError):
        passport.check(pd.Series(["E12345678"]), kind="alien")


def test_parse_names():
    assert passport.parse("SE1234567").kind_name == "公务护照"
    assert passport.parse("MB1234567").kind_name == "澳门特别行政区护照"


@given(zst.passports())
def test_strategy_agrees_with_the_standards_regex(value):
    assert REGEX.fullmatch(value)


@given(zst.passport_near_misses())
def test_near_misses_fail_the_regex_too(near):
    assert not REGEX.fullmatch(near.value)


@given(zst.passports(kind="msar"))
def test_strategy_kind(value):
    assert passport.parse(value).kind == "msar"
