"""Pairs that are no copy: same story or unrelated; story and paraphrase similarity."""

from __future__ import annotations

from ..align import Prepared
from ..config import RelateConfig
from ..ingest.dates import days_apart
from ..records import Document
from .overlap import (
    centred_cosine,
    specific_anchors,
)


def story_decision(a: Prepared, b: Prepared, doc_a: Document | None, doc_b: Document | None,
                   config: RelateConfig) -> tuple[str, float, str]:
    """same-story or unrelated, for a pair that is no copy: (kind, confidence, reason).

    An event is covered within days, by articles about the same thing (centred document
    cosine) that name the same specific people, places and figures.
    """
    cosine = centred_cosine(a, b)
    shared = specific_anchors(a, b)
    days = days_apart(doc_a.published if doc_a else None, doc_b.published if doc_b else None)
    if days is not None and days > config.story_days:
        return "unrelated", 0.8, f"no copied passage; published {days} days apart"
    # Undated, nothing ties the two to one moment: their names must tie them closer.
    names_needed = config.story_names if days is not None else config.story_names_undated
    if (cosine >= config.story_similarity and config.story_possible(len(shared), days)
            and len(shared) >= names_needed):
        confidence = min(1.0, 0.5 + (cosine - config.story_similarity) + 0.05 * len(shared))
        return "same-story", confidence, (
            f"too little shared text for a copy, but the same subject (centred cosine "
            f"{cosine:.2f}) and {len(shared)} shared specific names/figures "
            f"({', '.join(shared[:5])})")
    return "unrelated", min(1.0, 0.6 + max(0.0, config.story_similarity - cosine)), (
        f"no copied passage; subject cosine {cosine:.2f}, {len(shared)} shared specific "
        f"names/figures")
