"""Line keys: lower-case words joined by single spaces, for many lines at once through one
byte table instead of a regular expression per line; and the line record of per-document
cleaning, which carries its key.

Used for the line keys of per-document cleaning (words as :func:`unspun.text.words` finds
them) and the line identity of corpus boilerplate (``corpus.py``). A line that is not
ASCII once common punctuation is a space is keyed on its own.
"""

from __future__ import annotations

import re

import numpy as np

from ..text import words

# Non-ASCII punctuation common in news text. None is a letter, a digit or "_", NFKC maps
# each to such punctuation or to a space, and lower-casing keeps it: as a space, each
# splits words as it did. "\u2019" is an apostrophe.
PUNCTUATION = "\u201c\u201d\u2018\u2014\u2013\u2026\u00a9\u2022\u00a0\u00ad\u200b\u200d"
# An apostrophe not between two letters or digits is not part of a word.
_LOOSE_APOSTROPHE = re.compile(rb"'(?:(?![a-z0-9])|(?<![a-z0-9]'))")


def byte_table(keep: bytes) -> bytes:
    """A table for :func:`ascii_keys`: ASCII letters lower-cased, digits and ``keep``
    kept, line breaks kept, every other byte a space."""
    return bytes(
        b if b == 10 or bytes([b]) in keep else ord(chr(b).lower()) if chr(b).isalnum() else 32
        for b in range(128)
    ) + b" " * 128


def ascii_keys(texts: list[str], table: bytes) -> list[str | None]:
    """Per text (none holding a line break): its bytes through ``table``, runs of spaces as
    one, stripped; None for a text that holds other than ASCII, PUNCTUATION and "\u2019".

    Where ``table`` keeps apostrophes, only those between two letters or digits stay.
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    ascii_only = joined.isascii()
    if not ascii_only:
        joined = joined.replace("\u2019", "'")
        for mark in PUNCTUATION:
            if mark in joined:
                joined = joined.replace(mark, " ")
        ascii_only = joined.isascii()
    # Each character becomes one byte, so the lines stay in step with ``texts``.
    data = joined.encode("ascii", "replace").translate(table)
    if b"'" in data:
        data = _LOOSE_APOSTROPHE.sub(b" ", data)
    keys: list[str | None] = list(
        map(str.strip, _single_spaces(data).decode("ascii").split("\n")))
    if not ascii_only:
        for i, row in enumerate(joined.split("\n")):
            if not row.isascii():
                keys[i] = None
    return keys


def _single_spaces(data: bytes) -> bytes:
    """``data`` with each run of spaces as one (an array mask: a regex stops at every
    space)."""
    array = np.frombuffer(data, dtype=np.uint8)
    space = array == 32
    keep = np.ones(array.size, dtype=bool)
    keep[1:] = ~(space[1:] & space[:-1])
    return array[keep].tobytes()


def line_key(text: str) -> str:
    """Comparison key of a line: lower-case words joined by single spaces."""
    return " ".join(words(text))


_KEY_BYTES = byte_table(b"'")


def line_keys(texts: list[str]) -> list[str]:
    """:func:`line_key` of each text (none holding a line break), most in one pass over all."""
    return [line.key for line in keyed_lines(texts)]


def keyed_lines(texts: list[str]) -> list[Line]:
    """A :class:`Line` per text (none holding a line break), most keyed in one pass."""
    return [Line(text, line_key(text)) if key is None else Line(text, key, True)
            for text, key in zip(texts, ascii_keys(texts, _KEY_BYTES), strict=True)]


class Line:
    """A line of a document being cleaned: its text, key, word count and removal reason.

    ``ascii_key``: the key is the text's bytes through the key table (:func:`ascii_keys`),
    so the line's norm for corpus statistics follows from it (``lines.kept_line_hashes``).
    """

    __slots__ = ("ascii_key", "key", "n_words", "reason", "text")

    def __init__(self, text: str, key: str, ascii_key: bool = False) -> None:
        self.text = text
        self.key = key
        self.ascii_key = ascii_key
        self.n_words = key.count(" ") + 1 if key else 0
        self.reason: str | None = None

    def set(self, text: str) -> None:
        self.text = text
        self.key = line_key(text)
        self.ascii_key = False
        self.n_words = self.key.count(" ") + 1 if self.key else 0
