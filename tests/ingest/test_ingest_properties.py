"""Random bytes and random markup never make ingest or extract raise."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.extraction import extract_item
from unspun.ingest import iter_inputs
from unspun.records import Document, RawItem, Skip

NAMES = st.sampled_from(
    ["a.html", "a.txt", "a.jsonl", "a.warc", "a.warc.gz", "a.html.gz", "a.jsonl.gz", "a.bin"]
)
PREFIXES = st.sampled_from(
    [b"", b"\x1f\x8b", b"WARC/1.0\r\n", b'{"id": 1, "html": "', b"<html><body><p>", b"\xef\xbb\xbf"]
)
TAGS = st.sampled_from(
    ["p", "div", "article", "h1", "script", "style", "table", "td", "meta", "title"]
)


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(TAGS)
        body = draw(st.text(max_size=80))
        parts.append(f"<{tag}>{body}</{tag}>" if draw(st.booleans()) else f"<{tag}>{body}")
    return "<html><body>" + "".join(parts)


def check(item: RawItem | Skip) -> None:
    assert isinstance(item, (RawItem, Skip))
    if isinstance(item, RawItem):
        assert isinstance(extract_item(item), (Document, Skip))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES, prefix=PREFIXES, data=st.binary(max_size=2000))
def test_random_files_never_raise(tmp_path: Path, name: str, prefix: bytes, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(prefix + data)
    for item in iter_inputs([path]):
        check(item)


@settings(max_examples=40, deadline=None)
@given(prefix=PREFIXES, data=st.binary(max_size=2000))
def test_random_stdin_never_raises(prefix: bytes, data: bytes) -> None:
    for item in iter_inputs(["-"], stdin=io.BytesIO(prefix + data)):
        check(item)


@settings(max_examples=60, deadline=None)
@given(
    html=markup(), url=st.one_of(st.none(), st.text(max_size=30), st.just("https://a.b.co.uk/x"))
)
def test_random_markup_never_raises(html: str, url: str | None) -> None:
    result = extract_item(RawItem(id="r", origin="r", html=html, url=url))
    assert isinstance(result, (Document, Skip))
    if isinstance(result, Document):
        assert result.text and "\n\n" not in result.text


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=500))
def test_random_text_never_raises(text: str) -> None:
    result = extract_item(RawItem(id="t", origin="t", text=text))
    assert isinstance(result, (Document, Skip))
