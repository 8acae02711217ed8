"""The document lists: documents filtered, sorted and paged, restricted to search hits
when there are some, each with its relations and its place in a family."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..records import COPY_KINDS
from .present import Page, page_number, per_page
from .queries import DocRef, doc_refs

if TYPE_CHECKING:
    from ..store import Store

_COPY = sorted(COPY_KINDS)


@dataclass(slots=True)
class DocumentRow:
    doc: DocRef
    relations: int  # relations it takes part in, unrelated ones aside
    role: str  # "origin of 3 copies", "copy", "" (no family with copies)
    family: str | None
    score: float | None = None  # search relevance


DOCUMENT_SORTS = {"date": "d.published DESC NULLS LAST, d.id", "title": "d.title, d.id",
                  "site": "d.site NULLS LAST, d.published DESC NULLS LAST, d.id",
                  "relations": "rel DESC, d.id", "relevance": "score DESC, d.id"}


def documents(store: Store, *, hits: Any = None, site: str | None = None,
              kind: str | None = None, since: str | None = None, until: str | None = None,
              min_confidence: float | None = None, sort: str = "date", page: int = 1,
              size: int | None = None) -> Page[DocumentRow]:
    """Documents, filtered; ``hits``: an Arrow table (id, score) of search results, to
    which the list is restricted (and which "relevance" sorts by)."""
    n, at = per_page(size), page_number(page)
    clauses, params = [], []
    if site:
        clauses.append("coalesce(d.site, '(no site)') = ?")
        params.append(site)
    if since:
        clauses.append("d.published >= ?")
        params.append(since)
    if until:
        clauses.append("left(d.published, 10) <= ?")
        params.append(until)
    if kind:
        kinds = _COPY if kind == "copies" else [kind]
        conf = "AND r.confidence >= ?" if min_confidence is not None else ""
        clauses.append("d.id IN (SELECT a FROM relations r WHERE r.kind = ANY(?::VARCHAR[]) "
                       f"{conf} UNION SELECT b FROM relations r WHERE "
                       f"r.kind = ANY(?::VARCHAR[]) {conf})")
        extra = [min_confidence] if min_confidence is not None else []
        params += [kinds, *extra, kinds, *extra]
    join = ""
    if hits is not None:
        store.con.register("search_hits", hits)
        join = "JOIN search_hits h ON h.id = d.id"
    if sort == "relevance" and hits is None:
        sort = "date"
    order = DOCUMENT_SORTS.get(sort, DOCUMENT_SORTS["date"])
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    score = "h.score" if hits is not None else "NULL"
    # Relations per document are counted for the page's rows, unless they are the order.
    counted = ""
    if sort == "relations":
        join += (" LEFT JOIN (SELECT x, count(*) AS rel FROM (SELECT a AS x FROM relations "
                 "WHERE kind <> 'unrelated' UNION ALL SELECT b FROM relations "
                 "WHERE kind <> 'unrelated') GROUP BY x) rc ON rc.x = d.id")
        counted = ", coalesce(rc.rel, 0)"
        order = "coalesce(rc.rel, 0) DESC, d.id"
    try:
        total = store.con.execute(f"SELECT count(*) FROM documents d {join} {where}",
                                  params).fetchall()[0][0]
        rows = store.con.execute(
            f"SELECT d.id, {score} AS score{counted} FROM documents d {join} {where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?", [*params, n, (at - 1) * n]).fetchall()
    finally:
        if hits is not None:
            store.con.unregister("search_hits")
    ids = [r[0] for r in rows]
    refs = doc_refs(store, ids)
    roles = _roles(store, ids)
    related = relation_counts(store, ids)
    return Page([DocumentRow(refs[r[0]], related.get(r[0], 0), *roles.get(r[0], ("", None)),
                             score=r[1]) for r in rows], total, at, n)


def relation_counts(store: Store, ids: list[str]) -> dict[str, int]:
    """Relations (unrelated ones aside) each of ``ids`` takes part in."""
    if not ids:
        return {}
    return dict(store.con.execute(
        "SELECT x, count(*) FROM (SELECT a AS x FROM relations WHERE kind <> 'unrelated' "
        "AND a = ANY(?::VARCHAR[]) UNION ALL SELECT b FROM relations WHERE "
        "kind <> 'unrelated' AND b = ANY(?::VARCHAR[])) GROUP BY x", [ids, ids]).fetchall())


def _roles(store: Store, ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """Each document's place in a family with copies: ("origin of N copies", family) or
    ("copy", family)."""
    if not ids:
        return {}
    rows = store.con.execute(
        "SELECT f.member, f.family, f.origin, fs.n FROM families f JOIN (SELECT family, "
        "count(*) AS n FROM families GROUP BY family HAVING n > 1) fs USING (family) "
        "WHERE f.member = ANY(?::VARCHAR[])", [ids]).fetchall()
    out = {}
    for member, family, origin, size in rows:
        if member == origin:
            out[member] = (f"origin of {size - 1} {'copy' if size == 2 else 'copies'}", family)
        else:
            out[member] = ("copy", family)
    return out
