"""Cleaning on real syndicated news: what it removes and how it changes copy detection.

``python -m unspun.eval.syndication [path]`` prints the report as JSON. The path defaults
to ``../shared/data/syndication/articles.jsonl.gz`` beside the repository.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..clean import LineStats, clean_document, corpus_clean
from ..records import Document
from ..text import words

SHINGLE = 5
DEFAULT_PATH = (
    Path(__file__).resolve().parents[3].parent / "shared/data/syndication/articles.jsonl.gz"
)


def load(path: str | Path) -> list[Document]:
    """Documents from the JSONL text fields (no extraction)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    docs = []
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            row = json.loads(line)
            docs.append(
                Document(
                    id=str(row["id"]),
                    text=row.get("text") or "",
                    site=row.get("site"),
                    title=row.get("title"),
                )
            )
    return docs


def _shingles(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word 5-grams of ``text``."""
    toks = words(text)
    if len(toks) < SHINGLE:
        return np.empty(0, dtype=np.int64)
    grams = {" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)}
    return np.unique(
        np.fromiter(
            (
                int.from_bytes(
                    hashlib.blake2b(g.encode(), digest_size=8).digest(), "little", signed=True
                )
                for g in grams
            ),
            dtype=np.int64,
            count=len(grams),
        )
    )


def containment_pairs(docs: list[Document]) -> dict[tuple[int, int], float]:
    """Containment (shared shingles / smaller set) of every cross-site pair sharing any.

    Candidate pairs come from an inverted index on shingle hashes, so pairs that share
    nothing are never looked at.
    """
    sets = [_shingles(d.text) for d in docs]
    sizes = np.array([s.size for s in sets], dtype=np.int64)
    if sizes.sum() == 0:
        return {}
    hashes = np.concatenate(sets)
    owner = np.repeat(np.arange(len(docs)), sizes)
    order = np.argsort(hashes, kind="stable")
    hashes, owner = hashes[order], owner[order]
    bounds = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [hashes.size]))
    n = len(docs)
    codes = []
    for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
        members = owner[s:e]
        a, b = np.triu_indices(members.size, k=1)
        codes.append(members[a] * n + members[b])
    if not codes:
        return {}
    pair_codes, shared = np.unique(np.concatenate(codes), return_counts=True)
    first, second = pair_codes // n, pair_codes % n
    sites = [d.site for d in docs]
    out = {}
    for a, b, k in zip(first.tolist(), second.tolist(), shared.tolist(), strict=True):
        if sites[a] == sites[b]:
            continue
        out[(a, b)] = k / min(sizes[a], sizes[b])
    return out


def _summary(pairs: dict[tuple[int, int], float]) -> dict[str, Any]:
    values = np.array(list(pairs.values()), dtype=np.float64)
    result: dict[str, Any] = {}
    for threshold in (0.5, 0.9):
        above = values[values > threshold]
        result[f"pairs_above_{threshold}"] = int(above.size)
        result[f"mean_containment_above_{threshold}"] = (
            round(float(above.mean()), 4) if above.size else 0.0
        )
    return result


def evaluate_syndication(path: str | Path = DEFAULT_PATH, top: int = 25) -> dict[str, Any]:
    """Clean the corpus (per document, then corpus-aware) and report before/after."""
    docs = load(path)
    before = containment_pairs(docs)
    cleaned = corpus_clean([clean_document(d) for d in docs], LineStats())
    after = containment_pairs(cleaned)
    lines: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    texts: Counter[tuple[str, str]] = Counter()
    for doc in cleaned:
        for removal in doc.removed:
            lines[removal.reason] += 1
            chars[removal.reason] += len(removal.text)
            texts[(removal.reason, removal.text[:80])] += 1
    # Pairs that were copies before: how their containment moved.
    copies = [p for p, v in before.items() if v > 0.5]
    moved = np.array([after.get(p, 0.0) - before[p] for p in copies])
    return {
        "documents": len(docs),
        "chars_before": sum(len(d.text) for d in docs),
        "chars_after": sum(len(d.text) for d in cleaned),
        "removed_lines": dict(lines.most_common()),
        "removed_chars": dict(chars.most_common()),
        "top_removed": [
            {"reason": reason, "text": text, "count": count}
            for (reason, text), count in texts.most_common(top)
        ],
        "before": _summary(before),
        "after": _summary(after),
        "copy_pairs_containment_change": {
            "pairs": len(copies),
            "mean": round(float(moved.mean()), 4) if moved.size else 0.0,
            "lowered": int((moved < -1e-9).sum()),
        },
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m unspun.eval.syndication",
        description="What cleaning removes from real syndicated news, and how it changes "
                    "the cross-site copy pairs it exposes.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH,
                        help="articles.jsonl.gz of ../shared/data/syndication (default)")
    parser.add_argument("--out", type=Path, help="also write the report here (JSON)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.path.exists():
        parser.error(f"{args.path} does not exist: give the path of the syndication "
                     "articles.jsonl.gz")
    report = evaluate_syndication(args.path)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
