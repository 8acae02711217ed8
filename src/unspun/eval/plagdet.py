"""PAN's passage-level detection measures: character precision, recall, granularity, plagdet.

The standard definitions (Potthast et al., "An Evaluation Framework for Plagiarism
Detection", COLING 2010), as in PAN's ``perfmeasures.py``: a case and a detection are each
a pair of character ranges (suspicious, source) in one document pair; a detection detects a
case when both ranges overlap. Precision and recall are macro-averaged over detections and
cases; granularity is the mean number of detections per detected case;
``plagdet = F1 / log2(1 + granularity)``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from . import f1


@dataclass(frozen=True, slots=True)
class Span:
    """A reuse case or a detection: ranges [start, end) in both documents of ``pair``."""

    pair: str
    this: tuple[int, int]  # in the suspicious document (the copy)
    source: tuple[int, int]  # in the source document

    @property
    def size(self) -> int:
        return (self.this[1] - self.this[0]) + (self.source[1] - self.source[0])


def _overlaps(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def detects(case: Span, detection: Span) -> bool:
    return (
        case.pair == detection.pair
        and _overlaps(case.this, detection.this)
        and _overlaps(case.source, detection.source)
    )


def _union_length(ranges: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for lo, hi in sorted(ranges):
        if hi <= end:
            continue
        total += hi - max(lo, end)
        end = hi
    return total


def _covered(target: Span, others: list[Span]) -> float:
    """Share of ``target``'s characters that the overlapping ``others`` cover."""
    this = [(max(target.this[0], o.this[0]), min(target.this[1], o.this[1])) for o in others]
    source = [
        (max(target.source[0], o.source[0]), min(target.source[1], o.source[1])) for o in others
    ]
    size = target.size
    return (_union_length(this) + _union_length(source)) / size if size else 0.0


def _macro(targets: Sequence[Span], others: Sequence[Span]) -> tuple[float, list[int]]:
    by_pair: dict[str, list[Span]] = defaultdict(list)
    for o in others:
        by_pair[o.pair].append(o)
    scores, counts = [], []
    for t in targets:
        hits = [o for o in by_pair[t.pair] if detects(t, o)]
        scores.append(_covered(t, hits))
        counts.append(len(hits))
    return (sum(scores) / len(scores) if scores else 0.0), counts


def plagdet(cases: Sequence[Span], detections: Sequence[Span]) -> dict[str, float]:
    """precision, recall, granularity, f1 and plagdet of ``detections`` against ``cases``."""
    if not cases and not detections:
        return {
            "precision": 1.0,
            "recall": 1.0,
            "granularity": 1.0,
            "f1": 1.0,
            "plagdet": 1.0,
            "cases": 0,
            "detections": 0,
        }
    recall, per_case = _macro(cases, detections)
    precision, _ = _macro(detections, cases)
    detected = [n for n in per_case if n > 0]
    granularity = sum(detected) / len(detected) if detected else 1.0
    f1_score = f1(precision, recall)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "granularity": round(granularity, 4),
        "f1": round(f1_score, 4),
        "plagdet": round(f1_score / math.log2(1 + granularity), 4),
        "cases": len(cases),
        "detections": len(detections),
    }
