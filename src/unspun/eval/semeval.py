"""SemEval-2022 Task 8 (English–English pairs): Pearson of our similarity with the ratings.

The human ``Overall`` rating runs from 1 (very similar) to 4 (very dissimilar), so the
figure reported is the correlation of ``relate.similarity`` with ``-Overall``: positive
when we agree with the raters.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

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


def scores(rows: list[tuple[float, str, str]]) -> list[float]:
    from ..relate import similarity

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
