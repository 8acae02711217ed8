"""Damage inside an otherwise good article is repaired and counted, not a reason to lose it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import unspun
from unspun.ingest import iter_inputs
from unspun.records import RawItem, Skip

CORPUS = Path(unspun.__file__).parent / "demo" / "corpus" / "articles.jsonl"


def _article() -> str:
    """A real article of ~5,000 characters (AP, from the demo corpus)."""
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == "2z3VCwRWRl1cRdua":
            return row["text"]
    raise LookupError


def _damaged(junk: bytes, *, html: bool = False) -> bytes:
    text = _article()
    middle = len(text) // 2
    data = text[:middle].encode() + junk + text[middle:].encode()
    if html:
        return b"<html><body><article><p>" + data.replace(b"\n", b"</p><p>") + b"</p></article></body></html>"
    return data


JUNK = bytes(random.Random(18).randrange(0x80, 0x100) for _ in range(3000))


@pytest.mark.parametrize("name", ["story.txt", "story.html"])
@pytest.mark.parametrize(("junk", "repair"), [(b"\x00\x00 \x00", "repaired-nul"),
                                              (JUNK, "repaired-undecodable")])
def test_damage_in_a_good_article_is_repaired_and_noted(tmp_path: Path, name: str, junk: bytes,
                                                        repair: str) -> None:
    (tmp_path / name).write_bytes(_damaged(junk, html=name.endswith("html")))
    [item] = list(iter_inputs([tmp_path / name]))
    assert isinstance(item, RawItem), item
    assert item.repairs == (repair,)
    body = item.text or item.html or ""
    assert "\x00" not in body and "Atkinson" in body
    if repair == "repaired-undecodable":
        assert "\ufffd" in body  # the damage stays visible as replacement characters


def test_nul_bytes_in_a_jsonl_line_are_dropped(tmp_path: Path) -> None:
    line = json.dumps({"id": "n", "text": _article()}).encode()
    (tmp_path / "docs.jsonl").write_bytes(line[:200] + b"\x00\x00" + line[200:] + b"\n")
    [item] = list(iter_inputs([tmp_path / "docs.jsonl"]))
    assert isinstance(item, RawItem) and item.repairs == ("repaired-nul",)


def test_what_is_mostly_damage_is_not_passed_off_as_repaired(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(b"A few words. " + JUNK * 3)
    (tmp_path / "french.txt").write_bytes(("La fête a réuni des milliers de personnes à "
                                           "Montréal, malgré la météo. " * 20).encode("cp1252"))
    (tmp_path / "nuls.txt").write_bytes(b"abc\x00" * 2000)
    (tmp_path / "utf16.txt").write_bytes("A story in UTF-16 with a byte-order mark.".encode("utf-16"))
    got = {Path(i.origin).name: i for i in iter_inputs([tmp_path])}
    # Junk is no article with damage in it (what charset detection makes of it is another
    # matter); a text in another encoding is decoded in it, nothing replaced.
    assert getattr(got["junk.txt"], "repairs", ()) == ()
    french = got["french.txt"]
    assert isinstance(french, RawItem) and french.repairs == () and french.encoding == "cp1252"
    assert isinstance(got["nuls.txt"], Skip) and got["nuls.txt"].reason == "binary"
    utf16 = got["utf16.txt"]
    assert isinstance(utf16, RawItem) and utf16.repairs == () and "UTF-16" in (utf16.text or "")


def test_a_scan_keeps_repaired_articles_and_counts_them(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nul.txt").write_bytes(_damaged(b"\x00\x00"))
    (folder / "junk.html").write_bytes(_damaged(JUNK, html=True))
    summary = unspun.scan([folder], db=str(tmp_path / "r.duckdb"), engine="inline")
    assert summary.documents_added == 2 and summary.skipped == {}
    assert summary.repaired == {"repaired-nul": 1, "repaired-undecodable": 1}


def test_a_legacy_encoded_article_with_a_few_accents_is_decoded_not_repaired(
        tmp_path: Path) -> None:
    """A few accented letters in cp1252 look like small blobs of damage to UTF-8: they
    are a language in cp1252, and decoded so."""
    text = _article().translate(str.maketrans("\u201c\u201d\u2019\u2014", "\"\"'-"))
    middle = len(text) // 2
    (tmp_path / "cafe.txt").write_bytes(
        (text[:middle] + " at the café, a naïve résumé " + text[middle:]).encode("cp1252"))
    [item] = list(iter_inputs([tmp_path / "cafe.txt"]))
    assert isinstance(item, RawItem) and item.repairs == () and item.encoding == "cp1252"
    assert "at the café, a naïve résumé" in (item.text or "")
