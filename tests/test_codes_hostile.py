"""Hostile input to every code (issue 17, items 11 and 15): ``is_valid`` never raises on any
Python object, ``check`` gives a clear error for anything that is not one column and a reason
for every odd cell, and scalar and column positions agree for lone surrogates."""

from __future__ import annotations

import decimal
import fractions

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov import codes
from zjgov.errors import ConfigError

NAMES = codes.names()


class _Loud:
    """Every dunder a normaliser might call raises."""

    def __str__(self):
        raise RuntimeError("str")

    __repr__ = __str__

    def __eq__(self, other):
        raise RuntimeError("eq")

    def __bool__(self):
        raise RuntimeError("bool")

    def __len__(self):
        raise RuntimeError("len")

    def __iter__(self):
        raise RuntimeError("iter")

    __hash__ = None


class _LoudStr(str):
    def translate(self, table):
        raise RuntimeError("translate")

    def encode(self, *args, **kwargs):
        raise RuntimeError("encode")

    def __len__(self):
        raise RuntimeError("len")


class _BadInt(int):
    def __int__(self):
        raise RuntimeError("int")

    def __index__(self):
        raise RuntimeError("index")

    def __str__(self):
        raise RuntimeError("str")


HOSTILE = [
    10**5000,
    -(10**5000),
    2**600,
    np.timedelta64(3, "D"),
    np.timedelta64("NaT"),
    np.datetime64("2024-01-01"),
    np.datetime64("NaT"),
    pd.Timedelta(days=1),
    pd.Timestamp("2024-01-01"),
    pd.NaT,
    pd.NA,
    _Loud(),
    _LoudStr("11010519491231002X"),
    _BadInt(5),
    complex(1, 2),
    [1, 2],
    (1,),
    {"a": 1},
    {1, 2},
    b"11010519491231002X",
    bytearray(b"1"),
    memoryview(b"1"),
    np.array([1, 2]),
    np.array("110105"),
    np.float16("nan"),
    decimal.Decimal("NaN"),
    decimal.Decimal("110105"),
    fractions.Fraction(1, 3),
    float("inf"),
    True,
    np.bool_(False),
    object(),
    type,
    Ellipsis,
    "\ud800",
    "1" * 100_000,
    "\x00" * 18,
]


@pytest.mark.parametrize("name", NAMES)
def test_is_valid_never_raises_on_any_object(name):
    module = codes.get(name)
    for value in HOSTILE:
        assert module.is_valid(value) in (True, False), (name, type(value))
    assert module.is_valid(_LoudStr("11010519491231002X")) == module.is_valid("11010519491231002X")


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.integers(), st.floats(), st.binary(), st.text(), st.lists(st.integers(), max_size=3), st.none()))
def test_is_valid_never_raises_property(value):
    for name in NAMES:
        assert codes.get(name).is_valid(value) in (True, False)


@pytest.mark.parametrize("name", NAMES)
def test_check_handles_odd_cells_and_an_all_null_categorical(name):
    module = codes.get(name)
    cells = pd.Series([[1, 2], complex(1, 2), {"a": 1}, 10**5000, np.timedelta64(1, "D"), _Loud(), None], dtype=object)
    result = module.check(cells)
    assert result.reason.tolist()[:6] == ["type"] * 6 and result.reason.tolist()[6] == "missing"
    empty = module.check(pd.Series([None, None], dtype="category"))
    assert empty.reason.tolist() == ["missing", "missing"] and not empty.valid.any()
    assert module.check(pd.Series(pd.to_timedelta([1, 2], unit="D"))).reason.tolist() == ["type", "type"]


@pytest.mark.parametrize("name", NAMES)
def test_check_refuses_what_is_not_one_column(name):
    module = codes.get(name)
    duplicated = pd.DataFrame([["1", "2"]], columns=["id", "id"])
    for bad in [pd.DataFrame({"a": ["1"]}), duplicated["id"], np.array([["a", "b"]]), "110105", 5]:
        with pytest.raises(ConfigError) as info:
            module.check(bad)
        assert "one column" in info.value.message("en")
    assert module.check(pa.array(["x", None])).reason.tolist()[1] == "missing"


@pytest.mark.parametrize("value", ["0571-8765\ud8004321", "\ud800057187654321", "057187654321\udc00", "+86 571\udfff"])
def test_landline_positions_agree_scalar_and_column_for_lone_surrogates(value):
    landline = codes.get("landline")
    try:
        landline.validate(value)
        scalar = (None, None)
    except Exception as exc:
        scalar = (exc.reason, exc.position)
    column = landline.check(pd.Series([value], dtype=object))
    position = column.position.iloc[0]
    assert scalar == (column.reason.iloc[0], None if pd.isna(position) else int(position))
