"""The packaged static sentence encoder: offline loading, shape, normalisation, meaning."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from helpers import imported_by
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.errors import ConfigError
from unspun.fingerprint import embed
from unspun.fingerprint import static_model as model_files
from unspun.fingerprint.embed import MODEL_DIR, Encoder, StaticEncoder, default_encoder


@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> StaticEncoder:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return default_encoder()


def test_packaged_model_is_small_and_complete() -> None:
    files = {p.name: p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file()}
    for name in ("model.safetensors", "tokenizer.json", "config.json", "PROVENANCE.md", "LICENSE"):
        assert name in files, name
    assert sum(files.values()) < 20 * 1024 * 1024


def test_default_encoder_shape_dtype_and_norm(encoder: StaticEncoder) -> None:
    assert isinstance(encoder, Encoder)
    assert encoder.dim == 384
    vectors = encoder.encode(["The cat sat on the mat.", "Markets fell on Tuesday.", "Hello"])
    assert vectors.shape == (3, encoder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_default_encoder_is_loaded_once(encoder: StaticEncoder) -> None:
    assert default_encoder() is encoder


def test_empty_inputs(encoder: StaticEncoder) -> None:
    empty = encoder.encode([])
    assert empty.shape == (0, encoder.dim) and empty.dtype == np.float32
    vectors = encoder.encode(["", "   ", "a real sentence"])
    assert vectors.shape == (3, encoder.dim)
    assert not vectors[:2].any()  # nothing to embed: a zero row, cosine 0 with everything
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0, rel=1e-5)


def test_one_string_is_rejected(encoder: StaticEncoder) -> None:
    with pytest.raises(TypeError):
        encoder.encode("one sentence")  # type: ignore[arg-type]


def test_paraphrases_score_higher_than_unrelated(encoder: StaticEncoder) -> None:
    pairs = [
        (
            "The prime minister resigned on Monday after losing a vote of confidence.",
            "After losing a confidence vote, the premier stepped down on Monday.",
            "Heavy rain is expected across the north of the country this weekend.",
        ),
        (
            "Police arrested two men in connection with the bank robbery.",
            "Two men were detained by officers over the robbery of the bank.",
            "The company reported record profits for the third quarter.",
        ),
        (
            "The football club signed a new striker for a record fee.",
            "A new forward joined the soccer team for a club-record transfer fee.",
            "Scientists discovered a new species of frog in the rainforest.",
        ),
    ]
    flat = [s for triple in pairs for s in triple]
    v = encoder.encode(flat).reshape(len(pairs), 3, encoder.dim)
    paraphrase = np.einsum("ij,ij->i", v[:, 0], v[:, 1])
    unrelated = np.einsum("ij,ij->i", v[:, 0], v[:, 2])
    assert (paraphrase > unrelated + 0.2).all(), (paraphrase, unrelated)


def test_deterministic_and_batch_independent(encoder: StaticEncoder) -> None:
    sentences = [f"Sentence number {i} about the {w} story." for i, w in enumerate(["big", "small"] * 50)]
    first = encoder.encode(sentences)
    np.testing.assert_array_equal(first, encoder.encode(sentences))
    # the same sentence gets the same vector alone, in another batch, in another order
    np.testing.assert_allclose(encoder.encode([sentences[7]])[0], first[7], rtol=0, atol=1e-6)
    np.testing.assert_allclose(encoder.encode(sentences[::-1])[::-1], first, rtol=0, atol=1e-6)
    small = StaticEncoder(batch_size=7)
    np.testing.assert_allclose(small.encode(sentences), first, rtol=0, atol=1e-6)


def test_break_character_and_unicode_keep_each_sentence_vector(encoder: StaticEncoder) -> None:
    # Sentences are tokenised together, joined by a control character: one inside a
    # sentence, context-dependent lower-casing and soft hyphens must not leak across.
    sentences = ["a\x00b c", "\u039f\u0394\u039f\u03a3.", "\u0130stanbul politi\u00adcian",
                 "", "Don\u2019t stop"]
    together = encoder.encode(sentences)
    for i, s in enumerate(sentences):
        np.testing.assert_array_equal(encoder.encode([s])[0], together[i])
    np.testing.assert_array_equal(together[0], encoder.encode(["a b c"])[0])
    assert not together[3].any()


def test_truncated_dimensionality() -> None:
    enc = StaticEncoder(dimensionality=128)
    assert enc.dim == 128
    v = enc.encode(["a short sentence"])
    assert v.shape == (1, 128)
    assert np.linalg.norm(v[0]) == pytest.approx(1.0, rel=1e-5)


def test_missing_folder_is_an_error_not_a_download(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    def no_network(*args, **kwargs):
        raise AssertionError("tried to download from the hub")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_network)
    with pytest.raises(ConfigError):
        StaticEncoder(tmp_path / "nothing-here")
    with pytest.raises(ConfigError):
        StaticEncoder("sentence-transformers/all-MiniLM-L6-v2")  # a hub id is not a local folder
    # the packaged model loads with the hub download function disabled
    assert StaticEncoder().encode(["still works"]).shape == (1, 384)


def test_loads_in_a_fresh_process_with_an_empty_home(tmp_path) -> None:
    """A fresh HOME and HF cache, offline: the model loads and nothing is cached or fetched."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE", "TRANSFORMERS"))
    }
    env.update(HOME=str(home), HF_HOME=str(home / "hf"), XDG_CACHE_HOME=str(home / "cache"))
    code = (
        "import json, os\n"
        "from unspun.fingerprint.embed import default_encoder\n"
        "v = default_encoder().encode(['some sentence', 'another one'])\n"
        "print(json.dumps([list(v.shape), str(v.dtype), os.environ.get('HF_HUB_OFFLINE')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    shape, dtype, offline = json.loads(out.stdout.strip().splitlines()[-1])
    assert shape == [2, 384] and dtype == "float32" and offline == "1"
    assert not (home / "hf").exists() and not (home / "cache" / "huggingface").exists()


def test_module_does_not_import_model2vec_eagerly() -> None:
    # importing unspun.fingerprint must stay cheap: model2vec is imported by StaticEncoder()
    assert imported_by("import unspun.fingerprint", {"model2vec"}) == []
    assert embed.MODEL_DIR.is_dir()


def test_a_lone_surrogate_is_an_unknown_piece_not_an_error() -> None:
    encoder = default_encoder()
    got, expected = encoder.encode(["the bill \ud800 passed", "the bill \ufffd passed"])
    assert np.array_equal(got, expected)


_MIXED = ["The minister said, \"We won't stop.\"", "U.S. shares rose 3.5% on Monday;",
          "İstanbul politi\u00adcian ΟΔΟΣ", "", "a\x00b c", "naïve café 3½ — done!"]


def test_a_full_word_cache_is_emptied_and_refilled(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = StaticEncoder()
    expected = encoder.encode(_MIXED)
    monkeypatch.setattr(embed, "_MAX_CACHED_WORDS", 12)
    small = StaticEncoder()
    for _ in range(2):  # the second batch finds the cache full of the first one's words
        np.testing.assert_array_equal(small.encode(_MIXED[:3]), expected[:3])
        np.testing.assert_array_equal(small.encode(_MIXED), expected)


def test_whole_words_are_the_pieces_the_tokenizer_gives() -> None:
    tokenizer = default_encoder()._model.tokenizer
    whole = model_files.whole_words(tokenizer)
    assert len(whole) > 20_000 and whole["the"] == tokenizer.token_to_id("the")
    words = list(whole)
    encoded = tokenizer.encode_batch_fast(words, add_special_tokens=False)
    assert [e.ids for e in encoded] == [[whole[w]] for w in words]


def test_vectors_without_whole_words_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [*_MIXED, "Zelenskyy's spokesman, 2024: re-elected [sic] #1 @home ~ok"]
    expected = StaticEncoder().encode(sentences)
    monkeypatch.setattr(embed, "whole_words", lambda tokenizer: {})
    np.testing.assert_array_equal(StaticEncoder().encode(sentences), expected)


def test_whole_words_only_of_a_bert_tokenizer_without_word_like_added_tokens() -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(default_encoder()._model.tokenizer.to_str())
    tokenizer.add_tokens(["ab"])  # would be matched inside "cabin"
    assert model_files.whole_words(tokenizer) == {}
    tokenizer = Tokenizer.from_str(default_encoder()._model.tokenizer.to_str())
    tokenizer.normalizer = None
    assert model_files.whole_words(tokenizer) == {}


def test_the_light_loader_reads_what_model2vec_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    light = StaticEncoder()
    monkeypatch.setattr(embed, "read_pieces", lambda folder: None)  # model2vec's loading
    full = StaticEncoder()
    assert isinstance(light._model, model_files.Pieces)
    assert not isinstance(full._model, model_files.Pieces)
    assert light._model.unk_token_id == full._model.unk_token_id
    assert light._model.tokenizer.padding == full._model.tokenizer.padding
    assert light._model.tokenizer.truncation == full._model.tokenizer.truncation is None
    np.testing.assert_array_equal(light._model.embedding, full._model.embedding)
    sentences = [*_MIXED, "中国" * 400]  # more pieces than the file's truncation keeps
    np.testing.assert_array_equal(light.encode(sentences), full.encode(sentences))


def test_the_packaged_model_loads_without_model2vec() -> None:
    # model2vec's import and loading cost each pool worker ~0.3 s of CPU
    code = ("from unspun.fingerprint.embed import default_encoder\n"
            "default_encoder().encode(['a sentence'])")
    assert imported_by(code, {"model2vec", "huggingface_hub"}) == []


def test_table_copies_are_made_once_and_mapped(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSPUN_CACHE", str(tmp_path))
    first = StaticEncoder()
    expected = first.encode(_MIXED)  # makes the copies and saves them
    again = StaticEncoder()
    np.testing.assert_array_equal(again.encode(_MIXED), expected)
    assert isinstance(again._table, np.memmap) and isinstance(again._short_table, np.memmap)
    table = np.asarray(again._model.embedding, dtype=np.float32)
    np.testing.assert_array_equal(again._table, table)
    np.testing.assert_array_equal(again._short_table, table.astype(np.int16))


def test_int16_sums_are_the_float32_sums(encoder: StaticEncoder,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [*_MIXED, " ".join(["zebra"] * 300)]  # too many pieces for int16
    fast = encoder.encode(sentences)
    monkeypatch.setattr(encoder, "_short_table", None)
    np.testing.assert_array_equal(encoder.encode(sentences), fast)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=())))
def test_pre_tokens_are_the_pattern_s_tokens(text: str) -> None:
    _assert_pre_tokens(text)


def test_pre_tokens_at_the_edges_of_the_classes() -> None:
    # \s and str.isspace agree on these, \w takes "_", digits of any script and
    # modifier letters; a lone surrogate or a control character is a token alone.
    _assert_pre_tokens("a\x1c\x1fb\u00a0\u2028c_d 3\u00bd \u1d43\u0663 \ud800\x00x\u200b!?\u2026"
                       "\U0001f600emoji \u05d0\u05b7 e\u0301")


def _assert_pre_tokens(text: str) -> None:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    start, end = embed._pre_tokens(codes)
    assert [text[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)] \
        == embed._PRE_TOKEN.findall(text)
