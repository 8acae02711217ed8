"""Which recurring lines are boilerplate: those whose documents are otherwise unrelated
(they fall into several content clusters), across sites or among the pages of one site."""

from __future__ import annotations

from collections.abc import Iterable

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
    hashes, doc_of_row = stats.arrays()
    if hashes.size == 0:
        return set()
    uniq, line_of_row, df = np.unique(hashes, return_inverse=True, return_counts=True)
    n_words = (uniq & WORD_MASK).astype(np.int64)
    candidate = ((df >= min_docs) & (n_words <= max_words)) | (
        (df >= site_min_docs) & (n_words <= short_words)
    ) | ((df >= site_long_docs) & (n_words <= site_max_words)) | (df >= site_many_docs)
    if doc_ids is not None:
        wanted = np.zeros(len(stats), dtype=bool)
        idx = [i for i in (stats.doc_index(d) for d in doc_ids) if i is not None]
        wanted[idx] = True
        in_wanted = np.zeros(uniq.size, dtype=bool)
        in_wanted[line_of_row[wanted[doc_of_row]]] = True
        candidate &= in_wanted
    if not candidate.any():
        return set()
    # Documents of each line (CSR by line) and content lines of each document (CSR by doc).
    by_line = np.argsort(line_of_row, kind="stable")
    line_start = np.concatenate(([0], np.cumsum(df)))
    weight = np.where(n_words >= content_words, n_words, 0).astype(np.float32)
    content_rows = np.flatnonzero(weight[line_of_row] > 0)
    order = content_rows[np.argsort(doc_of_row[content_rows], kind="stable")]
    doc_counts = np.bincount(doc_of_row[order], minlength=len(stats))
    doc_start = np.concatenate(([0], np.cumsum(doc_counts)))
    doc_lines = line_of_row[order]
    # A fixed pseudo-random rank per document makes the sample deterministic.
    rank = (np.arange(len(stats), dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(
        11
    )

    site_of_doc = stats.site_codes()
    site_pages = np.bincount(site_of_doc)

    verdicts: dict[tuple[bytes, float, int], bool] = {}

    def unrelated(docs: np.ndarray, line: int, threshold: float, groups_needed: int) -> bool:
        """Whether ``docs`` (sampled) fall into ``groups_needed`` content groups or more."""
        if docs.size > sample:
            docs = np.sort(docs[np.argsort(rank[docs], kind="stable")[:sample]])
        key = (docs.tobytes(), threshold, groups_needed)
        verdict = verdicts.get(key)
        if verdict is None:
            groups = _n_groups(docs, doc_start, doc_lines, weight, threshold, exclude=line)
            verdict = groups >= groups_needed
            # A syndicated story's many lines share one document set: decide it once
            # (valid only when the judged line adds no weight of its own).
            if weight[line] == 0:
                verdicts[key] = verdict
        return verdict

    def judge(lines: np.ndarray, threshold: float, site_share: float, site_docs: int
              ) -> list[int]:
        found = []
        for line in lines:
            docs = np.unique(doc_of_row[by_line[line_start[line] : line_start[line + 1]]])
            sites = site_of_doc[docs]
            codes, counts = np.unique(sites, return_counts=True)
            templated = not site_share or docs.size >= site_share * site_pages[codes].sum()
            if (
                docs.size >= min_docs
                and n_words[line] <= max_words
                and templated
                and unrelated(docs, line, threshold, min_clusters)
            ):
                found.append(int(line))
                continue
            # Same-site template: the documents of one site holding the line, if two
            # different stories of that site share it (not three: there is no chance
            # sharing within one site to guard against, as there is across many sites).
            long_line = n_words[line] > site_max_words
            needed = max(site_docs, site_many_docs) if long_line else site_docs
            home = (counts >= needed) & (counts >= site_home_share * docs.size)
            for code in codes[home]:
                if unrelated(docs[sites == code], line, threshold, 3 if long_line else 2):
                    found.append(int(line))
                    break
        return found

    is_short = n_words <= short_words
    short = judge(np.flatnonzero(candidate & is_short), similarity, 0.0, site_min_docs)
    weight[short] = 0.0  # known boilerplate no longer makes two documents look alike
    verdicts.clear()  # the weights changed
    long = judge(
        np.flatnonzero(candidate & ~is_short), long_similarity, long_site_share, site_long_docs
    )
    return {int(uniq[i]) for i in (*short, *long)}


def _n_groups(
    docs: np.ndarray,
    doc_start: np.ndarray,
    doc_lines: np.ndarray,
    weight: np.ndarray,
    similarity: float,
    exclude: int,
) -> int:
    """Content clusters among ``docs``: documents linked by shared content lines."""
    parts = [doc_lines[doc_start[d] : doc_start[d + 1]] for d in docs]
    sizes = np.fromiter((p.size for p in parts), dtype=np.int64, count=len(parts))
    if sizes.sum() == 0:
        return len(docs)
    cols, local = np.unique(np.concatenate(parts), return_inverse=True)
    rows = np.repeat(np.arange(len(docs)), sizes)
    w = weight[cols].copy()
    w[cols == exclude] = 0.0
    incidence = np.zeros((len(docs), cols.size), dtype=np.float32)
    incidence[rows, local] = 1.0
    shared = (incidence * w) @ incidence.T
    total = np.diag(shared).copy()
    smaller = np.minimum(total[:, None], total[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(smaller > 0, shared / smaller, 0.0)
    return _clusters(sim, similarity)
