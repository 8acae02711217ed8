"""The rules that make relations right on real news, each on a real example.

The pairs are read at test time from ``../shared/data`` (never copied here): the
syndication set (July 2018 wire coverage, evaluation use only) and news-bias (Apache-2.0
compilation, texts remain their publishers'). Each is a pair of the development labels
(``src/unspun/eval/devlabels/``), named by its pair id there.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import pytest
from helpers import shared

from unspun import compare
from unspun.clean import clean_document
from unspun.config import RelateConfig
from unspun.records import COPY_KINDS, Document
from unspun.sites import site_of


@cache
def _articles(corpus: str) -> dict[str, dict]:
    path = (shared("syndication", "articles.jsonl.gz") if corpus == "syndication"
            else shared("news-bias", "articles.jsonl.gz"))
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}


def _document(corpus: str, doc_id: str) -> Document:
    """An article as a scan stores it: its date, site and title, cleaned on its own."""
    from unspun.ingest.dates import normalise_published

    row = _articles(corpus)[doc_id]
    # A scan reads the site from the page's URL (news-bias's "site" keeps "www.").
    site = site_of(row.get("url")) or row["site"]
    return clean_document(Document(id=doc_id, text=row["text"], site=site,
                                   title=row["title"], published=normalise_published(row["date"]),
                                   raw_text=row["text"]))


def _related(corpus: str, a: str, b: str):
    return compare(_document(corpus, a), _document(corpus, b))


def test_articles_that_share_only_quoted_remarks_are_no_copy() -> None:
    # n035: Politico and Fox both report Obama defending the Bergdahl swap; the common
    # text is Obama's and Dempsey's quoted remarks.
    relation = _related("news-bias", "I9E5fBo2oHeQR1zP", "vs4w5kKXeS6usNC7")
    assert relation.kind not in COPY_KINDS
    assert any("quoted material" in r for r in relation.reasons)


def test_articles_that_share_only_embedded_tweets_are_no_copy() -> None:
    # d025: CNN on Strzok's texts and an Esquire commentary share Trump's embedded tweets
    # (their signature lines "— Donald J. Trump (@realDonaldTrump) July 15, 2018" kept).
    relation = _related("syndication", "hels5649", "hels6216")
    assert relation.kind not in COPY_KINDS


def test_two_articles_of_a_site_sharing_its_photo_gallery_are_no_copy() -> None:
    # n009: two CNN articles a year apart share only CNN's Clinton photo-gallery widget,
    # which cleaning cuts out of the paragraph it was glued into.
    relation = _related("news-bias", "TyuY1cMpw1UYKMRZ", "m6Ksl6daR1EVTwtb")
    assert relation.kind not in COPY_KINDS
    assert not relation.alignment.pairs


def _called(pair: str) -> tuple[str, str]:
    """The articles of a pair of the development labels of called copies (news-bias:
    ``m`` pairs of the first draw, ``c`` of the second, ``e`` of the third)."""
    name = {"m": "labels-dev-called.jsonl", "c": "labels-dev-called2.jsonl",
            "e": "labels-dev-called3.jsonl"}[pair[0]]
    path = Path(__file__).resolve().parents[2] / "src/unspun/eval/devlabels" / name
    row = next(r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
               if r["pair"] == pair)
    return row["a"], row["b"]


@pytest.mark.parametrize(("pair", "why"), [
    # m008: two CNN stories two days apart on different events share one background
    # sentence, 2% of each.
    ("m008", "recycles"),
    # m002: The Hill and Vox on the House's pay-as-you-go rule share a tenth of each: a
    # statement and a background passage.
    ("m002", "one subject"),
    # m000: The Hill and Breitbart embed Trump's tweets as scraped, each signature
    # ("— Donald J. Trump (@realDonaldTrump) January 18, 2018") ending the tweet's line.
    ("m000", "quoted material"),
    # m005: an undated Spectator column and an IJR report both carry Susan Rice's email,
    # one as a quotation, the other as the column's prose; the column's date is unknown,
    # which rules out nothing.
    ("m005", "quoted material"),
    # m036: Reuters and the undated BBC page on Tillerson's TV remarks share his quoted
    # words and one fact in other words: what two reports of one interview carry.
    ("m036", "not both dated"),
    # m035: two CNN stories of one day on other subjects (the economy's blame game, the
    # leaks inquiry) share Holder's statement, a recycled sentence and a video widget.
    ("m035", "different subjects"),
    # c035: Salon pastes the Trump campaign's statement after "Instead his campaign
    # issued a statement:", CNN quotes it.
    ("c035", "quoted material"),
    # c030: Vox sets Romney's "47 percent" remarks off after "… explaining that there
    # was a 47 percent floor on Barack Obama's support:", the WSJ quotes them.
    ("c030", "quoted material"),
    # c023: Salon's "Let's call it Quote 2 (or Q2, for short):" and Politico's quotation
    # of the same Warren remarks, opened after a colon and running past 600 characters.
    ("c023", "quoted material"),
    # c003: Politico quotes the senators' letter to Iran; Townhall, four weeks later,
    # prints it whole without marks ("we are writing to bring to your attention …").
    ("c003", "quoted material"),
    # c010: two issues of The Flip Side on different events share only quotation blocks
    # (Packer in The Atlantic, a Times editorial) it carried over from issue to issue,
    # each framed alike by the site's format.
    ("c010", "quoted material"),
    # m027: the Washington Times and Fox both print the VFW commander's statement and
    # Obama's Elkhart quotes; "…," VFW National Commander John A. Biedrzycki Jr. said
    # Thursday / said in a statement: the name and "said" are all their framing shares.
    ("m027", "quoted material"),
    # c000: the Washington Times and The Hill quote one Ocasio-Cortez tweet, one of them
    # cut short, each with "Ocasio-Cortez tweeted".
    ("c000", "quoted material"),
    # m037: NPR prints Trump Jr.'s statement whole, a paragraph in straight quotation
    # marks (1,400 characters), the Washington Times quotes from it; beyond it they
    # share the same facts in other words.
    ("m037", "not a rewrite"),
    # c032: Fox and the BBC on Trump's first veto share the quoted statements, and one
    # fact in the same words in another order ("Pelosi, D-Calif., said that the House
    # will vote to override the veto on March 26" / "the resolution will return to the
    # House on 26 March, Speaker for the House Nancy Pelosi said").
    ("c032", "quoted material"),
    # c019: The Hill and a CNN column share Trump's "go back and help fix" tweet.
    ("c019", "quoted material"),
    # c009: USA Today prints the White House statement on Bush's death after "Here's the
    # statement from the White House in full:", CNN in its roundup of tributes, each
    # opened by who speaks ("President Donald J. Trump and first lady Melania Trump: …").
    ("c009", "quoted material"),
    # c004: Current Affairs sets the Harper's letter off after "… published a short open
    # letter …, arguing that free speech is under attack:", the BBC quotes it.
    ("c004", "quoted material"),
    # c001: NPR on the 2020 contraception ruling and The Hill on the 2019 gerrymandering
    # ruling share one sentence listing the justices who joined Roberts (108 characters).
    ("c001", "not an item copied"),
    # m031, c037: USA Today's analysis of the coronavirus curve and AP's stories on
    # jobless claims and on polling places share AP's standing note on the virus's
    # symptoms, 3% of each page. m038: two columns on the travel-ban ruling share the
    # statute both quote.
    ("m031", "standing paragraph"),
    ("c037", "standing paragraph"),
    ("m038", "standing paragraph"),
    # e038: NPR quotes Putin's New York Times op-ed at length, in quotation marks; e024:
    # The Washington Times quotes the Levi's chief's Fortune op-ed.
    ("e038", "quotes"),
    ("e024", "quotes"),
    # e026: NPR and Fox print the Justice Department's statement on Edwards; Fox's runs
    # over paragraphs that open with a straight mark and close only in the last.
    ("e026", "quoted material"),
    # e022: NPR's live blogs of two days of the Paris attacks share NPR's "This is a
    # breaking news story …" boilerplate and a background sentence, 5% and 13% of them.
    ("e022", "too little shared text"),
    # e002: Fox and Axios quote the four chairs' statement, each framing it its own way
    # ("said in a statement Tuesday that the" / "issued a statement on Tuesday
    # explaining:"), the quotation a half of each sentence.
    ("e002", "quoted material"),
    # m007: USA Today's fact-check of a coronavirus briefing and ABC's live blog of two
    # weeks later share "Anthony Fauci, director of the National Institute of Allergy
    # and Infectious Diseases": twelve words in a row, a name and a title, no item.
    ("m007", "same subject"),
    # m026: CBS writes up Pew's polarization report (47% Fox, 28 of 36 outlets) in its
    # own sentences, picking its findings in an order of its own.
    ("m026", "write-up"),
    # c017: a Washington Times column on Gallup's Most Admired release, the same day.
    ("c017", "write-up"),
])
def test_pages_sharing_what_independent_articles_carry_are_no_copy(pair: str, why: str) -> None:
    relation = _related("news-bias", *_called(pair))
    assert relation.kind not in COPY_KINDS
    assert any(why in r for r in relation.reasons)


def test_an_article_paragraph_in_a_page_on_other_subjects_is_its_copy() -> None:
    # What a roundup does: one paragraph of an article among paragraphs of articles on
    # other events, a small part of both pages; the roundup copies it.
    rows = _articles("news-bias")
    article = _document("news-bias", "Lhnmy5iQq0JiDAyC")
    taken = next(p for p in article.text.split("\n") if 200 < len(p) < len(article.text) / 10)
    others = [r for r in rows.values() if r["topic"] != rows["Lhnmy5iQq0JiDAyC"]["topic"]][:4]
    page = "\n".join([others[0]["text"], taken, *(r["text"] for r in others[1:])])
    roundup = clean_document(Document(id="roundup", text=page, site="roundup.example",
                                      title="Today's reads"))
    relation = compare(article, roundup)
    assert max(relation.coverage) < RelateConfig().min_reuse_share
    assert relation.kind in COPY_KINDS


def test_a_paragraph_among_a_few_on_the_same_subject_is_a_roundup_item() -> None:
    # A roundup of one paragraph from each of seven articles on the article's broad
    # topic (politics), with no headlines: the item is an eighth of the page (13%), more
    # than a standing paragraph is (as in the provenance eval's generated digests).
    rows = _articles("news-bias")
    topic = rows["Lhnmy5iQq0JiDAyC"]["topic"]
    article = _document("news-bias", "Lhnmy5iQq0JiDAyC")
    taken = next(p for p in article.text.split("\n") if 200 < len(p) < len(article.text) / 10)
    others = [r for i, r in rows.items() if r["topic"] == topic and i != "Lhnmy5iQq0JiDAyC"]
    items = [next(p for p in r["text"].split("\n") if len(p) > 200) for r in others[:6]]
    roundup = clean_document(Document(id="roundup", text="\n".join([*items[:2], taken, *items[2:]]),
                                      site="roundup.example", title="Today's reads"))
    relation = compare(article, roundup)
    assert max(relation.coverage) < RelateConfig().min_reuse_share
    assert relation.kind in COPY_KINDS


def test_a_scrape_whose_glued_body_reads_as_one_quotation_still_copies() -> None:
    # Provenance seed 0 (the tuning seed): a truncated scrape of "Next GOP Target: Legal
    # Immigrants", its paragraphs glued into one, which opens on a quotation; the glued
    # body reads as quoted, but it keeps the quotation marks its source has: it quotes
    # nothing, it copies.
    from unspun.eval.farm import Article, body_paragraphs

    with gzip.open(shared("news-bias", "all.jsonl.gz"), "rt", encoding="utf-8") as fh:
        row = next(r for r in map(json.loads, fh) if r["id"] == "rinZWTRKEpKIWpum")
    body = " ".join(body_paragraphs(Article(row["id"], row["title"], row["text"])))
    scrape = "\n\n".join([row["title"], body[:3003].rstrip() + " […]", "Source link"])
    source = clean_document(Document(id=row["id"], text=row["text"], site="source.example",
                                     title=row["title"]))
    copy = clean_document(Document(id="scrape", text=scrape, site="farm.example",
                                   title=row["title"]))
    relation = compare(source, copy)
    assert relation.kind in COPY_KINDS
    assert not any("quotes" in r for r in relation.reasons)


@pytest.mark.parametrize(("corpus", "a", "b"), [
    # d004: the Boston Globe's copy of AP's story on Russian media drops a paragraph and
    # adds a tweet, every shared sentence word for word.
    ("syndication", "hels5632", "hels9243"),
    # e013: the Daily Mail's copy of AP's Cuba cruise story drops three paragraphs and
    # adds captions.
    ("news-bias", "kB6PoJDUeTIR16ph", "YyBA68nd3FZ6rWW0"),
])
def test_two_versions_each_with_text_of_its_own_are_near_duplicates(corpus: str, a: str,
                                                                     b: str) -> None:
    relation = _related(corpus, a, b)
    assert relation.kind == "near-duplicate"
    assert any("an edited version" in r for r in relation.reasons)


def test_a_wire_write_through_is_a_near_duplicate_not_a_translation() -> None:
    # d037: two versions of one AP story, the later keeping several paragraphs of the
    # earlier word for word: an edit, not a round trip through another language.
    relation = _related("syndication", "hels10043", "hels3698")
    assert relation.kind == "near-duplicate"


def test_an_aggregator_page_is_never_the_origin_of_the_article_it_lists() -> None:
    # d008: a Google News page lists, among dozens of snippets, the truncated lede of the
    # Reuters story on Yahoo.
    relation = _related("syndication", "hels618", "hels7126")
    assert relation.is_copy and relation.source_id() == "hels7126"
    assert "digest" in relation.direction_by


@pytest.mark.parametrize(("pair", "story", "live_blog", "source", "trace"), [
    # d003: a short story put together from four entries of AP's "The Latest": written
    # from the live blog, which is its source.
    ("d003", "hels13352", "hels6695", "hels6695", "entries"),
    # d029: one entry of the same live blog condenses the opening of AP's main story:
    # the live blog copied it.
    ("d029", "hels2107", "hels6695", "hels2107", "digest"),
])
def test_a_story_made_of_live_blog_entries_was_written_from_them(
        pair: str, story: str, live_blog: str, source: str, trace: str) -> None:
    relation = _related("syndication", story, live_blog)
    assert relation.is_copy and relation.source_id() == source
    assert relation.direction_by[0] == trace


def test_a_live_blog_of_entries_stamped_minutes_ago_copies_the_article_an_entry_holds() -> None:
    # r025: CNN's live blog stamps its entries "41 min ago", "1 hr 37 min ago"; one
    # entry copies a paragraph of the CNN story word for word.
    relation = _related("syndication", "hels12197", "hels5181")
    assert relation.is_copy and relation.source_id() == "hels12197"
    assert "digest" in relation.direction_by


def test_a_newsletters_item_copies_the_story_it_carries() -> None:
    # c018 (dev-called2): ABC's "The Note", items under headlines in capitals, carries
    # the first paragraphs of ABC's own story under "THOUGHT THE TAX FIGHT WAS OVER?".
    relation = _related("news-bias", "At3ntpm4Wwyofr9O", "wZvoNeZbZLxlmanI")
    assert relation.is_copy and relation.source_id() == "At3ntpm4Wwyofr9O"
    assert relation.direction_by == ["digest"]


def test_two_digests_carrying_one_item_are_a_copy() -> None:
    # d011: AP's live blog and The Post's "Morning Plum" (items under headlines) carry
    # the same sentence of AP's story on Russian media; the live blog was earlier and
    # keeps AP's credit.
    relation = _related("syndication", "hels10168", "hels13047")
    assert relation.is_copy and relation.source_id() == "hels10168"


@pytest.mark.parametrize(("pair", "a", "b", "source"), [
    # c015: Newsmax's copy of a Reuters story is dated the day before reuters.com's page
    # (one evening in two time zones); the wire's own page, keeping its credit, is the
    # source.
    ("c015", "2b5eLhs0DkWEDEBA", "KfUSntWQz060LYYh", "2b5eLhs0DkWEDEBA"),
    # c027: two whole copies of one AP story; the Monitor's keeps AP's closing credit.
    ("c027", "U2pyDCyejICPMe8Y", "XFRdp4Nc03d4Tnpj", "XFRdp4Nc03d4Tnpj"),
    # c012: HotAir block-quotes a passage of CNN's story, the same day; CNN's own page is
    # a wire's (CNN Wire syndicates it to stations as "(CNN) -").
    ("c012", "1u2phdRCM3iG0zm0", "hpAHurLo4S5K2scu", "hpAHurLo4S5K2scu"),
])
def test_the_wires_page_or_credit_names_the_source(pair: str, a: str, b: str,
                                                    source: str) -> None:
    relation = _related("news-bias", a, b)
    assert relation.is_copy and relation.source_id() == source
    assert relation.direction_by == ["wire"]


def test_the_earlier_version_of_a_live_blog_is_the_source() -> None:
    # o000 (dev-origin): two timestamps of AP's "The Latest"; the later (chron.com) keeps
    # every entry of the earlier (to 1:05 p.m.) and adds four (to 2:20 p.m.). Only the
    # earlier keeps no "(AP) —".
    relation = _related("syndication", "hels12345", "hels6695")
    assert relation.is_copy and relation.source_id() == "hels12345"
    assert relation.direction_by[0] == "updates"


def test_an_edited_start_of_a_story_is_its_earlier_version_not_a_truncated_copy() -> None:
    # o009 (dev-origin): AP's brief and, 2.2 hours later on the same site, its
    # write-through, which rewords the brief's sentences and adds paragraphs after
    # them: the brief is no scrape cut short.
    relation = _related("syndication", "hels4610", "hels5076")
    assert relation.is_copy and relation.source_id() == "hels4610"
    assert "truncated" not in relation.direction_by


def test_a_teaser_is_the_copy_of_the_article_it_opens() -> None:
    row = _articles("news-bias")["Lhnmy5iQq0JiDAyC"]
    lede = next(p for p in row["text"].split("\n") if len(p.split()) >= 15)
    teaser = Document(id="teaser", text=lede.split(". ")[0] + ".\nRead the full story here")
    article = Document(id="article", text=row["text"])
    relation = compare(clean_document(teaser), article)
    assert relation.is_copy and relation.source_id() == "article"
    assert relation.direction_by[0] == "teaser"


def test_two_stories_sharing_a_wire_photo_caption_of_several_sentences_are_no_copy() -> None:
    # d015: two AP stories before the Helsinki summit open with the same photo caption,
    # four sentences from "FILE - In this Nov. 11, 2017 file photo" to "(Jorge
    # Silva/Pool Photo via AP, File)": the caption is the photo's, not either story's.
    relation = _related("syndication", "hels10828", "hels11596")
    assert relation.kind not in COPY_KINDS
    assert any("quoted material" in r for r in relation.reasons)


def test_tweets_pasted_without_marks_and_quoted_elsewhere_are_no_copy() -> None:
    # d041: NJ.com pastes Trump's two Monday tweets with no signature or quotation
    # marks ("When I won it became a big deal …"); Yahoo quotes them ("… said Trump").
    relation = _related("syndication", "hels10848", "hels8649")
    assert relation.kind not in COPY_KINDS


def test_a_report_quoting_a_speech_at_length_is_no_copy_of_its_transcript() -> None:
    # n033: the transcript of Oprah Winfrey's Golden Globes speech and the Guardian's
    # report, which quotes long passages of it ("“They're the women whose names we'll
    # never know. They are domestic workers and farm workers. …”"): the sentences of a
    # quotation that speaks in the first person somewhere are the speaker's, each one.
    relation = _related("news-bias", "WTJTfXjD4NQe5Ptu", "cES6MsC5vJp2o0SB")
    assert relation.kind not in COPY_KINDS
    assert any("quoted material" in r for r in relation.reasons)


def test_an_article_quoting_a_paragraph_of_a_report_copies_it() -> None:
    # d045: a Washington Post analysis block-quotes a paragraph of the Post's report
    # (reprinted by the Globe), third-person prose: an excerpt, not a shared statement
    # ("US District Judge" is not the first person).
    relation = _related("syndication", "cens4738", "cens6844")
    assert relation.kind in COPY_KINDS and relation.partial


def test_newsletter_issues_sharing_recurring_blocks_are_no_copy() -> None:
    # n016: two issues of The Flip Side share their opening quote block and their
    # closing blocks; elsewhere only attribution lines match ("David Leonhardt, New York
    # Times" against "Editorial Board, New York Times"), which are no block.
    relation = _related("news-bias", "VYMwBRB5VDJMsJ4J", "nGssKEPlOF1TBy5Y")
    assert relation.kind not in COPY_KINDS
    assert any("template" in r for r in relation.reasons)
    # n030: its pages of quoted snippets look like a digest; the shared blocks are
    # still the template, not an item copied from the other issue.
    relation = _related("news-bias", "pXqYxsCCwv5rD8Lz", "zXSVCBLwpng7edhS")
    assert relation.kind not in COPY_KINDS


def test_a_sites_sign_up_boilerplate_is_no_summary() -> None:
    # n023: a ProPublica investigation and a ProPublica/Texas Tribune story share only
    # the newsletter's two opening sentences, and one pair of unrelated quotations.
    relation = _related("news-bias", "5XhvgYQyWkTgxgvS", "y8KvmvJEcfmYZ2hT")
    assert relation.kind not in COPY_KINDS


def test_a_scrape_glued_into_one_line_is_not_one_embedded_tweet() -> None:
    # A farm scrape joins an article's paragraphs into one line and cuts it short; the
    # article embeds a tweet (its link on a line of its own). The tweet's line is the
    # tweet; the scrape's one line, holding the link too, is not a tweet of 5,000
    # characters.
    row = next(r for r in _articles("news-bias").values() if len(r["text"]) > 6000)
    paragraphs = row["text"].split("\n")
    paragraphs.insert(3, "We will not back down. https://t.co/x1Yz9QwErT")
    article = "\n".join(paragraphs)
    scrape = " ".join(paragraphs)[: len(article) * 3 // 5]
    relation = compare(Document(id="article", text=article), Document(id="scrape", text=scrape))
    assert relation.kind in COPY_KINDS


def test_a_page_of_news_briefs_is_never_the_origin_of_an_article_it_carries() -> None:
    # d019: "AP News in Brief at 6:04 a.m. EDT" carries an AP story's headline and first
    # five paragraphs among briefs on Egypt, Korea, Chicago and Haiti; both pages were
    # scraped at the same second, so only the page itself tells which is the original.
    relation = _related("syndication", "hels10852", "hels12876")
    assert relation.is_copy and relation.partial
    assert relation.source_id() == "hels10852"
    assert "digest" in relation.direction_by


def test_quotations_with_a_like_attribution_beside_paraphrase_are_no_copy() -> None:
    # n029: TheBlaze and Fox (undated) both quote Ocasio-Cortez's and Pelosi's remarks;
    # "Pelosi told The New York Times" and "She told the New York Times:" happen to frame
    # one quotation alike, and the rest they share is the same facts in other words: no
    # sentence of their own is copied word for word, so no verbatim copy.
    relation = _related("news-bias", "7fP0YR30UrBuTC2n", "9FlmsujqyJq62TI2")
    assert relation.kind not in COPY_KINDS
    assert any("quoted material" in r for r in relation.reasons)


def test_a_full_date_inside_a_sentence_is_no_photo_caption() -> None:
    # PAN 2013 train, verbatim: a cooking school's course list copied word for word,
    # "… Wednesday, January 21, 2009 at 6:30 $55(H) Handle your knife …": a caption
    # dates its picture at its end, so this is the copy's own text.
    from unspun.eval.pan13 import read

    root = shared("pan13")
    relation = compare(read(root / "src" / "source-document03131.txt"),
                       read(root / "susp" / "suspicious-document01584.txt"))
    assert relation.kind in COPY_KINDS


@pytest.mark.parametrize(("a", "b", "source"), [
    # n039: Newsmax condenses Politico's poll story, passages attributed ("Politico
    # said"); neither page is dated, so only the credit tells the direction.
    ("2P5Lj5FQXWijBYjy", "iYRoALHPWlQj223P", "iYRoALHPWlQj223P"),
    # c016: The Flip Side (undated) carries a passage of David Frum's Atlantic piece,
    # signed at its end "… where will it succeed?” David Frum, The Atlantic".
    (*_called("c016"), _called("c016")[0]),
])
def test_the_text_crediting_the_others_outlet_is_the_copy(a: str, b: str, source: str) -> None:
    relation = _related("news-bias", a, b)
    assert relation.is_copy and relation.source_id() == source
    assert "credit" in relation.direction_by


def test_an_outlets_name_and_its_site_give_one_key() -> None:
    from unspun.relate.pages import outlet_key

    assert outlet_key("The Washington Post") == outlet_key("washingtonpost.com")
    assert outlet_key("Fox News") == outlet_key("www.foxnews.com") == "foxnews"
    assert outlet_key("The Guardian") == outlet_key("theguardian.com") == "guardian"
    assert outlet_key("The Hill") == outlet_key("thehill.com")
