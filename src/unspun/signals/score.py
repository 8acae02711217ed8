"""A site's farm score: its signal rates, weighted and squashed into [0, 1].

    farm_score = 1 - exp(-(w_1 r_1 + w_2 r_2 + ...))

``r_s`` is the share of the site's documents carrying signal ``s`` and ``w_s`` its weight
(``rules.SIGNALS``). Each weighted rate adds evidence; the squash keeps the score below 1
and reads as the chance that at least one independent piece of evidence is right. A site
where every page is an uncredited copy scores 1 - e^-1 = 0.63 on that alone; spinning
every page as well, 0.86; a site with no signal, 0.

A site's rates rest on few documents when it has few: the score's interval is the score
at the low and at the high ends of the 95% Wilson interval of each rate it shows, and of
its rate of uncredited copies even when none was seen (the score grows with every rate,
so it lies between the two).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .rules import SIGNALS

#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k`` / ``n`` ((0, 1) when n is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def farm_score(rates: Mapping[str, float]) -> float:
    """``1 - exp(-sum of weight x rate)`` over the signals of ``rates`` (shares in [0, 1])."""
    total = sum(SIGNALS[s].weight * r for s, r in rates.items() if s in SIGNALS)
    return 1.0 - math.exp(-total)


def farm_score_interval(counts: Mapping[str, int], documents: int) -> tuple[float, float]:
    """The farm score at the low and at the high end of the Wilson interval of each rate
    the site shows, and of its ``copied`` rate even when it shows none: with few
    documents, no copy seen is not no copy."""
    shown = {s for s, k in counts.items() if k and s in SIGNALS} | {"copied"}
    bounds = {s: wilson(counts.get(s, 0), documents) for s in shown}
    rates = {s: counts.get(s, 0) / documents if documents else 0.0 for s in counts}
    return (farm_score({**rates, **{s: lo for s, (lo, _) in bounds.items()}}),
            farm_score({**rates, **{s: hi for s, (_, hi) in bounds.items()}}))
