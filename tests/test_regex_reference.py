"""Fuzz the kernels against regular expressions written straight from the rules (docs/codes/*.md):
on random strings built from the characters that matter, ``check`` accepts exactly what the regex
accepts. The regexes are independent of the kernels (no shared tables apart from the province list)."""

import numpy as np
import pandas as pd
import pytest

from zjgov.codes import passport, plate, travel_permit

L = "A-HJ-NP-Z"  # letters without I and O
PROVINCES = "".join(sorted(plate.provinces()))
PLATE = (
    rf"[{PROVINCES}][{L}](?:[{L}0-9]{{5}}|[{L}0-9]{{4}}[挂学警]|\d{{4}}领|[DF][{L}0-9]\d{{4}}|\d{{5}}[DF])"
    rf"|粤Z[{L}0-9]{{4}}[港澳]|使\d{{6}}|\d{{6}}使"
)
PASSPORT = rf"E\d{{8}}|E[{L}]\d{{7}}|G\d{{8}}|[DSP]E\d{{7}}|[DSP]\d{{8}}|K\d{{8}}|KJ\d{{7}}|M[AB]\d{{7}}|1[45]\d{{7}}"
PERMIT = rf"[HM]\d{{8}}(?:\d{{2}})?|[HM][{L}]\d{{6,7}}|\d{{8}}|\d{{10}}|C\d{{8}}|C[{L}]\d{{7}}|[WL]\d{{8}}"


def _strings(rng, alphabets, n=20000):
    cols = [rng.choice(np.array(list(a)), n) for a in alphabets]
    return pd.Series(["".join(t) for t in zip(*cols, strict=True)], dtype="str")


@pytest.mark.parametrize("length", [7, 8])
def test_plate_matches_its_regex(length):
    rng = np.random.default_rng(length)
    body = "0123456789ADFIOZ挂学警港澳领使#"
    values = _strings(rng, ["浙粤沪使台1", "AZIO1使"] + [body] * (length - 2))
    expected = values.str.fullmatch(PLATE)
    assert plate.check(values).valid.tolist() == expected.tolist()
    assert expected.any() and not expected.all()


def test_passport_matches_its_regex():
    rng = np.random.default_rng(9)
    values = _strings(rng, ["EGDSPKM1AZ#", "0123456789EJABIOC45Z#"] + ["0123456789A#"] * 7)
    expected = values.str.fullmatch(PASSPORT)
    assert passport.check(values).valid.tolist() == expected.tolist()
    assert expected.any() and not expected.all()


@pytest.mark.parametrize("length", [8, 9, 10, 11])
def test_travel_permit_matches_its_regex(length):
    rng = np.random.default_rng(length)
    values = _strings(rng, ["0123456789HMCWLXI#", "0123456789AIOZ#"] + ["0123456789A#"] * (length - 2))
    expected = values.str.fullmatch(PERMIT)
    assert travel_permit.check(values).valid.tolist() == expected.tolist()
    assert expected.any() and not expected.all()
