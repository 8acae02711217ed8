"""PAN's plagdet measures on hand-made cases (values worked out by hand)."""

from __future__ import annotations

import math

import pytest

from unspun.eval.plagdet import Span, plagdet


def test_exact_detection_scores_one() -> None:
    case = Span("p", (100, 200), (0, 100))
    result = plagdet([case], [case])
    assert result["plagdet"] == 1.0 and result["granularity"] == 1.0


def test_half_detection_and_split_detections() -> None:
    case = Span("p", (0, 100), (0, 100))
    halves = [Span("p", (0, 50), (0, 50)), Span("p", (50, 100), (50, 100))]
    result = plagdet([case], halves)
    assert result["precision"] == 1.0 and result["recall"] == 1.0
    assert result["granularity"] == 2.0
    assert result["plagdet"] == pytest.approx(1 / math.log2(3), abs=1e-4)
    # A detection must overlap the case in both documents to count.
    miss = plagdet([case], [Span("p", (0, 100), (500, 600))])
    assert miss["recall"] == 0.0 and miss["precision"] == 0.0


def test_partial_overlap_is_character_level() -> None:
    case = Span("p", (0, 100), (0, 100))
    result = plagdet([case], [Span("p", (50, 150), (50, 150))])
    assert result["recall"] == pytest.approx(0.5) and result["precision"] == pytest.approx(0.5)
