"""Operators: the registry covers every treatment the catalogue emits, parameters are checked
when built, every operator returns every row on the same index with nulls still null and the
caller's column untouched, and the masks, generalisations and randomisations do what they say."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjgov.classification import load_catalogue
from zjgov.errors import ConfigError
from zjgov.security import KeyRing, Operator, OperatorError, names, register, resolve
from zjgov.security._text import as_text, mask_chars
from zjgov.security.operators import split_treatment, unregister

RING = KeyRing({"k": bytes(range(32)), "other": bytes(range(1, 33))})


def catalogue_treatments() -> set[str]:
    cat = load_catalogue()
    out = set()
    for c in cat.values():
        out.add(c.treatment)
        out.update(c.treatment_by_kind.values())
    return out


def test_every_treatment_the_catalogue_can_emit_is_an_operator():
    treatments = catalogue_treatments()
    assert {"mask:name", "mask:citizen_id", "generalise:date:year", "hmac", "suppress", "keep"} <= treatments
    for t in treatments:
        op = resolve(t, key="k") if split_treatment(t)[0].keyed else resolve(t)
        assert isinstance(op, Operator)
        assert op.name == split_treatment(t)[0].name


def test_treatment_strings_carry_positional_parameters():
    assert resolve("generalise:date:year").params.unit == "year"
    assert resolve("generalise:age:5").params.width == 5
    assert resolve("generalise:coordinate:2").params.decimals == 2
    with pytest.raises(ConfigError):
        resolve("generalise:age:5:9")
    with pytest.raises(ConfigError) as err:
        resolve("mask:nope")
    assert "mask:citizen_id" in str(err.value)


def test_parameters_are_typed_frozen_and_checked_when_built():
    op = resolve("mask:citizen_id", keep_first=3)
    with pytest.raises(pydantic.ValidationError):
        op.params.keep_first = 1  # frozen
    with pytest.raises(ConfigError) as err:
        resolve("mask:citizen_id", keep_frist=3)
    assert err.value.field == "keep_frist"
    with pytest.raises(ConfigError):
        resolve("mask", keep_first=-1)
    with pytest.raises(ConfigError):
        resolve("generalise:range", edges=[3, 2])
    with pytest.raises(ConfigError) as err:
        resolve("hash")
    assert "10^10" in str(err.value)  # the unkeyed hash is refused, with the reason


def test_users_register_their_own_operators():
    class Reverse(Operator):
        name = "example:reverse"

        def transform(self, column, ctx):
            return column.astype("str").str[::-1]

    register(Reverse)
    try:
        assert "example:reverse" in names()
        assert resolve("example:reverse").apply(pd.Series(["abc", None])).tolist() == ["cba", np.nan]
        with pytest.raises(ConfigError):
            register(type("Other", (Operator,), {"name": "example:reverse"}))
    finally:
        unregister("example:reverse")


# one working configuration and input for every registered operator
SAMPLES: dict[str, tuple[dict, list]] = {
    "keep": ({}, ["a", "b"]),
    "mask": ({"keep_first": 1}, ["abcdef", "张三丰"]),
    "mask:citizen_id": ({}, ["33010619900101123X", "110105491231002"]),
    "mask:mobile": ({}, ["13800138000", "+8613800138000"]),
    "mask:landline": ({}, ["0571-88776655", "057188776655"]),
    "mask:bank_card": ({}, ["6222021202004567891", "6228480323012345"]),
    "mask:uscc": ({}, ["91350100M000100Y43", "91331124HL84F9H979"]),
    "mask:org_code": ({}, ["D2143569X", "M000100Y4"]),
    "mask:passport": ({}, ["E12345678", "G12345678"]),
    "mask:travel_permit": ({}, ["C12345678", "H12345678"]),
    "mask:plate": ({}, ["浙A12345", "浙AD12345"]),
    "mask:vin": ({}, ["1M8GDM9AXKP042788", "LSVAU033512345678"]),
    "mask:account": ({}, ["33050161234500001234", "1202020109000123"]),
    "mask:email": ({}, ["dong@126.com", "张三@例子.中国"]),
    "mask:name": ({}, ["张三丰", "欧阳娜娜"]),
    "mask:address": ({}, ["浙江省杭州市西湖区文三路90号", "北京市海淀区中关村大街1号"]),
    "mask:ip": ({}, ["192.168.1.10", "2001:db8::1"]),
    "redact": ({}, ["abc", "张三"]),
    "constant": ({"value": "已脱敏"}, ["abc", "张三"]),
    "nullify": ({}, ["abc", "张三"]),
    "truncate": ({"keep": 2}, ["abcdef", "张三丰"]),
    "suppress": ({}, ["abc", "张三"]),
    "hash": (None, []),
    "hmac": ({"key": "k"}, ["33010619900101123X", "张三"]),
    "pseudonym:hmac-sha256": ({"key": "k"}, ["33010619900101123X", "张三"]),
    "pseudonym:hmac-sm3": ({"key": "k"}, ["33010619900101123X", "张三"]),
    "token:aes-siv": ({"key": "k"}, ["33010619900101123X", "张三"]),
    "token:sm4-siv": ({"key": "k"}, ["33010619900101123X", "张三"]),
    "fpe:ff1": ({"key": "k"}, ["330106199001011234", "123456"]),
    "fpe:ff3-1": ({"key": "k", "tweak": "CBD09280979564"}, ["330106199001011234", "123456"]),
    "generalise:geohash": ({"precision": 4}, ["wtmknp3v", "wx4g0b"]),
    "generalise:icd10": ({}, ["J45.901", "A00"]),
    "generalise:address": ({}, ["浙江省杭州市西湖区文三路100号", "北京市海淀区中关村大街1号"]),
    "mask:phone": ({}, ["13800138000", "0571-88001234"]),
    "surrogate:citizen_id": ({"key": "k"}, ["33010619900101123X", "11010519491231002X"]),
    "surrogate:mobile": ({"key": "k"}, ["13800138000", "15096234524"]),
    "surrogate:bank_card": ({"key": "k"}, ["6222021202004567898", "6228480323012341"]),
    "surrogate:uscc": ({"key": "k"}, ["91350100M000100Y43", "91331124HL84F9H979"]),
    "surrogate:org_code": ({"key": "k"}, ["D2143569X", "M000100Y4"]),
    "surrogate:plate": ({"key": "k"}, ["浙A12345", "粤Z1234港"]),
    "generalise:date": ({}, ["19900101", "2026-04-24 11:06:00"]),
    "generalise:age": ({}, ["23", "95"]),
    "generalise:range": ({}, ["43315.39", "8000"]),
    "generalise:round": ({"precision": 1000}, ["43315.39", "8000"]),
    "generalise:topcode": ({"top": 10000}, ["43315.39", "8000"]),
    "generalise:division": ({}, ["330106", "110105"]),
    "generalise:postcode": ({}, ["310013", "100080"]),
    "generalise:coordinate": ({}, ["120.12345", "30.98765"]),
    "generalise:map": ({"mapping": {"杭州": "浙江", "苏州": "江苏"}}, ["杭州", "苏州"]),
    "randomise:laplace": ({"scale": 5, "seed": 1}, ["100", "200.5"]),
    "randomise:gaussian": ({"sigma": 5, "key": "k"}, ["100", "200.5"]),
    "randomise:permute": ({"seed": 3}, ["a", "b"]),
}


def test_every_builtin_operator_has_a_sample():
    from zjgov.security.operators import _BUILTIN, get

    builtin = {n for n in names() if get(n).__module__.rsplit(".", 1)[-1] in _BUILTIN}
    assert builtin == set(SAMPLES) | {"randomise:date_shift"}


@pytest.mark.parametrize("name", sorted(set(SAMPLES) - {"hash"}))
def test_every_row_out_nulls_stay_null_index_kept_input_untouched(name):
    params, values = SAMPLES[name]
    column = pd.Series([values[0], None, values[1], values[0]], index=[10, 11, 12, 13], name="c", dtype="str")
    before = column.copy()
    op = resolve(name, params)
    out = op.apply(column, RING)
    assert len(out) == 4 and out.index.tolist() == [10, 11, 12, 13] and out.name == "c"
    assert bool(out.isna()[11]) or name == "randomise:permute"
    pd.testing.assert_series_equal(column, before)  # the caller's column is not modified
    if name not in ("keep", "nullify") and not name.startswith("randomise:"):
        assert out[10] == out[13]  # deterministic within a call
    if op.reversible:
        back = op.reverse(out, RING)
        assert back[10] == op.apply(pd.Series([values[0]]), RING).pipe(op.reverse, RING)[0]


# -- character masks ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("treatment", "params", "value", "expected"),
    [
        ("mask:citizen_id", {}, "33010619900101123x", "330106********123X"),
        ("mask:citizen_id", {"profile": "hutool"}, "33010619900101123X", "3***************3X"),
        ("mask:citizen_id", {"profile": "strict"}, "33010619900101123X", "**************123X"),
        ("mask:citizen_id", {"keep_first": 3, "keep_last": 4}, "33010619900101123X", "330***********123X"),
        ("mask:mobile", {}, "13800138000", "138****8000"),
        ("mask:mobile", {}, "+86 138 0013 8000", "+86138****8000"),
        ("mask:mobile", {"profile": "strict"}, "13800138000", "*******8000"),
        ("mask:bank_card", {}, "6222021202004567891", "622202*********7891"),
        ("mask:bank_card", {"profile": "hutool"}, "6222021202004567891", "6222***********7891"),
        ("mask:landline", {}, "0571-88776655", "0571******55"),
        ("mask:uscc", {}, "91350100M000100Y43", "91************0Y43"),
        ("mask:plate", {}, "苏D4A420", "苏D4***0"),
        ("mask:passport", {}, "E12345678", "E*****678"),
        ("mask:email", {}, "dong@126.com", "d***@126.com"),
        ("mask:email", {}, "d@126.com", "*@126.com"),
        ("mask:name", {}, "段正淳", "段**"),
        ("mask:name", {}, "司马相如", "司马**"),
        ("mask:name", {}, "欧阳", "欧*"),
        ("mask:name", {}, "李", "*"),
        ("mask:address", {}, "浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区******"),
        ("mask:address", {"profile": "strict"}, "浙江省杭州市西湖区文三路90号", "浙江省************"),
        ("mask:address", {"keep_level": "city"}, "浙江杭州市西湖区文三路90号", "浙江杭州市*********"),
        ("mask:address", {"profile": "hutool"}, "北京市海淀区马连洼街道289号", "北京市海淀区马********"),
        ("mask:ip", {}, "192.168.1.10", "192.*.*.*"),
        ("mask", {"keep_first": 2, "keep_last": 2, "char": "#"}, "abcdefg", "ab###fg"),
        ("mask", {"keep_first": 5, "keep_last": 5}, "abc", "ab*"),
        ("redact", {}, "张三丰", "***"),
        ("redact", {"length": 6}, "ab", "******"),
        ("constant", {"value": "略"}, "张三", "略"),
        ("truncate", {"keep": 3}, "浙江省杭州市", "浙江省"),
        ("truncate", {"keep": 2, "side": "end"}, "abcdef", "ef"),
        ("suppress", {}, "已婚", "*"),
    ],
)
def test_mask_values(treatment, params, value, expected):
    assert resolve(treatment, params).apply(pd.Series([value]))[0] == expected


def _reference_mask(s: str, head: int, tail: int, min_masked: int = 1, char: str = "*") -> str:
    n = len(s)
    masked = max(n - head - tail, min(n, min_masked))
    h = min(head, n - masked)
    t = min(tail, n - masked - h)
    return s[:h] + char * (n - h - t) + (s[n - t :] if t else "")


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.none(), st.text(max_size=12), st.text(alphabet="0123456789X", max_size=20)), max_size=30
    ),
    head=st.integers(0, 8),
    tail=st.integers(0, 8),
)
def test_vectorised_mask_equals_a_python_reference(values, head, tail):
    values = [v.replace("\x00", "") if v else v for v in values]
    got = mask_chars(as_text(pd.Series(values, dtype=object)), head, tail).to_pylist()
    assert got == [None if v is None else _reference_mask(v, head, tail) for v in values]


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.none(), st.text(max_size=12), st.text(alphabet="张欧阳😀ab1", max_size=9)), max_size=30
    ),
    data=st.data(),
    skip=st.integers(0, 3),
    char=st.sampled_from(["*", "#", "＊"]),
)
def test_per_row_keep_counts_on_a_sliced_column_equal_a_python_reference(values, data, skip, char):
    # per-row head/tail, a slice (non-zero Arrow offset) and a multi-byte mask character
    values = [v.replace("\x00", "") if v else v for v in values]
    heads = data.draw(st.lists(st.integers(0, 5), min_size=len(values), max_size=len(values)))
    tails = data.draw(st.lists(st.integers(0, 5), min_size=len(values), max_size=len(values)))
    arr = as_text(pd.Series(["x"] * skip + values, dtype=object)).slice(skip)
    got = mask_chars(arr, np.array(heads, dtype=np.int64), np.array(tails, dtype=np.int64), char).to_pylist()
    want = [None if v is None else _reference_mask(v, h, t, char=char) for v, h, t in zip(values, heads, tails)]
    assert got == want


def test_a_masked_identifier_never_shows_its_hidden_part():
    ids = pd.Series(["33010619900101123X", "11010519491231002X"])
    for profile in ("standard", "hutool", "strict"):
        out = resolve("mask:citizen_id", profile=profile).apply(ids)
        for src, masked in zip(ids, out):
            assert src[6:14] not in masked and src not in masked  # the birth date is always hidden


# -- generalisation -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("treatment", "params", "values", "expected"),
    [
        (
            "generalise:date",
            {"unit": "month"},
            ["19900101", "1990-12-31", "1990年3月1日"],
            ["1990-01", "1990-12", "1990-03"],
        ),
        ("generalise:date", {"unit": "quarter"}, ["19900501"], ["1990-Q2"]),
        ("generalise:date", {"unit": "decade"}, ["19950501"], ["1990s"]),
        ("generalise:age", {"width": 10, "top": 90}, ["0", "19", "95"], ["0-9", "10-19", "90+"]),
        (
            "generalise:range",
            {"edges": [0, 100, 1000]},
            ["50", "100", "5000", "-1"],
            ["0-100", "100-1000", ">=1000", "<0"],
        ),
        ("generalise:range", {}, ["0.5", "1500", "37000", "-300"], ["0-1", "1000-2000", "20000-50000", "-500--200"]),
        ("generalise:range", {"width": 1000, "top": 5000}, ["1500", "7000"], ["1000-2000", ">=5000"]),
        ("generalise:round", {"precision": 100}, ["1234.5", "1,250"], ["1200", "1200"]),
        ("generalise:round", {"precision": 0.1, "mode": "down"}, ["3.19"], ["3.1"]),
        ("generalise:topcode", {"top": 100, "bottom": 10}, ["5", "50.25", "500"], ["10", "50.25", "100"]),
        ("generalise:topcode", {"top": 100, "labels": True}, ["500"], [">=100"]),
        ("generalise:division", {"level": "province"}, ["330106"], ["330000"]),
        ("generalise:division", {"level": "city"}, ["429004", "110105"], ["420000", "110000"]),
        ("generalise:postcode", {"keep": 2}, ["310013"], ["310000"]),
        ("generalise:coordinate", {"decimals": 2}, ["120.12845"], ["120.13"]),
    ],
)
def test_generalisation_values(treatment, params, values, expected):
    assert resolve(treatment, params).apply(pd.Series(values)).tolist() == expected


def test_numeric_columns_stay_numeric():
    out = resolve("generalise:round", precision=10).apply(pd.Series([12, 17, None], dtype="Int64"))
    assert pd.api.types.is_integer_dtype(out.dtype) and out.tolist()[:2] == [10, 20] and pd.isna(out[2])


@pytest.mark.parametrize(
    ("treatment", "bad"),
    [
        ("generalise:date", "明天"),
        ("generalise:age", "二十"),
        ("generalise:division", "33010"),
        ("generalise:range", "n/a"),
    ],
)
def test_bad_values_fail_loudly_with_the_row_and_without_the_value(treatment, bad):
    column = pd.Series(
        ["19900101" if "date" in treatment else "330106" if "division" in treatment else "12", bad], name="字段"
    )
    with pytest.raises(OperatorError) as err:
        resolve(treatment).apply(column)
    assert bad not in str(err.value) and "row 2" in err.value.message("en") and "字段" in err.value.message("zh")


# -- randomisation --------------------------------------------------------------------------------
def test_date_shift_is_consistent_per_subject_keyed_and_reversible():
    frame = pd.DataFrame(
        {"id": ["A", "A", "B", "B", None], "d": ["20200101", "20200301", "2020-01-01", "20200301", "20200101"]}
    )
    op = resolve("randomise:date_shift", key="k", subject="id", max_days=20)
    out = op.apply(frame["d"], RING, frame=frame)
    days = pd.to_datetime(out.str.replace("-", ""), format="%Y%m%d")
    orig = pd.to_datetime(frame["d"].str.replace("-", ""), format="%Y%m%d")
    shift = (days - orig).dt.days
    assert shift[0] == shift[1] and shift[2] == shift[3] and shift[4] == 0  # no subject: no shift
    assert all(1 <= abs(s) <= 20 for s in shift[:4])
    assert op.reverse(out, RING, frame=frame).tolist() == frame["d"].tolist()
    other = resolve("randomise:date_shift", key="other", subject="id", max_days=20).apply(frame["d"], RING, frame=frame)
    assert other.tolist() != out.tolist()


def test_noise_states_its_parameters_and_is_reproducible():
    x = pd.Series([str(v) for v in range(1000)])
    a = resolve("randomise:laplace", epsilon=0.5, sensitivity=1, seed=7, decimals=3).apply(x)
    b = resolve("randomise:laplace", epsilon=0.5, sensitivity=1, seed=7, decimals=3).apply(x)
    assert a.tolist() == b.tolist()
    noise = a.astype(float) - x.astype(float)
    assert 1.5 < noise.abs().mean() < 2.5  # Laplace(b=2): mean |noise| = b
    g = resolve("randomise:gaussian", sigma=3, key="k", decimals=2).apply(x, RING).astype(float) - x.astype(float)
    assert 2.5 < g.std() < 3.5
    assert resolve("randomise:laplace", scale=1, seed=1).describe()["params"]["scale"] == 1


def test_permutation_keeps_the_values_and_moves_them():
    x = pd.Series([str(v) for v in range(100)])
    out = resolve("randomise:permute", seed=1).apply(x)
    assert sorted(out) == sorted(x) and (out != x).mean() > 0.9


@pytest.mark.parametrize(
    ("treatment", "values", "null", "redact"),
    [
        ("generalise:date:year", ["19900101", "bad"], ["1990", None], ["1990", "***"]),
        ("generalise:age:5", ["23", "x1"], ["20-24", None], ["20-24", "**"]),
        ("generalise:division", ["330106", "33x"], ["330100", None], ["330100", "***"]),
        ("generalise:round:10", ["12", "?"], ["10", None], ["10", "*"]),
    ],
)
def test_on_invalid_null_or_redact(treatment, values, null, redact):
    to_list = lambda s: [None if pd.isna(v) else v for v in s]  # noqa: E731
    assert to_list(resolve(treatment, on_invalid="null").apply(pd.Series(values))) == null
    assert to_list(resolve(treatment, on_invalid="redact").apply(pd.Series(values))) == redact


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="0123456789+８中", max_size=16),
            st.builds(
                lambda p, d: p + "1" + d,
                st.sampled_from(["", "86", "+86", "0086", "086", "+0086"]),
                st.text(alphabet="0123456789", min_size=9, max_size=11),
            ),
        ),
        max_size=40,
    ),
    skip=st.integers(0, 2),
)
def test_the_mobile_test_of_mask_phone_equals_its_regular_expression(values, skip):
    import pyarrow.compute as pc

    from zjgov.core.arrow import mask as np_bool
    from zjgov.security.masks import _mobile

    arr = as_text(pd.Series(["13800138000"] * skip + values, dtype=object)).slice(skip)
    want = np_bool(pc.match_substring_regex(arr, r"^(\+?86|0086)?1[3-9][0-9]{9}$").fill_null(False))
    assert _mobile(arr).tolist() == want.tolist()


def test_the_examples_of_the_masking_documentation_hold():
    import doctest
    from pathlib import Path

    doc = Path(__file__).resolve().parents[1] / "docs" / "security_masking.md"
    result = doctest.testfile(str(doc), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0
