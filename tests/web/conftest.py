"""An index of the demo corpus plus hostile pages, scanned once for the web tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from webdata import demo_rows, hostile_rows


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from unspun.pipeline import scan

    folder = tmp_path_factory.mktemp("web-index")
    corpus = folder / "corpus.jsonl"
    rows = [r for r in demo_rows()] + hostile_rows()
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = folder / "index.duckdb"
    scan([corpus], db, engine="inline")
    return db
