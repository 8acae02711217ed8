"""Reading a model2vec static model from its folder: the embedding table and tokenizer
(``read_pieces``, without model2vec's loader), model2vec's own loader for what that does
not read, and the tables derived from them that ``unspun.cache`` keeps."""

from __future__ import annotations

import logging
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model2vec import StaticModel
    from tokenizers import Tokenizer

# What a BERT tokenizer keeps as it is (whole_words).
_ASCII_PUNCTUATION = r"[!-/:-@\[-`{-~]"
_WHOLE_WORD = re.compile(rf"[a-z0-9]+|{_ASCII_PUNCTUATION}")
_PRINTABLE = re.compile(r"[!-~]+")
_PUNCTUATION = re.compile(_ASCII_PUNCTUATION)


def whole_words(tokenizer: Tokenizer) -> dict[str, int]:
    """The piece id of each vocabulary entry that a BERT tokenizer gives as it is: an
    ASCII word of lower-case letters and digits, or one ASCII punctuation character.
    Empty for any other tokenizer.

    BERT's normaliser and pre-tokeniser leave such a token whole, and WordPiece's
    longest match from its start is then the whole token. Added tokens are matched
    before WordPiece: each must be printable ASCII holding punctuation and another
    character, which no such token holds, lower-cased or not.
    """
    from tokenizers import models, normalizers, pre_tokenizers

    if not (isinstance(tokenizer.model, models.WordPiece)
            and isinstance(tokenizer.normalizer, normalizers.BertNormalizer)
            and isinstance(tokenizer.pre_tokenizer, pre_tokenizers.BertPreTokenizer)):
        return {}
    added = [t.content for t in tokenizer.get_added_tokens_decoder().values()]
    if not all(len(t) > 1 and _PRINTABLE.fullmatch(t) and _PUNCTUATION.search(t)
               for t in added):
        return {}
    return {w: i for w, i in tokenizer.get_vocab(with_added_tokens=False).items()
            if _WHOLE_WORD.fullmatch(w)}


def table_copies(model: Pieces | StaticModel, folder: Path, short: bool
                  ) -> tuple[np.ndarray, np.ndarray | None]:
    """The embedding as float32, and as int16 when ``short``: for a table read straight
    from its folder, memory-mapped from ``unspun.cache`` (made once per machine rather than
    in every worker, and shared by all of them: 68 MB for the packaged model)."""

    def build() -> dict[str, np.ndarray]:
        table = np.asarray(model.embedding, dtype=np.float32)
        return {"table": table, "short": table.astype(np.int16)} if short else {"table": table}

    if isinstance(model, Pieces):
        from ..cache import cached_arrays

        file = folder.resolve() / "model.safetensors"
        st = file.stat()
        where = zlib.crc32(str(file).encode())  # another folder is another table
        arrays = cached_arrays("static-model", f"{where:08x}-{st.st_size}-{st.st_mtime_ns}",
                               build)
    else:  # reduced or quantised by model2vec: not what the file holds
        arrays = build()
    return arrays["table"], arrays.get("short")


@dataclass(frozen=True, slots=True)
class Pieces:
    """The parts of a model2vec ``StaticModel`` that pooled encoding reads, by the same
    names, for a model without token mapping or weights."""

    embedding: np.ndarray
    tokenizer: Tokenizer
    unk_token_id: int | None
    token_mapping: None = None
    weights: None = None

    @property
    def dim(self) -> int:
        return int(self.embedding.shape[1])


def read_pieces(folder: Path) -> Pieces | None:
    """The table and tokenizer of a plain model2vec folder, as ``StaticModel.from_pretrained``
    would set them up with ``normalize=False, max_length=None``; ``None`` for a folder it
    would read otherwise (weights, a token mapping, a vocabulary the table does not match)
    or that fails to read, which ``from_pretrained`` then loads or reports."""
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        with safe_open(str(folder / "model.safetensors"), framework="numpy") as tensors:
            if set(tensors.keys()) != {"embeddings"}:
                return None
            embedding = tensors.get_tensor("embeddings")
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # A Unigram model names its unknown piece in its JSON only: model2vec reads it there.
        if not hasattr(tokenizer.model, "unk_token") or embedding.ndim != 2 \
                or embedding.shape[0] != tokenizer.get_vocab_size(with_added_tokens=True):
            return None
        unk = tokenizer.model.unk_token
        # As StaticModel.__init__: padding off (pad token kept), no truncation.
        padding = tokenizer.padding
        if padding is not None:
            tokenizer.enable_padding(pad_id=padding["pad_id"], pad_token=padding["pad_token"],
                                     pad_type_id=padding["pad_type_id"], length=0)
        tokenizer.no_truncation()
        return Pieces(embedding, tokenizer,
                       None if unk is None else tokenizer.token_to_id(unk))
    except Exception:  # noqa: BLE001 - any failure leaves the folder to model2vec
        return None


def static_model(folder: Path, dimensionality: int | None, max_tokens: int | None
                  ) -> StaticModel:
    """model2vec's own loading, for what ``read_pieces`` does not read."""
    from model2vec import StaticModel

    # A local, existing folder: model2vec reads it directly and never calls the hub.
    # The truncation is fixed on the model, not passed per call: encode() would otherwise
    # switch the shared tokenizer's truncation back and forth, which races between threads.
    # (model2vec logs a warning whenever these differ from the folder's config: silence it.)
    log = logging.getLogger("model2vec")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        return StaticModel.from_pretrained(
            folder.resolve(),
            dimensionality=dimensionality,
            normalize=False,
            max_length=max_tokens,
            force_download=False,
        )
    finally:
        log.setLevel(level)
