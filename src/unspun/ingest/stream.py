"""Byte streams for the readers: gzip that survives truncation, peeking, bounded reads."""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
#: ASCII whitespace, as bytes.strip() sees it.
SPACE = b" \t\n\r\x0b\x0c"
_CHUNK = 1 << 16


class Stream(io.RawIOBase):
    """A readable stream over a file or stdin, optionally gunzipped on the fly.

    A decompression or read error ends the stream instead of raising: the error is kept
    in ``error`` so a reader can yield what came before it, then report the break.
    ``tell`` counts bytes handed out, which is all fastwarc needs from a stream
    (it cannot seek gzip members or pipes).
    """

    def __init__(self, inner: BinaryIO, *, gunzip: bool = False) -> None:
        super().__init__()
        self._inner: BinaryIO = gzip.GzipFile(fileobj=inner, mode="rb") if gunzip else inner
        self._pending = b""
        self._pos = 0
        self.gunzip = gunzip
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._pos

    def _pull(self, size: int) -> bytes:
        if self.error is not None:
            return b""
        try:
            read1 = getattr(self._inner, "read1", None)
            return read1(size) if read1 is not None else self._inner.read(size)
        except (EOFError, zlib.error, OSError) as error:  # BadGzipFile is an OSError
            self.error = f"{type(error).__name__}: {error}"
            return b""

    def peek(self, size: int) -> bytes:
        """Up to ``size`` bytes from the current position, without consuming them."""
        while len(self._pending) < size:
            chunk = self._pull(size - len(self._pending))
            if not chunk:
                break
            self._pending += chunk
        return self._pending[:size]

    def skip_space(self) -> int:
        """Consume the ASCII whitespace at the current position, in bulk (a page may
        start with megabytes of it); returns how many line breaks it held."""
        breaks = 0
        while True:
            if not self._pending:
                self._pending = self._pull(_CHUNK)
                if not self._pending:
                    return breaks
            rest = self._pending.lstrip(SPACE)
            skipped = len(self._pending) - len(rest)
            breaks += self._pending.count(b"\n", 0, skipped)
            self._pos += skipped
            self._pending = rest
            if rest:
                return breaks

    def unread(self, data: bytes) -> None:
        """Put ``data`` back in front of the stream (a reader that read too far)."""
        self._pending = data + self._pending
        self._pos -= len(data)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.read_at_most(None)
        if self._pending:
            out, self._pending = self._pending[:size], self._pending[size:]
        else:
            out = self._pull(size)
        self._pos += len(out)
        return out

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read_at_most(self, limit: int | None) -> bytes:
        """Read until end of stream or ``limit`` bytes, whichever comes first."""
        parts: list[bytes] = []
        got = 0
        while limit is None or got < limit:
            chunk = self.read(_CHUNK if limit is None else min(_CHUNK, limit - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def close(self) -> None:
        if self.gunzip:
            self._inner.close()  # the GzipFile only: the file beneath belongs to the caller
        super().close()


def break_reason(stream: Stream) -> str:
    """The skip reason for a stream that ended on ``stream.error``."""
    return "corrupt-gzip" if stream.gunzip else "unreadable"


def decode_content(data: bytes, coding: str, limit: int) -> bytes | None:
    """An HTTP body with Content-Encoding ``coding`` (gzip, deflate, br; several are
    undone last first) decoded, or None when it would exceed ``limit`` bytes: decoding
    stops there, so a small body that inflates to gigabytes costs ``limit``.

    A body cut short gives what it decodes to. Raises ValueError for an unknown coding
    or data that is not in it.
    """
    for name in reversed([c.strip().lower() for c in coding.split(",") if c.strip()]):
        if name in ("gzip", "x-gzip", "deflate"):
            decoded = _inflate(data, limit)
        elif name == "br":
            decoded = _unbrotli(data, limit)
        elif name == "identity":
            decoded = data if len(data) <= limit else None
        else:
            raise ValueError(f"unknown content coding {name!r}")
        if decoded is None:
            return None
        data = decoded
    return data


def _inflate(data: bytes, limit: int) -> bytes | None:
    """gzip (several members too), zlib or raw deflate (servers send both as "deflate")."""
    out = bytearray()
    rest = data
    wbits = zlib.MAX_WBITS | 32  # a gzip or zlib header, told from the first bytes
    while rest:
        inflater = zlib.decompressobj(wbits)
        try:
            # max_length 0 would mean no limit: the loop stops before out is over it.
            out += inflater.decompress(rest, limit + 1 - len(out))
            while inflater.unconsumed_tail and len(out) <= limit:
                out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
        except zlib.error as error:
            if not out and wbits > 0:
                wbits = -zlib.MAX_WBITS  # no header: raw deflate
                continue
            if out:
                break  # damaged after a good start: keep what decoded
            raise ValueError(str(error)) from None
        if len(out) > limit:
            return None
        rest = inflater.unused_data if inflater.eof else b""
        if not rest.startswith(GZIP_MAGIC):
            break
    return bytes(out)


def _unbrotli(data: bytes, limit: int) -> bytes | None:
    import brotli

    decoder = brotli.Decompressor()
    try:
        out = decoder.process(data, output_buffer_limit=limit + 1)
        while len(out) <= limit and not decoder.can_accept_more_data():
            out += decoder.process(b"", output_buffer_limit=limit + 1 - len(out))
    except brotli.error as error:
        raise ValueError(str(error)) from None
    return out if len(out) <= limit else None
