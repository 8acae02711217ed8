"""Per-document cleaning: repetition, title repeats, tails, injected spam and AI prompts.

One document alone: repeated title, repeated paragraphs and sentences (including a body
glued into one block and repeated), tails (hashtags, comment forms, share prompts,
"Source link", related links, newsletter sign-ups, including a whole sign-up form glued
into one line), template phrases glued to a paragraph ("ADVERTISEMENT The senator ..."),
image credits, leftover AI prompts and short promotional lines injected at the head or tail
of an article. Lines boilerplate by their form alone are found in ``patterns.py``,
repetition in ``repeats.py``; line keys and the line record are in ``keys.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Document, Removal
from ..text import STOPWORDS, word_spans, words
from .keys import Line, keyed_lines
from .patterns import CASE_FOLDS, pattern_reasons
from .repeats import duplicate_lines, sentence_repeats
from .rules import (
    AI_PREFIX,
    AI_STARTS,
    CALL_TO_ACTION,
    CAPTION_MARK,
    GLUED_ENDS,
    GLUED_HEAD,
    GLUED_STARTS,
    GLUED_TAIL,
    PROMO_FIRST_WORDS,
    PROMO_TERMS,
    PROMO_TERMS_LOWER,
    REASONS,
    SPAM_EDGE,
    SPAM_MAX_WORDS,
    URL,
)

__all__ = ["REASONS", "clean_document", "clean_lines"]


# A hover card a page inlines after a linked name: the name's full form glued to the
# headlines of its latest stories, ending in "MORE" ("Rep. Eric Swalwell Eric Michael
# SwalwellThe Hill's 12:30 Report: ... MORE (D-Calif.)"). The repeated surname glued to
# the next capital is what DOM text concatenation leaves, and what an author never writes.
_INLINE_CARD = re.compile(
    r"\b(?P<name>[A-Z][\w'\u2019-]*[a-z]) (?P<card>(?:[A-Z(][\w.'\u2019()-]*\s){0,4}?"
    r"(?P=name)(?=[A-Z\d\"'\u2018\u201c])[^\n]{0,600}?\sMORE\b)"
)
# The same card where the page's text put a space after the full name ("Speaker Paul
# Ryan Paul Davis Ryan Retirees should say … MORE (R-Wis.)"): then the card is told by
# the name written twice, first and last word alike, the second time in full.
_SPACED_CARD = re.compile(
    r"\b(?P<first>[A-Z][\w'\u2019-]*[a-z]) (?:[A-Z][\w.'\u2019-]*\s){0,2}?"
    r"(?P<last>[A-Z][\w'\u2019-]*[a-z]) (?P<card>(?P=first) (?:[A-Z(][\w.'\u2019()-]*\s){0,3}?"
    r"(?P=last) [^\n]{0,600}?\sMORE\b)"
)


def _inline_cards(lines: list[Line], removed: list[tuple[int, Removal]]) -> None:
    """Cut link cards out of the paragraphs they were glued into; keep the paragraph."""
    for i, line in enumerate(lines):
        if line.reason or " MORE" not in line.text:
            continue
        cards = [*_INLINE_CARD.finditer(line.text), *_SPACED_CARD.finditer(line.text)]
        if not cards:
            continue
        # The two patterns may find one card: the earliest-starting of overlapping ones.
        cards.sort(key=lambda m: m.start("card"))
        kept = [cards[0]]
        for m in cards[1:]:
            if m.start("card") >= kept[-1].end("card"):
                kept.append(m)
        text = line.text
        for m in reversed(kept):
            removed.append((i, Removal(m.group("card"), "inline-card")))
            left, right = text[: m.start("card")].rstrip(), text[m.end("card"):].lstrip()
            # A card closing a sentence leaves its full stop to the name before it.
            text = left + ("" if right[:1] in (".", ",", ";", ":") else " ") + right
        line.set(" ".join(text.split()))


# A photo gallery glued into a paragraph (CNN): each caption ends with its marker
# ("Hide Caption 3 of 15"), the last ending the gallery, and the next opens with the
# gallery's title ("Photos: Notable leakers and whistle-blowers"), as the first does
# (its first word finds the first).
_GALLERY_TITLE = re.compile(r"\s*(Photos: \S+)")


def _glued_galleries(lines: list[Line], removed: list[tuple[int, Removal]]) -> None:
    """Cut photo galleries out of the paragraphs they were glued into; keep the rest.
    (Two articles carrying one gallery share its captions, not each other's text.)"""
    for i, line in enumerate(lines):
        if line.reason or "Hide Caption" not in line.text:
            continue
        text = line.text
        marks = list(CAPTION_MARK.finditer(text))
        title = _GALLERY_TITLE.match(text, marks[0].end()) if marks else None
        start = text.find(title.group(1)) if title else -1
        if not 0 <= start < marks[0].start():
            continue
        end = marks[-1].end()
        removed.append((i, Removal(text[start:end], "image-credit")))
        line.set(" ".join((text[:start] + " " + text[end:]).split()))


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

    ``folds``: the text holds one of ``CASE_FOLDS``."""
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
    folds = not raw.isascii() and any(c in raw for c in CASE_FOLDS)
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
    pattern_reasons(lines, folds)
    _glued_template(lines, removed)
    if "Hide Caption" in raw:
        _glued_galleries(lines, removed)
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
