"""The cheap first look at a pair: is there shared text worth measuring as a copy?"""

from __future__ import annotations

from dataclasses import dataclass

from ..align import Prepared, Scores
from ..config import RelateConfig
from ..records import Alignment
from .features import COVER_HIT, side_cover


@dataclass(slots=True)
class Evidence:
    """The cheap first look at a pair: is there shared text worth measuring as a copy?

    Shared names alone are not: any two articles on the same people share them (PAN's
    "summary" pairs mostly share only a few names with their source, see
    ``scripts/fit_relate.py``); a copy must align at least one sentence, one-to-one or
    many-to-one.
    """

    pairs: int  # aligned sentence pairs
    #: Sentences of one text held by a window of the other (many-to-one): of the copy,
    #: or the more of both texts when the copy's fall short.
    cover: int = 0

    def worth_measuring(self, config: RelateConfig) -> bool:
        return self.pairs >= config.min_aligned_pairs or self.cover >= config.min_cover_hits


def evidence(a: Prepared, b: Prepared, alignment: Alignment, scores: Scores | None,
             config: RelateConfig, copy_is_a: bool = False) -> Evidence:
    """Aligned pairs and (only if those fall short) many-to-one window cover.

    The cover of the side read as the copy (``copy_is_a``) comes first: ``features``
    reads it too, and the other side's is needed only when it falls short.
    """
    found = Evidence(pairs=len(alignment.pairs))
    if found.pairs >= config.min_aligned_pairs or scores is None:
        return found
    if scores.a_words is None or scores.b_weights is None or scores.a_weights is None:
        return found
    # A copy sentence can only be held by a window if it shares words with some source
    # sentence: skip the window products when no sentence pair shares a third of its words.
    if float(scores.containment.max(initial=0.0)) < COVER_HIT / 2:
        return found
    copy, other = (a, b) if copy_is_a else (b, a)
    found.cover = side_cover(copy, scores, copy_is_a)[0]
    if found.cover < config.min_cover_hits:
        found.cover = max(found.cover, side_cover(other, scores, not copy_is_a)[0])
    return found
