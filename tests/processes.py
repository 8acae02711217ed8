"""Processes of a test's child: its descendants now, and which of them are still alive."""

from __future__ import annotations

import os
import time


def _parents() -> dict[int, int]:
    parent = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                parent[int(pid)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return parent


def _started(pid: int) -> int | None:
    """The process's start time (clock ticks after boot): a pid and it name one process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else int(fields[19])


def descendants(root: int) -> dict[int, int]:
    """Every live process below ``root``, with its start time."""
    parent = _parents()
    found: dict[int, int] = {}
    for pid in parent:
        up = pid
        while up in parent and up not in (root, 0, 1):
            up = parent[up]
        if up == root and pid != root and (started := _started(pid)) is not None:
            found[pid] = started
    return found


def alive(processes: dict[int, int]) -> list[int]:
    """Which of ``processes`` (pid → start time) still run (zombies count as gone)."""
    return [pid for pid, started in processes.items() if _started(pid) == started]


def wait_gone(processes: dict[int, int], seconds: float) -> list[int]:
    """``alive(processes)`` once they are all gone, or after ``seconds``."""
    deadline = time.monotonic() + seconds
    while (left := alive(processes)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left
