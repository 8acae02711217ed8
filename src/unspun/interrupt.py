"""Ctrl-C and SIGTERM stop a run the same way: as a KeyboardInterrupt, so that every
transaction rolls back, the run is marked interrupted and the workers are stopped.

A signal that arrives while DuckDB runs a query interrupts the query instead, and DuckDB
raises ``RuntimeError("Query interrupted")``: ``stopped_by`` recognises both.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt."""


_received: list[int] = []


def _stop(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def install() -> None:
    """Handle SIGTERM (and SIGINT, unless it is ignored, as in a background job) by
    raising where the program is. Only the main thread can."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop)


def stopped_by(exc: BaseException) -> int | None:
    """The signal that ``exc`` comes from (SIGINT, SIGTERM), or None when it is an error."""
    if isinstance(exc, Terminated):
        return signal.SIGTERM
    if isinstance(exc, KeyboardInterrupt):
        return signal.SIGINT
    if isinstance(exc, RuntimeError) and str(exc) == "Query interrupted":
        return _received[-1] if _received else signal.SIGINT
    return None


def exit_code(signum: int) -> int:
    """The shell's code for a process ended by ``signum``: 130 for Ctrl-C, 143 for SIGTERM.
    A run stopped cleanly by a signal still exits with it, so that whatever sent the
    signal (a shell, a supervisor, a timeout) sees that the run did not complete."""
    return 128 + signum
