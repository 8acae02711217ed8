"""Make the background vector that document vectors are centred on.

Static-model document vectors of news share one strong common direction (any two
political articles score a cosine near 0.95), which drowns the differences that
matter for finding same-story coverage. Subtracting the mean vector of a reference
corpus spreads them out (nearest-neighbour cosines from ~0.95 to ~0.56 on news-bias).

The reference corpus is the second half (articles 5,000-9,999) of
../shared/data/news-bias/articles.jsonl.gz (Apache-2.0 compilation), which the demo
corpus does not use. Run with the project's venv:

    .venv/bin/python scripts/make_background.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "news-bias" / "articles.jsonl.gz"
OUT = REPO / "src" / "unspun" / "models" / "minilm-static" / "background.npy"


def main() -> None:
    from unspun.fingerprint.embed import default_encoder
    from unspun.fingerprint.stage import document_text

    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh][5000:10000]
    vectors = default_encoder().encode([document_text(t) for t in texts])
    np.save(OUT, vectors.mean(axis=0).astype(np.float32))
    print(f"wrote {OUT} from {len(texts)} articles")


if __name__ == "__main__":
    main()
