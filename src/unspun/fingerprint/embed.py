"""Sentence embeddings from the static model that ships inside the package.

The model (``unspun/models/minilm-static``) is a model2vec ``StaticModel`` distilled from
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; see PROVENANCE.md in that folder).  A sentence
vector is the mean of its tokens' static vectors, so encoding is a table look-up: no torch, no GPU,
tens of thousands of sentences per second on one core.

Loading never touches the network: the model is read from a local folder that must exist (a
missing folder is an error, never a hub download), and ``HF_HUB_OFFLINE=1`` is set before
model2vec / huggingface_hub are imported, unless the caller has set it explicitly. A plain
model2vec folder (the packaged one) is read with safetensors and tokenizers alone; model2vec
loads the others (weights, token mappings, fewer dimensions, truncation).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from ..errors import ConfigError
from ..text import LETTER, OTHER, TEXT_BREAK, UNDERSCORE, char_classes, codes_joined
from .minhash import span_hashes
from .numbering import HashNumbers
from .static_model import Pieces, read_pieces, static_model, table_copies, whole_words

if TYPE_CHECKING:
    from model2vec import StaticModel

#: The packaged model folder (inside the installed package, next to this subpackage).
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "minilm-static"

#: Files a model2vec folder needs.
_REQUIRED = ("model.safetensors", "tokenizer.json", "config.json")

# BERT's pre-tokeniser splits at whitespace and at every punctuation character, so a
# word run or a lone symbol is never split differently inside a sentence: its word
# pieces can be looked up once per process, by the token's hash. Tokens are found with
# array operations over code points (_pre_tokens), as _PRE_TOKEN.findall would find
# them. Its normaliser drops format characters (soft hyphens: "politi\xadcian").
_PRE_TOKEN = re.compile(r"\w+|[^\w\s]")
_FORMAT = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_FORMAT_CHARS = re.compile(f"[{_FORMAT}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_CACHED_WORDS = 500_000
# Sentences whose vectors are summed together: their output (1.5 MB) stays in cache.
_SENTENCES_PER_SUM = 1000


def _normalise(text: str) -> str:
    lowered = text.lower()
    # Six substring searches take a twentieth of the time of the pattern's scan, and
    # format characters are rare.
    if lowered.isascii() or not any(c in lowered for c in _FORMAT):
        return lowered
    return _FORMAT_CHARS.sub("", lowered)


def _pre_tokens(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each token of ``_PRE_TOKEN.findall`` starts and ends in ``codes``: every
    run of ``\\w`` characters, and every character neither ``\\w`` nor ``\\s``."""
    classes = np.take(char_classes(), codes)  # faster than indexing by an array
    alone = classes == OTHER
    word = (classes == LETTER) | (classes == UNDERSCORE)
    edges = np.diff(word.view(np.int8), prepend=0, append=0)
    start = np.flatnonzero(alone | (edges[:-1] == 1))
    end = np.flatnonzero(alone | (edges[1:] == -1)) + 1
    return start, end


def _joined_tokens(sentences: Sequence[str]
                   ) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The sentences normalised, each followed by TEXT_BREAK, and joined; where each of
    their pre-tokens starts and ends in that text, its hash, and whether it is a break."""
    texts, starts, ends, hashes, breaks = [], [], [], [], []
    offset = 0
    for text, codes in codes_joined(sentences, _normalise):
        start, end = _pre_tokens(codes)
        texts.append(text)
        starts.append(start + offset)
        ends.append(end + offset)
        hashes.append(span_hashes(codes, start, end))
        breaks.append(codes[start] == ord(TEXT_BREAK))
        offset += len(text)
    return ("".join(texts), np.concatenate(starts), np.concatenate(ends),
            np.concatenate(hashes), np.concatenate(breaks))


@runtime_checkable
class Encoder(Protocol):
    """Turns sentences into unit-length float32 vectors; row i is sentence i."""

    @property
    def dim(self) -> int:
        """Length of each vector."""
        ...

    def encode(self, sentences: list[str]) -> np.ndarray:
        """A float32 array of shape ``(len(sentences), dim)`` with L2-normalised rows.

        A sentence with nothing to embed (empty, whitespace, no known token) gets an all-zero row,
        whose cosine with anything is 0.  ``[]`` gives shape ``(0, dim)``.
        """
        ...


def _force_offline() -> None:
    # huggingface_hub reads this when it is first imported; model2vec imports it.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class StaticEncoder:
    """A model2vec static model read from a local folder (default: the packaged one).

    ``dimensionality`` keeps only the first N dimensions; the packaged model is PCA-ordered, so
    e.g. 256 costs almost nothing in quality (see PROVENANCE.md).  ``max_tokens`` truncates each
    input to that many tokens; ``None`` (default) embeds the whole input, which suits a static
    model (it has no sequence limit).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        dimensionality: int | None = None,
        max_tokens: int | None = None,
        batch_size: int = 1024,
    ) -> None:
        folder = Path(path) if path is not None else MODEL_DIR
        missing = [name for name in _REQUIRED if not (folder / name).is_file()]
        if missing:
            hint = (
                "the packaged model is missing: reinstall unspun"
                if path is None
                else "give the path of a model2vec folder"
            )
            raise ConfigError(f"no static model at {folder} (missing {', '.join(missing)}): {hint}")
        _force_offline()
        # The pooled path (encode's usual one) needs only the table, the tokenizer and its
        # unknown piece: read from the folder directly, they cost a tenth of model2vec's
        # StaticModel, whose import and loading bring in joblib, tqdm and the hub's model cards.
        pieces = read_pieces(folder) if dimensionality is None and max_tokens is None \
            else None
        self._model: Pieces | StaticModel = \
            static_model(folder, dimensionality, max_tokens) if pieces is None else pieces
        self.path = folder
        self._batch_size = batch_size
        self._dim = int(self._model.dim)
        self._max_tokens = max_tokens
        self._table: np.ndarray | None = None  # the embedding as float32, on first use

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if isinstance(sentences, str):
            raise TypeError("encode() takes a list of sentences, not one string")
        sentences = list(sentences)
        if not sentences:
            return np.zeros((0, self._dim), dtype=np.float32)
        if self._max_tokens is None and self._model.token_mapping is None \
                and self._model.weights is None:
            return self._encode_pooled(sentences)
        raw = self._model.encode(
            sentences,
            normalize=False,
            batch_size=self._batch_size,
            use_multiprocessing=False,
            show_progress_bar=False,
        )
        vectors = np.ascontiguousarray(raw, dtype=np.float32).reshape(len(sentences), self._dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        np.divide(vectors, norms, out=vectors, where=norms > 0)
        return vectors

    def _encode_pooled(self, sentences: list[str]) -> np.ndarray:
        """model2vec's mean pooling as one sparse product, word pieces cached per word.

        The same vectors as ``StaticModel.encode`` (the mean of the token vectors, which
        normalising turns into their sum), three times faster: tokenising every sentence
        again was most of its cost.
        """
        from scipy import sparse

        if self._table is None:
            self._first_use()
        # TEXT_BREAK, which joins the sentences, is a token of its own given no word pieces
        # (BERT's normaliser drops it): it marks where each sentence's pieces end, and read
        # as a space inside a sentence it leaves the vector as it was.
        text, start, end, hashes, breaks = _joined_tokens(sentences)
        # One look-up for every token: a restart of the numbering voids earlier numbers.
        word = self._numbering.look_up(hashes, partial(self._add_words, text, start, end))
        n_pieces = self._piece_len[word]
        # Token positions of each word's pieces in the flat piece table.
        starts = np.repeat(self._piece_start[word] - np.cumsum(n_pieces) + n_pieces, n_pieces)
        flat = self._piece_ids[starts + np.arange(starts.size)]
        last = np.cumsum(n_pieces)[breaks]  # each sentence's last piece
        indptr = np.concatenate(([0], last))
        table = self._table
        most = self._table_max * np.diff(indptr).max()  # bounds every sum
        if self._short_table is not None and most < 2**15:
            # The sums are of small integers, exact in any type that holds them: int16
            # halves the table rows read.
            vectors = _column_sums(flat, indptr, self._short_table)
        elif self._integer_table and most < 2**24:
            vectors = _column_sums(flat, indptr, table)
        else:
            pieces = sparse.csr_matrix((np.ones(flat.size, dtype=np.float32), flat, indptr),
                                       shape=(len(sentences), table.shape[0]))
            vectors = np.ascontiguousarray(pieces @ table, dtype=np.float32)
        norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))[:, None]
        np.divide(vectors, norms, out=vectors, where=norms > 0)
        return vectors

    def _first_use(self) -> None:
        """The embedding's float32 and int16 copies and the word-piece cache, made on
        first use."""
        embedding = self._model.embedding
        # A quantised model (int8): float32 sums of its rows are exact below 2**24.
        if embedding.dtype.kind in "biu":
            # Whole numbers stay whole in float32: no need to round 11 million of them to
            # find out, nor to scan the float32 table (four times the bytes) for its peak.
            self._integer_table = True
            peak = max(-int(embedding.min(initial=0)), int(embedding.max(initial=0)))
            self._table_max = float(np.float32(peak))
        else:
            table = np.asarray(embedding, dtype=np.float32)
            self._integer_table = bool(np.array_equal(table, np.rint(table)))
            self._table_max = float(np.abs(table).max(initial=0.0))
        # Its rows as int16 when they fit: sums that fit too need half the reads.
        short = self._integer_table and self._table_max < 2**15
        self._table, self._short_table = table_copies(self._model, self.path, short)
        # Tokens known by their hash: the pieces of number i are
        # _piece_ids[_piece_start[i] : _piece_start[i] + _piece_len[i]].
        self._numbering = HashNumbers(_MAX_CACHED_WORDS)
        self._piece_ids = self._piece_start = self._piece_len = np.zeros(0, np.int64)
        self._whole_words = whole_words(self._model.tokenizer)

    def _add_words(self, joined: str, start: np.ndarray, end: np.ndarray,
                   _: np.ndarray, at: np.ndarray, restart: bool) -> None:
        """Word-piece ids of new tokens (``joined[start[i]:end[i]]`` for i in ``at``),
        appended to the flat piece table, or starting it again."""
        if restart:
            self._piece_ids = self._piece_start = self._piece_len = np.zeros(0, np.int64)
        fresh = [joined[a:b] for a, b in zip(start[at].tolist(), end[at].tolist(), strict=True)]
        unk = self._model.unk_token_id
        # Whole words of the vocabulary are a piece each; the tokenizer, which took 7 us
        # a word, splits the others (three fifths of a news corpus's words).
        whole = list(map(self._whole_words.get, fresh))
        # The tokenizer takes no lone surrogate (a JSON escape can make one): as U+FFFD
        # it is an unknown piece, dropped like any other.
        encoded = iter(self._model.tokenizer.encode_batch_fast(
            [w if w.isascii() else _SURROGATE.sub("\ufffd", w)
             for w, one in zip(fresh, whole, strict=True) if one is None and w != TEXT_BREAK],
            add_special_tokens=False))
        ids = [[] if w == TEXT_BREAK else [one] if one is not None
               else [i for i in next(encoded).ids if i != unk]
               for w, one in zip(fresh, whole, strict=True)]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        offset = self._piece_ids.size
        self._piece_start = np.concatenate(
            (self._piece_start, offset + np.cumsum(lengths) - lengths))
        self._piece_len = np.concatenate((self._piece_len, lengths))
        self._piece_ids = np.concatenate(
            (self._piece_ids, np.fromiter(chain.from_iterable(ids), dtype=np.int64)))

    def __repr__(self) -> str:
        return f"StaticEncoder(path={str(self.path)!r}, dim={self._dim})"


def _column_sums(pieces: np.ndarray, indptr: np.ndarray, table: np.ndarray) -> np.ndarray:
    """The sums of the ``table`` rows of each sentence's ``pieces`` (a CSR layout) as
    float32, added piece by piece: exact only for sums of integers.

    Column order reads each table row once per chunk of sentences instead of once per
    occurrence; the table does not fit in cache.
    """
    from scipy import sparse

    n = indptr.size - 1
    # The ones take the table's type: a mixed product would convert the whole table.
    matrix = sparse.csr_matrix((np.ones(pieces.size, dtype=table.dtype), pieces, indptr),
                               shape=(n, table.shape[0]))
    vectors = np.empty((n, table.shape[1]), dtype=np.float32)
    for lo in range(0, n, _SENTENCES_PER_SUM):
        hi = lo + _SENTENCES_PER_SUM
        vectors[lo:hi] = matrix[lo:hi].tocsc() @ table
    return vectors



_default: StaticEncoder | None = None
_default_lock = threading.Lock()


def default_encoder() -> StaticEncoder:
    """The packaged static encoder, loaded once per process and shared."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = StaticEncoder()
    return _default
