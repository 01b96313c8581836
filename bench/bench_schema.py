"""Benchmark: ``Schema.validate`` on 1,000,000 rows x 12 columns beside pandera, in the same run.

    python bench/bench_schema.py [--rows N] [--repeat R] [--json]

The frame is synthetic (about 1 % of cells carry a defect: wrong check characters, impossible
dates, unknown codes, blanks). The pandera ``DataFrameSchema`` gets the nearest checks it can
express: dtype, nullability, a full-match regex per identifier column and ``isin`` for the
code tables. zjgov checks more on the same frame: check digits (GB 11643, GB 32100), real
birth dates, GB/T 2260 regions, mobile prefixes and the code tables. Both run lazily (every
violation collected). The two run in turn ``--repeat`` times; the figures are the best of each
and the range and median of the per-run ratios. ``ZJGOV_THREADS=1`` measures zjgov on one thread.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time

import numpy as np
import pandas as pd

from zjgov import _data
from zjgov.core.threads import threads
from zjgov.exchange import Schema

ALPHA31 = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", np.uint8)
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)])
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])

SCHEMA = {
    "name": "population_bench",
    "elements": [
        {"use": "公民身份号码", "required": True},
        {"use": "姓名", "required": True},
        {"use": "性别代码", "required": True},
        {"use": "民族代码"},
        {"use": "出生日期", "required": True},
        {"use": "手机号码"},
        {"use": "户籍地行政区划代码", "required": True},
        {"use": "统一社会信用代码", "column": "工作单位代码"},
        {"use": "邮政编码"},
        {"use": "学历代码"},
        {"中文名称": "婚姻状况代码", "数据格式": "n2", "值域": "10=未婚;20=已婚;30=丧偶;40=离婚;90=未说明的婚姻状况"},
        {"中文名称": "月收入", "数据类型": "数值型", "数据格式": "n..12,2", "值域": "range:0..1000000"},
    ],
    "primary_key": ["公民身份号码"],
}


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal text of non-negative integers as an (n, width) uint8 matrix."""
    out = np.empty((len(values), width), np.uint8)
    v = values.astype(np.int64).copy()
    for j in range(width - 1, -1, -1):
        out[:, j] = 0x30 + v % 10
        v //= 10
    return out


def _text(matrix: np.ndarray) -> pd.Series:
    width = matrix.shape[1]
    return pd.Series(np.ascontiguousarray(matrix).view(f"S{width}").ravel().astype(str), dtype="str")


def make_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    counties = _data.table("gb2260_divisions")
    counties = counties.code[counties.level == "county"].astype(int).to_numpy()
    region = rng.choice(counties, n)
    days = rng.integers(0, 365 * 80, n)
    born = np.datetime64("1940-01-01") + days.astype("timedelta64[D]")
    ymd = born.astype("datetime64[D]").astype(str)
    ymd_int = np.char.replace(ymd, "-", "").astype(np.int64)
    seq = rng.integers(0, 1000, n)
    body = np.concatenate([_digits(region, 6), _digits(ymd_int, 8), _digits(seq, 3)], axis=1)
    check = np.frombuffer(b"10X98765432", np.uint8)[((body - 0x30) * ID_WEIGHTS).sum(axis=1) % 11]
    ids = np.concatenate([body, check[:, None]], axis=1)
    org_body = rng.integers(0, 31, (n, 8))
    org_body_chars = ALPHA31[org_body]
    org_vals = np.where(org_body_chars <= 0x39, org_body_chars - 0x30, org_body_chars - 55)
    c9 = 11 - (org_vals * ORG_WEIGHTS).sum(axis=1) % 11
    org_check = np.where(c9 == 10, ord("X"), np.where(c9 == 11, ord("0"), 0x30 + c9 % 10)).astype(np.uint8)
    head = np.tile(np.frombuffer(b"91", np.uint8), (n, 1))
    uscc17 = np.concatenate([head, _digits(region, 6), org_body_chars, org_check[:, None]], axis=1)
    lookup = np.zeros(128, np.int64)
    lookup[ALPHA31] = np.arange(31)
    uscc_check = ALPHA31[(31 - (lookup[uscc17] * USCC_WEIGHTS).sum(axis=1) % 31) % 31]
    uscc = np.concatenate([uscc17, uscc_check[:, None]], axis=1)
    mobile = _digits(rng.integers(0, 10**8, n), 8)
    prefix = np.frombuffer(b"138139150186177199", np.uint8).reshape(-1, 3)[rng.integers(0, 6, n)]
    frame = pd.DataFrame(
        {
            "公民身份号码": _text(ids),
            "姓名": pd.Series(rng.choice(["张三", "李四", "王五", "赵六", "欧阳娜娜"], n), dtype="str"),
            "性别代码": pd.Series(np.where(seq % 2 == 1, "1", "2"), dtype="str"),
            "民族代码": pd.Series(rng.choice(["01", "02", "03", "22", "56"], n), dtype="str"),
            "出生日期": pd.Series(ymd_int.astype(str), dtype="str"),
            "手机号码": _text(np.concatenate([prefix, mobile], axis=1)),
            "户籍地行政区划代码": pd.Series(region.astype(str), dtype="str"),
            "工作单位代码": _text(uscc),
            "邮政编码": pd.Series(rng.choice(["310000", "315000", "325000", "311200"], n), dtype="str"),
            "学历代码": pd.Series(rng.choice(["10", "21", "31", "61", "71", "80"], n), dtype="str"),
            "婚姻状况代码": pd.Series(rng.choice(["10", "20", "30", "40", "90"], n), dtype="str"),
            "月收入": np.round(rng.uniform(0, 50_000, n), 2),
        }
    )
    defects = rng.choice(n, n // 100, replace=False)  # about 1 % of rows get one defect
    for k, rows in enumerate(np.array_split(defects, 6)):
        if k == 0:
            frame.loc[rows, "公民身份号码"] = frame.loc[rows, "公民身份号码"].str.slice(0, 17) + "0"
        elif k == 1:
            frame.loc[rows, "出生日期"] = "19990230"
        elif k == 2:
            frame.loc[rows, "性别代码"] = "3"
        elif k == 3:
            frame.loc[rows, "姓名"] = None
        elif k == 4:
            frame.loc[rows, "工作单位代码"] = frame.loc[rows, "工作单位代码"].str.slice(0, 17) + "I"
        else:
            frame.loc[rows, "婚姻状况代码"] = "99"
    return frame


def pandera_schema():
    import pandera.pandas as pa

    def text(regex=None, isin=None, nullable=True):
        checks = []
        if regex:
            checks.append(pa.Check.str_matches(f"^(?:{regex})$"))
        if isin:
            checks.append(pa.Check.isin(isin))
        return pa.Column(str, checks, nullable=nullable)

    return pa.DataFrameSchema(
        {
            "公民身份号码": text(r"[0-9]{17}[0-9X]", nullable=False),
            "姓名": pa.Column(str, pa.Check.str_length(1, 50), nullable=False),
            "性别代码": text(isin=["0", "1", "2", "5", "6", "9"], nullable=False),
            "民族代码": text(isin=[f"{i:02d}" for i in range(1, 57)] + ["97", "98"]),
            "出生日期": text(r"[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])", nullable=False),
            "手机号码": text(r"1[3-9][0-9]{9}"),
            "户籍地行政区划代码": text(r"[1-9][0-9]{5}", nullable=False),
            "工作单位代码": text(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"),
            "邮政编码": text(r"[0-9]{6}"),
            "学历代码": text(isin=["10", "11", "21", "31", "61", "71", "80", "90"]),
            "婚姻状况代码": text(isin=["10", "20", "30", "40", "90"]),
            "月收入": pa.Column(float, pa.Check.in_range(0, 1_000_000), nullable=True),
        },
        unique=["公民身份号码"],
    )


def _timed(fn) -> tuple[float, float, object]:
    """Wall-clock and CPU time (all threads) of one call, and its result."""
    start, start_cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - start, time.process_time() - start_cpu, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    frame = make_frame(args.rows)
    gen = time.perf_counter() - t0
    schema = Schema.from_dict(SCHEMA)
    schema.validate(frame.head(1000))  # warm up: reference tables load once
    import pandera.errors

    pschema = pandera_schema()

    def run_pandera():
        try:
            pschema.validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            return len(exc.failure_cases)
        return 0

    with contextlib.suppress(pandera.errors.SchemaErrors):  # warm up
        pandera_schema().validate(frame.head(1000), lazy=True)
    # interleaved, so that a change in the machine's load falls on both alike
    zj, pa_ = [], []
    for _ in range(args.repeat):
        *times, report = _timed(lambda: schema.validate(frame, lazy=True))
        zj.append(times)
        *times, pd_failures = _timed(run_pandera)
        pa_.append(times)
    zj_time, zj_cpu = (min(t[k] for t in zj) for k in (0, 1))
    pd_time, pd_cpu = (min(t[k] for t in pa_) for k in (0, 1))
    ratios = [p[0] / z[0] for z, p in zip(zj, pa_)]
    cpu_ratios = [p[1] / z[1] for z, p in zip(zj, pa_)]
    result = {
        "rows": args.rows,
        "columns": frame.shape[1],
        "generate_s": round(gen, 2),
        "zjgov_s": round(zj_time, 3),
        "pandera_s": round(pd_time, 3),
        "speedup": round(pd_time / zj_time, 2),
        "zjgov_cpu_s": round(zj_cpu, 3),
        "pandera_cpu_s": round(pd_cpu, 3),
        "speedup_cpu": round(pd_cpu / zj_cpu, 2),
        "speedup_per_run": [round(r, 2) for r in ratios],
        "speedup_cpu_per_run": [round(r, 2) for r in cpu_ratios],
        "zjgov_threads": threads(),
        "zjgov_violations": len(report.violations),
        "zjgov_counts": report.counts,
        "pandera_failure_cases": pd_failures,
        "zjgov_rows_per_s": int(args.rows / zj_time),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"{args.rows:,} rows x {frame.shape[1]} columns (generated in {gen:.1f} s)")
        print("                               wall (s)   CPU (s)")
        print(f"  zjgov   Schema.validate      {zj_time:8.3f}  {zj_cpu:8.3f}  ({result['zjgov_rows_per_s']:,} rows/s)")
        print(f"  pandera DataFrameSchema      {pd_time:8.3f}  {pd_cpu:8.3f}")
        print(f"  speed-up (best of each)      {result['speedup']:7.2f}x  {result['speedup_cpu']:7.2f}x")
        print(
            f"  speed-up per run: wall {min(ratios):.2f}x-{max(ratios):.2f}x (median {statistics.median(ratios):.2f}x),"
            f" CPU {min(cpu_ratios):.2f}x-{max(cpu_ratios):.2f}x (median {statistics.median(cpu_ratios):.2f}x);"
            f" zjgov on {threads()} thread(s), pandera on one"
        )
        each = ", ".join(f"{r:.2f}x" for r in ratios)
        met = "met" if min(ratios) >= 3 else "NOT met"
        print(f"  wall speed-up in each round: {each}  (target >= 3x in every round: {met})")
        print(f"  zjgov violations: {len(report.violations):,} {report.counts}")
        print(f"  pandera failure cases: {pd_failures:,} (no check digits, dates or regions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
