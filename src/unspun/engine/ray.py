"""The Ray engine: the same stages on Ray actors, on this machine or a cluster.

Actors, not tasks: each keeps what a worker loads once (the encoder, the language
identifier, the compiled patterns) and the documents it prepared for alignment
(``pipeline.prepared``) from one batch to the next, as a pool worker does. Which actor
runs a batch changes only how often a document is prepared, never a result: every stage
is a function of its batch. The driver (the process that called ``scan``) keeps the
index, the candidates and the grouping; the actors get batches and send back results.

Batches and results cross as plain pickles, as they do to a process pool: Ray's own
serialiser hands NumPy arrays back read-only and pinned in its object store, where the
scan keeps (and sorts) the line hashes of a whole chunk.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import import_module
from typing import Any

from . import windowed


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        from ..errors import MissingExtra

        raise MissingExtra("ray", "ray") from exc
    return ray


class StageWorker:
    """One actor: loads the scan's worker modules once, then runs batches in turn."""

    def __init__(self, preload: Sequence[str]) -> None:
        from . import mark_worker

        mark_worker()
        for name in preload:
            try:
                import_module(name)
            except Exception:  # noqa: BLE001 - the stages then load what they need
                pass

    def ready(self) -> bool:
        return True

    def run(self, fn: Callable[[Any], Any], batch: bytes) -> bytes:
        return pickle.dumps(fn(pickle.loads(batch)), protocol=pickle.HIGHEST_PROTOCOL)


class RayEngine:
    """Ray actors, one per CPU of the cluster (or ``workers``), with a bounded number of
    batches in flight: a batch goes out only when one comes back (see ``Engine``).

    ``address``: a running cluster's (``ray://host:10001`` through Ray Client, or
    ``host:6379`` on a node of the cluster); without one, ``RAY_ADDRESS`` if set, else a
    Ray instance is started on this machine, with ``workers`` CPUs (default: all), and
    stopped by ``close``. Nothing is installed on the workers: they import unspun (with
    its packaged model) from their own Python, which must have the same version.
    """

    def __init__(self, workers: int = 0, preload: Sequence[str] = (),
                 address: str | None = None) -> None:
        ray = _ray()
        self._ray = ray
        self._owned = False
        address = address or os.environ.get("RAY_ADDRESS") or None
        if not ray.is_initialized():
            # No usage report: the machine may have no way out, and a scan has no business
            # sending one.
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            quiet: dict[str, Any] = {"include_dashboard": False,
                                     "logging_level": logging.WARNING,
                                     "log_to_driver": False}
            if address:
                ray.init(address=address, **quiet)
            else:
                # Ray makes a local instance's token, and says so each time: not news.
                logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
                ray.init(num_cpus=workers or os.cpu_count() or 1, **quiet)
            self._owned = True
        self._actors: list[Any] = []
        try:
            self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
            actor = ray.remote(num_cpus=1)(StageWorker)
            self._actors = [actor.remote(tuple(preload)) for _ in range(self.workers)]
        except BaseException:
            self.close()  # a Ray started here stops with the failure
            raise
        # Batches sent to each actor and not yet taken back by the caller.
        self._busy = [0] * self.workers

    def map(self, fn: Callable[[Any], Any], batches: Iterable[Any], *,
            ahead: int | None = None, weight: Callable[[Any], int] | None = None,
            budget: int | None = None) -> Iterator[Any]:
        ray = self._ray
        fn_ref = ray.put(fn)  # once, not once per batch

        def send(batch: Any) -> tuple[int, Any]:
            # To the actor with the fewest batches out: the actors' queues stay even.
            i = min(range(self.workers), key=self._busy.__getitem__)
            self._busy[i] += 1
            data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
            return i, self._actors[i].run.remote(fn_ref, data)

        def take(handle: tuple[int, Any]) -> Any:
            i, ref = handle
            try:
                return pickle.loads(ray.get(ref))
            finally:
                self._busy[i] -= 1

        # As the local engine does (``windowed``).
        return windowed(batches, send, take,
                        window=max(1, ahead if ahead is not None else 2 * self.workers),
                        weight=weight, budget=budget)

    def close(self, *, now: bool = False) -> None:
        """Stop the actors, and the Ray this engine started. Either way (``now`` or not)
        their tasks are ended, not waited for: once the engine closes, no one takes their
        results."""
        ray = self._ray
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._owned and ray.is_initialized():
            ray.shutdown()  # stops the processes of a Ray this engine started
        self._owned = False
