"""Normalisation, sentence segmentation and tokenisation of (scraped) news text.

Everything here is regular-expression or array based: the per-sentence work is a
handful of compiled-pattern calls, never a Python loop over characters, so segmentation
runs at well over 20,000 sentences per second on one core.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np

from .records import Sentence

__all__ = [
    "MAX_SENTENCE_WORDS",
    "STOPWORDS",
    "TEXT_BREAK",
    "WordArrays",
    "codes_joined",
    "content_words",
    "normalize",
    "rarity",
    "split_many",
    "split_sentences",
    "word_arrays",
    "word_spans",
    "words",
]

#: Run-ons longer than this (scraped text without punctuation) are cut so alignment works.
MAX_SENTENCE_WORDS = 60

# --- normalisation -----------------------------------------------------------------------

_DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u301d\u301e]")
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
# Invisible characters scrapers leave behind: they split words for no reason.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HSPACE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BLANK_LINES = re.compile(r" *\n\s*")


def normalize(text: str) -> str:
    """NFKC, straight quotes, ASCII hyphens, single spaces; one ``\\n`` between paragraphs."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _DOUBLE_QUOTES.sub('"', text)
        text = _SINGLE_QUOTES.sub("'", text)
        text = _DASHES.sub("-", text)
        text = _INVISIBLE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _HSPACE.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


# --- tokenisation ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

#: A small English stopword list (function words only), enough to find content words.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just said says say would could may might must shall s t
    """.split()
)


def words(text: str) -> list[str]:
    """Lower-case word tokens; inner apostrophes kept as ``'`` ("don't", "trump's")."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


#: Joins texts tokenised together (:func:`codes_joined`, :func:`word_arrays`): no word
#: holds it, and lower-casing never reads across it (it is neither cased nor
#: case-ignorable).
TEXT_BREAK = "\x00"
_TEXTS_PER_PASS = 256


def _joined(texts: Sequence[str]) -> str:
    """The texts joined by TEXT_BREAK; a break inside a text is read as a space, which
    splits words the same way."""
    joined = TEXT_BREAK.join(texts)
    if joined.count(TEXT_BREAK) != max(len(texts) - 1, 0):
        joined = TEXT_BREAK.join(t.replace(TEXT_BREAK, " ") for t in texts)
    return joined


def codes_joined(texts: Sequence[str], normalise: Callable[[str], str]
                 ) -> Iterator[tuple[str, np.ndarray]]:
    """``normalise(text)`` of every text, each followed by TEXT_BREAK, a few hundred
    texts a pass: each pass as a string and as its code points (uint32).

    ``normalise`` must keep TEXT_BREAK, which joins the texts of a pass.
    """
    # A few hundred texts a pass: one wide character (an emoji) widens the whole joined
    # string, which slows lower-casing over all of it.
    for lo in range(0, len(texts), _TEXTS_PER_PASS):
        joined = normalise(_joined(texts[lo:lo + _TEXTS_PER_PASS])) + TEXT_BREAK
        yield joined, code_points(joined)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as uint32, lone surrogates included."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


@dataclass(slots=True)
class WordArrays:
    """:func:`words` of a batch of texts as spans of one code-point array, not strings."""

    codes: np.ndarray  # (n,) uint32: the texts lower-cased as words() does, joined by TEXT_BREAK
    start: np.ndarray  # (m,) int64: where each word starts in codes
    end: np.ndarray  # (m,) int64: where it ends (exclusive)
    text: np.ndarray  # (m,) int64: the text it is in


#: Classes of code points, as ``re`` sees them (:func:`char_classes`): whitespace
#: (``\s``), a word character other than "_" (``[^\W_]``, the characters of _WORD's
#: words), "_", and anything else.
SPACE, LETTER, UNDERSCORE, OTHER = 0, 1, 2, 3
_CLASSES = ((r"\s", " ", SPACE), (r"[^\W_]", "a", LETTER), ("_", "_", UNDERSCORE))
_APOSTROPHE = ord("'")


@cache
def char_classes() -> np.ndarray:
    """The class of each code point (all 0x110000), for tokenising with array operations.

    Built once per machine (0.16 s, in every worker otherwise, see ``unspun.cache``):
    ``re``'s Unicode tables are those of the Python version, and the key names the
    patterns that built it.
    """
    from .cache import cached_arrays

    def build() -> dict[str, np.ndarray]:
        every = "".join(map(chr, range(0x110000)))
        classes = np.full(0x110000, OTHER, dtype=np.uint8)
        for pattern, mark, cls in _CLASSES:
            # The mark is of its own class: only the characters of the class become it.
            classes[code_points(re.sub(pattern, mark, every)) == ord(mark)] = cls
        return {"classes": classes}

    patterns = hashlib.blake2b(repr(_CLASSES).encode(), digest_size=4).hexdigest()
    key = f"py{sys.version_info[0]}.{sys.version_info[1]}-{unicodedata.unidata_version}-{patterns}"
    return cached_arrays("char-classes", key, build)["classes"]


@cache
def _word_chars() -> np.ndarray:
    """Whether each code point is a character of :data:`_WORD`'s words."""
    return char_classes() == LETTER


def word_arrays(texts: Sequence[str]) -> WordArrays:
    """The words of every text, found with array operations over its code points.

    The same words as :func:`words`, in order, but no string is made per word, for
    callers that only hash them (``minhash.word_hashes``: the words of 10,000 articles
    and their hashes in 0.95 s, against 3.1 s through strings and a hash cache). Each
    character is looked up in a table of word characters; an apostrophe between two of
    them joins them ("don't"), as ``_WORD`` does.
    """
    lowered = _joined(texts).lower().replace("\u2019", "'")  # TEXT_BREAK lower-cases as a break
    codes = code_points(lowered)
    word = np.take(_word_chars(), codes)  # faster than indexing by an array
    inner = np.flatnonzero(codes[1:-1] == _APOSTROPHE) + 1
    word[inner[word[inner - 1] & word[inner + 1]]] = True
    edges = np.diff(word.view(np.int8), prepend=0, append=0)
    start, end = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    text = np.searchsorted(np.flatnonzero(codes == ord(TEXT_BREAK)), start)
    return WordArrays(codes, start, end, text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens :func:`words` returns, in ``text`` itself."""
    return [m.span() for m in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """Words of ``text`` that are not stopwords (in order, with repeats)."""
    return [w for w in words(text) if w not in STOPWORDS]


# --- sentence segmentation ---------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")
# Terminal punctuation, the closing quotes/brackets that belong to it, and what (with
# whitespace) ends the token before it; split_many finds them by code point.
_STOPS = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_TOKEN_EDGES = "\"'\u201c\u2018(["
# A run of terminal punctuation with the closing quotes/brackets that belong to it.
_TERMINAL = re.compile(f"[{re.escape(_STOPS)}]+[{re.escape(_CLOSERS)}]*")
# What follows a candidate boundary: whitespace, optional opening marks, then a word.
_AFTER_SPACE = re.compile(r"\s+[\"'\u201c\u2018\u00ab(\[]*(\w+)")
_AFTER_TIGHT = re.compile(r"[\"'\u201c\u2018]?([A-Z][a-z]+)")
# Up to the last character that cannot be in the token before a boundary: greedy, so
# the engine backtracks from the end over that token only (searching for the token
# itself tried every start up to 40 characters back).
_BEFORE_TOKEN = re.compile(f"(?s).*[\\s{re.escape(_TOKEN_EDGES)}]")
_MULTI_DOT = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_SPACE_RUN = re.compile(r"\S+")
_CUT_AFTER = re.compile(r"[,;:]$|^[-\u2013\u2014]+$")

# Never end a sentence: titles before a name.
_TITLES = frozenset(
    """Mr Mrs Ms Mx Dr Drs Sen Sens Rep Reps Gov Govs Gen Lt Col Sgt Capt Cmdr Adm Maj Cpl
    Pvt Prof Rev Hon Pres Atty Supt Det Insp Messrs Mme Mlle Msgr Fr Sr Sra Srta Gen
    Brig Ret Mt Ft Ste vs v""".split()
)
# End a sentence only before a digit: "No. 5", "Jan. 5", "Fig. 3".
_BEFORE_NUMBER = frozenset(
    """No Nos no Vol vol Art art Fig fig Figs Ch ch Sec sec pp Op op Nr Jan Feb Mar Apr Jun
    Jul Aug Sep Sept Oct Nov Dec""".split()
)
# Ambiguous: end a sentence only when the next word usually starts one.
_AMBIGUOUS = frozenset(
    """St Jr Sr Inc Corp Co Ltd Bros Cos Assn Dept Univ Ave Blvd Rd Hwy etc al approx est
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss
    Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo Jan Feb Mar Apr Jun Jul
    Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun""".split()
)
# Words that commonly open an English sentence (decides the ambiguous cases above).
_STARTERS = frozenset(
    """A An The This That These Those There Then Thus Their They He She It Its I We You
    His Her Our My Your In On At As After Before But And Or So Yet If When While Where Why
    How What Who Which Although Though However Meanwhile Still Also Now Today Yesterday
    Tomorrow Last Next Some Many Most Several Both All No Not One Two Three For From To
    With Without By Since During Under Over According Officials Police Authorities Critics
    Experts Supporters Here Despite Because Such Each Every Instead Later Earlier Asked
    Speaking""".split()
)


def _is_boundary(line: str, start: int, end: int) -> bool:
    """Whether the punctuation ``line[start:end]`` ends a sentence."""
    if end >= len(line):
        return True
    punct = line[start:end].rstrip(_CLOSERS)
    if line[end].isspace():
        after = _AFTER_SPACE.match(line, end)
        if after is None:  # only marks follow, e.g. a dangling quote: not a sentence start
            return False
        nxt = after.group(1)
        first = nxt[0]
        if not (first.isupper() or first.isdigit()):
            return False  # "e.g. the", '"Why?" he asked', "the war ... must end"
        if "!" in punct or "?" in punct or len(punct) > 1:
            return True
        tok = _token_before(line, start)
        if not tok:
            return True
        if tok in _TITLES:
            return False
        if tok in _BEFORE_NUMBER and first.isdigit():
            return False
        if (
            tok in _AMBIGUOUS
            or (len(tok) == 1 and tok.isupper())  # initials: "J. K. Rowling"
            or _MULTI_DOT.fullmatch(tok)  # "U.S.", "D.C.", "p.m."
        ):
            return nxt in _STARTERS
        return True
    # No space after the punctuation: scraped text glued at a paragraph boundary,
    # "unrealistic.In remarks". Decimals, URLs and "U.S.Army" stay whole.
    if not _AFTER_TIGHT.match(line, end):
        return False
    tok = _token_before(line, start)
    if len(tok) < 2 or not (tok[-1].islower() or tok[-1] in ")\"'\u201d\u2019"):
        return False
    if "." in tok or "/" in tok:
        return False
    return not tok.startswith("www")


def _token_before(line: str, start: int) -> str:
    """The token of ``line`` (no ``\\n``) that ends at ``start``, at most 40 characters."""
    lo = max(0, start - 40)
    before = _BEFORE_TOKEN.match(line, lo, start)
    return line[before.end() if before else lo:start]


def _cut(text: str, offset: int, max_words: int, out: list[tuple[int, int]]) -> None:
    """Append spans of ``text`` (at ``offset``) cut to at most ``max_words`` words each."""
    spans = [m.span() for m in _SPACE_RUN.finditer(text)]
    i = 0
    while len(spans) - i > max_words:
        cut = i + max_words  # words [i, cut) form a piece
        # Prefer a clause boundary in the second half of the window.
        for j in range(cut - 1, i + max_words // 2, -1):
            s, e = spans[j]
            if _CUT_AFTER.search(text[s:e]):
                cut = j + 1
                break
        out.append((offset + spans[i][0], offset + spans[cut - 1][1]))
        i = cut
    if i < len(spans):
        out.append((offset + spans[i][0], offset + spans[-1][1]))


def split_sentences(text: str, max_words: int = MAX_SENTENCE_WORDS) -> list[Sentence]:
    """Sentences of ``text`` with exact character offsets (``text[start:end] == s.text``).

    Line breaks always end a sentence. Run-ons longer than ``max_words`` words are cut.
    """
    spans: list[tuple[int, int]] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group(0)
        base = line_match.start()
        begin = 0
        for m in _TERMINAL.finditer(line):
            if _is_boundary(line, m.start(), m.end()):
                _add(line, base, begin, m.end(), max_words, spans)
                begin = m.end()
        _add(line, base, begin, len(line), max_words, spans)
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]


def _add(
    line: str, base: int, begin: int, end: int, max_words: int, out: list[tuple[int, int]]
) -> None:
    piece = line[begin:end]
    stripped = piece.strip()
    if not stripped:
        return
    start = begin + (len(piece) - len(piece.lstrip()))
    # n words need at least 2n - 1 characters: skip the split for short pieces.
    if len(stripped) >= 2 * max_words and len(stripped.split()) > max_words:
        _cut(stripped, base + start, max_words, out)
    else:
        out.append((base + start, base + start + len(stripped)))


# --- many texts at once ------------------------------------------------------------------

# Bits of _boundary_flags(): whitespace, terminal punctuation, its closing marks, and
# what ends the token before it (whitespace or an opening mark).
_SPACE_BIT, _STOP_BIT, _CLOSER_BIT, _EDGE_BIT = 1, 2, 4, 8
# What _is_boundary reads from the token before a stop: a title, a word before a
# number, an ambiguous word.
_TITLE, _NUMBERING, _UNSURE = 1, 2, 4
_TOKEN_KINDS: dict[str, int] = {
    tok: (_TITLE * (tok in _TITLES) | _NUMBERING * (tok in _BEFORE_NUMBER)
          | _UNSURE * (tok in _AMBIGUOUS))
    for tok in _TITLES | _BEFORE_NUMBER | _AMBIGUOUS
}
_NEWLINE = ord("\n")
_QUOTES = [ord(c) for c in "\"'\u201c\u2018"]  # what _AFTER_TIGHT lets open a sentence
_OPENERS = [ord(c) for c in "\"'\u201c\u2018\u00ab(["]  # and _AFTER_SPACE
_LONGEST_KIND = max(map(len, _TOKEN_KINDS))


@cache
def _boundary_flags() -> np.ndarray:
    """The :data:`_SPACE_BIT` ... :data:`_EDGE_BIT` bits of each code point (all 0x110000)."""
    flags = np.where(char_classes() == SPACE, _SPACE_BIT | _EDGE_BIT, 0).astype(np.uint8)
    for chars, bit in ((_STOPS, _STOP_BIT), (_CLOSERS, _CLOSER_BIT), (_TOKEN_EDGES, _EDGE_BIT)):
        flags[[ord(c) for c in chars]] |= bit
    return flags


def split_many(texts: Sequence[str], max_words: int = MAX_SENTENCE_WORDS
               ) -> list[list[Sentence]]:
    """:func:`split_sentences` of every text, with array operations over all of them.

    The same sentences, found faster for a batch of articles: the candidate boundaries
    are found by code point, and most are decided from the characters around them
    (". The", "Mr. Smith", "3.5", a line's end); only the others (an ambiguous token,
    several spaces, non-ASCII) go through :func:`_is_boundary`, and only run-ons
    through :func:`_cut`. For one short text :func:`split_sentences` is faster.
    """
    # A line break between texts: no sentence crosses one. Two after the last text let
    # every check read two characters past a candidate.
    joined = "\n".join(texts) + "\n\n"
    codes = code_points(joined)
    flags = np.take(_boundary_flags(), codes)  # faster than indexing by an array
    newlines = np.flatnonzero(codes == _NEWLINE)
    ends = _boundaries(joined, codes, flags, newlines, _where(flags, _STOP_BIT))
    # Each piece runs from one cut to the next (a repeated cut makes an empty piece);
    # a merge of two sorted runs.
    cuts = np.sort(np.concatenate((ends, newlines)), kind="stable")
    lo, hi = _stripped(joined, flags, np.concatenate(([0], cuts[:-1])), cuts, max_words)
    bases = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=bases[1:])
    owner = np.searchsorted(bases, lo, side="right") - 1
    first = np.searchsorted(owner, np.arange(len(texts) + 1))  # each text's first sentence
    flat = list(map(Sentence, (np.arange(lo.size) - first[owner]).tolist(),
                    (lo - bases[owner]).tolist(), (hi - bases[owner]).tolist(),
                    map(joined.__getitem__, map(slice, lo.tolist(), hi.tolist()))))
    bounds = first.tolist()
    return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _where(flags: np.ndarray, bit: int) -> np.ndarray:
    """The positions of the code points with ``bit`` set."""
    return np.flatnonzero((flags & bit) != 0)  # a tenth of the time on bool than on uint8


def _runs(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of consecutive ``positions`` (ascending) starts and ends (exclusive)."""
    cut = np.flatnonzero(np.diff(positions) != 1)
    return (np.concatenate((positions[:1], positions[cut + 1])),
            np.concatenate((positions[cut] + 1, positions[-1:] + 1)))


def _run_at(starts: np.ndarray, ends: np.ndarray, at: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Whether each of ``at`` is in one of the runs, and which (0 when in none)."""
    k = np.maximum(np.searchsorted(starts, at, side="right") - 1, 0)
    if not starts.size:
        return np.zeros(at.size, dtype=bool), np.zeros(at.size, dtype=np.intp)
    return (starts[k] <= at) & (ends[k] > at), k


def _ascii_in(codes: np.ndarray, lo: str, hi: str) -> np.ndarray:
    """Whether each code point is in the range ``lo`` to ``hi`` (ASCII letters, digits)."""
    return (codes >= ord(lo)) & (codes <= ord(hi))


def _candidates(stops: np.ndarray, flags: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each match of :data:`_TERMINAL` starts, where its stops end, and where it
    ends: a run of ``stops``, then the run of closing marks right after it."""
    start, stop_end = _runs(stops)
    closer_start, closer_end = _runs(_where(flags, _CLOSER_BIT))
    closed, k = _run_at(closer_start, closer_end, stop_end)
    return start, stop_end, np.where(closed, closer_end[k] if closer_end.size else 0,
                                     stop_end)


def _boundaries(joined: str, codes: np.ndarray, flags: np.ndarray, newlines: np.ndarray,
                stops: np.ndarray) -> np.ndarray:
    """The ends of the candidates (:data:`_TERMINAL`) of ``joined`` (lines joined by
    ``\\n``, two after the last) that :func:`_is_boundary` accepts: read off the
    characters around them where those settle it, asked of the function otherwise."""
    start, stop_end, end = _candidates(stops, flags)
    nxt = codes[end]
    spaced = ((flags[end] & _SPACE_BIT) != 0) & (nxt != _NEWLINE)
    # Glued text: only a capitalised word (perhaps quoted) may start a sentence.
    at = end + np.isin(nxt, _QUOTES)
    glued = ~spaced & (nxt != _NEWLINE) & _ascii_in(codes[at], "A", "Z") \
        & _ascii_in(codes[at + 1], "a", "z")
    # One space, perhaps an opening mark, then an ASCII letter or digit: the next word.
    first = codes[end + 1 + np.isin(codes[end + 1], _OPENERS)]
    digit = _ascii_in(first, "0", "9")
    opens = _ascii_in(first, "A", "Z") | digit  # a word that may open a sentence
    plain = spaced & (opens | _ascii_in(first, "a", "z"))
    # Several stops ("...", "?!"), or an exclamation or question mark.
    several = (stop_end - start > 1) | np.isin(codes[start], [ord("!"), ord("?")])
    result = (nxt == _NEWLINE) | (plain & opens & several)
    unsure = glued | (spaced & ~plain)
    ask = np.flatnonzero(plain & opens & ~several)  # the token before decides
    result[ask], unsure[ask] = _token_verdicts(joined, codes, flags, stops, start[ask],
                                               digit[ask])
    # The rest, as split_sentences decides them, within their line.
    check = np.flatnonzero(unsure)
    line_start = np.concatenate(([0], newlines + 1))[np.searchsorted(newlines, start[check])]
    line_end = newlines[np.searchsorted(newlines, end[check])]
    result[check] = [
        _is_boundary(joined[a:b], s - a, e - a)
        for a, b, s, e in zip(line_start.tolist(), line_end.tolist(),
                              start[check].tolist(), end[check].tolist(), strict=True)
    ]
    return end[result]


def _token_verdicts(joined: str, codes: np.ndarray, flags: np.ndarray, stops: np.ndarray,
                    start: np.ndarray, digit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether stops at ``start`` followed by a capital (a digit where ``digit``) end a
    sentence, from the token before each (:func:`_token_before`); and whether that
    token leaves it unsure (an abbreviation, an initial, a dotted name)."""
    edges = _where(flags, _EDGE_BIT)
    k = np.searchsorted(edges, start) - 1
    begin = np.maximum(np.where(k >= 0, edges[k] + 1, 0), start - 40)
    length = start - begin
    # "U.S." and "p.m." are read by _MULTI_DOT, initials by case: left to _is_boundary.
    unsure = np.searchsorted(stops, start) > np.searchsorted(stops, begin)
    last = codes[start - 1]
    unsure |= (length == 1) & ((last >= 128) | _ascii_in(last, "A", "Z"))
    look = np.flatnonzero((length > 0) & (length <= _LONGEST_KIND) & ~unsure)
    kinds = np.zeros(start.size, dtype=np.int64)
    tokens = map(joined.__getitem__, map(slice, begin[look].tolist(), start[look].tolist()))
    kinds[look] = np.fromiter(map(_TOKEN_KINDS.get, tokens, repeat(0)), dtype=np.int64,
                              count=look.size)
    ends = ((kinds & _TITLE) == 0) & (((kinds & _NUMBERING) == 0) | ~digit)
    unsure |= ends & ((kinds & _UNSURE) != 0)
    return ends, unsure


def _stripped(joined: str, flags: np.ndarray, begin: np.ndarray, end: np.ndarray,
              max_words: int) -> tuple[np.ndarray, np.ndarray]:
    """The pieces ``joined[begin:end]`` stripped of whitespace, the blank ones dropped
    and run-ons cut (:func:`_add`): where each starts and ends."""
    space_start, space_end = _runs(_where(flags, _SPACE_BIT))
    inside, k = _run_at(space_start, space_end, begin)
    lo = np.where(inside, space_end[k], begin)
    inside, k = _run_at(space_start, space_end, end - 1)
    hi = np.where(inside, space_start[k], end)
    keep = lo < hi
    lo, hi = lo[keep], hi[keep]
    # n words need at least 2n - 1 characters: count the words of long pieces only.
    long = np.flatnonzero(hi - lo >= 2 * max_words)
    gaps = np.searchsorted(space_start, hi[long]) - np.searchsorted(space_start, lo[long],
                                                                    side="right")
    long = long[gaps + 1 > max_words]
    if not long.size:
        return lo, hi
    cut: list[tuple[int, int]] = []
    for a, b in zip(lo[long].tolist(), hi[long].tolist(), strict=True):
        _cut(joined[a:b], a, max_words, cut)
    pieces = np.array(cut, dtype=np.int64).reshape(-1, 2)
    lo, hi = np.delete(lo, long), np.delete(hi, long)
    order = np.argsort(np.concatenate((lo, pieces[:, 0])), kind="stable")
    return np.concatenate((lo, pieces[:, 0]))[order], np.concatenate((hi, pieces[:, 1]))[order]


#: Word-piece vocabulary of the packaged static model: its order follows word frequency
#: (Zipf), so a word's rank there is a free, packaged stand-in for its rarity.
_VOCAB_PATH = Path(__file__).resolve().parent / "models" / "minilm-static" / "tokenizer.json"
#: Ranks under this are everyday words ("said", "people"): they carry no rarity weight.
_COMMON_RANK = 50.0
#: Rank given to a word outside the vocabulary (names, rare terms).
_RARE_RANK = 60_000.0


def rarity(word: str) -> float:
    """An IDF-like weight: log of the word's frequency rank over that of everyday words."""
    rank = _vocabulary().get(word, _RARE_RANK)
    return max(0.0, math.log(rank / _COMMON_RANK))


@cache
def _vocabulary() -> dict[str, int]:
    """The vocabulary's whole words by rank ("the" is 1); a ``ModelError`` without it
    (every word would be rare: alignment and names would be weighted wrongly, silently).

    Kept as arrays in ``unspun.cache``: parsing the 445 kB of JSON cost every worker
    15 ms of CPU, mapping the arrays 5 ms. The words are code points, not a numpy string
    array, which would drop a trailing NUL.
    """
    from .cache import cached_arrays

    try:
        st = _VOCAB_PATH.stat()
        arrays = cached_arrays("vocabulary", f"{st.st_size}-{st.st_mtime_ns}",
                               _vocabulary_arrays)
        joined = arrays["chars"].tobytes().decode("utf-32-le", "surrogatepass")
    except (OSError, KeyError, ValueError) as exc:
        from .errors import ModelError

        raise ModelError(f"the packaged vocabulary {_VOCAB_PATH} cannot be read "
                         f"({type(exc).__name__}: {exc}): reinstall unspun") from None
    ends = arrays["ends"].tolist()
    words = [joined[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    return dict(zip(words, arrays["ranks"].tolist(), strict=True))


def _vocabulary_arrays() -> dict[str, np.ndarray]:
    """The whole words of the vocabulary file joined as code points, where each ends,
    and their ranks."""
    vocab = json.loads(_VOCAB_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    first = vocab.get("the", 0)  # whole words start after the special and single characters
    ranks = {w: r - first + 1 for w, r in vocab.items() if r >= first and not w.startswith("#")}
    return {"chars": code_points("".join(ranks)),
            "ends": np.cumsum([len(w) for w in ranks], dtype=np.int64),
            "ranks": np.array(list(ranks.values()), dtype=np.int64)}
