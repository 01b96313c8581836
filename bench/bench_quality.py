"""Benchmark zjgov.quality against pandera, in memory and streaming a CSV larger than 2 GB.

    python bench/bench_quality.py                    # 1,000,000 rows x 12 columns, 20 rules; 2 GB stream
    python bench/bench_quality.py --rows 200000 --stream-gb 0   # quick run, no stream

Part 1 builds a fictitious population table (seeded, vectorised: valid citizen IDs with
their check character, about 1-3% planted defects per column and 1% duplicate records) and
runs the 20 rules of :func:`rules` with ``zjgov.quality.check`` and the nearest pandera
equivalents (:func:`pandera_schema`, ``validate(lazy=True)``) in the same run. Each system
runs in a forked child, so its peak resident memory (``ru_maxrss`` from ``wait4``) is its own;
the table is built before the fork, so both peaks include it; the growth over the child's
starting RSS (``VmHWM`` − ``VmRSS``) is printed beside it. Target: zjgov at least 3x
pandera's rows/s.

Part 2 writes a CSV of at least ``--stream-gb`` GB (1M-row chunks of the same generator),
times pyarrow's plain streaming CSV read of it (``pyarrow.csv.open_csv``, every column as
text), then ``zjgov.quality.check(path, rules)`` in a separate process whose peak RSS must stay
under 1 GB, and reports the throughput ratio. The file is deleted afterwards.

Standalone: needs only zjgov, pandas, pyarrow, numpy, pandera and python-stdnum.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from zjgov import _data
from zjgov.codes import citizen_id
from zjgov.quality import RuleSet, check, rule

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from make_demo_data import GIVEN, STREETS

REFERENCE = dt.datetime(2026, 6, 30)
WEIGHTS = np.array(citizen_id.WEIGHTS)
CHECK = np.frombuffer(citizen_id.CHECK_CHARS.encode(), np.uint8)


# -- data ---------------------------------------------------------------------------------------
def _fixed(m: np.ndarray) -> pa.Array:
    """Rows of an ASCII uint8 matrix as an Arrow string array."""
    n, w = m.shape
    offsets = np.arange(n + 1, dtype=np.int32) * w
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(m)))


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    out = np.empty((len(values), width), dtype=np.uint8)
    v = values.astype(np.int64).copy()
    for j in range(width - 1, -1, -1):
        out[:, j] = 0x30 + v % 10
        v //= 10
    return out


def _choice(rng: np.random.Generator, n: int, values: list[str]) -> pa.Array:
    return pa.array(np.array(values, dtype=object)[rng.integers(0, len(values), n)], pa.string())


def _with_defects(arr: pa.Array, rng: np.random.Generator, share: float, bad: list[str | None]) -> pa.Array:
    n = len(arr)
    hit = rng.random(n) < share
    repl = pa.array(np.array(bad, dtype=object)[rng.integers(0, len(bad), n)], pa.string())
    return pc.if_else(pa.array(hit), repl, arr)


def make_table(n: int, seed: int) -> pa.Table:
    """``n`` fictitious population records (12 text columns) with planted defects."""
    rng = np.random.default_rng(seed)
    d = _data.table("gb2260_divisions")
    counties = [*sorted(d.code[d.code.str.startswith("33") & (d.level == "county")]), "330103", "330104"]
    region = np.frombuffer("".join(counties).encode(), np.uint8).reshape(-1, 6)[rng.integers(0, len(counties), n)]
    born = np.datetime64("1940-01-01") + rng.integers(0, 24000, n).astype("timedelta64[D]")
    ymd = born.astype("datetime64[D]").astype(str)
    y = born.astype("datetime64[Y]").astype(int) + 1970
    mo = born.astype("datetime64[M]").astype(int) % 12 + 1
    da = (born - born.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
    seq = rng.integers(0, 1000, n)
    body = np.hstack([region, _digits(y, 4), _digits(mo, 2), _digits(da, 2), _digits(seq, 3)])
    check_char = CHECK[((body.astype(np.int64) - 0x30) * WEIGHTS).sum(axis=1) % 11]
    bad_check = rng.random(n) < 0.01
    check_char = np.where(bad_check, np.where(check_char == ord("0"), ord("1"), ord("0")), check_char).astype(np.uint8)
    ids = _with_defects(_fixed(np.hstack([body, check_char[:, None]])), rng, 0.003, [None, " "])
    male = seq % 2 == 1
    sex = pa.array(np.where(male, "1", "2").astype(object), pa.string())
    sex = _with_defects(sex, rng, 0.02, ["1", "2", "3"])
    birth = _with_defects(
        pa.array(ymd.astype(object), pa.string()), rng, 0.01, ["1990-02-30", "1988-13-01", "19750101"]
    )
    reg_days = rng.integers(1, 60, n).astype("timedelta64[D]")
    registered = (born + np.where(rng.random(n) < 0.005, -reg_days, reg_days)).astype(str)
    upd = np.datetime64(REFERENCE, "s") - rng.integers(0, 400 * 86400, n).astype("timedelta64[s]")
    updated = np.char.replace(upd.astype(str), "T", " ")
    surnames = _data.table("chinese_surnames")
    names = pc.binary_join_element_wise(
        _choice(rng, n, surnames.surname[surnames.length == "1"].tolist()[:200]), _choice(rng, n, GIVEN), ""
    )
    phone = np.hstack(
        [np.full((n, 1), ord("1"), np.uint8), _digits(rng.integers(3, 10, n), 1), _digits(rng.integers(0, 10**9, n), 9)]
    )
    address = pc.binary_join_element_wise(
        "浙江省", _choice(rng, n, STREETS), pa.array(rng.integers(1, 999, n).astype(str).astype(object)), "号", ""
    )
    table = pa.table(
        {
            "人员编号": pa.array(np.char.add("ZJ", rng.integers(0, 10**9, n).astype(str)).astype(object), pa.string()),
            "姓名": _with_defects(names, rng, 0.005, [None, ""]),
            "公民身份号码": ids,
            "性别": sex,
            "出生日期": birth,
            "民族": _with_defects(
                _choice(rng, n, ["01"] * 40 + [f"{i:02d}" for i in range(2, 57)]), rng, 0.005, ["99", "1"]
            ),
            "户籍地区划": _fixed(region),
            "联系电话": _with_defects(_fixed(phone), rng, 0.01, ["12345678901", "1380013800", None]),
            "现住址": _with_defects(address, rng, 0.03, [None]),
            "人员状态": _with_defects(_choice(rng, n, ["在册"] * 18 + ["迁出", "死亡"]), rng, 0.005, ["未知"]),
            "登记日期": pa.array(registered.astype(object), pa.string()),
            "更新时间": pa.array(updated.astype(object), pa.string()),
        }
    )
    dup = rng.choice(n, size=n // 100, replace=False)
    table = pa.concat_tables([table, table.take(pa.array(dup))])
    order = np.argsort(np.concatenate([np.arange(n), dup]), kind="stable")
    return table.take(pa.array(order)).slice(0, n)


def rules() -> RuleSet:
    """The 20 rules (6 dimensions' worth of checks) used by both parts."""
    return RuleSet.from_rules(
        "bench",
        [
            rule("not_blank", "公民身份号码"),
            rule("not_blank", "姓名"),
            rule("record_completeness", min_filled=0.9),
            rule("code", "公民身份号码", code="citizen_id"),
            rule("in_table", "性别", table="sex"),
            rule("in_table", "民族", table="ethnicity"),
            rule("in_set", "人员状态", values=["在册", "迁出", "死亡"]),
            rule("pattern", "联系电话", regex=r"1[3-9][0-9]{9}"),
            rule("length", "姓名", min=2, max=4),
            rule("date_format", "出生日期", format="%Y-%m-%d"),
            rule("date_range", "出生日期", min=dt.datetime(1900, 1, 1), not_future=True),
            rule("unique", "公民身份号码"),
            rule("duplicates"),
            rule("id_birth_date", ["公民身份号码", "出生日期"]),
            rule("id_sex", ["公民身份号码", "性别"]),
            rule("id_region", ["公民身份号码", "户籍地区划"], level="prefecture"),
            rule("updated_within", "更新时间", days=365),
            rule("time_order", ["出生日期", "登记日期"]),
            rule("code", "户籍地区划", code="division"),
            rule("pattern", "人员编号", regex=r"ZJ[0-9]{1,9}"),
        ],
        reference_time=REFERENCE,
    )


def pandera_schema(columns: list[str]):
    """The nearest pandera equivalents of :func:`rules` (citizen IDs via python-stdnum, per value)."""
    import pandera.pandas as pa_
    from stdnum.cn import ric

    sex_codes = _data.table("gbt2261_1_sex").code.tolist()
    eth_codes = _data.table("gbt3304_ethnic_groups").code.tolist()
    divisions = set(_data.table("gb2260_history").code)

    def dates(s, fmt=None):
        return pd.to_datetime(s, format=fmt or "ISO8601", errors="coerce")

    def not_blank(s):
        return s.notna() & (s.str.strip() != "")

    def id_birth(df):
        ok = df["公民身份号码"].str.len().eq(18) & dates(df["出生日期"]).notna()
        return ~ok | (df["公民身份号码"].str.slice(6, 14) == df["出生日期"].str.replace("-", "", regex=False))

    def id_sex(df):
        digit = pd.to_numeric(df["公民身份号码"].str.slice(16, 17), errors="coerce")
        known = df["性别"].isin(["1", "2"]) & digit.notna()
        return ~known | ((digit % 2 == 1) == (df["性别"] == "1"))

    def id_region(df):
        return df["公民身份号码"].isna() | (df["公民身份号码"].str.slice(0, 4) == df["户籍地区划"].str.slice(0, 4))

    def fresh(s):
        age = (pd.Timestamp(REFERENCE) - dates(s)).dt.days
        return age.isna() | (age <= 365) & (age >= 0)

    def order(df):
        a, b = dates(df["出生日期"]), dates(df["登记日期"])
        return a.isna() | b.isna() | (a <= b)

    C, Ch = pa_.Column, pa_.Check
    return pa_.DataFrameSchema(
        {
            "公民身份号码": C(
                str,
                nullable=True,
                unique=True,
                checks=[
                    Ch(not_blank, ignore_na=False),
                    Ch(lambda v: ric.is_valid(v), element_wise=True),
                ],
            ),
            "姓名": C(str, nullable=True, checks=[Ch(not_blank, ignore_na=False), Ch.str_length(2, 4)]),
            "性别": C(str, nullable=True, checks=Ch.isin(sex_codes)),
            "民族": C(str, nullable=True, checks=Ch.isin(eth_codes)),
            "人员状态": C(str, nullable=True, checks=Ch.isin(["在册", "迁出", "死亡"])),
            "联系电话": C(str, nullable=True, checks=Ch.str_matches(r"^1[3-9][0-9]{9}$")),
            "出生日期": C(
                str,
                nullable=True,
                checks=[
                    Ch(lambda s: dates(s, "%Y-%m-%d").notna()),
                    Ch(lambda s: dates(s).between(pd.Timestamp("1900-01-01"), pd.Timestamp(REFERENCE))),
                ],
            ),
            "更新时间": C(str, nullable=True, checks=Ch(fresh)),
            "户籍地区划": C(str, nullable=True, checks=Ch.isin(divisions)),
            "人员编号": C(str, nullable=True, checks=Ch.str_matches(r"^ZJ[0-9]{1,9}$")),
        },
        checks=[
            Ch(lambda df: df.notna().sum(axis=1) >= 0.9 * len(columns)),
            Ch(id_birth),
            Ch(id_sex),
            Ch(id_region),
            Ch(order),
        ],
        unique=columns,
        report_duplicates="all",
    )


# -- measuring ---------------------------------------------------------------------------------
def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def in_child(fn) -> tuple[float, float, dict]:
    """Run ``fn()`` in a forked child: (seconds, peak RSS MB, what fn returned as JSON)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            rss0 = rss_mb()
            start, cpu = time.perf_counter(), time.process_time()
            info = fn()
            info["cpu_seconds"] = time.process_time() - cpu
            info["rss_growth_mb"] = _peak_rss_mb() - rss0
            payload = json.dumps({"seconds": time.perf_counter() - start, "info": info})
        except BaseException as exc:  # report, never hang the parent
            payload = json.dumps({"seconds": float("nan"), "info": {"error": repr(exc)[:300]}})
        with os.fdopen(w, "w") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        data = json.loads(fh.read() or "{}")
    _, _, usage = os.wait4(pid, 0)
    return data.get("seconds", float("nan")), usage.ru_maxrss / 1024, data.get("info", {})


def part1(n: int, skip_pandera: bool, repeat: int = 3) -> dict:
    print(f"== in memory: {n:,} rows x 12 columns, 20 rules ==", flush=True)
    t0 = time.perf_counter()
    frame = make_table(n, 1).to_pandas()
    print(f"   generated in {time.perf_counter() - t0:.1f} s; frame RSS {rss_mb():.0f} MB", flush=True)
    rs = rules()
    check(frame.head(1000), rs)  # warm up reference tables outside the timing
    schema = None if skip_pandera else pandera_schema(list(frame.columns))
    if schema is not None:
        import pandera.errors as pe

        with contextlib.suppress(pe.SchemaErrors):  # warm-up; the head already has failures
            schema.validate(frame.head(10), lazy=True)
    base = rss_mb()

    def run_zjgov():
        res = check(frame, rs)
        return {
            "failed": sum(r.failed for r in res.rules),
            "errors": [r.id for r in res.rules if r.error],
            "score": res.score.overall,
        }

    def run_pandera():
        import pandera.errors as pe

        try:
            schema.validate(frame, lazy=True)
            return {"failure_cases": 0}
        except pe.SchemaErrors as exc:
            return {"failure_cases": len(exc.failure_cases)}

    out = {"rows": n, "base_rss_mb": base, "repeat": repeat}
    systems = [("zjgov", run_zjgov)] + ([("pandera", run_pandera)] if schema is not None else [])
    runs: dict[str, list] = {name: [] for name, _ in systems}
    for _ in range(repeat):  # alternate the systems, keep the best of each (the machine may be shared)
        for name, fn in systems:
            runs[name].append(in_child(fn))
    for name, _ in systems:
        secs, _, info = min(runs[name], key=lambda r: r[0])
        peak = max(r[1] for r in runs[name])
        out[name] = {"seconds": secs, "rows_per_s": n / secs, "peak_rss_mb": peak, "info": info}
        growth = max(r[2].get("rss_growth_mb", float("nan")) for r in runs[name])
        out[name]["rss_growth_mb"] = growth
        shown = {k: v for k, v in info.items() if k not in ("cpu_seconds", "rss_growth_mb")}
        print(
            f"   {name:8}: {secs:6.2f} s (cpu {info.get('cpu_seconds', float('nan')):.2f} s)  {n / secs:>10,.0f} rows/s"
            f"  peak RSS {peak:,.0f} MB (+{growth:,.0f} MB over the table)  {shown}",
            flush=True,
        )
    if schema is not None:
        out["speedup"] = out["pandera"]["seconds"] / out["zjgov"]["seconds"]
        verdict = "PASS" if out["speedup"] >= 3 else "FAIL"
        print(f"   zjgov / pandera speed: {out['speedup']:.1f}x  (target >= 3x: {verdict})", flush=True)
    return out


def write_csv(path: Path, gb: float) -> tuple[int, int]:
    target = int(gb * 1024**3)
    rows = 0
    writer = None
    with open(path, "wb") as sink:
        chunk = 0
        while sink.tell() < target:
            table = make_table(1_000_000, 100 + chunk)
            if writer is None:
                writer = pacsv.CSVWriter(sink, table.schema)
            writer.write_table(table)
            rows += table.num_rows
            chunk += 1
        if writer is not None:
            writer.close()
    return rows, path.stat().st_size


def _child_stream(path: str, mode: str) -> None:
    """Entry point of the measured child process (``--child``)."""
    start = time.perf_counter()
    if mode == "arrow":
        reader = pacsv.open_csv(
            path,
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(_header(path), pa.string())),
        )
        rows = sum(b.num_rows for b in reader)
        info = {"rows": rows}
    else:
        res = check(path, rules(), batch_rows=100_000)
        info = {
            "rows": res.dataset.rows,
            "failed": sum(r.failed for r in res.rules),
            "errors": [r.id for r in res.rules if r.error],
        }
    info["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps({"seconds": time.perf_counter() - start, "info": info}))


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM, which starts afresh at exec, unlike ru_maxrss)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _header(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return fh.readline().rstrip("\n").split(",")


def part2(gb: float, workdir: Path) -> dict:
    print(f"== streaming: generated CSV of at least {gb} GB ==", flush=True)
    path = workdir / "bench_quality_stream.csv"
    try:
        t0 = time.perf_counter()
        rows, size = write_csv(path, gb)
        print(f"   wrote {size / 1024**3:.2f} GB, {rows:,} rows in {time.perf_counter() - t0:.0f} s", flush=True)
        a_s, a_m, a_i = _measured(path, "arrow")
        print(
            f"   pyarrow read: {a_s:6.1f} s  {rows / a_s:>12,.0f} rows/s  {size / a_s / 1024**2:,.0f} MB/s  peak RSS {a_m:,.0f} MB",
            flush=True,
        )
        z_s, z_m, z_i = _measured(path, "zjgov")
        print(
            f"   zjgov check : {z_s:6.1f} s  {rows / z_s:>12,.0f} rows/s  {size / z_s / 1024**2:,.0f} MB/s  peak RSS {z_m:,.0f} MB  {z_i}",
            flush=True,
        )
        ratio = a_s / z_s
        verdict = "PASS" if z_m < 1024 else "FAIL"
        print(f"   throughput ratio zjgov/pyarrow: {ratio:.3f}  peak RSS < 1 GB: {verdict}", flush=True)
        return {
            "bytes": size,
            "rows": rows,
            "arrow": {"seconds": a_s, "peak_rss_mb": a_m, "info": a_i},
            "zjgov": {"seconds": z_s, "peak_rss_mb": z_m, "info": z_i},
            "ratio": ratio,
        }
    finally:
        path.unlink(missing_ok=True)


def _measured(path: Path, mode: str) -> tuple[float, float, dict]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, str(path)], stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, _ = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    data = json.loads(out.strip().splitlines()[-1])
    return data["seconds"], data["info"].pop("peak_rss_mb"), data["info"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--stream-gb", type=float, default=2.0)
    p.add_argument("--skip-pandera", action="store_true")
    p.add_argument("--repeat", type=int, default=3, help="runs per system in part 1 (the best is kept)")
    p.add_argument("--workdir", default=tempfile.gettempdir())
    p.add_argument("--json", help="also write the figures to this JSON file")
    p.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        _child_stream(args.child[1], args.child[0])
        return 0
    report = {
        "python": sys.version.split()[0],
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "cpus": os.cpu_count(),
    }
    report["memory"] = part1(args.rows, args.skip_pandera, args.repeat) if args.rows else None
    report["stream"] = part2(args.stream_gb, Path(args.workdir)) if args.stream_gb > 0 else None
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    ok = True
    if report["memory"] and "speedup" in report["memory"]:
        ok &= report["memory"]["speedup"] >= 3
    if report["stream"]:
        ok &= report["stream"]["zjgov"]["peak_rss_mb"] < 1024
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
