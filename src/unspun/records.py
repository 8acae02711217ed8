"""The records that flow through the pipeline: one slotted dataclass per concept.

Stages pass these, never dicts. ``to_dict`` gives the JSON shape that export and the
web app use (the schemas in the README are these dictionaries).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal[
    "verbatim", "near-duplicate", "spun", "translated", "summary", "same-story", "unrelated"
]
KINDS: tuple[str, ...] = (
    "verbatim", "near-duplicate", "spun", "translated", "summary", "same-story", "unrelated"
)
#: Kinds where one text was made from the other (a family edge).
COPY_KINDS: frozenset[str] = frozenset(
    {"verbatim", "near-duplicate", "spun", "translated", "summary"}
)

ChangeKind = Literal["quote", "name", "number", "inserted", "omitted", "added"]
CHANGE_KINDS: tuple[str, ...] = ("quote", "name", "number", "inserted", "omitted", "added")


@dataclass(slots=True)
class RawItem:
    """One input unit before extraction: a file, a JSONL line or a WARC record."""

    id: str
    origin: str  # where it came from: file path, "file.jsonl:12", "x.warc.gz#3"
    html: str | None = None  # HTML markup, decoded
    text: str | None = None  # plain text when there is no markup
    url: str | None = None
    published: str | None = None  # ISO date when the container says so (JSONL, WARC)
    encoding: str | None = None  # how the bytes were decoded
    title: str | None = None  # when the container gives one (JSONL)
    site: str | None = None  # when the container gives one (JSONL)
    # Damage repaired on reading ("repaired-nul", "repaired-undecodable"), counted in
    # the run summary.
    repairs: tuple[str, ...] = ()


@dataclass(slots=True)
class Skip:
    """An input that was not ingested, with a named reason (counted in the summary)."""

    origin: str
    reason: str  # short slug, e.g. "binary", "empty", "corrupt-gzip", "no-article"
    detail: str = ""


@dataclass(slots=True)
class Removal:
    """Text that cleaning removed, kept as evidence (injected spam is evidence)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Document:
    """An article: extracted, then cleaned. ``text`` is the cleaned body."""

    id: str
    text: str
    url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or UTC timestamp (ingest.dates)
    author: str | None = None
    language: str | None = None
    origin: str = ""
    raw_text: str | None = None  # extracted text before cleaning
    removed: list[Removal] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "language": self.language,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
        }


@dataclass(slots=True)
class Sentence:
    """A sentence of a document with its character span in ``Document.text``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Candidate:
    """A pair of documents worth aligning, and which index proposed it."""

    a: str
    b: str
    score: float
    via: str  # "minhash", "anchors", "ann" (comma-joined when several)


@dataclass(slots=True)
class AlignedPair:
    """One sentence of a matched with one of b (or a run of them, for summaries)."""

    a: tuple[int, int]  # sentence index range [start, end) in a
    b: tuple[int, int]  # sentence index range [start, end) in b
    similarity: float  # semantic similarity in [0, 1]
    overlap: float  # lexical overlap (word containment) in [0, 1]
    op: str  # "same", "edited", "paraphrased", "condensed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": list(self.a),
            "b": list(self.b),
            "similarity": round(self.similarity, 4),
            "overlap": round(self.overlap, 4),
            "op": self.op,
        }


@dataclass(slots=True)
class Alignment:
    """The aligned sentence pairs of one candidate and what they cover."""

    pairs: list[AlignedPair]
    coverage_a: float  # fraction of a's characters inside aligned sentences
    coverage_b: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": [p.to_dict() for p in self.pairs],
            "coverage_a": round(self.coverage_a, 4),
            "coverage_b": round(self.coverage_b, 4),
        }


@dataclass(slots=True)
class Change:
    """One thing a copy changed against its source, located in both texts.

    ``source_span``/``copy_span`` are character offsets in the source and copy texts
    (None when the change exists on one side only, e.g. an omitted passage has no
    span in the copy).
    """

    kind: str  # one of CHANGE_KINDS
    source_text: str
    copy_text: str
    source_span: tuple[int, int] | None
    copy_span: tuple[int, int] | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source_text": self.source_text,
            "copy_text": self.copy_text,
            "source_span": list(self.source_span) if self.source_span else None,
            "copy_span": list(self.copy_span) if self.copy_span else None,
            "note": self.note,
        }


@dataclass(slots=True)
class Relation:
    """How two documents relate: kind, excerpt or not, direction, confidence, why.

    ``source`` is "a", "b" or None inside a comparison; store and export resolve it
    to the id of the document judged to be the source.
    """

    kind: str
    partial: bool
    source: str | None
    confidence: float
    coverage: tuple[float, float]
    reasons: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    alignment: Alignment | None = None
    #: The traces the direction rests on ("dates", "times", "scraping", "digest",
    #: "entries", "updates", "teaser", "truncated", "wire", "credit", "names",
    #: "rewording", "stitched"); empty
    #: when the direction is unknown.
    direction_by: list[str] = field(default_factory=list)
    a: str | None = None  # document ids, when known
    b: str | None = None
    #: Character spans of each copied passage, in a and in b, from where the text the two
    #: share starts to where it ends (``align.copied_spans``); filled for copies by
    #: ``unspun.compare`` and ``check``, not stored by scans.
    passages: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def is_copy(self) -> bool:
        return self.kind in COPY_KINDS

    def source_id(self) -> str | None:
        if self.source == "a":
            return self.a
        if self.source == "b":
            return self.b
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "partial": self.partial,
            "source": self.source_id() if (self.a or self.b) else self.source,
            "confidence": round(self.confidence, 4),
            "coverage_a": round(self.coverage[0], 4),
            "coverage_b": round(self.coverage[1], 4),
            "direction_by": list(self.direction_by),
            "reasons": list(self.reasons),
            "changes": [c.to_dict() for c in self.changes],
            **({"passages": [{"a": list(a), "b": list(b)} for a, b in self.passages]}
               if self.passages else {}),
        }


@dataclass(slots=True)
class Family:
    """An origin and the documents copied from it (directly or through a copy)."""

    family: str
    origin: str
    members: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Story:
    """Families that cover one event."""

    story: str
    families: list[str]
    members: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Signal:
    """One content-farm signal of a document: which (``signals.rules.SIGNALS``), the text
    that proves it, and its weight in its site's farm score."""

    signal: str
    evidence: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "evidence": self.evidence, "weight": self.weight}


@dataclass(slots=True)
class SiteReason:
    """A sentence about a site that a reviewer can check, with example documents."""

    signal: str  # the signal it is about, or "copied-by-others", "few-documents"
    text: str
    documents: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "text": self.text, "documents": list(self.documents)}


@dataclass(slots=True)
class SiteStats:
    """A site's copies, originals and signals, and its farm score (``signals.score``).

    ``copies``: its documents whose family origin is another site's; ``originals``: its
    documents that are their family's origin; ``copied_by_others``: those of its
    originals that another site's document copies. ``kinds`` counts its copies by kind
    and ``signals`` its documents by signal, every kind and signal listed (0 where none).
    Intervals are 95% Wilson intervals.
    """

    site: str
    documents: int
    copies: int
    originals: int
    copied_by_others: int
    median_delay_hours: float | None
    kinds: dict[str, int]
    signals: dict[str, int]
    copy_share: float
    copy_share_interval: tuple[float, float]
    farm_score: float
    farm_score_interval: tuple[float, float]
    reasons: list[SiteReason] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site, "documents": self.documents, "copies": self.copies,
            "originals": self.originals, "copied_by_others": self.copied_by_others,
            "median_delay_hours": self.median_delay_hours, "kinds": dict(self.kinds),
            "signals": dict(self.signals), "copy_share": self.copy_share,
            "copy_share_interval": list(self.copy_share_interval),
            "farm_score": self.farm_score,
            "farm_score_interval": list(self.farm_score_interval),
            "reasons": [r.to_dict() for r in self.reasons],
        }
