"""Where the third-party evaluation data lives (``$UNSPUN_DATA`` or ``<repo>/../shared/data``)."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root when the package runs from a source checkout (editable install).
REPO = Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """The evaluation data folder: ``$UNSPUN_DATA`` when set, else ``../shared/data``."""
    env = os.environ.get("UNSPUN_DATA")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "data"
