"""The release audit (``zjgov.security.audit.audit``) of a distributed frame, with the in-memory findings.

The audit asks a table a few questions (:class:`zjgov.security.audit.TableFacts`): its columns
and rows, its classification, which columns are removed (every value null or ``*``), the
privacy figures, the equivalence classes, each class's sensitive-value counts and, for a
sensitive attribute with a hierarchy, each class's hierarchical EMD.
:class:`EngineFacts` answers them on the engine — the classification from a sample the engine
draws (:func:`zjgov.distributed.classify`: for a table of at most 2,000 rows, every row, as the
in-memory audit reads it; for a larger one pass ``inventory`` from ``zjgov classify`` to have
the same columns' categories), the removed columns in one pass of partials, and the privacy
figures from the engine's group-by (:mod:`zjgov.distributed.privacy`, each group-by done once) —
and the audit's own code judges them, so its violations, figures and JSON are the same.

>>> import pandas as pd
>>> from zjgov.distributed._engines import LocalEngine
>>> from zjgov.security.audit import audit
>>> from zjgov.security.protection import default_list
>>> frame = pd.DataFrame({"公民身份号码": ["330106199001011234"] * 5, "备注": ["***"] * 5})
>>> r = audit(EngineFacts(LocalEngine(2), frame), protection_list=default_list(), scenario="open")
>>> [v.code for v in r.violations if v.severity == "error"], r.rows
(['prohibited'], 5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjgov.distributed import privacy
from zjgov.distributed._engines import Engine
from zjgov.security import privacy as P
from zjgov.security.audit import TableFacts

#: The in-memory classifier's default sample (``zjgov.classification.classifier.DEFAULT_SAMPLE``).
_SAMPLE = 2000


class _Counting:
    """An engine whose group-bys over one frame are done once (the audit asks for them twice)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name, self.labels = engine.name, engine.labels
        self._sizes: dict[tuple[int, tuple[str, ...]], pd.DataFrame] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def group_sizes(self, data: Any, columns: Sequence[str]) -> pd.DataFrame:
        key = (id(data), tuple(columns))
        if key not in self._sizes:
            self._sizes[key] = self.engine.group_sizes(data, columns)
        return self._sizes[key]


def _removed(part: pd.DataFrame, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Per column: whether every non-null value of the partition is made of ``*``, and whether it has one."""
    starred, seen = [], []
    for c in part.columns:
        values = part[c].dropna()
        seen.append(len(values) > 0)
        starred.append(bool(values.astype(str).str.fullmatch(r"\*+").all()) if len(values) else True)
    return np.array(starred, dtype=bool), np.array(seen, dtype=bool)


def _both(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return a[0] & b[0], a[1] | b[1]


class EngineFacts(TableFacts):
    """:class:`~zjgov.security.audit.TableFacts` of a frame of ``engine`` (see the module docstring)."""

    def __init__(self, engine: Engine, data: Any, *, seed: int = 0) -> None:
        self.engine = _Counting(engine)
        self.data = data
        self.seed = seed
        self._head = engine.head(data)
        self._rows: int | None = None

    @property
    def columns(self) -> list[Any]:
        return list(self._head.columns)

    @property
    def rows(self) -> int:
        if self._rows is None:
            self._rows = int(sum(self.engine.lengths(self.data)))
        return self._rows

    def classify(self) -> Any:
        from zjgov.distributed import sample

        return sample.classify(self.engine, self.data, sample=_SAMPLE, seed=self.seed)

    def removed(self) -> dict[str, bool]:
        starred, _ = self.engine.map_reduce(self.data, _removed, _both)
        return {str(c): bool(s) for c, s in zip(self.columns, starred)}

    def measure(self, qis: Sequence[str], sensitive: Sequence[str], population: Any, threshold: float) -> P.Measurement:
        return privacy.measure(
            self.engine, self.data, qis, sensitive=sensitive, population=population, threshold=threshold
        )

    def classes(self, qis: Sequence[str]) -> P.EquivalenceClasses:
        ec, _ = privacy.class_table(self.engine.group_sizes(self.data, qis), qis)
        return ec

    def sensitive_counts(self, ec: P.EquivalenceClasses, column: str, ordered: bool) -> P.SensitiveCounts:
        """The counts over the classes of the (classes, ``column``) group-by: numbered apart from
        ``ec``'s, the same classes (the audit reads only per-class minima, maxima and counts)."""
        return privacy.sensitive_table(self.engine, self.data, ec.qis, column, ordered=ordered)

    def numeric(self, column: str) -> bool:
        return bool(pd.api.types.is_numeric_dtype(self._head[column].dtype))

    def hierarchical_emd(self, ec: P.EquivalenceClasses, column: str, hierarchy: Any) -> np.ndarray:
        """By the (classes, ``column``) group-by, numbered apart from ``ec``'s (the audit reads the maximum)."""
        return privacy.hierarchical_emd(self.engine, self.data, ec.qis, column, hierarchy)
