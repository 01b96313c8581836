"""Benchmark: classify a 1,000,000-row x 40-column frame by sampling vs a full scan of every row.

    python bench/bench_classify.py [--rows 1000000] [--sample 2000] [--seed 1]

Prints the time of both runs, the sample size, the speed-up and the agreement of the
categories (the share of columns given the same category by both runs). Standalone: builds the
frame with NumPy (valid check characters computed vectorised), nothing is downloaded.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from zjgov import _data
from zjgov.classification import classify

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
USCC_ALPHA = np.array(list("0123456789ABCDEFGHJKLMNPQRTUWXY"))
HEX = np.array(list("0123456789ABCDEF"))


def _digits(rng, n: int, k: int) -> np.ndarray:
    return rng.integers(0, 10, size=(n, k))


def _join(chars: np.ndarray) -> np.ndarray:
    """Rows of single characters -> one string per row."""
    return np.asarray(chars.astype("U1").view(f"U{chars.shape[1]}").ravel())


def _cat(*parts: np.ndarray | str) -> np.ndarray:
    """Element-wise concatenation of string arrays and scalars."""
    out = np.asarray(parts[0]).astype(object)
    for p in parts[1:]:
        out = out + (p if isinstance(p, str) else np.asarray(p).astype(object))
    return out


def citizen_ids(rng, n: int, first_year=1940, last_year=2005) -> np.ndarray:
    counties = np.array(
        [c for c in _data.table("gb2260_divisions").code if c.startswith("33") and not c.endswith("00")]
    )
    region = counties[rng.integers(0, len(counties), n)]
    day = rng.integers(0, (last_year - first_year) * 365, n)
    born = (np.datetime64(f"{first_year}-01-01") + day.astype("timedelta64[D]")).astype("datetime64[D]")
    ymd = np.char.replace(born.astype(str), "-", "")
    seq = np.char.zfill(rng.integers(1, 1000, n).astype(str), 3)
    body = np.char.add(np.char.add(region, ymd), seq)
    m = body.view("U1").reshape(n, 17).astype(np.int64)
    check = np.array(list("10X98765432"))[(m * ID_WEIGHTS).sum(axis=1) % 11]
    return np.char.add(body, check)


def luhn_numbers(rng, n: int, prefix: str, length: int) -> np.ndarray:
    body = _digits(rng, n, length - 1 - len(prefix))
    full = np.concatenate([np.tile([int(c) for c in prefix], (n, 1)), body], axis=1)
    rev = full[:, ::-1].copy()
    doubled = rev[:, ::2] * 2
    rev[:, ::2] = np.where(doubled > 9, doubled - 9, doubled)
    check = (10 - rev.sum(axis=1) % 10) % 10
    return _join(np.concatenate([full, check[:, None]], axis=1).astype(str))


def build(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = _data.table("chinese_surnames")
    surnames = t.surname[t.rank_2007_top100 != ""].to_numpy()
    given = np.array(
        list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华飞玲婷志红建国文斌宇浩然子轩欣怡梓涵雨晨思远嘉琪")
    )
    roads = np.array(["文三路", "解放路", "延安路", "中山北路", "莫干山路", "天目山路", "江南大道", "学院路"])
    districts = np.array(["浙江省杭州市西湖区", "浙江省杭州市上城区", "浙江省宁波市鄞州区", "浙江省温州市鹿城区"])
    orgs = np.array(
        [
            f"杭州{a}{b}有限公司"
            for a in ["华瑞", "恒通", "西子", "鼎盛", "博远", "瑞丰"]
            for b in ["科技", "贸易", "物流", "食品"]
        ]
    )
    uscc_pool = []
    from zjgov.codes import org_code, uscc

    for i in range(500):
        body8 = f"{i:04d}" + "".join(USCC_ALPHA[rng.integers(0, 31, 4)])
        body = "91330106" + body8 + org_code.check_char(body8)
        uscc_pool.append(body + uscc.check_char(body))
    uscc_pool = np.array(uscc_pool)

    def pick(pool, n=rows):
        pool = np.asarray(pool)
        return pool[rng.integers(0, len(pool), n)]

    def names(n=rows):
        two = rng.random(n) < 0.7
        first = _cat(pick(surnames, n), pick(given, n))
        return np.where(two, _cat(first, pick(given, n)), first)

    def mobiles(n=rows):
        return _cat(pick(["138", "139", "150", "158", "186", "189", "135"], n), _join(_digits(rng, n, 8).astype(str)))

    def dates(first, last, n=rows, time_=False):
        start = np.datetime64(first)
        span = (np.datetime64(last) - start).astype(int)
        d = (start + rng.integers(0, span, n).astype("timedelta64[D]")).astype(str)
        if time_:
            hh = np.char.zfill(rng.integers(0, 24, n).astype(str), 2)
            return _cat(d, " ", hh, ":", np.char.zfill(rng.integers(0, 60, n).astype(str), 2), ":00")
        return d

    def amounts(lo, hi, n=rows):
        return np.char.mod("%.2f", rng.uniform(lo, hi, n))

    def hexes(n, k):
        return _join(HEX[rng.integers(0, 16, (n, k))])

    ids = citizen_ids(rng, rows)
    cols = {
        "GMSFHM": ids,
        "XM": names(),
        "XB": pick(["1", "2"]),
        "MZ": pick(["01"] * 18 + ["03", "11", "15"]),
        "CSRQ": dates("1940-01-01", "2005-12-31"),
        "SJHM": mobiles(),
        "HJDZ": _cat(pick(districts), pick(roads), rng.integers(1, 999, rows).astype(str), "号"),
        "email": _cat(_join(np.array(list("abcdefghijklmnopqrstuvwxyz"))[rng.integers(0, 26, (rows, 7))]), "@163.com"),
        "bank_card_no": luhn_numbers(rng, rows, "622202", 19),
        "TYSHXYDM": pick(uscc_pool),
        "QYMC": pick(orgs),
        "HPHM": _cat(
            "浙",
            pick(list("ABCDEFGH")),
            _join(np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"))[rng.integers(0, 34, (rows, 5))]),
        ),
        "JE": amounts(1, 100000),
        "amount": amounts(10, 900),
        "SL": rng.integers(0, 500, rows).astype(str),
        "ZT": pick(["正常", "注销", "迁出"]),
        "DJRQ": dates("2010-01-01", "2025-12-31"),
        "updated_at": dates("2024-01-01", "2025-12-31", time_=True),
        "XZQHDM": pick(["330102", "330105", "330106", "330108", "330109", "330110"]),
        "YZBM": pick(["310012", "310006", "315000", "325000"]),
        "ip": _cat(*[x for i in range(4) for x in ((rng.integers(1, 255, rows).astype(str), "." if i < 3 else ""))]),
        "mac": _cat(*[x for i in range(6) for x in ((hexes(rows, 2), ":" if i < 5 else ""))]),
        "imei": luhn_numbers(rng, rows, "86", 15),
        "uuid": _cat(
            hexes(rows, 8), "-", hexes(rows, 4), "-4", hexes(rows, 3), "-A", hexes(rows, 3), "-", hexes(rows, 12)
        ),
        "BZ": pick(["材料齐全，予以受理。", "经核查，信息与系统登记一致。", "电话回访确认无误，已归档保存。", ""]),
        "WHCD": pick(["21", "31", "61", "71"]),
        "YHZGX": pick(["02", "10", "20", "30"]),
        "C1": ids[rng.permutation(rows)],
        "F2": _cat(pick(["0571-", "0574-"]), rng.integers(20000000, 89999999, rows).astype(str)),
        "NL": rng.integers(18, 90, rows).astype(str),
        "latitude": np.char.mod("%.6f", rng.uniform(29.5, 30.6, rows)),
        "longitude": np.char.mod("%.6f", rng.uniform(119.5, 121.0, rows)),
        "LSH": np.arange(10**9, 10**9 + rows).astype(str),
        "HZHM": np.where(rng.random(rows) < 0.05, _cat("E", rng.integers(10**7, 10**8 - 1, rows).astype(str)), ""),
        "RYBH": _cat("P", rng.integers(10**8, 10**9 - 1, rows).astype(str)),
        "ZY": pick(["教师", "工程师", "医生", "会计", "个体经营者"]),
        "HYZK": pick(["未婚", "已婚", "离婚", "丧偶"]),
        "ZDMC": pick(["高血压", "2型糖尿病", "急性上呼吸道感染", "慢性胃炎"]),
        "ZCDZ": _cat(pick(districts), pick(roads), rng.integers(1, 999, rows).astype(str), "号"),
        "FIELD_40": mobiles(),
    }
    frame = pd.DataFrame({k: pd.array(np.asarray(v, dtype=object), dtype="str") for k, v in cols.items()})
    frame = frame.replace("", None)
    assert frame.shape == (rows, 40), frame.shape
    return frame


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    frame = build(args.rows, args.seed)
    print(f"built {frame.shape[0]:,} x {frame.shape[1]} frame in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    sampled = classify(frame, sample=args.sample, seed=args.seed)
    t_sample = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = classify(frame, sample=None)
    t_full = time.perf_counter() - t0
    same = [a.category == b.category for a, b in zip(sampled.entries, full.entries)]
    print(f"sampled: {t_sample:.2f} s ({sampled.sampled:,} rows sampled)")
    print(f"full scan: {t_full:.2f} s ({full.sampled:,} rows)")
    print(f"speed-up: {t_full / t_sample:.1f}x")
    print(f"category agreement: {sum(same)}/{len(same)} columns ({100 * sum(same) / len(same):.1f}%)")
    print(f"dataset level: sampled {sampled.level}, full {full.level}")
    for a, b, ok in zip(sampled.entries, full.entries, same):
        if not ok:
            print(f"  differs: {a.column}: sampled {a.category}, full {b.category}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
