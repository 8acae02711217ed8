"""Export the index as JSONL, JSON or Parquet (the schemas are in the README).

Rows are written as they come: JSONL and JSON line by line, Parquet a row group per
batch when the rows' schema is known beforehand (``keep``, the one export whose rows
are read in batches from the index too).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import UnspunError
from ..store import Store
from .safe import json_safe

WHAT = ("documents", "relations", "families", "stories", "signals", "sites", "keep")
# Rows per Parquet row group when streaming.
_PARQUET_ROWS = 8192
FORMATS = ("jsonl", "json", "parquet")


def rows(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """The export rows of one table, as documented in the README."""
    if what == "documents":
        for d in store.documents():
            yield {"id": d.id, "url": d.url, "site": d.site, "title": d.title,
                   "published": d.published, "language": d.language, "text": d.text,
                   "removed": [r.to_dict() for r in d.removed]}
    elif what == "relations":
        for r in store.relations():
            yield {"a": r["a"], "b": r["b"], "kind": r["kind"], "partial": r["partial"],
                   "source": r["source"], "confidence": r["confidence"],
                   "coverage_a": r["coverage_a"], "coverage_b": r["coverage_b"],
                   "direction_by": r["direction_by"], "reasons": r["reasons"],
                   "changes": r["changes"]}
    elif what == "families":
        yield from (f.to_dict() for f in store.families())
    elif what == "stories":
        yield from (s.to_dict() for s in store.stories())
    elif what == "signals":
        from ..signals.sites import document_signals

        yield from document_signals(store)
    elif what == "sites":
        from ..signals.sites import site_stats

        yield from (s.to_dict() for s in site_stats(store))
    elif what == "keep":
        from .keep import keep_rows

        yield from keep_rows(store)
    else:
        raise UnspunError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")


def export(store: Store, what: str, fmt: str = "jsonl", output: str | Path | None = None) -> int:
    """Write one table; returns the number of rows. ``output`` None means stdout."""
    if fmt not in FORMATS:
        raise UnspunError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if what not in WHAT:
        raise UnspunError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    data = rows(store, what)
    if fmt == "parquet":
        if output is None:
            raise UnspunError("parquet needs a file: add -o FILE.parquet")
        return _parquet(data, what, output)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    n = 0
    try:
        if fmt == "json":
            # As json.dump(list, indent=2) writes it, an item at a time; C1 and bidi
            # controls as \u escapes: the same JSON, safe to print or cat.
            for row in data:
                item = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                out.write(("[\n  " if n == 0 else ",\n  ") + json_safe(item))
                n += 1
            out.write("\n]\n" if n else "[]\n")
        else:
            for row in data:
                out.write(json_safe(json.dumps(row, ensure_ascii=False)) + "\n")
                n += 1
    finally:
        if output:
            out.close()
    return n


def _parquet(data: Iterator[dict[str, Any]], what: str, output: str | Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if what != "keep":  # a schema read off the rows themselves: all of them at once
        table = pa.Table.from_pylist(list(data))
        pq.write_table(table, str(output))
        return table.num_rows
    from .keep import keep_schema

    schema = keep_schema()
    n = 0
    with pq.ParquetWriter(str(output), schema) as writer:
        while batch := list(islice(data, _PARQUET_ROWS)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
