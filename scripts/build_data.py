"""Rebuild the package data in src/zjgov/data from the shared reference tables.

Usage: python scripts/build_data.py [SHARED_DATA_DIR]   (default: ../shared/data)

Each table is read as text, checked for duplicate keys and rewritten sorted by its key with
LF line endings, so that a rebuild from the same source gives byte-identical files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

KEYS = {
    "gb2260_divisions": ["code"],
    "gb2260_history": ["code", "name"],
    "gb2260_changes_after_2024": ["code"],
    "gbt3304_ethnic_groups": ["code"],
    "gbt2261_1_sex": ["code"],
    "plate_province_abbreviations": ["plate_char"],
    "chinese_surnames": ["surname"],
    "gb32100_registration_authorities": ["code"],
    "gb32100_org_types": ["prefix"],
    "gbt4658_education": ["code"],
    "gbt4761_family_relationship": ["code"],
}


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    source = Path(argv[1]) if len(argv) > 1 else root.parent / "shared" / "data"
    target = root / "src" / "zjgov" / "data"
    for name, key in KEYS.items():
        frame = pd.read_csv(source / f"{name}.csv", dtype=str, keep_default_na=False)
        dup = frame.duplicated(key)
        if dup.any():
            raise SystemExit(f"{name}: duplicate keys {frame.loc[dup, key].values[:5]}")
        if name != "chinese_surnames":  # keep the 百家姓 order of the surname table
            frame = frame.sort_values(key, kind="stable")
        frame.to_csv(target / f"{name}.csv", index=False, lineterminator="\n")
        print(f"{name}: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
