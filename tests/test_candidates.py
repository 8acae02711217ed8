import json
import subprocess
import sys

import numpy as np
import pytest

from unspun.candidates import NeighbourIndex
from unspun.candidates.bands import band_pairs
from unspun.candidates.neighbours import saved_path
from unspun.candidates.policy import shared_anchors
from unspun.engine.local import InlineEngine, LocalEngine
from unspun.fingerprint.stage import BandRows
from unspun.records import Document
from unspun.store import Store


def _unit(rows):
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _store(store, index, ids, vectors):
    """Store documents with their vectors, as a scan does: the graph's keys in the same
    transaction."""
    docs = [Document(id=i, text="t") for i in ids]
    n = len(docs)
    with store.transaction():
        index.add(ids, vectors)
        store.add_documents(1, docs, [3] * n, np.zeros((n, 128), dtype=np.uint32), {}, vectors)


def _vectors(n, seed=7, ndim=16):
    return _unit(np.random.default_rng(seed).normal(size=(n, ndim)))


def test_the_same_vectors_give_the_same_neighbours_every_time(tmp_path):
    vectors = _vectors(3000)
    ids = [f"d{i:04d}" for i in range(len(vectors))]
    runs = []
    for run in range(3):
        with Store(tmp_path / f"{run}.duckdb") as store:
            index = NeighbourIndex(store)
            for lo in range(0, len(ids), 500):  # batch by batch, as a scan adds them
                _store(store, index, ids[lo:lo + 500], vectors[lo:lo + 500])
            runs.append(sorted(index.neighbours(set(ids), 5, 0.0)))
    assert runs[0] == runs[1] == runs[2]


def test_neighbours_searched_in_batches_are_those_searched_at_once(tmp_path, monkeypatch):
    import unspun.candidates.neighbours as neighbours

    vectors = _vectors(500)
    ids = [f"d{i:04d}" for i in range(len(vectors))]
    with Store(tmp_path / "x.duckdb") as store:
        index = NeighbourIndex(store)
        _store(store, index, ids, vectors)
        queries = set(ids[::3])
        at_once = list(index.neighbours(queries, 5, 0.0))
        monkeypatch.setattr(neighbours, "_READ_ROWS", 7)
        in_batches = list(index.neighbours(queries, 5, 0.0))
    assert len(at_once) > len(queries)
    assert in_batches == at_once  # the same pairs, in the same order, the same cosines


def test_new_vectors_are_searched_with_the_stored_ones(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        _store(store, NeighbourIndex(store), ["old"], _unit([[1, 0, 0, 0]]))
        index = NeighbourIndex(store)
        _store(store, index, ["new", "far"], _unit([[0.99, 0.1, 0, 0], [0, 0, 1, 0]]))
        _store(store, index, ["short"], np.zeros((1, 4), dtype=np.float32))  # no vector
        _store(store, index, ["new2"], _unit([[0.98, 0.15, 0, 0]]))
        found = {(a, b) for a, b, _ in index.neighbours({"new", "far"}, k=2, min_similarity=0.9)}
        keys = store.con.execute("SELECT key, doc FROM neighbour_keys ORDER BY key").fetchall()
    assert keys == [(0, "old"), (1, "new"), (2, "far"), (3, "new2")]
    assert found == {("new", "old"), ("new", "new2")}  # "far" has no close neighbour


def _saved(tmp_path, n=300):
    """An index of n documents whose graph was saved, and the documents' vectors."""
    path = tmp_path / "x.duckdb"
    vectors = _vectors(n)
    with Store(path) as store:
        index = NeighbourIndex(store)
        _store(store, index, [f"d{i:04d}" for i in range(n)], vectors)
        index.save()
    return path, vectors


def _nearest(store, vector, read_only=False):
    return NeighbourIndex(store, read_only=read_only).nearest(store, vector, 1, 0.5)


def test_a_saved_graph_is_restored_not_rebuilt(tmp_path):
    path, vectors = _saved(tmp_path)
    assert saved_path(path).exists()
    with Store(path) as store:
        # Without the stored vectors, only the saved graph can find the document.
        store.con.execute("DELETE FROM vectors")
        assert _nearest(store, vectors[7])[0][0] == "d0007"
        assert _nearest(store, vectors[8], read_only=True)[0][0] == "d0008"


@pytest.mark.parametrize("damage", ["missing", "truncated", "flipped", "foreign", "meta"])
def test_a_damaged_or_foreign_saved_graph_is_rebuilt(tmp_path, damage):
    path, vectors = _saved(tmp_path)
    graph = saved_path(path)
    if damage == "missing":
        graph.unlink()
    elif damage == "truncated":
        graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 2])
    elif damage == "flipped":  # the same size, bytes changed inside the graph
        data = bytearray(graph.read_bytes())
        data[len(data) // 2: len(data) // 2 + 64] = bytes(64)
        graph.write_bytes(bytes(data))
    elif damage == "foreign":  # the graph of another index with as many documents
        (tmp_path / "other").mkdir()
        other, _ = _saved(tmp_path / "other")
        graph.write_bytes(saved_path(other).read_bytes())
    else:
        with Store(path) as store:
            store.set_meta("neighbours", "not json")
    for read_only in (True, False):
        with Store(path, read_only=read_only) as store:
            index = NeighbourIndex(store, read_only=read_only)
            assert len(index) == 300
            assert index.nearest(store, vectors[42], 1, 0.5)[0][0] == "d0042"
            index.save()
    with Store(path, read_only=True) as store:  # saved again by the writer
        assert _nearest(store, vectors[5], read_only=True)[0][0] == "d0005"


def test_an_interrupted_scan_leaves_a_graph_that_is_given_the_committed_tail(tmp_path):
    path, vectors = _saved(tmp_path)
    more = _vectors(40, seed=8)
    with Store(path) as store:
        index = NeighbourIndex(store)
        _store(store, index, [f"e{i:02d}" for i in range(20)], more[:20])  # committed
        with pytest.raises(RuntimeError), store.transaction():  # rolled back
            index.add([f"e{i:02d}" for i in range(20, 40)], more[20:])
            raise RuntimeError("killed")
        # Never saved: the saved graph holds only what the index held then.
    with Store(path, read_only=True) as store:
        index = NeighbourIndex(store, read_only=True)
        assert len(index) == 320
        assert index.nearest(store, more[3], 1, 0.5)[0][0] == "e03"
        assert index.nearest(store, more[30], 1, 0.99) == []
    with Store(path) as store:
        index = NeighbourIndex(store)
        assert len(index) == 320
        index.save()
        assert json.loads(store.meta("neighbours"))["vectors"] == 320


def test_a_read_only_index_catches_up_with_later_documents(tmp_path):
    path, vectors = _saved(tmp_path)
    with Store(path, read_only=True) as store:
        index = NeighbourIndex(store, read_only=True)
        assert len(index) == 300
    more = _vectors(10, seed=9)
    with Store(path) as store:
        _store(store, NeighbourIndex(store), [f"e{i}" for i in range(10)], more)
    with Store(path, read_only=True) as store:
        index.refresh(store)
        assert len(index) == 310
        assert index.nearest(store, more[4], 1, 0.5)[0][0] == "e4"
        assert index.nearest(store, vectors[4], 1, 0.5)[0][0] == "d0004"


def _square(x: int) -> int:
    return x * x


def test_engines_return_results_in_input_order_whatever_the_window():
    engine = LocalEngine(2)
    try:
        for ahead in (None, 1, 50):
            assert list(engine.map(_square, range(20), ahead=ahead)) == [
                x * x for x in range(20)]
    finally:
        engine.close()
    assert list(InlineEngine().map(_square, range(5), ahead=3)) == [0, 1, 4, 9, 16]


_PROBE = """
import sys
sys.path.insert(0, {folder!r})
from probe import loaded
from unspun.engine.local import LocalEngine

if __name__ == "__main__":
    engine = LocalEngine(2, preload={preload!r})
    print(all(engine.map(loaded, ["unspun.pipeline.warm"] * 4)))
    engine.close()
"""


@pytest.mark.parametrize("preload", [["unspun.pipeline.warm"], []])
def test_workers_start_with_the_modules_their_server_preloaded(tmp_path, preload):
    # In a fresh process: the forkserver takes a preload only when it starts.
    (tmp_path / "probe.py").write_text("import sys\n\n\ndef loaded(name):\n"
                                       "    return name in sys.modules\n")
    code = _PROBE.format(folder=str(tmp_path), preload=preload)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == [str(bool(preload))]


def test_the_workers_warm_up_runs_every_stage():
    from unspun.pipeline.warm import warm_up

    warm_up()  # in the forkserver a failure would only be skipped: here it raises


def test_a_neighbour_is_aligned_only_if_it_can_be_the_same_story_or_a_rewrite(tmp_path):
    from unspun.candidates import find_candidates
    from unspun.config import Config
    from unspun.records import Document
    from unspun.store import Store

    shared = [f"name{i}" for i in range(10)]
    docs = {  # id: (published, specific anchors)
        "a": ("2020-01-01", shared),
        "story": ("2020-01-03", shared[:2] + [f"s{i}" for i in range(8)]),  # days apart
        "far": ("2020-06-01", shared[2:4] + [f"f{i}" for i in range(8)]),  # same topic
        "rewrite": ("2021-01-01", shared[4:] + ["r0", "r1"]),  # keeps 6 of its 8
        "few": ("2022-01-01", shared[:1] + ["w0", "w1"]),  # too few to tell
    }
    ids = list(docs)
    rng = np.random.default_rng(0)
    vectors = _unit(np.ones((len(ids), 8)) + 0.1 * rng.random((len(ids), 8)))
    with Store(tmp_path / "x.duckdb") as store, store.transaction():
        NeighbourIndex(store).add(ids, vectors)
        store.add_documents(
            1, [Document(id=i, text="t", published=docs[i][0]) for i in ids], [100] * len(ids),
            np.zeros((len(ids), 128), dtype=np.uint32), {}, vectors,
            anchors=[sorted(docs[i][1]) for i in ids])
        found = {(c.a, c.b) for c in find_candidates(store, Config())}
    assert found == {("a", "story"), ("a", "rewrite"), ("a", "few"), ("few", "story")}


def test_band_candidates_only_pairs_with_a_pending_document(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        docs = [Document(id=i, text="t") for i in ("a", "b", "c")]
        keys = np.array([[1, 2], [1, 3], [4, 3]], dtype=np.uint64)
        store.add_documents(1, docs, [1, 1, 1], np.zeros((3, 128), dtype=np.uint32),
                            {"text": BandRows.from_matrix(keys, np.ones(3, bool))},
                            np.ones((3, 2), np.float32))
        assert band_pairs(store, "text", ["a", "b", "c"], 10) == [("a", "b", 1), ("b", "c", 1)]
        store.add_relations([], done=["a", "b"])
        assert store.pending_ids() == ["c"]
        assert band_pairs(store, "text", store.pending_ids(), 10) == [("b", "c", 1)]
        # A bucket larger than max_bucket is ignored (boilerplate, not a story).
        assert band_pairs(store, "text", ["a", "b", "c"], 1) == []


def test_a_passage_many_pages_of_one_site_share_is_its_template(tmp_path):
    # Five pages of one site share a passage key (a related-stories card glued into a
    # paragraph), and so does a page of another site: the bucket is the site's template.
    # Two sites' pages sharing another key, and a site's own two pages sharing a third,
    # stay candidates; pages without a site are never one site.
    ids = ["h1", "h2", "h3", "h4", "h5", "x", "y", "z", "n1", "n2", "n3", "n4", "n5", "n6"]
    sites = ["thehill.com"] * 5 + ["apnews.com", "newsmax.com", "thehill.com"] + [None] * 6
    keys = {"h1": [1, 3], "h2": [1, 3], "h3": [1], "h4": [1], "h5": [1], "x": [1, 2],
            "y": [2], "z": [], **{f"n{i}": [4] for i in range(1, 7)}}
    with Store(tmp_path / "x.duckdb") as store:
        docs = [Document(id=i, text="t", site=s) for i, s in zip(ids, sites, strict=True)]
        n = len(docs)
        rows = BandRows(np.array([ids.index(i) for i in ids for _ in keys[i]]),
                        np.zeros(sum(map(len, keys.values())), np.int16),
                        np.array([k for i in ids for k in keys[i]], np.uint64))
        store.add_documents(1, docs, [1] * n, np.zeros((n, 128), dtype=np.uint32),
                            {"passages": rows}, np.ones((n, 2), np.float32))
        found = {(a, b) for a, b, _ in band_pairs(store, "passages", ids, 200, 4)}
        assert ("h1", "h2") in found and ("x", "y") in found
        assert not any("h3" in pair for pair in found)  # key 1: thehill.com's template
        assert sum(p[0].startswith("n") for p in found) == 15  # no site: 6 pages, 15 pairs
        assert {p for p in band_pairs(store, "passages", ids, 200)
                if "h3" in p[:2]}  # no site limit: key 1 is a bucket like any


def test_a_pair_only_a_weak_band_proposed_is_held_to_the_policy(tmp_path):
    from unspun.candidates import find_candidates
    from unspun.config import Config

    names = [f"name{i}" for i in range(10)]
    docs = {  # id: (published, specific anchors, anchor keys, paragraph-start keys)
        "a": ("2020-01-01", names, [1, 2], [10, 11, 12, 13]),
        "story": ("2020-01-03", names[:6] + ["s0", "s1"], [1], []),  # one story: aligned
        "far": ("2020-06-01", names[:3] + [f"f{i}" for i in range(7)], [2], []),
        "teaser": ("2020-01-02", ["t0"], [], [10]),  # a paragraph start, days apart
        "phrase": ("2021-03-01", ["p0"], [], [11]),  # the same, a year apart
        "undated": (None, ["u0"], [], [12]),
        "excerpt": ("2021-03-01", ["e0"], [], [13]),  # a year apart, passages too
    }
    ids = list(docs)
    n = len(ids)

    def rows(keys):
        at = [(ids.index(i), k) for i in ids for k in keys(i)]
        return BandRows(np.array([d for d, _ in at]), np.zeros(len(at), np.int16),
                        np.array([k for _, k in at], np.uint64))

    bands = {"anchors": rows(lambda i: docs[i][2]), "starts": rows(lambda i: docs[i][3]),
             "passages": rows(lambda i: [20, 21] if i in ("a", "excerpt") else [])}
    with Store(tmp_path / "x.duckdb") as store, store.transaction():
        vectors = _vectors(n, ndim=64)  # no two near: no vector neighbours
        NeighbourIndex(store).add(ids, vectors)
        store.add_documents(
            1, [Document(id=i, text="t", published=docs[i][0]) for i in ids], [100] * n,
            np.zeros((n, 128), dtype=np.uint32), bands, vectors,
            anchors=[sorted(docs[i][1]) for i in ids])
        found = {(c.a, c.b): c.via for c in find_candidates(store, Config())}
    assert found == {("a", "story"): "anchors", ("a", "teaser"): "starts",
                     ("a", "undated"): "starts", ("a", "excerpt"): "passages,starts"}


def test_shared_anchors_counts_common_specific_names(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        docs = [Document(id=i, text="t") for i in ("a", "b", "c")]
        store.add_documents(1, docs, [1, 1, 1], np.zeros((3, 128), dtype=np.uint32), {},
                            np.ones((3, 2), np.float32),
                            anchors=[["bergdahl", "kislyak"], ["bergdahl", "kislyak", "538"], []])
        assert shared_anchors(store, [("a", "b"), ("a", "c")]) == {("a", "b"): (2, 2, 3)}
