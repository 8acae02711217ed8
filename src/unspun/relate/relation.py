"""From a prepared pair to a relation: align, orient, measure, decide, explain."""

from __future__ import annotations

from dataclasses import dataclass

from ..align import Prepared, align, score
from ..changes import find_changes
from ..config import AlignConfig, RelateConfig
from ..records import Alignment, Document, Relation
from .direction import decide_direction
from .evidence import Evidence, evidence
from .features import Features, aligned_chars, features, flip, length_ratio
from .kind import copy_kind, kind_reason
from .story import story_decision


@dataclass(slots=True)
class Analysis:
    """A pair aligned and oriented: what ``relate`` decides from."""

    alignment: Alignment
    source: str | None
    direction_by: str | None
    direction_why: list[str]
    features: Features | None  # None: too little shared text to measure (no copy)
    flipped: bool  # True when the features read b as the source
    evidence: Evidence | None = None


def analyse(a: Prepared, b: Prepared, doc_a: Document | None = None,
            doc_b: Document | None = None, *, align_config: AlignConfig | None = None,
            config: RelateConfig | None = None, measure: bool = False) -> Analysis:
    """Align a pair, decide its direction and measure its features (source → copy).

    The features are measured only when the pair shows enough shared text to be a copy
    (most candidate pairs of a crawl are same-topic articles that are not); ``measure``
    forces them (for fitting and evaluation).
    """
    config = config or RelateConfig()
    align_config = align_config or AlignConfig()
    scores = score(a, b, align_config) if a.sentences and b.sentences else None
    alignment = align(a, b, align_config, scores)
    source, direction_by, direction_why = decide_direction(a, b, doc_a, doc_b, alignment)
    flipped = source == "b"
    found = evidence(a, b, alignment, scores, config, copy_is_a=flipped)
    if not (measure or found.worth_measuring(config)):
        return Analysis(alignment, source, direction_by, direction_why, None, flipped, found)
    if source is None and length_ratio(*aligned_chars(a, b, alignment.pairs)) > (
            1 / config.summary_ratio):
        # No evidence of direction, but a summary is the shorter side: orient it so.
        flipped = True
    src, cpy = (b, a) if flipped else (a, b)
    f = features(src, cpy, alignment, flipped, scores)
    return Analysis(alignment, source, direction_by, direction_why, f, flipped, found)


def relate(a: Prepared, b: Prepared, doc_a: Document | None = None,
           doc_b: Document | None = None, *, align_config: AlignConfig | None = None,
           config: RelateConfig | None = None) -> Relation:
    """The relation between two prepared texts (documents give dates and removals)."""
    config = config or RelateConfig()
    analysis = analyse(a, b, doc_a, doc_b, align_config=align_config, config=config)
    alignment, source, f, flipped = (analysis.alignment, analysis.source, analysis.features,
                                     analysis.flipped)
    direction_by, direction_why = analysis.direction_by, analysis.direction_why
    reasons = [
        f"{len(alignment.pairs)} aligned sentence pair(s); {alignment.coverage_a:.0%} of a "
        f"and {alignment.coverage_b:.0%} of b aligned"
    ]
    ids = (doc_a.id if doc_a else None, doc_b.id if doc_b else None)
    kind, probs = copy_kind(f, config) if f is not None else ("unrelated", {})
    if kind == "unrelated":
        kind, confidence, why = story_decision(a, b, doc_a, doc_b, config)
        reasons.append(why)
        if probs and kind == "unrelated":
            confidence = probs.get("none", confidence)
        return Relation(kind=kind, partial=False, source=None, confidence=round(confidence, 4),
                        coverage=(alignment.coverage_a, alignment.coverage_b),
                        reasons=reasons, alignment=alignment, a=ids[0], b=ids[1])
    assert f is not None
    partial = f.coverage_source < config.partial_below
    reasons.append(kind_reason(kind, f))
    if partial:
        reasons.append(f"excerpt: only {f.coverage_source:.0%} of the source is reused")
    reasons.extend(direction_why)
    if source is None:
        reasons.append("direction unknown: no dates and no textual evidence either way")
    src, cpy = (b, a) if flipped else (a, b)
    cpy_doc = doc_a if flipped else doc_b
    pairs = [flip(p) for p in alignment.pairs] if flipped else alignment.pairs
    changes = find_changes(src, cpy, pairs, cpy_doc.removed if cpy_doc else None)
    confidence = round(max(probs.values()) if probs else 0.5, 4)
    return Relation(kind=kind, partial=partial, source=source, confidence=confidence,
                    coverage=(alignment.coverage_a, alignment.coverage_b), reasons=reasons,
                    changes=changes, alignment=alignment, direction_by=direction_by,
                    a=ids[0], b=ids[1])
