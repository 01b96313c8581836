import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.report import json as rjson
from zjgov.report import markdown as md

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@given(st.text(max_size=60))
def test_escaped_text_stays_one_inert_line(value):
    out = md.escape(value)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out  # no raw HTML
    assert not _UNESCAPED_PIPE.search(out)  # cannot split a table cell
    for ch in "*_`[]~":
        assert not re.search(rf"(?<!\\){re.escape(ch)}", out.replace("\\\\", ""))


@given(st.lists(st.lists(st.text(max_size=12), min_size=3, max_size=3), max_size=5))
def test_tables_keep_their_shape(rows):
    lines = md.table(["a", "b", "c"], rows).splitlines()
    assert len(lines) == 2 + max(len(rows), 1)
    for line in lines:
        assert len(_UNESCAPED_PIPE.findall(line.replace("\\\\", ""))) == 4


def test_block_syntax_at_line_start_is_neutralised():
    assert md.escape("# title") == "\\# title"
    assert md.escape("1. first") == "1\\. first"
    assert md.escape("- item") == "\\- item"
    assert md.escape("3.14 and 2026-01-01") == "3.14 and 2026-01-01"  # ordinary text stays readable


def test_code_spans_survive_backticks():
    assert md.code("a") == "`a`"
    assert md.code("``x`") == "``` ``x` ```"


def test_heading_levels():
    assert md.heading(2, "x") == "## x"
    with pytest.raises(ValueError):
        md.heading(7, "x")


def test_bar_is_monotonic_and_only_full_at_the_maximum():
    widths = [md.bar(v, width=10).count("█") for v in range(0, 101)]
    assert widths == sorted(widths) and widths[-1] == 10 and widths[99] == 9


def test_json_handles_numpy_pandas_and_nan():
    import numpy as np
    import pandas as pd

    text = rjson.dumps({"n": np.int64(3), "f": np.float32(0.5), "na": pd.NA, "nan": float("inf"), "中": "文"})
    assert text == '{\n  "n": 3,\n  "f": 0.5,\n  "na": null,\n  "nan": null,\n  "中": "文"\n}'
    with pytest.raises(TypeError, match="cannot write a object"):
        rjson.dumps(object())
