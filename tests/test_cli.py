"""The command line: each command on real files, and the README documents every command."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from unspun.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "data" / "news_bias_sample.jsonl"
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Real articles as files, plus a scraped copy of the first one."""
    root = tmp_path_factory.mktemp("cli")
    rows = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    for row in rows:
        (root / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    (root / "copy.txt").write_text("Buy cheap watches at luxurydeals.example today!\n"
                                   + rows[0]["text"] + "\nSource link\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def db(corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "cli.duckdb"
    result = runner.invoke(app, ["scan", str(corpus), "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents_added"] == len(list(corpus.iterdir()))
    return path


@pytest.mark.parametrize("what", ["documents", "relations", "families", "stories"])
def test_export_jsonl_has_the_documented_fields(db, what):
    result = runner.invoke(app, ["export", "--db", str(db), "--what", what])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    fields = {
        "documents": {"id", "url", "site", "title", "published", "text", "removed"},
        "relations": {"a", "b", "kind", "partial", "source", "confidence", "coverage_a",
                      "coverage_b", "reasons", "changes"},
        "families": {"family", "origin", "members"},
        "stories": {"story", "families", "members"},
    }[what]
    assert fields <= set(rows[0])


def test_export_finds_the_copy_and_its_source(db, corpus):
    result = runner.invoke(app, ["export", "--db", str(db), "--what", "relations",
                                 "--format", "json"])
    relations = json.loads(result.stdout)
    # Ids start with the scanned folder's name.
    copy, original = f"{corpus.name}/copy.txt", f"{corpus.name}/{_original(corpus).name}"
    ours = [r for r in relations if {r["a"], r["b"]} == {copy, original}]
    assert ours and ours[0]["kind"] in ("verbatim", "near-duplicate"), ours
    assert ours[0]["source"] == original  # the injected spam gives it away


def test_export_parquet(db, tmp_path):
    out = tmp_path / "docs.parquet"
    result = runner.invoke(app, ["export", "--db", str(db), "--what", "documents",
                                 "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 7


def test_export_errors_are_clear(db, tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"),
                                 "--what", "documents"])
    assert result.exit_code == 1 and "unspun scan" in result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--what", "nonsense"])
    assert result.exit_code == 1 and "choose one of" in result.output


def test_scan_names_the_extra_an_engine_needs_and_refuses_unknown_engines(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as in an install without the extra
    db = tmp_path / "never.duckdb"
    result = runner.invoke(app, ["scan", str(SAMPLE), "--db", str(db), "--engine", "ray"])
    assert result.exit_code == 1 and "pip install 'unspun[ray]'" in result.output
    result = runner.invoke(app, ["scan", str(SAMPLE), "--db", str(db), "--engine", "spark"])
    assert result.exit_code == 1 and "unknown engine 'spark'" in result.output
    assert not db.exists()


def _original(corpus: Path) -> Path:
    first = json.loads(SAMPLE.read_text().splitlines()[0])
    return corpus / f"{first['id']}.txt"


def test_compare_prints_verdict_alignment_and_changes(corpus):
    original = _original(corpus)
    result = runner.invoke(app, ["compare", str(original), str(corpus / "copy.txt"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    rel = json.loads(result.stdout)
    assert rel["kind"] in ("verbatim", "near-duplicate")
    assert rel["alignment"]["pairs"]
    # The copied passages, as character spans of the texts compared.
    texts = original.read_text(encoding="utf-8"), (corpus / "copy.txt").read_text(encoding="utf-8")
    assert rel["passages"] and all(
        0 <= p["a"][0] < p["a"][1] <= len(texts[0]) and 0 <= p["b"][0] < p["b"][1] <= len(texts[1])
        for p in rel["passages"])
    result = runner.invoke(app, ["compare", str(original), str(corpus / "copy.txt")])
    assert result.exit_code == 0 and "aligned sentences" in result.output
    assert "copied passages (characters):" in result.output


def test_compare_reports_unreadable_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["compare", str(empty), str(empty)])
    assert result.exit_code == 1 and "empty" in result.output


def test_every_command_has_help_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"scan", "export", "compare", "demo"} <= set(commands)
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100, name
        assert re.search(rf"`unspun {name}\b", readme), f"unspun {name} is not in the README"


def test_report_writes_a_folder_or_one_family_and_says_which_needs_what(db, tmp_path):
    folder = tmp_path / "site"
    result = runner.invoke(app, ["report", "--db", str(db), "--html", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "index.html").is_file() and "index.html" in result.output
    whole = runner.invoke(app, ["report", "--db", str(db), "--html", str(tmp_path / "a.html")])
    assert whole.exit_code == 1 and "--family" in whole.output and "folder" in whole.output
    from unspun.store import Store

    with Store(db, read_only=True) as store:
        family = next(f.family for f in store.families() if len(f.members) > 1)
    one = runner.invoke(app, ["report", "--db", str(db), "--html", str(tmp_path / "f.html"),
                              "--family", family])
    assert one.exit_code == 0 and (tmp_path / "f.html").read_text().startswith("<!doctype")
    mixed = runner.invoke(app, ["report", "--db", str(db), "--html", str(folder),
                                "--family", family])
    assert mixed.exit_code == 1 and "FILE.html" in mixed.output


def test_demo_keeps_its_index_and_prints_how_to_browse_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "unspun-demo.duckdb").is_file()
    assert "unspun serve --db unspun-demo.duckdb" in result.output


def _keep(db: Path, fmt: str, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"keep.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(db), "--what", "keep", "--format", fmt,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "parquet":
        return pq.read_table(out).to_pylist()
    if fmt == "json":
        return json.loads(out.read_text())
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_export_keep_drops_the_copy_and_keeps_its_original(db, corpus, tmp_path):
    rows = _keep(db, "jsonl", tmp_path)
    assert [r["id"] for r in rows] and set(rows[0]) == {"id", "keep", "family", "origin",
                                                         "kind", "reason"}
    assert len(rows) == len({r["id"] for r in rows}) == len(list(corpus.iterdir()))
    by_id = {r["id"]: r for r in rows}
    copy, original = f"{corpus.name}/copy.txt", f"{corpus.name}/{_original(corpus).name}"
    assert by_id[copy]["keep"] is False and by_id[copy]["origin"] == original
    assert by_id[copy]["kind"] in ("verbatim", "near-duplicate")
    assert original in by_id[copy]["reason"] and by_id[copy]["reason"].startswith("dropped")
    assert by_id[original] | {"reason": ""} == {"id": original, "keep": True, "reason": "",
                                                "family": by_id[copy]["family"],
                                                "origin": original, "kind": None}
    alone = [r for r in rows if r["id"] not in (copy, original)]
    assert all(r["keep"] and r["family"] is None and r["kind"] is None for r in alone)
    # The same rows in every format.
    assert _keep(db, "parquet", tmp_path) == rows == _keep(db, "json", tmp_path)
