"""WARC records one by one: a bad record is skipped, the next one kept; bodies decoded
within the size limit, however far they inflate."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from pathlib import Path

import brotli
import pytest
from typer.testing import CliRunner

from unspun.api import load_document
from unspun.cli import app
from unspun.ingest import SKIP_REASONS, iter_inputs
from unspun.records import RawItem, Skip

PARAGRAPH = "The mayor of Springfield said on Monday that the budget would fund {} schools."
ARTICLE = ("<html><head><title>Budget</title></head><body><article><h1>Budget vote</h1>"
           + "".join(f"<p>{PARAGRAPH.format(i)}</p>" for i in range(12))
           + "</article></body></html>").encode()
MiB = 1 << 20


def record(body: bytes, *, url: str = "https://example.com/a", kind: str = "response",
           headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html"),)) -> bytes:
    """One WARC record; a response gets an HTTP header with ``headers``."""
    if kind == "response":
        block = (b"HTTP/1.1 200 OK\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in headers)
                 + b"\r\n" + body)
        content_type = b"application/http; msgtype=response"
    else:
        block, content_type = body, b"application/warc-fields"
    return (b"WARC/1.0\r\nWARC-Type: " + kind.encode() + b"\r\nWARC-Target-URI: " + url.encode()
            + b"\r\nWARC-Date: 2024-01-02T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            + b"Content-Type: " + content_type + b"\r\nContent-Length: "
            + str(len(block)).encode() + b"\r\n\r\n" + block + b"\r\n\r\n")


def read(path: Path, **kwargs: int) -> list[RawItem | Skip]:
    got = list(iter_inputs([path], **kwargs))
    assert all(i.reason in SKIP_REASONS for i in got if isinstance(i, Skip))
    return got


def brief(got: list[RawItem | Skip]) -> list[tuple[str, str]]:
    return [(i.origin.rsplit("#", 1)[-1], i.reason if isinstance(i, Skip) else "page")
            for i in got]


def test_a_truncated_record_is_skipped_and_the_next_one_kept(tmp_path: Path) -> None:
    bad = record(ARTICLE, url="https://example.com/bad")
    good = record(ARTICLE.replace(b"Springfield", b"Shelbyville"), url="https://example.com/good")
    for cut in (100, 700, len(ARTICLE) - 10):
        path = tmp_path / f"cut{cut}.warc"
        path.write_bytes(bad[:-cut] + good)
        got = read(path)
        assert brief(got) == [("1", "corrupt-warc"), ("2", "page")], cut
        page = got[1]
        assert isinstance(page, RawItem) and page.url == "https://example.com/good"
        assert page.html is not None and "Shelbyville" in page.html
        assert "WARC/1.0" not in page.html and "HTTP/1.1" not in page.html


def test_a_truncated_record_in_a_warc_gz(tmp_path: Path) -> None:
    """Each record its own gzip member, as crawlers write them."""
    bad = record(ARTICLE)[:-500]
    good = record(ARTICLE, url="https://example.com/good")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(bad) + gzip.compress(good) + gzip.compress(good[:-300]))
    assert brief(read(path)) == [("1", "corrupt-warc"), ("2", "page"), ("3", "corrupt-warc")]


def test_bytes_that_are_no_record_are_skipped_to_the_next_record(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(record(ARTICLE) + b"garbage that is no record\r\n" * 100
                     + record(ARTICLE, url="https://example.com/2"))
    assert brief(read(path)) == [("1", "page"), ("2", "corrupt-warc"), ("3", "page")]


def test_a_record_over_the_limit_is_not_held(tmp_path: Path) -> None:
    big = b"<html><body>" + b"<p>filler text</p>" * (MiB // 10) + b"</body></html>"
    path = tmp_path / "big.warc"
    path.write_bytes(record(big) + record(b"\x89PNG" + bytes(2 * MiB),
                                          headers=(("Content-Type", "image/png"),))
                     + record(ARTICLE, url="https://example.com/after"))
    got = read(path, max_bytes=MiB)
    assert brief(got) == [("1", "too-large"), ("2", "not-html"), ("3", "page")]


def _bomb(coding: str, size: int) -> bytes:
    """A page that decodes to ``size`` bytes, in few: mostly spaces."""
    start, filler = ARTICLE[:-len(b"</body></html>")], b" " * MiB
    if coding == "br":
        return brotli.compress(start + filler * (size // MiB), quality=1)
    wbits = {"gzip": 31, "deflate": 15, "raw": -15}[coding]
    packer = zlib.compressobj(1, zlib.DEFLATED, wbits)
    return (packer.compress(start) + b"".join(packer.compress(filler) for _ in range(size // MiB))
            + packer.flush())


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw", "br"])
def test_a_compression_bomb_stops_at_the_limit(tmp_path: Path, coding: str) -> None:
    """64 MiB decoded from a record of ~100 KB, with a 2 MiB limit: decoding stops at the
    limit, and no more than a few times the limit is ever held."""
    name = "deflate" if coding == "raw" else coding
    bomb = record(_bomb(coding, 64 * MiB), headers=(("Content-Type", "text/html"),
                                                    ("Content-Encoding", name)))
    path = tmp_path / "bomb.warc"
    path.write_bytes(bomb + record(ARTICLE, url="https://example.com/after"))
    assert len(bomb) < MiB
    tracemalloc.start()
    try:
        got = read(path, max_bytes=2 * MiB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert brief(got) == [("1", "too-large"), ("2", "page")]
    assert peak < 12 * MiB


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "deflate", "raw", "br", "identity",
                                    "gzip, br"])
def test_encoded_pages_within_the_limit_are_decoded(tmp_path: Path, coding: str) -> None:
    body = ARTICLE
    for name in [c.strip() for c in coding.split(",")]:
        body = {"gzip": gzip.compress, "x-gzip": gzip.compress, "deflate": zlib.compress,
                "raw": lambda b: zlib.compress(b, wbits=-15), "br": brotli.compress,
                "identity": lambda b: b}[name](body)
    path = tmp_path / "page.warc"
    path.write_bytes(record(body, headers=(("Content-Type", "text/html"),
                                           ("Content-Encoding", coding.replace("raw", "deflate")))))
    [page] = read(path)
    assert isinstance(page, RawItem) and page.html is not None and "Springfield" in page.html


def test_a_gzip_body_of_several_members_and_a_chunked_one(tmp_path: Path) -> None:
    half = len(ARTICLE) // 2
    members = gzip.compress(ARTICLE[:half]) + gzip.compress(ARTICLE[half:])
    chunked = b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n"
                       for p in (members[:300], members[300:])) + b"0\r\n\r\n"
    path = tmp_path / "page.warc"
    path.write_bytes(record(chunked, headers=(("Content-Type", "text/html"),
                                              ("Transfer-Encoding", "chunked"),
                                              ("Content-Encoding", "gzip"))))
    [page] = read(path)
    assert isinstance(page, RawItem) and page.html == ARTICLE.decode()


@pytest.mark.parametrize(("coding", "body"), [("zstd", ARTICLE), ("gzip", b"not gzip at all"),
                                              ("br", b"\xff" * 50)])
def test_a_body_that_cannot_be_decoded_is_undecodable(tmp_path: Path, coding: str,
                                                      body: bytes) -> None:
    path = tmp_path / "page.warc"
    path.write_bytes(record(body, headers=(("Content-Type", "text/html"),
                                           ("Content-Encoding", coding)))
                     + record(ARTICLE, url="https://example.com/after"))
    assert brief(read(path)) == [("1", "undecodable"), ("2", "page")]


def test_a_standard_warc_starting_with_warcinfo_can_be_compared(tmp_path: Path) -> None:
    info = record(b"software: crawler/1.0\r\nformat: WARC File Format 1.0\r\n", kind="warcinfo")
    request = record(b"GET / HTTP/1.1\r\n\r\n", kind="request")
    copy = ARTICLE.replace(b"Budget vote", b"Budget vote (copied)")
    (tmp_path / "a.warc").write_bytes(info + request + record(ARTICLE))
    (tmp_path / "b.warc").write_bytes(info + record(copy, url="https://farm.example/x"))
    assert load_document(tmp_path / "a.warc").id == f"{tmp_path.name}/a.warc#3"
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "a.warc"),
                                      str(tmp_path / "b.warc"), "--json"])
    assert result.exit_code == 0, result.output
    assert '"kind": "verbatim"' in result.stdout or '"kind": "near-duplicate"' in result.stdout
