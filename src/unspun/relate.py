"""From an alignment to a relation: kind, excerpt or not, direction, confidence, why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .align import Prepared, Scores, align, passages, score, stem
from .changes import INJECTED_REASONS, find_changes
from .config import AlignConfig, RelateConfig
from .fingerprint.immutables import anchor_tokens
from .records import AlignedPair, Alignment, Document, Relation
from .text import content_words

#: Parameters fitted on the PAN 2013 train split by ``scripts/fit_relate.py``.
MODEL_PATH = Path(__file__).resolve().parent / "models" / "relate.json"
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

    def vector(self) -> np.ndarray:
        """The model's inputs (lengths on a log scale; ratio as a symmetric log)."""
        return np.array([
            np.log1p(self.pairs), np.log1p(self.longest_run),
            np.log1p(min(self.aligned_source, self.aligned_copy)),
            np.log1p(self.passage_chars), self.coverage_source, self.coverage_copy,
            self.same_share, self.dice, self.semantic, abs(np.log(max(self.ratio, 1e-3))),
            self.order, self.condensed, self.document, self.shared_words, self.shared_bigrams,
            self.kept_in_order, self.copy_from_source, self.best_semantic, self.best_dice,
            self.loose_cover,
        ], dtype=np.float64)


def _bigrams(tokens: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def _content_bigrams(prepared: Prepared) -> tuple[set[str], set[tuple[str, str]]]:
    stems = [stem(w) for w in content_words(prepared.text)]
    return set(stems), set(zip(stems, stems[1:], strict=False))


def _containment(x: set, y: set) -> float:
    smaller = min(len(x), len(y))
    return len(x & y) / smaller if smaller else 0.0


def _best(matrix: np.ndarray, top: int = 5) -> float:
    """Mean of the ``top`` best row maxima: how well the best sentences find a match."""
    if matrix.size == 0:
        return 0.0
    best = np.sort(matrix.max(axis=1))[-top:]
    return float(best.mean())


def features(source: Prepared, copy: Prepared, alignment: Alignment, flipped: bool,
             scores: Scores | None = None) -> Features:
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
    kept_words = kept_bigrams = in_order = from_source = copy_words = 0
    for p in pairs:
        ta = [t for i in range(*p.a) for t in source.tokens[i]]
        tb = [t for i in range(*p.b) for t in copy.tokens[i]]
        kept_words += len(set(ta) & set(tb))
        kept_bigrams += len(_bigrams(tuple(ta)) & _bigrams(tuple(tb)))
        matcher = SequenceMatcher(None, ta, tb, autojunk=False)
        in_order += sum(m.size for m in matcher.get_matching_blocks())
        vocabulary = set(ta)
        from_source += sum(t in vocabulary for t in tb)
        copy_words += len(tb)
    best_semantic = best_dice = loose = 0.0
    if scores is not None and scores.semantic.size:
        # Rows are the copy's sentences, whichever side the copy is on.
        semantic = scores.semantic if flipped else scores.semantic.T
        dice = scores.dice if flipped else scores.dice.T
        best_semantic, best_dice = _best(semantic), _best(dice)
        smaller = semantic if semantic.shape[0] <= semantic.shape[1] else semantic.T
        loose = float(np.mean(smaller.max(axis=1) >= 0.75))
    words_s, bigrams_s = _content_bigrams(source)
    words_c, bigrams_c = _content_bigrams(copy)
    document = (float(source.doc_vector() @ copy.doc_vector())
                if source.sentences and copy.sentences else 0.0)
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
        passage_chars=float(max((min(r.a[1] - r.a[0], r.b[1] - r.b[0]) for r in runs),
                                default=0)),
        order=kept_bigrams / kept_words if kept_words else 0.0,
        condensed=float(np.mean([p.op == "condensed" for p in pairs])) if pairs else 0.0,
        document=document,
        shared_words=_containment(words_s, words_c),
        shared_bigrams=_containment(bigrams_s, bigrams_c),
        kept_in_order=in_order / copy_words if copy_words else 0.0,
        copy_from_source=from_source / copy_words if copy_words else 0.0,
        best_semantic=best_semantic,
        best_dice=best_dice,
        loose_cover=loose,
    )


def _flip(p: AlignedPair) -> AlignedPair:
    return AlignedPair(a=p.b, b=p.a, similarity=p.similarity, overlap=p.overlap, op=p.op)


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any]:
    """The fitted parameters (kind model, paraphrase and similarity settings)."""
    return json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))


def class_probabilities(f: Features) -> dict[str, float]:
    """The kind model's probability of each class (a softmax over standardised features)."""
    model = load_model()["kind_model"]
    x = (f.vector() - np.array(model["mean"])) / np.array(model["scale"])
    logits = np.array(model["weights"]) @ x + np.array(model["bias"])
    e = np.exp(logits - logits.max())
    p = e / e.sum()
    return {c: float(v) for c, v in zip(model["classes"], p, strict=True)}


def is_copy(f: Features, config: RelateConfig) -> bool:
    """Enough shared text for a copy at all (the model then decides)."""
    smaller = min(f.aligned_source, f.aligned_copy)
    return f.pairs >= 1 and smaller >= config.min_aligned_chars / 3


def copy_kind(f: Features, config: RelateConfig) -> tuple[str, dict[str, float]]:
    """The kind of a pair ("unrelated" when no copy), and the class probabilities."""
    if not is_copy(f, config) and f.shared_bigrams < config.summary_bigrams:
        return "unrelated", {}
    if (f.same_share >= config.verbatim_same
            and min(f.aligned_source, f.aligned_copy) >= config.min_aligned_chars):
        # Whole sentences copied unchanged: no model needed (syndication, scraping).
        return "verbatim", {"verbatim": 1.0}
    probs = class_probabilities(f)
    # "none" wins whenever its probability clears the fitted bar (chosen on train to
    # hold false positives under 5%), not only when it is the most likely class.
    if probs.get("none", 0.0) >= load_model()["kind_model"]["none_threshold"]:
        return "unrelated", probs
    best = max((c for c in probs if c != "none"), key=probs.__getitem__)
    kind = CLASS_KIND[best]
    if kind == "verbatim" and f.same_share < config.verbatim_same:
        kind = "near-duplicate"
    return kind, probs


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


@dataclass(slots=True)
class Analysis:
    """A pair aligned and oriented: what ``relate`` decides from."""

    alignment: Alignment
    source: str | None
    direction_by: str | None
    direction_why: list[str]
    features: Features
    flipped: bool  # True when the features read b as the source


def analyse(a: Prepared, b: Prepared, doc_a: Document | None = None,
            doc_b: Document | None = None, *, align_config: AlignConfig | None = None,
            config: RelateConfig | None = None) -> Analysis:
    """Align a pair, decide its direction and measure its features (source → copy)."""
    config = config or RelateConfig()
    align_config = align_config or AlignConfig()
    scores = score(a, b, align_config) if a.sentences and b.sentences else None
    alignment = align(a, b, align_config, scores)
    source, direction_by, direction_why = _direction(a, b, doc_a, doc_b, alignment)
    flipped = source == "b"
    src, cpy = (b, a) if flipped else (a, b)
    f = features(src, cpy, alignment, flipped, scores)
    if source is None and f.ratio > 1 / config.summary_ratio:
        # No evidence of direction, but a summary is the shorter side: orient it so.
        f = features(b, a, alignment, True, scores)
        flipped = True
    return Analysis(alignment, source, direction_by, direction_why, f, flipped)


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
        f"{f.pairs} aligned sentence pair(s); {alignment.coverage_a:.0%} of a and "
        f"{alignment.coverage_b:.0%} of b aligned"
    ]
    ids = (doc_a.id if doc_a else None, doc_b.id if doc_b else None)
    kind, probs = copy_kind(f, config)
    if kind == "unrelated":
        similarity = f.document
        anchors = _anchor_overlap(a.text, b.text)
        if similarity >= config.story_similarity and anchors >= config.story_anchor_overlap:
            kind = "same-story"
            reasons.append(f"too little shared text for a copy, but the same subject "
                           f"(cosine {similarity:.2f}) and {anchors:.0%} shared names/figures")
            confidence = min(1.0, 0.5 + (similarity - config.story_similarity) * 2 + anchors)
        else:
            reasons.append(f"no copied passage and different subjects (cosine {similarity:.2f})")
            confidence = min(1.0, 0.6 + (config.story_similarity - similarity))
        if probs:
            confidence = probs.get("none", confidence)
        return Relation(kind=kind, partial=False, source=None, confidence=confidence,
                        coverage=(alignment.coverage_a, alignment.coverage_b),
                        reasons=reasons, alignment=alignment, a=ids[0], b=ids[1])

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


def similarity(a: Prepared, b: Prepared) -> float:
    """How alike two texts are in subject and wording, in [0, 1] (story similarity)."""
    if not a.sentences or not b.sentences:
        return 0.0
    weights = load_model()["similarity"]
    words_a, bigrams_a = _content_bigrams(a)
    words_b, bigrams_b = _content_bigrams(b)
    document = float(a.doc_vector() @ b.doc_vector())
    anchors = _anchor_overlap(a.text, b.text)
    union = len(words_a | words_b)
    jaccard = len(words_a & words_b) / union if union else 0.0
    value = (weights["document"] * document + weights["anchors"] * anchors
             + weights["words"] * jaccard + weights["bigrams"] * _containment(bigrams_a, bigrams_b))
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
