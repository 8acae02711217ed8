"""Terminal output: scraped text is shown, never obeyed (no markup, no escape sequences)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import unspun
from unspun.cli import app
from unspun.records import Document
from unspun.report.safe import json_safe, visible
from unspun.report.terminal import print_relation, print_summary

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "news_bias_sample.jsonl"
runner = CliRunner()

# What the audit put in scraped text: rich markup, a hidden link, ANSI/OSC sequences,
# a bidi override.
MARKUP = "[/b] closed [bold]nothing[/bold]"
LINK = "[link=https://evil.example]click here[/link]"
ANSI = "\x1b]0;pwned title\x07 and \x1b[2J cleared \x9b31m"
SPOOF = "\u202egro.swen-detsurt"


def _article() -> str:
    return json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])["text"]


def _hostile_copy() -> tuple[Document, Document]:
    text = _article()
    paragraphs = text.split("\n")
    hostile = [f"{p} {MARKUP} {LINK} {ANSI} {SPOOF}" if i < 3 else p
               for i, p in enumerate(paragraphs)]
    return (Document(id="source", text=text),
            Document(id=f"copy {MARKUP} {ANSI}", text="\n".join(hostile)))


def _console(colour: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    if colour:
        return Console(file=out, force_terminal=True, color_system="truecolor", width=200), out
    return Console(file=out, force_terminal=False, width=200), out


def test_visible_escapes_controls_and_bidi_but_keeps_text() -> None:
    assert visible("plain é 日本 👍\u200d") == "plain é 日本 👍\u200d"
    assert visible(SPOOF) == "\\u202egro.swen-detsurt"
    assert visible("a\x1b[2Jb\x07\x9b") == "a\\x1b[2Jb\\x07\\x9b"
    assert visible("one\ntwo\tthree") == "one\\x0atwo\\x09three"
    assert visible("one\ntwo\tthree\r", lines=True) == "one\ntwo\tthree\\x0d"
    dumped = json.dumps({"a": f"{SPOOF}\x9b\x1b"}, ensure_ascii=False)
    safe = json_safe(dumped)
    assert "\u202e" not in safe and "\x9b" not in safe and "\x1b" not in safe
    assert json.loads(safe) == json.loads(dumped)


@pytest.mark.parametrize("colour", [False, True])
def test_a_hostile_relation_prints_as_text(colour: bool) -> None:
    a, b = _hostile_copy()
    relation = unspun.compare(a, b)
    assert relation.alignment is not None and relation.alignment.pairs
    console, out = _console(colour)
    print_relation(console, relation, a.text, b.text, name_a=a.id, name_b=b.id)
    shown = out.getvalue()
    assert "[/b]" in shown and "[link=https://evil.example]" in shown  # as text
    assert "\x1b]8;" not in shown  # no hyperlink, hidden or not
    assert "\x1b]0;" not in shown and "\x1b[2J" not in shown and "\x9b" not in shown
    assert "\u202e" not in shown and "\\u202egro.swen-detsurt" in shown
    assert "\\x1b]0;pwned title\\x07" in shown
    if not colour:  # piped: not one escape sequence at all
        assert "\x1b" not in shown


def test_a_hostile_site_name_prints_in_the_summary() -> None:
    summary = {"run": 1, "documents_added": 1, "documents_total": 1, "skipped": {},
               "removed": {"source-link": 1},
               "removed_by_site": {f"[/b]Evil{SPOOF}\x1b[2J": {"source-link": 1}},
               "candidates": {}, "relations": {}, "families_with_copies": 0,
               "stories_with_several_families": 0, "seconds": {}}
    console, out = _console(colour=True)
    print_summary(console, summary)
    shown = out.getvalue()
    assert "[/b]Evil" in shown and "\\u202e" in shown and "\\x1b[2J" in shown
    assert "\u202e" not in shown and "\x1b[2J" not in shown


def test_compare_prints_hostile_articles(tmp_path: Path) -> None:
    a, b = _hostile_copy()
    (tmp_path / "a.txt").write_text(a.text, encoding="utf-8")
    (tmp_path / "b [red].txt").write_text(b.text, encoding="utf-8")
    result = runner.invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b [red].txt")])
    assert result.exit_code == 0, result.output
    assert "[/b] closed" in result.stdout and "\x1b" not in result.stdout
    as_json = runner.invoke(app, ["compare", str(tmp_path / "a.txt"),
                                  str(tmp_path / "b [red].txt"), "--json"])
    assert as_json.exit_code == 0
    assert "\x1b" not in as_json.stdout and "\u202e" not in as_json.stdout
    assert "\x9b" not in as_json.stdout
    assert json.loads(as_json.stdout)["kind"] == unspun.compare(a, b).kind


def test_scan_summary_shows_a_hostile_site_after_committing(tmp_path: Path) -> None:
    text = _article()
    rows = [{"id": "evil", "site": f"[/b]Evil{SPOOF}", "url": "javascript:alert(1)",
             "text": text + "\nSource link"}]
    corpus = tmp_path / "evil.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "evil.duckdb"
    result = runner.invoke(app, ["scan", str(corpus), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "[/b]Evil\\u202e" in result.stdout and "\u202e" not in result.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_export_writes_controls_as_escapes(tmp_path: Path, fmt: str) -> None:
    corpus = tmp_path / "evil.jsonl"
    title = f"{SPOOF} {ANSI}"
    corpus.write_text(json.dumps({"id": "evil", "title": title, "text": _article()}) + "\n",
                      encoding="utf-8")
    db = tmp_path / "evil.duckdb"
    assert runner.invoke(app, ["scan", str(corpus), "--db", str(db), "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["export", "--what", "documents", "--db", str(db), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stdout and "\x1b" not in result.stdout and "\x9b" not in result.stdout
    rows = json.loads(result.stdout) if fmt == "json" else [json.loads(result.stdout)]
    assert rows[0]["title"] == title  # the same data, written safely
