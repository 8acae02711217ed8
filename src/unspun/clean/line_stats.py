"""Which documents (and sites) each normalised line occurs in: the statistics corpus
cleaning judges lines by, kept in DuckDB tables so that a chunk of new documents is
judged by reading the rows of its own lines, not the whole corpus's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .lines import WORD_MASK

if TYPE_CHECKING:
    import duckdb

__all__ = ["LineStats", "Recurring"]

# The order of the deterministic sample of the documents holding a line: a pseudo-random
# rank per document number n, n * 0x9E3779B97F4A7C15 (mod 2**64) shifted right 11 bits,
# then n (the rank takes 53 bits, n 32).
_SAMPLE_ORDER = ("(((d.doc_no::UHUGEINT * 11400714819323198485::UHUGEINT) "
                 "% 18446744073709551616::UHUGEINT) >> 11) * 4294967296 + d.doc_no")


@dataclass(slots=True)
class Recurring:
    """Lines that recur enough to be judged, with what judging them needs: the
    documents holding them are known by number, and only a sample of them by name."""

    hashes: np.ndarray  # the lines' hashes, ascending
    docs: np.ndarray  # how many documents hold each line
    site_pages: np.ndarray  # the pages of the sites holding each line, summed
    sample: list[np.ndarray]  # per line, the documents holding it of lowest rank, ascending
    # Per line, for each site holding it in enough documents: how many, and the
    # sample of those documents.
    sites: list[list[tuple[int, np.ndarray]]]
    content: dict[int, np.ndarray]  # the content lines of each sampled document


class LineStats:
    """Line statistics in the ``line_docs`` and ``lines`` tables (layout:
    ``unspun.store.schema``): every document observed, numbered in order, with its site
    (``""`` for none), and one row per distinct line hash of each document.

    ``con``: an index's connection (its tables persist, so later runs continue), or None
    for an in-memory database. ``hold``: observed documents wait in temporary tables,
    seen by the statistics but not stored, until :meth:`keep_held` moves them into the
    index's tables, which a scan does in the transaction storing those documents; an
    interrupted scan then keeps no statistics of documents it did not store.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None, *,
                 hold: bool = False) -> None:
        import duckdb

        from ..store.schema import LINE_SCHEMA

        if con is None:
            con = duckdb.connect()
            con.execute(LINE_SCHEMA)
        self.con = con
        self.hold = hold
        if hold:
            con.execute("CREATE TEMP TABLE IF NOT EXISTS held_docs "
                        "(doc_no INTEGER, doc VARCHAR, site VARCHAR)")
            con.execute("CREATE TEMP TABLE IF NOT EXISTS held_lines (hash BIGINT, doc_no INTEGER)")
            #: SQL sources of every observed document and line row, stored or held.
            self.docs = ("(SELECT doc_no, doc, site FROM line_docs UNION ALL "
                         "SELECT doc_no, doc, site FROM held_docs)")
            self.lines = ("(SELECT hash, doc_no FROM lines UNION ALL "
                          "SELECT hash, doc_no FROM held_lines)")
        else:
            self.docs, self.lines = "line_docs", "lines"
        rows = con.execute(f"SELECT count(*) FROM {self.docs}").fetchall()
        self._count = int(rows[0][0])

    def __len__(self) -> int:
        """Documents observed (the next one gets this number)."""
        return self._count

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and bool(self.known([doc_id]))

    @contextmanager
    def _table(self, name: str, columns: dict[str, Any]) -> Iterator[str]:
        """Columns registered as a table for one query."""
        import pyarrow as pa

        self.con.register(name, pa.table(columns))
        try:
            yield name
        finally:
            self.con.unregister(name)

    def known(self, doc_ids: Sequence[str]) -> set[str]:
        """The documents of ``doc_ids`` observed before."""
        if not doc_ids or not self._count:
            return set()
        with self._table("asked_docs", {"doc": list(doc_ids)}):
            rows = self.con.execute(f"SELECT doc FROM {self.docs} "
                                    "WHERE doc IN (SELECT doc FROM asked_docs)").fetchall()
        return {r[0] for r in rows}

    def numbers(self, doc_ids: Sequence[str]) -> np.ndarray:
        """The numbers of the observed documents of ``doc_ids`` (ascending)."""
        if not doc_ids:
            return np.zeros(0, dtype=np.int64)
        with self._table("asked_docs", {"doc": list(doc_ids)}):
            rows = self.con.execute(f"SELECT doc_no FROM {self.docs} WHERE doc IN "
                                    "(SELECT doc FROM asked_docs) ORDER BY doc_no").fetchnumpy()
        return rows["doc_no"].astype(np.int64)

    def observe(self, doc_ids: list[str], sites: list[str], hashes: np.ndarray,
                sizes: np.ndarray) -> None:
        """Add the documents not seen before (by id; the first of a repeated id): document
        ``i`` holds the next ``sizes[i]`` line ``hashes`` (repeats allowed)."""
        import pyarrow as pa

        known = self.known(doc_ids)
        new: dict[str, int] = {}
        for i, doc_id in enumerate(doc_ids):
            if doc_id not in known:
                new.setdefault(doc_id, i)
        picked = np.fromiter(new.values(), dtype=np.int64, count=len(new))
        if not picked.size:
            return
        taken = np.zeros(len(doc_ids), dtype=bool)
        taken[picked] = True
        rows = np.repeat(taken, sizes)
        hashes = np.asarray(hashes, dtype=np.int64)[rows]
        doc_of_row = np.repeat(np.arange(picked.size), np.asarray(sizes)[picked])
        # Each document's distinct hashes, ascending: one sort by (document, hash).
        order = np.lexsort((hashes, doc_of_row))
        hashes, doc_of_row = hashes[order], doc_of_row[order]
        distinct = np.ones(hashes.size, dtype=bool)
        distinct[1:] = (hashes[1:] != hashes[:-1]) | (doc_of_row[1:] != doc_of_row[:-1])
        first = self._count
        docs_table, lines_table = ("held_docs", "held_lines") if self.hold else ("line_docs",
                                                                                 "lines")
        with self._table("new_docs", {
                "doc_no": pa.array(np.arange(first, first + picked.size), type=pa.int32()),
                "doc": list(new), "site": [sites[i] for i in picked]}):
            self.con.execute(f"INSERT INTO {docs_table} SELECT doc_no, doc, site FROM new_docs")
        with self._table("new_lines", {
                "hash": pa.array(hashes[distinct], type=pa.int64()),
                "doc_no": pa.array(doc_of_row[distinct] + first, type=pa.int32())}):
            self.con.execute(f"INSERT INTO {lines_table} SELECT hash, doc_no FROM new_lines")
        self._count += picked.size

    def keep_held(self, before: int) -> None:
        """Store the held documents numbered below ``before`` (and their lines) in the
        index's tables."""
        if not self.hold:
            return
        for table, columns in (("docs", "doc_no, doc, site"), ("lines", "hash, doc_no")):
            target = "line_docs" if table == "docs" else "lines"
            self.con.execute(f"INSERT INTO {target} SELECT {columns} FROM held_{table} "
                             "WHERE doc_no < ? ORDER BY doc_no", [before])
            self.con.execute(f"DELETE FROM held_{table} WHERE doc_no < ?", [before])

    def line_hashes(self, doc_ids: Iterable[str]) -> list[np.ndarray]:
        """Each observed document's distinct line hashes, ascending."""
        doc_ids = list(doc_ids)
        with self._table("asked_docs", {"doc": doc_ids}):
            rows = self.con.execute(
                f"SELECT d.doc, list(l.hash ORDER BY l.hash) FROM {self.docs} d "
                f"JOIN {self.lines} l USING (doc_no) "
                "WHERE d.doc IN (SELECT doc FROM asked_docs) GROUP BY d.doc").fetchall()
        found = {doc: np.array(hashes, dtype=np.int64) for doc, hashes in rows}
        return [found.get(d, np.zeros(0, dtype=np.int64)) for d in doc_ids]

    def recurring(self, doc_ids: Iterable[str] | None, candidate: str, *, sample: int,
                  site_docs: int, content_words: int) -> Recurring:
        """The lines of ``doc_ids`` (all when None) whose rows satisfy ``candidate`` (an
        SQL condition on ``hash`` and ``count(*)``, the documents holding the line),
        with a sample of ``sample`` documents holding each, of each site holding it in
        ``site_docs`` documents or more, and those documents' lines of at least
        ``content_words`` words.

        Reads the rows of these lines and of the sampled documents: DuckDB scans the
        line hashes of the whole index, but only these rows come out of it.
        """
        con = self.con
        judged = (np.arange(self._count, dtype=np.int64) if doc_ids is None
                  else self.numbers(list(doc_ids)))
        with self._table("judged_docs", {"doc_no": judged}):
            con.execute(f"""
                CREATE OR REPLACE TEMP TABLE recurring AS
                WITH mine AS (SELECT DISTINCT hash FROM {self.lines}
                              WHERE doc_no IN (SELECT doc_no FROM judged_docs)),
                hits AS (SELECT hash, doc_no FROM {self.lines}
                         WHERE hash IN (SELECT hash FROM mine)),
                judged_lines AS (SELECT hash FROM hits GROUP BY hash HAVING {candidate})
                SELECT h.hash, d.doc_no, d.site, {_SAMPLE_ORDER} AS sample_order
                FROM hits h JOIN judged_lines USING (hash) JOIN {self.docs} d USING (doc_no)""")
        try:
            lines = con.execute(f"""
                WITH pages AS (SELECT site, count(*) AS pages FROM {self.docs}
                               WHERE site IN (SELECT site FROM recurring) GROUP BY site),
                sites AS (SELECT hash, sum(pages) AS pages FROM
                          (SELECT DISTINCT hash, site FROM recurring) JOIN pages USING (site)
                          GROUP BY hash)
                SELECT r.hash, count(*), any_value(s.pages),
                       min_by(r.doc_no, r.sample_order, {sample})
                FROM recurring r JOIN sites s USING (hash) GROUP BY r.hash
                ORDER BY r.hash""").fetchall()
            by_site = con.execute(f"""
                SELECT hash, count(*), min_by(doc_no, sample_order, {sample})
                FROM recurring GROUP BY hash, site HAVING count(*) >= {site_docs}
                ORDER BY hash, site""").fetchall()
        finally:
            con.execute("DROP TABLE IF EXISTS temp.recurring")
        hashes = np.array([r[0] for r in lines], dtype=np.int64)
        position = {h: i for i, h in enumerate(hashes.tolist())}
        sites: list[list[tuple[int, np.ndarray]]] = [[] for _ in lines]
        for line, count, docs in by_site:
            sites[position[line]].append((int(count), np.sort(np.array(docs, dtype=np.int64))))
        sampled = sorted({d for r in lines for d in r[3]}
                         | {d for _, _, docs in by_site for d in docs})
        content: dict[int, np.ndarray] = {}
        if sampled:
            with self._table("sampled_docs", {"doc_no": np.array(sampled, dtype=np.int64)}):
                rows = con.execute(
                    f"SELECT doc_no, list(hash) FROM {self.lines} "
                    "WHERE doc_no IN (SELECT doc_no FROM sampled_docs) "
                    f"AND (hash & {WORD_MASK}) >= {content_words} GROUP BY doc_no").fetchall()
            content = {int(d): np.array(h, dtype=np.int64) for d, h in rows}
        return Recurring(
            hashes=hashes, docs=np.array([r[1] for r in lines], dtype=np.int64),
            site_pages=np.array([r[2] for r in lines], dtype=np.int64),
            sample=[np.sort(np.array(r[3], dtype=np.int64)) for r in lines],
            sites=sites, content=content)
