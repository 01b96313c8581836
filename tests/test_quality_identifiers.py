"""Identifiers compared as identifiers: keys of columns bound to a code use the compact form."""

import numpy as np
import pandas as pd
import pytest

from zjgov.codes import citizen_id
from zjgov.quality import RuleSet, check, rule

FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def ids(n, seed=0):
    """``n`` distinct valid ID numbers, about one in eleven ending in ``X``."""
    rng = np.random.default_rng(seed)
    out = set()
    while len(out) < n:
        body = f"330106{rng.integers(1950, 2005)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}{rng.integers(0, 1000):03d}"
        out.add(body + citizen_id.check_char(body))
    return sorted(out)


def population(n=10_000, groups=100, seed=1):
    """A table whose duplicate ID numbers differ only by a lower-case x or full-width digits."""
    rng = np.random.default_rng(seed)
    people = ids(n - groups, seed)
    with_x = [p for p in people if p.endswith("X")]
    dup_of = with_x[: groups // 2] + [p for p in people if not p.endswith("X")][: groups - groups // 2]
    spelled = [p.lower() if p.endswith("X") else p.translate(FULL) for p in dup_of]
    column = people + spelled
    order = rng.permutation(len(column))
    return pd.DataFrame({"sfzh": np.array(column, dtype=object)[order]}), set(dup_of)


def test_population_duplicates_differing_in_x_or_full_width_are_all_found():
    frame, duplicated = population()
    rules = RuleSet.from_rules(
        "p", [rule("code", "sfzh", code="citizen_id"), rule("unique", "sfzh"), rule("duplicates", ["sfzh"])]
    )
    for batch_rows in (10_000, 997):
        res = check(frame, rules, batch_rows=batch_rows)
        assert res.rule("code:sfzh").failed == 0
        assert res.rule("unique:sfzh").failed == 2 * len(duplicated)  # all 100 groups, both rows each
        assert res.rule("duplicates:sfzh").failed == len(duplicated)
        assert len(res.duplicates) == 2 * 100  # groups of both rules, none missed
    raw = check(frame, RuleSet.from_rules("p", [rule("unique", "sfzh")]))
    assert raw.rule("unique:sfzh").failed == 0  # without a binding, text is text


FIVE = [
    "11010519491231002X",
    "11010519491231002x",
    "１１０１０５１９４９１２３１００２Ｘ",
    "110105 19491231 002X",
    "110105-1949-1231-002x",
]


@pytest.mark.parametrize(
    "rules",
    [
        [rule("code", "id", code="citizen_id"), rule("unique", "id")],
        [rule("unique", "id", code="citizen_id")],
        [rule("unique", "id", codes={"id": "citizen_id"})],
    ],
)
def test_five_spellings_of_one_id_number_are_one_key(rules):
    frame = pd.DataFrame({"id": [*FIVE, "110105194912310021"]})
    res = check(frame, RuleSet.from_rules("t", rules), batch_rows=2)
    unique = res.rule("unique:id")
    assert unique.failed == 5
    assert [g.count for g in res.duplicates] == [5]
    assert res.duplicates[0].rows == [1, 2, 3, 4, 5]


def test_compare_text_keeps_raw_text_even_with_a_code_rule():
    frame = pd.DataFrame({"id": FIVE})
    rules = [rule("code", "id", code="citizen_id"), rule("unique", "id", compare="text")]
    assert check(frame, RuleSet.from_rules("t", rules)).rule("unique:id").failed == 0


def test_composite_keys_bind_only_their_coded_columns():
    frame = pd.DataFrame({"id": [FIVE[0], FIVE[1], FIVE[2]], "name": ["张三", "张三", "张 三"]})
    rules = [rule("code", "id", code="citizen_id"), rule("duplicates", ["id", "name"])]
    res = check(frame, RuleSet.from_rules("t", rules))
    assert res.rule("duplicates:id,name").failed == 1  # "张 三" is another name


def test_foreign_keys_compare_the_compact_form_on_both_sides():
    ref = pd.DataFrame({"sfzh": ["１１０１０５１９４９１２３１００２ｘ"]})
    frame = pd.DataFrame({"id": [*FIVE, "110105194912310021"]})
    rules = [rule("code", "id", code="citizen_id"), rule("foreign_key", "id", reference=ref, ref_columns=["sfzh"])]
    fk = check(frame, RuleSet.from_rules("t", rules)).rule("foreign_key:id")
    assert (fk.checked, fk.failed) == (6, 1)
    plain = check(frame, RuleSet.from_rules("t", [rule("foreign_key", "id", reference=ref, ref_columns=["sfzh"])]))
    assert plain.rule("foreign_key:id").failed == 6


def test_composite_foreign_keys_are_exact_whatever_the_values_hold():
    ref = pd.DataFrame({"a": ["x\x1fy"], "b": ["z"]})
    frame = pd.DataFrame({"a": ["x", "x\x1fy"], "b": ["y\x1fz", "z"]})
    res = check(frame, RuleSet.from_rules("t", [rule("foreign_key", ["a", "b"], reference=ref)]))
    assert res.rule("foreign_key:a,b").failed == 1  # the U+001F join called both rows present


def test_id_region_reads_divisions_like_the_code_rule():
    frame = pd.DataFrame({"id": [FIVE[0]] * 3, "div": ["11–0105", "①①0105", "１１０１０５"]})
    rules = [rule("id_region", ["id", "div"]), rule("code", "div", code="division")]
    res = check(frame, RuleSet.from_rules("t", rules))
    region, code = res.rule("id_region:id,div"), res.rule("code:div")
    assert (region.checked, region.failed) == (2, 0)  # "①①0105" is no division code to compare
    assert code.reasons == {"format": 1} and [s.row for s in code.sample] == [2]
