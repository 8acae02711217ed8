"""The scan: ingest → extract → clean → segment → fingerprint → candidates → align →
relate → group, into a DuckDB index.

Stage functions here are top-level and take plain batches, so any engine (inline,
process pool, Ray) can run them. The main process owns the store: it writes each batch
of documents with its fingerprints in one transaction, then aligns the candidates of
every document not yet related, so a re-run after an interruption resumes.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import limits
from .candidates import NeighbourIndex
from .config import Config, ScanConfig, load_config
from .engine import Engine, get_engine
from .fingerprint.stage import MIN_ANCHORS
from .group import Edge, families, stories
from .ingest.dates import days_apart
from .records import Candidate, Document, RawItem, Relation, Skip

if TYPE_CHECKING:
    import numpy as np

    from .clean import LineStats
    from .clean.keys import Line
    from .store import Store

#: progress(stage, advance, total): total is None while unknown.
Progress = Callable[[str, int, "int | None"], None]

# Candidate pairs aligned per engine task: large enough that documents recur within a
# task (pairs are sorted), small enough to keep both workers busy.
_PAIRS_PER_TASK = 256
# Tasks whose documents are read from the store in one query.
_TASKS_PER_READ = 8
# Documents ingested, cleaned against the corpus line statistics and stored at a time.
_CHUNK_DOCS = 5000
# Raw items extracted per engine task.
_ITEMS_PER_TASK = 64
# Fingerprinted documents written to the store at once.
_DOCS_PER_WRITE = 1024


@dataclass(slots=True)
class ScanSummary:
    """What a scan did; printed by the CLI and stored in the ``runs`` table."""

    run: int = 0
    documents_added: int = 0
    documents_total: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    repaired: dict[str, int] = field(default_factory=dict)  # inputs kept after a repair
    removed: dict[str, int] = field(default_factory=dict)  # cleaning removals by reason
    removed_by_site: dict[str, dict[str, int]] = field(default_factory=dict)
    candidates: dict[str, int] = field(default_factory=dict)  # by index that proposed them
    relations: dict[str, int] = field(default_factory=dict)  # by kind, whole index
    families_with_copies: int = 0
    stories_with_several_families: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Timer:
    def __init__(self, summary: ScanSummary) -> None:
        self.summary = summary

    def __call__(self, stage: str) -> _Stage:
        return _Stage(self.summary, stage)

    def add(self, stage: str, seconds: float) -> None:
        _add_seconds(self.summary, stage, seconds)


def _add_seconds(summary: ScanSummary, stage: str, seconds: float) -> None:
    summary.seconds[stage] = round(summary.seconds.get(stage, 0) + seconds, 3)


class _Stage:
    def __init__(self, summary: ScanSummary, stage: str) -> None:
        self.summary, self.stage = summary, stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        _add_seconds(self.summary, self.stage, time.perf_counter() - self.start)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# -- stage functions (run by the engine) ------------------------------------------------

def extract_batch(items: list[RawItem], scan: ScanConfig | None = None
                  ) -> list[Document | Skip]:
    """Extract and clean (per document) a batch of raw items, within the page limits of
    ``scan`` (default: ``ScanConfig()``)."""
    return [doc for doc, _lines in _extract_lines(items, scan)]


def _extract_lines(items: list[RawItem], scan: ScanConfig | None = None
                   ) -> list[tuple[Document | Skip, list[Line]]]:
    """``extract_batch``, each document with the lines cleaning kept (none for a Skip)."""
    scan = scan or ScanConfig()
    out: list[tuple[Document | Skip, list[Line]]] = []
    for item in items:
        try:
            with limits.cpu_limit(scan.max_page_seconds):  # so that no page stalls a worker
                out.append(_extract_one(item, scan))
        except limits.PageTimeout:
            out.append((Skip(item.origin, "too-complex",
                             f"over {scan.max_page_seconds:g} s of CPU"), []))
    return out


def _extract_one(item: RawItem, scan: ScanConfig) -> tuple[Document | Skip, list[Line]]:
    from .clean import clean_lines
    from .extract import extract_item

    doc = extract_item(item, max_bytes=scan.max_page_bytes, max_elements=scan.max_page_elements)
    lines: list[Line] = []
    if isinstance(doc, Document):
        try:
            doc, lines = clean_lines(doc)
        except Exception as exc:  # a cleaning bug must not lose the document
            doc.removed = []
            return Skip(doc.origin or doc.id, "clean-error", repr(exc)[:200]), []
        if item.title and not doc.title:
            doc.title = item.title
        if item.site and not doc.site:
            doc.site = item.site
    return doc, lines


def ingest_batch(items: list[RawItem], scan: ScanConfig | None = None
                 ) -> list[tuple[Document, np.ndarray] | Skip]:
    """``extract_batch``, each document with its line hashes for the corpus boilerplate
    step (per-document work, so the workers do it while they hold the text)."""
    from .clean import kept_line_hashes

    out = _extract_lines(items, scan)
    # The hashes of each text's lines, from the keys cleaning gave them.
    hashed = iter(kept_line_hashes([lines for doc, lines in out if isinstance(doc, Document)]))
    return [(doc, next(hashed)) if isinstance(doc, Document) else doc for doc, _lines in out]


def fingerprint_batch(task: tuple[list[str], Config]) -> Any:
    from .fingerprint.embed import default_encoder
    from .fingerprint.stage import fingerprint

    texts, config = task
    return fingerprint(texts, config.candidates, default_encoder(), config.scan.min_words)


# Prepared documents (sentences, vectors, stems) kept by each worker between tasks: a
# document is a candidate of several others, and preparing it costs ~0.9 ms of CPU, as
# much as relating a pair. ~50 KB each.
_PREPARED: OrderedDict[tuple[str, int], Any] = OrderedDict()
_PREPARED_MAX = 4000
_prepared_chars = [0]  # text of the documents in _PREPARED (limits.PREPARED_CHARS)


def _prepared(docs: dict[str, Document]) -> dict[str, Any]:
    from .align import prepare_many
    from .fingerprint.embed import default_encoder

    keys = {i: (i, hash(d.text)) for i, d in docs.items()}
    missing = sorted(i for i, k in keys.items() if k not in _PREPARED)
    if missing:
        fresh = prepare_many([docs[i].text for i in missing], default_encoder())
        for i, p in zip(missing, fresh, strict=True):
            _PREPARED[keys[i]] = p, len(docs[i].text)
            _prepared_chars[0] += len(docs[i].text)
    out = {}
    for i, k in keys.items():
        _PREPARED.move_to_end(k)
        out[i] = _PREPARED[k][0]
    while len(_PREPARED) > _PREPARED_MAX or _prepared_chars[0] > limits.PREPARED_CHARS:
        _prepared_chars[0] -= _PREPARED.popitem(last=False)[1][1]
    return out


def relate_batch(task: tuple[list[tuple[str, str]], dict[str, Document],
                             dict[str, frozenset[str]], Config]) -> list[Relation]:
    """Align and relate a batch of candidate pairs; each document is prepared once.

    ``anchors``: each document's stored specific names and figures.
    """
    from .relate import relate, seed_specific_anchors

    pairs, docs, anchors, config = task
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
        prepared = _prepared(docs)
        for doc_id, tokens in anchors.items():
            seed_specific_anchors(prepared[doc_id], tokens)
        return [
            relate(prepared[a], prepared[b], docs[a], docs[b], align_config=config.align,
                   config=config.relate)
            for a, b in pairs
        ]
    finally:
        if multiprocessing.parent_process() is not None:
            gc.freeze()
        if collecting:
            gc.enable()


# -- the scan ---------------------------------------------------------------------------

#: What a scan's workers load before their first batch (see ``unspun.warm``).
_WORKER_PRELOAD = ("unspun.warm",)


def scan(paths: Sequence[str | Path] | str | Path, db: str | Path = "unspun.duckdb", *,
         config: Config | str | Path | None = None, engine: str | Engine = "local",
         progress: Progress | None = None) -> ScanSummary:
    """Scan files and folders into the index at ``db``; returns what was done."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not isinstance(config, Config):
        config = load_config(config)
    # First, so that the workers' server loads what they need while this process starts.
    eng = (get_engine(engine, config.scan.workers, preload=_WORKER_PRELOAD)
           if isinstance(engine, str) else engine)
    # Here, not at the top: pool workers import this module for its stage functions,
    # and have no use for DuckDB and Arrow (0.1 s of start-up each).
    from .store import Store

    progress = progress or (lambda stage, advance, total: None)
    summary = ScanSummary()
    timer = _Timer(summary)
    interrupted = True
    try:
        with Store(db) as store:
            store.con.execute(f"SET memory_limit = '{config.scan.index_memory}'")
            summary.run = store.new_run(datetime.now(UTC).isoformat(timespec="seconds"))
            try:
                vectors = NeighbourIndex(store.vectors)
                commit = _index(paths, store, vectors, eng, config, summary, progress, timer)
                _relate(store, vectors, eng, config, summary, progress, timer, commit)
                with timer("group"):
                    group(store)
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


def _index(paths: Sequence[str | Path], store: Store, vectors: NeighbourIndex, eng: Engine,
           config: Config, summary: ScanSummary, progress: Progress, timer: _Timer
           ) -> Callable[[], None]:
    """Ingest, clean and fingerprint the new documents, one chunk at a time; each stored
    batch's vectors go into the neighbour index right away.

    The workers never wait for this process between chunks: they fingerprint a chunk
    while it stores the one before, and extract the next one ahead. So memory holds up
    to three chunks of documents, and an interrupted scan keeps every chunk it
    committed. A chunk commits once the workers have the next one; the last chunk's
    commit is returned, for when they have the first pairs to align.
    """
    from .clean import LineStats

    skips: list[Skip] = []
    # Counted without a row each: repairs, and documents already in the index (a rerun
    # stored one already-indexed skip per document, every time).
    counted: Counter[str] = Counter()
    stats = LineStats.from_columns(*store.line_stats())
    removed: Counter[str] = Counter()
    by_site: dict[str, Counter[str]] = {}
    documents = _documents(paths, store, eng, config, skips, counted, progress)
    commit: Callable[[], None] = _nothing
    # The chunk the workers are fingerprinting: its batches, line hashes and results.
    fingerprinting: (tuple[list[list[Document]], dict[str, np.ndarray], Iterator[Any]]
                     | None) = None
    while True:
        with timer("ingest+extract+clean"):
            extracted = limits.take_by(documents, _CHUNK_DOCS, _extracted_size,
                                       limits.CHUNK_CHARS)
        if extracted:
            with timer("corpus-clean"):
                chunk, line_hashes = _corpus_clean(extracted, stats)
            for d in chunk:
                removed.update(r.reason for r in d.removed)
                if d.removed:
                    by_site.setdefault(d.site or "(no site)", Counter()).update(
                        r.reason for r in d.removed)
            # Every batch of the chunk goes to the workers now, after the previous
            # chunk's (the pool serves in order).
            batches = list(limits.batched_by(chunk, config.scan.batch_size, _text_size,
                                             limits.BATCH_CHARS))
            results = eng.map(fingerprint_batch, (([d.text for d in b], config) for b in batches),
                              ahead=len(batches))
        if fingerprinting is not None:
            with timer("fingerprint"):
                commit = _store_fingerprints(*fingerprinting, store, vectors, summary, progress,
                                             commit)
        if not extracted:
            break
        fingerprinting = batches, line_hashes, results
    store.add_skips(summary.run, skips)
    skipped = Counter(s.reason for s in skips) + Counter(
        {"already-indexed": counted.pop("already-indexed", 0)})
    summary.skipped = dict(sorted(skipped.items()))
    summary.repaired = dict(sorted(counted.items()))
    summary.removed = dict(sorted(removed.items()))
    summary.removed_by_site = {site: dict(sorted(c.items())) for site, c in sorted(by_site.items())}
    return commit


def _nothing() -> None:
    pass


def _documents(paths: Sequence[str | Path], store: Store, eng: Engine, config: Config,
               skips: list[Skip], counted: Counter[str], progress: Progress
               ) -> Iterator[tuple[Document, np.ndarray]]:
    """Extracted, per-document-cleaned new documents with their line hashes; what is
    skipped goes to ``skips``.

    The workers extract a whole chunk ahead, so they stay busy while this process
    cleans the previous chunk against the corpus and stores it.
    """
    from .ingest import iter_inputs

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

    for batch in eng.map(partial(ingest_batch, scan=config.scan), raw_items(),
                         ahead=_CHUNK_DOCS // _ITEMS_PER_TASK, budget=limits.INFLIGHT_CHARS,
                         weight=lambda items: sum(map(_input_size, items))):
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
                  ) -> tuple[list[Document], dict[str, np.ndarray]]:
    """Remove lines that recur across unrelated documents, with the index's history.

    Returns the cleaned documents and, per document, the distinct line hashes of its
    text before cleaning (its line-statistics rows, stored with it for the next runs).
    """
    from .clean import corpus_clean

    docs = [d for d, _ in chunk]
    cleaned = corpus_clean(docs, stats, [h for _, h in chunk])  # observes the chunk first
    ids = [d.id for d in docs]
    return cleaned, dict(zip(ids, stats.line_hashes(ids), strict=True))


def _store_fingerprints(batches: list[list[Document]], line_hashes: dict[str, np.ndarray],
                        results: Iterator[Any], store: Store, vectors: NeighbourIndex,
                        summary: ScanSummary, progress: Progress,
                        previous: Callable[[], None]) -> Callable[[], None]:
    """Store a chunk's batches with their fingerprints (``results``, one per batch) in
    one transaction; returns its commit.

    ``previous``: the previous chunk's commit (a few tenths of a second), made first.
    """
    from .fingerprint.stage import Fingerprints

    previous()
    held: list[tuple[list[Document], Fingerprints]] = []

    def write() -> None:
        written = [d for batch, _ in held for d in batch]
        fp = Fingerprints.concat([f for _, f in held])
        # Before the store holds them: the index loads the stored vectors on its first
        # add, and must not find these among them.
        vectors.add([d.id for d in written], fp.vectors)
        store.add_documents(summary.run, written, fp.words.tolist(), fp.signatures,
                            bands=fp.bands, vectors=fp.vectors,
                            line_hashes=[line_hashes[d.id] for d in written],
                            anchors=fp.anchors)
        held.clear()

    # The chunk commits once (a commit per batch cost a tenth of the stage), and is
    # written a few batches at a time: DuckDB takes ~1,000 rows at once for half the
    # cost per row of 256, and writing as results come keeps up with the workers.
    transaction = ExitStack()
    transaction.enter_context(store.transaction())
    try:
        for batch, fp in zip(batches, results, strict=True):
            held.append((batch, fp))
            if sum(len(b) for b, _ in held) >= _DOCS_PER_WRITE:
                write()
            summary.documents_added += len(batch)
            progress("fingerprint", len(batch), None)
        if held:
            write()
    except BaseException:
        transaction.__exit__(*sys.exc_info())  # rolls the chunk back
        raise
    return transaction.close


def find_candidates(store: Store, config: Config,
                    vectors: NeighbourIndex | None = None) -> list[Candidate]:
    """Pairs to align: LSH on word shingles, on names and numbers and on sampled
    passages; nearest neighbours of document vectors (``vectors``: the index of every
    stored vector, built from the store if not given)."""
    pending = store.pending_ids()
    found: dict[tuple[str, str], Candidate] = {}
    _band_candidates(store, config, pending, found)
    if vectors is None:
        vectors = NeighbourIndex(store.vectors)
    _neighbour_candidates(store, config, vectors, pending, found)
    done = store.related_pairs()
    return [c for key, c in sorted(found.items()) if key not in done]


def _offer(found: dict[tuple[str, str], Candidate], a: str, b: str, score: float,
           via: str) -> None:
    key = (a, b) if a < b else (b, a)
    if key in found:
        c = found[key]
        c.score = max(c.score, score)
        if via not in c.via.split(","):
            c.via += "," + via
    else:
        found[key] = Candidate(key[0], key[1], score, via)


def _band_candidates(store: Store, config: Config, pending: Sequence[str],
                     found: dict[tuple[str, str], Candidate]) -> None:
    """Into ``found``: the pairs sharing LSH buckets, at least one of them pending."""
    if not pending:
        return
    cc = config.candidates
    for a, b, shared in store.band_candidates("text", pending, cc.max_bucket):
        _offer(found, a, b, shared / cc.bands, "minhash")
    for a, b, shared in store.band_candidates("anchors", pending, cc.max_bucket):
        _offer(found, a, b, shared / cc.anchor_bands, "anchors")
    for a, b, shared in store.band_candidates("passages", pending, cc.max_bucket):
        if shared >= cc.min_shared_passages:
            _offer(found, a, b, min(1.0, shared / 10), "passages")


def _neighbour_candidates(store: Store, config: Config, vectors: NeighbourIndex,
                          pending: Sequence[str],
                          found: dict[tuple[str, str], Candidate]) -> None:
    """Into ``found``: the nearest neighbours of the pending documents' vectors worth
    aligning (those ``found`` already holds gain "ann")."""
    if not pending:
        return
    cc = config.candidates
    neighbours: dict[tuple[str, str], float] = {}
    for a, b, sim in vectors.neighbours(set(pending), cc.ann_neighbours, cc.ann_similarity):
        key = (a, b) if a < b else (b, a)
        neighbours[key] = max(sim, neighbours.get(key, 0.0))
    # Most neighbours are articles on the same topic, neither copies nor one story, and
    # aligning them is most of a scan's work. A neighbour that no passage or band found
    # is aligned only if it can be the same story (``RelateConfig.story_possible``:
    # enough shared specific names and figures, published within days) or a rewrite,
    # which keeps most of its names and figures; a side with too few of them to tell
    # (under MIN_ANCHORS, as for the anchor fingerprint) is given the benefit of the
    # doubt. See the README for what this keeps and drops.
    shared = store.shared_anchors([k for k in neighbours if k not in found])
    dates = store.dates({x for pair in shared for x in pair})
    for (a, b), sim in neighbours.items():
        if (a, b) in found:
            _offer(found, a, b, sim, "ann")
            continue
        common, n_a, n_b = shared.get((a, b), (0, 0, 0))
        if common < cc.ann_min_anchors:
            continue
        story = config.relate.story_possible(common, days_apart(dates.get(a), dates.get(b)))
        fewest = min(n_a, n_b)
        if story or fewest < MIN_ANCHORS or common >= cc.ann_rewrite_anchors * fewest:
            _offer(found, a, b, sim, "ann")


def _relate(store: Store, vectors: NeighbourIndex, eng: Engine, config: Config,
            summary: ScanSummary, progress: Progress, timer: _Timer,
            commit: Callable[[], None]) -> None:
    """Find the candidate pairs of the pending documents and align them.

    The LSH bands' pairs go to the workers as soon as they are found; ``commit`` (of
    the last chunk of documents) is made, and the vector index's neighbours (half of the
    candidates' time) are found, while those align.
    """
    start = time.perf_counter()
    found_before = summary.seconds.get("candidates", 0.0)
    pending = store.pending_ids()
    found: dict[tuple[str, str], Candidate] = {}
    with timer("candidates"):
        done = store.related_pairs()
        _band_candidates(store, config, pending, found)
    first = sorted(key for key in found if key not in done)

    def neighbours() -> list[tuple[str, str]]:
        with timer("candidates"):
            _neighbour_candidates(store, config, vectors, pending, found)
            candidates = [c for key, c in sorted(found.items()) if key not in done]
            # Every pair found, the aligned ones too: a scan interrupted after aligning
            # them but before this left them out (the store keeps each pair once).
            store.add_candidates([c for _, c in sorted(found.items())])
        for c in candidates:
            for via in c.via.split(","):
                summary.candidates[via] = summary.candidates.get(via, 0) + 1
        summary.candidates["pairs"] = len(candidates)
        return sorted({(c.a, c.b) for c in candidates}.difference(first))

    def tasks() -> Iterator[tuple[list[tuple[str, str]], dict[str, Document],
                                  dict[str, frozenset[str]], Config]]:
        yield from _relate_tasks(first, store, config)
        # The workers have the first pairs: the commit is made now, and the neighbours
        # are found in committed tables (in the open transaction, finding the shared
        # names and figures took several times longer).
        commit()
        yield from _relate_tasks(neighbours(), store, config)

    aligned = eng.map(relate_batch, tasks(), ahead=_TASKS_PER_READ)
    commit()  # when the window did not reach the neighbours (made once: then a no-op)
    for n, relations in enumerate(aligned):
        if n == 0:
            # Everything but the relations is in: the file is written while the
            # workers align, instead of all at once when the scan closes it.
            store.checkpoint()
        store.add_relations(relations)
        progress("align", len(relations), summary.candidates.get("pairs"))
    store.add_relations([], done=pending)
    # The neighbours were found while the first pairs aligned: that is candidates' time.
    spent = summary.seconds.get("candidates", 0.0) - found_before
    timer.add("align+relate", time.perf_counter() - start - spent)


def _relate_tasks(pairs: list[tuple[str, str]], store: Store, config: Config
                  ) -> Iterator[tuple[list[tuple[str, str]], dict[str, Document],
                                      dict[str, frozenset[str]], Config]]:
    """``relate_batch`` tasks for ``pairs``: batches of pairs that share documents, so
    each task prepares a document once."""
    words = store.word_counts({x for pair in pairs for x in pair})
    chunks = list(limits.batched_by(_breadth_first(pairs), _PAIRS_PER_TASK,
                                    lambda pair: words[pair[0]] + words[pair[1]],
                                    limits.TASK_WORDS))
    # Documents are read for several tasks at once (each read scans the table), but the
    # first task's alone, so that the workers start sooner.
    for group in [chunks[:1], *_batched(chunks[1:], _TASKS_PER_READ)] if chunks else []:
        wanted = sorted({x for chunk in group for pair in chunk for x in pair})
        docs = {d.id: d for d in store.documents(wanted, raw_text=False)}
        anchors = store.anchors(wanted)
        for chunk in group:
            ids = {x for pair in chunk for x in pair}
            yield chunk, {i: docs[i] for i in ids}, {i: anchors[i] for i in ids}, config


def _breadth_first(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs in breadth-first order over the documents they join: consecutive pairs
    share documents, so a batch of them needs fewer documents prepared (at 10,000
    articles, 5,818 preparations instead of 6,310 in sorted order)."""
    links: dict[str, list[tuple[str, str]]] = {}
    for pair in pairs:
        links.setdefault(pair[0], []).append(pair)
        links.setdefault(pair[1], []).append(pair)
    seen: set[str] = set()
    placed: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for start in links:  # first appearance in sorted pairs: deterministic
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            doc = queue.popleft()
            for pair in links[doc]:
                if pair not in placed:
                    placed.add(pair)
                    out.append(pair)
                other = pair[1] if pair[0] == doc else pair[0]
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return out


def group(store: Store) -> None:
    """Rebuild families and stories from every stored relation."""
    edges = [
        Edge(r["a"], r["b"], r["kind"], r["source"], r["confidence"], r["coverage_a"],
             r["coverage_b"])
        for r in store.relations()
    ]
    fams = families(store.document_ids(), edges, store.dates())
    store.replace_groups(fams, stories(fams, edges))


def load_document(path: str | Path) -> Document:
    """One file (any ingestible format) as a cleaned Document: its first document (a
    WARC's first page, after its warcinfo and request records)."""
    from .errors import InputError
    from .ingest import iter_inputs

    skipped: Skip | None = None
    for item in iter_inputs([path]):
        doc = item if isinstance(item, Skip) else extract_batch([item])[0]
        if isinstance(doc, Document):
            return doc
        skipped = skipped or doc
    if skipped is not None:
        raise InputError(skipped.origin, skipped.reason, skipped.detail)
    raise InputError(str(path), "empty", "no document in this file")
