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
    word = _word_chars()[codes]
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
# A run of terminal punctuation with the closing quotes/brackets that belong to it.
_TERMINAL = re.compile(r"(?:[.!?\u2026]+)[\"'\u201d\u2019\u00bb)\]]*")
# What follows a candidate boundary: whitespace, optional opening marks, then a word.
_AFTER_SPACE = re.compile(r"\s+[\"'\u201c\u2018\u00ab(\[]*(\w+)")
_AFTER_TIGHT = re.compile(r"[\"'\u201c\u2018]?([A-Z][a-z]+)")
# Up to the last character that cannot be in the token before a boundary: greedy, so
# the engine backtracks from the end over that token only (searching for the token
# itself tried every start up to 40 characters back).
_BEFORE_TOKEN = re.compile(r"(?s).*[\s\"'\u201c\u2018(\[]")
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
    punct = line[start:end].rstrip("\"'\u201d\u2019\u00bb)]")
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
    """The vocabulary's whole words by rank ("the" is 1), or none without the file.

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
    except (OSError, KeyError, ValueError):
        return {}
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
