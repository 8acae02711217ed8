"""The farm score formula and its interval."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from unspun.signals.rules import SIGNALS
from unspun.signals.score import farm_score, farm_score_interval, wilson


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1), (0, 10), (3, 10), (10, 10), (7, 250),
                                      (120, 121)])
def test_wilson_interval_is_scipys(k: int, n: int) -> None:
    interval = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson(k, n) == pytest.approx((interval.low, interval.high), abs=1e-9)


def test_score_is_the_squashed_weighted_sum_of_rates() -> None:
    assert farm_score({}) == 0.0
    assert farm_score({"copied": 1.0}) == pytest.approx(1 - math.exp(-1))
    assert farm_score({"copied": 1.0, "spun": 1.0}) == pytest.approx(1 - math.exp(-2))
    rates = {"ai-prompt": 0.1, "copied": 0.5, "hashtags": 0.2}
    total = sum(SIGNALS[s].weight * r for s, r in rates.items())
    assert farm_score(rates) == pytest.approx(1 - math.exp(-total))
    # Credited republication weighs nothing.
    assert farm_score({"republished": 1.0}) == 0.0


def test_every_weight_is_stated_and_not_negative() -> None:
    assert all(rule.weight >= 0 and rule.means and rule.reason for rule in SIGNALS.values())
    assert SIGNALS["republished"].weight == 0
    assert SIGNALS["ai-prompt"].weight > SIGNALS["copied"].weight > SIGNALS["hashtags"].weight


def test_the_interval_holds_the_score_and_narrows_with_documents() -> None:
    widths = []
    for n in (5, 20, 100, 1000):
        counts = {"copied": 2 * n // 5, "spam": n // 5}
        low, high = farm_score_interval(counts, n)
        score = farm_score({s: k / n for s, k in counts.items()})
        assert low <= score <= high
        widths.append(high - low)
    assert widths == sorted(widths, reverse=True) and widths[0] > 0.4 and widths[-1] < 0.1
    # No copy seen among few documents is not no copy: the high end says so.
    assert farm_score_interval({}, 3)[1] > 0.3
    assert farm_score_interval({}, 1000)[1] < 0.01
