"""Peak memory of exact uniqueness: ``zjgov check`` with key rules on repeated keys and on a huge cell.

    python bench/bench_keys.py                 # a 300 MB CSV of repeated keys, and one 50 MB cell
    python bench/bench_keys.py --mb 30 --cell-mb 5   # quick run

Case 1 writes a CSV of at least ``--mb`` MB whose ID column repeats 2,000 distinct valid
citizen IDs (a tenth of the copies spelled with a lower-case ``x`` or full-width digits, so the
compact comparison is exercised), beside a name and an address. ``zjgov check`` (the CLI, in a
subprocess, as a user runs it) applies ``code``, ``unique`` on the ID, ``duplicates`` on the
whole record and ``not_blank``; the same check without the two key rules, and a pandas
reference (``read_csv`` of the ID column, compacted, ``duplicated(keep=False)``), run in the
same session. Case 2 is a CSV of a few rows, one holding a ``--cell-mb`` MB cell, checked with
``unique`` and ``duplicates``. Each prints seconds, rows/s, and the child's peak RSS
(``ru_maxrss`` from ``wait4``). Target: every zjgov run under 1 GB (issue 17 item 9: 2.63 GB
and 1.84 GB before). The exit code is 1 when a target fails; the files are deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from zjgov.codes import citizen_id

RULES = """name: keys
rules:
  - kind: not_blank
    column: sfzh
  - kind: code
    column: sfzh
    code: citizen_id
{keys}"""
KEY_RULES = """  - kind: unique
    column: sfzh
  - kind: duplicates
"""
FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def ids(n: int, rng: np.random.Generator) -> list[str]:
    out = set()
    while len(out) < n:
        body = f"330106{rng.integers(1950, 2005)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
        body += f"{rng.integers(0, 1000):03d}"
        out.add(body + citizen_id.check_char(body))
    return sorted(out)


def write_repeated(path: Path, mb: float, distinct: int = 2000, seed: int = 5) -> int:
    rng = np.random.default_rng(seed)
    people = ids(distinct, rng)
    spellings = np.array([*people, *(p.lower() for p in people), *(p.translate(FULL) for p in people)], dtype=object)
    names = np.array(["张三", "李四", "王五", "赵六", "钱七"], dtype=object)
    rows = 0
    block = 200_000
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("sfzh,xm,dz\n")
        while fh.tell() < mb * 1e6:
            who = rng.integers(0, distinct, block)
            spell = np.where(rng.random(block) < 0.1, rng.integers(1, 3, block), 0)
            sfzh = spellings[who + spell * distinct]
            street = rng.integers(1, 300, block).astype(str)
            lines = sfzh + "," + names[who % 5] + ",浙江省杭州市西湖区文三路" + street + "号\n"
            fh.write("".join(lines.tolist()))
            rows += block
    return rows


def write_cell(path: Path, cell_mb: float) -> int:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("k,v\n")
        fh.write("a,1\n")
        fh.write("x" * int(cell_mb * 1e6) + ",2\n")
        fh.write("a,1\n")
    return 3


def measured(cmd: list[str]) -> tuple[float, float, int]:
    """Run ``cmd``: (seconds, peak RSS MB of the child, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if proc.stderr is not None:
        err = proc.stderr.read().decode("utf-8", "replace").strip()
        if err:
            print("   stderr:", err.splitlines()[-1][:200])
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def zjgov_check(data: Path, rules: Path) -> list[str]:
    return [sys.executable, "-m", "zjgov.cli.main", "check", str(data), "--rules", str(rules)]


REFERENCE = """
import sys, pandas as pd
from zjgov.codes import citizen_id
ids = pd.read_csv(sys.argv[1], usecols=[0], dtype=str).iloc[:, 0]
compact = ids.map(citizen_id.compact)
print(int(compact.duplicated(keep=False).sum()))
"""


def report(label: str, rows: int, seconds: float, peak: float, code: int, limit: float | None) -> bool:
    ok = limit is None or peak < limit
    verdict = "" if limit is None else ("PASS" if ok else "FAIL")
    print(f"   {label:<34} {seconds:7.1f} s  {rows / seconds:>11,.0f} rows/s  peak {peak:7.0f} MB  exit {code} {verdict}")
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=300, help="size of the repeated-keys CSV")
    p.add_argument("--cell-mb", type=float, default=50, help="size of the one huge cell")
    p.add_argument("--limit-mb", type=float, default=1024, help="peak RSS target for every zjgov run")
    p.add_argument("--workdir", default=tempfile.gettempdir())
    args = p.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="zjgov-bench-keys-") as tmp:
        work = Path(tmp)
        data, cell = work / "repeated.csv", work / "cell.csv"
        with_keys, without = work / "keys.yaml", work / "rows.yaml"
        with_keys.write_text(RULES.format(keys=KEY_RULES), encoding="utf-8")
        without.write_text(RULES.format(keys=""), encoding="utf-8")
        t0 = time.perf_counter()
        rows = write_repeated(data, args.mb)
        size = data.stat().st_size / 1e6
        print(f"== repeated keys: {size:,.0f} MB, {rows:,} rows, 2,000 distinct IDs ({time.perf_counter() - t0:.0f} s) ==")
        ok &= report("zjgov check, key rules", rows, *measured(zjgov_check(data, with_keys)), args.limit_mb)
        ok &= report("zjgov check, no key rules", rows, *measured(zjgov_check(data, without)), args.limit_mb)
        report("pandas reference (duplicated)", rows, *measured([sys.executable, "-c", REFERENCE, str(data)]), None)
        data.unlink()
        cell_rules = work / "cell.yaml"
        cell_rules.write_text("rules:\n  - kind: unique\n    column: k\n  - kind: duplicates\n", encoding="utf-8")
        n = write_cell(cell, args.cell_mb)
        print(f"== one {args.cell_mb:g} MB cell ==")
        ok &= report("zjgov check, key rules", n, *measured(zjgov_check(cell, cell_rules)), args.limit_mb)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
