"""unspun: find every copy of a news story, trace it to its source, show what changed."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# Every matrix unspun multiplies is small (the sentences of one pair): BLAS threads
# cost far more than they save. Only a default: a caller's setting wins, and it must
# be set before NumPy loads, hence here (pool workers import this package first too).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .records import Document, Relation

__all__ = ["compare", "extract", "scan", "__version__"]


def compare(a: str | Document, b: str | Document) -> Relation:
    """Compare two texts (or Documents): the relation, its alignment and changes."""
    from .api import compare as _compare

    return _compare(a, b)


def extract(html: str | bytes, url: str | None = None) -> Document:
    """Extract the article of one HTML page into a Document."""
    from .extraction import extract_html

    return extract_html(html, url=url)


def scan(paths: Any, db: str = "unspun.duckdb", **options: Any) -> Any:
    """Scan files and folders into the DuckDB index; returns the run summary."""
    from .pipeline import scan as _scan

    return _scan(paths, db=db, **options)
