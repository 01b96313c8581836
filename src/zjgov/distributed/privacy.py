"""Privacy models over a distributed frame: the engine counts, zjgov's metric code measures.

The only thing k-anonymity, the re-identification risks, uniqueness and the class-size
histogram need is the size of every equivalence class; l-diversity and t-closeness need the
count of every (class, sensitive value) pair — each class's sensitive-value histogram — and the
journalist risk the size of every released combination in the population table. The engine
computes them with its own group-by (nulls are a value of their own; a row whose
quasi-identifiers are all null is a suppressed record, as in :mod:`zjgov.security.privacy`),
and the small tables of counts are handed to the same functions and kernels of
:mod:`zjgov.security.privacy` (``distinct_l_by_class``, ``emd_by_class``, ...) that measure a
frame in memory — so the figures are equal (a sum over classes or values may be taken in
another order: equal to about 1e-15).

>>> import pandas as pd
>>> from zjgov.distributed._engines import LocalEngine
>>> df = pd.DataFrame({"sex": list("1111122222"), "year": ["1980"] * 5 + ["1990"] * 5, "dx": list("aabbcaabbc")})
>>> m = measure(LocalEngine(3), df, ["sex", "year"], sensitive=["dx"])
>>> m.k, m.l["dx"], m.t["dx"], m.prosecutor.highest
(5, 3, 0.0, 0.2)
>>> pop = pd.concat([df] * 4, ignore_index=True)
>>> measure(LocalEngine(2), df, ["sex", "year"], population=pop).journalist.highest
0.05
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.distributed._engines import Engine, LocalEngine, detect
from zjgov.security import privacy as P
from zjgov.security.privacy.classes import check_columns, combine
from zjgov.security.privacy.models import orderable
from zjgov.security.privacy.risk import risk_from_sizes

_COUNT = "count"


def class_table(
    table: pd.DataFrame, qis: Sequence[str], rows: int | None = None
) -> tuple[P.EquivalenceClasses, np.ndarray]:
    """The classes of a table of counts (one row per distinct combination, with ``count``), and
    the counts as weights. ``ids`` are per row *of the table*: the metric functions read sizes.

    >>> table = pd.DataFrame({"sex": ["1", "2", None], "count": [3, 2, 1]})
    >>> ec, _ = class_table(table, ["sex"])
    >>> ec.sizes.tolist(), ec.suppressed, ec.rows
    ([3, 2], 1, 6)
    """
    rows = int(table[_COUNT].sum()) if rows is None else rows
    kept = ~table[list(qis)].isna().all(axis=1).to_numpy()
    weights = table[_COUNT].to_numpy(dtype=np.int64)
    codes, cards = [], []
    for c in qis:
        k, _, m = P.factorize(table[c].astype(object))
        codes.append(k[kept] + 1)
        cards.append(m + 1)
    ids = np.full(len(table), -1, dtype=np.int64)
    if kept.any():
        dense, _ = combine(codes, cards)
        ids[kept] = dense
    sizes = np.bincount(ids[kept], weights=weights[kept]).astype(np.int64) if kept.any() else np.zeros(0, np.int64)
    suppressed = int(weights[~kept].sum())
    return P.EquivalenceClasses(tuple(qis), sizes, rows, suppressed, ids=ids), weights


i18n.add(
    {
        "distributed.privacy.population": (
            "总体表应为 pandas、Dask 或 Spark DataFrame",
            "the population table must be a pandas, Dask or Spark DataFrame",
        ),
    }
)


def _sensitive(
    table: pd.DataFrame,
    ec: P.EquivalenceClasses,
    weights: np.ndarray,
    column: str,
    codes: tuple[np.ndarray, np.ndarray, int] | None = None,
) -> P.SensitiveCounts:
    """The (class, value) pair counts of one sensitive column, weighted by the table's counts:
    each class's sensitive-value histogram, as :func:`zjgov.security.privacy.sensitive_counts`
    counts it. ``codes`` are the ordered codes of :func:`_ordered_codes` (none: the equal
    distance's, a null a value of its own)."""
    ordered = codes is not None
    if codes is not None:
        k, values, m = codes
    else:
        k, values, m = P.factorize(table[column].astype(object))
        if (k < 0).any():  # null is a sensitive value of its own
            values = np.append(np.asarray(values, dtype=object), None)
            k = np.where(k < 0, m, k)
            m += 1
    kept = ec.ids >= 0
    width = np.int64(max(m, 1))
    pair = ec.ids[kept] * width + k[kept]
    uniq, inverse = np.unique(pair, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=weights[kept], minlength=len(uniq)).astype(np.int64)
    pair_value = uniq % width
    used = np.zeros(max(m, 1), dtype=bool)
    used[pair_value] = True
    values = np.asarray(values)
    if not used[:m].all():  # values only in suppressed rows: renumber the rest densely
        pair_value = (np.cumsum(used) - 1)[pair_value]
        values = values[used[:m]]
    return P.SensitiveCounts(ec, column, uniq // width, pair_value, counts, values, ordered)


def sensitive_table(
    engine: Engine, data: Any, qis: Sequence[str], column: str, *, ordered: bool = False
) -> P.SensitiveCounts:
    """Each class's histogram of ``column`` from the engine's group-by over ``(*qis, column)``:
    the :class:`~zjgov.security.privacy.SensitiveCounts` that ``distinct_l_by_class``,
    ``entropy_by_class``, ``recursive_l_by_class`` and ``emd_by_class`` read (``ordered``: the
    value codes in the values' order, for the ordered distance).

    >>> from zjgov.distributed._engines import LocalEngine
    >>> df = pd.DataFrame({"q": ["a", "a", "b", "b"], "salary": [3, 4, 5, 6]})
    >>> counts = sensitive_table(LocalEngine(2), df, ["q"], "salary", ordered=True)
    >>> P.emd_by_class(counts).round(4).tolist()
    [0.3333, 0.3333]
    """
    pairs = engine.group_sizes(data, (*qis, column))
    ec, weights = class_table(pairs, qis)
    codes = _ordered_codes(engine, data, pairs, ec, weights, column) if ordered else None
    return _sensitive(pairs, ec, weights, column, codes)


def hierarchical_emd(engine: Engine, data: Any, qis: Sequence[str], column: str, hierarchy: Any) -> np.ndarray:
    """Every class's EMD by the hierarchical distance of ``column``'s ``hierarchy`` (value →
    ``[level 1, …]``), from the engine's group-by over ``(*qis, column)``: the leaves are the
    values of every row (a null one of its own), as
    :func:`zjgov.security.privacy.hierarchical_emd_by_class` takes them in memory, and the same
    kernel measures the weighted pairs.

    >>> from zjgov.distributed._engines import LocalEngine
    >>> df = pd.DataFrame({"q": [1, 1, 2, 2] + [3] * 8, "s": list("acaa") + list("bbbccddd")})
    >>> h = {"a": ["X"], "b": ["X"], "c": ["Y"], "d": ["Y"]}
    >>> sorted(hierarchical_emd(LocalEngine(3), df, ["q"], "s", h).round(4).tolist())
    [0.1875, 0.25, 0.625]
    """
    pairs = engine.group_sizes(data, (*qis, column))
    ec, weights = class_table(pairs, qis)
    codes, leaves = P.leaf_codes(pairs[column].astype(object))
    return P.hierarchical_emd_of_rows(ec, codes, leaves, hierarchy, column, weights=weights)


def _ordered_codes(
    engine: Engine, data: Any, table: pd.DataFrame, ec: P.EquivalenceClasses, weights: np.ndarray, column: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Codes of ``column``'s values in their order; a null outside a suppressed record is refused
    with the in-memory error (its count, and its first row found by one more pass)."""
    k, values, m = P.factorize(orderable(table[column]), sort=True)
    nulls = (k < 0) & (ec.ids >= 0)
    if nulls.any():
        row = _first_null(engine, data, ec.qis, column)
        count = int(weights[nulls].sum())
        raise ValueError(i18n.both("privacy.ordered_nulls", column=column, count=count, row=row))
    return k, values, m


def _ordered(head: pd.DataFrame, column: str, distance: str) -> bool:
    """Whether t-closeness of ``column`` takes the ordered distance (``auto``: numbers and dates)."""
    if distance not in ("auto", "ordered", "equal"):
        raise ValueError(i18n.both("privacy.bad_distance"))
    if distance != "auto":
        return distance == "ordered"
    dtype = head[column].dtype
    return bool(pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype))


def _first_null(engine: Engine, data: Any, qis: Sequence[str], column: str) -> int:
    """The 1-based row of the first non-suppressed row whose ``column`` is null (the error's row)."""

    def first(part: pd.DataFrame, p: int) -> tuple[int, int]:
        bad = part[column].isna().to_numpy() & ~part[list(qis)].isna().all(axis=1).to_numpy()
        return len(part), int(np.argmax(bad)) if bad.any() else -1

    def merge(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        return a[0] + b[0], a[1] if a[1] >= 0 else (a[0] + b[1] if b[1] >= 0 else -1)

    return engine.map_reduce(data, first, merge)[1] + 1


def _population_sizes(
    table: pd.DataFrame, population: pd.DataFrame, qis: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, int]:
    """:func:`zjgov.security.privacy.population_sizes` from the two tables of counts."""
    n = len(table)
    both = pd.concat([table[list(qis)], population[list(qis)]], ignore_index=True)
    codes, cards = [], []
    for c in qis:
        k, _, m = P.factorize(both[c].astype(object))
        codes.append(k + 1)
        cards.append(m + 1)
    kept = ~np.logical_and.reduce([k == 0 for k in codes])
    ids = np.full(len(both), -1, dtype=np.int64)
    if kept.any():
        ids[kept], _ = combine([k[kept] for k in codes], cards)
    weights = np.concatenate([table[_COUNT].to_numpy(dtype=np.int64), population[_COUNT].to_numpy(dtype=np.int64)])
    space = int(ids.max()) + 1 if kept.any() else 0
    sample, pop = np.flatnonzero(kept[:n]), n + np.flatnonzero(kept[n:])
    f_all = np.bincount(ids[sample], weights=weights[sample], minlength=space).astype(np.int64)
    F_all = np.bincount(ids[pop], weights=weights[pop], minlength=space).astype(np.int64)
    present = f_all > 0
    f, F = f_all[present], F_all[present]
    return f, np.maximum(F, f), int((f > F).sum())


def _population_table(engine: Engine, population: Any, qis: Sequence[str]) -> pd.DataFrame:
    """The population's class sizes over ``qis``, counted by its own engine (or in memory)."""
    try:
        kind = detect(population)
    except TypeError:
        raise TypeError(i18n.both("distributed.privacy.population")) from None
    if kind == "pandas":
        pop_engine: Engine = LocalEngine()
    elif kind == engine.name:
        pop_engine = engine
    else:
        from zjgov.distributed import engine as engine_named

        pop_engine = engine_named(kind)
    for c in qis:
        if c not in pop_engine.head(population).columns:
            raise KeyError(i18n.both("privacy.population_columns", column=c))
    return pop_engine.group_sizes(population, qis)


def measure(
    engine: Engine,
    data: Any,
    qis: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    population: Any = None,
    threshold: float = P.DEFAULT_THRESHOLD,
    c: float = 2.0,
    distance: str = "auto",
) -> P.Measurement:
    """Every figure of :func:`zjgov.security.privacy.measure`: k, distinct/entropy/recursive l,
    t-closeness (ordered or equal distance), prosecutor, journalist (``population``: a pandas,
    Dask or Spark frame) and marketer risk, uniqueness and the histogram."""
    head = engine.head(data)
    qis = check_columns(head, qis)  # none given, one missing or given twice: the in-memory errors
    for s in sensitive:
        if s not in head.columns:
            raise KeyError(i18n.both("privacy.no_sensitive", column=s))
    P.prosecutor_risk(P.EquivalenceClasses(qis, np.zeros(0, np.int64), 0, 0), threshold=threshold)  # its checks
    table = engine.group_sizes(data, qis)
    rows = int(table[_COUNT].sum())
    ec, _ = class_table(table, qis, rows)
    ls, hs, rs, ts = {}, {}, {}, {}
    for s in sensitive:
        if s in qis:
            raise ValueError(i18n.both("privacy.sensitive_is_qi", column=s))
        counts = sensitive_table(engine, data, qis, s)
        empty = counts.classes.n_classes == 0
        ls[s] = 0 if empty else int(P.distinct_l_by_class(counts).min())
        hs[s] = 0.0 if empty else float(np.exp(P.entropy_by_class(counts).min()))
        rs[s] = 0 if empty else int(P.recursive_l_by_class(counts, c).min())
        if _ordered(head, s, distance):
            counts = sensitive_table(engine, data, qis, s, ordered=True)
        ts[s] = 0.0 if empty else float(P.emd_by_class(counts).max())
    journalist, marketer = None, P.marketer_risk(ec)
    if population is not None:
        f, F, missing = _population_sizes(table, _population_table(engine, population, qis), qis)
        journalist = risk_from_sizes("journalist", f, F, threshold, missing)
        n = f.sum()
        marketer = float((f / F).sum() / n) if n else 0.0
    return P.Measurement(
        qis=qis,
        rows=rows,
        suppressed=ec.suppressed,
        classes=ec.n_classes,
        k=P.k_anonymity(ec),
        l=ls,
        entropy_l=hs,
        recursive_l=rs,
        c=c,
        t=ts,
        prosecutor=P.prosecutor_risk(ec, threshold=threshold),
        journalist=journalist,
        marketer=marketer,
        uniqueness=P.uniqueness(ec),
        histogram=P.class_size_histogram(ec),
    )
