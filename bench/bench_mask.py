"""Benchmark zjgov.security against the references named in issue 11, all in one run.

    pip install -e ".[bench]"          # fastfpe and ff3, the FF1/FF3 references
    python bench/bench_mask.py         # 1,000,000 values
    python bench/bench_mask.py --rows 200000 --repeat 5
    python bench/bench_mask.py --only hmac,file   # some sections only (mask, hmac, ff1, file)

Measured in ``--repeat`` rounds; in each round zjgov and its reference run in turn
``--best-of`` times (alternating which goes first) and each side's fastest run counts, so both
see the same machine load. Every round's ratio is printed; a target is **met** only when every
round meets it. References that are per-value Python loops are timed on ``--loop-rows`` values
and extrapolated, marked ``*``:

* **masking presets** — ``mask:citizen_id`` and ``mask:mobile`` on an Arrow-backed ``str``
  column, against a Python list comprehension doing the same slicing and against pandas
  ``Series.str.slice_replace`` on the same Arrow strings. Targets: ≥ 5× the comprehension,
  ≥ 0.8× ``slice_replace``.
* **keyed pseudonyms** — ``hmac`` (HMAC-SHA256) and ``pseudonym:hmac-sm3`` against a loop over
  the standard library's ``hmac.new(key, value, alg).hexdigest()`` on the same values (all
  ``--rows`` of them, not extrapolated), interleaved slice by slice (``--slices``): each slice
  of values is hashed by both sides ``--best-of`` times in turn, and a round's time is the sum
  of each side's fastest per slice. Target ≥ 2× each.
* **FF1** — ``fpe:ff1`` (AES-256) on 18-digit values against ``fastfpe.ff1.encrypt`` (Rust,
  one call per value) and ``ff3`` (FF3-1, pure Python). Targets ≥ 4× fastfpe, ≥ 100× ff3.
  ``fpe:ff3-1`` (withdrawn, legacy interoperability only) against ``ff3`` too.
* **zjgov mask** — a 1,000,000-row population CSV masked with the policy generated from its
  classification inventory (streamed, CSV out), against reading and writing the same file with
  pyarrow (``pyarrow.csv.read_csv`` + ``pyarrow.csv.write_csv``). Target ≥ 0.5×.

Exit code 1 if a target fails. The values are synthetic (``generators.py``).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import hmac
import itertools
import os
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generators

from zjgov import _data
from zjgov.classification import classify_file
from zjgov.security import KeyRing, mask_file, resolve
from zjgov.security.presets import policy_from_inventory

KEY = bytes(range(32))
RING = KeyRing({"bench": KEY, "zjgov-pseudonym": KEY})


def in_turn(zjgov_fn, ref_fn, repeat: int, best_of: int = 1, scale: float = 1.0) -> list[tuple[float, float]]:
    """zjgov's and the reference's time in each of ``repeat`` rounds (see :func:`interleaved`)."""
    return interleaved([(zjgov_fn, ref_fn)], repeat, best_of, scale)


def interleaved(pairs, repeat: int, best_of: int, scale: float = 1.0) -> list[tuple[float, float]]:
    """Per round, ``(zjgov seconds, reference seconds)`` summed over ``pairs`` (``(zjgov_fn, ref_fn)``
    on one slice of the same values each): every pair runs ``best_of`` times, the two sides in
    turn and the first side alternating, and each side's fastest run of the pair counts. The
    reference's time is multiplied by ``scale`` (extrapolation from a sample)."""
    rounds = []
    for r in range(repeat):
        total = [0.0, 0.0]
        for zjgov_fn, ref_fn in pairs:
            fastest = [float("inf"), float("inf")]
            for k in range(best_of):
                order = (0, 1) if (r + k) % 2 == 0 else (1, 0)
                for side in order:
                    gc.collect()
                    t = time.perf_counter()
                    (zjgov_fn, ref_fn)[side]()
                    fastest[side] = min(fastest[side], time.perf_counter() - t)
            total[0] += fastest[0]
            total[1] += fastest[1]
        rounds.append((total[0], total[1] * scale))
    return rounds


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "n/a"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.rounds: list[str] = []
        self.failed = False

    def add(
        self,
        what: str,
        rounds: list[tuple[float, float]],
        n: int,
        ref: str,
        target: float,
        extrapolated: bool = False,
    ) -> None:
        """One measure from its rounds: the median round's speeds, the median and range of the
        ratios, and met only if every round meets ``target``."""
        ratios = [b / a for a, b in rounds]
        order = sorted(range(len(rounds)), key=ratios.__getitem__)
        seconds, ref_seconds = rounds[order[len(order) // 2]]
        median = float(np.median(ratios))
        passed = sum(r >= target for r in ratios)
        ok = passed == len(ratios)
        self.failed |= not ok
        star = "*" if extrapolated else ""
        self.rows.append(
            (
                what,
                f"{n / seconds:,.0f}",
                ref,
                f"{n / ref_seconds:,.0f}{star}",
                f"{median:.2f}x",
                f"{min(ratios):.2f}-{max(ratios):.2f}x",
                f">= {target}x",
                f"{passed}/{len(ratios)}",
                "met" if ok else "NOT met",
            )
        )
        self.rounds.append(f"{what} vs {ref}: " + " ".join(f"{r:.2f}x" for r in ratios) + f"  (load {load()})")

    def show(self) -> None:
        header = ("measure", "zjgov values/s", "reference", "ref values/s", "median", "range", "target", "rounds", "")
        widths = [max(len(str(r[i])) for r in [header, *self.rows]) for i in range(len(header))]
        for r in [header, *self.rows]:
            print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
        print("\nratio of every round:")
        for line in self.rounds:
            print("  " + line)


def population(n: int, rng: np.random.Generator) -> pa.Table:
    """A population table shaped like examples/population.csv, built in NumPy/Arrow."""
    ids = generators.generate("citizen_id", n)
    surnames = _data.table("chinese_surnames")["surname"].astype(str).tolist()[:300]
    given = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红")
    name = pc.binary_join_element_wise(
        pa.array(np.array(surnames)[rng.integers(0, len(surnames), n)]),
        pa.array(np.array(given)[rng.integers(0, len(given), n)]),
        pa.array(np.where(rng.random(n) < 0.6, np.array(given)[rng.integers(0, len(given), n)], "")),
        "",
    )
    streets = np.array(["人民路", "文三路", "解放路", "江南大道", "中山路", "延安路"])
    address = pc.binary_join_element_wise(
        pa.array(
            np.array(["浙江省杭州市西湖区", "浙江省宁波市鄞州区", "浙江省温州市鹿城区", "浙江省杭州市"])[
                rng.integers(0, 4, n)
            ]
        ),
        pa.array(streets[rng.integers(0, len(streets), n)]),
        pc.cast(pa.array(rng.integers(1, 999, n)), pa.string()),
        pa.array(["号"] * n),
        "",
    )
    birth = pc.utf8_slice_codeunits(ids, 6, 14)
    birth = pc.if_else(pc.match_substring_regex(birth, r"^(19|20)[0-9]{2}[01][0-9][0-3][0-9]$"), birth, "19900101")
    return pa.table(
        {
            "公民身份号码": ids,
            "姓名": name,
            "性别": pa.array(np.array(["1", "2"])[rng.integers(0, 2, n)]),
            "民族": pa.array(np.array(["01", "02", "03", "11"])[rng.integers(0, 4, n)]),
            "出生日期": birth,
            "联系电话": generators.generate("mobile", n),
            "户籍地": generators.generate("division", n),
            "住址": address,
            "学历": pa.array(np.array(["10", "20", "30", "71"])[rng.integers(0, 4, n)]),
            "婚姻状况": pa.array(np.array(["10", "20", "21"])[rng.integers(0, 3, n)]),
        }
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5, help="rounds (each round's ratio is printed)")
    ap.add_argument(
        "--best-of", type=int, default=3, help="runs of each side per round (or per slice); the fastest counts"
    )
    ap.add_argument("--slices", type=int, default=10, help="slices of the values the HMAC sides alternate on")
    ap.add_argument("--only", default="mask,hmac,ff1,file", help="sections to run, comma-separated")
    ap.add_argument("--loop-rows", type=int, default=200_000, help="values timed for the per-value Python references")
    ap.add_argument("--ff3-rows", type=int, default=5_000)
    args = ap.parse_args()
    n = args.rows
    only = set(args.only.split(","))
    rng = np.random.default_rng(20261202)
    print(
        f"zjgov bench_mask: {n:,} values, {args.repeat} rounds, best of {args.best_of} per round; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {load()}"
    )
    table = Table()

    ids = pd.Series(pd.array(generators.generate("citizen_id", n), dtype="str"))
    mobiles = pd.Series(pd.array(generators.generate("mobile", n), dtype="str"))
    # -- masking presets ----------------------------------------------------------------------
    if "mask" in only:
        for label, column, op, head, tail in (
            ("mask:citizen_id", ids, resolve("mask:citizen_id"), 6, 4),
            ("mask:mobile", mobiles, resolve("mask:mobile"), 3, 4),
        ):
            op.apply(column.iloc[:1000])
            values = column.tolist()
            rounds = in_turn(
                lambda: op.apply(column),  # noqa: B023
                lambda: [v[:head] + "*" * (len(v) - head - tail) + v[len(v) - tail :] for v in values],  # noqa: B023
                args.repeat,
                args.best_of,
            )
            table.add(label, rounds, n, "list comprehension", 5.0)
            width = int(column.str.len().max())
            rounds = in_turn(
                lambda: op.apply(column),  # noqa: B023
                lambda: column.str.slice_replace(head, width - tail, "*" * (width - head - tail)),  # noqa: B023
                args.repeat,
                args.best_of,
            )
            table.add(label, rounds, n, "pandas str.slice_replace", 0.8)

    # -- keyed pseudonyms -------------------------------------------------------------------------
    if "hmac" in only:
        # both sides hash the same 1,000,000 values (no extrapolation), slice by slice in turn
        bounds = np.linspace(0, n, args.slices + 1).astype(int)
        parts = [(ids.iloc[a:b], ids.iloc[a:b].tolist()) for a, b in itertools.pairwise(bounds) if b > a]
        for label, op, alg in (
            ("hmac (HMAC-SHA256)", resolve("hmac", key="bench"), "sha256"),
            ("pseudonym:hmac-sm3", resolve("pseudonym:hmac-sm3", key="bench"), "sm3"),
        ):
            key = RING.get("bench").derive(f"zjgov/hmac-{alg}")
            sha = [hmac.new(key, v.encode(), alg).hexdigest() for v in ids.iloc[:1000].str.upper()]
            assert op.apply(ids.iloc[:1000], RING).tolist() == sha, "the operator differs from stdlib hmac"
            pairs = [
                (
                    lambda column=column: op.apply(column, RING),  # noqa: B023
                    lambda values=values: [hmac.new(key, v.encode(), alg).hexdigest() for v in values],  # noqa: B023
                )
                for column, values in parts
            ]
            rounds = interleaved(pairs, args.repeat, args.best_of)
            table.add(label, rounds, n, f"loop over stdlib hmac ({alg})", 2.0)

    # -- FF1 on 18 digits ---------------------------------------------------------------------------
    if "ff1" in only:
        digits = pd.Series(pd.array(pc.utf8_slice_codeunits(generators.generate("bank_card", n), 0, 18), dtype="str"))
        digits = digits.where(digits.str.len() == 18, "622202120200456789")
        op = resolve("fpe:ff1", key="bench")
        op.apply(digits.iloc[:1000], RING)
        sample = digits.iloc[: args.loop_rows].tolist()
        try:
            from fastfpe import ff1 as fastfpe_ff1

            hexkey = KEY.hex()
            rounds = in_turn(
                lambda: op.apply(digits, RING),
                lambda: [fastfpe_ff1.encrypt(hexkey, "", "0123456789", v) for v in sample],
                args.repeat,
                args.best_of,
                n / len(sample),
            )
            table.add(
                "fpe:ff1 (AES-256, 18 digits)",
                rounds,
                n,
                "fastfpe (Rust, per value)",
                4.0,
                extrapolated=len(sample) < n,
            )
        except ImportError:
            print("fastfpe not installed: pip install -e '.[bench]'")
            table.failed = True
        try:
            from ff3 import FF3Cipher

            cipher = FF3Cipher(KEY.hex(), "D8E7920AFA330A")
            ff3_sample = digits.iloc[: args.ff3_rows].tolist()
            scale = n / len(ff3_sample)
            ff3_ref = lambda: [cipher.encrypt(v) for v in ff3_sample]  # noqa: E731
            rounds = in_turn(lambda: op.apply(digits, RING), ff3_ref, args.repeat, args.best_of, scale)
            table.add("fpe:ff1 (AES-256, 18 digits)", rounds, n, "ff3 (FF3-1, pure Python)", 100.0, extrapolated=True)
            with warnings.catch_warnings():  # FF3-1 is withdrawn; measured for legacy interoperability only
                warnings.simplefilter("ignore")
                op3 = resolve("fpe:ff3-1", key="bench", tweak="D8E7920AFA330A", raw_key=True)
            check = digits.iloc[:5]
            assert op3.apply(check, RING).tolist() == [cipher.encrypt(v) for v in check], "FF3-1 differs from ff3"
            rounds = in_turn(lambda: op3.apply(digits, RING), ff3_ref, args.repeat, args.best_of, scale)
            table.add("fpe:ff3-1 (AES-256, 18 digits)", rounds, n, "ff3 (FF3-1, pure Python)", 100.0, extrapolated=True)
        except ImportError:
            print("ff3 not installed: pip install -e '.[bench]'")
            table.failed = True

    # -- zjgov mask of a population file -------------------------------------------------------------
    if "file" in only:
        with tempfile.TemporaryDirectory() as tmp:
            src, out, ref_out = Path(tmp) / "population.csv", Path(tmp) / "masked.csv", Path(tmp) / "copy.csv"
            pacsv.write_csv(population(n, rng), src)
            inventory = classify_file(src)
            policy = policy_from_inventory(inventory)
            treatments = ", ".join(f"{c}={r.operator}" for c, r in policy.columns.items())
            zjgov_fn = lambda: mask_file(src, out, policy, RING)  # noqa: E731
            ref_fn = lambda: pacsv.write_csv(pacsv.read_csv(src), ref_out)  # noqa: E731
            zjgov_fn(), ref_fn()  # warm: imports, reference tables and the page cache for both sides
            rounds = in_turn(zjgov_fn, ref_fn, args.repeat, args.best_of)
            table.add("zjgov mask (generated policy, CSV)", rounds, n, "pyarrow read_csv + write_csv", 0.5)
            print(f"population policy: {treatments}")

    table.show()
    print(f"load at the end: {load()}")
    return 1 if table.failed else 0


if __name__ == "__main__":
    hashlib.new("sm3")  # fail early, and clearly, without SM3
    raise SystemExit(main())
