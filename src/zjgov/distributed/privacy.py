"""Privacy models over a distributed frame: the engine counts, zjgov's metric code measures.

The only thing k-anonymity, the re-identification risks, uniqueness and the class-size
histogram need is the size of every equivalence class; l-diversity needs the count of every
(class, sensitive value) pair. The engine computes both with its own group-by (nulls are a
value of their own; a row whose quasi-identifiers are all null is a suppressed record, as in
:mod:`zjgov.security.privacy`), and the small tables of counts are handed to the same functions
of :mod:`zjgov.security.privacy` that measure a frame in memory — so the figures are equal.

>>> import pandas as pd
>>> from zjgov.distributed._engines import LocalEngine
>>> df = pd.DataFrame({"sex": list("1111122222"), "year": ["1980"] * 5 + ["1990"] * 5, "dx": list("aabbcaabbc")})
>>> m = measure(LocalEngine(3), df, ["sex", "year"], sensitive=["dx"])
>>> m.k, m.l["dx"], m.prosecutor.highest
(5, 3, 0.2)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.distributed._engines import Engine
from zjgov.security import privacy as P
from zjgov.security.privacy.classes import check_columns, combine

_COUNT = "count"


@dataclasses.dataclass(frozen=True)
class Measurement:
    """The figures of :func:`zjgov.security.privacy.measure` that depend only on counts."""

    qis: tuple[str, ...]
    rows: int
    suppressed: int
    classes: int
    k: int
    l: dict[str, int]  # noqa: E741 — distinct l per sensitive attribute
    entropy_l: dict[str, float]
    recursive_l: dict[str, int]
    c: float
    prosecutor: P.Risk
    marketer: float
    uniqueness: P.Uniqueness
    histogram: pd.DataFrame = dataclasses.field(repr=False)


def _classes(table: pd.DataFrame, qis: Sequence[str], rows: int) -> tuple[P.EquivalenceClasses, np.ndarray]:
    """The classes of a table of counts (one row per distinct combination), and each row's class.

    ``ids`` are per row *of the table*: only the sizes are meaningful to the metric functions."""
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


def _sensitive(table: pd.DataFrame, ec: P.EquivalenceClasses, weights: np.ndarray, column: str) -> P.SensitiveCounts:
    """The (class, value) pair counts of one sensitive column, weighted by the table's counts."""
    codes, values, m = P.factorize(table[column].astype(object))
    if (codes < 0).any():  # null is a sensitive value of its own
        values = np.append(np.asarray(values, dtype=object), None)
        codes = np.where(codes < 0, m, codes)
        m += 1
    kept = ec.ids >= 0
    pair = ec.ids[kept] * np.int64(max(m, 1)) + codes[kept]
    uniq, inverse = np.unique(pair, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=weights[kept], minlength=len(uniq)).astype(np.int64)
    pair_value = uniq % max(m, 1)
    used = np.zeros(max(m, 1), dtype=bool)
    used[pair_value] = True
    if not used[:m].all():  # values only in suppressed rows: renumber the rest densely
        pair_value = (np.cumsum(used) - 1)[pair_value]
        values = np.asarray(values, dtype=object)[used[:m]]
    return P.SensitiveCounts(ec, column, uniq // max(m, 1), pair_value, counts, np.asarray(values), False)


def measure(
    engine: Engine,
    data: Any,
    qis: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    threshold: float = P.DEFAULT_THRESHOLD,
    c: float = 2.0,
) -> Measurement:
    """k, distinct/entropy/recursive l, prosecutor and marketer risk, uniqueness and the histogram."""
    head = engine.head(data)
    qis = check_columns(head, qis)  # none given, one missing or given twice: the in-memory errors
    for s in sensitive:
        if s not in head.columns:
            raise KeyError(i18n.both("privacy.no_sensitive", column=s))
    table = engine.group_sizes(data, qis)
    rows = int(table[_COUNT].sum())
    ec, _ = _classes(table, qis, rows)
    ls, hs, rs = {}, {}, {}
    for s in sensitive:
        if s in qis:
            raise ValueError(i18n.both("privacy.sensitive_is_qi", column=s))
        pairs = engine.group_sizes(data, (*qis, s))
        pec, weights = _classes(pairs, qis, rows)
        counts = _sensitive(pairs, pec, weights, s)
        empty = pec.n_classes == 0
        ls[s] = 0 if empty else int(P.distinct_l_by_class(counts).min())
        hs[s] = 0.0 if empty else float(np.exp(P.entropy_by_class(counts).min()))
        rs[s] = 0 if empty else int(P.recursive_l_by_class(counts, c).min())
    return Measurement(
        qis=qis,
        rows=rows,
        suppressed=ec.suppressed,
        classes=ec.n_classes,
        k=P.k_anonymity(ec),
        l=ls,
        entropy_l=hs,
        recursive_l=rs,
        c=c,
        prosecutor=P.prosecutor_risk(ec, threshold=threshold),
        marketer=P.marketer_risk(ec),
        uniqueness=P.uniqueness(ec),
        histogram=P.class_size_histogram(ec),
    )
