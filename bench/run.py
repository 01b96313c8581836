"""Benchmark zjgov's column checks against per-value and regex-only references.

    python bench/run.py                      # 1,000,000 values per code
    python bench/run.py --rows 200000 --codes citizen_id,uscc

For every registered code (``zjgov.codes.names()``) with a generator in ``generators.py`` it
generates the column (fixed seed, about 95% valid) as an Arrow-backed ``str`` Series, warms
the code up once (reference tables are loaded lazily), then reports:

* ``zjgov rows/s``: ``module.check(series)`` on the whole column, best of ``--repeat`` runs;
* ``fullmatch rows/s``: ``series.str.fullmatch(pattern)`` with the regex a regex-only
  validator would use (format only: no check character, no tables), best of ``--repeat``;
* ``stdnum rows/s``: python-stdnum's per-value ``is_valid`` where it has one, timed on the
  first ``--stdnum-rows`` values and extrapolated (marked ``*``);
* ``scalar rows/s``: zjgov's own per-value ``is_valid`` on the first ``--scalar-rows`` values;
* ``same, CPU time``: zjgov/fullmatch measured in CPU seconds (zjgov's threads summed), which
  does not depend on how busy the machine is;
* ``peak/arrow``: peak memory traced by ``tracemalloc`` during one check, divided by the size
  of the column's Arrow buffers.

Targets (PASS/FAIL): citizen_id at least 500x stdnum and faster than fullmatch; uscc at least
100x stdnum; every other code at least as fast as fullmatch; peak memory at most 3x the Arrow
buffers. Exit code 1 if a target fails.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generators

from zjgov import codes

STDNUM_TARGET = {"citizen_id": 500.0, "uscc": 100.0}
MEMORY_TARGET = 3.0


def _best(fn, repeat: int, cpu: list | None = None) -> float:
    """Best wall-clock time of ``repeat`` runs (and the best CPU time appended to ``cpu``)."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    if cpu is not None:
        cpu.append(best_cpu)
    return best


def _stdnum(path: str):
    module, _, attr = path.rpartition(".")
    fn = getattr(importlib.import_module(module), attr)

    def safe(value: str) -> bool:  # stdnum.cn.ric raises KeyError for some region codes
        try:
            return bool(fn(value))
        except Exception:
            return False

    return safe


def bench_code(name: str, rows: int, repeat: int, stdnum_rows: int, scalar_rows: int) -> dict:
    gen = generators.GENERATORS[name]
    module = codes.get(name)
    arr = generators.generate(name, rows)
    series = pd.Series(arr, dtype="str")
    buffers = sum(b.size for b in pa.array(series).buffers() if b is not None)
    module.check(series.iloc[:1000])  # warm up: reference tables, caches, thread pool
    cpu: list[float] = []
    t_check = _best(lambda: module.check(series), repeat, cpu)
    result = module.check(series)
    t_regex = _best(lambda: series.str.fullmatch(gen.pattern), repeat, cpu)
    gc.collect()
    tracemalloc.start()
    module.check(series)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    values = series.iloc[: min(rows, max(stdnum_rows, scalar_rows))].tolist()
    row = {
        "code": name,
        "rows": rows,
        "valid": result.n_valid / rows,
        "zjgov": rows / t_check,
        "fullmatch": rows / t_regex,
        "cpu_ratio": cpu[1] / cpu[0],  # fullmatch CPU seconds per zjgov CPU seconds
        "peak_ratio": peak / buffers,
        "stdnum": None,
        "scalar": None,
    }
    if gen.stdnum:
        fn = _stdnum(gen.stdnum)
        sample = values[:stdnum_rows]
        row["stdnum"] = len(sample) / _best(lambda: [fn(v) for v in sample], 1)
        row["stdnum_name"] = gen.stdnum
    sample = values[:scalar_rows]
    row["scalar"] = len(sample) / _best(lambda: [module.is_valid(v) for v in sample], 1)
    checks = {"memory": row["peak_ratio"] <= MEMORY_TARGET}
    if name in STDNUM_TARGET and row["stdnum"]:
        checks["stdnum"] = row["zjgov"] / row["stdnum"] >= STDNUM_TARGET[name]
    if name not in STDNUM_TARGET or name == "citizen_id":
        checks["fullmatch"] = row["zjgov"] >= row["fullmatch"]
    row["checks"] = checks
    return row


def _rate(x: float | None, mark: str = "") -> str:
    if x is None:
        return "–"
    return f"{x / 1e6:,.2f}M{mark}" if x >= 1e6 else f"{x / 1e3:,.1f}k{mark}"


def table(results: list[dict], missing: list[str]) -> str:
    head = (
        "| code | zjgov rows/s | fullmatch rows/s | zjgov/fullmatch | same, CPU time | stdnum rows/s | zjgov/stdnum "
        "| scalar rows/s | scalar/stdnum | peak/arrow | valid | target |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in results:
        std = r["stdnum"]
        verdict = (
            "PASS" if all(r["checks"].values()) else "FAIL " + ",".join(k for k, v in r["checks"].items() if not v)
        )
        vs_std = f"{r['zjgov'] / std:,.0f}x" if std else "–"
        scalar_vs = f"{r['scalar'] / std:.2f}x" if std else "–"
        lines.append(
            f"| {r['code']} | {_rate(r['zjgov'])} | {_rate(r['fullmatch'])} | {r['zjgov'] / r['fullmatch']:.2f}x "
            f"| {r['cpu_ratio']:.2f}x | {_rate(std, '*')} | {vs_std} | {_rate(r['scalar'])} | {scalar_vs} | {r['peak_ratio']:.2f}x "
            f"| {r['valid']:.1%} | {verdict} |"
        )
    for name in missing:
        lines.append(f"| {name} | no generator | | | | | | | | | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="values per code (default 1,000,000)")
    parser.add_argument("--codes", default="", help="comma-separated code names (default: every registered code)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement; the best counts")
    parser.add_argument("--stdnum-rows", type=int, default=100_000, help="values timed with python-stdnum")
    parser.add_argument("--scalar-rows", type=int, default=20_000, help="values timed with zjgov's is_valid")
    args = parser.parse_args(argv)
    names = codes.names()
    wanted = [c.strip() for c in args.codes.split(",") if c.strip()] or names
    unknown = [c for c in wanted if c not in names]
    if unknown:
        parser.error(f"unknown code(s): {', '.join(unknown)}; registered: {', '.join(names)}")
    missing = [c for c in wanted if c not in generators.GENERATORS]
    print(
        f"zjgov benchmark: {args.rows:,} rows per code, best of {args.repeat}; Python {platform.python_version()}, "
        f"pandas {pd.__version__}, pyarrow {pa.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"zjgov threads {importlib.import_module('zjgov.core.threads').threads()}",
        flush=True,
    )
    results = []
    for name in wanted:
        if name in missing:
            continue
        results.append(bench_code(name, args.rows, args.repeat, args.stdnum_rows, args.scalar_rows))
        print(f"  {name}: done", file=sys.stderr, flush=True)
    print(table(results, missing))
    print(
        f"\n* stdnum rows/s timed on the first {args.stdnum_rows:,} values and extrapolated; scalar rows/s on the "
        f"first {args.scalar_rows:,}. fullmatch checks the format only. bank_card's stdnum reference is "
        "stdnum.luhn (Luhn only). 'same, CPU time' compares CPU seconds (all zjgov threads summed) instead of "
        "wall-clock time: it does not move with the machine's load. Targets use wall-clock time."
    )
    return 0 if all(all(r["checks"].values()) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
