"""The keep/drop list of a dataset curator: one row per document, keep each family's
origin and every document in no family, drop the copies, and say why.

Streamed: the documents are read a page at a time in id order, each page with its
families, each copy's parent in its family's tree (as grouping stored it) and the
relation to that parent, so a million rows take the memory of a page, whatever the
index holds (one query over all of them held DuckDB's joins and sort in memory: 0.6 GB
at a million documents).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from ..store import Store

__all__ = ["keep_rows", "keep_schema"]

# Documents read from DuckDB at a time.
PAGE = 20_000

_PAGE = """
    WITH page AS (SELECT id FROM documents WHERE id > $1 ORDER BY id LIMIT $2),
    mine AS (SELECT member, family, origin, parent FROM families
             WHERE member IN (SELECT id FROM page)),
    sizes AS (SELECT family, count(*) AS size FROM families
              WHERE family IN (SELECT family FROM mine) GROUP BY family)
    SELECT p.id, m.family, m.origin, m.parent, s.size, r.kind, r.confidence, r.direction_by
    FROM page p
    LEFT JOIN mine m ON m.member = p.id
    LEFT JOIN sizes s ON s.family = m.family
    LEFT JOIN relations r ON r.a = least(p.id, m.parent) AND r.b = greatest(p.id, m.parent)
    ORDER BY p.id"""


def keep_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("keep", pa.bool_()), ("family", pa.string()),
                      ("origin", pa.string()), ("kind", pa.string()), ("reason", pa.string())])


def keep_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per document, by id: ``id``, ``keep``, ``family``, ``origin``, ``kind`` (of
    the relation to its parent; null for a kept document), ``reason``."""
    cursor = store.con.cursor()  # the caller's connection may be reading meanwhile
    last = ""
    while rows := cursor.execute(_PAGE, [last, PAGE]).fetchall():
        yield from (_row(*row) for row in rows)
        last = rows[-1][0]


def _row(doc: str, family: str | None, origin: str | None, parent: str | None,
         size: int | None, kind: str | None, confidence: float | None, by: str | None
         ) -> dict[str, Any]:
    if family is None:
        return _kept(doc, "kept: not grouped yet (the scan that stored it stopped before "
                          "grouping; scan again to group it)")
    if size is None or size < 2:
        return _kept(doc, "kept: in no family (it copies no indexed document and none "
                          "copies it)")
    if doc == origin:
        return _kept(doc, f"kept: the origin of a family of {size} documents (the others "
                          "are its copies, or copies of them)", family, origin)
    if kind is None:  # no parent stored: grouped by an unspun that did not store them
        return {"id": doc, "keep": False, "family": family, "origin": origin, "kind": None,
                "reason": f"dropped: in the family of {origin}, which is kept"}
    traces = json.loads(by or "[]")
    how = (f"source by {', '.join(traces)}" if traces else
           "direction not established by dates or text: the earlier, else the fuller text "
           "is taken as the source")
    return {"id": doc, "keep": False, "family": family, "origin": origin, "kind": kind,
            "reason": f"dropped: {kind} copy of {parent} (confidence {confidence:.2f}; "
                      f"{how}), in the family of {origin}, which is kept"}


def _kept(doc: str, reason: str, family: str | None = None, origin: str | None = None
          ) -> dict[str, Any]:
    return {"id": doc, "keep": True, "family": family, "origin": origin, "kind": None,
            "reason": reason}
