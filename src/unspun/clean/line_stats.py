"""Which documents (and sites) each normalised line occurs in: the statistics corpus
cleaning judges lines by."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa

    # A column of strings: saved rows' documents or sites.
    _Strings = Sequence[str | None] | pa.Array | pa.ChunkedArray

__all__ = ["LineStats"]


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
