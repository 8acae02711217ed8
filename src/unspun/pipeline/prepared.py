"""Prepared documents (sentences, vectors, stems) kept by each worker between tasks.

A document is a candidate of several others, and preparing it costs ~0.9 ms of CPU, as
much as relating a pair. ~50 KB each; the least recently used go first.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..records import Document

_PREPARED: OrderedDict[tuple[str, int], Any] = OrderedDict()
_PREPARED_MAX = 4000


def prepared(docs: dict[str, Document]) -> dict[str, Any]:
    """Each document prepared for alignment, from the cache when it holds it."""
    from ..align import prepare_many
    from ..fingerprint.embed import default_encoder

    keys = {i: (i, hash(d.text)) for i, d in docs.items()}
    missing = sorted(i for i, k in keys.items() if k not in _PREPARED)
    if missing:
        fresh = prepare_many([docs[i].text for i in missing], default_encoder())
        for i, p in zip(missing, fresh, strict=True):
            _PREPARED[keys[i]] = p
    out = {}
    for i, k in keys.items():
        _PREPARED.move_to_end(k)
        out[i] = _PREPARED[k]
    while len(_PREPARED) > _PREPARED_MAX:
        _PREPARED.popitem(last=False)
    return out
