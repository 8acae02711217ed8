"""Budgets that keep one page from stalling a scan, and the scan's memory bounded.

Extraction (trafilatura, lxml) costs grow with a page's elements, faster than linearly
on some shapes, and a 16 MB page of 1.5 million paragraphs kept a worker busy for
minutes at 2.4 GB. So a page's tags are counted before it is parsed (a count of "<",
several hundred MB/s), and its extraction and cleaning run under a limit of CPU time.
A page over either budget is skipped as ``too-complex``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

T = TypeVar("T")


class PageTimeout(BaseException):
    """A page ran out of CPU time. A BaseException: the libraries that extract a page
    catch ``Exception`` and must not swallow it."""


def count_tags(html: str) -> int:
    """About how many elements ``html`` opens: its "<" that do not close one (comments,
    declarations and a "<" in a script count too: an upper bound, in two C scans)."""
    return html.count("<") - html.count("</")


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Raise ``PageTimeout`` inside the block once this process has spent ``seconds`` of
    CPU time in it.

    CPU time, not wall time: a loaded machine must not turn good pages into skips. A
    profiling timer (SIGPROF) can only interrupt the main thread, so elsewhere, or with
    ``seconds`` <= 0, there is no limit; the element count still applies.
    """
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise PageTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# -- memory --------------------------------------------------------------------------
# What a scan holds at each step is bounded in characters of text (Python keeps a
# character in 1 byte for ASCII and Latin-1, up to 4 otherwise), besides the counts of
# documents that set its pace; for news none of these binds (a chunk of 5,000 articles
# is ~50 M characters with the text before cleaning). With pages of at most
# ``ScanConfig.max_page_bytes``, the scan's memory is bounded whatever its inputs hold.

#: Pages in one extraction task (with at most 64 pages; one larger page goes alone).
TASK_CHARS = 8_000_000
#: Pages handed to the workers and not yet extracted, all tasks together (plus one).
INFLIGHT_CHARS = 64_000_000
#: Text (cleaned and before cleaning) of one chunk of documents (at most 5,000); the
#: main process holds up to three chunks: stored, fingerprinted, extracted ahead.
CHUNK_CHARS = 64_000_000
#: Text of one fingerprinting batch (at most ``ScanConfig.batch_size`` documents).
BATCH_CHARS = 8_000_000
#: Words of the documents of one alignment task (at most 256 pairs); eight tasks are
#: read at a time.
TASK_WORDS = 1_000_000
#: Text of the documents each worker keeps prepared between alignment tasks (at most
#: 4,000 documents).
PREPARED_CHARS = 16_000_000


def batched_by(items: Iterable[T], size: int, weight: Callable[[T], int],
               budget: int) -> Iterator[list[T]]:
    """``items`` in batches of at most ``size`` items that weigh at most ``budget`` in
    all; an item heavier than ``budget`` makes a batch of its own."""
    batch: list[T] = []
    held = 0
    for item in items:
        heft = weight(item)
        if batch and (len(batch) >= size or held + heft > budget):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += heft
    if batch:
        yield batch


def take_by(items: Iterator[T], size: int, weight: Callable[[T], int], budget: int) -> list[T]:
    """The next items of ``items``, up to ``size`` of them and until they weigh at least
    ``budget`` (the item that reaches it included): nothing is drawn beyond."""
    taken: list[T] = []
    held = 0
    while len(taken) < size and held < budget:
        item = next(items, _END)
        if item is _END:
            break
        taken.append(item)  # type: ignore[arg-type]
        held += weight(item)  # type: ignore[arg-type]
    return taken


_END = object()
