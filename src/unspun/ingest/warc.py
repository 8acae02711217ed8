"""WARC / WARC.gz inputs (Common Crawl format): records split here, parsed with fastwarc.

Records are split from the stream by their declared lengths, and each boundary is
checked: a truncated record followed by others would otherwise swallow the start of the
next one (its header lines spliced into the page) and lose it. Where a boundary is
wrong, the bad record is a ``corrupt-warc`` skip and reading resumes at the next record
header. A record's bytes are held only up to ``max_bytes``, and a compressed HTTP body
is decoded only up to ``max_bytes`` (``stream.decode_content``): a 1 MB record that
inflates to 1 GiB stops at the limit as ``too-large``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..records import RawItem, Skip
from .encoding import SNIFF_BYTES, looks_html
from .html import read_html
from .stream import Stream, break_reason, decode_content

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# A record starts with its version line; one found by searching also needs a header
# line after it (a page may quote "WARC/1.0").
_START = re.compile(rb"WARC/\d\.\d+\r?\n")
_NEXT = re.compile(rb"WARC/\d\.\d+\r?\n[A-Za-z][\w-]*:")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)
_CONTENT_TYPE = re.compile(rb"^content-type:[ \t]*([^;\r\n]*)", re.I | re.M)
_HEADER_MAX = 1 << 16  # header lines longer than this are no WARC header
_PEEK = 1 << 16  # what is read of a record too large to keep: its HTTP header


@dataclass(slots=True)
class _Record:
    """One record as split from the stream: its header, and its block when it is kept."""

    header: bytes
    block: bytes | None  # None: over max_bytes, read past (``head`` has its start)
    head: bytes = b""
    problem: str = ""  # why it is corrupt


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def iter_warc(
    stream: Stream, *, relpath: str, origin: str, max_bytes: int
) -> Iterator[RawItem | Skip]:
    """The HTML pages of a WARC stream, as ``<relpath>#<n>`` (n counts records from 1).

    Other records (requests, metadata, images, redirects) are skipped as ``not-html``;
    a truncated or mis-sized record, or bytes that are no record, as ``corrupt-warc``;
    a broken gzip ends the stream as ``corrupt-gzip`` after the records read before it.
    """
    number = 0
    for record in _records(stream, max_bytes):
        number += 1
        here, id = f"{origin}#{number}", f"{relpath}#{number}"
        if record.problem:
            yield Skip(here, "corrupt-warc", record.problem)
        elif record.block is None:
            yield _too_large(record, here, max_bytes)
        else:
            try:
                item = _page(record, id=id, origin=here, max_bytes=max_bytes)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # noqa: B036 - fastwarc panics are BaseExceptions
                item = Skip(here, "corrupt-warc", f"{type(error).__name__}: {error}")
            yield item
    if stream.error is not None:
        yield Skip(origin, break_reason(stream), f"after record {number}: {stream.error}")
    elif number == 0:
        yield Skip(origin, "corrupt-warc", "no WARC record found")


def _records(stream: Stream, max_bytes: int) -> Iterator[_Record]:
    """Each record of the stream, split by its Content-Length and checked to end where
    the next record (or the stream) starts."""
    while True:
        stream.skip_space()
        head = stream.peek(_HEADER_MAX)
        if not head:
            return
        end = _HEADER_END.search(head)
        if not _START.match(head) or end is None:
            if end is None and len(head) < _HEADER_MAX and _START.match(head):
                stream.read(len(head))
                yield _Record(head, None, problem="truncated in its header")
                return
            yield _Record(b"", None, problem="not a WARC record: skipped to the next one")
            stream.read(1)
            _skip_to_record(stream)
            continue
        header = stream.read(end.end())
        length = _LENGTH.search(header)
        if length is None:
            yield _Record(header, None, problem="no Content-Length")
            _skip_to_record(stream)
            continue
        size = int(length.group(1))
        if size > max_bytes:
            peeked = stream.read_at_most(min(size, _PEEK))
            if _discard(stream, size - len(peeked)) < size - len(peeked):
                yield _Record(header, None, problem="truncated")
                return
            if _at_boundary(stream):
                yield _Record(header, None, head=peeked)
            else:
                yield _Record(header, None, problem="its length does not end at a record")
                _skip_to_record(stream)
            continue
        block = stream.read_at_most(size)
        if len(block) == size and _at_boundary(stream):
            yield _Record(header, block)
            continue
        # Cut short: the next record may have started inside what was read as this one.
        following = _NEXT.search(block, 1)
        if following is not None:
            stream.unread(block[following.start():])
            yield _Record(header, None, problem=f"truncated at {following.start()} of "
                                                f"{size} bytes: the next record starts there")
        elif len(block) < size:
            yield _Record(header, None, problem=f"truncated: {len(block)} of {size} bytes")
            return
        else:
            yield _Record(header, None, problem="its length does not end at a record")
            _skip_to_record(stream)


def _at_boundary(stream: Stream) -> bool:
    """Whether the stream is at the end of a record: the "\r\n\r\n" that closes one, or
    line breaks and then the next record or the end. They are consumed only then."""
    after = stream.peek(256)
    rest = after.lstrip(b"\r\n")
    if not (after.startswith(b"\r\n\r\n") or not rest or _START.match(rest)):
        return False
    stream.read(len(after) - len(rest))
    return True


def _discard(stream: Stream, size: int) -> int:
    """Read past ``size`` bytes without keeping them; returns how many there were."""
    done = 0
    while done < size and (chunk := stream.read(min(1 << 20, size - done))):
        done += len(chunk)
    return done


def _skip_to_record(stream: Stream) -> None:
    """Read past everything up to the next record header (or the end)."""
    tail = b""
    while chunk := stream.read(1 << 20):
        window = tail + chunk
        found = _NEXT.search(window)
        if found is not None:
            stream.unread(window[found.start():])
            return
        tail = window[-64:]


def _too_large(record: _Record, origin: str, max_bytes: int) -> Skip:
    """A record over ``max_bytes``: ``not-html`` when its headers say so, else too large."""
    kind = re.search(rb"^WARC-Type:[ \t]*(\w+)", record.header, re.I | re.M)
    name = kind.group(1).decode("ascii").lower() if kind else "unknown"
    if name not in ("response", "resource"):
        return Skip(origin, "not-html", f"{name} record")
    # A response's content type is in its HTTP header, the start of what was read of it.
    headers = record.head.split(b"\r\n\r\n", 1)[0] if name == "response" else record.header
    found = _CONTENT_TYPE.search(headers)
    content_type = found.group(1).decode("latin-1").strip().lower() if found else ""
    if content_type and content_type not in _HTML_TYPES:
        return Skip(origin, "not-html", content_type)
    return Skip(origin, "too-large", f"record over {max_bytes} bytes")


def _page(record: _Record, *, id: str, origin: str, max_bytes: int) -> RawItem | Skip:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    assert record.block is not None
    # fastwarc parses the record and its HTTP headers and undoes chunking (which never
    # grows a body); the content coding is undone below, within the limit.
    parsed = next(iter(ArchiveIterator(io.BytesIO(record.header + record.block + b"\r\n\r\n"),
                                       parse_http=True, auto_decode="transfer",
                                       fsspec_args=False, stream_detect=False)), None)
    if parsed is None:
        return Skip(origin, "corrupt-warc", "fastwarc read no record")
    return _html(parsed, WarcRecordType, id=id, origin=origin, max_bytes=max_bytes)


def _html(record: Any, types: Any, *, id: str, origin: str, max_bytes: int) -> RawItem | Skip:
    kind = record.record_type
    headers = record.headers
    coding = ""
    if kind == types.response and record.is_http:
        http = record.http_headers
        status = http.status_code if http is not None else None
        if status is not None and not 200 <= status < 300:
            return Skip(origin, "not-html", f"HTTP status {status}")
        content_type = record.http_content_type
        charset = record.http_charset
        date = record.record_date or record.http_date
        coding = (http.get("Content-Encoding") or "") if http is not None else ""
    elif kind == types.resource:
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip() or None
        charset, date = None, record.record_date
    else:
        return Skip(origin, "not-html", f"{str(kind).rsplit('.', 1)[-1]} record")
    if content_type and content_type.lower() not in _HTML_TYPES:
        return Skip(origin, "not-html", content_type)
    body = record.reader.read()
    if coding.strip():
        try:
            decoded = decode_content(body, coding, max_bytes)
        except ValueError as error:
            return Skip(origin, "undecodable", f"Content-Encoding {coding}: {error}"[:200])
        if decoded is None:
            return Skip(origin, "too-large", f"Content-Encoding {coding}: over {max_bytes} "
                                             f"bytes decoded from {len(body)}")
        body = decoded
    if content_type is None and not looks_html(body[:SNIFF_BYTES]):
        return Skip(origin, "not-html", "no content type and no HTML markup")
    url = (headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    return read_html(body, id=id, origin=origin, url=url, published=_date(date), charset=charset)
