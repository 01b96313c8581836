"""generalise:geohash, generalise:icd10, generalise:address and mask:phone: frozen
parameters, every row out, nulls stay null, invalid values fail loudly (or as on_invalid
says), and properties over generated values."""

from __future__ import annotations

import pandas as pd
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov.errors import ConfigError
from zjgov.security import resolve
from zjgov.security.operators import OperatorError

GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"


def _series(values):
    return pd.Series(values, index=[10 + i for i in range(len(values))], dtype="str")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(GEOHASH, min_size=1, max_size=12) | st.none(), max_size=20), st.integers(1, 12))
def test_geohash_is_a_prefix_of_at_most_precision_characters(values, precision):
    out = resolve(f"generalise:geohash:{precision}").apply(_series(values))
    assert len(out) == len(values) and out.index.tolist() == [10 + i for i in range(len(values))]
    for v, o in zip(values, out):
        if v is None:
            assert pd.isna(o)
        else:
            assert o == v[:precision]


def test_geohash_folds_case_and_refuses_other_text():
    op = resolve("generalise:geohash", precision=5)
    assert op.apply(_series(["WTMKNP3V"])).tolist() == ["wtmkn"]
    with pytest.raises(OperatorError, match="GeoHash"):
        op.apply(_series(["wtmkn", "not-a-hash"]))
    assert resolve("generalise:geohash", on_invalid="null").apply(_series(["aaaa", "wtm"])).isna().tolist() == [
        True,
        False,
    ]
    with pytest.raises(ConfigError):
        resolve("generalise:geohash", precision=13)
    with pytest.raises(pydantic.ValidationError):
        op.params.precision = 3  # frozen


@pytest.mark.parametrize(
    ("code", "chapter"),
    [
        ("J45.901", "J00-J99"),
        ("A00.0", "A00-B99"),
        ("B99", "A00-B99"),
        ("C34.9", "C00-D48"),
        ("D50", "D50-D89"),
        ("H60.1", "H60-H95"),
        ("H59", "H00-H59"),
        ("S72.0", "S00-T98"),
        ("T98.3", "S00-T98"),
        ("V01", "V01-Y98"),
        ("Y98", "V01-Y98"),
        ("Z99.1", "Z00-Z99"),
        ("U07.1", "U00-U85"),
        ("j45 901", "J00-J99"),
        ("J45901", "J00-J99"),
    ],
)
def test_icd10_chapters(code, chapter):
    assert resolve("generalise:icd10:chapter").apply(_series([code])).tolist() == [chapter]


def test_icd10_labels_categories_nulls_and_invalid_codes():
    codes = _series(["J45.901", None, "E11.9"])
    assert resolve("generalise:icd10", label="roman").apply(codes).tolist()[::2] == ["X", "IV"]
    assert resolve("generalise:icd10", label="both").apply(codes).tolist()[0] == "X J00-J99"
    out = resolve("generalise:icd10:category").apply(codes)
    assert out[10] == "J45" and pd.isna(out[11]) and out[12] == "E11"
    for bad in ("E99", "H97", "XYZ", "1234"):  # outside every chapter, or not a code
        with pytest.raises(OperatorError, match="ICD-10"):
            resolve("generalise:icd10").apply(_series(["J45", bad]))
    assert resolve("generalise:icd10", on_invalid="redact").apply(_series(["E99"])).tolist() == ["***"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.from_regex(r"[A-TV-Z][0-9]{2}(\.[0-9]{1,3})?", fullmatch=True) | st.none(), max_size=15))
def test_icd10_chapter_contains_the_code(values):
    op = resolve("generalise:icd10", on_invalid="null")
    out = op.apply(_series(values))
    assert len(out) == len(values)
    for v, o in zip(values, out):
        if v is None or pd.isna(o):
            continue
        first, last = o.split("-")
        assert first <= v[:3] <= last


ADDRESSES = [
    ("浙江省杭州市西湖区文三路100号", {"county": "浙江省杭州市西湖区", "city": "浙江省杭州市", "province": "浙江省"}),
    ("北京市海淀区中关村大街1号", {"county": "北京市海淀区", "city": "北京市", "province": "北京市"}),
    ("西湖区文三路", {"county": "西湖区"}),
]


@pytest.mark.parametrize(("address", "expected"), ADDRESSES)
def test_address_kept_down_to_the_level(address, expected):
    for level, kept in expected.items():
        assert resolve(f"generalise:address:{level}").apply(_series([address])).tolist() == [kept]


def test_address_many_rows_nulls_and_no_division():
    values = [a for a, _ in ADDRESSES] * 4000 + [None]
    out = resolve("generalise:address").apply(_series(values))  # a repeated column: once per distinct value
    assert len(out) == len(values) and pd.isna(out.iloc[-1])
    assert out.iloc[:3].tolist() == [e["county"] for _, e in ADDRESSES]
    with pytest.raises(OperatorError, match="GB/T 2260"):
        resolve("generalise:address").apply(_series(["浙江省杭州市西湖区", "文三路100号"]))
    assert resolve("generalise:address", on_invalid="null").apply(_series(["文三路"])).isna().all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text("0123456789", min_size=7, max_size=12) | st.none(), max_size=15))
def test_phone_masks_like_the_mobile_or_landline_preset(values):
    col = _series(values)
    out = resolve("mask:phone").apply(col)
    mobile, landline = resolve("mask:mobile").apply(col), resolve("mask:landline").apply(col)
    assert len(out) == len(values)
    for v, o, m, fixed in zip(values, out, mobile, landline):
        if v is None:
            assert pd.isna(o)
        elif len(v) == 11 and v[0] == "1" and v[1] in "3456789":
            assert o == m
        else:
            assert o == fixed


def test_phone_examples_and_overrides():
    col = _series(["13800138000", "0571-88001234", "+8613800138000"])
    assert resolve("mask:phone").apply(col).tolist() == ["138****8000", "0571******34", "+86138****8000"]
    assert resolve("mask:phone", profile="strict").apply(col).tolist()[0] == "*******8000"
    assert resolve("mask:phone", keep_first=0, keep_last=2).apply(col).tolist()[:2] == ["*********00", "**********34"]
