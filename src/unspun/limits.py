"""Budgets that keep one page from stalling a scan.

Extraction (trafilatura, lxml) costs grow with a page's elements, faster than linearly
on some shapes, and a 16 MB page of 1.5 million paragraphs kept a worker busy for
minutes at 2.4 GB. So a page's tags are counted before it is parsed (a count of "<",
several hundred MB/s), and its extraction and cleaning run under a limit of CPU time.
A page over either budget is skipped as ``too-complex``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


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
