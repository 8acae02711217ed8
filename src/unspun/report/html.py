"""The one-file HTML report of one family or one story (``unspun report --html
FILE.html --family F``): each copy side by side, self-contained so it can be attached
to a takedown request. The whole index is exported as linked pages by ``static``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UnspunError
from ..records import COPY_KINDS, KINDS, AlignedPair, Alignment, Document, Relation
from .evidence import RelationView, relation_page, relation_view
from .render import CHANGE_LEGEND, environment, generated

if TYPE_CHECKING:
    from ..records import Family, Story
    from ..store import Store

__all__ = ["CHANGE_LEGEND", "MAX_RELATIONS", "relation_from_row", "relation_page", "store_report"]

#: store_report renders the side-by-side view of at most this many relations.
MAX_RELATIONS = 200
_MAX_SITES = 12  # rows of the per-site table


@dataclass(slots=True)
class FamilyView:
    """A family: its origin and one relation view per copy edge."""

    family: str
    origin: Document
    members: list[Document]
    copies: list[RelationView]
    hidden: int = 0  # copy relations beyond MAX_RELATIONS, listed without alignment
    hidden_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members) + 1


@dataclass(slots=True)
class StoryView:
    """A story: the families covering one event."""

    story: str
    families: list[FamilyView]


def relation_from_row(row: dict[str, Any]) -> Relation:
    """A Relation rebuilt from a stored row (``Store.relations_between``/``relations``).

    Stored rows name the source by document id; the Relation says "a" or "b".
    """
    from ..store import change_from_dict

    source_id = row.get("source")
    source = "a" if source_id == row["a"] else "b" if source_id == row["b"] else None
    raw = row.get("alignment")
    alignment = None
    if raw:
        alignment = Alignment(
            pairs=[AlignedPair(a=(p["a"][0], p["a"][1]), b=(p["b"][0], p["b"][1]),
                               similarity=float(p["similarity"]), overlap=float(p["overlap"]),
                               op=p["op"]) for p in raw["pairs"]],
            coverage_a=float(raw["coverage_a"]), coverage_b=float(raw["coverage_b"]))
    return Relation(
        kind=row["kind"], partial=bool(row["partial"]),
        source=source if source_id is not None else None,
        confidence=float(row["confidence"]),
        coverage=(float(row["coverage_a"]), float(row["coverage_b"])),
        reasons=list(row.get("reasons") or []),
        changes=[change_from_dict(c) for c in row.get("changes") or []],
        alignment=alignment, direction_by=list(row.get("direction_by") or []), a=row["a"],
        b=row["b"],
    )


def _scope(store: Store, family: str | None, story: str | None
           ) -> tuple[list[Story], list[Family], str]:
    """The stories and families to report on, and a title for the scope."""
    families = store.families()
    stories = store.stories()
    if family is not None:
        wanted = family if family.startswith("family:") else f"family:{family}"
        families = [f for f in families if f.family == wanted]
        if not families:
            raise UnspunError(f"no family {family!r} in {store.path}: `unspun export --what "
                              f"families --db {store.path}` lists them")
        stories = [s for s in stories if wanted in s.families]
        for s in stories:
            s.families = [wanted]
        return stories, families, wanted
    if story is not None:
        wanted = story if story.startswith("story:") else f"story:{story}"
        stories = [s for s in stories if s.story == wanted]
        if not stories:
            raise UnspunError(f"no story {story!r} in {store.path}: `unspun export --what "
                              f"stories --db {store.path}` lists them")
        keep = set(stories[0].families)
        return stories, [f for f in families if f.family in keep], wanted
    return stories, families, "the whole index"


def _copy_order(row: dict[str, Any], origin: str) -> tuple[bool, float, str, str]:
    # Edges from the origin first, then the strongest: the family tree reads top-down.
    return (origin not in (row["a"], row["b"]), -float(row["confidence"]), row["a"], row["b"])


def store_report(store: Store, *, family: str | None = None, story: str | None = None) -> str:
    """A self-contained HTML report over the index, one family or one story.

    Stories list their families; each family its origin and copies with the verdict and,
    for the first ``MAX_RELATIONS`` copy relations, the side-by-side alignment.
    """
    stories, families, scope = _scope(store, family, story)
    # Families of one document without other coverage are counted, not listed: the
    # report is about copies.
    listed = {f.family for f in families if len(f.members) > 1}
    for s in stories:
        if len(s.families) > 1:
            listed.update(s.families)
    by_family = {f.family: f for f in families if f.family in listed}
    members = sorted({m for f in by_family.values() for m in f.members})
    docs = {d.id: d for d in store.documents(members)} if members else {}
    rows = store.relations_between(members, members) if members else []
    family_of = {m: f.family for f in by_family.values() for m in f.members}
    copy_rows: dict[str, list[dict[str, Any]]] = {name: [] for name in by_family}
    for r in rows:
        fa, fb = family_of.get(r["a"]), family_of.get(r["b"])
        if r["kind"] in COPY_KINDS and fa is not None and fa == fb:
            copy_rows[fa].append(r)

    shown = 0
    family_views: dict[str, FamilyView] = {}
    for name, fam in by_family.items():
        view = FamilyView(family=name, origin=docs[fam.origin],
                          members=[docs[m] for m in fam.members if m != fam.origin], copies=[])
        for r in sorted(copy_rows[name], key=lambda r: _copy_order(r, fam.origin)):
            if shown >= MAX_RELATIONS:
                view.hidden += 1
                view.hidden_rows.append(r)
                continue
            shown += 1
            view.copies.append(relation_view(relation_from_row(r), docs[r["a"]], docs[r["b"]],
                                     anchor=f"r{shown}"))
        family_views[name] = view
    story_views = [
        StoryView(story=s.story, families=sorted(
            (family_views[f] for f in s.families if f in family_views),
            key=lambda f: (-(len(f.copies) + f.hidden), f.family)))
        for s in stories
    ]
    story_views = [s for s in story_views if s.families]
    # Stories where copying happened first, then the largest.
    story_views.sort(key=lambda s: (-sum(len(f.copies) + f.hidden for f in s.families),
                                    -len(s.families), s.story))

    all_members = {m for f in families for m in f.members}
    kinds = Counter(r["kind"] for r in rows)
    sites, copied_pages = _site_stats(docs, copy_rows)
    summary = {
        "documents": len(all_members),
        "copied_pages": copied_pages,
        "families_with_copies": sum(len(f.members) > 1 for f in families),
        "stories_with_several_families": sum(len(s.families) > 1 for s in stories),
        "copy_relations": sum(n for kind, n in kinds.items() if kind in COPY_KINDS),
        "unlisted_documents": len(all_members) - len(members),
    }
    return environment().get_template("store.html.j2").render(
        scope=scope, path=store.path, summary=summary,
        kinds={k: kinds[k] for k in sorted(kinds, key=_kind_order)},
        sites=sites, stories=story_views,
        hidden=sum(f.hidden for f in family_views.values()), max_relations=MAX_RELATIONS,
        docs=docs, generated=generated(),
    )


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def _site_stats(docs: dict[str, Document], copy_rows: dict[str, list[dict[str, Any]]]
                ) -> tuple[list[tuple[str, int, dict[str, int]]], int]:
    """Per site, pages listed and pages that copy, by kind; and how many pages copy."""
    pages = Counter(d.site or "unknown site" for d in docs.values())
    strongest: dict[str, tuple[float, str]] = {}  # copy page -> (confidence, kind)
    for rs in copy_rows.values():
        for r in rs:
            # Only the copy side counts; an undirected relation counts for neither.
            if r["source"] == r["a"]:
                copy_id = r["b"]
            elif r["source"] == r["b"]:
                copy_id = r["a"]
            else:
                continue
            strongest[copy_id] = max(strongest.get(copy_id, (0.0, "")),
                                     (float(r["confidence"]), r["kind"]))
    copies: dict[str, Counter[str]] = {}
    for copy_id, (_, kind) in strongest.items():
        copies.setdefault(docs[copy_id].site or "unknown site", Counter())[kind] += 1
    stats = [(site, n, dict(copies.get(site, {}))) for site, n in pages.items()]
    stats.sort(key=lambda s: (-sum(s[2].values()), -s[1], s[0]))
    return stats[:_MAX_SITES], len(strongest)
