"""Which side of a copy pair is the source: every trace a copy leaves, weighed.

Each trace votes for one side as the source with a weight, and says why in a sentence:

- ``dates``: published on different days (the earlier is the source);
- ``times``: published the same day at times both pages give;
- ``scraping``: what cleaning removed from one page only — a title repeated twice or more
  (once is the page's own headline), a body glued then repeated, ``Source link``, hashtag tails, injected spam, leftover generation
  prompts: the page carrying them is the copy;
- ``digest``: one text is a live blog, an aggregator's page of snippets, or a digest
  whose other items are about something else: it copied the passage, it is never the
  origin of the article;
- ``entries``: a text made of several timed entries of a live blog was written from
  them (AP's stories are put together from its "The Latest" entries): the live blog is
  its source;
- ``updates``: two versions of one live blog, the later keeping the earlier's entries
  and adding later ones: the earlier is the source;
- ``teaser``: the shorter text is a few sentences from the start of the longer one;
- ``truncated``: the shorter text is the start of the longer one, its sentences word for
  word (copies drop the end; being a subset alone is no evidence of being the
  original; an edited start is another version);
- ``wire``: one page is the wire service's own or carries its credit ("(AP) —"), the
  other does not;
- ``credit``: one text credits the other's outlet by name ("according to Politico",
  "Politico reported") and not the other way round: it took the other's reporting;
- ``names``: a name spelled differently in the two texts, where the spelling the other
  documents of the index use is the original's ("Hegseth" in three outlets against
  "Hegses" in one);
- ``rewording``: words swapped one for one in aligned sentences otherwise left as they
  were, where one side's are clearly rarer: a spinner's thesaurus reaches for rarer
  words than the writer did ("proposed" → "considered", "rich" → "affluent"). (Not for
  rebuilt sentences: a round-trip translation tends to the commoner word.)

The side with the larger total is the source when it leads by ``DECISIVE``; otherwise the
direction is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..align import Prepared
from ..fingerprint.immutables import common_names
from ..ingest.dates import days_apart, hours_apart
from ..records import Alignment, Document
from ..text import rarity, words
from .pages import (
    LISTING,
    LIVE_BLOG,
    credit_in,
    credited_outlets,
    cut_off,
    digest_pages,
    earlier_version,
    entries_drawn,
    outlet_key,
    wire_credit,
)
from .rewrite import swapped_words

#: How far one side's total must lead for a direction.
DECISIVE = 1.0
#: Removal reasons that only a scraper's page carries, and their weight.
SCRAPING = {"repeated-title": 1.5, "source-link": 2.0, "hashtags": 1.5, "spam": 2.0,
            "ai-prompt": 3.0, "scraper-attribution": 2.0}
#: Repeated text counts as a glued-then-repeated body from this share of the page.
GLUED_BODY = 0.25
#: A teaser: this many sentences at most, starting within the first ``TEASER_START``
#: sentences of the longer text.
TEASER_SENTENCES = 3
TEASER_START = 6
#: A text is written from a live blog's entries when they hold at least this share of it
#: and it draws on this many of them.
ENTRIES_COVER = 0.6
ENTRIES_DRAWN = 2
#: Both texts aligned this much, one of them nearly whole: one article in both (the
#: other may add a byline and a contributors' line), not a passage of a digest.
WHOLE_COPY = 0.6
NEARLY_WHOLE = 0.9
#: Sites of wire services: their own page is the original of what others carry.
WIRE_SITES = frozenset({"apnews.com", "reuters.com", "afp.com", "upi.com", "cnn.com"})


@dataclass(slots=True, frozen=True)
class Trace:
    """One piece of evidence of direction: ``side`` is the one it says is the source."""

    name: str
    side: str  # "a" or "b"
    weight: float
    reason: str


@dataclass(slots=True)
class Direction:
    """The decision: the source side (or None), the traces it rests on, all traces."""

    source: str | None
    by: list[str]
    traces: list[Trace]

    def reasons(self) -> list[str]:
        return [t.reason for t in self.traces]


def _other(side: str) -> str:
    return "b" if side == "a" else "a"


def _date_traces(doc_a: Document | None, doc_b: Document | None) -> list[Trace]:
    pa = doc_a.published if doc_a else None
    pb = doc_b.published if doc_b else None
    days = days_apart(pa, pb)
    hours = hours_apart(pa, pb)
    if days and (hours is None or abs(hours) >= 24):
        first = "a" if pa[:10] < pb[:10] else "b"  # type: ignore[index]
        # Dates alone a day apart may be one evening in two time zones ("2019-05-29" in
        # New York is "2019-05-30" in London): weaker than the wire's own page.
        weight = 3.0 + min(days, 7) / 7 if days > 1 or hours is not None else 2.0
        return [Trace("dates", first, weight,
                      f"{first} was published first ({min(pa, pb)} before {max(pa, pb)})")]  # type: ignore[type-var]
    if hours is None or abs(hours) < 0.25:
        return []
    first = "a" if hours > 0 else "b"
    return [Trace("times", first, 1.5 if abs(hours) >= 1 else 0.75,
                  f"{first} was published {abs(hours):.1f} hours earlier the same day")]


def _scraping_traces(side: str, doc: Document | None) -> list[Trace]:
    """Traces of scraping on ``side``'s page: they vote for the other side."""
    if doc is None or not doc.removed:
        return []
    found: dict[str, tuple[float, str]] = {}
    repeated = titles = 0
    for r in doc.removed:
        if r.reason == "repeated-title":
            # Once is a page's own headline above its text; a scraper repeats it more.
            titles += 1
            if titles < 2:
                continue
        if r.reason in SCRAPING and r.reason not in found:
            found[r.reason] = (SCRAPING[r.reason], r.text)
        elif r.reason == "repeated-text":
            repeated += len(r.text)
    if repeated and repeated >= GLUED_BODY * (len(doc.text) + repeated):
        found["repeated-text"] = (2.0, f"{repeated} characters of repeated text")
    if not found:
        return []
    weight = min(3.0, max(w for w, _ in found.values()) + 0.5 * (len(found) - 1))
    what = "; ".join(f"{reason}: {text[:50]!r}" for reason, (_, text) in found.items())
    return [Trace("scraping", _other(side), weight,
                  f"{side} carries scraping artefacts that cleaning removed ({what})")]


def _containment_traces(a: Prepared, b: Prepared, doc_a: Document | None,
                        doc_b: Document | None, alignment: Alignment) -> list[Trace]:
    """Digest, teaser and truncation: what the shorter text is to the longer one."""
    if not alignment.pairs:
        return []
    pages = digest_pages(a, b, doc_a.title if doc_a else None, doc_b.title if doc_b else None,
                         (alignment.coverage_a, alignment.coverage_b))
    if (pages[0] is None) != (pages[1] is None):
        page, side = (pages[0], "a") if pages[0] else (pages[1], "b")
        story_cov = alignment.coverage_b if side == "a" else alignment.coverage_a
        drawn = (entries_drawn(a if side == "a" else b,
                               [p.a if side == "a" else p.b for p in alignment.pairs])
                 if page == LIVE_BLOG and story_cov >= ENTRIES_COVER else 0)
        if drawn >= ENTRIES_DRAWN:
            # A story put together from several of a live blog's entries was written
            # from them (AP's stories from its "The Latest"); one entry holding an
            # article's passage is the live blog's copy of it.
            return [Trace("entries", side, 4.0,
                          f"{_other(side)} is made of {drawn} timed entries of {side}, "
                          f"a live blog: it was written from them")]
        # (A page of its own kind is surer than one that only carries the headline.)
        return [Trace("digest", _other(side), 2.5 if page == LISTING else 5.0,
                      f"{side} is {page}: it copied the passage, it is not the original")]
    if alignment.coverage_a >= alignment.coverage_b:
        short, long, s_side = a, b, "a"
        s_cov, s_ranges, l_ranges = (alignment.coverage_a, [p.a for p in alignment.pairs],
                                     [p.b for p in alignment.pairs])
    else:
        short, long, s_side = b, a, "b"
        s_cov, s_ranges, l_ranges = (alignment.coverage_b, [p.b for p in alignment.pairs],
                                     [p.a for p in alignment.pairs])
    l_side = _other(s_side)
    l_cov = alignment.coverage_b if s_side == "a" else alignment.coverage_a
    traces = []
    if s_cov < 0.6 or l_cov > 0.8:
        return traces
    s_first = min(lo for lo, _ in s_ranges)
    l_first = min(lo for lo, _ in l_ranges)
    prefix = s_first == 0 and l_first == 0
    if (s_first == 0 and len(short.sentences) <= TEASER_SENTENCES and s_cov >= 0.8
            and l_first < TEASER_START):
        # (The lede may follow a byline or a caption in the longer text.)
        traces.append(Trace("teaser", l_side, 4.0,
                            f"{s_side} is a teaser: the opening sentences of {l_side}"))
    elif (prefix and s_cov >= 0.8 and len(long.sentences) > len(short.sentences) + 1
          and _identical(alignment) >= TRUNCATED_SAME):
        # (A scrape cut short keeps its sentences word for word; a shorter text whose
        # sentences were edited is another version, perhaps the earlier.)
        cut = cut_off(short)
        traces.append(Trace("truncated", l_side, 2.5 if cut else 1.5,
                            f"{s_side} is the start of {l_side}"
                            + (", cut off" if cut else "") + ": copies drop the end"))
    return traces


def _identical(alignment: Alignment) -> float:
    """The share of aligned sentence pairs that are identical."""
    return sum(p.op == "same" for p in alignment.pairs) / max(1, len(alignment.pairs))


#: A shorter text is a truncated copy when this share of its aligned sentences at least
#: are the longer one's word for word.
TRUNCATED_SAME = 0.5


def _update_traces(a: Prepared, b: Prepared) -> list[Trace]:
    """Two versions of one live blog: the earlier one is the source."""
    found = earlier_version(a, b)
    if found is None:
        return []
    side, early, late = found
    return [Trace("updates", side, 3.0,
                  f"{side} is the earlier version of the live blog: the other keeps its "
                  f"entries (to {early}) and adds later ones (to {late})")]


def _wire_traces(a: Prepared, b: Prepared, doc_a: Document | None, doc_b: Document | None,
                 alignment: Alignment) -> list[Trace]:
    """The wire service's own page, or the one keeping its credit where the two share
    text (a digest carries other items' credits too)."""
    sites = [d.site if d else None for d in (doc_a, doc_b)]
    wire = [s in WIRE_SITES for s in sites]
    traces = []
    if wire[0] != wire[1]:
        side = "a" if wire[0] else "b"
        traces.append(Trace("wire", side, 2.5, f"{side} is the wire service's own page"))
    if not alignment.pairs:
        return traces
    if (min(alignment.coverage_a, alignment.coverage_b) >= WHOLE_COPY
            and max(alignment.coverage_a, alignment.coverage_b) >= NEARLY_WHOLE):
        # One article in both: a credit anywhere is the article's (its closing
        # "Copyright … The Associated Press", an "… contributed" line).
        credits = [credit_in(a.text), credit_in(b.text)]
    else:
        credits = [wire_credit(a, min(p.a[0] for p in alignment.pairs),
                               max(p.a[1] for p in alignment.pairs)),
                   wire_credit(b, min(p.b[0] for p in alignment.pairs),
                               max(p.b[1] for p in alignment.pairs))]
    if (credits[0] is None) != (credits[1] is None):
        side = "a" if credits[0] else "b"
        traces.append(Trace("wire", side, 1.0,
                            f"{side} keeps the wire credit {credits[0] or credits[1]!r}; the "
                            f"other does not"))
    return traces


def _credit_traces(a: Prepared, b: Prepared, doc_a: Document | None,
                   doc_b: Document | None) -> list[Trace]:
    """The text that credits the other's outlet by name is the copy."""
    if doc_a is None or doc_b is None or not doc_a.site or not doc_b.site:
        return []
    outlets = outlet_key(doc_a.site), outlet_key(doc_b.site)
    if outlets[0] == outlets[1] or min(map(len, outlets)) < CREDIT_KEY:
        return []
    credits = outlets[1] in credited_outlets(a), outlets[0] in credited_outlets(b)
    if credits[0] == credits[1]:
        return []
    copy = "a" if credits[0] else "b"
    source = _other(copy)
    return [Trace("credit", source, 2.0,
                  f"{copy} credits {source}'s outlet ({(doc_b if copy == 'a' else doc_a).site}) "
                  f"by name: it took its reporting")]


#: The shortest outlet key matched by name (shorter ones are words: "ap", "cnn" stay
#: with the wire credits).
CREDIT_KEY = 4


def _count(name: str, names: Mapping[str, int]) -> int | None:
    """How many indexed documents use the words of ``name`` that set it apart (a
    name too common to be indexed as specific counts as used everywhere); None when
    they are everyday words (a spinner's "One-third" → "One-second"), not names."""
    found = [w for w in words(name) if rarity(w) >= NAME_RARITY]
    if not found:
        return None
    common = common_names()
    return max(_EVERYWHERE if w in common else names.get(w, 0) for w in found)


#: Words this rare (log rank) or rarer can be names; commoner ones are vocabulary.
NAME_RARITY = 3.0


#: What a name too common to be stored as specific counts as (see ``common_names``).
_EVERYWHERE = 1_000_000


def _name_traces(spellings: list[tuple[str, str]], names: Mapping[str, int]) -> list[Trace]:
    """Each pair of spellings (a's, b's): the one more documents of the index use is the
    original's."""
    votes = {"a": 0, "b": 0}
    example = {}
    for in_a, in_b in spellings:
        wa, wb = set(words(in_a)), set(words(in_b))
        ca, cb = _count(" ".join(wa - wb), names), _count(" ".join(wb - wa), names)
        if ca is None or cb is None:
            continue
        if max(ca, cb) >= 2 and max(ca, cb) >= 2 * min(ca, cb):
            side = "a" if ca > cb else "b"
            votes[side] += 1
            example.setdefault(side, (in_a, ca, in_b, cb))
    side = "a" if votes["a"] > votes["b"] else "b"
    n = votes[side] - votes[_other(side)]
    if n <= 0:
        return []
    in_a, ca, in_b, cb = example[side]
    return [Trace("names", side, min(3.0, 1.5 * n),
                  f"{side} spells names as the other documents do ({in_a!r} in {ca}, "
                  f"{in_b!r} in {cb})")]


#: Swapped words needed, how much rarer (mean log rank) one side's must be, and the
#: largest share of rebuilt words (added, dropped, moved) around them.
REWORDING_SWAPS = 5
REWORDING_MARGIN = 0.5
REWORDING_REBUILT = 0.05


def _rewording_traces(a: Prepared, b: Prepared, alignment: Alignment) -> list[Trace]:
    swaps, rebuilt = swapped_words(a, b, alignment.pairs)
    if len(swaps) < REWORDING_SWAPS or rebuilt > REWORDING_REBUILT:
        return []
    in_a = sum(rarity(x) for x, _ in swaps) / len(swaps)
    in_b = sum(rarity(y) for _, y in swaps) / len(swaps)
    if abs(in_a - in_b) < REWORDING_MARGIN:
        return []
    copy = "a" if in_a > in_b else "b"
    x, y = max(swaps, key=lambda s: abs(rarity(s[0]) - rarity(s[1])))
    example = (y, x) if copy == "a" else (x, y)
    return [Trace("rewording", _other(copy), 1.5,
                  f"{copy} swapped {len(swaps)} words in place for rarer ones, as "
                  f"spinners do ({example[0]!r} → {example[1]!r})")]


def decide_direction(a: Prepared, b: Prepared, doc_a: Document | None,
                     doc_b: Document | None, alignment: Alignment, *,
                     spellings: list[tuple[str, str]] = (),  # type: ignore[assignment]
                     names: Mapping[str, int] | None = None) -> Direction:
    """Which side is the source, on what traces, and why.

    ``spellings``: names spelled differently in aligned sentences (a's, b's); ``names``:
    how many indexed documents use each name word (none outside a scan).
    """
    traces = _date_traces(doc_a, doc_b)
    traces += _scraping_traces("a", doc_a) + _scraping_traces("b", doc_b)
    traces += _containment_traces(a, b, doc_a, doc_b, alignment)
    traces += _update_traces(a, b)
    traces += _wire_traces(a, b, doc_a, doc_b, alignment)
    traces += _credit_traces(a, b, doc_a, doc_b)
    traces += _rewording_traces(a, b, alignment)
    if spellings and names:
        traces += _name_traces(spellings, names)
    totals = {"a": 0.0, "b": 0.0}
    for t in traces:
        totals[t.side] += t.weight
    lead = "a" if totals["a"] > totals["b"] else "b"
    if totals[lead] - totals[_other(lead)] < DECISIVE:
        return Direction(None, [], traces)
    by = [t.name for t in sorted(traces, key=lambda t: -t.weight) if t.side == lead]
    return Direction(lead, list(dict.fromkeys(by)), traces)
