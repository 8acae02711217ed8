"""Sentence-by-sentence alignment of two texts.

Each pair of sentences gets a lexical score (Dice and containment of stemmed content
words) and a semantic score (cosine of static sentence embeddings); a greedy
one-to-one matching on the combined score aligns them, then neighbouring source
sentences folded into one copy sentence are merged (a summary condenses several
sentences into one). Everything per pair is a matrix operation over the two texts.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import partial
from typing import Any

import numpy as np
from scipy import sparse

from .config import AlignConfig
from .fingerprint.minhash import hashed_words
from .fingerprint.numbering import HashNumbers
from .records import AlignedPair, Alignment, Sentence
from .text import STOPWORDS, WordArrays, rarity, split_many, words


def _stem_id(stem_text: str) -> int:
    # A stable hash (not Python's salted one): ids must agree across processes.
    return zlib.crc32(stem_text.encode("utf-8"))


@dataclass(slots=True, eq=False)
class Prepared:
    """A text ready to align: sentences, their vectors and their word sets.

    ``ids``/``ptr`` hold the stemmed content words of every sentence as hashed ids (a CSR
    layout: sentence i owns ``ids[ptr[i]:ptr[i + 1]]``, and ``rows`` names it for each
    entry) and ``weights`` their rarity, so scoring a pair is array work; the
    per-document caches are filled on first use.
    """

    text: str
    sentences: list[Sentence]
    vectors: np.ndarray  # (n_sentences, dim), L2-normalised
    ids: np.ndarray  # stem ids, distinct within a sentence
    ptr: np.ndarray  # (n_sentences + 1,)
    rows: np.ndarray  # the sentence of each entry of ``ids``
    weights: np.ndarray  # rarity of each stem (of its rarest word in the sentence)
    sequence: np.ndarray  # stem ids of the content words in text order, with repeats
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def tokens(self, i: int) -> tuple[str, ...]:
        """All lower-case words of sentence i, in order. Made on first use: a pair
        compares only its aligned sentences word by word, and most pairs align few."""
        made = self.cached("tokens", lambda p: [None] * len(p.sentences))
        if made[i] is None:
            made[i] = tuple(words(self.sentences[i].text))
        return made[i]

    @property
    def lengths(self) -> np.ndarray:
        return self.cached("lengths", lambda p: np.fromiter(
            (s.end - s.start for s in p.sentences), dtype=np.float64, count=len(p.sentences)))

    @property
    def running_lengths(self) -> np.ndarray:
        """Characters of the sentences before each sentence (and in all, last): a run's
        length is a difference of two (exact: whole numbers)."""
        return self.cached("running_lengths", lambda p: np.concatenate(
            ([0.0], np.cumsum(p.lengths))))

    @property
    def masses(self) -> np.ndarray:
        """Total rarity weight of each sentence's words."""
        return self.cached("masses", lambda p: np.bincount(
            p.rows, weights=p.weights, minlength=len(p.sentences)))

    @property
    def sizes(self) -> np.ndarray:
        """Distinct stemmed content words per sentence."""
        return self.cached("sizes", lambda p: np.diff(p.ptr).astype(np.float64))

    def doc_vector(self) -> np.ndarray:
        """Length-weighted mean of sentence vectors, normalised."""
        return self.cached("doc_vector", _doc_vector)

    def cached(self, key: str, make: Callable[[Prepared], Any]) -> Any:
        """A per-document value, computed once (anchors, bigrams: reused by every pair)."""
        if key not in self._cache:
            self._cache[key] = make(self)
        return self._cache[key]


def _doc_vector(p: Prepared) -> np.ndarray:
    if not p.sentences:
        return np.zeros(p.vectors.shape[1], dtype=np.float32)
    v = (p.vectors * p.lengths[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(v))
    return (v / norm).astype(np.float32) if norm else v.astype(np.float32)


def stem(word: str) -> str:
    """A crude, fast stem: enough to match "negotiated" with "negotiates"."""
    return word[:6] if len(word) > 6 else word


class _WordTable:
    """Per-process stem id (-1 for a stopword) and rarity of every word met, by number;
    words are known by their hash (``minhash.hashed_words``), not as strings."""

    _MAX_WORDS = 1_000_000  # bounded memory in long-lived workers

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._number = HashNumbers(self._MAX_WORDS)
        self._stem_ids = np.zeros(0, dtype=np.int64)
        self._rarities = np.zeros(0, dtype=np.float64)

    def look_up(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Stem ids, rarities and text of every word of ``texts``, in order."""
        stem_ids, rarities, text = [], [], []
        with self._lock:
            for lo, _, found, hashes in hashed_words(texts):
                number = self._number.look_up(hashes, partial(self._add, found))
                stem_ids.append(self._stem_ids[number])
                rarities.append(self._rarities[number])
                text.append(found.text + lo)
        if not text:
            return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
        return np.concatenate(stem_ids), np.concatenate(rarities), np.concatenate(text)

    def _add(self, found: WordArrays, _: np.ndarray, at: np.ndarray, restart: bool) -> None:
        joined = found.codes.tobytes().decode("utf-32-le", "surrogatepass")
        new = [joined[a:b] for a, b in zip(found.start[at].tolist(), found.end[at].tolist(),
                                           strict=True)]
        stem_ids = [-1 if w in STOPWORDS else _stem_id(stem(w)) for w in new]
        keep = 0 if restart else self._stem_ids.size
        self._stem_ids = np.concatenate((self._stem_ids[:keep], stem_ids))
        self._rarities = np.concatenate((self._rarities[:keep], [rarity(w) for w in new]))


_WORD_TABLE = _WordTable()


def prepare_many(texts: Sequence[str], encoder) -> list[Prepared]:
    """Segment and embed many texts with one encoder call; stems as batch array work."""
    segmented = split_many(texts)
    flat = [s.text for sents in segmented for s in sents]
    vectors = encoder.encode(flat) if flat else np.zeros((0, encoder.dim), dtype=np.float32)
    ids, rare, sentence = _WORD_TABLE.look_up(flat)
    n_tokens = np.bincount(sentence, minlength=len(flat))
    token_ptr = np.zeros(len(flat) + 1, dtype=np.int64)  # where each sentence's words start
    np.cumsum(n_tokens, out=token_ptr[1:])
    content = ids >= 0
    # One row per (sentence, stem), with the rarity of its rarest word.
    key = (sentence[content] << 32) | ids[content]
    # The keys come in runs sorted by sentence, which a merge sort uses: 5x faster
    # than sorting by key and rarity.
    order = np.argsort(key, kind="stable")
    key, rare = key[order], rare[content][order]
    first = np.flatnonzero(np.diff(key, prepend=-1))
    rare = np.maximum.reduceat(rare, first) if first.size else rare
    key, rare = key[first], rare.astype(np.float32)
    per_sentence = np.bincount(key >> 32, minlength=len(flat))
    ptr = np.zeros(len(flat) + 1, dtype=np.int64)
    np.cumsum(per_sentence, out=ptr[1:])
    stem_ids = key & 0xFFFFFFFF
    # Each text's parts are slices of the batch's arrays, their bounds found for all the
    # texts at once: array operations per text cost more than all of these.
    counts = np.fromiter(map(len, segmented), dtype=np.int64, count=len(texts))
    first_sentence = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=first_sentence[1:])
    text_of = np.repeat(np.arange(len(texts)), counts)
    rows = key >> 32  # the sentence of each entry, in the batch, then in its text
    rows -= first_sentence[text_of[rows]]
    # Each text's n + 1 bounds of its sentences' entries, from 0, one text after another.
    bounds = np.repeat(np.arange(len(texts)), counts + 1)
    local_ptr = ptr[np.arange(bounds.size) - bounds] - ptr[first_sentence[bounds]]
    sequence = ids[content]
    content_before = np.zeros(ids.size + 1, dtype=np.int64)  # content words before each word
    np.cumsum(content, out=content_before[1:])
    sentence_at = first_sentence.tolist()
    entry_at = ptr[first_sentence].tolist()
    word_at = content_before[token_ptr[first_sentence]].tolist()
    return [
        Prepared(
            text=text,
            sentences=sents,
            vectors=vectors[sentence_at[i]:sentence_at[i + 1]],
            ids=stem_ids[entry_at[i]:entry_at[i + 1]],
            ptr=local_ptr[sentence_at[i] + i:sentence_at[i + 1] + i + 1],
            rows=rows[entry_at[i]:entry_at[i + 1]],
            weights=rare[entry_at[i]:entry_at[i + 1]],
            sequence=sequence[word_at[i]:word_at[i + 1]],
        )
        for i, (text, sents) in enumerate(zip(texts, segmented, strict=True))
    ]


#: Pairs whose shared-word matrices stay under this many cells use dense arrays (a news
#: pair: microseconds); longer texts use sparse ones.
_DENSE_CELLS = 400_000

Matrix = np.ndarray | sparse.csr_matrix


def _incidence(p: Prepared, columns: np.ndarray, n_shared: int,
               dense: bool) -> tuple[Matrix, Matrix]:
    """Sentence x shared-word matrices of ``p`` (ones, and rarity weights): only words
    both texts use can match. ``columns``: each entry of ``p.ids``'s shared word, or -1."""
    keep = columns >= 0
    rows = p.rows[keep]
    columns = columns[keep]
    weights = p.weights[keep]
    shape = (len(p.sentences), max(n_shared, 1))
    if dense:
        ones = np.zeros(shape, dtype=np.float32)
        ones[rows, columns] = 1.0
        weighted = np.zeros(shape, dtype=np.float32)
        weighted[rows, columns] = weights
        return ones, weighted
    return (sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), (rows, columns)),
                              shape=shape),
            sparse.csr_matrix((weights, (rows, columns)), shape=shape))


def _dense(m: Matrix) -> np.ndarray:
    return m if isinstance(m, np.ndarray) else m.toarray()


@dataclass(slots=True)
class Scores:
    """Sentence-by-sentence score matrices of one pair, shape (len(a), len(b))."""

    dice: np.ndarray
    containment: np.ndarray  # shared words / words of the shorter sentence
    semantic: np.ndarray
    combined: np.ndarray
    a_words: Matrix | None = None  # sentence x shared-word incidence
    b_words: Matrix | None = None
    a_weights: Matrix | None = None  # the same, valued by rarity
    b_weights: Matrix | None = None
    #: Window cover of each side as the copy, by "is it a" (see ``relate``): once a pair.
    covers: dict[bool, Any] = field(default_factory=dict)


def _make_distinct_ids(p: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # One stable sort serves all three (np.unique with its inverse sorts anew and costs
    # three times as much on the few hundred ids of one text); stable, so the last entry
    # of each run of equal ids is the one in the last sentence.
    order = np.argsort(p.ids, kind="stable")
    ordered = p.ids[order]
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    last = np.empty(len(ordered), dtype=bool)
    last[-1:] = True
    last[:-1] = first[1:]
    place = np.empty(len(ordered), dtype=np.int64)
    place[order] = np.cumsum(first) - 1
    return ordered[first], place, order[last]


def distinct_ids(p: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The text's distinct stem ids (sorted), the place of each entry of ``ids`` among
    them, and the entry of ``ids`` where each occurs last (in its last sentence)."""
    return p.cached("distinct_ids", _make_distinct_ids)


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by sorting: NumPy's hash-based unique takes three times as
    long on the few hundred values of one text."""
    ordered = np.sort(values)
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def sorted_member(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which entries of ``x`` are in ``y``, and where (meaningless where not); both
    sorted and distinct, so a binary search finds them (cheaper than sets or
    ``np.isin``). A value past the end of ``y`` is compared with its last, which it
    exceeds."""
    found = np.searchsorted(y, x)
    present = y.take(found, mode="clip") == x if len(y) else np.zeros(len(x), dtype=bool)
    return present, found


def _shared_columns(a: Prepared, b: Prepared) -> tuple[int, np.ndarray, np.ndarray]:
    """How many stem ids both texts use, and each entry's column among them (or -1).

    The shared ids are sorted (as ``np.intersect1d`` gives them); a binary search of one
    text's distinct ids in the other's, and each text's cached places of its entries,
    spare searching every entry.
    """
    distinct_a, place_a, _ = distinct_ids(a)
    distinct_b, place_b, _ = distinct_ids(b)
    in_b, found = sorted_member(distinct_a, distinct_b)
    n_shared = int(np.count_nonzero(in_b))
    column = np.arange(n_shared)
    column_a = np.full(len(distinct_a), -1)
    column_a[in_b] = column
    column_b = np.full(len(distinct_b), -1)
    column_b[found[in_b]] = column
    return n_shared, column_a[place_a], column_b[place_b]


def score(a: Prepared, b: Prepared, config: AlignConfig) -> Scores:
    """All sentence-pair scores of a pair: one matrix product and a few array operations."""
    n_shared, columns_a, columns_b = _shared_columns(a, b)
    dense = (len(a.sentences) + len(b.sentences)) * max(n_shared, 1) <= _DENSE_CELLS
    ma, wa = _incidence(a, columns_a, n_shared, dense)
    mb, wb = _incidence(b, columns_b, n_shared, dense)
    inter = _dense(ma @ mb.T).astype(np.float32, copy=False)
    size_a, size_b = a.sizes.astype(np.float32), b.sizes.astype(np.float32)
    total = size_a[:, None] + size_b[None, :]
    smaller = np.minimum(size_a[:, None], size_b[None, :])
    dice = 2 * inter / np.maximum(total, 1)
    containment = inter / np.maximum(smaller, 1)
    semantic = np.clip(a.vectors @ b.vectors.T, 0.0, 1.0)
    # Rescale cosine so the static model's typical unrelated level maps to 0.
    floor = config.semantic_floor
    sem_scaled = np.clip((semantic - floor) / (1 - floor), 0, 1)
    w = config.semantic_weight
    combined = np.maximum(dice, w * sem_scaled + (1 - w) * dice)
    # Very short sentences ("He said.") match anything: weigh them down.
    short = (size_a[:, None] < config.min_words) | (size_b[None, :] < config.min_words)
    combined[short] *= 0.5
    return Scores(dice=dice, containment=containment, semantic=semantic, combined=combined,
                  a_words=ma, b_words=mb, a_weights=wa, b_weights=wb)


def window_cover(copy_weights: Matrix, copy_mass: np.ndarray, source_words: Matrix,
                 sizes: tuple[int, ...] = (1, 2, 3, 4)) -> tuple[np.ndarray, np.ndarray]:
    """How much of each copy sentence a run of consecutive source sentences holds.

    Many-to-one alignment for summaries: a condensed sentence draws on several source
    sentences. For every copy sentence, the best rarity-weighted share of its words
    (``copy_mass``: their total weight) found in any window of 1-4 consecutive source
    sentences, and where that window starts. Returns (cover, start) per copy sentence.
    """
    n_copy, n_src = copy_weights.shape[0], source_words.shape[0]
    best = np.zeros(n_copy)
    where = np.zeros(n_copy, dtype=np.int64)
    if not n_copy or not n_src or not copy_mass.any():
        return best, where
    dense = isinstance(source_words, np.ndarray)
    mass = np.maximum(copy_mass, 1e-9)
    every = np.arange(n_copy)
    window: Matrix | None = None
    for k in range(1, max(sizes) + 1):
        if k > n_src:
            break
        rows = n_src - k + 1
        if window is None:
            window = source_words[:rows]
        elif dense:
            window = np.maximum(window[:rows], source_words[k - 1:])
        else:
            window = window[:rows] + source_words[k - 1:]
            window.data = np.minimum(window.data, 1.0)
        if k not in sizes:
            continue
        held = _dense(copy_weights @ window.T)  # (n_copy, rows): weighted shared words
        arg = held.argmax(axis=1)
        val = held[every, arg] / mass
        if k == 1:
            # Nothing to beat yet, and no margin: every cover (>= 0) is the best so far.
            best, where = val, arg
            continue
        # Longer windows hold more by chance: a window must beat a shorter one clearly.
        better = val > best + 0.05 * (k - 1)
        np.copyto(best, val, where=better)
        np.copyto(where, arg, where=better)
    return best, where


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
