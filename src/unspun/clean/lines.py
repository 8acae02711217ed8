"""Line identity for corpus statistics: each non-empty line of a text normalised (case,
punctuation and digits ignored) and hashed to a signed 64-bit value whose low bits hold
its word count."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from itertools import repeat

import numpy as np

from .keys import Line, ascii_keys, byte_table

__all__ = ["WORD_MASK", "kept_line_hashes", "line_hash", "line_hashes", "text_lines"]

_NOT_WORD = re.compile(r"[\W_]+")
_WORD_BITS = 6  # the low bits of a line hash hold the line's word count (capped)
WORD_MASK = (1 << _WORD_BITS) - 1


_ZERO_DIGITS = str.maketrans("123456789", "000000000")
_ZERO_ASCII_DIGITS = bytes.maketrans(b"123456789", b"000000000")


def _line_norm(line: str) -> str:
    """Line identity for boilerplate: case, punctuation and digits ignored."""
    if not line.isascii():
        line = unicodedata.normalize("NFKC", line)
    key = _NOT_WORD.sub(" ", line.lower()).strip()
    # Digits are word characters, so zeroing them after the substitution is the same;
    # on ASCII (most keys, once quotes are gone) the bytes table is ten times faster.
    if key.isascii():
        key = key.encode().translate(_ZERO_ASCII_DIGITS).decode()
    else:
        key = key.translate(_ZERO_DIGITS)
    return key or line.strip()


# The bytes of a line's norm for ASCII lines: words lower-cased, digits zeroed (as
# _line_norm), everything else a space.
_NORM_BYTES = byte_table(b"").translate(_ZERO_ASCII_DIGITS)


def _line_norms(lines: list[str]) -> list[str]:
    """:func:`_line_norm` of each stripped line (none holding a line break), most in one
    pass over all."""
    norms = ascii_keys(lines, _NORM_BYTES)
    # A line without words is its own norm (NFKC'd): left to _line_norm, as others are.
    return [norm or _line_norm(line) for line, norm in zip(lines, norms, strict=True)]


def _hashes(keys: list[str]) -> np.ndarray:
    """The hash of each norm, as int64: the first 8 bytes of its BLAKE2b digest (little
    endian, signed), the low bits replaced by its word count."""
    # surrogatepass: a lone surrogate (from a JSON escape) hashes instead of raising.
    digests = b"".join([hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8)
                        .digest() for key in keys])
    values = np.frombuffer(digests, dtype="<i8").astype(np.int64)
    n_words = np.fromiter(map(str.count, keys, repeat(" ")), dtype=np.int64, count=len(keys))
    return (values & ~WORD_MASK) | np.minimum(n_words + 1, WORD_MASK)


def line_hash(line: str) -> int:
    """Stable signed 64-bit hash of a normalised line (fits a DuckDB BIGINT).

    The low 6 bits carry the line's word count (capped at 63) so that stored rows alone
    say how long each line is.
    """
    return int(_hashes([_line_norm(line)])[0])


def text_lines(text: str) -> list[str]:
    """The non-empty stripped lines of ``text``: what the line statistics count."""
    return list(filter(None, map(str.strip, text.splitlines())))


def line_hashes(texts: list[str]) -> list[np.ndarray]:
    """The :func:`line_hash` of each non-empty stripped line of each text, in order (a
    stage: run it in workers; arrays, not the lines, travel back to the scan)."""
    # Norms text by text (the byte passes stay in cache).
    return _hashes_per_text([_line_norms(text_lines(text)) for text in texts])


def kept_line_hashes(documents: list[list[Line]]) -> list[np.ndarray]:
    """:func:`line_hashes` of the texts that the lines left by cleaning make up (each
    list's texts, none holding a line break, joined by line breaks), most from their keys."""
    return _hashes_per_text([_key_norms([line for line in lines if line.text.strip()])
                             for lines in documents])


def _key_norms(lines: list[Line]) -> list[str]:
    """:func:`_line_norm` of each line's text: from its key where that is the text's bytes
    through the key table (``Line.ascii_key``), as the norm table only differs from it in
    making apostrophes spaces (the key keeps just those inside a word) and zeroing digits."""
    if not lines:
        return []
    keys = "\n".join([line.key if line.ascii_key else "" for line in lines]).replace("'", " ")
    norms = keys.encode("ascii").translate(_ZERO_ASCII_DIGITS).decode("ascii").split("\n")
    return [norm or _line_norm(line.text) for line, norm in zip(lines, norms, strict=True)]


def _hashes_per_text(norms: list[list[str]]) -> list[np.ndarray]:
    """The hashes of each text's line norms."""
    # All at once: the array passes cost about the same for one line or many.
    hashes = _hashes([norm for text_norms in norms for norm in text_norms])
    ends = np.cumsum([len(text_norms) for text_norms in norms], dtype=np.int64)
    # Copies, not views: each array travels (or is kept) alone.
    return [hashes[end - len(text_norms) : end].copy()
            for end, text_norms in zip(ends.tolist(), norms, strict=True)]
