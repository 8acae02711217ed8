"""The library's front door for pairs: compare two texts or documents."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .errors import InputError
from .records import Document, Relation, Skip
from .unwrap import unwrap


def _as_document(value: str | Document, name: str) -> Document:
    if isinstance(value, Document):
        return value
    if isinstance(value, str):
        # A hard-wrapped text's lines are not sentences; unwrapping keeps every offset.
        return Document(id=name, text=unwrap(value))
    raise TypeError(f"compare() takes plain text or a Document, not {type(value).__name__}")


def compare(a: str | Document, b: str | Document, *, config: Config | None = None) -> Relation:
    """How b relates to a: kind, excerpt, source ("a"/"b"/None), confidence, changes.

    Plain strings are compared as given, hard-wrapped ones unwrapped (``unspun.unwrap``:
    only line breaks become spaces, so offsets into the strings hold); Documents bring
    their dates (for direction) and what cleaning removed from them (injected text is
    evidence of copying).
    """
    from .align import prepare_many
    from .fingerprint.embed import default_encoder
    from .relate import relate

    config = config or Config()
    doc_a, doc_b = _as_document(a, "a"), _as_document(b, "b")
    prep_a, prep_b = prepare_many([doc_a.text, doc_b.text], default_encoder())
    relation = relate(prep_a, prep_b, doc_a, doc_b, align_config=config.align,
                      config=config.relate)
    if not isinstance(a, Document):
        relation.a = None
    if not isinstance(b, Document):
        relation.b = None
    return relation


def load_document(path: str | Path) -> Document:
    """One file (any ingestible format) as a cleaned Document; its first document."""
    from .ingest import iter_inputs
    from .pipeline import extract_documents

    for item in iter_inputs([path]):
        if isinstance(item, Skip):
            raise InputError(item.origin, item.reason, item.detail)
        doc = extract_documents([item])[0]
        if isinstance(doc, Skip):
            raise InputError(doc.origin, doc.reason, doc.detail)
        return doc
    raise InputError(str(path), "empty", "no document in this file")
