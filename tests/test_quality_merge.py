"""The mergeable engine: any split into batches, merged in any grouping (through pickle), gives
the JSON result of one batch."""

import datetime as dt
import itertools
import pickle

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zjgov.quality import RuleSet, rule
from zjgov.quality.engine import Plan, merge

GOOD_ID, MALE_ID, BAD_CHECK = "11010519491231002X", "330103199001011230", "110105194912310021"


def rules():
    return RuleSet.from_rules(
        "t",
        [
            rule("not_blank", "id"),
            rule("code", "id", code="citizen_id", threshold=0.9),
            rule("unique", "id"),
            rule("duplicates"),
            rule("unique", ["id", "sex"], id="pair"),
            rule("id_sex", ["id", "sex"]),
            rule("in_table", "sex", table="sex", severity="warning"),
            rule("pattern", "sex", regex="[12]", filter="sex != '9'"),
            rule("row_count", min=3),
        ],
        reference_time=dt.datetime(2026, 1, 1),
    )


def comparable(result):
    data = result.model_dump(mode="json")
    data.pop("created")
    return data


rows = st.lists(
    st.tuples(
        st.sampled_from([GOOD_ID, GOOD_ID.lower(), MALE_ID, BAD_CHECK, "", None, "x"]),
        st.sampled_from(["1", "2", "9", None]),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(rows, st.lists(st.integers(0, 30), max_size=5), st.randoms(use_true_random=False))
@example(rows=[(GOOD_ID, "2"), (GOOD_ID.lower(), "2"), (GOOD_ID, "2")], cuts=[1, 1, 2], rnd=None)
def test_any_batches_merged_in_any_grouping_give_one_batch_result(rows, cuts, rnd):
    frame = pd.DataFrame(rows, columns=["id", "sex"], dtype=object)
    plan = Plan(rules(), ["id", "sex"])
    whole = comparable(plan.finalise(plan.evaluate(frame, 0)))
    bounds = [0, *sorted(c % (len(frame) + 1) for c in cuts), len(frame)]
    parts = [pickle.loads(pickle.dumps(plan.evaluate(frame.iloc[a:b], a))) for a, b in itertools.pairwise(bounds)]
    while len(parts) > 1:  # neighbours only: each partial covers a contiguous range of rows
        i = rnd.randrange(len(parts) - 1) if rnd is not None else len(parts) - 2
        parts[i : i + 2] = [merge(parts[i], parts[i + 1])]
    assert comparable(plan.finalise(parts[0])) == whole


def test_empty_batches_are_the_identity():
    frame = pd.DataFrame({"id": [GOOD_ID, GOOD_ID, None], "sex": ["2", "2", "1"]})
    plan = Plan(rules(), ["id", "sex"])
    whole = comparable(plan.finalise(plan.evaluate(frame, 0)))
    empty = plan.evaluate(frame.iloc[:0], 0)
    merged = merge(merge(plan.empty(), plan.evaluate(frame, 0)), empty)
    assert comparable(plan.finalise(merged)) == whole


def test_rows_failing_at_least_one_rule_are_counted_once():
    frame = pd.DataFrame({"id": [GOOD_ID, BAD_CHECK, GOOD_ID, MALE_ID], "sex": ["2", "1", "2", "3"]})
    plan = Plan(rules(), ["id", "sex"])
    res = plan.finalise(plan.evaluate(frame, 0))
    # row 1 and 3: duplicate; row 2: checksum, id_sex not applicable; row 4: sex 3 fails id_sex and in_table
    assert res.dataset.rows_failing == 4
    ok = pd.DataFrame({"id": [MALE_ID], "sex": ["1"]})
    assert plan.finalise(plan.evaluate(ok, 0)).dataset.rows_failing == 0


def test_rules_on_the_shared_thread_pool_give_the_serial_result():
    from zjgov.quality import check

    frame = pd.DataFrame(
        {"id": [GOOD_ID, GOOD_ID.lower(), BAD_CHECK, None, MALE_ID] * 40, "sex": ["2", "1", "9", None, "1"] * 40}
    )
    serial = comparable(check(frame, rules(), batch_rows=37))
    assert comparable(check(frame, rules(), batch_rows=37, threads=4)) == serial


@settings(max_examples=30, deadline=None)
@given(rows, st.lists(st.integers(0, 30), max_size=5), st.randoms(use_true_random=False))
def test_partials_merged_in_any_order_give_one_batch_result(rows, cuts, rnd):
    """Workers finish in any order: partials of non-neighbouring rows merge exactly too."""
    frame = pd.DataFrame(rows, columns=["id", "sex"], dtype=object)
    plan = Plan(rules(), ["id", "sex"])
    whole = comparable(plan.finalise(plan.evaluate(frame, 0)))
    bounds = [0, *sorted(c % (len(frame) + 1) for c in cuts), len(frame)]
    parts = [plan.evaluate(frame.iloc[a:b], a) for a, b in itertools.pairwise(bounds)]
    rnd.shuffle(parts)
    while len(parts) > 1:
        i, j = sorted(rnd.sample(range(len(parts)), 2))
        right = parts.pop(j)
        parts[i] = merge(pickle.loads(pickle.dumps(parts[i])), right)
    assert comparable(plan.finalise(parts[0])) == whole


def test_key_rules_past_the_distinct_key_budget_give_the_same_result(monkeypatch):
    from zjgov.quality import check, engine

    ids = [f"11010519{y}0101{n:03d}" for y in range(1950, 1990) for n in range(25)]
    frame = pd.DataFrame({"id": ids * 2 + ids[:300], "sex": ["1", "2"] * (len(ids) + 150)})
    in_memory = comparable(check(frame, rules(), batch_rows=500))
    monkeypatch.setattr(engine, "KEY_BYTES", 1024)  # hash partitions on disk after a few hundred keys
    assert comparable(check(frame, rules(), batch_rows=500)) == in_memory
