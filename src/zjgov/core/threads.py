"""The one thread pool of zjgov, with one setting (internal; stable names).

NumPy and Arrow release the GIL inside their loops, so the blocks of a column, the columns of
a frame and the rules of a batch can run on several threads. Every package uses
:func:`parallel_map` (or :func:`pool`) instead of starting its own executor. The number of
threads is :func:`threads`: the environment variable ``ZJGOV_THREADS`` when set (``1`` inside
engines that already run one task per core, such as Dask or Spark workers), else the CPU count
capped at 4. It is read when first needed, so setting it before the first check works.

>>> parallel_map(lambda x: x * x, [1, 2, 3])
[1, 4, 9]
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["helper", "parallel_map", "pool", "prefetch", "threads"]

T = TypeVar("T")
R = TypeVar("R")

_POOL: list[ThreadPoolExecutor] = []
_LOCK = threading.Lock()
_IN_WORKER = threading.local()
_DEFAULT_CAP = 4


def threads() -> int:
    """Threads zjgov may use: ``ZJGOV_THREADS`` if set (at least 1), else ``min(CPUs, 4)``."""
    raw = os.environ.get("ZJGOV_THREADS", "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            pass  # a bad setting falls back to the default rather than failing every check
    return max(1, min(os.cpu_count() or 1, _DEFAULT_CAP))


def in_worker() -> bool:
    """Whether the calling thread is one of the pool's workers."""
    return getattr(_IN_WORKER, "active", False)


def pool() -> ThreadPoolExecutor | None:
    """The shared executor (``None`` when only one thread is allowed or inside a worker)."""
    n = threads()
    if n < 2 or in_worker():
        return None
    if not _POOL:
        with _LOCK:
            if not _POOL:
                _POOL.append(ThreadPoolExecutor(n, "zjgov", initializer=_mark_worker))
    return _POOL[0]


def parallel_map(fn: Callable[[T], R], jobs: Iterable[T]) -> list[R]:
    """``[fn(job) for job in jobs]``, on the shared pool when there are several jobs.

    Inside a worker (a kernel that checks another code, an element checked in parallel) the
    jobs run serially: the pool never waits on itself.
    """
    jobs = list(jobs)
    executor = pool() if len(jobs) > 1 else None
    if executor is None:
        return [fn(job) for job in jobs]
    return list(executor.map(fn, jobs))


def helper(name: str) -> ThreadPoolExecutor:
    """A one-thread executor for a pipeline stage that runs beside the caller (SM3 beside
    SHA-256, a digest beside a writer); use it as a context manager.

    Never the shared pool: the caller may itself be one of its workers, and a stage that
    waits for a busy pool would stall the pipeline.

    >>> with helper("demo") as stage:
    ...     stage.submit(sum, [1, 2]).result()
    3
    """
    return ThreadPoolExecutor(1, thread_name_prefix=f"zjgov-{name}")


def submit(fn: Callable[..., R], *args: Any) -> Any:
    """Run ``fn(*args)`` on the shared pool (or at once, in this thread, without one); returns
    an object with ``result()``."""
    executor = pool()
    if executor is None:
        return _Done(fn(*args))
    return executor.submit(fn, *args)


class _Done:
    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


def _mark_worker() -> None:
    _IN_WORKER.active = True


def _after_fork() -> None:  # a forked child has no pool threads: start a fresh pool there
    global _LOCK
    _POOL.clear()
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


_DONE = object()


def prefetch(items: Iterator[T], depth: int = 2) -> Iterator[T]:
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
