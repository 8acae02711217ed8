"""Ingest: files, folders and stdin → RawItem records, or a Skip with a reason for each bad input.

Formats: ``.txt``, ``.html``/``.htm`` (also gzipped), ``.jsonl`` (also gzipped),
``.warc``/``.warc.gz``; other names are sniffed. ``-`` reads stdin.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..records import RawItem, Skip
from .encoding import SNIFF_BYTES, looks_binary, looks_html
from .html import read_html
from .jsonl import iter_jsonl
from .stream import GZIP_MAGIC, Stream, break_reason
from .text import read_text
from .warc import iter_warc

__all__ = ["DEFAULT_MAX_BYTES", "SKIP_REASONS", "iter_inputs"]

#: Largest page (or JSONL line, or WARC record) ingested; larger ones are skipped.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Every reason a Skip from ingest can carry (extract adds "no-article", "extract-error").
SKIP_REASONS: tuple[str, ...] = (
    "empty",
    "binary",
    "corrupt-gzip",
    "corrupt-warc",
    "not-html",
    "too-large",
    "bad-json",
    "no-content",
    "duplicate-id",
    "undecodable",
    "unsupported-format",
    "not-found",
    "unreadable",
    "not-a-file",
)

_FORMATS = {
    "txt": "text",
    "text": "text",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "shtml": "html",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "warc": "warc",
}
STDIN = "<stdin>"


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawItem | Skip]:
    """Every document under ``paths`` (files, folders searched recursively, ``-`` for stdin).

    Never raises on bad input: each bad file, line or record becomes a ``Skip``.
    Ids: a file's ``<name>`` is the name of the folder argument it was found under
    followed by its path inside it (``day1/story.txt``, ``day1/sub/story.txt``), or,
    for a file given directly, its own folder's name and its name (``day1/story.txt``
    again); a JSONL line's ``id`` as it is (else ``<name>:<line>``); ``<name>#<n>`` for
    the n-th WARC record. So the same file gets the same id in every run, however it
    was named, and files of two folders (``day1/``, ``day2/``) never share one. An id
    seen before in the run is skipped as ``duplicate-id``, naming where it was first
    seen. Folders are walked in sorted order; hidden files and folders in them are
    ignored.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise TypeError(f"max_bytes must be a positive int, not {max_bytes!r}")
    seen: dict[str, str] = {}
    for path in paths:
        for item in _iter_path(path, max_bytes=max_bytes, stdin=stdin):
            if isinstance(item, RawItem):
                if item.id in seen:
                    yield Skip(item.origin, "duplicate-id",
                               f"{item.id}: already given by {seen[item.id]}")
                    continue
                seen[item.id] = item.origin
            yield item


def _iter_path(
    path: str | os.PathLike[str], *, max_bytes: int, stdin: BinaryIO | None
) -> Iterator[RawItem | Skip]:
    if os.fspath(path) == "-":
        source = stdin if stdin is not None else sys.stdin.buffer
        yield from _iter_stream(
            Stream(source), None, relpath=STDIN, origin=STDIN, max_bytes=max_bytes
        )
        return
    root = Path(path)
    if root.is_dir():
        prefix = _folder_name(root)
        for file, relpath in _walk(root):
            if isinstance(file, Skip):
                yield file
            else:
                yield from _iter_file(file, f"{prefix}/{relpath}", max_bytes=max_bytes)
    elif root.exists():
        yield from _iter_file(root, f"{_folder_name(root.parent)}/{root.name}",
                              max_bytes=max_bytes, named=True)
    else:
        yield Skip(str(root), "not-found")


def _folder_name(folder: Path) -> str:
    """The name of a folder as ids start with it: its last component, after ``.`` and
    ``..`` are resolved (symbolic links are not: the name is the one the user sees)."""
    return Path(os.path.abspath(folder)).name or "root"


def _walk(root: Path) -> Iterator[tuple[Path | Skip, str]]:
    """Files under ``root`` in sorted order, with their paths relative to it."""
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                file = Path(folder, name)
                yield file, file.relative_to(root).as_posix()
        while errors:
            error = errors.pop()
            yield Skip(str(error.filename or root), "unreadable", error.strerror or ""), ""


def _format(name: str) -> tuple[str | None, bool]:
    """(format, gzipped) from a file name; format None when the name does not say."""
    lowered = name.lower()
    gzipped = lowered.endswith(".gz")
    if gzipped:
        lowered = lowered[:-3]
    suffix = lowered.rsplit(".", 1)[1] if "." in lowered else ""
    return _FORMATS.get(suffix), gzipped


_SPECIAL = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
            (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"))


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is ("FIFO", "socket", …); None for a file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _SPECIAL if test(mode)), "special file")


def _iter_file(file: Path, relpath: str, *, max_bytes: int,
               named: bool = False) -> Iterator[RawItem | Skip]:
    """One file's documents. Inside a folder only regular files are read: opening a FIFO
    waits for a writer, a device never ends. One ``named`` on the command line (a pipe,
    ``<(zcat …)``) is read like stdin."""
    origin = str(file)
    kind, gzipped = _format(file.name)
    try:
        special = _special(os.stat(file).st_mode)
        if special is not None and not (named and special in ("FIFO", "character device")):
            yield Skip(origin, "not-a-file", special)
            return
        # Non-blocking: a file swapped for a FIFO since the stat still does not block.
        fd = os.open(file, os.O_RDONLY | (0 if special else os.O_NONBLOCK))
        info = os.fstat(fd)
        if special is None and not stat.S_ISREG(info.st_mode):
            os.close(fd)
            yield Skip(origin, "not-a-file", _special(info.st_mode) or "")
            return
        if special is None:
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
        size = info.st_size
    except OSError as error:
        yield Skip(origin, "unreadable", error.strerror or str(error))
        return
    if special is not None:
        with handle:
            yield from _iter_stream(Stream(handle), kind if not gzipped else None,
                                    relpath=relpath, origin=origin, max_bytes=max_bytes)
        return
    with handle:
        if size == 0:
            yield Skip(origin, "empty")
            return
        if kind in ("html", "text") and not gzipped and size > max_bytes:
            yield Skip(origin, "too-large", f"{size} bytes")
            return
        if gzipped and handle.read(2) != GZIP_MAGIC:
            handle.seek(0)
            gzipped = False  # misnamed: read it as what it is
        handle.seek(0)
        stream = Stream(handle, gunzip=gzipped)
        yield from _iter_stream(stream, kind, relpath=relpath, origin=origin, max_bytes=max_bytes)


def _iter_stream(
    stream: Stream,
    kind: str | None,
    *,
    relpath: str,
    origin: str,
    max_bytes: int,
) -> Iterator[RawItem | Skip]:
    """Dispatch a stream to its reader; ``kind`` None means sniff it from its first bytes."""
    # Sniffed after any leading whitespace, however long: past it may be an article.
    blank_lines = stream.skip_space()
    head = stream.peek(SNIFF_BYTES)
    if not head:
        if stream.error is not None:
            yield Skip(origin, break_reason(stream), stream.error)
        else:
            yield Skip(origin, "empty")
        return
    if kind is None:
        if head.startswith(GZIP_MAGIC) and not stream.gunzip:
            # A gzipped stream without a .gz name (stdin, odd names): unwrap once.
            yield from _iter_stream(
                Stream(stream, gunzip=True),
                None,
                relpath=relpath,
                origin=origin,
                max_bytes=max_bytes,
            )
            return
        kind = _sniff(head)
        if kind is None:
            reason = "binary" if origin == STDIN else "unsupported-format"
            yield Skip(origin, reason, "binary content")
            return
    if kind == "warc":
        yield from iter_warc(stream, relpath=relpath, origin=origin, max_bytes=max_bytes)
        return
    if kind == "jsonl":
        if looks_binary(head):
            yield Skip(origin, "binary", "binary content in a JSONL input")
            return
        yield from iter_jsonl(stream, relpath=relpath, origin=origin, max_bytes=max_bytes,
                              first_line=blank_lines)
        return
    data = stream.read_at_most(max_bytes + 1)
    if stream.error is not None:
        yield Skip(origin, break_reason(stream), stream.error)
    elif len(data) > max_bytes:
        yield Skip(origin, "too-large", f"over {max_bytes} bytes")
    elif kind == "html":
        yield read_html(data, id=relpath, origin=origin)
    else:
        yield read_text(data, id=relpath, origin=origin)


def _sniff(head: bytes) -> str | None:
    """The format of an unnamed payload from its first bytes; None for binary."""
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_binary(head):
        return None
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return "jsonl"
    return "html" if looks_html(head) else "text"
