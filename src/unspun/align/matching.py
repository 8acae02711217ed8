"""The alignment of a pair: a greedy one-to-one matching on the combined score, then
neighbouring sentences folded into one (a summary condenses several into one)."""

from __future__ import annotations

import numpy as np

from ..config import AlignConfig
from ..records import AlignedPair, Alignment
from .prepare import Prepared
from .scores import Scores, score


def _op(a: Prepared, b: Prepared, i: int, j: int, s: Scores, config: AlignConfig) -> str:
    if a.tokens(i) == b.tokens(j):
        return "same"
    if s.dice[i, j] >= config.edited_dice:
        return "edited"
    return "paraphrased"


def align(a: Prepared, b: Prepared, config: AlignConfig | None = None,
          scores: Scores | None = None) -> Alignment:
    """Align the sentences of a with those of b (``scores``: reuse a computed ``score``)."""
    config = config or AlignConfig()
    if not a.sentences or not b.sentences:
        return Alignment(pairs=[], coverage_a=0.0, coverage_b=0.0)
    s = scores if scores is not None else score(a, b, config)
    combined = s.combined
    rows, cols = np.nonzero(combined >= config.threshold)
    order = np.argsort(-combined[rows, cols], kind="stable")
    used_a = [False] * len(a.sentences)
    used_b = [False] * len(b.sentences)
    match_b = [-1] * len(a.sentences)
    # Only cells above the threshold: a few per aligned sentence (as Python ints and
    # lists: a verbatim pair of long texts has tens of thousands).
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if used_a[i] or used_b[j]:
            continue
        used_a[i] = used_b[j] = True
        match_b[i] = j
    pairs = [
        AlignedPair(a=(i, i + 1), b=(j, j + 1),
                    similarity=float(s.semantic[i, j]), overlap=float(s.dice[i, j]),
                    op=_op(a, b, i, j, s, config))
        for i, j in enumerate(match_b) if j >= 0
    ]
    pairs = _merge_condensed(pairs, used_a, used_b, s, config)
    pairs.sort(key=lambda p: (p.b[0], p.a[0]))
    return Alignment(
        pairs=pairs,
        coverage_a=_coverage(a, [p.a for p in pairs]),
        coverage_b=_coverage(b, [p.b for p in pairs]),
    )


def _merge_condensed(pairs: list[AlignedPair], used_a: list[bool], used_b: list[bool],
                     s: Scores, config: AlignConfig) -> list[AlignedPair]:
    """Fold unaligned neighbours into a pair when their words sit in its b sentence.

    Works in both directions (a condensed into b, or b into a), so a summary aligns
    whichever side it is on.
    """
    out = []
    for p in pairs:
        a0, a1 = p.a
        b0, b1 = p.b
        j = b0
        while a0 > 0 and not used_a[a0 - 1] and s.containment[a0 - 1, j] >= config.condensed_containment:
            a0 -= 1
            used_a[a0] = True
        while a1 < len(used_a) and not used_a[a1] and s.containment[a1, j] >= config.condensed_containment:
            used_a[a1] = True
            a1 += 1
        i = p.a[0]
        while b0 > 0 and not used_b[b0 - 1] and s.containment[i, b0 - 1] >= config.condensed_containment:
            b0 -= 1
            used_b[b0] = True
        while b1 < len(used_b) and not used_b[b1] and s.containment[i, b1] >= config.condensed_containment:
            used_b[b1] = True
            b1 += 1
        if (a0, a1) != p.a or (b0, b1) != p.b:
            p = AlignedPair(a=(a0, a1), b=(b0, b1), similarity=p.similarity,
                            overlap=p.overlap, op="condensed")
        out.append(p)
    return out


def _coverage(prepared: Prepared, ranges: list[tuple[int, int]]) -> float:
    """Share of the text's characters in ``ranges`` (runs of sentences; an alignment's
    never overlap, each sentence being used once)."""
    running = prepared.running_lengths
    total = running[-1]
    if not total:
        return 0.0
    ends = np.array(ranges, dtype=np.int64).reshape(-1, 2)
    return float((running[ends[:, 1]] - running[ends[:, 0]]).sum() / total)
