"""The engine's ``prepare`` hook and ``compact_arrow`` (added for mobile, landline prefixes)."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov import text
from zjgov.codes import _engine
from zjgov.codes._engine import digits
from zjgov.errors import ValidationError

CHARS = st.sampled_from([*"0123456789abcXYZ -·.+\x00é€😀", "３", "ｘ", "\u3000", "－", "\u2013", "\t", "\r"])


@given(st.lists(st.one_of(st.none(), st.text(CHARS, max_size=12)), max_size=20), st.sampled_from(["", " -", " ·"]))
def test_compact_arrow_equals_text_compact(values, separators):
    arr = pa.array(values, pa.large_string())
    got = _engine.compact_arrow(arr, separators).to_pylist()
    expected = [None if v is None else text.normalise(v).translate(dict.fromkeys(map(ord, separators))) for v in values]
    assert got == expected


def test_compact_arrow_long_and_sliced_values():
    values = ["ａ" * 300 + "\x00", "x", "３８６" * 2]
    arr = pa.array(values, pa.large_string()).slice(1)
    assert _engine.compact_arrow(arr).to_pylist() == ["X", "386386"]
    assert _engine.compact_arrow(pa.array(values, pa.large_string()))[0].as_py() == "A" * 300 + "\x00"


def _kernel(m, v):
    v.fail_chars(digits(m))


def _strip_plus(arr):
    return pc.replace_substring_regex(arr, r"^\+(.{4})$", r"\1")


TOY = _engine.Code("toy", ("玩具", "toy"), (4,), _kernel, prepare=_strip_plus)


def test_prepare_runs_in_both_paths():
    assert TOY.compact("+12 34") == "1234"
    assert TOY.validate("＋１２３４") == "1234"
    with pytest.raises(ValidationError) as info:
        TOY.validate("+12345")
    assert info.value.reason == "length"
    result = TOY.check(pd.Series(["+1234", "1234", "+12345", "+", None, "+12a4"]))
    assert result.valid.tolist() == [True, True, False, False, False, False]
    assert result.reason.tolist()[2:] == ["length", "length", "missing", "format"]
    assert result.position.tolist()[5] == 3


@given(st.lists(st.text(CHARS, max_size=7), max_size=20))
def test_prepare_scalar_and_column_agree(values):
    result = TOY.check(pd.Series(values, dtype="str"))
    for value, reason, position in zip(values, result.reason, result.position, strict=True):
        try:
            TOY.validate(value)
            expected = (None, None)
        except ValidationError as exc:
            expected = (exc.reason, exc.position)
        got = (None if pd.isna(reason) else reason, None if pd.isna(position) else int(position))
        assert got == expected, repr(value)


def test_codes_without_prepare_are_unchanged():
    code = _engine.Code("toy2", ("玩具", "toy"), (4,), _kernel)
    assert code.prepare is None and code.compact("12-34") == "1234"
    assert np.all(code.check(pd.Series(["+1234"])).reason == "length")


def test_lone_surrogates_are_refused_not_crashing():
    assert TOY.is_valid("\ud800") is False
    with pytest.raises(ValidationError) as info:
        TOY.validate("12\ud80034"[:4])
    assert (info.value.reason, info.value.position) == ("format", 3)
