"""The fingerprint stage: what it hands the store."""

import numpy as np

from unspun.config import CandidateConfig
from unspun.fingerprint.embed import default_encoder
from unspun.fingerprint.stage import Fingerprints, fingerprint
from unspun.text import words

_PASSAGE = ("the committee voted on tuesday to release the memo written by staff of the "
            "house intelligence panel after weeks of argument over what it shows")


def test_each_band_row_is_stored_once_even_for_a_repeated_passage():
    texts = [
        f"{_PASSAGE}. {_PASSAGE}. {_PASSAGE}.",  # a scraper's triple paste
        f"Senator Ron Wyden of Oregon said $4.5 billion was spent. {_PASSAGE}.",
        "too short to place",
        "",
    ]
    fp = fingerprint(texts, CandidateConfig(), default_encoder(), min_words=20)
    assert fp.words.tolist() == [len(words(t)) for t in texts]
    for name, rows in fp.bands.items():
        triples = np.stack([rows.doc, rows.band.astype(np.int64), rows.key.view(np.int64)])
        assert np.unique(triples, axis=1).shape[1] == triples.shape[1], name
        # The short texts are indexed only by their paragraph starts (a teaser).
        assert set(rows.doc.tolist()) <= ({0, 1, 2} if name == "starts" else {0, 1}), name
    starts = fp.bands["starts"]
    assert set(starts.doc.tolist()) == {0, 1, 2}  # the empty text has no start
    passages = fp.bands["passages"]
    shared = set(passages.key[passages.doc == 0].tolist()) & set(
        passages.key[passages.doc == 1].tolist())
    assert shared  # the passage both texts hold leaves common keys
    assert not fp.vectors[2:].any()


def test_batches_concatenated_are_the_batch_of_all_their_texts():
    texts = [
        f"{_PASSAGE}. {_PASSAGE}.",
        "too short to place",
        f"Senator Ron Wyden of Oregon said $4.5 billion was spent. {_PASSAGE}.",
        f"Mayor Muriel Bowser of Washington announced 2,400 new homes. {_PASSAGE} again.",
    ]
    config, encoder = CandidateConfig(), default_encoder()
    whole = fingerprint(texts, config, encoder, min_words=20)
    joined = Fingerprints.concat([fingerprint(texts[:2], config, encoder, min_words=20),
                                  fingerprint(texts[2:], config, encoder, min_words=20)])
    assert joined.anchors == whole.anchors
    for name in ("words", "signatures", "vectors"):
        assert np.array_equal(getattr(joined, name), getattr(whole, name)), name
    assert joined.bands.keys() == whole.bands.keys()
    for name, rows in whole.bands.items():
        for column in ("doc", "band", "key"):
            assert np.array_equal(getattr(joined.bands[name], column), getattr(rows, column))
    assert set(whole.bands["passages"].doc.tolist()) == {0, 2, 3}
