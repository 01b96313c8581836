"""The quick acceptance in the plate, passport, travel-permit and code-table kernels never changes a verdict:
on random matrices built from the characters that matter, ``_kernel`` and the full ``_rules`` agree on
every row's reason and position."""

import numpy as np
import pytest

from zjgov.codes import _engine, education, ethnicity, family_relationship, passport, plate, sex, travel_permit

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _matrix(rng, alphabet_by_column, n=20000):
    cols = [rng.choice(np.array([ord(c) for c in alphabet]), n) for alphabet in alphabet_by_column]
    return np.stack(cols, axis=1).astype(np.uint32)


def _verdicts(fn, m, **options):
    v = _engine.Verdict(len(m))
    fn(m, v, **options)
    return v.reason.copy(), v.position.copy()


def _agree(module, rules, m, **options):
    quick = _verdicts(module._kernel, m, **options)
    full = _verdicts(rules, m, **options)
    assert (quick[0] == full[0]).all() and (quick[1] == full[1]).all()
    assert (quick[0] == 0).any()  # the sample holds valid rows too
    if m.max() < 256:  # the engine hands ASCII rows over as uint8
        m8 = m.astype(np.uint8)
        assert (_verdicts(module._kernel, m8, **options)[0] == quick[0]).all()


@pytest.mark.parametrize("extended", [False, True])
@pytest.mark.parametrize("length", [7, 8])
def test_plate(length, extended):
    rng = np.random.default_rng(length)
    head = "浙粤沪使台1A"
    body = DIGITS + LETTERS + "挂学警港澳领使"
    m = _matrix(rng, [head, "AZIO1使"] + [body if j % 2 else DIGITS + "DFAGIL" for j in range(length - 2)])
    _agree(plate, plate._rules, m, extended_letters=extended, kind=None)


@pytest.mark.parametrize("seed", range(3))
def test_passport(seed):
    rng = np.random.default_rng(seed)
    m = _matrix(rng, ["EGDSPKM1AZ#", DIGITS + "EJABIOC4Z#"] + [DIGITS + "AX"] * 7)
    _agree(passport, passport._rules, m, kind=None)


@pytest.mark.parametrize("length", [8, 9, 10, 11])
def test_travel_permit(length):
    rng = np.random.default_rng(length)
    m = _matrix(rng, [DIGITS + "HMCWLXI#", DIGITS + "AIOZ"] + [DIGITS + "A"] * (length - 2))
    _agree(travel_permit, travel_permit._rules, m, kind=None)


@pytest.mark.parametrize("module", [sex, ethnicity, education, family_relationship], ids=lambda m: m.__name__)
def test_code_tables(module):
    table = module._TABLE
    rng = np.random.default_rng(table.width)
    m = _matrix(rng, [DIGITS + "A "] * table.width)
    for options in ({}, {k: not v for k, v in table.defaults.items()}):
        opts = table.options(**options)
        _agree(table, table._rules, m, **opts)
