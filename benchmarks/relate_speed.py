"""Time ``relate()`` per candidate pair on the demo corpus: copies and non-copies, one core.

The demo corpus (src/unspun/demo) holds real cross-site copies, simulated spun,
translated, scraped and excerpt copies, same-story coverage and distractors. Every pair of
its documents is related once; pairs listed as copies in expected.json are timed apart
from the rest (same-story and unrelated news: most candidates of a crawl). Texts are
prepared (segmented, embedded) beforehand, as the pipeline does once per document.

    .venv/bin/python benchmarks/relate_speed.py [--repeat 3]

BLAS is pinned to one thread before NumPy loads: the matrices of a pair are small, and a
multi-threaded BLAS spends more time waking threads than multiplying.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import numpy as np  # noqa: E402

from unspun.align import prepare_many  # noqa: E402
from unspun.demo import HERE, corpus_path  # noqa: E402
from unspun.fingerprint.embed import default_encoder  # noqa: E402
from unspun.records import Document  # noqa: E402
from unspun.relate import relate  # noqa: E402
from unspun.text import normalize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [json.loads(line) for line in corpus_path().read_text().splitlines() if line]
    expected = json.loads((HERE / "expected.json").read_text())
    copies = {frozenset((p["a"], p["b"])) for p in expected["real_copy_pairs"]}
    copies |= {frozenset((s["copy"], s["original"])) for s in expected["simulated_copies"]}
    texts = [normalize(r.get("text") or "") for r in rows]
    docs = [Document(r["id"], t, published=r.get("published")) for r, t in zip(rows, texts,
                                                                              strict=True)]
    prepared = prepare_many(texts, default_encoder())
    pairs = list(itertools.combinations(range(len(rows)), 2))
    for i, j in pairs[:50]:  # warm the per-document caches and the model
        relate(prepared[i], prepared[j], docs[i], docs[j])
    timings: dict[str, list[float]] = {"copy": [], "non-copy": []}
    kinds: dict[str, Counter[str]] = {"copy": Counter(), "non-copy": Counter()}
    for _ in range(args.repeat):
        for i, j in pairs:
            group = "copy" if frozenset((rows[i]["id"], rows[j]["id"])) in copies else "non-copy"
            start = time.perf_counter()
            rel = relate(prepared[i], prepared[j], docs[i], docs[j])
            timings[group].append(time.perf_counter() - start)
            kinds[group][rel.kind] += 1
    for group, values in timings.items():
        ms = np.array(values) * 1000
        print(f"{group:>9}: {len(ms) // args.repeat} pairs, mean {ms.mean():.2f} ms, "
              f"median {np.median(ms):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms; kinds "
              + ", ".join(f"{k} {n // args.repeat}" for k, n in kinds[group].most_common()))


if __name__ == "__main__":
    main()
