"""Vectorised NumPy MinHash over hashed word shingles, and LSH band keys.

On-disk layout (format version 2, stored by ``store.py``):
- a text signature is ``NUM_PERM`` unsigned 32-bit integers made by one-permutation
  hashing: a shingle's 64-bit hash picks bin ``hash >> 57`` and the bin keeps the least
  ``hash & 0xFFFFFFFF`` of its shingles; an empty bin copies the value of the first
  non-empty bin in its fixed probe order (``_PROBES``: optimal densification,
  Shrivastava 2017). A document without shingles is all ``0xFFFFFFFF``;
- a band key is an unsigned 64-bit hash of ``rows`` consecutive signature values
  (band ``i`` covers values ``[i*rows, (i+1)*rows)``).

Format 1 hashed every shingle with ``NUM_PERM`` permutations; that is still how
``permutation_signatures`` signs small sets (anchors), where one-permutation hashing
leaves most bins empty.

Hashing is deterministic across processes and machines: tokens are hashed with
BLAKE2b (not Python's salted ``hash``), permutations come from a fixed seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from itertools import chain

import numpy as np

FORMAT_VERSION = 2
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


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """Stable 64-bit hashes of tokens (BLAKE2b, so equal across processes)."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
         for t in tokens),
        dtype=np.uint64,
        count=len(tokens),
    )


class TokenHasher:
    """``token_hashes`` of many token lists, with a bounded cache of known tokens.

    News repeats its vocabulary: one process hashes each word once, not once per batch.
    """

    def __init__(self, max_tokens: int = 500_000) -> None:
        self._seen: dict[str, int] = {}
        self._max = max_tokens

    def many(self, token_lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """One hash array per token list (one lookup pass over the whole batch)."""
        flat = list(chain.from_iterable(token_lists))
        seen = self._seen
        fresh = set(flat).difference(seen)
        if len(seen) + len(fresh) > self._max:
            seen.clear()  # a crude bound, but output never depends on what is cached
            fresh = set(flat)
        if fresh:
            seen.update(zip(fresh, token_hashes(list(fresh)).tolist(), strict=True))
        hashes = np.fromiter(map(seen.__getitem__, flat), dtype=np.uint64, count=len(flat))
        ends = np.cumsum([len(t) for t in token_lists])
        return np.split(hashes, ends[:-1]) if token_lists else []


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined shingle hashes over 64 bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """Hashes of all word k-grams of one document, from its token hashes.

    A document shorter than k words is one shingle of all its words, so short texts
    still get a signature.
    """
    n = hashes.shape[0]
    if n == 0:
        return hashes
    if n < k:
        k = n
    with np.errstate(over="ignore"):
        acc = np.zeros(n - k + 1, dtype=np.uint64)
        for j in range(k):  # k is the shingle width (5), not the data size
            acc = acc * np.uint64(0x100000001B3) + hashes[j : n - k + 1 + j]
    return _mix(acc)


def _flatten(sets: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """All hashes of a batch end to end, and each one's document."""
    lengths = np.fromiter((s.shape[0] for s in sets), dtype=np.int64, count=len(sets))
    flat = np.concatenate([*sets, np.zeros(0, dtype=np.uint64)])
    return flat, np.repeat(np.arange(len(sets)), lengths)


def signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """One-permutation MinHash signatures of many documents: (n_docs, NUM_PERM) uint32.

    One hash per shingle instead of NUM_PERM: the batch's bin minima are a single
    ``minimum.at``, then empty bins are filled by densification.
    """
    n_docs = len(shingle_sets)
    out = np.full((n_docs, NUM_PERM), _EMPTY, dtype=np.uint32)
    flat, doc_of = _flatten(shingle_sets)
    if flat.shape[0] == 0:
        return out
    cell = doc_of * NUM_PERM + (flat >> _BIN_SHIFT).astype(np.int64)
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


def permutation_signatures(token_sets: Sequence[np.ndarray]) -> np.ndarray:
    """MinHash with NUM_PERM permutations: (n_sets, NUM_PERM) uint32, for small sets.

    Every hash goes through every permutation in one matrix product per chunk;
    ``minimum.reduceat`` takes each set's minima. An empty set gets all-ones (it
    collides with nothing real).
    """
    n_sets = len(token_sets)
    out = np.full((n_sets, NUM_PERM), _EMPTY, dtype=np.uint32)
    flat, set_of = _flatten(token_sets)
    start = 0
    while start < flat.shape[0]:
        stop = min(start + _CHUNK, flat.shape[0])
        with np.errstate(over="ignore"):
            hv = ((_A * flat[None, start:stop] + _B) >> np.uint64(32)) & _MASK32
        hv = hv.astype(np.uint32)
        sets = set_of[start:stop]
        # Boundaries of runs of the same set inside this chunk.
        cuts = np.flatnonzero(np.r_[True, sets[1:] != sets[:-1]])
        minima = np.minimum.reduceat(hv, cuts, axis=1)
        ids = sets[cuts]
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
