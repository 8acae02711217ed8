"""Article-extraction quality on the scrapinghub benchmark (word 4-gram P/R/F1).

Run: ``python -m unspun.eval.extraction [DATA_DIR]`` (default ``../shared/data/article-extraction``).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..extraction import extract_html
from ..records import Document
from . import f1

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_MIN_SENTENCE_WORDS = 4


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _tokens(text)
    return Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))


def page_scores(predicted: str, truth: str) -> tuple[float, float]:
    """(precision, recall) of one page, as the benchmark's authors compute them.

    TP/FP/FN are multiset overlaps of word 4-grams normalised to sum to 1; a page where
    both sides are empty counts as perfect, one empty side as zero.
    """
    got, want = _shingles(predicted), _shingles(truth)
    tp = sum((got & want).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def _sentences(text: str) -> list[str]:
    """Ground-truth sentences as lower-cased word strings, long enough to be meaningful."""
    out = []
    for part in _SENTENCE_END.split(text):
        words = _tokens(part.lower())
        if len(words) >= _MIN_SENTENCE_WORDS:
            out.append(" " + " ".join(words) + " ")
    return out


def _extract(job: tuple[str, str, Mapping[str, Any] | None]) -> Document | None:
    path, url, options = job
    html = gzip.decompress(Path(path).read_bytes())
    try:
        return extract_html(html, url, id=Path(path).name.split(".")[0], options=options)
    except InputError:
        return None


def evaluate_extraction(
    data_dir: Path,
    clean: Callable[[Document], Document] | None = None,
    *,
    workers: int = 2,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Precision, recall and F1 of ``extract_html`` on the benchmark in ``data_dir``.

    ``clean`` (optional) runs on each extracted document; ``lost_sentences_by_cleaning``
    is the share of ground-truth sentences present in the extracted text that cleaning
    removed (None without ``clean``). Scores are of the cleaned text when ``clean`` is
    given. ``options`` override ``EXTRACT_OPTIONS`` (for tuning).
    """
    data_dir = Path(data_dir)
    truth: dict[str, dict[str, str]] = json.loads((data_dir / "ground-truth.json").read_text())
    keys = sorted(truth)
    jobs = [
        (str(data_dir / "html" / f"{key}.html.gz"), truth[key].get("url"), options) for key in keys
    ]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        documents = list(pool.map(_extract, jobs, chunksize=8))
    precisions, recalls = [], []
    present = lost = 0
    for key, document in zip(keys, documents, strict=True):
        expected = truth[key].get("articleBody") or ""
        extracted = document.text if document is not None else ""
        if clean is not None and document is not None:
            cleaned = clean(document).text
            before = " " + " ".join(_tokens(extracted.lower())) + " "
            after = " " + " ".join(_tokens(cleaned.lower())) + " "
            for sentence in _sentences(expected):
                if sentence in before:
                    present += 1
                    lost += sentence not in after
            extracted = cleaned
        precision, recall = page_scores(extracted, expected)
        precisions.append(precision)
        recalls.append(recall)
    precision = sum(precisions) / len(keys) if keys else 0.0
    recall = sum(recalls) / len(keys) if keys else 0.0
    f1_score = f1(precision, recall)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1_score, 4),
        "pages": len(keys),
        "lost_sentences_by_cleaning": (round(lost / present, 4) if present else 0.0)
        if clean is not None
        else None,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    default = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "article-extraction"
    data_dir = Path(args[0]) if args else default
    print(json.dumps(evaluate_extraction(data_dir), indent=2))


if __name__ == "__main__":
    main()
