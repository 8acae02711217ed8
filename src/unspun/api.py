"""The library's front door for pairs: compare two texts or documents."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from .config import Config
from .errors import InputError
from .records import Document, RawItem, Relation, Skip
from .unwrap import unwrap

#: Ids a refusal lists when a file holds several documents.
_SHOWN_IDS = 5


def _as_document(value: str | Document, name: str) -> Document:
    if isinstance(value, Document):
        return value
    if isinstance(value, str):
        # A hard-wrapped text's lines are not sentences; unwrapping keeps every offset.
        return Document(id=name, text=unwrap(value))
    raise TypeError(f"compare() takes plain text or a Document, not {type(value).__name__}")


def compare(a: str | Document, b: str | Document, *, config: Config | None = None) -> Relation:
    """How b relates to a: kind, excerpt, source ("a"/"b"/None), confidence, changes,
    and for a copy the character spans of its copied passages in both texts.

    Plain strings are compared as given, hard-wrapped ones unwrapped (``unspun.unwrap``:
    only line breaks become spaces, so offsets into the strings hold); Documents bring
    their dates (for direction) and what cleaning removed from them (injected text is
    evidence of copying).
    """
    from .align import copied_spans, prepare_many
    from .fingerprint.embed import default_encoder
    from .relate import relate

    config = config or Config()
    doc_a, doc_b = _as_document(a, "a"), _as_document(b, "b")
    prep_a, prep_b = prepare_many([doc_a.text, doc_b.text], default_encoder())
    relation = relate(prep_a, prep_b, doc_a, doc_b, align_config=config.align,
                      config=config.relate)
    if relation.is_copy and relation.alignment is not None:
        relation.passages = copied_spans(prep_a, prep_b, relation.alignment)
    if not isinstance(a, Document):
        relation.a = None
    if not isinstance(b, Document):
        relation.b = None
    return relation


def load_document(path: str | Path) -> Document:
    """The one document of a file (any ingestible format), extracted and cleaned.

    ``FILE#ID`` picks one document of a file that holds several: the JSONL line whose
    ``id`` is ID, or the n-th WARC record (``crawl.warc#3``) or JSONL line without an id
    (``feed.jsonl#7``), as their ids end. A file of several documents without ``#ID``
    is refused with an ``InputError`` that says how to pick one: comparing its first
    document without a word would compare something else than the user thinks.
    """
    from .ingest import iter_inputs
    from .pipeline import extract_documents

    name, wanted = str(path), None
    if "#" in name and not Path(name).exists():
        name, wanted = name.rsplit("#", 1)
    items = iter_inputs([name])
    if wanted is not None:
        picked = [i for i in items if isinstance(i, RawItem) and _is_named(i.id, wanted)]
        if not picked:
            raise InputError(name, "not-found", f"no document {wanted} in this file")
        item = picked[0]
    else:
        found = list(islice(items, 1 + _SHOWN_IDS))
        documents = [i for i in found if isinstance(i, RawItem)]
        if len(documents) > 1:
            more = sum(isinstance(i, RawItem) for i in items)
            shown = ", ".join(f"{name}#{_short(i.id)}" for i in documents)
            raise InputError(name, "several-documents",
                             f"{len(documents) + more} documents: name one as FILE#ID, "
                             f"e.g. {shown}")
        if not documents:
            skip = next((i for i in found if isinstance(i, Skip)), None)
            if skip is not None:
                raise InputError(skip.origin, skip.reason, skip.detail)
            raise InputError(name, "empty", "no document in this file")
        item = documents[0]
    doc = extract_documents([item])[0]
    if isinstance(doc, Skip):
        raise InputError(doc.origin, doc.reason, doc.detail)
    return doc


def _short(doc_id: str) -> str:
    """What ``FILE#...`` takes for a document: a numbered record's number, else its id."""
    for mark in ("#", ":"):
        head, _, number = doc_id.rpartition(mark)
        if head and number.isdigit():
            return number
    return doc_id


def _is_named(doc_id: str, wanted: str) -> bool:
    return doc_id == wanted or _short(doc_id) == wanted
