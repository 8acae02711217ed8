"""What two prepared texts share: content words and bigrams, rare words, names and
figures, and the subject (document vectors centred on a news background)."""

from __future__ import annotations

import numpy as np

from ..align import Prepared, distinct_ids, sorted_distinct, sorted_member
from ..fingerprint.immutables import anchor_tokens, specific
from ..fingerprint.stage import background

#: Rarity (log rank) from which a shared word is a name or a rare term, not vocabulary.
RARE_NAME = 6.0


def _make_content_bigrams(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Stemmed content words and their bigrams (as stem ids, a bigram as one integer),
    each sorted and distinct (see ``containment``). The words of ``sequence`` are those
    of ``ids``: their distinct ids are already sorted."""
    stems = prepared.sequence
    return distinct_ids(prepared)[0], sorted_distinct((stems[:-1] << 32) | stems[1:])


def content_bigrams(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    return prepared.cached("content_bigrams", _make_content_bigrams)


def _make_rarity(prepared: Prepared) -> tuple[np.ndarray, np.ndarray, float]:
    """Distinct stem ids (sorted), the rarity each has in its last sentence, their sum."""
    ids, _, last = distinct_ids(prepared)
    weights = prepared.weights[last].astype(np.float64)
    return ids, weights, float(weights.sum())


def rare_overlap(a: Prepared, b: Prepared) -> tuple[float, int]:
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


def shared_count(x: np.ndarray, y: np.ndarray) -> int:
    """How many values two sorted arrays of distinct values share: each value of the
    shorter looked for in the longer by binary search (a value past the end is compared
    with the last, which it exceeds)."""
    if len(x) > len(y):
        x, y = y, x
    if not len(x):
        return 0
    return int(np.count_nonzero(y.take(np.searchsorted(y, x), mode="clip") == x))


def containment(x: np.ndarray, y: np.ndarray) -> float:
    """Share of the smaller set's values found in the other (sorted, distinct arrays)."""
    smaller = min(len(x), len(y))
    return shared_count(x, y) / smaller if smaller else 0.0


def best_mean(matrix: np.ndarray, top: int = 5) -> float:
    """Mean of the ``top`` best row maxima: how well the best sentences find a match."""
    if matrix.size == 0:
        return 0.0
    return top_mean(matrix.max(axis=1), top)


def top_mean(maxima: np.ndarray, top: int = 5) -> float:
    """``best_mean`` of row maxima already taken."""
    best = np.sort(maxima)[-top:]
    return float(best.mean())


def share(mask: np.ndarray) -> float:
    """``np.mean`` of a boolean array, without its overhead: the count over the length
    (both whole numbers, so the very same division)."""
    return int(np.count_nonzero(mask)) / len(mask)



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
