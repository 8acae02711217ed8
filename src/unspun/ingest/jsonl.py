"""JSONL inputs: one document per line with ``id``, ``url``, ``html`` or ``text``, a date."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..errors import InputError
from ..records import RawItem, Skip
from .dates import normalise_published
from .encoding import decode_counted, drop_nul
from .stream import Stream, break_reason
from .text import repairs

_DATE_FIELDS = ("published", "date")
# JSON may escape a lone UTF-16 surrogate ("\ud800"); Python keeps it in the string,
# and UTF-8 (DuckDB, the tokenizer) cannot hold it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _string(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def parse_line(line: bytes, *, id: str, origin: str) -> RawItem | Skip | None:
    """One JSONL line as a RawItem (``id`` is the fallback id), a Skip, or None if blank."""
    if not line.strip():
        return None
    line, nul = drop_nul(line)  # JSON holds no raw NUL byte: damage
    replaced = 0
    try:
        decoded, encoding = line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:  # JSON is UTF-8, but files written by hand are not always
            decoded, encoding, replaced = decode_counted(line, origin=origin)
        except InputError as error:
            return Skip(origin, error.reason, error.detail)
    try:
        record = json.loads(decoded)
    except ValueError as error:
        return Skip(origin, "bad-json", str(error)[:200])
    except RecursionError:
        return Skip(origin, "bad-json", "nested too deeply")
    if not isinstance(record, dict):
        return Skip(origin, "bad-json", f"a JSON {type(record).__name__}, not an object")
    if _SURROGATE_ESCAPE.search(decoded):  # the fields read below, as U+FFFD
        record = {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
                  for k, v in record.items()}
    html, text = record.get("html"), record.get("text")
    html = html if isinstance(html, str) and html.strip() else None
    text = text if isinstance(text, str) and text.strip() else None
    if html is None and text is None:
        return Skip(origin, "no-content", "no 'html' or 'text' field with content")
    published = next(
        (v for v in (normalise_published(record.get(f)) for f in _DATE_FIELDS) if v is not None), None
    )
    return RawItem(
        id=_string(record.get("id")) or id,
        origin=origin,
        # Mojibake is repaired by extraction, in the workers: on a JSONL of text the
        # repair was most of the reading process's work.
        html=html,
        text=text if html is None else None,
        url=_string(record.get("url")),
        published=published,
        encoding=encoding,
        title=_string(record.get("title")),
        site=_string(record.get("site")),
        repairs=repairs(nul=nul, replaced=replaced),
    )


def iter_jsonl(
    stream: Stream, *, relpath: str, origin: str, max_bytes: int, first_line: int = 0
) -> Iterator[RawItem | Skip]:
    """The documents of a JSONL stream; a broken gzip ends it with a Skip.

    ``first_line``: lines already read (blank lines before the stream's position).
    """
    pending: tuple[int, bytes] | None = None  # parsed one line late: see below
    number = first_line
    for number, line in _lines(stream, max_bytes, first_line):
        if pending is not None:
            yield from _emit(*pending, relpath=relpath, origin=origin)
            pending = None
        if line is None:
            yield Skip(f"{origin}:{number}", "too-large", f"line over {max_bytes} bytes")
        else:
            pending = (number, line)
    if pending is not None:
        number_last, last = pending
        # A stream that broke mid-line leaves a partial last line: that is the break,
        # not a bad JSON line of its own.
        if stream.error is None or last.endswith(b"\n"):
            yield from _emit(number_last, last, relpath=relpath, origin=origin)
    if stream.error is not None:
        yield Skip(origin, break_reason(stream), f"after line {number}: {stream.error}")


_NOT_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c]")
_BLOCK = 1 << 20


def _lines(stream: Stream, max_bytes: int, first_line: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line that is not blank, with its number (from 1, blank lines counted); None
    for a line over ``max_bytes``, which is read past without being kept.

    Blank lines are skipped a block at a time by a search for the next byte that is not
    whitespace: a line at a time, 1 GiB of newlines took minutes.
    """
    buffer = bytearray()
    at = 0  # where the unread part of buffer starts
    number = first_line  # lines before it
    ended = False
    while True:
        # A whole block of blank lines is told by isspace(), 5x faster than the search.
        found = None if at == 0 and buffer.isspace() else _NOT_SPACE.search(buffer, at)
        if found is None:
            # Whitespace after the last line break only leads the next line: dropped.
            number += buffer.count(b"\n", at)
            buffer.clear()
            at = 0
            if ended or not _fill(stream, buffer):
                return
            continue
        number += buffer.count(b"\n", at, found.start())
        at = found.start()
        end = buffer.find(b"\n", at)
        if end < 0:
            if len(buffer) - at > max_bytes:
                number += 1
                yield number, None
                buffer.clear()
                at = 0
                ended = not _skip_line(stream, buffer)
                continue
            del buffer[:at]
            at = 0
            if ended or not _fill(stream, buffer):
                ended = True
                if buffer:
                    number += 1
                    yield number, bytes(buffer)
                return
            continue
        number += 1
        yield number, (bytes(buffer[at:end + 1]) if end + 1 - at <= max_bytes else None)
        at = end + 1
        if at > _BLOCK:
            del buffer[:at]
            at = 0


def _fill(stream: Stream, buffer: bytearray) -> bool:
    """Append the next block of the stream to ``buffer``; False at its end."""
    chunk = stream.read(_BLOCK)
    buffer += chunk
    return bool(chunk)


def _skip_line(stream: Stream, buffer: bytearray) -> bool:
    """Read past the rest of a line without keeping it; what follows it goes into the
    (empty) ``buffer``. False when the stream ended first."""
    while chunk := stream.read(_BLOCK):
        end = chunk.find(b"\n")
        if end >= 0:
            buffer += chunk[end + 1:]
            return True
    return False


def _emit(number: int, line: bytes, *, relpath: str, origin: str) -> Iterator[RawItem | Skip]:
    item = parse_line(line, id=f"{relpath}:{number}", origin=f"{origin}:{number}")
    if item is not None:
        yield item
