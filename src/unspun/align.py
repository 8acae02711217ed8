"""Sentence-by-sentence alignment of two texts.

Each pair of sentences gets a lexical score (Dice and containment of stemmed content
words) and a semantic score (cosine of static sentence embeddings); a greedy
one-to-one matching on the combined score aligns them, then neighbouring source
sentences folded into one copy sentence are merged (a summary condenses several
sentences into one). Everything per pair is a matrix operation over the two texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from scipy import sparse

from .config import AlignConfig
from .records import AlignedPair, Alignment, Sentence
from .text import content_words, split_sentences, words


@dataclass(slots=True)
class Prepared:
    """A text ready to align: sentences, their vectors and their word sets."""

    text: str
    sentences: list[Sentence]
    vectors: np.ndarray  # (n_sentences, dim), L2-normalised
    stems: list[frozenset[str]]  # stemmed content words per sentence
    tokens: list[tuple[str, ...]]  # all lowercase words per sentence, in order

    @property
    def lengths(self) -> np.ndarray:
        return np.fromiter((s.end - s.start for s in self.sentences), dtype=np.float64,
                           count=len(self.sentences))

    def doc_vector(self) -> np.ndarray:
        """Length-weighted mean of sentence vectors, normalised."""
        if not self.sentences:
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        v = (self.vectors * self.lengths[:, None]).sum(axis=0)
        norm = float(np.linalg.norm(v))
        return (v / norm).astype(np.float32) if norm else v.astype(np.float32)


def stem(word: str) -> str:
    """A crude, fast stem: enough to match "negotiated" with "negotiates"."""
    return word[:6] if len(word) > 6 else word


def prepare_many(texts: Sequence[str], encoder) -> list[Prepared]:
    """Segment and embed many texts with one encoder call."""
    segmented = [split_sentences(t) for t in texts]
    flat = [s.text for sents in segmented for s in sents]
    vectors = encoder.encode(flat) if flat else np.zeros((0, encoder.dim), dtype=np.float32)
    out: list[Prepared] = []
    offset = 0
    for text, sents in zip(texts, segmented, strict=True):
        n = len(sents)
        toks = [tuple(words(s.text)) for s in sents]
        out.append(Prepared(
            text=text,
            sentences=sents,
            vectors=vectors[offset:offset + n],
            stems=[frozenset(stem(w) for w in content_words(s.text)) for s in sents],
            tokens=toks,
        ))
        offset += n
    return out


def _incidence(stem_sets: list[frozenset[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for stems in stem_sets:
        indices.extend(vocab.setdefault(w, len(vocab)) for w in stems)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(stem_sets), max(len(vocab), 1)))


@dataclass(slots=True)
class Scores:
    """Sentence-by-sentence score matrices of one pair, shape (len(a), len(b))."""

    dice: np.ndarray
    containment: np.ndarray  # shared words / words of the shorter sentence
    semantic: np.ndarray
    combined: np.ndarray


def score(a: Prepared, b: Prepared, config: AlignConfig) -> Scores:
    vocab: dict[str, int] = {}
    ma = _incidence(a.stems, vocab)
    mb = _incidence(b.stems, vocab)
    shape = (ma.shape[0], max(len(vocab), 1))
    ma = sparse.csr_matrix((ma.data, ma.indices, ma.indptr), shape=shape)
    mb = sparse.csr_matrix((mb.data, mb.indices, mb.indptr), shape=(mb.shape[0], shape[1]))
    inter = (ma @ mb.T).toarray()
    size_a = np.fromiter((len(s) for s in a.stems), dtype=np.float64, count=len(a.stems))
    size_b = np.fromiter((len(s) for s in b.stems), dtype=np.float64, count=len(b.stems))
    total = size_a[:, None] + size_b[None, :]
    smaller = np.minimum(size_a[:, None], size_b[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(total > 0, 2 * inter / total, 0.0)
        containment = np.where(smaller > 0, inter / smaller, 0.0)
    semantic = np.clip(a.vectors @ b.vectors.T, 0.0, 1.0).astype(np.float64)
    # Rescale cosine so the static model's typical unrelated level maps to 0.
    sem_scaled = np.clip((semantic - config.semantic_floor) / (1 - config.semantic_floor), 0, 1)
    combined = np.maximum(dice, config.semantic_weight * sem_scaled
                          + (1 - config.semantic_weight) * dice)
    # Very short sentences ("He said.") match anything: weigh them down.
    short = (size_a[:, None] < config.min_words) | (size_b[None, :] < config.min_words)
    combined = np.where(short, combined * 0.5, combined)
    return Scores(dice=dice, containment=containment, semantic=semantic, combined=combined)


def _op(a: Prepared, b: Prepared, i: int, j: int, s: Scores, config: AlignConfig) -> str:
    if a.tokens[i] == b.tokens[j]:
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
    used_a = np.zeros(len(a.sentences), dtype=bool)
    used_b = np.zeros(len(b.sentences), dtype=bool)
    match_b = np.full(len(a.sentences), -1)
    for k in order:  # only cells above the threshold: a few per aligned sentence
        i, j = int(rows[k]), int(cols[k])
        if used_a[i] or used_b[j]:
            continue
        used_a[i] = used_b[j] = True
        match_b[i] = j
    pairs = [
        AlignedPair(a=(i, i + 1), b=(int(j), int(j) + 1),
                    similarity=float(s.semantic[i, j]), overlap=float(s.dice[i, j]),
                    op=_op(a, b, i, int(j), s, config))
        for i, j in enumerate(match_b) if j >= 0
    ]
    pairs = _merge_condensed(pairs, used_a, used_b, s, config)
    pairs.sort(key=lambda p: (p.b[0], p.a[0]))
    return Alignment(
        pairs=pairs,
        coverage_a=_coverage(a, [p.a for p in pairs]),
        coverage_b=_coverage(b, [p.b for p in pairs]),
    )


def _merge_condensed(pairs: list[AlignedPair], used_a: np.ndarray, used_b: np.ndarray,
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
        while a1 < used_a.shape[0] and not used_a[a1] and s.containment[a1, j] >= config.condensed_containment:
            used_a[a1] = True
            a1 += 1
        i = p.a[0]
        while b0 > 0 and not used_b[b0 - 1] and s.containment[i, b0 - 1] >= config.condensed_containment:
            b0 -= 1
            used_b[b0] = True
        while b1 < used_b.shape[0] and not used_b[b1] and s.containment[i, b1] >= config.condensed_containment:
            used_b[b1] = True
            b1 += 1
        if (a0, a1) != p.a or (b0, b1) != p.b:
            p = AlignedPair(a=(a0, a1), b=(b0, b1), similarity=p.similarity,
                            overlap=p.overlap, op="condensed")
        out.append(p)
    return out


def _coverage(prepared: Prepared, ranges: list[tuple[int, int]]) -> float:
    lengths = prepared.lengths
    total = lengths.sum()
    if not total:
        return 0.0
    mask = np.zeros(len(lengths), dtype=bool)
    for lo, hi in ranges:
        mask[lo:hi] = True
    return float(lengths[mask].sum() / total)


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
