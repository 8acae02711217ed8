"""Scaling: what a scan costs as the index grows, projected to a million documents.

Scans the first 10,000 and then all 37,554 articles of
../shared/data/news-bias/all.jsonl.gz (JSONL: id, url, title, text, published) into
fresh indexes. Then the incremental case: the last 1,000 articles added to an index of
the other 36,554, against the same 1,000 into an empty index (a fresh scan of 1,000),
each three times, alternating (medians reported). Each scan runs in a child process and
is measured on its own: wall time, CPU-seconds (its own and its workers'), candidate
pairs per document, peak resident memory of the main process and of the largest worker
(VmHWM of the scan's descendants, read from /proc as benchmarks/throughput.py does),
DuckDB's peak by its own account, and the index's size on disk.

Named baseline in the same run, at each size: throughput.py's datasketch pipeline
(MinHash of word 5-grams on a process pool of as many workers, then MinHashLSH) on the
same texts. Projections to a million documents: the per-document time at the largest
size, and each peak as the line through the two sizes. DuckDB's share of the main
process is bounded by its memory limit (``index_memory``; it spills past it), which the
line does not know: so both sizes are scanned again with DuckDB held to 256 MB, and the
main process's peak is also projected as that line plus what the default limit allows
DuckDB beyond 256 MB.

    .venv/bin/python benchmarks/scaling.py [--sizes 10000 37554] [--increment 1000]
                                           [--repeat 3] [--limit N]

writes benchmarks/results/scaling.json and the plot docs/scaling.png.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from throughput import datasketch_baseline, load_articles  # noqa: E402  (the named baseline)

DATA = REPO.parent / "shared" / "data" / "news-bias" / "all.jsonl.gz"
MILLION = 1_000_000

# One scan in a child process: its peak is then its own. Prints one JSON line. Besides
# the workers' peaks, a thread samples this process's resident size and DuckDB's memory
# (through a connection of the scan's own database instance).
_CHILD = """
import json, resource, sys, threading, time
import duckdb
sys.path.insert(0, {benchmarks!r})
from throughput import worker_peaks
import unspun.store.store as store_module
from unspun.pipeline import scan

cursors = []
opened = store_module.Store.__init__
def watched(self, *args, **kwargs):
    opened(self, *args, **kwargs)
    if not cursors:  # a connection of its own to the scan's database instance
        cursors.append(duckdb.connect(self.path))
store_module.Store.__init__ = watched

def resident():
    with open("/proc/self/status") as fh:
        return {{k: int(v.split()[0]) * 1024 for k, v in
                 (line.split(":", 1) for line in fh) if k in ("VmRSS", "VmHWM")}}

memory = {{"duckdb": 0}}
def sample(done):
    while not done.wait(0.05):
        if not cursors:
            continue
        try:
            duck = cursors[0].execute(
                "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchall()[0][0]
        except Exception:
            continue
        memory["duckdb"] = max(memory["duckdb"], duck)

peaks, cpu, done = {{}}, {{}}, threading.Event()
threads = [threading.Thread(target=worker_peaks, args=(peaks, done, 0.05, cpu), daemon=True),
           threading.Thread(target=sample, args=(done,), daemon=True)]
for thread in threads:
    thread.start()
start = time.perf_counter()
summary = scan([sys.argv[1]], sys.argv[2], config=sys.argv[3] if len(sys.argv) > 3 else None)
seconds = time.perf_counter() - start
done.set()
for thread in threads:
    thread.join()
own = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so it would hold the size of
# the benchmark process this one was forked from.
print(json.dumps({{"seconds": seconds, "summary": summary.to_dict(),
                  "cpu_seconds": own.ru_utime + own.ru_stime + sum(cpu.values()),
                  "peak_main_mb": resident()["VmHWM"] / 2**20,
                  "peak_duckdb_mb": memory["duckdb"] / 2**20,
                  "peak_worker_mb": max(peaks.values(), default=0) / 1024,
                  "peak_workers_mb": sum(peaks.values()) / 1024}}))
"""


def _write(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def scan(rows: list[dict], db: Path, work: Path, index_memory: str | None = None) -> dict:
    """Scan ``rows`` into ``db`` (new or not) in a child process, with DuckDB's memory
    limit at ``index_memory`` (default: the scan's); what it measured."""
    corpus = _write(rows, work / f"scan-{len(rows)}.jsonl")
    load = os.getloadavg()
    child = _CHILD.format(benchmarks=str(REPO / "benchmarks"))
    config = []
    if index_memory:
        config = [str(work / "config.toml")]
        Path(config[0]).write_text(f'[scan]\nindex_memory = "{index_memory}"\n')
    proc = subprocess.run([sys.executable, "-c", child, str(corpus), str(db), *config],
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"the scan of {len(rows)} documents into {db} failed:\n{proc.stderr[-3000:]}")
    measured = json.loads(proc.stdout.strip().splitlines()[-1])
    summary = measured.pop("summary")
    n = summary["documents_added"]
    pairs = summary["candidates"].get("pairs", 0)
    graph = Path(f"{db}.usearch")
    aligning = summary["seconds"].get("align+relate", 0.0)
    return {
        "documents": n, "index_before": summary["documents_total"] - n,
        "seconds": round(measured["seconds"], 2),
        "cpu_seconds": round(measured["cpu_seconds"], 2),
        "ms_per_document": round(1000 * measured["seconds"] / n, 3),
        "cpu_ms_per_document": round(1000 * measured["cpu_seconds"] / n, 3),
        "seconds_apart_from_aligning": round(measured["seconds"] - aligning, 2),
        "ms_per_document_apart_from_aligning": round(
            1000 * (measured["seconds"] - aligning) / n, 3),
        "ms_aligning_per_pair": round(1000 * aligning / pairs, 3) if pairs else None,
        "candidate_pairs": pairs, "pairs_per_document": round(pairs / n, 3),
        "candidates": summary["candidates"],
        "peak_main_mb": round(measured["peak_main_mb"], 1),
        "peak_duckdb_mb": round(measured["peak_duckdb_mb"], 1),
        "peak_worker_mb": round(measured["peak_worker_mb"], 1),
        "peak_workers_total_mb": round(measured["peak_workers_mb"], 1),
        "stages": summary["seconds"], "relations": summary["relations"],
        "index_mb": round((db.stat().st_size + (graph.stat().st_size if graph.exists()
                                                 else 0)) / 2**20, 1),
        "graph_mb": round(graph.stat().st_size / 2**20, 1) if graph.exists() else 0.0,
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


def incremental(everything: list[dict], added: int, repeat: int, work: Path) -> dict:
    """The last ``added`` articles into an index of the others, against into an empty
    index, ``repeat`` times each, alternating: every run and the medians."""
    base, new = everything[:-added], everything[-added:]
    built = work / "base.duckdb"
    index_built = scan(base, built, work)
    into_index, into_empty = [], []
    for _ in range(repeat):
        grown = work / "grown.duckdb"
        for suffix in ("", ".usearch"):
            shutil.copy(f"{built}{suffix}", f"{grown}{suffix}")
        into_index.append(scan(new, grown, work))
        into_empty.append(scan(new, work / "empty.duckdb", work))
        for stale in [*work.glob("grown.duckdb*"), *work.glob("empty.duckdb*")]:
            stale.unlink()

    def median(runs: list[dict], key: str) -> float:
        return round(statistics.median(r[key] for r in runs), 2)

    keys = ("seconds", "cpu_seconds", "seconds_apart_from_aligning")
    index_median = {k: median(into_index, k) for k in keys}
    empty_median = {k: median(into_empty, k) for k in keys}
    return {
        "index_built": index_built, "into_index": into_index, "into_empty": into_empty,
        "median_into_index": index_median, "median_into_empty": empty_median,
        "ratio": round(index_median["seconds"] / empty_median["seconds"], 2),
        "cpu_ratio": round(index_median["cpu_seconds"] / empty_median["cpu_seconds"], 2),
        "ratio_apart_from_aligning": round(index_median["seconds_apart_from_aligning"]
                                           / empty_median["seconds_apart_from_aligning"], 2),
    }


def _line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Intercept and slope of the line through the first and last points."""
    (x0, y0), (x1, y1) = points[0], points[-1]
    slope = (y1 - y0) / (x1 - x0) if x1 != x0 else 0.0
    return y0 - slope * x0, slope


def project(runs: list[dict], capped: list[dict], cap: str, limit: str) -> dict:
    """The largest run's per-document time, and each peak's line through the smallest
    and largest runs, at a million documents. DuckDB spills past its memory limit, so
    the main process's peak is also projected from ``capped`` (the same sizes with
    DuckDB held to ``cap``), its line plus what the default ``limit`` allows more."""
    first, last = runs[0], runs[-1]
    out = {"seconds": round(last["ms_per_document"] * MILLION / 1000),
           "cpu_seconds": round(last["cpu_ms_per_document"] * MILLION / 1000)}
    # Candidate pairs grow faster than the documents (more coverage of each event in a
    # larger corpus): if they go on as between the two sizes (pairs ~ documents^growth),
    # aligning them is what a million documents cost.
    growth = (math.log(last["candidate_pairs"] / first["candidate_pairs"])
              / math.log(last["documents"] / first["documents"]))
    pairs = last["candidate_pairs"] * (MILLION / last["documents"]) ** growth
    out["candidate_pairs_growth_exponent"] = round(growth, 2)
    out["candidate_pairs_if_that_growth_goes_on"] = round(pairs)
    out["seconds_if_that_growth_goes_on"] = round(
        (last["ms_per_document_apart_from_aligning"] * MILLION
         + last["ms_aligning_per_pair"] * pairs) / 1000)
    for key in ("peak_main_mb", "peak_duckdb_mb", "peak_worker_mb", "peak_workers_total_mb"):
        intercept, slope = _line([(r["documents"], r[key]) for r in runs])
        out[key] = round(intercept + slope * MILLION)
        out[key.replace("_mb", "_kb_per_document")] = round(slope * 1024, 2)
    intercept, slope = _line([(r["documents"], r["peak_main_mb"]) for r in capped])
    out[f"peak_main_with_duckdb_at_{cap}_mb"] = round(intercept + slope * MILLION)
    out[f"peak_main_with_duckdb_at_{cap}_kb_per_document"] = round(slope * 1024, 2)
    out["peak_main_with_duckdb_at_its_limit_mb"] = round(
        intercept + slope * MILLION + _megabytes(limit) - _megabytes(cap))
    out["duckdb_memory_limit"] = limit
    return out


def _megabytes(size: str) -> float:
    """A DuckDB size setting ("1GB", "512MiB") in MB."""
    value, unit = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT])i?B", size).groups()
    return float(value) * {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 ** 2}[unit]


def plot(results: dict, path: Path) -> None:
    """Per-document time and peak memory against the number of documents."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs, base = results["runs"], results["baseline"]
    sizes = [r["documents"] for r in runs]
    inc = results["incremental"]
    fig, (speed, memory) = plt.subplots(1, 2, figsize=(11, 4.4))
    speed.plot(sizes, [r["ms_per_document"] for r in runs], "o-", label="unspun scan")
    speed.plot(sizes, [r["ms_per_document_apart_from_aligning"] for r in runs], "o:",
               color="C0", label="unspun, apart from aligning candidate pairs")
    speed.plot([b["documents"] for b in base], [b["ms_per_document"] for b in base], "s--",
               color="C2", label="datasketch MinHash+LSH")
    added = inc["into_index"][0]
    for runs_of, label, color in (
            (inc["into_index"], f"{added['documents']:,} added to {added['index_before']:,}",
             "C3"),
            (inc["into_empty"], f"{added['documents']:,} into an empty index", "C4")):
        at = runs_of[0]["index_before"] + runs_of[0]["documents"]
        speed.plot([at] * len(runs_of), [r["ms_per_document"] for r in runs_of], "D",
                   color=color, label=label)
    speed.set(xlabel="documents in the index after the scan", ylabel="ms per document",
              title=f"Wall time per document ({results['machine']['cpus']} cores)",
              xscale="log")
    speed.set_ylim(bottom=0)
    speed.legend(fontsize=8)
    proj = results["projection_to_a_million"]
    cap = results["duckdb_cap_runs"]
    for key, label in (("peak_main_mb", "main process"), ("peak_worker_mb", "largest worker")):
        line = memory.plot(sizes, [r[key] / 1024 for r in runs], "o-", label=label)[0]
        memory.plot([sizes[-1], MILLION], [runs[-1][key] / 1024, proj[key] / 1024], ":",
                    color=line.get_color())
    name = cap["index_memory"]
    line = memory.plot([r["documents"] for r in cap["runs"]],
                       [r["peak_main_mb"] / 1024 for r in cap["runs"]], "o-",
                       label=f"main process, DuckDB held to {name}")[0]
    memory.plot([sizes[-1], MILLION], [cap["runs"][-1]["peak_main_mb"] / 1024,
                                       proj[f"peak_main_with_duckdb_at_{name}_mb"] / 1024], ":",
                color=line.get_color())
    memory.plot([MILLION], [proj["peak_main_with_duckdb_at_its_limit_mb"] / 1024], "*",
                color="C0", markersize=11,
                label=f"main process: that line + DuckDB up to its {proj['duckdb_memory_limit']}")
    memory.axhline(4, color="grey", lw=0.8, ls="--", label="4 GB")
    memory.set(xlabel="documents scanned", ylabel="peak resident memory, GB",
               title="Peak memory, measured and projected (dotted)")
    memory.set_ylim(bottom=0)
    memory.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 37554])
    parser.add_argument("--increment", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--duckdb-cap", default="256MB",
                        help="DuckDB's memory limit in the runs that project memory")
    parser.add_argument("--limit", type=int, default=None,
                        help="use only the first LIMIT articles (a quick trial)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" /
                        "scaling.json")
    parser.add_argument("--plot", type=Path, default=REPO / "docs" / "scaling.png")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data/news-bias")
    sys.path.insert(0, str(REPO / "src"))
    from unspun.config import ScanConfig

    limit = ScanConfig().index_memory
    everything = load_articles(args.limit, DATA)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "started": time.strftime("%Y-%m-%d %H:%M"),
                                 "load_average_at_start": [round(x, 2)
                                                           for x in os.getloadavg()]},
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
        results["incremental"] = incremental(everything, args.increment, args.repeat, work)
        # The same sizes with DuckDB's memory held low: the main process's growth apart
        # from DuckDB's buffer pool, which its memory limit bounds anyway.
        capped = []
        for n in args.sizes:
            capped.append(scan(everything[:n], work / f"capped-{n}.duckdb", work,
                               index_memory=args.duckdb_cap))
            for stale in work.glob(f"capped-{n}.duckdb*"):
                stale.unlink()
        results["duckdb_cap_runs"] = {"index_memory": args.duckdb_cap, "runs": capped}
    runs = results["runs"]
    results["per_document_time_ratio"] = round(
        runs[-1]["ms_per_document"] / runs[0]["ms_per_document"], 3)
    results["per_document_time_ratio_apart_from_aligning"] = round(
        runs[-1]["ms_per_document_apart_from_aligning"]
        / runs[0]["ms_per_document_apart_from_aligning"], 3)
    results["projection_to_a_million"] = project(runs, capped, args.duckdb_cap, limit)
    results["machine"]["finished"] = time.strftime("%Y-%m-%d %H:%M")
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps({k: results[k] for k in (
        "per_document_time_ratio", "per_document_time_ratio_apart_from_aligning",
        "projection_to_a_million")} | {"incremental": {
            k: v for k, v in results["incremental"].items()
            if k not in ("index_built", "into_index", "into_empty")}}, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    plot(results, args.plot)
    print(f"wrote {args.out} and {args.plot}")


if __name__ == "__main__":
    main()
