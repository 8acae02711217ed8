"""How rare a word is: its rank in the packaged model's vocabulary, which follows word
frequency."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np

from .tokens import code_points

#: (Zipf), so a word's rank there is a free, packaged stand-in for its rarity.
_VOCAB_PATH = Path(__file__).resolve().parent.parent / "models" / "minilm-static" / "tokenizer.json"
#: Ranks under this are everyday words ("said", "people"): they carry no rarity weight.
_COMMON_RANK = 50.0
#: Rank given to a word outside the vocabulary (names, rare terms).
_RARE_RANK = 60_000.0


def rarity(word: str) -> float:
    """An IDF-like weight: log of the word's frequency rank over that of everyday words."""
    rank = _vocabulary().get(word, _RARE_RANK)
    return max(0.0, math.log(rank / _COMMON_RANK))


@cache
def _vocabulary() -> dict[str, int]:
    """The vocabulary's whole words by rank ("the" is 1); a ``ModelError`` without it
    (every word would be rare: alignment and names would be weighted wrongly, silently).

    Kept as arrays in ``unspun.cache``: parsing the 445 kB of JSON cost every worker
    15 ms of CPU, mapping the arrays 5 ms. The words are code points, not a numpy string
    array, which would drop a trailing NUL.
    """
    from ..cache import cached_arrays

    try:
        st = _VOCAB_PATH.stat()
        arrays = cached_arrays("vocabulary", f"{st.st_size}-{st.st_mtime_ns}",
                               _vocabulary_arrays)
        joined = arrays["chars"].tobytes().decode("utf-32-le", "surrogatepass")
    except (OSError, KeyError, ValueError) as exc:
        from ..errors import ModelError

        raise ModelError(f"the packaged vocabulary {_VOCAB_PATH} cannot be read "
                         f"({type(exc).__name__}: {exc}): reinstall unspun") from None
    ends = arrays["ends"].tolist()
    words = [joined[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    return dict(zip(words, arrays["ranks"].tolist(), strict=True))


def _vocabulary_arrays() -> dict[str, np.ndarray]:
    """The whole words of the vocabulary file joined as code points, where each ends,
    and their ranks."""
    vocab = json.loads(_VOCAB_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    first = vocab.get("the", 0)  # whole words start after the special and single characters
    ranks = {w: r - first + 1 for w, r in vocab.items() if r >= first and not w.startswith("#")}
    return {"chars": code_points("".join(ranks)),
            "ends": np.cumsum([len(w) for w in ranks], dtype=np.int64),
            "ranks": np.array(list(ranks.values()), dtype=np.int64)}
