"""Vectorised NumPy MinHash over hashed word shingles, and LSH band keys.

On-disk layout (format version 3, stored by ``store.py``):
- a word's hash is ``word_hashes``' polynomial hash of its code points, mixed;
- a text signature is ``NUM_PERM`` unsigned 32-bit integers made by one-permutation
  hashing: a shingle's 64-bit hash picks bin ``hash >> 57`` and the bin keeps the least
  ``hash & 0xFFFFFFFF`` of its shingles; an empty bin copies the value of the first
  non-empty bin in its fixed probe order (``_PROBES``: optimal densification,
  Shrivastava 2017). A document without shingles is all ``0xFFFFFFFF``;
- a band key is an unsigned 64-bit hash of ``rows`` consecutive signature values
  (band ``i`` covers values ``[i*rows, (i+1)*rows)``).

Format 1 hashed every shingle with ``NUM_PERM`` permutations; that is still how
``permutation_signatures`` signs small sets (anchors), where one-permutation hashing
leaves most bins empty. Format 2 hashed words with BLAKE2b, one string at a time.

Hashing is deterministic across processes and machines (never Python's salted
``hash``): words by fixed arithmetic modulo 2**64, anchor tokens with BLAKE2b,
permutations from a fixed seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain

import numpy as np

from ..text import TEXT_BREAK, WordArrays, word_arrays

NUM_PERM = 128
SEED = 0x5EED_0F_C0_91E5
_MASK32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)
_BIN_SHIFT = np.uint64(64 - 7)  # 2**7 == NUM_PERM bins
# Bounds the (perm x tokens) matrix of permutation_signatures: 128 x 65,536 x 8 bytes.
_CHUNK = 65_536


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Multiply-shift hashing needs odd multipliers.
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a[:, None], b[:, None]


def _probe_orders(num_bins: int, seed: int) -> np.ndarray:
    """(bins, bins - 1): row j is the order in which empty bin j looks for a value.

    The order depends on the bin only, not the document, so two documents with the
    same empty bin borrow from the same place whenever they can (the estimator stays
    unbiased); a permutation of the other bins ends the search within bins - 1 probes.
    """
    rng = np.random.default_rng(seed)
    orders = rng.permuted(np.tile(np.arange(num_bins), (num_bins, 1)), axis=1)
    return orders[orders != np.arange(num_bins)[:, None]].reshape(num_bins, num_bins - 1)


_A, _B = _permutations(NUM_PERM, SEED)
_PROBES = _probe_orders(NUM_PERM, SEED + 1)


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """Stable 64-bit hashes of tokens (BLAKE2b, so equal across processes)."""
    return np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))


@dataclass(slots=True)
class Packed:
    """Hash arrays of a batch of documents, end to end in document order."""

    values: np.ndarray  # (m,) uint64
    doc: np.ndarray  # (m,) int64, non-decreasing: the document of each value
    n_docs: int

    @classmethod
    def of(cls, arrays: Sequence[np.ndarray]) -> Packed:
        lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
        values = np.concatenate([*arrays, np.zeros(0, dtype=np.uint64)]).astype(np.uint64)
        return cls.end_to_end(values, lengths)

    @classmethod
    def end_to_end(cls, values: np.ndarray, lengths: np.ndarray) -> Packed:
        """``values`` holding ``lengths[i]`` values of document i, in document order."""
        return cls(values, np.repeat(np.arange(lengths.shape[0]), lengths), lengths.shape[0])

    def lengths(self) -> np.ndarray:
        return np.bincount(self.doc, minlength=self.n_docs)

    def split(self) -> list[np.ndarray]:
        """One array per document."""
        return np.split(self.values, np.cumsum(self.lengths())[:-1]) if self.n_docs else []


class TokenHasher(dict[str, int]):
    """``token_hashes`` of many token lists, with a bounded cache of known tokens.

    News repeats its vocabulary: one process hashes each word once, not once per batch.
    """

    def __init__(self, max_tokens: int = 500_000) -> None:
        super().__init__()
        self._max = max_tokens

    def __missing__(self, token: str) -> int:
        # Only unknown tokens come here: known ones are plain dict lookups in C.
        value = self[token] = _token_hash(token)
        return value

    def many(self, token_lists: Sequence[Sequence[str]]) -> Packed:
        """The hashes of every token list (one lookup pass over the whole batch)."""
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        values = np.fromiter(map(self.__getitem__, chain.from_iterable(token_lists)),
                             dtype=np.uint64, count=int(lengths.sum()))
        if len(self) > self._max:
            self.clear()  # a crude bound, but output never depends on what is cached
        return Packed.end_to_end(values, lengths)


_NEWLINE = ord("\n")
_TEXT_BREAK = ord(TEXT_BREAK)

# Word hashes: a polynomial hash of each word's code points modulo 2**64, made
# position-free with the inverse powers of an odd base, then mixed.
_BASE = np.uint64(0x100000001B3 * 2 + 1)
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
#: Texts are hashed a few million characters a pass; so many powers are kept.
_PASS_CHARS = 1 << 21


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """``base ** i`` modulo 2**64 for i in [0, n)."""
    out = np.full(n, base, dtype=np.uint64)
    out[:1] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(out, out=out)


@cache
def _pass_powers() -> tuple[np.ndarray, np.ndarray]:
    return _powers(_BASE, _PASS_CHARS + 1), _powers(_BASE_INVERSE, _PASS_CHARS + 1)


def word_hashes(texts: Sequence[str]) -> Packed:
    """Stable 64-bit hashes of the :func:`~unspun.text.words` of every text."""
    return word_hashes_and_starts(texts)[0]


def word_hashes_and_starts(texts: Sequence[str]) -> tuple[Packed, np.ndarray]:
    """``word_hashes``, and for each word whether it is the first of its line."""
    values, lengths, starts = [], [], []
    for lo, hi, words, hashes in hashed_words(texts):
        values.append(hashes)
        lengths.append(np.bincount(words.text, minlength=hi - lo))
        starts.append(_line_starts(words))
    if not values:
        return Packed.of([]), np.zeros(0, dtype=bool)
    return (Packed.end_to_end(np.concatenate(values), np.concatenate(lengths)),
            np.concatenate(starts))


def _line_starts(words: WordArrays) -> np.ndarray:
    """Whether each word is the first of a line: no word between it and the line break
    (or the text break) before it."""
    # -1: the start of the pass, a break before every text.
    breaks = np.concatenate(([-1], np.flatnonzero((words.codes == _NEWLINE)
                                                  | (words.codes == _TEXT_BREAK))))
    last_break = breaks[np.searchsorted(breaks, words.start) - 1]
    previous_end = np.empty_like(words.end)
    previous_end[:1] = -1
    previous_end[1:] = words.end[:-1]
    return last_break >= previous_end


def hashed_words(texts: Sequence[str]
                 ) -> Iterator[tuple[int, int, WordArrays, np.ndarray]]:
    """The words of ``texts`` a pass at a time: (lo, hi, the words of ``texts[lo:hi]``,
    their hashes)."""
    for lo, hi in _passes(texts):
        words = word_arrays(texts[lo:hi])
        yield lo, hi, words, span_hashes(words.codes, words.start, words.end)


def span_hashes(codes: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The word hash of each span ``codes[start:end]`` of a code-point array.

    Array operations: with the prefix sums ``S`` of ``code[i] * base**i``, a span's hash
    is ``(S[end] - S[start]) * base**-start``, the same wherever the span is. Each step
    writes into an array made before (no temporary per operation).
    """
    n = codes.shape[0] + 1
    power, inverse = _pass_powers() if n <= _PASS_CHARS + 1 else (
        _powers(_BASE, n), _powers(_BASE_INVERSE, n))
    prefix = np.empty(n, dtype=np.uint64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        np.multiply(codes, power[:n - 1], out=prefix[1:])
        np.cumsum(prefix[1:], out=prefix[1:])
        raw = prefix[end]
        raw -= prefix[start]
        raw *= inverse[start]
    raw ^= (end - start).astype(np.uint64)
    return _mix(raw)


def _passes(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Ranges of consecutive texts of at most _PASS_CHARS characters (or one text)."""
    lo, size = 0, 0
    for i, text in enumerate(texts):
        if size and size + len(text) + 1 > _PASS_CHARS:
            yield lo, i
            lo, size = i, 0
        size += len(text) + 1
    if lo < len(texts):
        yield lo, len(texts)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined shingle hashes over 64 bits.

    In place, and returns ``x``: every caller mixes an array of its own, and a
    temporary per operation made the batch's hashing 10% slower.
    """
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def shingle_hashes(tokens: Packed, k: int) -> Packed:
    """Hashes of all word k-grams of each document, from its token hashes.

    A document shorter than k words is one shingle of all its words, so short texts
    still get a signature. The whole batch is one array pass: windows that cross
    from one document into the next are computed, then left out.
    """
    n = tokens.values.shape[0]
    lengths = tokens.lengths()
    starts = np.cumsum(lengths) - lengths
    short = np.flatnonzero((lengths > 0) & (lengths < k))
    padded = np.concatenate([tokens.values, np.zeros(k - 1, dtype=np.uint64)])
    acc = np.zeros(n, dtype=np.uint64)
    whole = np.zeros(short.shape[0], dtype=np.uint64)  # the one shingle of each short text
    with np.errstate(over="ignore"):
        for j in range(k):  # k is the shingle width (5 or 8), not the data size
            acc *= np.uint64(0x100000001B3)  # in place: no two temporaries a round
            acc += padded[j : n + j]
            done = lengths[short] == j + 1
            whole[done] = acc[starts[short[done]]]
    counts = np.where(lengths >= k, lengths - k + 1, lengths > 0)
    doc = np.repeat(np.arange(tokens.n_docs), counts)
    # Shingle i of a document starts at its first token + i: one gather of each
    # document's offset.
    first = np.cumsum(counts) - counts
    at = np.arange(doc.shape[0])
    at += (starts - first)[doc]
    values = acc[at]
    values[first[short]] = whole
    return Packed(_mix(values), doc, tokens.n_docs)


def signatures(shingles: Packed) -> np.ndarray:
    """One-permutation MinHash signatures of many documents: (n_docs, NUM_PERM) uint32.

    One hash per shingle instead of NUM_PERM: the batch's bin minima are a single
    ``minimum.at``, then empty bins are filled by densification. A document without
    shingles is all-ones (it collides with nothing real).
    """
    n_docs, flat = shingles.n_docs, shingles.values
    out = np.full((n_docs, NUM_PERM), _EMPTY, dtype=np.uint32)
    if flat.shape[0] == 0:
        return out
    cell = shingles.doc * NUM_PERM + (flat >> _BIN_SHIFT).astype(np.int64)
    np.minimum.at(out.reshape(-1), cell, (flat & _MASK32).astype(np.uint32))
    filled = np.zeros(n_docs * NUM_PERM, dtype=bool)
    filled[cell] = True
    filled = filled.reshape(n_docs, NUM_PERM)
    has_shingles = filled.any(axis=1)
    doc, empty = np.nonzero(~filled & has_shingles[:, None])
    for probe in _PROBES.T:  # at most NUM_PERM - 1 rounds; each resolves most bins left
        if doc.shape[0] == 0:
            break
        source = probe[empty]
        found = filled[doc, source]
        out[doc[found], empty[found]] = out[doc[found], source[found]]
        doc, empty = doc[~found], empty[~found]
    return out


def permutation_signatures(tokens: Packed) -> np.ndarray:
    """MinHash with NUM_PERM permutations: (n_docs, NUM_PERM) uint32, for small sets.

    Every hash goes through every permutation in one matrix product per chunk;
    ``minimum.reduceat`` takes each document's minima. An empty set gets all-ones.
    """
    out = np.full((tokens.n_docs, NUM_PERM), _EMPTY, dtype=np.uint32)
    flat = tokens.values
    start = 0
    while start < flat.shape[0]:
        stop = min(start + _CHUNK, flat.shape[0])
        with np.errstate(over="ignore"):
            hv = _A * flat[None, start:stop]
            hv += _B  # in place, and no mask: the top 32 bits fit the uint32 as they are
            hv >>= np.uint64(32)
        hv = hv.astype(np.uint32)
        docs = tokens.doc[start:stop]
        # Boundaries of runs of the same document inside this chunk.
        cuts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        minima = np.minimum.reduceat(hv, cuts, axis=1)
        ids = docs[cuts]
        out[ids] = np.minimum(out[ids], minima.T)
        start = stop
    return out


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """LSH band keys: (n_docs, bands) uint64; equal keys mean a candidate pair."""
    if bands * rows > sigs.shape[1]:
        raise ValueError(
            f"bands*rows = {bands * rows} exceeds the signature length {sigs.shape[1]}: "
            "lower bands or rows"
        )
    n = sigs.shape[0]
    block = sigs[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        acc = np.full((n, bands), np.uint64(0xCBF29CE484222325), dtype=np.uint64)
        for r in range(rows):  # rows per band (3-5), not data size
            acc = (acc ^ block[:, :, r]) * np.uint64(0x100000001B3)
        # Salt with the band index so equal values in different bands never collide.
        acc ^= np.arange(bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    return _mix(acc)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    valid = (sig_a != _EMPTY) | (sig_b != _EMPTY)
    if not valid.any():
        return 0.0
    return float(np.mean(sig_a[valid] == sig_b[valid]))


def lsh_probability(similarity: float, bands: int, rows: int) -> float:
    """Probability that a pair of this Jaccard similarity shares at least one band."""
    return 1.0 - (1.0 - similarity**rows) ** bands
