"""What a scan makes of its inputs: document ids, and inputs that give no document."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from unspun.cli import app
from unspun.store import Store

runner = CliRunner()

STORM = ("A storm hit the coast of Maine on Friday, leaving thousands of homes without power "
         "for the weekend. Utility crews worked through the night to restore service across "
         "the region, the governor said on Saturday morning.\n")
BUDGET = ("The mayor of Springfield announced a new budget on Tuesday. The council will vote "
          "next week on the plan, which raises taxes by two percent and hires ten teachers "
          "for the schools of the east side.\n")


def _scan(*args: str) -> dict:
    result = runner.invoke(app, ["scan", *args, "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _days(tmp_path: Path) -> tuple[Path, Path]:
    day1, day2 = tmp_path / "day1", tmp_path / "day2"
    day1.mkdir()
    day2.mkdir()
    (day1 / "story.txt").write_text(STORM, encoding="utf-8")
    (day2 / "story.txt").write_text(BUDGET, encoding="utf-8")
    return day1, day2


def test_same_file_names_under_two_roots_are_both_stored(tmp_path: Path) -> None:
    day1, day2 = _days(tmp_path)
    db = str(tmp_path / "both.duckdb")
    summary = _scan(str(day1), str(day2), "--db", db)
    assert summary["documents_added"] == 2 and summary["skipped"] == {}
    with Store(db, read_only=True) as store:
        assert store.document_ids() == ["day1/story.txt", "day2/story.txt"]


def test_ids_are_stable_across_runs_and_ways_of_naming_a_file(tmp_path: Path) -> None:
    day1, day2 = _days(tmp_path)
    db = str(tmp_path / "runs.duckdb")
    assert _scan(str(day1), "--db", db)["documents_added"] == 1
    assert _scan(str(day2), "--db", db)["documents_added"] == 1
    # The same files again, named otherwise: nothing new.
    again = _scan(str(day1 / "story.txt"), str(tmp_path / "day2" / ".." / "day2"), "--db", db)
    assert again["documents_added"] == 0 and again["skipped"] == {"already-indexed": 2}
    with Store(db, read_only=True) as store:
        assert store.document_ids() == ["day1/story.txt", "day2/story.txt"]


def test_a_repeated_id_names_the_input_that_gave_it_first(tmp_path: Path) -> None:
    day1, _ = _days(tmp_path)
    db = str(tmp_path / "dup.duckdb")
    summary = _scan(str(day1), str(day1 / "story.txt"), "--db", db)
    assert summary["documents_added"] == 1 and summary["skipped"] == {"duplicate-id": 1}
    with Store(db, read_only=True) as store:
        (detail,) = store.con.execute("SELECT detail FROM skips").fetchall()[0]
    assert detail == f"day1/story.txt: already given by {day1 / 'story.txt'}"


def test_a_scan_where_every_input_is_skipped_finishes(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.html").write_bytes(bytes(range(256)) * 40)
    (bad / "lines.jsonl").write_text("not json\n", encoding="utf-8")
    db = str(tmp_path / "skipped.duckdb")
    for paths in ([str(bad), str(tmp_path / "missing")], [str(tmp_path / "missing")]):
        summary = _scan(*paths, "--db", db)  # a new index, then the same one again
        assert summary["documents_added"] == 0 and "not-found" in summary["skipped"]
    day1, _ = _days(tmp_path)
    _scan(str(day1), "--db", db)
    summary = _scan(str(bad), "--db", db)  # an index that holds documents
    assert summary["documents_total"] == 1
    assert set(summary["skipped"]) == {"empty", "binary", "bad-json"}



def test_a_document_that_cleaning_empties_is_skipped_with_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "junk.txt").write_text("Advertisement\nSource link\n#news #breaking #viral\n",
                                     encoding="utf-8")
    (folder / "story.txt").write_text(STORM, encoding="utf-8")
    db = str(tmp_path / "junk.duckdb")
    summary = _scan(str(folder), "--db", db)
    assert summary["documents_added"] == 1
    assert summary["skipped"] == {"emptied-by-cleaning": 1}
    with Store(db, read_only=True) as store:
        assert store.document_ids() == ["junk/story.txt"]
        (origin, detail), = store.con.execute("SELECT origin, detail FROM skips").fetchall()
    assert origin == str(folder / "junk.txt") and "source-link" in detail
    result = runner.invoke(app, ["compare", str(folder / "junk.txt"), str(folder / "story.txt")])
    assert result.exit_code == 1 and "emptied-by-cleaning" in result.output
