"""Corpora scanned as a user scans them (a JSONL file through ``unspun.scan``), cached.

The news and provenance evaluations score what a full scan of a corpus exports. A scan
of 27,554 articles takes minutes on two cores, so the index it builds is kept under
``<unspun cache>/eval/`` (see ``unspun.cache``), named by the corpus and a key that
changes with the code (every file of the installed package a scan runs), unspun's version and the
JSONL written. A rerun on unchanged code and data opens the stored index; any change to
the package builds a new one. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The fields a user gives for each article of a JSONL corpus (see the README).
CORPUS_FIELDS: tuple[str, ...] = ("id", "url", "site", "title", "text", "published")


#: Package folders a scan never runs: editing an evaluation keeps its cached indexes.
_NOT_SCANNING = frozenset({"eval", "demo", "report", "web"})


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every file of the installed package that a scan runs (code, models,
    tables)."""
    import unspun

    root = Path(unspun.__file__).resolve().parent
    digest = hashlib.sha256(unspun.__version__.encode())
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        if path.relative_to(root).parts[0] in _NOT_SCANNING:
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def default_cache_dir() -> Path:
    from ..cache import cache_root

    return cache_root() / "eval"


def corpus_lines(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """One JSONL line per article, with only the fields a user gives (None left out)."""
    return [json.dumps({f: row[f] for f in CORPUS_FIELDS if row.get(f) is not None},
                       ensure_ascii=False) for row in rows]


def cached_scan(name: str, rows: Iterable[Mapping[str, Any]], *,
                cache_dir: Path | None = None, workers: int = 0,
                refresh: bool = False) -> Path:
    """The index of ``rows`` scanned as ``<name>.jsonl``: built once per code version.

    ``refresh`` scans again even when a stored index matches. Other indexes of the same
    ``name`` (older code) are removed when a new one is stored.
    """
    from dataclasses import replace

    from ..config import Config
    from ..pipeline import scan

    if not name.replace("-", "").isalnum():
        raise ValueError(f"corpus names are letters, digits and '-': {name!r}")
    lines = corpus_lines(rows)
    body = ("\n".join(lines) + "\n").encode("utf-8")
    key = hashlib.sha256(code_version().encode() + hashlib.sha256(body).digest()).hexdigest()
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"{name}-{key[:20]}.duckdb"
    if db.exists() and not refresh:
        return db
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder))
    try:
        corpus = work / f"{name}.jsonl"
        corpus.write_bytes(body)
        config = Config()
        if workers:
            config = replace(config, scan=replace(config.scan, workers=workers))
        scan([corpus], db=work / "index.duckdb", config=config)
        # Renamed into place whole: an interrupted build never leaves an index behind;
        # its vector graph first (without it, the next reader rebuilds it).
        if (work / "index.duckdb.usearch").exists():
            os.replace(work / "index.duckdb.usearch", f"{db}.usearch")
        os.replace(work / "index.duckdb", db)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in folder.glob(f"{name}-*.duckdb"):
        if old != db and old.name[len(name) + 1:].split(".")[0].isalnum():
            old.unlink(missing_ok=True)
            Path(f"{old}.usearch").unlink(missing_ok=True)
    return db
