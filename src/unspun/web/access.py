"""How a server reads an index file that a scan may be writing.

DuckDB lets one process write a file or several read it, never both. So the server holds
no connection between requests: each request opens the file read-only (~20 ms at 37,554
documents) and closes it, and a scan started meanwhile waits for it (``Store`` waits up
to ``LOCK_WAIT`` seconds for a lock). While a scan writes, opening fails at once with
:class:`~unspun.errors.IndexBusy`, which the app answers with 503 and Retry-After.
Inside the server, a page checked with ``"store": true`` is written by this process:
readers and that writer take turns (``write`` waits for the readers to finish).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..store import Store


class IndexAccess:
    """Read-only connections per request, and one writer at a time, to one index file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._turns = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[Store]:
        with self._turns:
            self._turns.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            store = Store(self.path, read_only=True, wait=0)
            try:
                # DuckDB draws a progress bar on the server's terminal for slow queries.
                store.con.execute("SET enable_progress_bar = false")
                yield store
            finally:
                store.close()
        finally:
            with self._turns:
                self._readers -= 1
                self._turns.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._turns:
            self._turns.wait_for(lambda: not self._writing and self._readers == 0)
            self._writing = True
        try:
            yield
        finally:
            with self._turns:
                self._writing = False
                self._turns.notify_all()
