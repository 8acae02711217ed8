"""The local engine: a process pool over all cores, or inline for small jobs and tests."""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import forkserver, get_context
from typing import Any

from . import windowed


class InlineEngine:
    """Runs every batch in this process (no pickling; for tests and tiny inputs)."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], batches: Iterable[Any], *,
            ahead: int | None = None, weight: Callable[[Any], int] | None = None,
            budget: int | None = None) -> Iterator[Any]:
        return map(fn, batches)

    def close(self, *, now: bool = False) -> None:
        pass


class LocalEngine:
    """A process pool; keeps a bounded number of batches in flight so memory stays flat.

    ``preload``: modules the server that forks the workers imports once, so that every
    worker starts with them (shared, copy-on-write) instead of importing its own copy.
    The server starts here, and imports them while the caller goes on with its own
    start-up; the first batch waits for it.
    """

    def __init__(self, workers: int = 0, preload: Sequence[str] = ()) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1 and preload:
            # Only a server not yet running takes a preload: one started earlier in this
            # process serves as it is.
            forkserver.set_forkserver_preload(list(preload))
            forkserver.ensure_running()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: workers start clean, without the parent's DuckDB handles.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("forkserver"),
                                             initializer=exit_with, initargs=(os.getpid(),))
        return self._pool

    def map(self, fn: Callable[[Any], Any], batches: Iterable[Any], *,
            ahead: int | None = None, weight: Callable[[Any], int] | None = None,
            budget: int | None = None) -> Iterator[Any]:
        if self.workers == 1:
            return map(fn, batches)
        pool = self._executor()
        return windowed(batches, lambda batch: pool.submit(fn, batch), Future.result,
                        window=max(1, ahead if ahead is not None else 2 * self.workers),
                        weight=weight, budget=budget)

    def close(self, *, now: bool = False) -> None:
        """Stop the workers: once their tasks are done, or ``now`` (an interrupted scan:
        whatever they are doing is thrown away, and a task may take a page's budget)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if now:
            # ProcessPoolExecutor has no way to stop a running task before Python 3.14.
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.join(5)
        pool.shutdown(cancel_futures=True)


def exit_with(parent: int) -> None:
    """Pool worker initializer: exit as soon as ``parent``, the process that owns the
    pool, is gone.

    Killed (SIGKILL, the OOM killer), the parent cannot stop its workers, and they would
    wait for tasks forever, keeping the forkserver and the resource tracker alive with
    them (each holds their pipes). A thread blocked on the parent's pidfd, which becomes
    readable when it exits, costs nothing meanwhile; without pidfds it polls each second.
    """
    try:
        handle: int | None = os.pidfd_open(parent)
    except (AttributeError, OSError):  # not Linux >= 5.3, or the parent is already gone
        handle = None
        if not _alive(parent):
            os._exit(1)

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while _alive(parent):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's (the pid was reused)
        return True
    return True
