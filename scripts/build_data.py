"""Rebuild the package data in src/zjgov/data from the shared reference tables.

Usage: python scripts/build_data.py [SHARED_DATA_DIR]   (default: ../shared/data)

Each table is read as text, checked for duplicate keys and rewritten sorted by its key with
LF line endings, so that a rebuild from the same source gives byte-identical files. Then the
packed indexes that validity checks read (``PACKED``: file stem -> the module whose
``derive_index()`` computes it from those CSV files) are written as compact JSON, so that no
table is parsed row by row at run time (tests/test_code_tables.py checks they are current).
"""

from __future__ import annotations

import importlib
import json
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

PACKED = {"gb2260_index": "zjgov.codes.division", "gb32100_index": "zjgov.codes.uscc"}


def write_packed(target: Path) -> None:
    """Write every packed index from the CSV files now in ``target`` (this tree's zjgov)."""
    sys.path.insert(0, str(target.parent.parent))
    for name, module in PACKED.items():
        packed = importlib.import_module(module).derive_index()
        text = json.dumps(packed, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (target / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(text):,} bytes")


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
    write_packed(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
