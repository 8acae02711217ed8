"""Scaling: what a scan costs as the index grows, projected to a million documents.

Scans the first 10,000 and then all 37,554 articles of
../shared/data/news-bias/all.jsonl.gz (JSONL: id, url, title, text, published) into
fresh indexes. Then the incremental case: the last 1,000 articles added to an index of
the other 36,554, against the same 1,000 into an empty index (a fresh scan of 1,000).
Each scan runs in a child process and is measured on its own: wall time, CPU-seconds
(its own and its workers'), candidate pairs per document, peak resident memory of the
main process and of the largest worker (VmHWM of the scan's descendants, read from
/proc as benchmarks/throughput.py does), and the index's size on disk.

Named baseline in the same run, at each size: throughput.py's datasketch pipeline
(MinHash of word 5-grams on a process pool of as many workers, then MinHashLSH) on the
same texts. Projections to a million documents: the per-document time at the largest
size, and each peak as the line through the two sizes.

    .venv/bin/python benchmarks/scaling.py [--sizes 10000 37554] [--increment 1000]
                                           [--limit N]

writes benchmarks/results/scaling.json and the plot docs/scaling.png.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from throughput import datasketch_baseline  # noqa: E402  (the named baseline)

DATA = REPO.parent / "shared" / "data" / "news-bias" / "all.jsonl.gz"
MILLION = 1_000_000

# One scan in a child process: its peak is then its own. Prints one JSON line.
_CHILD = """
import json, os, resource, sys, threading, time
sys.path.insert(0, {benchmarks!r})
from throughput import worker_peaks
from unspun.pipeline import scan
peaks, cpu, done = {{}}, {{}}, threading.Event()
watch = threading.Thread(target=worker_peaks, args=(peaks, done, 0.05, cpu), daemon=True)
watch.start()
start = time.perf_counter()
summary = scan([sys.argv[1]], sys.argv[2])
seconds = time.perf_counter() - start
done.set()
watch.join()
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": seconds, "summary": summary.to_dict(),
                  "cpu_seconds": own.ru_utime + own.ru_stime + sum(cpu.values()),
                  "peak_main_mb": own.ru_maxrss / 1024,
                  "peak_worker_mb": max(peaks.values(), default=0) / 1024,
                  "peak_workers_mb": sum(peaks.values()) / 1024}}))
"""


def load_articles(n: int | None = None) -> list[dict]:
    """The first ``n`` articles of all.jsonl.gz (all when None), as scan input rows."""
    out = []
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.append({"id": row["id"], "url": row["url"], "title": row["title"],
                        "text": row["text"], "published": row.get("date") or None})
            if len(out) == n:
                break
    return out


def _write(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def scan(rows: list[dict], db: Path, work: Path) -> dict:
    """Scan ``rows`` into ``db`` (new or not) in a child process; what it measured."""
    corpus = _write(rows, work / f"scan-{len(rows)}.jsonl")
    load = os.getloadavg()
    child = _CHILD.format(benchmarks=str(REPO / "benchmarks"))
    proc = subprocess.run([sys.executable, "-c", child, str(corpus), str(db)],
                          capture_output=True, text=True, check=True)
    measured = json.loads(proc.stdout.strip().splitlines()[-1])
    summary = measured.pop("summary")
    n = summary["documents_added"]
    pairs = summary["candidates"].get("pairs", 0)
    graph = Path(f"{db}.usearch")
    return {
        "documents": n, "index_before": summary["documents_total"] - n,
        "seconds": round(measured["seconds"], 2),
        "cpu_seconds": round(measured["cpu_seconds"], 2),
        "ms_per_document": round(1000 * measured["seconds"] / n, 3),
        "cpu_ms_per_document": round(1000 * measured["cpu_seconds"] / n, 3),
        "candidate_pairs": pairs, "pairs_per_document": round(pairs / n, 3),
        "peak_main_mb": round(measured["peak_main_mb"], 1),
        "peak_worker_mb": round(measured["peak_worker_mb"], 1),
        "peak_workers_total_mb": round(measured["peak_workers_mb"], 1),
        "stages": summary["seconds"], "relations": summary["relations"],
        "index_mb": round((db.stat().st_size + (graph.stat().st_size if graph.exists()
                                                 else 0)) / 2**20, 1),
        "load_average_before": [round(x, 2) for x in load],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def baseline(rows: list[dict]) -> dict:
    """throughput.py's datasketch pipeline on the same texts and cores."""
    found = datasketch_baseline(rows, os.cpu_count() or 1)
    n = len(rows)
    return {"documents": n, "seconds": found["seconds"], "cpu_seconds": found["cpu_seconds"],
            "ms_per_document": round(1000 * found["seconds"] / n, 3),
            "pairs_per_document": round(found["pairs"] / n, 3)}


def _line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Intercept and slope of the line through the first and last points."""
    (x0, y0), (x1, y1) = points[0], points[-1]
    slope = (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0
    return y0 - slope * x0, slope


def project(runs: list[dict]) -> dict:
    """The largest run's per-document time, and each peak's line through the smallest
    and largest runs, at a million documents."""
    last = runs[-1]
    out = {"seconds": round(last["ms_per_document"] * MILLION / 1000),
           "cpu_seconds": round(last["cpu_ms_per_document"] * MILLION / 1000)}
    for key in ("peak_main_mb", "peak_worker_mb", "peak_workers_total_mb"):
        intercept, slope = _line([(r["documents"], r[key]) for r in runs])
        out[key] = round(intercept + slope * MILLION)
        out[key.replace("_mb", "_kb_per_document")] = round(slope * 1024, 2)
    out["peak_all_processes_mb"] = out["peak_main_mb"] + out["peak_workers_total_mb"]
    return out


def plot(results: dict, path: Path) -> None:
    """Per-document time and peak memory against the number of documents."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs, base = results["runs"], results["baseline"]
    sizes = [r["documents"] for r in runs]
    fig, (speed, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    speed.plot(sizes, [r["ms_per_document"] for r in runs], "o-", label="unspun scan, wall")
    speed.plot(sizes, [r["cpu_ms_per_document"] / results["machine"]["cpus"] for r in runs],
               "o:", label="unspun, CPU / cores")
    speed.plot([b["documents"] for b in base], [b["ms_per_document"] for b in base], "s--",
               label="datasketch MinHash+LSH, wall")
    inc = results["incremental"]
    speed.plot([inc["into_index"]["index_before"] + inc["into_index"]["documents"]],
               [inc["into_index"]["ms_per_document"]], "D", color="C3",
               label=f"{inc['into_index']['documents']:,} added to "
                     f"{inc['into_index']['index_before']:,}")
    speed.plot([inc["into_empty"]["documents"]], [inc["into_empty"]["ms_per_document"]], "D",
               color="C4", label=f"{inc['into_empty']['documents']:,} into an empty index")
    speed.set(xlabel="documents in the index", ylabel="ms per document",
              title="Time per document (2 cores)", xscale="log")
    speed.set_ylim(bottom=0)
    speed.legend(fontsize=8)
    proj = results["projection_to_a_million"]
    for key, label in (("peak_main_mb", "main process"),
                       ("peak_worker_mb", "largest worker")):
        line = memory.plot(sizes, [r[key] / 1024 for r in runs], "o-", label=label)[0]
        memory.plot([sizes[-1], MILLION], [runs[-1][key] / 1024, proj[key] / 1024], ":",
                    color=line.get_color())
    memory.axhline(4, color="grey", lw=0.8, ls="--", label="4 GB")
    memory.set(xlabel="documents scanned", ylabel="peak resident memory, GB",
               title="Peak memory, measured and projected (dotted)", xscale="log")
    memory.set_ylim(bottom=0)
    memory.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 37554])
    parser.add_argument("--increment", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=None,
                        help="use only the first LIMIT articles (a quick trial)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" /
                        "scaling.json")
    parser.add_argument("--plot", type=Path, default=REPO / "docs" / "scaling.png")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data/news-bias")
    everything = load_articles(args.limit)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "started": time.strftime("%Y-%m-%d %H:%M")},
                     "runs": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="unspun-scaling-") as tmp:
        work = Path(tmp)
        for n in args.sizes:
            rows = everything[:n]
            run = scan(rows, work / f"fresh-{n}.duckdb", work)
            results["runs"].append(run)
            results["baseline"].append(baseline(rows))
            print(json.dumps({"run": run, "baseline": results["baseline"][-1]}), flush=True)
            for stale in work.glob(f"fresh-{n}.duckdb*"):
                stale.unlink()
        # The last articles into an index of all the others, and into an empty one.
        base, added = everything[:-args.increment], everything[-args.increment:]
        db = work / "grown.duckdb"
        built = scan(base, db, work)
        into_index = scan(added, db, work)
        into_empty = scan(added, work / "empty.duckdb", work)
    results["incremental"] = {
        "index_built": built, "into_index": into_index, "into_empty": into_empty,
        "ratio": round(into_index["seconds"] / into_empty["seconds"], 2),
        "cpu_ratio": round(into_index["cpu_seconds"] / into_empty["cpu_seconds"], 2),
    }
    runs = results["runs"]
    results["per_document_time_ratio"] = round(
        runs[-1]["ms_per_document"] / runs[0]["ms_per_document"], 3)
    results["projection_to_a_million"] = project(runs)
    results["machine"]["finished"] = time.strftime("%Y-%m-%d %H:%M")
    print(json.dumps({k: results[k] for k in ("incremental", "per_document_time_ratio",
                                              "projection_to_a_million")}, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    plot(results, args.plot)
    print(f"wrote {args.out} and {args.plot}")


if __name__ == "__main__":
    main()
