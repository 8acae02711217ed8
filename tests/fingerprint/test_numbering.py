"""Numbers for word hashes: first-sight order, a slot cache that never changes them, a
restart past the limit."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.fingerprint.numbering import HashNumbers


def _recorder() -> tuple[list[tuple[list[int], list[int], bool]], object]:
    added: list[tuple[list[int], list[int], bool]] = []
    return added, lambda new, at, restart: added.append((new.tolist(), at.tolist(), restart))


def _hashes(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint64)


def test_new_hashes_are_numbered_in_order_and_shared_slots_change_nothing() -> None:
    added, add = _recorder()
    numbers = HashNumbers(limit=100, slots=2)  # 3, 5 and 9 share a slot
    assert numbers.look_up(_hashes(5, 3, 5, 8, 3), add).tolist() == [1, 0, 1, 2, 0]
    assert added == [([3, 5, 8], [1, 0, 3], False)]
    for _ in range(2):
        assert numbers.look_up(_hashes(8, 9, 3, 5), add).tolist() == [2, 3, 0, 1]
    assert added[1:] == [([9], [1], False)] and len(numbers) == 4


def test_numbering_restarts_past_the_limit() -> None:
    added, add = _recorder()
    numbers = HashNumbers(limit=3, slots=4)
    numbers.look_up(_hashes(1, 2, 3), add)
    assert numbers.look_up(_hashes(4, 1), add).tolist() == [1, 0]
    assert added[-1] == ([1, 4], [1, 0], True) and len(numbers) == 2
    assert numbers.look_up(_hashes(2), add).tolist() == [2]


def test_slots_must_be_a_power_of_two() -> None:
    with pytest.raises(ValueError, match="power of two"):
        HashNumbers(limit=10, slots=6)
