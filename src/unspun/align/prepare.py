"""A text made ready to align: sentences, their vectors, stemmed content words and
their rarity, as arrays (``Prepared``); many texts at once (``prepare_many``)."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from ..fingerprint.minhash import hashed_words
from ..fingerprint.numbering import HashNumbers
from ..records import Sentence
from ..text import STOPWORDS, WordArrays, rarity, split_many, words


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
