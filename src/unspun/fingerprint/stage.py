"""The fingerprint stage: a batch of cleaned texts → signatures, band keys, vectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..config import CandidateConfig
from . import minhash
from .immutables import specific_anchors

#: Fewer anchors than this make the anchor fingerprint meaningless (too many collisions).
MIN_ANCHORS = 5
#: Passage index: word 8-grams whose hash is 0 modulo this are kept (Broder's sampling),
#: so any shared passage of ~50 words leaves a few common keys, however long the texts.
PASSAGE_SHINGLE = 8
PASSAGE_SAMPLING = 16
#: Anchor hashes known to this process (bounded): batches share most of their names.
_HASHER = minhash.TokenHasher()


@dataclass(slots=True)
class BandRows:
    """LSH keys of a batch, one row per (text, band, key), never twice (the store relies
    on it); a text may have many rows."""

    doc: np.ndarray  # (m,) index of the text in the batch
    band: np.ndarray  # (m,) int16
    key: np.ndarray  # (m,) uint64

    @classmethod
    def from_matrix(cls, keys: np.ndarray, keep: np.ndarray) -> BandRows:
        """Rows of a (texts x bands) key matrix, for the texts in ``keep``."""
        n, bands = keys.shape
        doc = np.repeat(np.arange(n), bands)
        band = np.tile(np.arange(bands, dtype=np.int16), n)
        mask = np.repeat(keep, bands)
        return cls(doc[mask], band[mask], keys.reshape(-1)[mask])

    @classmethod
    def concat(cls, parts: Sequence[BandRows], sizes: Sequence[int]) -> BandRows:
        """The rows of consecutive batches (of ``sizes`` texts) as those of one batch."""
        offsets = np.cumsum([0, *sizes[:-1]])
        return cls(np.concatenate([p.doc + o for p, o in zip(parts, offsets, strict=True)]),
                   np.concatenate([p.band for p in parts]), np.concatenate([p.key for p in parts]))


@dataclass(slots=True)
class Fingerprints:
    """Fingerprints of a batch, row i for text i."""

    words: np.ndarray  # (n,) word counts
    signatures: np.ndarray  # (n, NUM_PERM) uint32, word-shingle MinHash
    bands: dict[str, BandRows]  # "text", "anchors", "passages"
    vectors: np.ndarray  # (n, dim) float32 document vectors, zero when not placed
    anchors: list[list[str]]  # specific names and figures of each text

    @classmethod
    def concat(cls, parts: Sequence[Fingerprints]) -> Fingerprints:
        """Those of consecutive batches as those of one batch."""
        sizes = [p.words.shape[0] for p in parts]
        return cls(
            words=np.concatenate([p.words for p in parts]),
            signatures=np.concatenate([p.signatures for p in parts]),
            bands={name: BandRows.concat([p.bands[name] for p in parts], sizes)
                   for name in parts[0].bands},
            vectors=np.concatenate([p.vectors for p in parts]),
            anchors=[a for p in parts for a in p.anchors],
        )


def fingerprint(texts: Sequence[str], config: CandidateConfig, encoder,
                min_words: int = 20) -> Fingerprints:
    token_hashes, line_starts = minhash.word_hashes_and_starts(texts)
    counts = token_hashes.lengths()
    indexable = counts >= min_words
    sigs = minhash.signatures(minhash.shingle_hashes(token_hashes, config.shingle))
    # Only specific names and figures: common ones ("trump", "2016") would make every
    # political article a candidate of every other.
    anchors = [specific_anchors(t) for t in texts]
    n_anchors = np.fromiter((len(a) for a in anchors), dtype=np.int64, count=len(texts))
    anchor_sigs = minhash.permutation_signatures(_HASHER.many(anchors))
    vectors = document_vectors(texts, encoder)
    vectors[~indexable] = 0.0  # too short to place: kept out of the ANN index
    eights = minhash.shingle_hashes(token_hashes, PASSAGE_SHINGLE)  # for two indexes
    return Fingerprints(
        words=counts,
        signatures=sigs,
        bands={
            "text": BandRows.from_matrix(
                minhash.band_keys(sigs, config.bands, config.rows), indexable),
            "anchors": BandRows.from_matrix(
                minhash.band_keys(anchor_sigs, config.anchor_bands, config.anchor_rows),
                indexable & (n_anchors >= MIN_ANCHORS)),
            "passages": _passages(eights, indexable & (counts >= PASSAGE_SHINGLE)),
            "starts": _starts(eights, token_hashes, line_starts, counts > 0),
        },
        vectors=vectors,
        anchors=anchors,
    )


def _distinct(doc: np.ndarray, key: np.ndarray) -> BandRows:
    """Band rows of (document, key) pairs, each distinct, sorted by document then key."""
    order = np.lexsort((key, doc))
    doc, key = doc[order], key[order]
    first = np.ones(doc.shape[0], dtype=bool)
    first[1:] = (doc[1:] != doc[:-1]) | (key[1:] != key[:-1])
    return BandRows(doc[first], np.zeros(int(first.sum()), np.int16), key[first])


def _passages(shingles: minhash.Packed, keep: np.ndarray) -> BandRows:
    """The sampled 8-gram keys (``shingles``: all of them) of the texts in ``keep``, each
    text's keys distinct, sorted."""
    take = keep[shingles.doc] & (shingles.values % np.uint64(PASSAGE_SAMPLING) == 0)
    return _distinct(shingles.doc[take], shingles.values[take])


def _starts(shingles: minhash.Packed, tokens: minhash.Packed, line_starts: np.ndarray,
            keep: np.ndarray) -> BandRows:
    """The word 8-gram (of ``shingles``, the 8-grams of ``tokens``) at the start of each
    line (paragraph) of the texts in ``keep`` (a text shorter than that: all of it), each
    text's keys distinct.

    A teaser, a digest's item or an excerpt copies whole paragraphs: their first words
    are a key the source has too, however short the copy. Every text has them, the
    shortest included (too short for the other fingerprints).
    """
    lengths = tokens.lengths()
    counts = np.bincount(shingles.doc, minlength=tokens.n_docs)
    word_doc = tokens.doc
    local = np.arange(word_doc.shape[0]) - (np.cumsum(lengths) - lengths)[word_doc]
    take = line_starts & keep[word_doc] & (local < counts[word_doc])
    at = (np.cumsum(counts) - counts)[word_doc[take]] + local[take]
    return _distinct(shingles.doc[at], shingles.values[at])


#: Document vectors embed the head of the text: the lede says what the story is, and
#: embedding whole articles costs three times as much for no better neighbours.
DOCUMENT_CHARS = 1500
_BACKGROUND = Path(__file__).resolve().parents[1] / "models" / "minilm-static" / "background.npy"


def document_text(text: str) -> str:
    return text[:DOCUMENT_CHARS]


@cache
def background() -> np.ndarray:
    """The mean document vector of a news corpus (see scripts/make_background.py); a
    ``ModelError`` without it (vectors would go uncentred, silently)."""
    try:
        return np.load(_BACKGROUND).astype(np.float32)
    except (OSError, ValueError) as exc:
        from ..errors import ModelError

        raise ModelError(f"the packaged background vector {_BACKGROUND} cannot be read "
                         f"({type(exc).__name__}): reinstall unspun") from None


def document_vectors(texts: Sequence[str], encoder) -> np.ndarray:
    """Unit document vectors, centred on the news background (one encode call)."""
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    vectors = encoder.encode([document_text(t) for t in texts])
    bg = background()
    if bg is not None and bg.shape[0] == vectors.shape[1]:
        vectors = vectors - bg
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms > 0, norms, 1)).astype(np.float32)
