"""The same quality check in memory, streamed, on Dask and on Spark: rows/s, peak memory, 1 → 2 workers.

    python bench/bench_scale.py                      # 10,000,000 rows (a few minutes per engine)
    python bench/bench_scale.py --rows 500000        # a quick run
    python bench/bench_scale.py --engines pandas,dask --workers 2
    python bench/bench_scale.py --data /work/scale-data/10m   # keep the table: a second run reuses it

The population of scale_data.py (planted defects, 1% repeated ID numbers far apart) is written
once as a Parquet folder of ``--files`` files; each measurement then runs in a fresh Python
process that reads it its own way — pandas reads the whole table and calls
``zjgov.quality.check(frame)``; streaming calls ``zjgov.quality.check(path)`` (Arrow batches,
bounded memory); Dask reads the folder with ``dd.read_parquet`` on a ``LocalCluster`` of N
worker processes (one thread each); Spark reads it with ``spark.read.parquet`` on
``local[N]`` — and runs the rules of :func:`rules`. Peak memory is the highest resident memory
of the process *and all its descendants* (Dask workers, the Spark JVM and its Python workers),
sampled every 0.1 s. Every run's counts (checked, failed and reasons of every rule) are
compared with the in-memory run's: the ``same`` column. Engine start-up (cluster, JVM) is
timed apart from the check.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

NOW = dt.datetime(2026, 6, 30)


def rules():
    from zjgov.quality import RuleSet, rule

    return RuleSet.from_rules(
        "scale",
        [
            rule("not_null", "公民身份号码"),
            rule("code", "公民身份号码", code="citizen_id"),
            rule("not_blank", "姓名"),
            rule("in_table", "性别", table="sex"),
            rule("range", "年龄", min=0, max=120),
            rule("code", "联系电话", code="mobile"),
            rule("code", "户籍地", code="division"),
            rule("unique", "公民身份号码"),
            rule("duplicates", ["公民身份号码", "姓名", "性别"]),
            rule("row_count", min=1),
        ],
        reference_time=NOW,
    )


# -- memory of a process tree ---------------------------------------------------------------------
class PeakMemory:
    """The highest sum of resident memory of this process and its descendants, sampled."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self.me = psutil.Process()
        self.peak = 0
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self.me, *self.me.children(recursive=True)]:
            with contextlib.suppress(Exception):  # a worker that just ended
                total += p.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


# -- one measurement, in its own process ------------------------------------------------------------
def counts(result) -> dict:
    return {r.id: [r.checked, r.failed, dict(r.reasons)] for r in result.rules}


def measure(engine: str, folder: str, workers: int) -> dict:
    from zjgov import distributed, quality

    rs = rules()
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        if engine == "pandas":
            import pandas as pd

            frame = pd.read_parquet(folder)
            started = time.perf_counter()
            result = quality.check(frame, rs, now=NOW)
        elif engine == "stream":
            started = time.perf_counter()
            result = quality.check(folder, rs, now=NOW)
        elif engine == "dask":
            import dask.dataframe as dd
            from dask.distributed import Client, LocalCluster

            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
            started = time.perf_counter()
            result = distributed.check(dd.read_parquet(folder), rs, now=NOW)
        else:
            from zjgov.distributed.spark import connect

            spark = connect(
                f"local[{workers}]",
                conf={
                    "spark.ui.showConsoleProgress": "false",
                    "spark.driver.memory": "6g",
                    "spark.driver.maxResultSize": "0",  # the key rules' partials come back to the driver
                    "spark.sql.files.maxPartitionBytes": str(64 << 20),
                },
            )
            spark.range(1).collect()  # the JVM and a first job belong to start-up
            started = time.perf_counter()
            result = distributed.check(spark.read.parquet(folder), rs, now=NOW)
        seconds = time.perf_counter() - started
        startup = started - t0
        if engine == "dask":
            client.close()
            cluster.close()
        elif engine == "spark":
            spark.stop()
    return {
        "seconds": seconds,
        "startup": startup,
        "peak": mem.peak,
        "rows": result.dataset.rows,
        "counts": counts(result),
    }


# -- the table -------------------------------------------------------------------------------------------
def write(rows: int, files: int, folder: Path) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import scale_data

    frame = scale_data.population(rows)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, folder / "all.parquet", row_group_size=100_000)
    for i, (a, b) in enumerate(itertools.pairwise(np.linspace(0, rows, files + 1).astype(int))):
        pq.write_table(table.slice(a, b - a), folder / "parts" / f"part-{i:04d}.parquet", row_group_size=100_000)


def written(folder: Path, rows: int, files: int) -> bool:
    """Whether ``folder`` holds the table of ``rows`` rows in ``files`` parts already."""
    import pyarrow.parquet as pq

    parts = sorted((folder / "parts").glob("part-*.parquet"))
    whole = folder / "all.parquet"
    if len(parts) != files or not whole.exists():
        return False
    return pq.ParquetFile(whole).metadata.num_rows == rows == sum(pq.ParquetFile(f).metadata.num_rows for f in parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--files", type=int, default=8, help="Parquet files (= partitions) of the distributed runs")
    ap.add_argument("--engines", default="pandas,stream,dask,spark")
    ap.add_argument("--workers", default="1,2", help="worker counts of the Dask and Spark runs")
    ap.add_argument(
        "--data", metavar="DIR", help="keep the generated Parquet here and reuse it (default: a temporary folder)"
    )
    ap.add_argument("--one", nargs=3, metavar=("ENGINE", "FOLDER", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        engine, folder, workers = args.one
        print(json.dumps(measure(engine, folder, int(workers))))
        return 0
    engines = args.engines.split(",")
    with contextlib.ExitStack() as stack:
        if args.data:  # kept, and read again by a later run with the same --rows and --files
            folder = Path(args.data)
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zjgov-scale-")))
        t = time.perf_counter()
        if written(folder, args.rows, args.files):
            print(f"{args.rows:,} rows read from {folder}; {os.cpu_count()} CPUs")
        else:
            (folder / "parts").mkdir(exist_ok=True)
            write(args.rows, args.files, folder)
            print(f"{args.rows:,} rows written as Parquet in {time.perf_counter() - t:.1f} s; {os.cpu_count()} CPUs")
        runs = []
        for engine in engines:
            for n in [int(w) for w in args.workers.split(",")] if engine in ("dask", "spark") else [1]:
                target = str(folder / ("parts" if engine in ("dask", "spark") else "all.parquet"))
                env = dict(os.environ, PYTHONWARNINGS="ignore")
                out = subprocess.run(
                    [sys.executable, __file__, "--one", engine, target, str(n)],
                    capture_output=True, text=True, env=env, check=False,
                )  # fmt: skip
                if out.returncode != 0:
                    print(f"{engine} x{n}: failed\n{out.stderr[-2000:]}")
                    continue
                runs.append((engine, n, json.loads(out.stdout.strip().splitlines()[-1])))
                print(f"  {engine} x{n}: {runs[-1][2]['seconds']:.1f} s", flush=True)
    reference = next((r for e, _, r in runs if e == "pandas"), None)
    print()
    print(
        f"{'engine':<8} {'workers':>7} {'start s':>8} {'check s':>8} {'rows/s':>12} {'vs pandas':>9} {'peak MB':>8} {'same':>5}"
    )
    for engine, n, r in runs:
        rate = r["rows"] / r["seconds"]
        ratio = rate / (reference["rows"] / reference["seconds"]) if reference else float("nan")
        same = "yes" if reference and r["counts"] == reference["counts"] else ("-" if not reference else "NO")
        print(
            f"{engine:<8} {n:>7} {r['startup']:>8.1f} {r['seconds']:>8.1f} {rate:>12,.0f} {ratio:>9.2f} "
            f"{r['peak'] / 2**20:>8,.0f} {same:>5}"
        )
    for engine in ("dask", "spark"):
        one = next((r for e, n, r in runs if e == engine and n == 1), None)
        two = next((r for e, n, r in runs if e == engine and n == 2), None)
        if one and two:
            print(f"{engine}: 1 → 2 workers, {one['seconds'] / two['seconds']:.2f}x faster")
    return 0 if all(reference is None or r["counts"] == reference["counts"] for _, _, r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
