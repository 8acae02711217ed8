"""The scan's worker stages: each maps a batch to its results and counts what it did.

A stage is a small object with one ``run`` over a batch. An engine runs a ``Task`` (a
chain of stages) on each batch wherever it likes: in this process, a pool worker or a
Ray task; the counts come back with the results, since a worker's own counters would
stay in the worker. A per-document stage is a class here and a place in
``document_task``.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .. import limits
from ..config import Config, ScanConfig
from ..engine import in_worker
from ..records import Document, RawItem, Relation, Skip
from .prepared import prepared

if TYPE_CHECKING:
    import numpy as np

    from ..clean.keys import Line
    from ..fingerprint.stage import Fingerprints

#: Counts of one task, by stage name.
Counts = dict[str, Counter[str]]


class Stage:
    """One step of the scan over a batch of records."""

    name: ClassVar[str]

    def run(self, batch: Any, counts: Counter[str]) -> Any:
        """The results of ``batch``; what was done or dropped goes into ``counts``."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Task:
    """Stages run one after the other on a batch, in one process."""

    stages: tuple[Stage, ...]

    def __call__(self, batch: Any) -> tuple[Any, Counts]:
        counts: Counts = {}
        for stage in self.stages:
            batch = stage.run(batch, counts.setdefault(stage.name, Counter()))
        return batch, counts


# -- per document -----------------------------------------------------------------------

@dataclass(slots=True)
class Page:
    """One input on its way through the per-document stages."""

    item: RawItem
    doc: Document | Skip
    lines: list[Line] = field(default_factory=list)  # what cleaning kept


@dataclass(frozen=True, slots=True)
class Extract(Stage):
    """Raw items → documents: the article of a page, or a Skip with a reason; each page
    within the page limits of ``scan`` (its size, its elements, its CPU time), so that
    none stalls a worker."""

    scan: ScanConfig = field(default_factory=ScanConfig)
    name: ClassVar[str] = "extract"

    def run(self, batch: list[RawItem], counts: Counter[str]) -> list[Page]:
        from ..extraction import extract_item, load_extractors

        load_extractors()  # outside the pages' CPU limit
        scan = self.scan
        pages = []
        for item in batch:
            try:
                with limits.cpu_limit(scan.max_page_seconds):
                    doc = extract_item(item, max_bytes=scan.max_page_bytes,
                                       max_elements=scan.max_page_elements)
            except limits.PageTimeout:
                doc = Skip(item.origin, "too-complex", f"over {scan.max_page_seconds:g} s of CPU")
            pages.append(Page(item, doc))
        counts["items"] += len(pages)
        counts.update(f"skipped-{p.doc.reason}" for p in pages if isinstance(p.doc, Skip))
        return pages


@dataclass(frozen=True, slots=True)
class Clean(Stage):
    """Per-document cleaning: boilerplate, repetition and injected text out, kept as
    evidence. The container's title and site fill in what the page did not give. Each
    page within ``scan.max_page_seconds`` of CPU, as for extraction."""

    scan: ScanConfig = field(default_factory=ScanConfig)
    name: ClassVar[str] = "clean"

    def run(self, batch: list[Page], counts: Counter[str]) -> list[Page]:
        from ..clean import clean_lines, emptied

        for page in batch:
            doc = page.doc
            if not isinstance(doc, Document):
                continue
            try:
                with limits.cpu_limit(self.scan.max_page_seconds):
                    page.doc, page.lines = clean_lines(doc)
            except limits.PageTimeout:
                doc.removed = []
                page.doc = Skip(doc.origin or doc.id, "too-complex",
                                f"over {self.scan.max_page_seconds:g} s of CPU")
                counts["skipped-too-complex"] += 1
                continue
            except Exception as exc:  # a cleaning bug must not lose the document
                doc.removed = []
                page.doc = Skip(doc.origin or doc.id, "clean-error", repr(exc)[:200])
                counts["skipped-clean-error"] += 1
                continue
            if skip := emptied(page.doc):
                page.doc, page.lines = skip, []
                counts[f"skipped-{skip.reason}"] += 1
                continue
            doc = page.doc
            counts.update(f"removed-{r.reason}" for r in doc.removed)
            if page.item.title and not doc.title:
                doc.title = page.item.title
            if page.item.site and not doc.site:
                doc.site = page.item.site
        return batch


@dataclass(frozen=True, slots=True)
class HashLines(Stage):
    """Each document with the hashes of the lines cleaning kept, for the corpus
    boilerplate step (per-document work, done where the text already is)."""

    name: ClassVar[str] = "hash-lines"

    def run(self, batch: list[Page], counts: Counter[str]
            ) -> list[tuple[Document, np.ndarray] | Skip]:
        from ..clean import kept_line_hashes

        docs = [p for p in batch if isinstance(p.doc, Document)]
        hashed = iter(kept_line_hashes([p.lines for p in docs]))
        counts["documents"] += len(docs)
        return [(p.doc, next(hashed)) if isinstance(p.doc, Document) else p.doc
                for p in batch]


def document_task(scan: ScanConfig | None = None) -> Task:
    """Raw items → cleaned documents with their line hashes, or Skips (within the page
    limits of ``scan``, default ``ScanConfig()``)."""
    scan = scan or ScanConfig()
    return Task((Extract(scan), Clean(scan), HashLines()))


def extract_documents(items: list[RawItem], scan: ScanConfig | None = None
                      ) -> list[Document | Skip]:
    """Extract and clean (per document) a batch of raw items, here."""
    scan = scan or ScanConfig()
    pages, _ = Task((Extract(scan), Clean(scan)))(items)
    return [p.doc for p in pages]


# -- fingerprints and pairs ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Fingerprint(Stage):
    """Cleaned texts → MinHash signatures, LSH band keys, names and figures, vectors."""

    config: Config
    name: ClassVar[str] = "fingerprint"

    def run(self, batch: list[str], counts: Counter[str]) -> Fingerprints:
        from ..fingerprint.embed import default_encoder
        from ..fingerprint.stage import fingerprint

        config = self.config
        found = fingerprint(batch, config.candidates, default_encoder(), config.scan.min_words)
        counts["texts"] += len(batch)
        counts["too-short"] += int((found.words < config.scan.min_words).sum())
        return found


#: A relate batch: pairs of ids, their documents, each one's stored specific names and
#: figures, and how many indexed documents hold each of those.
PairBatch = tuple[list[tuple[str, str]], dict[str, Document], dict[str, frozenset[str]],
                  dict[str, int]]


@dataclass(frozen=True, slots=True)
class Relate(Stage):
    """Candidate pairs → relations: align sentence by sentence, then decide; each
    document is prepared once (and kept for the next batches, see ``prepared``)."""

    config: Config
    name: ClassVar[str] = "relate"

    def run(self, batch: PairBatch, counts: Counter[str]) -> list[Relation]:
        from ..relate import relate, seed_specific_anchors

        pairs, docs, anchors, names = batch
        config = self.config
        # The prepared documents kept between tasks are ~10^6 objects, and relating makes
        # enough short-lived ones to start full collections that walk them all and free
        # next to nothing (35 objects in 3,000 pairs). So the collector is off during a
        # task, and in a pool worker what is alive at its end is frozen out of later
        # collections: prepared documents hold no reference cycles, so reference counting
        # still frees each one the cache drops. Together ~10% of the stage's CPU. (Not in
        # the caller's own process: freezing would keep its cyclic garbage for good.)
        collecting = gc.isenabled()
        gc.disable()
        try:
            ready = prepared(docs)
            for doc_id, tokens in anchors.items():
                seed_specific_anchors(ready[doc_id], tokens)
            relations = [
                relate(ready[a], ready[b], docs[a], docs[b], align_config=config.align,
                       config=config.relate, names=names)
                for a, b in pairs
            ]
        finally:
            if in_worker():
                gc.freeze()
            if collecting:
                gc.enable()
        counts["pairs"] += len(relations)
        counts.update(r.kind for r in relations)
        return relations
