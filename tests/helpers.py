"""Helpers the tests import (``from helpers import shared``): where the third-party
evaluation data lives, skipping when absent; what a fresh interpreter imports.

(A module of its own, not ``conftest``: each test folder with fixtures of its own has a
``conftest`` too, and ``from helpers import …`` would find whichever came first.)
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


def shared(*parts: str) -> Path:
    """A path under ../shared/data; skips the calling test when it is not there, except
    in CI (``CI=true``), which has the data: there its absence fails the test."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is absent, and CI must have ../shared/data", pytrace=False)
        pytest.skip(f"{path} is absent: the shared evaluation data is only in CI and dev clones")
    return path


def imported_by(code: str, modules: set[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported after running ``code`` (what
    a pool worker would load: start-up costs every worker)."""
    probe = f"{code}\nimport sys\nprint(sorted(set({sorted(modules)!r}) & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=60, check=True)
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])
