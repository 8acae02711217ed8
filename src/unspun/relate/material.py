"""What a text's sentences are, beyond their words: quoted material (quotations, embedded
tweets, wire photo captions) that two independent articles may both carry, live-blog entries, wire credits,
and whether the text is cut off.

Shared quoted material is evidence of one story, not of copying; the rest tells which
side of a copy is the original (see ``direction``).
"""

from __future__ import annotations

import re

import numpy as np

from ..align import Prepared
from ..clean.rules import TWEET_SIGNATURE
from ..fingerprint.immutables import quotations
from ..text import words

#: A sentence is quoted material when this share of its characters is inside quotation
#: marks or an embedded tweet.
QUOTED = 0.5

# An embedded tweet as scraped: its text, then its signature (``clean.rules``), often with
# a "pic.twitter.com/…" or "https://t.co/…" link in the text.
_TWEET_LINK = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+")
# A wire photo's caption dates the picture in full: "…, in Helsinki, Finland, Monday,
# July 16, 2018." Two articles using one photo share its caption, not each other's text.
_CAPTION = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|March|April|May|June|July"
    r"|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b"
    # ... or credits its photographer: "FILE - In this … file photo", "(AP Photo/…)",
    # "(Jorge Silva/Pool Photo via AP, File)", "Photo: …".
    r"|\bFILE\s*[-\u2013\u2014]+\s*In this\b|\((?:AP|AFP|Reuters)? ?Photo\b"
    r"|\bPhoto(?:graph)?(?:\s+by)?\s*:|/(?:Pool )?Photo via\b|\bvia Getty Images\b"
    # ... or points at who is where in it: "(L)", "(L-R)", "(center)".
    r"|\((?:L|R|C|L-R|R-L|left|right|center|centre)\)")
# First-person words: a sentence holding one, in a news article, is somebody's words
# (a tweet or a statement scraped without its quotation marks).
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|me|my|mine|we|us|our|ours)\b",
                           re.IGNORECASE)
# A live blog's entries start with their time: "7:10 a.m.", "10:45 p.m. ET", "UPDATE 3:45 PM".
_ENTRY_TIME = re.compile(r"^(?:UPDATE:?\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|[AP]M)\b", re.M)
# An aggregator's items: snippets cut with an ellipsis, and "29 minutes ago" stamps.
_SNIPPET = re.compile(r"(?:\.\.\.|\u2026)\s*$", re.M)
_AGO = re.compile(r"^\d{1,2} (?:minutes?|hours?|days?) ago\s*$", re.M)
# How live blogs announce themselves: AP's "The Latest on …", "Live updates: …".
_LIVE_TITLE = re.compile(r"^(?:the latest\b|live(?: updates| blog)?\b|as it happened\b)", re.I)
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
    r"|\bCopyright \d{4} (?:The )?Associated Press\b")
# The end of a text cut short: an ellipsis, a "read more" link, or no final punctuation.
_CUT_END = re.compile(r"(?:\.\.\.|\u2026|\bread more|\bcontinue reading|\bfull story)\W*$",
                      re.IGNORECASE)
_FINAL_STOP = re.compile(r"[.!?\"'\u201d\u2019)\]]\s*$")


def _make_quoted_mask(prepared: Prepared) -> np.ndarray:
    """Which characters of the text are quoted material: quotations, embedded tweets."""
    text = prepared.text
    inside = np.zeros(len(text) + 1, dtype=np.int32)
    spans = [(q.start, q.end) for q in quotations(text)]
    spans += [m.span(1) for m in _SINGLE_QUOTE.finditer(text)]
    for m in TWEET_SIGNATURE.finditer(text):
        # The signature and the paragraph before it (the tweet's text).
        before = text.rfind("\n", 0, max(m.start() - 1, 0))
        spans.append((before + 1, m.end()))
    for m in _TWEET_LINK.finditer(text):
        lo = text.rfind("\n", 0, m.start()) + 1
        hi = text.find("\n", m.end())
        spans.append((lo, len(text) if hi < 0 else hi))
    spans += _quoted_paragraphs(text)
    for lo, hi in spans:
        inside[lo] += 1
        inside[hi] -= 1
    return np.cumsum(inside[:-1]) > 0


# A quotation in single marks (British style: 'Our relationship … worse,' Trump
# tweeted): opened after a space or a bracket, closed before one, so that an
# apostrophe inside a word ("Trump's") neither opens nor closes it.
_SINGLE_QUOTE = re.compile(
    r"(?:^|(?<=[\s(\[]))['\u2018]([^'\u2018\u2019\n]{8,600}?[\w.,!?])['\u2019](?=[\s,.;:!?)\]]|$)",
    re.M)
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


def _make_quoted(prepared: Prepared) -> np.ndarray:
    running = np.concatenate(([0], np.cumsum(_quoted_mask(prepared))))
    starts = np.fromiter((s.start for s in prepared.sentences), dtype=np.int64)
    ends = np.fromiter((s.end for s in prepared.sentences), dtype=np.int64)
    share = (running[ends] - running[starts]) / np.maximum(ends - starts, 1)
    # A photo caption, whole: it dates the picture in full, or credits its photographer.
    captions = [i for i, s in enumerate(prepared.sentences) if _CAPTION.search(s.text)]
    share[captions] = 1.0
    return share


def first_person(prepared: Prepared, lo: int, hi: int) -> bool:
    """Whether sentences ``lo``..``hi`` speak in the first person (somebody's words)."""
    return any(_FIRST_PERSON.search(s.text.replace("\u2019", "'"))
               for s in prepared.sentences[lo:hi])


def quoted_share(prepared: Prepared) -> np.ndarray:
    """The share of each sentence's characters inside quotation marks or an embedded
    tweet; 1 for a photo caption."""
    return prepared.cached("quoted", _make_quoted)


def unquoted_words(prepared: Prepared, lo: int, hi: int) -> list[str]:
    """The words of sentences ``lo``..``hi`` outside quoted material (who said it, and
    how the text frames the quotation)."""
    start, end = prepared.sentences[lo].start, prepared.sentences[hi - 1].end
    mask = _quoted_mask(prepared)[start:end]
    text = prepared.text[start:end]
    kept = "".join(c if not q else " " for c, q in zip(text, mask.tolist(), strict=True))
    return words(kept)


def _make_digest(prepared: Prepared) -> str | None:
    text = prepared.text
    if len(_ENTRY_TIME.findall(text)) >= LIVE_BLOG_ENTRIES or _LIVE_LEAD.search(text):
        return "a live blog of timed entries"
    items = len(_SNIPPET.findall(text)) + len(_AGO.findall(text))
    if items >= LIVE_BLOG_ENTRIES and items >= SNIPPET_SHARE * (text.count("\n") + 1):
        return "a page of snippets from other articles"
    return None


def digest_page(prepared: Prepared, title: str | None = None) -> str | None:
    """What makes the text a digest of other items (a live blog, an aggregator's page of
    snippets), or None: such a page copies its items, it is never their original."""
    found = prepared.cached("digest", _make_digest)
    if found is None and title and _LIVE_TITLE.match(title.strip()):
        return "a live blog"
    return found


def wire_credit(prepared: Prepared, lo: int, hi: int) -> str | None:
    """The wire credit ("(AP) —", "Reuters") in sentences ``lo``..``hi`` or the sentence
    on either side of them (a dateline, a closing credit), if any."""
    sentences = prepared.sentences
    if not sentences:
        return None
    start = sentences[max(lo - 1, 0)].start
    end = sentences[min(hi, len(sentences) - 1)].end
    m = _WIRE_CREDIT.search(prepared.text, start, end)
    return m.group(0) if m else None


def cut_off(prepared: Prepared) -> bool:
    """Whether the text ends cut short: an ellipsis, a "read more" link, no final stop."""
    end = prepared.text.rstrip()[-200:]
    return bool(end) and (bool(_CUT_END.search(end)) or not _FINAL_STOP.search(end))
