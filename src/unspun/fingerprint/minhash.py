"""Vectorised NumPy MinHash over hashed word shingles, and LSH band keys.

On-disk layout (format version 1, stored by ``store.py``):
- a signature is ``NUM_PERM`` unsigned 32-bit integers, one per permutation;
- a band key is an unsigned 64-bit hash of ``rows`` consecutive signature values
  (band ``i`` covers values ``[i*rows, (i+1)*rows)``).

Hashing is deterministic across processes and machines: tokens are hashed with
BLAKE2b (not Python's salted ``hash``), permutations come from a fixed seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

FORMAT_VERSION = 1
NUM_PERM = 128
SEED = 0x5EED_0F_C0_91E5
_MASK32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)
# Bounds the (perm x shingles) matrix: 128 x 65,536 x 8 bytes = 64 MiB.
_CHUNK = 65_536


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Multiply-shift hashing needs odd multipliers.
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a[:, None], b[:, None]


_A, _B = _permutations(NUM_PERM, SEED)


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """Stable 64-bit hashes of tokens (BLAKE2b, so equal across processes)."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
         for t in tokens),
        dtype=np.uint64,
        count=len(tokens),
    )


class TokenHasher:
    """``token_hashes`` with a cache: a batch of news repeats its vocabulary ~30 times."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, tokens: Sequence[str]) -> np.ndarray:
        seen = self._seen
        fresh = [t for t in set(tokens) if t not in seen]
        if fresh:
            seen.update(zip(fresh, token_hashes(fresh).tolist(), strict=True))
        return np.fromiter(map(seen.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


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


def signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """MinHash signatures of many documents at once: (n_docs, NUM_PERM) uint32.

    All shingles of the batch are concatenated and hashed by every permutation in
    one matrix product per chunk; ``minimum.reduceat`` takes each document's minima.
    A document without shingles gets all-ones (it collides with nothing real).
    """
    n_docs = len(shingle_sets)
    out = np.full((n_docs, NUM_PERM), _EMPTY, dtype=np.uint32)
    lengths = np.fromiter((s.shape[0] for s in shingle_sets), dtype=np.int64, count=n_docs)
    if lengths.sum() == 0:
        return out
    flat = np.concatenate([s for s in shingle_sets if s.shape[0]])
    doc_of = np.repeat(np.arange(n_docs), lengths)
    start = 0
    while start < flat.shape[0]:
        stop = min(start + _CHUNK, flat.shape[0])
        with np.errstate(over="ignore"):
            hv = ((_A * flat[None, start:stop] + _B) >> np.uint64(32)) & _MASK32
        hv = hv.astype(np.uint32)
        docs = doc_of[start:stop]
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
