"""Immutables: the names, numbers and quotations a copy should carry over unchanged.

Spinning rewords sentences but rarely touches names and figures, and round-trip
translation keeps most of them, so the set of a text's immutables is a fingerprint
that survives paraphrase. The same extractors locate changed names, numbers and
quotations in ``changes.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

from ..text import rarity

# Capitalised words that are ordinary words when they open a sentence or a title.
_COMMON_CAPITALISED = frozenset(
    """a an the this that these those it its he she they we i you his her their our my your
    in on at of for to from by with as and but or if when while after before since because
    so then there here what which who whom whose how why where not no yes all some many
    most more one two three four five six seven eight nine ten also however meanwhile
    during into over under about according last next first new other such each every
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr sen rep gov
    president said says mostly just still even only both while though although despite
    january february march april may june july august september october november december
    """.split()
)

#: Titles and roles that run into a name when capitalised ("Cleveland DL Larry Ogunjobi",
#: "FBI Director James Comey", "Defense Secretary Pete Hegseth"): not part of the name.
_ROLES = frozenset(
    """director secretary chairman chairwoman chair chief minister spokesman spokeswoman
    spokesperson senator sen rep representative congressman congresswoman governor gov
    mayor judge justice attorney general coach manager commissioner ambassador sheriff
    officer agent insider analyst correspondent reporter editor writer professor prof
    dr mr mrs ms sgt lt col capt gen adm maj pvt cpl pres president vice prime deputy
    leader speaker majority minority whip former acting interim press ceo cfo coo
    founder chancellor pope rev king queen prince princess lord lady sir dame""".split()
)
# A sentence opens where the four characters before a word end in sentence punctuation
# (optionally closed by a quote or bracket) and spaces, a line break and spaces, or an
# opening quote and spaces; or at the start of the text. One lookbehind per length; the
# last ``.`` of each is the word's first letter, already matched. The openings after
# spaces all have a space and one of ``[.!?\n"“'”’)\s]`` before the word: testing those two
# characters first spares most capitals (mid-sentence, after a letter and a space) the
# other lookbehinds, and the name search 4% of its time.
_OPENS = (
    r"(?<=[\n\"“].)"
    r"|(?<=[.!?\n\"“'”’)\s]\s.)(?:"
    r"(?<=[.!?\n\"“]\s.)"
    r"|(?<=[.!?\n\"“]\s\s.|[.!?]['\"”’)]\s.)"
    r"|(?<=[.!?\n\"“]\s\s\s.|[.!?]['\"”’)]\s\s.))"
    r"|(?<=^.)"
)
#: A capitalised run (group 1); group 2 (its second letter) is non-empty when the run
#: opens a sentence, so one search of the text decides every opening. The pattern
#: starts with the capital (``(?<!\w.)`` after it is ``\b`` before it): the regex
#: engine then skips ahead to capitals.
_NAME = re.compile(
    rf"([A-Z](?<!\w.)(?:(?:{_OPENS})(?=(.))|)[\w'’\-]*[a-zA-Z]"
    r"(?:\s+(?:[A-Z][\w'’\-]*[a-zA-Z]|of|de|van|von|al))*\b)"
)
_PARTICLES = frozenset({"of", "de", "van", "von", "al"})
_WORD = re.compile(r"\S+")
# ``[$€£0-9]`` first, then the lookbehinds: a leading lookbehind would stop the regex
# engine from skipping ahead to the characters a number can start with. ASCII digits, not
# ``\d``: normalising (NFKC) has folded full-width digits, and testing every character
# for a Unicode digit made the search 2.5 times slower.
_NUMBER = re.compile(
    r"[$€£0-9](?<![\w.].)(?:(?<=[$€£])[0-9]|(?<=[0-9]))(?:[0-9,]*[0-9])?(?:\.[0-9]+)?"
    r"(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|m)\b)?"
)
_QUOTE = re.compile(r"[\"“”](?P<inner>[^\"“”\n]{8,600}?)[\"“”]")


@dataclass(slots=True, frozen=True)
class Mention:
    """A name, number or quotation with its character span."""

    start: int
    end: int
    text: str


def names(text: str) -> list[Mention]:
    """Runs of capitalised words that look like proper names (people, places, bodies)."""
    return [Mention(start + a, start + b, text[start + a:start + b])
            for start, run in _name_runs(text) for a, b in _run_parts(run)]


def _name_runs(text: str) -> list[tuple[int, str]]:
    """(start, text) of the capitalised runs of ``text`` that may hold names."""
    matches = list(_NAME.finditer(text))
    dropped = _dropped([m.groups() for m in matches])
    return [(m.start(), m[1]) for m in matches if m[1] not in dropped]


def _dropped(found: list[tuple[str, str | None]]) -> set[str]:
    """The ``_NAME`` runs, given as (run, opens) groups, that are not names.

    A lone capitalised word opening a sentence is a name only if the text also
    capitalises it mid-sentence ("Costs rose" is not a name; "Trump said" is).
    """
    dropped = {run for run, opens in found if opens and " " not in run}
    if dropped:
        dropped.difference_update(run for run, opens in found if not opens)
    return dropped


def _run_parts(run: str) -> tuple[tuple[int, int], ...]:
    """Character spans, within ``run``, of the names it holds."""
    return ((0, len(run)),) if _is_plain(run.split()) else _taken_apart(run)


def _is_plain(words: list[str]) -> bool:
    """Whether a run, given as its words, is one plain name that stays whole.

    Most runs are ("Ted Cruz"): no ordinary word opens them and they hold no role,
    acronym or trailing particle. Telling that takes a tenth of the time of taking the
    run apart (3 of every 4 runs of news). A run's words hold no "." (see ``_NAME``), so
    the roles are looked up without ``_is_role``'s strip, in one C call; and only a run
    with an upper-case word can hold an acronym.
    """
    lowered = list(map(str.lower, words))
    return (lowered[0].strip("'’") not in _COMMON_CAPITALISED
            and words[-1] not in _PARTICLES
            and _ROLES.isdisjoint(lowered)
            and (len(words) == 1 or not any(map(str.isupper, words))
                 or not any(map(_is_acronym, words))))


def _taken_apart(run: str) -> tuple[tuple[int, int], ...]:
    """``_run_parts`` of a run that is not one plain name."""
    words = list(_WORD.finditer(run))
    return tuple((words[i].start(), words[j - 1].end())
                 for i, j in _name_parts([w.group() for w in words]))


def _name_parts(words: list[str]) -> list[tuple[int, int]]:
    """The names in a run, given as its words: ranges ``[i, j)`` of those words.

    Word indices, not match objects or spans: the anchor tokens of a run need only its
    words (``run.split()``, the same words as ``_WORD``), and taking the 34,365 runs of
    10,000 articles that are not plain names apart costs 40% less.
    """
    # Drop sentence-initial ordinary words ("The White House" -> "White House").
    start = 0
    while start < len(words) and words[start].lower().strip("'’") in _COMMON_CAPITALISED:
        start += 1
    return _split_roles(words, start)


# News repeats its name runs ("White House", "President Donald Trump") across articles:
# the anchor tokens of a run are made once per process. (_run_parts itself is not
# cached: a second cache made anchors of 10,000 articles slower, 2.6 vs 2.25 s.)
@lru_cache(maxsize=200_000)
def _run_tokens(run: str) -> tuple[str, ...]:
    return _tokens_of(run)


def _tokens_of(run: str) -> tuple[str, ...]:
    """The anchor tokens of a capitalised run: the lower-cased words of its names."""
    words = run.split()
    if _is_plain(words):  # its one part is the whole run: split once, not twice
        return tuple(w.lower() for w in words if len(w) > 1)
    return tuple(w.lower() for i, j in _name_parts(words) for w in words[i:j] if len(w) > 1)


_INSTITUTIONS = frozenset(
    """department office committee court council party house agency bureau ministry
    administration service services board commission of""".split()
)


def _is_role(word: str) -> bool:
    return word.lower().strip(".") in _ROLES


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 5 and word.isupper() and word.isalpha()


def _split_roles(words: list[str], start: int) -> list[tuple[int, int]]:
    """Cut a capitalised run, ``words[start:]``, at acronyms and roles ("Cleveland DL
    Larry Ogunjobi"): the ranges of words of its names.

    An acronym inside a longer run (a team position, an agency before a title) and the
    role words after it separate names; a run that is only an acronym stays a name.
    """
    end = len(words)
    parts = [(start, end)]
    if end - start > 1 and any(map(_is_acronym, words[start:])):
        parts = []
        for k in range(start, end):
            if _is_acronym(words[k]):
                parts += ((start, k), (k, k + 1))
                start = k + 1
        parts.append((start, end))
    out = []
    for i, j in parts:
        # Titles and roles, and what qualifies them, are not the name ("Director James
        # Comey", "Defense Secretary Pete Hegseth"); an institution keeps its words
        # ("Justice Department").
        roles = [k for k in range(i, j - 1) if _is_role(words[k])
                 and words[k + 1].lower() not in _INSTITUTIONS]
        if roles:
            i = roles[-1] + 1
        if j - i == 1 and words[i].lower().strip(".") in _ROLES:
            continue
        while j > i and words[j - 1] in _PARTICLES:
            j -= 1
        if j > i:
            out.append((i, j))
    return out


def numbers(text: str) -> list[Mention]:
    """Figures, percentages, amounts and years."""
    return [Mention(m.start(), m.end(), m.group()) for m in _NUMBER.finditer(text)]


def quotations(text: str) -> list[Mention]:
    """Direct quotations of at least two words; the span covers the quoted words."""
    out = []
    for m in _QUOTE.finditer(text):
        inner = m.group("inner").strip()
        if " " in inner:
            out.append(Mention(m.start("inner"), m.end("inner"), inner))
    return out


@lru_cache(maxsize=100_000)
def normalise_number(value: str) -> str:
    """A canonical form so "1,200" equals "1200" and "5 percent" equals "5%"."""
    v = value.lower().replace(",", "").replace("per cent", "%").replace("percent", "%")
    return re.sub(r"\s+", "", v)


def anchor_tokens(text: str) -> list[str]:
    """The immutables of a text as tokens for a MinHash: name words and numbers."""
    tokens = list(chain.from_iterable(map(_run_tokens, _kept_runs(text))))
    tokens.extend(map(normalise_number, _NUMBER.findall(text)))
    return tokens


def _kept_runs(text: str) -> list[str]:
    """The capitalised runs of ``text`` that may hold names, in order, with repeats."""
    found = _NAME.findall(text)  # tuples of strings: no match objects on this hot path
    dropped = _dropped(found)
    return [run for run, _ in found if run not in dropped]


_YEAR = re.compile(r"(?:19|20)\d\d")
#: Rarity (log rank, see ``text.rarity``) under which a word is everyday vocabulary.
_NAME_RARITY = 3.0


@cache
def common_names() -> frozenset[str]:
    """Names in over 1% of news articles ("trump", "senate"): they tie nothing together.

    Counted on news-bias by ``scripts/fit_relate.py`` and stored with the kind model.
    """
    from ..kind_model import load_model

    return frozenset(load_model().get("common_names", ()))


def specific(tokens: Iterable[str]) -> list[str]:
    """The anchor tokens specific enough to tie two texts to one source or event.

    Rare names ("bergdahl", "kislyak") and exact figures ("$250,000", "538") are; common
    names, everyday capitalised words, bare years and one- or two-digit numbers are not.
    """
    return sorted(filter(_is_specific, tokens))


# Anchor tokens recur across news (names, amounts): each is judged once per process.
@lru_cache(maxsize=200_000)
def _is_specific(token: str) -> bool:
    if token[0].isdigit() or token[0] in "$€£":
        return not _YEAR.fullmatch(token) and len(token.strip("$€£%")) >= 3
    return token not in common_names() and rarity(token) >= _NAME_RARITY


def specific_anchors(text: str) -> list[str]:
    """``specific(set(anchor_tokens(text)))``: the distinct specific anchors of a text.

    Each name run and figure is looked up once in a memo of its specific tokens, not
    tokenised and then judged token by token: the anchors of 10,000 articles take
    0.4 s less (warm memos; 0.2 s less from cold).
    """
    tokens = set(chain.from_iterable(map(_RUN_SPECIFIC.__getitem__, _kept_runs(text))))
    tokens.update(chain.from_iterable(map(_NUMBER_SPECIFIC.__getitem__,
                                          _NUMBER.findall(text))))
    return sorted(tokens)


class _Memo(dict[str, tuple[str, ...]]):
    """A bounded memo of ``function``: a hit is a dict lookup in C, without the
    recency bookkeeping of ``lru_cache`` (whose hits cost more than the dict's here).

    The bound is crude (the memo is emptied when full); results never depend on it.
    """

    def __init__(self, function: Callable[[str], tuple[str, ...]], max_size: int) -> None:
        super().__init__()
        self._function = function
        self._max = max_size

    def __missing__(self, key: str) -> tuple[str, ...]:
        if len(self) >= self._max:
            self.clear()
        value = self[key] = self._function(key)
        return value


def _specific_of_run(run: str) -> tuple[str, ...]:
    return tuple(filter(_is_specific, _tokens_of(run)))


def _specific_of_number(number: str) -> tuple[str, ...]:
    token = normalise_number(number)
    return (token,) if _is_specific(token) else ()


# News repeats its name runs and figures across articles: each is judged once a process.
_RUN_SPECIFIC = _Memo(_specific_of_run, 200_000)
_NUMBER_SPECIFIC = _Memo(_specific_of_number, 100_000)
