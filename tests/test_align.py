"""Sentence alignment: score matrices, many-to-one window cover, per-document caches."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.align import align, prepare_many, score, window_cover
from unspun.align.scores import _DENSE_CELLS
from unspun.config import AlignConfig
from unspun.fingerprint.embed import default_encoder
from unspun.text import rarity

SOURCE = (
    "The city council met on Tuesday to discuss the new budget. "
    "Councillor Maria Okonkwo proposed a tax on vacant properties. "
    "She said the levy would raise four million dollars a year. "
    "The money would fund affordable housing near the harbour. "
    "Opponents argued that landlords would pass the cost to tenants. "
    "A vote is expected next month."
)
# One sentence condensing three consecutive source sentences.
SUMMARY = ("Okonkwo proposed a vacant properties levy that would raise four million dollars "
           "yearly for affordable harbour housing.")


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


def test_everyday_words_weigh_less_than_names() -> None:
    assert rarity("said") < rarity("harbour") < rarity("okonkwo")
    assert rarity("the") == 0.0


def test_a_condensed_sentence_is_held_by_a_window_of_source_sentences(encoder) -> None:
    source, summary = prepare_many([SOURCE, SUMMARY], encoder)
    s = score(source, summary, AlignConfig())
    # No single source sentence holds the summary sentence, a window of three does.
    single, _ = window_cover(s.b_weights, summary.masses, s.a_words, sizes=(1,))
    cover, start = window_cover(s.b_weights, summary.masses, s.a_words)
    assert cover[0] > single[0] and cover[0] >= 0.6
    assert start[0] in (1, 2)


def test_sparse_and_dense_scores_agree(encoder, monkeypatch) -> None:
    a, b = prepare_many([SOURCE, SOURCE.replace("Tuesday", "Monday")], encoder)
    dense = score(a, b, AlignConfig())
    monkeypatch.setattr("unspun.align.scores._DENSE_CELLS", 0)
    sparse = score(a, b, AlignConfig())
    assert _DENSE_CELLS > 0
    np.testing.assert_allclose(dense.combined, sparse.combined, rtol=1e-6)
    cover_d, _ = window_cover(dense.b_weights, b.masses, dense.a_words)
    cover_s, _ = window_cover(sparse.b_weights, b.masses, sparse.a_words)
    np.testing.assert_allclose(cover_d, cover_s, rtol=1e-6)


def test_identical_texts_align_sentence_by_sentence(encoder) -> None:
    a, b = prepare_many([SOURCE, SOURCE], encoder)
    alignment = align(a, b)
    assert [(p.a, p.b, p.op) for p in alignment.pairs] == [
        ((i, i + 1), (i, i + 1), "same") for i in range(len(a.sentences))]
    assert alignment.coverage_a == alignment.coverage_b == 1.0


def test_word_ids_are_stable_across_processes(encoder) -> None:
    # The ids are a fixed hash, never Python's per-process salted hash().
    (p,) = prepare_many(["Okonkwo proposed a levy."], encoder)
    (q,) = prepare_many(["A levy, Okonkwo proposed."], encoder)
    assert sorted(p.ids.tolist()) == sorted(q.ids.tolist())
    assert sorted(p.ids.tolist()) == [623888166, 1309968772, 3487960572]  # crc32 of stems


def test_the_word_table_gives_each_word_its_stem_and_rarity_across_batches(monkeypatch):
    from unspun.align import prepare as align

    monkeypatch.setattr(align._WordTable, "_MAX_WORDS", 8)  # forces clearing in between
    table = align._WordTable()
    batches = [["The council's levy, the levy!", "", "Okonkwo said"],
               ["Harbour housing and the council", "don't panic"], []]
    for batch in batches:
        stems, rarities, text = table.look_up(batch)
        expected = [(i, w) for i, t in enumerate(batch) for w in align.words(t)]
        assert text.tolist() == [i for i, _ in expected]
        assert stems.tolist() == [-1 if w in align.STOPWORDS else align._stem_id(align.stem(w))
                                  for _, w in expected]
        assert rarities.tolist() == [rarity(w) for _, w in expected]
        assert len(table._number) <= max(8, len({w for _, w in expected}))


@pytest.mark.parametrize(("suspicious", "source"), [
    # The segmenter cut the copied sentence's source in two (a sentence over its length
    # limit), so only its second half was aligned: the passage must still start where the
    # copy starts.
    ("suspicious-document00880", "source-document01295"),
    # Two runs of aligned sentences inside one copied passage: one detection, not two.
    ("suspicious-document00880", "source-document00274"),
])
def test_copied_passages_reach_the_edges_of_the_copied_text(suspicious: str,
                                                            source: str) -> None:
    import xml.etree.ElementTree as ET

    from helpers import shared

    from unspun import compare

    root = shared("pan13")
    source_text = (root / "src" / f"{source}.txt").read_text(encoding="utf-8", errors="replace")
    copy_text = (root / "susp" / f"{suspicious}.txt").read_text(encoding="utf-8",
                                                                errors="replace")
    truth = ET.parse(root / "truth-repaired" / f"{suspicious}-{source}.xml").getroot()
    (case,) = [f for f in truth.iter("feature") if f.get("name") == "plagiarism"]
    start = int(case.get("this_offset"))
    end = start + int(case.get("this_length"))
    found = [b for _, b in compare(source_text, copy_text).passages
             if b[0] < end and start < b[1]]
    assert len(found) == 1
    overlap = min(end, found[0][1]) - max(start, found[0][0])
    assert overlap >= 0.98 * (end - start)
