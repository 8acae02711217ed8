"""Candidates: the pairs worth aligning, without comparing all pairs.

Three LSH indexes stored as band keys (``bands``) and the nearest neighbours of document
vectors (``neighbours``), of which only those that can be a copy or one story are kept
(``policy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import Config
from ..records import Candidate
from .bands import band_candidates
from .neighbours import NeighbourIndex
from .policy import neighbour_candidates
from .proposals import Proposals

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["NeighbourIndex", "Proposals", "band_candidates", "find_candidates",
           "neighbour_candidates"]


def find_candidates(store: Store, config: Config,
                    vectors: NeighbourIndex | None = None) -> list[Candidate]:
    """Pairs to align that are not aligned yet: LSH on word shingles, on names and numbers
    and on sampled passages; nearest neighbours of document vectors (``vectors``: the
    index of every stored vector, built from the store if not given)."""
    pending = store.pending_ids()
    found = Proposals()
    band_candidates(store, config, pending, found)
    if vectors is None:
        vectors = NeighbourIndex(store)
    neighbour_candidates(store, config, vectors, pending, found)
    done = store.related_pairs(pending)
    return [c for key, c in sorted(found.items()) if key not in done]
