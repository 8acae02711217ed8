"""SemEval-2022 Task 8 (English–English pairs): Pearson of our similarity with the ratings.

The human ``Overall`` rating runs from 1 (very similar) to 4 (very dissimilar), so the
figure reported is the correlation of :func:`similarity` with ``-Overall``: positive when
we agree with the raters. Its weights are fitted on the train pairs
(``scripts/fit_relate.py``) and read from the packaged model parameters.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..align import Prepared
from ..fingerprint.immutables import anchor_tokens
from ..kind_model import load_model
from ..relate.overlap import (
    _anchors,
    best_mean,
    centred_cosine,
    containment,
    content_bigrams,
    rare_overlap,
    shared_count,
    specific_anchors,
)

FILES = {"train": "pairs_train.csv.gz", "test": "pairs_test.csv.gz"}


def load(data_dir: Path, split: str, sample: int | None = None) -> list[tuple[float, str, str]]:
    """(Overall, text 1, text 2) of the English–English pairs of a split."""
    if split not in FILES:
        raise ValueError(f"SemEval has splits {', '.join(FILES)}, not {split!r}")
    raw = gzip.decompress((data_dir / "semeval2022" / FILES[split]).read_bytes())
    rows = [
        (float(r["Overall"]), r["text1"], r["text2"])
        for r in csv.DictReader(io.StringIO(raw.decode("utf-8", errors="replace")))
        if r["lang1"] == "en" and r["lang2"] == "en" and r["Overall"]
    ]
    return rows[:sample] if sample else rows


def terms(rows: list[tuple[float, str, str]], fn: Callable[[Any, Any], Any]) -> list[Any]:
    """``fn(a, b)`` over the prepared texts of every row (one encoder call for all)."""
    from ..align import prepare_many
    from ..fingerprint.embed import default_encoder
    from ..text import normalize

    prepared = prepare_many([normalize(t) for _, x, y in rows for t in (x, y)],
                            default_encoder())
    return [fn(prepared[2 * k], prepared[2 * k + 1]) for k in range(len(rows))]


#: The terms of ``similarity``, in the order of their fitted weights.
SIMILARITY_TERMS: tuple[str, ...] = (
    "document", "centred", "anchors", "words", "bigrams", "rare", "names", "sentences")


def similarity_terms(a: Prepared, b: Prepared) -> list[float]:
    """What story similarity is made of: subject, shared names, shared wording."""
    if not a.sentences or not b.sentences:
        return [0.0] * len(SIMILARITY_TERMS)
    words_a, bigrams_a = content_bigrams(a)
    words_b, bigrams_b = content_bigrams(b)
    shared = shared_count(words_a, words_b)
    union = len(words_a) + len(words_b) - shared
    rare, _ = rare_overlap(a, b)
    semantic = a.vectors @ b.vectors.T
    # How well the best sentences of the shorter text find a counterpart.
    rows = semantic if semantic.shape[0] <= semantic.shape[1] else semantic.T
    return [
        float(a.doc_vector() @ b.doc_vector()),
        centred_cosine(a, b),
        _anchor_overlap(a, b),
        shared / union if union else 0.0,
        containment(bigrams_a, bigrams_b),
        rare,
        float(np.log1p(len(specific_anchors(a, b)))),
        best_mean(rows, top=3),
    ]


def similarity(a: Prepared, b: Prepared) -> float:
    """How alike two texts are in subject and wording, in [0, 1] (story similarity)."""
    if not a.sentences or not b.sentences:
        return 0.0
    weights = load_model()["similarity"]
    value = weights.get("bias", 0.0) + sum(
        weights.get(name, 0.0) * x
        for name, x in zip(SIMILARITY_TERMS, similarity_terms(a, b), strict=True))
    return float(min(1.0, max(0.0, value)))


def _anchor_overlap(a: str | Prepared, b: str | Prepared) -> float:
    """Jaccard of the names and figures of two texts."""
    sa = _anchors(a) if isinstance(a, Prepared) else set(anchor_tokens(a))
    sb = _anchors(b) if isinstance(b, Prepared) else set(anchor_tokens(b))
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def scores(rows: list[tuple[float, str, str]]) -> list[float]:
    return terms(rows, similarity)


def pearson(x: list[float], y: list[float]) -> float:
    if len(x) < 2 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def evaluate(data_dir: Path, split: str = "test", sample: int | None = None) -> dict[str, Any]:
    rows = load(data_dir, split, sample)
    ours = scores(rows)
    return {"benchmark": "semeval", "split": split, "pairs": len(rows),
            "pearson": round(pearson(ours, [-overall for overall, _, _ in rows]), 4)}
