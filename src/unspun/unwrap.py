"""Hard-wrapped plain text: found and unwrapped before its sentences are.

E-mails, plain-text exports and many ``.txt`` corpora (PAN 2013's files among them) cut
every paragraph into lines of about one width. The segmenter ends a sentence at every
line break, and cleaning reads a line as a paragraph, so such a text is unwrapped first:
each line break inside a paragraph becomes a space.

A line is "full" when it and the first word of the next reach the wrap width (the word
did not fit); the width is read from the text, a high percentile of its line lengths,
so that one long unbreakable line (a URL) does not set it. A text is hard-wrapped when
many of its full lines stop in the middle of a sentence and the next line goes on in
lower case, which a paragraph (or a bullet point) per line does not do. Its paragraphs
(between blank lines, list items and indented lines) whose line pairs are mostly full
are then joined, and so are shorter lines whose sentence goes on in lower case on the
next line (wrappers that measure pixels or tokens break early); other short lines (a
paragraph's last line, a heading) keep their breaks.

``unwrap`` only ever replaces a ``\\n`` (or ``\\r\\n``) by as many spaces: the text keeps
its length and every character its offset, and no word changes.
"""

from __future__ import annotations

import re

#: Wrap widths outside this range are not wrapping (verse, tables; a paragraph a line).
MIN_WIDTH, MAX_WIDTH = 40, 250
#: A line is full when it and the next line's first word reach this share of the width:
#: wrappers that measure in pixels or tokens (PAN's do) leave lines short of the width.
FULL_SHARE = 0.85
#: Share of a paragraph's line pairs that must be full for its breaks to go, and share
#: of the full lines of a text that must be cut mid-sentence for it to be hard-wrapped.
MIN_FULL = 0.6
MIN_CUT = 0.1
#: A list item (a bullet, "1.", "a)"; not a year ending a sentence, "2008.").
_LIST_ITEM = re.compile(r"(?:[-*•·–#>]|\d{1,3}[.)]|[a-zA-Z]\))\s")
#: A line starting with a web address does not go on with a sentence in lower case.
_ADDRESS = re.compile(r"https?://|www\.")
_SENTENCE_END = tuple(".!?:;\"'”’)»")
_FIRST_WORD = re.compile(r"\S+")
#: A line starting so is a paragraph's first line (one space is a wrapper's leftover).
_INDENT = ("  ", "\t")


def _lines(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """(start, end) of each line's content, its line break (``\\n`` or ``\\r\\n``)
    excluded; and the length without trailing space of each line that is not blank.

    One ``split``, then lengths: no match object or slice per line (a scan unwraps
    every plain text, and most have a line per paragraph).
    """
    pieces = text.split("\n")
    spans, lengths, start = [], [], 0
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        end = start + len(piece)
        content = piece[:-1] if i < last and piece.endswith("\r") else piece
        spans.append((start, start + len(content)))
        if content.strip():
            lengths.append(len(content.rstrip()))
        start = end + 1
    return spans, lengths


def _plan_lines(text: str, spans: list[tuple[int, int]], width: float
                ) -> tuple[list[int], int]:
    """The lines whose break goes, and how many full lines end mid-sentence with the next
    line going on in lower case: the mark of wrapping, which a paragraph (or a bullet
    point) per line does not leave. A break goes when its line is full, or its sentence
    goes on in lower case on the next line, in a paragraph most of whose breaks are such.
    """
    joins: list[int] = []
    block: list[int] = []  # full lines of the current paragraph
    pairs = 0  # pairs of lines in the current paragraph
    cut = 0
    for i in range(len(spans)):
        line = text[spans[i][0]:spans[i][1]].rstrip()
        following = text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
        if (not line.strip() or not following.strip() or following.startswith(_INDENT)
                or _LIST_ITEM.match(following.lstrip(" "))):
            # The paragraph ends here (a blank line, an indented first line, a list item).
            if pairs and len(block) >= MIN_FULL * pairs:
                joins.extend(block)
            block, pairs = [], 0
            continue
        pairs += 1
        word = _FIRST_WORD.search(following)
        head = following.lstrip(" ")
        goes_on = (not line.endswith(_SENTENCE_END) and head[0].islower()
                   and not _ADDRESS.match(head))
        if len(line) + 1 + (word.end() if word else 0) >= FULL_SHARE * width:
            block.append(i)
            cut += goes_on
        elif goes_on:
            # A shorter line whose sentence goes on: some wrappers (PAN's) break early.
            block.append(i)
    return joins, cut


def _width(lengths: list[int]) -> float:
    """A high percentile of the lengths of the lines that are not blank."""
    if not lengths:
        return 0.0
    lengths = sorted(lengths)
    return float(lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))])


def _plan(text: str) -> tuple[list[tuple[int, int]], list[int]] | None:
    """The lines of a hard-wrapped text and those whose break goes; None otherwise."""
    if "\n" not in text:
        return None
    spans, lengths = _lines(text)
    width = _width(lengths)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    joins, cut = _plan_lines(text, spans, width)
    if joins and cut >= max(1.0, MIN_CUT * len(joins)):
        return spans, joins
    return None


def is_hard_wrapped(text: str) -> bool:
    """Whether most lines of ``text`` were cut at one width inside paragraphs."""
    return _plan(text) is not None


def unwrap(text: str) -> str:
    """``text`` with the line breaks inside its paragraphs made spaces, when it is
    hard-wrapped; otherwise ``text`` itself. The length never changes."""
    plan = _plan(text)
    if plan is None:
        return text
    spans, joins = plan
    out = list(text)
    for i in joins:
        for at in range(spans[i][1], spans[i + 1][0]):  # "\n" or "\r\n"
            out[at] = " "
    return "".join(out)
