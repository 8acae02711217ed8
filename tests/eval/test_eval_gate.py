"""The quality gate: fixed benchmark samples must stay at or above their committed floors."""

from __future__ import annotations

import json

import pytest
from helpers import shared

from unspun.eval import gate


def test_gate_floors_hold() -> None:
    root = shared()
    for name in ("pan13", "mrpc", "semeval2022"):
        shared(name)
    measured = gate.figures(root, workers=2)
    failures = gate.check(measured, gate.load_baseline())
    assert not failures, "quality fell under the baseline:\n" + "\n".join(failures)


@pytest.mark.slow
def test_gate_floors_hold_on_the_news_development_labels() -> None:
    root = shared()
    shared("news-pairs")
    measured = gate.figures(root, workers=2, slow=True)
    failures = gate.check(measured, gate.load_baseline(), slow=True)
    assert not failures, "quality fell under the baseline:\n" + "\n".join(failures)


def test_check_reports_figures_under_their_floor() -> None:
    floors = {"a": 0.9, "b": 0.5, "c": 0.1}
    failures = gate.check({"a": 0.95, "b": 0.4}, floors)
    assert failures == ["b: 0.4000 is under its floor 0.5000", "c: not measured (floor 0.1)"]
    # The slow suite's floors are checked only when it measures them.
    assert gate.check({}, {"news.dev-newsbias.recall": 0.9}) == []
    assert gate.check({}, {"news.dev-newsbias.recall": 0.9}, slow=True) == [
        "news.dev-newsbias.recall: not measured (floor 0.9)"]


def _baseline(path, floors):
    path.write_text(json.dumps({"floors": floors, "splits": gate.SPLITS,
                                "samples": gate.SAMPLES, "margin": gate.MARGIN,
                                "slow": gate.SLOW}))


def test_lowering_a_floor_needs_allow_lower_and_a_reason(tmp_path) -> None:
    path, changes = tmp_path / "baseline.json", tmp_path / "CHANGES.md"
    _baseline(path, {"a": 0.8, "b": 0.5})
    changes.write_text("# Why\n\n- an old entry about a\n")
    with pytest.raises(gate.GateError, match="--allow-lower"):
        gate.update_baseline({"a": 0.5}, allow_lower=False, path=path, changes=changes)
    # The last entry must name the floor.
    changes.write_text("# Why\n\n- an old entry about a\n- something else\n")
    with pytest.raises(gate.GateError, match="CHANGES.md"):
        gate.update_baseline({"a": 0.5}, allow_lower=True, path=path, changes=changes)
    assert gate.load_baseline(path) == {"a": 0.8, "b": 0.5}
    changes.write_text("# Why\n\n- something else\n- a: measured on another sample\n")
    gate.update_baseline({"a": 0.5}, allow_lower=True, path=path, changes=changes)
    floors = gate.load_baseline(path)
    assert floors["a"] == pytest.approx(0.49)
    assert floors["b"] == 0.5  # no longer measured: kept
    gate.update_baseline({"a": 0.9}, allow_lower=False, path=path, changes=changes)
    assert gate.load_baseline(path)["a"] == pytest.approx(0.89)
    # Measured above its floor but within the margin: the floor stays, nothing refused.
    gate.update_baseline({"a": 0.895}, allow_lower=False, path=path, changes=changes)
    assert gate.load_baseline(path)["a"] == pytest.approx(0.89)


def test_floors_set_with_other_samples_or_margin_are_refused(tmp_path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"floors": {"a": 0.8}, "splits": gate.SPLITS,
                                "samples": {**gate.SAMPLES, "pan13": 1}, "margin": gate.MARGIN,
                                "slow": gate.SLOW}))
    with pytest.raises(gate.GateError, match="samples"):
        gate.load_baseline(path)
    path.write_text(json.dumps({"floors": {"a": 0.8}, "samples": gate.SAMPLES, "margin": 0.5}))
    with pytest.raises(gate.GateError, match="splits, margin, slow"):
        gate.load_baseline(path)


def test_the_gate_reads_no_reported_split() -> None:
    assert gate.SPLITS == {"pan13": "train", "mrpc": "train", "semeval": "train",
                           "extraction": "test",  # extraction has no other split
                           "provenance": "seed 0"}  # the generator's tuning seed


def test_missing_data_fails_in_ci_and_skips_elsewhere(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have"):
        shared("no-such-benchmark")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        shared("no-such-benchmark")
