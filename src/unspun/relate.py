"""From an alignment to a relation: kind, excerpt or not, direction, confidence, why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .align import Prepared, align, passages
from .changes import INJECTED_REASONS, find_changes
from .config import AlignConfig, RelateConfig
from .fingerprint.immutables import anchor_tokens
from .records import AlignedPair, Alignment, Document, Relation


@dataclass(slots=True)
class Features:
    """What the kind decision looks at, oriented source → copy."""

    pairs: int
    aligned_source: float  # characters of the source inside aligned sentences
    aligned_copy: float
    coverage_source: float
    coverage_copy: float
    same_share: float  # share of aligned copy text in identical sentences
    dice: float  # length-weighted word overlap of aligned pairs
    semantic: float  # length-weighted cosine of aligned pairs
    ratio: float  # aligned copy text / aligned source text
    longest_run: int  # most aligned pairs in one passage


def features(source: Prepared, copy: Prepared, alignment: Alignment, flipped: bool) -> Features:
    pairs = [_flip(p) for p in alignment.pairs] if flipped else alignment.pairs
    ls, lc = source.lengths, copy.lengths
    src_chars = np.array([ls[p.a[0]:p.a[1]].sum() for p in pairs])
    copy_chars = np.array([lc[p.b[0]:p.b[1]].sum() for p in pairs])
    total_copy = float(copy_chars.sum())
    weights = copy_chars / total_copy if total_copy else copy_chars
    same = np.array([p.op == "same" for p in pairs], dtype=bool)
    cov_a, cov_b = alignment.coverage_a, alignment.coverage_b
    if flipped:
        cov_a, cov_b = cov_b, cov_a
    aligned = Alignment(pairs=pairs, coverage_a=cov_a, coverage_b=cov_b)
    runs = passages(source, copy, aligned)
    return Features(
        pairs=len(pairs),
        aligned_source=float(src_chars.sum()),
        aligned_copy=total_copy,
        coverage_source=cov_a,
        coverage_copy=cov_b,
        same_share=float(weights[same].sum()) if pairs else 0.0,
        dice=float((weights * [p.overlap for p in pairs]).sum()) if pairs else 0.0,
        semantic=float((weights * [p.similarity for p in pairs]).sum()) if pairs else 0.0,
        ratio=total_copy / float(src_chars.sum()) if pairs and src_chars.sum() else 1.0,
        longest_run=max((len(r.pairs) for r in runs), default=0),
    )


def _flip(p: AlignedPair) -> AlignedPair:
    return AlignedPair(a=p.b, b=p.a, similarity=p.similarity, overlap=p.overlap, op=p.op)


def is_copy(f: Features, config: RelateConfig) -> bool:
    smaller = min(f.aligned_source, f.aligned_copy)
    return (
        f.pairs >= config.min_aligned_pairs
        and smaller >= config.min_aligned_chars
        and max(f.coverage_source, f.coverage_copy) >= config.min_coverage
    )


def copy_kind(f: Features, config: RelateConfig) -> str:
    if f.same_share >= config.verbatim_same:
        return "verbatim"
    if f.dice >= config.near_duplicate_dice or f.same_share >= 0.5:
        return "near-duplicate"
    if f.ratio < config.summary_ratio:
        return "summary"
    if f.dice >= config.translated_dice:
        return "spun"
    return "translated"


def _anchor_overlap(a: str, b: str) -> float:
    sa, sb = set(anchor_tokens(a)), set(anchor_tokens(b))
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def _direction(a: Prepared, b: Prepared, doc_a: Document | None, doc_b: Document | None,
               alignment: Alignment) -> tuple[str | None, str | None, list[str]]:
    """Which side is the source, how that was decided, and why."""
    date_a = doc_a.published if doc_a else None
    date_b = doc_b.published if doc_b else None
    if date_a and date_b and date_a != date_b:
        first = "a" if date_a < date_b else "b"
        return first, "dates", [
            f"{first} was published first ({min(date_a, date_b)} before {max(date_a, date_b)})"
        ]
    votes = {"a": 0.0, "b": 0.0}
    why: list[str] = []
    # A text that is (almost) wholly contained in the other is the excerpt.
    if alignment.coverage_a >= 0.9 and alignment.coverage_b < 0.7:
        votes["b"] += 1
        why.append(f"a is a subset of b ({alignment.coverage_b:.0%} of b reused)")
    elif alignment.coverage_b >= 0.9 and alignment.coverage_a < 0.7:
        votes["a"] += 1
        why.append(f"b is a subset of a ({alignment.coverage_a:.0%} of a reused)")
    for side, doc, other in (("a", doc_a, "b"), ("b", doc_b, "a")):
        injected = [r for r in (doc.removed if doc else []) if r.reason in INJECTED_REASONS]
        if injected:
            votes[other] += 1
            why.append(f"{side} carries injected text ({injected[0].reason}: "
                       f"{injected[0].text[:60]!r})")
    if votes["a"] == votes["b"]:
        return None, None, why
    return ("a" if votes["a"] > votes["b"] else "b"), "text", why


def relate(a: Prepared, b: Prepared, doc_a: Document | None = None,
           doc_b: Document | None = None, *, align_config: AlignConfig | None = None,
           config: RelateConfig | None = None) -> Relation:
    """The relation between two prepared texts (documents give dates and removals)."""
    config = config or RelateConfig()
    alignment = align(a, b, align_config)
    source, direction_by, direction_why = _direction(a, b, doc_a, doc_b, alignment)
    flipped = source == "b"
    src, cpy = (b, a) if flipped else (a, b)
    f = features(src, cpy, alignment, flipped)
    reasons = [
        f"{f.pairs} aligned sentence pair(s); {alignment.coverage_a:.0%} of a and "
        f"{alignment.coverage_b:.0%} of b aligned"
    ]
    ids = (doc_a.id if doc_a else None, doc_b.id if doc_b else None)
    if not is_copy(f, config):
        similarity = float(a.doc_vector() @ b.doc_vector()) if a.sentences and b.sentences else 0.0
        anchors = _anchor_overlap(a.text, b.text)
        if similarity >= config.story_similarity and anchors >= config.story_anchor_overlap:
            kind = "same-story"
            reasons.append(f"too little shared text for a copy, but the same subject "
                           f"(cosine {similarity:.2f}) and {anchors:.0%} shared names/figures")
            confidence = min(1.0, 0.5 + (similarity - config.story_similarity) * 2 + anchors)
        else:
            kind = "unrelated"
            reasons.append(f"no copied passage and different subjects (cosine {similarity:.2f})")
            confidence = min(1.0, 0.6 + (config.story_similarity - similarity))
        return Relation(kind=kind, partial=False, source=None, confidence=confidence,
                        coverage=(alignment.coverage_a, alignment.coverage_b),
                        reasons=reasons, alignment=alignment, a=ids[0], b=ids[1])

    if source is None and f.ratio > 1 / config.summary_ratio:
        # No evidence of direction, but a summary is the shorter side: orient it so.
        f = features(b, a, alignment, True)
        flipped = True
    kind = copy_kind(f, config)
    partial = f.coverage_source < config.partial_below
    reasons.append(_kind_reason(kind, f))
    if partial:
        reasons.append(f"excerpt: only {f.coverage_source:.0%} of the source is reused")
    reasons.extend(direction_why)
    if source is None:
        reasons.append("direction unknown: no dates and no textual evidence either way")
    src, cpy = (b, a) if flipped else (a, b)
    cpy_doc = doc_a if flipped else doc_b
    pairs = [_flip(p) for p in alignment.pairs] if flipped else alignment.pairs
    changes = find_changes(src, cpy, pairs, cpy_doc.removed if cpy_doc else None)
    strength = min(1.0, min(f.aligned_source, f.aligned_copy) / 1000)
    confidence = round(0.5 + 0.5 * strength * max(f.semantic, f.dice), 4)
    return Relation(kind=kind, partial=partial, source=source, confidence=confidence,
                    coverage=(alignment.coverage_a, alignment.coverage_b), reasons=reasons,
                    changes=changes, alignment=alignment, direction_by=direction_by,
                    a=ids[0], b=ids[1])


def _kind_reason(kind: str, f: Features) -> str:
    if kind == "verbatim":
        return f"{f.same_share:.0%} of the copied text is identical to the source"
    if kind == "near-duplicate":
        return f"small edits: {f.same_share:.0%} identical sentences, word overlap {f.dice:.2f}"
    if kind == "summary":
        return (f"condensed: the copy's aligned text is {f.ratio:.0%} the length of the "
                f"source passage")
    if kind == "spun":
        return (f"reworded sentence by sentence: word overlap {f.dice:.2f} with meaning kept "
                f"(cosine {f.semantic:.2f})")
    return (f"meaning kept (cosine {f.semantic:.2f}) with most words changed (overlap "
            f"{f.dice:.2f}): a round-trip translation")
