"""What a text's sentences are, beyond their words: quoted material (quotations, embedded
tweets, wire photo captions) that two independent articles may both carry, live-blog
entries, wire credits, and whether the text is cut off.

Shared quoted material is evidence of one story, not of copying; the rest tells which
side of a copy is the original (see ``direction``).
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
#: The longest paragraph taken for an embedded tweet (its text, up to 280 characters, a
#: link and a signature).
TWEET_CHARS = 600
# First-person words: a sentence holding one, in a news article, is somebody's words
# (a tweet or a statement scraped without its quotation marks).
# (Case-sensitive past their first letter: "US" is the country.)
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Ww]e|[Uu]s|[Oo]urs?)\b")
# A live blog's entries start with their time: "7:10 a.m.", "10:45 p.m. ET", "UPDATE 3:45 PM".
_ENTRY_TIME = re.compile(r"^(?:UPDATE:?\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|[AP]M)\b", re.M)
# An aggregator's items: snippets cut with an ellipsis, and "29 minutes ago" stamps.
_SNIPPET = re.compile(r"(?:\.\.\.|\u2026)\s*$", re.M)
_AGO = re.compile(r"^\d{1,2} (?:minutes?|hours?|days?) ago\s*$", re.M)
# How live blogs announce themselves: AP's "The Latest on …", "Live updates: …".
_LIVE_TITLE = re.compile(r"^(?:the latest\b|live(?: updates| blog)?\b|as it happened\b)", re.I)
# A wire's or a paper's page of news briefs, named in its title or first line: "AP News
# in Brief at 6:04 a.m. EDT", "News Digest", "Morning Briefing".
_BRIEFS = re.compile(r"^(?:[A-Z]{2,5} )?(?:News (?:in Brief|Briefs|Digest)|(?:Morning|Evening|"
                     r"Daily|Weekend) Briefing)\b")
_LIVE_LEAD = re.compile(r"\bThe Latest on\b[^\n]{0,200}\(all times", re.I)
#: Timed entries, or snippets, from which a text is a live blog or a digest of items;
#: snippets must also end this share of its lines (an article may quote a few cut ones).
LIVE_BLOG_ENTRIES = 3
SNIPPET_SHARE = 0.25
# Credits of a wire service in the text: "WASHINGTON (AP) —", "(Reuters) -", "By The
# Associated Press", "Associated Press writer …", "AFP".
_WIRE_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|UPI|Bloomberg)\)\s*[\u2014\u2013-]"
    r"|\bBy (?:The )?(?:Associated Press|Reuters|AFP)\b"
    r"|\bAssociated Press (?:writers?|reporters?|contributed)\b"
    r"|\(?(?:Reporting|Writing|Editing) by [A-Z]"
    r"|\bCopyright \d{4} (?:The )?Associated Press\b"
    # A byline naming the reporters before the service, on a short line of its own:
    # "By GEOFF MULVIHILL Associated Press", "Jill Colvin, Associated Press".
    r"|^[^\n.!?]{0,80}?(?<![a-z] )(?:The )?(?:Associated Press|Reuters|CNN Wire)[ \t]*$",
    re.MULTILINE)
# Every match of ``_WIRE_CREDIT`` holds one of these (as ``_CAPTION_WORDS``).
_WIRE_WORDS = ("AP)", "Reuters", "AFP", "UPI)", "Bloomberg)", "Associated Press", "ing by ",
               "CNN Wire")
# An outlet credited in the text, by name: "according to Politico", "told The Hill",
# "Politico reported", "The Washington Post's report" (a capitalised run of one to four
# words beside a word of attribution).
_OUTLET = r"((?:The )?(?:[A-Z][\w&.-]*[ \t]){0,3}[A-Z][\w&.-]*)"
_CREDITED = re.compile(
    r"\b(?:[Aa]ccording to|told|[Rr]eported by|[Cc]ited by|[Vv]ia|[Cc]ourtesy of|h/t)"
    r"[ \t]+" + _OUTLET
    + r"|" + _OUTLET + r"(?:['\u2019]s (?:report|reporting|story)\b|[ \t]+(?:said|reported|"
    r"reports|wrote|noted|first reported|has reported|was first to report)\b)")
# Every match of ``_CREDITED`` starts at one of its leads (its first branch) or ends
# with one of its tails (its second, after the outlet): it is tried only there (see
# ``_credited``).
_CREDIT_LEADS = ("According to", "according to", "told", "Reported by", "reported by",
                 "Cited by", "cited by", "Via", "via", "Courtesy of", "courtesy of", "h/t")
_CREDIT_TAILS = ("report", "said", "wrote", "noted", "story")
# How far before its tail the outlet of a match of the second branch may start, read
# backwards from the tail: words of the outlet's characters, with what joins them to the
# tail ("'s", "was first to"), between at most eight runs of blanks ("The" and three more
# before the outlet's last word, one before the tail, three in "was first to").
_CREDIT_REACH = re.compile(r"[\w&.'\u2019-]*(?:[ \t]+[\w&.'\u2019-]*){0,8}")
_CAPITAL = re.compile("[A-Z]")
# Every match of ``_LIVE_LEAD`` holds one of this one's, found fast from its "(".
_ALL_TIMES = re.compile(r"\(all times", re.I)
# The end of a text cut short: an ellipsis, a "read more" link, or no final punctuation.
_CUT_END = re.compile(r"(?:\.\.\.|\u2026|\bread more|\bcontinue reading|\bfull story)\W*$",
                      re.IGNORECASE)
_FINAL_STOP = re.compile(r"[.!?\"'\u201d\u2019)\]]\s*$")


def _holds(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds one of ``words``."""
    end = len(text) if end is None else end
    for word in words:  # a loop, not any() over a generator: ~140,000 calls a scan
        if text.find(word, start, end) >= 0:
            return True
    return False


def _occurrences(text: str, words: tuple[str, ...]) -> list[int]:
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
    found = _occurrences("\n".join([s.text for s in sentences]), words)
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
    """The spans of the text's quotations, and of its paragraphs that are one long
    quotation."""
    return prepared.cached("quote spans", _quote_spans) + _quoted_paragraphs(prepared.text)


def _make_framed_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are somebody else's words, apart from how the text
    frames them: quotations themselves (a paragraph of quotations keeps its "says …"
    between them), tweets, captions."""
    return (_mask(prepared.text, prepared.cached("quote spans", _quote_spans))
            | _tweet_mask(prepared) | _caption_mask(prepared))


def _make_tweet_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are embedded tweets: their text and signature."""
    text = prepared.text
    spans = []
    # (Every signature holds its handle's "(@", and every link one of these.)
    signatures = TWEET_SIGNATURE.finditer(text) if "(@" in text else ()
    links = _TWEET_LINK.finditer(text) if _holds(text, _TWEET_LINK_WORDS) else ()
    for m in signatures:
        # The signature and the paragraph before it (the tweet's text), a tweet's length
        # at most: a text glued into one line is not one tweet.
        before = text.rfind("\n", 0, max(m.start() - 1, 0))
        spans.append((max(before + 1, m.start() - TWEET_CHARS), m.end()))
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
    if _holds(text, ("FILE", "Photo")):
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
# Curly marks only: straight ones do not say which opens and which closes.
_OPENING = re.compile("\u201c")
_CLOSING = re.compile("\u201d(?=[^\u201d]*$)")
#: A paragraph is a quotation when its first quotation mark comes within ``QUOTE_LEAD``
#: characters of its start ("Others note that “…") and its last within
#: ``QUOTE_ATTRIBUTION`` of its end ("…” Nicholas Kristof, New York Times).
QUOTE_LEAD = 40
QUOTE_ATTRIBUTION = 80


def _quoted_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are one long quotation, however long and however many quotation
    marks it nests (a newsletter's quoted opinion blocks, a statement quoted whole):
    from the first quotation mark to the last; and quotations that go on into the next
    paragraph (opened with a curly mark never closed in this one)."""
    spans = []
    start = 0
    for line in text.split("\n"):
        first = _OPENING.search(line, 0, QUOTE_LEAD + 1)
        last = _CLOSING.search(line, first.end()) if first else None
        if first and last and last.end() >= len(line) - QUOTE_ATTRIBUTION:
            spans.append((start + first.start(), start + last.end()))
        elif first and last is None and line.count("\u201c") == 1:
            # A quotation going on into the next paragraph opens and never closes here.
            spans.append((start + first.start(), start + len(line)))
        start += len(line) + 1
    return spans


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
    return any(_FIRST_PERSON.search(s.text.replace("\u2019", "'"))
               for s in prepared.sentences[lo:hi])


def _make_speaking(prepared: Prepared) -> np.ndarray:
    """For each sentence: whether a quotation it lies in speaks in the first person."""
    text = prepared.text
    spans = [(lo, hi) for lo, hi in prepared.cached("quotations", _quotation_spans)
             if _FIRST_PERSON.search(text, lo, hi)]
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


def unquoted_words(prepared: Prepared, lo: int, hi: int) -> list[str]:
    """The words of sentences ``lo``..``hi`` outside quotations, tweets and captions (who
    said it, and how the text frames the quotation)."""
    start, end = prepared.sentences[lo].start, prepared.sentences[hi - 1].end
    mask = prepared.cached("framed mask", _make_framed_mask)[start:end]
    text = prepared.text[start:end]
    kept = "".join(c if not q else " " for c, q in zip(text, mask.tolist(), strict=True))
    return words(kept)


def _make_digest(prepared: Prepared) -> str | None:
    text = prepared.text
    # Each timed entry holds a ":", each snippet a "..." or "…", each stamp a " ago": a
    # text with fewer of those than entries is not searched for them.
    if ((text.count(":") >= LIVE_BLOG_ENTRIES
         and len(_ENTRY_TIME.findall(text)) >= LIVE_BLOG_ENTRIES)
            or (_ALL_TIMES.search(text) and _LIVE_LEAD.search(text))):
        return "a live blog of timed entries"
    items = (len(_SNIPPET.findall(text)) + len(_AGO.findall(text))
             if (text.count("...") + text.count("\u2026") + text.count(" ago")
                 >= LIVE_BLOG_ENTRIES) else 0)
    if items >= LIVE_BLOG_ENTRIES and items >= SNIPPET_SHARE * (text.count("\n") + 1):
        return "a page of snippets from other articles"
    return None


def digest_page(prepared: Prepared, title: str | None = None) -> str | None:
    """What makes the text a digest of other items (a live blog, an aggregator's page of
    snippets), or None: such a page copies its items, it is never their original."""
    found = prepared.cached("digest", _make_digest)
    if found is None and title and _LIVE_TITLE.match(title.strip()):
        return "a live blog"
    if found is None and (_BRIEFS.match(prepared.text) or (title and _BRIEFS.match(title))):
        return "a page of news briefs"
    return found


#: Words a headline needs for a page carrying it on a line of its own to be listing
#: that article (shorter ones, "Subscribe", "Live updates", are a page's furniture).
HEADLINE_WORDS = 5


#: A page carrying another's headline lists it when less than this share of the page
#: is the other's text (a republication carries the headline over all of it).
LISTING_COVER = 0.5


def digest_pages(a: Prepared, b: Prepared, title_a: str | None, title_b: str | None,
                 coverage: tuple[float, float]) -> tuple[str | None, str | None]:
    """What makes each text a digest that lists the other (``digest_page``), or a page
    that carries the other's headline on a line of its own over a passage of it, the
    passage a small part of the page (``coverage``: the share of each text aligned), as
    a page of headlines and snippets does; None for a text that is neither."""
    return (digest_page(a, title_a)
            or (_carries_headline(a, title_b, title_a) if coverage[0] < LISTING_COVER else None),
            digest_page(b, title_b)
            or (_carries_headline(b, title_a, title_b) if coverage[1] < LISTING_COVER else None))


def _carries_headline(prepared: Prepared, headline: str | None, own: str | None
                      ) -> str | None:
    if not headline or len(headline.split()) < HEADLINE_WORDS:
        return None
    key = headline.strip().casefold()
    if own and key in own.casefold():
        return None  # its own headline too ("… | Charlotte Observer"), or a placeholder
    return LISTING if key in prepared.cached("lines", _lines) else None


def _lines(prepared: Prepared) -> frozenset[str]:
    """The text's lines, stripped and case-folded."""
    return frozenset(line.strip().casefold() for line in prepared.text.split("\n"))


#: What ``digest_pages`` says of a page carrying the other's headline over a passage.
LISTING = "a page that lists the other's headline over a passage of it"


def outlet_key(name: str) -> str:
    """An outlet's name or a site as one key: "The Washington Post" and
    "washingtonpost.com" give "washingtonpost", "Fox News" and "foxnews.com" "foxnews"."""
    name = name.lower().removeprefix("www.")
    if "." in name and " " not in name:
        name = name.split(".")[0]  # a site: its first label
    key = re.sub(r"[^a-z0-9]", "", name)
    return key.removeprefix("the") if len(key) > 7 else key


def _credited(text: str) -> list[re.Match[str]]:
    """``_CREDITED.finditer(text)``, tried only where a match may start: at a lead, or
    at a capital letter within reach before a tail. (A search tries the outlet, a run
    of capitalised words, at every capital letter, and backtracks through each.)"""
    starts = set(_occurrences(text, _CREDIT_LEADS))
    tails = _occurrences(text, _CREDIT_TAILS)
    if tails:
        backwards = text[::-1]
        for at in tails:
            back = len(text) - at
            reach = _CREDIT_REACH.match(backwards, back).end() - back
            starts.update(m.start() for m in _CAPITAL.finditer(text, at - reach, at))
    found: list[re.Match[str]] = []
    end = 0
    for start in sorted(starts):
        if start >= end and (m := _CREDITED.match(text, start)):
            found.append(m)
            end = m.end()
    return found


def _make_credited(prepared: Prepared) -> frozenset[str]:
    return frozenset(outlet_key(m.group(1) or m.group(2)) for m in _credited(prepared.text))


def credited_outlets(prepared: Prepared) -> frozenset[str]:
    """The outlets the text credits by name ("according to Politico"), as ``outlet_key``s."""
    return prepared.cached("credited", _make_credited)


def wire_credit(prepared: Prepared, lo: int, hi: int) -> str | None:
    """The wire credit ("(AP) —", "Reuters") in sentences ``lo``..``hi`` or the sentence
    on either side of them in the same paragraph (a dateline, a closing credit) or, before
    them, the text's first (a dateline lede the copy rewrote), if any. (Otherwise, across
    a paragraph break, the sentence may be another item's of a digest.)"""
    sentences, text = prepared.sentences, prepared.text
    if not sentences:
        return None
    lo, hi = max(lo, 0), min(hi, len(sentences))
    if lo >= hi:
        return None
    start, end = sentences[lo].start, sentences[hi - 1].end
    if lo == 1 or (lo > 1 and "\n" not in text[sentences[lo - 1].end:start]):
        start = sentences[lo - 1].start
    if hi < len(sentences) and "\n" not in text[end:sentences[hi].start]:
        end = sentences[hi].end
    if not _holds(text, _WIRE_WORDS, start, end):
        return None
    m = _WIRE_CREDIT.search(text, start, end)
    return m.group(0) if m else None


def credit_in(text: str) -> str | None:
    """The first wire credit anywhere in a text ("(AP) \u2014", "By Reuters"), if any."""
    m = _WIRE_CREDIT.search(text)
    return m.group(0) if m else None


def cut_off(prepared: Prepared) -> bool:
    """Whether the text ends cut short: an ellipsis, a "read more" link, no final stop."""
    end = prepared.text.rstrip()[-200:]
    return bool(end) and (bool(_CUT_END.search(end)) or not _FINAL_STOP.search(end))
