"""Documents that cleaning leaves without text: skipped, with what was removed."""

from __future__ import annotations

from collections import Counter

from ..records import Document, Skip

#: The skip reason of a document whose every line cleaning removed.
EMPTIED = "emptied-by-cleaning"


def emptied(doc: Document) -> Skip | None:
    """A Skip for ``doc`` when cleaning left no text, naming the removals' reasons;
    None when text is left."""
    if doc.text.strip():
        return None
    reasons = Counter(r.reason for r in doc.removed)
    detail = ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()))
    return Skip(doc.origin or doc.id, EMPTIED, f"{doc.id}: removed {detail or 'nothing'}")
