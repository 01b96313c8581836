"""The fast paths of the mobile, landline, bank-card, VIN and electronic-licence kernels never change a
verdict: on random matrices built from the characters that matter, ``_kernel`` and the reference
``_rules`` agree on every row's reason and position, for uint8 (ASCII) and uint32 matrices, in C and
Fortran order (scalar calls and column checks)."""

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from zjgov.codes import _engine, bank_card, elicense, landline, mobile, vin

DIGITS = "0123456789"
ALNUM = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _matrix(rng, alphabet_by_column, n=20000):
    cols = [rng.choice(np.array([ord(c) for c in alphabet]), n) for alphabet in alphabet_by_column]
    return np.stack(cols, axis=1).astype(np.uint32)


def _verdicts(fn, m, **options):
    v = _engine.Verdict(len(m))
    fn(m, v, **options)
    return v.reason.copy(), v.position.copy()


def _agree(module, m, expect_valid=True, **options):
    full = _verdicts(module._rules, m, **options)
    assert (full[0] != 0).any()
    if expect_valid is not None:  # the sample holds the rows expected
        assert (full[0] == 0).any() == expect_valid
    variants = [m, np.asfortranarray(m)]
    if m.max() < 256:  # the engine hands ASCII rows over as uint8
        variants += [m.astype(np.uint8), np.asfortranarray(m.astype(np.uint8))]
    for mv in variants:
        quick = _verdicts(module._kernel, mv, **options)
        assert (quick[0] == full[0]).all(), mv.dtype
        assert (quick[1] == full[1]).all(), mv.dtype
    small = _verdicts(module._kernel, m[:7], **options)  # scalar-sized matrices take the small-matrix helpers
    assert (small[0] == full[0][:7]).all() and (small[1] == full[1][:7]).all()


def _options(**choices):
    keys = list(choices)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*choices.values())]


@pytest.mark.parametrize("options", _options(iot=[False, True], assigned_only=[False, True], data_only=[False, True]))
@pytest.mark.parametrize("width", [11, 13])
def test_mobile(width, options):
    rng = np.random.default_rng(width)
    m = _matrix(rng, ["1" * 8 + "2A", "34456789", "0123456789", "0145", DIGITS] + [DIGITS * 5 + "A-"] * (width - 5))
    _agree(mobile, m, expect_valid=width == 11 or options["iot"], **options)


@pytest.mark.parametrize("require_area", [False, True])
@pytest.mark.parametrize("width", [7, 8, 9, 10, 11, 12, 13, 16, 25])
def test_landline(width, require_area):
    rng = np.random.default_rng(width)
    head = ["0000002", "0112345", "0123456789", "0123456789"]
    rest = [DIGITS * 6 + "-A" if j % 4 else DIGITS * 3 + "-" for j in range(width - 4)]
    m = _matrix(rng, head + rest)
    _agree(landline, m, expect_valid=width <= 19 and not (require_area and width < 10), require_area=require_area)


def _strings(rng, alphabet, n=20000, longest=20):
    chars = list(alphabet)
    out = ["".join(rng.choice(chars, rng.integers(0, longest + 1))) for _ in range(n)]
    return pa.array([None if i % 97 == 0 else s for i, s in enumerate(out)], pa.large_string())


def test_mobile_prepare_reads_only_rows_that_can_change():
    rng = np.random.default_rng(1)
    arr = pa.concat_arrays(
        [_strings(rng, "0186+13", longest=17), pa.array(["+8613800138000", "0086", ""] * 3, pa.large_string())]
    )

    def reference(a):  # the previous rewrite: every row starting with +, 8 or 0
        maybe = pc.or_(pc.or_(pc.starts_with(a, "+"), pc.starts_with(a, "8")), pc.starts_with(a, "0"))
        rows = np.flatnonzero(maybe.fill_null(False).to_numpy(zero_copy_only=False))
        return _engine.rewrite_rows(a, rows, lambda sub: pc.replace_substring_regex(sub, mobile._PREFIX_RE, r"\1"))

    for a in (arr, arr.slice(5, 3000)):
        assert mobile._prepare(a).equals(reference(a))


def test_landline_prepare_reads_only_rows_that_can_change():
    rng = np.random.default_rng(2)
    arr = pa.concat_arrays(
        [
            _strings(rng, "0086571234-() +EXT#转分机A.", longest=24),
            _strings(rng, "00865712", longest=14),
            pa.array(["0", "00", "008", "0086", "00860571888888888"], pa.large_string()),
        ]
    )

    def reference(a):  # the previous rewrite: every row with a non-digit or starting with 0086
        not_digit = np.ones(256, dtype=bool)
        not_digit[0x30:0x3A] = False
        intl = np.flatnonzero(pc.starts_with(a, "0086").fill_null(False).to_numpy(zero_copy_only=False))
        return _engine.rewrite_rows(a, np.union1d(_engine.byte_rows(a, not_digit), intl), landline._rewrite)

    for a in (arr, arr.slice(7, 5000), arr.slice(len(arr) - 5)):
        assert landline._prepare(a).equals(reference(a))


@pytest.mark.parametrize("allow_15", [False, True])
@pytest.mark.parametrize("width", [15, 16, 17, 18, 19])
def test_bank_card(width, allow_15):
    rng = np.random.default_rng(width)
    m = _matrix(rng, [DIGITS * 30 + "A"] * (width - 1) + [DIGITS])
    m[::2, -1] = ord("0") + (10 - _luhn_body(m[::2, :-1])) % 10  # half the rows get their right check digit
    _agree(bank_card, m, expect_valid=width > 15 or allow_15, allow_15=allow_15)


def _luhn_body(body):
    d = body.astype(np.int64)[:, ::-1] - ord("0")
    doubled = 2 * d[:, 0::2]
    return ((doubled - 9 * (doubled > 9)).sum(axis=1) + d[:, 1::2].sum(axis=1)) % 10


@pytest.mark.parametrize("strict", [False, True])
def test_vin(strict):
    rng = np.random.default_rng(17)
    m = _matrix(rng, [vin.ALPHABET * 20 + "IOQ"] * 8 + ["0123456789XA"] + [vin.ALPHABET * 20 + "IOQ"] * 8)
    m[::2, 8] = vin.check_chars(m[::2])  # half the rows get their right check character
    m[::2, 9] = np.array([ord(c) for c in "ABCDEFGHJKLMNPRSTVWXY123456789"])[np.arange(0, len(m), 2) % 30]
    _agree(vin, m, strict=strict)


def _elicense_rows(rng, width, n=6000):
    """Identifiers of ``width`` characters (issuer of 18 or 6 characters), half with the right check
    character, then a share of cells replaced by characters that break one rule or another."""
    uscc_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    groups = []
    for issuer in (18, 6):
        serial = width - 44 - issuer
        if not 1 <= serial <= elicense.MAX_SERIAL:
            continue
        columns = [*elicense._HEAD, *[uscc_chars] * 18, *[DIGITS] * 3, "."]
        columns += [uscc_chars if issuer == 18 else DIGITS] * issuer + ["."] + [ALNUM] * serial
        columns += ["."] + [DIGITS] * 3 + [".", ALNUM]
        groups.append(_matrix(rng, columns, n // 2))
    m = np.concatenate(groups)
    col = np.arange(width)
    use = (col >= len(elicense._HEAD)) & (col < width - 2) & (m != ord("."))
    m[::2, -1] = elicense.mod37_36(m, use, len(elicense._HEAD))[::2]  # half the rows get their right check character
    hit = rng.random(m.shape) < 0.004
    m[hit] = rng.choice(np.array([ord(c) for c in ALNUM + ".-Z#"]), int(hit.sum()))
    return m


@pytest.mark.parametrize("options", _options(check_warning=[False, True], check_uscc=[False, True]))
@pytest.mark.parametrize("width", [51, 62, 73, 108, 126])
def test_elicense(width, options):
    m = _elicense_rows(np.random.default_rng(width), width)
    _agree(elicense, m, expect_valid=not options["check_uscc"] or None, **options)


@pytest.mark.parametrize("options", _options(check_warning=[False, True], check_uscc=[False, True]))
@pytest.mark.parametrize("width", [62, 73])
def test_elicense_accept_on_uniform_blocks(width, options):
    """Blocks of one length are read straight from the bytes: ``check`` still agrees with ``_rules``."""
    m = _elicense_rows(np.random.default_rng(width + 1), width)
    strings = ["".join(map(chr, row)) for row in m]
    full = _verdicts(elicense._rules, m, **options)
    result = elicense.check(pd.Series(strings, dtype="str"), **options)
    assert (result.valid.to_numpy() == (full[0] == 0)).all()
    assert (result.position.fillna(0).to_numpy() == full[1]).all()
    data = np.frombuffer("".join(strings).encode(), np.uint8)
    offs = np.arange(len(m) + 1, dtype=np.int64) * width
    accepted = elicense._accept(offs, data, np.diff(offs), **options)
    assert accepted is not None and accepted.any() and not (accepted & (full[0] != 0)).any()
    assert elicense._accept(offs[:3], data, np.array([width, width + 1]), **options) is None  # mixed lengths


@pytest.mark.parametrize("allow_15", [False, True])
def test_bank_card_accept(allow_15):
    """Rows read as 8-byte words: ``check`` still agrees with ``_rules``, and only valid rows are accepted."""
    rng = np.random.default_rng(7)
    parts = []
    for width in (15, 16, 17, 18, 19):
        m = _matrix(rng, [DIGITS * 30 + "A"] * (width - 1) + [DIGITS], n=3000)
        m[::2, -1] = ord("0") + (10 - _luhn_body(m[::2, :-1])) % 10
        parts.append(["".join(map(chr, row)) for row in m])
    strings = [s for group in zip(*parts, strict=True) for s in group] + ["", "1234567", "6222 0212 3456 7894"]
    expected = [bank_card.is_valid(s, allow_15=allow_15) for s in strings]
    result = bank_card.check(pd.Series(strings, dtype="str"), allow_15=allow_15)
    assert result.valid.tolist() == expected
    data = np.frombuffer("".join(strings).encode(), np.uint8)
    offs = np.concatenate([[0], np.cumsum([len(s) for s in strings])]).astype(np.int64)
    accepted = bank_card._accept(offs, data, np.diff(offs), allow_15=allow_15)
    assert accepted.any() and not (accepted & ~np.array(expected)).any()
    assert accepted[: 5 * 3000 : 5].any() == allow_15  # 15 digits only with allow_15
