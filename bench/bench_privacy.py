"""Benchmark: privacy metrics and the anonymisation search against plain pandas, pycanon and anjana.

    python bench/bench_privacy.py                 # 1,000,000 rows × 6 QIs; search on 100,000 × 4
    python bench/bench_privacy.py --rows 200000 --search-rows 20000 --timeout 60 --repeat 1

Part 1 — every risk metric on two generated tables of ``--rows`` rows and 6 quasi-identifiers
(Arrow strings, as read from a file): **A** with about 20,000 equivalence classes, **B** with
100,000+. Each metric is computed by zjgov from the raw frame (nothing is shared or cached
between calls) and by a plain pandas groupby written here, alternately, ``--repeat`` rounds; the
times shown are medians and the ratio the median of the per-round ratios (pandas / zjgov), which
must be ≥ 3. The answers must agree.

Part 2 — the search to k = 5 with a 5 % suppression budget on ``--search-rows`` rows × 4
quasi-identifiers (birth date, sex, county, education), against anjana's k_anonymity with the
same hierarchies: the ratio must be ≥ 20 and zjgov's information loss (NCP of anjana's node,
computed by zjgov) never lower than zjgov's.

pycanon and anjana pin old pandas/numpy, so they run in a separate virtualenv
(``python -m venv /tmp/anon-venv && /tmp/anon-venv/bin/pip install pycanon anjana``) on the same
data written to CSV, as subprocesses with a timeout; without that venv they print "not measured".
Exit code 1 if a target fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd

from zjgov import _data
from zjgov.security import anonymise as an
from zjgov.security import privacy as pv

VENV_PYTHON = Path(os.environ.get("ZJGOV_ANON_VENV", "/tmp/anon-venv")) / "bin" / "python"
QIS = ["性别", "年龄段", "地区", "学历", "民族", "婚姻状况"]


# -- data ----------------------------------------------------------------------------------------
def _arrow(values: np.ndarray) -> pd.Series:
    return pd.Series(pd.array(values.astype(str), dtype="string[pyarrow]"))


def make_table(rng: np.random.Generator, n: int, many: bool) -> pd.DataFrame:
    """Six QIs (A: ~20k classes; B: 100k+), a categorical and a numeric sensitive attribute."""
    counties = np.array(
        [c for c in _data.table("gb2260_divisions").code if c.startswith("33") and not c.endswith("00")]
    )
    prefectures = np.unique([c[:4] + "00" for c in counties])
    if many:
        age = 1940 + rng.integers(0, 80, n)  # birth year
        place = counties[rng.integers(0, len(counties), n)]
        eth = rng.choice(["01", "02", "03", "04", "05"], n, p=[0.8, 0.05, 0.05, 0.05, 0.05])
    else:
        age = rng.integers(0, 10, n) * 10  # age band
        place = prefectures[rng.integers(0, len(prefectures), n)]
        eth = rng.choice(["01", "03", "11"], n, p=[0.9, 0.06, 0.04])
    frame = pd.DataFrame(
        {
            "性别": _arrow(rng.choice(["1", "2"], n)),
            "年龄段": _arrow(age),
            "地区": _arrow(place),
            "学历": _arrow(rng.choice(["10", "20", "30", "40", "60", "70", "80", "90", "99"], n)),
            "民族": _arrow(eth),
            "婚姻状况": _arrow(rng.choice(["10", "20", "30", "40"], n, p=[0.3, 0.6, 0.05, 0.05])),
            "诊断": _arrow(rng.integers(0, 30, n).astype(str)),
            "收入": (rng.gamma(2.0, 2500.0, n) // 500 * 500).astype(np.int64),
        }
    )
    return frame


# -- plain pandas references ---------------------------------------------------------------------
def ref_k(df):
    return int(df.groupby(QIS, dropna=False, observed=True).size().min())


def ref_l(df):
    return int(df.groupby(QIS, dropna=False, observed=True)["诊断"].nunique().min())


def _pair_p(df, s):
    counts = df.groupby([*QIS, s], dropna=False, observed=True).size()
    return counts / counts.groupby(level=QIS, dropna=False, observed=True).transform("sum")


def ref_entropy_l(df):
    p = _pair_p(df, "诊断")
    h = (-p * np.log(p)).groupby(level=QIS, dropna=False, observed=True).sum()
    return float(np.exp(h.min()))


def ref_recursive(df, c=2.0):
    counts = df.groupby([*QIS, "诊断"], dropna=False, observed=True).size().rename("n").reset_index()
    counts = counts.sort_values([*QIS, "n"], ascending=[True] * len(QIS) + [False])
    g = counts.groupby(QIS, dropna=False, observed=True)["n"]
    r1 = g.transform("max")
    tail = g.transform("sum") - g.cumsum() + counts["n"]
    counts["ok"] = r1 < c * tail
    return int(counts.groupby(QIS, dropna=False, observed=True)["ok"].sum().min())


def ref_t_equal(df):
    p = _pair_p(df, "诊断").rename("p").reset_index()
    q = df["诊断"].value_counts(normalize=True)
    qv = p["诊断"].map(q).to_numpy()
    p["x"] = np.abs(p["p"].to_numpy() - qv) - qv
    return float((0.5 * (p.groupby(QIS, dropna=False, observed=True)["x"].sum() + 1)).max())


def ref_t_ordered(df):
    p = _pair_p(df, "收入").unstack(fill_value=0.0)
    q = df["收入"].value_counts(normalize=True).sort_index()
    p = p.reindex(columns=q.index, fill_value=0.0)
    diff = (p.to_numpy() - q.to_numpy()).cumsum(axis=1)
    return float((np.abs(diff).sum(axis=1) / (len(q) - 1)).max())


def ref_prosecutor(df, tau=0.2):
    sizes = df.groupby(QIS, dropna=False, observed=True).size()
    n = sizes.sum()
    return (1 / sizes.min(), len(sizes) / n, sizes[1 / sizes > tau].sum() / n)


def ref_journalist(df, pop, tau=0.2):
    f = df.groupby(QIS, dropna=False, observed=True).size().rename("f")
    F = pop.groupby(QIS, dropna=False, observed=True).size().rename("F")
    j = f.to_frame().join(F, how="left")
    j["F"] = np.maximum(j["F"].fillna(0), j["f"])
    n = j["f"].sum()
    return (float((1 / j["F"]).max()), float((j["f"] / j["F"]).sum() / n), float(j["f"][1 / j["F"] > tau].sum() / n))


def ref_marketer(df):
    return len(df.groupby(QIS, dropna=False, observed=True).size()) / len(df)


def ref_at_risk(df, tau=0.2):
    size = df.groupby(QIS, dropna=False, observed=True)["性别"].transform("size")
    return (1 / size > tau).to_numpy()


def ref_histogram(df):
    sizes = df.groupby(QIS, dropna=False, observed=True).size()
    return sizes.value_counts().sort_index()


def ref_unique(df):
    return int((df.groupby(QIS, dropna=False, observed=True).size() == 1).sum())


def metrics(pop: pd.DataFrame):
    """(name, zjgov callable, pandas callable, comparison)."""
    return [
        ("k-anonymity", lambda d: pv.k_anonymity(d, QIS), ref_k, lambda a, b: a == b),
        ("distinct l", lambda d: pv.l_diversity(d, QIS, "诊断"), ref_l, lambda a, b: a == b),
        ("entropy l", lambda d: pv.l_diversity(d, QIS, "诊断", kind="entropy"), ref_entropy_l, math.isclose),
        (
            "recursive (2,l)",
            lambda d: pv.recursive_cl_diversity(d, QIS, "诊断", 2.0),
            ref_recursive,
            lambda a, b: a == b,
        ),
        (
            "t (equal)",
            lambda d: pv.t_closeness(d, QIS, "诊断"),
            ref_t_equal,
            lambda a, b: math.isclose(a, b, abs_tol=1e-9),
        ),
        (
            "t (ordered)",
            lambda d: pv.t_closeness(d, QIS, "收入", distance="ordered"),
            ref_t_ordered,
            lambda a, b: math.isclose(a, b, abs_tol=1e-9),
        ),
        (
            "prosecutor",
            lambda d: (lambda r: (r.highest, r.average, r.records_at_risk))(pv.prosecutor_risk(d, QIS)),
            ref_prosecutor,
            _close3,
        ),
        (
            "journalist",
            lambda d: (lambda r: (r.highest, r.average, r.records_at_risk))(pv.journalist_risk(d, pop, QIS)),
            lambda d: ref_journalist(d, pop),
            _close3,
        ),
        ("marketer", lambda d: pv.marketer_risk(d, QIS), ref_marketer, math.isclose),
        ("records at risk", lambda d: pv.records_at_risk(d, QIS), ref_at_risk, lambda a, b: bool(np.array_equal(a, b))),
        (
            "class-size histogram",
            lambda d: pv.class_size_histogram(d, QIS),
            ref_histogram,
            lambda a, b: a["classes"].tolist() == b.tolist() and a["size"].tolist() == b.index.tolist(),
        ),
        ("uniqueness", lambda d: pv.uniqueness(d, QIS).unique_combinations, ref_unique, lambda a, b: a == b),
    ]


def _close3(a, b):
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a, b))


def interleaved(ours, ref, arg, rounds: int):
    """zjgov and pandas timed alternately, ``rounds`` times each (the machine's load hits both
    alike): the median of each, the median, lowest and highest per-round ratio, and the two answers."""
    tz, tp, ratios, a, b = [], [], [], None, None
    for _ in range(rounds):
        t = time.perf_counter()
        a = ours(arg)
        tz.append(time.perf_counter() - t)
        t = time.perf_counter()
        b = ref(arg)
        tp.append(time.perf_counter() - t)
        ratios.append(tp[-1] / tz[-1])
    return float(np.median(tz)), float(np.median(tp)), float(np.median(ratios)), min(ratios), max(ratios), a, b


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# -- pycanon / anjana in their own venv ---------------------------------------------------------
PYCANON = textwrap.dedent(
    """
    import sys, time, json, pandas as pd, pycanon.anonymity as a
    df = pd.read_csv(sys.argv[1], dtype=str)
    qis = json.loads(sys.argv[2]); metric = sys.argv[3]
    t = time.perf_counter()
    if metric == "k": v = a.k_anonymity(df, qis)
    elif metric == "l": v = a.l_diversity(df, qis, ["诊断"])
    else: v = a.t_closeness(df, qis, ["诊断"])
    print(json.dumps({"seconds": time.perf_counter() - t, "value": float(v)}))
    """
)
ANJANA = textwrap.dedent(
    """
    import sys, time, json, pandas as pd
    from anjana.anonymity._k_anonymity import k_anonymity_inner
    df = pd.read_csv(sys.argv[1], dtype=str)
    spec = json.load(open(sys.argv[2], encoding="utf-8"))
    hierarchies = {q: {int(lv): pd.Series(vals) for lv, vals in h.items()} for q, h in spec["hierarchies"].items()}
    t = time.perf_counter()
    out, supp, levels = k_anonymity_inner(df, [], spec["qis"], spec["k"], spec["supp"], hierarchies)
    import importlib.metadata as md
    print(json.dumps({"seconds": time.perf_counter() - t, "suppressed": int(supp), "levels": {k: int(v) for k, v in levels.items()}, "rows": len(out), "version": md.version("anjana")}))
    """
)


def run_venv(script: str, args: list[str], timeout: float) -> dict | str:
    if not VENV_PYTHON.exists():
        return "not measured (no venv)"
    try:
        out = subprocess.run([str(VENV_PYTHON), "-c", script, *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (timed out)"
    if out.returncode != 0:
        return "failed: " + out.stderr.strip().splitlines()[-1][:200]
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- parts ----------------------------------------------------------------------------------------
def part_metrics(args, tmp: Path) -> bool:
    ok = True
    rng = np.random.default_rng(args.seed)
    for label, many in (("A", False), ("B", True)):
        df = make_table(rng, args.rows, many)
        pop = pd.concat([df, make_table(rng, args.rows, many)], ignore_index=True)
        classes = pv.equivalence_classes(df, QIS).n_classes
        print(f"\n== table {label}: {len(df):,} rows × {len(QIS)} QIs, {classes:,} equivalence classes ==")
        print(
            f"{'metric':<22}{'zjgov s':>10}{'pandas s':>10}{'ratio':>8}{'ratio range':>14}  {'rows/s (zjgov)':>16}  same  target ≥ 3×"
        )
        for name, ours, ref, same in metrics(pop):
            pv.k_anonymity(df.head(1000), QIS)  # warm
            t_z, t_p, ratio, low, high, a, b = interleaved(ours, ref, df, args.repeat)
            agree = same(a, b)
            passed = ratio >= 3 and agree
            ok &= passed
            print(
                f"{name:<22}{t_z:>10.3f}{t_p:>10.3f}{ratio:>8.1f}{f'{low:.1f}–{high:.1f}':>14}  {len(df) / t_z:>16,.0f}  {'yes' if agree else 'NO':>4}  {_met(passed)}"
            )
        print(f"  load average after table {label}: {_load()}")
        path = tmp / f"table_{label}.csv"
        df.to_csv(path, index=False)
        for metric in ("k", "l", "t"):
            res = run_venv(PYCANON, [str(path), json.dumps(QIS, ensure_ascii=False), metric], args.timeout)
            shown = res if isinstance(res, str) else f"{res['seconds']:.2f} s (value {res['value']:g})"
            print(f"  pycanon {metric}: {shown}")
    return ok


def search_table(rng: np.random.Generator, n: int) -> pd.DataFrame:
    counties = np.array(
        [c for c in _data.table("gb2260_divisions").code if c.startswith("33") and not c.endswith("00")]
    )
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 80, n).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "出生日期": _arrow(np.char.replace(born.astype(str), "-", "")),
            "性别": _arrow(rng.choice(["1", "2"], n)),
            "地区": _arrow(counties[rng.integers(0, len(counties), n)]),
            "学历": _arrow(rng.choice(["10", "20", "30", "40", "60", "70", "80", "90"], n)),
        }
    )


def part_search(args, tmp: Path) -> bool:
    rng = np.random.default_rng(args.seed + 1)
    df = search_table(rng, args.search_rows)
    hs = {"出生日期": an.dates(), "性别": an.suppression(), "地区": an.divisions(), "学历": an.prefixes((1,))}
    print(f"\n== search: k = 5, suppression ≤ 5 %, {len(df):,} rows × {len(hs)} QIs ==")
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        r = an.search(df, hs, k=5, suppression=0.05)
        times.append(time.perf_counter() - t)
    t_z = float(np.median(times))
    print(
        f"zjgov: {t_z:.3f} s median of {len(times)} ({min(times):.3f}–{max(times):.3f}); node {r.levels}; k = {r.k}; "
        f"lattice {r.nodes} nodes, {r.evaluated} evaluated, {r.pruned} pruned; load {_load()}"
    )
    _loss_line("zjgov", r.evaluation)
    # the same hierarchies as tables of distinct values, for anjana
    spec = {"qis": list(hs), "k": 5, "supp": 5.0, "hierarchies": {}}
    for c, h in hs.items():
        uniques = pd.Series(pd.unique(df[c]), dtype=object)
        levels = h.generalise(uniques, c)
        spec["hierarchies"][c] = {str(i): [None if v is None else str(v) for v in lv] for i, lv in enumerate(levels)}
    spec_path, data_path = tmp / "hierarchies.json", tmp / "search.csv"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    df.to_csv(data_path, index=False)
    res = run_venv(ANJANA, [str(data_path), str(spec_path)], args.anjana_timeout)
    if isinstance(res, str):
        print(f"anjana: {res}")
        return True
    node = tuple(res["levels"].get(c, 0) for c in hs)
    theirs = an.exhaustive(df, hs, k=5, suppression=1.0)  # every node's figures (the budget is checked below)
    e = next(x for x in theirs if x.node == node)
    ratio = res["seconds"] / t_z
    loss_ok = all(getattr(r.evaluation, m) <= getattr(e, m) + 1e-9 for m in ("ncp",))
    print(
        f"anjana {res.get('version', '')}: {res['seconds']:.3f} s (one run); node {dict(zip(hs, node))}; "
        f"suppressed {res['suppressed']:,} (anjana's count); load {_load()}"
    )
    _loss_line("anjana (its node, scored by zjgov)", e)
    print(f"ratio anjana / zjgov {ratio:.1f} (target ≥ 20×: {_met(ratio >= 20)})")
    print(f"zjgov's NCP ≤ anjana's: {_met(loss_ok)} (the search minimises NCP; discernibility and C_avg are shown)")
    return ratio >= 20 and loss_ok


def _loss_line(who: str, e: an.Evaluation) -> None:
    print(
        f"  {who}: k = {e.k}; classes kept {e.classes:,}; suppressed {e.suppressed:,}; NCP {e.ncp:.4f}; "
        f"discernibility {e.discernibility:,.0f}; C_avg {e.avg_class_size:.2f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--search-rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5, help="rounds (medians are reported)")
    ap.add_argument("--timeout", type=float, default=150.0, help="seconds allowed per pycanon metric")
    ap.add_argument("--anjana-timeout", type=float, default=1200.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-metrics", action="store_true")
    ap.add_argument("--skip-search", action="store_true")
    args = ap.parse_args()
    print(
        f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs; venv: {VENV_PYTHON if VENV_PYTHON.exists() else 'absent'}"
    )
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        ok = True if args.skip_metrics else part_metrics(args, tmp)
        if not args.skip_search:
            ok &= part_search(args, tmp)
    print("\nALL TARGETS MET" if ok else "\nSOME TARGETS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
