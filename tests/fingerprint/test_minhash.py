import numpy as np
import pytest

from unspun.fingerprint import minhash


def _sig(text: str, k: int = 5) -> np.ndarray:
    tokens = text.lower().split()
    return minhash.signatures([minhash.shingle_hashes(minhash.token_hashes(tokens), k)])[0]


def test_token_hashes_are_stable_across_runs():
    # Pinned: the on-disk format depends on these values never changing.
    assert minhash.token_hashes(["trump", "putin"]).tolist() == [
        int.from_bytes(__import__("hashlib").blake2b(b"trump", digest_size=8).digest(), "little"),
        int.from_bytes(__import__("hashlib").blake2b(b"putin", digest_size=8).digest(), "little"),
    ]
    first = _sig("the quick brown fox jumps over the lazy dog again and again")
    assert first[:4].tolist() == _sig("the quick brown fox jumps over the lazy dog again and again")[:4].tolist()
    assert first.dtype == np.uint32 and first.shape == (minhash.NUM_PERM,)


def test_jaccard_estimate_is_close_to_the_truth():
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(5000)]
    base = list(rng.choice(vocab, 400))
    copy = base[:300] + list(rng.choice(vocab, 100))
    sa, sb = _sig(" ".join(base), 1), _sig(" ".join(copy), 1)
    truth = len(set(base) & set(copy)) / len(set(base) | set(copy))
    assert abs(minhash.jaccard(sa, sb) - truth) < 0.12


def test_batch_equals_single_and_chunking_does_not_change_results(monkeypatch):
    texts = ["alpha beta gamma delta epsilon zeta eta theta " * 20, "one two three four five six",
             "", "short"]
    sets = [minhash.shingle_hashes(minhash.token_hashes(t.split()), 5) for t in texts]
    together = minhash.signatures(sets)
    for i, s in enumerate(sets):
        assert np.array_equal(together[i], minhash.signatures([s])[0])
    monkeypatch.setattr(minhash, "_CHUNK", 7)
    assert np.array_equal(together, minhash.signatures(sets))


def test_empty_document_collides_with_nothing_real():
    empty = minhash.signatures([np.zeros(0, dtype=np.uint64)])[0]
    assert (empty == 0xFFFFFFFF).all()
    assert minhash.jaccard(empty, _sig("a real sentence with several words in it")) == 0.0


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
