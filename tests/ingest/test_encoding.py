"""Decoding: declared charsets, detection, mojibake repair, binary sniffing."""

from __future__ import annotations

import codecs

from unspun.ingest.encoding import (
    _MOJIBAKE_LEAD,
    decode,
    looks_binary,
    looks_html,
    repair_mojibake,
)


def test_bom_wins() -> None:
    text, encoding = decode(codecs.BOM_UTF16_LE + "héllo wörld".encode("utf-16-le"))
    assert (text, encoding) == ("héllo wörld", "utf-16")


def test_http_charset_beats_detection() -> None:
    assert decode("Grüße".encode("cp1252"), declared="ISO-8859-1") == ("Grüße", "cp1252")


def test_meta_charset_for_html_only() -> None:
    page = '<meta charset="windows-1251"><p>Новости</p>'.encode("cp1251")
    assert decode(page, html=True)[1] == "cp1251"


def test_wrong_declaration_falls_through() -> None:
    text, encoding = decode("naïve café".encode(), declared="ascii")
    assert (text, encoding) == ("naïve café", "utf-8")


def test_short_western_text_prefers_cp1252() -> None:
    assert decode("Café crème brûlée, très bon.".encode("latin-1"))[1] == "cp1252"


def test_mojibake_repair_is_local_and_cautious() -> None:
    assert repair_mojibake("Itâ€™s a cafÃ© and naïve") == "It’s a café and naïve"
    assert repair_mojibake("CAFÉ” and café") == "CAFÉ” and café"  # one 2-byte run: real text
    assert repair_mojibake("ÐŸÑ€Ð¸Ð²ÐµÑ‚") == "Привет"
    assert repair_mojibake("lone \ud800 surrogate, curly ’ quotes") == "lone \ud800 surrogate, curly ’ quotes"


def test_every_mojibake_lead_starts_with_byte_c3() -> None:
    # repair_mojibake skips text without that byte: a cheap test before the regex.
    leads = [c for c in map(chr, range(0x80, 0x800)) if _MOJIBAKE_LEAD.fullmatch(c)]
    assert leads and all(c.encode()[0] == 0xC3 for c in leads)


def test_sniffers() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n")
    assert looks_binary(b"abc\x00def")
    assert not looks_binary("plain text é".encode())
    assert looks_html(b"<!DOCTYPE html><html>")
    assert looks_html(b"  <div><p>x</p></div>")
    assert not looks_html(b"a < b and c > d")
