"""Prepared documents (sentences, vectors, stems) kept by each worker between tasks.

A document is a candidate of several others, and preparing it costs ~0.9 ms of CPU, as
much as relating a pair. ~50 KB each; the least recently used go first.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from .. import limits

if TYPE_CHECKING:
    from ..records import Document

#: Each document prepared, with the length of its text.
_PREPARED: OrderedDict[tuple[str, int], tuple[Any, int]] = OrderedDict()
_PREPARED_MAX = 4000
_prepared_chars = [0]  # text of the documents in _PREPARED (at most limits.PREPARED_CHARS)


def prepared(docs: dict[str, Document]) -> dict[str, Any]:
    """Each document prepared for alignment, from the cache when it holds it."""
    from ..align import prepare_many
    from ..fingerprint.embed import default_encoder

    keys = {i: (i, hash(d.text)) for i, d in docs.items()}
    missing = sorted(i for i, k in keys.items() if k not in _PREPARED)
    if missing:
        fresh = prepare_many([docs[i].text for i in missing], default_encoder())
        for i, p in zip(missing, fresh, strict=True):
            _PREPARED[keys[i]] = p, len(docs[i].text)
            _prepared_chars[0] += len(docs[i].text)
    out = {}
    for i, k in keys.items():
        _PREPARED.move_to_end(k)
        out[i] = _PREPARED[k][0]
    while len(_PREPARED) > _PREPARED_MAX or _prepared_chars[0] > limits.PREPARED_CHARS:
        _prepared_chars[0] -= _PREPARED.popitem(last=False)[1][1]
    return out
