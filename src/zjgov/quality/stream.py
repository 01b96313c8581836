"""Where the engine's rows come from: a frame in memory or a file streamed in batches.

The engine reads a source once (uniqueness included); only quarantine output reads it a second
time. A frame in memory is sliced into views; a file is streamed through
:func:`zjgov.io.iter_batches` with the encoding detected once, when the source is opened.

>>> import pandas as pd
>>> src = FrameSource(pd.DataFrame({"a": range(5)}), batch_rows=2)
>>> [len(b) for b in src.batches()], src.columns
([2, 2, 1], ['a'])
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from zjgov import io
from zjgov.core import threads


class FrameSource:
    """A frame already in memory, served in slices of ``batch_rows`` rows."""

    def __init__(self, frame: pd.DataFrame, *, batch_rows: int = 100_000, name: str = "dataframe") -> None:
        if not isinstance(frame, pd.DataFrame):
            raise TypeError("FrameSource needs a pandas DataFrame")
        if not all(isinstance(c, str) for c in frame.columns):  # rules name columns by text
            frame = frame.rename(columns=str)
        self.frame = frame
        self.batch_rows = max(int(batch_rows), 1)
        self.name = name
        self.path: str | None = None
        self.columns = [str(c) for c in frame.columns]

    def batches(self) -> Iterator[pd.DataFrame]:
        n = len(self.frame)
        for start in range(0, n, self.batch_rows):
            yield self.frame.iloc[start : start + self.batch_rows]

    def size_hint(self) -> int | None:
        return len(self.frame)


class FileSource:
    """A CSV/TSV, JSON Lines, Parquet or Excel file streamed in batches of ``batch_rows`` rows."""

    def __init__(self, path: str | os.PathLike[str], *, batch_rows: int = 100_000, encoding: str | None = None) -> None:
        info = io.file_info(path, encoding=encoding)
        self.path = str(path)
        self.name = Path(path).name
        self.encoding = info.get("encoding") or encoding  # detected once here, reused by every read
        self.batch_rows = batch_rows
        self.columns = [str(c) for c in info["columns"]]
        self.bytes = int(info.get("bytes") or 0)
        self.rows_hint = info.get("rows")

    def batches(self) -> Iterator[pd.DataFrame]:
        # the next batch is parsed in a background thread (Arrow releases the GIL) while the
        # rules run on the current one; at most two batches wait, so memory stays bounded
        yield from threads.prefetch(io.iter_batches(self.path, batch_rows=self.batch_rows, encoding=self.encoding))

    def size_hint(self) -> int | None:
        return self.rows_hint


def progress_bar(total: int | None, enabled: bool | None, desc: str):
    """A tqdm bar on stderr when it is a terminal (or when forced), otherwise ``None``."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" rows", unit_scale=True, desc=desc, file=sys.stderr, leave=False)
