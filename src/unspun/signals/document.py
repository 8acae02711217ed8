"""One document's content-farm signals, from what the index stores about it: what
cleaning removed, its family origin, and its relations (kind, direction, traces,
changes). Nothing here reads the text but the wire credit of a copy (``credit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..clean.rules import HASHTAG
from ..ingest.dates import hours_apart
from ..records import Removal, Signal
from ..relate.direction import GLUED_BODY
from ..relate.pages import credit_in
from .rules import SIGNALS

#: A copy reusing at least this share of its own text from another site's article is
#: ``copied``; less is an ``excerpt``.
MOST_OF_IT = 0.5
#: Evidence texts are cut to this many characters.
EVIDENCE_CHARS = 300
# A scraper's link line names nothing: "Source link", "Read the full story". Any other
# "source-link" line names where the text came from ("This article originally appeared
# on The Conversation", "Source: AFP"): a credit.
_BARE_LINK = re.compile(
    r"^\W*(source link|original source|source|via|read (the )?(full|original) (story|article)"
    r"( here)?|to read the full story|continue reading)\W*$", re.I)


@dataclass(slots=True)
class Facts:
    """What the index holds about a document that its signals need."""

    id: str
    site: str | None
    published: str | None
    words: int = 0
    removed: list[Removal] = field(default_factory=list)
    author: str | None = None


@dataclass(slots=True)
class Provenance:
    """Where a document's text comes from: its family origin, and when the origin is
    another site's, the document it copies (its parent in the family tree), how, with
    what credit and how long after the origin."""

    doc: str
    origin: str
    copy: bool = False  # the origin is another site's document
    source: str | None = None
    kind: str | None = None
    credit: str | None = None
    delay_hours: float | None = None


def site_key(site: str | None) -> str:
    return site or ""


def credit_line(doc: Facts) -> str | None:
    """A removed line that names where the text came from, if any."""
    for r in doc.removed:
        if r.reason == "source-link" and not _BARE_LINK.match(r.text):
            return r.text
    return None


#: A byline is one of the first lines of a text, and short: "The Associated Press |
#: Sunday, July 15, 2018, 11:30 a.m.", "Associated Press Published 7:50 a.m. ET".
BYLINE_LINES, BYLINE_WORDS = 3, 12


def credit(doc: Facts, text: str) -> str | None:
    """The credit a copy gives its source: the wire's in its text ("(AP) \u2014"), its
    byline (the author, or a short line at the top) read as the wire rule reads "By The
    Associated Press", or a line naming the source that cleaning removed."""
    bylines = [doc.author] if doc.author else []
    bylines += [line for line in text.split("\n", BYLINE_LINES)[:BYLINE_LINES]
                if len(line.split()) <= BYLINE_WORDS]
    return (credit_in(text)
            or next((found for line in bylines if (found := credit_in(f"By {line}"))), None)
            or credit_line(doc))


def delay_hours(origin: str | None, copy: str | None) -> float | None:
    """Hours from the origin's publication to the copy's: from their times when both
    give one, else from their days; None when either is undated."""
    hours = hours_apart(origin, copy)
    if hours is not None:
        return round(hours, 1)
    if not origin or not copy:
        return None
    try:
        return 24.0 * (date.fromisoformat(copy[:10]) - date.fromisoformat(origin[:10])).days
    except ValueError:
        return None


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1] + "\u2026"


def _signal(name: str, evidence: str) -> Signal:
    return Signal(name, _cut(evidence), SIGNALS[name].weight)


def cleaning_signals(doc: Facts) -> list[Signal]:
    """What cleaning removed that only a farm's or a scraper's page carries."""
    out: list[Signal] = []
    first: dict[str, str] = {}
    titles = repeated = 0
    for r in doc.removed:
        if r.reason in ("ai-prompt", "spam"):
            first.setdefault(r.reason, r.text)
        elif r.reason == "repeated-title":
            titles += 1
        elif r.reason == "repeated-text":
            repeated += len(r.text.split())
        elif r.reason == "source-link" and _BARE_LINK.match(r.text):
            first.setdefault("source-link", r.text)
        elif r.reason == "hashtags" and HASHTAG.search(r.text):
            first.setdefault("hashtags", r.text)
    for name in ("ai-prompt", "spam"):
        if name in first:
            out.append(_signal(name, f"removed by cleaning: {first[name]!r}"))
    if titles >= 2:  # once is the page's own headline above its text
        out.append(_signal("repeated-title", f"its title repeated {titles} times in the body"))
    if repeated and repeated >= GLUED_BODY * (doc.words + repeated):
        out.append(_signal("glued-body", f"{repeated} words of its body repeated"))
    for name in ("source-link", "hashtags"):
        if name in first:
            out.append(_signal(name, f"removed by cleaning: {first[name]!r}"))
    return out


def _other(relation: dict[str, Any], doc: str) -> str:
    return relation["b"] if relation["a"] == doc else relation["a"]


def _coverage(relation: dict[str, Any], doc: str) -> float:
    return relation["coverage_a"] if relation["a"] == doc else relation["coverage_b"]


def _name(doc: str, facts: dict[str, Facts]) -> str:
    site = facts[doc].site if doc in facts else None
    return f"{doc} ({site})" if site else doc


def copy_signals(doc: Facts, provenance: Provenance, parent: dict[str, Any] | None,
                 relations: list[dict[str, Any]], facts: dict[str, Facts]) -> list[Signal]:
    """What its relations say: it copies another site's article (with or without credit,
    how, and what it changed against the document it copies), or it is stitched.

    ``parent``: the relation to its parent in the family tree when its origin is another
    site's (how it was made is read from that one relation: against the other copies of a
    wire story, every copy differs as the wire's versions do); ``relations``: all its
    relations, for a stitched page; ``facts``: the documents on their other side.
    """
    out: list[Signal] = []
    if provenance.copy and parent is not None:
        out += _copy_of(doc, provenance, parent, facts)
    stitched = [r for r in relations if "stitched" in r["direction_by"]
                and r["source"] == _other(r, doc.id)]
    if stitched:
        names = ", ".join(_name(_other(r, doc.id), facts) for r in stitched[:3])
        out.append(_signal("stitched", "stitched from passages of several articles that are "
                                       f"not copies of one another, {names} among them"))
    return out


#: Copy kinds that keep the source's wording: a credited copy of these kinds is the
#: wire's text as the wire sent it, and differs from its source only as the wire's
#: versions of a story do (updated figures, a quotation added).
_VERBATIM = ("verbatim", "near-duplicate")


def _copy_of(doc: Facts, provenance: Provenance, parent: dict[str, Any],
             facts: dict[str, Facts]) -> list[Signal]:
    source = provenance.source or _other(parent, doc.id)
    share = _coverage(parent, doc.id)
    kind = parent["kind"]
    after = ("" if provenance.delay_hours is None
             else f", {provenance.delay_hours:g} hours after its origin")
    said = (f"{share:.0%} of its text is {_name(source, facts)}, "
            f"{kind}{' excerpt' if parent['partial'] else ''}{after}")
    # What it changed, when the relation knows which side is the copy.
    changes = _change_signals(parent, source, facts) if parent["source"] == source else []
    if parent["source"] == source and "truncated" in parent["direction_by"]:
        changes.append(_signal("truncated", f"the start of {_name(source, facts)}, cut off"))
    out = []
    if provenance.credit and kind in _VERBATIM:
        differs = (f"; it differs as versions of one wire story do ("
                   f"{', '.join(s.signal for s in changes)}: not scored)" if changes else "")
        return [_signal("republished", f"{said}; credits {provenance.credit!r}{differs}")]
    if provenance.credit:
        out.append(_signal("republished", f"{said}; credits {provenance.credit!r}"))
    else:
        out.append(_signal("copied" if share >= MOST_OF_IT else "excerpt", said))
    if kind == "spun":
        out.append(_signal("spun", f"spun from {_name(source, facts)}"))
    elif parent["source"] == source and "rewording" in parent["direction_by"]:
        why = next((x for x in parent["reasons"] if "swapped" in x), "words swapped")
        out.append(_signal("spun", f"{why} (against {_name(source, facts)})"))
    if kind == "translated":
        out.append(_signal("machine-translated",
                           f"a round-trip translation of {_name(source, facts)}"))
    return out + changes


_CHANGE_SIGNALS = {"quote": "altered-quote", "name": "garbled-name", "number": "changed-number"}


def _change_signals(relation: dict[str, Any], source: str, facts: dict[str, Facts]
                    ) -> list[Signal]:
    """The changes of its copy relation, one signal per kind of change, with the first
    change of that kind as evidence."""
    found: dict[str, tuple[dict[str, Any], int]] = {}
    for c in relation["changes"]:
        name = _CHANGE_SIGNALS.get(c["kind"])
        if name is None and c["kind"] == "inserted" and c.get("copy_span"):
            name = "inserted-text"  # in the kept text, not what cleaning removed
        if name is not None:
            first, n = found.get(name, (c, 0))
            found[name] = (first, n + 1)
    out = []
    for name in ("altered-quote", "garbled-name", "changed-number", "inserted-text"):
        if name not in found:
            continue
        c, n = found[name]
        what = (repr(c["copy_text"]) if name == "inserted-text"
                else f"{c['source_text']!r} \u2192 {c['copy_text']!r}")
        more = f" (and {n - 1} more)" if n > 1 else ""
        out.append(_signal(name, f"{what} against {_name(source, facts)}{more}"))
    return out
