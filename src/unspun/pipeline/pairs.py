"""The per-pair half of a scan: find the candidate pairs of the new documents, align and
relate them on the workers, store the relations."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .. import limits
from ..candidates import NeighbourIndex, Proposals, band_candidates, neighbour_candidates
from ..config import Config
from ..engine import Engine
from .documents import Progress, batched
from .stages import PairBatch, Relate, Task
from .summary import ScanSummary

if TYPE_CHECKING:
    from ..store import Store

# Candidate pairs aligned per engine task: large enough that documents recur within a
# task (pairs are sorted), small enough to keep both workers busy.
_PAIRS_PER_TASK = 256
# Tasks whose documents are read from the store in one query.
_TASKS_PER_READ = 8


def relate_pending(store: Store, vectors: NeighbourIndex, eng: Engine, config: Config,
                   summary: ScanSummary, progress: Progress,
                   commit: Callable[[], None]) -> None:
    """Find the candidate pairs of the pending documents and align them.

    The LSH bands' pairs go to the workers as soon as they are found; ``commit`` (of
    the last chunk of documents) is made, and the vector index's neighbours (half of the
    candidates' time) are found, while those align.
    """
    start = time.perf_counter()
    found_before = summary.seconds.get("candidates", 0.0)
    pending = store.pending_ids()
    found = Proposals()
    with summary.timed("candidates"):
        done = store.related_pairs(pending)  # every candidate holds a pending document
        band_candidates(store, config, pending, found)
    first = sorted(key for key in found if key not in done)

    def neighbours() -> list[tuple[str, str]]:
        with summary.timed("candidates"):
            neighbour_candidates(store, config, vectors, pending, found)
            candidates = [c for key, c in sorted(found.items()) if key not in done]
            # Every pair found, the aligned ones too: a scan interrupted after aligning
            # them but before this left them out (the store keeps each pair once).
            store.add_candidates([c for _, c in sorted(found.items())])
        for c in candidates:
            for via in c.via.split(","):
                summary.candidates[via] = summary.candidates.get(via, 0) + 1
        summary.candidates["pairs"] = len(candidates)
        return sorted({(c.a, c.b) for c in candidates}.difference(first))

    def tasks() -> Iterator[PairBatch]:
        yield from _pair_batches(first, store)
        # The workers have the first pairs: the commit is made now, and the neighbours
        # are found in committed tables (in the open transaction, finding the shared
        # names and figures took several times longer).
        commit()
        yield from _pair_batches(neighbours(), store)

    aligned = eng.map(Task((Relate(config),)), tasks(), ahead=_TASKS_PER_READ)
    commit()  # when the window did not reach the neighbours (made once: then a no-op)
    for n, (relations, counts) in enumerate(aligned):
        if n == 0:
            # Everything but the relations is in: the file is written while the
            # workers align, instead of all at once when the scan closes it.
            store.checkpoint()
        summary.count(counts)
        store.add_relations(relations)
        progress("align", len(relations), summary.candidates.get("pairs"))
    store.add_relations([], done=pending)
    # The neighbours were found while the first pairs aligned: that is candidates' time.
    spent = summary.seconds.get("candidates", 0.0) - found_before
    summary.add_seconds("align+relate", time.perf_counter() - start - spent)


def _pair_batches(pairs: list[tuple[str, str]], store: Store) -> Iterator[PairBatch]:
    """Relate batches for ``pairs``: batches of pairs that share documents, so each
    batch prepares a document once."""
    words = store.word_counts({x for pair in pairs for x in pair})
    chunks = list(limits.batched_by(_breadth_first(pairs), _PAIRS_PER_TASK,
                                    lambda pair: words[pair[0]] + words[pair[1]],
                                    limits.TASK_WORDS))
    # Documents are read for several batches at once (each read scans the table), but
    # the first batch's alone, so that the workers start sooner.
    for group in [chunks[:1], *batched(chunks[1:], _TASKS_PER_READ)] if chunks else []:
        wanted = sorted({x for chunk in group for pair in chunk for x in pair})
        docs = {d.id: d for d in store.documents(wanted, raw_text=False)}
        anchors = store.anchors(wanted)
        counts = store.anchor_counts(t for tokens in anchors.values() for t in tokens)
        for chunk in group:
            ids = {x for pair in chunk for x in pair}
            mine = {i: anchors[i] for i in ids}
            names = {t: counts[t] for tokens in mine.values() for t in tokens if t in counts}
            yield chunk, {i: docs[i] for i in ids}, mine, names


def _breadth_first(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs in breadth-first order over the documents they join: consecutive pairs
    share documents, so a batch of them needs fewer documents prepared (at 10,000
    articles, 5,818 preparations instead of 6,310 in sorted order)."""
    links: dict[str, list[tuple[str, str]]] = {}
    for pair in pairs:
        links.setdefault(pair[0], []).append(pair)
        links.setdefault(pair[1], []).append(pair)
    seen: set[str] = set()
    placed: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for start in links:  # first appearance in sorted pairs: deterministic
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            doc = queue.popleft()
            for pair in links[doc]:
                if pair not in placed:
                    placed.add(pair)
                    out.append(pair)
                other = pair[1] if pair[0] == doc else pair[0]
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return out
