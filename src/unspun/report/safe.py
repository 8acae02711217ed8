"""Scraped text made safe to show: control characters made visible, never obeyed.

Every string that came from an input (article text, titles, site names, ids, URLs, file
names) passes through ``visible`` before it reaches a terminal or a page. A terminal
obeys escape sequences (``\\x1b]0;title\\x07`` retitles the window, ``\\x1b]8;…`` hides a
link, ``\\x1b[2J`` clears the screen), and both terminals and browsers obey bidi
controls: "\\u202egro.swen-detsurt" displays as "trusted-news.org", and a right-to-left
mark between digits can swap two numbers. These are shown as escapes (``\\x1b``,
``\\u202e``) rather than deleted: that an input carried them is evidence too.

Rich markup is the other half: pass scraped strings to rich as ``Text`` (``shown``), never
inside a markup string.
"""

from __future__ import annotations

import re

from rich.text import Text

#: Bidi embeddings, overrides, isolates and marks: each can reorder what is displayed.
BIDI_CONTROLS = ("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# C0 and C1 controls, DEL, the bidi controls and the Unicode line and paragraph
# separators (a line break in a one-line field).
_ANY = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")
_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")  # keeps \t \n


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``).

    ``lines``: keep line breaks and tabs (a paragraph of an article); otherwise they are
    escaped too (a name, an id, a URL: one line).
    """
    if text.isprintable():  # most strings: no control and no format character at all
        return text
    return (_BUT_LINES if lines else _ANY).sub(_escape, text)


def shown(text: object, style: str = "", *, lines: bool = False) -> Text:
    """A rich ``Text`` of ``text`` made ``visible``: never read as markup."""
    return Text(visible(str(text), lines=lines), style=style)


# What JSON output may carry raw: json.dumps escapes C0 controls itself, but with
# ensure_ascii=False it leaves C1 controls and bidi controls as they are.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps``) with the characters a terminal would obey written as
    ``\\uXXXX`` escapes: the same JSON value, safe to print."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
