"""Fit the relation model's parameters on TRAIN data only; write src/unspun/models/relate.json.

- kind model: scikit-learn's HistGradientBoostingClassifier (multiclass, balanced
  classes) over ``relate.Features.vector()``, one class per PAN obfuscation (verbatim,
  random, translation, summary, none), exported as its own node arrays, which
  ``unspun.kind_model`` walks with NumPy (scikit-learn is a dev dependency only).
  Pairs:

  * PAN 2013 *train* pairs (all five obfuscations);
  * news negatives ("none"): pairs of *different* news-bias articles that a crawl's
    candidate stage would propose - nearest neighbours by centred document vector, and
    articles sharing rare names - but that are no copies (word 5-gram containment under
    0.2). PAN's negatives are unrelated essays; news candidates are same-story coverage
    sharing names, quotes and topic, which a PAN-only model takes for summaries and
    translations. They come only from ``news-bias/articles.jsonl.gz`` articles
    2,000-9,999 (the throughput benchmark scans the first 2,000), never from an article
    of the demo corpus or of a known copy pair (copy_pairs.tsv), and never from the
    27,554 articles of ``all.jsonl.gz`` kept for news figures.

  Only pairs that pass ``relate.evidence`` (enough shared text to measure) are fitted:
  the others are "none" by rule, as in ``relate``. Cross-validation is grouped by
  document: the groups are the connected components of the graph whose edges are the
  pairs, so no document (a PAN source reused by many suspicious documents, an article
  in several news pairs) is in two folds. The boosting settings (``GRID``) are chosen by
  that cross-validation's log loss; the "none" bar is the largest probability cut whose
  cross-validated false positives stay within budget on both negative sets. Nothing
  else is tuned, and only on train.
- common names: names in over 1% of the same news-bias articles 2,000-9,999;
- MRPC: the semantic/lexical weight and decision threshold of
  ``eval.mrpc.paraphrase_score``, a grid search on the MRPC *train* file;
- SemEval: least-squares weights of ``eval.semeval.similarity`` on the *train*
  English pairs.

PAN test and held splits, MRPC and SemEval test files, the demo corpus and
``news-bias/all.jsonl.gz`` are never read. The result records the features' names, the
code's commit (``+changes`` when the tree differed from it) and the SHA-256 of every
data file read. Everything is seeded: the same code and data give the same file.

Run: ``.venv/bin/python scripts/fit_relate.py [--data DIR] [--workers 2] [--cache FILE]``
(~2.5 minutes on 2 idle cores, most of it measuring the pairs' features; ``--cache`` keeps
them for the next run of the same code). ``--check`` refits and compares with the
shipped file instead of replacing it (exit 1 when they differ).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from unspun.eval import mrpc, pan13, semeval
from unspun.eval.paths import data_dir
from unspun.eval.pool import pool_map
from unspun.kind_model import KIND_MODEL_TYPE, MODEL_PATH, load_model
from unspun.relate import CLASSES, FEATURE_NAMES

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "unspun" / "demo" / "corpus" / "articles.jsonl"
#: Cross-validated false-positive budgets: PAN negatives (issue target 5%, with a margin)
#: and news candidates (a crawl aligns thousands of them: far stricter).
PAN_FP_BUDGET = 0.04
NEWS_FP_BUDGET = 0.005
#: News negatives weigh this many times a balanced PAN pair.
NEWS_WEIGHT = 2.0
#: news-bias articles the throughput benchmark scans (kept out of training).
BENCHMARK_ARTICLES = 2000
NEWS_PAIRS = 2500
SEED = 7
FOLDS = 5
#: HistGradientBoosting settings that never change, and those cross-validation picks from.
FIXED: dict[str, Any] = {"max_iter": 150, "l2_regularization": 1.0, "early_stopping": False,
                         "random_state": SEED}
GRID: list[dict[str, Any]] = [{"learning_rate": rate, "max_depth": depth}
                              for rate in (0.03, 0.05, 0.1) for depth in (2, 3)]


# -- features -------------------------------------------------------------------------

def _measure(texts: tuple[str, str, str | None, str | None]) -> list[float] | None:
    """Features of one pair (source, copy), or None when it fails the evidence gate."""
    from unspun.align import prepare_many
    from unspun.fingerprint.embed import default_encoder
    from unspun.records import Document
    from unspun.relate import analyse

    a_text, b_text, a_date, b_date = texts
    a, b = prepare_many([a_text, b_text], default_encoder())
    analysis = analyse(a, b, Document("a", a_text, published=a_date),
                       Document("b", b_text, published=b_date))
    return None if analysis.features is None else analysis.features.vector().tolist()


def _pan_job(job: tuple[str, str, str, str]) -> list[float] | None:
    _, source_path, suspicious_path, _ = job
    from unspun.unwrap import unwrap

    # As compare reads them: the files are hard-wrapped.
    return _measure((unwrap(pan13.read(Path(source_path))),
                     unwrap(pan13.read(Path(suspicious_path))), None, None))


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i:i + n]) for i in range(max(0, len(tokens) - n + 1))}


def _rare_anchors(tokens: frozenset[str]) -> int:
    """Shared figures and out-of-vocabulary names (the anchor index's strongest ties)."""
    from unspun.fingerprint.immutables import _YEAR
    from unspun.relate.overlap import RARE_NAME
    from unspun.text import rarity

    return sum(1 for t in tokens
               if (t[0].isdigit() or t[0] in "$€£")
               and not _YEAR.fullmatch(t) and len(t.strip("$€£%")) >= 3
               or t[0].isalpha() and rarity(t) >= RARE_NAME)


def _news_rows(data: Path) -> list[dict[str, Any]]:
    """news-bias articles 2,000-9,999 of articles.jsonl.gz, without the demo's articles
    and those of known copy pairs."""
    root = data / "news-bias"
    excluded = {json.loads(line)["id"] for line in DEMO.read_text().splitlines() if line}
    for line in (root / "copy_pairs.tsv").read_text().splitlines()[1:]:
        excluded.update(line.split("\t")[:2])
    with gzip.open(root / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][BENCHMARK_ARTICLES:]
    return [r for r in rows if r["id"] not in excluded]


def news_negative_pairs(data: Path, limit: int = NEWS_PAIRS, seed: int = SEED
                        ) -> list[tuple[tuple[str, str, str | None, str | None], tuple[str, str]]]:
    """Candidate-like pairs of different news articles that are not copies (see above),
    each with the two articles' ids."""
    from unspun.align import prepare_many
    from unspun.fingerprint.embed import default_encoder
    from unspun.relate.overlap import _anchors, _make_centred, centred_cosine
    from unspun.text import normalize

    rows = [r for r in _news_rows(data) if len(r["text"]) >= 500]
    texts = [normalize(r["text"]) for r in rows]
    prepared = prepare_many(texts, default_encoder())
    vectors = np.stack([_make_centred(p) for p in prepared]).astype(np.float32)
    pairs: set[tuple[int, int]] = set()
    # The ANN route: each article's three nearest neighbours (in blocks: memory).
    for lo in range(0, len(vectors), 1000):
        sims = vectors[lo:lo + 1000] @ vectors.T
        sims[np.arange(sims.shape[0]), np.arange(lo, lo + sims.shape[0])] = -1
        for i, row in enumerate(np.argpartition(-sims, 3, axis=1)[:, :3], start=lo):
            pairs.update((min(i, j), max(i, j)) for j in row.tolist())
    # The anchor route: articles sharing rare names, on the same topic or not (the
    # anchor index proposes both; PAN's negatives share almost none).
    by_topic: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_topic.setdefault(r.get("topic") or "", []).append(i)
    rng = np.random.default_rng(seed)
    for members in [*by_topic.values(), list(range(len(rows)))]:
        for _ in range(len(members)):
            i, j = rng.choice(members, 2, replace=False) if len(members) > 1 else (0, 0)
            if i != j and _rare_anchors(_anchors(prepared[i]) & _anchors(prepared[j])) >= 2:
                pairs.add((min(i, j), max(i, j)))
    out = []
    for i, j in sorted(pairs):
        si, sj = _shingles(texts[i]), _shingles(texts[j])
        if si and sj and len(si & sj) / min(len(si), len(sj)) >= 0.2:
            continue  # a copy, not a negative
        out.append((i, j))
    rng.shuffle(out)
    out = out[:limit]
    print(f"news negatives: {len(pairs)} candidate-like pairs, {len(out)} non-copies used "
          f"(mean centred cosine "
          f"{np.mean([centred_cosine(prepared[i], prepared[j]) for i, j in out]):.2f})")
    return [((texts[i], texts[j], rows[i].get("date") or None, rows[j].get("date") or None),
             (rows[i]["id"], rows[j]["id"])) for i, j in out]


def load_features(data: Path, workers: int, cache: Path | None) -> dict[str, np.ndarray]:
    """Features ``x``, labels ``y``, news flag, measured flag and the two documents of
    every training pair."""
    if cache is not None and cache.exists():
        got = dict(np.load(cache))
        if list(got["names"]) == list(FEATURE_NAMES) and str(got["code"]) == code_digest():
            return got
        print(f"{cache} was measured by other code: measuring again")
    pairs = pan13.load_pairs(data, "train")
    started = time.perf_counter()
    rows = pool_map(_pan_job, pan13._jobs(data, pairs), workers)
    labels = [CLASSES.index(p.obfuscation) for p in pairs]
    docs = [(f"pan13/susp/{p.suspicious}", f"pan13/src/{p.source}") for p in pairs]
    news = news_negative_pairs(data)
    rows += pool_map(_measure, [texts for texts, _ in news], workers)
    labels += [CLASSES.index("none")] * len(news)
    docs += [(f"news-bias/{a}", f"news-bias/{b}") for _, (a, b) in news]
    print(f"features of {len(pairs)} PAN train and {len(news)} news pairs in "
          f"{time.perf_counter() - started:.0f}s")
    got = {
        "x": np.array([r if r is not None else [0.0] * len(FEATURE_NAMES) for r in rows]),
        "y": np.array(labels),
        "news": np.r_[np.zeros(len(pairs), bool), np.ones(len(news), bool)],
        "measured": np.array([r is not None for r in rows]),
        "docs": np.array(docs),
        "names": np.array(FEATURE_NAMES),
        "code": np.array(code_digest()),
    }
    if cache is not None:
        np.savez(cache, **got)
    return got


# -- the kind model -------------------------------------------------------------------

def document_groups(docs: np.ndarray) -> np.ndarray:
    """Per pair, the connected component of the pair graph it belongs to (pairs that
    share a document, directly or through other pairs, share a group)."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in docs.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = [find(a) for a, _ in docs.tolist()]
    return np.unique(roots, return_inverse=True)[1]


def balanced_weights(y: np.ndarray, is_news: np.ndarray, classes: int) -> np.ndarray:
    """Balanced classes; news negatives count NEWS_WEIGHT times (a crawl has many)."""
    counts = np.bincount(y, minlength=classes)
    w = (len(y) / (classes * np.maximum(counts, 1)))[y]
    return np.where(is_news, w * NEWS_WEIGHT, w)


def fit_trees(x: np.ndarray, y: np.ndarray, weight: np.ndarray, params: dict[str, Any]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**FIXED, **params).fit(x, y, sample_weight=weight)


def export_trees(model: Any) -> dict[str, Any]:
    """A fitted HistGradientBoostingClassifier as the node arrays ``unspun.kind_model``
    reads (``model.classes_`` must be 0..k-1, the order of ``CLASSES``)."""
    if list(model.classes_) != list(range(len(model.classes_))):
        raise ValueError(f"classes must be numbered 0..k-1, not {list(model.classes_)}")
    predictors = [tree for iteration in model._predictors for tree in iteration]
    nodes = np.concatenate([tree.nodes for tree in predictors])
    if nodes["is_categorical"].any():
        raise ValueError("categorical splits are not supported by unspun.kind_model")
    fields = {"feature_idx": int, "num_threshold": float, "missing_go_to_left": bool,
              "left": int, "right": int, "is_leaf": bool, "value": float}
    return {
        "type": KIND_MODEL_TYPE,
        "baseline": model._baseline_prediction.ravel().tolist(),
        "tree_class": [k for _ in model._predictors for k in range(len(model._predictors[0]))],
        "tree_nodes": [len(tree.nodes) for tree in predictors],
        "depth": int(nodes["depth"].max()),
        "nodes": {name: [cast(v) for v in nodes[name].tolist()] for name, cast in fields.items()},
    }


def cv_probabilities(x: np.ndarray, y: np.ndarray, weight: np.ndarray, groups: np.ndarray,
                     params: dict[str, Any]) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    p = np.zeros((len(y), len(CLASSES)))
    for train, held in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        p[held] = fit_trees(x[train], y[train], weight[train], params).predict_proba(x[held])
    return p


def fit_kind(features: dict[str, np.ndarray]) -> dict[str, Any]:
    x, y, is_news, measured = (features[k] for k in ("x", "y", "news", "measured"))
    none = CLASSES.index("none")
    for c, name in enumerate(CLASSES):
        sel = (y == c) & ~is_news
        print(f"  passes the evidence gate: {name:<12} {measured[sel].mean():.3f}")
    print(f"  passes the evidence gate: news negatives {measured[is_news].mean():.3f}")
    xm, ym, nm = x[measured], y[measured], is_news[measured]
    groups = document_groups(features["docs"][measured])
    print(f"  {len(ym)} measured pairs in {groups.max() + 1} document groups "
          f"(largest {np.bincount(groups).max()} pairs)")
    weight = balanced_weights(ym, nm, len(CLASSES))
    best: tuple[float, dict[str, Any], np.ndarray] | None = None
    for params in GRID:
        p = cv_probabilities(xm, ym, weight, groups, params)
        loss = float(-np.sum(weight * np.log(np.maximum(p[np.arange(len(ym)), ym], 1e-15)))
                     / weight.sum())
        print(f"  cv log loss {loss:.4f} with {params}")
        if best is None or loss < best[0]:
            best = (loss, params, p)
    assert best is not None
    loss, params, p = best
    # The "no reuse" cut: the largest P(none) bar whose cross-validated false positives
    # stay within budget on PAN negatives and on news negatives (unmeasured pairs are
    # negatives by rule).
    n_pan_none = np.sum((y == none) & ~is_news)
    n_news = max(int(np.sum(is_news)), 1)
    none_threshold = 0.5
    for t in np.linspace(0.9, 0.01, 90):
        flagged = p[:, none] < t
        fp_pan = np.sum(flagged & (ym == none) & ~nm) / n_pan_none
        fp_news = np.sum(flagged & nm) / n_news
        if fp_pan <= PAN_FP_BUDGET and fp_news <= NEWS_FP_BUDGET:
            none_threshold = round(float(t), 4)
            break
    flagged = p[:, none] < none_threshold
    others = np.where(np.arange(len(CLASSES)) == none, -1.0, p)
    guess = np.where(flagged, np.argmax(others, axis=1), none)
    cv: dict[str, Any] = {
        "folds": FOLDS, "log_loss": round(loss, 4),
        "false_positives_pan": round(float(np.sum(flagged & (ym == none) & ~nm) / n_pan_none), 4),
        "false_positives_news": round(float(np.sum(flagged & nm) / n_news), 4)}
    for c, name in enumerate(CLASSES):
        if c != none:
            total = np.sum((y == c) & ~is_news)
            cv[name] = {"recall": round(float(np.sum(flagged & (ym == c)) / total), 4),
                        "kind_accuracy": round(float(np.sum((guess == c) & (ym == c)) / total), 4)}
    print(f"  chose {params}; none threshold {none_threshold}: {json.dumps(cv)}")
    trees = fit_trees(xm, ym, weight, params)
    return {**export_trees(trees), "classes": list(CLASSES), "inputs": list(FEATURE_NAMES),
            "params": {**FIXED, **params}, "none_threshold": none_threshold,
            "train_pairs": int(len(y)), "measured_pairs": int(measured.sum()),
            "news_negatives": int(np.sum(is_news)), "cross_validation": cv}


# -- the other parameters -------------------------------------------------------------

def fit_common_names(data: Path, share: float = 0.01) -> list[str]:
    """Names and words in more than ``share`` of news articles: too common to tie two
    articles to one event (same-story needs rarer ones)."""
    from unspun.fingerprint.immutables import anchor_tokens
    from unspun.text import normalize

    rows = _news_rows(data)
    counts: dict[str, int] = {}
    for row in rows:
        for token in set(anchor_tokens(normalize(row["text"]))):
            if not token[0].isdigit():
                counts[token] = counts.get(token, 0) + 1
    names = sorted(t for t, c in counts.items() if c / len(rows) > share)
    print(f"common names: {len(names)} in over {share:.0%} of {len(rows)} articles")
    return names


def fit_paraphrase(data: Path) -> dict[str, float]:
    rows = mrpc.load(data, "train")
    labels = np.array([y for y, _, _ in rows])
    cosine, dice = np.array(mrpc.terms(rows)).T
    best = (0.0, 0.5, 0.5)
    for weight in np.linspace(0, 1, 11):
        scores = weight * cosine + (1 - weight) * dice
        for threshold in np.linspace(0.3, 0.95, 66):
            accuracy = float(np.mean((scores >= threshold) == labels))
            if accuracy > best[0]:
                best = (accuracy, round(float(weight), 4), round(float(threshold), 4))
    print(f"MRPC train accuracy {best[0]:.3f} at weight {best[1]}, threshold {best[2]}")
    return {"paraphrase_semantic_weight": best[1], "paraphrase_threshold": best[2]}


def fit_similarity(data: Path) -> dict[str, float]:
    rows = semeval.load(data, "train")
    xs = np.array(semeval.terms(rows, semeval.similarity_terms))
    target = (4.0 - np.array([o for o, _, _ in rows])) / 3.0
    weights, *_ = np.linalg.lstsq(np.c_[xs, np.ones(len(xs))], target, rcond=None)
    out = {n: round(float(v), 6)
           for n, v in zip(semeval.SIMILARITY_TERMS, weights[:-1], strict=True)}
    out["bias"] = round(float(weights[-1]), 6)
    print(f"SemEval train Pearson {np.corrcoef(xs @ weights[:-1], target)[0, 1]:.3f}")
    return out


# -- provenance -------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_hashes(data: Path) -> dict[str, str]:
    """SHA-256 of every data file the fit reads (the PAN train texts as one digest of
    their names and contents, in order)."""
    pan = hashlib.sha256()
    with open(data / "pan13" / "pairs.tsv", encoding="utf-8", newline="") as handle:
        train = [r for r in csv.DictReader(handle, delimiter="\t") if r["split"] == "train"]
    for name in sorted({f"src/{r['source']}" for r in train}
                       | {f"susp/{r['suspicious']}" for r in train}):
        pan.update(name.encode() + b"\0" + (data / "pan13" / name).read_bytes() + b"\0")
    files = ["pan13/pairs.tsv", "news-bias/articles.jsonl.gz", "news-bias/copy_pairs.tsv",
             f"mrpc/{mrpc.FILES['train']}", f"semeval2022/{semeval.FILES['train']}"]
    out = {name: _sha256(data / name) for name in files}
    out["pan13/{src,susp}/ of the train pairs"] = pan.hexdigest()
    out["src/unspun/demo/corpus/articles.jsonl (excluded ids)"] = _sha256(DEMO)
    return out


def code_commit() -> str:
    """The commit of the code that fits, ``+changes`` when the tree differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              check=False).stdout.strip()

    head = git("rev-parse", "HEAD") or "unknown"
    # The fitted file itself is not code: a fit rewrites it as it goes.
    changed = git("status", "--porcelain", "--", "src", "scripts/fit_relate.py",
                  ":!src/unspun/models/relate.json")
    return head + ("+changes" if changed else "")


def code_digest() -> str:
    """SHA-256 of the package's Python files and this script, the code that measures."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "src" / "unspun").rglob("*.py")) + [Path(__file__).resolve()]:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# -- main ---------------------------------------------------------------------------------

def _write(model: dict[str, Any]) -> None:
    MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    load_model.cache_clear()


def fit(data: Path, workers: int, cache: Path | None) -> dict[str, Any]:
    """Every parameter, from nothing but the data (written to MODEL_PATH as it goes: the
    feature workers read the common names from it)."""
    started = time.perf_counter()
    model: dict[str, Any] = {
        "fitted_on": ("train data only: PAN 2013 train, news-bias/articles.jsonl.gz articles "
                      "2,000-9,999 (negatives and common names; no demo article, no known "
                      "copy), MRPC train, SemEval-2022 train (en-en)"),
        "script": "scripts/fit_relate.py",
        "common_names": fit_common_names(data),
    }
    _write(model)
    model["kind_model"] = fit_kind(load_features(data, workers, cache))
    model.update(fit_paraphrase(data))
    model["similarity"] = fit_similarity(data)
    model["provenance"] = {"code_commit": code_commit(), "code_sha256": code_digest(),
                           "data_sha256": data_hashes(data),
                           "python": sys.version.split()[0], **_versions()}
    print(f"fitted in {time.perf_counter() - started:.0f}s")
    return model


def _versions() -> dict[str, str]:
    import sklearn

    return {"numpy": np.__version__, "scikit-learn": sklearn.__version__}


#: What may differ between two fits of the same code and data.
_UNCHECKED = ("provenance",)


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The top-level (and kind model) entries that differ between two fitted files."""
    out = [k for k in sorted(set(a) | set(b))
           if k not in _UNCHECKED and k != "kind_model" and a.get(k) != b.get(k)]
    ka, kb = a.get("kind_model", {}), b.get("kind_model", {})
    out += [f"kind_model.{k}" for k in sorted(set(ka) | set(kb)) if ka.get(k) != kb.get(k)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the kind model's training features in this .npz file")
    parser.add_argument("--check", action="store_true",
                        help="refit and compare with the shipped file, which is kept")
    args = parser.parse_args()
    data = args.data or data_dir()
    shipped = MODEL_PATH.read_text(encoding="utf-8") if MODEL_PATH.exists() else None
    try:
        model = fit(data, args.workers, args.cache)
    finally:
        if args.check and shipped is not None:
            MODEL_PATH.write_text(shipped, encoding="utf-8")
    if not args.check:
        _write(model)
        print(f"wrote {MODEL_PATH}")
        return 0
    # Through JSON, as it would be written: floats and tuples as the file holds them.
    fresh = json.loads(json.dumps(model))
    differ = differences(json.loads(shipped or "{}"), fresh)
    if differ:
        print("the shipped model differs from a refit: " + ", ".join(differ), file=sys.stderr)
        return 1
    print(f"{MODEL_PATH} is what this script fits from the data")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
