"""Which nearest neighbours, and which pairs only a weak band index proposed, are worth
aligning.

Most neighbours are articles on the same topic, neither copies nor one story, and
aligning them is most of a scan's work. A neighbour that no band or passage found is
aligned only if it can be the same story (``RelateConfig.story_possible``: enough shared
specific names and figures, published within days) or a rewrite, which keeps most of
its names and figures; a side with too few of them to tell (under ``MIN_ANCHORS``, as
for the anchor fingerprint) is given the benefit of the doubt. A pair only the index of
names and figures proposed is held to the same rule; one only a shared paragraph start
proposed must be published within ``CandidateConfig.start_days`` (see
``weak_band_pair``). See the README for what this keeps and drops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from ..config import Config
from ..fingerprint.stage import MIN_ANCHORS
from ..ingest.dates import days_apart
from .neighbours import NeighbourIndex
from .proposals import Proposals

if TYPE_CHECKING:
    from ..store import Store


def shared_anchors(store: Store, pairs: Sequence[tuple[str, str]]
                   ) -> dict[tuple[str, str], tuple[int, int, int]]:
    """For each pair of documents sharing specific names and figures: how many they
    share, and how many each one has."""
    if not pairs:
        return {}
    con = store.con
    con.register("pair_in", pa.table({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]}))
    try:
        rows = con.execute(
            "WITH n AS (SELECT doc, count(*) AS n FROM anchors WHERE doc IN "
            "(SELECT a FROM pair_in UNION SELECT b FROM pair_in) GROUP BY doc) "
            "SELECT p.a, p.b, count(y.token), any_value(na.n), any_value(nb.n) FROM pair_in p "
            "JOIN anchors x ON x.doc = p.a JOIN anchors y ON y.doc = p.b AND y.token = x.token "
            "JOIN n AS na ON na.doc = p.a JOIN n AS nb ON nb.doc = p.b "
            "GROUP BY p.a, p.b").fetchall()
    finally:
        con.unregister("pair_in")
    return {(a, b): (shared, n_a, n_b) for a, b, shared, n_a, n_b in rows}


def neighbour_candidates(store: Store, config: Config, vectors: NeighbourIndex,
                         pending: Sequence[str], found: Proposals) -> None:
    """Into ``found``: the nearest neighbours of the pending documents' vectors worth
    aligning (those ``found`` already holds gain "ann")."""
    if not pending:
        return
    cc = config.candidates
    neighbours: dict[tuple[str, str], float] = {}
    for a, b, sim in vectors.neighbours(set(pending), cc.ann_neighbours, cc.ann_similarity):
        key = (a, b) if a < b else (b, a)
        neighbours[key] = max(sim, neighbours.get(key, 0.0))
    shared = shared_anchors(store, [k for k in neighbours if k not in found])
    dates = store.dates({x for pair in shared for x in pair})
    for (a, b), sim in neighbours.items():
        if (a, b) in found:
            found.offer(a, b, sim, "ann")
            continue
        if worth_aligning(config, shared.get((a, b), (0, 0, 0)),
                          days_apart(dates.get(a), dates.get(b))):
            found.offer(a, b, sim, "ann")


def drop_weak_band_pairs(store: Store, config: Config, found: Proposals) -> None:
    """Out of ``found``: the pairs only the names-and-figures index or only a shared
    paragraph start proposed that ``weak_band_pair`` says are not worth aligning."""
    weak = {key: c.via for key, c in found.items() if c.via in ("anchors", "starts")}
    if not weak:
        return
    shared = shared_anchors(store, [k for k, via in weak.items() if via == "anchors"])
    dates = store.dates({x for pair in weak for x in pair})
    for (a, b), via in weak.items():
        if not weak_band_pair(config, via, shared.get((a, b), (0, 0, 0)),
                              days_apart(dates.get(a), dates.get(b))):
            del found[(a, b)]


def weak_band_pair(config: Config, via: str, shared: tuple[int, int, int],
                   days: int | None) -> bool:
    """Whether a pair that only one weak band index proposed (``via``) is aligned:
    ``shared`` and ``days`` as for ``worth_aligning``.

    Sharing names and figures is what a vector neighbour shares too, so the same rule
    holds. A teaser, a digest's item or a short excerpt (what only a paragraph start
    finds) comes out with its source; two pages dated further apart that share one
    paragraph's first words share a phrase ("Office of Management and Budget Director
    Mick Mulvaney"), a quoted statute, a columnist's standing bio (at 37,554 news-bias
    articles, 3,148 such pairs more than 30 days apart aligned to 39 partial copies, of
    which one read as a real excerpt). A longer excerpt shares sampled passages as well.
    """
    if via == "anchors":
        return worth_aligning(config, shared, days)
    return days is None or days <= config.candidates.start_days


def worth_aligning(config: Config, shared: tuple[int, int, int], days: int | None) -> bool:
    """Whether a vector neighbour that no band proposed is aligned: ``shared`` = (specific
    names and figures the two share, how many each has), ``days`` apart (None: unknown)."""
    common, n_a, n_b = shared
    if common < config.candidates.ann_min_anchors:
        return False
    fewest = min(n_a, n_b)
    return (config.relate.story_possible(common, days) or fewest < MIN_ANCHORS
            or common >= config.candidates.ann_rewrite_anchors * fewest)
