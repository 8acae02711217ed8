"""Which lines are boilerplate by their form alone (``rules.py`` holds the patterns),
and which lines of a whole document the patterns can match at all (cheap checks first:
most lines can match none of them)."""

from __future__ import annotations

import re

from ..text import split_sentences
from .keys import Line
from .rules import (
    CREDIT_LINE,
    CREDIT_LINE_WORDS,
    FLOATING_NEEDS,
    FORM_KEYS,
    FORM_MARK,
    FORM_MAX_WORDS,
    FORM_SENTENCE,
    FORM_SHARE,
    HASHTAG,
    LINE_RULES,
    LOWER_RULES,
    QUOTE,
    SHARE_ANCHORS,
    SHARE_MAX_WORDS,
    SHARE_PHRASE,
    SHARE_WORDS,
    TAGS_LINE,
    TAGS_MAX_WORDS,
    without_case,
)

__all__ = ["CASE_FOLDS", "pattern_reasons"]


def _pattern_reason(line: Line, folds: bool = True) -> str | None:
    """The reason a line is boilerplate by its form alone, or None.

    ``folds``: the line's document may hold one of ``CASE_FOLDS``. Without them, the
    rules are tried on the lower-cased line, and a floating pattern is searched for only
    in a key holding one of its ``_FLOATING_KEYS``.
    """
    text = line.text
    n = line.n_words
    if n <= TAGS_MAX_WORDS and "#" in text:
        tags = len(HASHTAG.findall(text))
        if (tags >= 2 and tags * 2 >= n) or (tags == 1 and n == 1):
            return "hashtags"
    if n <= TAGS_MAX_WORDS and TAGS_LINE.match(text):
        return "hashtags"
    if n <= SHARE_MAX_WORDS:
        toks = line.key.split()
        if toks and all(t in SHARE_WORDS for t in toks) and any(
            t in SHARE_ANCHORS for t in toks
        ):
            return "share"
        if SHARE_PHRASE.match(text):
            return "share"
    if n > 12 and _is_form(line):
        return "newsletter"
    rules, subject = (LINE_RULES, text) if folds else (LOWER_RULES, text.lower())
    for reason, max_words, anchored, floating in rules:
        if n > max_words:
            continue
        needs = (FLOATING_NEEDS if folds else _FLOATING_KEYS).get(reason)
        if (anchored is not None and anchored.match(subject)) or (
            floating is not None
            and (needs is None or any(word in line.key for word in needs))
            and _found(floating, subject, reason)
        ):
            if reason == "newsletter" and n > 12 and QUOTE.search(text):
                continue  # a quotation that happens to say "be the first to know"
            return reason
    return None


def _found(pattern: re.Pattern[str], text: str, reason: str) -> bool:
    """Whether a floating pattern is in the line; a chatbot's words after a quotation mark
    are somebody quoting them (an article about chatbots), not a leftover."""
    m = pattern.search(text)
    return m is not None and not (reason == "ai-prompt" and QUOTE.search(text, 0, m.start()))


def _is_form(line: Line) -> bool:
    """A sign-up form glued into one line: a form-only phrase, and mostly form sentences."""
    if line.n_words > FORM_MAX_WORDS:
        return False
    low = line.text.lower()
    if not any(k in low for k in FORM_KEYS) or not FORM_MARK.search(line.text):
        return False
    form = sum(
        s.text.count(" ") + 1
        for s in split_sentences(line.text, max_words=FORM_MAX_WORDS)
        if FORM_SENTENCE.search(s.text)
    )
    return form >= FORM_SHARE * (line.text.count(" ") + 1)


# --- which lines the patterns above can match, for a whole document at once -------------

def _start_rules(min_words: int) -> list[tuple[str, re.Pattern[str]]]:
    """The start patterns (and the tag-line and share-phrase ones) that apply to lines of
    more than ``min_words`` words, each with its name in ``_START_WORDS``.

    The credit line's pattern, which may start anywhere in its first 60 characters, is
    left out: it is tried on the short lines it fits.
    """
    rules = [(reason, anchored) for reason, max_words, anchored, _ in LINE_RULES
             if anchored is not None and anchored is not CREDIT_LINE and max_words > min_words]
    rules += [("tags", TAGS_LINE)] if TAGS_MAX_WORDS > min_words else []
    rules += [("share", SHARE_PHRASE)] if SHARE_MAX_WORDS > min_words else []
    return rules


def _starts(min_words: int) -> re.Pattern[str]:
    """The patterns of :func:`_start_rules` in one pattern for lower-cased lines (see
    :func:`without_case`; documents with CASE_FOLDS are checked line by line)."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _start_rules(min_words)))


# The words a match of each start pattern can begin with. A line that starts with an ASCII
# letter and matches begins its key with one of them, or with a word holding other than
# letters ("don't", "copyright2019"): for the other lines, a set test spares lower-casing
# and the pattern. Keep in step with the patterns (a test reads the words off them).
_START_WORDS: dict[str, str] = {
    "ai-prompt": "as i yes no sure well however unfortunately sorry note you model used",
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
                   "corrections we promoted copyright just must",
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


_START_MAX_WORDS = max(max_words for _, max_words, anchored, _ in LINE_RULES if anchored)
# For each floating pattern, pieces of a line's key (lower-case words, single spaces) one
# of which every match holds: a key holding none of its pieces does not match. Keep in
# step with the patterns. (A key is lower-cased, while IGNORECASE also takes "ı" and "ſ"
# for "i" and "s", and "İ" for "i": a document holding them is checked line by line.)
_FLOATING_KEYS: dict[str, tuple[str, ...]] = {
    **FLOATING_NEEDS,
    "source-link": ("first on", "this article", "this story", "this post"),
    "image-credit": ("photo",),
    "boilerplate": ("all rights reserved",),
}
CASE_FOLDS = "\u0130\u0131\u017f"


def _hints(min_words: int) -> tuple[str, ...]:
    """Key pieces one of which a line of more than ``min_words`` words holds if a floating
    pattern or a form phrase can match it (a piece holding another is left out)."""
    pieces = {key.replace("-", " ") for key in FORM_KEYS}  # a key has no hyphens
    for reason, max_words, _, floating in LINE_RULES:
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
_CREDIT_LINE_LOWER = without_case(CREDIT_LINE)


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


def pattern_reasons(lines: list[Line], folds: bool) -> None:
    """Set the :func:`_pattern_reason` of each line not yet removed.

    Most lines can match no pattern, and cheap whole-document checks say which: only the
    others pay for every pattern. ``folds``: the text holds one of ``CASE_FOLDS``.
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
                or (n <= CREDIT_LINE_WORDS and _CREDIT_LINE_LOWER.match(line.text.lower()))
                or (n <= SHARE_MAX_WORDS and SHARE_WORDS.issuperset(line.key.split()))
            ):
                line.reason = _pattern_reason(line, folds=False)
        elif (n <= _START_MAX_WORDS and _may_start(line, _LONG_FIRST_WORDS)
              and _LONG_STARTS.match(line.text.lower())):
            line.reason = _pattern_reason(line, folds=False)
