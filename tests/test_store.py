import duckdb
import numpy as np
import pytest

from unspun.errors import UnspunError
from unspun.fingerprint.stage import BandRows
from unspun.records import Change, Document, Family, Relation, Removal, Story
from unspun.store import Store
from unspun.store.schema import FORMAT


def _add(store, ids, run=1, fail_vectors=False):
    docs = [Document(id=i, text=f"text of {i}", site="example.com",
                     removed=[Removal("Source link", "source-link")]) for i in ids]
    n = len(docs)
    keys = np.arange(n * 42, dtype=np.uint64).reshape(n, 42)
    vectors = np.ones((n, 4), dtype=np.float32)
    if fail_vectors:
        vectors = "not an array"
    store.add_documents(run, docs, [3] * n, np.zeros((n, 128), dtype=np.uint32),
                        {"text": BandRows.from_matrix(keys, np.ones(n, bool))}, vectors)


def test_documents_round_trip_with_removed_text(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        _add(store, ["a", "b"])
        docs = store.documents()
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].removed == [Removal("Source link", "source-link")]


def test_a_failed_batch_leaves_nothing_behind(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        _add(store, ["a"])
        with pytest.raises(AttributeError):  # "not an array" has no .astype
            _add(store, ["b", "c"], fail_vectors=True)
        assert store.document_ids() == ["a"]
        assert store.con.execute("SELECT count(DISTINCT doc) FROM bands").fetchone()[0] == 1
        assert store.known_ids(["a", "b", "c"]) == {"a"}


def test_inserted_columns_are_not_held_until_the_transaction_ends(tmp_path):
    import pyarrow as pa

    # DuckDB keeps what a query scanned registered until the transaction ends: a scan's
    # chunk of documents, stored in one transaction, must not stay in Arrow meanwhile.
    with Store(tmp_path / "x.duckdb") as store, store.transaction():
        before = pa.total_allocated_bytes()
        for batch in range(3):
            docs = [Document(id=f"{batch}-{i}", text="word " * 2000) for i in range(200)]
            store.add_documents(1, docs, [2000] * len(docs),
                                np.zeros((len(docs), 128), dtype=np.uint32), {},
                                np.ones((len(docs), 4), dtype=np.float32))
        held = pa.total_allocated_bytes() - before
        assert store.document_count() == 600
    assert held < 1 << 20  # the texts alone are 6 MB


def test_relations_families_and_stories_round_trip(tmp_path):
    rel = Relation(kind="spun", partial=True, source="b", confidence=0.8, coverage=(0.5, 0.9),
                   reasons=["why"], changes=[Change("name", "Hegseth", "Hegses", (0, 7),
                                                    (3, 9))], a="x", b="y")
    with Store(tmp_path / "x.duckdb") as store:
        store.add_relations([rel, rel])  # stored once: (a, b) is the key
        rows = store.relations()
        assert len(rows) == 1 and rows[0]["source"] == "y"
        assert rows[0]["changes"][0]["copy_text"] == "Hegses"
        store.replace_groups([Family("family:y", "y", ["x", "y"])],
                             [Story("story:y", ["family:y"], ["x", "y"])])
        assert store.families() == [Family("family:y", "y", ["x", "y"])]
        assert store.stories()[0].members == ["x", "y"]


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(UnspunError, match="unspun scan"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_foreign_format_is_refused(tmp_path):
    path = tmp_path / "old.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    con.close()
    with pytest.raises(UnspunError, match="new --db"):
        Store(path)


def test_writes_in_a_transaction_commit_together_or_not_at_all(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        with store.transaction():
            _add(store, ["a"])
            _add(store, ["b"])  # joins the outer transaction
        with pytest.raises(AttributeError), store.transaction():
            _add(store, ["c"])
            _add(store, ["d"], fail_vectors=True)  # the whole chunk goes, "c" too
        assert store.document_ids() == ["a", "b"]
        _add(store, ["e"])  # and the store takes writes again
        assert store.document_count() == 3


def test_the_text_before_cleaning_is_kept_only_where_cleaning_changed_it(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        docs = [Document(id="same", text="kept as it was", raw_text="kept as it was"),
                Document(id="cut", text="body", raw_text="body\nSource link")]
        n = len(docs)
        store.add_documents(1, docs, [3] * n, np.zeros((n, 128), dtype=np.uint32), {},
                            np.ones((n, 4), dtype=np.float32))
        stored = store.con.execute("SELECT id, raw_text FROM documents ORDER BY id").fetchall()
        back = {d.id: d.raw_text for d in store.documents()}
    assert stored == [("cut", "body\nSource link"), ("same", None)]
    assert back == {"cut": "body\nSource link", "same": "kept as it was"}


def _holder(path, read_only=False):
    """Another process holding the index open, as a scan (or an export) would."""
    import subprocess
    import sys

    code = ("import sys, time\nfrom unspun.store import Store\n"
            f"s = Store({str(path)!r}, read_only={read_only})\nprint('open', flush=True)\n"
            "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    return proc


@pytest.mark.parametrize("holder_reads", [False, True])
def test_a_busy_index_names_the_process_holding_it(tmp_path, holder_reads, monkeypatch):
    from typer.testing import CliRunner

    from unspun.cli import app
    from unspun.errors import IndexBusy
    from unspun.store import store as store_module

    # Waiting the full time for the lock to free proves nothing more here.
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.5)

    path = tmp_path / "x.duckdb"
    with Store(path) as store:
        _add(store, ["a"])
    proc = _holder(path, read_only=holder_reads)
    try:
        with pytest.raises(IndexBusy) as busy:
            Store(path)
        assert busy.value.pid == proc.pid
        message = str(busy.value)
        assert f"process {proc.pid} (" in message and "unspun.store" in message
        assert f"kill {proc.pid}" in message and "resumes" in message
        if not holder_reads:  # an export while a scan writes
            result = CliRunner().invoke(app, ["export", "--what", "documents", "--db", str(path)])
            assert result.exit_code == 1 and f"process {proc.pid}" in result.output
            assert "Traceback" not in result.output
    finally:
        proc.communicate("", timeout=30)


def test_a_run_left_without_a_summary_is_marked_interrupted(tmp_path):
    import json

    path = tmp_path / "x.duckdb"
    with Store(path) as store:
        store.new_run("2024-01-01T00:00:00")  # killed before finish_run
    with Store(path) as store:
        second = store.new_run("2024-01-02T00:00:00")
        store.finish_run(second, {"run": second})
        rows = store.con.execute("SELECT run, summary FROM runs ORDER BY run").fetchall()
    assert [(run, json.loads(summary)) for run, summary in rows] == [
        (1, {"interrupted": True}), (2, {"run": 2})]


def test_candidates_proposed_again_are_kept_once(tmp_path):
    from unspun.records import Candidate

    with Store(tmp_path / "x.duckdb") as store:
        store.add_candidates([Candidate("a", "b", 0.5, "minhash"), Candidate("a", "c", 0.4, "ann")])
        store.add_candidates([Candidate("a", "b", 0.5, "minhash"), Candidate("b", "c", 0.9, "ann")])
        rows = store.con.execute("SELECT a, b FROM candidates ORDER BY a, b").fetchall()
    assert rows == [("a", "b"), ("a", "c"), ("b", "c")]


def test_a_file_without_an_index_is_refused_for_reading_and_made_one_for_writing(tmp_path) -> None:
    # What a scan killed before its tables were committed leaves: an empty DuckDB file.
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(UnspunError, match="holds no unspun index"):
        Store(path, read_only=True)
    Store(path).close()
    with Store(path, read_only=True) as store:
        assert store.meta("format") == FORMAT


@pytest.mark.parametrize("old", ["4", "5"])
def test_reading_an_index_of_an_earlier_format_says_a_scan_upgrades_it(tmp_path, old) -> None:
    from typer.testing import CliRunner

    from unspun.cli import app

    path = tmp_path / "old.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'format'", [old])
    con.close()
    with pytest.raises(UnspunError, match=f"format {old}.*a scan upgrades it in place"):
        Store(path, read_only=True)
    result = CliRunner().invoke(app, ["export", "--what", "families", "--db", str(path)])
    assert result.exit_code == 1 and "upgrades it in place" in result.output
    assert "Traceback" not in result.output
