"""Grouping after a scan: families and stories, remade only where the run changed the
relation graph.

Every grouping rule (``unspun.group``: stitched pages, parents, families, stories)
looks only at the documents joined to a page by relations other than ``unrelated``, so
grouping decomposes over the connected components of that graph. Relations are added,
never removed, and each new one holds a document stored since the last grouping; so the
components holding those documents are the only ones whose groups can change, and the
others keep theirs. Grouping reads the edge columns of these components' relations
only, never their reasons, changes or alignments.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

import pyarrow as pa

from ..group import Edge, families, parents, stitched, stories

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["GROUPED", "group"]

#: The ``meta`` entry holding the last run whose grouping is complete.
GROUPED = "grouped_run"

# The relations that join documents into one component.
_JOINING = "kind <> 'unrelated'"


def group(store: Store, run: int | None = None, *, everything: bool = False) -> int:
    """Remake the families and stories of the components holding documents stored since
    the last complete grouping (all of them when there was none, or ``everything``),
    once the sources of pages stitched from several others are set, as grouping after
    ``run`` (default: the index's last); returns how many documents were regrouped."""
    if run is None:
        run = int(store.con.execute("SELECT coalesce(max(run), 0) FROM runs").fetchall()[0][0])
    since = None if everything else store.meta(GROUPED)
    members = None if since is None else _touched(store, int(since))
    edges = _edges(store, members)
    sources = stitched(edges)
    docs = store.document_ids() if members is None else members
    with store.transaction():
        if sources:
            store.set_sources(sources, "stitched",
                              "{copy} is stitched from passages of several articles that are "
                              "not copies of one another, {source} among them: it is the copy")
            edges = [replace(e, source=sources[(e.a, e.b)], by=("stitched",))
                     if (e.a, e.b) in sources else e for e in edges]
        dates = store.dates(None if members is None else docs)
        fams = families(docs, edges, dates)
        # The trees' edges too (a copy's parent), for what is exported of each copy.
        store.replace_groups(fams, stories(fams, edges), members=members,
                             parents=parents(edges, dates))
        store.set_meta(GROUPED, str(run))
    return len(docs)


def _touched(store: Store, since: int) -> list[str]:
    """The documents of the components holding a document stored after run ``since``."""
    rows = store.con.execute(f"""
        WITH RECURSIVE reach(doc) AS (
            SELECT id FROM documents WHERE run > ?
            UNION
            SELECT e.other FROM reach r JOIN (
                SELECT a AS doc, b AS other FROM relations WHERE {_JOINING}
                UNION ALL SELECT b, a FROM relations WHERE {_JOINING}) e USING (doc)
        )
        SELECT doc FROM reach ORDER BY doc""", [since]).fetchall()
    return [r[0] for r in rows]


def _edges(store: Store, members: list[str] | None) -> list[Edge]:
    """The edge columns of the relations holding one of ``members`` (of all relations
    when None), ordered by (a, b)."""
    columns = "a, b, kind, source, confidence, coverage_a, coverage_b, direction_by"
    if members is None:
        rows = store.con.execute(f"SELECT {columns} FROM relations ORDER BY a, b").fetchall()
    else:
        store.con.register("grouped_docs", pa.table({"doc": members}))
        try:
            rows = store.con.execute(
                f"SELECT {columns} FROM relations WHERE a IN (SELECT doc FROM grouped_docs) "
                "OR b IN (SELECT doc FROM grouped_docs) ORDER BY a, b").fetchall()
        finally:
            store.con.unregister("grouped_docs")
    return [Edge(a, b, kind, source, confidence, coverage_a, coverage_b,
                 tuple(json.loads(by or "[]")))
            for a, b, kind, source, confidence, coverage_a, coverage_b, by in rows]
