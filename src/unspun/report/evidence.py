"""One relation side by side: the view records of the evidence page, its highlighted
changes, and the self-contained page itself (``unspun compare --html``).

The page is self-contained (CSS from the package's stylesheet, no script, web font or
network request) so that it can be attached to a takedown request and still open
offline years later. The Python side builds small view records; the templates lay them
out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..records import CHANGE_KINDS, AlignedPair, Alignment, Change, Document, Relation
from ..text import split_sentences
from .render import CHANGE_LEGEND, environment, generated
from .safe import visible

if TYPE_CHECKING:
    from ..records import Sentence

_CLIP = 600  # characters of a change shown in the change list (the full text is aligned)


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
        return "direction unknown: no dates and no trace of copying tells the sides apart"
    by = list(relation.direction_by)
    if by and by[0] in ("dates", "times"):
        return (f"by publication dates ({source.published or '?'} before "
                f"{copy.published or '?'})" + (f", and {', '.join(by[1:])}" if by[1:] else ""))
    if by:
        return f"from the traces of copying: {', '.join(by)} (see why)"
    return "by the index"


def relation_view(relation: Relation, doc_a: Document, doc_b: Document, anchor: str = ""
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



def relation_page(relation: Relation, doc_a: Document, doc_b: Document) -> str:
    """A self-contained HTML page: verdict, reasons, aligned texts, changes, metadata."""
    if not isinstance(relation, Relation):
        raise TypeError(f"relation_page() takes a Relation, not {type(relation).__name__}")
    view = relation_view(relation, doc_a, doc_b, anchor="r1")
    return environment().get_template("relation.html.j2").render(view=view,
                                                                   generated=generated())
