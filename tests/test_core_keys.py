"""zjgov.core.keys: exact groups for any hash (even a constant one), any batching, any merge order."""

import itertools
import pickle

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zjgov.core.keys import KeyGroups, Spool, hash_array, hash_parts

VALUES = st.sampled_from(["a", "b", "a|b", "", "\x1f", "é", "x" * 70, None])


def expected(keys):
    first, counts = {}, {}
    for row, key in enumerate(keys):
        first.setdefault(key, row)
        counts[key] = counts.get(key, 0) + 1
    repeated = [row for row, key in enumerate(keys) if first[key] != row]
    members = [row for row, key in enumerate(keys) if counts[key] > 1]
    return repeated, members, len(first)


def build(keys, cuts, hashing, memory, distinct=512 << 20):
    parts = []
    bounds = [0, *sorted(c % (len(keys) + 1) for c in cuts), len(keys)]
    for lo, hi in itertools.pairwise(bounds):
        g = KeyGroups(memory_bytes=memory, distinct_bytes=distinct)
        cols = [pa.array([k[j] for k in keys[lo:hi]], type=pa.large_string()) for j in range(2)]
        h = None if hashing == "real" else np.full(hi - lo, 7, dtype=np.uint64)
        if hi > lo:
            g.add(cols, np.arange(lo, hi), hashes=h)
        parts.append(g)
    return parts


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(VALUES, VALUES), max_size=30),
    st.lists(st.integers(0, 40), max_size=4),
    st.sampled_from(["real", "constant"]),
    st.sampled_from([16, 1 << 20]),
    st.randoms(use_true_random=False),
    st.sampled_from([0, 40, 512 << 20]),
)
@example(keys=[("a|b", ""), ("a", "|b")], cuts=[], hashing="real", memory=16, rnd=None, budget=512 << 20)
@example(
    keys=[("é", "é"), ("a", "a"), ("é", "é"), ("a", "a|b")], cuts=[], hashing="real", memory=16, rnd=None, budget=0
)
@example(keys=[("a", "a"), ("a", "a")], cuts=[1], hashing="real", memory=16, rnd=None, budget=0)
def test_groups_are_exact_for_any_batches_hash_and_merge_order(keys, cuts, hashing, memory, rnd, budget):
    """Also past the distinct-key budget (0 and 40 bytes: hash partitions on disk from the start or soon)."""
    repeated, members, distinct = expected(keys)
    parts = build(keys, cuts, hashing, memory, budget)
    if rnd is not None:
        rnd.shuffle(parts)
    while len(parts) > 1:  # merge neighbours in a random grouping
        i = rnd.randrange(len(parts) - 1) if rnd is not None else 0
        left, right = parts[i], parts.pop(i + 1)
        left.merge(pickle.loads(pickle.dumps(right)))
    g = parts[0] if parts else KeyGroups()
    assert g.repeated_rows().tolist() == repeated
    assert g.failing_rows(every_member=True).tolist() == members
    assert g.distinct == distinct
    heads, counts = g.groups_of(2)
    assert sum(counts) - len(counts) == len(repeated)
    for head, rows in g.members(heads, 3).items():
        assert rows[0] == head and [keys[r] for r in rows] == [keys[head]] * len(rows)
    assert [tuple(v) for v in g.values_of(heads)] == [keys[h] for h in heads]


def test_parts_are_hashed_with_their_lengths_not_joined():
    a = hash_parts([pa.array(["a\x1fb", "a"]), pa.array(["c", "b\x1fc"])])
    assert a[0] != a[1]
    assert hash_array(pa.array([None]))[0] != hash_array(pa.array([""]))[0]


def test_five_spellings_compacted_upstream_are_one_key():
    g = KeyGroups()
    g.add([pa.array(["11010519491231002X"] * 5)], np.arange(5))
    assert g.distinct == 1 and g.repeated_rows().tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize("size", [65, 1 << 20, (1 << 20) + 3, 3 << 20])
def test_long_values_hash_the_same_in_any_company(size):
    big = "x" * size
    alone = hash_array(pa.array([big]))[0]
    mixed = hash_array(pa.array(["a" * 100, big, "b" * 200]))
    assert mixed[1] == alone
    assert hash_array(pa.array(["y" + big[1:]]))[0] != alone


def test_a_huge_cell_needs_little_memory():
    import tracemalloc

    cell = pa.array(["z" * (20 << 20)])
    tracemalloc.start()
    hash_array(cell)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 80 << 20  # a few blocks, not eight copies of the cell


def test_spool_moves_to_disk_and_pickles():
    s = Spool(np.int64, memory_bytes=64)
    for i in range(10):
        s.append(np.arange(i * 4, i * 4 + 4), meta=i)
    assert s.on_disk and len(s) == 40
    back = pickle.loads(pickle.dumps(s))
    assert back.read().tolist() == list(range(40))
    assert [m for _, m in back.chunks()] == list(range(10))


def test_distinct_keys_past_the_budget_go_to_partitions_on_disk():
    rows = np.arange(20_000)
    keys = pa.array([f"k{i % 7000}" for i in rows])
    g = KeyGroups(distinct_bytes=1 << 14)
    for lo in range(0, len(rows), 3000):
        g.add([keys.slice(lo, 3000)], rows[lo : lo + 3000])
    assert g.spilled and g.distinct == 7000
    assert len(g.repeated_rows()) == 20_000 - 7000
    heads, counts = g.groups_of(2)
    assert heads.tolist() == list(range(7000)) and counts.tolist() == [3] * 6000 + [2] * 1000
    back = pickle.loads(pickle.dumps(g))
    assert back.values_of(heads[:3]) == [("k0",), ("k1",), ("k2",)]
    assert back.members(heads[:1], 5) == {0: [0, 7000, 14000]}


def test_equal_values_hash_equal_wherever_they_sit():
    """Found locally: four values whose bytes add up to four times the first length are not one length."""
    h = hash_array(pa.array(["é", "a", "é", "a|b"]))
    assert h[0] == h[2] and len(set(h.tolist())) == 3
    rng = np.random.default_rng(3)
    words = ["".join(rng.choice(list("aé中|"), int(n))) for n in rng.integers(0, 20, 3000)]
    h = hash_array(pa.array(words))
    alone = {w: hash_array(pa.array([w]))[0] for w in set(words)}
    assert all(h[i] == alone[w] for i, w in enumerate(words))
