"""Cold start and single values: the waits of a CLI call, a worker's first check and a form field.

Usage: python bench/bench_cold.py [--runs 5] [--scalar-rows 20000] [--codes a,b]

Three measurements, each against python-stdnum measured in the same run, runs interleaved
(zjgov, reference, zjgov, ...) so that load on the shared machine hits both alike; the median
of ``--runs`` runs counts:

* **process**: ``zjgov validate citizen_id 33010619900101123X`` and ``zjgov --help`` as whole
  processes (``python -m zjgov.cli.main``), wall time, against ``python -c`` running
  ``stdnum.cn.ric.is_valid`` once. Target ≤ 1.5×.
* **import**: in a fresh interpreter, ``from zjgov.codes import citizen_id`` plus the first
  ``citizen_id.is_valid`` (tables included), against ``from stdnum.cn import ric`` plus the first
  ``ric.is_valid``. Target ≤ 0.3 s (on an idle machine); the ratio is printed beside it.
* **scalar**: per-value ``is_valid`` of every registered code on the benchmark generator's values
  (about 95% valid), after one warm-up call, and python-stdnum's ``is_valid`` where it has the
  code (``stdnum.cn.ric``, ``stdnum.cn.uscc``; ``stdnum.luhn`` for bank cards, Luhn only).
  Target ≥ 2× stdnum for citizen_id and uscc.

The exit code is 1 when a target fails, so the figures are never read as met when they are not.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALUE = "33010619900101123X"
PROCESS_TARGET = 1.5
IMPORT_TARGET = 0.3
SCALAR_TARGET = {"citizen_id": 2.0, "uscc": 2.0}
STDNUM = {"citizen_id": "stdnum.cn.ric", "uscc": "stdnum.cn.uscc", "bank_card": "stdnum.luhn"}

_IMPORT_ZJGOV = (
    "import time; t = time.perf_counter(); from zjgov.codes import citizen_id; "
    f"citizen_id.is_valid({VALUE!r}); print(time.perf_counter() - t)"
)
_IMPORT_STDNUM = (
    "import time; t = time.perf_counter(); from stdnum.cn import ric; "
    f"ric.is_valid({VALUE!r}); print(time.perf_counter() - t)"
)
_STDNUM_ONCE = f"from stdnum.cn import ric; ric.is_valid({VALUE!r})"


def _env() -> dict[str, str]:
    """The environment of the child processes: this tree's ``src`` first, as the tests run it."""
    env = dict(os.environ)
    src = str(HERE.parent / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _wall(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one whole process (its output discarded; a failure to start is an error)."""
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def _inside(code: str, env: dict[str, str]) -> float:
    """The seconds a fresh interpreter prints after running ``code``."""
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def interleaved(jobs: dict[str, callable], runs: int) -> dict[str, float]:
    """Median seconds of each job over ``runs`` rounds, the jobs taking turns within each round."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            times[name].append(job())
    return {name: statistics.median(ts) for name, ts in times.items()}


def bench_process(runs: int, env: dict[str, str]) -> list[tuple[str, float, float, bool]]:
    py = sys.executable
    cli = [py, "-m", "zjgov.cli.main"]
    med = interleaved(
        {
            "validate": lambda: _wall([*cli, "validate", "citizen_id", VALUE], env),
            "help": lambda: _wall([*cli, "--help"], env),
            "stdnum": lambda: _wall([py, "-c", _STDNUM_ONCE], env),
        },
        runs,
    )
    ref = med["stdnum"]
    rows = [
        (f"zjgov validate citizen_id {VALUE}", med["validate"], med["validate"] / ref),
        ("zjgov --help", med["help"], med["help"] / ref),
    ]
    print(f"\n## Whole process, median of {runs} (wall seconds)\n")
    print("| command | seconds | / stdnum | target ≤ 1.5× |")
    print("| --- | ---: | ---: | --- |")
    print(f"| python -c 'ric.is_valid(...)' (reference) | {ref:.3f} | 1.00× | |")
    out = []
    for label, secs, ratio in rows:
        ok = ratio <= PROCESS_TARGET
        out.append((label, secs, ratio, ok))
        print(f"| {label} | {secs:.3f} | {ratio:.2f}× | {'PASS' if ok else 'FAIL'} |")
    return out


def bench_import(runs: int, env: dict[str, str]) -> tuple[float, float, bool]:
    med = interleaved(
        {"zjgov": lambda: _inside(_IMPORT_ZJGOV, env), "stdnum": lambda: _inside(_IMPORT_STDNUM, env)}, runs
    )
    ratio = med["zjgov"] / med["stdnum"]
    ok = med["zjgov"] <= IMPORT_TARGET
    print(f"\n## Import + first is_valid in a fresh interpreter, median of {runs}\n")
    print("| what | seconds | / stdnum | target ≤ 0.3 s |")
    print("| --- | ---: | ---: | --- |")
    print(f"| from stdnum.cn import ric; ric.is_valid(...) | {med['stdnum']:.3f} | 1.00× | |")
    print(
        f"| from zjgov.codes import citizen_id; citizen_id.is_valid(...) | {med['zjgov']:.3f} | {ratio:.2f}× | {'PASS' if ok else 'FAIL'} |"
    )
    return med["zjgov"], ratio, ok


def _rate(fn, values: list[str], runs: int) -> float:
    """Median values per second of ``fn`` over ``values``, ``runs`` times."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for v in values:
            fn(v)
        times.append(time.perf_counter() - t)
    return len(values) / statistics.median(times)


def _safe(fn):
    def safe(value: str) -> bool:  # stdnum.cn.ric raises KeyError for some region codes
        try:
            return fn(value)
        except Exception:
            return False

    return safe


def bench_scalar(names: list[str], rows: int, runs: int) -> list[tuple[str, float, float | None, bool | None]]:
    sys.path.insert(0, str(HERE))
    import generators

    from zjgov import codes

    print(f"\n## Scalar is_valid, values per second (median of {runs} passes over {rows:,} values)\n")
    print("| code | zjgov values/s | stdnum | stdnum values/s | zjgov / stdnum | target |")
    print("| --- | ---: | --- | ---: | ---: | --- |")
    out = []
    for name in names:
        if name not in generators.GENERATORS:
            print(f"| {name} | no generator | | | | |")
            continue
        values = generators.generate(name, rows, seed=7).to_pylist()
        module = codes.get(name)
        module.is_valid(values[0])  # warm-up: reference tables load lazily
        ref_name = STDNUM.get(name)
        ref = None
        if ref_name:
            fn = _safe(importlib.import_module(ref_name).is_valid)
            fn(values[0])
            zj, ref = 0.0, 0.0
            zs, rs = [], []
            for _ in range(runs):  # interleaved, one pass each per round
                zs.append(_rate(module.is_valid, values, 1))
                rs.append(_rate(fn, values, 1))
            zj, ref = statistics.median(zs), statistics.median(rs)
        else:
            zj = _rate(module.is_valid, values, runs)
        ratio = zj / ref if ref else None
        ok = (ratio >= SCALAR_TARGET[name]) if name in SCALAR_TARGET and ratio else None
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        target = f"≥ {SCALAR_TARGET[name]:.0f}× {verdict}" if name in SCALAR_TARGET else ""
        ref_txt = f"{ref:,.0f}" if ref else "–"
        ratio_txt = f"{ratio:.2f}×" if ratio else "–"
        print(f"| {name} | {zj:,.0f} | {ref_name or '–'} | {ref_txt} | {ratio_txt} | {target} |")
        out.append((name, zj, ratio, ok))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median counts (≥ 5 for figures)")
    parser.add_argument("--scalar-rows", type=int, default=20_000, help="values per scalar pass")
    parser.add_argument("--codes", default="", help="comma-separated codes for the scalar table (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: process, import, scalar")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    env = _env()
    sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[0])
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; timings on a shared machine: medians, same-run ratios"
    )
    oks: list[bool] = []
    if "process" not in skip:
        oks += [r[3] for r in bench_process(args.runs, env)]
    if "import" not in skip:
        oks.append(bench_import(args.runs, env)[2])
    if "scalar" not in skip:
        from zjgov import codes

        names = [n for n in args.codes.split(",") if n] or codes.names()
        oks += [r[3] for r in bench_scalar(names, args.scalar_rows, args.runs) if r[3] is not None]
    print(f"\ntargets: {sum(oks)} of {len(oks)} met")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
