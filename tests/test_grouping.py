"""Grouping after a scan remakes only the components the run touched, and gives what a
full regroup gives."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unspun
from unspun.pipeline.grouping import GROUPED, group
from unspun.store import Store
from unspun.store.codec import insert

KINDS = ("verbatim", "near-duplicate", "spun", "translated", "summary", "same-story",
         "unrelated")
DATES = (None, "2020-01-01", "2020-01-02", "2020-01-09")


def _add(store: Store, run: int, docs: dict[str, str | None], edges: list[tuple]) -> None:
    """Documents of ``run`` (id → date) and relations, as a scan stores them."""
    insert(store.con, "documents", {"id": list(docs), "published": list(docs.values()),
                                    "run": [run] * len(docs), "related": [True] * len(docs)})
    if edges:
        columns = list(zip(*edges, strict=True))
        insert(store.con, "relations", {
            **dict(zip(("a", "b", "kind", "source", "confidence", "coverage_a", "coverage_b"),
                       columns[:7], strict=True)),
            "direction_by": [json.dumps(by) for by in columns[7]],
            "partial": [False] * len(edges), "reasons": ["[]"] * len(edges),
            "changes": ["[]"] * len(edges)})


def _state(store: Store) -> tuple[list, list, list]:
    q = store.con.execute
    return (q("SELECT * FROM families ORDER BY ALL").fetchall(),
            q("SELECT * FROM stories ORDER BY ALL").fetchall(),
            q("SELECT a, b, source, direction_by, reasons FROM relations ORDER BY ALL").fetchall())


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict, list, dict, list]:
    """Documents and relations of a first run, then of a second: each relation of the
    second holds one of its documents, as a scan's do."""
    n_old = draw(st.integers(1, 12))
    n_new = draw(st.integers(1, 6))
    ids = [f"d{i:02d}" for i in range(n_old + n_new)]
    dates = {d: draw(st.sampled_from(DATES)) for d in ids}
    pairs = draw(st.lists(st.tuples(st.integers(0, len(ids) - 1), st.integers(0, len(ids) - 1))
                          .filter(lambda p: p[0] < p[1]), max_size=30, unique=True))
    edges = []
    for i, j in pairs:
        a, b = ids[i], ids[j]
        edges.append((a, b, draw(st.sampled_from(KINDS)), draw(st.sampled_from((a, b, None))),
                      draw(st.floats(0, 1)), draw(st.floats(0, 1)), draw(st.floats(0, 1)),
                      draw(st.sampled_from(([], ["dates"], ["text"])))))
    old = set(ids[:n_old])
    return ({d: dates[d] for d in ids[:n_old]}, [e for e in edges if e[0] in old and e[1] in old],
            {d: dates[d] for d in ids[n_old:]},
            [e for e in edges if e[0] not in old or e[1] not in old])


@pytest.fixture(scope="module")
def stores():
    """Two in-memory indexes, emptied for each example (opening one takes longer than an
    example)."""
    pair = (Store(":memory:"), Store(":memory:"))
    yield pair
    for store in pair:
        store.close()


def _emptied(store: Store) -> Store:
    for table in ("documents", "relations", "families", "stories"):
        store.con.execute(f"DELETE FROM {table}")
    store.con.execute("DELETE FROM meta WHERE key = ?", [GROUPED])
    return store


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_regrouping_what_a_run_touched_gives_the_full_regroup(stores, history) -> None:
    old_docs, old_edges, new_docs, new_edges = history
    states = []
    for store, everything in zip(stores, (False, True), strict=True):
        _emptied(store)
        _add(store, 1, old_docs, old_edges)
        group(store, 1)
        _add(store, 2, new_docs, new_edges)
        regrouped = group(store, 2, everything=everything)
        states.append(_state(store))
        assert store.meta(GROUPED) == "2"
        if not everything:
            # Only the documents joined to the new ones by relations were regrouped.
            assert len(new_docs) <= regrouped <= len(old_docs) + len(new_docs)
    assert states[0] == states[1]


def test_untouched_components_are_not_regrouped() -> None:
    with Store(":memory:") as store:
        _add(store, 1, {"a": None, "b": None, "c": None, "d": None},
             [("a", "b", "verbatim", "a", 0.9, 1.0, 1.0, []),
              ("c", "d", "same-story", None, 0.8, 0.1, 0.1, [])])
        assert group(store, 1) == 4
        _add(store, 2, {"e": None}, [("a", "e", "near-duplicate", "a", 0.9, 0.9, 0.9, [])])
        assert group(store, 2) == 3  # a, b and e; c and d keep their groups
        families = {m: (f, p) for f, m, p in store.con.execute(
            "SELECT family, member, parent FROM families").fetchall()}
    assert families == {"a": ("family:a", None), "b": ("family:a", "a"),
                        "e": ("family:a", "a"), "c": ("family:c", None),
                        "d": ("family:d", None)}


def test_a_scan_in_two_halves_groups_as_a_full_regroup_and_as_one_scan(tmp_path) -> None:
    """Two runs on the demo corpus: the second regroups what it touched only, and gives the
    groups a full regroup of its relations gives; and here the relations of one scan."""
    from unspun.demo import corpus_path

    rows = corpus_path().read_text(encoding="utf-8").splitlines()
    halves = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    halves[0].write_text("\n".join(rows[::2]) + "\n", encoding="utf-8")
    halves[1].write_text("\n".join(rows[1::2]) + "\n", encoding="utf-8")
    whole = tmp_path / "whole.jsonl"
    whole.write_text("\n".join(rows[::2] + rows[1::2]) + "\n", encoding="utf-8")
    two, one, full = tmp_path / "two.duckdb", tmp_path / "one.duckdb", tmp_path / "full.duckdb"
    for half in halves:
        unspun.scan([half], db=str(two), engine="inline")
    unspun.scan([whole], db=str(one), engine="inline")
    shutil.copy(two, full)
    with Store(full) as store:
        regrouped = group(store, 3, everything=True)
        expected = _state(store)
    with Store(two, read_only=True) as store:
        got = _state(store)
        total = store.document_count()
    with Store(one, read_only=True) as store:
        alone = _state(store)
    assert regrouped == total
    assert got == expected
    families, stories, relations = got
    assert any(parent for *_, parent in families)  # copies were grouped
    # The relations of the two runs are those of one scan here, and so are the groups.
    assert (families, stories) == alone[:2]
    assert [r[:3] for r in relations] == [r[:3] for r in alone[2]]


@pytest.mark.parametrize("since", [None, "0"])
def test_an_index_never_grouped_or_grouped_before_is_grouped_whole(since) -> None:
    with Store(":memory:") as store:
        _add(store, 1, {"a": None, "b": None}, [("a", "b", "verbatim", "a", 0.9, 1.0, 1.0, [])])
        if since is not None:
            store.set_meta(GROUPED, since)
        assert group(store, 1) == 2
