"""Somebody's words a text sets off as whole paragraphs, which ``material`` counts as
quoted: a paragraph that is one long quotation (curly marks; a straight mark opening
it; a colon opening it, however far in), the block after a line introducing it ("issued
a statement:", every paragraph after "in full:"), and the statements of a roundup
("Former President Barack Obama: America has lost …")."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate

# First-person words: a sentence holding one, in a news article, is somebody's words
# (a tweet or a statement scraped without its quotation marks).
# (Case-sensitive past their first letter: "US" is the country.)
FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Ww]e|[Uu]s|[Oo]urs?)\b")


# Curly marks: straight ones do not say which opens and which closes (but one opening a
# paragraph opens, ``_quoted_line``).
_OPENING = re.compile("\u201c")
_CLOSING = re.compile("\u201d(?=[^\u201d]*$)")
#: A paragraph is a quotation when its first quotation mark comes within ``QUOTE_LEAD``
#: characters of its start ("Others note that “…") and its last within
#: ``QUOTE_ATTRIBUTION`` of its end ("…” Nicholas Kristof, New York Times).
QUOTE_LEAD = 40
QUOTE_ATTRIBUTION = 80


def quoted_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are one long quotation, however long and however many quotation
    marks it nests (a newsletter's quoted opinion blocks, a statement quoted whole):
    from the first quotation mark to the last; quotations that go on into the next
    paragraph (opened with a curly mark never closed in this one); and a quotation a
    colon opens ("… lone conservatives: “There is …", 'It also says: "We uphold …'),
    however far into its paragraph and however long (``quotations`` reads 600
    characters at most), to the paragraph's last mark or its end; a paragraph a
    straight mark opens, to its last mark; and a straight mark left open, the odd one
    out, to the paragraph's end."""
    return line_spans(text, _quoted_line)


def _quoted_line(line: str) -> tuple[int, int] | None:
    unclosed = unclosed_quotation(line)
    if unclosed:
        return unclosed
    if line.startswith('"'):
        # A straight mark opening the paragraph opens a quotation (statements printed
        # whole, quoted at length past what ``quotations`` reads).
        last = line.rfind('"')
        if last == 0:
            return 0, len(line)  # going on into the next paragraph
        if last >= len(line) - QUOTE_ATTRIBUTION:
            return 0, last + 1
    first = _OPENING.search(line, 0, QUOTE_LEAD + 1)
    last = _CLOSING.search(line, first.end()) if first else None
    if first and last and last.end() >= len(line) - QUOTE_ATTRIBUTION:
        return first.start(), last.end()
    if first and last is None and line.count("\u201c") == 1:
        # A quotation going on into the next paragraph opens and never closes here.
        return first.start(), len(line)
    return colon_quotation(line)


#: The last straight quotation mark of a paragraph, where it opens (after a space or at
#: the start, before a word).
_UNCLOSED = re.compile(r'(?:^|\s)(")(?=\w)[^"]*$')


def unclosed_quotation(line: str) -> tuple[int, int] | None:
    """The span of a quotation a paragraph opens with a straight mark and does not close:
    the odd mark out, the last, where it opens ('… he said. "But it is our duty …'),
    to the paragraph's end (the quotation goes on into the next; the marks before it are
    closed in the paragraph, and ``quotations`` reads them); or None. Not over more than
    ``UNCLOSED_CHARS``: a longer run is paragraphs glued into one (a scrape's body), in
    which the odd mark out closes nothing it can be paired with."""
    unclosed = _UNCLOSED.search(line) if line.count('"') % 2 else None
    if unclosed is None or len(line) - unclosed.start(1) > UNCLOSED_CHARS:
        return None
    return unclosed.start(1), len(line)


#: The longest rest of a paragraph an unclosed quotation runs over (a paragraph of a
#: statement quoted over several).
UNCLOSED_CHARS = 1000


def colon_quotation(line: str) -> tuple[int, int] | None:
    """The span of the quotation a colon opens in a paragraph (see
    ``quoted_paragraphs``), or None."""
    opened = _COLON_QUOTE.search(line) if ": " in line else None
    if opened is None:
        return None
    at = opened.end() - 1
    close = max(line.rfind('"'), line.rfind("\u201d"))
    if close <= at:
        return at, len(line)
    return (at, close + 1) if close >= len(line) - QUOTE_ATTRIBUTION else None


def line_spans(text: str, find: Callable[[str], tuple[int, int] | None]
                ) -> list[tuple[int, int]]:
    """What ``find`` finds in each paragraph (a span of it, or None), as spans of the
    text."""
    spans = []
    start = 0
    for line in text.split("\n"):
        if (found := find(line)) is not None:
            spans.append((start + found[0], start + found[1]))
        start += len(line) + 1
    return spans


# A quotation a colon opens: an opening mark (a straight one too: after a colon, it
# opens).
_COLON_QUOTE = re.compile(': ["\u201c]')


# A line that introduces somebody's words on the lines after it, as a block quotation
# does (whose marks a scrape drops): "Instead his campaign issued a statement:", "The
# letter reads:", "… explaining that there was a 47 percent floor on Obama's support:".
_INTRODUCTION = re.compile(
    r"\b(?:said|says|say|saying|told|tweeted|tweets|wrote|writes|writing|reads?|reading|"
    r"statement|added|adds|explained|explaining|declared|stated|posted|quote|quoted|"
    r"remarks|letter|replied|responded|continued|noted|argued|insisted|warned|arguing|"
    r"argues|warning|warns|insisting|insists|noting|declaring|declares|stating|"
    r"as follows)\b[^\n.!?]{0,80}:[ \t]*$", re.I)


# ... and one that announces the whole of it: "Here's the statement from the White House
# in full:", "Read the full statement:".
_IN_FULL = re.compile(r"\bin full\b|\bfull (?:text|statement|letter|remarks)\b", re.I)


def introduced_paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraph after each line ending in "statement:", "wrote:", "reads:" (see
    ``_INTRODUCTION``) that holds no quotation marks of its own: somebody's words, set
    off as a block. (Only the one: the text's own prose resumes after it; but after "in
    full:", every paragraph to the next one with quotation marks, or the end.) Its words
    are outside quotation marks, so what frames them (``_make_framed_mask``) leaves them
    out too."""
    if ":" not in text:
        return []
    spans = []
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    for n, line in enumerate(lines[:-1]):
        if not (line.rstrip().endswith(":") and _INTRODUCTION.search(line)):
            continue
        last = n
        for following in lines[n + 1:]:
            if not following.strip() or any(mark in following for mark in '"\u201c\u201d'):
                break
            last += 1
            if not _IN_FULL.search(line):
                break
        if last > n:
            spans.append((starts[n + 1], starts[last + 1] - 1))
    return spans


# Who speaks, opening a paragraph of a roundup of statements: "Former President Barack
# Obama: America has lost …", "President Donald J. Trump and first lady Melania Trump: …".
_SPEAKER = re.compile(r"^([A-Z][^:\n!?\"\u201c]{2,100}?):[ \t]+(?=\S)", re.M)
_SENTENCE_END = re.compile(r"[a-z]{2}\. ")
_LABEL_WORD = re.compile(r"[A-Z][\w.'\u2019-]*|[a-z]+")
#: A text of this many paragraphs opened by who speaks is a roundup of statements.
SPEAKERS = 2


def labelled_statements(text: str) -> list[tuple[int, int]]:
    """In a roundup of statements (``SPEAKERS`` or more paragraphs opened by a speaker's
    name and a colon, each speaking in the first person), each statement: from its
    label's colon to the next label, or the end. Most of a label's words are names and
    titles, written with a capital (not in capitals: a newsletter's "THE QUOTABLE
    CANTOR:" heads an item), and there are at most a dozen; a sentence ending in a colon
    is no label ("Read more: …" opens no first-person paragraph)."""
    if ":" not in text:
        return []
    labels = []
    for m in _SPEAKER.finditer(text):
        words = _LABEL_WORD.findall(m.group(1))
        names = sum(w[0].isupper() and not w.isupper() for w in words)
        line_end = text.find("\n", m.end())
        if (2 <= names and 2 * names > len(words) <= 12
                and not _SENTENCE_END.search(m.group(1))
                and FIRST_PERSON.search(text, m.end(), line_end if line_end >= 0 else len(text))):
            labels.append(m)
    if len(labels) < SPEAKERS:
        return []
    ends = [m.start() - 1 for m in labels[1:]] + [len(text)]
    return [(m.end(), end) for m, end in zip(labels, ends, strict=True)]
