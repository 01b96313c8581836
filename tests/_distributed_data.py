"""Shared data and comparisons of the distributed tests (test_distributed_*.py).

The population comes from bench/scale_data.py (planted defects, duplicates copied from rows far
away, so they fall in other partitions); every comparison is against the single-machine run of
the same rows in one pandas frame.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import scale_data

from zjgov import classification, quality
from zjgov.exchange import Schema
from zjgov.quality import RuleSet, rule
from zjgov.security import EnvKeys, KeyRing, apply, load_policy_text
from zjgov.security import privacy as P

NOW = _dt.datetime(2026, 6, 30)
QIS = ["性别", "年龄段"]
SENSITIVE = ["学历", "年龄"]  # t-closeness: the equal distance (codes) and the ordered one (numbers)
KEY = "ab" * 32


@functools.cache
def population(n: int = 3000) -> pd.DataFrame:
    frame = scale_data.population(n)
    frame["年龄段"] = (frame["年龄"] // 20 * 20).astype(str)
    frame["省"] = frame["户籍地"].str[:2]
    frame["学历"] = (
        pd.Series(["10", "20", "30", "40", "60", "90"], dtype="str").sample(n, replace=True, random_state=3).to_numpy()
    )
    frame.loc[frame.index[::97], "性别"] = None
    frame.loc[frame.index[::499], QIS] = None  # suppressed records: every quasi-identifier null
    # other spellings of repeated ID numbers (one key in compact form): lower-case x, full-width digits
    ids = frame["公民身份号码"]
    later = np.flatnonzero(ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy())
    wide = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    for i in later[::3]:
        frame.iat[i, 0] = ids.iat[i].lower() if ids.iat[i].endswith("X") else ids.iat[i].translate(wide)
    return frame.astype({c: "str" for c in ("年龄段", "省", "学历")})


def organisations() -> pd.DataFrame:
    return scale_data.organisations()


def ruleset() -> RuleSet:
    return RuleSet.from_rules(
        "population",
        [
            rule("required_columns", ["公民身份号码", "姓名", "缺少的列"]),
            rule("not_null", "公民身份号码"),
            rule("not_blank", "姓名"),
            rule("code", "公民身份号码", code="citizen_id"),
            rule("code", "联系电话", code="mobile", threshold=0.9),
            rule("in_table", "性别", table="sex"),
            rule("range", "年龄", min=0, max=120),
            rule("unique", "公民身份号码"),
            rule("duplicates"),
            rule("duplicates", ["姓名", "性别"], id="同名同性别"),
            rule("row_count", min=10),
            rule("record_completeness", min_filled=0.9),
        ],
        reference_time=NOW,
    )


def schema() -> Schema:
    return Schema.from_dict(
        {
            "name": "population",
            "elements": [
                {"use": "公民身份号码", "required": True},
                {"use": "姓名", "required": True},
                {"use": "性别代码", "column": "性别"},
                {
                    "identifier": "AGE",
                    "中文名称": "年龄",
                    "数据类型": "数值型",
                    "数据格式": "n..3",
                    "值域": "range:0..120",
                },
                {"use": "联系电话"},
                {"use": "户籍地行政区划代码", "column": "户籍地"},
                {"use": "统一社会信用代码", "column": "单位代码"},
            ],
            "primary_key": ["公民身份号码"],
            "foreign_keys": [
                {"columns": ["单位代码"], "reference": {"resource": "orgs", "columns": ["单位代码"]}},
                {"columns": ["户籍地"], "reference": {"resource": "population", "columns": ["户籍地"]}},
            ],
        }
    )


def policy():
    return load_policy_text(
        "key: k1\n"
        "columns:\n"
        "  公民身份号码: mask:citizen_id\n"
        "  姓名: {operator: 'pseudonym:hmac-sha256', length: 16}\n"
        "  联系电话: mask:mobile\n"
        "  年龄: {operator: generalise:age, width: 10}\n"
        "records: {where: {column: 性别, in: ['3']}}\n"
    )


# The key reaches the workers through their environment (set before any cluster starts): what
# travels is the factory below, which pickles as "KeyRing(EnvKeys())" — never the key.
os.environ.setdefault("ZJGOV_KEY_K1", f"hex:{KEY}")
keys = functools.partial(KeyRing, EnvKeys())


# -- the single-machine answers and the comparisons ----------------------------------------------
def quality_json(result: quality.QualityResult) -> dict:
    d = json.loads(result.to_json())
    d.pop("created")
    return d


_ANSWERS: dict[tuple[str, int], object] = {}


def _answer(kind: str, frame: pd.DataFrame, compute):
    """The single-machine answer for one of the (cached, never modified) frames."""
    key = (kind, id(frame))
    if key not in _ANSWERS:
        _ANSWERS[key] = compute()
    return _ANSWERS[key]


def assert_same_quality(got: quality.QualityResult, frame: pd.DataFrame, planted: bool = True) -> None:
    want = _answer("quality", frame, lambda: quality_json(quality.check(frame, ruleset(), now=NOW)))
    assert quality_json(got) == want
    assert not planted or any(d["count"] > 1 for d in want["duplicates"])  # the data really has duplicates


def assert_same_schema(got, frame: pd.DataFrame, references: dict, planted: bool = True) -> None:
    want = _answer("schema", frame, lambda: schema().validate(frame, references=references))
    assert got.to_dict(limit=None) == want.to_dict(limit=None)
    pd.testing.assert_frame_equal(got.violations.astype(object), want.violations.astype(object))
    assert not planted or {"duplicate_key", "foreign_key", "checksum"} <= set(want.counts)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as Python objects, every missing value as None (engines differ in NA/NaN and dtypes)."""
    out = frame.reset_index(drop=True).astype(object)
    return out.where(out.notna(), None)


def assert_same_mask(masked: pd.DataFrame, record, frame: pd.DataFrame) -> None:
    want, want_record = apply(frame, policy(), keys())
    pd.testing.assert_frame_equal(plain(masked), plain(want))
    a, b = record.to_dict(), want_record.to_dict()
    for d in (a, b):
        d.pop("created")
    assert a == b
    assert want_record.records["suppressed"] > 0


@functools.cache
def census() -> pd.DataFrame:
    """A population register for the journalist risk: the release's rows and others, without the
    combinations of men in their forties (released classes the register lacks)."""
    frame = pd.concat([population(), population(5000).iloc[3000:]], ignore_index=True)
    return frame[~((frame["性别"] == "1") & (frame["年龄段"] == "40"))].reset_index(drop=True)


def _same(a, b) -> bool:
    """Equal, floats to 1e-12 (a sum over classes may be taken in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b


def assert_same_privacy(got, frame: pd.DataFrame, population: pd.DataFrame | None = None) -> None:
    want = P.measure(frame, QIS, sensitive=SENSITIVE, population=population)
    assert type(got) is type(want)
    for f in dataclasses.fields(got):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert _same(a, b), (f.name, a, b)
    assert want.suppressed > 0 and want.classes > 10 and len(want.histogram) > 3
    assert all(0 < t < 1 for t in want.t.values())
    assert population is None or (want.journalist.population_missing > 0 and want.journalist.average < 0.2)


def assert_same_inventory(got, frame: pd.DataFrame, n: int | None, sample) -> None:
    from zjgov.distributed import sample_rows

    if n is None or n >= len(frame):
        want = classification.classify(frame, sample=None)
    else:
        part, total = sample_rows(frame, n, seed=1)
        want = classification.classify(part, sample=None, rows=total, seed=1)
    assert got.to_frame().equals(want.to_frame())
    assert sample is None or len(sample) == min(n or len(frame), len(frame))


# -- the CLI runs ------------------------------------------------------------------------------------
AGENCY_LIST = """format: zjgov-protection-list/1
name: 测试机构清单
privacy:
  open: {k: 5, l: 3, t: 0.05, threshold: 0.2}
entries: []
"""


def audit_options() -> dict:
    """The audit of the tests: the default list and one that asks for k, l and t."""
    from zjgov.security.protection import default_list, loads, merge

    return {
        "protection_list": merge(default_list(), loads(AGENCY_LIST)),
        "scenario": "open",
        "qis": QIS,
        "sensitive": SENSITIVE,
    }


def audit_json(result) -> dict:
    d = json.loads(result.to_json())
    d.pop("created")
    return d


#: a hierarchy of 学历 (t then takes the hierarchical distance; 年龄 keeps the ordered one)
EDUCATION_TREE = {"10": ["低"], "20": ["低"], "30": ["中"], "40": ["中"], "60": ["高"], "90": ["高"]}


def assert_same_audit(got, frame: pd.DataFrame, **options) -> None:
    """The engine's audit equals the in-memory one (floats of the measurement to 1e-12)."""
    from zjgov.security.audit import audit

    want = audit_json(audit(frame, **options))
    got = audit_json(got)
    assert _same(got, want), (got, want)


def cli_files(folder: Path, rows: int = 1500) -> dict[str, Path]:
    """The files a user passes to the verbs (CSV data of at most 2,000 rows: the audit's classifier reads every row)."""
    files = {
        "data": folder / "population.csv",
        "orgs": folder / "orgs.csv",
        "census": folder / "census.csv",
        "schema": folder / "schema.yaml",
        "policy": folder / "policy.yaml",
        "keys": folder / "keys.yaml",
        "list": folder / "agency.yaml",
    }
    population(rows).to_csv(files["data"], index=False)
    organisations().to_csv(files["orgs"], index=False)
    census().to_csv(files["census"], index=False)
    files["schema"].write_text(schema().to_yaml(), encoding="utf-8")
    files["policy"].write_text(policy().to_yaml(), encoding="utf-8")
    files["keys"].write_text(f"keys: {{k1: 'hex:{KEY}'}}\n", encoding="utf-8")
    files["list"].write_text(AGENCY_LIST, encoding="utf-8")
    return files


def cli_runs(files: dict[str, Path], out: Path, engine: list[str]) -> dict[str, list[str]]:
    """The argument lists of ``schema validate``, ``mask`` and ``audit`` writing into ``out``."""
    f = {k: str(v) for k, v in files.items()}
    return {
        "schema": ["schema", "validate", f["data"], "--schema", f["schema"], "--reference", f"orgs={f['orgs']}",
                   "--violations", str(out / "violations.csv"), "--json"],
        "mask": ["mask", f["data"], "--policy", f["policy"], "--keys", f["keys"], "--out", str(out / "masked.csv")],
        "mask_parquet": ["mask", f["data"], "--policy", f["policy"], "--keys", f["keys"],
                         "--out", str(out / "masked.parquet")],
        "audit": ["audit", f["data"], "--list", "default", "--list", f["list"], "--qi", QIS[0], "--qi", QIS[1],
                  "--sensitive", SENSITIVE[0], "--sensitive", SENSITIVE[1], "--population", f["census"],
                  "--json-out", str(out / "audit.json"), "--effect-json", str(out / "effect.json")],
    }  # fmt: skip


def cli_outputs(out: Path) -> dict[str, object]:
    """What the verbs wrote, as bytes (the created stamps and the run's own file names taken out).

    A Parquet file is compared as its table and schema (metadata included): its row groups follow
    the batches the engine hands over (Spark's partitions), which is layout, not content."""
    import pyarrow.parquet as pq

    got: dict[str, object] = {}
    for name in ("violations.csv", "masked.csv", "effect.json"):
        if (out / name).exists():
            got[name] = (out / name).read_bytes()
    if (out / "masked.parquet").exists():
        table = pq.read_table(out / "masked.parquet")
        got["masked.parquet"] = (table.schema.to_string(show_schema_metadata=True), table.to_pylist())
    for name in ("masked.csv.audit.json", "masked.parquet.audit.json", "audit.json"):
        if (out / name).exists():
            d = json.loads((out / name).read_text(encoding="utf-8"))
            d.pop("created", None)
            got[name] = d
    return got
