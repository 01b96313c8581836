"""Build ``examples/package/``: a dataset package of fictitious legal-person records.

Run from the repository root: ``python scripts/make_example_package.py``. The result is
deterministic (fixed creation time, generated codes), so re-running it gives the same bytes.
The catalogue record is the 法人基础信息 row of ``examples/catalog.csv``; the schema binds
统一社会信用代码 to GB 32100 and 成立日期 to ``YYYY-MM-DD``. Then try::

    zjgov package verify examples/package
    zjgov package read examples/package --out /tmp/out
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from zjgov.codes import org_code, uscc
from zjgov.exchange import catalog, package
from zjgov.exchange.schema import Schema

ROOT = Path(__file__).resolve().parent.parent
CREATED = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
SCHEMA = {
    "name": "法人基础信息",
    "title": "法人基础信息（示例）",
    "elements": [
        {"中文名称": "统一社会信用代码", "英文名称": "uscc", "值域": "code:uscc", "必填": "是"},
        {"中文名称": "机构名称", "英文名称": "org_name", "数据格式": "c..100", "必填": "是"},
        {"中文名称": "法定代表人", "英文名称": "legal_representative", "数据格式": "c..50"},
        {"中文名称": "注册地址", "英文名称": "registered_address", "数据格式": "c..200"},
        {"中文名称": "成立日期", "英文名称": "established", "数据类型": "date", "数据格式": "YYYY-MM-DD"},
    ],
    "primary_key": ["统一社会信用代码"],
}


def fictitious_uscc(region: str, n: int) -> str:
    """A valid enterprise code (91…) with a made-up organisation-code body."""
    body8 = f"MA{n:06d}"
    head = "91" + region + body8 + org_code.check_char(body8)
    return head + uscc.check_char(head)


def legal_persons() -> pd.DataFrame:
    regions = ["330106", "330108", "330110", "330205", "330302"]
    rows = [
        {
            "统一社会信用代码": fictitious_uscc(regions[i % len(regions)], 1000 + i),
            "机构名称": f"浙江某某{['科技', '贸易', '建设', '物流', '咨询'][i % 5]}有限公司（虚构{i + 1:02d}）",
            "法定代表人": f"{'张王李赵陈'[i % 5]}某",
            "注册地址": f"浙江省某市某区示例路{10 + i}号",
            "成立日期": (dt.date(2010, 1, 1) + dt.timedelta(days=97 * i)).isoformat(),
        }
        for i in range(20)
    ]
    return pd.DataFrame(rows, dtype="str")


def main() -> int:
    records = catalog.validate_catalog(ROOT / "examples" / "catalog.csv")
    frame, _ = catalog.read_records(ROOT / "examples" / "catalog.csv")
    row = frame[frame["name"] == "法人基础信息"].iloc[0]
    assert row.name + 1 not in set(records.invalid_rows), "the 法人基础信息 record must be valid"
    record = catalog.CatalogRecord.from_any({k: v for k, v in row.items() if isinstance(v, str)})
    dest = ROOT / "examples" / "package"
    packed = package.pack(
        {"legal_persons": legal_persons()},
        dest,
        schema=Schema.from_dict(SCHEMA),
        catalog=record,
        producer={"name": "某市市场监督管理局（虚构）", "code": record.provider_code},
        created=CREATED,
        overwrite=True,
    )
    print(f"wrote {packed.path.relative_to(ROOT)}; package digest SM3 {packed.digest['sm3']}")
    return 0 if package.verify(dest).ok else 1


if __name__ == "__main__":
    sys.exit(main())
