"""The byte-level quick accepts (``Code.accept``: plate, passport, travel permit, code tables) read the
UTF-8 bytes of a column without decoding. They must accept exactly what the kernel accepts on the
forms they cover, and never change a verdict: on random columns built from the characters that
matter, ``accept`` ⇒ valid and already canonical, canonical valid values of the covered forms are
accepted, and ``check`` gives the same reasons and positions with and without the accept."""

import dataclasses

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from zjgov.codes import (
    _engine,
    division,
    education,
    ethnicity,
    family_relationship,
    org_code,
    passport,
    plate,
    sex,
    travel_permit,
    uscc,
)
from zjgov.errors import ValidationError

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _column(rng: np.random.Generator, heads: list[str], body: str, lengths: range, n: int = 3000) -> list[str]:
    """Random values: a head (often a valid prefix) then characters of ``body``."""
    out = []
    for _ in range(n):
        head = heads[rng.integers(len(heads))]
        k = max(int(rng.choice(lengths)) - len(head), 0)
        out.append(head + "".join(rng.choice(list(body), k)))
    return out


def _canonical(code: _engine.Code, value: str, **options) -> bool:
    try:
        return code.validate(value, **options) == value
    except ValidationError:
        return False


def _assert_accept(code: _engine.Code, values: list[str], covered, **options) -> None:
    for typ in (pa.string(), pa.large_string()):
        arr = pa.array(["x", *values], typ).slice(1)  # a slice: offsets that do not start at 0
        offs, data, _ = _engine.offsets_data(arr)
        quick = code.accept(offs, data, np.diff(offs), **code.options(**options))
        canonical = np.array([_canonical(code, v, **options) for v in values])
        assert not (quick & ~canonical).any(), [v for v, q, c in zip(values, quick, canonical) if q and not c][:5]
        wanted = canonical & np.array([covered(v) for v in values])
        assert not (wanted & ~quick).any(), [v for v, q, w in zip(values, quick, wanted) if w and not q][:5]
        assert quick.any()
        series = pd.Series(arr, dtype="str")
        with_accept = code.check(series, **options)
        without = dataclasses.replace(code, accept=None).check(series, **options)
        assert with_accept.valid.equals(without.valid)
        assert with_accept.reason.equals(without.reason) and with_accept.position.equals(without.position)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("extended", [False, True])
def test_plate(seed, extended):
    rng = np.random.default_rng(seed)
    provinces = list(plate.provinces())
    heads = [p + a for p in [*provinces[:8], "使", "Ａ", "a"] for a in "AZIOa1"] + ["", "粤Z"]
    body = DIGITS + UPPER + "dfz挂学警港澳领使·- ０Ｄ"
    values = _column(rng, heads, body, range(5, 11))
    values += [p + "A" + s for p in provinces for s in ("12345", "D12345", "12345F", "AB123C", "1234挂")]

    def covered(v: str) -> bool:  # 7 or 8 characters, a province first, ASCII after it
        return len(v) in (7, 8) and v[0] in provinces and v[1:].isascii()

    _assert_accept(plate._CODE, values, covered, extended_letters=extended)


@pytest.mark.parametrize("seed", range(3))
def test_passport(seed):
    rng = np.random.default_rng(seed)
    heads = ["E", "EA", "EI", "G", "DE", "D", "SE", "PE", "K", "KJ", "MA", "MB", "MC", "14", "15", "16", "e", "Ｅ"]
    values = _column(rng, heads, DIGITS * 6 + "AIO -", range(7, 12))
    _assert_accept(passport._CODE, values, lambda v: True)


@pytest.mark.parametrize("seed", range(3))
def test_travel_permit(seed):
    rng = np.random.default_rng(seed)
    heads = ["H", "M", "HA", "MI", "C", "CA", "CO", "W", "L", "1", "12", "X", "h", "Ｈ"]
    values = _column(rng, heads, DIGITS * 8 + "AIO -", range(6, 13))
    _assert_accept(travel_permit._CODE, values, lambda v: True)


def _usccs(rng: np.random.Generator, n: int) -> list[str]:
    """Valid codes (real authority/type pairs and regions, both check characters right), then each
    one changed in one character (or not at all) to a random character of the alphabet or a few others."""
    prefixes = sorted(uscc._prefixes()[1])
    regions = [*sorted(division._tables_codes())[::20], "100000", "000000", "999999"]
    out = []
    for _ in range(n):
        body = "".join(rng.choice(list(uscc.ALPHABET), 8))
        org = body + org_code.check_char(body)
        code17 = str(rng.choice(prefixes)) + str(rng.choice(regions)) + org
        code = code17 + uscc.check_char(code17)
        k = int(rng.integers(0, 20))
        if k < 18:  # one character replaced (sometimes by itself)
            code = code[:k] + str(rng.choice(list(uscc.ALPHABET + "IOSVZx -"))) + code[k + 1 :]
        out.append(code)
    return out


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("options", [{}, {"check_region": False}, {"lenient": True}], ids=str)
def test_uscc(seed, options):
    rng = np.random.default_rng(seed)
    values = _usccs(rng, 2000) + _column(rng, ["91", "11", "Y1"], DIGITS + uscc.ALPHABET, range(16, 20), n=500)
    if options.get("lenient"):  # not covered: the kernel decides every row
        data = np.frombuffer(values[0].encode(), np.uint8)
        assert uscc._CODE.accept(np.array([0, 18]), data, np.array([18]), **uscc._CODE.options(**options)) is None
        return
    central = options.get("check_region", True)  # central bodies' region 100000 is left to the kernel
    _assert_accept(uscc._CODE, values, lambda v: not central or v[2:8] not in ("100000",), **options)


@pytest.mark.parametrize("module", [sex, ethnicity, education, family_relationship], ids=lambda m: m.__name__)
def test_code_tables(module):
    table = module._TABLE
    rng = np.random.default_rng(table.width)
    values = _column(rng, [""], DIGITS * 4 + "A a-０", range(0, 4))
    values += sorted(table.entries)
    for options in ({}, {k: not v for k, v in table.defaults.items()}):
        _assert_accept(table.code, values, lambda v: True, **options)


WIDE_HEADS = ["Ａ", "ａ", "・", "０", "４", "鿿", "〇", "ﾊ", "‧", "Ｈ", "Ｅ", "Ｇ", "Ｋ", "Ｍ"]


@pytest.mark.parametrize(
    ("module", "lengths"),
    [(plate, range(5, 11)), (passport, range(7, 12)), (travel_permit, range(6, 13)), (ethnicity, range(1, 4))],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wide_first_character_rows_agree_with_scalar(module, lengths):
    """Rows of one three-byte character and ASCII are decoded from their bytes (the engine's
    ``_wide_first``): the first character is normalised (full width, separators) as in ``validate``."""
    rng = np.random.default_rng(len(lengths))
    heads = WIDE_HEADS + (["浙", "粤", "使"] if module is plate else [])
    values = _column(rng, heads, DIGITS * 10 + UPPER + "adi-{~ ", lengths, n=1500)
    series = pd.Series(values, dtype="str")
    result = module.check(series)
    for value, valid, reason, position in zip(values, result.valid, result.reason, result.position, strict=True):
        try:
            module.validate(value)
            expected = (True, None, None)
        except ValidationError as exc:
            expected = (False, exc.reason, exc.position)
        got = (bool(valid), None if pd.isna(reason) else reason, None if pd.isna(position) else int(position))
        assert got == expected, value
    assert result.valid.any()


@pytest.mark.parametrize(
    ("code", "values"),
    [
        (plate._CODE, ["浙A12345", "浙A1234I", "浙AD12345", "浙AD1234I"]),
        (passport._CODE, ["E12345678", "E1234567O"]),
        (travel_permit._CODE, ["12345678", "1234567O", "H1234567801", "HA2345678"]),
        (ethnicity._TABLE.code, ["01", "00"]),
        (sex._TABLE.code, ["1", "3"]),
    ],
    ids=lambda x: getattr(x, "name", ""),
)
def test_values_at_the_end_of_the_buffer(code, values):
    """Words read past the last row (fewer than 16 bytes left) see zeros, never other rows' bytes."""
    for value in values:
        for column in ([value], ["E12345678", value], [value] * 3):
            arr = pa.array(column, pa.string())
            offs, data, _ = _engine.offsets_data(arr)
            quick = code.accept(offs, data, np.diff(offs), **code.options())
            assert quick.tolist() == [code.is_valid(v) for v in column], column
