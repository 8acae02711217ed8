"""The news-pairs scoring: definitions on tiny fixtures, and a cached scan of the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun.eval import news
from unspun.eval.news import LabelledPair, Outcome, outcomes, score, score_set

DEMO = Path(__file__).resolve().parents[2] / "src" / "unspun" / "demo" / "corpus"


def _label(pair: str, relation: str, source: str | None = None, confidence: str = "high"
           ) -> LabelledPair:
    return LabelledPair(pair, f"{pair}a", f"{pair}b", relation, source, confidence)


def _relation(pair: str, kind: str, partial: bool = False, source: str | None = None
              ) -> dict:
    return {"a": f"{pair}a", "b": f"{pair}b", "kind": kind, "partial": partial,
            "source": f"{pair}{source}" if source else None}


def test_load_labels_reads_the_files_fields(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"pair": "p1", "relation": "digest", "source": "a",
                                "confidence": "low", "note": "why", "a": "x", "b": "y"})
                    + "\n\n")
    (label,) = news.load_labels(path)
    assert label == LabelledPair("p1", "x", "y", "digest", "a", "low", "why")
    assert label.is_copy and label.source_id == "x"
    assert LabelledPair("p", "x", "y", "verbatim", "unknown", "high").source_id is None


def test_kind_right_follows_the_mapping() -> None:
    assert news.kind_right("verbatim", "verbatim", True)
    assert not news.kind_right("verbatim", "near-duplicate", False)
    assert news.kind_right("rewrite", "spun", False) and news.kind_right("rewrite",
                                                                          "translated", True)
    # An excerpt is a short part of its source: partial is required.
    assert news.kind_right("excerpt", "verbatim", True)
    assert not news.kind_right("excerpt", "verbatim", False)
    assert news.kind_right("digest", "near-duplicate", False)
    assert not news.kind_right("digest", "summary", True)
    assert set(news.EXPECTED) == news.COPY_LABELS


def test_containment_is_shared_five_grams_over_the_smaller_side() -> None:
    long = news.shingles("one two three four five six seven eight nine ten")
    short = news.shingles("ONE two three four five six, eleven")  # 3 grams, 2 shared
    assert len(long) == 6 and len(short) == 3
    assert news.containment(short, long) == pytest.approx(2 / 3, abs=1e-4)
    assert news.containment(long, short) == pytest.approx(2 / 3, abs=1e-4)
    assert news.containment(news.shingles("too short"), long) == 0.0


def test_scores_count_precision_recall_kind_origin_and_families() -> None:
    labels = [
        _label("p1", "verbatim", "a"),  # found, right kind, right origin
        _label("p2", "near-duplicate", "b", "low"),  # found as translated, origin reversed
        _label("p3", "excerpt", "a"),  # not found
        _label("p4", "shared-quote"),  # called a copy: a false copy, glued
        _label("p5", "same-story"),  # same-story: right
    ]
    relations = {("p1a", "p1b"): _relation("p1", "verbatim", True, "a"),
                 ("p2a", "p2b"): _relation("p2", "translated", True, "a"),
                 ("p4a", "p4b"): _relation("p4", "spun", True, None),
                 ("p5a", "p5b"): _relation("p5", "same-story")}
    families = {"p1a": "f1", "p1b": "f1", "p2a": "f2", "p2b": "f3", "p4a": "f4", "p4b": "f4"}
    rows = outcomes(labels, relations, families)
    assert [o.called for o in rows] == [True, True, False, True, False]
    assert [o.found for o in rows] == ["verbatim+partial", "translated+partial", "none",
                                       "spun+partial", "same-story"]
    figures = score(rows)
    assert figures["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["kind_accuracy"] == 0.5
    assert figures["origin_accuracy"] == pytest.approx(1 / 3, abs=1e-4)  # p3 not found counts wrong
    assert figures["origin_accuracy_found"] == 0.5
    assert figures["origin_reversed"] == 1
    assert figures["same_family"] == pytest.approx(1 / 3, abs=1e-4)
    assert (figures["non_copies"], figures["non_copies_glued"]) == (2, 1)
    both = score_set(rows)
    assert both["high"]["copies"] == 2 and both["high"]["precision"] == 0.5
    assert both["confusion"]["near-duplicate"] == {"translated+partial": 1}


def test_no_relation_and_no_calls_give_no_precision() -> None:
    rows = [Outcome(_label("p1", "unrelated"), None, False)]
    figures = score(rows)
    assert figures["precision"] is None and figures["recall"] is None
    assert figures["called"] == 0


def test_a_scanned_corpus_is_cached_and_scored(tmp_path: Path) -> None:
    from unspun.eval.scanned import cached_scan
    from unspun.store import Store

    rows = [json.loads(line) for line in open(DEMO / "articles.jsonl", encoding="utf-8")]
    db = cached_scan("demo", rows, cache_dir=tmp_path, workers=1)
    stamp = db.stat().st_mtime_ns
    assert cached_scan("demo", rows, cache_dir=tmp_path, workers=1) == db
    assert db.stat().st_mtime_ns == stamp  # opened, not scanned again
    expected = json.loads((DEMO.parent / "expected.json").read_text())
    labels = [LabelledPair(f"d{i}", p["a"], p["b"], "verbatim", "unknown", "high")
              for i, p in enumerate(expected["real_copy_pairs"])]
    with Store(db, read_only=True) as store:
        relations = {(r["a"], r["b"]): r for r in store.relations()}
        family_of = {m: f.family for f in store.families() for m in f.members}
        texts = news.Texts(store)
        shares, low = news.copy_containment(list(relations.values()), texts)
    figures = score(outcomes(labels, relations, family_of))
    assert figures["recall"] == 1.0 and figures["precision"] == 1.0
    assert shares["copy_relations"] >= len(labels)
    assert all(value < news.LOW_CONTAINMENT for _, value in low)
    # Another corpus under the same name replaces the stored index.
    other = cached_scan("demo", rows[:10], cache_dir=tmp_path, workers=1)
    assert other != db and not db.exists()


@pytest.mark.slow
def test_the_syndication_set_is_scored_on_a_full_scan(tmp_path: Path) -> None:
    from helpers import shared

    from unspun.eval.run import run_eval

    result = run_eval("news", "syndication", shared(), cache_dir=tmp_path,
                      dump_dir=tmp_path / "dump")
    figures = result["syndication"]
    assert figures["documents"] == 680 and figures["labelled_documents_missing"] == []
    assert figures["all"]["pairs"] == 50 and figures["all"]["copies"] == 28
    assert figures["high"]["pairs"] < 50
    assert 0 < figures["copy_containment"]["under"] < figures["copy_containment"][
        "copy_relations"]
    dumped = (tmp_path / "dump" / "pairs-syndication.jsonl").read_text().splitlines()
    assert len(dumped) == 50 and json.loads(dumped[0])["a_head"]
    assert len((tmp_path / "dump" / "low-containment-syndication.jsonl").read_text()
               .splitlines()) == 40
