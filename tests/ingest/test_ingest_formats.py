"""Each reader on real files: ids, origins, urls, dates, encodings."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from unspun.ingest import iter_inputs
from unspun.records import RawItem, Skip

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def items(*paths: object, **kwargs: object) -> list[RawItem | Skip]:
    return list(iter_inputs([*paths], **kwargs))  # type: ignore[arg-type]


def test_html_file_given_directly_is_named_by_its_folder_and_file_name() -> None:
    [item] = items(DATA / "aljazeera.html")
    assert isinstance(item, RawItem)
    assert item.id == "ingest/aljazeera.html"  # as when its folder is scanned
    assert item.origin == str(DATA / "aljazeera.html")
    assert item.encoding == "utf-8"
    assert item.html and "helicopter" in item.html


def test_gzipped_html_and_htm(tmp_path: Path) -> None:
    shutil.copy(DATA / "sciencealert.html.gz", tmp_path)
    shutil.copy(DATA / "remember8090-it.htm.gz", tmp_path)
    got = items(tmp_path)
    assert [i.id for i in got] == [f"{tmp_path.name}/remember8090-it.htm.gz",
                                   f"{tmp_path.name}/sciencealert.html.gz"]
    assert all(isinstance(i, RawItem) and i.html for i in got)


def test_folder_is_walked_recursively_in_sorted_order_with_relative_ids(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    shutil.copy(DATA / "story.txt", tmp_path / "b" / "c" / "z.txt")
    shutil.copy(DATA / "story.txt", tmp_path / "a.txt")
    shutil.copy(DATA / "story.txt", tmp_path / "b" / "y.txt")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(DATA / "story.txt", tmp_path / ".hidden" / "x.txt")
    got = items(tmp_path)
    # os.walk order, each level sorted: a folder's files before its subfolders.
    assert [i.id for i in got] == [f"{tmp_path.name}/{x}" for x in ("a.txt", "b/y.txt", "b/c/z.txt")]
    assert all(isinstance(i, RawItem) and i.text for i in got)


def test_text_file() -> None:
    [item] = items(DATA / "story.txt")
    assert isinstance(item, RawItem)
    assert item.html is None
    assert item.text is not None and item.text.startswith("Plain text story.")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_pages_keep_uri_and_date_and_skip_other_records(name: str) -> None:
    got = items(DATA / name)
    pages = [i for i in got if isinstance(i, RawItem)]
    assert [p.id for p in pages] == [f"ingest/{name}#2", f"ingest/{name}#4"]
    assert pages[0].url is not None and pages[0].url.startswith("https://www.aljazeera.com/")
    assert pages[1].url is not None and "sciencealert.com" in pages[1].url
    assert all(p.published and len(p.published) == 10 for p in pages)
    assert all(p.encoding == "utf-8" for p in pages)
    skips = [i for i in got if isinstance(i, Skip)]
    assert [(s.origin.rsplit("#", 1)[1], s.reason) for s in skips] == [
        ("1", "not-html"),
        ("3", "not-html"),
        ("5", "not-html"),
    ]
    assert "image/png" in skips[-1].detail and "request" in skips[0].detail


def test_jsonl_fields_ids_and_dates() -> None:
    got = items(DATA / "docs.jsonl")
    pages = [i for i in got if isinstance(i, RawItem)]
    first, last = pages
    assert (first.id, first.url, first.published) == (
        "a1",
        "https://www.example.com/a1",
        "2024-03-01",
    )
    assert first.text and first.html is None
    # No id: "<relpath>:<line>"; an RFC 2822 "date" with a time becomes an ISO
    # timestamp in UTC (a date alone stays a date, as for the first line).
    assert (last.id, last.published) == ("ingest/docs.jsonl:7", "2024-03-01T10:00:00Z")
    assert last.html and "Montréal" in last.html
    assert last.origin.endswith("docs.jsonl:7")


def test_jsonl_gz_reads_like_jsonl() -> None:
    plain = [(type(i).__name__, getattr(i, "reason", None)) for i in items(DATA / "docs.jsonl")]
    packed = [(type(i).__name__, getattr(i, "reason", None)) for i in items(DATA / "docs.jsonl.gz")]
    assert plain == packed


def test_stdin_html_text_and_jsonl() -> None:
    html = (DATA / "aljazeera.html").read_bytes()
    [item] = items("-", stdin=io.BytesIO(html))
    assert isinstance(item, RawItem) and item.html and item.id == "<stdin>"
    [item] = items("-", stdin=io.BytesIO(b"Just a line of plain text.\n"))
    assert isinstance(item, RawItem) and item.text == "Just a line of plain text.\n"
    got = items("-", stdin=io.BytesIO((DATA / "docs.jsonl").read_bytes()))
    assert [i.id for i in got if isinstance(i, RawItem)] == ["a1", "<stdin>:7"]


def test_stdin_warc_gz_is_sniffed() -> None:
    got = items("-", stdin=io.BytesIO((DATA / "crawl.warc.gz").read_bytes()))
    assert [i.id for i in got if isinstance(i, RawItem)] == ["<stdin>#2", "<stdin>#4"]


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    shutil.copy(DATA / "aljazeera.html", tmp_path / "page.php")
    (tmp_path / "notes").write_text("Some notes in plain text.\n")
    shutil.copy(DATA / "docs.jsonl", tmp_path / "dump.data")
    got = items(tmp_path)
    page = next(i for i in got if i.origin.endswith("page.php"))
    notes = next(i for i in got if i.origin.endswith("notes"))
    assert isinstance(page, RawItem) and page.html
    assert isinstance(notes, RawItem) and notes.text
    assert any(isinstance(i, RawItem) and i.id == "a1" for i in got)


def test_missing_path_is_a_skip(tmp_path: Path) -> None:
    [skip] = items(tmp_path / "nope.html")
    assert isinstance(skip, Skip) and skip.reason == "not-found"


def test_a_single_path_string_is_accepted() -> None:
    assert len(list(iter_inputs(str(DATA / "story.txt")))) == 1


def test_bad_max_bytes_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        list(iter_inputs([DATA], max_bytes=0))
