"""Helpers for kernels with a fast path (not public API).

A kernel with a fast path splits its rows: those of the common clean shape are decided by a few
column operations, the others go through the module's full ``_rules`` on a gathered sub-matrix,
whose verdict :func:`run_rows` copies back. The fast path and ``_rules`` must agree on every row
(tests/test_fast_paths.py checks this on random matrices).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zjgov.codes._engine import Kernel, Verdict, reason_name


def run_rows(rules: Kernel, m: np.ndarray, v: Verdict, rows: np.ndarray, **options: Any) -> None:
    """Run ``rules`` on the rows ``rows`` of ``m`` (sorted indices) and record their failures in ``v``.

    ``v`` must not have failed any of ``rows`` yet; the position of each failure is kept.
    """
    if not len(rows):
        return
    sub = Verdict(len(rows))
    rules(m[rows], sub, **options)
    failed = np.flatnonzero(sub.reason)
    if not len(failed):
        return
    position = np.zeros(len(m), dtype=np.int32)
    position[rows] = sub.position
    for code in np.unique(sub.reason[failed]):
        mask = np.zeros(len(m), dtype=bool)
        mask[rows[failed[sub.reason[failed] == code]]] = True
        v.fail(mask, reason_name(int(code)) or "format", position)
