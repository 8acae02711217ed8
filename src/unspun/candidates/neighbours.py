"""Nearest neighbours of document vectors (usearch, HNSW): the route to translated
copies and same-story coverage that share few exact words.

The graph is kept next to the index file, in ``<db>.usearch``: a scan restores it, adds
the vectors of the documents it stores and saves it again once they are committed, so
its cost grows with the new documents, not with the index; ``unspun check`` maps it
read-only. Key k is the k-th vector added; the index's ``neighbour_keys`` table says
whose it is, written in the transaction that stores the document. The file is trusted
only as the index's ``meta`` describes it (vectors, bytes, CRC-32, written after the file):
a missing, older, damaged or foreign file is rebuilt from the stored vectors, and one
that lacks the vectors of later committed documents (a scan interrupted before saving)
is given them.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["META_KEY", "NeighbourIndex", "saved_path"]

#: The ``meta`` entry describing the saved graph: {"vectors", "bytes", "crc32"}.
META_KEY = "neighbours"
# Stored vectors read at a time when (re)building the graph.
_READ_ROWS = 8192
# Keys of the documents with a vector, in key order: the table a scan writes, or for an
# index of format 4 read as it is (no table yet), the stored vectors in id order, the
# order a scan of format 4 built its graph in.
_KEYS = "neighbour_keys"
_KEYS_FORMAT_4 = ("(SELECT (row_number() OVER (ORDER BY doc) - 1)::INTEGER AS key, doc "
                  "FROM vectors WHERE list_dot_product(vec, vec) > 0)")


def saved_path(db: str | Path) -> Path | None:
    """Where the graph of the index file ``db`` is saved (None for ``:memory:``)."""
    return None if str(db) == ":memory:" else Path(f"{db}.usearch")


def _new_graph(ndim: int) -> Any:
    from usearch.index import Index

    # Half precision and a shallower build and search: adding and searching 10,000 news
    # vectors takes 1.2 s of CPU, against 3.6 s with the defaults (f32, 128, 64). Of the
    # 5 nearest neighbours above the floor that an exact search finds, it finds 98.2% on
    # 5,669 SemEval-2022 and PAN 2013 texts (the defaults 98.9%) and 99.9% on the news
    # articles (the defaults 99.9%).
    return Index(ndim=ndim, metric="cos", dtype="f16", expansion_add=64, expansion_search=32)


def _restore(path: Path, view: bool) -> Any:
    from usearch.index import Index

    graph = Index.restore(str(path), view=view)
    if graph is not None:
        # A file keeps the graph, not these settings.
        graph.expansion_add, graph.expansion_search = 64, 32
    return graph


def _crc32(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            crc = zlib.crc32(block, crc)
    return crc


class NeighbourIndex:
    """The document vectors of one index in an HNSW graph, loaded on first use.

    ``read_only``: the saved graph is mapped, not copied, and the vectors of documents
    stored since it was saved go into a second, in-memory graph (``unspun check``);
    nothing is written. Otherwise (a scan) the saved graph is copied into memory and
    grows with :meth:`add`, and :meth:`save` writes it once the documents are committed.
    """

    def __init__(self, store: Store, *, read_only: bool = False) -> None:
        self.store = store
        self.read_only = read_only
        self.path = saved_path(store.path)
        self._graphs: list[Any] = []  # searched together; the last grows, unless a view
        self._views = 0  # how many of them are mapped files
        self._size = 0  # keys in the graphs: 0 .. size - 1
        self._saved: str | None = None  # the meta entry the graphs were loaded from
        self._loaded = False
        self._dirty = False  # holds vectors the saved file lacks

    def __len__(self) -> int:
        self._load()
        return self._size

    # -- loading and saving ----------------------------------------------------------------

    def _keys_table(self, store: Store | None = None) -> str:
        tables = (store or self.store).con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'neighbour_keys' "
            "AND database_name = current_database()").fetchall()
        return _KEYS if tables[0][0] else _KEYS_FORMAT_4

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        keys = self._keys_table()
        total = int(self.store.con.execute(f"SELECT count(*) FROM {keys}").fetchall()[0][0])
        self._saved = self.store.meta(META_KEY) if keys == _KEYS else None
        saved = self._restore_saved(total)
        self._graphs = [saved] if saved is not None else []
        self._views = 1 if saved is not None and self.read_only else 0
        self._size = len(saved) if saved is not None else 0
        self._extend(keys, total)

    def _restore_saved(self, total: int) -> Any:
        """The saved graph if the index's meta describes it and it holds no more than
        the ``total`` vectors the index has; else None."""
        if self.path is None or not self._saved or not self.path.exists():
            return None
        try:
            described = json.loads(self._saved)
            if (described["vectors"] > total or self.path.stat().st_size != described["bytes"]
                    or _crc32(self.path) != described["crc32"]):
                return None
            graph = _restore(self.path, view=self.read_only)
        except (OSError, ValueError, RuntimeError, KeyError, TypeError):
            return None
        return graph if graph is not None and len(graph) == described["vectors"] else None

    def _extend(self, keys: str, total: int) -> None:
        """Add the stored vectors of keys ``size`` .. ``total - 1`` (documents stored
        since the graph was saved, or all of them)."""
        if total <= self._size:
            return
        reader = self.store.con.sql(
            f"SELECT v.vec FROM {keys} k JOIN vectors v ON v.doc = k.doc WHERE k.key >= ? "
            "ORDER BY k.key", params=[self._size]).to_arrow_reader(_READ_ROWS)
        for batch in reader:
            self._add(_matrix(batch.column(0)))
        self._dirty = not self.read_only

    def refresh(self, store: Store) -> None:
        """Catch up with the index as ``store`` now has it: the vectors of documents
        stored since, or everything again if a scan saved a new graph."""
        self.store = store
        if not self._loaded:
            return
        keys = self._keys_table()
        if keys == _KEYS and store.meta(META_KEY) != self._saved:
            self._loaded = False
            self._load()
            return
        self._extend(keys, int(store.con.execute(f"SELECT count(*) FROM {keys}").fetchall()[0][0]))

    def save(self) -> None:
        """Write the graph next to the index file, then describe it in the index's meta
        (call once the documents it holds are committed)."""
        if self.read_only or self.path is None or not self._dirty or not self._graphs:
            return
        partial = self.path.with_name(self.path.name + ".partial")
        self._graphs[0].save(str(partial))
        os.replace(partial, self.path)
        described = json.dumps({"vectors": self._size, "bytes": self.path.stat().st_size,
                                "crc32": _crc32(self.path)})
        self.store.set_meta(META_KEY, described)
        self._saved, self._dirty = described, False

    # -- adding ----------------------------------------------------------------------------

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Add the vectors of documents being stored (short texts have none), and their
        keys to ``neighbour_keys`` (in the caller's transaction)."""
        if self.read_only:
            raise TypeError("a read-only NeighbourIndex takes no vectors")
        self._load()
        first = self._size
        placed = self._add(vectors)
        if placed.size:
            self._dirty = True
            self.store.con.register("new_keys", pa.table({
                "key": pa.array(np.arange(first, first + placed.size), type=pa.int32()),
                "doc": [ids[i] for i in placed]}))
            try:
                self.store.con.execute("INSERT INTO neighbour_keys SELECT key, doc FROM new_keys")
            finally:
                self.store.con.unregister("new_keys")

    def _add(self, vectors: np.ndarray) -> np.ndarray:
        """Add the non-zero ``vectors`` under the next keys; returns their rows."""
        placed = np.flatnonzero(np.linalg.norm(vectors, axis=1) > 0)
        if not placed.size:
            return placed
        if len(self._graphs) == self._views:
            self._graphs.append(_new_graph(vectors.shape[1]))
        keys = np.arange(self._size, self._size + placed.size, dtype=np.uint64)
        # One thread: a graph built by several depends on their timing, and so did ~1
        # candidate pair in 3,664 from run to run; one thread gives the same graph every
        # time (10,000 vectors: 0.85 s of CPU against 1.0, no slower on the clock).
        self._graphs[-1].add(keys, np.asarray(vectors[placed], dtype=np.float32), threads=1)
        self._size += placed.size
        return placed

    # -- searching -------------------------------------------------------------------------

    def _search(self, vectors: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Keys and cosine similarities of the ``count`` nearest of each vector, best
        first (-1 where there are fewer)."""
        keys, similarity = [], []
        for graph in self._graphs:
            if len(graph):
                found = graph.search(vectors, min(count, len(graph)), threads=1)
                n = len(vectors)
                keys.append(np.asarray(found.keys).reshape(n, -1).astype(np.int64))
                similarity.append(1.0 - np.asarray(found.distances).reshape(n, -1))
        if len(keys) == 1:
            return keys[0], similarity[0]
        # Several graphs: the best of each, merged (missing results rank last).
        all_keys, all_similarity = np.concatenate(keys, axis=1), np.concatenate(similarity, axis=1)
        all_similarity = np.where(all_keys >= 0, all_similarity, -np.inf)
        best = np.argsort(-all_similarity, axis=1, kind="stable")[:, :count]
        return (np.take_along_axis(all_keys, best, axis=1),
                np.take_along_axis(all_similarity, best, axis=1))

    def _ids(self, store: Store, keys: np.ndarray) -> dict[int, str]:
        wanted = np.unique(keys[(keys >= 0) & (keys < self._size)])
        if not wanted.size:
            return {}
        table = self._keys_table(store)
        return dict(store.con.execute(
            f"SELECT key, doc FROM {table} WHERE key IN (SELECT unnest(?::INTEGER[]))",
            [wanted.tolist()]).fetchall())

    def neighbours(self, queries: Sequence[str] | set[str], k: int, min_similarity: float
                   ) -> Iterator[tuple[str, str, float]]:
        """(a, b, cosine) for each stored query document and its k nearest neighbours
        above a floor."""
        self._load()
        if self._size < 2 or not queries:
            return
        # The query vectors are read and searched _READ_ROWS at a time, and only the
        # pairs that pass are kept, as keys: read at once, every pending document's
        # vector was held twice (the Arrow column and its float32 copy) with its search
        # results, a peak that grew with the documents a scan adds.
        reader = self.store.con.sql(
            f"SELECT k.key, v.vec FROM {self._keys_table()} k JOIN vectors v ON v.doc = k.doc "
            "WHERE k.doc IN (SELECT unnest(?::VARCHAR[])) ORDER BY k.key",
            params=[sorted(queries)]).to_arrow_reader(_READ_ROWS)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for batch in reader:
            if not batch.num_rows:
                continue
            mine = batch.column(0).to_numpy(zero_copy_only=False).astype(np.int64)
            labels, similarity = self._search(_matrix(batch.column(1)), min(k + 1, self._size))
            # Vectorised filtering; the loop below only walks the pairs that pass.
            ok = ((similarity >= min_similarity) & (labels != mine[:, None]) & (labels >= 0)
                  & (labels < self._size))
            rows, columns = np.nonzero(ok)
            found.append((mine[rows], labels[rows, columns], similarity[rows, columns]))
        if not found:
            return
        # Once the reader is done: a query on the connection would end it.
        a, b, cosine = (np.concatenate(column) for column in zip(*found, strict=True))
        names = self._ids(self.store, np.concatenate([a, b]))
        for x, y, sim in zip(a.tolist(), b.tolist(), cosine.tolist(), strict=True):
            yield names[x], names[y], sim

    def nearest(self, store: Store, vector: np.ndarray, k: int, min_similarity: float
                ) -> list[tuple[str, float]]:
        """(id, cosine) of the k stored documents nearest to a vector not in the index,
        above a floor (``unspun.check``: a page checked against the index); ids are read
        from ``store``."""
        self._load()
        if not self._size or not np.linalg.norm(vector) > 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        labels, similarity = self._search(query, min(k, self._size))
        labels, similarity = labels[0], similarity[0]
        ok = (similarity >= min_similarity) & (labels >= 0) & (labels < self._size)
        names = self._ids(store, labels[ok])
        return [(names[int(i)], float(s)) for i, s in zip(labels[ok], similarity[ok],
                                                          strict=True)]


def _matrix(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A FLOAT[] column as a float32 matrix."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not len(column):
        return np.zeros((0, 0), dtype=np.float32)
    flat = column.flatten().to_numpy(zero_copy_only=False)
    return flat.astype(np.float32).reshape(len(column), -1)
