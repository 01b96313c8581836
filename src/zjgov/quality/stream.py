"""Where the engine's rows come from: a frame in memory or a file streamed in batches.

A *source* can be read several times (the engine makes a second pass only for uniqueness
candidates and for quarantine output): a frame in memory is sliced into views, a file is
streamed again through :func:`zjgov.io.iter_batches`.

>>> import pandas as pd
>>> src = FrameSource(pd.DataFrame({"a": range(5)}), batch_rows=2)
>>> [len(b) for b in src.batches()], src.columns
([2, 2, 1], ['a'])
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from zjgov import io


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
        self.encoding = encoding
        self.batch_rows = batch_rows
        self.columns = [str(c) for c in info["columns"]]
        self.bytes = int(info.get("bytes") or 0)
        self.rows_hint = info.get("rows")

    def batches(self) -> Iterator[pd.DataFrame]:
        # the next batch is parsed in a background thread (Arrow releases the GIL) while the
        # rules run on the current one; at most two batches wait, so memory stays bounded
        yield from prefetch(io.iter_batches(self.path, batch_rows=self.batch_rows, encoding=self.encoding))

    def size_hint(self) -> int | None:
        return self.rows_hint


_DONE = object()


def prefetch(items: Iterator[pd.DataFrame], depth: int = 2) -> Iterator[pd.DataFrame]:
    """Yield ``items`` while a background thread reads ahead up to ``depth`` of them.

    Errors raised while reading are re-raised in the consumer, in order; if the consumer
    stops early, the reader stops too.

    >>> list(prefetch(iter([1, 2, 3])))
    [1, 2, 3]
    """
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put(_Failure(exc))
            return
        put(_DONE)

    thread = threading.Thread(target=work, name="zjgov-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def progress_bar(total: int | None, enabled: bool | None, desc: str):
    """A tqdm bar on stderr when it is a terminal (or when forced), otherwise ``None``."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" rows", unit_scale=True, desc=desc, file=sys.stderr, leave=False)
