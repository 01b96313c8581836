import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from zjgov.codes import bank_card
from zjgov.errors import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from zjgov.testing import strategies as zst

# STANDARDS.md 5d
VALID = ["5432123456788881", "6222021234567894", "6228480030212345679"]


@pytest.mark.parametrize("number", VALID)
def test_known_vectors(number):
    assert bank_card.validate(number) == number
    assert luhn.is_valid(number)


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        ("6222021234567895", InvalidChecksum, "checksum", 16),
        ("6228480030212345678", InvalidChecksum, "checksum", 19),
        ("622202123456789", InvalidLength, "length", None),
        ("62220212345678", InvalidLength, "length", None),
        ("62280030212345679000", InvalidLength, "length", None),
        ("6222O21234567894", InvalidFormat, "format", 5),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        bank_card.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)
    assert value[-4:] not in str(info.value)


def test_allow_15():
    body = "62220212345678"
    number = body + bank_card.check_digit(body)
    assert not bank_card.is_valid(number)
    assert bank_card.validate(number, allow_15=True) == number
    assert bank_card.is_valid("378282246310005", allow_15=True)  # American Express test number


def test_parse_and_mask():
    p = bank_card.parse("6222 0212 3456 7894")
    assert (p.bin, p.is_unionpay, p.length, p.last4, p.check_digit) == ("622202", True, 16, "7894", "4")
    assert p.masked == "622202******7894" == bank_card.mask("6222021234567894")
    assert bank_card.mask("6228480030212345679") == "622848*********5679"
    assert not bank_card.parse("5432123456788881").is_unionpay  # 62 is reported, never required
    assert bank_card.format("6228480030212345679") == "6228 4800 3021 2345 679"


def test_column():
    result = bank_card.check(pd.Series(["6222021234567894", "6222-0212-3456-7894", "6222021234567895", None]))
    assert result.valid.tolist() == [True, True, False, False]
    assert result.counts == {"checksum": 1, "missing": 1}


@given(zst.bank_cards())
def test_differential_against_stdnum_luhn_on_valid(number):
    assert luhn.is_valid(number)
    assert bank_card.check_digit(number[:-1]) == luhn.calc_check_digit(number[:-1])


@given(st.text("0123456789", min_size=12, max_size=22))
def test_differential_against_stdnum_luhn_on_any_digits(number):
    # stdnum.luhn checks the check digit of any length; we also require 16–19 digits
    assert bank_card.is_valid(number) == (luhn.is_valid(number) and 16 <= len(number) <= 19)
    assert bank_card.is_valid(number, allow_15=True) == (luhn.is_valid(number) and 15 <= len(number) <= 19)


@given(zst.bank_cards(unionpay=True, grouped=True))
def test_strategy_options(value):
    assert " " in value and bank_card.parse(value).is_unionpay


@given(
    st.lists(
        st.one_of(
            zst.bank_cards(grouped=True),
            zst.bank_cards(length=15),
            zst.bank_card_near_misses().map(lambda n: n.value),
            st.text(max_size=20),
        ),
        max_size=15,
    ),
    st.fixed_dictionaries({"allow_15": st.booleans()}),
)
def test_scalar_and_column_agree_under_every_option(values, options):
    result = bank_card.check(pd.Series(values, dtype="str"), **options)
    for value, reason, position in zip(values, result.reason, result.position, strict=True):
        try:
            bank_card.validate(value, **options)
            expected = (None, None)
        except ValidationError as exc:
            expected = (exc.reason, exc.position)
        assert (None if pd.isna(reason) else reason, None if pd.isna(position) else int(position)) == expected
