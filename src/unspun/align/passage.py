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

    ``tight`` trims a passage's edges to the text both sides share word for word (a
    copied passage rarely starts or ends on a sentence boundary); ``min_chars`` drops
    passages shorter than that on either side (isolated topical matches).
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
    return [p for p in out
            if p.a[1] - p.a[0] >= min_chars and p.b[1] - p.b[0] >= min_chars]


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
    return Passage(a=(a_start, a_end), b=(b_start, b_end), pairs=pairs)


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
