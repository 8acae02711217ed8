"""The scan: the per-document stages, then the per-pair stages, then grouping, into one
DuckDB index; an engine decides where the worker stages run."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from ..candidates import NeighbourIndex
from ..config import Config, load_config
from ..engine import Engine, get_engine
from .documents import Progress, index_documents
from .grouping import group
from .pairs import relate_pending
from .summary import ScanSummary

#: What a scan's workers load before their first batch (see ``warm``).
WORKER_PRELOAD = ("unspun.pipeline.warm",)


def scan(paths: Sequence[str | Path] | str | Path, db: str | Path = "unspun.duckdb", *,
         config: Config | str | Path | None = None, engine: str | Engine = "local",
         ray_address: str | None = None, progress: Progress | None = None) -> ScanSummary:
    """Scan files and folders into the index at ``db``; returns what was done.

    ``engine``: where the worker stages run, ``local`` (a process pool, the default),
    ``ray`` (Ray actors on the cluster at ``ray_address``, or on a Ray started here) or
    ``inline``; or an ``Engine``. The index is written by this process only.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if ray_address is not None and not isinstance(engine, str):
        from ..errors import ConfigError

        raise ConfigError("ray_address is for engine='ray'; an Engine object given as the "
                          "engine already knows where it runs")
    if not isinstance(config, Config):
        config = load_config(config)
    # First, so that the workers' server loads what they need while this process starts.
    eng = (get_engine(engine, config.scan.workers, preload=WORKER_PRELOAD,
                      address=ray_address)
           if isinstance(engine, str) else engine)
    # Here, not at the top: pool workers import this package for its stages, and have
    # no use for DuckDB and Arrow (0.1 s of start-up each).
    from ..signals.update import update_signals
    from ..store import Store

    progress = progress or (lambda stage, advance, total: None)
    summary = ScanSummary()
    interrupted = True
    try:
        with Store(db) as store:
            store.con.execute(f"SET memory_limit = '{config.scan.index_memory}'")
            summary.run = store.new_run(datetime.now(UTC).isoformat(timespec="seconds"))
            try:
                vectors = NeighbourIndex(store)
                writer = index_documents(paths, store, vectors, eng, config, summary, progress)

                def commit() -> None:
                    # The vector graph is saved once the documents it holds are committed.
                    writer.commit()
                    vectors.save()

                relate_pending(store, vectors, eng, config, summary, progress, commit)
                with summary.timed("group"):
                    group(store, summary.run)
                with summary.timed("signals"):
                    summary.count({"signals": update_signals(store)})
            except BaseException:
                with suppress(Exception):  # the run says so now; else the next run will
                    store.finish_run(summary.run, {**summary.to_dict(), "interrupted": True})
                raise
            counts = store.counts()
            summary.documents_total = counts["documents"]
            summary.relations = counts["relations"]
            summary.families_with_copies = counts["families_with_copies"]
            summary.stories_with_several_families = counts["stories_with_several_families"]
            store.finish_run(summary.run, summary.to_dict())
        interrupted = False
    finally:
        if isinstance(engine, str):
            eng.close(now=interrupted)  # interrupted: the workers' tasks are of no use
    return summary

