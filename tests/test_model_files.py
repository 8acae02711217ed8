"""An index records the model files it was made with; other files are refused or flagged."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from unspun import model_files
from unspun.cli import app

runner = CliRunner()
STORY = ("A storm hit the coast of Maine on Friday, leaving thousands of homes without power "
         "for the weekend. Utility crews worked through the night to restore service.\n")


def _index(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "index.duckdb"
    result = runner.invoke(app, ["scan", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder, db


def test_an_index_records_its_model_files(tmp_path: Path) -> None:
    _, db = _index(tmp_path)
    con = duckdb.connect(str(db), read_only=True)
    (value,), = con.execute("SELECT value FROM meta WHERE key = ?",
                            [model_files.META_KEY]).fetchall()
    con.close()
    recorded = json.loads(value)
    assert set(recorded) == set(model_files.FILES)
    assert recorded == model_files.fingerprints()


def test_other_model_files_are_refused_for_a_scan_and_flagged_for_reading(tmp_path) -> None:
    folder, db = _index(tmp_path)
    con = duckdb.connect(str(db))
    recorded = json.loads(con.execute("SELECT value FROM meta WHERE key = ?",
                                      [model_files.META_KEY]).fetchall()[0][0])
    recorded["kind model and common names"] = "0" * 64  # as if made with another model
    con.execute("UPDATE meta SET value = ? WHERE key = ?",
                [json.dumps(recorded), model_files.META_KEY])
    con.close()
    result = runner.invoke(app, ["scan", str(folder), "--db", str(db)])
    output = " ".join(result.output.split())  # the console wraps where the path's length puts it
    assert result.exit_code == 1 and "kind model and common names" in output
    assert "--db NEW.duckdb" in output
    result = runner.invoke(app, ["export", "--what", "documents", "--db", str(db)])
    assert result.exit_code == 0 and "warning" in result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["id"] == "news/story.txt"


def test_a_missing_vocabulary_or_background_is_an_error(tmp_path, monkeypatch) -> None:
    from unspun.errors import ModelError
    from unspun.fingerprint import stage
    from unspun.text import vocabulary as text

    monkeypatch.setattr(text, "_VOCAB_PATH", tmp_path / "absent.json")
    text._vocabulary.cache_clear()
    try:
        with pytest.raises(ModelError, match="vocabulary"):
            text.rarity("bergdahl")  # not "every word is rare"
    finally:
        monkeypatch.undo()
        text._vocabulary.cache_clear()
    monkeypatch.setattr(stage, "_BACKGROUND", tmp_path / "absent.npy")
    stage.background.cache_clear()
    try:
        with pytest.raises(ModelError, match="background"):
            stage.background()
    finally:
        monkeypatch.undo()
        stage.background.cache_clear()
    assert text.rarity("the") == 0.0 and stage.background().ndim == 1
