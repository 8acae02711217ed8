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
from .rules import (
    AI_PREFIX,
    AI_STARTS,
    CALL_TO_ACTION,
    CREDIT_LINE,
    CREDIT_LINE_WORDS,
    FLOATING_NEEDS,
    FORM_KEYS,
    FORM_MARK,
    FORM_MAX_WORDS,
    FORM_SENTENCE,
    FORM_SHARE,
    GLUED_ENDS,
    GLUED_HEAD,
    GLUED_STARTS,
    GLUED_TAIL,
    HASHTAG,
    LINE_RULES,
    LOWER_RULES,
    PROMO_FIRST_WORDS,
    PROMO_TERMS,
    PROMO_TERMS_LOWER,
    QUOTE,
    REASONS,
    SHARE_ANCHORS,
    SHARE_MAX_WORDS,
    SHARE_PHRASE,
    SHARE_WORDS,
    SPAM_EDGE,
    SPAM_MAX_WORDS,
    TAGS_LINE,
    TAGS_MAX_WORDS,
    URL,
    without_case,
)

__all__ = ["REASONS", "clean_document", "clean_lines"]



def _pattern_reason(line: Line, folds: bool = True) -> str | None:
    """The reason a line is boilerplate by its form alone, or None.

    ``folds``: the line's document may hold one of ``_CASE_FOLDS``. Without them, the
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
    :func:`without_case`; documents with _CASE_FOLDS are checked line by line)."""
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
_CASE_FOLDS = "\u0130\u0131\u017f"


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
                or (n <= CREDIT_LINE_WORDS and _CREDIT_LINE_LOWER.match(line.text.lower()))
                or (n <= SHARE_MAX_WORDS and SHARE_WORDS.issuperset(line.key.split()))
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
        head = GLUED_HEAD.match(text) if text.startswith(GLUED_STARTS) else None
        if head:
            removed.append((i, Removal(head.group(0).strip(), "boilerplate")))
            text = text[head.end():]
        tail = GLUED_TAIL.search(text) if text.endswith(GLUED_ENDS) else None
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
    edge = live[:SPAM_EDGE] + live[max(SPAM_EDGE, len(live) - SPAM_EDGE) :]
    for ln in edge:
        if ln.n_words > SPAM_MAX_WORDS or (
            not folds and PROMO_FIRST_WORDS.isdisjoint(ln.key.replace("'", " ").split())
        ):
            continue
        promo = len(PROMO_TERMS.findall(ln.text) if folds
                    else PROMO_TERMS_LOWER.findall(ln.text.lower()))
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
        link = URL.search(ln.text) is not None
        action = CALL_TO_ACTION.match(ln.text) is not None
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
        if not (folds or line.key.startswith(AI_STARTS)):
            continue
        m = AI_PREFIX.match(line.text)
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
