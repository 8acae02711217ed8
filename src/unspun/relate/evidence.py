"""The cheap first look at a pair: is there shared text worth measuring as a copy?"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..align import Prepared, Scores
from ..config import RelateConfig
from ..records import AlignedPair, Alignment
from .features import COVER_HIT, side_cover
from .material import (
    QUOTED,
    caption_share,
    first_person,
    framing_words,
    quotation_speaks,
    quoted_share,
    speaks,
    tweeted_share,
)
from .rewrite import LONG_RUN, longest_run, range_words


@dataclass(slots=True)
class Evidence:
    """The cheap first look at a pair: is there shared text worth measuring as a copy?

    Shared names alone are not: any two articles on the same people share them (PAN's
    "summary" pairs mostly share only a few names with their source, see
    ``scripts/fit_relate.py``); a copy must align at least one sentence, one-to-one or
    many-to-one.
    """

    pairs: int  # aligned sentence pairs
    #: Sentences of one text held by a window of the other (many-to-one): of the copy,
    #: or the more of both texts when the copy's fall short.
    cover: int = 0

    def worth_measuring(self, config: RelateConfig) -> bool:
        return self.pairs >= config.min_aligned_pairs or self.cover >= config.min_cover_hits


def evidence(a: Prepared, b: Prepared, alignment: Alignment, scores: Scores | None,
             config: RelateConfig, copy_is_a: bool = False) -> Evidence:
    """Aligned pairs and (only if those fall short) many-to-one window cover.

    The cover of the side read as the copy (``copy_is_a``) comes first: ``features``
    reads it too, and the other side's is needed only when it falls short.
    """
    found = Evidence(pairs=len(alignment.pairs))
    if found.pairs >= config.min_aligned_pairs or scores is None:
        return found
    if scores.a_words is None or scores.b_weights is None or scores.a_weights is None:
        return found
    # A copy sentence can only be held by a window if it shares words with some source
    # sentence: skip the window products when no sentence pair shares a third of its words.
    if float(scores.containment.max(initial=0.0)) < COVER_HIT / 2:
        return found
    copy, other = (a, b) if copy_is_a else (b, a)
    found.cover = side_cover(copy, scores, copy_is_a)[0]
    if found.cover < config.min_cover_hits:
        found.cover = max(found.cover, side_cover(other, scores, not copy_is_a)[0])
    return found


@dataclass(slots=True)
class OwnText:
    """The aligned text a pair shares beyond quoted material: what a copy relation rests on.

    Two independent articles quoting the same statement or tweet align on it; a sentence
    pair counts here unless it is quoted material (see ``own_text``).
    """

    chars: float  # characters (of the smaller side of each pair) outside shared quotes
    pairs: int  # aligned pairs outside shared quotes
    lexical_chars: float  # of ``chars``, in pairs copied word for word or edited in place
    quoted_pairs: int  # aligned pairs that are quoted material (see ``own_text``)
    own: list[AlignedPair] = field(default_factory=list)  # the pairs outside them


def _marks(prepared: Prepared, lo: int, hi: int) -> tuple[float, float, float, float]:
    """Characters of a run of sentences, and the shares of them quoted (in quotation
    marks or a tweet), tweeted and in photo captions."""
    arrays, rows = prepared.cached("marks", _make_marks)
    if hi == lo + 1:
        # Most runs are one sentence: its own values, as floats (the same arithmetic).
        lengths, quoted, tweeted, captioned = rows
        total = lengths[lo]
        most = max(total, 1.0)
        return total, quoted[lo] / most, tweeted[lo] / most, captioned[lo] / most
    total = float(arrays[0][lo:hi].sum())
    most = max(total, 1.0)
    return (total, float(arrays[1][lo:hi].sum()) / most, float(arrays[2][lo:hi].sum()) / most,
            float(arrays[3][lo:hi].sum()) / most)


def _make_marks(prepared: Prepared) -> tuple[list[np.ndarray], list[list[float]]]:
    """Each sentence's characters, and of them those quoted, tweeted and in captions (a
    share times the length), as arrays and as lists."""
    lengths = prepared.lengths
    arrays = [lengths] + [share(prepared) * lengths
                          for share in (quoted_share, tweeted_share, caption_share)]
    return arrays, [a.tolist() for a in arrays]


def _quoted(a: Prepared, b: Prepared, p: AlignedPair, one_sided: bool,
            one_site: bool = False) -> tuple[bool, float, float]:
    """Whether an aligned pair is quoted material, and the characters of each side.

    Quoted on both sides (between web pages, a third of each side: ``PARTLY_QUOTED``), or
    a tweet on either; or, between news articles that may be of
    the same days or between web pages (``one_sided``), quoted on one side where the other speaks in the first
    person (the speaker's own text: a transcript, a statement, tweets pasted without
    their signature) or where the quotation does, somewhere in it (a speech quoted at
    length: the other side carries the speaker's words), though not where the other is
    an article's prose quoted (an article quoting another's paragraph copies it; but a
    page that quotes most of what it shares with the other, marks and all, reports what
    the other says: ``gates._quotes_the_other``). A
    caption must be one on both sides (a gallery's captions may be an article's
    sentences, copied). Either way, not when the two share the words framing it: a copy
    keeps them, independent quoters write their own — but for two pages of one site
    (``one_site``), whose format frames every quotation alike: a quotation block it runs
    on two pages is its own material (The Flip Side's blocks carried over from issue to
    issue), not a copy.
    """
    chars_a, quoted_a, tweet_a, caption_a = _marks(a, *p.a)
    chars_b, quoted_b, tweet_b, caption_b = _marks(b, *p.b)
    marked = (min(quoted_a, quoted_b) >= (PARTLY_QUOTED if one_sided else QUOTED)
              or max(tweet_a, tweet_b) >= QUOTED
              or (one_sided and quoted_a >= QUOTED
                  and (speaks(b, *p.b) or quotation_speaks(a, *p.a)))
              or (one_sided and quoted_b >= QUOTED
                  and (speaks(a, *p.a) or quotation_speaks(b, *p.b)))
              or min(caption_a, caption_b) >= QUOTED)
    return marked and (one_site or not _same_framing(a, b, p)), chars_a, chars_b


def quoting_side(a: Prepared, b: Prepared, alignment: Alignment) -> str | None:
    """The side ("a" or "b") that carries the text the two share inside quotation marks
    it put there, where the other carries it as its own (a report quoting an op-ed, an
    interview or another outlet's article at length); None otherwise.

    ``QUOTING`` of the aligned characters are quoted on that side, under ``1 - QUOTING``
    on the other, and the other's aligned sentences hold at most ``1 - QUOTING`` of the
    quoting side's quotation marks: a copy keeps the marks its source has, so a scrape
    whose glued paragraphs put all its text inside one quotation's span quotes nothing."""
    total = quoted_a = quoted_b = 0.0
    for p in alignment.pairs:
        chars, share_a = _marks(a, *p.a)[:2]
        share_b = _marks(b, *p.b)[1]
        total += chars
        quoted_a += chars * share_a
        quoted_b += chars * share_b
    if not total:
        return None
    shares = quoted_a / total, quoted_b / total
    side = ("a" if shares[0] >= QUOTING and shares[1] < 1 - QUOTING
            else "b" if shares[1] >= QUOTING and shares[0] < 1 - QUOTING else None)
    if side is None:
        return None  # (most pairs: the marks below are counted only for the others)
    marks_a = sum(_quote_marks(a, p.a) for p in alignment.pairs)
    marks_b = sum(_quote_marks(b, p.b) for p in alignment.pairs)
    quoter, other = (marks_a, marks_b) if side == "a" else (marks_b, marks_a)
    return side if other <= (1 - QUOTING) * quoter else None


#: Between web pages, a sentence pair is quoted material when this share of each side is
#: quoted (and the words framing the quotations differ, see ``_quoted``): "… said in a
#: statement Tuesday that the "resolution provides …"" / "… issued a statement on
#: Tuesday explaining: "The resolution provides …"" share the quotation, not the
#: framing. (Plain texts keep ``QUOTED``: a plagiarised essay's quotations are its
#: source's too; on PAN train the lower share lost 4 random and 1 translation copies.)
PARTLY_QUOTED = 1 / 3
#: Share of the aligned text inside quotation marks on one side from which it quotes the
#: other (``quoting_side``).
QUOTING = 2 / 3


def _quote_marks(prepared: Prepared, rng: tuple[int, int]) -> int:
    """The double quotation marks (straight, curly, low, guillemets) of a run of sentences."""
    text = prepared.text[prepared.sentences[rng[0]].start:prepared.sentences[rng[1] - 1].end]
    return sum(text.count(mark) for mark in '"\u201c\u201d\u201e\u00ab\u00bb')


#: Two texts sharing less than this share of each share first-person sentences as
#: quotations (see ``own_text``).
STATEMENT_COVER = 0.5
#: Words outside the quotation a copied sentence shares with its source (its framing).
FRAMING_WORDS = 3


def _same_framing(a: Prepared, b: Prepared, p: AlignedPair) -> bool:
    """Whether two quoting sentences also share what frames the quotation: a copy keeps
    the attribution word for word (a spinner swaps a word of it), two independent
    articles write their own. The speaker's name and "said", which both write, are not
    enough: beyond them, the framing words must be at least half the same ("said
    Thursday" and "said in a statement" are not). With nothing but the name and the
    verb around it, only a sentence the same character for character counts (a one-line
    teaser of a quotation); two quoting one tweet, one of them cut short, do not."""
    (wa, own_a), (wb, own_b) = framing_words(a, *p.a), framing_words(b, *p.b)
    if min(len(wa), len(wb)) < FRAMING_WORDS or _dice(wa, wb) < 0.8:
        return False
    if not (own_a or own_b):
        return p.op == "same"
    return _dice(own_a, own_b) >= 0.5


def _dice(wa: list[str], wb: list[str]) -> float:
    """The Dice coefficient of two texts' word sets (0.0 when both are empty)."""
    sa, sb = set(wa), set(wb)
    return 2 * len(sa & sb) / max(1, len(sa) + len(sb))


def own_text(a: Prepared, b: Prepared, alignment: Alignment, *, news: bool = False,
             one_sided: bool | None = None, one_site: bool = False) -> OwnText:
    """What of the alignment is not quoted material.

    A pair is quoted material as ``_quoted`` says (``one_sided``: by default ``news``;
    ``relate.analyse`` gives it for any two web pages, ``gates.web_pages``; ``one_site``
    for two pages of one site). Between news
    articles of the same days (``news``: first-person prose is their sources' words, not
    theirs), first-person sentences count as quoted when the two share only a small part
    of each (``STATEMENT_COVER``): somebody's words two articles both carry, scraped
    without their quotation marks. (A copy of an opinion column shares most of it, first
    person and all.)
    """
    own = OwnText(0.0, 0, 0.0, 0)
    small = news and max(alignment.coverage_a, alignment.coverage_b) < STATEMENT_COVER
    one_sided = news if one_sided is None else one_sided
    for p in alignment.pairs:
        quoted, chars_a, chars_b = _quoted(a, b, p, one_sided, one_site)
        quoted = quoted or (small and first_person(a, *p.a) and first_person(b, *p.b))
        if quoted:
            own.quoted_pairs += 1
            continue
        chars = min(chars_a, chars_b)
        own.own.append(p)
        own.pairs += 1
        own.chars += chars
        if p.op == "same" or (p.op == "edited" and (not one_sided or _kept_run(a, b, p))):
            own.lexical_chars += chars
    return own


def _kept_run(a: Prepared, b: Prepared, p: AlignedPair) -> bool:
    """Whether an edited pair keeps ``LONG_RUN`` words in a row (or the whole of a shorter
    side): a copy edited in place does; the same words in another order ("Pelosi said
    the House will vote on March 26" / "the resolution will return to the House on 26
    March, Pelosi said") are the same fact written twice. (Asked of web pages only: in
    plain texts, shuffled words are a plagiarist's obfuscation.)"""
    shorter = min(len(range_words(a, p.a).tokens), len(range_words(b, p.b).tokens))
    return longest_run(a, b, [p]) >= min(LONG_RUN, shorter)
