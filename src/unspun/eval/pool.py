"""A small process pool for the evaluations: the encoder loads once per worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, TypeVar

T = TypeVar("T")


def pool_map(fn: Callable[[T], Any], jobs: Sequence[T], workers: int = 2) -> list[Any]:
    """``[fn(job) for job in jobs]``, spread over ``workers`` processes, in order."""
    if workers <= 1 or len(jobs) <= 1:
        return [fn(job) for job in jobs]
    # forkserver: workers start clean, whatever the parent holds (DuckDB handles, threads).
    with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
        return list(pool.map(fn, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
