"""Stopping a scan: Ctrl-C and SIGTERM, in Python or inside a DuckDB query, end it the
same clean way (message, exit code, run marked, no process left), never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from processes import descendants, wait_gone

from unspun.store import Store

SAMPLE = Path(__file__).resolve().parent / "data" / "news_bias_sample.jsonl"

# `unspun scan` with its grouping step replaced by one that says it started, then waits
# in Python or in a DuckDB query long enough to be interrupted there.
_SCAN = """
import sys, time
from unspun.pipeline import run as pipeline

def group(store, *_):
    print("grouping", file=sys.stderr, flush=True)
    if sys.argv[1] == "duckdb":
        store.con.execute("SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3").fetchall()
    else:
        time.sleep(120)

pipeline.group = group
from unspun.cli import main
sys.argv = ["unspun", "scan", sys.argv[2], "--db", sys.argv[3]]
main()
"""


@pytest.mark.parametrize(("signum", "where"), [(signal.SIGTERM, "python"),
                                               (signal.SIGTERM, "duckdb"),
                                               (signal.SIGINT, "duckdb")])
def test_a_signalled_scan_stops_cleanly(tmp_path: Path, signum: int, where: str) -> None:
    db = tmp_path / "x.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", _SCAN, where, str(SAMPLE), str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:  # whatever else comes first (warnings), until the marker
        if line.strip() == "grouping":
            break
    children = descendants(proc.pid)
    assert len(children) >= 3  # forkserver, resource tracker, workers
    os.kill(proc.pid, signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err  # 143 for SIGTERM, 130 for Ctrl-C
    assert "interrupted: the index keeps every batch written so far" in err
    assert "Traceback" not in err
    assert wait_gone(children, 10.0) == []
    with Store(db, read_only=True) as store:
        [(summary,)] = store.con.execute("SELECT summary FROM runs").fetchall()
        assert store.document_count() == len(SAMPLE.read_text().splitlines())
    assert json.loads(summary)["interrupted"] is True
