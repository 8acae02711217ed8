"""Whole farm sites for the content-farm signals check: generated sites that republish
real articles a day later, each the way one farm does it, and honest republishers of the
wire service's articles.

``farm_sites(rows, seed)`` draws dated articles from ``rows`` (a corpus's JSONL rows, as
``corpora`` gives them) and returns the pages to scan with them and what each is:

- ``dailytrendingnews24.com`` scrapes: a spam line, the title three times, the body glued
  and then repeated, another spam line, ``Source link``, hashtags (``farm._Maker.scrape``);
- ``worldnewsera.com`` spins every sentence (``_Maker.spun``) and leaves the prompt it gave
  the rewriter on half of its pages; it also spins articles of the wire service with the
  wire's credit taken out;
- ``thenewsdrop.info`` scrapes the start of the body, cut off (``_Maker.truncated``);
- ``breakingpost.online`` runs articles through a simulated machine translation round trip
  (``_Maker.translated``) and leaves the chatbot's reply on a third of its pages;
- two local papers republish the wire service's articles (``apnews.com``, ``reuters.com``)
  verbatim, the same day, credit and all.

Farm pages are dated a day after their article and credit nobody (wire credits in the
article are taken out). Everything depends only on the rows and the seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ..relate.pages import credit_in
from ..sites import site_of
from .farm import Article, GeneratedDoc, _Maker, body_paragraphs

#: Farm site → how it copies (a ``_Maker`` method).
FARMS: dict[str, str] = {
    "dailytrendingnews24.com": "scrape",
    "worldnewsera.com": "spun",
    "thenewsdrop.info": "truncated",
    "breakingpost.online": "translated",
}
REPUBLISHERS = ("lakecountyherald.com", "rivertontribune.com")
#: The wire services whose articles the republishers carry: the generator's own list,
#: not ``direction.WIRE_SITES`` (which also names outlets whose stories run on others'
#: sites, as CNN's do), so the generated sites do not change with that rule.
WIRE_SERVICES = frozenset({"apnews.com", "reuters.com", "afp.com", "upi.com"})
#: Prompts a rewriting farm leaves at the head of its text ("Rewrite this article in a
#: unique way:"; "Summarize this content to 2000 words in 6 paragraphs" is the phrase
#: PRODUCT.md cites).
PROMPTS = ("Rewrite this article in a unique way:", "Rewrite the following news article:",
           "Summarize this content to 2000 words in 6 paragraphs:", "Paraphrase this text:")
#: Chatbot replies a farm publishes as a line of its page (after those quoted in
#: tests/data/ai_leftovers.jsonl).
REPLIES = ("As an AI language model, I cannot rewrite this title.",
           "I'm sorry, I cannot complete this prompt as it violates the content policy.",
           "As an AI model I cannot rewrite this title.")
MIN_CHARS, MAX_CHARS, MIN_PARAGRAPHS = 1200, 15000, 4


@dataclass(frozen=True, slots=True)
class Page:
    """A generated page as a JSONL row, with the article it copies and how."""

    row: dict[str, Any]
    site: str
    article: str
    how: str  # a FARMS style, or "republished"

    @property
    def id(self) -> str:
        return str(self.row["id"])


def farm_sites(rows: Sequence[dict[str, Any]], seed: int, *, per_farm: int = 25,
               per_republisher: int = 10, wire_spun: int = 4,
               synonyms: Any = None) -> list[Page]:
    """``per_farm`` pages on each farm site, from distinct dated articles of ``rows``;
    ``per_republisher`` credited copies of wire articles on each republisher, and
    ``wire_spun`` uncredited spun copies of those on ``worldnewsera.com``."""
    if synonyms is None:
        from .synonyms import SynonymTable

        synonyms = SynonymTable()
    maker = _Maker(seed, synonyms)
    rng = random.Random(seed)
    fit = [r for r in rows if _fit(r)]
    wire = [r for r in fit if _site(r) in WIRE_SERVICES and credit_in(r["text"])]
    others = [r for r in fit if _site(r) not in WIRE_SERVICES]
    chosen = rng.sample(others, min(len(others), per_farm * len(FARMS)))
    pages: list[Page] = []
    for i, (site, how) in enumerate(FARMS.items()):
        for row in chosen[i * per_farm:(i + 1) * per_farm]:
            doc = _copy(maker, rng, how, _as_own(row))
            pages.append(_page(doc, site, row, how, days=1))
    syndicated = rng.sample(wire, min(len(wire), per_republisher))
    for site in REPUBLISHERS:
        for row in syndicated:
            doc = maker.doc("republished", row["title"], row["text"], copies=(row["id"],))
            pages.append(_page(doc, site, row, "republished", days=0))
    for row in syndicated[:wire_spun]:
        pages.append(_page(maker.spun(_as_own(row)), "worldnewsera.com", row, "spun", days=1))
    return pages


def _copy(maker: _Maker, rng: random.Random, how: str, article: Article) -> GeneratedDoc:
    doc = {"scrape": maker.scrape, "spun": maker.spun, "truncated": maker.truncated,
           "translated": maker.translated}[how](article)
    if how == "spun" and rng.random() < 0.5:
        first, _, rest = doc.text.partition("\n\n")
        doc = replace(doc, text=f"{rng.choice(PROMPTS)} {first}\n\n{rest}")
    elif how == "translated" and rng.random() < 1 / 3:
        doc = replace(doc, text=f"{rng.choice(REPLIES)}\n\n{doc.text}")
    return doc


def _page(doc: GeneratedDoc, site: str, row: dict[str, Any], how: str, days: int) -> Page:
    published = (date.fromisoformat(row["published"][:10]) + timedelta(days=days)).isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", doc.title.lower()).strip("-")[:60]
    return Page({"id": doc.id, "url": f"https://www.{site}/news/{slug}-{doc.id[:6]}",
                 "site": site, "title": doc.title, "text": doc.text, "published": published},
                site, row["id"], how)


def _article(row: dict[str, Any]) -> Article:
    return Article(row["id"], row["title"], row["text"], row.get("url"), row.get("site"))


def _site(row: dict[str, Any]) -> str | None:
    return site_of(row.get("url")) or row.get("site")


def _fit(row: dict[str, Any]) -> bool:
    published = row.get("published") or ""
    return (bool(row.get("title")) and re.match(r"\d{4}-\d{2}-\d{2}", published) is not None
            and MIN_CHARS <= len(row["text"]) <= MAX_CHARS
            and len(body_paragraphs(_article(row))) >= MIN_PARAGRAPHS)


def _as_own(row: dict[str, Any]) -> Article:
    """The article without any wire credit: a farm takes it as its own."""
    article = _article(row)
    return replace(article, text=_uncredited(article.text))


def _uncredited(text: str) -> str:
    """The text without any wire credit."""
    while (credit := credit_in(text)) is not None:
        text = text.replace(credit, "\u2014" if credit.rstrip()[-1:] in "-\u2013\u2014" else "")
    return text
