"""Pages per second of ingest + extract + clean on real pages, against plain trafilatura.

The 181 real pages of ../shared/data/article-extraction, copied ``--repeat`` times under
new names, are read from disk (gzipped HTML), extracted and cleaned by unspun's stages
on the local engine (all cores). The named baseline, in the same run, is
``trafilatura.extract`` with its defaults over the same pages in one process, no cleaning.

    .venv/bin/python benchmarks/ingest.py [--repeat 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "article-extraction"
sys.path.insert(0, str(REPO / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" /
                        "ingest.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data/article-extraction")

    import trafilatura

    from unspun.engine.local import LocalEngine
    from unspun.ingest import iter_inputs
    from unspun.pipeline import extract_documents
    from unspun.pipeline.documents import batched
    from unspun.records import Document, RawItem

    pages = sorted((DATA / "html").glob("*.html.gz"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for r in range(args.repeat):
            for page in pages:
                shutil.copy(page, folder / f"{r}-{page.name}")
        n = len(pages) * args.repeat

        engine = LocalEngine()
        list(engine.map(extract_documents, [list(iter_inputs([pages[0]]))]))  # warm the workers
        start = time.perf_counter()
        docs = 0
        for batch in engine.map(extract_documents, batched(
                (x for x in iter_inputs([folder]) if isinstance(x, RawItem)), 16)):
            docs += sum(isinstance(d, Document) for d in batch)
        ours = time.perf_counter() - start
        engine.close()

        start = time.perf_counter()
        for path in sorted(folder.iterdir()):
            trafilatura.extract(gzip.decompress(path.read_bytes()))
        baseline = time.perf_counter() - start

    result = {
        "pages": n,
        "cpus": os.cpu_count(),
        "unspun_ingest_extract_clean": {"seconds": round(ours, 2),
                                        "pages_per_second": round(n / ours, 1),
                                        "documents": docs},
        "baseline_trafilatura_one_process": {"seconds": round(baseline, 2),
                                             "pages_per_second": round(n / baseline, 1)},
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
