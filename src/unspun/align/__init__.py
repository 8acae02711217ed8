"""Align: each candidate pair sentence by sentence, on a combined lexical and semantic score.

Each pair of sentences gets a lexical score (Dice and containment of stemmed content
words) and a semantic score (cosine of static sentence embeddings); a greedy one-to-one
matching on the combined score aligns them, then neighbouring source sentences folded
into one copy sentence are merged (a summary condenses several sentences into one).
Everything per pair is a matrix operation over the two texts.
"""

from .matching import align
from .passage import Passage, copied_spans, passages
from .prepare import Prepared, prepare_many, stem
from .scores import (
    Matrix,
    Scores,
    distinct_ids,
    score,
    sorted_distinct,
    sorted_member,
    window_cover,
)

__all__ = [
    "Matrix", "Passage", "Prepared", "Scores", "align", "copied_spans", "distinct_ids", "passages",
    "prepare_many", "score", "sorted_distinct", "sorted_member", "stem", "window_cover",
]
