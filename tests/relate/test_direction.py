"""Which side is the source, from the traces a copy leaves: each trace on its own."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import pytest
from helpers import shared

import unspun
from unspun import compare
from unspun.clean import clean_document
from unspun.records import Document
from unspun.relate.pages import credit_in
from unspun.store import Store

ARTICLE = "Lhnmy5iQq0JiDAyC"  # ABC News on the Trump and Cruz rally against the Iran deal
OTHERS = ("tSkPdCrKxJvfodKr", "PVlrFV1siEpa7bnO")  # Townhall, Politico: also name Blumenthal


@cache
def _news() -> dict[str, dict]:
    with gzip.open(shared("news-bias", "articles.jsonl.gz"), "rt", encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh) if r["id"] in (ARTICLE, *OTHERS)}


def _text() -> str:
    return _news()[ARTICLE]["text"]


def _cleaned(doc_id: str, text: str, **fields: str) -> Document:
    return clean_document(Document(id=doc_id, text=text, raw_text=text, **fields))


def test_the_earlier_page_is_the_source() -> None:
    relation = compare(_cleaned("late", _text(), published="2015-09-10"),
                       _cleaned("early", _text(), published="2015-09-09"))
    assert relation.source_id() == "early" and relation.direction_by == ["dates"]


def test_the_same_day_the_earlier_time_decides() -> None:
    relation = compare(_cleaned("early", _text(), published="2015-09-09T10:00:00Z"),
                       _cleaned("late", _text(), published="2015-09-09T16:30:00Z"))
    assert relation.source_id() == "early" and relation.direction_by == ["times"]


def test_times_across_midnight_are_read_as_times_and_bare_dates_a_day_apart_weigh_less() -> None:
    relation = compare(_cleaned("early", _text(), published="2015-09-09T22:50:00Z"),
                       _cleaned("late", _text(), published="2015-09-10T01:20:00Z"))
    assert relation.source_id() == "early" and relation.direction_by == ["times"]
    # A day apart by dates alone (one evening in two time zones, maybe): the wire's own
    # page keeping its credit, which the reprint dropped, outweighs it; two days do not.
    for late, source in (("2015-09-10", "wire"), ("2015-09-11", None)):
        relation = compare(_cleaned("wire", "WASHINGTON (AP) \u2014 " + _text(),
                                    site="apnews.com", published=late),
                           _cleaned("reprint", _text(), site="example-news.com",
                                    published="2015-09-09"))
        assert relation.source_id() == source


def test_a_headline_above_the_text_is_no_scraping_but_a_title_repeated_is() -> None:
    title = _news()[ARTICLE]["title"].strip()
    headed = _cleaned("headed", f"{title}\n{_text()}", title=title)
    plain = _cleaned("plain", _text(), title=title)
    assert compare(headed, plain).source is None
    scraped = _cleaned("scraped", f"{title}\n{title}\n{_text()}\n{title}", title=title)
    relation = compare(scraped, plain)
    assert relation.source_id() == "plain" and relation.direction_by == ["scraping"]


def test_the_wire_services_own_page_is_the_source() -> None:
    relation = compare(_cleaned("reprint", _text(), site="example-news.com"),
                       _cleaned("wire", _text(), site="apnews.com"))
    assert relation.source_id() == "wire" and relation.direction_by == ["wire"]


def test_a_misspelt_name_marks_the_copy_when_the_index_spells_it_otherwise(tmp_path: Path) -> None:
    # A machine-translated copy garbles "Blumenthal"; two other outlets in the index
    # spell it as the original does. No dates, no sites: the spelling decides.
    rows = [{"id": "original", "text": _text()},
            {"id": "garbled", "text": _text().replace("Blumenthal", "Blumentall")}]
    rows += [{"id": other, "text": _news()[other]["text"]} for other in OTHERS]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    unspun.scan([corpus], db=str(tmp_path / "index.duckdb"), engine="inline")
    with Store(tmp_path / "index.duckdb", read_only=True) as store:
        relation = store.relation("original", "garbled")
    assert relation is not None and relation["source"] == "original"
    assert relation["direction_by"] == ["names"]


def test_a_wire_credit_of_the_digest_item_before_is_not_the_copied_items() -> None:
    wire_item = ("Trump says he cannot talk to Mueller unless it is fair\n\nWASHINGTON (Reuters) - "
                 "Hours after the president spoke, his lawyer issued a statement on Friday "
                 "about the payments made before the election.")
    paragraphs = [p for p in _text().split("\n") if len(p.split()) > 12][:4]
    digest = _cleaned("digest", wire_item + "\n\n" + "\n\n".join(paragraphs))
    relation = compare(digest, _cleaned("article", _text()))
    assert relation.is_copy
    assert "wire" not in relation.direction_by
    assert not any("wire credit" in r for r in relation.reasons)


@pytest.mark.parametrize(("text", "credit"), [
    ("WASHINGTON (AP) — The president said", "(AP) —"),
    ("By GEOFF MULVIHILL Associated Press\nThe", "By GEOFF MULVIHILL Associated Press"),
    ("Jill Colvin, Associated Press\nGLASGOW", "Jill Colvin, Associated Press"),
    # detroitnews.com runs the page's stamp into the byline.
    ("Jill Colvin, Associated Press Published 9:21 a.m. ET July 15, 2018\nGLASGOW",
     "Jill Colvin, Associated Press Published 9:21 a.m. ET July 15, 2018"),
    ("HOUSTON (CNN) - The storm made landfall", "(CNN) -"),  # CNN Wire, on a station's site
    ("He told the Associated Press\nthat", None),  # a source quoted, not a credit
    ("Trump said in an interview with Reuters", None),
])
def test_wire_credits_and_bylines(text: str, credit: str | None) -> None:
    # Bylines as the syndication set's AP republishers print them.
    assert credit_in(text) == credit


def test_a_page_listing_the_articles_headline_over_a_passage_is_its_copy() -> None:
    # A page of headlines, each over one paragraph of its article: the ABC News story's
    # headline and a paragraph of it, between two other stories' (Townhall, Politico).
    news = _news()
    article = news[ARTICLE]
    items = [news[OTHERS[0]], article, news[OTHERS[1]]]
    # Each item: the headline, then the longest of the first paragraphs without quotations.
    page = "\n".join(line for item in items for line in (item["title"], max(
        (p for p in item["text"].split("\n")[:8] if not {'"', "\u201c"} & set(p)), key=len)))
    relation = compare(_cleaned("article", article["text"], title=article["title"]),
                       _cleaned("page", page, title="Today's headlines"))
    assert relation.is_copy and relation.partial
    assert relation.source_id() == "article" and "digest" in relation.direction_by
    # Without the headline over it, the passage is a copy still, of unknown direction.
    page_alone = page.replace(article["title"] + "\n", "")
    relation = compare(_cleaned("article", article["text"], title=article["title"]),
                       _cleaned("page", page_alone, title="Today's headlines"))
    assert "digest" not in relation.direction_by
