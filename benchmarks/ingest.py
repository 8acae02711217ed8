"""Pages per second of ingest + extract + clean on real pages, against plain trafilatura.

The 181 real pages of ../shared/data/article-extraction, copied ``--repeat`` times under
new names, are read from disk (gzipped HTML), extracted and cleaned by unspun's stages
on the local engine (all cores). The named baseline, in the same run, is
``trafilatura.extract`` with its defaults over the same pages, no cleaning: on a process
pool of as many processes (one core per process, as unspun has), and in one process.

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
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "article-extraction"
sys.path.insert(0, str(REPO / "src"))


def _plain_extract(paths: list[Path]) -> int:
    """The baseline on some pages: ``trafilatura.extract`` with its defaults."""
    import trafilatura

    for path in paths:
        trafilatura.extract(gzip.decompress(path.read_bytes()))
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" /
                        "ingest.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data/article-extraction")


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
        # Warm every worker (one batch would warm one): each imports trafilatura on its
        # first page, as it does in a scan.
        first = list(iter_inputs([pages[0]]))
        list(engine.map(extract_documents, [first] * (4 * engine.workers)))
        start = time.perf_counter()
        docs = 0
        for batch in engine.map(extract_documents, batched(
                (x for x in iter_inputs([folder]) if isinstance(x, RawItem)), 16)):
            docs += sum(isinstance(d, Document) for d in batch)
        ours = time.perf_counter() - start
        engine.close()

        files = sorted(folder.iterdir())
        cpus = os.cpu_count() or 1
        # fork: the workers start with trafilatura loaded, as unspun's start warm.
        with ProcessPoolExecutor(cpus, mp_context=get_context("fork")) as pool:
            list(pool.map(_plain_extract, [[pages[0]]] * cpus))  # start every worker
            start = time.perf_counter()
            list(pool.map(_plain_extract, [files[i:i + 16] for i in range(0, n, 16)]))
            pooled = time.perf_counter() - start

        start = time.perf_counter()
        _plain_extract(files)
        baseline = time.perf_counter() - start

    result = {
        "pages": n,
        "cpus": os.cpu_count(),
        "unspun_ingest_extract_clean": {"seconds": round(ours, 2),
                                        "pages_per_second": round(n / ours, 1),
                                        "documents": docs},
        "baseline_trafilatura_same_cores": {"seconds": round(pooled, 2),
                                            "pages_per_second": round(n / pooled, 1),
                                            "processes": cpus},
        "baseline_trafilatura_one_process": {"seconds": round(baseline, 2),
                                             "pages_per_second": round(n / baseline, 1)},
        "speedup_vs_same_cores": round(pooled / ours, 2),
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
