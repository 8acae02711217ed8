"""The news corpora of ``../shared/data`` as the rows a user would put in a JSONL file.

Each row holds the fields of ``scanned.CORPUS_FIELDS``: ``published`` is the data's
``date`` as given (the syndication set's is the scrape time; news-bias's the publication
date), ``url`` where the data has one.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SYNDICATION = Path("syndication") / "articles.jsonl.gz"
NEWS_BIAS_ALL = Path("news-bias") / "all.jsonl.gz"
NEWS_BIAS_TUNED = Path("news-bias") / "articles.jsonl.gz"


def _read(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _row(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(record["id"]), "url": record.get("url"), "site": record.get("site"),
            "title": record.get("title"), "text": record.get("text") or "",
            "published": record.get("date")}


def syndication_rows(data_dir: Path) -> list[dict[str, Any]]:
    """The 680 articles of the syndication set."""
    return [_row(r) for r in _read(data_dir / SYNDICATION)]


def tuned_rows(data_dir: Path) -> list[dict[str, Any]]:
    """The 10,000 news-bias articles of ``articles.jsonl.gz``, which thresholds have been
    tuned on (the development labels' corpus)."""
    return [_row(r) for r in _read(data_dir / NEWS_BIAS_TUNED)]


def never_tuned_rows(data_dir: Path) -> list[dict[str, Any]]:
    """The news-bias articles that no threshold or model was ever fitted on (27,554):
    those of ``all.jsonl.gz`` that are not in ``articles.jsonl.gz``, in file order."""
    tuned = {str(r["id"]) for r in _read(data_dir / NEWS_BIAS_TUNED)}
    return [_row(r) for r in _read(data_dir / NEWS_BIAS_ALL) if str(r["id"]) not in tuned]


def sample_rows(rows: list[dict[str, Any]], n: int | None, seed: int,
                keep: Iterable[str] = ()) -> list[dict[str, Any]]:
    """A seeded sample of ``n`` rows plus every row whose id is in ``keep``, in the
    rows' order (all rows when ``n`` is None or not smaller)."""
    if n is None or n >= len(rows):
        return rows
    chosen = set(random.Random(seed).sample(range(len(rows)), n))
    wanted = set(keep)
    return [r for i, r in enumerate(rows) if i in chosen or r["id"] in wanted]
