"""The fingerprint stage: a batch of cleaned texts → signatures, band keys, vectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..config import CandidateConfig
from ..text import split_sentences, words
from . import minhash
from .immutables import anchor_tokens

#: Fewer anchors than this make the anchor fingerprint meaningless (too many collisions).
MIN_ANCHORS = 5


@dataclass(slots=True)
class Fingerprints:
    """Fingerprints of a batch, row i for text i."""

    words: np.ndarray  # (n,) word counts
    signatures: np.ndarray  # (n, NUM_PERM) uint32, word-shingle MinHash
    text_keys: np.ndarray  # (n, bands) uint64
    anchor_keys: np.ndarray  # (n, anchor_bands) uint64
    vectors: np.ndarray  # (n, dim) float32 document vectors
    indexable: np.ndarray  # (n,) bool: long enough for the text index
    anchored: np.ndarray  # (n,) bool: enough names and numbers for the anchor index


def fingerprint(texts: Sequence[str], config: CandidateConfig, encoder,
                min_words: int = 20) -> Fingerprints:
    tokens = [words(t) for t in texts]
    counts = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(texts))
    shingles = [minhash.shingle_hashes(minhash.token_hashes(t), config.shingle) for t in tokens]
    sigs = minhash.signatures(shingles)
    anchors = [anchor_tokens(t) for t in texts]
    n_anchors = np.fromiter((len(set(a)) for a in anchors), dtype=np.int64, count=len(texts))
    anchor_sigs = minhash.signatures([minhash.token_hashes(sorted(set(a))) for a in anchors])
    return Fingerprints(
        words=counts,
        signatures=sigs,
        text_keys=minhash.band_keys(sigs, config.bands, config.rows),
        anchor_keys=minhash.band_keys(anchor_sigs, config.anchor_bands, config.anchor_rows),
        vectors=document_vectors(texts, encoder),
        indexable=counts >= min_words,
        anchored=n_anchors >= MIN_ANCHORS,
    )


def document_vectors(texts: Sequence[str], encoder) -> np.ndarray:
    """Length-weighted mean of each text's sentence vectors, normalised (one encode call)."""
    segmented = [split_sentences(t) for t in texts]
    flat = [s.text for sents in segmented for s in sents]
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    if not flat:
        return out
    vecs = encoder.encode(flat)
    lengths = np.fromiter((len(s) for s in flat), dtype=np.float32, count=len(flat))
    counts = np.fromiter((len(s) for s in segmented), dtype=np.int64, count=len(texts))
    has = counts > 0
    starts = np.r_[0, np.cumsum(counts)[:-1]][has]
    sums = np.add.reduceat(vecs * lengths[:, None], starts, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    out[has] = sums / np.where(norms > 0, norms, 1)
    return out
