"""``unspun compare A B`` on files that hold several documents (JSONL, WARC)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from unspun.cli import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "data" / "news_bias_sample.jsonl"
WARC = REPO / "tests" / "data" / "ingest" / "crawl.warc"


def _two_records(tmp_path: Path) -> tuple[Path, list[dict]]:
    rows = [json.loads(line) for line in SAMPLE.read_text().splitlines()][:2]
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path, rows


def _compare(a: str, b: str) -> tuple[int, str]:
    result = runner.invoke(app, ["compare", a, b, "--json"])
    return result.exit_code, result.output.replace("\n", "")  # rich wraps long lines


def test_a_file_of_several_documents_is_refused_with_how_to_pick_one(tmp_path: Path) -> None:
    path, rows = _two_records(tmp_path)
    code, output = _compare(str(path), str(path))
    assert code == 1
    assert "2 documents" in output and f"{path}#{rows[0]['id']}" in output


def test_file_hash_id_picks_one_document(tmp_path: Path) -> None:
    path, rows = _two_records(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_text("Buy cheap watches today!\n" + rows[1]["text"], encoding="utf-8")
    code, output = _compare(f"{path}#{rows[1]['id']}", str(copy))
    assert code == 0, output
    relation = json.loads(output)
    assert relation["kind"] in ("verbatim", "near-duplicate")
    assert relation["a"] == rows[1]["id"]
    code, output = _compare(f"{path}#nope", str(copy))
    assert code == 1 and "no document nope" in output


def test_warc_record_by_number(tmp_path: Path) -> None:
    code, output = _compare(f"{WARC}#2", f"{WARC}#2")
    assert code == 0, output
    assert json.loads(output)["kind"] == "verbatim"
    code, output = _compare(str(WARC), f"{WARC}#2")
    assert code == 1 and re.search(r"#2\b", output)
