"""WARC / WARC.gz inputs (Common Crawl format), read with fastwarc."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..records import RawItem, Skip
from .encoding import SNIFF_BYTES, looks_html
from .html import read_html
from .stream import Stream, break_reason

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ENCODED = ("Content-Encoding", "Transfer-Encoding")


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def iter_warc(
    stream: Stream, *, relpath: str, origin: str, max_bytes: int
) -> Iterator[RawItem | Skip]:
    """The HTML pages of a WARC stream, as ``<relpath>#<n>`` (n counts records from 1).

    Other records (requests, metadata, images, redirects) are skipped as ``not-html``;
    a truncated record as ``corrupt-warc``; a broken gzip ends the stream as
    ``corrupt-gzip`` after the records read before the break.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    number = 0
    broken = False
    records = ArchiveIterator(
        stream, parse_http=True, auto_decode="all", fsspec_args=False, stream_detect=False
    )
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: B036 - fastwarc panics are BaseExceptions
            broken = True
            yield Skip(f"{origin}#{number + 1}", "corrupt-warc", f"{type(error).__name__}: {error}")
            break
        number += 1
        here, id = f"{origin}#{number}", f"{relpath}#{number}"
        try:
            item = _page(record, id=id, origin=here, max_bytes=max_bytes, types=WarcRecordType)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: B036
            item = Skip(here, "corrupt-warc", f"{type(error).__name__}: {error}")
        yield item
    if stream.error is not None:
        yield Skip(origin, break_reason(stream), f"after record {number}: {stream.error}")
    elif number == 0 and not broken:
        yield Skip(origin, "corrupt-warc", "no WARC record found")


def _page(record: Any, *, id: str, origin: str, max_bytes: int, types: Any) -> RawItem | Skip:
    kind = record.record_type
    headers = record.headers
    if kind == types.response and record.is_http:
        http = record.http_headers
        status = http.status_code if http is not None else None
        if status is not None and not 200 <= status < 300:
            return Skip(origin, "not-html", f"HTTP status {status}")
        content_type = record.http_content_type
        charset = record.http_charset
        date = record.record_date or record.http_date
        encoded = http is not None and any(http.get(h) for h in _ENCODED)
    elif kind == types.resource:
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip() or None
        charset, date, encoded = None, record.record_date, False
    else:
        return Skip(origin, "not-html", f"{str(kind).rsplit('.', 1)[-1]} record")
    if content_type and content_type.lower() not in _HTML_TYPES:
        return Skip(origin, "not-html", content_type)
    declared = record.content_length
    if declared > max_bytes:
        return Skip(origin, "too-large", f"{declared} bytes")
    body = record.reader.read()
    if not encoded and len(body) < declared:
        return Skip(origin, "corrupt-warc", f"truncated: {len(body)} of {declared} bytes")
    if content_type is None and not looks_html(body[:SNIFF_BYTES]):
        return Skip(origin, "not-html", "no content type and no HTML markup")
    url = (headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    return read_html(body, id=id, origin=origin, url=url, published=_date(date), charset=charset)
