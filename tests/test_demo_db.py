"""``unspun demo --db FILE`` replaces only a demo index, unless told to."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from unspun.cli import app

runner = CliRunner()


def test_demo_refuses_to_replace_a_file_that_is_not_a_demo_index(tmp_path: Path) -> None:
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes, not an index\n", encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_text("A storm hit the coast of Maine on Friday, leaving "
                                      "thousands of homes without power.\n", encoding="utf-8")
    index = tmp_path / "mine.duckdb"
    assert runner.invoke(app, ["scan", str(folder), "--db", str(index)]).exit_code == 0
    for path in (notes, index):
        before = path.read_bytes()
        result = runner.invoke(app, ["demo", "--db", str(path)])
        assert result.exit_code == 2 and "--force" in result.output, result.output
        assert path.read_bytes() == before


def test_demo_replaces_its_own_index_and_any_file_with_force(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    for _ in range(2):  # the second run replaces the first run's demo index
        result = runner.invoke(app, ["demo", "--db", str(db)])
        assert result.exit_code == 0, result.output
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(app, ["demo", "--db", str(notes), "--force"])
    assert result.exit_code == 0, result.output
    assert notes.read_bytes()[:4] != b"my n"
