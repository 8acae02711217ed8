"""The per-document half of a scan: ingest, extract, clean, fingerprint and store the
new documents, one chunk at a time, keeping the workers busy throughout.

The workers never wait for this process between chunks: they fingerprint a chunk while
it stores the one before, and extract the next one ahead. So memory holds up to three
chunks of documents, and an interrupted scan keeps every chunk it committed.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import limits
from ..candidates import NeighbourIndex
from ..config import Config
from ..engine import Engine
from ..records import Document, RawItem, Skip
from .stages import Counts, Fingerprint, Task, document_task
from .summary import ScanSummary

if TYPE_CHECKING:
    import numpy as np

    from ..clean import LineStats
    from ..fingerprint.stage import Fingerprints
    from ..store import Store

#: progress(stage, advance, total): total is None while unknown.
Progress = Callable[[str, int, "int | None"], None]

# Documents ingested, cleaned against the corpus line statistics and stored at a time.
_CHUNK_DOCS = 5000
# Raw items extracted per engine task.
_ITEMS_PER_TASK = 64
# Fingerprinted documents written to the store at once.
_DOCS_PER_WRITE = 1024


def batched(items: Any, size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class ChunkWriter:
    """Stores a chunk of fingerprinted documents in one transaction, left open until
    ``commit``: the caller commits once the workers have their next work (a commit
    takes a few tenths of a second, and a commit per batch cost a tenth of the stage).

    Each batch's vectors go into the neighbour index as it is stored, and the chunk's
    line statistics (held by ``stats`` since it was cleaned) are stored with it.
    """

    def __init__(self, store: Store, vectors: NeighbourIndex, stats: LineStats,
                 summary: ScanSummary, progress: Progress) -> None:
        self.store, self.vectors, self.stats = store, vectors, stats
        self.summary, self.progress = summary, progress
        self._open: ExitStack | None = None

    def commit(self) -> None:
        """Commit the chunk written last (nothing if it is committed)."""
        if self._open is not None:
            self._open.close()
            self._open = None

    def write(self, batches: list[list[Document]], observed: int,
              results: Iterator[tuple[Fingerprints, Counts]]) -> None:
        """Store a chunk's batches with their fingerprints (``results``, one per batch, as
        the workers give them), after committing the previous chunk; ``observed``: the
        line statistics' documents once the chunk was cleaned (its own last).
        ``batches`` is emptied as they are stored, so that each one's documents are freed
        then, not once the whole chunk is."""
        from ..fingerprint.stage import Fingerprints

        self.commit()
        held: list[tuple[list[Document], Fingerprints]] = []

        def flush() -> None:
            written = [d for batch, _ in held for d in batch]
            fp = Fingerprints.concat([f for _, f in held])
            # Before the store holds them: the index loads the stored vectors on its first
            # add, and must not find these among them.
            self.vectors.add([d.id for d in written], fp.vectors)  # and stores their keys
            self.store.add_documents(self.summary.run, written, fp.words.tolist(),
                                     fp.signatures, bands=fp.bands, vectors=fp.vectors,
                                     anchors=fp.anchors)
            held.clear()

        # DuckDB takes ~1,000 rows at once for half the cost per row of 256, and writing
        # as results come keeps up with the workers.
        transaction = ExitStack()
        transaction.enter_context(self.store.transaction())
        try:
            # Those of the documents cleaning emptied too: the statistics of a later run
            # are those of this one.
            self.stats.keep_held(observed)
            for batch, (fp, counts) in zip(_taken(batches), results, strict=True):
                self.summary.count(counts)
                held.append((batch, fp))
                if sum(len(b) for b, _ in held) >= _DOCS_PER_WRITE:
                    flush()
                self.summary.documents_added += len(batch)
                self.progress("fingerprint", len(batch), None)
            if held:
                flush()
        except BaseException:
            transaction.__exit__(*sys.exc_info())  # rolls the chunk back
            raise
        self._open = transaction


def _taken(items: list[Any]) -> Iterator[Any]:
    """The items of a list, first to last, each removed from it as it is given."""
    items.reverse()
    while items:
        yield items.pop()


def index_documents(paths: Sequence[str | Path], store: Store, vectors: NeighbourIndex,
                    eng: Engine, config: Config, summary: ScanSummary,
                    progress: Progress) -> ChunkWriter:
    """Ingest, clean, fingerprint and store the new documents of ``paths``; returns the
    writer, whose last chunk is left for the caller to commit."""
    from ..clean import LineStats

    skips: list[Skip] = []
    # Counted without a row each: repairs, and documents already in the index (a rerun
    # stored one already-indexed skip per document, every time).
    counted: Counter[str] = Counter()
    stats = LineStats(store.con, hold=True)
    removed: Counter[str] = Counter()
    by_site: dict[str, Counter[str]] = {}
    documents = _documents(paths, store, eng, config, summary, skips, counted, progress)
    writer = ChunkWriter(store, vectors, stats, summary, progress)
    fingerprint = Task((Fingerprint(config),))
    # The chunk the workers are fingerprinting: its batches, the line statistics'
    # documents once it was observed, and the results.
    fingerprinting: tuple[list[list[Document]], int, Iterator[Any]] | None
    fingerprinting = None
    while True:
        with summary.timed("ingest+extract+clean"):
            extracted = limits.take_by(documents, _CHUNK_DOCS, _extracted_size,
                                       limits.CHUNK_CHARS)
        more = bool(extracted)
        if more:
            with summary.timed("corpus-clean"):
                chunk = _corpus_clean(extracted, stats)
            # Not kept while the chunk is fingerprinted and stored: its line hashes, and
            # the documents as they were before corpus cleaning replaced them.
            del extracted
            chunk = _drop_emptied(chunk, skips)
            for d in chunk:
                removed.update(r.reason for r in d.removed)
                if d.removed:
                    by_site.setdefault(d.site or "(no site)", Counter()).update(
                        r.reason for r in d.removed)
            # Every batch of the chunk goes to the workers now, after the previous
            # chunk's (the pool serves in order).
            batches = list(limits.batched_by(chunk, config.scan.batch_size, _text_size,
                                             limits.BATCH_CHARS))
            results = eng.map(fingerprint, ([d.text for d in b] for b in batches),
                              ahead=len(batches))
        if fingerprinting is not None:
            with summary.timed("fingerprint"):
                writer.write(*fingerprinting)
        if not more:
            break
        # A list of the writer's own, which it empties as it stores the batches: the
        # engine may still be reading ``batches`` (the inline engine maps lazily).
        fingerprinting = list(batches), len(stats), results
    store.add_skips(summary.run, skips)
    skipped = Counter(s.reason for s in skips) + Counter(
        {"already-indexed": counted.pop("already-indexed", 0)})
    summary.skipped = dict(sorted(skipped.items()))
    summary.repaired = dict(sorted(counted.items()))
    summary.removed = dict(sorted(removed.items()))
    summary.removed_by_site = {site: dict(sorted(c.items())) for site, c in sorted(by_site.items())}
    return writer


def _documents(paths: Sequence[str | Path], store: Store, eng: Engine, config: Config,
               summary: ScanSummary, skips: list[Skip], counted: Counter[str],
               progress: Progress) -> Iterator[tuple[Document, np.ndarray]]:
    """Extracted, per-document-cleaned new documents with their line hashes; what is
    skipped goes to ``skips``, what is only counted (repairs, documents already indexed)
    to ``counted``.

    The workers extract a whole chunk ahead, so they stay busy while this process
    cleans the previous chunk against the corpus and stores it.
    """
    from ..ingest import iter_inputs

    # Ids repeated within the run are skipped by iter_inputs; only an index that held
    # documents before the run needs asking about the others.
    indexed_before = store.document_count() > 0

    def raw_items() -> Iterator[list[RawItem]]:
        for batch in limits.batched_by(iter_inputs(paths, max_bytes=config.scan.max_page_bytes),
                                       _ITEMS_PER_TASK, _input_size, limits.TASK_CHARS):
            items = [x for x in batch if isinstance(x, RawItem)]
            skips.extend(x for x in batch if isinstance(x, Skip))
            known = store.known_ids(i.id for i in items) if indexed_before else set()
            fresh = [i for i in items if i.id not in known]
            counted["already-indexed"] += len(items) - len(fresh)
            counted.update(r for i in fresh for r in i.repairs)
            if fresh:
                yield fresh

    for batch, counts in eng.map(document_task(config.scan), raw_items(),
                                 ahead=_CHUNK_DOCS // _ITEMS_PER_TASK,
                                 budget=limits.INFLIGHT_CHARS,
                                 weight=lambda items: sum(map(_input_size, items))):
        summary.count(counts)
        for d in batch:
            if isinstance(d, Skip):
                skips.append(d)
            else:
                yield d
        progress("extract", len(batch), None)


def _input_size(item: RawItem | Skip) -> int:
    return len(item.html or item.text or "") if isinstance(item, RawItem) else 0


def _text_size(doc: Document) -> int:
    return len(doc.text)


def _extracted_size(extracted: tuple[Document, np.ndarray]) -> int:
    """A document's text, before and after cleaning, and its removals (each an object:
    ~200 bytes beyond its text, and a page can have thousands)."""
    doc = extracted[0]
    return len(doc.text) + len(doc.raw_text or "") + 200 * len(doc.removed)


def _corpus_clean(chunk: list[tuple[Document, np.ndarray]], stats: LineStats
                  ) -> list[Document]:
    """Remove lines that recur across unrelated documents, with the index's history
    (the chunk's lines are observed first, and held until the chunk is stored)."""
    from ..clean import corpus_clean

    return corpus_clean([d for d, _ in chunk], stats, [h for _, h in chunk])


def _drop_emptied(chunk: list[Document], skips: list[Skip]) -> list[Document]:
    """The documents corpus cleaning left text in; the others go to ``skips``."""
    from ..clean import emptied

    found = [emptied(d) for d in chunk]
    skips.extend(s for s in found if s is not None)
    return [d for d, s in zip(chunk, found, strict=True) if s is None]
