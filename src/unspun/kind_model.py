"""The fitted kind model: gradient-boosted trees over pair features, stored as JSON.

``scripts/fit_relate.py`` fits it with scikit-learn's HistGradientBoostingClassifier
(PAN 2013 train plus news-bias negatives) and writes ``models/relate.json``, which also
holds the paraphrase and similarity settings and the list of common news names.
scikit-learn is needed to fit, never to run: the trees are stored as HistGradientBoosting's
own node arrays (``feature_idx``, ``num_threshold``, ``missing_go_to_left``, ``left``,
``right``, ``is_leaf``, ``value``; children numbered within their tree), every tree one
after the other, and walked here with NumPy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError

MODEL_PATH = Path(__file__).resolve().parent / "models" / "relate.json"
#: The only layout of ``kind_model`` this code reads.
KIND_MODEL_TYPE = "hist-gradient-boosting"
_REFIT = "refit it with `python scripts/fit_relate.py`"


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any]:
    """The fitted parameters (kind model, paraphrase and similarity settings)."""
    file = Path(path or MODEL_PATH)
    try:
        model = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the fitted model {file}: {exc}") from None
    if "kind_model" in model:
        model["kind_model"] = node_arrays(model["kind_model"], file)
    return model


def node_arrays(trees: dict[str, Any], file: Path | str = "the kind model") -> dict[str, Any]:
    """The stored trees as flat NumPy arrays, children numbered across all trees (as
    arrays once: converting lists on every pair cost more than the walk)."""
    if trees.get("type") != KIND_MODEL_TYPE:
        raise ModelError(f"{file} holds a kind model of type {trees.get('type')!r}, this "
                         f"unspun reads {KIND_MODEL_TYPE!r}: {_REFIT}")
    nodes = trees["nodes"]
    sizes = np.asarray(trees["tree_nodes"], dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    offset = np.repeat(start, sizes)
    leaf = np.asarray(nodes["is_leaf"], dtype=bool)
    out = dict(trees)
    out.update(
        feature=np.asarray(nodes["feature_idx"], dtype=np.int64),
        threshold=np.asarray(nodes["num_threshold"], dtype=np.float64),
        missing_left=np.asarray(nodes["missing_go_to_left"], dtype=bool),
        # A leaf points at itself, so a walk can take the same number of steps everywhere.
        left=np.where(leaf, np.arange(leaf.size), np.asarray(nodes["left"]) + offset),
        right=np.where(leaf, np.arange(leaf.size), np.asarray(nodes["right"]) + offset),
        value=np.asarray(nodes["value"], dtype=np.float64),
        roots=start,
        tree_class=np.asarray(trees["tree_class"], dtype=np.int64),
        baseline=np.asarray(trees["baseline"], dtype=np.float64),
    )
    # Each class's trees, in order: its leaf values are summed in the same order as a
    # mask selects them.
    out["class_trees"] = [np.flatnonzero(out["tree_class"] == k)
                          for k in range(out["baseline"].size)]
    return out


def check_inputs(trees: dict[str, Any], names: Sequence[str]) -> None:
    """Refuse a model fitted on other features than the code computes."""
    if list(trees.get("inputs", ())) != list(names):
        raise ModelError(f"the kind model in {MODEL_PATH} was fitted on the features "
                         f"{list(trees.get('inputs', ()))}, this code computes {list(names)}: "
                         f"{_REFIT}")


def tree_scores(trees: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """Raw scores (log-odds before the softmax) of each class: the baseline plus the
    leaf values of every tree of that class. ``x``: one feature vector, or one a row.

    Every tree is walked at once, one level a step, as HistGradientBoosting predicts:
    left when the value is at most the threshold, or missing and missing goes left.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        return _one_row_scores(trees, x)
    rows = np.atleast_2d(x)
    node = np.broadcast_to(trees["roots"], (rows.shape[0], trees["roots"].size)).copy()
    for _ in range(int(trees["depth"])):
        values = np.take_along_axis(rows, trees["feature"][node], axis=1)
        left = np.where(np.isnan(values), trees["missing_left"][node],
                        values <= trees["threshold"][node])
        node = np.where(left, trees["left"][node], trees["right"][node])
    classes = trees["baseline"].size
    leaf_values = trees["value"][node]
    scores = np.zeros((rows.shape[0], classes))
    for k in range(classes):
        scores[:, k] = leaf_values[:, trees["tree_class"] == k].sum(axis=1)
    scores += trees["baseline"]
    return scores[0] if x.ndim == 1 else scores


def _one_row_scores(trees: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """``tree_scores`` of one feature vector, with 1-D arrays: a relation asks one at a
    time, and the 2-D walk's broadcasting and per-class masks cost more than the walk."""
    node = trees["roots"]
    for _ in range(int(trees["depth"])):
        values = x[trees["feature"][node]]
        left = np.where(np.isnan(values), trees["missing_left"][node],
                        values <= trees["threshold"][node])
        node = np.where(left, trees["left"][node], trees["right"][node])
    leaf_values = trees["value"][node]
    scores = np.array([leaf_values[trees_k].sum() for trees_k in trees["class_trees"]])
    scores += trees["baseline"]
    return scores


def softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def probabilities(x: np.ndarray, names: Sequence[str]) -> dict[str, float]:
    """Probability of each class for one feature vector (``names``: the features' names,
    which must be those the model was fitted on)."""
    trees = load_model()["kind_model"]
    check_inputs(trees, names)
    p = softmax(tree_scores(trees, x))
    return {c: float(v) for c, v in zip(trees["classes"], p, strict=True)}
