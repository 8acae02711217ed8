"""The features of a pair read source → copy: what the kind model and rules decide from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..align import Prepared, Scores, passages, window_cover
from ..records import AlignedPair, Alignment
from .overlap import (
    best_mean,
    centred_cosine,
    containment,
    content_bigrams,
    rare_overlap,
    share,
    top_mean,
)
from .rewrite import anchors_kept, rewrite_stats


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
    passage_chars: float = 0.0  # characters (smaller side) of the longest passage
    order: float = 0.0  # word bigrams kept / words kept in aligned pairs (1: same order)
    condensed: float = 0.0  # share of aligned pairs that fold several sentences into one
    document: float = 0.0  # cosine of the document vectors
    shared_words: float = 0.0  # content words of the smaller text found in the other
    shared_bigrams: float = 0.0  # content-word bigrams of the smaller text in the other
    kept_in_order: float = 0.0  # copy words that follow the source's order (LCS / copy words)
    copy_from_source: float = 0.0  # copy words of aligned pairs found in the source sentence
    best_semantic: float = 0.0  # mean best cosine of the copy's top sentences to any source one
    best_dice: float = 0.0  # the same for word overlap
    loose_cover: float = 0.0  # share of the smaller text's sentences with a loose match
    # Many-to-one (summary) evidence: copy sentences whose rarity-weighted words sit in a
    # window of 1-4 consecutive source sentences.
    cover_hits: int = 0  # copy sentences at least 60% held by one source window
    cover_run: int = 0  # longest run of such sentences following the source's order
    cover_top: float = 0.0  # mean cover of the five best copy sentences
    rare_shared: float = 0.0  # rarity-weighted share of the smaller text's words in the other
    rare_names: int = 0  # shared words outside the everyday vocabulary (names, terms)
    centred: float = 0.0  # cosine of the document vectors centred on a news background
    # How aligned sentences were rewritten (spinning swaps words 1:1 in place; round-trip
    # translation rebuilds sentences; PAN's random obfuscation mostly deletes).
    swapped: float = 0.0  # copy words that replace a source word of the same slot
    deleted: float = 0.0  # source words of aligned pairs dropped without a replacement
    function_kept: float = 0.0  # function words of the source kept in order
    anchors_kept: float = 0.0  # names and figures of aligned source text kept exactly
    # Not a model input (the rules read it): copy words in runs of LONG_RUN or more words
    # the source has too, in the same order (an edit keeps them; a rewrite does not).
    long_runs: float = 0.0

    def vector(self) -> np.ndarray:
        """The model's inputs (lengths on a log scale; ratio as a symmetric log)."""
        return np.array([
            np.log1p(self.pairs), np.log1p(self.longest_run),
            np.log1p(min(self.aligned_source, self.aligned_copy)),
            np.log1p(self.passage_chars), self.coverage_source, self.coverage_copy,
            self.same_share, self.dice, self.semantic, abs(np.log(max(self.ratio, 1e-3))),
            self.order, self.condensed, self.document, self.shared_words, self.shared_bigrams,
            self.kept_in_order, self.copy_from_source, self.best_semantic, self.best_dice,
            self.loose_cover, np.log1p(self.cover_hits), np.log1p(self.cover_run),
            self.cover_top, self.rare_shared, np.log1p(self.rare_names), self.centred,
            self.swapped, self.deleted, self.function_kept, self.anchors_kept,
        ], dtype=np.float64)


#: Names of ``Features.vector()``'s entries, in order (the fit script records them).
FEATURE_NAMES: tuple[str, ...] = (
    "log_pairs", "log_longest_run", "log_aligned_chars", "log_passage_chars",
    "coverage_source", "coverage_copy", "same_share", "dice", "semantic", "abs_log_ratio",
    "order", "condensed", "document", "shared_words", "shared_bigrams",
    "kept_in_order", "copy_from_source", "best_semantic", "best_dice", "loose_cover",
    "log_cover_hits", "log_cover_run", "cover_top", "rare_shared", "log_rare_names",
    "centred", "swapped", "deleted", "function_kept", "anchors_kept",
)
#: A copy sentence counts as held by a source window from this rarity-weighted share.
COVER_HIT = 0.6


def _cover(copy: Prepared, cover: np.ndarray, start: np.ndarray) -> tuple[int, int, float]:
    """Hits, longest in-order run and top mean of a copy's window cover."""
    if not cover.size:
        return 0, 0, 0.0
    full = copy.sizes >= 4
    hits = np.flatnonzero((cover >= COVER_HIT) & full)
    run = longest = 0
    prev = last = -10**9
    for i, at in zip(hits.tolist(), start[hits].tolist(), strict=True):  # a handful
        run = run + 1 if i - prev <= 2 and 0 <= at - last <= 8 else 1
        prev, last = i, at
        longest = max(longest, run)
    top = np.sort(np.where(full, cover, 0.0))[-5:]
    # np.mean's own sum over the count (float64 both ways), without its overhead.
    return len(hits), longest, float(top.sum()) / len(top)


def side_cover(copy: Prepared, scores: Scores, copy_is_a: bool) -> tuple[int, int, float]:
    """``_cover`` of one side of a pair read as the copy (evidence and features share it)."""
    got = scores.covers.get(copy_is_a)
    if got is None:
        weights, source_words = ((scores.a_weights, scores.b_words) if copy_is_a
                                 else (scores.b_weights, scores.a_words))
        got = (0, 0, 0.0) if weights is None or source_words is None else _cover(
            copy, *window_cover(weights, copy.masses, source_words))
        scores.covers[copy_is_a] = got
    return got



def aligned_chars(source: Prepared, copy: Prepared, pairs: list[AlignedPair]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Characters of each pair's sentence runs in the source and in the copy, as
    differences of running totals (exact: whole numbers)."""
    ends = np.array([(p.a[0], p.a[1], p.b[0], p.b[1]) for p in pairs],
                    dtype=np.int64).reshape(-1, 4)
    ls, lc = source.running_lengths, copy.running_lengths
    return ls[ends[:, 1]] - ls[ends[:, 0]], lc[ends[:, 3]] - lc[ends[:, 2]]


def length_ratio(src_chars: np.ndarray, copy_chars: np.ndarray) -> float:
    """Aligned copy text / aligned source text (``Features.ratio``)."""
    total_src = src_chars.sum()
    return float(copy_chars.sum()) / float(total_src) if len(src_chars) and total_src else 1.0


def features(source: Prepared, copy: Prepared, alignment: Alignment, flipped: bool,
             scores: Scores | None = None) -> Features:
    pairs = [flip(p) for p in alignment.pairs] if flipped else alignment.pairs
    src_chars, copy_chars = aligned_chars(source, copy, pairs)
    total_copy = float(copy_chars.sum())
    weights = copy_chars / total_copy if total_copy else copy_chars
    same = np.array([p.op == "same" for p in pairs], dtype=bool)
    cov_a, cov_b = alignment.coverage_a, alignment.coverage_b
    if flipped:
        cov_a, cov_b = cov_b, cov_a
    aligned = Alignment(pairs=pairs, coverage_a=cov_a, coverage_b=cov_b)
    runs = passages(source, copy, aligned)
    order, kept_in_order, from_source, swapped, deleted, function_kept, _, long_runs = (
        rewrite_stats(source, copy, pairs))
    best_semantic = best_dice = loose = 0.0
    cover = (0, 0, 0.0)
    if scores is not None and scores.semantic.size:
        # Rows are the copy's sentences, whichever side the copy is on.
        semantic = scores.semantic if flipped else scores.semantic.T
        dice = scores.dice if flipped else scores.dice.T
        semantic_best = semantic.max(axis=1)
        best_semantic, best_dice = top_mean(semantic_best), best_mean(dice)
        # The smaller text's sentences: the copy's (maxima above) or the source's.
        smaller_best = (semantic_best if semantic.shape[0] <= semantic.shape[1]
                        else semantic.max(axis=0))
        loose = share(smaller_best >= 0.75)
        cover = side_cover(copy, scores, copy_is_a=flipped)
    words_s, bigrams_s = content_bigrams(source)
    words_c, bigrams_c = content_bigrams(copy)
    document = (float(source.doc_vector() @ copy.doc_vector())
                if source.sentences and copy.sentences else 0.0)
    rare_shared, rare_names = rare_overlap(source, copy)
    return Features(
        pairs=len(pairs),
        aligned_source=float(src_chars.sum()),
        aligned_copy=total_copy,
        coverage_source=cov_a,
        coverage_copy=cov_b,
        same_share=float(weights[same].sum()) if pairs else 0.0,
        dice=float((weights * [p.overlap for p in pairs]).sum()) if pairs else 0.0,
        semantic=float((weights * [p.similarity for p in pairs]).sum()) if pairs else 0.0,
        ratio=length_ratio(src_chars, copy_chars),
        longest_run=max((len(r.pairs) for r in runs), default=0),
        passage_chars=float(max((min(r.a[1] - r.a[0], r.b[1] - r.b[0]) for r in runs),
                                default=0)),
        order=order,
        condensed=sum(p.op == "condensed" for p in pairs) / len(pairs) if pairs else 0.0,
        document=document,
        shared_words=containment(words_s, words_c),
        shared_bigrams=containment(bigrams_s, bigrams_c),
        kept_in_order=kept_in_order,
        copy_from_source=from_source,
        best_semantic=best_semantic,
        best_dice=best_dice,
        loose_cover=loose,
        cover_hits=cover[0],
        cover_run=cover[1],
        cover_top=cover[2],
        rare_shared=rare_shared,
        rare_names=rare_names,
        centred=centred_cosine(source, copy),
        swapped=swapped,
        deleted=deleted,
        function_kept=function_kept,
        anchors_kept=anchors_kept(source, copy, pairs),
        long_runs=long_runs,
    )


def flip(p: AlignedPair) -> AlignedPair:
    return AlignedPair(a=p.b, b=p.a, similarity=p.similarity, overlap=p.overlap, op=p.op)
