"""Engines decide where stages run; stages never know which engine runs them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Maps a stage function over batches; results come back in input order.

    ``ahead``: how many batches may be in flight beyond the one being consumed (default:
    two per worker). A deeper window lets the workers run on while the caller does work
    of its own between results. An engine with workers starts the first batches when
    ``map`` is called, drawing them from ``batches`` then. ``weight`` and ``budget``: the
    batches in flight also weigh (their bytes, say) at most ``budget`` plus one batch, so
    memory stays bounded whatever the batches hold. ``close(now=True)`` stops the workers
    without waiting for their tasks (an interrupted run).
    """

    workers: int

    def map(self, fn: Callable[[T], R], batches: Iterable[T], *,
            ahead: int | None = None, weight: Callable[[T], int] | None = None,
            budget: int | None = None) -> Iterator[R]: ...

    def close(self, *, now: bool = False) -> None: ...


def get_engine(name: str = "local", workers: int = 0, preload: Sequence[str] = ()) -> Engine:
    """``local`` (process pool over all cores) or ``inline`` (this process).

    ``preload``: modules every worker needs (see ``LocalEngine``).
    """
    if name == "local":
        from .local import LocalEngine

        return LocalEngine(workers, preload)
    if name == "inline":
        from .local import InlineEngine

        return InlineEngine()
    raise ValueError(f"unknown engine {name!r}: use local or inline")
