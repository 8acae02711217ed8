"""Pairs that are no copy: same story or unrelated; story and paraphrase similarity."""

from __future__ import annotations

import numpy as np

from ..align import Prepared, stem
from ..config import RelateConfig
from ..ingest.dates import days_apart
from ..kind_model import load_model
from ..records import Document
from ..text import content_words
from .overlap import (
    anchor_overlap,
    best_mean,
    centred_cosine,
    containment,
    content_bigrams,
    rare_overlap,
    shared_count,
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
    if cosine >= config.story_similarity and config.story_possible(len(shared), days):
        confidence = min(1.0, 0.5 + (cosine - config.story_similarity) + 0.05 * len(shared))
        return "same-story", confidence, (
            f"too little shared text for a copy, but the same subject (centred cosine "
            f"{cosine:.2f}) and {len(shared)} shared specific names/figures "
            f"({', '.join(shared[:5])})")
    return "unrelated", min(1.0, 0.6 + max(0.0, config.story_similarity - cosine)), (
        f"no copied passage; subject cosine {cosine:.2f}, {len(shared)} shared specific "
        f"names/figures")



#: The terms of ``similarity``, in the order of their fitted weights.
SIMILARITY_TERMS: tuple[str, ...] = (
    "document", "centred", "anchors", "words", "bigrams", "rare", "names", "sentences")


def similarity_terms(a: Prepared, b: Prepared) -> list[float]:
    """What story similarity is made of: subject, shared names, shared wording."""
    if not a.sentences or not b.sentences:
        return [0.0] * len(SIMILARITY_TERMS)
    words_a, bigrams_a = content_bigrams(a)
    words_b, bigrams_b = content_bigrams(b)
    shared = shared_count(words_a, words_b)
    union = len(words_a) + len(words_b) - shared
    rare, _ = rare_overlap(a, b)
    semantic = a.vectors @ b.vectors.T
    # How well the best sentences of the shorter text find a counterpart.
    rows = semantic if semantic.shape[0] <= semantic.shape[1] else semantic.T
    return [
        float(a.doc_vector() @ b.doc_vector()),
        centred_cosine(a, b),
        anchor_overlap(a, b),
        shared / union if union else 0.0,
        containment(bigrams_a, bigrams_b),
        rare,
        float(np.log1p(len(specific_anchors(a, b)))),
        best_mean(rows, top=3),
    ]


def similarity(a: Prepared, b: Prepared) -> float:
    """How alike two texts are in subject and wording, in [0, 1] (story similarity)."""
    if not a.sentences or not b.sentences:
        return 0.0
    weights = load_model()["similarity"]
    value = weights.get("bias", 0.0) + sum(
        weights.get(name, 0.0) * x
        for name, x in zip(SIMILARITY_TERMS, similarity_terms(a, b), strict=True))
    return float(min(1.0, max(0.0, value)))


def paraphrase_score(a: Prepared, b: Prepared) -> float:
    """How likely two sentences say the same thing, in [0, 1] (meaning and shared words)."""
    if not a.sentences or not b.sentences:
        return 0.0
    weight = load_model()["paraphrase_semantic_weight"]
    cosine = float(a.doc_vector() @ b.doc_vector())
    sa = {stem(w) for w in content_words(a.text)}
    sb = {stem(w) for w in content_words(b.text)}
    dice = 2 * len(sa & sb) / (len(sa) + len(sb)) if sa or sb else 0.0
    return weight * cosine + (1 - weight) * dice
