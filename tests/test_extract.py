"""Article extraction: text, metadata, site, language, and never raising on an item."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from unspun.errors import InputError
from unspun.extraction import extract_html, extract_item, site_of
from unspun.ingest import iter_inputs
from unspun.ingest.dates import normalise_date
from unspun.records import Document, RawItem, Skip

DATA = Path(__file__).resolve().parent / "data" / "ingest"
URL = "https://www.aljazeera.com/news/2019/11/service-members-killed-afghanistan-helicopter-crash-191120070028895.html"


@pytest.fixture(scope="module")
def aljazeera() -> Document:
    return extract_html((DATA / "aljazeera.html").read_text(), URL, id="aj")


def test_real_article_text_and_metadata(aljazeera: Document) -> None:
    doc = aljazeera
    assert doc.id == "aj"
    assert doc.title == "US service members killed in Afghanistan helicopter crash"
    assert doc.site == "aljazeera.com"
    assert doc.url == URL
    assert doc.published == "2019-11-20"
    assert doc.language == "en"
    assert doc.text.startswith("Two United States service members have been killed")
    assert doc.raw_text == doc.text


def test_one_paragraph_per_line(aljazeera: Document) -> None:
    lines = aljazeera.text.split("\n")
    assert len(lines) >= 5
    assert all(line and line == line.strip() for line in lines)
    assert any(line.startswith('"The cause of the crash is under investigation') for line in lines)


def test_bytes_input_is_decoded() -> None:
    html = gzip.decompress((DATA / "sciencealert.html.gz").read_bytes())
    doc = extract_html(html, "https://www.sciencealert.com/titan-map")
    assert doc.site == "sciencealert.com"
    assert doc.published == "2019-11-19"
    assert "Titan" in doc.text


def test_non_english_page_is_kept_with_its_language() -> None:
    doc = extract_html(gzip.decompress((DATA / "remember8090-it.htm.gz").read_bytes()))
    assert doc.language == "it"
    assert doc.site == "remember8090.it"  # from the page's canonical URL
    assert "Netflix" in doc.text


def test_language_identifier_ranks_as_py3langid(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The model unpacked into the cache (first load) and read back (second) gives
    # py3langid's own ranking.
    import py3langid

    from unspun.extraction import _language_identifier

    monkeypatch.setenv("UNSPUN_CACHE", str(tmp_path))
    texts = ["Dies ist ein kurzer deutscher Satz über die Politik der Regierung.",
             "Это короткий русский текст о новостях дня.", "这是一条关于经济的中文新闻。",
             "Esto es una noticia breve en español sobre el tiempo.", "12345 !!", "",
             "ONLY CAPITALS IN THIS ENGLISH LINE", "lone \ud800 surrogate"]
    for _ in range(2):
        _language_identifier.cache_clear()
        identifier = _language_identifier()
        assert [identifier.rank(t) for t in texts] == [py3langid.rank(t) for t in texts]
    assert list(tmp_path.glob("py3langid-*/ptc.npy"))
    _language_identifier.cache_clear()


def test_latin1_page_extracts_accents() -> None:
    doc = extract_html((DATA / "latin1.html").read_bytes(), "http://www.lapresse.ca/a")
    assert doc.language == "fr"
    assert "Montréal" in doc.text
    assert doc.site == "lapresse.ca"


def test_no_article_raises_input_error() -> None:
    with pytest.raises(InputError) as caught:
        extract_html((DATA / "no-article.html").read_text(), id="x")
    assert caught.value.reason == "no-article"


def test_container_date_is_a_fallback() -> None:
    doc = extract_html(
        (DATA / "latin1.html").read_bytes(), published="Fri, 01 Mar 2024 10:00:00 GMT"
    )
    assert doc.published == "2024-03-01T10:00:00Z"  # its time of day kept, in UTC


def test_extract_item_on_every_test_input() -> None:
    results = [extract_item(i) if isinstance(i, RawItem) else i for i in iter_inputs([DATA])]
    docs = [r for r in results if isinstance(r, Document)]
    reasons = {r.reason for r in results if isinstance(r, Skip)}
    assert "no-article" in reasons
    assert len(docs) >= 10
    assert all(d.origin for d in docs)
    plain = next(d for d in docs if d.id == "a1")
    assert (plain.title, plain.site, plain.published) == (None, "example.com", "2024-03-01")
    assert plain.text == "First story.\nIt has two paragraphs."


def test_plain_text_hard_wrapped_paragraphs_are_unwrapped() -> None:
    text = (
        "The council met on Tuesday to discuss the new budget for the coming year and\n"
        "agreed to raise spending on schools and roads by a modest amount overall.\n"
        "\n"
        "- first item\n- second item\n"
    )
    doc = extract_item(RawItem(id="t", origin="t", text=text))
    assert isinstance(doc, Document)
    assert doc.text.split("\n") == [
        "The council met on Tuesday to discuss the new budget for the coming year and "
        "agreed to raise spending on schools and roads by a modest amount overall.",
        "- first item",
        "- second item",
    ]


def test_extract_item_skips_instead_of_raising() -> None:
    assert extract_item(RawItem(id="e", origin="e")).reason == "no-content"  # type: ignore[union-attr]
    big = RawItem(id="b", origin="b", html="<p>" + "x" * 2000 + "</p>")
    skip = extract_item(big, max_bytes=1000)
    assert isinstance(skip, Skip) and skip.reason == "too-large"
    odd = RawItem(id="o", origin="o", html='<?xml version="1.0" encoding="utf-8"?><a>\x00</a>')
    assert isinstance(extract_item(odd), Skip)


def test_site_of_uses_the_bundled_suffix_list() -> None:
    assert site_of("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert site_of("http://localhost:8000/a") == "localhost"
    assert site_of(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-20T07:00:28Z", "2019-11-20"),
        ("2019/1/2", "2019-01-02"),
        ("20191120", "2019-11-20"),
        ("Wed, 20 Nov 2019 10:00:00 GMT", "2019-11-20"),
        ("2019-13-45", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalise_date(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_lower_casing_keeps_the_number_of_letters() -> None:
    # language_of counts letters from the lower-cased sample's letter runs.
    letter = re.compile(r"[^\W\d_]")
    for code in range(0x2FFFF):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert bool(letter.match(char)) == len(letter.findall(char.lower())), hex(code)
