"""The per-machine cache of derived arrays: built once, then read; never required."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun.cache import cache_root, cached_arrays


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNSPUN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _builder(calls: list[int]):
    def build() -> dict[str, np.ndarray]:
        calls.append(1)
        return {"a": np.arange(5, dtype=np.uint32), "b": np.array(["x", "yz"])}
    return build


def test_built_once_then_read_from_disk(root: Path) -> None:
    calls: list[int] = []
    first = cached_arrays("t", "1", _builder(calls))
    second = cached_arrays("t", "1", _builder(calls))
    assert calls == [1]
    assert isinstance(second["a"], np.memmap)
    for name in ("a", "b"):
        assert np.array_equal(first[name], second[name])
        assert first[name].dtype == second[name].dtype
        assert not first[name].flags.writeable and not second[name].flags.writeable


def test_a_damaged_entry_is_rebuilt(root: Path) -> None:
    calls: list[int] = []
    cached_arrays("t", "1", _builder(calls))
    (root / "t-1" / "a.npy").write_bytes(b"not an array")
    again = cached_arrays("t", "1", _builder(calls))
    assert calls == [1, 1]
    assert again["a"].tolist() == [0, 1, 2, 3, 4]
    assert cached_arrays("t", "1", _builder(calls))["a"].tolist() == [0, 1, 2, 3, 4]
    assert calls == [1, 1]


def test_a_new_key_replaces_the_family_s_old_entries(root: Path) -> None:
    cached_arrays("t", "1", _builder([]))
    cached_arrays("other", "1", _builder([]))
    cached_arrays("t", "2", _builder([]))
    assert sorted(p.name for p in root.iterdir()) == ["other-1", "t-2"]


def test_an_unwritable_folder_only_costs_time(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("UNSPUN_CACHE", str(blocker))
    calls: list[int] = []
    assert cached_arrays("t", "1", _builder(calls))["a"].tolist() == [0, 1, 2, 3, 4]
    assert cached_arrays("t", "1", _builder(calls))["a"].tolist() == [0, 1, 2, 3, 4]
    assert calls == [1, 1]


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("UNSPUN_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "unspun"


def test_names_cannot_leave_the_folder(root: Path) -> None:
    with pytest.raises(ValueError):
        cached_arrays("../t", "1", _builder([]))
