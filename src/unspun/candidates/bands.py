"""Pairs that share LSH buckets: word-shingle MinHash bands (near-verbatim copies),
bands of specific names and figures (spun and translated copies keep them) and sampled
word 8-grams (a verbatim excerpt anywhere in a longer text), and the word 8-gram at the
start of every paragraph (a teaser, a digest's item: copies too short for the others). The band keys live in the
index (table ``bands``), so the join is incremental by construction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..config import Config
from .policy import drop_weak_band_pairs
from .proposals import Proposals

if TYPE_CHECKING:
    from ..store import Store


def band_pairs(store: Store, idx: str, pending: Sequence[str], max_bucket: int,
               max_site: int | None = None) -> list[tuple[str, str, int]]:
    """Pairs sharing a bucket of index ``idx``, at least one of them pending:
    (a, b, shared bands). A bucket larger than ``max_bucket`` is boilerplate, and so is
    one holding more than ``max_site`` documents of one site (its template).

    Only the buckets of pending documents are joined (every bucket two such documents
    share holds a pending one), so the cost grows with the new documents, not the index."""
    return store.con.execute(
        """
        WITH pend AS (SELECT unnest($1::VARCHAR[]) AS doc),
        mine AS (SELECT DISTINCT band, key FROM bands
                 WHERE idx = $2 AND doc IN (SELECT doc FROM pend)),
        b AS (SELECT x.band, x.key, x.doc FROM bands x
              SEMI JOIN mine m ON x.band = m.band AND x.key = m.key WHERE x.idx = $2),
        big AS (SELECT band, key FROM b GROUP BY band, key HAVING count(*) > $3
                UNION
                SELECT b.band, b.key FROM b JOIN documents d ON d.id = b.doc
                WHERE $4 IS NOT NULL AND coalesce(d.site, '') <> ''
                GROUP BY b.band, b.key, d.site HAVING count(*) > $4),
        hits AS (
            SELECT x.doc AS a, y.doc AS b, count(*) AS shared
            FROM b x JOIN b y ON x.band = y.band AND x.key = y.key AND x.doc < y.doc
            WHERE (x.doc IN (SELECT doc FROM pend) OR y.doc IN (SELECT doc FROM pend))
              AND (x.band, x.key) NOT IN (SELECT (band, key) FROM big)
            GROUP BY x.doc, y.doc)
        SELECT a, b, shared FROM hits ORDER BY a, b
        """,
        [list(pending), idx, max_bucket, max_site],
    ).fetchall()


#: The band indexes and the name each gives a candidate (``Candidate.via``).
VIA = {"text": "minhash", "anchors": "anchors", "passages": "passages", "starts": "starts"}


def largest_bucket(idx: str, config: Config) -> int:
    """Buckets of index ``idx`` holding more documents than this are ignored."""
    cc = config.candidates
    # A paragraph's first words shared by many documents: a template, or a story
    # syndicated so widely that the other indexes find it.
    return cc.max_start_bucket if idx == "starts" else cc.max_bucket


def largest_site_share(idx: str, config: Config) -> int | None:
    """Buckets of index ``idx`` holding more documents of one site than this are the
    site's template (None: no such limit)."""
    # A passage or paragraph start that many pages of one site share is its template
    # (a related-stories card, a newsletter's standing blocks, a methods note) that
    # line cleaning missed because it sits inside a paragraph; its pairs grow with the
    # square of the site's pages. Copies across sites, and one outlet's few versions of
    # a story, stay under it.
    return config.candidates.max_site_bucket if idx in ("passages", "starts") else None


def band_score(idx: str, shared: int, config: Config) -> float | None:
    """The score of a pair sharing ``shared`` buckets of index ``idx``, or None when
    that is not enough to be a candidate."""
    cc = config.candidates
    if idx == "text":
        return shared / cc.bands
    if idx == "anchors":
        return shared / cc.anchor_bands
    if idx == "passages" and shared < cc.min_shared_passages:
        return None
    # Passages, and paragraph starts: one shared start is an excerpt, a teaser, a
    # digest's item (copies too short for the other indexes).
    return min(1.0, shared / 10)


def band_candidates(store: Store, config: Config, pending: Sequence[str],
                    found: Proposals) -> None:
    """Into ``found``: the pairs sharing LSH buckets, at least one of them pending, but
    for those a weak index alone proposed that the policy drops."""
    if not pending:
        return
    for idx, via in VIA.items():
        for a, b, shared in band_pairs(store, idx, pending, largest_bucket(idx, config),
                                       largest_site_share(idx, config)):
            score = band_score(idx, shared, config)
            if score is not None:
                found.offer(a, b, score, via)
    drop_weak_band_pairs(store, config, found)
