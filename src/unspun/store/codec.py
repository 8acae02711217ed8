"""How records become columns and rows of the index, and back: bulk inserts through
Arrow, list columns, relation rows with their JSON fields."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from ..records import Change, Relation

RELATION_COLUMNS = ("a", "b", "kind", "partial", "source", "confidence", "coverage_a",
                     "coverage_b", "direction_by", "reasons", "changes", "alignment")


RELATION_SELECT = ", ".join(RELATION_COLUMNS)


def insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, Any], *,
           replace: bool = False, new_pairs: bool = False) -> None:
    """Bulk-insert columns (named as the table's) through an Arrow table: executemany
    goes row by row, ~100x slower in DuckDB. ``new_pairs``: only rows whose (a, b) the
    table does not hold yet."""
    data = pa.table(columns)
    # A stream of the table's batches, not the table: DuckDB keeps what it scanned
    # registered until the transaction ends, and a table would keep its columns with
    # it (a scan's chunk of documents, its texts a second time); the stream lets go of
    # each batch once read.
    con.register("bulk_in", pa.RecordBatchReader.from_batches(data.schema, data.to_batches()))
    del data
    try:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        names = ", ".join(columns)
        where = (f" WHERE NOT EXISTS (SELECT 1 FROM {table} t "
                 "WHERE t.a = bulk_in.a AND t.b = bulk_in.b)") if new_pairs else ""
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM bulk_in{where}")
    finally:
        con.unregister("bulk_in")


def list_column(matrix: np.ndarray) -> pa.ListArray:
    """The rows of a 2-D array as an Arrow list column, without a Python list per row."""
    n, width = matrix.shape
    offsets = pa.array(np.arange(0, (n + 1) * width, width, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array(np.ascontiguousarray(matrix).ravel()))


def as_columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows as ``width`` column lists (empty lists when there are no rows)."""
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def relation_dict(row: tuple[Any, ...], *, alignment: bool) -> dict[str, Any]:
    out = dict(zip(RELATION_COLUMNS, row, strict=True))
    out["direction_by"] = json.loads(out["direction_by"] or "[]")
    out["reasons"] = json.loads(out["reasons"])
    out["changes"] = json.loads(out["changes"])
    stored = out.pop("alignment")
    if alignment:
        out["alignment"] = json.loads(stored) if stored else None
    return out


def relation_row(r: Relation) -> tuple[Any, ...]:
    return (r.a, r.b, r.kind, r.partial, r.source_id(), r.confidence, r.coverage[0],
            r.coverage[1], json.dumps(r.direction_by), json.dumps(r.reasons),
            json.dumps([c.to_dict() for c in r.changes]),
            json.dumps(r.alignment.to_dict()) if r.alignment else None)


def change_from_dict(d: dict[str, Any]) -> Change:
    return Change(kind=d["kind"], source_text=d["source_text"], copy_text=d["copy_text"],
                  source_span=tuple(d["source_span"]) if d["source_span"] else None,
                  copy_span=tuple(d["copy_span"]) if d["copy_span"] else None,
                  note=d.get("note", ""))
