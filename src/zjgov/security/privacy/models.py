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
from collections.abc import Sequence
from typing import Literal

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
            "distance 应为 ordered、equal 或 auto",
            "distance must be ordered, equal or auto",
        ),
    }
)

Distance = Literal["auto", "ordered", "equal"]


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
    if sensitive not in frame.columns:
        raise KeyError(i18n.both("privacy.no_sensitive", column=sensitive))
    ec = classes if classes is not None else _classes(frame, qis)
    if sensitive in ec.qis:
        raise ValueError(i18n.both("privacy.sensitive_is_qi", column=sensitive))
    column = frame[sensitive]
    kept = ec.kept if ec.suppressed else slice(None)
    if ordered:
        column = _orderable(column)
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
    if space <= max(1 << 24, 4 * len(pair)):
        all_counts = np.bincount(pair, minlength=space)
        uniq = np.flatnonzero(all_counts)
        counts = all_counts[uniq]
    else:
        uniq, counts = np.unique(pair, return_counts=True)
    pair_class = uniq // max(m, 1)
    pair_value = uniq % max(m, 1)
    used = np.zeros(max(m, 1), dtype=bool)
    used[pair_value] = True
    if not used[:m].all():  # values present only in suppressed rows: renumber the rest densely
        remap = np.cumsum(used) - 1
        pair_value = remap[pair_value]
        values = np.asarray(values)[used[:m]]
    return SensitiveCounts(ec, sensitive, pair_class, pair_value, counts.astype(np.int64), np.asarray(values), ordered)


def _orderable(column: pd.Series) -> pd.Series:
    """Numbers written as text are ordered as numbers."""
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
        if sensitive not in frame.columns:
            raise KeyError(i18n.both("privacy.no_sensitive", column=sensitive))
        ec = _classes(frame, qis)
        if sensitive in ec.qis:
            raise ValueError(i18n.both("privacy.sensitive_is_qi", column=sensitive))
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
) -> float:
    """The ``t`` of the table: the largest EMD of a class from the whole table.

    ``distance="auto"`` uses the ordered distance for numeric and date columns and the equal
    distance otherwise; with ``"ordered"`` text that is all numbers is ordered as numbers.
    In the example class ``a`` has ``P = (½, ½, 0, 0)`` against ``Q = (¼, ¼, ¼, ¼)``: cumulative
    differences ``¼, ½, ¼, 0`` sum to 1, divided by ``m − 1 = 3``.

    >>> df = pd.DataFrame({"q": ["a", "a", "b", "b"], "salary": [3, 4, 5, 6]})
    >>> round(t_closeness(df, ["q"], "salary", distance="ordered"), 4), t_closeness(df, ["q"], "salary", distance="equal")
    (0.3333, 0.5)
    """
    counts = sensitive_counts(frame, qis, sensitive, ordered=_is_ordered(frame[sensitive], distance))
    if counts.classes.n_classes == 0:
        return 0.0
    return float(emd_by_class(counts).max())


def _is_ordered(column: pd.Series, distance: Distance) -> bool:
    if distance not in ("auto", "ordered", "equal"):
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
) -> np.ndarray:
    """Boolean mask of the rows in classes that fail: size below ``k``, fewer than ``l`` distinct
    ``sensitive`` values, or an EMD above ``t`` from the table's distribution (the rows to suppress,
    as :func:`zjgov.security.anonymise.search` plans them). Already suppressed rows are not flagged.

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
        if t is not None:
            counts = sensitive_counts(frame, ec, sensitive, ordered=_is_ordered(frame[sensitive], distance), classes=ec)
            fail |= emd_by_class(counts) > t + 1e-12
    if not fail.any():
        return np.zeros(len(frame), dtype=bool)
    ids = ec.ids
    return (ids >= 0) & fail[np.maximum(ids, 0)]
