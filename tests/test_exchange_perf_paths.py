"""The word-at-a-time charset test and the USCC prefix table agree with their plain definitions."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov.codes import uscc
from zjgov.exchange import notation
from zjgov.exchange import schema_validate as sv


def _reference(data: np.ndarray, charset: str) -> bool:
    lo, hi, gaps = notation._ASCII_RANGES[charset]
    if not len(data):
        return True
    if data.min() < lo or data.max() > hi:
        return False
    return not any(((data >= s) & (data < s + c)).any() for s, c in gaps)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["n", "a", "an", "c"]),
    st.lists(st.integers(0x20, 0x7E), max_size=80),
    st.integers(0, 7),
    st.integers(0, 0x7F),
    st.integers(0, 10**6),
)
def test_all_ascii_of_matches_the_byte_by_byte_definition(charset, values, shift, stray, where):
    data = np.array(values, dtype=np.uint8)
    if len(data) and where % 3 == 0:
        data[where % len(data)] = stray
    buf = np.zeros(len(data) + shift, dtype=np.uint8)  # every alignment of the start
    buf[shift:] = data
    view = buf[shift:]
    assert notation._all_ascii_of(view, charset) == _reference(view, charset)


def test_all_ascii_of_finds_one_stray_byte_in_a_long_run():
    data = np.frombuffer(b"0123456789ABCDEFGHJ" * 20_000, np.uint8).copy()
    assert notation._all_ascii_of(data, "an")
    for pos in (0, 7, 8, 262_143, 262_144, len(data) - 1):
        bad = data.copy()
        bad[pos] = ord(":")
        assert not notation._all_ascii_of(bad, "an")
        assert not notation._all_ascii_of(bad[1:], "an") or pos == 0


def test_uscc_prefix_table_agrees_with_the_code_tables():
    value, _, authority, prefix = uscc._kernel_tables()
    _, names = uscc._prefixes()
    alphabet = [ord(c) for c in uscc.ALPHABET]
    for a in alphabet:
        for b in alphabet:
            verdict = prefix[int(value[b]) * 256 + int(value[a])]
            if not authority[value[a]]:
                assert verdict == 1
            else:
                assert verdict == (0 if chr(a) + chr(b) in names else 2)


def test_few_distinct_positions_are_small_integers():
    values, positions = sv._few_distinct(pd.Series(["1", "2", "9"] * 20_000, dtype="str"))
    assert values.tolist() == ["1", "2", "9"]
    assert positions.dtype == np.uint8 and positions[:4].tolist() == [0, 1, 2, 0]
