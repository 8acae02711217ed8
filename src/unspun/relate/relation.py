"""From a prepared pair to a relation: align, orient, measure, decide, explain."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from ..align import Prepared, align, score
from ..changes import find_changes, name_changes
from ..config import AlignConfig, RelateConfig
from ..records import Alignment, Document, Relation
from .direction import Direction, decide_direction
from .evidence import Evidence, OwnText, evidence, own_text
from .features import Features, aligned_chars, features, flip, length_ratio
from .gates import digest_item, may_be_news, news_pair, no_copy, web_pages
from .kind import copy_kind, kind_reason
from .pages import cut_off
from .story import story_decision


@dataclass(slots=True)
class Analysis:
    """A pair aligned and oriented: what ``relate`` decides from."""

    alignment: Alignment
    direction: Direction
    features: Features | None  # None: too little shared text to measure (no copy)
    flipped: bool  # True when the features read b as the source
    evidence: Evidence | None = None
    #: Names spelled differently in confidently aligned sentences (a's, b's).
    spellings: list[tuple[str, str]] = field(default_factory=list)
    #: ``own``, or how to measure it.
    measure_own: OwnText | Callable[[], OwnText] | None = field(default=None, repr=False)
    news: bool = False  # news articles of the same days (``gates.news_pair``)
    may_be_news: bool = False  # ... or two web pages not both dated (``gates.may_be_news``)

    @property
    def source(self) -> str | None:
        return self.direction.source

    @property
    def own(self) -> OwnText | None:
        """What the alignment holds beyond shared quotes, measured on first use: only a
        pair the kind model reads as a copy, or a digest's item, is asked, and finding a
        text's quoted material is costly."""
        if callable(self.measure_own):
            self.measure_own = self.measure_own()
        return self.measure_own


#: Aligned sentence pairs this alike in meaning are read for differently spelled names.
SPELLING_SIMILARITY = 0.8


def spellings(a: Prepared, b: Prepared, alignment: Alignment) -> list[tuple[str, str]]:
    """Names spelled differently in confidently aligned sentences: (a's, b's)."""
    found = []
    for p in alignment.pairs:
        if p.op == "same" or p.similarity < SPELLING_SIMILARITY:
            continue
        ta = a.text[a.sentences[p.a[0]].start:a.sentences[p.a[1] - 1].end]
        tb = b.text[b.sentences[p.b[0]].start:b.sentences[p.b[1] - 1].end]
        found += [(c.source_text, c.copy_text) for c in name_changes(ta, tb, 0, 0)
                  if c.note.startswith("garbled")]
    return found


def analyse(a: Prepared, b: Prepared, doc_a: Document | None = None,
            doc_b: Document | None = None, *, align_config: AlignConfig | None = None,
            config: RelateConfig | None = None, measure: bool = False,
            names: Mapping[str, int] | None = None) -> Analysis:
    """Align a pair, decide its direction and measure its features (source → copy).

    The features are measured only when the pair shows enough shared text to be a copy
    (most candidate pairs of a crawl are same-topic articles that are not); ``measure``
    forces them (for fitting and evaluation). ``names``: how many indexed documents use
    each name word (a scan gives it; a spelling most documents share is the original's).
    """
    config = config or RelateConfig()
    align_config = align_config or AlignConfig()
    scores = score(a, b, align_config) if a.sentences and b.sentences else None
    alignment = align(a, b, align_config, scores)
    found = evidence(a, b, alignment, scores, config)
    if not (measure or found.worth_measuring(config)):
        return Analysis(alignment, Direction(None, [], []), None, False, found)
    garbled = spellings(a, b, alignment)
    direction = decide_direction(a, b, doc_a, doc_b, alignment, spellings=garbled,
                                 names=names)
    flipped = direction.source == "b"
    if direction.source is None and length_ratio(*aligned_chars(a, b, alignment.pairs)) > (
            1 / config.summary_ratio):
        # No evidence of direction, but a summary is the shorter side: orient it so.
        flipped = True
    src, cpy = (b, a) if flipped else (a, b)
    f = features(src, cpy, alignment, flipped, scores)
    news, maybe = news_pair(doc_a, doc_b, config), may_be_news(doc_a, doc_b, config)
    pages = web_pages(doc_a, doc_b)
    own = partial(own_text, a, b, alignment, news=news, one_sided=news or pages,
                  one_site=pages and doc_a.site == doc_b.site)  # type: ignore[union-attr]
    return Analysis(alignment, direction, f, flipped, found, garbled, own, news, maybe)


def relate(a: Prepared, b: Prepared, doc_a: Document | None = None,
           doc_b: Document | None = None, *, align_config: AlignConfig | None = None,
           config: RelateConfig | None = None,
           names: Mapping[str, int] | None = None) -> Relation:
    """The relation between two prepared texts (documents give dates and removals;
    ``names``: see ``analyse``)."""
    config = config or RelateConfig()
    analysis = analyse(a, b, doc_a, doc_b, align_config=align_config, config=config,
                       names=names)
    alignment, source, f, flipped = (analysis.alignment, analysis.source, analysis.features,
                                     analysis.flipped)
    direction = analysis.direction
    reasons = [
        f"{len(alignment.pairs)} aligned sentence pair(s); {alignment.coverage_a:.0%} of a "
        f"and {alignment.coverage_b:.0%} of b aligned"
    ]
    ids = (doc_a.id if doc_a else None, doc_b.id if doc_b else None)
    kind, probs = (copy_kind(f, config, news=analysis.news, garbled=len(analysis.spellings),
                             cut=cut_off(a) or cut_off(b))
                   if f is not None else ("unrelated", {}))
    refused = (no_copy(a, b, kind, analysis, doc_a, doc_b, config)
               if f is not None and kind != "unrelated" else None)
    if refused:
        kind, probs = "unrelated", {}
        reasons.append(refused)
    item = (digest_item(a, b, analysis, doc_a, doc_b, config)
            if f is not None and kind == "unrelated" else None)
    if item:
        kind = "verbatim" if f.same_share >= config.verbatim_same else "near-duplicate"
        reasons.append(item)
    if kind == "unrelated":
        kind, confidence, why = story_decision(a, b, doc_a, doc_b, config)
        reasons.append(why)
        if probs and kind == "unrelated":
            confidence = probs.get("none", confidence)
        return Relation(kind=kind, partial=False, source=None, confidence=round(confidence, 4),
                        coverage=(alignment.coverage_a, alignment.coverage_b),
                        reasons=reasons, alignment=alignment, a=ids[0], b=ids[1])
    assert f is not None
    partial = f.coverage_source < config.partial_below
    reasons.append(kind_reason(kind, f, config, garbled=len(analysis.spellings)))
    if partial:
        reasons.append(f"excerpt: only {f.coverage_source:.0%} of the source is reused")
    reasons.extend(direction.reasons())
    if source is None:
        reasons.append("direction unknown: no dates and no trace of copying tells the "
                       "sides apart" if not direction.traces else
                       "direction unknown: the traces above do not agree clearly enough")
    src, cpy = (b, a) if flipped else (a, b)
    cpy_doc = doc_a if flipped else doc_b
    pairs = [flip(p) for p in alignment.pairs] if flipped else alignment.pairs
    changes = find_changes(src, cpy, pairs, cpy_doc.removed if cpy_doc else None)
    confidence = round(max(probs.values()) if probs else 0.5, 4)
    return Relation(kind=kind, partial=partial, source=source, confidence=confidence,
                    coverage=(alignment.coverage_a, alignment.coverage_b), reasons=reasons,
                    changes=changes, alignment=alignment, direction_by=direction.by,
                    a=ids[0], b=ids[1])
