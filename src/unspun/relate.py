"""From an alignment to a relation: kind, excerpt or not, direction, confidence, why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .align import (
    Prepared,
    Scores,
    align,
    distinct_ids,
    passages,
    score,
    sorted_distinct,
    sorted_member,
    window_cover,
)
from .changes import INJECTED_REASONS, find_changes
from .config import AlignConfig, RelateConfig
from .fingerprint.immutables import anchor_tokens, specific
from .fingerprint.stage import background
from .ingest.dates import days_apart
from .kind_model import load_model, probabilities
from .records import AlignedPair, Alignment, Document, Relation
from .text import STOPWORDS

#: Parameters fitted on train data only (PAN 2013 train, news-bias negatives) by
#: ``scripts/fit_relate.py``; the MRPC and SemEval scorers are in ``eval/``.
#: The classes of the kind model, in the order of its weight rows.
CLASSES: tuple[str, ...] = ("verbatim", "random", "translation", "summary", "none")
#: The kind a copy gets for each class (verbatim splits into verbatim / near-duplicate).
CLASS_KIND = {"verbatim": "verbatim", "random": "spun", "translation": "translated",
              "summary": "summary", "none": "unrelated"}


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
#: Rarity (log rank) from which a shared word is a name or a rare term, not vocabulary.
RARE_NAME = 6.0


def _bigrams(tokens: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(tokens, tokens[1:], strict=False))


def _make_content_bigrams(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Stemmed content words and their bigrams (as stem ids, a bigram as one integer),
    each sorted and distinct (see ``_containment``). The words of ``sequence`` are those
    of ``ids``: their distinct ids are already sorted."""
    stems = prepared.sequence
    return distinct_ids(prepared)[0], sorted_distinct((stems[:-1] << 32) | stems[1:])


def _content_bigrams(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    return prepared.cached("content_bigrams", _make_content_bigrams)


def _make_rarity(prepared: Prepared) -> tuple[np.ndarray, np.ndarray, float]:
    """Distinct stem ids (sorted), the rarity each has in its last sentence, their sum."""
    ids, _, last = distinct_ids(prepared)
    weights = prepared.weights[last].astype(np.float64)
    return ids, weights, float(weights.sum())


def _rare_overlap(a: Prepared, b: Prepared) -> tuple[float, int]:
    """Rarity-weighted share of the smaller text's words found in the other; rare names.

    The sums are exact whatever their order: rarities are float32 values of at least
    log(51/50) > 2**-6, so multiples of 2**-29, and float64 adds those exactly below 2**24.
    """
    ids_a, weights_a, total_a = a.cached("rarity", _make_rarity)
    ids_b, _, total_b = b.cached("rarity", _make_rarity)
    shared = weights_a[sorted_member(ids_a, ids_b)[0]]
    mass = float(shared.sum())
    smaller = min(total_a, total_b)
    names = int(np.count_nonzero(shared >= RARE_NAME))
    return (mass / smaller if smaller else 0.0), names


def _make_centred(prepared: Prepared) -> np.ndarray:
    v = prepared.doc_vector()
    bg = background()
    if bg is not None and bg.shape == v.shape:
        v = v - bg
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def centred_cosine(a: Prepared, b: Prepared) -> float:
    """Document cosine after removing what all news shares (spreads same-topic scores)."""
    if not a.sentences or not b.sentences:
        return 0.0
    return float(a.cached("centred", _make_centred) @ b.cached("centred", _make_centred))


def _shared(x: np.ndarray, y: np.ndarray) -> int:
    """How many values two sorted arrays of distinct values share: each value of the
    shorter looked for in the longer by binary search (a value past the end is compared
    with the last, which it exceeds)."""
    if len(x) > len(y):
        x, y = y, x
    if not len(x):
        return 0
    return int(np.count_nonzero(y.take(np.searchsorted(y, x), mode="clip") == x))


def _containment(x: np.ndarray, y: np.ndarray) -> float:
    """Share of the smaller set's values found in the other (sorted, distinct arrays)."""
    smaller = min(len(x), len(y))
    return _shared(x, y) / smaller if smaller else 0.0


def _best(matrix: np.ndarray, top: int = 5) -> float:
    """Mean of the ``top`` best row maxima: how well the best sentences find a match."""
    if matrix.size == 0:
        return 0.0
    return _top_mean(matrix.max(axis=1), top)


def _top_mean(maxima: np.ndarray, top: int = 5) -> float:
    """``_best`` of row maxima already taken."""
    best = np.sort(maxima)[-top:]
    return float(best.mean())


def _share(mask: np.ndarray) -> float:
    """``np.mean`` of a boolean array, without its overhead: the count over the length
    (both whole numbers, so the very same division)."""
    return int(np.count_nonzero(mask)) / len(mask)


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


def _side_cover(copy: Prepared, scores: Scores, copy_is_a: bool) -> tuple[int, int, float]:
    """``_cover`` of one side of a pair read as the copy (evidence and features share it)."""
    got = scores.covers.get(copy_is_a)
    if got is None:
        weights, source_words = ((scores.a_weights, scores.b_words) if copy_is_a
                                 else (scores.b_weights, scores.a_words))
        got = (0, 0, 0.0) if weights is None or source_words is None else _cover(
            copy, *window_cover(weights, copy.masses, source_words))
        scores.covers[copy_is_a] = got
    return got


_FUNCTION = STOPWORDS


def _matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()``, cheaper.

    The same search (the longest common run, earliest in ``a`` then in ``b``; then the
    same on each side of it), so the same ties are broken the same way, without what
    junk needs: with no junk and no "popular" words, difflib's extension of a found run
    never extends it (a longer run would have been found). Blocks are sorted and end
    with the ``(len(a), len(b), 0)`` sentinel, but adjacent ones are not merged: the
    spans between blocks, and the sizes' sum, are what difflib's opcodes give. Half the
    CPU of difflib's matcher objects, which were a fifth of relating a pair.
    """
    b2j: dict[str, list[int]] = {}
    for j, x in enumerate(b):
        b2j.setdefault(x, []).append(j)
    nothing: list[int] = []
    blocks = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        besti, bestj, bestsize = alo, blo, 0
        # j2len[j]: length of the run of matches ending with a[i - 1] and b[j].
        j2len: dict[int, int] = {}
        for i in range(alo, ahi):
            get = j2len.get
            new: dict[int, int] = {}
            for j in b2j.get(a[i], nothing):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = new[j] = get(j - 1, 0) + 1
                if k > bestsize:
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            j2len = new
        if bestsize:
            blocks.append((besti, bestj, bestsize))
            if alo < besti and blo < bestj:
                queue.append((alo, besti, blo, bestj))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                queue.append((besti + bestsize, ahi, bestj + bestsize, bhi))
    blocks.sort()
    blocks.append((len(a), len(b), 0))
    return blocks


@dataclass(slots=True, frozen=True)
class _Words:
    """The words of a run of sentences, as ``_rewrite_stats`` compares them."""

    tokens: tuple[str, ...]
    vocabulary: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    function: tuple[str, ...]  # its function words, in order


def _make_words(prepared: Prepared, rng: tuple[int, int]) -> _Words:
    lo, hi = rng
    tokens = (prepared.tokens(lo) if hi == lo + 1
              else tuple(t for i in range(lo, hi) for t in prepared.tokens(i)))
    return _Words(tokens=tokens, vocabulary=frozenset(tokens),
                  bigrams=_bigrams(tokens),
                  function=tuple(t for t in tokens if t in _FUNCTION))


def _range_words(prepared: Prepared, rng: tuple[int, int]) -> _Words:
    """The words of a run of sentences (kept: a text's sentences align in several pairs,
    and identical sentences are most of those)."""
    return prepared.cached(f"words {rng[0]} {rng[1]}", lambda p: _make_words(p, rng))


def _rewrite_stats(source: Prepared, copy: Prepared, pairs: list[AlignedPair]
                   ) -> tuple[float, float, float, float, float, float, float]:
    """Word-level comparison of aligned pairs (kept, order, from-source, swaps, ...)."""
    kept_words = kept_bigrams = in_order = from_source = copy_words = 0
    swapped = deleted = src_words = func_src = func_kept = 0
    for p in pairs:
        ws = _range_words(source, p.a)
        if p.op == "same":
            n = len(ws.tokens)
            kept_words += len(ws.vocabulary)
            kept_bigrams += len(ws.bigrams)
            in_order += n
            from_source += n
            copy_words += n
            src_words += n
            func_src += len(ws.function)
            func_kept += len(ws.function)
            continue
        wc = _range_words(copy, p.b)
        ta, tb = ws.tokens, wc.tokens
        kept_words += len(ws.vocabulary & wc.vocabulary)
        kept_bigrams += len(ws.bigrams & wc.bigrams)
        i = j = 0
        for ai, bj, size in _matching_blocks(ta, tb):
            # The spans between matching blocks are difflib's opcodes: "replace" when
            # both sides have words there, "delete" when only the source does.
            da, db = ai - i, bj - j
            if da and db:
                # Same-size replacements are in-place swaps (synonyms); the rest rebuilt.
                swapped += min(da, db) if abs(da - db) <= 1 else 0
                deleted += max(0, da - db)
            elif da:
                deleted += da
            in_order += size
            i, j = ai + size, bj + size
        from_source += len([t for t in tb if t in ws.vocabulary])
        copy_words += len(tb)
        src_words += len(ta)
        fa, fb = ws.function, wc.function
        func_src += len(fa)
        if fa and fb:
            func_kept += sum(m[2] for m in _matching_blocks(fa, fb))
    return (kept_bigrams / kept_words if kept_words else 0.0,
            in_order / copy_words if copy_words else 0.0,
            from_source / copy_words if copy_words else 0.0,
            swapped / copy_words if copy_words else 0.0,
            deleted / src_words if src_words else 0.0,
            func_kept / func_src if func_src else 0.0,
            float(copy_words))


def _range_anchors(prepared: Prepared, rng: tuple[int, int]) -> frozenset[str]:
    """Names and figures of a run of sentences (kept: a text is aligned with several)."""
    return prepared.cached(f"anchors {rng[0]} {rng[1]}", lambda p: frozenset(anchor_tokens(
        " ".join(s.text for s in p.sentences[rng[0]:rng[1]]))))


def _anchors_kept(source: Prepared, copy: Prepared, pairs: list[AlignedPair]) -> float:
    """Share of the names and figures of aligned source sentences found in the copy's."""
    kept = total = 0
    for p in pairs:
        if p.op == "same":
            continue
        tokens = _range_anchors(source, p.a)
        if tokens:
            total += len(tokens)
            kept += len(tokens & _range_anchors(copy, p.b))
    return kept / total if total else 1.0


def _aligned_chars(source: Prepared, copy: Prepared, pairs: list[AlignedPair]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Characters of each pair's sentence runs in the source and in the copy, as
    differences of running totals (exact: whole numbers)."""
    ends = np.array([(p.a[0], p.a[1], p.b[0], p.b[1]) for p in pairs],
                    dtype=np.int64).reshape(-1, 4)
    ls, lc = source.running_lengths, copy.running_lengths
    return ls[ends[:, 1]] - ls[ends[:, 0]], lc[ends[:, 3]] - lc[ends[:, 2]]


def _length_ratio(src_chars: np.ndarray, copy_chars: np.ndarray) -> float:
    """Aligned copy text / aligned source text (``Features.ratio``)."""
    total_src = src_chars.sum()
    return float(copy_chars.sum()) / float(total_src) if len(src_chars) and total_src else 1.0


def features(source: Prepared, copy: Prepared, alignment: Alignment, flipped: bool,
             scores: Scores | None = None) -> Features:
    pairs = [_flip(p) for p in alignment.pairs] if flipped else alignment.pairs
    src_chars, copy_chars = _aligned_chars(source, copy, pairs)
    total_copy = float(copy_chars.sum())
    weights = copy_chars / total_copy if total_copy else copy_chars
    same = np.array([p.op == "same" for p in pairs], dtype=bool)
    cov_a, cov_b = alignment.coverage_a, alignment.coverage_b
    if flipped:
        cov_a, cov_b = cov_b, cov_a
    aligned = Alignment(pairs=pairs, coverage_a=cov_a, coverage_b=cov_b)
    runs = passages(source, copy, aligned)
    order, kept_in_order, from_source, swapped, deleted, function_kept, _ = _rewrite_stats(
        source, copy, pairs)
    best_semantic = best_dice = loose = 0.0
    cover = (0, 0, 0.0)
    if scores is not None and scores.semantic.size:
        # Rows are the copy's sentences, whichever side the copy is on.
        semantic = scores.semantic if flipped else scores.semantic.T
        dice = scores.dice if flipped else scores.dice.T
        semantic_best = semantic.max(axis=1)
        best_semantic, best_dice = _top_mean(semantic_best), _best(dice)
        # The smaller text's sentences: the copy's (maxima above) or the source's.
        smaller_best = (semantic_best if semantic.shape[0] <= semantic.shape[1]
                        else semantic.max(axis=0))
        loose = _share(smaller_best >= 0.75)
        cover = _side_cover(copy, scores, copy_is_a=flipped)
    words_s, bigrams_s = _content_bigrams(source)
    words_c, bigrams_c = _content_bigrams(copy)
    document = (float(source.doc_vector() @ copy.doc_vector())
                if source.sentences and copy.sentences else 0.0)
    rare_shared, rare_names = _rare_overlap(source, copy)
    return Features(
        pairs=len(pairs),
        aligned_source=float(src_chars.sum()),
        aligned_copy=total_copy,
        coverage_source=cov_a,
        coverage_copy=cov_b,
        same_share=float(weights[same].sum()) if pairs else 0.0,
        dice=float((weights * [p.overlap for p in pairs]).sum()) if pairs else 0.0,
        semantic=float((weights * [p.similarity for p in pairs]).sum()) if pairs else 0.0,
        ratio=_length_ratio(src_chars, copy_chars),
        longest_run=max((len(r.pairs) for r in runs), default=0),
        passage_chars=float(max((min(r.a[1] - r.a[0], r.b[1] - r.b[0]) for r in runs),
                                default=0)),
        order=order,
        condensed=sum(p.op == "condensed" for p in pairs) / len(pairs) if pairs else 0.0,
        document=document,
        shared_words=_containment(words_s, words_c),
        shared_bigrams=_containment(bigrams_s, bigrams_c),
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
        anchors_kept=_anchors_kept(source, copy, pairs),
    )


def _flip(p: AlignedPair) -> AlignedPair:
    return AlignedPair(a=p.b, b=p.a, similarity=p.similarity, overlap=p.overlap, op=p.op)


def class_probabilities(f: Features) -> dict[str, float]:
    """The kind model's probability of each class."""
    return probabilities(f.vector(), FEATURE_NAMES)


def copy_kind(f: Features, config: RelateConfig) -> tuple[str, dict[str, float]]:
    """The kind of a measured pair ("unrelated" when no copy), and the class probabilities."""
    if (f.same_share >= config.verbatim_same
            and min(f.aligned_source, f.aligned_copy) >= config.min_aligned_chars):
        # Whole sentences copied unchanged: no model needed (syndication, scraping).
        return "verbatim", {"verbatim": 1.0}
    probs = class_probabilities(f)
    # Most of one text aligned sentence by sentence is a copy whatever the model's doubt
    # (independent coverage of a story never aligns so: on news-bias candidates, under
    # 0.45 of either text); the model then only says how it was made.
    aligned = (f.pairs >= config.copy_pairs
               and max(f.coverage_source, f.coverage_copy) >= config.copy_coverage)
    # Otherwise "none" wins whenever its probability clears the fitted bar (chosen on
    # train to hold false positives under budget), not only when it is the most likely.
    if not aligned and probs.get("none", 0.0) >= load_model()["kind_model"]["none_threshold"]:
        return "unrelated", probs
    best = max((c for c in probs if c != "none"), key=probs.__getitem__)
    kind = CLASS_KIND[best]
    if kind == "summary" and f.cover_run < config.summary_run and not aligned:
        # A summary condenses a passage: several copy sentences in the source's order,
        # each held by a few source sentences. One such sentence (or shared names) is
        # what any two articles on the same people have (PAN's "summary" pairs mostly
        # share only that, see scripts/fit_relate.py).
        return "unrelated", probs
    if kind == "verbatim" and f.same_share < config.verbatim_same:
        kind = "near-duplicate"
    return kind, probs


def _make_anchors(prepared: Prepared) -> frozenset[str]:
    return frozenset(anchor_tokens(prepared.text))


def _anchors(prepared: Prepared) -> frozenset[str]:
    return prepared.cached("anchors", _make_anchors)


#: Cache key of a Prepared text's specific names and figures.
SPECIFIC = "specific"


def _make_specific(prepared: Prepared) -> frozenset[str]:
    return frozenset(specific(_anchors(prepared)))


def specific_anchors(a: Prepared, b: Prepared) -> list[str]:
    """Shared names and figures specific enough to tie two articles to one event.

    ``specific`` judges tokens one by one, so this is the intersection of each text's own
    specific anchors, which a scan has stored (see ``seed_specific_anchors``).
    """
    return sorted(a.cached(SPECIFIC, _make_specific) & b.cached(SPECIFIC, _make_specific))


def seed_specific_anchors(prepared: Prepared, anchors: frozenset[str]) -> None:
    """Give a prepared text the specific anchors its fingerprint found (saves ~1 ms)."""
    prepared.cached(SPECIFIC, lambda _: anchors)


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


@dataclass(slots=True)
class Evidence:
    """The cheap first look at a pair: is there shared text worth measuring as a copy?

    Shared names alone are not: any two articles on the same people share them (PAN's
    "summary" pairs mostly share only a few names with their source, see
    ``scripts/fit_relate.py``); a copy must align at least one sentence, one-to-one or
    many-to-one.
    """

    pairs: int  # aligned sentence pairs
    #: Sentences of one text held by a window of the other (many-to-one): of the copy,
    #: or the more of both texts when the copy's fall short.
    cover: int = 0

    def worth_measuring(self, config: RelateConfig) -> bool:
        return self.pairs >= config.min_aligned_pairs or self.cover >= config.min_cover_hits


def evidence(a: Prepared, b: Prepared, alignment: Alignment, scores: Scores | None,
             config: RelateConfig, copy_is_a: bool = False) -> Evidence:
    """Aligned pairs and (only if those fall short) many-to-one window cover.

    The cover of the side read as the copy (``copy_is_a``) comes first: ``features``
    reads it too, and the other side's is needed only when it falls short.
    """
    found = Evidence(pairs=len(alignment.pairs))
    if found.pairs >= config.min_aligned_pairs or scores is None:
        return found
    if scores.a_words is None or scores.b_weights is None or scores.a_weights is None:
        return found
    # A copy sentence can only be held by a window if it shares words with some source
    # sentence: skip the window products when no sentence pair shares a third of its words.
    if float(scores.containment.max(initial=0.0)) < COVER_HIT / 2:
        return found
    copy, other = (a, b) if copy_is_a else (b, a)
    found.cover = _side_cover(copy, scores, copy_is_a)[0]
    if found.cover < config.min_cover_hits:
        found.cover = max(found.cover, _side_cover(other, scores, not copy_is_a)[0])
    return found


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
    source, direction_by, direction_why = _direction(a, b, doc_a, doc_b, alignment)
    flipped = source == "b"
    found = evidence(a, b, alignment, scores, config, copy_is_a=flipped)
    if not (measure or found.worth_measuring(config)):
        return Analysis(alignment, source, direction_by, direction_why, None, flipped, found)
    if source is None and _length_ratio(*_aligned_chars(a, b, alignment.pairs)) > (
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
    confidence = round(max(probs.values()) if probs else 0.5, 4)
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
