"""PAN 2013 text alignment: reuse detection, kind and excerpt per obfuscation, plagdet.

Each pair is compared source → suspicious document through the public
``unspun.compare``, on the files as they are on disk (hard-wrapped; compare unwraps
them); a pair counts as detected when the relation is a copy kind. Verbatim pairs
with offsets (``truth-repaired/*.xml``: the official ones with their drift repaired)
are also scored at passage level with PAN's plagdet, the detections being the copied
passages ``compare`` reports.
"""

from __future__ import annotations

import csv
import random
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import COPY_KINDS, KINDS
from .plagdet import Span, plagdet

OBFUSCATIONS: tuple[str, ...] = ("verbatim", "random", "translation", "summary", "none")
#: The kinds that count as right for each obfuscation.
EXPECTED: dict[str, frozenset[str]] = {
    "verbatim": frozenset({"verbatim", "near-duplicate"}),
    "random": frozenset({"spun"}),
    "translation": frozenset({"translated"}),
    "summary": frozenset({"summary"}),
    "none": frozenset({"same-story", "unrelated"}),
}
_SEED = 2013
#: Shorter aligned passages are isolated matches, not reuse (PAN cases are longer).
MIN_PASSAGE_CHARS = 150


@dataclass(frozen=True, slots=True)
class PanPair:
    suspicious: str
    source: str
    obfuscation: str
    split: str

    @property
    def key(self) -> str:
        return f"{self.suspicious[:-4]}-{self.source[:-4]}"


def load_pairs(data_dir: Path, split: str, sample: int | None = None) -> list[PanPair]:
    """Pairs of one split; ``sample`` keeps a fixed, seeded share of each obfuscation."""
    with open(data_dir / "pan13" / "pairs.tsv", encoding="utf-8", newline="") as handle:
        rows = [
            PanPair(r["suspicious"], r["source"], r["obfuscation"], r["split"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]
    pairs = [p for p in rows if p.split == split]
    if sample is None:
        return pairs
    per_type = max(1, -(-sample // len(OBFUSCATIONS)))
    shuffled = sorted(pairs, key=lambda p: p.key)
    random.Random(_SEED).shuffle(shuffled)
    taken: Counter[str] = Counter()
    out = []
    for p in shuffled:
        if taken[p.obfuscation] < per_type:
            taken[p.obfuscation] += 1
            out.append(p)
    return sorted(out, key=lambda p: p.key)


def load_cases(data_dir: Path, pair: PanPair) -> list[Span] | None:
    """The reuse cases of a pair, from the official offsets with their drift repaired
    (``truth-repaired``, see the data README), or None when it has none."""
    path = data_dir / "pan13" / "truth-repaired" / f"{pair.key}.xml"
    if not path.exists():
        return None
    cases = []
    for feature in ET.parse(path).getroot().iter("feature"):
        if feature.get("name") != "plagiarism":
            continue
        this = int(feature.get("this_offset", 0))
        src = int(feature.get("source_offset", 0))
        cases.append(
            Span(
                pair.key,
                (this, this + int(feature.get("this_length", 0))),
                (src, src + int(feature.get("source_length", 0))),
            )
        )
    return cases


def read(path: Path) -> str:
    """A PAN file as it is on disk (hard-wrapped: ``unspun.compare`` unwraps it)."""
    return path.read_text(encoding="utf-8", errors="replace")


def judge(job: tuple[str, str, str, str]) -> dict[str, Any]:
    """Compare one pair through ``unspun.compare``, as a user would, on the files as
    they are on disk (worker function: loads the encoder once per process)."""
    from .. import compare

    key, source_path, suspicious_path, obfuscation = job
    started = time.perf_counter()
    source_text, suspicious_text = read(Path(source_path)), read(Path(suspicious_path))
    relation = compare(source_text, suspicious_text)
    # The copied passages compare reports (unwrapping only turns line breaks into
    # spaces, so their offsets are offsets into the files too).
    detections = [(b, a) for a, b in relation.passages
                  if min(a[1] - a[0], b[1] - b[0]) >= MIN_PASSAGE_CHARS]
    return {
        "key": key,
        "obfuscation": obfuscation,
        "kind": relation.kind,
        "partial": relation.partial,
        "source": relation.source,
        "detections": detections,
        "seconds": time.perf_counter() - started,
    }


def _jobs(data_dir: Path, pairs: list[PanPair]) -> list[tuple[str, str, str, str]]:
    root = data_dir / "pan13"
    return [
        (p.key, str(root / "src" / p.source), str(root / "susp" / p.suspicious), p.obfuscation)
        for p in pairs
    ]


def run_pairs(data_dir: Path, pairs: list[PanPair], workers: int = 2) -> list[dict[str, Any]]:
    """Judge every pair, in a process pool when ``workers`` > 1."""
    from .pool import pool_map

    return pool_map(judge, _jobs(data_dir, pairs), workers)


def score(data_dir: Path, pairs: list[PanPair], results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-obfuscation detection, kind, excerpt and confusion; plagdet on verbatim truth."""
    by_type: dict[str, list[dict[str, Any]]] = {t: [] for t in OBFUSCATIONS}
    for r in results:
        by_type[r["obfuscation"]].append(r)
    flagged_none = sum(r["kind"] in COPY_KINDS for r in by_type["none"])
    table: dict[str, dict[str, Any]] = {}
    for obfuscation, rows in by_type.items():
        n = len(rows)
        if not n:
            continue
        found = sum(r["kind"] in COPY_KINDS for r in rows)
        right = sum(r["kind"] in EXPECTED[obfuscation] for r in rows)
        entry: dict[str, Any] = {
            "pairs": n,
            "kind_accuracy": round(right / n, 4),
            "confusion": {k: c for k in KINDS if (c := sum(r["kind"] == k for r in rows))},
        }
        if obfuscation == "none":
            entry["false_positive_rate"] = round(found / n, 4)
        else:
            # Precision of "reuse found" for this type against the negatives: the
            # detected pairs of this type over those plus the negatives flagged as copies.
            entry["recall"] = round(found / n, 4)
            entry["precision"] = round(found / (found + flagged_none), 4) if found else 0.0
            entry["partial_rate"] = (
                round(sum(r["partial"] for r in rows if r["kind"] in COPY_KINDS) / found, 4)
                if found
                else 0.0
            )
            entry["kind_and_partial"] = round(
                sum(r["kind"] in EXPECTED[obfuscation] and r["partial"] for r in rows) / n, 4
            )
            entry["source_found"] = round(sum(r["source"] == "a" for r in rows) / n, 4)
        table[obfuscation] = entry
    cases: list[Span] = []
    detections: list[Span] = []
    with_truth = 0
    for pair, r in zip(pairs, results, strict=True):
        if pair.obfuscation != "verbatim":
            continue
        truth = load_cases(data_dir, pair)
        if truth is None:
            continue
        with_truth += 1
        cases.extend(truth)
        detections.extend(
            Span(pair.key, tuple(this), tuple(src))  # type: ignore[arg-type]
            for this, src in r["detections"]
        )
    seconds = [r["seconds"] for r in results]
    return {
        "pairs": len(results),
        "types": table,
        "plagdet_verbatim": {"pairs": with_truth, **plagdet(cases, detections)},
        "seconds_per_pair": round(sum(seconds) / len(seconds), 4) if seconds else 0.0,
    }


def evaluate(
    data_dir: Path, split: str = "test", sample: int | None = None, workers: int = 2
) -> dict[str, Any]:
    """The PAN 2013 figures of one split (``sample``: a fixed subset of about that size)."""
    pairs = load_pairs(data_dir, split, sample)
    results = run_pairs(data_dir, pairs, workers)
    return {"benchmark": "pan13", "split": split, **score(data_dir, pairs, results)}
