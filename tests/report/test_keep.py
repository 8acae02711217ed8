"""The keep/drop list (``unspun export --what keep``) on an index of known families."""

from __future__ import annotations

import json

from unspun.pipeline.grouping import group
from unspun.report.export import export
from unspun.report.keep import keep_rows
from unspun.store import Store
from unspun.store.codec import insert


def _index(tmp_path):
    """a ← b ← c (b copies a, c copies b), d alone, e and f on one story, g not grouped."""
    path = tmp_path / "keep.duckdb"
    docs = {"a": "2020-01-01", "b": "2020-01-02", "c": "2020-01-03", "d": None, "e": None,
            "f": None}
    edges = [("a", "b", "verbatim", "a", 0.99, 1.0, 1.0, ["dates"]),
             ("b", "c", "spun", "b", 0.81, 0.9, 0.9, ["dates", "rewording"]),
             ("a", "c", "spun", "a", 0.70, 0.8, 0.8, ["dates"]),
             ("e", "f", "same-story", None, 0.6, 0.1, 0.1, []),
             ("a", "d", "unrelated", None, 0.9, 0.0, 0.0, [])]
    with Store(path) as store:
        insert(store.con, "documents", {"id": list(docs), "published": list(docs.values()),
                                        "run": [1] * len(docs)})
        columns = list(zip(*edges, strict=True))
        insert(store.con, "relations", {
            **dict(zip(("a", "b", "kind", "source", "confidence", "coverage_a", "coverage_b"),
                       columns[:7], strict=True)),
            "direction_by": [json.dumps(by) for by in columns[7]],
            "reasons": ["[]"] * len(edges), "changes": ["[]"] * len(edges)})
        group(store, 1)
        insert(store.con, "documents", {"id": ["g"], "run": [2]})  # stored, not grouped
    return path


def test_each_copy_names_its_parent_and_each_family_keeps_its_origin(tmp_path):
    with Store(_index(tmp_path), read_only=True) as store:
        rows = {r["id"]: r for r in keep_rows(store)}
    assert {d: (r["keep"], r["family"], r["origin"], r["kind"]) for d, r in rows.items()} == {
        "a": (True, "family:a", "a", None),
        "b": (False, "family:a", "a", "verbatim"),
        "c": (False, "family:a", "a", "spun"),
        "d": (True, None, None, None),
        "e": (True, None, None, None),
        "f": (True, None, None, None),
        "g": (True, None, None, None),
    }
    # c's parent is b, its strongest source, not the family's origin.
    assert rows["c"]["reason"].startswith("dropped: spun copy of b (confidence 0.81; "
                                          "source by dates, rewording)")
    assert "origin of a family of 3" in rows["a"]["reason"]
    assert "in no family" in rows["d"]["reason"] and "not grouped" in rows["g"]["reason"]


def test_parquet_is_written_a_row_group_per_batch(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from unspun.report import export as module

    monkeypatch.setattr(module, "_PARQUET_ROWS", 2)
    out = tmp_path / "keep.parquet"
    with Store(_index(tmp_path), read_only=True) as store:
        assert export(store, "keep", "parquet", out) == 7
        expected = list(keep_rows(store))
    assert pq.ParquetFile(out).metadata.num_row_groups == 4
    assert pq.read_table(out).to_pylist() == expected


def test_rows_read_a_page_at_a_time_are_the_rows_read_at_once(tmp_path, monkeypatch):
    from unspun.report import keep

    with Store(_index(tmp_path), read_only=True) as store:
        whole = list(keep_rows(store))
        monkeypatch.setattr(keep, "PAGE", 2)
        assert list(keep_rows(store)) == whole
    assert [r["id"] for r in whole] == sorted(r["id"] for r in whole)
