"""Throughput and memory of a full scan on real news, against a datasketch baseline.

Scans the first N articles of ../shared/data/news-bias (N = 2,000 and 10,000 by
default) into a fresh DuckDB index and reports, per stage and end to end, documents
per second, CPU-seconds and peak memory; in the same run it times the named baseline,
datasketch on the same texts with the same cores: MinHash signatures (word 5-gram
shingles, 128 permutations) computed on a process pool of as many workers as the scan
uses, then MinHashLSH (Jaccard >= 0.5) in the main process. Wall time and CPU-seconds
(every process's) are reported for both.

"Known copies found" counts the 54 cross-site copies of copy_pairs.tsv (word 5-gram
containment > 0.5) that each finds. MinHashLSH estimates Jaccard, which misses copies
whose containment is high but Jaccard low (an excerpt of a longer article), so the
baseline's copies are also counted at the same containment threshold as the list:
datasketch's MinHashLSHEnsemble (containment >= 0.5) over the same signatures (its time
is reported apart).

    .venv/bin/python benchmarks/throughput.py [--sizes 2000 10000] [--engine local|ray] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "news-bias"


def load_articles(n: int | None, path: Path = DATA / "articles.jsonl.gz") -> list[dict]:
    """The first ``n`` articles of ``path`` (all when None), as scan input rows."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.append({"id": row["id"], "url": row["url"], "title": row["title"],
                        "text": row["text"], "published": row.get("date") or None})
            if len(out) == n:
                break
    return out


def known_pairs() -> list[tuple[str, str]]:
    lines = (DATA / "copy_pairs.tsv").read_text().splitlines()[1:]
    return [tuple(sorted(line.split("\t")[:2])) for line in lines]


def _shingles(text: str) -> list[bytes]:
    tokens = re.findall(r"\w+", text.lower())
    return list({" ".join(tokens[i:i + 5]).encode() for i in range(max(1, len(tokens) - 4))})


def _signatures(texts: list[str]) -> list[tuple[object, int, str]]:
    """datasketch MinHash hash values, shingle count and hashing scheme of each text (a
    pool task)."""
    from datasketch import MinHash

    out = []
    for text in texts:
        shingles = _shingles(text)
        m = MinHash(num_perm=128)
        m.update_batch(shingles)
        out.append((m.hashvalues, len(shingles), m.scheme))
    return out


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    import resource

    own, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                      resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def datasketch_baseline(articles: list[dict], workers: int) -> dict:
    """The baseline: datasketch MinHash (5-gram shingles, 128 perms) on a process pool of
    ``workers``, then MinHashLSH (Jaccard >= 0.5); and, apart, MinHashLSHEnsemble
    (containment >= 0.5) over the same signatures."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble

    cpu, start = _cpu_seconds(), time.perf_counter()
    texts = [a["text"] for a in articles]
    chunks = [texts[i:i + 256] for i in range(0, len(texts), 256)]
    # fork: the workers start with datasketch loaded, and are children that
    # RUSAGE_CHILDREN counts once the pool has ended.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        signatures = [s for chunk in pool.map(_signatures, chunks) for s in chunk]
    hashes = {a["id"]: MinHash(num_perm=128, hashvalues=hv, scheme=scheme)
              for a, (hv, _, scheme) in zip(articles, signatures, strict=True)}
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for doc_id, m in hashes.items():
        lsh.insert(doc_id, m)
    pairs = {tuple(sorted((doc_id, other))) for doc_id, m in hashes.items()
             for other in lsh.query(m) if other != doc_id}
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    # The same signatures at the copy list's own measure: containment of one text's
    # shingles in the other's, either way.
    ensemble_start = time.perf_counter()
    sizes = {a["id"]: n for a, (_, n, _) in zip(articles, signatures, strict=True)}
    ensemble = MinHashLSHEnsemble(threshold=0.5, num_perm=128, num_part=16)
    ensemble.index((doc_id, m, sizes[doc_id]) for doc_id, m in hashes.items())
    contained = {tuple(sorted((doc_id, other))) for doc_id, m in hashes.items()
                 for other in ensemble.query(m, sizes[doc_id]) if other != doc_id}
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "docs_per_second": round(len(articles) / seconds, 1), "workers": workers,
            "pairs": len(pairs), "found": pairs,
            "containment_pairs": len(contained), "found_by_containment": contained,
            "containment_seconds": round(time.perf_counter() - ensemble_start, 2)}


def run_scan(n: int, engine: str = "local") -> dict:
    """One scan in a child process, so its peak memory is measured on its own."""
    code = f"""
import json, os, resource, sys, threading, time
sys.path.insert(0, {str(REPO / 'src')!r})
sys.path.insert(0, {str(REPO / 'benchmarks')!r})
from throughput import worker_peaks
from unspun.pipeline import scan
peaks, cpu, done = {{}}, {{}}, threading.Event()
watch = threading.Thread(target=worker_peaks, args=(peaks, done, 0.05, cpu), daemon=True)
watch.start()
start = time.perf_counter()
summary = scan([sys.argv[1]], sys.argv[2], engine=sys.argv[3])
total = time.perf_counter() - start
done.set()
watch.join()
import duckdb
con = duckdb.connect(sys.argv[2], read_only=True)
copies = con.execute("SELECT a, b FROM relations WHERE kind NOT IN ('unrelated', 'same-story')").fetchall()
cands = con.execute("SELECT count(*) FROM relations").fetchone()[0]
own = resource.getrusage(resource.RUSAGE_SELF)
self_kb = own.ru_maxrss
main_cpu = own.ru_utime + own.ru_stime
print(json.dumps({{"summary": summary.to_dict(), "seconds": total, "copies": copies,
                  "cpu_seconds": main_cpu + sum(cpu.values()), "cpu_seconds_main": main_cpu,
                  "aligned_pairs": cands, "peak_main_mb": self_kb / 1024,
                  "peak_worker_mb": max(peaks.values(), default=0) / 1024}}))
"""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "news.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for a in load_articles(n):
                fh.write(json.dumps(a) + "\n")
        db = Path(tmp) / "bench.duckdb"
        proc = subprocess.run([sys.executable, "-c", code, str(corpus), str(db), engine],
                              capture_output=True, text=True, check=True)
        return json.loads(proc.stdout.strip().splitlines()[-1])


def worker_peaks(peaks: dict[int, int], done, every: float = 0.2,
                 cpu: dict[int, float] | None = None) -> None:
    """Until ``done`` is set, the peak resident memory (VmHWM, KB) of each process
    descended from this one, and (into ``cpu``) the CPU-seconds each has used: the
    pool's workers are children of its forkserver, which ``RUSAGE_CHILDREN`` does not
    see. A process's CPU after the last sample (at most ``every`` seconds) is missed."""
    tick = os.sysconf("SC_CLK_TCK")
    me = os.getpid()
    while not done.wait(every):
        parent = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    parent[int(pid)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
        for pid in parent:
            up = pid
            while up in parent and up != me:
                up = parent[up]
            if up != me or pid == me:
                continue
            if cpu is not None:
                try:
                    with open(f"/proc/{pid}/stat") as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                    cpu[pid] = max(cpu.get(pid, 0.0), (int(fields[11]) + int(fields[12])) / tick)
                except (OSError, IndexError, ValueError):
                    pass
            try:
                with open(f"/proc/{pid}/status") as fh:
                    kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
            except (OSError, StopIteration):
                continue
            peaks[pid] = max(peaks.get(pid, 0), kb)


def fingerprint_rate(texts: list[str]) -> float:
    """Text → fingerprints on all cores, without I/O: documents per second."""
    sys.path.insert(0, str(REPO / "src"))
    from unspun.config import Config
    from unspun.engine.local import LocalEngine
    from unspun.pipeline.stages import Fingerprint, Task

    config = Config()
    engine = LocalEngine()
    task = Task((Fingerprint(config),))
    batches = [texts[i:i + 256] for i in range(0, len(texts), 256)]
    list(engine.map(task, batches[:2]))  # start the workers, load the model
    start = time.perf_counter()
    for _ in engine.map(task, batches):
        pass
    seconds = time.perf_counter() - start
    engine.close()
    return len(texts) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--engine", default="local", help="local or ray (the scan's engine; "
                        "ray's start-up is timed with the scan)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" /
                        "throughput.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data/news-bias")
    truth = known_pairs()
    # Other jobs on the machine inflate wall time (and, less, CPU-seconds): say how busy
    # it was (1-minute load average, at the start and end of each run).
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
               "runs": []}
    for n in args.sizes:
        articles = load_articles(n)
        ids = {a["id"] for a in articles}
        present = [p for p in truth if p[0] in ids and p[1] in ids]
        load_before = os.getloadavg()[0]
        ours = run_scan(n, args.engine)
        base = datasketch_baseline(articles, os.cpu_count() or 1)  # the scan's workers
        found = {tuple(sorted(p)) for p in ours["copies"]}
        s = ours["summary"]
        stages = {k: {"seconds": v, "docs_per_second": round(n / v, 1) if v else None}
                  for k, v in s["seconds"].items()}
        run = {
            "documents": n,
            "unspun": {
                "seconds": round(ours["seconds"], 2),
                "engine": args.engine,
                "cpu_seconds": round(ours["cpu_seconds"], 2),
                # The main process (reading, storing, candidates, grouping) and the rest
                # (the workers: extract, clean, fingerprint, align, relate).
                "cpu_seconds_main": round(ours["cpu_seconds_main"], 2),
                "cpu_seconds_workers": round(ours["cpu_seconds"] - ours["cpu_seconds_main"], 2),
                "docs_per_second": round(n / ours["seconds"], 1),
                "stages": stages,
                "fingerprint_only_docs_per_second": round(
                    fingerprint_rate([a["text"] for a in articles]), 1),
                "peak_main_mb": round(ours["peak_main_mb"], 1),
                "peak_worker_mb": round(ours["peak_worker_mb"], 1),
                "relations": s["relations"],
                "candidates": s["candidates"],
                "known_copies_found": sum(p in found for p in present),
            },
            "datasketch": {k: v for k, v in base.items() if not k.startswith("found")}
                          | {"known_copies_found": sum(p in base["found"] for p in present),
                             "known_copies_found_by_containment": sum(
                                 p in base["found_by_containment"] for p in present)},
            "known_copies_present": len(present),
        }
        run["speedup_vs_datasketch"] = round(base["seconds"] / ours["seconds"], 2)
        run["cpu_ratio_vs_datasketch"] = round(base["cpu_seconds"] / ours["cpu_seconds"], 2)
        run["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        results["runs"].append(run)
        print(json.dumps(run, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
