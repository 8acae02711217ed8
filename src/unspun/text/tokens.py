"""Tokenisation: words as strings, or many texts' words as spans of one code-point
array (``word_arrays``); the stopword list."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

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
    from ..cache import cached_arrays

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
