"""The extraction benchmark's metric, and the benchmark itself (slow)."""

from __future__ import annotations

import pytest
from helpers import shared

from unspun.eval.extraction import evaluate_extraction, page_scores
from unspun.records import Document


def test_page_scores() -> None:
    truth = "one two three four five six"
    assert page_scores(truth, truth) == (1.0, 1.0)
    precision, recall = page_scores("one two three four five", truth)
    assert (precision, recall) == (1.0, pytest.approx(2 / 3))
    assert page_scores("", truth) == (0.0, 0.0)
    assert page_scores("", "") == (1.0, 1.0)


@pytest.mark.slow
def test_benchmark_f1_floor() -> None:
    def drop_last_line(doc: Document) -> Document:
        doc.text = "\n".join(doc.text.split("\n")[:-1])
        return doc

    result = evaluate_extraction(shared("article-extraction"), clean=drop_last_line)
    assert result["pages"] == 181
    assert 0 < result["lost_sentences_by_cleaning"] < 0.2
    plain = evaluate_extraction(shared("article-extraction"))
    assert plain["f1"] >= 0.958
    assert plain["lost_sentences_by_cleaning"] is None
