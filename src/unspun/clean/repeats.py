"""Repetition inside one document: a line repeated, a block gluing other paragraphs
together, a sentence repeated (a body repeated with other paragraph breaks)."""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import contains

import numpy as np

from ..records import Removal
from ..text import split_sentences
from .keys import Line, line_keys
from .rules import TWEET_SIGNATURE

__all__ = ["duplicate_lines", "sentence_repeats"]

_MIN_CONTAINED_WORDS = 6  # a repeated sentence or paragraph must be at least this long
_GLUED_MIN_WORDS = 40


def duplicate_lines(lines: list[Line]) -> None:
    """Mark later copies of a line ("Advertisement" five times, a repeated paragraph)."""
    seen: set[str] = set()
    for line in lines:
        if line.reason:
            continue
        key = line.key or line.text
        if line.n_words < _MIN_CONTAINED_WORDS and line.text.endswith(":"):
            continue  # speaker labels of a transcript ("CHUCK TODD:") repeat legitimately
        if TWEET_SIGNATURE.match(line.text):
            continue  # two tweets of one day: two signatures alike
        if key in seen:
            line.reason = "repeated-text"
        else:
            seen.add(key)


def _glued_blocks(lines: list[Line], suspects: set[int]) -> None:
    """A block that glues other paragraphs together is the copy: keep the paragraphs.

    ``suspects``: the ids of the lines holding a recurring run of _MIN_CONTAINED_WORDS
    words (:func:`_repeat_suspects`). All words of a line inside a block but its first and
    last are whole words of the block, so a line two words longer than a run shares one
    with the block: only the shortest lines need comparing with other blocks.
    """
    live = [ln for ln in lines if not ln.reason and ln.n_words >= _MIN_CONTAINED_WORDS]
    short = [ln for ln in live if ln.n_words < _MIN_CONTAINED_WORDS + 2]
    paired = [ln for ln in live if id(ln) in suspects or ln.n_words < _MIN_CONTAINED_WORDS + 2]
    for block in live:
        if block.reason or block.n_words < _GLUED_MIN_WORDS:
            continue
        inside = [
            ln for ln in (paired if id(block) in suspects else short)
            if ln is not block and not ln.reason and len(ln.key) < len(block.key)
            and ln.key in block.key
        ]
        if not inside:
            continue
        covered = sum(len(ln.key) + 1 for ln in inside)
        if len(inside) >= 2 and covered >= 0.6 * len(block.key):
            block.reason = "repeated-text"
        else:  # the block holds more: its repeated paragraphs go
            for ln in inside:
                ln.reason = "repeated-text"


# Every place a sentence may end (a superset of the splitter's boundaries): the mark that
# ends it, and the closing quotes and spaces after it, which are not part of either piece.
# Starting at the mark (not after it) spares the search a try at every character. The
# other marks are made "." first (_SAME_MARK): the search for one literal character is
# several times faster than for a class of them.
_MAY_END = re.compile(r"\.[\"')\]\u201d\u2019\u00bb]*(?:\s+|(?=[\"'\u201c\u2018]?[A-Z]))")
_SAME_MARK = ("!", "?", "\u2026")
# A key coarser than _key: only ASCII letters and digits (equal _keys give equal keys).
_NOT_ASCII_ALNUM = bytes(
    b for b in range(256) if b != 10 and (not chr(b).isalnum() or b > 127))
_LOWER_ASCII = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def _may_repeat(lines: list[Line]) -> bool:
    """False when no sentence can repeat: cut at every possible sentence end, no piece
    of two words or more recurs (a repeated sentence would repeat its pieces). Splitting
    into real sentences costs several times more, and most articles repeat nothing."""
    # One piece per line; line breaks end pieces too. Every mark becomes ".": a mark
    # counts for neither a key nor the spaces inside a piece, and a constant replacement
    # is much cheaper than putting each mark back.
    text = "\n".join([line.text for line in lines if not line.reason])
    for mark in _SAME_MARK:
        if mark in text:
            text = text.replace(mark, ".")
    text = _MAY_END.sub(".\n", text)
    # Only two characters lower-case to ASCII: without them, the ASCII of the text is
    # what lower-cased ASCII the key can hold. (A lone surrogate, from a JSON escape, is
    # dropped with the other non-ASCII: surrogatepass.)
    ascii_text = (text.lower().encode("utf-8", "surrogatepass")
                  if "\u0130" in text or "\u212a" in text else text.encode("ascii", "ignore"))
    keys = ascii_text.translate(_LOWER_ASCII, _NOT_ASCII_ALNUM).split(b"\n")
    if len(set(keys)) == len(keys):
        return False  # no key recurs, whatever the length of its piece (half the articles)
    pieces = text.split("\n")
    keys = list(compress(keys, map(contains, map(str.strip, pieces), repeat(" "))))
    return len(set(keys)) < len(keys)


_HASH_BASE = np.uint64(0x100000001B3)


def _repeat_suspects(lines: list[Line]) -> list[Line]:
    """The live lines that may hold a sentence another sentence repeats.

    A line's words are its sentences' words in turn, so a repeated sentence of
    _MIN_CONTAINED_WORDS words or more repeats its first words as a run: a line holding no
    run of that many words that recurs holds no repeated sentence. Runs are compared by a
    hash of their key's bytes (a collision only keeps a line in). Lower-casing a capital
    sigma depends on what follows it: a text holding one keeps every line.
    """
    live = [line for line in lines if not line.reason]
    if any("\u03a3" in line.text for line in live):
        return live
    size = _MIN_CONTAINED_WORDS
    data = np.frombuffer("\n".join(line.key for line in live).encode(), dtype=np.uint8)
    if data.size == 0:
        return []
    gap = (data == 32) | (data == 10)  # keys: words between single spaces, one per line
    edge = np.flatnonzero(gap[1:] != gap[:-1]) + 1
    starts, ends = edge[~gap[edge]], edge[gap[edge]]
    if not gap[0]:
        starts = np.concatenate(([0], starts))
    if not gap[-1]:
        ends = np.concatenate((ends, [data.size]))
    if starts.size <= size:
        return []
    # Polynomial hash of every span through prefix sums: span [a, b) hashes to
    # (prefix[b] - prefix[a]) * base ** (n - a), the same wherever its bytes recur.
    power = np.cumprod(np.full(data.size + 1, _HASH_BASE, dtype=np.uint64))
    prefix = np.zeros(data.size + 1, dtype=np.uint64)
    np.cumsum(data * power[:-1], out=prefix[1:])
    row = np.cumsum(data == 10)[starts]
    first = np.flatnonzero(row[: starts.size - size + 1] == row[size - 1 :])  # within a line
    begin, stop = starts[first], ends[first + size - 1]
    runs = (prefix[stop] - prefix[begin]) * power[data.size - begin]
    order = np.argsort(runs)
    same = runs[order][1:] == runs[order][:-1]
    recurs = np.zeros(runs.size, dtype=bool)
    recurs[1:] = same
    recurs[:-1] |= same
    keep = np.zeros(len(live), dtype=bool)
    keep[row[first[order[recurs]]]] = True
    return list(compress(live, keep.tolist()))


def sentence_repeats(lines: list[Line], removed: list[tuple[int, Removal]]) -> None:
    """Drop later copies of a sentence (a body repeated with other paragraph breaks)."""
    if not _may_repeat(lines):
        return
    # Lines that repeat no sentence neither drop a sentence nor hold one dropped elsewhere.
    found = {id(line): split_sentences(line.text) for line in _repeat_suspects(lines)}
    keys = iter(line_keys([s.text for line_sentences in found.values() for s in line_sentences]))
    split = {i: [(s, next(keys)) for s in line_sentences] for i, line_sentences in found.items()}
    counts: dict[str, int] = {}
    for sentences in split.values():
        for _, key in sentences:
            counts[key] = counts.get(key, 0) + 1
    if not any(
        n > 1 and key.count(" ") + 1 >= _MIN_CONTAINED_WORDS for key, n in counts.items()
    ):
        return  # the common case: nothing repeats
    _glued_blocks(lines, set(split))
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line.reason or id(line) not in split:
            continue
        sentences = split[id(line)]
        drop = []
        for s, key in sentences:
            if key.count(" ") + 1 < _MIN_CONTAINED_WORDS:
                continue
            if key in seen:
                drop.append(s)
            else:
                seen.add(key)
        if not drop:
            continue
        if len(drop) == len(sentences):
            line.reason = "repeated-text"
            continue
        text = line.text
        for s in reversed(drop):
            removed.append((i, Removal(s.text, "repeated-text")))
            text = text[: s.start] + text[s.end :]
        line.set(" ".join(text.split()))
