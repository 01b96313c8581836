"""Progress of a long verb, in the chosen language: a bar with total and ETA on a terminal,
periodic plain lines otherwise (CI and scheduler logs), or nothing.

Every long verb takes ``--progress {auto,bar,plain,none}`` (:func:`add_option`); ``auto`` is a
bar when standard error is a terminal and plain lines when it is not. Plain lines come every
``interval`` seconds (10 by default, or ``ZJGOV_PROGRESS_SECONDS``), so a short run prints none. A verb reports work with
:meth:`Progress.update` (thread-safe) and may learn its total late (:meth:`Progress.set_total`).

>>> import io
>>> sink = io.StringIO()
>>> clock = iter(range(0, 100, 5)).__next__
>>> with Progress(40, label=("检查", "check"), lang="en", mode="plain", stream=sink, clock=clock, interval=5) as p:
...     for _ in range(4):
...         p.update(10)
>>> print(sink.getvalue().strip())
check: 10 / 40 rows (25%), 2 rows/s, ETA 0:00:15
check: 20 / 40 rows (50%), 2 rows/s, ETA 0:00:10
check: 30 / 40 rows (75%), 2 rows/s, ETA 0:00:05
check: 40 / 40 rows (100%), 2 rows/s, ETA 0:00:00
check: done, 40 rows in 0:00:25
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

from zjgov import i18n

Mode = Literal["auto", "bar", "plain", "none"]
MODES = ("auto", "bar", "plain", "none")

i18n.add(
    {
        "cli.progress": (
            "进度显示：auto（默认：终端上显示进度条，否则定期输出一行）、bar、plain 或 none",
            "progress: auto (default: a bar on a terminal, periodic lines otherwise), bar, plain or none",
        ),
        "progress.line": (
            "{label}：{done} / {total} {unit}（{percent}），{rate} {unit}/秒，预计剩余 {eta}",
            "{label}: {done} / {total} {unit} ({percent}), {rate} {unit}/s, ETA {eta}",
        ),
        "progress.line_open": (
            "{label}：{done} {unit}，{rate} {unit}/秒",
            "{label}: {done} {unit}, {rate} {unit}/s",
        ),
        "progress.done": ("{label}：完成，{done} {unit}，用时 {elapsed}", "{label}: done, {done} {unit} in {elapsed}"),
        "progress.rows": ("行", "rows"),
        "progress.bytes": ("字节", "bytes"),
    }
)


def add_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """``--progress {auto,bar,plain,none}`` on a verb's parser."""
    parser.add_argument("--progress", choices=MODES, default="auto", help=i18n.text("cli.progress", lang))


def _clock_text(seconds: float) -> str:
    return str(_dt.timedelta(seconds=max(0, round(seconds))))


class Progress:
    """Counts work done and shows it (see the module docstring)."""

    def __init__(
        self,
        total: int | None = None,
        *,
        label: tuple[str, str],
        lang: str = "zh",
        mode: Mode = "auto",
        unit: str = "rows",
        stream: IO[str] | None = None,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            mode = "bar" if _isatty(self.stream) else "plain"
        self.mode, self.lang, self.total = mode, i18n.check_lang(lang), total
        self.label = label[0 if self.lang == "zh" else 1]
        self.unit = i18n.text(f"progress.{unit}", self.lang)
        if interval is None:  # ZJGOV_PROGRESS_SECONDS sets the period of plain lines (10 s by default)
            interval = float(os.environ.get("ZJGOV_PROGRESS_SECONDS", "10"))
        self.interval = interval if mode == "plain" else min(interval, 0.2)
        self.clock = clock
        self.done = 0
        self.lines = 0
        self._lock = threading.Lock()
        self._start = clock()
        self._last = self._start
        self._closed = False

    def set_total(self, total: int | None) -> None:
        with self._lock:
            self.total = total

    def update(self, n: int = 1) -> None:
        """Count ``n`` more units; show them when it is time."""
        if self.mode == "none":
            return
        with self._lock:
            self.done += int(n)
            now = self.clock()
            if now - self._last >= self.interval:
                self._last = now
                self._show(now)

    def _text(self, now: float) -> str:
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        fields: dict[str, Any] = {
            "label": self.label,
            "unit": self.unit,
            "done": f"{self.done:,}",
            "rate": f"{rate:,.0f}",
        }
        if self.total:
            left = max(self.total - self.done, 0) / rate if rate > 0 else 0
            fields.update(
                total=f"{self.total:,}", percent=f"{min(self.done / self.total, 1):.0%}", eta=_clock_text(left)
            )
            return i18n.text("progress.line", self.lang, **fields)
        return i18n.text("progress.line_open", self.lang, **fields)

    def _show(self, now: float) -> None:
        text = self._text(now)
        with contextlib.suppress(OSError, ValueError):
            if self.mode == "bar":
                self.stream.write("\r" + text + "\x1b[K")
            else:
                self.stream.write(text + "\n")
            self.stream.flush()
        self.lines += 1

    def close(self) -> None:
        """End the display (a final line when anything was shown); idempotent."""
        with self._lock:
            if self._closed or self.mode == "none":
                self._closed = True
                return
            self._closed = True
            if not self.lines:
                return
            now = self.clock()
            text = i18n.text(
                "progress.done",
                self.lang,
                label=self.label,
                unit=self.unit,
                done=f"{self.done:,}",
                elapsed=_clock_text(now - self._start),
            )
            with contextlib.suppress(OSError, ValueError):
                self.stream.write(("\r" + text + "\x1b[K\n") if self.mode == "bar" else text + "\n")
                self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def estimate_rows(path: str | os.PathLike[str]) -> int | None:
    """The number of data rows of a file: exact for Parquet, estimated from the first 4 MiB for
    text formats (line count scaled by the file size), None when unknown.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("a\\n1\\n2\\n3\\n", encoding="utf-8")
    >>> estimate_rows(p)
    3
    """
    p = Path(path)
    try:
        suffix = p.suffix.lower()
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(p).metadata.num_rows)
        if suffix not in (".csv", ".txt", ".tsv", ".tab", ".jsonl", ".ndjson"):
            return None
        size = p.stat().st_size
        with open(p, "rb") as fh:
            head = fh.read(4 << 20)
        lines = head.count(b"\n") + (not head.endswith(b"\n") and bool(head))
        header = 0 if suffix in (".jsonl", ".ndjson") else 1
        if len(head) >= size:
            return max(lines - header, 0)
        return max(round(lines * size / len(head)) - header, 0)
    except Exception:  # an estimate only: the verb reports an unreadable file itself
        return None


@contextlib.contextmanager
def quality_engine(progress: Progress) -> Iterator[bool]:
    """Route the quality engine's row counter into ``progress`` while checking (yields the value
    to pass as ``check(progress=…)``)."""
    from zjgov.quality import engine

    original = getattr(engine, "progress_bar", None)
    if original is None or progress.mode == "none":
        yield False
        return

    def bar(total, enabled, desc):
        if total:
            progress.set_total(total)
        return progress

    engine.progress_bar = bar
    try:
        yield True
    finally:
        engine.progress_bar = original


@contextlib.contextmanager
def reading(progress: Progress) -> Iterator[None]:
    """Count every row :func:`zjgov.io.iter_batches` yields while the block runs (verbs whose
    library call reads the file itself: classify, package create)."""
    from zjgov import io

    if progress.mode == "none":
        yield
        return
    with io.observe(progress.update):
        yield
