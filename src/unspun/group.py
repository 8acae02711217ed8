"""Families (an origin and its copies) and stories (families covering one event), and
what only the whole index tells about direction: a page stitched from several sources.

Families are trees: every copy keeps exactly one parent, its strongest source, so a
page that borrows from two unrelated families joins one of them and cannot glue them
together. Stories merge families by average linkage: two groups merge only when most
of their family pairs are related, never through a single bridge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .ingest.dates import published_first
from .records import COPY_KINDS, Family, Story


@dataclass(slots=True, frozen=True)
class Edge:
    """The part of a stored relation that grouping needs."""

    a: str
    b: str
    kind: str
    source: str | None  # id of the source document, or None when unknown
    confidence: float
    coverage_a: float
    coverage_b: float
    by: tuple[str, ...] = ()  # the traces the source rests on (``Relation.direction_by``)


#: A copy relation joins a family only if it reuses at least this share of one of the
#: two texts. Two articles sharing a quoted statement or a press-release paragraph are
#: related (the relation is kept and exported) but neither is a copy of the other;
#: PAN-style reuse of a few sentences inside an unrelated essay stays a relation too.
MIN_FAMILY_COVERAGE = 0.2
#: Share of family pairs between two groups that must be related for them to merge.
STORY_LINKAGE = 0.5


#: A page reusing at most this share of itself from each of several sources, which are
#: not copies of one another, and at least ``STITCHED_WHOLE`` of itself from all of
#: them together, is stitched from them (a digest, a roundup): it is the copy.
STITCHED_PART = 0.6
STITCHED_WHOLE = 0.6
#: A source held by the page at least this much is its excerpt, not one of its sources.
STITCHED_HELD = 0.8


def stitched(edges: Iterable[Edge]) -> dict[tuple[str, str], str]:
    """The source of each copy edge of a stitched page: ``(a, b)`` → the other document.

    Seen from one pair, a digest holding one paragraph of an article looks like the
    article's origin (the longer text, holding the other's passage); seen from the
    index, it holds passages of several articles that have nothing to do with one
    another. Only pairs whose own traces left the direction unknown are decided so.
    """
    edges = list(edges)
    copies = [e for e in edges if e.kind in COPY_KINDS]
    # Copies of one another are one source (a scrape of an article, and the article).
    linked = {(e.a, e.b) for e in copies} | {(e.b, e.a) for e in copies}
    parts: dict[str, list[tuple[str, float, Edge]]] = defaultdict(list)
    for e in copies:
        for page, other, share, held in ((e.a, e.b, e.coverage_a, e.coverage_b),
                                         (e.b, e.a, e.coverage_b, e.coverage_a)):
            # Held whole by the page, the other is its excerpt (a teaser, a truncated
            # copy), not a source it took a passage from.
            if share <= STITCHED_PART and held < STITCHED_HELD:
                parts[page].append((other, share, e))
    found: dict[tuple[str, str], str] = {}
    for pieces in parts.values():
        groups: list[list[tuple[str, float, Edge]]] = []
        for piece in sorted(pieces, key=lambda p: p[0]):
            home = next((g for g in groups if any((piece[0], o) in linked for o, _, _ in g)),
                        None)
            if home is None:
                groups.append([piece])
            else:
                home.append(piece)
        if len(groups) < 2 or sum(max(s for _, s, _ in g) for g in groups) < STITCHED_WHOLE:
            continue
        for other, _, e in pieces:
            if not e.by:  # the pair's own traces, when it has some, decide
                found[(e.a, e.b)] = other
    return found


def _orient(edge: Edge, dates: dict[str, str | None]) -> tuple[str, str]:
    """(copy, source) of a copy edge; a deterministic choice when the source is unknown."""
    if edge.source is not None:
        return (edge.b, edge.a) if edge.source == edge.a else (edge.a, edge.b)
    first = published_first(dates.get(edge.a), dates.get(edge.b))
    if first is not None:
        return (edge.b, edge.a) if first == "a" else (edge.a, edge.b)
    # The fuller text is the likelier original: the excerpt is the one covered more.
    if abs(edge.coverage_a - edge.coverage_b) > 0.1:
        return (edge.a, edge.b) if edge.coverage_a > edge.coverage_b else (edge.b, edge.a)
    return (edge.b, edge.a) if edge.a < edge.b else (edge.a, edge.b)


def families(documents: Sequence[str], edges: Iterable[Edge],
             dates: dict[str, str | None] | None = None) -> list[Family]:
    """One family per tree of copies; documents without copies are families of one."""
    parent = parents(edges, dates)
    members: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        members[_root(parent, doc)].append(doc)
    return [
        Family(family=f"family:{origin}", origin=origin, members=sorted(docs))
        for origin, docs in sorted(members.items())
    ]


def parents(edges: Iterable[Edge], dates: dict[str, str | None] | None = None
            ) -> dict[str, str]:
    """Each copy's one parent (its strongest source): the edges of the family trees.

    Given only the relations among one family's members, it gives that family's tree
    as the whole index's relations do: a source outside the family never outranks the
    parent chosen (it would have been chosen instead), and the sources passed over for
    making a cycle are the copy's own descendants, inside the family.
    """
    dates = dates or {}
    edges = list(edges)
    offers: dict[str, list[tuple[float, str]]] = defaultdict(list)
    # Digests and stitched pages hold passages of several articles: a copy of one of
    # those articles found in a digest too takes the article as its parent, not the
    # digest (which would hang it, and its article's copies, in another family).
    digests = {(e.b if e.source == e.a else e.a) for e in edges
               if e.source is not None and {"digest", "stitched"} & set(e.by)}
    for e in edges:
        if e.kind not in COPY_KINDS or max(e.coverage_a, e.coverage_b) < MIN_FAMILY_COVERAGE:
            continue
        copy, source = _orient(e, dates)
        copy_coverage = e.coverage_a if copy == e.a else e.coverage_b
        offers[copy].append((e.confidence * (0.5 + copy_coverage), source))
    parent: dict[str, str] = {}
    for copy in sorted(offers):
        for _, source in sorted(offers[copy], key=lambda o: (o[1] in digests, -o[0], o[1])):
            if not _reaches(parent, source, copy):
                parent[copy] = source
                break
    return parent


def _root(parent: dict[str, str], doc: str) -> str:
    while doc in parent:
        doc = parent[doc]
    return doc


def _reaches(parent: dict[str, str], start: str, target: str) -> bool:
    """Whether following parents from start arrives at target (a cycle if linked)."""
    node: str | None = start
    while node is not None:
        if node == target:
            return True
        node = parent.get(node)
    return False


def stories(family_list: Sequence[Family], edges: Iterable[Edge]) -> list[Story]:
    """Average-linkage merge of families related by same-story or copy relations."""
    family_of = {m: f.family for f in family_list for m in f.members}
    weight: dict[tuple[str, str], float] = {}
    for e in edges:
        if e.kind == "unrelated":
            continue
        fa, fb = family_of.get(e.a), family_of.get(e.b)
        if fa is None or fb is None or fa == fb:
            continue
        key = (fa, fb) if fa < fb else (fb, fa)
        weight[key] = max(weight.get(key, 0.0), e.confidence)
    cluster = {f.family: i for i, f in enumerate(family_list)}
    groups: dict[int, set[str]] = {i: {f.family} for i, f in enumerate(family_list)}
    linked = set(weight)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for fa, fb in linked:
        neighbours[fa].add(fb)
        neighbours[fb].add(fa)

    def priority(item: tuple[tuple[str, str], float]) -> tuple[int, float, tuple[str, str]]:
        # Edges inside dense neighbourhoods first: a lone bridge between two groups is
        # looked at only once both groups have formed, when linkage rejects it.
        (fa, fb), w = item
        return (-len(neighbours[fa] & neighbours[fb]), -w, (fa, fb))

    for (fa, fb), _ in sorted(weight.items(), key=priority):
        ca, cb = cluster[fa], cluster[fb]
        if ca == cb:
            continue
        ga, gb = groups[ca], groups[cb]
        links = sum(((x, y) if x < y else (y, x)) in linked for x in ga for y in gb)
        if links < STORY_LINKAGE * len(ga) * len(gb):
            continue
        ga |= gb
        for f in gb:
            cluster[f] = ca
        del groups[cb]
    by_family = {f.family: f for f in family_list}
    out = []
    for group in groups.values():
        fams = sorted(group)
        docs = sorted(m for f in fams for m in by_family[f].members)
        out.append(Story(story=f"story:{fams[0].removeprefix('family:')}", families=fams,
                         members=docs))
    return sorted(out, key=lambda s: s.story)
