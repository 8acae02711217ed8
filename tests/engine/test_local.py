"""The local engine's processes: none outlives the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from processes import alive, descendants, wait_gone

# A process that starts the pool (forkserver, resource tracker, two workers), says so,
# and waits to be killed.
_POOL = """
import sys, time
from unspun.engine.local import LocalEngine
engine = LocalEngine(2, preload=["unspun.warm"])
print(sum(engine.map(abs, [-1, -2, -3, -4])), flush=True)
sys.stdin.read()
"""


def test_workers_forkserver_and_tracker_exit_when_their_parent_is_killed() -> None:
    proc = subprocess.Popen([sys.executable, "-c", _POOL], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "10"
    children = descendants(proc.pid)
    assert len(children) >= 4  # the forkserver, the resource tracker, two workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert wait_gone(children, 10.0) == []


def test_closing_now_stops_the_workers_at_once() -> None:
    """An interrupted scan stops its workers without waiting for their tasks."""
    import time

    from unspun.engine.local import LocalEngine

    engine = LocalEngine(2)
    assert sum(engine.map(abs, [-1, -2, -3])) == 6
    pool = set(engine._pool._processes or {})  # type: ignore[union-attr]
    workers = {pid: t for pid, t in descendants(os.getpid()).items() if pid in pool}
    assert len(workers) == 2
    busy = engine.map(time.sleep, [30, 30])
    engine.close(now=True)
    assert alive(workers) == []
    del busy


def test_batches_in_flight_stay_within_their_budget() -> None:
    from unspun.engine.local import LocalEngine

    drawn: list[int] = []

    def batches():
        for size in [5, 5, 5, 5, 50, 5, 5]:
            drawn.append(size)
            yield size

    engine = LocalEngine(2)
    try:
        results = engine.map(abs, batches(), ahead=10, weight=lambda b: b, budget=12)
        assert drawn == [5, 5, 5]  # 15: over 12 with the third; no fourth
        assert list(results) == [5, 5, 5, 5, 50, 5, 5]
        plain = engine.map(abs, iter(range(20)), ahead=3)
        assert list(plain) == list(range(20))
    finally:
        engine.close()


def test_an_address_beside_an_engine_object_is_refused(tmp_path) -> None:
    # The address would be ignored: the engine object already runs somewhere.
    from unspun import scan
    from unspun.engine import get_engine
    from unspun.errors import ConfigError

    engine = get_engine("inline")
    with pytest.raises(ConfigError, match="engine='ray'"):
        scan([], tmp_path / "x.duckdb", engine=engine, ray_address="ray://head:10001")
    assert not (tmp_path / "x.duckdb").exists()
