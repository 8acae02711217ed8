"""The index: one DuckDB file holding documents, fingerprints, relations and groups
(layout and format version: ``schema``)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from .. import model_files
from ..errors import IndexBusy, ModelError, UnspunError
from ..fingerprint.stage import BandRows
from ..records import Document, Family, Relation, Removal, Skip, Story
from .codec import (
    RELATION_COLUMNS,
    RELATION_SELECT,
    as_columns,
    insert,
    list_column,
    relation_dict,
    relation_row,
)
from .schema import FORMAT, SCHEMA, format_error, upgrade


class Store:
    """A DuckDB index file (or ``:memory:``)."""

    def __init__(self, path: str | Path = "unspun.duckdb", *, read_only: bool = False,
                 wait: float | None = None) -> None:
        self.path = str(path)
        self._in_transaction = False
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise UnspunError(f"{self.path} does not exist: run `unspun scan PATH --db "
                              f"{self.path}` first")
        self.con = _connect(self.path, read_only, LOCK_WAIT if wait is None else wait)
        if not read_only:
            # A scan commits every batch; checkpointing the growing tables after each
            # 16 MB of log (DuckDB's default) made commits cost more and more. The log is
            # as durable; the file is checkpointed once, on close.
            self.con.execute("SET checkpoint_threshold = '1GB'")
            try:
                # At once: a scan killed here leaves every table or none.
                with self.transaction():
                    self._create()
            except BaseException:
                self.close()
                raise
        #: Why the index's model files differ from this unspun's (None: they do not).
        #: Refused when writing; reading goes on (``warning`` says so).
        self.warning = self._models_differ()
        if self.warning and not read_only:
            self.close()
            raise ModelError(self.warning)
        if read_only:
            self._check_format()

    def _create(self) -> None:
        """The tables, in this unspun's format (an earlier one upgraded)."""
        self.con.execute(SCHEMA)
        # fetchall, never fetchone, on this connection: a result left unfinished
        # makes DuckDB refuse the next Arrow insert (``codec.insert``).
        rows = self.con.execute("SELECT value FROM meta WHERE key='format'").fetchall()
        if not rows:
            self.con.execute("INSERT INTO meta VALUES ('format', ?)", [FORMAT])
            self.set_meta(model_files.META_KEY, model_files.as_meta())
        elif error := format_error(self.path, rows[0][0], reading=False):
            raise UnspunError(error)
        elif rows[0][0] != FORMAT:
            upgrade(self.con, rows[0][0])

    def _check_format(self) -> None:
        """Reading an index of an earlier format would fail on a missing table or column:
        say what to do instead (reading never writes, so it does not upgrade)."""
        if error := format_error(self.path, self.meta("format"), reading=True):
            self.close()
            raise UnspunError(error)

    def _models_differ(self) -> str | None:
        try:
            recorded = self.meta(model_files.META_KEY)
        except duckdb.CatalogException:
            self.close()
            raise UnspunError(
                f"{self.path} holds no unspun index (its first scan was stopped before it "
                f"stored anything, or it is another DuckDB file): run `unspun scan PATH "
                f"--db {self.path}` to make one") from None
        return model_files.mismatch(self.path, recorded)

    def close(self) -> None:
        self.con.close()

    def meta(self, key: str) -> str | None:
        """A value of the ``meta`` table (None when unset)."""
        rows = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

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
        run = self.con.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchall()[0][0]
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL)", [run, started])
        return int(run)

    def finish_run(self, run: int, summary: dict[str, Any]) -> None:
        self.con.execute("UPDATE runs SET summary = ? WHERE run = ?", [json.dumps(summary), run])

    def add_skips(self, run: int, skips: Sequence[Skip]) -> None:
        if skips:
            insert(self.con, "skips", {
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
                      vectors: np.ndarray, anchors: Sequence[Sequence[str]] = ()) -> None:
        """Write documents with all their fingerprints in one transaction."""
        if not docs:
            return
        ids = [d.id for d in docs]
        con = self.con
        with self.transaction():
            insert(con, "documents", {
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
            insert(con, "signatures",
                    {"doc": ids, "minhash": list_column(signatures.astype(np.uint32))})
            id_array = np.array(ids, dtype=object)
            for idx, rows in bands.items():
                # No DISTINCT: BandRows holds each (text, band, key) once.
                insert(con, "bands", {
                    "idx": pa.array([idx] * rows.key.shape[0], type=pa.string()),
                    "band": pa.array(rows.band, type=pa.int16()),
                    "key": pa.array(rows.key, type=pa.uint64()),
                    "doc": pa.array(id_array[rows.doc], type=pa.string()),
                })
            insert(con, "vectors", {"doc": ids, "vec": list_column(vectors.astype(np.float32))})
            if any(anchors):
                insert(con, "anchors", {
                    "doc": [i for i, tokens in zip(ids, anchors, strict=True) for _ in tokens],
                    "token": [t for tokens in anchors for t in tokens]})

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
            # ~7 ms a row. The rows are found by id first, then read by rowid: filtered
            # on id alone, DuckDB decompressed every text (50 of 37,554 documents:
            # 0.45 s against 0.04 s).
            rows = self.con.execute(sql + " WHERE rowid IN (SELECT rowid FROM documents "
                                    "WHERE id = ANY(?::VARCHAR[])) ORDER BY id",
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
        return int(self.con.execute("SELECT count(*) FROM documents").fetchall()[0][0])

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

    # -- candidates and relations -----------------------------------------------------

    def add_candidates(self, candidates: Sequence[Any]) -> None:
        """Keep the proposed pairs and which index proposed them (for audits); a pair
        already kept (by a run that was interrupted) is kept once."""
        if candidates:
            insert(self.con, "candidates", {
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

    def anchor_counts(self, tokens: Iterable[str]) -> dict[str, int]:
        """How many documents hold each of these specific names and figures."""
        tokens = sorted(set(tokens))
        if not tokens:
            return {}
        return dict(self.con.execute(
            "SELECT token, count(DISTINCT doc) FROM anchors WHERE token = ANY(?::VARCHAR[]) "
            "GROUP BY token", [tokens]).fetchall())

    def related_pairs(self, docs: Sequence[str] | None = None) -> set[tuple[str, str]]:
        """The pairs already related (those holding one of ``docs``, if given)."""
        if docs is None:
            rows = self.con.execute("SELECT a, b FROM relations").fetchall()
        else:
            rows = self.con.execute(
                "SELECT a, b FROM relations WHERE a IN (SELECT unnest($1::VARCHAR[])) "
                "OR b IN (SELECT unnest($1::VARCHAR[]))", [list(docs)]).fetchall()
        return {(a, b) for a, b in rows}

    def add_relations(self, relations: Sequence[Relation], done: Sequence[str] = ()) -> None:
        """Store relations and mark documents whose candidates are all aligned."""
        con = self.con
        with self.transaction():
            if relations:
                rows = {(r.a, r.b): relation_row(r) for r in relations}  # last one wins
                columns = list(zip(*rows.values(), strict=True))
                insert(con, "relations", dict(zip(RELATION_COLUMNS, columns, strict=True)),
                        replace=True)
            if done:
                con.execute("UPDATE documents SET related = true "
                            "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(done)])

    def set_sources(self, sources: dict[tuple[str, str], str], by: str, reason: str) -> None:
        """Give relations ``(a, b)`` a new source, decided by ``by`` (replacing the pair's
        own traces), with a reason ("{source}" and "{copy}" name the two)."""
        if not sources:
            return
        rows = [(a, b, src, reason.format(source=src, copy=b if src == a else a))
                for (a, b), src in sorted(sources.items())]
        self.con.register("new_sources", pa.table({
            "a": [r[0] for r in rows], "b": [r[1] for r in rows],
            "source": [r[2] for r in rows], "reason": [r[3] for r in rows]}))
        try:
            self.con.execute(
                "UPDATE relations r SET source = n.source, direction_by = ?, "
                "reasons = to_json(list_append(from_json(r.reasons, '[\"VARCHAR\"]'), "
                "n.reason))::VARCHAR FROM new_sources n WHERE r.a = n.a AND r.b = n.b",
                [json.dumps([by])])
        finally:
            self.con.unregister("new_sources")

    def relations(self, kinds: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Stored relations as export rows (without their alignment), ordered by (a, b)."""
        sql = f"SELECT {RELATION_SELECT} FROM relations"
        params: list[Any] = []
        if kinds:
            sql += " WHERE kind IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(kinds))
        rows = self.con.execute(sql + " ORDER BY a, b", params).fetchall()
        return [relation_dict(r, alignment=False) for r in rows]

    def relation(self, a: str, b: str) -> dict[str, Any] | None:
        lo, hi = sorted((a, b))
        for r in self.relations_between([lo], [hi]):
            return r
        return None

    def relations_between(self, a: Sequence[str], b: Sequence[str]) -> list[dict[str, Any]]:
        """Relations with a in ``a`` and b in ``b``, with their alignment."""
        rows = self.con.execute(
            f"SELECT {RELATION_SELECT} FROM relations WHERE rowid IN (SELECT rowid FROM "
            "relations WHERE a IN (SELECT unnest(?::VARCHAR[])) "
            "AND b IN (SELECT unnest(?::VARCHAR[])))",  # by rowid: see documents()
            [list(a), list(b)],
        ).fetchall()
        return [relation_dict(r, alignment=True) for r in rows]

    # -- groups -----------------------------------------------------------------------

    def replace_groups(self, families: Sequence[Family], stories: Sequence[Story],
                       members: Sequence[str] | None = None,
                       parents: dict[str, str] | None = None) -> None:
        """Replace the families and stories of ``members`` (all when None) by these;
        ``parents``: each copy's source in its family's tree."""
        con = self.con
        with self.transaction():
            if members is None:
                con.execute("DELETE FROM families")
                con.execute("DELETE FROM stories")
            else:
                con.register("regrouped", pa.table({"member": list(members)}))
                try:
                    for table in ("families", "stories"):
                        con.execute(f"DELETE FROM {table} "
                                    "WHERE member IN (SELECT member FROM regrouped)")
                finally:
                    con.unregister("regrouped")
            parents = parents or {}
            rows = [(f.family, f.origin, m, parents.get(m)) for f in families for m in f.members]
            insert(con, "families", dict(zip(("family", "origin", "member", "parent"),
                                              as_columns(rows, 4), strict=True)))
            family_of = {m: f.family for f in families for m in f.members}
            rows = [(s.story, family_of[m], m) for s in stories for m in s.members]
            insert(con, "stories", dict(zip(("story", "family", "member"),
                                             as_columns(rows, 3), strict=True)))

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
            "documents": q("SELECT count(*) FROM documents").fetchall()[0][0],
            "relations": dict(q("SELECT kind, count(*) FROM relations GROUP BY kind "
                                "ORDER BY kind").fetchall()),
            "families_with_copies": q("SELECT count(*) FROM (SELECT family FROM families "
                                      "GROUP BY family HAVING count(*) > 1)").fetchall()[0][0],
            "stories_with_several_families": q(
                "SELECT count(*) FROM (SELECT story FROM stories GROUP BY story "
                "HAVING count(DISTINCT family) > 1)").fetchall()[0][0],
        }


#: Seconds to wait for another process's lock on the file: ``unspun serve`` holds a
#: read-only connection for the length of a request, and a scan started meanwhile waits.
LOCK_WAIT = 10.0


def _connect(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if "Conflicting lock" not in str(exc):
                raise UnspunError(f"cannot open {path}: {exc}") from None
            if time.monotonic() >= deadline:
                raise IndexBusy(path, str(exc)) from None
        time.sleep(0.05)
