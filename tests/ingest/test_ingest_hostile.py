"""Hostile inputs: each becomes a Skip with its reason and the rest of the folder comes through."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from unspun.ingest import SKIP_REASONS, iter_inputs
from unspun.records import RawItem, Skip

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
GOOD = "aljazeera.html"


def run_beside_good(tmp_path: Path, name: str, **kwargs: int) -> tuple[list[Skip], list[RawItem]]:
    """Ingest ``name`` in a folder with one good page; the good page must come through."""
    shutil.copy(DATA / GOOD, tmp_path / GOOD)
    shutil.copy(DATA / name, tmp_path / name)
    got = list(iter_inputs([tmp_path], **kwargs))
    skips = [i for i in got if isinstance(i, Skip)]
    # Ids start with the folder's name (tested in test_ingest_formats): left out here.
    pages = [replace(i, id=i.id.removeprefix(f"{tmp_path.name}/"))
             for i in got if isinstance(i, RawItem)]
    assert GOOD in [p.id for p in pages]
    assert all(s.reason in SKIP_REASONS for s in skips)
    return skips, [p for p in pages if p.id != GOOD]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("binary.html", "binary"),
        ("empty.txt", "empty"),
        ("blank.html", "empty"),
        ("truncated.html.gz", "corrupt-gzip"),
        ("logo.xyz", "unsupported-format"),
    ],
)
def test_whole_file_skips(tmp_path: Path, name: str, reason: str) -> None:
    skips, others = run_beside_good(tmp_path, name)
    assert [(s.origin, s.reason) for s in skips] == [(str(tmp_path / name), reason)]
    assert others == []


def test_truncated_warc_gz_keeps_records_before_the_break(tmp_path: Path) -> None:
    skips, pages = run_beside_good(tmp_path, "truncated.warc.gz")
    assert [p.id for p in pages] == ["truncated.warc.gz#2"]
    assert skips[-1].reason == "corrupt-gzip"
    assert skips[-1].origin == str(tmp_path / "truncated.warc.gz")


def test_truncated_warc_record_is_corrupt_warc(tmp_path: Path) -> None:
    skips, pages = run_beside_good(tmp_path, "truncated.warc")
    assert [p.id for p in pages] == ["truncated.warc#2"]
    assert skips[-1].reason == "corrupt-warc"
    assert skips[-1].origin.endswith("truncated.warc#4")


def test_garbage_named_warc_is_corrupt_warc(tmp_path: Path) -> None:
    (tmp_path / "junk.warc").write_bytes(b"this is not a WARC file at all\n" * 20)
    skips, pages = run_beside_good(tmp_path, "story.txt")
    skips = [s for s in skips if "junk" in s.origin]
    assert [s.reason for s in skips] == ["corrupt-warc"]


def test_truncated_jsonl_gz_keeps_lines_before_the_break(tmp_path: Path) -> None:
    skips, pages = run_beside_good(tmp_path, "truncated.jsonl.gz")
    assert [p.id for p in pages] == ["a1"]
    assert [s.reason for s in skips] == [
        "bad-json",
        "bad-json",
        "no-content",
        "duplicate-id",
        "corrupt-gzip",
    ]


def test_jsonl_bad_lines_and_duplicate_id(tmp_path: Path) -> None:
    skips, pages = run_beside_good(tmp_path, "docs.jsonl")
    assert [p.id for p in pages] == ["a1", "docs.jsonl:7"]
    assert [(s.origin.rsplit(":", 1)[1], s.reason) for s in skips] == [
        ("2", "bad-json"),
        ("3", "bad-json"),
        ("4", "no-content"),
        ("5", "duplicate-id"),
    ]
    # The first of two equal ids is kept.
    assert pages[0].text and pages[0].text.startswith("First story")


def test_duplicate_ids_across_arguments(tmp_path: Path) -> None:
    got = list(iter_inputs([DATA / "story.txt", DATA / "story.txt"]))
    assert isinstance(got[0], RawItem)
    assert isinstance(got[1], Skip) and got[1].reason == "duplicate-id"


def test_invalid_utf8_is_decoded_with_replacement(tmp_path: Path) -> None:
    _skips, [page] = run_beside_good(tmp_path, "invalid-utf8.txt")
    assert page.encoding == "utf-8"
    assert page.text is not None and "résumés" in page.text and "\ufffd" in page.text


def test_latin1_declared_page_is_decoded_as_declared(tmp_path: Path) -> None:
    _skips, [page] = run_beside_good(tmp_path, "latin1.html")
    assert page.encoding == "cp1252"  # what browsers use for an iso-8859-1 label
    assert page.html is not None and "Fête de la musique à Montréal" in page.html


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    _skips, [page] = run_beside_good(tmp_path, "mojibake.txt")
    assert page.text is not None and page.text.startswith("It’s the mayor’s café — it’s new.")


def test_undetectable_charset_falls_back_without_crashing(tmp_path: Path) -> None:
    (tmp_path / "cp1251.txt").write_bytes("Привет, это новости дня.".encode("cp1251") * 5)
    _skips, pages = run_beside_good(tmp_path, "story.txt")
    got = next(p for p in pages if p.id == "cp1251.txt")
    assert got.encoding == "cp1251"
    assert got.text is not None and "новости" in got.text


def test_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    skips, pages = run_beside_good(tmp_path, "remember8090-it.htm.gz", max_bytes=55_000)
    assert [(s.origin, s.reason) for s in skips] == [
        (str(tmp_path / "remember8090-it.htm.gz"), "too-large")
    ]


def test_jsonl_line_over_max_bytes(tmp_path: Path) -> None:
    big = '{"id": "big", "text": "' + "word " * 20_000 + '"}\n'
    (tmp_path / "big.jsonl").write_text(big + '{"id": "small", "text": "fine"}\n')
    got = list(iter_inputs([tmp_path / "big.jsonl"], max_bytes=50_000))
    assert [i.reason if isinstance(i, Skip) else i.id for i in got] == ["too-large", "small"]


def test_fifty_megabyte_page_is_skipped_quickly(tmp_path: Path) -> None:
    page = tmp_path / "giant.html"
    with page.open("wb") as out:
        out.write(b"<html><body><article>")
        chunk = b"<p>" + b"All work and no play makes a dull page. " * 25 + b"</p>\n"
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            out.write(chunk)
    (tmp_path / "giant.html.gz").write_bytes(
        gzip.compress(b"<p>" + b"x" * (21 * 1024 * 1024), compresslevel=1)
    )
    skips, _pages = run_beside_good(tmp_path, "story.txt")
    assert {s.origin: s.reason for s in skips} == {
        str(tmp_path / "giant.html"): "too-large",
        str(tmp_path / "giant.html.gz"): "too-large",
    }


def test_whole_test_folder_never_raises_and_counts_reasons() -> None:
    got = list(iter_inputs([DATA]))
    reasons = {i.reason for i in got if isinstance(i, Skip)}
    assert {
        "binary",
        "empty",
        "corrupt-gzip",
        "corrupt-warc",
        "not-html",
        "bad-json",
        "no-content",
        "duplicate-id",
        "unsupported-format",
    } <= reasons
    assert sum(isinstance(i, RawItem) for i in got) >= 10


def test_lone_surrogate_escapes_in_jsonl_become_replacement_characters(tmp_path: Path) -> None:
    # JSON allows "\ud800" alone; UTF-8 (the index, the tokenizer) does not.
    path = tmp_path / "surrogates.jsonl"
    path.write_text('{"id": "x\\ud800", "title": "T\\uDFFF", "text": "a \\ud800 b \\ud83d\\ude00"}\n',
                    encoding="utf-8")
    [item] = list(iter_inputs([path]))
    assert isinstance(item, RawItem)
    assert (item.id, item.title, item.text) == ("x\ufffd", "T\ufffd", "a \ufffd b \U0001f600")
