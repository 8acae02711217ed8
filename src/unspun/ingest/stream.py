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
