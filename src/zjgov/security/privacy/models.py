"""Privacy models (隐私模型, GB/T 37964-2019 Annex B): k-anonymity, l-diversity, t-closeness.

Definitions, exactly as computed (``f_j`` = size of class ``j``; suppressed rows excluded):

- **k-anonymity** (Sweeney 2002): ``k = min_j f_j``.
- **distinct l-diversity** (Machanavajjhala et al. 2007): ``l = min_j`` (number of distinct
  sensitive values in class ``j``).
- **entropy l-diversity**: class ``j`` has entropy ``H_j = -Σ_s p_js · ln p_js``; the table is
  entropy ``l``-diverse for every ``l ≤ exp(min_j H_j)``, which is what is returned.
- **recursive (c, l)-diversity**: with the counts of class ``j`` sorted ``r_1 ≥ r_2 ≥ … ≥ r_m``,
  class ``j`` satisfies it when ``r_1 < c · (r_l + r_{l+1} + … + r_m)`` (a class with fewer than
  ``l`` values does not). :func:`recursive_cl_diversity` returns the largest such ``l`` for a
  given ``c`` (``0`` when even ``l = 1`` fails), :func:`is_recursive_cl_diverse` the test.
- **t-closeness** (Li, Li & Venkatasubramanian, ICDE 2007): ``t = max_j EMD(P_j, Q)`` where ``P_j``
  is the sensitive distribution in class ``j`` and ``Q`` the one of the whole table (non-suppressed
  rows). With ``r_i = p_i − q_i``:

  - *ordered distance* (numbers, dates, ranked codes): values ``v_1 < … < v_m`` of the table,
    ground distance ``|i − j| / (m − 1)``, so ``EMD = 1/(m−1) · Σ_{i=1..m} |r_1 + … + r_i|``;
  - *equal distance* (categorical): every two distinct values are at distance 1, so
    ``EMD = ½ Σ_i |r_i|``.

All are vectorised over integer codes: pairs (class, sensitive value) are counted once with
``np.unique`` and the per-class reductions use ``np.bincount`` / ``np.minimum.reduceat``.

>>> import pandas as pd
>>> df = pd.DataFrame({"age": ["2*", "2*", "2*", "3*", "3*", "3*"], "disease": ["flu", "flu", "hiv", "flu", "cold", "hiv"]})
>>> k_anonymity(df, ["age"]), l_diversity(df, ["age"], "disease")
(3, 2)
>>> round(t_closeness(df, ["age"], "disease"), 4)
0.1667
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.security.privacy.classes import (
    EquivalenceClasses,
    column_keys,
    equivalence_classes,
    factorize,
)

i18n.add(
    {
        "privacy.no_sensitive": ("数据中没有敏感属性列 {column}", "the data has no sensitive column {column}"),
        "privacy.sensitive_is_qi": (
            "敏感属性 {column} 不能同时是准标识符",
            "the sensitive attribute {column} cannot also be a quasi-identifier",
        ),
        "privacy.ordered_nulls": (
            "按有序距离计算 t-接近性时敏感属性 {column} 不能为空（{count} 行为空，第一个在第 {row} 行）",
            "t-closeness with the ordered distance needs a value in every row of {column} ({count} rows are null, the first is row {row})",
        ),
        "privacy.bad_c": ("c 应为正数", "c must be positive"),
        "privacy.bad_l": ("l 应为不小于 1 的整数", "l must be an integer of at least 1"),
        "privacy.bad_distance": (
            "distance 应为 ordered、equal、hierarchical 或 auto",
            "distance must be ordered, equal, hierarchical or auto",
        ),
        "privacy.needs_hierarchy": (
            "distance=hierarchical 需要敏感属性的层级（hierarchy：取值 → [第 1 层, 第 2 层, …]）",
            "distance=hierarchical needs the sensitive attribute's hierarchy (hierarchy: value -> [level 1, level 2, …])",
        ),
        "privacy.hierarchy_missing": (
            "敏感属性 {column} 有 {count} 个取值不在层级中",
            "{count} values of the sensitive attribute {column} are missing from the hierarchy",
        ),
        "privacy.hierarchy_depth": (
            "层级中每个取值的层数应相同",
            "every value of the hierarchy needs the same number of levels",
        ),
        "privacy.hierarchy_nested": (
            "层级不嵌套：第 {level} 层的一个节点有两个上级",
            "the hierarchy is not nested: a node of level {level} has two parents",
        ),
    }
)

Distance = Literal["auto", "ordered", "equal", "hierarchical"]


@dataclasses.dataclass(frozen=True, eq=False)
class SensitiveCounts:
    """Counts of (class, sensitive value) pairs: the input of every l and t computation.

    ``pair_class[i]`` and ``pair_value[i]`` identify pair ``i`` (sorted by class, then value code),
    ``pair_count[i]`` its number of rows; ``values`` holds the value of each code for the ordered
    distance (in order) and the code itself otherwise; ``sizes`` the class sizes.
    """

    classes: EquivalenceClasses
    column: str
    pair_class: np.ndarray
    pair_value: np.ndarray
    pair_count: np.ndarray
    values: np.ndarray
    ordered: bool

    @property
    def sizes(self) -> np.ndarray:
        return self.classes.sizes

    @property
    def m(self) -> int:
        """Number of distinct sensitive values in the table (non-suppressed rows)."""
        return len(self.values)

    def overall(self) -> np.ndarray:
        """The table's distribution ``Q`` over the value codes."""
        q = np.bincount(self.pair_value, weights=self.pair_count, minlength=self.m)
        return q / q.sum() if q.sum() else q


def sensitive_counts(
    frame: pd.DataFrame,
    qis: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    *,
    ordered: bool = False,
    classes: EquivalenceClasses | None = None,
) -> SensitiveCounts:
    """Count the sensitive values of every class (``ordered`` sorts the value codes)."""
    ec = _sensitive_classes(frame, qis, sensitive, classes)
    column = frame[sensitive]
    kept = ec.kept if ec.suppressed else slice(None)
    if ordered:
        column = orderable(column)
        codes, values, m = factorize(column, sort=True)
        nulls = (codes < 0) & ec.kept if ec.suppressed else codes < 0
        if nulls.any():
            raise ValueError(
                i18n.both(
                    "privacy.ordered_nulls", column=sensitive, count=int(nulls.sum()), row=int(np.argmax(nulls)) + 1
                )
            )
    else:  # null is a sensitive value of its own; the codes stand for the values
        (codes,), m, _ = column_keys([column])
        values = np.arange(m)
    ids = ec.ids[kept]
    codes = codes[kept]
    pair = ids * np.int64(max(m, 1)) + codes
    space = ec.n_classes * max(m, 1)
    uniq, counts = _pair_counts(pair, space)
    pair_class = uniq // max(m, 1)
    pair_value = uniq % max(m, 1)
    used = np.zeros(max(m, 1), dtype=bool)
    used[pair_value] = True
    if not used[:m].all():  # values present only in suppressed rows: renumber the rest densely
        remap = np.cumsum(used) - 1
        pair_value = remap[pair_value]
        values = np.asarray(values)[used[:m]]
    return SensitiveCounts(ec, sensitive, pair_class, pair_value, counts.astype(np.int64), np.asarray(values), ordered)


def _pair_counts(pair: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pair keys (sorted) and their counts, without sorting: a ``bincount`` when the
    space is small; otherwise a boolean presence table (1 byte a key, not 8), its non-zero keys,
    and a look-up written only at those keys (the rest of the table is never touched)."""
    if space <= 4 * len(pair) or space <= 1 << 20:
        all_counts = np.bincount(pair, minlength=space)
        uniq = np.flatnonzero(all_counts)
        return uniq, all_counts[uniq]
    if space > 1 << 31:
        return np.unique(pair, return_counts=True)
    present = np.zeros(space, dtype=bool)
    present[pair] = True
    uniq = np.flatnonzero(present)
    lookup = np.empty(space, dtype=np.int32)
    lookup[uniq] = np.arange(len(uniq), dtype=np.int32)
    return uniq, np.bincount(np.take(lookup, pair), minlength=len(uniq))


def _sensitive_classes(
    frame: pd.DataFrame, qis: Sequence[str], sensitive: str, classes: EquivalenceClasses | None = None
) -> EquivalenceClasses:
    """The classes of ``qis`` (or ``classes``), after checking that ``sensitive`` is a column and no QI."""
    if sensitive not in frame.columns:
        raise KeyError(i18n.both("privacy.no_sensitive", column=sensitive))
    ec = classes if classes is not None else _classes(frame, qis)
    if sensitive in ec.qis:
        raise ValueError(i18n.both("privacy.sensitive_is_qi", column=sensitive))
    return ec


def orderable(column: pd.Series) -> pd.Series:
    """The column as the ordered distance orders it: numbers written as text as numbers
    (also used by the distributed engines)."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column
    as_number = pd.to_numeric(column, errors="coerce")
    if as_number.isna().sum() == column.isna().sum():
        return as_number
    return column.astype(object).where(column.notna(), None).astype("string")


def _classes(frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] | EquivalenceClasses) -> EquivalenceClasses:
    if isinstance(frame, EquivalenceClasses):
        return frame
    if isinstance(qis, EquivalenceClasses):
        return qis
    return equivalence_classes(frame, qis)


def _starts(pair_class: np.ndarray, n_classes: int) -> np.ndarray:
    return np.searchsorted(pair_class, np.arange(n_classes))


# -- k -------------------------------------------------------------------------------------------
def k_anonymity(frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] | None = None) -> int:
    """The ``k`` of the table: the size of its smallest equivalence class (0 for no class).

    >>> k_anonymity(pd.DataFrame({"a": [1, 1, 2, 2, 2]}), ["a"])
    2
    """
    ec = _classes(frame, qis or ())
    return int(ec.sizes.min()) if ec.n_classes else 0


# -- l -------------------------------------------------------------------------------------------
def distinct_l_by_class(counts: SensitiveCounts) -> np.ndarray:
    """Number of distinct sensitive values in each class."""
    return np.bincount(counts.pair_class, minlength=counts.classes.n_classes)


#: Largest (class × value) presence table counted directly (bytes); beyond it pairs are counted.
_PRESENCE_LIMIT = 1 << 27


def _distinct_counts(ec: EquivalenceClasses, column: pd.Series) -> np.ndarray:
    """Distinct values (null is one) of ``column`` in each class: one boolean presence table
    (value-major, ``value · J + class``), summed over the values — no pair counting, no sort."""
    (codes,), m, _ = column_keys([column])
    n_classes = ec.n_classes
    if n_classes * m > _PRESENCE_LIMIT:
        pairs = np.unique(ec.ids[ec.kept] * np.int64(m) + codes[ec.kept])
        return np.bincount(pairs // m, minlength=n_classes)
    ids = ec.ids
    if ec.suppressed:
        kept = ids >= 0
        ids, codes = ids[kept], codes[kept]
    pair = codes.astype(np.int64) * n_classes
    pair += ids
    present = np.zeros(n_classes * m, dtype=np.uint8)
    present[pair] = 1
    return np.add.reduce(present.reshape(m, n_classes), axis=0, dtype=np.int32)


def entropy_by_class(counts: SensitiveCounts) -> np.ndarray:
    """``H_j = -Σ p ln p`` of each class (natural logarithm)."""
    p = counts.pair_count / counts.sizes[counts.pair_class]
    return np.bincount(counts.pair_class, weights=-p * np.log(p), minlength=counts.classes.n_classes)


def recursive_l_by_class(counts: SensitiveCounts, c: float) -> np.ndarray:
    """The largest ``l`` for which each class is recursive (c, l)-diverse (0 if none)."""
    if not c > 0:
        raise ValueError(i18n.both("privacy.bad_c"))
    n_classes = counts.classes.n_classes
    order = np.lexsort((-counts.pair_count, counts.pair_class))
    cls = counts.pair_class[order]
    cnt = counts.pair_count[order]
    starts = _starts(cls, n_classes)
    r1 = cnt[starts]  # the most frequent value's count of every class
    before = np.cumsum(cnt) - cnt  # rows of the class before this rank ...
    before = before - (np.cumsum(cnt) - cnt)[starts][cls]
    tail = counts.sizes[cls] - before  # r_rank + r_rank+1 + ... (rank counted from 1)
    ok = r1[cls] < c * tail  # monotone in the rank: the count of true ranks is the largest l
    return np.bincount(cls, weights=ok, minlength=n_classes).astype(np.int64)


def l_diversity(
    frame: pd.DataFrame,
    qis: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    *,
    kind: Literal["distinct", "entropy"] = "distinct",
) -> float:
    """Distinct ``l`` (an int) or entropy ``l`` (``exp(min H_j)``) of the table for ``sensitive``.

    >>> df = pd.DataFrame({"q": [1, 1, 1, 1], "s": ["a", "a", "b", "b"]})
    >>> l_diversity(df, ["q"], "s"), l_diversity(df, ["q"], "s", kind="entropy")
    (2, 2.0)
    """
    if kind == "distinct":
        ec = _sensitive_classes(frame, qis, sensitive)
        if ec.n_classes == 0:
            return 0
        return int(_distinct_counts(ec, frame[sensitive]).min())
    counts = sensitive_counts(frame, qis, sensitive)
    if counts.classes.n_classes == 0:
        return 0
    if kind == "entropy":
        return float(np.exp(entropy_by_class(counts).min()))
    raise ValueError("kind must be 'distinct' or 'entropy' / kind 应为 distinct 或 entropy")


def recursive_cl_diversity(
    frame: pd.DataFrame, qis: Sequence[str] | EquivalenceClasses, sensitive: str, c: float
) -> int:
    """The largest ``l`` such that every class is recursive (c, l)-diverse (0 if none is)."""
    counts = sensitive_counts(frame, qis, sensitive)
    if counts.classes.n_classes == 0:
        return 0
    return int(recursive_l_by_class(counts, c).min())


def is_recursive_cl_diverse(
    frame: pd.DataFrame,
    qis: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    c: float,
    l: int,  # noqa: E741
) -> bool:
    """Whether every class satisfies ``r_1 < c (r_l + … + r_m)``.

    >>> df = pd.DataFrame({"q": [1] * 6, "s": list("aaabbc")})
    >>> is_recursive_cl_diverse(df, ["q"], "s", 2, 2), is_recursive_cl_diverse(df, ["q"], "s", 1, 2)
    (True, False)
    """
    if not isinstance(l, int | np.integer) or l < 1:
        raise ValueError(i18n.both("privacy.bad_l"))
    return recursive_cl_diversity(frame, qis, sensitive, c) >= l


# -- t -------------------------------------------------------------------------------------------
def emd_by_class(counts: SensitiveCounts) -> np.ndarray:
    """EMD between each class's sensitive distribution and the table's (ordered or equal distance)."""
    n_classes = counts.classes.n_classes
    q = counts.overall()
    p = counts.pair_count / counts.sizes[counts.pair_class]
    if counts.ordered:
        return ordered_emd(counts.pair_class, counts.pair_value, p, q, n_classes)
    return equal_emd(counts.pair_class, counts.pair_value, p, q, n_classes)


def equal_emd(cls: np.ndarray, val: np.ndarray, p: np.ndarray, q: np.ndarray, n_classes: int) -> np.ndarray:
    """``½ Σ|p_i − q_i|`` per class from (class, value, p) pairs: ``½ (Σ_present (|p − q| − q) + 1)``."""
    qv = q[val]
    return np.maximum(0.5 * (np.bincount(cls, weights=np.abs(p - qv) - qv, minlength=n_classes) + 1.0), 0.0)


def ordered_emd(cls: np.ndarray, val: np.ndarray, p: np.ndarray, q: np.ndarray, n_classes: int) -> np.ndarray:
    """The ordered-distance EMD per class from (class, value rank, p) pairs sorted by class then value.

    Each class's cumulative P is a step function over the value ranks (0 before its first value,
    then its cumulative share after each of its values); a segment ``[lo, hi)`` at level ``v``
    adds ``Σ_{i in [lo, hi)} |v − CQ(i)|``, summed with prefix sums around the rank where the
    table's cumulative ``CQ`` reaches ``v``.
    """
    m = len(q)
    if m <= 1:
        return np.zeros(n_classes)
    cq = np.cumsum(q)
    cq[-1] = 1.0
    prefix = np.concatenate(([0.0], np.cumsum(cq)))  # prefix[i] = CQ(0) + ... + CQ(i-1)
    starts = _starts(cls, n_classes)
    cp = np.cumsum(p)
    cp = cp - (cp - p)[starts][cls]
    nxt = np.empty_like(val)
    nxt[:-1] = val[1:]
    last = np.ones(len(val), dtype=bool)
    last[:-1] = cls[1:] != cls[:-1]
    nxt[last] = m
    cp[last] = 1.0
    lo = np.concatenate((np.zeros(n_classes, dtype=np.int64), val))
    hi = np.concatenate((val[starts], nxt))
    level = np.concatenate((np.zeros(n_classes), cp))
    owner = np.concatenate((np.arange(n_classes), cls))
    split = np.clip(np.searchsorted(cq, level, side="left"), lo, hi)
    seg = level * (split - lo) - (prefix[split] - prefix[lo]) + (prefix[hi] - prefix[split]) - level * (hi - split)
    return np.bincount(owner, weights=seg, minlength=n_classes) / (m - 1)


def t_closeness(
    frame: pd.DataFrame,
    qis: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    *,
    distance: Distance = "auto",
    hierarchy: Any = None,
) -> float:
    """The ``t`` of the table: the largest EMD of a class from the whole table.

    ``distance="auto"`` uses the ordered distance for numeric and date columns and the equal
    distance otherwise; with ``"ordered"`` text that is all numbers is ordered as numbers;
    ``"hierarchical"`` the hierarchical distance of ``hierarchy`` (value → ``[level 1, …]``, see
    :func:`hierarchical_emd_by_class`).
    In the example class ``a`` has ``P = (½, ½, 0, 0)`` against ``Q = (¼, ¼, ¼, ¼)``: cumulative
    differences ``¼, ½, ¼, 0`` sum to 1, divided by ``m − 1 = 3``.

    >>> df = pd.DataFrame({"q": ["a", "a", "b", "b"], "salary": [3, 4, 5, 6]})
    >>> round(t_closeness(df, ["q"], "salary", distance="ordered"), 4), t_closeness(df, ["q"], "salary", distance="equal")
    (0.3333, 0.5)
    """
    if distance == "hierarchical":
        if hierarchy is None:
            raise ValueError(i18n.both("privacy.needs_hierarchy"))
        emd = hierarchical_emd_by_class(frame, qis, sensitive, hierarchy)
        return float(emd.max()) if len(emd) else 0.0
    counts = sensitive_counts(frame, qis, sensitive, ordered=_is_ordered(frame[sensitive], distance))
    if counts.classes.n_classes == 0:
        return 0.0
    return float(emd_by_class(counts).max())


def _hierarchy_table(hierarchy: Any) -> Mapping[Any, Sequence[Any]]:
    """The value -> [level 1, …] table of a mapping or of an anonymisation ``Hierarchy`` (its ``table``)."""
    table = getattr(hierarchy, "table", hierarchy)
    if not isinstance(table, Mapping) or not table:
        raise ValueError(i18n.both("privacy.needs_hierarchy"))
    return table


def _tree(leaves: np.ndarray, table: Mapping[Any, Sequence[Any]], column: str) -> list[np.ndarray]:
    """``up[i]``: node code at level ``i`` -> its parent's code at level ``i + 1`` (level 0 = the
    leaves in code order, the last level one root). A null leaf hangs under the root alone."""
    rows = {str(k): tuple(v if isinstance(v, list | tuple) else [v]) for k, v in table.items()}
    depths = {len(v) for v in rows.values()}
    if len(depths) != 1:
        raise ValueError(i18n.both("privacy.hierarchy_depth"))
    (depth,) = depths
    keys = [None if v is None else str(v) for v in leaves]
    missing = sum(1 for v in keys if v is not None and v not in rows)
    if missing:
        raise ValueError(i18n.both("privacy.hierarchy_missing", column=column, count=missing))
    labels = [[("\0null",) if v is None else (str(rows[v][i]),) for v in keys] for i in range(depth)]
    level_codes = [np.arange(len(leaves))]
    for lv in labels:  # a null's ancestors are nodes of their own
        codes, _ = pd.factorize(pd.Series([x[0] for x in lv], dtype=object))
        level_codes.append(np.asarray(codes, dtype=np.int64))
    if len(np.unique(level_codes[-1])) > 1:  # the table's top level is not one node: add the root
        level_codes.append(np.zeros(len(leaves), dtype=np.int64))
    up = []
    for i in range(len(level_codes) - 1):
        f = np.zeros(int(level_codes[i].max()) + 1 if len(leaves) else 0, dtype=np.int64)
        f[level_codes[i]] = level_codes[i + 1]
        if not np.array_equal(f[level_codes[i]], level_codes[i + 1]):
            raise ValueError(i18n.both("privacy.hierarchy_nested", level=i))
        up.append(f)
    return up


def hierarchy_tree(leaves: np.ndarray, hierarchy: Any, column: str) -> list[np.ndarray]:
    """The parent maps of a sensitive attribute's hierarchy over ``leaves`` (its distinct values in
    code order, ``None`` for null): the ``up`` argument of :func:`hierarchical_emd`."""
    return _tree(np.asarray(leaves, dtype=object), _hierarchy_table(hierarchy), column)


def _groups(key: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """Dense group ids of integer keys and each group's key (in key order), without sorting when the space allows."""
    if space <= max(1 << 24, 4 * len(key)):
        present = np.zeros(space, dtype=bool)
        present[key] = True
        return np.cumsum(present)[key] - 1, np.flatnonzero(present)
    reps, gid = np.unique(key, return_inverse=True)
    return gid.reshape(-1), reps


def hierarchical_emd(
    cls: np.ndarray, leaf: np.ndarray, p: np.ndarray, q: np.ndarray, up: Sequence[np.ndarray], n_classes: int
) -> np.ndarray:
    """EMD per class under the hierarchical ground distance (Li, Li & Venkatasubramanian 2007):
    two leaves are ``level(LCA) / H`` apart, and ``EMD = Σ_N height(N)/H · min(pos(N), neg(N))`` over
    the internal nodes, where ``pos``/``neg`` add up the positive / negative ``extra`` (``P − Q``
    over a child's leaves) of ``N``'s children. Computed per level over the (class, node) pairs a
    class occupies: a child the class does not occupy has ``extra = −Q``, which is
    ``neg(N) = Q(N) − Σ_occupied Q(C) + Σ_occupied max(Q − P, 0)``.
    ``(cls, leaf, p)`` are the class, leaf code and share of every occupied pair (unique pairs).
    """
    height = len(up)
    total = np.zeros(n_classes)
    if height == 0 or len(cls) == 0:
        return total
    node, share, qn, c = leaf, p, q, cls
    for i, parent_of in enumerate(up):
        m_parent = int(parent_of.max()) + 1
        q_parent = np.bincount(parent_of, weights=qn, minlength=m_parent)
        qc = qn[node]
        extra = share - qc
        gid, reps = _groups(c * np.int64(m_parent) + parent_of[node], n_classes * m_parent)
        g = len(reps)
        pos = np.bincount(gid, weights=np.maximum(extra, 0.0), minlength=g)
        neg_part = np.bincount(gid, weights=np.maximum(-extra, 0.0), minlength=g)
        q_occupied = np.bincount(gid, weights=qc, minlength=g)
        g_class, g_node = reps // m_parent, reps % m_parent
        neg = np.maximum(q_parent[g_node] - q_occupied + neg_part, 0.0)
        total += np.bincount(g_class, weights=(i + 1) / height * np.minimum(pos, neg), minlength=n_classes)
        share = np.bincount(gid, weights=share, minlength=g)
        node, c, qn = g_node, g_class, q_parent
    return total


def hierarchical_emd_by_class(
    frame: pd.DataFrame,
    qis: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    hierarchy: Any,
) -> np.ndarray:
    """The hierarchical-distance EMD of every class from the table (see :func:`hierarchical_emd`);
    ``hierarchy`` maps each sensitive value to its ancestors ``[level 1, level 2, …]`` (a mapping
    or an anonymisation ``Hierarchy``); a top level of several nodes gets a root above it.

    Leaves ``a, b`` under ``X`` and ``c, d`` under ``Y`` (H = 2), ``Q`` uniform: a class ``(a, c)``
    moves ¼ from ``a`` to ``b`` and ¼ from ``c`` to ``d`` (distance ½ each): ``EMD = ¼``; a class
    ``(a, a)`` moves ¼ to ``b`` (½) and ¼ to each of ``c`` and ``d`` (1): ``EMD = ⅝``.

    A third class ``(b, b, b, c, c, d, d, d)`` makes ``Q`` uniform; it moves ⅛ from ``b`` to ``a``
    (½) and ⅛ from ``Y`` to ``X`` (1): ``EMD = 3/16``.

    >>> df = pd.DataFrame({"q": [1, 1, 2, 2] + [3] * 8, "s": list("acaa") + list("bbbccddd")})
    >>> h = {"a": ["X"], "b": ["X"], "c": ["Y"], "d": ["Y"]}
    >>> hierarchical_emd_by_class(df, ["q"], "s", h).round(4).tolist()
    [0.25, 0.625, 0.1875]
    """
    ec = _sensitive_classes(frame, qis, sensitive)
    if ec.n_classes == 0:
        return np.zeros(0)
    codes, leaves = leaf_codes(frame[sensitive])
    return hierarchical_emd_of_rows(ec, codes, leaves, hierarchy, sensitive)


def leaf_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The leaf code of every value of a sensitive ``column`` and the leaves (its distinct values in
    code order; a null is a leaf of its own, ``None``, after the others)."""
    codes, uniques, m = factorize(column)
    leaves = np.asarray(uniques, dtype=object)
    if (codes < 0).any():
        codes = np.where(codes < 0, m, codes)
        leaves = np.append(leaves, None)
    return codes, leaves


def hierarchical_emd_of_rows(
    ec: EquivalenceClasses,
    codes: np.ndarray,
    leaves: np.ndarray,
    hierarchy: Any,
    column: str,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """The hierarchical-distance EMD of every class of ``ec`` from the distribution of its kept
    rows: ``codes`` is the leaf (into ``leaves``, see :func:`leaf_codes`) of each row of ``ec.ids``
    — rows of a frame, or of a table of counts given as ``weights`` (the distributed engines').
    Suppressed records take no part: a value only they hold (the null ``zjgov mask`` leaves in
    them) needs no place in the hierarchy and adds no level to it."""
    if ec.n_classes == 0:
        return np.zeros(0)
    kept = ec.ids >= 0
    ids, codes = ec.ids[kept], codes[kept]
    w = None if weights is None else np.asarray(weights, dtype=np.float64)[kept]
    used = np.zeros(len(leaves), dtype=bool)
    used[codes] = True
    if not used.all():  # values only in suppressed records (a null there) are no leaves of the tree
        codes = (np.cumsum(used) - 1)[codes]
        leaves = np.asarray(leaves, dtype=object)[used]
    m = len(leaves)
    up = hierarchy_tree(leaves, hierarchy, column)
    q = np.bincount(codes, weights=w, minlength=m).astype(float)
    q /= q.sum()
    pair_counts = np.bincount(ids * np.int64(m) + codes, weights=w, minlength=ec.n_classes * m)
    occupied = np.flatnonzero(pair_counts)
    cls, leaf = occupied // m, occupied % m
    p = pair_counts[occupied] / ec.sizes[cls]
    return hierarchical_emd(cls, leaf, p, q, up, ec.n_classes)


def released_t_failures(
    cls: np.ndarray,
    val: np.ndarray,
    count: np.ndarray,
    sizes: np.ndarray,
    fail: np.ndarray,
    t: float,
    distance: Literal["ordered", "equal", "hierarchical"],
    tree: Any = None,
    m: int | None = None,
) -> tuple[np.ndarray, int]:
    """The classes to suppress so that every kept class is within ``t`` of the **released** table.

    ``(cls, val, count)`` are the distinct (class, sensitive value code) pairs with their rows
    (value codes ``0..m-1``, in value order for the ordered distance), ``sizes`` the class sizes,
    ``fail`` the classes already suppressed (k, l). Each round takes ``Q`` from the rows of the kept
    classes only — the values they hold, renumbered densely in order (the ordered distance's ``m``
    and the hierarchy's leaves are those of the released rows, as the audit reads them;
    ``tree(used)`` gives the parent maps over the leaves ``used`` marks) — and adds the kept
    classes farther than ``t`` from it; it stops when a round adds none (each round only removes
    classes, so at most one round per class). ``m`` is the number of value codes (default: the
    largest in ``val`` plus one). Returns ``(fail, rounds)``.

    Hand-worked (equal distance, values x, y; t = 0.32): class A (x, x, x, y), class B (x, x, y, y,
    y, y, y, y) and four single x records (failing k = 2). Against the whole table's ``Q`` = (9/16,
    7/16) A is at 3/16 and B at 5/16 — both pass; but the released table lacks the four x, its
    ``Q`` is (5/12, 7/12), and A is at 1/3 > t (B at 1/6). Round 1 suppresses A; round 2 takes
    ``Q`` from B alone (distance 0) and adds nothing: the fixed point keeps B only.

    >>> cls, val = np.array([0, 0, 1, 1, 2, 3, 4, 5]), np.array([0, 1, 0, 1, 0, 0, 0, 0])
    >>> cnt, sizes = np.array([3, 1, 2, 6, 1, 1, 1, 1]), np.array([4, 8, 1, 1, 1, 1])
    >>> fail, rounds = released_t_failures(cls, val, cnt, sizes, sizes < 2, 0.32, "equal")
    >>> fail.tolist(), rounds
    ([True, False, True, True, True, True], 2)
    """
    fail = np.asarray(fail, dtype=bool).copy()
    n_classes = len(sizes)
    space = int(m) if m is not None else (int(val.max()) + 1 if len(val) else 0)
    rounds = 0
    while True:
        keep_pair = ~fail[cls]
        if not keep_pair.any():
            return fail, rounds
        rounds += 1
        kept_classes = np.flatnonzero(~fail)
        dense = np.full(n_classes, -1, dtype=np.int64)
        dense[kept_classes] = np.arange(len(kept_classes))
        c, v, w = dense[cls[keep_pair]], val[keep_pair], count[keep_pair].astype(np.float64)
        used = np.bincount(v, weights=w, minlength=space) > 0
        if not used.all():  # values only in suppressed classes: no place in the released table
            v = (np.cumsum(used) - 1)[v]
        q = np.bincount(v, weights=w, minlength=int(used.sum()))
        q /= q.sum()
        p = w / sizes[cls[keep_pair]]
        if distance == "hierarchical":
            emd = hierarchical_emd(c, v, p, q, tree(used), len(kept_classes))
        elif distance == "ordered":
            order = np.lexsort((v, c))
            emd = ordered_emd(c[order], v[order], p[order], q, len(kept_classes))
        else:
            emd = equal_emd(c, v, p, q, len(kept_classes))
        far = emd > t + 1e-12
        if not far.any():
            return fail, rounds
        fail[kept_classes[far]] = True


def _is_ordered(column: pd.Series, distance: Distance) -> bool:
    if distance not in ("auto", "ordered", "equal", "hierarchical"):
        raise ValueError(i18n.both("privacy.bad_distance"))
    if distance != "auto":
        return distance == "ordered"
    return bool(pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column))


# -- suppression by class -----------------------------------------------------------------------
def failing_records(
    frame: pd.DataFrame,
    qis: Sequence[str],
    *,
    k: int,
    l: int | None = None,  # noqa: E741
    t: float | None = None,
    sensitive: str | None = None,
    distance: Distance = "auto",
    hierarchy: Any = None,
) -> np.ndarray:
    """Boolean mask of the rows in classes that fail: size below ``k``, fewer than ``l`` distinct
    ``sensitive`` values, or an EMD above ``t`` from the distribution of the **released** rows —
    the fixed point of :func:`released_t_failures`, so the audit of the result finds no class
    above ``t`` (the rows to suppress, as :func:`zjgov.security.anonymise.search` plans them;
    ``distance="hierarchical"`` with the sensitive attribute's ``hierarchy``). Already suppressed
    rows are not flagged.

    >>> df = pd.DataFrame({"q": ["a", "a", "a", "b"], "s": ["x", "y", "x", "x"]})
    >>> failing_records(df, ["q"], k=2).tolist(), failing_records(df, ["q"], k=1, l=2, sensitive="s").tolist()
    ([False, False, False, True], [False, False, False, True])
    """
    ec = equivalence_classes(frame, qis)
    if ec.n_classes == 0:
        return np.zeros(len(frame), dtype=bool)
    fail = ec.sizes < k
    if sensitive is not None and (l is not None or t is not None):
        if l is not None:
            fail |= _distinct_counts(ec, frame[sensitive]) < l
        if t is not None and distance == "hierarchical":
            if hierarchy is None:
                raise ValueError(i18n.both("privacy.needs_hierarchy"))
            _sensitive_classes(frame, ec, sensitive, ec)
            codes, leaves = leaf_codes(frame[sensitive])
            kept = ec.ids >= 0
            m = max(len(leaves), 1)
            cells, cnt = _pair_counts(ec.ids[kept] * np.int64(m) + codes[kept], ec.n_classes * m)
            fail, _ = released_t_failures(
                cells // m,
                cells % m,
                cnt,
                ec.sizes,
                fail,
                t,
                "hierarchical",
                lambda used: hierarchy_tree(leaves[used], hierarchy, sensitive),
                len(leaves),
            )
        elif t is not None:
            ordered = _is_ordered(frame[sensitive], distance)
            counts = sensitive_counts(frame, ec, sensitive, ordered=ordered, classes=ec)
            fail, _ = released_t_failures(
                counts.pair_class,
                counts.pair_value,
                counts.pair_count,
                ec.sizes,
                fail,
                t,
                "ordered" if ordered else "equal",
            )
    if not fail.any():
        return np.zeros(len(frame), dtype=bool)
    ids = ec.ids
    return (ids >= 0) & fail[np.maximum(ids, 0)]
