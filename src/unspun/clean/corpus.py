"""Corpus-aware boilerplate: lines that recur across *unrelated* documents.

Site templates, widgets and bylines recur across documents; so do the lines of a
syndicated story, legitimately. A recurring line is boilerplate only when the documents
holding it are otherwise dissimilar (they fall into several content clusters), across
sites or among the pages of one site (a site template, even one found in a few of its
pages only). Statistics persist as ``(line hash, document, site)`` rows, so later runs continue.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from ..records import Document, Removal
from .keys import Line, ascii_keys, byte_table
from .rules import TWEET_SIGNATURE

if TYPE_CHECKING:
    import pyarrow as pa

    # A column of strings: saved rows' documents or sites.
    _Strings = Sequence[str | None] | pa.Array | pa.ChunkedArray

__all__ = ["LineStats", "boilerplate_hashes", "corpus_clean", "kept_line_hashes", "line_hash",
           "line_hashes"]

_NOT_WORD = re.compile(r"[\W_]+")
_WORD_BITS = 6  # the low bits of a line hash hold the line's word count (capped)
_WORD_MASK = (1 << _WORD_BITS) - 1


_ZERO_DIGITS = str.maketrans("123456789", "000000000")
_ZERO_ASCII_DIGITS = bytes.maketrans(b"123456789", b"000000000")


def _line_norm(line: str) -> str:
    """Line identity for boilerplate: case, punctuation and digits ignored."""
    if not line.isascii():
        line = unicodedata.normalize("NFKC", line)
    key = _NOT_WORD.sub(" ", line.lower()).strip()
    # Digits are word characters, so zeroing them after the substitution is the same;
    # on ASCII (most keys, once quotes are gone) the bytes table is ten times faster.
    if key.isascii():
        key = key.encode().translate(_ZERO_ASCII_DIGITS).decode()
    else:
        key = key.translate(_ZERO_DIGITS)
    return key or line.strip()


# The bytes of a line's norm for ASCII lines: words lower-cased, digits zeroed (as
# _line_norm), everything else a space.
_NORM_BYTES = byte_table(b"").translate(_ZERO_ASCII_DIGITS)


def _line_norms(lines: list[str]) -> list[str]:
    """:func:`_line_norm` of each stripped line (none holding a line break), most in one
    pass over all."""
    norms = ascii_keys(lines, _NORM_BYTES)
    # A line without words is its own norm (NFKC'd): left to _line_norm, as others are.
    return [norm or _line_norm(line) for line, norm in zip(lines, norms, strict=True)]


def _hashes(keys: list[str]) -> np.ndarray:
    """The hash of each norm, as int64: the first 8 bytes of its BLAKE2b digest (little
    endian, signed), the low bits replaced by its word count."""
    # surrogatepass: a lone surrogate (from a JSON escape) hashes instead of raising.
    digests = b"".join([hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8)
                        .digest() for key in keys])
    values = np.frombuffer(digests, dtype="<i8").astype(np.int64)
    n_words = np.fromiter(map(str.count, keys, repeat(" ")), dtype=np.int64, count=len(keys))
    return (values & ~_WORD_MASK) | np.minimum(n_words + 1, _WORD_MASK)


def line_hash(line: str) -> int:
    """Stable signed 64-bit hash of a normalised line (fits a DuckDB BIGINT).

    The low 6 bits carry the line's word count (capped at 63) so that stored rows alone
    say how long each line is.
    """
    return int(_hashes([_line_norm(line)])[0])


class LineStats:
    """Which documents (and sites) each normalised line occurs in; grows incrementally.

    Rows are ``(line hash, document)``, one per distinct line of each document, kept
    grouped by document in the order documents were added: a document's rows are one
    span. Restore saved rows with :meth:`from_columns`.
    """

    def __init__(self) -> None:
        # Appended a batch of documents at a time, joined only when read.
        self._hash_chunks: list[np.ndarray] = []
        self._count_chunks: list[np.ndarray] = []  # rows per document
        self._doc_ids: list[str] = []
        self._doc_sites: list[str] = []
        self._doc_index: dict[str, int] = {}
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        self._starts: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._doc_ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._doc_index

    def _extend(self, doc_ids: list[str], sites: list[str], hashes: np.ndarray,
                counts: np.ndarray) -> None:
        """Add new documents: ``counts[i]`` rows of ``hashes`` for ``doc_ids[i]``, in order."""
        first = len(self._doc_ids)
        self._doc_index.update(zip(doc_ids, range(first, first + len(doc_ids)), strict=False))
        self._doc_ids.extend(doc_ids)
        self._doc_sites.extend(sites)
        self._hash_chunks.append(hashes.astype(np.int64, copy=False))
        self._count_chunks.append(counts.astype(np.int64, copy=False))
        self._arrays = None
        self._starts = None

    def observe(self, doc_ids: list[str], sites: list[str], hashes: np.ndarray,
                sizes: np.ndarray) -> None:
        """Add the documents not seen before (by id; the first of a repeated id): document
        ``i`` holds the next ``sizes[i]`` line ``hashes`` (repeats allowed)."""
        new: dict[str, int] = {}
        for i, doc_id in enumerate(doc_ids):
            if doc_id not in self._doc_index:
                new.setdefault(doc_id, i)
        picked = np.fromiter(new.values(), dtype=np.int64, count=len(new))
        taken = np.zeros(len(doc_ids), dtype=bool)
        taken[picked] = True
        rows = np.repeat(taken, sizes)
        hashes = hashes[rows]
        doc_of_row = np.repeat(np.arange(picked.size), sizes[picked])
        # Each document's distinct hashes, ascending: one sort by (document, hash).
        order = np.lexsort((hashes, doc_of_row))
        hashes, doc_of_row = hashes[order], doc_of_row[order]
        distinct = np.ones(hashes.size, dtype=bool)
        distinct[1:] = (hashes[1:] != hashes[:-1]) | (doc_of_row[1:] != doc_of_row[:-1])
        self._extend(list(new), [sites[i] for i in picked], hashes[distinct],
                     np.bincount(doc_of_row[distinct], minlength=picked.size))

    def line_hashes(self, doc_ids: Iterable[str]) -> list[np.ndarray]:
        """Each (known) document's distinct line hashes: its rows, to store with it."""
        hashes, starts = self._joined()
        spans = [(starts[i], starts[i + 1]) for i in map(self._doc_index.__getitem__, doc_ids)]
        return [hashes[a:b] for a, b in spans]

    @classmethod
    def from_columns(cls, hashes: np.ndarray, docs: _Strings, sites: _Strings) -> LineStats:
        """Statistics from saved rows, one per ``(hashes[i], docs[i], sites[i])``.

        Documents are numbered in the order of their first row (the deterministic
        sample of :func:`boilerplate_hashes` depends on it); a document's site is that
        of its first row.
        """
        doc_codes, doc_ids = _factorize(docs)
        site_codes, site_names = _factorize(sites)
        counts = np.bincount(doc_codes, minlength=len(doc_ids))
        first_rows = np.cumsum(counts) - counts
        hashes = np.asarray(hashes, dtype=np.int64)
        # Stored rows come grouped by document (then the codes never decrease); if not,
        # they are grouped here.
        if doc_codes.size and (np.diff(doc_codes) < 0).any():
            order = np.argsort(doc_codes, kind="stable")
            hashes, first_rows = hashes[order], order[first_rows]
        stats = cls()
        stats._extend(doc_ids, [site_names[c] for c in site_codes[first_rows].tolist()],
                      hashes, counts)
        return stats

    def _joined(self) -> tuple[np.ndarray, np.ndarray]:
        """Every row's hash, and where each document's rows start (then the end)."""
        if self._starts is None:
            if len(self._hash_chunks) != 1:
                self._hash_chunks = [np.concatenate([np.zeros(0, np.int64), *self._hash_chunks])]
                self._count_chunks = [np.concatenate([np.zeros(0, np.int64), *self._count_chunks])]
            self._starts = np.concatenate(([0], np.cumsum(self._count_chunks[0])))
        return self._hash_chunks[0], self._starts

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(line hash, document index) per row, as int64 / int32 arrays."""
        if self._arrays is None:
            hashes, starts = self._joined()
            self._arrays = (hashes, np.repeat(np.arange(len(self), dtype=np.int32), np.diff(starts)))
        return self._arrays

    def site_codes(self) -> np.ndarray:
        """A small integer per document standing for its site."""
        codes: dict[str, int] = {}
        return np.fromiter(
            (codes.setdefault(s, len(codes)) for s in self._doc_sites),
            dtype=np.int64,
            count=len(self._doc_sites),
        )

    def doc_index(self, doc_id: str) -> int | None:
        return self._doc_index.get(doc_id)


def _factorize(values: _Strings) -> tuple[np.ndarray, list[str]]:
    """A code per value (None counts as "") and the distinct values, in order of first
    occurrence."""
    import pyarrow as pa

    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values if isinstance(values, pa.Array)
                                   else pa.array(values, type=pa.string())])
    # Dictionary-encoding a chunked array gives every chunk the same dictionary, and
    # does not join the chunks (tens of millions of ids would overflow one string array).
    encoded = values.fill_null("").dictionary_encode()
    if encoded.num_chunks == 0:
        return np.zeros(0, dtype=np.int64), []
    codes = np.concatenate([c.indices.to_numpy() for c in encoded.chunks]).astype(np.int64)
    return codes, encoded.chunk(encoded.num_chunks - 1).dictionary.to_pylist()


def _lines(text: str) -> list[str]:
    """The non-empty stripped lines of ``text``: what the line statistics count."""
    return list(filter(None, map(str.strip, text.splitlines())))


def _clusters(sim: np.ndarray, threshold: float) -> int:
    """Number of connected components of the graph ``sim >= threshold``."""
    k = sim.shape[0]
    adj = sim >= threshold
    np.fill_diagonal(adj, True)
    labels = np.arange(k)
    for _ in range(k):
        new = np.where(adj, labels[None, :], k).min(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return len(np.unique(labels))


def boilerplate_hashes(
    stats: LineStats,
    doc_ids: Iterable[str] | None = None,
    *,
    min_docs: int = 3,
    max_words: int = 40,
    short_words: int = 12,
    min_clusters: int = 3,
    similarity: float = 0.2,
    long_similarity: float = 0.04,
    long_site_share: float = 0.5,
    content_words: int = 8,
    sample: int = 24,
    site_min_docs: int = 2,
    site_long_docs: int = 3,
    site_max_words: int = 40,
    site_home_share: float = 0.5,
    site_many_docs: int = 5,
) -> set[int]:
    """Hashes of lines that recur in documents that are otherwise unrelated.

    For each line in at least ``min_docs`` documents and at most ``max_words`` words, the
    documents holding it (a deterministic sample of ``sample``) are compared by their
    shared *content* lines (``content_words`` words or more, weighted by words, the line
    itself left out): containment of at least ``similarity`` links two documents. A line
    whose documents form ``min_clusters`` or more groups recurs across different stories:
    boilerplate. Syndicated copies form one group, so their shared lines are kept.

    Lines longer than ``short_words`` are usually real sentences (a quoted tweet, an entry
    of a live blog reused by its next version), so they are judged in a second pass, once
    the short boilerplate is known and left out of the comparison, with the stricter
    ``long_similarity``: their documents must share almost nothing else; and they must be
    part of a site template, in at least ``long_site_share`` of the pages of their sites
    (a quoted tweet recurs in some pages of many sites, a template line in all of them).

    Same-site template: a site's template changes over time and by section, so many of its
    lines are in a few of its pages only, and some are long (a sign-up blurb, a
    disclaimer). Two different stories of one site do not share a line by chance, so a line
    is also boilerplate when the documents of *one site* that hold it fall into two groups
    or more: ``site_min_docs`` documents for a short line, ``site_long_docs`` for a line up
    to ``site_max_words`` words (judged with ``long_similarity``). Versions of one story
    and syndicated copies form one group, so their lines are kept. The site must hold at
    least ``site_home_share`` of the line's documents: a template line lives on its site,
    while a tweet quoted by three stories of one site is quoted by many other sites too.
    A line of any length (a donation appeal of a hundred words) is template too when
    ``site_many_docs`` documents of one site hold it and fall into three groups or more.
    Only lines of ``doc_ids`` are judged (all when None).
    """
    hashes, doc_of_row = stats.arrays()
    if hashes.size == 0:
        return set()
    uniq, line_of_row, df = np.unique(hashes, return_inverse=True, return_counts=True)
    n_words = (uniq & _WORD_MASK).astype(np.int64)
    candidate = ((df >= min_docs) & (n_words <= max_words)) | (
        (df >= site_min_docs) & (n_words <= short_words)
    ) | ((df >= site_long_docs) & (n_words <= site_max_words)) | (df >= site_many_docs)
    if doc_ids is not None:
        wanted = np.zeros(len(stats), dtype=bool)
        idx = [i for i in (stats.doc_index(d) for d in doc_ids) if i is not None]
        wanted[idx] = True
        in_wanted = np.zeros(uniq.size, dtype=bool)
        in_wanted[line_of_row[wanted[doc_of_row]]] = True
        candidate &= in_wanted
    if not candidate.any():
        return set()
    # Documents of each line (CSR by line) and content lines of each document (CSR by doc).
    by_line = np.argsort(line_of_row, kind="stable")
    line_start = np.concatenate(([0], np.cumsum(df)))
    weight = np.where(n_words >= content_words, n_words, 0).astype(np.float32)
    content_rows = np.flatnonzero(weight[line_of_row] > 0)
    order = content_rows[np.argsort(doc_of_row[content_rows], kind="stable")]
    doc_counts = np.bincount(doc_of_row[order], minlength=len(stats))
    doc_start = np.concatenate(([0], np.cumsum(doc_counts)))
    doc_lines = line_of_row[order]
    # A fixed pseudo-random rank per document makes the sample deterministic.
    rank = (np.arange(len(stats), dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(
        11
    )

    site_of_doc = stats.site_codes()
    site_pages = np.bincount(site_of_doc)

    verdicts: dict[tuple[bytes, float, int], bool] = {}

    def unrelated(docs: np.ndarray, line: int, threshold: float, groups_needed: int) -> bool:
        """Whether ``docs`` (sampled) fall into ``groups_needed`` content groups or more."""
        if docs.size > sample:
            docs = np.sort(docs[np.argsort(rank[docs], kind="stable")[:sample]])
        key = (docs.tobytes(), threshold, groups_needed)
        verdict = verdicts.get(key)
        if verdict is None:
            groups = _n_groups(docs, doc_start, doc_lines, weight, threshold, exclude=line)
            verdict = groups >= groups_needed
            # A syndicated story's many lines share one document set: decide it once
            # (valid only when the judged line adds no weight of its own).
            if weight[line] == 0:
                verdicts[key] = verdict
        return verdict

    def judge(lines: np.ndarray, threshold: float, site_share: float, site_docs: int
              ) -> list[int]:
        found = []
        for line in lines:
            docs = np.unique(doc_of_row[by_line[line_start[line] : line_start[line + 1]]])
            sites = site_of_doc[docs]
            codes, counts = np.unique(sites, return_counts=True)
            templated = not site_share or docs.size >= site_share * site_pages[codes].sum()
            if (
                docs.size >= min_docs
                and n_words[line] <= max_words
                and templated
                and unrelated(docs, line, threshold, min_clusters)
            ):
                found.append(int(line))
                continue
            # Same-site template: the documents of one site holding the line, if two
            # different stories of that site share it (not three: there is no chance
            # sharing within one site to guard against, as there is across many sites).
            long_line = n_words[line] > site_max_words
            needed = max(site_docs, site_many_docs) if long_line else site_docs
            home = (counts >= needed) & (counts >= site_home_share * docs.size)
            for code in codes[home]:
                if unrelated(docs[sites == code], line, threshold, 3 if long_line else 2):
                    found.append(int(line))
                    break
        return found

    is_short = n_words <= short_words
    short = judge(np.flatnonzero(candidate & is_short), similarity, 0.0, site_min_docs)
    weight[short] = 0.0  # known boilerplate no longer makes two documents look alike
    verdicts.clear()  # the weights changed
    long = judge(
        np.flatnonzero(candidate & ~is_short), long_similarity, long_site_share, site_long_docs
    )
    return {int(uniq[i]) for i in (*short, *long)}


def _n_groups(
    docs: np.ndarray,
    doc_start: np.ndarray,
    doc_lines: np.ndarray,
    weight: np.ndarray,
    similarity: float,
    exclude: int,
) -> int:
    """Content clusters among ``docs``: documents linked by shared content lines."""
    parts = [doc_lines[doc_start[d] : doc_start[d + 1]] for d in docs]
    sizes = np.fromiter((p.size for p in parts), dtype=np.int64, count=len(parts))
    if sizes.sum() == 0:
        return len(docs)
    cols, local = np.unique(np.concatenate(parts), return_inverse=True)
    rows = np.repeat(np.arange(len(docs)), sizes)
    w = weight[cols].copy()
    w[cols == exclude] = 0.0
    incidence = np.zeros((len(docs), cols.size), dtype=np.float32)
    incidence[rows, local] = 1.0
    shared = (incidence * w) @ incidence.T
    total = np.diag(shared).copy()
    smaller = np.minimum(total[:, None], total[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(smaller > 0, shared / smaller, 0.0)
    return _clusters(sim, similarity)


def line_hashes(texts: list[str]) -> list[np.ndarray]:
    """The :func:`line_hash` of each non-empty stripped line of each text, in order (a
    stage: run it in workers; arrays, not the lines, travel back to the scan)."""
    # Norms text by text (the byte passes stay in cache).
    return _hashes_per_text([_line_norms(_lines(text)) for text in texts])


def kept_line_hashes(documents: list[list[Line]]) -> list[np.ndarray]:
    """:func:`line_hashes` of the texts that the lines left by cleaning make up (each
    list's texts, none holding a line break, joined by line breaks), most from their keys."""
    return _hashes_per_text([_key_norms([line for line in lines if line.text.strip()])
                             for lines in documents])


def _key_norms(lines: list[Line]) -> list[str]:
    """:func:`_line_norm` of each line's text: from its key where that is the text's bytes
    through the key table (``Line.ascii_key``), as the norm table only differs from it in
    making apostrophes spaces (the key keeps just those inside a word) and zeroing digits."""
    if not lines:
        return []
    keys = "\n".join([line.key if line.ascii_key else "" for line in lines]).replace("'", " ")
    norms = keys.encode("ascii").translate(_ZERO_ASCII_DIGITS).decode("ascii").split("\n")
    return [norm or _line_norm(line.text) for line, norm in zip(lines, norms, strict=True)]


def _hashes_per_text(norms: list[list[str]]) -> list[np.ndarray]:
    """The hashes of each text's line norms."""
    # All at once: the array passes cost about the same for one line or many.
    hashes = _hashes([norm for text_norms in norms for norm in text_norms])
    ends = np.cumsum([len(text_norms) for text_norms in norms], dtype=np.int64)
    # Copies, not views: each array travels (or is kept) alone.
    return [hashes[end - len(text_norms) : end].copy()
            for end, text_norms in zip(ends.tolist(), norms, strict=True)]


def corpus_clean(
    docs: list[Document],
    stats: LineStats,
    hashes: list[np.ndarray] | None = None,
    **options: float,
) -> list[Document]:
    """Remove lines that recur across unrelated documents (reason "boilerplate").

    ``docs`` not yet in ``stats`` are observed first, so the statistics grow with every
    call. ``hashes``: the documents' :func:`line_hashes`, if already computed.
    ``options`` go to :func:`boilerplate_hashes`.
    """
    if hashes is None:
        hashes = line_hashes([doc.text for doc in docs])
    sizes = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
    flat = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.int64)
    ids = [d.id for d in docs]
    stats.observe(ids, [d.site or "" for d in docs], flat, sizes)
    bad = boilerplate_hashes(stats, ids, **options)  # type: ignore[arg-type]
    is_bad = np.isin(flat, np.fromiter(bad, dtype=np.int64, count=len(bad)))
    ends = np.cumsum(sizes)
    # Only the documents holding a boilerplate line are rebuilt, line by line.
    bad_before = np.concatenate(([0], np.cumsum(is_bad)))
    touched = bad_before[ends] > bad_before[ends - sizes]
    out = list(docs)
    for i in np.flatnonzero(touched):
        doc, start = docs[i], ends[i] - sizes[i]
        kept: list[str] = []
        removed: list[Removal] = []
        for line, drop in zip(_lines(doc.text), is_bad[start : ends[i]].tolist(), strict=True):
            if drop and not TWEET_SIGNATURE.match(line):
                removed.append(Removal(line, "boilerplate"))
            else:
                kept.append(line)
        out[i] = replace(
            doc,
            text="\n".join(kept),
            raw_text=doc.raw_text if doc.raw_text is not None else doc.text,
            removed=[*doc.removed, *removed],
        )
    return out
