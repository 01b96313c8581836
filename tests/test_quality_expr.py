"""The expression language refuses at load time what can only fail at run time (issue 17 items 12, 13)."""

import contextlib

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjgov.errors import ConfigError
from zjgov.quality.expr import MAX_DEPTH, compile_expr


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("upper(5) == 'A'", "argument 1 of upper must be text, not a number"),
        ("lower(True) == 'a'", "must be text, not a boolean"),
        ("substr(a, '1') == 'x'", "argument 2 of substr must be a number, not text"),
        ("'x' + 'y' == 'xy'", "needs numbers or dates, not text"),
        ("a + 'y' == 'xy'", "not text"),
        ("-'x' > 1", "not text"),
        ("a in 5", "needs a list"),
        ("len(5) > 1", "must be text"),
        ("date(a, 5) > today()", "argument 2 of date must be text"),
    ],
)
def test_type_errors_are_found_when_loading(source, words):
    with pytest.raises(ConfigError) as info:
        compile_expr(source)
    assert words in info.value.message("en")


@pytest.mark.parametrize(
    "source",
    [
        "(" * 5000 + "a" + ")" * 5000,
        "+".join(["a"] * 3000) + " > 1",
        "not " * 3000 + "a",
        "upper(" * 300 + "a" + ")" * 300 + " == 'A'",
        "[" * 200 + "]" * 200,
    ],
)
def test_deep_expressions_are_a_clean_error(source):
    with pytest.raises(ConfigError) as info:
        compile_expr(source)
    assert "nested too deeply" in info.value.message("en") or "not allowed" in info.value.message("en")


def test_moderate_nesting_is_fine():
    f = pd.DataFrame({"a": ["1"]})
    assert compile_expr("(" * (MAX_DEPTH // 2) + "a" + ")" * (MAX_DEPTH // 2) + " > 0").evaluate(f).tolist() == [True]


def test_identifiers_are_not_nfkc_folded():
    f = pd.DataFrame({"a": ["1"], "ａ": ["9"]})
    e = compile_expr("ａ > 5")
    assert e.columns == frozenset({"ａ"}) and e.evaluate(f).tolist() == [True]
    assert compile_expr("a > 5").evaluate(f).tolist() == [False]
    with pytest.raises(ConfigError):
        compile_expr("ｕｐｐｅｒ(a) == 'A'")  # not the function upper


@given(st.text(max_size=60))
def test_any_text_compiles_or_gives_a_config_error(source):
    with contextlib.suppress(ConfigError):
        compile_expr(source)
