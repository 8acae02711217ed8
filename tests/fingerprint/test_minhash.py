import hashlib

import numpy as np
import pytest

from unspun.fingerprint import minhash

_FOX = "the quick brown fox jumps over the lazy dog again and again"


def _packed(*texts: str) -> minhash.Packed:
    return minhash.Packed.of([minhash.token_hashes(t.lower().split()) for t in texts])


def _sig(text: str, k: int = 5) -> np.ndarray:
    return minhash.signatures(minhash.shingle_hashes(_packed(text), k))[0]


def _exact(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def test_hashes_and_signatures_are_pinned():
    # Pinned: the on-disk format depends on these values never changing.
    assert minhash.token_hashes(["trump", "putin"]).tolist() == [
        int.from_bytes(hashlib.blake2b(b"trump", digest_size=8).digest(), "little"),
        int.from_bytes(hashlib.blake2b(b"putin", digest_size=8).digest(), "little"),
    ]
    first = _sig(_FOX)
    assert first.dtype == np.uint32 and first.shape == (minhash.NUM_PERM,)
    assert first[:4].tolist() == [745179749, 2786514495, 2995514031, 3919356115]
    anchors = minhash.permutation_signatures(_packed(_FOX))[0]
    assert anchors[:4].tolist() == [1900451067, 56795539, 317917528, 531737065]


def test_word_hashes_are_pinned_and_the_same_wherever_the_word_is():
    # Pinned: the on-disk format (3) depends on these values never changing.
    got = minhash.word_hashes(["Trump met Putin.", "", "putin, TRUMP"]).split()
    assert [h.tolist() for h in got] == [
        [16957427330065578371, 12426589914645613802, 13028107896257269372], [],
        [13028107896257269372, 16957427330065578371]]
    assert minhash.word_hashes([]).n_docs == 0


def test_word_hashes_of_many_passes_equal_one_text_at_a_time(monkeypatch):
    rng = np.random.default_rng(3)
    vocab = ["a", "b", "don't", "naïve", "x" * 40, "rock'n'roll", "3½", "ΟΔΟΣ"]
    texts = [" ".join(rng.choice(vocab, size=rng.integers(0, 60))) for _ in range(40)]
    alone = [minhash.word_hashes([t]).values for t in texts]
    # Passes of ~100 characters, and texts longer than a pass on their own.
    monkeypatch.setattr(minhash, "_PASS_CHARS", 100)
    minhash._pass_powers.cache_clear()
    try:
        batched = minhash.word_hashes(texts).split()
    finally:
        minhash._pass_powers.cache_clear()
    assert all(np.array_equal(a, b) for a, b in zip(alone, batched, strict=True))
    words = {w: h for t, hs in zip(texts, alone, strict=True) for w, h in zip(t.split(), hs, strict=True)}
    assert len(set(words.values())) == len(words) == len(vocab)


def test_token_hasher_equals_token_hashes_across_batches():
    hasher = minhash.TokenHasher(max_tokens=6)
    batches = [[["a", "b", "a"], [], ["c"]], [["c", "d", "e", "f", "g"]], []]
    for batch in batches:
        got = hasher.many(batch).split()
        assert len(got) == len(batch)
        for tokens, hashes in zip(batch, got, strict=True):
            assert hashes.tolist() == minhash.token_hashes(tokens).tolist()
        assert len(hasher) <= 6


@pytest.mark.parametrize("signer", [minhash.signatures, minhash.permutation_signatures])
def test_jaccard_estimate_is_close_to_the_truth(signer):
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(5000)]
    base = list(rng.choice(vocab, 400))
    copy = base[:300] + list(rng.choice(vocab, 100))
    sa, sb = signer(_packed(" ".join(base), " ".join(copy)))
    assert abs(minhash.jaccard(sa, sb) - _exact(set(base), set(copy))) < 0.12


@pytest.mark.parametrize("size", [20, 60, 400])
def test_estimates_track_exact_jaccard_over_many_pairs(size):
    # One-permutation hashing must stay unbiased on short texts too, where
    # densification fills most bins.
    rng = np.random.default_rng(size)
    errors = []
    for _ in range(200):
        shared = int(rng.integers(0, size + 1))
        a = rng.integers(0, 2**64, size, dtype=np.uint64)
        b = np.concatenate([a[:shared], rng.integers(0, 2**64, size - shared, dtype=np.uint64)])
        sa, sb = minhash.signatures(minhash.Packed.of([a, b]))
        errors.append(minhash.jaccard(sa, sb) - _exact(set(a.tolist()), set(b.tolist())))
    errors = np.array(errors)
    assert abs(errors.mean()) < 0.02
    assert np.sqrt(np.mean(errors**2)) < 0.08


def test_densification_fills_every_bin_of_a_short_text():
    sig = _sig("only six words in this text", k=1)
    assert (sig != 0xFFFFFFFF).all()
    assert len(set(sig.tolist())) == 6


@pytest.mark.parametrize("k", [1, 5, 8])
def test_batch_shingles_equal_one_document_at_a_time(k):
    texts = ["alpha beta gamma delta epsilon zeta eta theta " * 3, "", "one two three four five six",
             "short", "a b c d e", "a b c d e f g h"]
    together = minhash.shingle_hashes(_packed(*texts), k).split()
    assert len(together) == len(texts)
    for text, shingles in zip(texts, together, strict=True):
        alone = minhash.shingle_hashes(_packed(text), k).values
        assert np.array_equal(shingles, alone)
        n = len(text.split())
        assert shingles.shape[0] == (n - k + 1 if n >= k else min(n, 1))
    # A text shorter than k is one shingle of all its words, equal to its k = n shingle.
    short = minhash.shingle_hashes(_packed("one two three"), 5).values
    assert np.array_equal(short, minhash.shingle_hashes(_packed("one two three"), 3).values)


@pytest.mark.parametrize("signer", [minhash.signatures, minhash.permutation_signatures])
def test_batch_equals_single(signer):
    texts = ["alpha beta gamma delta epsilon zeta eta theta " * 20, "one two three four five six",
             "", "short"]
    together = signer(minhash.shingle_hashes(_packed(*texts), 5))
    for i, text in enumerate(texts):
        assert np.array_equal(together[i], signer(minhash.shingle_hashes(_packed(text), 5))[0])


def test_chunking_does_not_change_permutation_signatures(monkeypatch):
    packed = _packed("a b c d e f g h", "", "x y z", "a b")
    together = minhash.permutation_signatures(packed)
    monkeypatch.setattr(minhash, "_CHUNK", 3)
    assert np.array_equal(together, minhash.permutation_signatures(packed))


@pytest.mark.parametrize("signer", [minhash.signatures, minhash.permutation_signatures])
def test_empty_document_collides_with_nothing_real(signer):
    empty, real = signer(_packed("", "a real sentence with words"))
    assert (empty == 0xFFFFFFFF).all()
    assert minhash.jaccard(empty, real) == 0.0


def test_band_keys_collide_for_identical_and_not_for_unrelated_texts():
    a = _sig("the president met the minister in brussels to discuss the new trade deal today")
    b = _sig("completely different words about football scores and weather in the north sea")
    keys = minhash.band_keys(np.stack([a, a, b]), bands=42, rows=3)
    assert keys.dtype == np.uint64 and keys.shape == (3, 42)
    assert (keys[0] == keys[1]).all()
    assert not (keys[0] == keys[2]).any()


def test_band_keys_reject_too_many_rows():
    with pytest.raises(ValueError, match="lower bands or rows"):
        minhash.band_keys(np.zeros((1, 128), dtype=np.uint32), bands=50, rows=3)


def test_lsh_probability_is_monotonic():
    p = [minhash.lsh_probability(s, 42, 3) for s in (0.1, 0.3, 0.5, 0.9)]
    assert p == sorted(p) and p[-1] > 0.999 and p[0] < 0.05
