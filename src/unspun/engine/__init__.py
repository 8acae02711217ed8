"""Engines decide where stages run; stages never know which engine runs them."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

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


def windowed(batches: Iterable[T], send: Callable[[T], Any], take: Callable[[Any], R], *,
             window: int, weight: Callable[[T], int] | None = None,
             budget: int | None = None) -> Iterator[R]:
    """The batching policy of every engine with workers: ``send`` each batch off (it
    returns a handle), up to ``window`` in flight and, by ``weight``, within ``budget``
    plus one batch; ``take`` each handle's result, in input order. The first batches
    are sent now, not when the first result is asked for: the caller can do work of its
    own meanwhile."""
    batches = iter(batches)
    pending: deque[tuple[Any, int]] = deque()
    held = 0  # weight of the batches in flight
    end = object()

    def fill() -> None:
        nonlocal held
        while len(pending) < window and not (pending and budget is not None
                                               and held >= budget):
            batch = next(batches, end)
            if batch is end:
                return
            size = weight(batch) if weight is not None else 0  # type: ignore[arg-type]
            pending.append((send(batch), size))  # type: ignore[arg-type]
            held += size

    fill()

    def results() -> Iterator[R]:
        nonlocal held
        while pending:
            handle, size = pending.popleft()
            try:
                result = take(handle)
            finally:
                held -= size
            fill()
            yield result

    return results()


_worker = False


def mark_worker() -> None:
    """Tell this process it is an engine's worker (a Ray actor: not a child of the
    caller's, so ``in_worker`` cannot see it otherwise)."""
    global _worker
    _worker = True


def in_worker() -> bool:
    """Whether this process runs stages for an engine, not the caller's own process: a
    worker may keep what it loads for good (see ``stages.Relate``)."""
    import multiprocessing

    return _worker or multiprocessing.parent_process() is not None


def get_engine(name: str = "local", workers: int = 0, preload: Sequence[str] = (),
               address: str | None = None) -> Engine:
    """``local`` (process pool over all cores), ``ray`` (Ray actors, see ``RayEngine``;
    ``address``: a running cluster's, else a local Ray is started) or ``inline`` (this
    process).

    ``preload``: modules every worker needs (see ``LocalEngine``).
    """
    if name == "ray":
        from .ray import RayEngine

        return RayEngine(workers, preload, address)
    if address:
        from ..errors import ConfigError

        raise ConfigError(f"an address is for the ray engine, not {name!r}")
    if name == "local":
        from .local import LocalEngine

        return LocalEngine(workers, preload)
    if name == "inline":
        from .local import InlineEngine

        return InlineEngine()
    from ..errors import ConfigError

    raise ConfigError(f"unknown engine {name!r}: use local, ray or inline")
