"""The fitted kind model: boosted trees over pair features, stored as JSON.

``scripts/fit_relate.py`` fits it (PAN 2013 train plus news-bias negatives) and writes
``models/relate.json``, which also holds the paraphrase and similarity settings and the
list of common news names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "models" / "relate.json"


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any]:
    """The fitted parameters (kind model, paraphrase and similarity settings)."""
    model = json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))
    trees = model.get("kind_model", {})
    # As arrays once: converting the nested lists on every pair cost more than the walk.
    for key, dtype in (("features", np.int64), ("thresholds", np.float64),
                       ("leaves", np.float64)):
        if key in trees:
            trees[key] = np.asarray(trees[key], dtype=dtype)
    return model


def tree_scores(model: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """Summed leaf values of boosted trees, one score per class (``x``: raw features).

    The trees are complete binary trees of fixed depth stored as arrays (rounds x classes
    x nodes): every tree is walked at once, one level per step.
    """
    feats = np.asarray(model["features"], dtype=np.int64)
    thresholds = np.asarray(model["thresholds"], dtype=np.float64).reshape(-1)
    leaves = np.asarray(model["leaves"], dtype=np.float64)
    rounds, classes, nodes = feats.shape
    # Flat positions: one index per step instead of three broadcast ones.
    tree = np.arange(rounds * classes).reshape(rounds, classes)
    feats = feats.reshape(-1)
    node = np.zeros((rounds, classes), dtype=np.int64)
    for level in range(int(model["depth"])):
        t = tree * nodes + (2**level - 1) + node
        node = 2 * node + (x[feats[t]] >= thresholds[t])
    return leaves.reshape(-1)[tree * leaves.shape[2] + node].sum(axis=0)


def probabilities(x: np.ndarray) -> dict[str, float]:
    """Probability of each class for one feature vector (softmax of the tree scores)."""
    model = load_model()["kind_model"]
    logits = tree_scores(model, x)
    e = np.exp(logits - logits.max())
    p = e / e.sum()
    return {c: float(v) for c, v in zip(model["classes"], p, strict=True)}
