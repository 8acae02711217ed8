"""The bundled demo corpus, scanned end to end, against what SOURCES.md says it holds."""

import json

import pytest

from unspun.demo import HERE, corpus_path
from unspun.pipeline import scan
from unspun.store import Store


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    summary = scan([corpus_path()], db)
    return db, summary


@pytest.fixture(scope="module")
def expected():
    return json.loads((HERE / "expected.json").read_text())


def _family_of(store):
    return {m: f.family for f in store.families() for m in f.members}


def test_every_demo_document_is_ingested(demo_db, expected):
    _, summary = demo_db
    assert summary.documents_added == expected["n_documents"]
    assert summary.skipped == {}


def test_real_copies_share_a_family_with_an_acceptable_kind(demo_db, expected):
    db, _ = demo_db
    with Store(db, read_only=True) as store:
        family_of = _family_of(store)
        for pair in expected["real_copy_pairs"]:
            assert family_of[pair["a"]] == family_of[pair["b"]], pair
            rel = store.relation(pair["a"], pair["b"])
            assert rel is not None and rel["kind"] in pair["acceptable_kinds"], (pair, rel)


def test_simulated_copies_are_found_with_their_kind(demo_db, expected):
    db, _ = demo_db
    with Store(db, read_only=True) as store:
        family_of = _family_of(store)
        for sim in expected["simulated_copies"]:
            assert family_of[sim["copy"]] == family_of[sim["original"]], sim["copy"]
            rel = store.relation(sim["copy"], sim["original"])
            assert rel["kind"] in sim["acceptable_kinds"], (sim["copy"], rel["kind"])
            # Dates say which came first.
            assert rel["source"] == sim["original"]


def test_the_scraped_copy_is_cleaned_and_its_spam_kept_as_evidence(demo_db):
    db, _ = demo_db
    with Store(db, read_only=True) as store:
        (doc,) = store.documents(["sim-scraped-1"])
        reasons = {r.reason for r in doc.removed}
        assert "dropshipping" not in doc.text and "#" not in doc.text
        assert {"spam", "hashtags"} <= reasons
        assert doc.text.count(doc.text.splitlines()[1]) == 1  # the repeated body is gone


def test_distractors_stay_alone(demo_db, expected):
    db, _ = demo_db
    with Store(db, read_only=True) as store:
        sizes = {f.family: len(f.members) for f in store.families()}
        family_of = _family_of(store)
        for d in expected["distractors"]:
            doc_id = d["id"] if isinstance(d, dict) else d
            assert sizes[family_of[doc_id]] == 1, doc_id


def test_same_story_groups_are_stories(demo_db, expected):
    db, _ = demo_db
    with Store(db, read_only=True) as store:
        story_of = {m: s.story for s in store.stories() for m in s.members}
    together = 0
    for group in expected["same_story_groups"]:
        ids = [m["id"] for m in group["members"]]
        stories = {story_of[i] for i in ids}
        together += len(stories) == 1
    # Stories are judged from meaning alone: most groups, not necessarily all, come out whole.
    assert together >= len(expected["same_story_groups"]) - 2
