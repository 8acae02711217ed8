"""Which recurring lines are boilerplate: those whose documents are otherwise unrelated
(they fall into several content clusters), across sites or among the pages of one site."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .line_stats import LineStats
from .lines import WORD_MASK

__all__ = ["boilerplate_hashes"]


def _clusters(sim: np.ndarray, threshold: float) -> int:
    """Number of connected components of the graph ``sim >= threshold``."""
    k = sim.shape[0]
    adj = sim >= threshold
    np.fill_diagonal(adj, True)
    labels = np.arange(k)
    for _ in range(k):
        new = np.where(adj, labels[None, :], k).min(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return len(np.unique(labels))


def boilerplate_hashes(
    stats: LineStats,
    doc_ids: Iterable[str] | None = None,
    *,
    min_docs: int = 3,
    max_words: int = 40,
    short_words: int = 12,
    min_clusters: int = 3,
    similarity: float = 0.2,
    long_similarity: float = 0.04,
    long_site_share: float = 0.5,
    content_words: int = 8,
    sample: int = 24,
    site_min_docs: int = 2,
    site_long_docs: int = 3,
    site_max_words: int = 40,
    site_home_share: float = 0.5,
    site_many_docs: int = 5,
) -> set[int]:
    """Hashes of lines that recur in documents that are otherwise unrelated.

    For each line in at least ``min_docs`` documents and at most ``max_words`` words, the
    documents holding it (a deterministic sample of ``sample``) are compared by their
    shared *content* lines (``content_words`` words or more, weighted by words, the line
    itself left out): containment of at least ``similarity`` links two documents. A line
    whose documents form ``min_clusters`` or more groups recurs across different stories:
    boilerplate. Syndicated copies form one group, so their shared lines are kept.

    Lines longer than ``short_words`` are usually real sentences (a quoted tweet, an entry
    of a live blog reused by its next version), so they are judged in a second pass, once
    the short boilerplate is known and left out of the comparison, with the stricter
    ``long_similarity``: their documents must share almost nothing else; and they must be
    part of a site template, in at least ``long_site_share`` of the pages of their sites
    (a quoted tweet recurs in some pages of many sites, a template line in all of them).

    Same-site template: a site's template changes over time and by section, so many of its
    lines are in a few of its pages only, and some are long (a sign-up blurb, a
    disclaimer). Two different stories of one site do not share a line by chance, so a line
    is also boilerplate when the documents of *one site* that hold it fall into two groups
    or more: ``site_min_docs`` documents for a short line, ``site_long_docs`` for a line up
    to ``site_max_words`` words (judged with ``long_similarity``). Versions of one story
    and syndicated copies form one group, so their lines are kept. The site must hold at
    least ``site_home_share`` of the line's documents: a template line lives on its site,
    while a tweet quoted by three stories of one site is quoted by many other sites too.
    A line of any length (a donation appeal of a hundred words) is template too when
    ``site_many_docs`` documents of one site hold it and fall into three groups or more.
    Only lines of ``doc_ids`` are judged (all when None).
    """
    n_words_sql = f"(hash & {WORD_MASK})"
    candidate = (f"(count(*) >= {int(min_docs)} AND {n_words_sql} <= {int(max_words)}) "
                 f"OR (count(*) >= {int(site_min_docs)} AND {n_words_sql} <= {int(short_words)}) "
                 f"OR (count(*) >= {int(site_long_docs)} AND {n_words_sql} <= {int(site_max_words)}) "
                 f"OR count(*) >= {int(site_many_docs)}")
    found = stats.recurring(doc_ids, candidate, sample=int(sample),
                            site_docs=min(int(site_min_docs), int(site_long_docs)),
                            content_words=int(content_words))
    if not found.hashes.size:
        return set()
    n_words = found.hashes & WORD_MASK
    zeroed = np.zeros(0, dtype=np.int64)  # hashes of the short boilerplate, once known
    empty = np.zeros(0, dtype=np.int64)

    def weight(hashes: np.ndarray) -> np.ndarray:
        """Content lines weigh their words; known boilerplate nothing."""
        words = hashes & WORD_MASK
        w = np.where(words >= content_words, words, 0).astype(np.float32)
        w[np.isin(hashes, zeroed)] = 0.0
        return w

    verdicts: dict[tuple[bytes, float, int], bool] = {}

    def unrelated(docs: np.ndarray, line: int, threshold: float, groups_needed: int) -> bool:
        """Whether ``docs`` (sampled) fall into ``groups_needed`` content groups or more."""
        key = (docs.tobytes(), threshold, groups_needed)
        verdict = verdicts.get(key)
        if verdict is None:
            parts = [found.content.get(int(d), empty) for d in docs]
            groups = _n_groups(parts, weight, threshold, exclude=line)
            verdict = groups >= groups_needed
            # A syndicated story's many lines share one document set: decide it once
            # (valid only when the judged line adds no weight of its own).
            if weight(np.array([line], dtype=np.int64))[0] == 0:
                verdicts[key] = verdict
        return verdict

    def judge(lines: np.ndarray, threshold: float, site_share: float, site_docs: int
              ) -> list[int]:
        judged = []
        for i in lines:
            line, n_docs = int(found.hashes[i]), int(found.docs[i])
            templated = not site_share or n_docs >= site_share * found.site_pages[i]
            if (
                n_docs >= min_docs
                and n_words[i] <= max_words
                and templated
                and unrelated(found.sample[i], line, threshold, min_clusters)
            ):
                judged.append(line)
                continue
            # Same-site template: the documents of one site holding the line, if two
            # different stories of that site share it (not three: there is no chance
            # sharing within one site to guard against, as there is across many sites).
            long_line = n_words[i] > site_max_words
            needed = max(site_docs, site_many_docs) if long_line else site_docs
            for count, docs in found.sites[i]:
                if (count >= needed and count >= site_home_share * n_docs
                        and unrelated(docs, line, threshold, 3 if long_line else 2)):
                    judged.append(line)
                    break
        return judged

    is_short = n_words <= short_words
    short = judge(np.flatnonzero(is_short), similarity, 0.0, site_min_docs)
    # Known boilerplate no longer makes two documents look alike.
    zeroed = np.array(sorted(short), dtype=np.int64)
    verdicts.clear()  # the weights changed
    long = judge(np.flatnonzero(~is_short), long_similarity, long_site_share, site_long_docs)
    return {*short, *long}


def _n_groups(parts: list[np.ndarray], weight: Callable[[np.ndarray], np.ndarray],
              similarity: float, exclude: int) -> int:
    """Content clusters among documents (``parts``: the content lines of each), linked by
    shared content lines."""
    sizes = np.fromiter((p.size for p in parts), dtype=np.int64, count=len(parts))
    if sizes.sum() == 0:
        return len(parts)
    cols, local = np.unique(np.concatenate(parts), return_inverse=True)
    rows = np.repeat(np.arange(len(parts)), sizes)
    w = weight(cols)
    w[cols == exclude] = 0.0
    incidence = np.zeros((len(parts), cols.size), dtype=np.float32)
    incidence[rows, local] = 1.0
    shared = (incidence * w) @ incidence.T
    total = np.diag(shared).copy()
    smaller = np.minimum(total[:, None], total[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(smaller > 0, shared / smaller, 0.0)
    return _clusters(sim, similarity)
