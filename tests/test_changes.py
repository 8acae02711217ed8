"""Each kind of change is found, with its spans, on a real article copied with known edits.

The article is the scrapinghub benchmark's ground truth (``articleBody``) of one page;
the tests skip when ../shared/data is absent.
"""

from __future__ import annotations

import json

import pytest
from helpers import shared

from unspun import compare
from unspun.changes import name_changes
from unspun.records import Change, Relation

ARTICLE = "08f793762792bd252c75fb57544cdf506ffcc04785136cb87503f02364b82b56"


@pytest.fixture(scope="module")
def source() -> str:
    truth = json.loads(shared("article-extraction", "ground-truth.json").read_text())
    return truth[ARTICLE]["articleBody"]


def _changes(relation: Relation, kind: str) -> list[Change]:
    return [c for c in relation.changes if c.kind == kind]


def _located(change: Change, source: str, copy: str) -> None:
    """Both spans point at the text the change quotes."""
    if change.source_span is not None:
        s0, s1 = change.source_span
        assert change.source_text == source[s0:s1]
    if change.copy_span is not None:
        c0, c1 = change.copy_span
        assert change.copy_text == copy[c0:c1]


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_verbatim_copy_has_no_changes(source: str) -> None:
    relation = compare(source, source)
    assert relation.kind == "verbatim"
    assert relation.changes == []


def test_reworded_quotation(source: str) -> None:
    copy = _edit(source, "He was protecting himself. I don't blame him.",
                 "He was defending himself. I do not fault him at all.")
    relation = compare(source, copy)
    assert relation.kind in {"verbatim", "near-duplicate"}
    quotes = _changes(relation, "quote")
    assert len(quotes) == 1
    assert "protecting himself" in quotes[0].source_text
    assert "defending himself" in quotes[0].copy_text
    _located(quotes[0], source, copy)


def test_garbled_name(source: str) -> None:
    copy = _edit(source, "Larry Ogunjobi", "Larry Ogunjobe")
    relation = compare(source, copy)
    names = _changes(relation, "name")
    assert [(c.source_text, c.copy_text) for c in names] == [("Larry Ogunjobi", "Larry Ogunjobe")]
    _located(names[0], source, copy)
    assert names[0].source_span[0] == source.index("Larry Ogunjobi")


@pytest.mark.parametrize(("written", "restyled", "garbled"), [
    ("Geoff Mulvihill", "GEOFF MULVIHILL", "Geoff Mulvehill"),  # a byline in capitals
    ("O\u2019Rourke", "O'Rourke", "O'Rurke"),  # a curly apostrophe
    ("Guant\u00e1namo Bay", "Guantanamo Bay", "Guantanemo Bay"),  # accents a style book drops
])
def test_a_name_restyled_is_no_name_change(written: str, restyled: str, garbled: str) -> None:
    sentence = "The detainees at {} were moved on Tuesday, the officials said."
    assert name_changes(sentence.format(written), sentence.format(restyled), 0, 0) == []
    changed = name_changes(sentence.format(written), sentence.format(garbled), 0, 0)
    assert [c.copy_text for c in changed] == [garbled]


def test_changed_number(source: str) -> None:
    copy = _edit(source, "$250,000", "$350,000")
    relation = compare(source, copy)
    figures = _changes(relation, "number")
    assert [(c.source_text, c.copy_text) for c in figures] == [("$250,000", "$350,000")]
    _located(figures[0], source, copy)


def test_inserted_spam(source: str) -> None:
    spam = "Buy cheap jerseys at www.jersey-outlet-shop.com, the best solution for fans!"
    cut = source.index("\n\nBrowns DL Sheldon")
    copy = source[:cut] + "\n\n" + spam + source[cut:]
    relation = compare(source, copy)
    assert relation.kind in {"verbatim", "near-duplicate"}
    inserted = _changes(relation, "inserted")
    assert len(inserted) == 1 and inserted[0].copy_text == spam
    assert inserted[0].copy_span == (cut + 2, cut + 2 + len(spam))


def test_omitted_and_added_passages(source: str) -> None:
    paragraphs = source.split("\n\n")
    dropped = paragraphs[3]
    added = ("The league office declined to comment on the appeal process on Tuesday. "
             "Several former players criticised the length of the suspension in "
             "interviews with local radio stations across Ohio and Pennsylvania.")
    copy = "\n\n".join(paragraphs[:3] + paragraphs[4:] + [added])
    relation = compare(source, copy)
    assert relation.is_copy and relation.partial is False or relation.is_copy
    omitted = _changes(relation, "omitted")
    assert any(c.source_text and c.source_text in dropped for c in omitted)
    for c in omitted:
        _located(c, source, copy)
    additions = _changes(relation, "added")
    assert any(added.startswith(c.copy_text[:40]) for c in additions)
    for c in additions:
        _located(c, source, copy)


# --- real garbled names: PAN 2013 translation and random obfuscation pairs ----------------

def _pan_pair(suspicious: str, source: str) -> tuple[str, str]:
    from unspun.eval.pan13 import read

    root = shared("pan13")
    return read(root / "src" / source), read(root / "susp" / suspicious)


@pytest.mark.parametrize("suspicious, source, original, garbled", [
    # Round-trip translation respells a place name and swaps a surname.
    ("suspicious-document00019.txt", "source-document00964.txt", "Abu-Rawash", "Aburawasshu"),
    ("suspicious-document00035.txt", "source-document00608.txt", "Mary Worcester",
     "Mary Lester"),
])
def test_names_garbled_by_machine_translation(suspicious: str, source: str, original: str,
                                              garbled: str) -> None:
    src, susp = _pan_pair(suspicious, source)
    relation = compare(src, susp)
    assert relation.is_copy and relation.partial
    names = [c for c in _changes(relation, "name")
             if {c.source_text, c.copy_text} == {original, garbled}]
    assert names, [(c.source_text, c.copy_text) for c in _changes(relation, "name")]
    source_text, copy_text = (src, susp) if relation.source in ("a", None) else (susp, src)
    _located(names[0], source_text, copy_text)


# --- a real republication with known edits: news-bias copy pair ---------------------------

def test_syndicated_column_with_a_credit_line() -> None:
    """The USA Today copy of a Courier-Journal column (news-bias copy pair) adds a credit."""
    import gzip

    from unspun.records import Document

    wanted = {"OwN5m6aTzodMK8Xa", "v9aR4HZQOPviqqr8"}
    rows = {}
    with gzip.open(shared("news-bias", "articles.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in wanted:
                rows[row["id"]] = row
    original, copy = rows["OwN5m6aTzodMK8Xa"], rows["v9aR4HZQOPviqqr8"]
    relation = compare(Document(original["id"], original["text"], published=original["date"]),
                       Document(copy["id"], copy["text"], published=copy["date"]))
    assert relation.kind in {"verbatim", "near-duplicate"}
    assert relation.source == "a"  # the Courier-Journal column came first
    added = " ".join(c.copy_text for c in relation.changes if c.kind in ("added", "inserted"))
    assert "first appeared" in added
