"""Full-text search over titles and texts: an inverted index kept in the server's memory.

DuckDB's ``fts`` extension cannot be used here: DuckDB downloads extensions from its own
server at run time (unreachable offline), and the PyPI packages that ship ``fts``
(``duckdb-extension-fts``) stop at DuckDB 1.5, while unspun runs DuckDB 2. So the server
builds its own index, once per process (and again after a scan adds documents), from the
words the fingerprint stage hashes (``minhash.word_hashes``: lower-cased words, 64-bit
hashes, array work): a sorted array of (word hash, document) postings with term counts,
ranked with BM25 and a boost for words of the title. Every query word must occur
(AND); a quoted phrase must also occur as written (checked in SQL on the matches only).
Until the index is built, a search scans every text with ILIKE, and says so.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from ..fingerprint import minhash

if TYPE_CHECKING:
    from ..store import Store

_BATCH = 2000  # documents read and hashed at a time while building
_BUCKETS = 16  # postings sorted a sixteenth at a time (by a word hash's top four bits)
_BUCKET_STARTS = np.array([b << 60 for b in range(_BUCKETS)], np.uint64)
_K1, _B = 1.2, 0.75  # BM25
_TITLE_BOOST = 2.0
_PHRASE = re.compile(r'"([^"]+)"')


@dataclass(slots=True)
class Results:
    hits: pa.Table  # (id, score) of every matching document
    notes: list[str]


class SearchIndex:
    """Postings of every document's words, built from an open index."""

    def __init__(self, ids: list[str], terms: np.ndarray, starts: np.ndarray,
                 docs: np.ndarray, counts: np.ndarray, lengths: np.ndarray,
                 title_terms: np.ndarray, title_docs: np.ndarray) -> None:
        self.ids = ids
        self.terms, self.starts, self.docs, self.counts = terms, starts, docs, counts
        self.lengths = lengths
        self.average = float(lengths.mean()) if lengths.size else 1.0
        self.title_terms, self.title_docs = title_terms, title_docs

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Postings read a batch of documents at a time. Each batch's words are counted
        per document at once and the postings kept by the top bits of the word hash, then
        each of those buckets is sorted on its own into the final arrays: the build holds
        the distinct (word, document) pairs once, not every word of every text."""
        ids: list[str] = []
        buckets: list[list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = [
            [] for _ in range(_BUCKETS)]
        lengths: list[np.ndarray] = []
        title_keys: list[np.ndarray] = []
        title_docs: list[np.ndarray] = []
        reader = store.con.sql(
            "SELECT id, coalesce(title, '') AS title, text FROM documents"
        ).to_arrow_reader(_BATCH)
        for batch in reader:
            first = len(ids)
            ids.extend(batch.column(0).to_pylist())
            titles = batch.column(1).to_pylist()
            texts = [t + "\n" + x for t, x in zip(titles, batch.column(2).to_pylist(),
                                                  strict=True)]
            key, doc, count, per_doc = _postings(texts, first)
            del texts
            lengths.append(per_doc.astype(np.float32))
            bounds = np.append(np.searchsorted(key, _BUCKET_STARTS), key.size)
            for b in range(_BUCKETS):
                lo, hi = bounds[b], bounds[b + 1]
                if hi > lo:  # copies, so that a bucket's memory goes when it is sorted
                    buckets[b].append((key[lo:hi].copy(), doc[lo:hi].copy(),
                                       count[lo:hi].copy()))
            key, doc, _, _ = _postings(titles, first)
            title_keys.append(key)
            title_docs.append(doc)
        total = sum(part[0].size for bucket in buckets for part in bucket)
        docs = np.empty(total, np.int32)
        counts = np.empty(total, np.uint16)
        terms, starts = [], []
        at = 0
        for b in range(_BUCKETS):
            parts, buckets[b] = buckets[b], []
            if not parts:
                continue
            key = np.concatenate([p[0] for p in parts])
            # Stable: a word's postings stay in document order (batches were read in it).
            order = np.argsort(key, kind="stable")
            key = key[order]
            n = key.size
            docs[at:at + n] = np.concatenate([p[1] for p in parts])[order]
            counts[at:at + n] = np.concatenate([p[2] for p in parts])[order]
            del parts, order
            new = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
            terms.append(key[new])
            starts.append(new + at)
            at += n
        tkey = np.concatenate(title_keys) if title_keys else np.zeros(0, np.uint64)
        tdoc = np.concatenate(title_docs) if title_docs else np.zeros(0, np.int32)
        torder = np.argsort(tkey, kind="stable")
        return cls(ids, np.concatenate(terms) if terms else np.zeros(0, np.uint64),
                   np.append(np.concatenate(starts) if starts else np.zeros(0, np.int64),
                             total), docs, counts,
                   np.concatenate(lengths) if lengths else np.zeros(0, np.float32),
                   tkey[torder], tdoc[torder])

    def search(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, BM25 scores) of the documents holding every query word."""
        words = np.unique(minhash.word_hashes([query]).values.astype(np.uint64))
        if not words.size:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        n = len(self.ids)
        scores: np.ndarray | None = None
        matched: np.ndarray | None = None
        for word in words:
            at = int(np.searchsorted(self.terms, word))
            if at >= self.terms.size or self.terms[at] != word:
                return np.zeros(0, np.int32), np.zeros(0, np.float32)
            lo, hi = self.starts[at], self.starts[at + 1]
            docs, tf = self.docs[lo:hi], self.counts[lo:hi].astype(np.float32)
            idf = np.log(1 + (n - docs.size + 0.5) / (docs.size + 0.5))
            norm = tf + _K1 * (1 - _B + _B * self.lengths[docs] / self.average)
            part = np.zeros(n, np.float32)
            part[docs] = idf * tf * (_K1 + 1) / norm
            tlo, thi = np.searchsorted(self.title_terms, [word, word + np.uint64(1)]) \
                if word < np.iinfo(np.uint64).max else (0, 0)
            part[self.title_docs[tlo:thi]] += _TITLE_BOOST * idf
            has = np.zeros(n, bool)
            has[docs] = True
            matched = has if matched is None else matched & has
            scores = part if scores is None else scores + part
        assert matched is not None and scores is not None
        found = np.flatnonzero(matched).astype(np.int32)
        return found, scores[found]


class Searcher:
    """The search index of one index file for a server: built in the background, rebuilt
    when a scan has added documents; ILIKE over every text until it is ready."""

    def __init__(self, connect: Callable[[], AbstractContextManager[Store]]) -> None:
        self._connect = connect
        self._index: SearchIndex | None = None
        self._state: Any = None
        self._building = threading.Lock()
        self.seconds: float | None = None  # time the last build took

    def refresh(self, state: Any, *, wait: bool = False) -> None:
        """Build the index for ``state`` (what identifies the index's contents) unless
        it is built or being built."""
        if state == self._state or self._building.locked():
            return
        thread = threading.Thread(target=self._build, args=(state,), daemon=True)
        thread.start()
        if wait:
            thread.join()

    def _build(self, state: Any) -> None:
        with self._building:
            start = time.perf_counter()
            try:
                with self._connect() as store:
                    index = SearchIndex.build(store)
            except Exception:  # noqa: BLE001 - a busy or replaced file: try on the next search
                return
            self._index, self._state = index, state
            self.seconds = time.perf_counter() - start

    def search(self, store: Store, query: str, state: Any) -> Results:
        notes: list[str] = []
        phrases = [p.strip() for p in _PHRASE.findall(query) if p.strip()]
        index = self._index
        if index is None:
            self.refresh(state)
            notes.append("the search index is being built: this search read every text "
                         "(slower); try again in a few seconds")
            return Results(_ilike(store, query, phrases), notes)
        if self._state != state:
            self.refresh(state)
            notes.append("documents added since the search index was built are not "
                         "searched yet")
        found, scores = index.search(query)
        ids = [index.ids[i] for i in found.tolist()]
        hits = pa.table({"id": pa.array(ids, pa.string()),
                         "score": pa.array(scores, pa.float64())})
        if phrases and ids:
            hits = _with_phrases(store, hits, phrases)
        return Results(hits, notes)


def _postings(texts: list[str], first: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (word hash, document number) pairs of ``texts`` (numbered from
    ``first``) sorted by hash then document, each with its count; and each text's words."""
    packed = minhash.word_hashes(texts)
    per_doc = packed.lengths()
    key = packed.values.astype(np.uint64, copy=False)
    doc = np.repeat(np.arange(first, first + len(texts), dtype=np.int32), per_doc)
    order = np.lexsort((doc, key))
    key, doc = key[order], doc[order]
    del order
    new = np.ones(key.size, dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])
    at = np.flatnonzero(new)
    count = np.minimum(np.diff(np.append(at, key.size)), np.iinfo(np.uint16).max)
    return key[at], doc[at], count.astype(np.uint16), per_doc


def _with_phrases(store: Store, hits: pa.Table, phrases: list[str]) -> pa.Table:
    store.con.register("phrase_hits", hits)
    try:
        test = " AND ".join("strpos(lower(coalesce(d.title, '') || ' ' || d.text), ?) > 0"
                            for _ in phrases)
        rows = store.con.execute(
            f"SELECT h.id, h.score FROM phrase_hits h JOIN documents d ON d.id = h.id "
            f"WHERE {test}", [p.lower() for p in phrases]).fetchall()
    finally:
        store.con.unregister("phrase_hits")
    return _table(rows)


def _table(rows: list[tuple[str, float]]) -> pa.Table:
    return pa.table({"id": pa.array([r[0] for r in rows], pa.string()),
                     "score": pa.array([float(r[1]) for r in rows], pa.float64())})


def _ilike(store: Store, query: str, phrases: list[str]) -> pa.Table:
    """Every document whose title or text holds each word (or phrase), scored by how many
    of them its title holds: the slow path, before the index is built."""
    terms = phrases + [w for w in _PHRASE.sub(" ", query).split() if w]
    if not terms:
        return _table([])
    test = " AND ".join("(d.title ILIKE ? OR d.text ILIKE ?)" for _ in terms)
    score = " + ".join("(d.title ILIKE ?)::INTEGER" for _ in terms)
    patterns = [f"%{_escape(t)}%" for t in terms]
    params = [*patterns, *[p for t in patterns for p in (t, t)]]
    return _table(store.con.execute(
        f"SELECT d.id, ({score})::DOUBLE AS score FROM documents d WHERE {test}",
        params).fetchall())


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
