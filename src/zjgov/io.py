"""Reading tables for every verb: one place, one set of formats and encodings.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_bytes("姓名,编号\\n张三,001\\n".encode("gbk"))
>>> read_table(p)["编号"].tolist()
['001']
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from zjgov.errors import ConfigError

ENCODINGS = ("utf-8-sig", "gb18030")


def read_table(path: str | os.PathLike[str], *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a CSV/TSV (UTF-8 with or without BOM, or GB 18030/GBK), JSON Lines or Parquet file.

    Every column is read as text so that identifiers keep their leading zeros.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"找不到文件：{path}", f"file not found: {path}", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path, columns=columns)
    if suffix in (".jsonl", ".ndjson"):
        frame = pd.read_json(path, lines=True, dtype=False)
        return frame if columns is None else frame[columns]
    sep = "\t" if suffix in (".tsv", ".tab") else ","
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding, usecols=columns
        )
    raise ConfigError(f"无法识别文件编码：{path}", f"cannot decode file as UTF-8 or GB 18030: {path}", file=str(path))
