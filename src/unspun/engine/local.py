"""The local engine: a process pool over all cores, or inline for small jobs and tests."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any


class InlineEngine:
    """Runs every batch in this process (no pickling; for tests and tiny inputs)."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], batches: Iterable[Any], *,
            ahead: int | None = None) -> Iterator[Any]:
        return map(fn, batches)

    def close(self) -> None:
        pass


class LocalEngine:
    """A process pool; keeps a bounded number of batches in flight so memory stays flat."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: workers start clean, without the parent's DuckDB handles.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("forkserver"))
        return self._pool

    def map(self, fn: Callable[[Any], Any], batches: Iterable[Any], *,
            ahead: int | None = None) -> Iterator[Any]:
        if self.workers == 1:
            yield from map(fn, batches)
            return
        pool = self._executor()
        window = max(1, ahead if ahead is not None else 2 * self.workers)
        pending: deque[Future[Any]] = deque()
        for batch in batches:
            pending.append(pool.submit(fn, batch))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
