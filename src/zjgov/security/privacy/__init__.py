"""Privacy models and re-identification risk (隐私模型与重标识风险), vectorised.

Group-bys run over integer codes (:mod:`.classes`); :mod:`.models` has k-anonymity, distinct,
entropy and recursive (c, l)-diversity and t-closeness; :mod:`.risk` the prosecutor, journalist
and marketer risks, records at risk, the class-size histogram and uniqueness. :func:`measure`
computes everything once for a table; :func:`suggest_quasi_identifiers` reads a classification
inventory.

>>> import pandas as pd
>>> df = pd.DataFrame({"sex": list("1111122222"), "year": ["1980"] * 5 + ["1990"] * 5, "dx": list("aabbcaabbc")})
>>> m = measure(df, ["sex", "year"], sensitive=["dx"])
>>> m.k, m.l["dx"], m.prosecutor.highest
(5, 3, 0.2)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjgov.security.privacy.classes import EquivalenceClasses, equivalence_classes, factorize
from zjgov.security.privacy.models import (
    SensitiveCounts,
    distinct_l_by_class,
    emd_by_class,
    entropy_by_class,
    failing_records,
    hierarchical_emd,
    hierarchical_emd_by_class,
    hierarchical_emd_of_rows,
    hierarchy_tree,
    is_recursive_cl_diverse,
    k_anonymity,
    l_diversity,
    leaf_codes,
    recursive_cl_diversity,
    recursive_l_by_class,
    released_t_failures,
    sensitive_counts,
    t_closeness,
)
from zjgov.security.privacy.risk import (
    DEFAULT_THRESHOLD,
    Risk,
    Uniqueness,
    class_size_histogram,
    journalist_risk,
    marketer_risk,
    population_sizes,
    prosecutor_risk,
    records_at_risk,
    uniqueness,
)
from zjgov.security.privacy.roles import CATEGORY_ROLES, ROLES, Role, role_of

__all__ = [
    "CATEGORY_ROLES",
    "DEFAULT_THRESHOLD",
    "ROLES",
    "EquivalenceClasses",
    "Measurement",
    "Risk",
    "Role",
    "SensitiveCounts",
    "Uniqueness",
    "class_size_histogram",
    "distinct_l_by_class",
    "emd_by_class",
    "entropy_by_class",
    "equivalence_classes",
    "factorize",
    "failing_records",
    "hierarchical_emd",
    "hierarchical_emd_by_class",
    "hierarchical_emd_of_rows",
    "hierarchy_tree",
    "is_recursive_cl_diverse",
    "journalist_risk",
    "k_anonymity",
    "l_diversity",
    "leaf_codes",
    "marketer_risk",
    "measure",
    "population_sizes",
    "prosecutor_risk",
    "records_at_risk",
    "recursive_cl_diversity",
    "recursive_l_by_class",
    "released_t_failures",
    "role_of",
    "sensitive_counts",
    "suggest_quasi_identifiers",
    "t_closeness",
    "uniqueness",
]


@dataclasses.dataclass(frozen=True)
class Measurement:
    """Every privacy figure of one table (see the module docstrings for the definitions)."""

    qis: tuple[str, ...]
    rows: int
    suppressed: int
    classes: int
    k: int
    l: dict[str, int]  # noqa: E741 — distinct l per sensitive attribute
    entropy_l: dict[str, float]
    recursive_l: dict[str, int]  # for the given c
    c: float
    t: dict[str, float]
    prosecutor: Risk
    journalist: Risk | None
    marketer: float
    uniqueness: Uniqueness
    histogram: pd.DataFrame = dataclasses.field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["qis"] = list(self.qis)
        d["prosecutor"] = self.prosecutor.to_dict()
        d["journalist"] = self.journalist.to_dict() if self.journalist else None
        d["uniqueness"] = self.uniqueness.to_dict()
        d["histogram"] = self.histogram.to_dict("records")
        return _plain(d)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def measure(
    frame: pd.DataFrame,
    qis: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    population: pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    c: float = 2.0,
    distance: str = "auto",
) -> Measurement:
    """All figures at once, sharing one grouping of the rows."""
    ec = equivalence_classes(frame, qis)
    ls, hs, rs, ts = {}, {}, {}, {}
    from zjgov.security.privacy.models import _is_ordered

    for s in sensitive:
        counts = sensitive_counts(frame, ec, s, classes=ec)
        empty = ec.n_classes == 0
        ls[s] = 0 if empty else int(distinct_l_by_class(counts).min())
        hs[s] = 0.0 if empty else float(np.exp(entropy_by_class(counts).min()))
        rs[s] = 0 if empty else int(recursive_l_by_class(counts, c).min())
        if _is_ordered(frame[s], distance):  # type: ignore[arg-type]
            counts = sensitive_counts(frame, ec, s, ordered=True, classes=ec)
        ts[s] = 0.0 if empty else float(emd_by_class(counts).max())
    return Measurement(
        qis=ec.qis,
        rows=ec.rows,
        suppressed=ec.suppressed,
        classes=ec.n_classes,
        k=k_anonymity(ec),
        l=ls,
        entropy_l=hs,
        recursive_l=rs,
        c=c,
        t=ts,
        prosecutor=prosecutor_risk(ec, threshold=threshold),
        journalist=journalist_risk(frame, population, qis, threshold=threshold) if population is not None else None,
        marketer=marketer_risk(frame, qis, population=population) if population is not None else marketer_risk(ec),
        uniqueness=uniqueness(ec),
        histogram=class_size_histogram(ec),
    )


def suggest_quasi_identifiers(inventory: Any, roles: dict[str, Role] | None = None) -> dict[str, list[str]]:
    """Columns of a classification inventory by role: ``{"direct": [...], "quasi": [...], "sensitive": [...]}``.

    ``roles`` (category -> role) overrides the built-in table (e.g. from a protection list).

    >>> from zjgov.classification import classify
    >>> inv = classify(pd.DataFrame({"姓名": ["张伟", "王芳"], "性别": ["1", "2"], "出生日期": ["19800101", "19900202"]}))
    >>> suggest_quasi_identifiers(inv)["quasi"]
    ['性别', '出生日期']
    """
    table = {**CATEGORY_ROLES, **(roles or {})}
    out: dict[str, list[str]] = {"direct": [], "quasi": [], "sensitive": []}
    for e in inventory.entries:
        role = table.get(e.category, "other")
        if role in out:
            out[role].append(e.column)
    return out
