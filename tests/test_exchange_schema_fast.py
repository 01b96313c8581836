"""The fast paths of ``Schema.validate`` give the same answers as the row-by-row paths.

Long columns with few distinct values are checked once per value, fixed-width keys are hashed
from the Arrow buffer, clean ASCII columns skip the character kernels and exact date patterns
skip trimming: each is compared here with the plain path on messy data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from zjgov.exchange import Schema, dates
from zjgov.exchange import schema as schema_module
from zjgov.exchange.notation import CHARSETS, FORMAT, LENGTH, parse_format, temporal_regex

JUNK = [None, "", " ", "\u3000", " 1 ", "x", "１２", "abc", "11010519491231002x", "110105 19491231 002X",
        "20240230", "2024-01-02", "\t10\n", "張三", "a\x00b", "9" * 60, "01", "1", "10", "90", "99", "-5",
        "abc\u200b", "19491231", " 19491231", "20240229", "20230229", "é", "AB", "a:"]  # fmt: skip

SCHEMA = Schema.from_dict(
    {
        "name": "fast",
        "elements": [
            {"use": "公民身份号码", "required": True},
            {"use": "性别代码", "required": True},
            {"use": "民族代码"},
            {"use": "出生日期"},
            {"中文名称": "姓名", "数据格式": "c..50", "必填": "是"},
            {"中文名称": "婚姻", "数据格式": "n2", "值域": "10=未婚;20=已婚;90=未说明"},
            {"中文名称": "代号", "数据格式": "an2"},
            {"中文名称": "字母", "数据格式": "a..4"},
        ],
        "primary_key": ["公民身份号码"],
    }
)


def _column(rng: np.random.Generator, n: int, clean: list[str], junk_share: float) -> pd.Series:
    values = rng.choice(np.array(clean, dtype=object), n)
    rows = rng.random(n) < junk_share
    values[rows] = rng.choice(np.array(JUNK, dtype=object), int(rows.sum()))
    return pd.Series(values, dtype="str")


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 60_000  # above the size where columns with few values are checked once per value
    ids = ["11010519491231002X", "110105194912310021", "330106199001011234", "33010619900101123X"]
    return pd.DataFrame(
        {
            "公民身份号码": _column(rng, n, ids, 0.05),
            "性别代码": _column(rng, n, ["1", "2", "9"], 0.05),
            "民族代码": _column(rng, n, ["01", "02", "56"], 0.0),
            "出生日期": _column(rng, n, ["19491231", "20000229", "19990230"], 0.05),
            "姓名": _column(rng, n, ["张三", "李四", "O'Neil"], 0.05),
            "婚姻": _column(rng, n, ["10", "20", "30"], 0.0),
            "代号": _column(rng, n, ["A1", "b2", "9Z"], 0.0),
            "字母": _column(rng, n, ["ab", "XYZ", "汉字"], 0.05),
        }
    )


def test_columns_with_few_values_match_the_row_by_row_check(frame):
    for el in SCHEMA.elements:
        series = frame[el.column]
        fast = SCHEMA._check_element(el, series)
        plain = SCHEMA._check_values(el, series)
        np.testing.assert_array_equal(fast, plain, err_msg=el.column)
        assert (fast != 0).any() or el.column in ("民族代码", "代号"), el.column


def test_few_distinct_spots_short_and_varied_columns():
    varied = pd.Series([f"{i:06d}" for i in range(60_000)], dtype="str")
    assert schema_module._few_distinct(varied) is None
    assert schema_module._few_distinct(pd.Series(["1", "2"] * 10, dtype="str")) is None
    values, positions = schema_module._few_distinct(pd.Series(["1", None, "22"] * 20_000, dtype="str"))
    assert values.tolist()[:2] == ["1", "22"] and values.isna().tolist() == [False, False, True]
    assert positions[:3].tolist() == [0, 2, 1]
    values, positions = schema_module._few_distinct(pd.Series(["10", "20"] * 30_000, dtype="str"))
    assert values.tolist() == ["10", "20"] and positions[:4].tolist() == [0, 1, 0, 1]


def test_validate_report_matches_the_row_by_row_path(frame, monkeypatch):
    fast = SCHEMA.validate(frame)
    monkeypatch.setattr(schema_module, "_DISTINCT_MIN_ROWS", 10**12)
    plain = SCHEMA.validate(frame)
    pd.testing.assert_frame_equal(fast.violations, plain.violations)
    pd.testing.assert_series_equal(fast.valid, plain.valid)
    assert set(fast.counts) >= {"missing", "length", "format", "checksum", "component:date", "domain", "duplicate_key"}


@pytest.mark.parametrize("column", ["公民身份号码", "出生日期", "婚姻"])
def test_hashed_duplicates_match_pandas(frame, column):
    keys = frame[[column]].dropna()
    keys = keys[keys[column].str.len() == keys[column].str.len().max()]
    keys = pd.concat([keys, keys.iloc[::3]], ignore_index=True)
    got = schema_module._later_duplicates(keys, np.ones(len(keys), bool))
    np.testing.assert_array_equal(got, keys[column].duplicated().to_numpy())


def _reference_text(fmt, arr: pa.Array) -> np.ndarray:
    """Format codes the plain way: Arrow's Unicode kernels on every value."""
    mask = schema_module._np
    reason = np.zeros(len(arr), dtype=np.int8)
    length = pc.utf8_length(arr)
    out = pc.less(length, fmt.min_length or 0)
    if fmt.max_length is not None:
        out = pc.or_(out, pc.greater(length, fmt.max_length))
    tests = {"n": pc.ascii_is_decimal, "a": pc.ascii_is_alpha, "an": pc.ascii_is_alnum, "c": pc.utf8_is_printable}
    ok = mask(pc.or_(tests[fmt.charset](arr), pc.equal(pc.binary_length(arr), 0)))
    if fmt.charset != "n":
        ok |= mask(pc.match_substring_regex(arr, f"^{CHARSETS[fmt.charset][1]}*$"))
    reason[mask(pc.is_valid(arr)) & ~ok] = FORMAT
    reason[mask(out)] = LENGTH
    return reason


def _extract_regex(arr: pa.Array, regex: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    parts = pc.extract_regex(arr, regex)  # null where the value does not match
    names = [parts.type.field(i).name for i in range(parts.type.num_fields)]
    out = {}
    for k in "YMDhms":
        if k in names:
            field = pc.cast(pc.struct_field(parts, k), pa.int64())
            out[k] = np.asarray(field.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        else:
            out[k] = np.full(len(arr), -1, dtype=np.int64)
    return np.asarray(parts.is_valid().to_numpy(zero_copy_only=False), dtype=bool), out


def _reference_dates(pattern: str, arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Bad format and bad date the plain way: trim everything, then RE2 with named groups."""
    trimmed = pc.utf8_trim_whitespace(arr)
    present = schema_module._np(pc.is_valid(trimmed)) & schema_module._np(pc.not_equal(trimmed, ""))
    matched, parts = _extract_regex(trimmed, temporal_regex(pattern))
    y, mo, d = parts["Y"], parts["M"], parts["D"]
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(mo, 0, 12)] + (leap & (mo == 2))
    date_ok = (y < 0) | ((y >= 1) & (((mo >= 1) & (mo <= 12)) | (mo < 0)) & (((d >= 1) & (d <= dim)) | (d < 0)))
    return present & ~matched, present & matched & ~date_ok


def _texts(frame: pd.DataFrame) -> list[pa.Array]:
    values = pd.concat([frame[c] for c in frame.columns], ignore_index=True)
    clean = values.dropna()
    ascii_clean = clean[clean.str.isascii() & clean.str.isalnum()]  # the all-ASCII shortcuts
    digits = clean[clean.str.fullmatch("[0-9]{8}")]
    return [pa.array(s.astype(object), type=pa.large_string()) for s in (values, clean, ascii_clean, digits)]


@pytest.mark.parametrize("notation", ["n2", "n8", "an2", "an18", "a..4", "c..50", "n..3"])
def test_format_fast_paths_match_the_plain_kernels(frame, notation):
    fmt = parse_format(notation)
    for arr in _texts(frame):
        np.testing.assert_array_equal(fmt.check_arrow(arr), _reference_text(fmt, arr), err_msg=notation)


@pytest.mark.parametrize("pattern", ["YYYYMMDD", "YYYY-MM-DD", "YYYY年MM月DD日"])
def test_date_fast_paths_match_the_plain_parse(frame, pattern):
    for arr in _texts(frame):
        parsed = dates.parse_arrow(arr, pattern=pattern)
        bad_format, bad_date = _reference_dates(pattern, arr)
        np.testing.assert_array_equal(parsed.bad_format, bad_format, err_msg=pattern)
        np.testing.assert_array_equal(parsed.bad_date, bad_date, err_msg=pattern)
        assert not parsed.bad_time.any()


@pytest.mark.parametrize("width", [3, 5, 8])
def test_few_distinct_fixed_width_words(width):
    rng = np.random.default_rng(width)
    alphabet = np.array([("ABCDEFGH"[i] * width) for i in range(6)] + ["张三" if width == 6 else "9" * width])
    values = rng.choice(alphabet, 70_001)
    whole = pa.array(np.concatenate([["x" * width] * 5, values]), type=pa.large_string())
    series = pd.Series(pd.arrays.ArrowStringArray(whole.slice(5)), dtype="str")  # an offset into the buffer
    found, positions = schema_module._few_distinct(series)
    np.testing.assert_array_equal(found.to_numpy(dtype=object)[positions], values)
    values[-1] = "Z" * width  # one value the sample cannot have seen: the general path decides
    found, positions = schema_module._few_distinct(pd.Series(values, dtype="str"))
    np.testing.assert_array_equal(found.to_numpy(dtype=object)[positions], values)
