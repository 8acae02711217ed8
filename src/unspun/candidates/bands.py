"""Pairs that share LSH buckets: word-shingle MinHash bands (near-verbatim copies),
bands of specific names and figures (spun and translated copies keep them) and sampled
word 8-grams (a verbatim excerpt anywhere in a longer text). The band keys live in the
index (table ``bands``), so the join is incremental by construction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..config import Config
from .proposals import Proposals

if TYPE_CHECKING:
    from ..store import Store


def band_pairs(store: Store, idx: str, pending: Sequence[str], max_bucket: int
               ) -> list[tuple[str, str, int]]:
    """Pairs sharing a bucket of index ``idx``, at least one of them pending:
    (a, b, shared bands). A bucket larger than ``max_bucket`` is boilerplate."""
    return store.con.execute(
        """
        WITH pend AS (SELECT unnest(?::VARCHAR[]) AS doc),
        b AS (SELECT band, key, doc FROM bands WHERE idx = ?),
        big AS (SELECT band, key FROM b GROUP BY band, key HAVING count(*) > ?),
        hits AS (
            SELECT x.doc AS a, y.doc AS b, count(*) AS shared
            FROM b x JOIN b y ON x.band = y.band AND x.key = y.key AND x.doc < y.doc
            WHERE (x.doc IN (SELECT doc FROM pend) OR y.doc IN (SELECT doc FROM pend))
              AND (x.band, x.key) NOT IN (SELECT (band, key) FROM big)
            GROUP BY x.doc, y.doc)
        SELECT a, b, shared FROM hits ORDER BY a, b
        """,
        [list(pending), idx, max_bucket],
    ).fetchall()


def band_candidates(store: Store, config: Config, pending: Sequence[str],
                    found: Proposals) -> None:
    """Into ``found``: the pairs sharing LSH buckets, at least one of them pending."""
    if not pending:
        return
    cc = config.candidates
    for a, b, shared in band_pairs(store, "text", pending, cc.max_bucket):
        found.offer(a, b, shared / cc.bands, "minhash")
    for a, b, shared in band_pairs(store, "anchors", pending, cc.max_bucket):
        found.offer(a, b, shared / cc.anchor_bands, "anchors")
    for a, b, shared in band_pairs(store, "passages", pending, cc.max_bucket):
        if shared >= cc.min_shared_passages:
            found.offer(a, b, min(1.0, shared / 10), "passages")
