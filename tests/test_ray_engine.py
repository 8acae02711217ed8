"""The Ray engine: `unspun scan --engine ray` on a Ray it starts itself writes the same
index as the local engine, and leaves no Ray process behind."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest
from helpers import shared

import unspun
from unspun.engine import get_engine
from unspun.errors import ConfigError

if os.environ.get("CI") != "true":  # CI installs the dev extra, Ray included: no skip there
    pytest.importorskip("ray")

N_ARTICLES = 1500
#: Tables compared row for row; ``candidates`` without ``via``, which the HNSW search
#: may vary on near ties, and ``runs`` not at all (times).
TABLES = {
    "documents": "*", "relations": "*", "families": "*", "stories": "*",
    "signatures": "*", "vectors": "*", "anchors": "*", "line_docs": "*", "lines": "*",
    "skips": "*", "signals": "*", "provenance": "*", "candidates": "a, b",
}


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """The first 1,500 news articles as a JSONL file."""
    path = tmp_path_factory.mktemp("ray") / "news.jsonl"
    with gzip.open(shared("news-bias", "articles.jsonl.gz"), "rt", encoding="utf-8") as fh, \
            path.open("w", encoding="utf-8") as out:
        for n, line in enumerate(fh):
            if n == N_ARTICLES:
                break
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "url": row["url"], "title": row["title"],
                                  "text": row["text"], "published": row.get("date")}) + "\n")
    return path


def _ours(marker: str) -> list[int]:
    """Processes whose environment carries ``marker`` (those a command started)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                if marker.encode() in fh.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def test_ray_scan_equals_the_local_scan(news, tmp_path):
    local = tmp_path / "local.duckdb"
    unspun.scan([news], db=str(local), engine="local")

    ray_db = tmp_path / "ray.duckdb"
    marker = f"UNSPUN_RAY_TEST={uuid.uuid4().hex}"
    env = dict(os.environ, UNSPUN_RAY_TEST=marker.split("=", 1)[1])
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "unspun"), "scan", str(news), "--db", str(ray_db),
         "--engine", "ray", "--workers", "2", "--json"],
        capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    assert summary["documents_added"] == N_ARTICLES
    assert summary["relations"], "the scan found no relation: nothing was compared"

    con = duckdb.connect()
    con.execute(f"ATTACH '{local}' AS l (READ_ONLY)")
    con.execute(f"ATTACH '{ray_db}' AS r (READ_ONLY)")
    for table, cols in TABLES.items():
        n = con.execute(f"SELECT count(*) FROM l.{table}").fetchone()[0]
        assert n == con.execute(f"SELECT count(*) FROM r.{table}").fetchone()[0], table
        for x, y in (("l", "r"), ("r", "l")):
            differ = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM {x}.{table} "
                                 f"EXCEPT ALL SELECT {cols} FROM {y}.{table})").fetchone()[0]
            assert differ == 0, f"{table}: {differ} rows of {x} not in {y}"
    assert con.execute("SELECT count(*) FROM r.relations").fetchone()[0] > 50

    # The Ray the command started is gone with it: no process it started is left.
    deadline = time.monotonic() + 15
    while (left := _ours(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"processes left behind by the Ray scan: {left}"


def test_engine_names_and_addresses_are_checked():
    with pytest.raises(ConfigError, match="unknown engine"):
        get_engine("spark")
    with pytest.raises(ConfigError, match="ray engine"):
        get_engine("local", address="ray://head:10001")


def _drawing(n: int, drawn: list[int]):
    """Batches 0..n-1, each noted in ``drawn`` when the engine draws it."""
    for i in range(n):
        drawn.append(i)
        yield i


def test_map_keeps_order_and_draws_only_a_window_ahead():
    import operator

    import ray

    from unspun.engine.ray import RayEngine

    drawn: list[int] = []
    batches = _drawing(12, drawn)
    engine = RayEngine(workers=2)
    try:
        # A function the actors can import: this module is not on their path.
        results = engine.map(operator.neg, batches, ahead=3)
        assert drawn == [0, 1, 2]  # sent when mapped, before any result is asked for
        first = next(results)
        assert first == 0 and len(drawn) == 4  # one more for each result taken
        assert [first, *results] == [-i for i in range(12)]
    finally:
        engine.close()
    assert not ray.is_initialized()


def test_map_keeps_the_batches_in_flight_within_the_budget():
    import operator

    import ray

    from unspun.engine.ray import RayEngine

    drawn: list[int] = []
    batches = _drawing(8, drawn)
    engine = RayEngine(workers=1)
    try:
        # Each batch weighs 10: a budget of 25 lets three out (the third one past it).
        results = engine.map(operator.neg, batches, ahead=8, weight=lambda b: 10,
                             budget=25)
        assert drawn == [0, 1, 2]
        assert list(results) == [-i for i in range(8)]
    finally:
        engine.close(now=True)
    assert not ray.is_initialized()
