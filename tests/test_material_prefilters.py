"""relate.material searches its slow patterns only where a word that every match holds
is found (or enough of them are). Read off each pattern's parse tree here: a branch added
to a pattern without its word would silently change relations, and fails this instead."""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812
from re import _parser

import pytest

from unspun.clean.rules import TWEET_SIGNATURE
from unspun.relate import material, pages

#: Expansions of nested alternatives kept at most (the patterns here have a few dozen).
_MAX_EXPANSIONS = 10_000


def _literal_runs(items) -> list[list[str]]:
    """Each way through a parsed pattern, as the runs of literal text it must match
    (contiguous: zero-width assertions keep a run going, anything else ends it)."""
    ways = [[""]]
    for op, arg in items:
        if op is C.LITERAL:
            ways = [[*w[:-1], w[-1] + chr(arg)] for w in ways]
        elif op is C.AT:
            continue  # \b, ^, $: match no text
        elif op is C.SUBPATTERN and arg[3]:
            subs = _literal_runs(arg[3])
            ways = [[*w[:-1], w[-1] + s[0], *s[1:]] for w in ways for s in subs]
        elif op is C.BRANCH:
            subs = [s for branch in arg[1] for s in _literal_runs(branch)]
            ways = [[*w[:-1], w[-1] + s[0], *s[1:]] for w in ways for s in subs]
        elif op is C.IN and len(arg) == 1 and arg[0][0] is C.LITERAL:
            ways = [[*w[:-1], w[-1] + chr(arg[0][1])] for w in ways]
        else:
            ways = [[*w, ""] for w in ways]  # optional, repeated or a class: a break
        assert len(ways) <= _MAX_EXPANSIONS
    return ways


def _every_way_holds(pattern: re.Pattern[str], words: tuple[str, ...]) -> list[str]:
    """The ways through ``pattern`` none of whose literal runs holds one of ``words``."""
    assert not pattern.flags & re.IGNORECASE, "str.find is case-sensitive"
    return ["".join(way) for way in _literal_runs(_parser.parse(pattern.pattern, pattern.flags))
            if not any(w in run for run in way for w in words)]


@pytest.mark.parametrize(("pattern", "words"), [
    (material._CAPTION, material._WEEKDAYS + material._CAPTION_MARKS),
    (material._CAPTION_PARAGRAPH, ("FILE", "Photo")),
    # (A lead's first letter may be either case: a class, which ends a literal run.)
    (pages._CREDITED, pages._CREDIT_TAILS
     + tuple(lead[1:] for lead in pages._CREDIT_LEADS)),
    (TWEET_SIGNATURE, ("(@",)),
    (material._SIGNATURE_ENDING, ("(@",)),
    (material._TWEET_LINK, material._TWEET_LINK_WORDS),
    (pages._WIRE_CREDIT, pages._WIRE_WORDS),
    # The digest's counts: every match of these holds one of these.
    (pages._ENTRY_TIME, (":",)),
    (pages._SNIPPET, ("...", "\u2026")),
    (pages._AGO, (" ago",)),
])
def test_every_match_of_a_prefiltered_pattern_holds_one_of_its_words(pattern, words):
    assert _every_way_holds(pattern, words) == []


def test_the_live_blog_lead_holds_what_is_searched_first():
    assert pages._ALL_TIMES.flags == pages._LIVE_LEAD.flags
    assert pages._LIVE_LEAD.pattern.endswith(pages._ALL_TIMES.pattern)


def test_a_caption_without_a_mark_starts_at_its_weekday():
    ways = _literal_runs(_parser.parse(material._CAPTION.pattern, material._CAPTION.flags))
    unmarked = [way for way in ways
                if not any(w in run for run in way for w in material._CAPTION_MARKS)]
    assert unmarked
    assert all(way[0] in material._WEEKDAYS for way in unmarked)


def test_a_branch_without_a_word_is_caught():
    extra = re.compile(material._CAPTION.pattern + r"|\bcourtesy of\b")
    words = material._WEEKDAYS + material._CAPTION_MARKS
    assert _every_way_holds(extra, words) == ["courtesy of"]
