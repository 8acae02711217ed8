"""Which side of a copy pair is the source, how that was decided, and why."""

from __future__ import annotations

from ..align import Prepared
from ..changes import INJECTED_REASONS
from ..records import Alignment, Document


def decide_direction(a: Prepared, b: Prepared, doc_a: Document | None, doc_b: Document | None,
               alignment: Alignment) -> tuple[str | None, str | None, list[str]]:
    """Which side is the source, how that was decided, and why."""
    date_a = doc_a.published if doc_a else None
    date_b = doc_b.published if doc_b else None
    if date_a and date_b and date_a != date_b:
        first = "a" if date_a < date_b else "b"
        return first, "dates", [
            f"{first} was published first ({min(date_a, date_b)} before {max(date_a, date_b)})"
        ]
    votes = {"a": 0.0, "b": 0.0}
    why: list[str] = []
    # A text that is (almost) wholly contained in the other is the excerpt.
    if alignment.coverage_a >= 0.9 and alignment.coverage_b < 0.7:
        votes["b"] += 1
        why.append(f"a is a subset of b ({alignment.coverage_b:.0%} of b reused)")
    elif alignment.coverage_b >= 0.9 and alignment.coverage_a < 0.7:
        votes["a"] += 1
        why.append(f"b is a subset of a ({alignment.coverage_a:.0%} of a reused)")
    for side, doc, other in (("a", doc_a, "b"), ("b", doc_b, "a")):
        injected = [r for r in (doc.removed if doc else []) if r.reason in INJECTED_REASONS]
        if injected:
            votes[other] += 1
            why.append(f"{side} carries injected text ({injected[0].reason}: "
                       f"{injected[0].text[:60]!r})")
    if votes["a"] == votes["b"]:
        return None, None, why
    return ("a" if votes["a"] > votes["b"] else "b"), "text", why
