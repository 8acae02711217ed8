"""Every sentence-pair score of a pair as matrices: word overlap (Dice, containment),
meaning (cosine of sentence vectors), and many-to-one window cover for summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from ..config import AlignConfig
from .prepare import Prepared

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
