"""Privacy models and risks: hand-computed cases (arithmetic in the comments), a differential test
against a plain pandas groupby written here independently, and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from zjgov.security import privacy as pv

# The textbook table: QI = (zip, age band); sensitive = disease and salary.
#   class A (4767*, <40): flu, flu, hiv        -> sizes 3
#   class B (4790*, ≥40): flu, cold, hiv, hiv  -> size 4
#   class C (4760*, 3*): cold, cold            -> size 2
TABLE = pd.DataFrame(
    {
        "zip": ["4767*"] * 3 + ["4790*"] * 4 + ["4760*"] * 2,
        "age": ["<40"] * 3 + [">=40"] * 4 + ["3*"] * 2,
        "disease": ["flu", "flu", "hiv", "flu", "cold", "hiv", "hiv", "cold", "cold"],
        "salary": [3, 4, 5, 6, 8, 11, 9, 7, 10],
    }
)
QI = ["zip", "age"]


def test_k_and_classes_hand_computed():
    ec = pv.equivalence_classes(TABLE, QI)
    assert sorted(ec.sizes.tolist()) == [2, 3, 4]
    assert pv.k_anonymity(TABLE, QI) == 2  # min(3, 4, 2)
    assert pv.k_anonymity(ec) == 2


def test_distinct_and_entropy_l_hand_computed():
    # distinct values per class: A {flu, hiv} = 2, B {flu, cold, hiv} = 3, C {cold} = 1 -> l = 1
    assert pv.l_diversity(TABLE, QI, "disease") == 1
    two = TABLE[TABLE.zip != "4760*"]
    assert pv.l_diversity(two, QI, "disease") == 2
    # entropy: A = -(2/3 ln 2/3 + 1/3 ln 1/3) = 0.6365; B = -(1/4 ln 1/4 ·2 + 1/2 ln 1/2) = 1.0397
    # min = 0.6365 -> l = exp(0.6365) = 1.8899
    assert pv.l_diversity(two, QI, "disease", kind="entropy") == pytest.approx(
        math.exp(-(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3)))
    )
    assert pv.l_diversity(two, QI, "disease", kind="entropy") == pytest.approx(1.8899, abs=1e-4)


def test_recursive_cl_hand_computed():
    two = TABLE[TABLE.zip != "4760*"]
    # A: r = (2, 1).   (c=2, l=2): 2 < 2·(1) = 2? no -> A fails at l=2; l=1: 2 < 2·3 yes -> A max l = 1
    # B: r = (2, 1, 1). l=2: 2 < 2·(1+1) = 4 yes; l=3: 2 < 2·1 = 2 no -> B max l = 2
    assert pv.recursive_cl_diversity(two, QI, "disease", c=2) == 1
    counts = pv.sensitive_counts(two, QI, "disease")
    assert sorted(pv.recursive_l_by_class(counts, 2).tolist()) == [1, 2]
    # c = 3: A at l=2: 2 < 3·1 yes -> 2; B at l=3: 2 < 3·1 yes -> 3 -> table l = 2
    assert pv.recursive_cl_diversity(two, QI, "disease", c=3) == 2
    assert pv.is_recursive_cl_diverse(two, QI, "disease", 3, 2)
    assert not pv.is_recursive_cl_diverse(two, QI, "disease", 3, 3)
    # a class with one value: r = (2,): l=1: 2 < c·2 holds for c = 1.5, never for c = 1
    one = pd.DataFrame({"q": [1, 1], "s": ["x", "x"]})
    assert pv.recursive_cl_diversity(one, ["q"], "s", c=1.5) == 1
    assert pv.recursive_cl_diversity(one, ["q"], "s", c=1) == 0


def test_t_closeness_equal_distance_hand_computed():
    # Q over (cold, flu, hiv) = (3/9, 3/9, 3/9).
    # A = (0, 2/3, 1/3): ½(|0-⅓| + |⅔-⅓| + |⅓-⅓|) = ½(⅓ + ⅓) = ⅓
    # B = (1/4, 1/4, 1/2): ½(1/12 + 1/12 + 1/6) = 1/6
    # C = (1, 0, 0): ½(⅔ + ⅓ + ⅓) = ⅔  -> t = ⅔
    assert pv.t_closeness(TABLE, QI, "disease") == pytest.approx(2 / 3)
    counts = pv.sensitive_counts(TABLE, QI, "disease")
    assert sorted(pv.emd_by_class(counts).round(6).tolist()) == [round(1 / 6, 6), round(1 / 3, 6), round(2 / 3, 6)]


def test_t_closeness_ordered_distance_hand_computed():
    # Li et al. 2007's example: salaries 3k..11k, m = 9 values, Q uniform 1/9 each.
    # Class {3, 4, 5}: P = (1/3, 1/3, 1/3, 0 …). r = (2/9, 2/9, 2/9, -1/9 × 6)
    # cumulative: 2/9, 4/9, 6/9, 5/9, 4/9, 3/9, 2/9, 1/9, 0 -> sum 27/9 = 3 -> EMD = 3/8 = 0.375
    # Class {6, 8, 11, 9}: ranks 3, 5, 8, 6; P = ¼ each. r by rank 0..8:
    #   -1/9,-1/9,-1/9, 5/36,-1/9, 5/36, 5/36,-1/9, 5/36
    #   cumulative (×36): -4,-8,-12,-7,-11,-6,-1,-5, 0 -> |sum| = 54/36 = 1.5 -> EMD = 1.5/8 = 0.1875
    # Class {7, 10}: ranks 4, 7: r = -1/9 ×4, 7/18, -1/9 ×2, 7/18, -1/9
    #   cumulative (×18): -2,-4,-6,-8,-1,-3,-5, 2, 0 -> 31/18 -> EMD = 31/144 = 0.21528
    counts = pv.sensitive_counts(TABLE, QI, "salary", ordered=True)
    got = sorted(pv.emd_by_class(counts).tolist())
    assert got == pytest.approx(sorted([0.375, 0.1875, 31 / 144]))
    assert pv.t_closeness(TABLE, QI, "salary") == pytest.approx(0.375)  # numeric -> ordered
    assert pv.t_closeness(TABLE, QI, "salary", distance="ordered") == pytest.approx(0.375)


def test_risks_hand_computed():
    # sizes 3, 4, 2 (n = 9, J = 3)
    r = pv.prosecutor_risk(TABLE, QI, threshold=0.3)
    assert r.highest == pytest.approx(1 / 2)  # 1 / min f
    assert r.average == pytest.approx(3 / 9)  # J / n
    assert r.records_at_risk == pytest.approx(5 / 9)  # classes with 1/f > 0.3: sizes 3 (0.333) and 2 (0.5)
    assert pv.marketer_risk(TABLE, QI) == pytest.approx(3 / 9)
    # population: the release's classes A, B, C occur 6, 8, 2 times (plus a class the release lacks)
    pop = pd.concat([TABLE, TABLE[TABLE.zip != "4760*"], pd.DataFrame({"zip": ["1*"] * 5, "age": ["x"] * 5})])
    j = pv.journalist_risk(TABLE, pop, QI, threshold=0.3)
    assert j.highest == pytest.approx(1 / 2)  # 1 / min F over released classes: min(6, 8, 2) = 2
    # average = (3/6 + 4/8 + 2/2) / 9 = 2 / 9
    assert j.average == pytest.approx(2 / 9)
    assert j.records_at_risk == pytest.approx(2 / 9)  # only C has 1/F = 0.5 > 0.3: its 2 records
    assert pv.marketer_risk(TABLE, QI, population=pop) == pytest.approx(2 / 9)
    assert j.population_missing == 0


def test_journalist_population_missing_counts_conservatively():
    sample = pd.DataFrame({"a": [1, 1, 2]})
    pop = pd.DataFrame({"a": [1, 1, 1]})  # lacks 2: F is taken as f = 1 (risk 1)
    j = pv.journalist_risk(sample, pop, ["a"])
    assert j.population_missing == 1
    assert j.highest == 1.0
    assert j.average == pytest.approx((2 / 3 + 1) / 3)


def test_histogram_uniqueness_records_at_risk():
    df = pd.DataFrame({"a": [1, 1, 2, 3, 3, 3, 4]})  # sizes 2, 1, 3, 1
    hist = pv.class_size_histogram(df, ["a"])
    assert hist.values.tolist() == [[1, 2, 2], [2, 1, 2], [3, 1, 3]]
    u = pv.uniqueness(df, ["a"])
    assert (u.combinations, u.unique_combinations, u.unique_records) == (4, 2, 2)
    assert u.share == pytest.approx(2 / 7)
    assert pv.records_at_risk(df, ["a"], threshold=0.4).tolist() == [True, True, True, False, False, False, True]


def test_nulls_and_suppressed_rows():
    df = pd.DataFrame({"a": ["x", None, None, "x"], "b": ["1", "1", None, "1"]})
    ec = pv.equivalence_classes(df, ["a", "b"])
    # row 2 has every QI null: suppressed; (None, "1") is a class of its own
    assert ec.suppressed == 1 and ec.ids.tolist()[2] == -1
    assert sorted(ec.sizes.tolist()) == [1, 2]
    assert pv.k_anonymity(df, ["a", "b"]) == 1


def test_errors_are_clear():
    with pytest.raises(KeyError, match="nope"):
        pv.k_anonymity(TABLE, ["nope"])
    with pytest.raises(ValueError, match="准标识符"):
        pv.k_anonymity(TABLE, [])
    with pytest.raises(ValueError, match="quasi-identifier"):
        pv.l_diversity(TABLE, QI, "zip")
    bad = TABLE.assign(salary=TABLE.salary.astype(object).where(TABLE.index != 4, None))
    with pytest.raises(ValueError, match="row 5"):
        pv.t_closeness(bad, QI, "salary", distance="ordered")
    with pytest.raises(ValueError, match="threshold"):
        pv.prosecutor_risk(TABLE, QI, threshold=2)


def test_measure_agrees_with_single_functions():
    m = pv.measure(TABLE, QI, sensitive=["disease", "salary"], c=3, threshold=0.3)
    assert m.k == 2 and m.classes == 3 and m.l == {"disease": 1, "salary": 2}
    assert m.t["salary"] == pytest.approx(0.375) and m.t["disease"] == pytest.approx(2 / 3)
    assert m.prosecutor == pv.prosecutor_risk(TABLE, QI, threshold=0.3)
    d = m.to_dict()
    assert d["k"] == 2 and d["histogram"][0] == {"size": 2, "classes": 1, "records": 2}


def test_suggest_from_inventory():
    from zjgov.classification import classify

    inv = classify(pd.read_csv("examples/population.csv", dtype=str))
    roles = pv.suggest_quasi_identifiers(inv)
    assert "公民身份号码" in roles["direct"] and "姓名" in roles["direct"]
    assert {"性别", "出生日期", "户籍地", "民族", "学历", "婚姻状况"} <= set(roles["quasi"])


# -- differential: a plain pandas groupby implementation, written independently ------------------
def _reference(df: pd.DataFrame, qis: list[str], s: str, c: float, ordered_values: list | None):
    g = df.groupby(qis, dropna=False)
    sizes = g.size()
    k = int(sizes.min())
    l_distinct = int(g[s].nunique(dropna=False).min())
    entropies, rec = [], []
    q = df[s].value_counts(normalize=True, dropna=False)
    emds = []
    for _, part in g:
        p = part[s].value_counts(normalize=True, dropna=False)
        entropies.append(float(-(p * np.log(p)).sum()))
        r = part[s].value_counts(dropna=False).sort_values(ascending=False).tolist()
        best = 0
        for ell in range(1, len(r) + 1):
            if r[0] < c * sum(r[ell - 1 :]):
                best = ell
        rec.append(best)
        if ordered_values is None:
            emds.append(0.5 * sum(abs(p.get(v, 0.0) - q.get(v, 0.0)) for v in q.index))
        else:
            acc, total = 0.0, 0.0
            for v in ordered_values:
                acc += p.get(v, 0.0) - q.get(v, 0.0)
                total += abs(acc)
            emds.append(total / (len(ordered_values) - 1) if len(ordered_values) > 1 else 0.0)
    n = len(df)
    return {
        "k": k,
        "l": l_distinct,
        "entropy_l": math.exp(min(entropies)),
        "recursive_l": min(rec),
        "t": max(emds),
        "prosecutor_avg": len(sizes) / n,
        "prosecutor_max": 1 / k,
        "unique": int((sizes == 1).sum()),
    }


frames = st.integers(min_value=1, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.lists(st.sampled_from(["x", "y", "z", "w"]), min_size=n, max_size=n),
        st.lists(st.integers(0, 6), min_size=n, max_size=n),
    )
)


@given(frames, st.sampled_from([1.0, 2.0, 3.5]))
@example((["a", "a"], [0, 0], ["x", "x"], [1, 1]), 1.0)
def test_differential_against_pandas_groupby(data, c):
    a, b, s, num = data
    df = pd.DataFrame({"a": a, "b": b, "s": s, "num": num})
    ref = _reference(df, ["a", "b"], "s", c, None)
    m = pv.measure(df, ["a", "b"], sensitive=["s"], c=c)
    assert m.k == ref["k"]
    assert m.l["s"] == ref["l"]
    assert m.entropy_l["s"] == pytest.approx(ref["entropy_l"])
    assert m.recursive_l["s"] == ref["recursive_l"]
    assert m.t["s"] == pytest.approx(ref["t"], abs=1e-12)
    assert m.prosecutor.average == pytest.approx(ref["prosecutor_avg"])
    assert m.prosecutor.highest == pytest.approx(ref["prosecutor_max"])
    assert m.uniqueness.unique_combinations == ref["unique"]
    ref_ordered = _reference(df, ["a", "b"], "num", c, sorted(set(num)))
    assert pv.t_closeness(df, ["a", "b"], "num", distance="ordered") == pytest.approx(ref_ordered["t"], abs=1e-12)


@given(frames)
def test_generalising_never_lowers_k(data):
    a, b, s, _ = data
    df = pd.DataFrame({"a": a, "b": b, "s": s})
    coarse = df.assign(b=(df.b // 2).astype(str))
    assert pv.k_anonymity(coarse, ["a", "b"]) >= pv.k_anonymity(df, ["a", "b"])
    assert pv.k_anonymity(df, ["a"]) >= pv.k_anonymity(df, ["a", "b"])  # dropping a QI = full generalisation


def test_arrow_strings_and_many_classes():
    rng = np.random.default_rng(1)
    n = 200_000
    df = pd.DataFrame(
        {
            "a": pd.array(rng.integers(0, 1000, n).astype(str), dtype="string[pyarrow]"),
            "b": rng.integers(0, 500, n),
            "c": pd.array(rng.choice(["x", "y", None], n), dtype="string[pyarrow]"),
        }
    )
    sizes = df.groupby(["a", "b", "c"], dropna=False).size()
    ec = pv.equivalence_classes(df, ["a", "b", "c"])
    assert ec.n_classes == len(sizes) and sorted(ec.sizes.tolist()) == sorted(sizes.tolist())


def test_bench_references_agree_on_small_tables():
    """bench/bench_privacy.py's pandas references and zjgov agree (keeps the benchmark runnable)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "bench_privacy.py"
    spec = importlib.util.spec_from_file_location("bench_privacy_test", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rng = np.random.default_rng(5)
    for many in (False, True):
        df = bench.make_table(rng, 3000, many)
        pop = pd.concat([df, bench.make_table(rng, 3000, many)], ignore_index=True)
        for name, ours, ref, same in bench.metrics(pop):
            assert same(ours(df), ref(df)), name


_SHAPES = {
    "one_byte": ["1", "2", "a", "Z"],
    "digits2": ["10", "20", "99", "07"],
    "bytes2": ["ab", "a1", "zz", "10"],
    "digits6": ["330102", "330106", "110105", "000001"],
    "varying_digits": ["1", "01", "001", "10", "0", "99999"],
    "varying_text": ["a", "bb", "ccc", "1"],
    "utf8": ["杭州", "宁波", "温州", "h"],
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
@pytest.mark.parametrize("nulls", [False, True])
def test_raw_arrow_encodings_group_like_pandas(shape, nulls):
    """Every shape of Arrow string column (read from the buffer or factorised) groups like pandas,
    alone, with another column, and against a population encoded in the same code space."""
    rng = np.random.default_rng(len(shape))
    values = _SHAPES[shape] + ([None] if nulls else [])
    n = 5000

    def col(m: int) -> pd.Series:
        return pd.Series(pd.array(rng.choice(np.array(values, dtype=object), m), dtype="string[pyarrow]"))

    df = pd.DataFrame({"x": col(n), "y": pd.array(rng.choice(["1", "2"], n), dtype="string[pyarrow]")})
    pop = pd.DataFrame({"x": col(3 * n), "y": pd.array(rng.choice(["1", "2", "3"], 3 * n), dtype="string[pyarrow]")})
    for qis in (["x"], ["x", "y"]):
        kept = df[qis].notna().any(axis=1)  # a row whose QIs are all null is suppressed
        ref = df[kept].groupby(qis, dropna=False).size()
        ec = pv.equivalence_classes(df, qis)
        assert sorted(ec.sizes.tolist()) == sorted(ref.tolist())
        ref_row = df.groupby(qis, dropna=False)["x"].transform("size").to_numpy()
        expected = (1 / ref_row > 1 / 1200) & kept.to_numpy()
        assert np.array_equal(pv.records_at_risk(df, qis, threshold=1 / 1200), expected)
        F = pop[pop[qis].notna().any(axis=1)].groupby(qis, dropna=False).size().rename("F")
        joined = ref.rename("f").to_frame().join(F, how="left")
        expected_f = joined["f"].to_numpy()
        expected_F = np.maximum(joined["F"].fillna(0).to_numpy(), expected_f)
        f, F2, missing = pv.population_sizes(df, pop, qis)
        got = sorted(zip(f.tolist(), F2.tolist()))
        assert got == sorted(zip(expected_f.tolist(), expected_F.astype(int).tolist()))
        assert missing == int((joined["F"].fillna(0) < joined["f"]).sum())
    s = col(n)
    df["s"] = s.to_numpy()
    assert pv.l_diversity(df, ["y"], "s") == int(df.groupby("y")["s"].nunique(dropna=False).min())


def test_all_null_rows_are_suppressed_with_arrow_columns():
    df = pd.DataFrame(
        {
            "a": pd.array(["1", None, "2", None], dtype="string[pyarrow]"),
            "b": pd.array(["x", None, None, None], dtype="string[pyarrow]"),
        }
    )
    ec = pv.equivalence_classes(df, ["a", "b"])
    # rows 2 and 4 have both QIs null: suppressed; rows 1 and 3 are classes of one
    assert (ec.suppressed, ec.n, sorted(ec.sizes.tolist())) == (2, 2, [1, 1])
    assert ec.ids.tolist()[1] == -1 and ec.ids.tolist()[3] == -1
    assert pv.records_at_risk(df, ["a", "b"], threshold=0.5).tolist() == [True, False, True, False]


# -- hierarchical EMD (Li, Li & Venkatasubramanian 2007) --------------------------------------------
TREE = {"a": ["X"], "b": ["X"], "c": ["Y"], "d": ["Y"]}  # H = 2 with the implicit root


def test_hierarchical_emd_hand_computed():
    # Q uniform over a, b, c, d. Ground distance: same parent ½, otherwise 1.
    # class 1 (a, c): move ¼ a→b and ¼ c→d at ½ each          -> ¼
    # class 2 (a, a): ¼ a→b at ½, ¼ a→c and ¼ a→d at 1        -> ⅛ + ½ = ⅝
    # class 3 (b×3, c×2, d×3): ⅛ b→a at ½, ⅛ d→a at 1          -> 1/16 + ⅛ = 3/16
    # class 4 (a, b): ¼ a→c, ¼ b→d at 1                        -> ½
    df = pd.DataFrame({"q": [1, 1, 2, 2] + [3] * 8 + [4, 4], "s": list("acaa") + list("bbbccddd") + list("ab")})
    # totals: a 4, b 4, c 3, d 3 -> add c, d in a class 5 to make Q uniform again
    df = pd.concat([df, pd.DataFrame({"q": [5, 5], "s": ["c", "d"]})], ignore_index=True)
    # class 1 under Q = ¼ each; class 5 (c, d): ¼ c→a, ¼ d→b at 1 -> ½
    emd = pv.hierarchical_emd_by_class(df, ["q"], "s", TREE)
    assert emd.round(6).tolist() == [0.25, 0.625, 0.1875, 0.5, 0.5]
    assert pv.t_closeness(df, ["q"], "s", distance="hierarchical", hierarchy=TREE) == pytest.approx(0.625)
    # a two-level table with one top node is the whole tree (no extra root): H = 2 as well
    rooted = {k: [v[0], "*"] for k, v in TREE.items()}
    assert pv.hierarchical_emd_by_class(df, ["q"], "s", rooted).round(6).tolist() == emd.round(6).tolist()
    # a flat hierarchy (every value directly under the root) is the equal distance
    flat = {k: ["*"] for k in TREE}
    assert pv.hierarchical_emd_by_class(df, ["q"], "s", flat) == pytest.approx(
        pv.emd_by_class(pv.sensitive_counts(df, ["q"], "s"))
    )


def test_hierarchical_emd_errors():
    df = pd.DataFrame({"q": [1, 1], "s": ["a", "e"]})
    with pytest.raises(ValueError, match="1"):
        pv.hierarchical_emd_by_class(df, ["q"], "s", TREE)  # e is missing
    with pytest.raises(ValueError):
        pv.t_closeness(df, ["q"], "s", distance="hierarchical")
    with pytest.raises(ValueError):
        pv.hierarchical_emd_by_class(df, ["q"], "s", {"a": ["X", "1"], "e": ["X", "2"], "b": ["Y"]})
    with pytest.raises(ValueError):  # X under two parents
        pv.hierarchical_emd_by_class(df, ["q"], "s", {"a": ["X", "1"], "e": ["X", "2"]})


def _lp_emd(p: np.ndarray, q: np.ndarray, dist: np.ndarray) -> float:
    from scipy.optimize import linprog

    m = len(p)
    a_eq = np.zeros((2 * m, m * m))
    for i in range(m):
        a_eq[i, i * m : (i + 1) * m] = 1  # flow out of i = p_i
        a_eq[m + i, i::m] = 1  # flow into i = q_i
    res = linprog(dist.reshape(-1), A_eq=a_eq, b_eq=np.concatenate((p, q)), bounds=(0, None), method="highs")
    return float(res.fun)


@given(st.integers(0, 10_000))
def test_hierarchical_emd_equals_the_transport_optimum(seed):
    rng = np.random.default_rng(seed)
    leaves = [f"v{i}" for i in range(int(rng.integers(2, 7)))]
    mid = {v: f"m{int(rng.integers(0, 3))}" for v in leaves}
    top = {m: f"t{int(rng.integers(0, 2))}" for m in set(mid.values())}
    table = {v: [mid[v], top[mid[v]]] for v in leaves}
    n = int(rng.integers(4, 40))
    df = pd.DataFrame({"q": rng.integers(0, 3, n), "s": rng.choice(leaves, n)})
    emd = pv.hierarchical_emd_by_class(df, ["q"], "s", table)
    present = sorted(set(df["s"]))
    paths = {v: [v, *table[v], "root"] for v in present}
    h = 3 if len({top[mid[v]] for v in present}) > 1 else 2
    if h == 2:
        paths = {v: [v, *table[v]] for v in present}

    def d(a: str, b: str) -> float:
        if a == b:
            return 0.0
        return next(i for i in range(1, h + 1) if paths[a][i] == paths[b][i]) / h

    dist = np.array([[d(a, b) for b in present] for a in present])
    q = df["s"].value_counts(normalize=True).reindex(present).to_numpy()
    ids = pv.equivalence_classes(df, ["q"]).ids
    for _, part in df.groupby("q"):
        p = part["s"].value_counts(normalize=True).reindex(present, fill_value=0).to_numpy()
        assert emd[ids[part.index[0]]] == pytest.approx(_lp_emd(p, q, dist), abs=1e-9)


@pytest.mark.parametrize(
    "chunks",
    [
        [["1", "2"], ["3", "1"]],  # one byte per string
        [["10", "2"], ["333", "1", "02"]],  # digits of varying width in both chunks
        [["10", "2"], ["1", "3"]],  # varying, then one width: read alike
        [["1", "2"], ["10", "20"]],  # one byte, then two digits: read after combining
        [["ab", "cd"], ["ab", "zz"]],
        [["330102", "330106"], ["330103", "330102"]],
        [[], ["5", "6"], ["6"]],
        [["1", "2"], ["ab", "1"]],
    ],
)
def test_chunked_arrow_columns_give_the_classes_of_one_chunk(chunks):
    """A column of several Arrow chunks (a concatenated population) is read chunk by chunk when
    the chunks read alike; the classes, risks and their order equal those of the same column as
    one chunk and of plain pandas."""
    import pyarrow as pa

    def column(parts):
        arrays = [pa.array(p, pa.large_string()) for p in parts]
        return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(arrays, pa.large_string())))

    flat = [v for part in chunks for v in part]
    other = pd.Series(pd.array([str(i % 2) for i in range(len(flat))], dtype="string[pyarrow]"))
    several = pd.DataFrame({"q": column(chunks), "r": other})
    one = pd.DataFrame({"q": column([flat]), "r": other})
    a, b = pv.equivalence_classes(several, ["q", "r"]), pv.equivalence_classes(one, ["q", "r"])
    assert a.ids.tolist() == b.ids.tolist() and a.sizes.tolist() == b.sizes.tolist()
    expected = pd.DataFrame({"q": flat, "r": other.astype(object)}).groupby(["q", "r"]).ngroup()
    assert pd.Series(a.ids).factorize()[0].tolist() == expected.factorize()[0].tolist()
    population = pd.concat([several, one], ignore_index=True)
    assert pv.journalist_risk(one, population, ["q", "r"]) == pv.journalist_risk(
        one, pd.concat([one, one], ignore_index=True), ["q", "r"]
    )


@pytest.mark.parametrize("cards", [[2, 3, 5], [1 << 20, 1 << 20, 1 << 20], [1 << 30, 1 << 30], [7, 1 << 40, 3]])
def test_combined_keys_of_wide_code_spaces(cards):
    """The mixed-radix key is built in int32 while the space allows, renumbered when it would
    outgrow the working limit and widened to int64 when a column's space needs it: the classes
    equal those of sorting the code tuples, whatever the spaces."""
    from zjgov.security.privacy.classes import combine

    rng = np.random.default_rng(sum(c.bit_length() for c in cards))
    n = 3000
    codes = [rng.integers(0, min(c, 40), n) * (c // min(c, 40)) for c in cards]  # spread over the space
    ids, sizes = combine(codes, cards)
    tuples, expected = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
    assert ids.dtype == np.int64 and ids.tolist() == expected.reshape(-1).tolist()
    assert sizes.tolist() == np.bincount(expected.reshape(-1)).tolist() and len(sizes) == len(tuples)
