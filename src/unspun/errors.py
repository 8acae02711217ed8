"""One base exception; input errors carry the offending source and a reason."""

from __future__ import annotations

import re


class UnspunError(Exception):
    """Base class of every error unspun raises on purpose."""


class InputError(UnspunError):
    """An input that cannot be read; ``reason`` is the slug counted in run summaries."""

    def __init__(self, origin: str, reason: str, detail: str = "") -> None:
        self.origin = origin
        self.reason = reason
        self.detail = detail
        super().__init__(f"{origin}: {reason}" + (f" ({detail})" if detail else ""))


class ModelError(UnspunError):
    """A packaged model file is missing, or does not match the code or the index."""


class ConfigError(UnspunError):
    """A setting with a wrong value; the message says how to fix it."""


class MissingExtra(UnspunError):
    """An optional dependency is not installed; the message names the extra."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"{module} is not installed: install it with  pip install 'unspun[{extra}]'"
        )


class IndexBusy(UnspunError):
    """Another process holds the index file: a scan writing it, or a reader (an export,
    a report, a server) while a scan wants to write. DuckDB allows one writer, and no
    reader beside it, across processes."""

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        found = re.search(r"\(PID (\d+)\)", detail)
        self.pid = int(found.group(1)) if found else None
        holder = f"process {self.pid}" if self.pid else "another process"
        command = _command_line(self.pid) if self.pid else ""
        if command:
            holder += f" ({command})"
        stop = f"kill {self.pid}" if self.pid else "kill it"
        super().__init__(
            f"{path} is in use by {holder}. Only one process can use an index while it is "
            f"being written: wait for it to finish, or stop it (Ctrl-C in its terminal, or "
            f"{stop}; a stopped scan resumes when run again), then run this again.")


def _command_line(pid: int) -> str:
    """The command line of process ``pid``, shortened ("" when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            words = fh.read().split(b"\0")
    except OSError:
        return ""
    text = " ".join(w.decode("utf-8", "replace") for w in words if w)
    return text if len(text) <= 120 else text[:119] + "…"
