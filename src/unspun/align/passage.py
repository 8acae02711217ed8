"""Passages: runs of aligned sentences, contiguous in both texts, with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..records import AlignedPair, Alignment
from .prepare import Prepared


@dataclass(slots=True)
class Passage:
    """A run of aligned sentences, contiguous (within a gap) in both texts."""

    a: tuple[int, int]  # character span in a
    b: tuple[int, int]  # character span in b
    pairs: list[AlignedPair]


def passages(a: Prepared, b: Prepared, alignment: Alignment, max_gap: int = 2,
             tight: bool = False, min_chars: int = 0) -> list[Passage]:
    """Group aligned pairs into passages (runs in reading order of both texts).

    ``tight`` sets a passage's edges where the text both sides share word for word
    starts and ends (a copied passage rarely starts or ends on a sentence boundary):
    trimmed to the first and last shared run of its edge sentences, then extended over
    the words the two texts share beyond them (a sentence the segmenter cut, or whose
    other half is not copied, was not aligned whole); ``min_chars`` drops passages
    shorter than that on either side (isolated topical matches).
    """
    out: list[Passage] = []
    current: list[AlignedPair] = []
    for p in sorted(alignment.pairs, key=lambda p: (p.a[0], p.b[0])):
        if current:
            last = current[-1]
            if 0 <= p.a[0] - last.a[1] <= max_gap and 0 <= p.b[0] - last.b[1] <= max_gap:
                current.append(p)
                continue
            out.append(_passage(a, b, current, tight))
        current = [p]
    if current:
        out.append(_passage(a, b, current, tight))
    if tight:
        out = _merged(out)
    return [p for p in out
            if p.a[1] - p.a[0] >= min_chars and p.b[1] - p.b[0] >= min_chars]


def copied_spans(a: Prepared, b: Prepared, alignment: Alignment
                 ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The character spans, in a and in b, of each passage a copy shares with its
    source: ``passages`` with tight edges (``Relation.passages``)."""
    return [(p.a, p.b) for p in passages(a, b, alignment, tight=True)]


def _merged(found: list[Passage]) -> list[Passage]:
    """Passages whose extended spans overlap in both texts, as one (the words between
    two runs of aligned sentences were shared after all)."""
    out: list[Passage] = []
    for p in sorted(found, key=lambda p: (p.a, p.b)):
        last = out[-1] if out else None
        if last is not None and p.a[0] <= last.a[1] and p.b[0] <= last.b[1] \
                and last.b[0] <= p.b[1]:
            out[-1] = Passage(a=(last.a[0], max(last.a[1], p.a[1])),
                              b=(min(last.b[0], p.b[0]), max(last.b[1], p.b[1])),
                              pairs=[*last.pairs, *p.pairs])
        else:
            out.append(p)
    return out


def _passage(a: Prepared, b: Prepared, pairs: list[AlignedPair], tight: bool) -> Passage:
    a_start = min(a.sentences[p.a[0]].start for p in pairs)
    a_end = max(a.sentences[p.a[1] - 1].end for p in pairs)
    b_start = min(b.sentences[p.b[0]].start for p in pairs)
    b_end = max(b.sentences[p.b[1] - 1].end for p in pairs)
    if tight:
        first, last = pairs[0], pairs[-1]
        head = _shared_edges(a.text, _span(a, first.a), b.text, _span(b, first.b))
        if head is not None:
            a_start, b_start = head[0][0], head[1][0]
        tail = _shared_edges(a.text, _span(a, last.a), b.text, _span(b, last.b))
        if tail is not None:
            a_end, b_end = tail[0][1], tail[1][1]
        a_start, b_start = _shared_before(a.text, a_start, b.text, b_start)
        a_end, b_end = _shared_after(a.text, a_end, b.text, b_end)
    return Passage(a=(a_start, a_end), b=(b_start, b_end), pairs=pairs)


#: How far beyond a passage's edge the words both texts share are looked for.
_REACH = 2000
#: A word the two texts spell differently (a mangled character, "Bachelor's" and
#: "Bachelors") is passed over when this many words after it are shared again.
_RESUME = 3


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Span and key (case-folded letters and digits) of the words between ``start`` and
    ``end``; marks with no letter or digit ("@", "-") are no words."""
    return [(m.start(), m.end(), key) for m in _TOKEN.finditer(text, start, end)
            if (key := _KEY.sub("", m.group().casefold()))]


_KEY = re.compile(r"[\W_]+")


def _shared_run(words_a: list[tuple[int, int, str]], words_b: list[tuple[int, int, str]]
                ) -> int:
    """How many words from the start of both lists the two share, in order, passing over
    a word spelt differently when the next ``_RESUME`` are shared."""
    n = min(len(words_a), len(words_b))
    i = shared = 0
    while i < n:
        if words_a[i][2] == words_b[i][2]:
            i += 1
            shared = i
        elif i + _RESUME < n and all(words_a[j][2] == words_b[j][2]
                                     for j in range(i + 1, i + 1 + _RESUME)):
            i += 1
        else:
            break
    return shared


def _shared_before(text_a: str, a: int, text_b: str, b: int) -> tuple[int, int]:
    """The starts moved back over the words both texts have, in order, before them (a
    word the window cuts is left out)."""
    before_a = _words(text_a, max(0, a - _REACH), a)[::-1]
    before_b = _words(text_b, max(0, b - _REACH), b)[::-1]
    shared = _shared_run(before_a[:-1] if a > _REACH else before_a,
                         before_b[:-1] if b > _REACH else before_b)
    if shared:
        a, b = before_a[shared - 1][0], before_b[shared - 1][0]
    return a, b


def _shared_after(text_a: str, a: int, text_b: str, b: int) -> tuple[int, int]:
    """The ends moved on over the words both texts have, in order, after them."""
    after_a = _words(text_a, a, min(len(text_a), a + _REACH))
    after_b = _words(text_b, b, min(len(text_b), b + _REACH))
    shared = _shared_run(after_a, after_b)
    if shared:
        a, b = after_a[shared - 1][1], after_b[shared - 1][1]
    return a, b


def _span(prepared: Prepared, rng: tuple[int, int]) -> tuple[int, int]:
    return prepared.sentences[rng[0]].start, prepared.sentences[rng[1] - 1].end


_TOKEN = re.compile(r"\S+")


def _shared_edges(text_a: str, span_a: tuple[int, int], text_b: str, span_b: tuple[int, int],
                  min_words: int = 3) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Character spans, in both texts, from the first to the last word run they share.

    Only runs of at least ``min_words`` words count, so a common "the" does not pull a
    boundary; None when the two spans share no such run.
    """
    ta = [(m.start() + span_a[0], m.end() + span_a[0], m.group().lower())
          for m in _TOKEN.finditer(text_a[span_a[0]:span_a[1]])]
    tb = [(m.start() + span_b[0], m.end() + span_b[0], m.group().lower())
          for m in _TOKEN.finditer(text_b[span_b[0]:span_b[1]])]
    matcher = SequenceMatcher(None, [t[2] for t in ta], [t[2] for t in tb], autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size >= min_words]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    return ((ta[first.a][0], ta[last.a + last.size - 1][1]),
            (tb[first.b][0], tb[last.b + last.size - 1][1]))
