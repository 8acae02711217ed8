"""End to end: scan a corpus with known copies built from real data, check what is found."""

from __future__ import annotations

import csv
import gzip
import json
import shutil

import pytest
from helpers import shared

import unspun
from unspun.candidates.neighbours import saved_path
from unspun.check import check
from unspun.pipeline import documents, pairs, stages
from unspun.store import Store

KIND_OF = {"verbatim": {"verbatim", "near-duplicate"}}
# The scan's candidate indexes find a verbatim excerpt anywhere in a text (sampled
# 8-grams) and whole-article paraphrases (names/numbers, document vectors), but not a
# paraphrased excerpt buried in a long unrelated text as PAN builds them: those pairs
# are judged by `unspun eval pan13` through compare(), not here.
PAN_TYPES = ("verbatim", "none")


def _pan_pairs(per_type: int = 2) -> list[dict]:
    """The first pairs of each type in the PAN test split (sorted, no choice)."""
    root = shared("pan13")
    rows = list(csv.DictReader((root / "pairs.tsv").open(), delimiter="\t"))
    picked: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["suspicious"], r["source"])):
        if (row["split"] == "test" and row["obfuscation"] in PAN_TYPES
                and len(picked.setdefault(row["obfuscation"], [])) < per_type):
            picked[row["obfuscation"]].append(row)
    return [r for rows in picked.values() for r in rows]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """PAN pairs as text files, real article pages, a scraped copy and a boilerplate page."""
    # Ids start with the scanned folder's name: "corpus/farm-copy.txt".
    root = tmp_path_factory.mktemp("pipeline") / "corpus"
    root.mkdir()
    pan = shared("pan13")
    pairs = _pan_pairs()
    for n, row in enumerate(pairs):
        kind = row["obfuscation"]
        # The first pair of a type is named pan-<type>-src/susp.txt, the second *-2.txt.
        tag = kind if n % 2 == 0 else f"{kind}-2"
        shutil.copy(pan / "src" / row["source"], root / f"pan-{tag}-src.txt")
        shutil.copy(pan / "susp" / row["suspicious"], root / f"pan-{tag}-susp.txt")
    pages = shared("article-extraction")
    truth = json.loads((pages / "ground-truth.json").read_text())
    chosen = sorted(truth)[:3]
    bodies = {}
    for i, sha in enumerate(chosen):
        shutil.copy(pages / "html" / f"{sha}.html.gz", root / f"page{i}.html.gz")
        bodies[i] = truth[sha]["articleBody"]
    # A content farm's scrape of page 0: spam head, the body, "Source link", hashtags.
    (root / "farm-copy.txt").write_text(
        "Get cheap followers today at bestfollowers.example!\n"
        + bodies[0] + "\nSource link\n#news #breaking #viral\n", encoding="utf-8")
    # A boilerplate-heavy page that borrows a paragraph from pages 1 and 2: it must not
    # glue their families (if they have any) together.
    para1 = max(bodies[1].split("\n"), key=len)
    para2 = max(bodies[2].split("\n"), key=len)
    (root / "aggregator.txt").write_text(
        "Home | News | Sports | Contact\n" + para1 + "\n" + para2 + "\nLeave a Reply\n",
        encoding="utf-8")
    return root, pairs, chosen


@pytest.fixture(scope="module")
def scanned(corpus, tmp_path_factory):
    root, _, _ = corpus
    db = tmp_path_factory.mktemp("db") / "index.duckdb"
    summary = unspun.scan([root], db=str(db))
    return db, summary


def _relation(db, a, b):
    with Store(db, read_only=True) as store:
        return store.relation(a, b)


def test_pan_verbatim_excerpts_are_found_and_negatives_are_not(scanned, corpus):
    db, _ = scanned
    _, pairs, _ = corpus
    for n, row in enumerate(pairs):
        kind = row["obfuscation"]
        tag = kind if n % 2 == 0 else f"{kind}-2"
        rel = _relation(db, f"corpus/pan-{tag}-src.txt", f"corpus/pan-{tag}-susp.txt")
        if kind == "none":
            assert rel is None or rel["kind"] in ("unrelated", "same-story"), rel
            continue
        assert rel is not None, f"the {kind} pair was not even a candidate"
        assert rel["kind"] in KIND_OF[kind], (kind, rel["kind"], rel["reasons"])
        assert rel["partial"], kind  # each suspicious document reuses part of its source


def test_families(scanned):
    db, _ = scanned
    with Store(db, read_only=True) as store:
        family_of = {m: f.family for f in store.families() for m in f.members}
    # The scraped copy joins its page's family; PAN's excerpt (under a tenth of either
    # text) is a relation, not a family; the negative pair is neither.
    assert family_of["corpus/farm-copy.txt"] == family_of["corpus/page0.html.gz"]
    assert family_of["corpus/pan-verbatim-src.txt"] != family_of["corpus/pan-verbatim-susp.txt"]
    assert family_of["corpus/pan-none-src.txt"] != family_of["corpus/pan-none-susp.txt"]


def test_the_scraped_copy_is_traced_to_the_page(scanned):
    db, _ = scanned
    rel = _relation(db, "corpus/farm-copy.txt", "corpus/page0.html.gz")
    assert rel is not None and rel["kind"] in ("verbatim", "near-duplicate"), rel
    with Store(db, read_only=True) as store:
        (farm,) = store.documents(["corpus/farm-copy.txt"])
    reasons = {r.reason for r in farm.removed}
    assert "followers" not in farm.text and "Source link" not in farm.text
    assert {"source-link", "hashtags"} <= reasons
    # The injected spam is evidence of copying: it decides the direction without dates.
    assert rel["source"] == "corpus/page0.html.gz" and rel["direction_by"] == ["scraping"]
    assert any(c["kind"] == "inserted" for c in rel["changes"])


def test_the_aggregator_does_not_glue_families(scanned):
    db, _ = scanned
    with Store(db, read_only=True) as store:
        family_of = {m: f.family for f in store.families() for m in f.members}
    assert family_of["corpus/page1.html.gz"] != family_of["corpus/page2.html.gz"]


def test_the_summary_counts_what_happened(scanned, corpus):
    _, summary = scanned
    root, pairs, _ = corpus
    assert summary.documents_added == len(list(root.iterdir()))
    assert summary.candidates["pairs"] >= 3
    assert sum(summary.relations.values()) >= 3
    assert set(summary.seconds) >= {"fingerprint", "candidates", "align+relate", "group"}


def test_rescanning_adds_nothing_and_more_paths_add_incrementally(corpus, tmp_path):
    root, _, _ = corpus
    db = tmp_path / "inc.duckdb"
    first_half = tmp_path / "first"
    second_half = tmp_path / "second"
    first_half.mkdir()
    second_half.mkdir()
    files = sorted(root.iterdir())
    for i, f in enumerate(files):
        shutil.copy(f, (first_half if i % 2 else second_half) / f.name)
    unspun.scan([first_half], db=str(db), engine="inline")
    again = unspun.scan([first_half], db=str(db), engine="inline")
    assert again.documents_added == 0
    assert again.skipped == {"already-indexed": len(list(first_half.iterdir()))}
    more = unspun.scan([second_half], db=str(db), engine="inline")
    assert more.documents_added == len(list(second_half.iterdir()))
    half = {f.name: "first" if i % 2 else "second" for i, f in enumerate(files)}
    src, susp = "pan-verbatim-src.txt", "pan-verbatim-susp.txt"
    with Store(db, read_only=True) as store:
        rel = store.relation(f"{half[src]}/{src}", f"{half[susp]}/{susp}")
        ids = store.document_ids()
    assert len(ids) == len(set(ids)) == len(files)
    # The pair was split across the two runs and was still found.
    assert rel is not None and rel["kind"] in KIND_OF["verbatim"]


def test_an_interrupted_scan_resumes_without_duplicates(corpus, tmp_path, monkeypatch):
    root, _, _ = corpus
    db = tmp_path / "int.duckdb"
    def boom(self, batch, counts):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C while aligning

    with monkeypatch.context() as patch:
        patch.setattr(stages.Relate, "run", boom)
        with pytest.raises(KeyboardInterrupt):
            unspun.scan([root], db=str(db), engine="inline")
    with Store(db, read_only=True) as store:
        stored = len(store.document_ids())
        assert store.pending_ids() == store.document_ids()  # nothing marked done
    resumed = unspun.scan([root], db=str(db), engine="inline")
    assert resumed.documents_added == 0 and stored == len(list(root.iterdir()))
    assert resumed.candidates["pairs"] >= 3  # the pending documents were aligned now
    with Store(db, read_only=True) as store:
        assert store.pending_ids() == []
        rel = store.relation("corpus/pan-verbatim-src.txt", "corpus/pan-verbatim-susp.txt")
    assert rel is not None


def test_bad_input_is_skipped_with_reasons_and_the_run_finishes(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.html.gz").write_bytes(gzip.compress(b"<html>" + b"x" * 5000)[:40])
    (folder / "lines.jsonl").write_text('{"id": "ok", "text": "A real line of text here."}\n'
                                        "not json\n")
    summary = unspun.scan([folder], db=str(tmp_path / "bad.duckdb"), engine="inline")
    assert summary.documents_added == 1
    assert set(summary.skipped) >= {"empty", "binary", "corrupt-gzip", "bad-json"}


def test_hostile_input_on_an_existing_index_loses_nothing(corpus, tmp_path):
    root, _, _ = corpus
    db = tmp_path / "keep.duckdb"
    first = unspun.scan([root], db=str(db), engine="inline")
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "page.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100)
    (hostile / "feed.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: resp")[:30])
    (hostile / "bad.jsonl").write_text('{"id": "x"\n{"id": "corpus/page0.html.gz", "text": "dup"}\n')
    second = unspun.scan([hostile], db=str(db), engine="inline")
    # The one well-formed line reuses a stored id: reported, never overwritten.
    assert second.documents_added == 0
    assert second.documents_total == first.documents_total
    assert second.skipped["already-indexed"] == 1
    with Store(db, read_only=True) as store:
        relation = store.relation("corpus/farm-copy.txt", "corpus/page0.html.gz")
        skips = dict(store.con.execute(
            "SELECT reason, count(*) FROM skips WHERE run = 2 GROUP BY reason").fetchall())
    assert relation is not None  # earlier relations are kept
    assert {"binary", "corrupt-gzip", "bad-json"} <= set(skips)


def test_a_scan_in_small_chunks_stores_everything(corpus, tmp_path, monkeypatch):
    root, _, _ = corpus
    monkeypatch.setattr(documents, "_CHUNK_DOCS", 4)  # several ingest-clean-store rounds
    summary = unspun.scan([root], db=str(tmp_path / "chunks.duckdb"), engine="inline")
    assert summary.documents_added == summary.documents_total == len(list(root.iterdir()))
    assert {"source-link", "hashtags"} <= set(summary.removed)
    with Store(tmp_path / "chunks.duckdb", read_only=True) as store:
        rel = store.relation("corpus/farm-copy.txt", "corpus/page0.html.gz")
    assert rel is not None and rel["kind"] in ("verbatim", "near-duplicate")


def test_a_scan_killed_while_storing_keeps_no_vectors_or_lines_of_lost_documents(
        corpus, tmp_path, monkeypatch):
    root, _, _ = corpus
    db = tmp_path / "killed.duckdb"
    monkeypatch.setattr(documents, "_CHUNK_DOCS", 4)
    real = Store.add_documents
    calls = []

    def store_then_die(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the second chunk: the first is committed by now
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Store, "add_documents", store_then_die)
        with pytest.raises(KeyboardInterrupt):
            unspun.scan([root], db=str(db), engine="inline")
    with Store(db, read_only=True) as store:
        counts = store.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM line_docs), "
            "(SELECT count(*) FROM neighbour_keys k JOIN documents d ON d.id = k.doc), "
            "(SELECT count(*) FROM neighbour_keys)").fetchall()[0]
    assert counts[0] == counts[1] == 4 and counts[2] == counts[3]
    assert not saved_path(db).exists()  # saved only once the documents are committed
    unspun.scan([root], db=str(db), engine="inline")
    with Store(db, read_only=True) as store:
        keys = store.con.execute("SELECT count(*) FROM neighbour_keys").fetchall()[0][0]
        saved = json.loads(store.meta("neighbours"))
        assert store.document_count() == len(list(root.iterdir()))
    assert saved["vectors"] == keys == _stored_vectors_count(db)


def _stored_vectors_count(db):
    with Store(db, read_only=True) as store:
        return store.con.execute("SELECT count(*) FROM vectors "
                                 "WHERE list_dot_product(vec, vec) > 0").fetchall()[0][0]


def test_check_reads_the_saved_graph_and_rebuilds_a_lost_one(scanned, tmp_path):
    db, _ = scanned
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    page = "corpus/page0.html.gz"
    with Store(copy, read_only=True) as store:
        text = store.documents([page])[0].text
    expected = {m.id for m in check(db, text).relations}
    assert page in expected
    # Without its graph, the copy is checked the same (built in memory, nothing written).
    assert not saved_path(copy).exists()
    assert {m.id for m in check(copy, text).relations} == expected
    assert not saved_path(copy).exists()


def _tables(db):
    with Store(db, read_only=True) as store:
        q = store.con.execute
        return {
            "documents": q("SELECT id, text, site, title, published FROM documents "
                           "ORDER BY id").fetchall(),
            "candidates": q("SELECT a, b FROM candidates ORDER BY a, b").fetchall(),
            "relations": q("SELECT a, b, kind, source, round(confidence, 6) FROM relations "
                           "ORDER BY a, b").fetchall(),
            "families": q("SELECT family, member FROM families ORDER BY 1, 2").fetchall(),
        }


@pytest.mark.parametrize("candidates_stored", [True, False])
def test_a_scan_interrupted_while_aligning_resumes_to_the_same_tables(
        corpus, scanned, tmp_path, monkeypatch, candidates_stored):
    """Interrupted once some pairs are aligned, before or after the candidates are
    stored (the workers are handed pairs ahead: with a window of one task the first band
    pairs align before the neighbours are looked for): the rerun stores no pair twice,
    and ends with the tables of a clean scan (``scanned``)."""
    import json

    from unspun.config import Config, ScanConfig

    root, _, _ = corpus
    config = Config(scan=ScanConfig(workers=2))
    monkeypatch.setattr(pairs, "_PAIRS_PER_TASK", 1)
    if not candidates_stored:
        monkeypatch.setattr(pairs, "_TASKS_PER_READ", 1)
    real_add = Store.add_relations
    added = []

    def add_relations(self, relations, done=()):
        if relations:
            added.append(len(relations))
            if len(added) == 2:
                raise KeyboardInterrupt  # as if Ctrl-C came now
        real_add(self, relations, done)

    monkeypatch.setattr(Store, "add_relations", add_relations)
    db = tmp_path / "resumed.duckdb"
    with pytest.raises(KeyboardInterrupt):
        unspun.scan([root], db=str(db), config=config)
    with Store(db, read_only=True) as store:
        q = store.con.execute
        related = q("SELECT count(*) FROM relations").fetchone()[0]
        proposed = q("SELECT count(*) FROM candidates").fetchone()[0]
        assert 0 < related and (related < proposed if candidates_stored else proposed == 0)
        [(summary,)] = q("SELECT summary FROM runs").fetchall()
    assert json.loads(summary)["interrupted"] is True  # said at once, not at the next open
    monkeypatch.setattr(Store, "add_relations", real_add)
    unspun.scan([root], db=str(db), config=config)
    resumed, expected = _tables(db), _tables(scanned[0])
    assert len(set(resumed["candidates"])) == len(resumed["candidates"])
    assert resumed == expected


def test_reruns_count_documents_already_indexed_without_a_row_each(corpus, tmp_path):
    root, _, _ = corpus
    db = tmp_path / "again.duckdb"
    unspun.scan([root], db=str(db), engine="inline")
    for _ in range(2):
        again = unspun.scan([root], db=str(db), engine="inline")
        assert again.skipped == {"already-indexed": len(list(root.iterdir()))}
    with Store(db, read_only=True) as store:
        reasons = store.con.execute("SELECT DISTINCT reason FROM skips").fetchall()
    assert ("already-indexed",) not in reasons
