"""JSONL inputs: one document per line with ``id``, ``url``, ``html`` or ``text``, a date."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

from ..errors import InputError
from ..records import RawItem, Skip
from .dates import normalise_published
from .encoding import decode
from .stream import Stream, break_reason

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
    try:
        decoded, encoding = line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:  # JSON is UTF-8, but files written by hand are not always
            decoded, encoding = decode(line, origin=origin)
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
    )


def iter_jsonl(
    stream: Stream, *, relpath: str, origin: str, max_bytes: int
) -> Iterator[RawItem | Skip]:
    """The documents of a JSONL stream; a broken gzip ends it with a Skip."""
    lines = io.BufferedReader(stream, buffer_size=1 << 16)
    number = 0
    pending: tuple[int, bytes] | None = None  # parsed one line late: see below
    while True:
        line = lines.readline(max_bytes + 1)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            number += 1
            # Consume the rest of the oversized line without keeping it.
            while line and not line.endswith(b"\n"):
                line = lines.readline(1 << 20)
            if pending is not None:
                yield from _emit(*pending, relpath=relpath, origin=origin)
                pending = None
            yield Skip(f"{origin}:{number}", "too-large", f"line over {max_bytes} bytes")
            continue
        if not line:
            break
        number += 1
        if pending is not None:
            yield from _emit(*pending, relpath=relpath, origin=origin)
        pending = (number, line)
    if pending is not None:
        number_last, last = pending
        # A stream that broke mid-line leaves a partial last line: that is the break,
        # not a bad JSON line of its own.
        if stream.error is None or last.endswith(b"\n"):
            yield from _emit(number_last, last, relpath=relpath, origin=origin)
    if stream.error is not None:
        yield Skip(origin, break_reason(stream), f"after line {number}: {stream.error}")


def _emit(number: int, line: bytes, *, relpath: str, origin: str) -> Iterator[RawItem | Skip]:
    item = parse_line(line, id=f"{relpath}:{number}", origin=f"{origin}:{number}")
    if item is not None:
        yield item
