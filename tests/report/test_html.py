"""The static HTML evidence pages: what they contain, and what a browser shows of them."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import unspun
from unspun.errors import UnspunError
from unspun.records import (
    CHANGE_KINDS,
    AlignedPair,
    Alignment,
    Change,
    Document,
    Relation,
    Removal,
)
from unspun.report import evidence
from unspun.report import html as report
from unspun.report.html import relation_from_row, relation_page, store_report
from unspun.text import split_sentences

CORPUS = Path(unspun.__file__).parent / "demo" / "corpus" / "articles.jsonl"
ARTICLE = "2z3VCwRWRl1cRdua"  # AP story on the firing of inspector general Atkinson
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

QUOTE = ("I thought he did a terrible job, absolutely terrible.",
         "I believed he did an awful job, truly awful.")
SPAM = "Shopify is the best solution for dropshipping, start today!"
OMITTED = "“More details are needed from the administration,” Grassley said."
ADDED = ("The inspector general office employs dozens of staff who review complaints. "
         "Its budget is set by lawmakers every year. Critics say the post needs stronger "
         "protection.")


def _article() -> dict[str, Any]:
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == ARTICLE:
            return row
    raise LookupError(ARTICLE)


def _edited_pair() -> tuple[Document, Document]:
    """A real article and a copy of it with one change of every kind."""
    row = _article()
    source = "\n\n".join(row["text"].split("\n\n")[:22])
    copy = (source.replace(*QUOTE)
            .replace("Joseph Maguire", "Joseph Magwire")
            .replace("topped 7,000", "topped 9,000")
            .replace(OMITTED + "\n\n", "")
            .replace("\n\nOn Saturday,", f"\n\n{SPAM}\n\nOn Saturday,")
            + "\n\n" + ADDED)
    a = Document(id="apnews", text=source, url=row["url"], site="bostonherald.com",
                 title=row["title"], published="2020-04-05", author="Mary Clare Jalonick")
    b = Document(id="farm", text=copy, url="https://dailynewsfarm.example/atkinson",
                 site="dailynewsfarm.example", title=row["title"] + " - Daily News Farm",
                 published="2020-04-07")
    return a, b


@pytest.fixture(scope="module")
def pair() -> tuple[Document, Document]:
    return _edited_pair()


@pytest.fixture(scope="module")
def relation(pair: tuple[Document, Document]) -> Relation:
    found = unspun.compare(*pair)
    kinds = {c.kind for c in found.changes}
    # The page tests below need one change of each kind; say so if the model stops finding one.
    assert kinds >= set(CHANGE_KINDS), f"compare() found only {sorted(kinds)}"
    return found


@pytest.fixture(scope="module")
def page(relation: Relation, pair: tuple[Document, Document]) -> str:
    return relation_page(relation, *pair)


def _tree(html: str) -> Any:
    return lxml.html.fromstring(html)


def _select(element: Any, selector: str) -> list[Any]:
    """Elements matching a descendant selector of ``tag.class`` steps (lxml's cssselect
    needs the cssselect package, which unspun does not depend on)."""
    steps = []
    for step in selector.split():
        tag, *classes = step.split(".")
        tests = "".join(f"[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]"
                        for c in classes)
        steps.append((tag or "*") + tests)
    return element.xpath(".//" + "//".join(steps))


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _marks(tree: Any, kind: str, column: str) -> list[str]:
    return [_text(m) for m in _select(tree, f"table.align td.{column} mark.chg-{kind}")]


# -- relation_page ----------------------------------------------------------------------


def test_every_change_kind_is_marked_on_its_side(page: str) -> None:
    tree = _tree(page)
    assert _marks(tree, "quote", "src") == [QUOTE[0]]
    assert _marks(tree, "quote", "cpy") == [QUOTE[1]]
    assert "Joseph Maguire" in _marks(tree, "name", "src")
    assert "Joseph Magwire" in _marks(tree, "name", "cpy")
    assert "7,000" in _marks(tree, "number", "src")
    assert "9,000" in _marks(tree, "number", "cpy")
    assert _marks(tree, "inserted", "cpy") == [SPAM]
    assert _marks(tree, "omitted", "src") == [OMITTED]
    assert _marks(tree, "added", "cpy") == [" ".join(ADDED.split())]
    # One-sided changes never show on the other side.
    for kind, absent in (("inserted", "src"), ("added", "src"), ("omitted", "cpy")):
        assert _marks(tree, kind, absent) == []


def test_marks_wrap_exactly_the_change_spans(relation: Relation, page: str,
                                             pair: tuple[Document, Document]) -> None:
    tree = _tree(page)
    for change in relation.changes:
        for span, text, column in ((change.source_span, change.source_text, "src"),
                                   (change.copy_span, change.copy_text, "cpy")):
            if span is not None:
                assert " ".join(text.split()) in _marks(tree, change.kind, column), change


def test_rows_follow_the_copy_with_gaps_in_place(page: str) -> None:
    rows = _select(_tree(page), "table.align tbody tr")
    texts = [_text(r) for r in rows]
    spam = next(i for i, t in enumerate(texts) if SPAM in t)
    assert "On Saturday" in texts[spam + 1]
    assert _select(rows[spam], "td.src.gap") and "inserted" in texts[spam]
    omitted = next(i for i, t in enumerate(texts) if "More details are needed" in t)
    assert "Chuck Grassley" in texts[omitted - 1] and "Susan Collins" in texts[omitted + 1]
    assert _select(rows[omitted], "td.cpy.gap")
    assert ADDED.split(".")[0] in texts[-1]


def test_verdict_legend_changes_and_metadata(relation: Relation, page: str) -> None:
    tree = _tree(page)
    verdict = _text(tree.get_element_by_id("verdict"))
    assert relation.kind in verdict and f"confidence {relation.confidence:.2f}" in verdict
    assert "bostonherald.com (2020-04-05)" in verdict
    assert "by publication dates (2020-04-05 before 2020-04-07)" in verdict
    for reason in relation.reasons:
        assert " ".join(reason.split()) in verdict
    legend = tree.get_element_by_id("legend")
    assert [i.get("data-kind") for i in _select(legend, ".legend-item")] == list(CHANGE_KINDS)
    listed = _select(tree, "table.changes tbody tr")
    assert len(listed) == len(relation.changes)
    quote_row = next(r for r in listed if "change-quote" in r.get("class"))
    assert [_text(td) for td in _select(quote_row, "td.text")] == [f"“{q}”" for q in QUOTE]
    docs = _text(tree.get_element_by_id("documents"))
    for expected in ("Trump suggests firing watchdog", "https://dailynewsfarm.example/atkinson",
                     "2020-04-07", "Mary Clare Jalonick", "bostonherald.com"):
        assert expected in docs


def test_page_is_self_contained(page: str) -> None:
    tree = _tree(page)
    assert not tree.xpath("//script | //link | //iframe | //img | //object | //embed")
    assert not re.search(r"@import|url\(|\bsrc=", page)
    csp = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')[0].get("content")
    assert "default-src 'none'" in csp


def test_source_stays_on_the_left_whatever_the_argument_order(
        pair: tuple[Document, Document]) -> None:
    a, b = pair
    flipped = unspun.compare(b, a)
    assert flipped.source == "b"
    tree = _tree(relation_page(flipped, b, a))
    assert "bostonherald.com" in _text(_select(tree, "th.col-source")[0])
    assert _marks(tree, "quote", "cpy") == [QUOTE[1]]


def test_unknown_direction_is_said(relation: Relation, pair: tuple[Document, Document]) -> None:
    undirected = dataclasses.replace(relation, source=None, direction_by=None)
    tree = _tree(relation_page(undirected, *pair))
    assert "direction unknown" in _text(tree.get_element_by_id("verdict"))
    assert "treated as source" in _text(_select(tree, "th.col-source")[0])
    # The spans still say which side the changes were oriented from.
    assert _marks(tree, "quote", "cpy") == [QUOTE[1]]


def _hostile() -> tuple[Relation, Document, Document]:
    evil = '<script>alert("x")</script> & <b>bold</b>'
    a = Document(id="a", text=f"Intro sentence here. {evil} said Jo.\nThe end.",
                 title=evil, site="<i>site</i>", url="javascript:alert(1)",
                 removed=[Removal(text=evil, reason="spam")])
    b = Document(id="b", text=f"Intro sentence here. {evil} said Joe.\nThe end.", title=evil)
    jo = a.text.index("Jo.")
    changes = [Change("name", "Jo", "Joe", (jo, jo + 2), (jo, jo + 3)),
               Change("inserted", "", evil, None, None, note="removed by cleaning")]
    pairs = [AlignedPair((i, i + 1), (i, i + 1), 0.9, 0.9, "edited")
             for i in range(len(split_sentences(a.text)))]
    relation = Relation(kind="near-duplicate", partial=False, source="a", confidence=0.8,
                        coverage=(1.0, 1.0), reasons=[evil], changes=changes,
                        alignment=Alignment(pairs, 1.0, 1.0), direction_by="text")
    return relation, a, b


def test_all_text_is_escaped_and_urls_checked() -> None:
    html = relation_page(*_hostile())
    assert "<script>" not in html and "<b>bold</b>" not in html and "<i>site" not in html
    assert "&lt;script&gt;" in html
    tree = _tree(html)
    assert not [a for a in tree.iter("a") if "javascript" in (a.get("href") or "")]
    assert _marks(tree, "name", "cpy") == ["Joe"]
    # An injected line without a span is listed, and said not to be highlighted.
    listed = _text(_select(tree, "table.changes tr.change-inserted")[0])
    assert "not highlighted above" in listed


def test_a_stale_alignment_does_not_break_the_page() -> None:
    relation, a, b = _hostile()
    assert relation.alignment is not None
    relation.alignment.pairs.append(AlignedPair((7, 9), (7, 9), 0.9, 0.9, "same"))
    tree = _tree(relation_page(relation, a, b))
    assert "The end." in _text(_select(tree, "table.align")[0])


def test_relation_page_rejects_a_dict() -> None:
    relation, a, b = _hostile()
    with pytest.raises(TypeError, match="Relation"):
        relation_page(relation.to_dict(), a, b)  # type: ignore[arg-type]


def test_highlight_nests_and_cuts_crossing_spans() -> None:
    text = "He said “call Jo at 5” today.\nThen left."
    spans = [evidence._Span(8, 22, "quote", "q"), evidence._Span(14, 16, "name", "n"),
             evidence._Span(20, 26, "number", "x"), evidence._Span(0, 41, "added", "a")]
    html, kinds = evidence._highlight(text, 0, len(text), spans)
    assert kinds == {"quote", "name", "number", "added"}
    tree = _tree(f"<div>{html}</div>")
    # The name sits inside the quote; the number crossing the quote's end is cut there.
    assert [_text(m) for m in _select(tree, "mark.chg-quote mark.chg-name")] == ["Jo"]
    assert [_text(m) for m in _select(tree, "mark.chg-number")] == ["5”"]
    # A mark never spans a line break (it would paint a sliver on the blank line).
    assert "\n" not in "".join(m.text_content() for m in _select(tree, "mark"))
    assert _text(tree) == " ".join(text.split())


# -- store_report -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A scanned index: the edited pair and one unrelated article."""
    from unspun.pipeline import scan
    from unspun.store import Store

    folder = tmp_path_factory.mktemp("index")
    rows = [{"id": d.id, "url": d.url, "title": d.title, "site": d.site,
             "published": d.published, "text": d.text} for d in _edited_pair()]
    other = next(json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
                 if json.loads(line)["id"] == "OwN5m6aTzodMK8Xa")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in [*rows, other]), encoding="utf-8")
    db = folder / "index.duckdb"
    scan([corpus], db, engine="inline")
    with Store(db, read_only=True) as opened:
        yield opened


def test_relation_from_row_rebuilds_the_relation(store: Any) -> None:
    row = store.relation("apnews", "farm")
    rebuilt = relation_from_row(row)
    assert (rebuilt.a, rebuilt.b) == ("apnews", "farm")
    assert rebuilt.source_id() == row["source"] == "apnews"
    assert rebuilt.kind == row["kind"] and rebuilt.direction_by[0] == "dates"
    assert [c.to_dict() for c in rebuilt.changes] == row["changes"]
    assert rebuilt.alignment is not None
    assert rebuilt.alignment.to_dict() == row["alignment"]
    unknown = relation_from_row({**row, "source": None})
    assert unknown.source is None


def test_store_report_lists_families_and_their_copies(store: Any) -> None:
    tree = _tree(store_report(store))
    tiles = {_text(t.xpath("span")[0]): _text(t.xpath("b")[0]) for t in _select(tree, ".tile")}
    assert tiles["documents"] == "3" and tiles["families with copies"] == "1"
    assert tiles["pages copied from a source"] == "1"
    assert "1 document(s) with no copy" in _text(tree.get_element_by_id("summary"))
    family = tree.get_element_by_id("family:apnews")
    copies = _select(family, "details.copy")
    assert len(copies) == 1
    summary = _text(_select(copies[0], "summary")[0])
    assert "dailynewsfarm.example" in summary and "from bostonherald.com by dates" in summary
    for kind in CHANGE_KINDS:
        assert _select(copies[0], f"table.align mark.chg-{kind}"), kind
    assert _marks(copies[0], "quote", "cpy") == [QUOTE[1]]
    assert tree.get_element_by_id("legend") is not None


def test_store_report_scopes(store: Any) -> None:
    family = _tree(store_report(store, family="apnews"))
    assert "family:apnews" in _text(_select(family, "h1")[0])
    assert len(_select(family, "details.copy")) == 1
    story = _tree(store_report(store, story="story:apnews"))
    assert len(_select(story, "details.copy")) == 1
    with pytest.raises(UnspunError, match="no family"):
        store_report(store, family="nope")
    with pytest.raises(UnspunError, match="no story"):
        store_report(store, story="nope")


def test_store_report_caps_the_alignments(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "MAX_RELATIONS", 0)
    tree = _tree(store_report(store))
    assert not _select(tree, "details.copy")
    assert "1 more are listed without it" in _text(_select(tree, "p.note")[0])
    assert "dailynewsfarm.example" in _text(tree.get_element_by_id("family:apnews"))


# -- in a real browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Chromium (apt-get install chromium) to run "
                    "the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open(browser: Any, html: str, tmp_path: Path) -> Any:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert requests == [path.as_uri()], "the page must load nothing but itself"
    return page


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(fg: str, bg: str) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _check_alignment(page: Any, scope: str) -> None:
    """Marks of every kind visible in distinct, readable colours; the columns side by side."""
    backgrounds = {}
    for kind in CHANGE_KINDS:
        mark = page.locator(f"{scope} table.align mark.chg-{kind}").first
        mark.scroll_into_view_if_needed()
        assert mark.is_visible(), kind
        style = mark.evaluate("m => { const s = getComputedStyle(m); "
                              "return [s.backgroundColor, s.color]; }")
        backgrounds[kind] = style[0]
        assert _contrast(style[1], style[0]) >= 4.5, (kind, style)
    assert len(set(backgrounds.values())) == len(CHANGE_KINDS), backgrounds
    row = page.locator(f"{scope} table.align tbody tr").first
    left = row.locator("td.src").bounding_box()
    right = row.locator("td.cpy").bounding_box()
    assert left and right and min(left["width"], right["width"]) > 300
    assert abs(left["y"] - right["y"]) < 1 and left["x"] + left["width"] <= right["x"]


@pytest.mark.browser
def test_relation_page_in_a_browser(browser: Any, page: str, relation: Relation,
                                    tmp_path: Path) -> None:
    tab = _open(browser, page, tmp_path)
    verdict = tab.locator("#verdict")
    assert verdict.is_visible() and relation.kind in verdict.inner_text()
    box = verdict.bounding_box()
    assert box and box["y"] < 200  # at the top, without scrolling
    assert tab.locator("#legend").is_visible()
    _check_alignment(tab, "")
    # The legend stays in view while reading the texts.
    tab.locator("table.align tbody tr").last.scroll_into_view_if_needed()
    assert tab.locator("#legend").bounding_box()["y"] <= 1
    tab.close()


@pytest.mark.browser
def test_store_report_in_a_browser(browser: Any, store: Any, tmp_path: Path) -> None:
    tab = _open(browser, store_report(store), tmp_path)
    assert tab.locator("#summary h1").is_visible()
    copy = tab.locator("details.copy").first
    assert not copy.locator("table.align").is_visible()  # collapsed until asked for
    copy.locator("summary").click()
    _check_alignment(tab, "details.copy[open]")
    tab.close()


def _spoofed() -> tuple[Relation, Document, Document]:
    """Every scraped field carries a bidi override, a control character and a marker."""
    relation, a, b = _hostile()
    spoof = "ZQX\u202egro.swen-detsurt\x1b[2J"
    for doc in (a, b):
        doc.site, doc.title, doc.author = spoof, f"{spoof} title", f"{spoof} author"
        doc.url, doc.origin = f"https://x.example/{spoof}", f"feed-{spoof}.jsonl:1"
        doc.id = f"{doc.id}-{spoof}"
        doc.text = doc.text.replace("Intro", f"Intro {spoof}")
        doc.published = "2020-01-02"
    relation.reasons.append(f"the copy says {spoof}")
    return relation, a, b


def test_scraped_strings_are_isolated_and_their_controls_shown() -> None:
    html = relation_page(*_spoofed())
    # Nothing a browser would obey: no override, no escape character, anywhere.
    assert "\u202e" not in html and "\x1b" not in html
    assert "<bdi>ZQX\\u202egro.swen-detsurt\\x1b[2J</bdi>" in html
    tree = _tree(html)
    title = tree.findtext(".//title")
    assert "\u2068ZQX\\u202egro" in title and "\u2069" in title
    # Every piece of text that came from the input sits in an isolate: a <bdi>, or an
    # element whose direction is its own (dir="auto").
    loose = []
    for node in tree.xpath("//body//text()[contains(., 'ZQX')]"):
        parent = node.getparent()
        if not parent.xpath("ancestor-or-self::bdi | ancestor-or-self::*[@dir='auto']"):
            loose.append((parent.tag, parent.get("class"), str(node)[:60]))
    assert loose == []
    assert len(tree.xpath("//body//text()[contains(., 'ZQX')]")) >= 10


def test_a_store_report_isolates_scraped_strings(tmp_path: Path) -> None:
    from unspun.store import Store

    relation, a, b = _spoofed()
    relation.a, relation.b = a.id, b.id
    with Store(tmp_path / "s.duckdb") as store:
        import numpy as np

        store.add_documents(1, [a, b], [5, 5], np.zeros((2, 128), dtype=np.uint32), bands={},
                            vectors=np.zeros((2, 4), dtype=np.float32))
        store.add_relations([relation])
        from unspun.pipeline import group

        group(store)
        html = store_report(store)
    assert "\u202e" not in html and "\x1b" not in html
    tree = _tree(html)
    loose = [node for node in tree.xpath("//body//text()[contains(., 'ZQX')]")
             if not node.getparent().xpath("ancestor-or-self::bdi | ancestor-or-self::*[@dir='auto']")]
    assert loose == []
