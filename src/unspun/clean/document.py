"""Per-document cleaning: repetition, title repeats, tails, injected spam and AI prompts.

One document alone: repeated title, repeated paragraphs and sentences (including a body
glued into one block and repeated), tails (hashtags, comment forms, share prompts,
"Source link", related links, newsletter sign-ups, including a whole sign-up form glued
into one line), template phrases glued to a paragraph ("ADVERTISEMENT The senator ..."),
image credits, leftover AI prompts and short promotional lines injected at the head or tail
of an article. Repetition is found in ``repeats.py``; line keys and the line record are in
``keys.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Document, Removal
from ..text import STOPWORDS, split_sentences, word_spans, words
from .keys import Line, keyed_lines
from .repeats import duplicate_lines, sentence_repeats

__all__ = ["REASONS", "clean_document", "clean_lines"]

#: Every reason slug cleaning records, and what it means.
REASONS: dict[str, str] = {
    "repeated-title": "the title (or a near copy) repeated in the body",
    "repeated-text": "a paragraph or sentence repeated, or the body glued and repeated",
    "hashtags": "a line of #hashtags or a 'Tags:' line",
    "comment-form": "comment-form text ('Leave a Reply', 'Your email address ...')",
    "source-link": "scraper attribution ('Source link', 'Source: ...', 'appeared first on')",
    "share": "share prompts and social buttons",
    "related-links": "'Related posts', 'Read more' and the headline list they introduce",
    "newsletter": "newsletter sign-up and subscription prompts",
    "image-credit": "photo credits and captions",
    "inline-card": "a link card glued inside a paragraph (a name's full name and headlines, "
                   "ending in 'MORE')",
    "ai-prompt": "a leftover instruction to a language model (content-farm signal)",
    "spam": "a short promotional line at the head or tail, unrelated to the article",
    "boilerplate": "navigation, ads, copyright, or a line recurring across unrelated documents",
}

# --- per-document patterns ---------------------------------------------------------------

_I = re.IGNORECASE
# "Markus Schreiber, AP", "BRENDAN SMIALOWSKI/AFP/Getty Images"
_CREDIT_LINE = re.compile(
    r"[^.!?]{0,60}[,/|]\s*(ap|afp|reuters|getty images|epa(-efe)?|bloomberg|ap photo)\s*\)?$", _I
)
_CREDIT_LINE_WORDS = 10
# (reason, longest line it may remove, pattern matched at the start of the stripped line,
#  pattern searched anywhere in it). Anchored patterns keep the per-line cost low.
_LINE_RULES: list[tuple[str, int, re.Pattern[str] | None, re.Pattern[str] | None]] = [
    (
        "ai-prompt",
        60,
        re.compile(
            r"as an ai( language)? model\b|i('m| am) sorry,? but i (can(no|')t|am unable)"
            r"|i can(no|')t (fulfill|comply with|assist with) (this|that|your) request",
            _I,
        ),
        None,
    ),
    (
        "comment-form",
        40,
        re.compile(
            r"(leave a (reply|comment)|cancel reply|post (a )?comment|add (a )?comment"
            r"|comments? are closed|view comments|loading comments|\d+ comments?$"
            r"|(comment|name|e-?mail|website|url)\s*\*?$|click here to comment"
            r"|you must be logged in to post a comment"
            r"|to find out more about facebook commenting)",
            _I,
        ),
        re.compile(
            r"your e-?mail address will not be published|required fields are marked"
            r"|save my name,? e-?mail,? and website|notify me of (follow-up comments|new posts)"
            r"|this site uses akismet",
            _I,
        ),
    ),
    (
        "source-link",
        30,
        re.compile(
            r"source link|(sources?|via)\s*:\s*(\S+\s*){1,6}$|original source\b"
            r"|read the (full|original) (story|article)|to read the full story"
            r"|originally (published|posted|appeared) (at|on|in|by)\b"
            r"|\[\[ this is a content summary only",
            _I,
        ),
        re.compile(
            r"\b(appeared|was published) first on\b"
            r"|\bthis (article|story|post) (was )?(originally )?(appeared|published) (on|in|at)\b",
            _I,
        ),
    ),
    (
        "image-credit",
        80,
        re.compile(
            r"(photo|photos|photograph|image|picture|pictured|credit|photo credit|image credit"
            r"|image copyright|image caption|image source|caption|file photo)s?\b\s*(:|by\b"
            r"|copyright|caption|courtesy)"
            r"|enlarge this image|toggle caption|hide caption|show caption|image \d+ of \d+"
            r"|next image|prev image"
            r"|file\s*[-\u2013\u2014]\s*(in )?this\b.{0,200}\bphoto\b",
            _I,
        ),
        re.compile(
            r"\((ap|afp|reuters|getty images|epa|ansa|xinhua)? ?photo(graph)?s?\s*(:|/|by\b)", _I
        ),
    ),
    ("image-credit", _CREDIT_LINE_WORDS, _CREDIT_LINE, None),
    (
        "newsletter",
        40,
        re.compile(
            r"be the first to know|never miss a (story|thing)|newsletter sign[ -]?up"
            r"|sign up (here|now|today|below)\b|subscribe (here|now|today)\b",
            _I,
        ),
        re.compile(
            r"\b(sign up (for|to receive) (our |the |a |\w+['\u2019]s )?[\w ]{0,40}"
            r"(newsletters?|e-?mails?|alerts|updates)\b|subscribe (to|for) (our |the )?[\w ]{0,30}"
            r"(newsletters?|e-?mails?|alerts|updates|access)\b|sign up (here|now|today)\b"
            r"|delivered (daily |weekly |straight |right )?to your inbox|in your in-?box"
            r"|successfully subscribed|by signing up,? you agree|newsletter sign[ -]?up"
            r"|(our|daily|free|weekly) (\w+ )?newsletters?\b|subscription supports journalism"
            r"|for unlimited (digital )?access|try one month for|choose the plan"
            r"|support (our|independent|\w+['\u2019]s) (\w+ )?journalism|digital subscription)",
            _I,
        ),
    ),
    (
        "related-links",
        25,
        re.compile(
            r"(related( posts| stories| articles| content| coverage| news| links| reading)?"
            r"|read more|read also|also read|see also|more from [\w .'-]{1,40}|you may also like"
            r"|you might also like|recommended( for you| stories| reading)?|most (popular|read)"
            r"|trending( now| in [\w ]{1,20})?|more stories|top stories|more on this\W*"
            r"|what to read next|don['\u2019]t miss)\s*[:.\u2026]*$"
            r"|(read more|related|see also|also read|more|read next|watch|listen)\s*:\s*\S",
            _I,
        ),
        None,
    ),
    (
        "boilerplate",
        40,
        re.compile(
            r"(advertisements?|ad|ads|sponsored( content)?|paid content"
            r"|story continues below( (the )?(video|ad|advertisement))?"
            r"|story continued below|continue reading( the main story)?( below)?"
            r"|advertisement continue reading the main story|skip to (main )?content"
            r"|scroll to (the )?top( of (the )?page)?|loading\W*|print( this)?( article| page)?"
            r"|close|more|menu|search|home|embed|fullscreen|replay|back to gallery|show more"
            r"|show less|show more / show less|next|prev|previous|prev next|\d+ / \d+|go"
            r"|jump to|comments|this is a developing story\W*( check back for updates\W*)?"
            r"|report an error|corrections?|we want to hear what you think\b.*"
            r"|(sponsored|promoted) (links|stories)( by \w+)?)\W*$"
            r"|(©|\(c\)\s|copyright\s*(©|\(c\)|\d{4}))",
            _I,
        ),
        re.compile(r"\ball rights reserved\b", _I),
    ),
]

# The costliest floating patterns are searched only in lines whose key (lower-case words)
# holds a word every one of their alternatives needs: a substring test is much cheaper
# than trying a long alternation at every position. Keep in step with the patterns.
_FLOATING_NEEDS: dict[str, tuple[str, ...]] = {
    "comment-form": ("mail", "required", "save my", "notify", "akismet"),
    "newsletter": ("sign", "subscri", "box", "newsletter", "unlimited", "one month",
                   "choose the plan", "journalism"),
}


def _without_case(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, for lower-cased text (its letters are lower-case).

    Several times cheaper: IGNORECASE folds the case of every character tried, and
    lower-casing a character matches an ASCII letter as IGNORECASE does but for
    _CASE_FOLDS (whose documents keep the IGNORECASE patterns), and keeps \\w, \\s, \\d
    and \\b.
    """
    return None if pattern is None else re.compile(pattern.pattern)


# The rules for lower-cased lines of a document without _CASE_FOLDS.
_LOWER_RULES = [(reason, max_words, _without_case(anchored), _without_case(floating))
                for reason, max_words, anchored, floating in _LINE_RULES]

# A sign-up form glued into one long line (NYT's "Newsletter Sign Up ... verify you're not a
# robot ...", POLITICO's "... Email Sign Up By signing up you agree ..."): too long for the
# line rules above. A phrase only such forms use marks the line; it goes if most of its
# words sit in sentences that read as form text. Works on one document alone, however
# rare the form is in the corpus.
_FORM_MARK = re.compile(
    r"\bby signing up,? (you|i) (agree|acknowledge|are agreeing)\b|\bunsubscribe (from [\w ]{1,30})?at any time\b|protected by recaptcha"
    r"|verify (that )?you['\u2019]?re not a robot|invalid e-?mail address|valid e-?mail address"
    r"|\bopt[- ]out at any time\b|thank you for (subscribing|signing up)"
    r"|must select a newsletter",
    _I,
)
_FORM_SENTENCE = re.compile(
    r"sign(ing)? ?up\b|newsletters?\b|subscri(be|bing|ption)|unsubscribe|\bopt[- ]out\b"
    r"|recaptcha|privacy policy|terms of (use|service)|\brobot\b|e-?mail address|re-?enter"
    r"|\bin(to)? your in-?box\b|\bagree to\b|try again later|error has occurred"
    r"|choose your country|confirmation e-?mail|spam folder|promotional offers"
    r"|\be-?mail \(required\)|check the box",
    _I,
)
# Every _FORM_MARK match holds one of these: a cheap substring test spares the regex on
# nearly all lines.
_FORM_KEYS = ("signing up", "subscrib", "recaptcha", "robot", "mail address", "opt-out",
              "opt out", "select a newsletter")
_FORM_SHARE = 0.6  # of a marked line's words in form sentences
_FORM_MAX_WORDS = 600  # a form with a country picker runs to some 450 words

# Template phrases glued to the start (or end) of a paragraph by the extractor:
# "ADVERTISEMENT “The White House’s ...", "Advertisement Continue reading the main story
# The senator said ...". Case-sensitive: "Advertisement revenue fell" is a sentence.
_GLUED_HEAD = re.compile(
    r"^(?:ADVERTISEMENT|SKIP ADVERTISEMENT|Advertisement(?= Continue reading)"
    r"|Continue reading the main story|Story Continued Below|Story continues below)"
    r"(?:\s+(?:Continue reading the main story))?\s+(?=\S+(?:\s+\S+){3})"
)  # ... followed by four words or more: "Story continues below video." is one line rule
_GLUED_TAIL = re.compile(r"(?<=[.!?\"\u201d])\s+(?:ADVERTISEMENT|Advertisement)$")
_GLUED_STARTS = ("ADVERTISEMENT", "SKIP ADVERTISEMENT", "Advertisement", "Continue reading",
                 "Story Continued", "Story continues")
_GLUED_ENDS = ("ADVERTISEMENT", "Advertisement")

_SHARE_WORDS = frozenset(
    """share shares shared this article story on via facebook twitter tweet tweets email
    e mail print whatsapp linkedin pinterest reddit messenger copy link url post to click
    opens in new window like loading sms flipboard telegram save and or fbshare gshare
    commentemailmore connect comment comments more close panel the x google permalink go
    open""".split()
)
_SHARE_ANCHORS = frozenset(
    "share facebook twitter tweet whatsapp linkedin pinterest reddit fbshare gshare".split()
)
_SHARE_PHRASE = re.compile(
    r"(like this\W*$|like loading|read or share this story|check out this (story|article) on)",
    _I,
)
_QUOTE = re.compile("[\"\u201c\u201d]")
_HASHTAG = re.compile(r"(?<![\w&])#\w+")
_TAGS_LINE = re.compile(r"^(tags|tagged|tagged with|topics|filed under|keywords)\s*(:|$)", _I)
_TAGS_MAX_WORDS = 40
_SHARE_MAX_WORDS = 20

# A leftover instruction to a language model at the start of a line: strip it, keep the rest.
_AI_PREFIX = re.compile(
    r"^\W{0,3}(please\s+)?(rewrite|paraphrase|reword|rephrase|summari[sz]e|spin|expand"
    r"|translate)\s+(this|the following|the above|the|that|it)\s*(\w+\s+){0,2}?"
    r"(title|headline|article|content|text|news|paragraph|story|post|essay)?s?\b"
    r"((\s+(to|in|into|with|for|using|as|and)\s+[\w -]{0,30}?\b(words?|paragraphs?|sentences?"
    r"|language|arabic|english|french|spanish|german|hindi|urdu|style|tone|seo|unique|"
    r"points?))*)\s*(in\s+[A-Z][a-z]+\b)?\s*[:.\-\u2013\u2014]?\s*"
    r"|^(certainly|sure|of course)[!,.]?\s+here(['\u2019]s| is)\s[^:\n]{0,80}:\s*"
    r"|^here(['\u2019]s| is) (a |the |your )?(rewritten|paraphrased|revised|reworded"
    r"|summari[sz]ed|unique|new version)[^:\n]{0,80}:\s*",
    _I,
)
# The word every _AI_PREFIX match starts with (after at most three non-word characters):
# it starts the line's key. Keep in step with the pattern.
_AI_STARTS = ("please", "rewrite", "paraphrase", "reword", "rephrase", "summari", "spin",
              "expand", "translate", "certainly", "sure", "of course", "here")

# --- spam ------------------------------------------------------------------------------

_PROMO_TERMS = re.compile(
    r"\b(dropshipping|drop shipping|casino|casinos|betting|slots?|poker|followers|backlinks?"
    r"|payday|loans?|essay writing|viagra|cialis|cbd|forex|bitcoin|crypto|vpn|seo"
    r"|coupons?|promo codes?|discount(s|ed)?|cheap(est)?|best (solution|price|deal|service|"
    r"site|way to)|free (shipping|trial|download)|order now|shop now|buy now|% off|limited time"
    r"|sign up now|best[- ]selling|top[- ]rated|affordable|guaranteed|earn money"
    r"|make money|work from home|weight loss|replica|escort|dating|hookup|porn|xxx"
    r"|likes and views|instagram likes|web design|hosting|plugin|wordpress theme)\b",
    _I,
)
_PROMO_TERMS_LOWER = _without_case(_PROMO_TERMS)
# The first word of every _PROMO_TERMS match ("off" of "% off"): a whole word of the line's
# key once apostrophes are spaces, as \b sits on both sides of it. A line whose key holds
# none of them has no match, and a set test is several times cheaper than the search.
# Keep in step with the pattern. (IGNORECASE also takes "ı" and "ſ" for "i" and "s": a
# document holding them is searched line by line.)
_PROMO_FIRST_WORDS = frozenset(
    """dropshipping drop casino casinos betting slot slots poker followers backlink backlinks
    payday loan loans essay viagra cialis cbd forex bitcoin crypto vpn seo coupon coupons
    promo discount discounts discounted cheap cheapest best free order shop buy off limited
    sign top affordable guaranteed earn make work weight replica escort dating hookup porn
    xxx likes instagram web hosting plugin wordpress""".split()
)
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(com|net|org|io|co|shop|store|biz|info|xyz)\b", _I)
_CALL_TO_ACTION = re.compile(
    r"^\W*(buy|get|visit|order|try|download|shop|click|call|check out|sign up|join|learn more"
    r"|contact|hire|book|grab|claim|discover|find out)\b",
    _I,
)

_SPAM_EDGE = 3  # lines at the head and at the tail where injected spam sits
_SPAM_MAX_WORDS = 30


def _pattern_reason(line: Line, folds: bool = True) -> str | None:
    """The reason a line is boilerplate by its form alone, or None.

    ``folds``: the line's document may hold one of ``_CASE_FOLDS``. Without them, the
    rules are tried on the lower-cased line, and a floating pattern is searched for only
    in a key holding one of its ``_FLOATING_KEYS``.
    """
    text = line.text
    n = line.n_words
    if n <= _TAGS_MAX_WORDS and "#" in text:
        tags = len(_HASHTAG.findall(text))
        if (tags >= 2 and tags * 2 >= n) or (tags == 1 and n == 1):
            return "hashtags"
    if n <= _TAGS_MAX_WORDS and _TAGS_LINE.match(text):
        return "hashtags"
    if n <= _SHARE_MAX_WORDS:
        toks = line.key.split()
        if toks and all(t in _SHARE_WORDS for t in toks) and any(
            t in _SHARE_ANCHORS for t in toks
        ):
            return "share"
        if _SHARE_PHRASE.match(text):
            return "share"
    if n > 12 and _is_form(line):
        return "newsletter"
    rules, subject = (_LINE_RULES, text) if folds else (_LOWER_RULES, text.lower())
    for reason, max_words, anchored, floating in rules:
        if n > max_words:
            continue
        needs = (_FLOATING_NEEDS if folds else _FLOATING_KEYS).get(reason)
        if (anchored is not None and anchored.match(subject)) or (
            floating is not None
            and (needs is None or any(word in line.key for word in needs))
            and floating.search(subject)
        ):
            if reason == "newsletter" and n > 12 and _QUOTE.search(text):
                continue  # a quotation that happens to say "be the first to know"
            return reason
    return None


def _is_form(line: Line) -> bool:
    """A sign-up form glued into one line: a form-only phrase, and mostly form sentences."""
    if line.n_words > _FORM_MAX_WORDS:
        return False
    low = line.text.lower()
    if not any(k in low for k in _FORM_KEYS) or not _FORM_MARK.search(line.text):
        return False
    form = sum(
        s.text.count(" ") + 1
        for s in split_sentences(line.text, max_words=_FORM_MAX_WORDS)
        if _FORM_SENTENCE.search(s.text)
    )
    return form >= _FORM_SHARE * (line.text.count(" ") + 1)


# --- which lines the patterns above can match, for a whole document at once -------------

def _start_rules(min_words: int) -> list[tuple[str, re.Pattern[str]]]:
    """The start patterns (and the tag-line and share-phrase ones) that apply to lines of
    more than ``min_words`` words, each with its name in ``_START_WORDS``.

    The credit line's pattern, which may start anywhere in its first 60 characters, is
    left out: it is tried on the short lines it fits.
    """
    rules = [(reason, anchored) for reason, max_words, anchored, _ in _LINE_RULES
             if anchored is not None and anchored is not _CREDIT_LINE and max_words > min_words]
    rules += [("tags", _TAGS_LINE)] if _TAGS_MAX_WORDS > min_words else []
    rules += [("share", _SHARE_PHRASE)] if _SHARE_MAX_WORDS > min_words else []
    return rules


def _starts(min_words: int) -> re.Pattern[str]:
    """The patterns of :func:`_start_rules` in one pattern for lower-cased lines (see
    :func:`_without_case`; documents with _CASE_FOLDS are checked line by line)."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _start_rules(min_words)))


# The words a match of each start pattern can begin with. A line that starts with an ASCII
# letter and matches begins its key with one of them, or with a word holding other than
# letters ("don't", "copyright2019"): for the other lines, a set test spares lower-casing
# and the pattern. Keep in step with the patterns (a test reads the words off them).
_START_WORDS: dict[str, str] = {
    "ai-prompt": "as i",
    "comment-form": "leave cancel post add comment comments view loading name e email website "
                    "url click you to",
    "source-link": "source sources via original originally read to",
    "image-credit": "photo photos photoss photograph photographs image images picture pictures "
                    "pictured pictureds credit credits caption captions file enlarge toggle "
                    "hide show next prev",
    "newsletter": "be never newsletter sign subscribe",
    "related-links": "related read also see more you recommended most trending top what don "
                     "watch listen",
    "boilerplate": "advertisement advertisements ad ads sponsored paid story continue skip "
                   "scroll loading print close more menu search home embed fullscreen replay "
                   "back show next prev previous go jump comments this report correction "
                   "corrections we promoted copyright",
    "tags": "tags tagged topics filed keywords",
    "share": "like read check",
}
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _start_words(min_words: int) -> frozenset[str]:
    """The words the matches of :func:`_starts` begin with."""
    return frozenset(word for name, _ in _start_rules(min_words)
                     for word in _START_WORDS[name].split())


def _may_start(line: Line, first_words: frozenset[str]) -> bool:
    """Whether a start pattern whose matches begin with ``first_words`` can match the line."""
    if line.text[:1] not in _ASCII_LETTERS:
        return True
    first = line.key.partition(" ")[0]
    return first in first_words or not first.isalpha()


_START_MAX_WORDS = max(max_words for _, max_words, anchored, _ in _LINE_RULES if anchored)
# For each floating pattern, pieces of a line's key (lower-case words, single spaces) one
# of which every match holds: a key holding none of its pieces does not match. Keep in
# step with the patterns. (A key is lower-cased, while IGNORECASE also takes "ı" and "ſ"
# for "i" and "s", and "İ" for "i": a document holding them is checked line by line.)
_FLOATING_KEYS: dict[str, tuple[str, ...]] = {
    **_FLOATING_NEEDS,
    "source-link": ("first on", "this article", "this story", "this post"),
    "image-credit": ("photo",),
    "boilerplate": ("all rights reserved",),
}
_CASE_FOLDS = "\u0130\u0131\u017f"


def _hints(min_words: int) -> tuple[str, ...]:
    """Key pieces one of which a line of more than ``min_words`` words holds if a floating
    pattern or a form phrase can match it (a piece holding another is left out)."""
    pieces = {key.replace("-", " ") for key in _FORM_KEYS}  # a key has no hyphens
    for reason, max_words, _, floating in _LINE_RULES:
        if floating is not None and max_words > min_words:
            pieces.update(_FLOATING_KEYS[reason])
    return tuple(sorted(p for p in pieces if not any(q != p and q in p for q in pieces)))


# Long lines are most of the text, and few patterns apply to them: they are tried with
# fewer start patterns and searched for fewer pieces.
_LONG_LINE_WORDS = 40
_HINTS = _hints(0)
_LONG_HINTS = _hints(_LONG_LINE_WORDS)
_STARTS = _starts(0)
_LONG_STARTS = _starts(_LONG_LINE_WORDS)
_FIRST_WORDS = _start_words(0)
_LONG_FIRST_WORDS = _start_words(_LONG_LINE_WORDS)
_CREDIT_LINE_LOWER = _without_case(_CREDIT_LINE)


def _holding(lines: list[Line], pieces: tuple[str, ...]) -> set[int]:
    """The ids of the lines whose key holds one of ``pieces`` (none spans two keys)."""
    text = "\n".join(line.key for line in lines)
    rows: set[int] = set()
    for piece in pieces:
        at = text.find(piece)
        while at >= 0:
            rows.add(text.count("\n", 0, at))
            end = text.find("\n", at)
            at = -1 if end < 0 else text.find(piece, end + 1)
    return {id(lines[row]) for row in rows}


def _pattern_reasons(lines: list[Line], folds: bool) -> None:
    """Set the :func:`_pattern_reason` of each line not yet removed.

    Most lines can match no pattern, and cheap whole-document checks say which: only the
    others pay for every pattern. ``folds``: the text holds one of ``_CASE_FOLDS``.
    """
    live = [line for line in lines if not line.reason]
    if folds:
        for line in live:
            line.reason = _pattern_reason(line)
        return
    hinted = _holding([ln for ln in live if ln.n_words <= _LONG_LINE_WORDS], _HINTS)
    hinted |= _holding([ln for ln in live if ln.n_words > _LONG_LINE_WORDS], _LONG_HINTS)
    for line in live:
        n = line.n_words
        if id(line) in hinted or "#" in line.text:
            line.reason = _pattern_reason(line, folds=False)
        elif n <= _LONG_LINE_WORDS:
            if (
                (_may_start(line, _FIRST_WORDS) and _STARTS.match(line.text.lower()))
                or (n <= _CREDIT_LINE_WORDS and _CREDIT_LINE_LOWER.match(line.text.lower()))
                or (n <= _SHARE_MAX_WORDS and _SHARE_WORDS.issuperset(line.key.split()))
            ):
                line.reason = _pattern_reason(line, folds=False)
        elif (n <= _START_MAX_WORDS and _may_start(line, _LONG_FIRST_WORDS)
              and _LONG_STARTS.match(line.text.lower())):
            line.reason = _pattern_reason(line, folds=False)


# A hover card a page inlines after a linked name: the name's full form glued to the
# headlines of its latest stories, ending in "MORE" ("Rep. Eric Swalwell Eric Michael
# SwalwellThe Hill's 12:30 Report: ... MORE (D-Calif.)"). The repeated surname glued to
# the next capital is what DOM text concatenation leaves, and what an author never writes.
_INLINE_CARD = re.compile(
    r"\b(?P<name>[A-Z][\w'\u2019-]*[a-z]) (?P<card>(?:[A-Z(][\w.'\u2019()-]*\s){0,4}?"
    r"(?P=name)(?=[A-Z\d\"'\u2018\u201c])[^\n]{0,600}?\sMORE\b)"
)


def _inline_cards(lines: list[Line], removed: list[tuple[int, Removal]]) -> None:
    """Cut link cards out of the paragraphs they were glued into; keep the paragraph."""
    for i, line in enumerate(lines):
        if line.reason or " MORE" not in line.text:
            continue
        cards = list(_INLINE_CARD.finditer(line.text))
        if not cards:
            continue
        text = line.text
        for m in reversed(cards):
            removed.append((i, Removal(m.group("card"), "inline-card")))
            text = text[: m.start("card")] + text[m.end("card"):]
        line.set(" ".join(text.split()))


def _glued_template(lines: list[Line], removed: list[tuple[int, Removal]]) -> None:
    """Strip template phrases glued to the start or end of a paragraph; keep the rest."""
    for i, line in enumerate(lines):
        if line.reason:
            continue
        text = line.text
        head = _GLUED_HEAD.match(text) if text.startswith(_GLUED_STARTS) else None
        if head:
            removed.append((i, Removal(head.group(0).strip(), "boilerplate")))
            text = text[head.end():]
        tail = _GLUED_TAIL.search(text) if text.endswith(_GLUED_ENDS) else None
        if tail:
            removed.append((i, Removal(tail.group(0).strip(), "boilerplate")))
            text = text[: tail.start()]
        if head or tail:
            line.set(text)


def _title_rules(lines: list[Line], title: str, removed: list[tuple[int, Removal]]) -> None:
    """Remove lines that repeat the title; strip titles glued to the start of a line."""
    title_words = words(title)
    if len(title_words) < 3:
        return  # "News", "Home": too short to tell a repeat from a real line
    title_key = " ".join(title_words)
    title_set = set(title_words)
    for i, line in enumerate(lines):
        if line.reason or not line.key:
            continue
        if line.key == title_key or _near_title(line, title_set, len(title_words)):
            line.reason = "repeated-title"
            continue
        # The title glued to the start of a paragraph, possibly several times.
        cut = 0
        key = line.key
        while key.startswith(title_key + " "):
            key = key[len(title_key) + 1 :]
            cut += len(title_words)
        if cut:
            spans = word_spans(line.text)
            if len(spans) < cut:
                continue
            end = spans[cut - 1][1]
            rest = line.text[end:].lstrip(" \t-\u2013\u2014:|.,")
            if rest:
                removed.append((i, Removal(line.text[:end].strip(), "repeated-title")))
                line.set(rest)


def _near_title(line: Line, title_set: set[str], n_title: int) -> bool:
    """A line that is the title with small edits ("Title | Site", "Title - Reuters")."""
    if line.n_words > n_title * 1.5 + 3:
        return False
    line_set = set(line.key.split())
    shared = len(line_set & title_set)
    return shared >= 0.85 * len(title_set) and shared >= 0.7 * len(line_set)


def _spam_rules(lines: list[Line], folds: bool) -> None:
    """Mark short promotional lines at the head or tail that do not belong to the article.

    ``folds``: the text holds one of ``_CASE_FOLDS``."""
    live = [ln for ln in lines if not ln.reason and ln.key]
    if len(live) < 3:
        return  # no article body to compare with
    suspects: list[tuple[Line, int]] = []
    edge = live[:_SPAM_EDGE] + live[max(_SPAM_EDGE, len(live) - _SPAM_EDGE) :]
    for ln in edge:
        if ln.n_words > _SPAM_MAX_WORDS or (
            not folds and _PROMO_FIRST_WORDS.isdisjoint(ln.key.replace("'", " ").split())
        ):
            continue
        promo = len(_PROMO_TERMS.findall(ln.text) if folds
                    else _PROMO_TERMS_LOWER.findall(ln.text.lower()))
        if promo:  # promotional vocabulary is required: a URL alone is often a byline
            suspects.append((ln, promo))
    if not suspects:
        return
    vocab: dict[str, int] = {}
    for ln in live:
        for w in set(ln.key.split()):
            vocab[w] = vocab.get(w, 0) + 1
    for ln, promo in suspects:
        own = {w for w in ln.key.split() if w not in STOPWORDS and not w.isdigit()}
        if not own:
            continue
        # Words the line shares with the rest of the article (its own count is 1).
        overlap = sum(1 for w in own if vocab.get(w, 0) > 1) / len(own)
        link = _URL.search(ln.text) is not None
        action = _CALL_TO_ACTION.match(ln.text) is not None
        if (overlap < 0.25 and promo + link + action >= 2) or (overlap < 0.1 and promo >= 2):
            ln.reason = "spam"


def _related_lists(lines: list[Line]) -> None:
    """After a 'Related posts' header, the short headline lines are links too."""
    for i, line in enumerate(lines):
        if line.reason != "related-links" or ":" in line.text.rstrip(": ")[:-1]:
            continue
        for follower in lines[i + 1 : i + 9]:
            if follower.reason:
                continue
            text = follower.text
            if follower.n_words > 20 or text.endswith((".", '"', "\u201d", "?", "!")):
                break
            follower.reason = "related-links"


def clean_document(doc: Document) -> Document:
    """A cleaned copy of ``doc``: ``text`` without boilerplate, ``removed`` says what went.

    ``raw_text`` keeps the text before cleaning (set only if it was not set already).
    """
    if not isinstance(doc, Document):
        raise TypeError(f"clean_document expects a Document, not {type(doc).__name__}")
    return clean_lines(doc)[0]


def clean_lines(doc: Document) -> tuple[Document, list[Line]]:
    """:func:`clean_document`, and the lines it kept (their texts make up the cleaned
    text; their keys give its line hashes, :func:`~unspun.clean.kept_line_hashes`)."""
    if not isinstance(doc, Document):
        raise TypeError(f"clean_lines expects a Document, not {type(doc).__name__}")
    raw = doc.text or ""
    lines = keyed_lines(list(filter(None, map(str.strip, raw.splitlines()))))
    removed: list[tuple[int, Removal]] = []
    folds = not raw.isascii() and any(c in raw for c in _CASE_FOLDS)
    for i, line in enumerate(lines):
        if not (folds or line.key.startswith(_AI_STARTS)):
            continue
        m = _AI_PREFIX.match(line.text)
        if m and m.end() > 0 and re.search(r"\w", m.group(0)):
            removed.append((i, Removal(m.group(0).strip(), "ai-prompt")))
            if m.end() >= len(line.text):
                line.reason = "ai-prompt"
                removed.pop()
            else:
                line.set(line.text[m.end():])
    if doc.title:
        _title_rules(lines, doc.title, removed)
    _pattern_reasons(lines, folds)
    _glued_template(lines, removed)
    if " MORE" in raw:  # each line (what is left of it) is a piece of the text
        _inline_cards(lines, removed)
    _related_lists(lines)
    duplicate_lines(lines)
    sentence_repeats(lines, removed)
    _spam_rules(lines, folds)
    for i, line in enumerate(lines):
        if line.reason:
            removed.append((i, Removal(line.text, line.reason)))
    removed.sort(key=lambda item: item[0])  # stable: document order, prefix before line
    kept = [ln for ln in lines if not ln.reason]
    cleaned = replace(
        doc,
        text="\n".join([ln.text for ln in kept]),
        raw_text=doc.raw_text if doc.raw_text is not None else raw,
        removed=[*doc.removed, *(r for _, r in removed)],
    )
    return cleaned, kept


# --- corpus-aware boilerplate ------------------------------------------------------------
