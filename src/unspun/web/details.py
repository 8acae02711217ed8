"""The read side of an index, one thing at a time: a story, a family (as a tree), a
document, a site, a relation. Each returns None when the index has no such thing."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UnspunError
from ..group import Edge, parents
from ..ingest.dates import days_apart
from ..records import COPY_KINDS, Document, Relation, SiteStats
from ..signals.rules import SIGNALS
from ..signals.sites import document_signals, site_stats
from .documents import DocumentRow, documents
from .present import Page, per_page
from .queries import DocRef, doc_refs

if TYPE_CHECKING:
    from ..store import Store


def _family_id(value: str) -> str:
    return value if value.startswith("family:") else f"family:{value}"


def _story_id(value: str) -> str:
    return value if value.startswith("story:") else f"story:{value}"


# -- families ------------------------------------------------------------------------------


@dataclass(slots=True)
class Node:
    """A document in a family tree, with the relation to its parent (its source)."""

    doc: DocRef
    kind: str | None  # None for the origin
    partial: bool = False
    confidence: float | None = None
    reused: float | None = None  # share of the parent's text the copy reuses
    delay: int | None = None  # days after its parent, when both are dated
    changes: int = 0
    children: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class FamilyDetail:
    family: str
    origin: DocRef
    tree: Node
    documents: int
    copies: int
    story: str | None
    kinds: dict[str, int]
    sites: int


def family(store: Store, family_id: str) -> FamilyDetail | None:
    name = _family_id(family_id)
    members = [r[0] for r in store.con.execute(
        "SELECT member FROM families WHERE family = ? ORDER BY member", [name]).fetchall()]
    if not members:
        return None
    origin = store.con.execute("SELECT any_value(origin) FROM families WHERE family = ?",
                               [name]).fetchall()[0][0]
    rows = store.relations_between(members, members) if len(members) > 1 else []
    dates = store.dates(members)
    edges = [Edge(r["a"], r["b"], r["kind"], r["source"], r["confidence"], r["coverage_a"],
                  r["coverage_b"]) for r in rows]
    parent = parents(edges, dates)
    by_pair = {(r["a"], r["b"]): r for r in rows}
    refs = doc_refs(store, members)
    nodes = {m: Node(refs[m], None) for m in members}
    for copy, source in parent.items():
        if copy not in nodes or source not in nodes:
            continue
        r = by_pair.get((min(copy, source), max(copy, source)))
        node = nodes[copy]
        if r is not None:
            node.kind, node.partial, node.confidence = r["kind"], r["partial"], r["confidence"]
            node.reused = r["coverage_a"] if r["a"] == source else r["coverage_b"]
            node.changes = len(r["changes"])
        node.delay = _delay(dates.get(source), dates.get(copy))
        nodes[source].children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.doc.published or "9999", n.doc.id))
    story = store.con.execute("SELECT any_value(story) FROM stories WHERE family = ?",
                              [name]).fetchall()[0][0]
    kinds: dict[str, int] = {}
    for m, node in nodes.items():
        if m != origin and node.kind:
            kinds[node.kind] = kinds.get(node.kind, 0) + 1
    sites = len({nodes[m].doc.site for m in members if m != origin})
    return FamilyDetail(name, refs[origin], nodes[origin], len(members), len(members) - 1,
                        story, kinds, sites)


def _delay(source: str | None, copy: str | None) -> int | None:
    days = days_apart(source, copy)
    if days is None or source is None or copy is None:
        return None
    return days if copy[:10] >= source[:10] else -days


# -- stories -------------------------------------------------------------------------------


@dataclass(slots=True)
class StoryFamily:
    family: str
    origin: DocRef
    members: list[DocRef]  # origin first, then by date
    copies: int


@dataclass(slots=True)
class StoryDetail:
    story: str
    families: list[StoryFamily]  # by the origin's date
    documents: int
    copies: int
    first: str | None
    last: str | None


def story(store: Store, story_id: str) -> StoryDetail | None:
    name = _story_id(story_id)
    rows = store.con.execute(
        "SELECT s.family, f.origin, s.member FROM stories s JOIN families f "
        "ON f.member = s.member WHERE s.story = ? ORDER BY s.family, s.member",
        [name]).fetchall()
    if not rows:
        return None
    refs = doc_refs(store, {m for _, _, m in rows})
    grouped: dict[str, tuple[str, list[str]]] = {}
    for fam, origin, member in rows:
        grouped.setdefault(fam, (origin, []))[1].append(member)
    fams = []
    for fam, (origin, members) in grouped.items():
        ordered = sorted(members, key=lambda m: (m != origin, refs[m].published or "9999", m))
        fams.append(StoryFamily(fam, refs[origin], [refs[m] for m in ordered], len(members) - 1))
    fams.sort(key=lambda f: (f.origin.published or "9999", f.family))
    dated = sorted(r.published for r in refs.values() if r.published)
    return StoryDetail(name, fams, len(rows), sum(f.copies for f in fams),
                       dated[0] if dated else None, dated[-1] if dated else None)


# -- documents -----------------------------------------------------------------------------


@dataclass(slots=True)
class RelationLine:
    """One relation of a document, seen from it."""

    other: DocRef
    kind: str
    partial: bool
    confidence: float
    direction: str  # "copies it", "copied from it", "" (no copy, or unknown)
    a: str
    b: str


@dataclass(slots=True)
class DocumentDetail:
    document: Document
    ref: DocRef
    family: str | None
    family_size: int
    origin: DocRef | None
    story: str | None
    relations: list[RelationLine]
    #: Its content-farm signals (``signals.sites.document_signals`` rows); None when the
    #: index was made before signals were stored.
    signals: list[dict[str, Any]] | None = None


def document(store: Store, doc_id: str) -> DocumentDetail | None:
    found = store.documents([doc_id])
    if not found:
        return None
    doc = found[0]
    fam = store.con.execute(
        "SELECT f.family, f.origin, (SELECT count(*) FROM families g WHERE g.family = f.family) "
        "FROM families f WHERE f.member = ?", [doc_id]).fetchall()
    story_id = store.con.execute("SELECT story FROM stories WHERE member = ?",
                                 [doc_id]).fetchall()
    rels = store.con.execute(
        "SELECT a, b, kind, partial, source, confidence FROM relations WHERE a = ? OR b = ? "
        "ORDER BY kind = 'unrelated', confidence DESC", [doc_id, doc_id]).fetchall()
    others = {b if a == doc_id else a for a, b, *_ in rels}
    refs = doc_refs(store, others | {doc_id} | ({fam[0][1]} if fam else set()))
    lines = []
    for a, b, kind, partial, source, confidence in rels:
        other = b if a == doc_id else a
        direction = ""
        if kind in COPY_KINDS and source == doc_id:
            direction = "copies it"
        elif kind in COPY_KINDS and source == other:
            direction = "copied from it"
        lines.append(RelationLine(refs[other], kind, bool(partial), confidence, direction, a, b))
    family_id, origin, size = fam[0] if fam else (None, None, 0)
    return DocumentDetail(doc, refs[doc_id], family_id, size,
                          refs.get(origin) if origin and size > 1 else None,
                          story_id[0][0] if story_id else None, lines,
                          _or_none(lambda: document_signals(store, [doc_id])))


def _or_none(read: Any) -> Any:
    """What ``read()`` gives, or None on an index made before signals were stored."""
    try:
        return read()
    except UnspunError:
        return None


# -- sites ---------------------------------------------------------------------------------


@dataclass(slots=True)
class CopyLine:
    """A copy relation across sites: which page copied which, and how long after."""

    copy: DocRef
    source: DocRef
    kind: str
    partial: bool
    confidence: float
    delay: int | None
    a: str
    b: str


@dataclass(slots=True)
class SiteDetail:
    site: str
    documents: int
    copies_made: list[CopyLine]  # its pages that copy another site's (strongest first)
    copies_made_total: int
    copied_by: list[CopyLine]  # other sites' pages that copy its pages
    copied_by_total: int
    median_delay_made: float | None  # days after the source, median
    median_delay_copied: float | None
    pages: Page[DocumentRow] = field(default_factory=lambda: Page([], 0, 1, 50))
    #: Its statistics, farm score and reasons (None: the index has no signals); the
    #: documents its reasons give as examples.
    farm: SiteStats | None = None
    examples: dict[str, DocRef] = field(default_factory=dict)
    #: (signal, documents carrying it, weight, what it means), heaviest first.
    signals: list[tuple[str, int, float, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["farm"] = self.farm.to_dict() if self.farm else None
        out.pop("examples")
        out.pop("signals")
        return out


_NO_SITE = "(no site)"


def site(store: Store, name: str, *, page: int = 1, size: int | None = None, top: int = 50
         ) -> SiteDetail | None:
    """A site's documents (a page of them) and the copy relations across sites it takes
    part in (directed ones: the source is known)."""
    condition = "d.site IS NULL" if name == _NO_SITE else "d.site = ?"
    params = [] if name == _NO_SITE else [name]
    n = store.con.execute(f"SELECT count(*) FROM documents d WHERE {condition}",
                          params).fetchall()[0][0]
    if not n:
        return None
    made, made_total = _site_copies(store, condition, params, "copy", top)
    copied, copied_total = _site_copies(store, condition, params, "source", top)
    found = SiteDetail(name, n, made, made_total, copied, copied_total,
                       _median([c.delay for c in made]), _median([c.delay for c in copied]),
                       documents(store, site=name, page=page, size=per_page(size)))
    stats = _or_none(lambda: site_stats(store, [name]))
    if stats:
        farm = found.farm = stats[0]
        found.examples = doc_refs(store, {d for r in farm.reasons for d in r.documents})
        found.signals = sorted(
            ((sig, k, SIGNALS[sig].weight, SIGNALS[sig].means)
             for sig, k in farm.signals.items() if k),
            key=lambda row: (-row[2] * row[1], -row[1], row[0]))
    return found


def _site_copies(store: Store, condition: str, params: list[Any], side: str, top: int
                 ) -> tuple[list[CopyLine], int]:
    """Directed copy relations whose ``side`` ("copy" or "source") is on the site and
    whose other side is on another site."""
    other = "source" if side == "copy" else "copy"
    base = (
        "WITH c AS (SELECT a, b, kind, partial, confidence, source, "
        "CASE WHEN source = a THEN b ELSE a END AS copy FROM relations "
        "WHERE source IS NOT NULL AND kind = ANY(?::VARCHAR[])) "
        f"SELECT c.* FROM c JOIN documents d ON d.id = c.{side} "
        f"JOIN documents o ON o.id = c.{other} "
        f"WHERE {condition} AND coalesce(o.site, '') <> coalesce(d.site, '')")
    kinds = sorted(COPY_KINDS)
    total = store.con.execute(f"SELECT count(*) FROM ({base})", [kinds, *params]
                              ).fetchall()[0][0]
    rows = store.con.execute(f"{base} ORDER BY c.confidence DESC, c.a, c.b LIMIT ?",
                             [kinds, *params, top]).fetchall()
    refs = doc_refs(store, {x for r in rows for x in (r[5], r[6])})
    lines = []
    for a, b, kind, partial, confidence, source, copy in rows:
        lines.append(CopyLine(refs[copy], refs[source], kind, bool(partial), confidence,
                              _delay(refs[source].published, refs[copy].published), a, b))
    return lines, total


def _median(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


# -- relations -----------------------------------------------------------------------------


def relation(store: Store, a: str, b: str) -> tuple[Relation, Document, Document] | None:
    """A stored relation with its two documents (a < b as stored)."""
    from ..report.html import relation_from_row

    row = store.relation(a, b)
    if row is None:
        return None
    docs = {d.id: d for d in store.documents([row["a"], row["b"]])}
    if len(docs) < 2:
        return None
    return relation_from_row(row), docs[row["a"]], docs[row["b"]]
