"""The contract every registered code keeps: junk never crashes, scalar and column agree,
strategies produce what validate accepts and near misses fail for their intended reason."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov import codes
from zjgov.errors import ValidationError
from zjgov.testing import strategies as zst

JUNK = [
    None,
    0,
    1,
    -1,
    3.301e17,
    float("nan"),
    math.inf,
    True,
    b"330106",
    bytearray(b"1"),
    object(),
    [],
    {},
    pd.NA,
    pd.NaT,
    np.int64(7),
    np.float64(1.5),
    "",
    " ",
    "\x00",
    "\x00" * 18,
    "€",
    "3²",
    "ⅷ",
    "⑱",
    "😀" * 18,
    "a" * 10_000,
    "1" * 1_000_000,
    "\u202e330106",
    "３" * 18,
    "\t\n",
    "-",
    "--",
    "...",
    "<script>",
]


#: integers are read as their digits, so these JUNK entries are real codes of one-digit code tables
NOT_JUNK = {"sex": (0, 1)}


def _junk(name):
    return [v for v in JUNK if not (type(v) is int and v in NOT_JUNK.get(name, ()))]


@pytest.mark.parametrize("name", codes.names())
def test_junk_is_invalid_and_never_crashes(name):
    module = codes.get(name)
    for value in _junk(name):
        assert module.is_valid(value) is False, repr(value)[:40]
        with pytest.raises(ValidationError):
            module.validate(value)


@pytest.mark.parametrize("name", codes.names())
def test_column_of_junk_keeps_every_row(name):
    module = codes.get(name)
    junk = _junk(name)
    index = pd.Index([f"r{i}" for i in range(len(junk))])
    result = module.check(pd.Series(junk, index=index, dtype=object))
    assert list(result.valid.index) == list(index)
    assert not result.valid.any()
    assert result.reason.notna().all()
    assert sum(result.counts.values()) == len(junk)


@pytest.mark.parametrize("name", codes.names())
def test_typed_columns(name):
    module = codes.get(name)
    floats = module.check(pd.Series([3.301e17, np.nan]))
    assert floats.reason.tolist() == ["type", "missing"]
    empty = module.check(pd.Series([], dtype="str"))
    assert len(empty.valid) == 0 and empty.counts == {}
    nulls = module.check(pd.Series([None, None], dtype="string[pyarrow]"))
    assert nulls.reason.tolist() == ["missing", "missing"]


def _mixed(name):
    valid = zst.valid_values(name)
    near = zst.near_misses(name).map(lambda nm: nm.value)
    junk = st.one_of(st.text(max_size=30), st.integers(), st.none(), st.sampled_from(JUNK[:30]))
    return st.lists(st.one_of(valid, near, junk), max_size=40)


@pytest.mark.parametrize("name", [n for n in codes.names() if n in zst._VALID])
def test_column_agrees_with_scalar(name):
    module = codes.get(name)

    @given(_mixed(name), st.sampled_from(["object", "str", "string[pyarrow]"]))
    def run(values, dtype):
        if dtype != "object" and not all(isinstance(v, str) or v is None for v in values):
            dtype = "object"
        series = pd.Series(values, dtype=dtype)
        result = module.check(series)
        for value, valid, reason, position in zip(series, result.valid, result.reason, result.position, strict=True):
            try:
                module.validate(value)
                expected = (True, None, None)
            except ValidationError as exc:
                expected = (False, exc.reason, exc.position)
            got = (bool(valid), None if pd.isna(reason) else reason, None if pd.isna(position) else int(position))
            assert got == expected, repr(value)

    run()


@pytest.mark.parametrize("name", [n for n in codes.names() if n in zst._VALID])
def test_strategies_valid_and_near_misses(name):
    module = codes.get(name)

    @given(zst.valid_values(name), zst.near_misses(name))
    def run(value, near):
        assert module.validate(value) == module.compact(value)
        with pytest.raises(ValidationError) as info:
            module.validate(near.value)
        assert info.value.reason == near.reason, near

    run()


#: option sets under which each code with a pure-Python scalar path is bound to its kernel
SCALAR_OPTIONS = {
    "citizen_id": [
        {},
        {"strictness": "checksum"},
        {"strictness": "birth_year"},
        {"allow_legacy": False},
        {"today": __import__("datetime").date(2000, 1, 1)},
    ],
    "uscc": [{}, {"lenient": True}, {"check_region": False}],
    "division": [{}, {"as_of": 1990}, {"as_of": 2035}, {"current": True}],
}


def _scalar_inputs(name):
    """Valid values, labelled near misses, and structured junk of the code's lengths (random
    characters of its alphabet and beyond, so that every rule of the kernel is reached)."""
    module = codes.get(name)
    lengths = module._CODE.lengths
    alphabet = module.SPEC.alphabet + "xIOZ*é０"
    shaped = st.sampled_from(lengths).flatmap(lambda n: st.text(st.sampled_from(alphabet), min_size=n, max_size=n))
    return st.one_of(zst.valid_values(name), zst.near_misses(name).map(lambda nm: nm.value), shaped)


@pytest.mark.parametrize(
    "name", [n for n in codes.names() if getattr(getattr(codes.get(n), "_CODE", None), "scalar", None)]
)
def test_scalar_path_equals_kernel(name):
    """A second implementation of a kernel (the scalar path) gives the same validity, reason and
    position as the kernel itself, under every option set."""
    code = codes.get(name)._CODE
    assert name in SCALAR_OPTIONS, "add the code's option sets to SCALAR_OPTIONS"

    @settings(max_examples=400)
    @given(_scalar_inputs(name), st.sampled_from(SCALAR_OPTIONS[name]))
    def run(value, options):
        opts = code.options(**options)
        try:
            s = code.compact(value)
        except ValidationError:
            return
        if len(s) not in code.lengths:
            return
        assert code.scalar(s, opts) == code.kernel_failure(s, opts), (s, options)

    run()
