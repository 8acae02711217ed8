"""Static HTML evidence: one relation side by side, or a report over the index.

Pages are self-contained (inline CSS; no scripts, web fonts or network requests) so they
can be attached to a takedown request and still open offline years later. The Python
side builds small view records; the Jinja2 templates in ``templates/`` lay them out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..errors import UnspunError
from ..records import (
    CHANGE_KINDS,
    COPY_KINDS,
    KINDS,
    AlignedPair,
    Alignment,
    Change,
    Document,
    Relation,
)
from ..text import split_sentences
from .safe import BIDI_CONTROLS, visible

if TYPE_CHECKING:
    from ..records import Family, Sentence, Story
    from ..store import Store

__all__ = ["CHANGE_LEGEND", "MAX_RELATIONS", "relation_from_row", "relation_page", "store_report"]

#: What each highlight means, in legend order (the colours live in templates/style.css,
#: the terminal's CHANGE_STYLES use the same hues).
CHANGE_LEGEND: dict[str, tuple[str, str]] = {
    "quote": ("altered quote", "a direct quotation of the source, reworded in the copy"),
    "name": ("name", "a name garbled or replaced by another"),
    "number": ("number", "a figure stated differently"),
    "inserted": ("inserted", "short unrelated text injected into the copy (spam, prompts)"),
    "omitted": ("omitted", "source text left out of the copy"),
    "added": ("added", "copy text that is not in the source"),
}
#: store_report renders the side-by-side view of at most this many relations.
MAX_RELATIONS = 200
_MAX_SITES = 12  # rows of the per-site table
_CLIP = 600  # characters of a change shown in the change list (the full text is aligned)

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_URL_CONTROLS = re.compile(f"[\x00-\x20\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,  # a typo in a template fails loudly in tests
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(legend=CHANGE_LEGEND, version=__version__, http_url=_http_url)
    env.filters.update(shown=_shown, isolated=_isolated, visible=visible)
    return env


def _shown(text: object) -> Markup:
    """Scraped text for a page: escaped, its controls visible, isolated from the text
    around it (a site "\u202egro.swen-detsurt" must neither read as "trusted-news.org"
    nor reorder the date after it)."""
    return Markup("<bdi>{}</bdi>").format(visible(str(text)))


def _isolated(text: object) -> str:
    """``_shown`` for where no element can go (``<title>``): Unicode isolates instead."""
    return f"\u2068{visible(str(text))}\u2069"


def _http_url(url: str | None) -> str | None:
    """The URL when it is http(s), its control characters percent-encoded; a
    ``javascript:`` URL from a scraped page is no link."""
    if url and url.lower().startswith(("http://", "https://")):
        return _URL_CONTROLS.sub(lambda m: quote(m.group(0)), url)
    return None


# -- view records ---------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One row of the side-by-side view: an aligned pair or an unaligned run."""

    kind: str  # "pair", "omitted" (source only) or "added" (copy only)
    source: Markup | None
    copy: Markup | None
    label: str
    detail: str = ""
    changed: bool = False  # holds at least one highlighted change


@dataclass(slots=True)
class ChangeView:
    """One change for the change list, clipped for reading."""

    number: int
    kind: str
    source: str
    copy: str
    note: str
    located: bool  # highlighted in the side-by-side view


@dataclass(slots=True)
class RelationView:
    """Everything a template needs to show one relation."""

    relation: Relation
    left: Document  # the source, or the side the changes are oriented from
    right: Document
    left_role: str
    right_role: str
    is_copy: bool
    direction_known: bool
    direction: str  # how the source was decided, in words
    rows: list[Row]
    changes: list[ChangeView]
    change_counts: dict[str, int]
    coverage: tuple[float, float]  # share of the left and right texts aligned
    anchor: str = ""  # id prefix, unique within a page


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


# -- highlighting ---------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    title: str


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def _highlight(text: str, lo: int, hi: int, spans: Sequence[_Span]) -> tuple[Markup, set[str]]:
    """``text[lo:hi]`` escaped with each span wrapped in a ``<mark>``; the kinds marked."""
    inside = sorted((s for s in spans if s.start < hi and s.end > lo),
                    key=lambda s: (max(s.start, lo), -min(s.end, hi)))
    out: list[Markup] = []
    pos = lo
    stack: list[tuple[int, Markup]] = []  # (end offset, opening tag) of open marks

    def emit(until: int) -> None:
        nonlocal pos
        chunk = text[pos:until]
        pos = until
        chunk = visible(chunk, lines=True)  # sliced first: the spans index the stored text
        if not stack or "\n" not in chunk:
            out.append(escape(chunk))
            return
        # Marks stop at paragraph breaks: a mark over a blank line draws a stray sliver.
        closing = Markup("</mark>" * len(stack))
        opening = Markup("").join(tag for _, tag in stack)
        last = 0
        for m in _LINE_BREAKS.finditer(chunk):
            out.append(escape(chunk[last:m.start()]) + closing + escape(m.group(0)) + opening)
            last = m.end()
        out.append(escape(chunk[last:]))

    def close() -> None:
        emit(stack[-1][0])
        stack.pop()
        out.append(Markup("</mark>"))

    for span in inside:
        start, end = max(span.start, lo), min(span.end, hi)
        while stack and stack[-1][0] <= start:
            close()
        if stack:
            # Marks must nest: a span crossing the end of an enclosing one is cut there.
            end = min(end, stack[-1][0])
        if end <= start:
            continue
        emit(start)
        tag = Markup('<mark class="chg chg-{}" title="{}">').format(span.kind, span.title)
        out.append(tag)
        stack.append((end, tag))
    while stack:
        close()
    emit(hi)
    return Markup("").join(out), {s.kind for s in inside}


def _located(text: str, span: tuple[int, int] | None, expected: str) -> bool:
    """Whether a change's span points at its text (a stale span must not mislead)."""
    if span is None:
        return False
    start, end = span
    return 0 <= start < end <= len(text) and " ".join(text[start:end].split()) == " ".join(
        expected.split())


def _clip(text: str) -> str:
    text = visible(" ".join(text.split()))
    return text if len(text) <= _CLIP else text[: _CLIP - 1] + "…"


def _short(text: str, width: int = 80) -> str:
    text = visible(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _titles(change: Change) -> tuple[str, str]:
    """Tooltips for the source-side and copy-side marks of a change."""
    label = CHANGE_LEGEND.get(change.kind, (change.kind, ""))[0]
    if change.kind in ("quote", "name", "number"):
        return (f"{label}: the copy has “{_short(change.copy_text)}”",
                f"{label}: the source has “{_short(change.source_text)}”")
    note = f" ({change.note})" if change.note else ""
    return f"{label}{note}", f"{label}{note}"


# -- one relation ---------------------------------------------------------------------


def _source_side(relation: Relation, doc_a: Document, doc_b: Document) -> str:
    """The side the changes are oriented from: the source, else whichever their spans fit."""
    if relation.source in ("a", "b"):
        return relation.source
    # Without a direction, relate() orients from a, or from the longer side of a
    # summary; the spans tell which it chose.
    votes = Counter[str]()
    for c in relation.changes:
        for side, doc, other in (("a", doc_a, doc_b), ("b", doc_b, doc_a)):
            if (_located(doc.text, c.source_span, c.source_text)
                    or _located(other.text, c.copy_span, c.copy_text)):
                votes[side] += 1
    if votes["b"] > votes["a"]:
        return "b"
    if not votes and relation.kind == "summary" and len(doc_b.text) > len(doc_a.text):
        return "b"
    return "a"


def _oriented_pairs(alignment: Alignment | None, flipped: bool) -> list[AlignedPair]:
    pairs = alignment.pairs if alignment else []
    if not flipped:
        return list(pairs)
    return [AlignedPair(a=p.b, b=p.a, similarity=p.similarity, overlap=p.overlap, op=p.op)
            for p in pairs]


def _runs(indexes: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive integers grouped into [start, end) runs."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _rows(pairs: list[AlignedPair], source: str, copy: str, source_spans: list[_Span],
          copy_spans: list[_Span], is_copy: bool) -> list[Row]:
    """Aligned pairs in copy order, each unaligned run of either side in its place."""
    sent_s, sent_c = split_sentences(source), split_sentences(copy)
    # An alignment stored for other texts (a document re-extracted since) must not crash
    # the page: pairs outside the texts are left out and their sentences shown unaligned.
    pairs = [p for p in pairs if 0 <= p.a[0] < p.a[1] <= len(sent_s)
             and 0 <= p.b[0] < p.b[1] <= len(sent_c)]
    covered_s: set[int] = set()
    covered_c: set[int] = set()
    for p in pairs:
        covered_s.update(range(*p.a))
        covered_c.update(range(*p.b))
    lone_s = [i for i in range(len(sent_s)) if i not in covered_s]
    lone_c = [i for i in range(len(sent_c)) if i not in covered_c]
    next_s = next_c = 0  # positions in lone_s / lone_c already shown
    rows: list[Row] = []
    only_s = "omitted" if is_copy else "only in a"
    only_c = "added" if is_copy else "only in b"

    def text(sents: list[Sentence], lo: int, hi: int, body: str, spans: list[_Span]
             ) -> tuple[Markup, set[str]]:
        return _highlight(body, sents[lo].start, sents[hi - 1].end, spans)

    def lone_rows(lone: list[int], start: int, before: int, side: str) -> int:
        stop = start
        while stop < len(lone) and lone[stop] < before:
            stop += 1
        for lo, hi in _runs(lone[start:stop]):
            if side == "source":
                html, marked = text(sent_s, lo, hi, source, source_spans)
                rows.append(Row("omitted", html, None, only_s, _sentences(lo, hi), bool(marked)))
            else:
                html, marked = text(sent_c, lo, hi, copy, copy_spans)
                # A run flagged as injected says so: that is the evidence it carries.
                label = "inserted" if "inserted" in marked else only_c
                rows.append(Row("added", None, html, label, _sentences(lo, hi), bool(marked)))
        return stop

    for p in sorted(pairs, key=lambda p: (p.b[0], p.a[0])):
        next_s = lone_rows(lone_s, next_s, p.a[0], "source")
        next_c = lone_rows(lone_c, next_c, p.b[0], "copy")
        left, marked_s = text(sent_s, p.a[0], p.a[1], source, source_spans)
        right, marked_c = text(sent_c, p.b[0], p.b[1], copy, copy_spans)
        detail = "" if p.op == "same" else f"sim {p.similarity:.2f}\nwords {p.overlap:.2f}"
        rows.append(Row("pair", left, right, p.op, detail, bool(marked_s or marked_c)))
    lone_rows(lone_s, next_s, len(sent_s), "source")
    lone_rows(lone_c, next_c, len(sent_c), "copy")
    return rows


def _sentences(lo: int, hi: int) -> str:
    return f"{hi - lo} sentence{'s' if hi - lo > 1 else ''}"


def _direction_text(relation: Relation, source: Document, copy: Document, known: bool) -> str:
    if not relation.is_copy:
        return "no copy, so no source"
    if not known:
        return "direction unknown: no dates and no textual evidence either way"
    if relation.direction_by == "dates":
        return (f"by publication dates ({source.published or '?'} before "
                f"{copy.published or '?'})")
    if relation.direction_by == "text":
        return "from textual evidence (see why)"
    return "by the index"


def _view(relation: Relation, doc_a: Document, doc_b: Document, anchor: str = ""
          ) -> RelationView:
    side = _source_side(relation, doc_a, doc_b)
    flipped = side == "b"
    source, copy = (doc_b, doc_a) if flipped else (doc_a, doc_b)
    known = relation.source in ("a", "b")
    source_spans: list[_Span] = []
    copy_spans: list[_Span] = []
    changes: list[ChangeView] = []
    for n, c in enumerate(relation.changes, start=1):
        title_s, title_c = _titles(c)
        in_source = _located(source.text, c.source_span, c.source_text)
        in_copy = _located(copy.text, c.copy_span, c.copy_text)
        if in_source and c.source_span:
            source_spans.append(_Span(*c.source_span, c.kind, title_s))
        if in_copy and c.copy_span:
            copy_spans.append(_Span(*c.copy_span, c.kind, title_c))
        changes.append(ChangeView(n, c.kind, _clip(c.source_text), _clip(c.copy_text), c.note,
                                  in_source or in_copy))
    pairs = _oriented_pairs(relation.alignment, flipped)
    rows = _rows(pairs, source.text, copy.text, source_spans, copy_spans, relation.is_copy)
    counts = Counter(c.kind for c in relation.changes)
    if relation.is_copy and known:
        roles = ("source", "copy")
    elif relation.is_copy:
        roles = (f"text {side} (treated as source)", f"text {'a' if flipped else 'b'}")
    else:
        roles = ("text a", "text b")
    return RelationView(
        relation=relation, left=source, right=copy, left_role=roles[0], right_role=roles[1],
        is_copy=relation.is_copy, direction_known=known,
        direction=_direction_text(relation, source, copy, known), rows=rows, changes=changes,
        change_counts={k: counts[k] for k in CHANGE_KINDS},
        coverage=(relation.coverage[1], relation.coverage[0]) if flipped else relation.coverage,
        anchor=anchor,
    )


def _generated() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def relation_page(relation: Relation, doc_a: Document, doc_b: Document) -> str:
    """A self-contained HTML page: verdict, reasons, aligned texts, changes, metadata."""
    if not isinstance(relation, Relation):
        raise TypeError(f"relation_page() takes a Relation, not {type(relation).__name__}")
    view = _view(relation, doc_a, doc_b, anchor="r1")
    return _environment().get_template("relation.html.j2").render(
        view=view, generated=_generated())


# -- the index ------------------------------------------------------------------------


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
        alignment=alignment, direction_by=row.get("direction_by"), a=row["a"], b=row["b"],
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
            view.copies.append(_view(relation_from_row(r), docs[r["a"]], docs[r["b"]],
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
    return _environment().get_template("store.html.j2").render(
        scope=scope, path=store.path, summary=summary,
        kinds={k: kinds[k] for k in sorted(kinds, key=_kind_order)},
        sites=sites, stories=story_views,
        hidden=sum(f.hidden for f in family_views.values()), max_relations=MAX_RELATIONS,
        docs=docs, generated=_generated(),
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
