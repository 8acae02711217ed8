"""Files that are not files, whitespace that hides an article, blank lines by the million."""

from __future__ import annotations

import gzip
import json
import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from unspun.ingest import SKIP_REASONS, iter_inputs
from unspun.records import RawItem, Skip

ARTICLE = ("<html><body><article><h1>Council votes on the budget</h1>"
           + "".join(f"<p>Paragraph {i}: the council met on Monday to vote on the city budget, "
                     "which the mayor said would fund schools and roads.</p>" for i in range(8))
           + "</article></body></html>")


def _ingest(paths: list[Path], **kwargs: int) -> tuple[list[RawItem], list[Skip]]:
    """iter_inputs in a thread, so that a read that blocks fails the test instead of
    hanging it."""
    got: list[RawItem | Skip] = []
    worker = threading.Thread(target=lambda: got.extend(iter_inputs(paths, **kwargs)),
                              daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "ingest blocked"
    skips = [i for i in got if isinstance(i, Skip)]
    assert all(s.reason in SKIP_REASONS for s in skips)
    return [i for i in got if isinstance(i, RawItem)], skips


def test_a_fifo_in_a_folder_is_skipped_without_being_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.html").write_text(ARTICLE)
    os.mkfifo(tmp_path / "feed.html")  # no writer: opening it to read would block
    sock = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(tmp_path)  # a socket's path must be short
    sock.bind("s.sock")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink(tmp_path / "missing", tmp_path / "dangling.txt")
    try:
        pages, skips = _ingest([tmp_path])
    finally:
        sock.close()
    assert [p.id for p in pages] == [f"{tmp_path.name}/a.html"]
    by_name = {Path(s.origin).name: (s.reason, s.detail) for s in skips}
    assert by_name == {"feed.html": ("not-a-file", "FIFO"), "s.sock": ("not-a-file", "socket"),
                       "zero.txt": ("not-a-file", "character device"),
                       "dangling.txt": ("unreadable", by_name["dangling.txt"][1])}


def test_a_fifo_named_on_the_command_line_is_read_like_stdin(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("w") as out:
            out.write(json.dumps({"id": "x", "text": "A story read from a pipe."}) + "\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    pages, skips = _ingest([fifo])
    assert [p.id for p in pages] == ["x"] and skips == []


@pytest.mark.parametrize("name", ["page.html", "page", "page.html.gz", "story.txt"])
def test_an_article_after_more_whitespace_than_the_sniffer_reads_is_kept(
        tmp_path: Path, name: str) -> None:
    body = b" \n\t\r\n" * 5000 + (ARTICLE.encode() if "txt" not in name else b"Plain story.\n")
    (tmp_path / name).write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    pages, skips = _ingest([tmp_path / name])
    assert skips == [] and len(pages) == 1
    assert (pages[0].html or pages[0].text or "").lstrip().startswith(("<html>", "Plain story"))


def test_jsonl_after_leading_blank_lines_keeps_its_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b"\n" * 10_000 + b'  {"text": "A story on line ten thousand and one."}\n')
    pages, skips = _ingest([path])
    assert [p.id for p in pages] == [f"{tmp_path.name}/docs.jsonl:10001"] and skips == []


def test_blank_lines_cost_next_to_nothing(tmp_path: Path) -> None:
    """Millions of blank lines are skipped in bulk, not one Python call each (1 GiB of
    newlines took over 400 s). Counted in calls, not seconds."""
    blank = b"\n" * (8 << 20) + b" \r\n\t" * (1 << 20)
    path = tmp_path / "blank.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(json.dumps({"id": "first", "text": "The first story."}).encode() + b"\n")
        out.write(blank)
        out.write(json.dumps({"id": "last", "text": "The last story."}).encode() + b"\n")
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        got = list(iter_inputs([path]))
    finally:
        sys.setprofile(None)
    assert [i.id for i in got if isinstance(i, RawItem)] == ["first", "last"]
    assert [i for i in got if isinstance(i, Skip)] == []
    assert calls < 20_000  # 9 million lines: one readline each made 9 million calls
