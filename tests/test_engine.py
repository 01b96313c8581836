"""The column engine (zjgov.codes._engine): every storage a column can have gives the answer
the scalar ``validate`` gives for each of its values, on the input's index."""

import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.codes import _engine, citizen_id, division, mobile, plate, uscc
from zjgov.errors import ValidationError

GOOD = "11010519491231002X"
VALUES = [
    GOOD,
    "11010519491231002x",  # lower case: general path
    "110105 19491231 002X",  # separators
    "１１０１０５１９４９１２３１００２Ｘ",  # full width
    "110105194912310021",  # checksum
    "11010519491331002X",
    "440524188001010014",
    "110105491231002",  # legacy
    "11010519491231002X\x00",  # NUL at the end is not stripped
    "\x0011010519491231002X",
    "1101051949\x001231002X",
    "11010519491231002X\t",  # tab normalises to a space, then removed
    "1101051949\t1231002X",
    "",
    " ",
    "1" * 100,
    "€" * 18,
    "３３０１０６１９９００１０１１２３ｘ",
    None,
]


def _expected(module, value, **options):
    try:
        module.validate(value, **options)
        return (True, None, None)
    except ValidationError as exc:
        return (False, exc.reason, exc.position)


def assert_agrees(module, series, **options):
    result = module.check(series, **options)
    assert result.valid.index.equals(series.index)
    assert result.reason.index.equals(series.index) and result.position.index.equals(series.index)
    assert result.valid.dtype == bool and result.reason.dtype == "string" and result.position.dtype == "Int32"
    got = [
        (bool(v), None if pd.isna(r) else r, None if pd.isna(p) else int(p))
        for v, r, p in zip(result.valid, result.reason, result.position)
    ]
    values = series.astype(object).where(series.notna(), None).tolist()
    assert got == [_expected(module, v, **options) for v in values]
    assert sum(result.counts.values()) == (~result.valid).sum()
    return result


@pytest.mark.parametrize("dtype", ["object", "str", "string[pyarrow]", "string[python]"])
def test_storages_agree_with_scalar(dtype):
    assert_agrees(citizen_id, pd.Series(VALUES, dtype=dtype))


@pytest.mark.parametrize("arrow_type", [pa.string(), pa.large_string()])
def test_arrow_dtypes(arrow_type):
    series = pd.Series(pd.array(VALUES, dtype=pd.ArrowDtype(arrow_type)))
    assert_agrees(citizen_id, series)


def test_chunked_array():
    chunks = pa.chunked_array([pa.array(VALUES[:5]), pa.array(VALUES[5:], pa.string()), pa.array([GOOD] * 3)])
    series = pd.Series(pd.arrays.ArrowStringArray(chunks))
    assert_agrees(citizen_id, series)


def test_sliced_arrays_with_offsets():
    arr = pa.array(VALUES * 3, pa.large_string()).slice(5, 30)
    series = pd.Series(pd.arrays.ArrowStringArray(arr), index=range(100, 130))
    assert_agrees(citizen_id, series)
    whole = pd.Series(VALUES * 3, dtype="str")
    assert_agrees(citizen_id, whole.iloc[7:40])
    assert_agrees(citizen_id, whole.iloc[::3])


def test_null_slots_that_own_bytes():
    # Arrow lets a null slot span bytes; they must be neither read nor counted
    data = (GOOD + "garbage" + GOOD).encode()
    offsets = np.array([0, 18, 25, 43], dtype=np.int32)
    validity = np.packbits(np.array([1, 0, 1], dtype=bool), bitorder="little")
    arr = pa.StringArray.from_buffers(3, pa.py_buffer(offsets), pa.py_buffer(data), pa.py_buffer(validity))
    result = citizen_id.check(pd.Series(pd.arrays.ArrowStringArray(arr)))
    assert result.valid.tolist() == [True, False, True]
    assert result.reason.tolist()[1] == "missing"


def test_categorical():
    cats = pd.Categorical([GOOD, "110105194912310021", None, GOOD, "x"], categories=[GOOD, "110105194912310021", "x"])
    series = pd.Series(cats, index=list("abcde"))
    result = assert_agrees(citizen_id, series)
    assert result.reason.fillna("").tolist() == ["", "checksum", "missing", "", "length"]
    ints = pd.Series(pd.Categorical([330106, 330103, 999999, 330106]))
    assert_agrees(division, ints)
    assert_agrees(citizen_id, pd.Series(pd.Categorical([], categories=[GOOD])))


def test_nullable_integers():
    series = pd.Series(pd.array([330106, None, 330103, 999999, -330106], dtype="Int64"), index=[9, 8, 7, 6, 5])
    result = assert_agrees(division, series)
    assert result.valid.tolist() == [True, False, True, False, True]  # '-' is a separator, as in validate
    assert result.reason[8] == "missing"
    assert_agrees(division, pd.Series([330106, 330100], dtype="int64"))
    assert_agrees(division, pd.Series([330106, 330100], dtype="uint32"))


def test_index_is_preserved():
    index = pd.MultiIndex.from_tuples([("a", 1), ("a", 1), ("b", 2), ("c", 3)])
    series = pd.Series([GOOD, None, "bad", GOOD], index=index, dtype="str")
    result = assert_agrees(citizen_id, series)
    assert result.valid.index.equals(index)
    dup = pd.Series([GOOD, GOOD], index=[5, 5])
    assert citizen_id.check(dup).valid.index.tolist() == [5, 5]


def test_huge_strings():
    series = pd.Series(["1" * 1_000_000, GOOD, "浙" * 300_000, "1" * 71, None], dtype="str")
    result = assert_agrees(citizen_id, series)
    assert result.reason.fillna("").tolist() == ["length", "", "length", "length", "missing"]


def test_mixed_object_column():
    values = [GOOD, 110105194912310021, 3.301e17, None, float("nan"), b"x", True, pd.NA, np.int64(7), "\ud800" * 18]
    result = assert_agrees(citizen_id, pd.Series(values, dtype=object))
    assert result.reason.tolist()[2] == "type" and result.reason.tolist()[3] == "missing"


def test_lone_surrogates_in_strings():
    assert_agrees(citizen_id, pd.Series([GOOD, "\ud800" + GOOD[1:], "\udfff"], dtype=object))


def test_non_string_dtypes_are_type_errors():
    assert citizen_id.check(pd.Series([1.5, np.nan])).reason.tolist() == ["type", "missing"]
    assert citizen_id.check(pd.Series([True, False])).reason.tolist() == ["type", "type"]
    dates = citizen_id.check(pd.Series(pd.to_datetime(["2020-01-01", None])))
    assert dates.reason.tolist() == ["type", "missing"]


def test_many_blocks_threads_and_serial_agree(monkeypatch):
    rng = np.random.default_rng(7)
    pool = np.array(VALUES[:-1] + [GOOD] * 20, dtype=object)
    values = pool[rng.integers(0, len(pool), 3 * _engine.BLOCK + 11)]
    values[rng.integers(0, len(values), 50)] = None
    series = pd.Series(values, dtype="str")
    threaded = citizen_id.check(series)
    monkeypatch.setenv("ZJGOV_THREADS", "1")
    serial = citizen_id.check(series)
    pd.testing.assert_series_equal(threaded.reason, serial.reason)
    pd.testing.assert_series_equal(threaded.position, serial.position)
    assert threaded.counts == serial.counts
    expected = {v: _expected(citizen_id, v) for v in set(pool.tolist())}
    got = threaded.reason.iloc[:2000]
    for value, reason in zip(series.iloc[:2000], got):
        want = (False, "missing", None) if pd.isna(value) else expected[value]
        assert (None if pd.isna(reason) else reason) == want[1]


def test_block_of_all_dirty_rows_and_all_clean_rows():
    n = _engine.BLOCK + 5
    assert citizen_id.check(pd.Series([GOOD.lower()] * n, dtype="str")).all_valid
    assert citizen_id.check(pd.Series([GOOD] * n, dtype="str")).all_valid
    assert citizen_id.check(pd.Series([None] * n, dtype="str")).counts == {"missing": n}


def test_prepare_hook_column_agrees_with_scalar():
    values = ["+86 138-0013-8000", "8613800138000", "13800138000", "(+86)13800138000", "15412345678", None, ""]
    assert_agrees(mobile, pd.Series(values, dtype="str"))
    assert_agrees(mobile, pd.Series(values, dtype=object))


def test_non_ascii_kernel_codes_agree():
    values = ["浙A12345", "浙a12345", "浙A·12345", "浙AD12345", "浙Ａ１２３４５", "A12345", "浙A1234", None]
    assert_agrees(plate, pd.Series(values, dtype="str"))


def test_options_are_passed_through():
    values = ["330103", "330106", "330109"]
    assert_agrees(division, pd.Series(values), current=True)
    assert_agrees(division, pd.Series(values), as_of=1990)
    assert_agrees(uscc, pd.Series(["91350211M0000XUF46", "91330100716105852F"]), lenient=True)


@given(st.lists(st.text(alphabet="0123456789Xx -\t\x00１２Ｘ浙€", max_size=22), max_size=30))
def test_column_agrees_with_scalar_on_near_digit_text(values):
    assert_agrees(citizen_id, pd.Series(values, dtype="str"))
    assert_agrees(citizen_id, pd.Series(values, dtype=object))


# -- helpers and Verdict ----------------------------------------------------------------
def test_verdict_first_failure_wins():
    v = _engine.Verdict(4)
    v.fail(np.array([True, False, False, False]), "format", 3)
    v.fail(np.array([True, True, False, False]), "checksum", np.array([9, 8, 7, 6]))
    v.fail_chars(np.array([[True, True], [False, True], [True, False], [True, True]]), offset=2)
    assert [_engine.reason_name(r) for r in v.reason] == ["format", "checksum", "format", None]
    assert v.position.tolist() == [3, 8, 4, 0]
    assert v.open.tolist() == [False, False, False, True]


@pytest.mark.parametrize("rows", [1, 5, 200])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint32])
def test_helpers_agree_with_plain_python(rows, order, dtype):
    rng = np.random.default_rng(rows)
    text = ["".join(rng.choice(list("0123456789ABXZ"), 12)) for _ in range(rows)]
    m = np.array([[ord(c) for c in t] for t in text], dtype=dtype, order=order)
    assert _engine.digits(m).tolist() == [[c.isdigit() for c in t] for t in text]
    assert _engine.in_alphabet(m, "0123456789X").tolist() == [[c in "0123456789X" for c in t] for t in text]
    assert _engine.values(m, "0123456789AB").tolist() == [[max("0123456789AB".find(c), 0) for c in t] for t in text]
    d = np.array([[int(c) if c.isdigit() else 0 for c in t] for t in text], dtype=np.uint8, order=order)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9)
    assert _engine.weighted_sum(d, weights).tolist() == [sum(int(x) * w for x, w in zip(r, weights)) for r in d]
    digits_only = np.where(_engine.digits(m), m, ord("0")).astype(dtype)
    expected = [int("".join(chr(c) for c in r)) for r in digits_only]
    assert _engine.as_int(digits_only).tolist() == expected
    assert _engine.as_int(digits_only).dtype == np.int64


def test_in_alphabet_beyond_latin1():
    m = np.array([[0x41, 0x141, 0x10041, 0x6D59]], dtype=np.uint32)
    assert _engine.in_alphabet(m, "A").tolist() == [[True, False, False, False]]
    assert _engine.values(m, "BA").tolist() == [[1, 0, 0, 0]]


def test_reason_registry_is_thread_safe():
    names = [f"component:test_{i}" for i in range(50)]
    out: list[list[int]] = []

    def register():
        out.append([_engine.reason_index(n) for n in names])

    threads = [threading.Thread(target=register) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(o == out[0] for o in out)
    assert [_engine.reason_name(i) for i in out[0]] == names


def test_check_works_in_a_forked_child_after_threads_ran():
    import multiprocessing

    series = pd.Series([GOOD] * (2 * _engine.BLOCK + 3), dtype="str")
    assert citizen_id.check(series).all_valid  # starts the pool in the parent
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        assert pool.apply(_child_check, (2 * _engine.BLOCK + 3,)) == 2 * _engine.BLOCK + 3


def _child_check(n):
    return citizen_id.check(pd.Series([GOOD] * n, dtype="str")).n_valid


def test_kernel_that_checks_another_code_does_not_deadlock():
    def kernel(m, v):
        inner = pd.Series([GOOD] * (2 * _engine.BLOCK + 1), dtype="str")
        assert citizen_id.check(inner).all_valid  # a nested column check from inside a worker
        v.fail(m[:, 0] != ord("A"), "format", 1)

    code = _engine.Code("nested_test", ("测试", "test"), (1,), kernel)
    done: list = []
    worker = threading.Thread(
        target=lambda: done.append(code.check(pd.Series(["A", "B"] * _engine.BLOCK))), daemon=True
    )
    worker.start()
    worker.join(timeout=120)
    assert done, "nested check deadlocked"
    assert done[0].counts == {"format": _engine.BLOCK}
