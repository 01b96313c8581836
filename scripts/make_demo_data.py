"""Generate the bundled demo data of ``zjgov demo``: fictitious population records with defects.

Every person is invented: valid citizen ID numbers are built from GB/T 2260 codes of
Zhejiang counties with the GB 11643 check character (``zjgov.codes.citizen_id``), names from
the surname table and a list of given names. Then realistic defects are planted at fixed
rates: bad check characters, impossible birth dates, IDs of abolished (still valid) counties,
blanks, duplicate records, sex and birth date that disagree with the ID, stale update times,
unknown ethnic-group codes, phone numbers with bad prefixes, unknown status values, records
dated before the birth. The random seed is fixed, so the output is the same on every run.

Run from the repository root: ``python scripts/make_demo_data.py``. It writes
``src/zjgov/demo/population.csv``; the rule set ``src/zjgov/demo/rules.yaml`` is kept by hand.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd

from zjgov import _data
from zjgov.codes import citizen_id

SEED = 20261128
ROWS = 2000
OUT = Path(__file__).resolve().parents[1] / "src" / "zjgov" / "demo" / "population.csv"
REFERENCE = dt.datetime(2026, 6, 30)  # the rule set's fixed reference time

GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "浩然",
    "子涵",
    "欣怡",
    "梓轩",
    "雨桐",
    "宇轩",
    "一诺",
    "思远",
    "佳怡",
    "俊杰",
    "晓东",
    "海燕",
    "建华",
    "国庆",
    "志强",
    "春梅",
]
STATUSES = ["在册"] * 90 + ["迁出"] * 6 + ["死亡"] * 4
ABOLISHED = ["330103", "330104"]  # 下城区, 江干区 (abolished 2021): still valid inside old ID numbers
SUCCESSOR = {"330103": "330105", "330104": "330102"}
STREETS = ["解放路", "延安路", "文三路", "中山北路", "人民路", "环城西路", "钱江路", "湖墅南路", "凤起路", "体育场路"]


def _counties() -> list[str]:
    d = _data.table("gb2260_divisions")
    zj = d[d.code.str.startswith("33") & (d.level == "county")]
    return sorted(zj.code.tolist())


def _id(region: str, born: dt.date, seq: int, rng: random.Random) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + citizen_id.check_char(body)


def _phone(rng: random.Random) -> str:
    return rng.choice(["13", "15", "17", "18", "19"]) + f"{rng.randrange(10**9):09d}"


def make(rows: int = ROWS, seed: int = SEED) -> pd.DataFrame:
    rng = random.Random(seed)
    counties = _counties()
    surnames = _data.table("chinese_surnames")
    common = surnames[surnames.length == "1"].surname.tolist()[:120]
    records = []
    for i in range(rows):
        region = rng.choice(ABOLISHED) if rng.random() < 0.03 else rng.choice(counties)
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 66))
        male = rng.random() < 0.5
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        registered = born + dt.timedelta(days=rng.randrange(1, 60))
        updated = REFERENCE - dt.timedelta(days=rng.randrange(0, 300), seconds=rng.randrange(86400))
        records.append(
            {
                "人员编号": f"ZJ{i + 1:06d}",
                "姓名": rng.choice(common) + rng.choice(GIVEN),
                "公民身份号码": _id(region, born, seq, rng),
                "性别": "1" if male else "2",
                "出生日期": born.isoformat(),
                "民族": "01" if rng.random() < 0.92 else f"{rng.randrange(2, 57):02d}",
                "户籍地区划": SUCCESSOR.get(region, region),
                "联系电话": _phone(rng),
                "现住址": f"浙江省{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
                "人员状态": rng.choice(STATUSES),
                "登记日期": registered.isoformat(),
                "更新时间": updated.strftime("%Y-%m-%d %H:%M:%S"),
            }
        )
    _plant(records, rng)
    frame = pd.DataFrame(records)
    dupes = frame.sample(n=25, random_state=seed)  # exact duplicate records, inserted after their originals
    frame = pd.concat([frame, dupes]).sort_index(kind="stable").reset_index(drop=True)
    return frame


def _plant(records: list[dict], rng: random.Random) -> None:
    """Plant each kind of defect in its own random rows."""
    n = len(records)
    pick = lambda k: rng.sample(range(n), k)  # noqa: E731
    for i in pick(30):  # wrong check character
        idn = records[i]["公民身份号码"]
        records[i]["公民身份号码"] = idn[:17] + rng.choice([c for c in "0123456789X" if c != idn[17]])
    for i in pick(15):  # impossible birth date inside the ID (30 February, month 13)
        r = records[i]
        body = r["公民身份号码"][:6] + rng.choice(["19900230", "19851301", "19770431"]) + r["公民身份号码"][14:17]
        r["公民身份号码"] = body + citizen_id.check_char(body)
    for i in pick(10):  # residence still recorded under an abolished county
        records[i]["户籍地区划"] = rng.choice(ABOLISHED)
    for i in pick(8):
        records[i]["公民身份号码"] = None
    for i in pick(20):
        records[i]["姓名"] = rng.choice(["", " ", None])
    for i in pick(60):
        records[i]["现住址"] = None
    for i in pick(40):
        records[i]["联系电话"] = None
    for i in pick(20):  # sex that contradicts the ID
        records[i]["性别"] = "2" if records[i]["性别"] == "1" else "1"
    for i in pick(5):
        records[i]["性别"] = "3"
    for i in pick(20):  # birth date that contradicts the ID
        born = dt.date.fromisoformat(records[i]["出生日期"]) + dt.timedelta(days=rng.choice([-400, -31, 1, 365]))
        records[i]["出生日期"] = born.isoformat()
    for i in pick(8):
        records[i]["出生日期"] = rng.choice(["1990-02-30", "1988-13-05", "19750631"])
    for i in pick(15):  # ethnic-group codes not in GB/T 3304
        records[i]["民族"] = rng.choice(["99", "60", "1", "汉"])
    for i in pick(25):  # phone numbers with impossible prefixes or lengths
        records[i]["联系电话"] = rng.choice(["12", "10", "11"]) + f"{rng.randrange(10**9):09d}"
    for i in pick(10):
        records[i]["联系电话"] = "1" + f"{rng.randrange(10**9):09d}"
    for i in pick(10):
        records[i]["人员状态"] = rng.choice(["未知", "在冊", "active"])
    for i in pick(12):  # recorded before being born
        born = _date(records[i]["出生日期"])
        if born:
            records[i]["登记日期"] = (born - dt.timedelta(days=rng.randrange(5, 400))).isoformat()
    for i in pick(110):  # records not updated for years
        records[i]["更新时间"] = (REFERENCE - dt.timedelta(days=rng.randrange(800, 3000))).strftime("%Y-%m-%d %H:%M:%S")


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def main() -> None:
    frame = make()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(OUT, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {OUT} ({len(frame)} rows)")


if __name__ == "__main__":
    main()
