"""Latency of ``POST /api/check`` on indexes of real news, against a datasketch baseline.

Indexes of the first 3,000, 10,000 and 37,554 articles of
``../shared/data/news-bias/all.jsonl.gz`` (id, url, title, text, published) are built
with ``unspun.scan`` and kept under ``/tmp/unspun-check-bench/`` (rebuilt when their
index format is not this unspun's). For each, the web app is created in this process
and asked through FastAPI's TestClient (the whole request: JSON, extraction, cleaning,
fingerprints, the candidate look-up in the stored LSH bands and the vector index,
alignment, relations) to check:

- lightly edited copies of 20 indexed articles (six words replaced by others; the same
  20 articles, drawn from the first 3,000, at every size): was the original found, as a
  copy, and first?
- 10 unrelated texts (PAN 2013 source documents: web essays, not news).

Named baseline, in the same run on the same pages: an in-memory datasketch MinHashLSH
(word 5-grams, 128 permutations, threshold 0.5, as in ``throughput.py``) built from the
index's cleaned texts, queried with the page, its candidates read from the same index
and related by the same ``Relate`` stage. It stands for what one would build instead of
unspun's look-up (the usual near-duplicate index, held in memory); unspun's look-up
reads DuckDB's stored band keys and a vector index, and also finds spun and translated
copies, which a 5-gram LSH does not (not measured here: the pages are light edits).
Both are timed per page as library calls, each with the cache of prepared documents
emptied first; the HTTP figure is unspun's alone.

    .venv/bin/python benchmarks/check_latency.py [--sizes 3000 10000 37554] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CACHE = Path("/tmp/unspun-check-bench")
EDITED, UNRELATED, REPLACED = 20, 10, 6
REPLACEMENTS = ("however", "meanwhile", "reportedly", "officials", "largely", "recently",
                "several", "notably", "already", "instead")


def corpus(n: int) -> Path:
    """The first ``n`` articles as JSONL in the documented input form."""
    path = CACHE / f"articles-{n}.jsonl"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with gzip.open(DATA / "news-bias" / "all.jsonl.gz", "rt", encoding="utf-8") as fh, \
            part.open("w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i == n:
                break
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "url": row["url"], "title": row["title"],
                                  "text": row["text"], "published": row.get("date") or None},
                                 ensure_ascii=False) + "\n")
    part.rename(path)
    return path


def index(n: int) -> tuple[Path, dict[str, Any]]:
    """The index of the first ``n`` articles, built unless one of this format exists."""
    import duckdb

    from unspun.store.schema import FORMAT

    db = CACHE / f"news-{n}.duckdb"
    about = CACHE / f"news-{n}.json"
    if db.exists() and about.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            found = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            count = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
        if found and found[0] == FORMAT and count == n:
            return db, {**json.loads(about.read_text()), "reused": True}
    source = corpus(n)
    building = CACHE / f"news-{n}.building.duckdb"
    for stale in (building, Path(f"{building}.wal"), Path(f"{building}.usearch")):
        stale.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "unspun.cli", "scan", str(source), "--db",
                    str(building), "--json"], check=True, stdout=subprocess.DEVNULL)
    info = {"documents": n, "format": FORMAT, "built_seconds": round(time.perf_counter() - start, 1),
            "built_by": _commit(), "built": time.strftime("%Y-%m-%d %H:%M")}
    if Path(f"{building}.usearch").exists():
        Path(f"{building}.usearch").rename(f"{db}.usearch")  # its vector graph
    building.rename(db)
    about.write_text(json.dumps(info))
    return db, {**info, "reused": False}


def _commit() -> str:
    return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()


def edited_pages(seed: int = 15) -> list[dict[str, str]]:
    """Copies of indexed articles (of the first 3,000, 200 words or more) with
    ``REPLACED`` words replaced."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in corpus(3000).read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if len(r["text"].split()) >= 200]
    pages = []
    for row in rng.sample(rows, EDITED):
        words = row["text"].split(" ")
        for at in rng.sample(range(10, len(words) - 10), REPLACED):
            words[at] = rng.choice(REPLACEMENTS)
        pages.append({"original": row["id"], "text": " ".join(words), "title": row["title"]})
    return pages


def unrelated_pages(seed: int = 15) -> list[dict[str, str]]:
    files = sorted((DATA / "pan13" / "src").glob("*.txt"))
    picked = random.Random(seed).sample(files, UNRELATED)
    return [{"original": None, "text": f.read_text(encoding="utf-8", errors="replace")}
            for f in picked]


def _cold() -> None:
    # Each page is timed with no prepared document kept from an earlier page: a server
    # asked about other pages would not have them either.
    from unspun.pipeline import prepared

    prepared._PREPARED.clear()


class Baseline:
    """datasketch MinHashLSH over the index's cleaned texts, + the same Relate stage."""

    def __init__(self, db: Path) -> None:
        from datasketch import MinHashLSH

        from unspun.store import Store

        start = time.perf_counter()
        self.db = db
        self.lsh = MinHashLSH(threshold=0.5, num_perm=128)
        with Store(db, read_only=True) as store:
            reader = store.con.sql("SELECT id, text FROM documents").to_arrow_reader(2000)
            for batch in reader:
                with self.lsh.insertion_session() as session:
                    for doc_id, text in zip(batch.column(0).to_pylist(),
                                            batch.column(1).to_pylist(), strict=True):
                        session.insert(doc_id, _minhash(text))
        self.build_seconds = time.perf_counter() - start

    def check(self, document: Any) -> tuple[list[Any], int]:
        from unspun.config import Config
        from unspun.fingerprint.embed import default_encoder
        from unspun.fingerprint.stage import fingerprint
        from unspun.pipeline.stages import Relate
        from unspun.store import Store

        config = Config()
        fp = fingerprint([document.text], config.candidates, default_encoder(),
                         config.scan.min_words)
        found = sorted(self.lsh.query(_minhash(document.text)))
        with Store(self.db, read_only=True) as store:
            docs = {d.id: d for d in store.documents(found, raw_text=False)}
            anchors = store.anchors(found)
        docs[document.id] = document
        anchors[document.id] = frozenset(fp.anchors[0])
        pairs = [(i, document.id) for i in found if i in docs]
        related = Relate(config).run((pairs, docs, anchors), Counter()) if pairs else []
        return [r for r in related if r.kind != "unrelated"], len(pairs)


def _minhash(text: str) -> Any:
    from datasketch import MinHash

    tokens = re.findall(r"\w+", text.lower())
    shingles = {" ".join(tokens[i:i + 5]).encode() for i in range(max(1, len(tokens) - 4))}
    m = MinHash(num_perm=128)
    m.update_batch(list(shingles))
    return m


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": round(float(np.median(values)), 3),
            "p95": round(float(np.percentile(values, 95)), 3),
            "max": round(max(values), 3)}


def measure(n: int, edited: list[dict], unrelated: list[dict]) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from unspun.check import document_from_request
    from unspun.records import COPY_KINDS
    from unspun.web.app import create_app

    db, built = index(n)
    app = create_app(db, warm=False)
    start = time.perf_counter()
    app.state.checker.warm()  # what the server does in the background at start
    warm = time.perf_counter() - start
    client = TestClient(app)
    out: dict[str, Any] = {"index": built, "warm_up_seconds": round(warm, 2)}
    for name, pages in (("edited", edited), ("unrelated", unrelated)):
        http, server, found, first, copies = [], [], 0, 0, 0
        for page in pages:
            _cold()
            body = {k: page[k] for k in ("text", "title") if k in page}
            start = time.perf_counter()
            answer = client.post("/api/check", json=body)
            http.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
            data = answer.json()
            server.append(data["seconds"])
            hits = [r["id"] for r in data["relations"] if r["kind"] in COPY_KINDS]
            copies += len(hits)
            found += page["original"] in hits
            first += bool(hits) and hits[0] == page["original"]
        out[name] = {"pages": len(pages), "http_seconds": _stats(http),
                     "check_seconds": _stats(server), "copy_relations": copies}
        if name == "edited":
            out[name].update(original_found=found, original_first=first)
    baseline = Baseline(db)
    out["baseline"] = {"name": "datasketch MinHashLSH (5-grams, 128 perms, threshold 0.5) "
                               "+ the same Relate stage",
                       "build_seconds": round(baseline.build_seconds, 1)}
    for name, pages in (("edited", edited), ("unrelated", unrelated)):
        times, found, copies, aligned = [], 0, 0, []
        for page in pages:
            document = document_from_request({k: page[k] for k in ("text", "title")
                                              if k in page})
            _cold()
            start = time.perf_counter()
            related, candidates = baseline.check(document)
            times.append(time.perf_counter() - start)
            hits = [r.a for r in related if r.kind in COPY_KINDS]
            copies += len(hits)
            found += page["original"] in hits
            aligned.append(candidates)
        out["baseline"][name] = {"seconds": _stats(times), "copy_relations": copies,
                                 "candidates_median": float(np.median(aligned))}
        if name == "edited":
            out["baseline"][name]["original_found"] = found
    # unspun as a library call too, timed like the baseline (no HTTP, extraction apart).
    checker = app.state.checker
    times = []
    for page in edited:
        document = document_from_request({"text": page["text"], "title": page["title"]})
        _cold()
        start = time.perf_counter()
        checker.check(document)
        times.append(time.perf_counter() - start)
    out["edited"]["library_seconds"] = _stats(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 10000, 37554])
    parser.add_argument("--out", type=Path,
                        default=REPO / "benchmarks" / "results" / "check_latency.json")
    args = parser.parse_args()
    edited, unrelated = edited_pages(), unrelated_pages()
    result: dict[str, Any] = {
        "command": "python benchmarks/check_latency.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores (shared "
                   "with other work while measured)",
        "commit": _commit(), "date": time.strftime("%Y-%m-%d %H:%M"),
        "edited_pages": EDITED, "words_replaced": REPLACED, "unrelated_pages": UNRELATED,
        "sizes": {}}
    for n in args.sizes:
        result["sizes"][str(n)] = row = measure(n, edited, unrelated)
        e, b = row["edited"], row["baseline"]["edited"]
        print(f"{n:>6} articles  check median {e['http_seconds']['median']:.3f} s, p95 "
              f"{e['http_seconds']['p95']:.3f} s; original found {e['original_found']}/"
              f"{EDITED} (first {e['original_first']}); unrelated median "
              f"{row['unrelated']['http_seconds']['median']:.3f} s, "
              f"{row['unrelated']['copy_relations']} copies | baseline median "
              f"{b['seconds']['median']:.3f} s, p95 {b['seconds']['p95']:.3f} s, found "
              f"{b['original_found']}/{EDITED}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
