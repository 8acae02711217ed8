"""Small numbers for the 64-bit hashes of words, so per-word data lives in arrays.

Words are known by their hash (``minhash.span_hashes``), never as strings: a table
numbers each hash it meets, and its owner keeps whatever the word stands for (a stem,
word pieces) at that number.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat

import numpy as np

#: ``add(new, at, restart)``: record what the ``new`` hashes (distinct, ascending)
#: stand for, ``at`` the index of one occurrence of each; ``restart``: all numbers given
#: before are forgotten and numbering starts again at 0.
Add = Callable[[np.ndarray, np.ndarray, bool], None]


class HashNumbers:
    """Numbers 0, 1, 2, ... for the hashes met, in order of first sight (within a call,
    by hash), at most ``limit`` of them: past it, all are forgotten and numbering
    restarts, which bounds memory in long-lived workers.

    Slot ``hash % slots`` of a direct-mapped cache holds one hash and its number, so most
    look-ups are two array reads; the others are sorted and each distinct hash looked up
    once in a dict. Sorting every hash of a batch was a fifth of preparing a text.
    """

    def __init__(self, limit: int, slots: int = 1 << 18) -> None:
        if slots & (slots - 1):
            raise ValueError(f"slots must be a power of two, not {slots}")
        self.limit = limit
        self._slots = slots
        self._mask = np.uint64(slots - 1)
        self.clear()

    def __len__(self) -> int:
        return len(self._number)

    def clear(self) -> None:
        """Forget every hash."""
        self._number: dict[int, int] = {}
        self._slot_hash = np.zeros(self._slots, dtype=np.uint64)
        self._slot_number = np.full(self._slots, -1, dtype=np.int64)

    def look_up(self, hashes: np.ndarray, add: Add) -> np.ndarray:
        """The number of each of ``hashes`` (uint64); new ones are numbered once ``add``
        has recorded them."""
        slot = (hashes & self._mask).astype(np.intp)
        number = self._slot_number[slot]
        miss = np.flatnonzero((number < 0) | (self._slot_hash[slot] != hashes))
        if not miss.size:
            return number
        distinct, first, inverse = np.unique(hashes[miss], return_index=True,
                                             return_inverse=True)
        known = self._known(distinct)
        fresh = known < 0
        restart = bool(self._number) and len(self._number) + int(fresh.sum()) > self.limit
        if restart:
            self.clear()  # the numbers read from the slots are void too
            miss = np.arange(hashes.size)
            distinct, first, inverse = np.unique(hashes, return_index=True,
                                                 return_inverse=True)
            known = np.full(distinct.size, -1, dtype=np.int64)
            fresh = known < 0
        if fresh.any():
            new = distinct[fresh]
            add(new, miss[first[fresh]], restart)
            start = len(self._number)
            known[fresh] = np.arange(start, start + new.size)
            self._number.update(zip(new.tolist(), range(start, start + new.size), strict=True))
        # One hash per slot: the first of those that share it.
        slots, one = np.unique(distinct & self._mask, return_index=True)
        self._slot_hash[slots] = distinct[one]
        self._slot_number[slots] = known[one]
        number[miss] = known[inverse]
        return number

    def _known(self, hashes: np.ndarray) -> np.ndarray:
        return np.fromiter(map(self._number.get, hashes.tolist(), repeat(-1)),
                           dtype=np.int64, count=hashes.shape[0])
