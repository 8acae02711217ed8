"""Shared fixtures: where the third-party evaluation data lives, skipping when absent
(the helpers themselves are in ``helpers``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import TEST_DATA, shared


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests (and the workers they start) unpack into a cache of their own, not the
    user's (see unspun.cache)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNSPUN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def shared_data() -> Path:
    return shared()


@pytest.fixture
def test_data() -> Path:
    return TEST_DATA
