"""Per-document cleaning and corpus-aware boilerplate on real article text."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspun.clean import (
    REASONS,
    LineStats,
    clean_document,
    clean_lines,
    corpus_clean,
    kept_line_hashes,
    keys,
    line_hash,
    line_hashes,
    patterns,
    rules,
)
from unspun.records import Document, Removal
from unspun.store import FORMAT, Store
from unspun.text import words

SAMPLE = Path(__file__).resolve().parent / "data" / "news_bias_sample.jsonl"


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def paragraphs(article: dict[str, str]) -> list[str]:
    return article["text"].split("\n")


def reasons(doc: Document) -> Counter[str]:
    return Counter(r.reason for r in doc.removed)


def doc_of(article: dict[str, str], text: str, **fields: str) -> Document:
    return Document(
        id=fields.get("id", article["id"]),
        text=text,
        site=fields.get("site", article["site"]),
        title=article["title"],
    )


def test_clean_article_is_untouched(articles: list[dict[str, str]]) -> None:
    for article in articles:
        doc = clean_document(doc_of(article, article["text"]))
        assert doc.text == article["text"], doc.removed
        assert doc.removed == []
        assert doc.raw_text == article["text"]


def test_repeated_title(articles: list[dict[str, str]]) -> None:
    article = articles[0]
    title = article["title"]
    body = paragraphs(article)
    text = "\n".join([title, title, f"{title} - CBN News", *body[:3], title, *body[3:]])
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert reasons(doc) == {"repeated-title": 4}


def test_title_glued_to_first_paragraph(articles: list[dict[str, str]]) -> None:
    article = articles[1]
    body = paragraphs(article)
    glued = f"{article['title']} {article['title']} {body[0]}"
    doc = clean_document(doc_of(article, "\n".join([glued, *body[1:]])))
    assert doc.text == article["text"]
    assert [r.reason for r in doc.removed] == ["repeated-title"]


def test_glued_then_repeated_body(articles: list[dict[str, str]]) -> None:
    article = articles[2]
    body = paragraphs(article)
    text = "\n".join([" ".join(body), *body])
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert reasons(doc) == {"repeated-text": 1}
    # and the other way round: paragraphs first, then the glued copy
    doc = clean_document(doc_of(article, "\n".join([*body, " ".join(body)])))
    assert doc.text == article["text"]


def test_duplicated_paragraphs_and_sentences(articles: list[dict[str, str]]) -> None:
    article = articles[3]
    body = paragraphs(article)
    text = "\n".join([*body[:4], body[1], "Advertisement", *body[4:], "Advertisement", body[2]])
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert reasons(doc) == {"repeated-text": 2, "boilerplate": 2}
    # a body repeated with different paragraph breaks: sentence by sentence
    doc = clean_document(doc_of(article, "\n".join([*body, body[0] + " " + body[1]])))
    assert doc.text == article["text"]


def test_tails(articles: list[dict[str, str]]) -> None:
    article = articles[4]
    tail = [
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "Click to share on Facebook (Opens in new window)",
        "Like this:",
        "Like Loading...",
        "Related posts",
        "Source link",
        "#Trump #News #LosAngeles #Veterans",
        "Leave a Reply Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Comment",
        "Name *",
        "Email *",
        "Website",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Sign up for our newsletter to get the latest news delivered to your inbox.",
    ]
    doc = clean_document(doc_of(article, "\n".join([*paragraphs(article), *tail])))
    assert doc.text == article["text"]
    assert reasons(doc) == {
        "share": 5,
        "related-links": 1,
        "source-link": 1,
        "hashtags": 1,
        "comment-form": 7,
        "newsletter": 1,
    }
    assert all(r.reason in REASONS for r in doc.removed)


def test_image_credits_kept_apart(articles: list[dict[str, str]]) -> None:
    article = articles[5]
    body = paragraphs(article)
    text = "\n".join(
        [
            body[0],
            "Photo: Khaled Desouki/AFP/Getty Images",
            "Image copyright Getty Images",
            *body[1:3],
            "Relatives of passengers wait at Pulkovo airport outside St. Petersburg on "
            "Saturday. (AP Photo/Dmitry Lovetsky)",
            *body[3:],
        ]
    )
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert reasons(doc) == {"image-credit": 3}


def test_a_photo_gallery_goes_on_its_own_lines_or_glued_into_a_paragraph(
        articles: list[dict[str, str]]) -> None:
    # CNN's gallery widget: its title twice, then captions each ending in its marker;
    # a caption may run to a paragraph, longer than any other credit line.
    article = articles[5]
    body = paragraphs(article)
    long_caption = " ".join(["Military analyst Daniel Ellsberg leaked the Pentagon Papers."] * 12)
    gallery = [f"Photos: Notable leakers Photos: Notable leakers {long_caption}",
               f"Hide Caption 1 of 2 Photos: Notable leakers {long_caption}"]
    on_lines = clean_document(doc_of(article, "\n".join([body[0], *gallery, *body[1:]])))
    assert on_lines.text == article["text"]
    assert reasons(on_lines) == {"image-credit": 2}
    glued = f"{body[0]} {' '.join(gallery)} Hide Caption 2 of 2 {body[1]}"
    assert "Hide Caption" not in clean_document(doc_of(article, glued.replace(
        "Photos: Notable leakers Photos:", "Photos:", 1))).text  # the title once
    in_paragraph = clean_document(doc_of(article, "\n".join([glued, *body[2:]])))
    assert in_paragraph.text == "\n".join([f"{body[0]} {body[1]}", *body[2:]])
    assert reasons(in_paragraph) == {"image-credit": 1}


def test_a_video_widgets_line_goes_and_a_sentence_about_watching_stays(
        articles: list[dict[str, str]]) -> None:
    article = articles[5]
    body = paragraphs(article)
    widget = ("JUST WATCHED Chris Christie: 'The most huggable' presidential candidate? Replay "
              "More Videos ... MUST WATCH Chris Christie: 'The most huggable' presidential "
              "candidate? 02:05")
    sentence = "Must watch: the senator said the hearing was one for every voter."
    doc = clean_document(doc_of(article, "\n".join([body[0], widget, sentence, *body[1:]])))
    assert doc.text == "\n".join([body[0], sentence, *body[1:]])
    assert reasons(doc) == {"boilerplate": 1}


def test_ai_prompt_is_evidence(articles: list[dict[str, str]]) -> None:
    article = articles[0]
    body = paragraphs(article)
    text = "\n".join(
        [
            "Rewrite this title",
            f"Summarize this content to 2000 words in 6 paragraphs {body[0]}",
            *body[1:],
        ]
    )
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert doc.removed == [
        Removal("Rewrite this title", "ai-prompt"),
        Removal("Summarize this content to 2000 words in 6 paragraphs", "ai-prompt"),
    ]


AI_LEFTOVERS = Path(__file__).resolve().parent / "data" / "ai_leftovers.jsonl"


def test_real_chatbot_leftovers_are_removed_as_ai_prompts(articles: list[dict[str, str]]
                                                          ) -> None:
    # Replies and prompts seen on real pages (tests/data/ai_leftovers.jsonl names each
    # one's source), at the head and at the tail of a real article.
    leftovers = [json.loads(line) for line in AI_LEFTOVERS.read_text("utf-8").splitlines()]
    assert len(leftovers) >= 12 and all(x["source"].startswith("http") for x in leftovers)
    article = articles[2]
    for leftover in leftovers:
        for text in ("\n".join([leftover["text"], *paragraphs(article)]),
                     "\n".join([*paragraphs(article), leftover["text"]])):
            doc = clean_document(doc_of(article, text))
            assert doc.text == article["text"], leftover["text"]
            assert doc.removed == [Removal(leftover["text"], "ai-prompt")]


def test_chatbot_words_quoted_or_in_the_articles_own_sentences_stay(
        articles: list[dict[str, str]]) -> None:
    # An article about chatbots quotes them; an article's own "Expand the ..." or
    # "You are ..." sentences are no instructions.
    own = [
        'Asked about the election, the chatbot answered: "As an AI language model, I do not '
        'have opinions," before listing the candidates.',
        "Critics say replies such as \u201cmy knowledge cutoff date is September 2021\u201d "
        "show how little the tools know of the news.",
        "Expand the idea to other elements of demographics and the picture changes.",
        "Expand The Map",
        "You are a journalist in a country where the press is free, the minister said.",
        "Translate the results of the survey into policy, the report urged lawmakers.",
        "Sorry, the store said, it cannot refund tickets bought before March.",
    ]
    article = articles[3]
    text = "\n".join([*paragraphs(article)[:2], *own, *paragraphs(article)[2:]])
    doc = clean_document(doc_of(article, text))
    assert "ai-prompt" not in reasons(doc)
    for line in own:
        assert line in doc.text


def test_an_instruction_needs_its_object_or_its_terms() -> None:
    found = {t: (m.group(0) if (m := rules.AI_PREFIX.match(t)) else None) for t in (
        "Rewrite this title", "Expand the idea to others", "Expand its programme of returns",
        "Rewrite the following article in a unique way: Officials said",
        "Translate it into English: The minister", "Summarize this content to 2000 words in "
        "6 paragraphs in Arabic language The council met")}
    assert found == {
        "Rewrite this title": "Rewrite this title",
        "Expand the idea to others": None, "Expand its programme of returns": None,
        "Rewrite the following article in a unique way: Officials said":
            "Rewrite the following article in a unique way: ",
        "Translate it into English: The minister": "Translate it into English: ",
        "Summarize this content to 2000 words in 6 paragraphs in Arabic language The council "
        "met": "Summarize this content to 2000 words in 6 paragraphs in Arabic language "}


def test_injected_spam_head_and_tail(articles: list[dict[str, str]]) -> None:
    article = articles[1]
    text = "\n".join(
        [
            "Shopify is the best solution for dropshipping",
            *paragraphs(article),
            "Buy cheap Instagram followers at www.fastfollowers.example today!",
        ]
    )
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert reasons(doc) == {"spam": 2}


def test_article_about_the_topic_is_not_spam() -> None:
    # Promotional words in a real article's first line: it shares the article's words.
    text = "\n".join(
        [
            "Shopify shares rose after the company said dropshipping merchants drove sales.",
            "Shopify, the Canadian e-commerce company, reported higher quarterly sales on "
            "Tuesday as merchants who use dropshipping kept growing.",
            "The company said merchants in the United States and Europe drove the gains, and "
            "analysts said sales beat expectations.",
            "Shares of the company rose 8 percent in early trading in New York.",
        ]
    )
    doc = clean_document(Document(id="x", text=text, site="reuters.com"))
    assert doc.text == text


def test_transcript_labels_and_short_repeats() -> None:
    text = "\n".join(
        ["CHUCK TODD:", "What happened?", "SENATOR:", "We voted.", "CHUCK TODD:", "And?"]
    )
    assert clean_document(Document(id="t", text=text)).text == text


def test_removals_accumulate_and_raw_text_is_kept(articles: list[dict[str, str]]) -> None:
    article = articles[2]
    raw = "\n".join([*paragraphs(article), "Source link"])
    once = clean_document(doc_of(article, raw))
    twice = clean_document(once)
    assert twice.raw_text == raw
    assert twice.text == once.text == article["text"]
    assert twice.removed == once.removed


def test_wrong_type() -> None:
    with pytest.raises(TypeError):
        clean_document("text")  # type: ignore[arg-type]


# --- corpus-aware boilerplate ----------------------------------------------------------

PROMO = "Follow us on Twitter and Facebook for the latest updates"


def corpus(articles: list[dict[str, str]]) -> list[Document]:
    """Six unrelated stories of six sites sharing a footer, plus a story syndicated 3 times."""
    docs = [
        doc_of(
            a, "\n".join([*paragraphs(a), PROMO, "Updated"]), id=f"story-{i}", site=f"site{i}.com"
        )
        for i, a in enumerate(articles)
    ]
    wire = paragraphs(articles[5])
    for i in range(3):
        docs.append(
            Document(
                id=f"copy-{i}",
                text="\n".join([f"By The Wire Service {i}", *wire, "The Associated Press"]),
                site=f"copy{i}.com",
                title=articles[5]["title"],
            )
        )
    return docs


def test_boilerplate_across_unrelated_sites_removed(articles: list[dict[str, str]]) -> None:
    cleaned = corpus_clean(corpus(articles), LineStats())
    for doc in cleaned[:6]:
        assert PROMO not in doc.text and "Updated" not in doc.text
        assert Removal(PROMO, "boilerplate") in doc.removed
        assert doc.raw_text is not None and PROMO in doc.raw_text


def test_live_blog_entry_times_recurring_across_unrelated_pages_stay(
        articles: list[dict[str, str]]) -> None:
    # Six unrelated live blogs, entries timed alike ("1:05 p.m.") or stamped "41 min ago":
    # the stamps recur across unrelated pages as boilerplate does, but they are how a
    # live blog is read (relate.pages), so cleaning keeps them; the shared footer goes.
    stamps = ["1:05 p.m.", "12:45 p.m.", "41 min ago", "1 hr 12 min ago"]
    docs = [doc_of(a, "\n".join([stamp for pair in zip(stamps, paragraphs(a), strict=False)
                                 for stamp in pair] + [PROMO]), id=f"blog-{i}",
                   site=f"site{i}.com") for i, a in enumerate(articles[:6])]
    for doc in corpus_clean(docs, LineStats()):
        assert all(stamp in doc.text.split("\n") for stamp in stamps)
        assert PROMO not in doc.text


def test_syndicated_copies_keep_their_lines(articles: list[dict[str, str]]) -> None:
    cleaned = corpus_clean(corpus(articles), LineStats())
    for doc in cleaned[6:]:
        for paragraph in paragraphs(articles[5]):
            assert paragraph in doc.text
        # the shared credit line is too: only one story carries it
        assert "The Associated Press" in doc.text
    # the original of the syndicated story lost only the footer
    assert cleaned[5].text == articles[5]["text"]


def test_statistics_persist_in_the_index_and_a_later_run_continues(
    articles: list[dict[str, str]], tmp_path: Path,
) -> None:
    docs = corpus(articles)
    with Store(tmp_path / "x.duckdb") as store:
        stats = LineStats(store.con)
        corpus_clean(docs[:4], stats)
        # Each document's distinct lines, ascending.
        assert list(stats.line_hashes(["story-0"])[0]) == sorted(
            set(line_hashes([docs[0].text])[0].tolist()))
        assert len(stats) == 4 and "story-0" in stats and "story-5" not in stats
        corpus_clean(docs[:1], stats)  # seen before: counted once
        assert len(stats) == 4
    # A later run continues from the stored rows: same result as one run over everything.
    with Store(tmp_path / "x.duckdb") as store:
        stats = LineStats(store.con)
        later = corpus_clean(docs[4:], stats)
        assert len(stats) == len(docs)
    whole = corpus_clean(docs, LineStats())
    assert [d.text for d in later] == [d.text for d in whole[4:]]


def test_held_statistics_count_at_once_and_are_stored_with_their_chunk(
    articles: list[dict[str, str]], tmp_path: Path,
) -> None:
    docs = corpus(articles)
    with Store(tmp_path / "x.duckdb") as store:
        stats = LineStats(store.con, hold=True)
        corpus_clean(docs[:4], stats)
        stored = len(stats)
        later = corpus_clean(docs[4:], stats)  # judged with the first four, though held
        with store.transaction():
            stats.keep_held(stored)
    assert [d.text for d in later] == [d.text for d in corpus_clean(docs, LineStats())[4:]]
    # Only what was kept is in the index (a scan keeps a chunk with its documents).
    with Store(tmp_path / "x.duckdb") as store:
        stats = LineStats(store.con)
        assert len(stats) == stored and "story-3" in stats and "story-4" not in stats


@pytest.mark.parametrize("old", ["4", "5"])
def test_an_index_of_format_4_or_5_is_upgraded(
    old: str, articles: list[dict[str, str]], tmp_path: Path,
) -> None:
    # Formats 4 and 5 kept (hash, document, site) rows in the order documents were added
    # (5 added the signals' tables only).
    docs = corpus(articles)
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        corpus_clean(docs[:4], LineStats(store.con))
        store.con.execute("CREATE TABLE line_stats AS SELECT l.hash, d.doc, d.site "
                          "FROM lines l JOIN line_docs d USING (doc_no) ORDER BY d.doc_no DESC")
        store.con.execute("DELETE FROM lines; DELETE FROM line_docs; "
                          "ALTER TABLE families DROP COLUMN parent")
        store.con.execute("UPDATE meta SET value = ? WHERE key = 'format'", [old])
    with Store(path) as store:
        assert store.meta("format") == FORMAT
        stats = LineStats(store.con)
        # Numbered in the order of the old rows.
        assert stats.numbers(["story-3", "story-0"]).tolist() == [0, 3]
        later = corpus_clean(docs[4:], stats)
        tables = {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
        assert store.con.execute("SELECT parent FROM families").fetchall() == []
    assert "line_stats" not in tables
    reordered = [*reversed(docs[:4]), *docs[4:]]
    assert [d.text for d in later] == [d.text for d in corpus_clean(reordered, LineStats())[4:]]


def test_line_hash_is_stable() -> None:
    assert line_hash("Copyright 2019 The Times") == line_hash("copyright 2020 the times.")
    assert line_hash("Advertisement") & 63 == 1
    assert line_hash("Advertisement") == -3787156978459746239


@pytest.mark.parametrize("n_sites", [1, 3])
def test_template_line_of_one_site(articles: list[dict[str, str]], n_sites: int) -> None:
    docs = [
        doc_of(a, "\n".join(["Skip the navigation and read our latest", *paragraphs(a)]),
               id=f"d{i}", site=f"site{i % n_sites}.com")
        for i, a in enumerate(articles)
    ]
    cleaned = corpus_clean(docs, LineStats())
    assert all(d.text == a["text"] for d, a in zip(cleaned, articles, strict=True))


def test_real_syndication_sample(shared_data: Path) -> None:
    """On real syndicated articles, corpus cleaning keeps the wire copies' lines."""
    import gzip

    with gzip.open(shared_data / "syndication" / "articles.jsonl.gz", "rt") as handle:
        rows = [json.loads(line) for line in handle][:200]
    docs = [Document(id=str(r["id"]), text=r["text"], site=r["site"], title=r["title"])
            for r in rows]
    cleaned = corpus_clean([clean_document(d) for d in docs], LineStats())
    removed = Counter(r.text for d in cleaned for r in d.removed if r.reason == "boilerplate")
    assert removed["Advertisement"] > 0
    long_removed = [t for t in removed if len(t.split()) > 20 and "right" not in t.lower()]
    assert len(long_removed) <= 3, long_removed


# --- properties ------------------------------------------------------------------------

_LINES = st.sampled_from(
    [
        "Advertisement",
        "Share this:",
        "#Trump #News",
        "Source link",
        "Rewrite this title",
        "The Senate voted on Tuesday to approve the bill after a long debate.",
        "Officials said the plan was unrealistic.In remarks, he disagreed.",
        "Buy cheap followers at www.example.com",
        "",
        "   ",
        "Photo: AP",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=25),
    st.one_of(st.none(), st.text(max_size=40), _LINES),
)
def test_clean_document_never_raises_or_adds_text(lines: list[str], title: str | None) -> None:
    raw = "\n".join(lines)
    doc = clean_document(Document(id="p", text=raw, title=title))
    assert doc.raw_text == raw
    kept = Counter(words(doc.text))
    assert not kept - Counter(words(raw))
    for line in doc.text.splitlines():
        assert line == line.strip() and line
    assert all(r.reason in REASONS for r in doc.removed)


# --- site templates ----------------------------------------------------------------------

NYT_FORM = (
    "Newsletter Sign Up Continue reading the main story Please verify you're not a robot by "
    "clicking the box. Invalid email address. Please re-enter. You must select a newsletter to "
    "subscribe to. Sign Up You will receive emails containing news content , updates and "
    "promotions from The New York Times. You may opt-out at any time. Thank you for "
    "subscribing. An error has occurred. Please try again later."
)
POLITICO_FORM = (
    "POLITICO Playbook newsletter Sign up today to receive the #1-rated newsletter in politics "
    "Email Sign Up By signing up you agree to receive email newsletters or alerts from "
    "POLITICO. You can unsubscribe at any time. This site is protected by reCAPTCHA and the "
    "Google Privacy Policy and Terms of Service apply."
)


def test_signup_form_glued_into_one_line(articles: list[dict[str, str]]) -> None:
    # One document alone: the form is removed however rare it is in the corpus.
    article = articles[1]
    body = paragraphs(article)
    text = "\n".join([*body[:2], NYT_FORM, *body[2:], POLITICO_FORM])
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert doc.removed == [Removal(NYT_FORM, "newsletter"), Removal(POLITICO_FORM, "newsletter")]
    # A sentence that mentions signing up is not a form.
    real = ("Most operatives will not want to risk offending the Clintons by signing up with "
            "other campaigns. If operatives sign up with other candidates, it will be telling.")
    assert clean_document(doc_of(article, real)).text == real


def test_template_phrase_glued_to_a_paragraph(articles: list[dict[str, str]]) -> None:
    article = articles[3]
    body = paragraphs(article)
    text = "\n".join(
        [
            f"ADVERTISEMENT {body[0]}",
            f"Advertisement Continue reading the main story {body[1]}",
            f"{body[2]} Advertisement",
            "Story continues below video.",
            *body[3:],
        ]
    )
    doc = clean_document(doc_of(article, text))
    assert doc.text == article["text"]
    assert [r.text for r in doc.removed] == [
        "ADVERTISEMENT",
        "Advertisement Continue reading the main story",
        "Advertisement",
        "Story continues below video.",
    ]
    assert reasons(doc) == {"boilerplate": 4}
    # The word in a sentence stays.
    kept = "Advertisement revenue fell 8 percent, the company said on Tuesday."
    assert clean_document(Document(id="ad", text=kept)).text == kept


TOWNHALL = ("The opinions expressed by columnists are their own and do not represent the views "
            "of Townhall.com.")
BYLINE = "Follow Chuck on Twitter"


def site_corpus(articles: list[dict[str, str]]) -> list[Document]:
    """Four unrelated stories of one site, three with its disclaimer (a template of one
    section), and two of another site with the same byline line."""
    sites = ["townhall.com"] * 4 + ["dailycaller.com"] * 2
    extra = [[TOWNHALL]] * 3 + [[]] + [[BYLINE]] * 2
    return [
        doc_of(a, "\n".join([*paragraphs(a), *lines]), id=f"s{i}", site=site)
        for i, (a, site, lines) in enumerate(zip(articles, sites, extra, strict=True))
    ]


# The site-share rule for long lines wants the disclaimer in more of the site's pages (as
# in a real index, where a site has many more pages than those of one template).
ALL_PAGES = {"long_site_share": 1.0}


def test_same_site_template_lines(articles: list[dict[str, str]]) -> None:
    # Each line is in too few documents and sites for the rules across unrelated sites.
    cleaned = corpus_clean(site_corpus(articles), LineStats(), **ALL_PAGES)
    for doc, article in zip(cleaned, articles, strict=True):
        assert doc.text == article["text"], doc.id
    assert cleaned[0].removed == [Removal(TOWNHALL, "boilerplate")]
    assert cleaned[4].removed == [Removal(BYLINE, "boilerplate")]
    # Without the same-site rule, the lines stay.
    kept = corpus_clean(site_corpus(articles), LineStats(), **ALL_PAGES,
                        site_min_docs=99, site_long_docs=99)
    assert all(doc.removed == [] for doc in kept)


def test_same_site_versions_of_one_story_keep_their_lines(
    articles: list[dict[str, str]],
) -> None:
    # A story and its update on one site share lines, short ones too: one story, kept.
    article = articles[2]
    body = paragraphs(article)
    first = doc_of(article, "\n".join(["By Jane Doe, USA TODAY", *body[:3]]), id="v1")
    update = doc_of(article, "\n".join(["By Jane Doe, USA TODAY", *body]), id="v2")
    other = doc_of(articles[4], articles[4]["text"], id="o", site=article["site"])
    cleaned = corpus_clean([first, update, other], LineStats())
    assert [d.removed for d in cleaned] == [[], [], []]


def test_same_site_template_incremental(articles: list[dict[str, str]], tmp_path: Path) -> None:
    docs = site_corpus(articles)
    with Store(tmp_path / "x.duckdb") as store:
        earlier = corpus_clean(docs[:2], LineStats(store.con), **ALL_PAGES)
    # Two pages of the site so far: too few for a long line.
    assert all(TOWNHALL in d.text for d in earlier)
    with Store(tmp_path / "x.duckdb") as store:
        later = corpus_clean(docs[2:], LineStats(store.con), **ALL_PAGES)
    whole = corpus_clean(docs, LineStats(), **ALL_PAGES)
    assert [d.text for d in later] == [d.text for d in whole[2:]]
    assert TOWNHALL not in later[0].text
    assert Removal(TOWNHALL, "boilerplate") in later[0].removed


APPEAL = (
    "Every day at Vox, we aim to answer your most important questions and provide you, and "
    "our audience around the world, with information that has the power to save lives. Our "
    "mission has never been more vital than it is in this moment: to empower you through "
    "understanding. Vox's work is reaching more people than ever, but our distinctive brand "
    "of explanatory journalism takes resources. Your financial contribution will not "
    "constitute a donation, but it will enable our staff to continue to offer free articles, "
    "videos, and podcasts. Please consider making a contribution to Vox today."
)


def test_long_appeal_of_one_site(articles: list[dict[str, str]]) -> None:
    # A 90-word line in some pages (here 5 of 6) of one site, under unrelated stories: a
    # template, though longer than any line the other rules judge.
    docs = [doc_of(a, "\n".join([*paragraphs(a), APPEAL]), id=f"v{i}", site="vox.com")
            for i, a in enumerate(articles[:5])]
    docs.append(doc_of(articles[5], articles[5]["text"], id="v5", site="vox.com"))
    cleaned = corpus_clean(docs, LineStats())
    assert all(APPEAL not in d.text for d in cleaned)
    assert all(Removal(APPEAL, "boilerplate") in d.removed for d in cleaned[:5])
    # In four pages only, it could still be a passage four versions of a story share.
    fewer = corpus_clean(docs[1:], LineStats())
    assert all(APPEAL in d.text for d in fewer[:4])


def test_inline_link_cards_cut_out_of_their_paragraph() -> None:
    # The Hill inlines a hover card after a linked name: full name, headlines, "MORE".
    text = (
        "Rep. Eric Swalwell Eric Michael SwalwellThe Hill's 12:30 Report: Trump defends call "
        "as Ukraine controversy deepens The Hill's Campaign Report: De Blasio drops out | "
        "Warren gains support from black voters MORE (D-Calif.) has officially jumped into "
        "the 2020 presidential race.\n"
        "They received assurances from Senate Majority Leader Mitch McConnell Addison (Mitch) "
        "Mitchell McConnellGOP senators balk at lengthy impeachment trial MORE (R-Ky.) that "
        "the vote would happen.\n"
        "Apple's iPhone sold MORE units than ever, the company said.\n"
        # A space after the full name: the name written twice tells the card.
        "Both House Speaker Paul Ryan Paul Davis Ryan Retirees should say 'no thanks' to "
        "Romney's Social Security plan DC's liaison to rock 'n' roll MORE (R-Wis.) and "
        "Senate Majority Leader Mitch McConnell agreed.\n"
        "Former Vice President Joe Biden Joe Biden Parnas: Trump threatened to withhold aid "
        "MORE.\n"
        "Paul Ryan said Paul Ryan would do MORE for the district."
    )
    doc = clean_document(Document(id="hill", text=text))
    assert doc.text.split("\n") == [
        "Rep. Eric Swalwell (D-Calif.) has officially jumped into the 2020 presidential race.",
        "They received assurances from Senate Majority Leader Mitch McConnell (R-Ky.) that "
        "the vote would happen.",
        "Apple's iPhone sold MORE units than ever, the company said.",
        "Both House Speaker Paul Ryan (R-Wis.) and Senate Majority Leader Mitch McConnell "
        "agreed.",
        "Former Vice President Joe Biden.",
        "Paul Ryan said Paul Ryan would do MORE for the district.",
    ]
    assert reasons(doc) == Counter({"inline-card": 4})
    assert doc.removed[1].text.startswith("Addison (Mitch) Mitchell McConnellGOP")


_COMMENT_FORM = [
    "Your email address will not be published.",
    "Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "This site uses Akismet to reduce spam.",
]
_NEWSLETTER = [
    "Sign up for our morning newsletter to get the news.",
    "Subscribe to the daily briefing emails for updates.",
    "Get the best stories delivered straight to your inbox.",
    "The news you need in your in-box every morning.",
    "You have successfully subscribed.",
    "By signing up, you agree to our terms.",
    "Read more in our free newsletter about the election.",
    "Your subscription supports journalism that matters.",
    "Get unlimited access: for unlimited digital access, try one month for $1.",
    "Choose the plan that suits you.",
    "Please support our local journalism today.",
]


@pytest.mark.parametrize(("line", "reason"), [
    *((line, "comment-form") for line in _COMMENT_FORM),
    *((line, "newsletter") for line in _NEWSLETTER),
])
def test_every_floating_phrase_is_still_found(line: str, reason: str) -> None:
    # The floating patterns only run on lines holding a word they need: one per phrase.
    assert reasons(clean_document(Document(id="f", text=line))) == Counter({reason: 1})


# --- whole-document shortcuts give what the line-by-line rules give -------------------------

_TRICKY = [
    "Don't stop — it’s ‘quoted’ and “double”… rock 'n' roll, ''a'' b''",
    "e-mail_address: FOO@Example.COM 9/11 U.S.A. x'", "İstanbul ſun ıı KELVIN",
    "café naïve ½ ①", "\u00a0spaced\u00a0out\u200bword soft\u00adhyphen", "", "--- ...",
]


def _line_lists(samples: list[str]) -> st.SearchStrategy[list[str]]:
    """Up to 12 lines: given samples, news lines, or any text without line breaks."""
    return st.lists(st.one_of(st.sampled_from(samples), _LINES,
                              st.text(alphabet=st.characters(blacklist_characters="\n\r"),
                                      max_size=60)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(_line_lists(_TRICKY))
def test_line_keys_at_once_are_the_keys_one_by_one(texts: list[str]) -> None:
    texts = [t for t in (" ".join(t.splitlines()).strip() for t in texts) if t]
    assert keys.line_keys(texts) == [" ".join(words(t)) for t in texts]


@settings(max_examples=200, deadline=None)
@given(_line_lists(_TRICKY))
def test_line_hashes_at_once_are_the_hashes_one_by_one(texts: list[str]) -> None:
    text = "\n".join(" ".join(t.splitlines()) for t in texts)
    assert line_hashes([text])[0].tolist() == [
        line_hash(t) for t in (s.strip() for s in text.splitlines()) if t]


# A line, then lines cleaning shortens (and keys again one by one).
_SHORTENED = [
    "The committee will publish its full report on the matter next week.",
    "ADVERTISEMENT The senator said on Monday that the bill would pass.",
    "Rewrite this article in 500 words: The senator said it’s 9 o'clock.",
    "Officials said so. The committee will publish its full report on the matter next week. "
    "The end.",
    "Rep. Eric Swalwell Eric Michael SwalwellThe Hill's 12:30 Report: news MORE (D-Calif.) "
    "spoke.",
]


@settings(max_examples=200, deadline=None)
@given(_line_lists(_TRICKY + _SHORTENED), st.one_of(st.none(), st.sampled_from(_TRICKY)))
@example(["İstanbul ſun ıı KELVIN", "\ud800"], None)  # a lone surrogate beside "İ"
def test_kept_line_hashes_are_the_hashes_of_the_cleaned_text(
        texts: list[str], title: str | None) -> None:
    doc, kept = clean_lines(Document(id="k", text="\n".join(texts), title=title))
    assert kept_line_hashes([kept])[0].tolist() == line_hashes([doc.text])[0].tolist()


def test_shortened_lines_are_keyed_again() -> None:
    doc, kept = clean_lines(Document(id="s", text="\n".join(_SHORTENED)))
    assert sum(not line.ascii_key for line in kept) == 4
    assert kept_line_hashes([kept])[0].tolist() == line_hashes([doc.text])[0].tolist()


def test_punctuation_keyed_as_spaces_splits_words_as_before() -> None:
    for mark in keys.PUNCTUATION:
        assert mark.lower() == mark
        assert not re.search(r"[\w]", unicodedata.normalize("NFKC", mark) + mark)


_PATTERN_LINES = [
    *(line for line in [
        "Your email address will not be published.", "Required fields are marked *",
        "Sign up for our morning newsletter to get the news.", "Share this:",
        "This article originally appeared on Reuters.", "(AP Photo/Evan Vucci)",
        "Copyright 2019 NPR. All rights reserved.", "Markus Schreiber, AP",
        "Tags: politics, senate", "Facebook Twitter Email", "like this",
        "Related posts:", "ADVERTISEMENT", "Source: Reuters", "#Trump #News",
        "Protected by reCAPTCHA. Sign up to receive email newsletters. You can "
        "unsubscribe at any time. By signing up you agree to our privacy policy.",
        "The story appeared first on The Hill.", "PHOTO: A man walks by.",
    ]),
    "The Senate voted on Tuesday to approve the bill after a long debate.",
]


@settings(max_examples=200, deadline=None)
@given(_line_lists(_PATTERN_LINES))
def test_pattern_shortcut_misses_no_line(texts: list[str]) -> None:
    texts = [t for t in (" ".join(t.splitlines()).strip() for t in texts) if t]
    lines = [keys.Line(t, " ".join(words(t))) for t in texts]
    patterns.pattern_reasons(lines, folds=False)
    assert [ln.reason for ln in lines] == [
        patterns._pattern_reason(keys.Line(t, " ".join(words(t)))) for t in texts]


def test_rules_read_lower_cased_lines_alike() -> None:
    # Without IGNORECASE, an upper-case letter in a rule's pattern would match nothing.
    for _, _, anchored, floating in rules.LINE_RULES:
        for pattern in (anchored, floating):
            assert pattern is None or not re.search(r"(?<!\\)[A-Z]", pattern.pattern)
    for text in [*_PATTERN_LINES, "ENLARGE THIS IMAGE", "Photo Credit: KEVIN LAMARQUE"]:
        line = keys.Line(text, " ".join(words(text)))
        assert patterns._pattern_reason(line, folds=False) == patterns._pattern_reason(line)


def test_pattern_shortcut_catches_every_listed_line() -> None:
    lines = [keys.Line(t, " ".join(words(t))) for t in _PATTERN_LINES]
    patterns.pattern_reasons(lines, folds=False)
    assert all(ln.reason for ln in lines[:-1]) and lines[-1].reason is None


def test_repeated_sentence_found_whatever_the_punctuation_around_it() -> None:
    # The cheap piece check finds the repeat; the run check must not lose the line that
    # holds the sentence with other punctuation before it.
    sentence = "The committee will publish its full report on the matter next week"
    doc = clean_document(Document(id="r", text="\n".join([
        f"First of all... {sentence}.",
        "Nothing else in this paragraph repeats anything at all, as it happens.",
        f"Officials said so. {sentence}. The end came later.",
    ])))
    assert [r.text for r in doc.removed] == [f"{sentence}."]


@pytest.mark.parametrize("line", [
    "Rewrite this article in 500 words: The senator said ...",
    "PLEASE PARAPHRASE THE FOLLOWING TEXT. The senator said ...",
    "-- Summarize the above story in English: ...", "Certainly! Here's the rewritten article: ...",
    "Of course, here is the revised text: ...", "Here's a unique version of the article: ...",
    "Spin this post into Arabic language: ...", "Translate it into French: ...",
])
def test_every_ai_prefix_starts_a_key_with_a_listed_word(line: str) -> None:
    assert rules.AI_PREFIX.match(line)
    assert " ".join(words(line)).startswith(rules.AI_STARTS)


def test_promotional_terms_counted_alike_lower_cased() -> None:
    for line in ["Buy CHEAP Followers and Instagram LIKES now: 50% OFF!", "Best-Selling VPN",
                 "Casino BETTING, poker and Slots", "Weight Loss Coupons, Promo Codes"]:
        assert len(rules.PROMO_TERMS.findall(line)) == len(
            rules.PROMO_TERMS_LOWER.findall(line.lower())) > 0


def _every_match(pattern: str) -> list[str]:
    """Every string a pattern of literals, small character sets, groups, alternatives and
    optional parts matches (anchors match the empty string)."""
    from re import _constants as c
    from re import _parser

    def expand(items: list[tuple[Any, Any]]) -> list[str]:
        out = [""]
        for op, arg in items:
            if op is c.LITERAL:
                options = [chr(arg)]
            elif op is c.IN:
                options = [chr(v) for kind, v in arg if kind is c.LITERAL]
            elif op is c.BRANCH:
                options = [s for branch in arg[1] for s in expand(branch)]
            elif op is c.SUBPATTERN:
                options = expand(arg[-1])
            elif op is c.MAX_REPEAT:
                options = [s * n for s in expand(arg[2]) for n in range(arg[0], arg[1] + 1)]
            elif op is c.AT:
                options = [""]
            else:
                raise ValueError(f"unexpected {op} in {pattern!r}")
            out = [head + tail for head in out for tail in options]
        return out

    return expand(list(_parser.parse(pattern)))


def test_every_promotional_term_starts_with_a_listed_word() -> None:
    # _spam_rules searches only the lines whose key holds one of _PROMO_FIRST_WORDS.
    terms = _every_match(rules.PROMO_TERMS.pattern)
    assert "% off" in terms and len(terms) > 60
    assert [t for t in terms if words(t)[0] not in rules.PROMO_FIRST_WORDS] == []


def _first_words(pattern: str) -> set[str]:
    """The runs of letters a match of ``pattern`` can begin with, each ended by a
    character other than a letter (or by the end); raises where a letter run may go on
    with a class of characters that holds letters."""
    from re import _constants as c
    from re import _parser

    def ends(op: Any, arg: Any) -> bool:
        # Whether the element can only match characters other than letters.
        if op is c.LITERAL:
            return not chr(arg).isalpha()
        if op is c.IN:
            return all((kind is c.LITERAL and not chr(v).isalpha())
                       or (kind is c.CATEGORY and v in (c.CATEGORY_DIGIT, c.CATEGORY_SPACE,
                                                        c.CATEGORY_NOT_WORD))
                       for kind, v in arg)
        return False

    def runs(items: list[tuple[Any, Any]], head: str) -> set[tuple[str, bool]]:
        # (letters so far, whether a non-letter ended them) for each way through ``items``.
        out = {(head, False)}
        for op, arg in items:
            step: set[tuple[str, bool]] = set()
            for run, ended in out:
                if ended:
                    step.add((run, True))
                elif op is c.LITERAL and chr(arg).isalpha():
                    step.add((run + chr(arg), False))
                elif ends(op, arg) or (op is c.AT and (arg is c.AT_END or (
                        arg is c.AT_BOUNDARY and run))):  # \b after a letter
                    step.add((run, True))
                elif op is c.AT:
                    step.add((run, False))
                elif op is c.BRANCH:
                    step |= {r for branch in arg[1] for r in runs(branch, run)}
                elif op is c.SUBPATTERN:
                    step |= runs(arg[-1], run)
                elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                    low, high, body = arg
                    if low == 0:
                        step.add((run, False))
                    step |= runs(list(body) * max(low, 1), run)
                    if high > max(low, 1) and not all(e for _, e in runs(list(body), "")):
                        raise ValueError(f"a repeated letter in {pattern!r}")
                else:
                    raise ValueError(f"{op} may go on with a letter in {pattern!r}")
            out = step
        return out

    return {run for run, _ in runs(list(_parser.parse(pattern)), "") if run}


def test_every_start_pattern_begins_with_a_listed_word() -> None:
    # _pattern_reasons tries a start pattern only on the lines whose key begins with one
    # of its words (or a word not all letters, or that do not start with a letter).
    for name, pattern in patterns._start_rules(0):
        assert _first_words(pattern.pattern) <= set(patterns._START_WORDS[name].split()), name
    assert _first_words(rules.TAGS_LINE.pattern) == {"tags", "tagged", "topics", "filed",
                                                         "keywords"}


def test_short_line_checks_cover_the_rules_they_stand_for() -> None:
    # _pattern_reasons tries the credit-line and share checks on short lines only.
    assert rules.CREDIT_LINE_WORDS <= patterns._LONG_LINE_WORDS
    assert rules.SHARE_MAX_WORDS <= patterns._LONG_LINE_WORDS


def test_glued_block_found_whatever_the_length_of_the_paragraphs_inside() -> None:
    # Six- and seven-word paragraphs share no run of six whole words with the block.
    short = "Officials met the mayor on Monday."
    longer = "The council will vote on the new budget plan next month, aides said."
    tail = " ".join(["Residents"] + ["waited"] * 40) + "."
    doc = clean_document(Document(id="g", text="\n".join(
        [short, longer, tail, f"{short} {longer} {tail}"])))
    assert [r.reason for r in doc.removed] == ["repeated-text"]
    assert doc.text.splitlines() == [short, longer, tail]


def test_case_folds_keep_their_ignorecase_matches() -> None:
    # IGNORECASE takes "ſ" for "s" and "ı" for "i"; lower-casing does not, so such a
    # document skips the lower-cased shortcuts.
    body = ["The Senate voted on Tuesday to approve the bill after a long debate.",
            "Officials said the plan was unrealistic and would be changed."]
    for line, reason in [("\u017fource link", "source-link"), ("Adverti\u0307sement", None),
                         ("Advert\u0131sement", "boilerplate")]:
        doc = clean_document(Document(id="f", text="\n".join([*body, line])))
        assert [r.reason for r in doc.removed] == ([reason] if reason else []), line
