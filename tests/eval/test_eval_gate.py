"""The quality gate: fixed benchmark samples must stay at or above their committed floors."""

from __future__ import annotations

import json

import pytest
from conftest import shared

from unspun.eval import gate


def test_gate_floors_hold() -> None:
    root = shared()
    for name in ("pan13", "mrpc", "semeval2022"):
        shared(name)
    measured = gate.figures(root, workers=2)
    failures = gate.check(measured, gate.load_baseline())
    assert not failures, "quality fell under the baseline:\n" + "\n".join(failures)


def test_check_reports_figures_under_their_floor() -> None:
    floors = {"a": 0.9, "b": 0.5, "c": 0.1}
    failures = gate.check({"a": 0.95, "b": 0.4}, floors)
    assert failures == ["b: 0.4000 is under its floor 0.5000", "c: not measured (floor 0.1)"]


def test_lowering_a_floor_needs_allow_lower(tmp_path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"floors": {"a": 0.8}}))
    with pytest.raises(SystemExit, match="--allow-lower"):
        gate.update_baseline({"a": 0.5}, allow_lower=False, path=path)
    assert gate.load_baseline(path) == {"a": 0.8}
    gate.update_baseline({"a": 0.5}, allow_lower=True, path=path)
    assert gate.load_baseline(path)["a"] == pytest.approx(0.49)
    gate.update_baseline({"a": 0.9}, allow_lower=False, path=path)
    assert gate.load_baseline(path)["a"] == pytest.approx(0.89)
