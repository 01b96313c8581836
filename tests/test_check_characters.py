"""zjgov.codes.check_characters against python-stdnum and the codes' own kernels; the scalar
and vectorised functions agree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn as stdnum_luhn
from stdnum.cn import uscc as stdnum_uscc
from stdnum.iso7064 import mod_11_2 as stdnum_mod_11_2

from zjgov.codes import check_characters as cc
from zjgov.codes import citizen_id, org_code, uscc, vin

DIGITS = st.text("0123456789", min_size=17, max_size=17)
USCC_BODY = st.text(cc.USCC_ALPHABET, min_size=17, max_size=17)
ORG_BODY = st.text(cc.GB11714_ALPHABET, min_size=8, max_size=8)
VIN_BODY = st.text(cc.VIN_ALPHABET, min_size=17, max_size=17)


def _matrix(bodies: list[str], alphabet: str) -> np.ndarray:
    return cc.values(np.array([list(b.encode()) for b in bodies], np.uint8), alphabet)


@settings(max_examples=60, deadline=None)
@given(st.lists(DIGITS, min_size=1, max_size=20))
def test_mod_11_2_matches_stdnum_and_the_citizen_id_kernel(bodies):
    vector = bytes(cc.mod_11_2_matrix(_matrix(bodies, cc.DIGITS))).decode()
    for b, v in zip(bodies, vector):
        assert cc.mod_11_2(b) == v == stdnum_mod_11_2.calc_check_digit(b) == citizen_id.check_char(b)
        assert citizen_id.is_valid(b + v, strictness="checksum")


@settings(max_examples=60, deadline=None)
@given(st.lists(USCC_BODY, min_size=1, max_size=20))
def test_gb32100_matches_stdnum_and_the_uscc_kernel(bodies):
    vector = bytes(cc.gb32100_matrix(_matrix(bodies, cc.USCC_ALPHABET))).decode()
    for b, v in zip(bodies, vector):
        assert cc.gb32100(b) == v == stdnum_uscc.calc_check_digit(b) == uscc.check_char(b)


@settings(max_examples=60, deadline=None)
@given(st.lists(ORG_BODY, min_size=1, max_size=20))
def test_gb11714_matches_the_org_code_kernel(bodies):
    vector = bytes(cc.gb11714_matrix(_matrix(bodies, cc.GB11714_ALPHABET))).decode()
    for b, v in zip(bodies, vector):
        assert cc.gb11714(b) == v == org_code.check_char(b)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("0123456789", min_size=12, max_size=18), min_size=1, max_size=20))
def test_luhn_matches_stdnum(bodies):
    for b in bodies:
        v = cc.luhn(b)
        assert v == stdnum_luhn.calc_check_digit(b) and stdnum_luhn.is_valid(b + v)
        assert bytes(cc.luhn_matrix(_matrix([b], cc.DIGITS))).decode() == v


@settings(max_examples=60, deadline=None)
@given(st.lists(VIN_BODY, min_size=1, max_size=20))
def test_vin_matches_the_vin_kernel(bodies):
    vector = bytes(cc.vin_matrix(_matrix(bodies, cc.VIN_ALPHABET))).decode()
    for b, v in zip(bodies, vector):
        assert cc.vin(b) == v == vin.check_char(b)


def test_known_values_and_errors():
    assert cc.mod_11_2("11010519491231002") == "X"
    assert cc.luhn("7992739871") == "3"  # the ISO/IEC 7812 example
    with pytest.raises(ValueError, match="17"):
        cc.mod_11_2("123")
    with pytest.raises(ValueError, match="character 3"):
        cc.gb32100("91I50100M000100Y4")
