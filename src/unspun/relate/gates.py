"""Why a measured pair is no copy whatever its features say.

A copy reuses text of its own. What two documents share may instead be:

- quoted material both carry (a statement, a tweet, a photo caption): evidence of one
  story, not of copying, unless a sentence outside the quotes is copied too;
- the same fact stated in a short text (a caption, a one-line teaser), which must be
  copied word for word (or spun, slot by slot) to count;
- the same facts in other words, between two articles published within days of each
  other: a reworded copy must rewrite one sentence by sentence, over a good part of it;
- one site's template (a photo gallery, an author's bio, a newsletter's blocks, sign-up
  boilerplate) in two of its articles on different stories: a block or two of shared
  text, with much of each article left over, or months between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..align import Prepared, passages
from ..config import RelateConfig
from ..ingest.dates import days_apart
from ..records import AlignedPair, Document
from .evidence import quoting_side
from .kind import spinner_swaps
from .overlap import centred_cosine
from .pages import credited_outlets, digest_pages
from .rewrite import longest_run

if TYPE_CHECKING:
    from .relation import Analysis

#: Kinds of copy that reword their source.
REWORDED = frozenset({"spun", "translated", "summary"})


def news_pair(doc_a: Document | None, doc_b: Document | None, config: RelateConfig) -> bool:
    """Whether two documents are news articles of the same days, whose shared facts,
    quotations and statements are the story's, not a copy's: published within
    ``config.story_days`` of each other. (Not two pages of unknown dates: read so, on
    the provenance evaluation's farm pages, digests' items and substitution translations
    were lost.)"""
    days = days_apart(doc_a.published if doc_a else None, doc_b.published if doc_b else None)
    return days is not None and days <= config.story_days


def may_be_news(doc_a: Document | None, doc_b: Document | None, config: RelateConfig
                ) -> bool:
    """Whether two documents may be news articles of the same days: ``news_pair``, or
    two web pages (with a site) not both dated (a scraped page often lacks its date,
    which then rules out nothing). Read so for what a reworded copy must rewrite
    (``no_copy``), not wherever ``news_pair`` is read."""
    days = days_apart(doc_a.published if doc_a else None, doc_b.published if doc_b else None)
    if days is not None:
        return days <= config.story_days
    return web_pages(doc_a, doc_b)


#: Share of steps from one reworded sentence to the next that a rewrite of the other text
#: takes in its order (see ``in_sequence``) at the least.
REWRITE_SEQUENCE = 0.5
#: ... read from this many reworded pairs or more (a write-through of a five-sentence
#: first take moves a quotation up: one step of three).
SEQUENCE_PAIRS = 6


def in_sequence(pairs: list[AlignedPair]) -> float:
    """Of the steps from each aligned pair to the next in one text's order, the share
    that go on in the other text's order, skipping two sentences at most: a spinner or
    a translation keeps its source's order sentence by sentence, a reporter writing up a
    report picks its findings in an order of their own."""
    if len(pairs) < 2:
        return 1.0
    ordered = sorted(pairs, key=lambda p: p.b[0])
    steps = [0 <= q.a[0] - p.a[1] <= 2 for p, q in zip(ordered, ordered[1:], strict=False)]
    return sum(steps) / len(steps)


def web_pages(doc_a: Document | None, doc_b: Document | None) -> bool:
    """Whether both documents are web pages (they have a site): a quotation one carries
    of what the other says in the first person, or pastes after "… said in a
    statement:", is that speaker's words, however far apart their dates
    (``evidence.own_text``); between plain texts (essays), the first person is the
    author's."""
    return bool(doc_a and doc_b and doc_a.site and doc_b.site)


def no_copy(a: Prepared, b: Prepared, kind: str, analysis: Analysis,
            doc_a: Document | None, doc_b: Document | None, config: RelateConfig
            ) -> str | None:
    """Why the pair is no copy (a reason for the user), or None."""
    own, f = analysis.own, analysis.features
    if own is None or f is None:
        return None
    days = days_apart(doc_a.published if doc_a else None, doc_b.published if doc_b else None)
    news = analysis.news
    # Quotations and, besides them, nothing copied word for word: little else shared,
    # or (between articles of the same days) the same facts in other words, or a kind
    # that says the text was copied word for word (what was, is the quotations).
    if (own.quoted_pairs and own.lexical_chars < config.min_copied_sentence
            and (own.chars < config.min_aligned_chars or news or kind not in REWORDED)):
        return (f"the only text shared word for word is quoted material both carry "
                f"({own.quoted_pairs} quoted sentence pair(s)): evidence of one story, not "
                f"of copying")
    quoting = _quotes_the_other(a, b, analysis, doc_a, doc_b)
    if quoting:
        return quoting
    small = _small_part(a, b, analysis, doc_a, doc_b, config)
    if small:
        return small
    shortest = min(len(a.text), len(b.text))
    # (Unless it is spun: two or more sentences of the other kept slot by slot with
    # words swapped in place; a caption restating a fact keeps one at most.)
    spun = own.pairs >= 2 and spinner_swaps(f, config)
    if shortest < config.short_text and f.long_runs < config.short_runs and not spun:
        return (f"a short text ({shortest} characters) shares {f.long_runs:.0%} of its words "
                f"in runs of six or more: the same fact, not a copy")
    # (Two web pages not both dated may be of the same days too.)
    if kind in REWORDED and analysis.may_be_news:
        share = own.chars / max(1, shortest)
        when = (f"published {days} day(s) apart" if days is not None
                else "two web pages not both dated")
        if own.pairs < config.rewrite_pairs or share < config.rewrite_share:
            return (f"{when}, the two share {own.pairs} reworded "
                    f"sentence(s) ({share:.0%} of the shorter text): the same facts in other "
                    f"words, not a rewrite of one by the other")
        ordered = in_sequence(own.own)
        if own.pairs >= SEQUENCE_PAIRS and ordered < REWRITE_SEQUENCE:
            return (f"{when}, the {own.pairs} reworded sentences follow the other's order "
                    f"in {ordered:.0%} of the steps between them: a write-up of the same "
                    f"facts, not a rewrite of one by the other")
    return _template(a, b, analysis, doc_a, doc_b, days, config)


#: Centred cosine under which two pages have no subject in common (pairs of train
#: articles on different topics: median 0.006, 90th percentile 0.25).
UNRELATED_PAGES = 0.1
#: A standing paragraph (a wire's note, a statute) is under this share of each page; an
#: item of a roundup of a few articles is about its share of that page (one of seven
#: items: 14%).
STANDING_SHARE = 0.1


#: A page crediting this many outlets or more is a roundup of what others wrote (The Flip
#: Side's quotations, each signed with its outlet): it copies what it quotes.
ROUNDUP_OUTLETS = 3


def _quotes_the_other(a: Prepared, b: Prepared, analysis: Analysis,
                      doc_a: Document | None, doc_b: Document | None) -> str | None:
    """Why a web page that quotes the other's words is no copy of it, or None.

    A report on an op-ed, an interview or another outlet's story quotes it, in quotation
    marks, where the other carries the words as its own: the report says what the other
    says (the rubric's shared quotation), it does not republish it. Not a roundup of
    quotations from several outlets: each of its items is a copy of its outlet's text.
    """
    if not web_pages(doc_a, doc_b):
        return None
    side = quoting_side(a, b, analysis.alignment)
    if side is None:
        return None
    outlets = credited_outlets(a if side == "a" else b)
    if len(outlets) >= ROUNDUP_OUTLETS:
        return None
    other = "b" if side == "a" else "a"
    return (f"{side} quotes {other}'s words in quotation marks, where {other} carries them "
            f"as its own: a report of what {other} says, not a copy")


def _small_part(a: Prepared, b: Prepared, analysis: Analysis, doc_a: Document | None,
                doc_b: Document | None, config: RelateConfig) -> str | None:
    """Why two web pages sharing a small part of each (or, of one site, of either) share
    no copy, or None.

    A copy of a news article is most of one of the two pages: a republication, an
    excerpt or a teaser is mostly the copied text. A passage under
    ``config.min_reuse_share`` of each page is, between two pages of one site, text the
    site recycles (a background paragraph, a gallery, a template), and between two pages
    on one subject, what independent articles on it carry (background, a statement or
    transcript pasted without quotation marks) or a few wire paragraphs inside an article
    built otherwise: one story, not a copy. Between pages on neighbouring subjects, under
    ``STANDING_SHARE`` of each, it is a paragraph both carry, unless one is a digest by
    its form (``digest_pages``; see also ``digest_item``); a page on nothing the other
    is about, or that it is a larger share of, holds it as an item it copied (a
    roundup). Plain texts (no site) are not web pages: a plagiarised essay may hide a
    passage in a long text of its own.
    """
    if not web_pages(doc_a, doc_b):
        return None
    alignment = analysis.alignment
    coverage = (alignment.coverage_a, alignment.coverage_b)
    if min(coverage) >= config.min_reuse_share:
        return None
    pages = digest_pages(a, b, doc_a.title, doc_b.title, coverage)
    if pages[0] or pages[1]:
        return None
    share = f"the shared passage is {coverage[0]:.0%} of a and {coverage[1]:.0%} of b"
    small = max(coverage) < config.min_reuse_share
    one_site = doc_a.site == doc_b.site
    if small and one_site:
        return f"{share}: text {doc_a.site} recycles in its pages, not a copy"
    cosine = centred_cosine(a, b)
    if small and cosine >= config.story_similarity:
        return (f"{share}, two pages on one subject (centred cosine {cosine:.2f}): what "
                f"independent articles on it carry (background, a statement), not a copy")
    if one_site and cosine < config.story_similarity:
        # A site does not copy its own article into a page on another subject, but for
        # a digest (above): a block a small part of one of them is its template.
        return (f"{share}, two pages of {doc_a.site} on different subjects (centred "
                f"cosine {cosine:.2f}): a block of the site's template, not a copy")
    if max(coverage) < STANDING_SHARE and cosine >= UNRELATED_PAGES:
        # Two pages on neighbouring subjects, neither a roundup by its form: a standing
        # paragraph both carry (AP's note on the coronavirus's symptoms in a story on
        # jobless claims, a statute two columns quote, a fact written alike). A page
        # on nothing the other is about holds the passage as an item it copied, and so
        # does a page the passage is a larger share of, as one of a few items.
        return (f"{share}, two pages on neighbouring subjects (centred cosine "
                f"{cosine:.2f}), neither a digest: a standing paragraph or a fact both "
                f"carry, not an item copied")
    own = analysis.own
    if small and own is not None and own.chars < config.min_aligned_chars:
        # An item a page copies is a paragraph; one short sentence two pages on other
        # subjects share is a fact written alike.
        return (f"{share}, {own.chars:.0f} characters of two pages on different subjects "
                f"(centred cosine {cosine:.2f}): the same fact in the same words, not an "
                f"item copied")
    return None


def digest_item(a: Prepared, b: Prepared, analysis: Analysis, doc_a: Document | None,
                doc_b: Document | None, config: RelateConfig) -> str | None:
    """Why the pair is a digest's item copied from an article (a reason), or None.

    A live blog, an aggregator's page of snippets or a page of headlines each over a
    passage copies a sentence or two of each article it lists, cut short or lightly
    edited: too little to count as a copy by the
    usual measures, and beside paraphrased facts of the same story. A run of
    ``config.item_run`` words or more, shared with a page that is such a digest, is its
    item.
    """
    alignment = analysis.alignment
    pages = digest_pages(a, b, doc_a.title if doc_a else None, doc_b.title if doc_b else None,
                         (alignment.coverage_a, alignment.coverage_b))
    if pages[0] is None and pages[1] is None:
        return None
    if analysis.own is None:
        return None
    run = longest_run(a, b, analysis.own.own, prose=True)  # quoted material aside
    if run < config.item_run:
        return None
    days = days_apart(doc_a.published if doc_a else None, doc_b.published if doc_b else None)
    if _template(a, b, analysis, doc_a, doc_b, days, config):
        return None  # a newsletter's recurring blocks, not an item copied from the other
    if (pages[0] and pages[1] and doc_a and doc_b and doc_a.site and doc_a.site == doc_b.site
            and max(alignment.coverage_a, alignment.coverage_b) < config.min_reuse_share):
        # Two live blogs of one site sharing a small part of each share its boilerplate
        # ("This is a breaking news story …") and background; versions of one live blog
        # share most of their entries.
        return None
    if pages[0] and pages[1]:
        # Two digests carrying one item: the one copied it from the other, or both
        # from an article (the traces of direction may tell).
        return (f"a is {pages[0]} and b {pages[1]}: they carry the same item, {run} words "
                f"in a row")
    side = "a" if pages[0] else "b"
    return f"{side} is {pages[0] or pages[1]}: one of its items copies {run} words in a row"


def _template(a: Prepared, b: Prepared, analysis: Analysis, doc_a: Document | None,
              doc_b: Document | None, days: int | None, config: RelateConfig
              ) -> str | None:
    """Why what two articles of one site share is the site's template, or None."""
    site = doc_a.site if doc_a else None
    if not site or doc_b is None or doc_b.site != site:
        return None
    if days is not None and days > config.story_days:
        return (f"two articles of {site} published {days} days apart: what they share is "
                f"the site's template, not a copy")
    alignment = analysis.alignment
    # Blocks of text shared word for word, a sentence long at least: a template repeats
    # itself; a name or a quotation matched in other words elsewhere is no block.
    blocks = [block for block in passages(a, b, alignment, min_chars=config.min_copied_sentence)
              if any(p.op in ("same", "edited") for p in block.pairs)]
    left = min(1 - alignment.coverage_a, 1 - alignment.coverage_b)
    if (blocks and len(blocks) <= config.template_blocks and left >= config.template_rest
            and all(_in_place(a, b, block.pairs, config.template_shift) for block in blocks)):
        return (f"two articles of {site} share {len(blocks)} block(s) of text, in the same "
                f"place in both, and keep {left:.0%} or more of their own: the site's "
                f"template, not a copy")
    return None


def _in_place(a: Prepared, b: Prepared, pairs: list, shift: int) -> bool:
    """Whether a block of aligned sentences sits in the same place in both texts, counted
    from their starts or from their ends, as a page template does (a digest carries an
    article's paragraphs wherever they fall among its other items)."""
    a0, a1 = min(p.a[0] for p in pairs), max(p.a[1] for p in pairs)
    b0, b1 = min(p.b[0] for p in pairs), max(p.b[1] for p in pairs)
    return (abs(a0 - b0) <= shift
            or abs((len(a.sentences) - a1) - (len(b.sentences) - b1)) <= shift)
