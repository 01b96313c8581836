"""Re-identification risk (重标识风险) after El Emam and Dankar (JAMIA 2008) and El Emam (2013).

With ``f_j`` the size of class ``j`` in the released table (``n`` rows in ``J`` classes; suppressed
rows excluded) and ``F_j`` the size of the same combination in a population table:

- **prosecutor** (the attacker knows the target is in the release): a record of class ``j`` is
  re-identified with probability ``1/f_j``; *highest* risk ``1/min f_j``, *average* risk
  ``(1/n) Σ_j f_j · 1/f_j = J/n``, *records at risk* the share of records whose ``1/f_j`` exceeds
  the threshold.
- **journalist** (the attacker does not know whether the target is in the release and matches
  against a population register): the same with ``1/F_j``; *highest* ``1/min_j F_j`` over the
  released classes, *average* ``(1/n) Σ_j f_j/F_j``. A released combination the population table
  lacks (or has fewer times than the release) is counted as ``F_j = f_j`` — the higher risk — and
  reported in ``population_missing``.
- **marketer** (the attacker re-identifies as many records as possible): the expected share of
  correct matches, ``(1/n) Σ_j f_j/F_j`` against a population, ``J/n`` when the release is the
  population.

Also: the equivalence-class size histogram and the uniqueness of combinations (sample uniques:
records alone in their class).

>>> import pandas as pd
>>> df = pd.DataFrame({"sex": list("11122"), "age": [30, 30, 30, 40, 41]})
>>> r = prosecutor_risk(df, ["sex", "age"], threshold=0.5)   # classes of 3, 1, 1: risks ⅓, 1, 1
>>> r.highest, round(r.average, 4), r.records_at_risk
(1.0, 0.6, 0.4)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from zjgov import i18n
from zjgov.security.privacy.classes import EquivalenceClasses, check_columns, encode, equivalence_classes

i18n.add(
    {
        "privacy.bad_threshold": ("风险阈值应在 0 与 1 之间", "the risk threshold must lie between 0 and 1"),
        "privacy.population_columns": (
            "总体表缺少准标识符列 {column}",
            "the population table lacks the quasi-identifier column {column}",
        ),
    }
)

#: 20 % — the usual default of El Emam's guidance for a release to a trusted recipient.
DEFAULT_THRESHOLD = 0.2


@dataclasses.dataclass(frozen=True)
class Risk:
    """One attacker model's figures (probabilities in ``[0, 1]``)."""

    model: str
    highest: float
    average: float
    records_at_risk: float
    threshold: float
    population_missing: int = 0

    def to_dict(self) -> dict[str, float | int | str]:
        return dataclasses.asdict(self)


def _check_threshold(threshold: float) -> float:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(i18n.both("privacy.bad_threshold"))
    return float(threshold)


def risk_from_sizes(model: str, f: np.ndarray, F: np.ndarray, threshold: float, missing: int = 0) -> Risk:
    """One attacker model's :class:`Risk` from the sample's class sizes ``f`` and the matching
    population (or sample) sizes ``F`` (also the distributed engines' last step)."""
    threshold = _check_threshold(threshold)
    n = int(f.sum())
    if n == 0:
        return Risk(model, 0.0, 0.0, 0.0, threshold, missing)
    per_class = 1.0 / F
    return Risk(
        model,
        float(per_class.max()),
        float((f * per_class).sum() / n),
        float(f[per_class > threshold].sum() / n),
        threshold,
        missing,
    )


def prosecutor_risk(
    frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] = (), *, threshold: float = DEFAULT_THRESHOLD
) -> Risk:
    """Prosecutor risk: ``1/f_j`` per record."""
    ec = equivalence_classes(frame, qis)
    return risk_from_sizes("prosecutor", ec.sizes, ec.sizes, threshold)


def population_sizes(
    sample: pd.DataFrame, population: pd.DataFrame, qis: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, int]:
    """``(f, F, missing)``: each sample class's size, its size in the population, and how many
    classes the population lacks or has too rarely (raised to ``F = f``)."""
    cols = check_columns(sample, qis)
    for c in cols:
        if c not in population.columns:
            raise KeyError(i18n.both("privacy.population_columns", column=c))
    (ks, kp), space, _ = encode([sample, population], cols)  # one code space, no concatenation
    f_all = np.bincount(ks, minlength=space)
    present = np.flatnonzero(f_all)
    f = f_all[present]
    F = np.bincount(kp, minlength=space)[present]
    missing = int((f > F).sum())
    return f, np.maximum(F, f), missing


def journalist_risk(
    sample: pd.DataFrame, population: pd.DataFrame, qis: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD
) -> Risk:
    """Journalist risk: ``1/F_j`` per record, ``F_j`` counted in ``population``.

    >>> s = pd.DataFrame({"a": [1, 1, 2]})
    >>> p = pd.DataFrame({"a": [1, 1, 1, 1, 2, 2]})
    >>> r = journalist_risk(s, p, ["a"])
    >>> r.highest, round(r.average, 4)     # 1/min(4, 2); (2·¼ + 1·½) / 3
    (0.5, 0.3333)
    """
    f, F, missing = population_sizes(sample, population, qis)
    return risk_from_sizes("journalist", f, F, threshold, missing)


def marketer_risk(
    frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] = (), *, population: pd.DataFrame | None = None
) -> float:
    """Marketer risk: ``J/n`` (release = population) or ``(1/n) Σ f_j/F_j`` against ``population``.

    >>> marketer_risk(pd.DataFrame({"a": [1, 1, 2, 3]}), ["a"])
    0.75
    """
    if population is not None:
        f, F, _ = population_sizes(frame, population, qis)
    else:
        ec = equivalence_classes(frame, qis)
        f = F = ec.sizes
    n = f.sum()
    return float((f / F).sum() / n) if n else 0.0


def records_at_risk(
    frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] = (), *, threshold: float = DEFAULT_THRESHOLD
) -> np.ndarray:
    """Boolean mask of the rows whose prosecutor risk ``1/f_j`` exceeds ``threshold``.

    >>> records_at_risk(pd.DataFrame({"a": [1, 1, 2]}), ["a"], threshold=0.5).tolist()
    [False, False, True]
    """
    threshold = _check_threshold(threshold)
    ec = equivalence_classes(frame, qis)
    counts = ec.key_counts
    if counts is not None:  # one flag per combined key, spread to the rows with one gather
        return ec.per_row((counts > 0) & (1.0 / np.maximum(counts, 1) > threshold), False)
    sizes = ec.row_sizes()
    return (sizes > 0) & (1.0 / np.maximum(sizes, 1) > threshold)


def class_size_histogram(frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] = ()) -> pd.DataFrame:
    """Classes and records per class size: columns ``size``, ``classes``, ``records``.

    >>> class_size_histogram(pd.DataFrame({"a": [1, 1, 2, 3]}), ["a"]).values.tolist()
    [[1, 2, 2], [2, 1, 2]]
    """
    ec = equivalence_classes(frame, qis)
    by_size = np.bincount(ec.sizes) if ec.n_classes else np.zeros(1, dtype=np.int64)
    sizes = np.flatnonzero(by_size)
    return pd.DataFrame({"size": sizes, "classes": by_size[sizes], "records": sizes * by_size[sizes]})


@dataclasses.dataclass(frozen=True)
class Uniqueness:
    """Sample uniqueness of the quasi-identifier combinations."""

    combinations: int  # distinct combinations (classes)
    unique_combinations: int  # combinations that occur once
    unique_records: int  # records alone in their class
    share: float  # unique_records / records

    def to_dict(self) -> dict[str, float | int]:
        return dataclasses.asdict(self)


def uniqueness(frame: pd.DataFrame | EquivalenceClasses, qis: Sequence[str] = ()) -> Uniqueness:
    """How many combinations, and records, are unique.

    >>> uniqueness(pd.DataFrame({"a": [1, 1, 2, 3]}), ["a"])
    Uniqueness(combinations=3, unique_combinations=2, unique_records=2, share=0.5)
    """
    ec = equivalence_classes(frame, qis)
    uniques = int((ec.sizes == 1).sum())
    return Uniqueness(ec.n_classes, uniques, uniques, uniques / ec.n if ec.n else 0.0)
