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
    """Another process holds the index file (a scan writing it, or a server reading)."""

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        found = re.search(r"\(PID (\d+)\)", detail)
        self.pid = int(found.group(1)) if found else None
        holder = f"process {self.pid}" if self.pid else "another process"
        super().__init__(f"{path} is in use by {holder} (a scan writing it, or a server "
                         "reading it): try again when it has finished")
