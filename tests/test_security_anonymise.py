"""Anonymisation search: against an exhaustive pandas search on small inputs, properties
(generalising never lowers k, the suppression budget is respected), Mondrian, and the policy."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zjgov.security import anonymise as an
from zjgov.security import privacy as pv

DIVISIONS = ["330106", "330108", "330203", "330212", "110101", "110102"]


def _hierarchies():
    return {"age": an.ages(widths=(5, 10)), "sex": an.suppression(), "place": an.divisions()}


def _reference(df: pd.DataFrame, hs: dict, k: int, budget: float):
    """Brute force with pandas: every node generalised, grouped, checked and costed independently."""
    n, q = len(df), len(hs)
    max_supp = int(np.floor(budget * n + 1e-9))
    levels = {c: h.generalise(pd.Series(pd.unique(df[c]), dtype=object), c) for c, h in hs.items()}
    best = None
    for node in itertools.product(*(range(h.height + 1) for h in hs.values())):
        g = pd.DataFrame(index=df.index)
        cost = pd.Series(0.0, index=df.index)
        for (c, _h), lv in zip(hs.items(), node):
            uniques = pd.Series(pd.unique(df[c]), dtype=object)
            mapping = dict(zip(uniques, levels[c][lv]))
            g[c] = df[c].map(mapping).astype(object)
            m = df[c].nunique()
            leaves = df.groupby(g[c])[c].transform("nunique")
            ncp = ((leaves - 1) / max(m - 1, 1)).where(g[c] != "*", 1.0)
            cost += ncp
        size = g.groupby(list(hs), dropna=False)[next(iter(hs))].transform("size")
        failing = size < k
        supp = int(failing.sum())
        if supp > max_supp:
            continue
        total = (cost[~failing].sum() + supp * q) / (n * q)
        if best is None or total < best[0] - 1e-12:
            best = (total, node, supp)
    return best


frames = st.integers(min_value=4, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(18, 70), min_size=n, max_size=n),
        st.lists(st.sampled_from(["1", "2"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(DIVISIONS), min_size=n, max_size=n),
    )
)


@settings(max_examples=20)
@given(frames, st.sampled_from([2, 3, 5]), st.sampled_from([0.0, 0.1, 0.3]))
@example(([20, 21, 30, 31], ["1", "1", "2", "2"], ["330106"] * 4), 2, 0.0)
def test_search_is_optimal_against_exhaustive_pandas(data, k, budget):
    age, sex, place = data
    df = pd.DataFrame({"age": age, "sex": sex, "place": place})
    hs = _hierarchies()
    ref = _reference(df, hs, k, budget)
    try:
        got = an.search(df, hs, k=k, suppression=budget)
    except ValueError:
        assert ref is None
        return
    assert ref is not None
    assert got.loss["ncp"] == pytest.approx(ref[0], abs=1e-9)
    assert got.suppressed <= int(np.floor(budget * len(df) + 1e-9))  # the budget is respected
    # the chosen node, applied and with its failing rows suppressed, really is k-anonymous
    masked, record = got.apply(df)
    assert len(masked) == len(df)
    assert pv.k_anonymity(masked, list(hs)) >= k or pv.equivalence_classes(masked, list(hs)).n == 0
    assert record.records["suppressed"] == got.suppressed


@settings(max_examples=30)
@given(frames, st.sampled_from([2, 3]))
def test_generalising_never_lowers_k_on_the_lattice(data, k):
    age, sex, place = data
    df = pd.DataFrame({"age": age, "sex": sex, "place": place})
    evals = {e.node: e for e in an.exhaustive(df, _hierarchies(), k=k)}
    for node, e in evals.items():
        for i in range(len(node)):
            up = (*node[:i], node[i] + 1, *node[i + 1 :])
            if up in evals:
                # fewer or equally many suppressed records, and the smallest class size never falls
                assert evals[up].suppressed <= e.suppressed
                if e.suppressed == 0 and evals[up].suppressed == 0:
                    assert evals[up].k >= e.k


def test_pruning_saves_evaluations_and_finds_the_same_node():
    rng = np.random.default_rng(3)
    n = 5000
    df = pd.DataFrame(
        {
            "age": rng.integers(18, 90, n),
            "sex": rng.choice(["1", "2"], n),
            "place": rng.choice(DIVISIONS, n),
            "birth": pd.Series(
                pd.to_datetime("1950-01-01") + pd.to_timedelta(rng.integers(0, 20000, n), unit="D")
            ).dt.strftime("%Y%m%d"),
        }
    )
    hs = {**_hierarchies(), "birth": an.dates()}
    r = an.search(df, hs, k=5, suppression=0.02)
    assert r.evaluated + r.pruned < r.nodes or r.evaluated < r.nodes
    brute = [e for e in an.exhaustive(df, hs, k=5, suppression=0.02) if e.passes]
    assert r.loss["ncp"] == pytest.approx(min(e.ncp for e in brute))
    assert r.suppressed <= 100


def test_l_and_t_requirements():
    df = pd.DataFrame(
        {
            "age": [21, 22, 23, 24, 31, 32, 33, 34],
            "sex": list("11112222"),
            "dx": ["flu", "flu", "flu", "flu", "flu", "hiv", "cold", "flu"],
        }
    )
    hs = {"age": an.ages(widths=(5, 10)), "sex": an.suppression()}
    plain = an.search(df, hs, k=4)
    assert plain.levels == {"age": "generalise:age:5", "sex": "keep"}  # 20-24 and 30-34, four each
    diverse = an.search(df, hs, k=4, l=2, sensitive="dx")
    # the 20s are all flu: l = 2 forces merging the two classes
    masked, _ = diverse.apply(df)
    assert pv.l_diversity(masked, list(hs), "dx") >= 2
    close = an.search(df, hs, k=2, t=0.3, sensitive="dx")
    masked, _ = close.apply(df)
    assert pv.t_closeness(masked, list(hs), "dx") <= 0.3 + 1e-12
    # a numeric sensitive attribute uses the ordered distance, normalised by m - 1 distinct values
    salary = df.assign(salary=[3, 4, 5, 6, 8, 11, 9, 7])
    ordered = an.search(salary, hs, k=2, t=0.3, sensitive="salary")
    masked, _ = ordered.apply(salary)
    assert pv.t_closeness(masked, list(hs), "salary", distance="ordered") <= 0.3 + 1e-12
    with pytest.raises(ValueError, match="sensitive"):
        an.search(df, hs, k=2, l=2)


def test_policy_uses_the_masking_operators():
    df = pd.read_csv("examples/population.csv", dtype=str)
    hs = {"出生日期": an.dates(), "户籍地": an.divisions(), "性别": an.suppression()}
    r = an.search(df, hs, k=3, suppression=0.1)
    policy = r.policy(name="k=3")
    for c, t in r.levels.items():
        if t != "keep":
            assert policy.columns[c].operator == t
    from zjgov.security import apply

    masked, _ = apply(df, policy)
    # the masking engine's output has the classes the search planned (before record suppression)
    assert pv.equivalence_classes(masked, list(hs)).n_classes >= r.evaluation.classes


def test_user_hierarchy_and_errors():
    df = pd.DataFrame({"city": ["杭州", "宁波", "苏州", "无锡"] * 2})
    h = an.user({"杭州": ["浙江"], "宁波": ["浙江"], "苏州": ["江苏"], "无锡": ["江苏"]})
    r = an.search(df, {"city": h}, k=4)
    assert r.node == (1,) and r.k == 4
    with pytest.raises(ValueError, match=r"missing|不在"):
        an.search(pd.DataFrame({"city": ["上海"]}), {"city": h}, k=1)
    with pytest.raises(ValueError, match="k"):
        an.search(df, {"city": h}, k=0)
    with pytest.raises(ValueError, match=r"budget|抑制"):
        an.search(df, {"city": h}, k=2, suppression=1.5)
    with pytest.raises(ValueError, match=r"nested|嵌套"):
        an.search(pd.DataFrame({"a": [5, 9]}), {"a": an.ages(widths=(5, 7))}, k=1)  # 5-9 splits into 0-6 and 7-13


def test_mondrian():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"age": rng.integers(18, 90, 2000), "income": rng.normal(5000, 1500, 2000).round()})
    m = an.mondrian(df, ["age", "income"], k=10)
    assert m.k >= 10 and m.partitions >= 2000 // 40
    out = m.frame(df)
    assert len(out) == len(df) and out["age"].str.contains("-").any()
    assert pv.k_anonymity(out, ["age", "income"]) >= 10
    assert 0 < m.ncp < 1
    # hand-computed: 8 ages, k = 4 -> one cut at the median 23 -> 20-23 and 40-43; NCP = (3/23 + 3/23) / 2
    small = an.mondrian(pd.DataFrame({"age": [20, 21, 22, 23, 40, 41, 42, 43]}), ["age"], k=4)
    assert small.partitions == 2 and small.ncp == pytest.approx(3 / 23)
    with pytest.raises(ValueError, match=r"numeric|数值"):
        an.mondrian(pd.DataFrame({"a": ["x"]}), ["a"], k=1)


# -- t with the hierarchical distance (the sensitive attribute has a hierarchy) ----------------
DX_TREE = {"flu": ["resp"], "cold": ["resp"], "hiv": ["sti"], "hpv": ["sti"]}


def _hierarchical(frame, ec, column):
    return pv.hierarchical_emd_by_class(frame, ec, column, DX_TREE)


def _reference_hierarchical_t(df: pd.DataFrame, hs: dict, k: int, t: float, budget: float, measure=_hierarchical):
    """Brute force: every node generalised with pandas, its classes' hierarchical EMD computed by
    ``pv.hierarchical_emd_by_class`` (checked against scipy's transport LP) on the generalised
    frame; per node ``(passes, suppressed, ncp)`` and the best node."""
    n, q = len(df), len(hs)
    max_supp = int(np.floor(budget * n + 1e-9))
    levels = {c: h.generalise(pd.Series(pd.unique(df[c]), dtype=object), c) for c, h in hs.items()}
    per_node, best = {}, None
    for node in itertools.product(*(range(h.height + 1) for h in hs.values())):
        g = pd.DataFrame({"dx": df["dx"]})
        cost = pd.Series(0.0, index=df.index)
        for (c, _h), lv in zip(hs.items(), node):
            mapping = dict(zip(pd.Series(pd.unique(df[c]), dtype=object), levels[c][lv]))
            g[c] = df[c].map(mapping).astype(object)
            leaves = df.groupby(g[c])[c].transform("nunique")
            cost += ((leaves - 1) / max(df[c].nunique() - 1, 1)).where(g[c] != "*", 1.0)
        ec = pv.equivalence_classes(g, list(hs))
        failing = (ec.sizes < k)[ec.ids]
        while not failing.all():  # t against the released rows: suppress, re-measure, until nothing changes
            released = g.copy()
            released.loc[failing, list(hs)] = None  # suppressed records: every QI null, as zjgov mask leaves them
            rel = pv.equivalence_classes(released, list(hs))
            far = (measure(released, rel, "dx") > t + 1e-12)[np.maximum(rel.ids, 0)]
            far &= rel.ids >= 0
            if not far.any():
                break
            failing = failing | far
        supp = int(failing.sum())
        total = (cost[~failing].sum() + supp * q) / (n * q)
        per_node[node] = (supp <= max_supp, supp, total)
        if supp <= max_supp and (best is None or total < best[0] - 1e-12):
            best = (total, node, supp)
    return per_node, best


dx_frames = st.integers(min_value=4, max_value=30).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(18, 70), min_size=n, max_size=n),
        st.lists(st.sampled_from(["1", "2"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(list(DX_TREE)), min_size=n, max_size=n),
    )
)


def _agrees_with_reference(df, hs, kw, per_node, ref):
    """Every lattice node of the exhaustive search and the search's choice agree with the brute
    force (``per_node``: passes, suppressed, NCP; ``ref``: the best NCP or None); the search's
    result, or None when neither finds a node."""
    for e in an.exhaustive(df, hs, **kw):
        passes, supp, ncp = per_node[e.node]
        assert (e.passes, e.suppressed) == (passes, supp)
        assert e.ncp == pytest.approx(ncp, abs=1e-9)
    try:
        got = an.search(df, hs, **kw)
    except ValueError:
        assert ref is None
        return None
    assert ref is not None
    assert got.loss["ncp"] == pytest.approx(ref[0], abs=1e-9)
    return got


@settings(max_examples=25, deadline=None)
@given(dx_frames, st.sampled_from([1, 2, 3]), st.sampled_from([0.15, 0.3, 0.5]), st.sampled_from([0.0, 0.2]))
def test_search_t_uses_the_hierarchical_distance_against_exhaustive(data, k, t, budget):
    age, sex, dx = data
    df = pd.DataFrame({"age": age, "sex": sex, "dx": dx})
    hs = {"age": an.ages(widths=(5, 10)), "sex": an.suppression()}
    per_node, ref = _reference_hierarchical_t(df, hs, k, t, budget)
    kw = {"k": k, "t": t, "sensitive": "dx", "suppression": budget, "sensitive_hierarchy": DX_TREE}
    got = _agrees_with_reference(df, hs, kw, per_node, ref)
    if got is None:
        return
    assert got.t_distance == "hierarchical"
    # applied, the release keeps the counted records and every class of the released rows is
    # within t of their Q by the hierarchical distance (as the audit measures it)
    masked, record = got.apply(df)
    assert int(record.records.get("suppressed", 0)) == got.suppressed
    if got.suppressed < len(df):
        assert pv.hierarchical_emd_by_class(masked, list(hs), "dx", DX_TREE).max() <= t + 1e-12
    flags = pv.failing_records(masked, list(hs), k=1, t=t, sensitive="dx", distance="hierarchical", hierarchy=DX_TREE)
    assert not flags.any()


@settings(max_examples=20, deadline=None)
@given(dx_frames, st.sampled_from([1, 2]), st.sampled_from([0.15, 0.3]), st.sampled_from([0.2, 0.4]), st.booleans())
def test_search_t_on_the_released_rows_against_exhaustive(data, k, t, budget, ordered):
    """The equal and ordered distances: every node's fixed point and the best node agree with a
    pandas brute force that suppresses, re-measures the released rows, and repeats."""
    age, sex, dx = data
    codes = {v: i for i, v in enumerate(DX_TREE)}
    df = pd.DataFrame({"age": age, "sex": sex, "dx": [codes[d] for d in dx] if ordered else dx})
    hs = {"age": an.ages(widths=(5, 10)), "sex": an.suppression()}

    def measure(frame, ec, column):
        return pv.emd_by_class(pv.sensitive_counts(frame, ec, column, ordered=ordered, classes=ec))

    per_node, ref = _reference_hierarchical_t(df, hs, k, t, budget, measure)
    kw = {"k": k, "t": t, "sensitive": "dx", "suppression": budget}
    got = _agrees_with_reference(df, hs, kw, per_node, ref)
    if got is None:
        return
    assert got.t_distance == ("ordered" if ordered else "equal")
    masked, _ = got.apply(df)
    if got.suppressed < len(df):
        assert pv.t_closeness(masked, list(hs), "dx", distance="ordered" if ordered else "equal") <= t + 1e-12


def test_hierarchical_and_equal_t_decide_differently():
    """Hand-worked. Leaves flu, cold under resp and hiv, hpv under sti (H = 2: ½ within a group, 1
    across); each value twice, so Q = ¼ each. Banded by ten years the 20s are (flu, flu, hiv, hiv),
    P = (½, 0, ½, 0): the equal distance gives ½ Σ|P − Q| = ½; the hierarchical one moves ¼ flu →
    cold and ¼ hiv → hpv, each ½ apart: ¼. The 30s (cold, cold, hpv, hpv) likewise. With t = 0.3
    the bands pass only by the hierarchical distance; by the equal distance the search must
    suppress the ages (one class, P = Q)."""
    df = pd.DataFrame(
        {
            "age": [21, 22, 23, 24, 31, 32, 33, 34],
            "sex": ["1"] * 8,
            "dx": ["flu", "flu", "hiv", "hiv", "cold", "cold", "hpv", "hpv"],
        }
    )
    hs = {"age": an.ages(widths=(10,)), "sex": an.suppression()}
    banded = df.assign(age=["2x"] * 4 + ["3x"] * 4)
    assert pv.hierarchical_emd_by_class(banded, ["age"], "dx", DX_TREE).tolist() == [0.25, 0.25]
    assert pv.t_closeness(banded, ["age"], "dx", distance="equal") == 0.5
    kw = {"k": 2, "t": 0.3, "sensitive": "dx", "suppression": 0.25}
    hier = {e.node: e for e in an.exhaustive(df, hs, **kw, sensitive_hierarchy=DX_TREE)}
    equal = {e.node: e for e in an.exhaustive(df, hs, **kw)}
    assert hier[(1, 0)].passes and hier[(1, 0)].suppressed == 0
    assert not equal[(1, 0)].passes and equal[(1, 0)].suppressed == 8
    by_tree = an.search(df, hs, **kw, sensitive_hierarchy=DX_TREE)
    assert by_tree.node == (1, 0) and by_tree.t_distance == "hierarchical"
    assert by_tree.loss["ncp"] == pytest.approx(3 / 7 / 2)  # 4 of 8 ages per band: (3/7 + 0) / 2
    plain = an.search(df, hs, **kw)
    assert plain.node == (2, 0) and plain.t_distance == "equal" and plain.loss["ncp"] == pytest.approx(0.5)
    flagged = pv.failing_records(
        banded, ["age"], k=2, t=0.3, sensitive="dx", distance="hierarchical", hierarchy=DX_TREE
    )
    assert not flagged.any() and pv.failing_records(banded, ["age"], k=2, t=0.3, sensitive="dx").all()
