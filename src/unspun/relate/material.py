"""What a text's sentences are, beyond their words: quoted material (quotations, embedded
tweets, wire photo captions) that two independent articles may both carry, and first-person
speech.

Shared quoted material is evidence of one story, not of copying (``pages`` says what a
page is and whom it credits, which tells the original of a copy).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

import numpy as np

from ..align import Prepared
from ..clean.rules import TWEET_SIGNATURE
from ..fingerprint.immutables import quotations
from ..records import Sentence
from ..text import words
from .blocks import (
    FIRST_PERSON,
    colon_quotation,
    introduced_paragraphs,
    labelled_statements,
    line_spans,
    quoted_paragraphs,
    unclosed_quotation,
)

#: A sentence is quoted material when this share of its characters is inside quotation
#: marks or an embedded tweet.
QUOTED = 0.5

# An embedded tweet as scraped: its text, then its signature (``clean.rules``), often with
# a "pic.twitter.com/…" or "https://t.co/…" link in the text.
_TWEET_LINK = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+")
_TWEET_LINK_WORDS = ("pic.twitter.com/", "://t.co/")
# A wire photo's caption dates the picture in full, at its end: "…, in Helsinki, Finland,
# Monday, July 16, 2018." (or before the credit). Two articles using one photo share its
# caption, not each other's text. (A date inside a sentence is no caption's.)
_CAPTION = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|March|April|May|June|July"
    r"|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b(?=\.?\s*(?:\(|$))"
    # ... or credits its photographer: "FILE - In this … file photo", "(AP Photo/…)",
    # "(Jorge Silva/Pool Photo via AP, File)", "Photo: …".
    r"|\bFILE\s*[-\u2013\u2014]+\s*In this\b|\((?:AP|AFP|Reuters)? ?Photo\b"
    r"|\bPhoto(?:graph)?(?:\s+by)?\s*:|/(?:Pool )?Photo via\b|\bvia Getty Images\b"
    # ... or points at who is where in it: "(L)", "(L-R)", "(center)".
    r"|\((?:L|R|C|L-R|R-L|left|right|center|centre)\)")
# Every match of ``_CAPTION`` holds one of these (it is case-sensitive; a test checks
# each of its branches): a sentence without any is not searched (``str.find`` skips
# ahead; a search tries every position). A match of its first branch, the date, starts
# at the weekday: a sentence holding only weekdays is tried there alone (most sentences
# holding one are news's "said Tuesday").
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CAPTION_MARKS = ("FILE", "Photo", "Getty", ")")
# A wire photo's caption often runs to several sentences, in a paragraph of its own that
# opens "FILE - In this …" or ends with the photographer's credit ("… (AP Photo/Evan
# Vucci)", "… (Jorge Silva/Pool Photo via AP, File) Jorge Silva AP"): all of it is the
# caption.
_CAPTION_PARAGRAPH = re.compile(
    r"^FILE\s*[-\u2013\u2014]+\s*In this\b[^\n]{0,600}$"
    r"|^[^\n]{0,600}\([^()\n]{0,80}\bPhoto\b[^()\n]{0,80}\)[^()\n]{0,40}$", re.M)
# A tweet's signature (``clean.rules``) where a scrape kept it, on its own line or at
# the end of the tweet's ("… rivers or water….. — Donald J. Trump (@realDonaldTrump)
# January 18, 2018").
_SIGNATURE_ENDING = re.compile(TWEET_SIGNATURE.pattern.removeprefix("^"), TWEET_SIGNATURE.flags)
#: The longest paragraph taken for an embedded tweet (its text, up to 280 characters, a
#: link and a signature).
TWEET_CHARS = 600


def holds_any(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds one of ``words``."""
    end = len(text) if end is None else end
    for word in words:  # a loop, not any() over a generator: ~140,000 calls a scan
        if text.find(word, start, end) >= 0:
            return True
    return False


def occurrences(text: str, words: tuple[str, ...]) -> list[int]:
    """Where each of ``words`` starts in ``text``, every time (overlaps too)."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return found


def _sentences_holding(sentences: list[Sentence], words: tuple[str, ...]
                       ) -> dict[int, list[int]]:
    """The sentences holding one of ``words``, each with where in its text they start:
    found in all the texts at once, joined by line breaks (which no word holds)."""
    found = occurrences("\n".join([s.text for s in sentences]), words)
    if not found:
        return {}
    starts = list(accumulate((len(s.text) + 1 for s in sentences[:-1]), initial=0))
    held: dict[int, list[int]] = {}
    for at in found:
        i = bisect_right(starts, at) - 1
        held.setdefault(i, []).append(at - starts[i])
    return held


def _mask(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Which characters of ``text`` lie in one of ``spans``."""
    inside = np.zeros(len(text) + 1, dtype=np.int32)
    for lo, hi in spans:
        inside[lo] += 1
        inside[hi] -= 1
    return np.cumsum(inside[:-1]) > 0


def _quote_spans(prepared: Prepared) -> list[tuple[int, int]]:
    """The spans of the text's quotations, in double or single marks."""
    text = prepared.text
    return ([(q.start, q.end) for q in quotations(text)]
            + [m.span(1) for m in _SINGLE_QUOTE.finditer(text)])


def _make_quoted_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are quoted: quotations (paragraphs that are one
    long quotation whole) and embedded tweets."""
    return _mask(prepared.text, prepared.cached("quotations", _quotation_spans)
                 ) | _tweet_mask(prepared)


def _quotation_spans(prepared: Prepared) -> list[tuple[int, int]]:
    """The spans of the text's quotations, of its paragraphs that are one long
    quotation, and of those a line introduces as somebody's words."""
    return (prepared.cached("quote spans", _quote_spans) + quoted_paragraphs(prepared.text)
            + prepared.cached("introduced", _introduced))


def _make_framed_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are somebody else's words, apart from how the text
    frames them: quotations themselves (a paragraph of quotations keeps its "says …"
    between them; a quotation a colon opens is one, however long, and so is one left
    open into the next paragraph), what a line introduces as somebody's words, tweets,
    captions."""
    text = prepared.text
    return (_mask(text, prepared.cached("quote spans", _quote_spans)
                  + line_spans(text, colon_quotation) + line_spans(text, unclosed_quotation)
                  + prepared.cached("introduced", _introduced))
            | _tweet_mask(prepared) | _caption_mask(prepared))


def _make_tweet_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are embedded tweets: their text and signature."""
    text = prepared.text
    spans = []
    # (Every signature holds its handle's "(@", and every link one of these.)
    signatures = _SIGNATURE_ENDING.finditer(text) if "(@" in text else ()
    links = _TWEET_LINK.finditer(text) if holds_any(text, _TWEET_LINK_WORDS) else ()
    for m in signatures:
        # The signature and the tweet's text before it: the paragraph before, when the
        # signature has a line of its own, else its own line; a tweet's length at most
        # (a text glued into one line is not one tweet).
        before = text.rfind("\n", 0, m.start()) + 1
        if before == m.start():
            before = text.rfind("\n", 0, max(m.start() - 1, 0)) + 1
        spans.append((max(before, m.start() - TWEET_CHARS), m.end()))
    for m in links:
        lo = text.rfind("\n", 0, m.start()) + 1
        hi = text.find("\n", m.end())
        hi = len(text) if hi < 0 else hi
        if hi - lo <= TWEET_CHARS:
            spans.append((lo, hi))
    return _mask(text, spans)


def _make_caption_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are photo captions: caption paragraphs, and single
    sentences that date the picture in full or credit its photographer."""
    text, sentences = prepared.text, prepared.sentences
    marked = _sentences_holding(sentences, _CAPTION_MARKS)
    spans = [(sentences[i].start, sentences[i].end) for i in marked
             if _CAPTION.search(sentences[i].text)]
    for i, starts in _sentences_holding(sentences, _WEEKDAYS).items():
        if i not in marked and any(_CAPTION.match(sentences[i].text, at) for at in starts):
            spans.append((sentences[i].start, sentences[i].end))
    if holds_any(text, ("FILE", "Photo")):
        spans += [m.span() for m in _CAPTION_PARAGRAPH.finditer(text)]
    return _mask(text, spans)


# A quotation in single marks (British style: 'Our relationship … worse,' Trump
# tweeted): opened after a space or a bracket, closed before one, so that an
# apostrophe inside a word ("Trump's") neither opens nor closes it.
# (The mark comes first, and what precedes it is looked at behind it: a search skips
# ahead to a mark instead of trying every position.)
_SINGLE_QUOTE = re.compile(
    r"['\u2018](?<![^\s(\[]['\u2018])([^'\u2018\u2019\n]{8,600}?[\w.,!?])['\u2019]"
    r"(?=[\s,.;:!?)\]]|$)", re.M)
def _introduced(prepared: Prepared) -> list[tuple[int, int]]:
    return introduced_paragraphs(prepared.text) + labelled_statements(prepared.text)


def _quoted_mask(prepared: Prepared) -> np.ndarray:
    return prepared.cached("quoted mask", _make_quoted_mask)


def _tweet_mask(prepared: Prepared) -> np.ndarray:
    return prepared.cached("tweet mask", _make_tweet_mask)


def _caption_mask(prepared: Prepared) -> np.ndarray:
    return prepared.cached("caption mask", _make_caption_mask)


def _sentence_share(prepared: Prepared, mask: np.ndarray) -> np.ndarray:
    """The share of each sentence's characters in ``mask``."""
    running = np.concatenate(([0], np.cumsum(mask)))
    starts, ends = prepared.cached("bounds", _bounds)
    return (running[ends] - running[starts]) / np.maximum(ends - starts, 1)


def _bounds(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Where each sentence starts and ends in the text."""
    bounds = np.array([(s.start, s.end) for s in prepared.sentences],
                      dtype=np.int64).reshape(-1, 2)
    return bounds[:, 0], bounds[:, 1]


def first_person(prepared: Prepared, lo: int, hi: int) -> bool:
    """Whether sentences ``lo``..``hi`` speak in the first person (somebody's words)."""
    return any(FIRST_PERSON.search(s.text.replace("\u2019", "'"))
               for s in prepared.sentences[lo:hi])


def _make_speaking(prepared: Prepared) -> np.ndarray:
    """For each sentence: whether a quotation it lies in speaks in the first person."""
    text = prepared.text
    spans = [(lo, hi) for lo, hi in prepared.cached("quotations", _quotation_spans)
             if FIRST_PERSON.search(text, lo, hi)]
    if not spans:
        return np.zeros(len(prepared.sentences), dtype=bool)
    return _sentence_share(prepared, _mask(text, spans)) > 0


def quotation_speaks(prepared: Prepared, lo: int, hi: int) -> bool:
    """Whether sentences ``lo``..``hi`` lie in a quotation that speaks in the first person
    somewhere: somebody's speech or statement quoted at length ("“They're the women
    whose names we'll never know. They are domestic workers …”"), each of its sentences
    theirs, first person or not."""
    return bool(prepared.cached("speaking", _make_speaking)[lo:hi].any())


def speaks(prepared: Prepared, lo: int, hi: int) -> bool:
    """Whether sentences ``lo``..``hi``, or the one before or after them in the same
    paragraph, speak in the first person: a transcript, a statement, a tweet pasted
    without its signature."""
    sentences, text = prepared.sentences, prepared.text
    if lo > 0 and "\n" not in text[sentences[lo - 1].end:sentences[lo].start]:
        lo -= 1
    if hi < len(sentences) and "\n" not in text[sentences[hi - 1].end:sentences[hi].start]:
        hi += 1
    return first_person(prepared, lo, hi)


def quoted_share(prepared: Prepared) -> np.ndarray:
    """The share of each sentence's characters inside quotation marks or an embedded
    tweet."""
    return prepared.cached("quoted", lambda p: _sentence_share(p, _quoted_mask(p)))


def tweeted_share(prepared: Prepared) -> np.ndarray:
    """The share of each sentence's characters in an embedded tweet."""
    return prepared.cached("tweeted", lambda p: _sentence_share(p, _tweet_mask(p)))


def caption_share(prepared: Prepared) -> np.ndarray:
    """The share of each sentence's characters in a photo caption."""
    return prepared.cached("captioned", lambda p: _sentence_share(p, _caption_mask(p)))


# Words any report of a quotation uses to attribute it, and the speaker's names and
# titles (``CAPITALISED``): two independent articles both write "…," VFW National
# Commander John A. Biedrzycki Jr. said, and share no framing for it.
_ATTRIBUTION = frozenset("said says say saying told tweeted wrote writes added adds "
                         "continued according statement".split())
#: A word written with a capital: a name or a title, in a sentence's middle.
CAPITALISED = re.compile(r"\b[A-Z][\w.'\u2019-]*")


def framing_words(prepared: Prepared, lo: int, hi: int) -> tuple[list[str], list[str]]:
    """The words of sentences ``lo``..``hi`` outside quotations, tweets and captions (who
    said it, and how the text frames the quotation); and of them those that are neither
    the speaker's names and titles nor verbs attributing the quotation, which an
    independent report of the same words writes its own way."""
    start, end = prepared.sentences[lo].start, prepared.sentences[hi - 1].end
    mask = prepared.cached("framed mask", _make_framed_mask)[start:end]
    text = prepared.text[start:end]
    kept = "".join(c if not q else " " for c, q in zip(text, mask.tolist(), strict=True))
    own = [w for w in words(CAPITALISED.sub(" ", kept)) if w not in _ATTRIBUTION]
    return words(kept), own
