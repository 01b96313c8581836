"""The core layer: one catalogue, one normaliser, one reason registry, one pool, one calendar."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from zjgov import codes
from zjgov.core import arrow, dates, i18n, reasons, text, threads
from zjgov.core.errors import ConfigError


def _fresh(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_messages_do_not_depend_on_import_order():
    probe = "from zjgov import i18n; print(i18n.text('component:date', 'en', title='d'))"
    before = _fresh(probe)
    after = _fresh("import zjgov.exchange.dates, zjgov.codes.plate; " + probe)
    assert before == after == "d: the date does not exist (such as 30 February)"
    assert _fresh("from zjgov import i18n; print(i18n.text('component:province', 'en', title='p'))") == (
        "p: the first character is not a province abbreviation"
    )


def test_every_reason_in_the_source_has_its_own_message():
    """Every ``component:<part>`` a module of zjgov can report is in the core catalogue."""
    import pathlib
    import re

    import zjgov

    root = pathlib.Path(zjgov.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        found |= set(re.findall(r"[\"'](component:[a-z_]+)[\"']", path.read_text(encoding="utf-8")))
    assert found and found <= set(reasons.MESSAGES), sorted(found - set(reasons.MESSAGES))


def test_reason_registry_is_one_encoding():
    from zjgov.codes import _engine

    assert _engine.reason_index is reasons.index
    assert reasons.index("component:region") == reasons.index("component:region")
    assert reasons.name(0) is None and reasons.name(reasons.CHECKSUM) == "checksum"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("３３０１０６１９９００１０１１２３ｘ", "33010619900101123X"),  # full-width digits and letter
        ("330106 1990-0101–123x", "33010619900101123X"),  # space, hyphen, en dash
        ("330106\u3000199001011234", "330106199001011234"),  # ideographic space
        ("①①0105", "①①0105"),  # compatibility characters are not folded
        ("11²", "11²"),
    ],
)
def test_one_normaliser_for_scalars_and_columns(raw, expected):
    assert text.compact(raw) == expected
    assert text.compact_column(pd.Series([raw])).to_pylist() == [expected]
    assert text.compact_arrow(pa.array([raw], pa.large_string())).to_pylist() == [expected]


def test_codes_agree_with_the_normaliser():
    """A code's compact form is the normaliser's (plus the code's own prefix rules)."""
    for raw in ["１１０１０５１９４９１２３１００２ｘ", "110105-19491231-002x", "11010519491231002X"]:
        assert codes.get("citizen_id").compact(raw) == text.compact(raw)
    assert not codes.get("division").is_valid("①①0105")
    assert codes.get("division").is_valid("11–0105")


def test_compact_column_nulls_blank_and_non_text():
    got = text.compact_column(pd.Series(["  ", None, 3.5, 110105, "a-b"], dtype=object)).to_pylist()
    assert got == [None, None, None, "110105", "AB"]


def test_to_text_never_raises_on_odd_objects():
    class Loud:
        def __str__(self):
            raise RuntimeError("no")

        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = None

    for value in [10**5000, np.timedelta64(3, "D"), Loud(), complex(1, 2), [1, 2], b"1", np.datetime64("NaT")]:
        with pytest.raises(Exception) as info:
            text.to_text(value)
        assert info.type.__module__.startswith("zjgov"), (value, info.type)


def test_arrow_mask_and_buffers():
    assert arrow.mask(pa.chunked_array([[True, None], [False]])).tolist() == [True, False, False]
    assert arrow.mask(pa.array([None, True]), fill=True).tolist() == [True, True]
    arr = pa.array(["x", "ab", "cd"]).slice(1)
    offs, data, _ = arrow.offsets_data(arr)
    assert arrow.byte_matrix(offs, data, None, 2).tobytes() == b"abcd"
    assert arrow.byte_matrix(offs, data, np.array([1]), 2).tobytes() == b"cd"


def test_one_pool_one_setting(monkeypatch):
    monkeypatch.setenv("ZJGOV_THREADS", "1")
    assert threads.threads() == 1 and threads.pool() is None
    monkeypatch.setenv("ZJGOV_THREADS", "3")
    assert threads.threads() == 3
    monkeypatch.setenv("ZJGOV_THREADS", "lots")
    assert threads.threads() >= 1
    assert threads.parallel_map(lambda x: x + 1, range(5)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("pattern", "fmt"),
    [("YYYY-MM-DD", "%Y-%m-%d"), ("YYYYMMDDhhmmss", "%Y%m%d%H%M%S"), ("YYYY年MM月DD日", "%Y年%m月%d日")],
)
def test_both_notations_give_one_layout(pattern, fmt):
    assert dates.layout(pattern) == dates.layout(fmt)
    assert dates.to_strftime(pattern) == fmt and dates.from_strftime(fmt) == pattern


def test_calendar_is_shared_by_both_parsers():
    values = ["2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-04-31", "0000-01-01"]
    real = [True, False, False, True, False, False]
    parsed = dates.parse_arrow(pa.array(values), pattern="YYYY-MM-DD")
    assert (~parsed.bad_date).tolist() == real
    assert dates.parse_arrow(pa.array(values), pattern="%Y-%m-%d").bad_date.tolist() == parsed.bad_date.tolist()
    assert dates.parse_datetimes(pa.array(values), "%Y-%m-%d").notna().tolist() == real


def test_config_error_collects_without_line_none():
    one = ConfigError("甲", "a", file="f.yaml", line=None, field="x")
    assert "None" not in str(one) and one.message("en") == "f.yaml [x]: a"
    both = ConfigError.collect([one, ConfigError("乙", "b", line=3)])
    assert both.errors[1].line == 3 and both.message("en").splitlines() == ["f.yaml [x]: a", ":3: b".lstrip(":")]


def test_catalogue_is_the_public_one():
    import zjgov.i18n

    assert zjgov.i18n.text is i18n.text


# -- identifiers compared as identifiers (exchange side) ----------------------------------------
FIVE_SPELLINGS = [
    "11010519491231002X",
    "11010519491231002x",
    "１１０１０５１９４９１２３１００２Ｘ",
    "110105 19491231 002X",
    "110105-19491231-002x",
]


def test_five_spellings_of_one_id_are_one_key():
    from zjgov.exchange import Schema

    schema = Schema.from_dict({"elements": [{"use": "公民身份号码", "column": "id"}], "primary_key": ["id"]})
    frame = pd.DataFrame({"id": FIVE_SPELLINGS}, dtype="str")
    report = schema.validate(frame)
    v = report.violations
    assert v["reason"].tolist() == ["duplicate_key"] * 4 and v["row"].tolist() == [2, 3, 4, 5]
    # the library element (format an18) accepts every spelling its code accepts
    assert not (v["reason"] != "duplicate_key").any()


def test_five_spellings_are_one_key_in_long_columns_and_across_batches():
    from zjgov.exchange import Schema

    schema = Schema.from_dict({"elements": [{"use": "公民身份号码", "column": "id"}], "primary_key": ["id"]})
    col = [_citizen_id(i) for i in range(12_000)] + FIVE_SPELLINGS  # long: the hashed path
    report = schema.validate(pd.DataFrame({"id": col}, dtype="string[pyarrow]"))
    assert report.violations["row"].tolist() == list(range(len(col) - 3, len(col) + 1))
    seen: dict = {}
    first = schema.validate(pd.DataFrame({"id": FIVE_SPELLINGS[:2]}, dtype="str"), seen_keys=seen)
    second = schema.validate(pd.DataFrame({"id": FIVE_SPELLINGS[2:]}, dtype="str"), seen_keys=seen)
    assert first.violations["row"].tolist() == [2] and second.violations["row"].tolist() == [1, 2, 3]


def _citizen_id(i: int) -> str:
    """A valid ID: region 330106, a birth date in 1990, sequence ``i`` (ISO 7064 MOD 11-2)."""
    body = f"330106199{i // 3650 % 10}{(i // 300) % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"[:17]
    weights = [pow(2, 17 - k, 11) for k in range(17)]
    check = (12 - sum(int(c) * w for c, w in zip(body, weights)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def test_foreign_keys_compare_compact_forms():
    from zjgov.exchange import Schema

    schema = Schema.from_dict(
        {
            "name": "orders",
            "elements": [{"use": "公民身份号码", "column": "id"}],
            "foreign_keys": [{"columns": ["id"], "reference": {"resource": "people", "columns": ["pid"]}}],
        }
    )
    people = pd.DataFrame({"pid": ["110105 19491231 002x"]}, dtype="str")
    report = schema.validate(pd.DataFrame({"id": FIVE_SPELLINGS}, dtype="str"), references={"people": people})
    assert report.ok, report.violations
