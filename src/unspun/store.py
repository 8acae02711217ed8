"""The index: one DuckDB file holding documents, fingerprints, relations and groups.

Layout (format version 3; ``meta.format`` says which):

- ``documents``: one row per document; ``removed`` is JSON ``[{text, reason}]``;
  ``raw_text`` (the text before cleaning) is NULL where cleaning changed nothing;
  ``related`` turns true once the document's candidates were aligned, so an
  interrupted scan resumes where it stopped.
- ``signatures``: 128 MinHash values (UINTEGER[]) per document, see fingerprint.minhash.
- ``bands``: LSH keys, ``idx`` = ``text`` (MinHash bands of word 5-grams), ``anchors``
  (bands of names and numbers) or ``passages`` (sampled word 8-grams, band 0, many
  per document); equal (idx, band, key) means a candidate pair.
- ``vectors``: document vectors (FLOAT[]) for the ANN index.
- ``anchors``: the specific names and figures of each document (one row each).
- ``line_stats``: (line hash, document, site) for corpus-aware boilerplate removal.
- ``candidates``: every pair proposed for alignment and the indexes (``via``) that
  proposed it.
- ``relations``: one row per aligned pair, a < b; ``source`` is a document id;
  ``reasons``, ``changes`` and ``alignment`` are JSON.
- ``families``, ``stories``: one row per member; rebuilt after each scan.
- ``skips``: inputs that were not ingested, with a reason (documents already indexed
  are only counted, in the run's summary); ``runs``: run summaries, with
  ``"interrupted": true`` for a run that did not finish.

A document and its fingerprints are written in one transaction, so a killed scan never
leaves half a document behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from .errors import IndexBusy, UnspunError
from .fingerprint.stage import BandRows
from .records import Change, Document, Family, Relation, Removal, Skip, Story

FORMAT = "3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, url VARCHAR, site VARCHAR, title VARCHAR, published VARCHAR,
    author VARCHAR, language VARCHAR, origin VARCHAR, text VARCHAR, raw_text VARCHAR,
    removed VARCHAR, words INTEGER, run INTEGER, related BOOLEAN DEFAULT false);
CREATE TABLE IF NOT EXISTS signatures (doc VARCHAR PRIMARY KEY, minhash UINTEGER[]);
CREATE TABLE IF NOT EXISTS bands (idx VARCHAR, band SMALLINT, key UBIGINT, doc VARCHAR);
CREATE TABLE IF NOT EXISTS vectors (doc VARCHAR PRIMARY KEY, vec FLOAT[]);
CREATE TABLE IF NOT EXISTS anchors (doc VARCHAR, token VARCHAR);
CREATE TABLE IF NOT EXISTS line_stats (hash BIGINT, doc VARCHAR, site VARCHAR);
CREATE TABLE IF NOT EXISTS candidates (a VARCHAR, b VARCHAR, score DOUBLE, via VARCHAR);
CREATE TABLE IF NOT EXISTS relations (
    a VARCHAR, b VARCHAR, kind VARCHAR, partial BOOLEAN, source VARCHAR,
    confidence DOUBLE, coverage_a DOUBLE, coverage_b DOUBLE, direction_by VARCHAR,
    reasons VARCHAR, changes VARCHAR, alignment VARCHAR, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS families (family VARCHAR, origin VARCHAR, member VARCHAR);
CREATE TABLE IF NOT EXISTS stories (story VARCHAR, family VARCHAR, member VARCHAR);
CREATE TABLE IF NOT EXISTS skips (run INTEGER, origin VARCHAR, reason VARCHAR, detail VARCHAR);
CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, started VARCHAR, summary VARCHAR);
"""

class Store:
    """A DuckDB index file (or ``:memory:``)."""

    def __init__(self, path: str | Path = "unspun.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        self._in_transaction = False
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise UnspunError(f"{self.path} does not exist: run `unspun scan PATH --db "
                              f"{self.path}` first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            if "Conflicting lock" in str(exc):
                raise IndexBusy(self.path, str(exc)) from None
            raise UnspunError(f"cannot open {self.path}: {exc}") from None
        if not read_only:
            # A scan commits every batch; checkpointing the growing tables after each
            # 16 MB of log (DuckDB's default) made commits cost more and more. The log is
            # as durable; the file is checkpointed once, on close.
            self.con.execute("SET checkpoint_threshold = '1GB'")
            self.con.execute(_SCHEMA)
            found = self.con.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            if found is None:
                self.con.execute("INSERT INTO meta VALUES ('format', ?)", [FORMAT])
            elif found[0] != FORMAT:
                raise UnspunError(f"{self.path} has index format {found[0]}, this unspun "
                                  f"reads {FORMAT}: scan into a new --db file")

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Writes inside commit together or not at all; inside another transaction,
        they join it."""
        if self._in_transaction:
            yield
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_transaction = False

    def checkpoint(self) -> None:
        """Write what the log holds into the file (closing does it too)."""
        self.con.execute("CHECKPOINT")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and skips ---------------------------------------------------------------

    def new_run(self, started: str) -> int:
        # A run still without a summary was killed: this process holds the file's write
        # lock, so no other is running.
        self.con.execute("UPDATE runs SET summary = ? WHERE summary IS NULL",
                         [json.dumps({"interrupted": True})])
        run = self.con.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()[0]
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL)", [run, started])
        return int(run)

    def finish_run(self, run: int, summary: dict[str, Any]) -> None:
        self.con.execute("UPDATE runs SET summary = ? WHERE run = ?", [json.dumps(summary), run])

    def add_skips(self, run: int, skips: Sequence[Skip]) -> None:
        if skips:
            _insert(self.con, "skips", {
                "run": pa.array([run] * len(skips), type=pa.int32()),
                "origin": [s.origin for s in skips], "reason": [s.reason for s in skips],
                "detail": [s.detail[:500] for s in skips]})

    # -- documents --------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE id = ANY(?::VARCHAR[])", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def add_documents(self, run: int, docs: Sequence[Document], words: Sequence[int],
                      signatures: np.ndarray, bands: dict[str, BandRows],
                      vectors: np.ndarray, line_hashes: Sequence[np.ndarray],
                      anchors: Sequence[Sequence[str]] = ()) -> None:
        """Write documents with all their fingerprints in one transaction."""
        if not docs:
            return
        ids = [d.id for d in docs]
        con = self.con
        with self.transaction():
            _insert(con, "documents", {
                "id": ids, "url": [d.url for d in docs], "site": [d.site for d in docs],
                "title": [d.title for d in docs], "published": [d.published for d in docs],
                "author": [d.author for d in docs], "language": [d.language for d in docs],
                "origin": [d.origin for d in docs], "text": [d.text for d in docs],
                # The text before cleaning only where cleaning changed it: for the 37%
                # of news pages it leaves as they were, it would be a second copy.
                "raw_text": [d.raw_text if d.raw_text != d.text else None for d in docs],
                "removed": [json.dumps([r.to_dict() for r in d.removed]) for d in docs],
                "words": pa.array(list(words), type=pa.int32()),
                "run": pa.array([run] * len(docs), type=pa.int32()),
            })
            _insert(con, "signatures",
                    {"doc": ids, "minhash": _list_column(signatures.astype(np.uint32))})
            id_array = np.array(ids, dtype=object)
            for idx, rows in bands.items():
                # No DISTINCT: BandRows holds each (text, band, key) once.
                _insert(con, "bands", {
                    "idx": pa.array([idx] * rows.key.shape[0], type=pa.string()),
                    "band": pa.array(rows.band, type=pa.int16()),
                    "key": pa.array(rows.key, type=pa.uint64()),
                    "doc": pa.array(id_array[rows.doc], type=pa.string()),
                })
            _insert(con, "vectors", {"doc": ids, "vec": _list_column(vectors.astype(np.float32))})
            if any(anchors):
                _insert(con, "anchors", {
                    "doc": [i for i, tokens in zip(ids, anchors, strict=True) for _ in tokens],
                    "token": [t for tokens in anchors for t in tokens]})
            if len(line_hashes):
                # Each document's distinct line hashes (LineStats.line_hashes); a
                # document without site is filed under "", as LineStats does.
                per_doc = [h.size for h in line_hashes]
                sites = np.array([d.site or "" for d in docs], dtype=object)
                _insert(con, "line_stats", {
                    "hash": pa.array(np.concatenate(line_hashes), type=pa.int64()),
                    "doc": pa.array(np.repeat(id_array, per_doc), type=pa.string()),
                    "site": pa.array(np.repeat(sites, per_doc), type=pa.string())})

    def line_stats(self) -> tuple[np.ndarray, pa.ChunkedArray, pa.ChunkedArray]:
        """Line hash, document and site columns of the line statistics (in stored order,
        for LineStats.from_columns)."""
        table = self.con.sql("SELECT hash, doc, site FROM line_stats").to_arrow_table()
        return (table["hash"].to_numpy(), table["doc"], table["site"])

    def documents(self, ids: Iterable[str] | None = None, *, raw_text: bool = True
                  ) -> list[Document]:
        """Documents (all, or those of ``ids``) by id; ``raw_text=False`` leaves the text
        before cleaning out (half the bytes to read, when only the clean text is needed)."""
        raw = "coalesce(raw_text, text)" if raw_text else "NULL"
        sql = ("SELECT id, url, site, title, published, author, language, origin, text, "
               f"{raw}, removed FROM documents")
        if ids is None:
            rows = self.con.execute(sql + " ORDER BY id").fetchall()
        else:
            # = ANY(list) scans; IN (...) and point lookups went through the index at
            # ~7 ms a row.
            rows = self.con.execute(sql + " WHERE id = ANY(?::VARCHAR[]) ORDER BY id",
                                    [list(ids)]).fetchall()
        return [
            Document(id=r[0], url=r[1], site=r[2], title=r[3], published=r[4], author=r[5],
                     language=r[6], origin=r[7] or "", text=r[8], raw_text=r[9],
                     removed=[Removal(**x) for x in json.loads(r[10] or "[]")])
            for r in rows
        ]

    def word_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """How many words each document has (its size, without reading its text)."""
        return dict(self.con.execute("SELECT id, words FROM documents "
                                     "WHERE id = ANY(?::VARCHAR[])", [list(ids)]).fetchall())

    def document_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]

    def pending_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE NOT related ORDER BY id").fetchall()]

    def dates(self, ids: Iterable[str] | None = None) -> dict[str, str | None]:
        """Publication dates of all documents, or of those of ``ids``."""
        if ids is None:
            return dict(self.con.execute("SELECT id, published FROM documents").fetchall())
        return dict(self.con.execute("SELECT id, published FROM documents "
                                     "WHERE id = ANY(?::VARCHAR[])", [list(ids)]).fetchall())

    def vectors(self) -> tuple[list[str], np.ndarray]:
        table = self.con.sql("SELECT doc, vec FROM vectors ORDER BY doc").to_arrow_table()
        if not table.num_rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        flat = table.column("vec").combine_chunks().values.to_numpy(zero_copy_only=False)
        ids = table.column("doc").to_pylist()
        return ids, flat.astype(np.float32).reshape(len(ids), -1)

    # -- candidates and relations -----------------------------------------------------

    def band_candidates(self, idx: str, pending: Sequence[str], max_bucket: int
                        ) -> list[tuple[str, str, int]]:
        """Pairs sharing an LSH bucket, at least one of them pending: (a, b, shared bands)."""
        return self.con.execute(
            """
            WITH pend AS (SELECT unnest(?::VARCHAR[]) AS doc),
            b AS (SELECT band, key, doc FROM bands WHERE idx = ?),
            big AS (SELECT band, key FROM b GROUP BY band, key HAVING count(*) > ?),
            hits AS (
                SELECT x.doc AS a, y.doc AS b, count(*) AS shared
                FROM b x JOIN b y ON x.band = y.band AND x.key = y.key AND x.doc < y.doc
                WHERE (x.doc IN (SELECT doc FROM pend) OR y.doc IN (SELECT doc FROM pend))
                  AND (x.band, x.key) NOT IN (SELECT (band, key) FROM big)
                GROUP BY x.doc, y.doc)
            SELECT a, b, shared FROM hits ORDER BY a, b
            """,
            [list(pending), idx, max_bucket],
        ).fetchall()

    def add_candidates(self, candidates: Sequence[Any]) -> None:
        """Keep the proposed pairs and which index proposed them (for audits); a pair
        already kept (by a run that was interrupted) is kept once."""
        if candidates:
            _insert(self.con, "candidates", {
                "a": [c.a for c in candidates], "b": [c.b for c in candidates],
                "score": pa.array([c.score for c in candidates], type=pa.float64()),
                "via": [c.via for c in candidates]}, new_pairs=True)

    def anchors(self, ids: Sequence[str]) -> dict[str, frozenset[str]]:
        """The specific names and figures of each document (as ``fingerprint`` found them)."""
        rows = self.con.execute(
            "SELECT doc, list(token) FROM anchors WHERE doc = ANY(?::VARCHAR[]) "
            "GROUP BY doc", [list(ids)]).fetchall()
        found = {doc: frozenset(tokens) for doc, tokens in rows}
        return {i: found.get(i, frozenset()) for i in ids}

    def shared_anchors(self, pairs: Sequence[tuple[str, str]]
                       ) -> dict[tuple[str, str], tuple[int, int, int]]:
        """For each pair of documents sharing specific names and figures: how many they
        share, and how many each one has."""
        if not pairs:
            return {}
        self.con.register("pair_in", pa.table({"a": [p[0] for p in pairs],
                                               "b": [p[1] for p in pairs]}))
        rows = self.con.execute(
            "WITH n AS (SELECT doc, count(*) AS n FROM anchors WHERE doc IN "
            "(SELECT a FROM pair_in UNION SELECT b FROM pair_in) GROUP BY doc) "
            "SELECT p.a, p.b, count(y.token), any_value(na.n), any_value(nb.n) FROM pair_in p "
            "JOIN anchors x ON x.doc = p.a JOIN anchors y ON y.doc = p.b AND y.token = x.token "
            "JOIN n AS na ON na.doc = p.a JOIN n AS nb ON nb.doc = p.b "
            "GROUP BY p.a, p.b").fetchall()
        self.con.unregister("pair_in")
        return {(a, b): (shared, n_a, n_b) for a, b, shared, n_a, n_b in rows}

    def related_pairs(self) -> set[tuple[str, str]]:
        return {(a, b) for a, b in self.con.execute("SELECT a, b FROM relations").fetchall()}

    def add_relations(self, relations: Sequence[Relation], done: Sequence[str] = ()) -> None:
        """Store relations and mark documents whose candidates are all aligned."""
        con = self.con
        with self.transaction():
            if relations:
                rows = {(r.a, r.b): _relation_row(r) for r in relations}  # last one wins
                columns = list(zip(*rows.values(), strict=True))
                _insert(con, "relations", dict(zip(_RELATION_COLUMNS, columns, strict=True)),
                        replace=True)
            if done:
                con.execute("UPDATE documents SET related = true "
                            "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(done)])

    def relations(self, kinds: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Stored relations as export rows (without their alignment), ordered by (a, b)."""
        sql = f"SELECT {_RELATION_SELECT} FROM relations"
        params: list[Any] = []
        if kinds:
            sql += " WHERE kind IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(kinds))
        rows = self.con.execute(sql + " ORDER BY a, b", params).fetchall()
        return [_relation_dict(r, alignment=False) for r in rows]

    def relation(self, a: str, b: str) -> dict[str, Any] | None:
        lo, hi = sorted((a, b))
        for r in self.relations_between([lo], [hi]):
            return r
        return None

    def relations_between(self, a: Sequence[str], b: Sequence[str]) -> list[dict[str, Any]]:
        """Relations with a in ``a`` and b in ``b``, with their alignment."""
        rows = self.con.execute(
            f"SELECT {_RELATION_SELECT} FROM relations "
            "WHERE a IN (SELECT unnest(?::VARCHAR[])) AND b IN (SELECT unnest(?::VARCHAR[]))",
            [list(a), list(b)],
        ).fetchall()
        return [_relation_dict(r, alignment=True) for r in rows]

    # -- groups -----------------------------------------------------------------------

    def replace_groups(self, families: Sequence[Family], stories: Sequence[Story]) -> None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM families")
            con.execute("DELETE FROM stories")
            members = [(f.family, f.origin, m) for f in families for m in f.members]
            _insert(con, "families", dict(zip(("family", "origin", "member"),
                                              _columns(members, 3), strict=True)))
            family_of = {m: f.family for f in families for m in f.members}
            rows = [(s.story, family_of[m], m) for s in stories for m in s.members]
            _insert(con, "stories", dict(zip(("story", "family", "member"),
                                             _columns(rows, 3), strict=True)))
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def families(self) -> list[Family]:
        rows = self.con.execute(
            "SELECT family, any_value(origin), list(member ORDER BY member) FROM families "
            "GROUP BY family ORDER BY family").fetchall()
        return [Family(family=r[0], origin=r[1], members=list(r[2])) for r in rows]

    def stories(self) -> list[Story]:
        rows = self.con.execute(
            "SELECT story, list(DISTINCT family ORDER BY family), list(member ORDER BY member) "
            "FROM stories GROUP BY story ORDER BY story").fetchall()
        return [Story(story=r[0], families=list(r[1]), members=list(r[2])) for r in rows]

    def counts(self) -> dict[str, Any]:
        q = self.con.execute
        return {
            "documents": q("SELECT count(*) FROM documents").fetchone()[0],
            "relations": dict(q("SELECT kind, count(*) FROM relations GROUP BY kind "
                                "ORDER BY kind").fetchall()),
            "families_with_copies": q("SELECT count(*) FROM (SELECT family FROM families "
                                      "GROUP BY family HAVING count(*) > 1)").fetchone()[0],
            "stories_with_several_families": q(
                "SELECT count(*) FROM (SELECT story FROM stories GROUP BY story "
                "HAVING count(DISTINCT family) > 1)").fetchone()[0],
        }


_RELATION_COLUMNS = ("a", "b", "kind", "partial", "source", "confidence", "coverage_a",
                     "coverage_b", "direction_by", "reasons", "changes", "alignment")


_RELATION_SELECT = ", ".join(_RELATION_COLUMNS)


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, Any], *,
            replace: bool = False, new_pairs: bool = False) -> None:
    """Bulk-insert columns (named as the table's) through an Arrow table: executemany
    goes row by row, ~100x slower in DuckDB. ``new_pairs``: only rows whose (a, b) the
    table does not hold yet."""
    con.register("bulk_in", pa.table(columns))
    try:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        names = ", ".join(columns)
        where = (f" WHERE NOT EXISTS (SELECT 1 FROM {table} t "
                 "WHERE t.a = bulk_in.a AND t.b = bulk_in.b)") if new_pairs else ""
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM bulk_in{where}")
    finally:
        con.unregister("bulk_in")


def _list_column(matrix: np.ndarray) -> pa.ListArray:
    """The rows of a 2-D array as an Arrow list column, without a Python list per row."""
    n, width = matrix.shape
    offsets = pa.array(np.arange(0, (n + 1) * width, width, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array(np.ascontiguousarray(matrix).ravel()))


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows as ``width`` column lists (empty lists when there are no rows)."""
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def _relation_dict(row: tuple[Any, ...], *, alignment: bool) -> dict[str, Any]:
    out = dict(zip(_RELATION_COLUMNS, row, strict=True))
    out["reasons"] = json.loads(out["reasons"])
    out["changes"] = json.loads(out["changes"])
    stored = out.pop("alignment")
    if alignment:
        out["alignment"] = json.loads(stored) if stored else None
    return out


def _relation_row(r: Relation) -> tuple[Any, ...]:
    return (r.a, r.b, r.kind, r.partial, r.source_id(), r.confidence, r.coverage[0],
            r.coverage[1], r.direction_by, json.dumps(r.reasons),
            json.dumps([c.to_dict() for c in r.changes]),
            json.dumps(r.alignment.to_dict()) if r.alignment else None)


def change_from_dict(d: dict[str, Any]) -> Change:
    return Change(kind=d["kind"], source_text=d["source_text"], copy_text=d["copy_text"],
                  source_span=tuple(d["source_span"]) if d["source_span"] else None,
                  copy_span=tuple(d["copy_span"]) if d["copy_span"] else None,
                  note=d.get("note", ""))
