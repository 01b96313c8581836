import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_37_36

from zjgov.codes import elicense
from zjgov.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from zjgov.testing import strategies as zst

# STANDARDS.md item 6: verified identifiers from three different systems
VERIFIED = [
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
    "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9",
]
GOOD = VERIFIED[0]


@pytest.mark.parametrize("value", VERIFIED)
def test_verified_vectors(value):
    assert elicense.validate(value) == value
    assert elicense.validate(value.lower()) == value
    payload = "".join(value.split(".")[5:9])
    assert elicense.check_char(payload) == value[-1] == mod_37_36.calc_check_digit(payload)
    assert elicense.is_valid(value, check_uscc=True)


def _part(index: int, new: str) -> str:
    parts = GOOD.split(".")
    parts[index] = new
    parts[-1] = elicense.check_char("".join(parts[5:9]))
    return ".".join(parts)


@pytest.mark.parametrize(
    ("value", "error", "reason", "position"),
    [
        (GOOD[:-1] + "V", InvalidChecksum, "checksum", 73),
        (GOOD.replace("3005", "3006"), InvalidComponent, "component:root", 12),
        ("2" + GOOD[1:], InvalidComponent, "component:root", 1),
        (_part(5, "11100000000013338W01"), InvalidComponent, "component:type_code", 16),
        (_part(5, "11100000000013338I011"), InvalidComponent, "component:type_code", 33),  # I: not USCC
        (_part(5, "11100000000013338W0A1"), InvalidComponent, "component:type_code", 35),
        (_part(6, "1143000000612224"), InvalidComponent, "component:issuer", 38),
        (_part(6, "34010A"), InvalidComponent, "component:issuer", 43),
        (_part(7, ""), InvalidComponent, "component:serial", 57),
        (_part(7, "9" * 65), InvalidComponent, "component:serial", 57),
        (_part(8, "01"), InvalidComponent, "component:version", 69),
        (_part(8, "0A1"), InvalidComponent, "component:version", 69),
        (GOOD + "U", InvalidFormat, "format", 73),
        (GOOD[:-2] + ".001.U", InvalidFormat, "format", 76),  # a fifth dot
        (GOOD.replace(".20230000403.", ".2023-0000403."), InvalidFormat, "format", 61),
        (GOOD.replace(".001.", "001."), InvalidFormat, "format", None),
        (GOOD[:20], InvalidLength, "length", None),
    ],
)
def test_errors_are_precise(value, error, reason, position):
    with pytest.raises(error) as info:
        elicense.validate(value)
    assert (info.value.reason, info.value.position) == (reason, position)
    assert "11430000006122244L" not in str(info.value)
    result = elicense.check(pd.Series([value]))
    assert result.reason[0] == reason


def test_check_warning():
    bad = GOOD[:-1] + "V"
    assert not elicense.is_valid(bad)
    assert elicense.validate(bad, check_warning=True) == bad
    p = elicense.parse(bad, check_warning=True)
    assert (p.check, p.expected_check, p.check_valid, p.warnings) == ("V", "U", False, ("checksum",))
    assert elicense.check(pd.Series([bad, GOOD]), check_warning=True).all_valid
    assert elicense.parse(GOOD).warnings == ()


def test_check_uscc():
    body = "11100000000013338"
    wrong = _part(5, body + "X011")  # definer USCC with a wrong GB 32100 check character
    assert elicense.is_valid(wrong)
    with pytest.raises(InvalidComponent) as info:
        elicense.validate(wrong, check_uscc=True)
    assert (info.value.reason, info.value.position) == ("component:type_code", 33)
    wrong_issuer = _part(6, "11430000006122244A")
    with pytest.raises(InvalidComponent) as info:
        elicense.validate(wrong_issuer, check_uscc=True)
    assert (info.value.reason, info.value.position) == ("component:issuer", 55)


def test_parse():
    p = elicense.parse(VERIFIED[1])
    assert (p.root, p.type_code, p.definer_code, p.type_number) == (
        "1.2.156.3005.2",
        "11100000000013338W009",
        "11100000000013338W",
        "009",
    )
    assert (p.issuer_code, p.issuer_kind, p.serial, p.version, p.check, p.check_valid) == (
        "11330105002500287C",
        "uscc",
        "2025052201",
        "002",
        "0",
        True,
    )


def test_column_of_mixed_lengths_keeps_order():
    values = [*VERIFIED, None, GOOD[:-1] + "V", " " + VERIFIED[2] + " ", "x"]
    result = elicense.check(pd.Series(values, index=list("abcdefg")))
    assert result.valid.tolist() == [True, True, True, False, False, True, False]
    assert list(result.valid.index) == list("abcdefg")
    assert result.counts == {"missing": 1, "checksum": 1, "length": 1}


@given(st.text(elicense.ALPHABET, min_size=1, max_size=120))
def test_mod37_36_against_stdnum(payload):
    assert elicense.check_char(payload) == mod_37_36.calc_check_digit(payload)
    assert mod_37_36.is_valid(payload + elicense.check_char(payload))


@given(zst.elicenses())
def test_differential_against_stdnum_on_valid(value):
    parts = value.split(".")
    assert mod_37_36.is_valid("".join(parts[5:10]))


@given(zst.elicense_near_misses())
def test_near_misses_against_stdnum(near):
    # stdnum only knows the check algorithm: it agrees on every checksum near miss
    parts = near.value.split(".")
    if near.reason == "checksum":
        assert not mod_37_36.is_valid("".join(parts[5:10]))


@given(zst.elicenses(issuer_kind="division", definer="11100000000013338W", max_serial=4))
def test_strategy_options(value):
    p = elicense.parse(value)
    assert p.issuer_kind == "division" and p.definer_code == "11100000000013338W" and len(p.serial) <= 4


def _mangled():
    ops = st.sampled_from(["cut", "dot", "char", "drop"])
    return st.tuples(
        zst.elicenses(), st.lists(st.tuples(ops, st.integers(0, 200), st.sampled_from("0A.*")), max_size=3)
    )


def _apply(value, edits):
    for op, i, c in edits:
        i %= max(len(value), 1)
        if op == "cut":
            value = value[:i]
        elif op == "dot":
            value = value[:i] + "." + value[i:]
        elif op == "char":
            value = value[:i] + c + value[i + 1 :]
        else:
            value = value[:i] + value[i + 1 :]
    return value


@given(_mangled(), st.booleans(), st.booleans())
def test_mangled_values_with_every_option_agree_and_never_crash(case, check_uscc, check_warning):
    opts = {"check_uscc": check_uscc, "check_warning": check_warning}
    value = _apply(*case)
    result = elicense.check(pd.Series([value]), **opts)
    try:
        elicense.validate(value, **opts)
        expected = (True, None)
    except (InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength) as exc:
        expected = (False, exc.reason)
    assert (bool(result.valid[0]), None if pd.isna(result.reason[0]) else result.reason[0]) == expected
