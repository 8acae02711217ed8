"""How aligned sentences were rewritten, word by word: kept, in order, swapped in place
(spinning), deleted, function words kept, names and figures kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..align import Prepared
from ..fingerprint.immutables import anchor_tokens
from ..records import AlignedPair
from ..text import STOPWORDS, words
from .material import CAPITALISED


def _bigrams(tokens: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(tokens, tokens[1:], strict=False))



_FUNCTION = STOPWORDS


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()``, cheaper.

    The same search (the longest common run, earliest in ``a`` then in ``b``; then the
    same on each side of it), so the same ties are broken the same way, without what
    junk needs: with no junk and no "popular" words, difflib's extension of a found run
    never extends it (a longer run would have been found). Blocks are sorted and end
    with the ``(len(a), len(b), 0)`` sentinel, but adjacent ones are not merged: the
    spans between blocks, and the sizes' sum, are what difflib's opcodes give. Half the
    CPU of difflib's matcher objects, which were a fifth of relating a pair.
    """
    b2j: dict[str, list[int]] = {}
    for j, x in enumerate(b):
        b2j.setdefault(x, []).append(j)
    nothing: list[int] = []
    blocks = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        besti, bestj, bestsize = alo, blo, 0
        # j2len[j]: length of the run of matches ending with a[i - 1] and b[j].
        j2len: dict[int, int] = {}
        for i in range(alo, ahi):
            get = j2len.get
            new: dict[int, int] = {}
            for j in b2j.get(a[i], nothing):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = new[j] = get(j - 1, 0) + 1
                if k > bestsize:
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            j2len = new
        if bestsize:
            blocks.append((besti, bestj, bestsize))
            if alo < besti and blo < bestj:
                queue.append((alo, besti, blo, bestj))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                queue.append((besti + bestsize, ahi, bestj + bestsize, bhi))
    blocks.sort()
    blocks.append((len(a), len(b), 0))
    return blocks


@lru_cache(maxsize=1024)
def _blocks(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[tuple[int, int, int], ...]:
    """``matching_blocks`` of two token tuples, kept for the pair's next reader: the
    features and the direction traces compare the same aligned sentences (keyed by the
    words themselves, so two texts never share an entry they do not both hold)."""
    return tuple(matching_blocks(a, b))


@dataclass(slots=True, frozen=True)
class _Words:
    """The words of a run of sentences, as ``rewrite_stats`` compares them."""

    tokens: tuple[str, ...]
    vocabulary: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    function: tuple[str, ...]  # its function words, in order


def _make_words(prepared: Prepared, rng: tuple[int, int]) -> _Words:
    lo, hi = rng
    tokens = (prepared.tokens(lo) if hi == lo + 1
              else tuple(t for i in range(lo, hi) for t in prepared.tokens(i)))
    return _Words(tokens=tokens, vocabulary=frozenset(tokens),
                  bigrams=_bigrams(tokens),
                  function=tuple(t for t in tokens if t in _FUNCTION))


def range_words(prepared: Prepared, rng: tuple[int, int]) -> _Words:
    """The words of a run of sentences (kept: a text's sentences align in several pairs,
    and identical sentences are most of those)."""
    return prepared.cached(f"words {rng[0]} {rng[1]}", lambda p: _make_words(p, rng))


#: Words in a row both sides share from which an edit, not a rewrite, kept them: a
#: round-trip translation or a spinner rarely leaves six words in a row untouched.
LONG_RUN = 6


def rewrite_stats(source: Prepared, copy: Prepared, pairs: list[AlignedPair]
                  ) -> tuple[float, float, float, float, float, float, float, float]:
    """Word-level comparison of aligned pairs (kept, order, from-source, swaps, ...)."""
    kept_words = kept_bigrams = in_order = from_source = copy_words = 0
    swapped = deleted = src_words = func_src = func_kept = long_runs = 0
    for p in pairs:
        ws = range_words(source, p.a)
        if p.op == "same":
            n = len(ws.tokens)
            kept_words += len(ws.vocabulary)
            kept_bigrams += len(ws.bigrams)
            in_order += n
            from_source += n
            copy_words += n
            src_words += n
            func_src += len(ws.function)
            func_kept += len(ws.function)
            long_runs += n if n >= LONG_RUN else 0
            continue
        wc = range_words(copy, p.b)
        ta, tb = ws.tokens, wc.tokens
        kept_words += len(ws.vocabulary & wc.vocabulary)
        kept_bigrams += len(ws.bigrams & wc.bigrams)
        i = j = 0
        for ai, bj, size in _blocks(ta, tb):
            # The spans between matching blocks are difflib's opcodes: "replace" when
            # both sides have words there, "delete" when only the source does.
            da, db = ai - i, bj - j
            if da and db:
                # Same-size replacements are in-place swaps (synonyms); the rest rebuilt.
                swapped += min(da, db) if abs(da - db) <= 1 else 0
                deleted += max(0, da - db)
            elif da:
                deleted += da
            in_order += size
            long_runs += size if size >= LONG_RUN else 0
            i, j = ai + size, bj + size
        from_source += len([t for t in tb if t in ws.vocabulary])
        copy_words += len(tb)
        src_words += len(ta)
        fa, fb = ws.function, wc.function
        func_src += len(fa)
        if fa and fb:
            func_kept += sum(m[2] for m in _blocks(fa, fb))
    return (kept_bigrams / kept_words if kept_words else 0.0,
            in_order / copy_words if copy_words else 0.0,
            from_source / copy_words if copy_words else 0.0,
            swapped / copy_words if copy_words else 0.0,
            deleted / src_words if src_words else 0.0,
            func_kept / func_src if func_src else 0.0,
            float(copy_words),
            long_runs / copy_words if copy_words else 0.0)


def _range_anchors(prepared: Prepared, rng: tuple[int, int]) -> frozenset[str]:
    """Names and figures of a run of sentences (kept: a text is aligned with several)."""
    return prepared.cached(f"anchors {rng[0]} {rng[1]}", lambda p: frozenset(anchor_tokens(
        " ".join(s.text for s in p.sentences[rng[0]:rng[1]]))))


def anchors_kept(source: Prepared, copy: Prepared, pairs: list[AlignedPair]) -> float:
    """Share of the names and figures of aligned source sentences found in the copy's."""
    kept = total = 0
    for p in pairs:
        if p.op == "same":
            continue
        tokens = _range_anchors(source, p.a)
        if tokens:
            total += len(tokens)
            kept += len(tokens & _range_anchors(copy, p.b))
    return kept / total if total else 1.0


def swapped_words(a: Prepared, b: Prepared, pairs: list[AlignedPair]
                  ) -> tuple[list[tuple[str, str]], float]:
    """The content words swapped one for one in aligned sentences (a's, b's), and the
    share of the words of those sentences that were instead added, dropped or moved (a
    spinner swaps words in place and rebuilds nothing; a translation rebuilds)."""
    swaps: list[tuple[str, str]] = []
    rebuilt = total = 0
    for p in pairs:
        if p.op == "same":
            continue
        ta, tb = range_words(a, p.a).tokens, range_words(b, p.b).tokens
        total += len(ta) + len(tb)
        i = j = 0
        for ai, bj, size in _blocks(ta, tb):
            if ai - i == bj - j:
                swaps.extend(zip(ta[i:ai], tb[j:bj], strict=True))
            else:
                rebuilt += (ai - i) + (bj - j)
            i, j = ai + size, bj + size
    content = [(x, y) for x, y in swaps if x not in _FUNCTION and y not in _FUNCTION]
    return content, (rebuilt / total if total else 0.0)


def longest_run(a: Prepared, b: Prepared, pairs: list[AlignedPair], *,
                prose: bool = False) -> int:
    """The most words in a row any aligned pair shares (a copied snippet keeps a run).

    ``prose``: only runs holding ``PROSE_WORDS`` or more words that are neither function
    words nor written with a capital in ``a``'s sentences: a person's name and title
    ("Anthony Fauci, director of the National Institute of Allergy and Infectious
    Diseases") is how every report designates them, not a passage copied.
    """
    best = 0
    for p in pairs:
        ta, tb = range_words(a, p.a).tokens, range_words(b, p.b).tokens
        blocks = [(0, 0, len(ta))] if p.op == "same" else _blocks(ta, tb)
        named = _capitalised(a, p.a) if prose else frozenset()
        for i, _, size in blocks:
            if size > best and (not prose or sum(
                    t not in _FUNCTION and t not in named for t in ta[i:i + size]
            ) >= PROSE_WORDS):
                best = size
    return best


#: Words of prose a run of ``longest_run(prose=True)`` holds at least.
PROSE_WORDS = 3


def _capitalised(prepared: Prepared, rng: tuple[int, int]) -> frozenset[str]:
    """The words written with a capital in a run of sentences (lower-cased)."""
    lo, hi = rng
    text = prepared.text[prepared.sentences[lo].start:prepared.sentences[hi - 1].end]
    return frozenset(words(" ".join(CAPITALISED.findall(text))))
