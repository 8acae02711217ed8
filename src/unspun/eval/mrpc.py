"""MRPC sentence-pair paraphrase: accuracy and F1 of :func:`paraphrase_score`.

The decision threshold is fitted on the train file (``scripts/fit_relate.py``) and read
from the packaged model parameters; the test file is never used to choose it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..align import Prepared, stem
from ..kind_model import load_model
from ..text import content_words
from . import f1

FILES = {"train": "msr_paraphrase_train.txt", "test": "msr_paraphrase_test.txt"}


def load(data_dir: Path, split: str, sample: int | None = None) -> list[tuple[int, str, str]]:
    """(label, sentence 1, sentence 2) rows; ``sample`` keeps the first rows (a fixed set)."""
    if split not in FILES:
        raise ValueError(f"MRPC has splits {', '.join(FILES)}, not {split!r}")
    path = data_dir / "mrpc" / FILES[split]
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 5 and row[0] in {"0", "1"}:
                rows.append((int(row[0]), row[3], row[4]))
    return rows[:sample] if sample else rows


def terms(rows: list[tuple[int, str, str]]) -> list[tuple[float, float]]:
    """:func:`paraphrase_terms` of every row (one encoder call for all sentences)."""
    from ..align import prepare_many
    from ..fingerprint.embed import default_encoder

    prepared = prepare_many([t for _, x, y in rows for t in (x, y)], default_encoder())
    return [paraphrase_terms(prepared[2 * k], prepared[2 * k + 1]) for k in range(len(rows))]


def scores(rows: list[tuple[int, str, str]]) -> list[float]:
    """Our paraphrase score of every row."""
    weight = load_model()["paraphrase_semantic_weight"]
    return [weight * cosine + (1 - weight) * dice for cosine, dice in terms(rows)]


def paraphrase_terms(a: Prepared, b: Prepared) -> tuple[float, float]:
    """What the paraphrase score weighs: the cosine of the two sentences' vectors and the
    Dice overlap of their content-word stems (both 0 for an empty sentence)."""
    if not a.sentences or not b.sentences:
        return 0.0, 0.0
    cosine = float(a.doc_vector() @ b.doc_vector())
    sa = {stem(w) for w in content_words(a.text)}
    sb = {stem(w) for w in content_words(b.text)}
    dice = 2 * len(sa & sb) / (len(sa) + len(sb)) if sa or sb else 0.0
    return cosine, dice


def paraphrase_score(a: Prepared, b: Prepared) -> float:
    """How likely two sentences say the same thing, in [0, 1] (meaning and shared words)."""
    weight = load_model()["paraphrase_semantic_weight"]
    cosine, dice = paraphrase_terms(a, b)
    return weight * cosine + (1 - weight) * dice


def metrics(labels: list[int], predicted: list[int]) -> dict[str, float]:
    tp = sum(1 for y, p in zip(labels, predicted, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, predicted, strict=True) if not y and p)
    fn = sum(1 for y, p in zip(labels, predicted, strict=True) if y and not p)
    accuracy = sum(y == p for y, p in zip(labels, predicted, strict=True)) / len(labels)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1_score = f1(precision, recall)
    return {"accuracy": round(accuracy, 4), "f1": round(f1_score, 4),
            "precision": round(precision, 4), "recall": round(recall, 4)}


def evaluate(data_dir: Path, split: str = "test", sample: int | None = None) -> dict[str, Any]:
    rows = load(data_dir, split, sample)
    threshold = float(load_model()["paraphrase_threshold"])
    predicted = [int(s >= threshold) for s in scores(rows)]
    labels = [y for y, _, _ in rows]
    return {"benchmark": "mrpc", "split": split, "pairs": len(rows),
            "threshold": threshold, **metrics(labels, predicted),
            "majority_baseline": round(max(sum(labels), len(labels) - sum(labels))
                                       / len(labels), 4)}
