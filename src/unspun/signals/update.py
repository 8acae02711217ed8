"""Keep the ``signals`` and ``provenance`` tables in step with the index, after grouping.

A document's signals depend on what cleaning removed from it, its family origin and its
relations. After a scan they are computed again for the documents that changed: those
never computed, those whose family origin or parent moved, and those related to a new document
(a new relation can give them a new source, a new kind, new changes). Everything is
read from the index; the only text read is that of the copies, for their wire credit.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..records import COPY_KINDS, Removal, Signal
from ..store.codec import RELATION_SELECT, insert, relation_dict
from .document import (
    Facts,
    Provenance,
    cleaning_signals,
    copy_signals,
    credit,
    delay_hours,
    site_key,
)

if TYPE_CHECKING:
    from ..store import Store

_STALE = """
    WITH fresh AS (SELECT id FROM documents ANTI JOIN provenance p ON p.doc = documents.id)
    SELECT id FROM fresh
    UNION SELECT p.doc FROM provenance p JOIN families f ON f.member = p.doc
          WHERE f.origin IS DISTINCT FROM p.origin
             OR (p.copy AND coalesce(f.parent, f.origin) IS DISTINCT FROM p.source)
    UNION SELECT r.b FROM relations r JOIN fresh ON fresh.id = r.a
    UNION SELECT r.a FROM relations r JOIN fresh ON fresh.id = r.b
"""


def stale(store: Store) -> list[str]:
    """The documents whose signals are missing or out of date, in id order."""
    return sorted(r[0] for r in store.con.execute(_STALE).fetchall())


def update_signals(store: Store) -> Counter[str]:
    """Compute the signals and provenance of every stale document and store them; the
    counts are the documents done and their signals by name."""
    ids = stale(store)
    counts: Counter[str] = Counter(documents=len(ids))
    if not ids:
        return counts
    found = compute(store, ids)
    rows = [(doc, s) for doc, (signals, _) in found.items() for s in signals]
    counts.update(s.signal for _, s in rows)
    with store.transaction():
        store.con.execute("DELETE FROM signals WHERE doc = ANY(?::VARCHAR[])", [ids])
        store.con.execute("DELETE FROM provenance WHERE doc = ANY(?::VARCHAR[])", [ids])
        if rows:
            insert(store.con, "signals", {
                "doc": [d for d, _ in rows], "signal": [s.signal for _, s in rows],
                "evidence": [s.evidence for _, s in rows],
                "weight": pa.array([s.weight for _, s in rows], type=pa.float64())})
        provenance = [p for _, p in found.values()]
        insert(store.con, "provenance", {
            "doc": [p.doc for p in provenance], "origin": [p.origin for p in provenance],
            "copy": pa.array([p.copy for p in provenance], type=pa.bool_()),
            "source": [p.source for p in provenance], "kind": [p.kind for p in provenance],
            "credit": [p.credit for p in provenance],
            "delay_hours": pa.array([p.delay_hours for p in provenance], type=pa.float64())})
    return counts


def compute(store: Store, ids: list[str]) -> dict[str, tuple[list[Signal], Provenance]]:
    """The signals and provenance of the documents ``ids`` from what the index holds."""
    con = store.con
    # Each member's family and origin, and its parent in the family tree (set by
    # grouping, which has just run).
    family_of: dict[str, tuple[str, str]] = {}
    parent: dict[str, str] = {}
    for m, f, o, up in con.execute(
            "SELECT member, family, origin, parent FROM families WHERE family IN (SELECT "
            "family FROM families WHERE member = ANY(?::VARCHAR[]))", [ids]).fetchall():
        family_of[m] = (f, o)
        if up is not None:
            parent[m] = up
    members = sorted(family_of)
    relations = {(r["a"], r["b"]): r for r in _relations(store, ids, members)}
    around = {x for key in relations for x in key} | set(ids) | set(members)
    facts = _facts(store, sorted(around), set(ids))
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (a, b), r in relations.items():
        by_doc[a].append(r)
        by_doc[b].append(r)
    provenance = {d: _provenance(d, family_of, parent, relations, facts) for d in ids}
    texts = dict(con.execute(
        "SELECT id, text FROM documents WHERE rowid IN (SELECT rowid FROM documents "
        "WHERE id = ANY(?::VARCHAR[]))",
        [[d for d, p in provenance.items() if p.copy]]).fetchall())
    out = {}
    for d in ids:
        p = provenance[d]
        if p.copy:
            p.credit = credit(facts[d], texts.get(d) or "")
        link = relations.get(tuple(sorted((d, p.source)))) if p.source else None  # type: ignore[arg-type]
        out[d] = (cleaning_signals(facts[d]) + copy_signals(facts[d], p, link, by_doc[d], facts),
                  p)
    return out


def _provenance(doc: str, family_of: dict[str, tuple[str, str]], parent: dict[str, str],
                relations: dict[tuple[str, str], dict[str, Any]], facts: dict[str, Facts]
                ) -> Provenance:
    origin = family_of.get(doc, (None, doc))[1]
    p = Provenance(doc, origin)
    if origin == doc or site_key(facts[origin].site) == site_key(facts[doc].site):
        return p
    p.copy = True
    p.source = parent.get(doc, origin)
    link = relations.get(tuple(sorted((doc, p.source))))  # type: ignore[arg-type]
    p.kind = link["kind"] if link else None
    p.delay_hours = delay_hours(facts[origin].published, facts[doc].published)
    return p


def _relations(store: Store, ids: list[str], members: list[str]) -> list[dict[str, Any]]:
    """The relations of ``ids``, and the copy relations among ``members``."""
    rows = store.con.execute(
        f"SELECT {RELATION_SELECT} FROM relations WHERE rowid IN (SELECT rowid FROM "
        "relations WHERE a = ANY(?::VARCHAR[]) OR b = ANY(?::VARCHAR[]) "
        "OR (a = ANY(?::VARCHAR[]) AND b = ANY(?::VARCHAR[]) AND kind = ANY(?::VARCHAR[])))",
        [ids, ids, members, members, sorted(COPY_KINDS)]).fetchall()
    return [relation_dict(r, alignment=False) for r in rows]


def _facts(store: Store, ids: list[str], full: set[str]) -> dict[str, Facts]:
    """Site, date and word count of ``ids``; what cleaning removed, for those in ``full``."""
    rows = store.con.execute(
        "SELECT id, site, published, coalesce(words, 0), removed, author FROM documents "
        "WHERE id = ANY(?::VARCHAR[])", [ids]).fetchall()
    return {i: Facts(i, site, published, words,
                     [Removal(**x) for x in json.loads(removed or "[]")] if i in full else [],
                     author)
            for i, site, published, words, removed, author in rows}
