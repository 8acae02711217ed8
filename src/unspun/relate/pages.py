"""What a page is and whom it credits: a live blog, a digest or a page of briefs (which
copy their items, never originate them), a page listing another's headline over a passage
of it, wire and outlet credits, and a text cut short. Each tells which side of a copy is
the original (see ``direction``).
"""

from __future__ import annotations

import bisect
import re

from ..align import Prepared
from ..clean.rules import ENTRY_TIME, STAMP_AGO
from .material import holds_any, occurrences

# A live blog's entries start with their time: "7:10 a.m.", "10:45 p.m. ET", "UPDATE 3:45 PM".
_ENTRY_TIME = re.compile(rf"^{ENTRY_TIME}\b", re.M)
# An aggregator's items: snippets cut with an ellipsis, and "29 minutes ago" stamps.
_SNIPPET = re.compile(r"(?:\.\.\.|\u2026)\s*$", re.M)
# (CNN's live blogs stamp each entry so too: "41 min ago", "1 hr 12 min ago".)
_AGO = re.compile(rf"^{STAMP_AGO}\s*$", re.M)
# How live blogs announce themselves: AP's "The Latest on …", "Live updates: …".
_LIVE_TITLE = re.compile(r"^(?:the latest\b|live(?: updates| blog)?\b|as it happened\b)", re.I)
# A wire's or a paper's page of news briefs, named in its title or first line: "AP News
# in Brief at 6:04 a.m. EDT", "News digest", "Morning Briefing".
_BRIEFS = re.compile(r"^(?:[A-Z]{2,5} )?(?:News (?:in [Bb]rief|[Bb]riefs|[Dd]igest)|(?:Morning|"
                     r"Evening|Daily|Weekend) [Bb]riefing)\b")
_LIVE_LEAD = re.compile(r"\bThe Latest on\b[^\n]{0,200}\(all times", re.I)
# A newsletter's items, each a paragraph opening on a headline in capitals: ABC's "The
# Note" ("THOUGHT THE TAX FIGHT WAS OVER? THINK AGAIN. After Congress …"), The Post's
# "Morning Plum" ("* RUSSIAN MEDIA LOVES TRUMP: The Associated Press reports …").
_HEADED_ITEM = re.compile(r"^[-*\u2022]?[ \t]*((?:[A-Z0-9'\u2019$%&,-]+[ \t]+){2,}"
                          r"[A-Z0-9'\u2019$%&,-]+)[:.?!][ \t]+[A-Za-z\"\u201c]", re.M)
#: Distinct headlines from which a text is a newsletter of items (a transcript's speakers
#: are fewer, and recur).
NEWSLETTER_ITEMS = 4
#: Timed entries, or snippets, from which a text is a live blog or a digest of items;
#: snippets must also end this share of its lines (an article may quote a few cut ones).
LIVE_BLOG_ENTRIES = 3
SNIPPET_SHARE = 0.25
# Credits of a wire service in the text: "WASHINGTON (AP) —", "(Reuters) -", "By The
# Associated Press", "Associated Press writer …", "AFP".
_WIRE_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|UPI|Bloomberg|CNN)\)\s*[\u2014\u2013-]"
    r"|\bBy (?:The )?(?:Associated Press|Reuters|AFP)\b"
    r"|\bAssociated Press (?:writers?|reporters?|contributed)\b"
    r"|\(?(?:Reporting|Writing|Editing) by [A-Z]"
    r"|\bCopyright \d{4} (?:The )?Associated Press\b"
    # A byline naming the reporters before the service, on a short line of its own:
    # "By GEOFF MULVIHILL Associated Press", "Jill Colvin, Associated Press" (with the
    # page's stamp run into it: "… Associated Press Published 9:21 a.m. ET July 15, 2018").
    r"|^[^\n.!?]{0,80}?(?<![a-z] )(?:The )?(?:Associated Press|Reuters|CNN Wire)"
    r"(?:[ \t]+(?:Published|Updated)\b[^\n]{0,80})?[ \t]*$",
    re.MULTILINE)
# Every match of ``_WIRE_CREDIT`` holds one of these (as ``_CAPTION_WORDS``).
_WIRE_WORDS = ("AP)", "Reuters", "AFP", "UPI)", "Bloomberg)", "Associated Press", "ing by ",
               "CNN Wire", "CNN)")
# An outlet credited in the text, by name: "according to Politico", "told The Hill",
# "Politico reported", "The Washington Post's report" (a capitalised run of one to four
# words beside a word of attribution).
_OUTLET = r"((?:The )?(?:[A-Z][\w&.-]*[ \t]){0,3}[A-Z][\w&.-]*)"
_CREDITED = re.compile(
    r"\b(?:[Aa]ccording to|told|[Rr]eported by|[Cc]ited by|[Vv]ia|[Cc]ourtesy of|h/t)"
    r"[ \t]+" + _OUTLET
    + r"|" + _OUTLET + r"(?:['\u2019]s (?:report|reporting|story)\b|[ \t]+(?:said|reported|"
    r"reports|wrote|noted|first reported|has reported|was first to report)\b)")
# ... or a quotation signed at its paragraph's end with its writer and outlet, as a
# roundup of opinion signs each ("… where will it succeed?” David Frum, The Atlantic).
_SIGNED = re.compile(r"[\u201d\"][ \t]*(?:[A-Z][\w.'\u2019-]*[ \t]+){1,3}[A-Z][\w.'\u2019-]*,"
                     r"[ \t]+" + _OUTLET + r"[ \t]*$", re.MULTILINE)
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


def _make_digest(prepared: Prepared) -> str | None:
    text = prepared.text
    # Each timed entry holds a ":", each snippet a "..." or "…", each stamp a " ago": a
    # text with fewer of those than entries is not searched for them.
    if ((text.count(":") >= LIVE_BLOG_ENTRIES
         and len(_ENTRY_TIME.findall(text)) >= LIVE_BLOG_ENTRIES)
            or (_ALL_TIMES.search(text) and _LIVE_LEAD.search(text))):
        return LIVE_BLOG
    stamps = len(_AGO.findall(text)) if text.count(" ago") >= LIVE_BLOG_ENTRIES else 0
    items = (len(_SNIPPET.findall(text)) + stamps
             if text.count("...") + text.count("\u2026") + stamps >= LIVE_BLOG_ENTRIES else 0)
    if items >= LIVE_BLOG_ENTRIES and items >= SNIPPET_SHARE * (text.count("\n") + 1):
        return "a page of snippets from other articles"
    if stamps >= LIVE_BLOG_ENTRIES:
        return LIVE_BLOG  # entries stamped "41 min ago", each of some paragraphs
    headlines = {m.group(1) for m in _HEADED_ITEM.finditer(text)}
    if len(headlines) >= NEWSLETTER_ITEMS:
        return "a newsletter of items under headlines"
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


#: What ``digest_page`` says of a live blog of timed entries.
LIVE_BLOG = "a live blog of timed entries"


def entries_drawn(prepared: Prepared, ranges: list[tuple[int, int]]) -> int:
    """How many timed entries of a live blog (each starting at its time, "10:15 a.m.", or
    at its stamp, "41 min ago") the sentences ``ranges`` fall in; 0 for a text without."""
    text = prepared.text
    starts = sorted(m.start() for pattern in (_ENTRY_TIME, _AGO)
                    for m in pattern.finditer(text))
    if not starts:
        return 0
    sentences = prepared.sentences
    return len({bisect.bisect_right(starts, sentences[i].start)
                for lo, hi in ranges for i in range(lo, min(hi, len(sentences)))})


# The clock time of an entry's time ("10:15 a.m.", "1:05 PM").
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})\s*([apAP])")
#: Of the entries of the earlier version of a live blog, this share at least are in the
#: later one (an entry may be reworded, or moved by a minute).
KEPT_ENTRIES = 0.8


def _make_entry_times(prepared: Prepared) -> frozenset[int]:
    times = set()
    for m in _ENTRY_TIME.finditer(prepared.text):
        if clock := _CLOCK.search(m.group(0)):
            hour = int(clock.group(1)) % 12 + (12 if clock.group(3) in "pP" else 0)
            times.add(hour * 60 + int(clock.group(2)))
    return frozenset(times)


def earlier_version(a: Prepared, b: Prepared) -> tuple[str, str, str] | None:
    """Which of two versions of one live blog of timed entries is the earlier ("a" or
    "b"), with the latest entry time of each (earlier's, later's): the one whose entries
    the other keeps, which has later ones besides. None when they are not so."""
    ta, tb = (p.cached("entry times", _make_entry_times) for p in (a, b))
    if min(len(ta), len(tb)) < LIVE_BLOG_ENTRIES or max(ta) == max(tb):
        return None
    side, early, late = ("a", ta, tb) if max(ta) < max(tb) else ("b", tb, ta)
    if len(early & late) < KEPT_ENTRIES * len(early):
        return None
    return side, _clock(max(early)), _clock(max(late))


def _clock(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"


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
    starts = set(occurrences(text, _CREDIT_LEADS))
    tails = occurrences(text, _CREDIT_TAILS)
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
    text = prepared.text
    return frozenset([outlet_key(m.group(1) or m.group(2)) for m in _credited(text)]
                     + [outlet_key(m.group(1)) for m in _SIGNED.finditer(text)])


def credited_outlets(prepared: Prepared) -> frozenset[str]:
    """The outlets the text credits by name ("according to Politico", a quotation signed
    "David Frum, The Atlantic"), as ``outlet_key``s."""
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
    if not holds_any(text, _WIRE_WORDS, start, end):
        return None
    m = _WIRE_CREDIT.search(text, start, end)
    return m.group(0) if m else None


def credit_in(text: str) -> str | None:
    """The first wire credit anywhere in a text ("(AP) \u2014", "By Reuters"), if any."""
    m = _WIRE_CREDIT.search(text)
    return m.group(0) if m else None


def cut_off(prepared: Prepared) -> bool:
    """Whether the text ends cut short: an ellipsis, a "read more" link, no final stop
    (asked of both documents of every copy relation, for its kind and its direction:
    kept once a document)."""
    return prepared.cached("cut off", _make_cut_off)


def _make_cut_off(prepared: Prepared) -> bool:
    end = prepared.text.rstrip()[-200:]
    return bool(end) and (bool(_CUT_END.search(end)) or not _FINAL_STOP.search(end))
