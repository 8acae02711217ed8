"""Corpus-aware boilerplate: lines that recur across *unrelated* documents.

Site templates, widgets and bylines recur across documents; so do the lines of a
syndicated story, legitimately. A recurring line is boilerplate only when the documents
holding it are otherwise dissimilar (they fall into several content clusters), across
sites or among the pages of one site (a site template, even one found in a few of its
pages only). The statistics are rows of the index (line hash, document number; document,
site), so later runs continue, and a chunk of documents is judged by reading the rows of
its own lines.

Lines are hashed in ``lines.py``, counted in ``line_stats.py`` and judged in
``boilerplate.py``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..records import Document, Removal
from .boilerplate import boilerplate_hashes
from .line_stats import LineStats
from .lines import line_hashes, text_lines
from .rules import ENTRY_STAMP, TWEET_SIGNATURE

__all__ = ["corpus_clean"]


def corpus_clean(
    docs: list[Document],
    stats: LineStats,
    hashes: list[np.ndarray] | None = None,
    **options: float,
) -> list[Document]:
    """Remove lines that recur across unrelated documents (reason "boilerplate").

    ``docs`` not yet in ``stats`` are observed first, so the statistics grow with every
    call. ``hashes``: the documents' :func:`line_hashes`, if already computed.
    ``options`` go to :func:`boilerplate_hashes`.
    """
    if hashes is None:
        hashes = line_hashes([doc.text for doc in docs])
    sizes = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
    flat = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.int64)
    ids = [d.id for d in docs]
    stats.observe(ids, [d.site or "" for d in docs], flat, sizes)
    bad = boilerplate_hashes(stats, ids, **options)  # type: ignore[arg-type]
    is_bad = np.isin(flat, np.fromiter(bad, dtype=np.int64, count=len(bad)))
    ends = np.cumsum(sizes)
    # Only the documents holding a boilerplate line are rebuilt, line by line.
    bad_before = np.concatenate(([0], np.cumsum(is_bad)))
    touched = bad_before[ends] > bad_before[ends - sizes]
    out = list(docs)
    for i in np.flatnonzero(touched):
        doc, start = docs[i], ends[i] - sizes[i]
        kept: list[str] = []
        removed: list[Removal] = []
        for line, drop in zip(text_lines(doc.text), is_bad[start : ends[i]].tolist(), strict=True):
            if drop and not (TWEET_SIGNATURE.match(line) or ENTRY_STAMP.match(line.strip())):
                removed.append(Removal(line, "boilerplate"))
            else:
                kept.append(line)
        out[i] = replace(
            doc,
            text="\n".join(kept),
            raw_text=doc.raw_text if doc.raw_text is not None else doc.text,
            removed=[*doc.removed, *removed],
        )
    return out
