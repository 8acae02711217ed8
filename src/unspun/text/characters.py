"""Normalisation of scraped text: quotes, dashes, invisible characters, spaces, line
breaks."""

from __future__ import annotations

import re
import unicodedata

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
