"""Check one page against an index: which indexed documents it copies, or was copied by.

The page goes through the scan's own stages (extract, per-document cleaning,
fingerprint) and is looked up in the scan's own candidate indexes: the stored LSH band
keys (word shingles, names and figures, sampled passages) and the nearest neighbours of
its document vector among the stored vectors. Only those candidates are aligned and
related by the scan's own ``Relate`` stage: no all-pairs search.

Corpus-aware cleaning (lines recurring across unrelated sites) is not applied to the
checked page: it needs the index's whole line statistics, and the stored documents it is
compared with are already cleaned of theirs. A :class:`Checker` keeps the neighbour index
of one index file between checks: the vector graph the last scan saved beside the file,
mapped read-only, and the vectors of documents stored since.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from .candidates.bands import VIA, band_score, largest_bucket, largest_site_share
from .config import Config
from .errors import InputError, UnspunError
from .records import COPY_KINDS, Change, Document, RawItem, Relation, Skip
from .store import Store

__all__ = ["CheckMatch", "CheckResult", "Checker", "check", "document_from_request"]

#: Candidates aligned per check at most, strongest first (a page on a much-covered
#: event can have dozens of band and neighbour candidates).
MAX_CANDIDATES = 64


@dataclass(slots=True)
class CheckMatch:
    """One indexed document related to the checked page."""

    id: str  # the indexed document
    kind: str
    partial: bool
    source: str | None  # id of the source: the indexed document's, the page's, or None
    confidence: float
    coverage: tuple[float, float]  # share of the page and of the indexed text aligned
    changes: list[Change]
    via: str  # the candidate indexes that proposed it, comma-joined
    document: Document  # the indexed document
    relation: Relation  # a = the indexed document, b = the page, with its copied passages

    def to_dict(self) -> dict[str, Any]:
        d = self.document
        return {
            "id": self.id, "kind": self.kind, "partial": self.partial, "source": self.source,
            "confidence": round(self.confidence, 4),
            "coverage": {"checked": round(self.coverage[0], 4),
                         "indexed": round(self.coverage[1], 4)},
            "changes": [c.to_dict() for c in self.changes],
            "passages": [{"checked": list(b), "indexed": list(a)}
                         for a, b in self.relation.passages],
            "via": self.via,
            "title": d.title, "site": d.site, "url": d.url, "published": d.published,
        }


@dataclass(slots=True)
class CheckResult:
    """What a check found: related indexed documents, strongest copy first."""

    document: Document  # the checked page, extracted and cleaned
    relations: list[CheckMatch]
    candidates: int  # indexed documents proposed and aligned
    seconds: float
    stored: bool = False
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = self.document
        return {
            "document": {"id": d.id, "title": d.title, "site": d.site, "url": d.url,
                         "published": d.published, "characters": len(d.text),
                         "removed": [r.to_dict() for r in d.removed]},
            "relations": [m.to_dict() for m in self.relations],
            "candidates": self.candidates, "stored": self.stored, "notes": list(self.notes),
            "seconds": round(self.seconds, 4),
        }


def document_from_request(body: dict[str, Any]) -> Document:
    """The page of a check request: ``{"text", "title"?, "url"?, "published"?, "id"?}`` or
    ``{"html", "url"?, "id"?}``, extracted and cleaned as a scan would (InputError when
    nothing is left of it)."""
    from .pipeline import extract_documents

    text, html = body.get("text"), body.get("html")
    if (text is None) == (html is None):
        raise InputError("check", "bad-request", "give either text or html")
    content = html if html is not None else text
    digest = hashlib.sha1(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    item = RawItem(id=body.get("id") or f"check:{digest}", origin="check", html=html,
                   text=text, url=body.get("url"), published=body.get("published"),
                   title=body.get("title"))
    found = extract_documents([item])[0]
    if isinstance(found, Skip):
        raise InputError("check", found.reason, found.detail)
    return found


class Checker:
    """Checks pages against one index file; keeps its vector neighbour index in memory.

    ``connect``: opens the index for reading (a context manager yielding a
    :class:`Store`); by default a read-only Store of ``path`` per call. ``writing``: held
    while a checked page is stored (a server makes it wait for its readers: one process
    cannot hold a read-only and a read-write connection to one file at once).
    """

    def __init__(self, path: str | Path, *, config: Config | None = None,
                 connect: Callable[[], AbstractContextManager[Store]] | None = None,
                 writing: Callable[[], AbstractContextManager[Any]] = nullcontext) -> None:
        self.path = str(path)
        self.config = config or Config()
        self._connect = connect or (lambda: Store(self.path, read_only=True))
        self._writing = writing
        self._neighbours: Any = None
        self._state: tuple[str, int] | None = None  # (first run's start, last run) indexed
        self._lock = threading.Lock()

    # -- the neighbour index, kept up to date --------------------------------------------

    def _index(self, store: Store) -> Any:
        """The neighbour index of every stored vector: the graph a scan saved, mapped
        read-only, and the vectors stored since it was saved; loaded on first use, then
        brought up to date when later runs add documents (loaded again if the file was
        replaced)."""
        from .candidates import NeighbourIndex

        first, last = _runs(store)
        with self._lock:
            if self._neighbours is None or self._state is None or self._state[0] != first:
                self._neighbours = NeighbourIndex(store, read_only=True)
                len(self._neighbours)  # loads it now
            elif last > self._state[1]:
                self._neighbours.refresh(store)
            self._state = (first, last)
            return self._neighbours

    def warm(self) -> None:
        """Build the neighbour index, load the model and run one check (of a stored
        document: the relate models and tables load too) now, not on the first check."""
        from dataclasses import replace

        from .fingerprint.embed import default_encoder

        default_encoder()
        with self._connect() as store:
            self._index(store)
            first = store.con.execute("SELECT id FROM documents LIMIT 1").fetchall()
            sample = store.documents([first[0][0]], raw_text=False) if first else []
        if sample:
            self.check(replace(sample[0], id="check:warm-up"))

    # -- checking -------------------------------------------------------------------------

    def check(self, document: Document, *, store: bool = False) -> CheckResult:
        """The indexed documents related to ``document`` (extracted and cleaned);
        ``store=True`` then adds it to the index (a scan of one document)."""
        from .align import copied_spans
        from .fingerprint.embed import default_encoder
        from .fingerprint.stage import fingerprint
        from .pipeline.prepared import prepared
        from .pipeline.stages import Relate

        if not isinstance(document, Document):
            raise TypeError(f"check() takes a Document, not {type(document).__name__}")
        start = time.perf_counter()
        config = self.config
        notes: list[str] = []
        fp = fingerprint([document.text], config.candidates, default_encoder(),
                         config.scan.min_words)
        relations: list[CheckMatch] = []
        with self._connect() as index:
            if not fp.vectors[0].any():
                notes.append(f"fewer than {config.scan.min_words} words: too short to "
                             "be looked up")
                found: dict[str, tuple[float, str]] = {}
            else:
                found = _band_matches(index, fp.bands, config, document.site)
                _drop_weak_band_matches(index, fp, document, config, found)
                _neighbour_matches(index, self._index(index), fp, document, config, found)
            ranked = sorted(found, key=lambda i: (-found[i][0], i))[:MAX_CANDIDATES]
            if len(found) > MAX_CANDIDATES:
                notes.append(f"{len(found)} candidates: the {MAX_CANDIDATES} strongest "
                             "were aligned")
            docs = {d.id: d for d in index.documents(ranked, raw_text=False)}
            anchors = index.anchors(ranked)
            names = index.anchor_counts({*fp.anchors[0], *(t for a in anchors.values() for t in a)})
        page = document if document.id not in docs else _renamed(document)
        docs[page.id] = page
        anchors[page.id] = frozenset(fp.anchors[0])
        pairs = [(i, page.id) for i in ranked if i in docs and i != page.id]
        related = Relate(config).run((pairs, docs, anchors, names), Counter()) if pairs else []
        # The copies' passages, from the documents as Relate left them in the cache.
        ready = prepared(docs) if any(r.is_copy for r in related) else {}
        for rel in related:
            if rel.kind == "unrelated":
                continue
            if rel.is_copy and rel.alignment is not None:
                rel.passages = copied_spans(ready[rel.a], ready[rel.b], rel.alignment)
            indexed = docs[rel.a]
            source = (indexed.id if rel.source == "a" else page.id if rel.source == "b"
                      else None)
            relations.append(CheckMatch(
                id=indexed.id, kind=rel.kind, partial=rel.partial, source=source,
                confidence=rel.confidence, coverage=(rel.coverage[1], rel.coverage[0]),
                changes=rel.changes, via=found[indexed.id][1], document=indexed,
                relation=rel))
        relations.sort(key=lambda m: (m.kind not in COPY_KINDS, -m.confidence, m.id))
        stored = False
        if store:
            with self._writing():
                _store(self.path, document, config)
            stored = True
        return CheckResult(document=document, relations=relations, candidates=len(pairs),
                           seconds=time.perf_counter() - start, stored=stored, notes=notes)


_CHECKERS: dict[str, Checker] = {}


def check(index: str | Path | Checker, document: Document | str, *, store: bool = False,
          config: Config | None = None) -> CheckResult:
    """The indexed documents that ``document`` copies or was copied by.

    ``index``: an index file (its neighbour index is kept for the next check in this
    process) or a :class:`Checker`; ``document``: a Document (already cleaned, as
    ``api.load_document`` gives) or plain text. ``store=True`` adds it to the index.
    """
    if isinstance(document, str):
        document = document_from_request({"text": document})
    if isinstance(index, Checker):
        checker = index
    elif isinstance(index, (str, Path)):
        key = str(Path(index).resolve())
        if not Path(key).exists():
            raise UnspunError(f"{index} does not exist: run `unspun scan PATH --db {index}` "
                              "first")
        checker = _CHECKERS.get(key)
        if checker is None or (config is not None and checker.config != config):
            checker = _CHECKERS[key] = Checker(key, config=config)
    else:
        raise TypeError(f"check() takes an index path or a Checker, not {type(index).__name__}")
    return checker.check(document, store=store)


# -- candidate look-ups ---------------------------------------------------------------------


def _band_matches(store: Store, bands: dict[str, Any], config: Config, site: str | None
                  ) -> dict[str, tuple[float, str]]:
    """Stored documents sharing LSH buckets with the page (of ``site``), scored as the
    scan scores them (``candidates.bands``); a bucket that would hold, with the page,
    more documents than ``largest_bucket`` or more of one site than
    ``largest_site_share`` is boilerplate or template and ignored, as there."""
    idx, band, key = [], [], []
    for name, rows in bands.items():
        idx.extend([name] * rows.key.shape[0])
        band.append(rows.band)
        key.append(rows.key)
    found: dict[str, tuple[float, str]] = {}
    if not idx:
        return found
    store.con.register("check_keys", pa.table({
        "idx": pa.array(idx, pa.string()),
        "band": pa.array(np.concatenate(band), pa.int16()),
        "key": pa.array(np.concatenate(key), pa.uint64())}))
    store.con.register("largest", pa.table({
        "idx": list(VIA), "most": [largest_bucket(i, config) for i in VIA],
        "site_most": pa.array([largest_site_share(i, config) for i in VIA], pa.int64())}))
    try:
        rows = store.con.execute(
            """
            WITH hits AS (SELECT b.idx, b.band, b.key, b.doc FROM bands b
                          JOIN check_keys q ON b.idx = q.idx AND b.band = q.band
                                           AND b.key = q.key),
            big AS (SELECT h.idx, h.band, h.key FROM hits h JOIN largest l ON h.idx = l.idx
                    GROUP BY h.idx, h.band, h.key, l.most HAVING count(*) + 1 > l.most
                    UNION
                    SELECT h.idx, h.band, h.key FROM hits h JOIN largest l ON h.idx = l.idx
                    JOIN documents d ON d.id = h.doc
                    WHERE l.site_most IS NOT NULL AND coalesce(d.site, '') <> ''
                    GROUP BY h.idx, h.band, h.key, d.site, l.site_most
                    HAVING count(*) + (d.site = coalesce($1, ''))::INTEGER > l.site_most)
            SELECT idx, doc, count(*) FROM hits
            WHERE (idx, band, key) NOT IN (SELECT (idx, band, key) FROM big)
            GROUP BY idx, doc
            """, [site]).fetchall()
    finally:
        store.con.unregister("check_keys")
        store.con.unregister("largest")
    for name, doc, shared in rows:
        score = band_score(name, shared, config)
        if score is not None:
            _offer(found, doc, score, VIA[name])
    return found


def _policy_inputs(store: Store, fp: Any, page: Document, docs: list[str]
                   ) -> dict[str, tuple[tuple[int, int, int], int | None]]:
    """For each stored document of ``docs``: what the scan's candidate policy reads of
    it and the page (``candidates.policy``): (specific names and figures shared, the
    page's, its own), and days apart (None: unknown)."""
    from .ingest.dates import days_apart

    if not docs:
        return {}
    mine = set(fp.anchors[0])
    theirs = store.anchors(docs)
    dates = store.dates(docs)
    out = {}
    for doc in docs:
        other = theirs.get(doc, frozenset())
        out[doc] = ((len(mine & other), len(mine), len(other)),
                    days_apart(page.published, dates.get(doc)))
    return out


def _drop_weak_band_matches(store: Store, fp: Any, page: Document, config: Config,
                            found: dict[str, tuple[float, str]]) -> None:
    """Out of ``found``: the documents only a weak band index matched that the scan's
    policy would not align (``candidates.policy.weak_band_pair``)."""
    from .candidates.policy import weak_band_pair

    weak = [doc for doc, (_, via) in found.items() if via in ("anchors", "starts")]
    for doc, (shared, days) in _policy_inputs(store, fp, page, weak).items():
        if not weak_band_pair(config, found[doc][1], shared, days):
            del found[doc]


def _neighbour_matches(store: Store, neighbours: Any, fp: Any, page: Document,
                       config: Config, found: dict[str, tuple[float, str]]) -> None:
    """Into ``found``: the page's nearest stored neighbours worth aligning, by the
    scan's rule (``candidates.policy.worth_aligning``)."""
    from .candidates.policy import worth_aligning

    cc = config.candidates
    near = neighbours.nearest(store, fp.vectors[0], cc.ann_neighbours, cc.ann_similarity)
    inputs = _policy_inputs(store, fp, page, [doc for doc, _ in near if doc not in found])
    for doc, sim in near:
        # One a band found gains "ann" whatever the policy says of neighbours.
        if doc in found or worth_aligning(config, *inputs[doc]):
            _offer(found, doc, sim, "ann")


def _offer(found: dict[str, tuple[float, str]], doc: str, score: float, via: str) -> None:
    if doc in found:
        best, vias = found[doc]
        found[doc] = (max(best, score), vias if via in vias.split(",") else f"{vias},{via}")
    else:
        found[doc] = (score, via)


def _runs(store: Store) -> tuple[str, int]:
    """(when the index's first run started, its last run): tells a file replaced or
    grown since."""
    row = store.con.execute(
        "SELECT coalesce(min_by(started, run), ''), coalesce(max(run), 0) FROM runs").fetchall()[0]
    return str(row[0]), int(row[1])


def _renamed(document: Document) -> Document:
    """The page under another id when the index holds one of the same id (a page checked
    again after ``store``): it is then compared with its stored self too."""
    from dataclasses import replace

    return replace(document, id=f"{document.id} (checked)")


def _store(path: str, document: Document, config: Config) -> None:
    """Add the page to the index: a scan of a one-line JSONL file in this process (no
    worker pool), so it is cleaned against the corpus, related and grouped as any
    scanned page."""
    from .pipeline import scan

    row = {"id": document.id, "url": document.url, "title": document.title,
           "published": document.published, "site": document.site,
           "text": document.raw_text or document.text}
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "checked.jsonl"
        page.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
        scan([page], path, config=config, engine="inline")

