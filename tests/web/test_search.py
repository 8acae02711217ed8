"""The search index: the same postings however it is batched, and the documents that
hold every query word, ranked by BM25 from counts made here with ``words()``."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from unspun.store import Store
from unspun.text import words
from unspun.web import search


@pytest.fixture(scope="module")
def texts(index: Path) -> dict[str, tuple[str, str]]:
    with Store(index, read_only=True) as store:
        rows = store.con.execute("SELECT id, coalesce(title, ''), text FROM documents"
                                 ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _build(index: Path) -> search.SearchIndex:
    with Store(index, read_only=True) as store:
        return search.SearchIndex.build(store)


def _postings(built: search.SearchIndex) -> set[tuple[int, str, int]]:
    out = set()
    for t, term in enumerate(built.terms.tolist()):
        for at in range(built.starts[t], built.starts[t + 1]):
            out.add((term, built.ids[built.docs[at]], int(built.counts[at])))
    return out


def test_batches_and_buckets_do_not_change_the_postings(
        index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _build(index)
    monkeypatch.setattr(search, "_BATCH", 7)
    batched = _build(index)
    assert np.all(np.diff(batched.terms.astype(np.float64)) > 0)  # sorted, distinct
    assert _postings(batched) == _postings(whole)
    assert sorted(batched.ids) == sorted(whole.ids)


@pytest.mark.parametrize("query", ["inspector general", "the", "Atkinson", "pwned script",
                                   "zzzqqx", "said"])
def test_every_query_word_must_occur_and_scores_are_bm25(
        index: Path, texts: dict[str, tuple[str, str]], query: str) -> None:
    built = _build(index)
    found, scores = built.search(query)
    got = {built.ids[i]: float(s) for i, s in zip(found.tolist(), scores.tolist(),
                                                   strict=True)}
    bags = {i: Counter(words(t + "\n" + x)) for i, (t, x) in texts.items()}
    title_bags = {i: set(words(t)) for i, (t, _) in texts.items()}
    wanted = set(words(query))
    expected = {i for i, bag in bags.items() if all(bag[w] for w in wanted)}
    assert set(got) == expected
    n = len(bags)
    average = sum(sum(b.values()) for b in bags.values()) / n
    for doc in expected:
        score = 0.0
        for w in wanted:
            df = sum(1 for b in bags.values() if b[w])
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = bags[doc][w]
            norm = tf + 1.2 * (1 - 0.75 + 0.75 * sum(bags[doc].values()) / average)
            score += idf * tf * 2.2 / norm + (2.0 * idf if w in title_bags[doc] else 0.0)
        assert got[doc] == pytest.approx(score, rel=1e-4), doc
