"""Normalisation, sentence segmentation and tokens of scraped news text."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.text import (
    MAX_SENTENCE_WORDS,
    TEXT_BREAK,
    codes_joined,
    content_words,
    normalize,
    split_many,
    split_sentences,
    word_arrays,
    word_spans,
    words,
)
from unspun.text import sentences as sentences_module
from unspun.text import tokens as words_module
from unspun.text import vocabulary as rarity_module


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
    return [s.text for s in sentences]


def test_missing_space_after_period_splits() -> None:
    assert texts("Russia called it unrealistic.In remarks on Monday, he disagreed.") == [
        "Russia called it unrealistic.",
        "In remarks on Monday, he disagreed.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Senate voted on it.",
        "Dr. Smith met Sen. John McCain and Gov. Jerry Brown.",
        "It happened on Jan. 5 at the hearing.",
        "The bill, No. 5 on the list, failed.",
        "J. K. Rowling wrote the book.",
        "Growth was 3.5 percent in 2018.",
        "He said it was the U.S.Army that paid.",
        "The war ... must end now.",
        "Visit www.example.com for details.",
    ],
)
def test_no_split_inside(text: str) -> None:
    assert texts(text) == [text]


def test_abbreviation_then_new_sentence() -> None:
    assert texts("He moved to the U.S. The country welcomed him.") == [
        "He moved to the U.S.",
        "The country welcomed him.",
    ]
    assert texts("We met at 5 p.m. Then we left.") == ["We met at 5 p.m.", "Then we left."]


def test_quotes_after_period() -> None:
    assert texts('He said, "We will win." Next, he left.') == [
        'He said, "We will win."',
        "Next, he left.",
    ]
    assert texts("“It is over,” she said. “We lost.” They left.") == [
        "“It is over,” she said.",
        "“We lost.”",
        "They left.",
    ]
    assert texts('"Is it?" he asked. Nobody knew.') == ['"Is it?" he asked.', "Nobody knew."]


def test_ellipsis_and_mixed_marks() -> None:
    assert texts("He paused... Then he left. What?! Really?") == [
        "He paused...",
        "Then he left.",
        "What?!",
        "Really?",
    ]


def test_line_breaks_end_sentences() -> None:
    text = "A headline without a period\n\nFirst paragraph. Second sentence\nNext line"
    assert texts(text) == [
        "A headline without a period",
        "First paragraph.",
        "Second sentence",
        "Next line",
    ]


def test_run_on_is_cut() -> None:
    text = " ".join(f"word{i}" for i in range(150))
    pieces = texts(text)
    assert len(pieces) == 3
    assert all(len(p.split()) <= MAX_SENTENCE_WORDS for p in pieces)
    assert " ".join(pieces) == text


def test_run_on_prefers_a_comma() -> None:
    text = " ".join(f"w{i}," if i == 45 else f"w{i}" for i in range(80))
    first = texts(text)[0]
    assert first.endswith("w45,")


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n ") == []


def test_offsets_with_leading_space() -> None:
    text = "  One.   Two.  \n  Three.  "
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(2, 6), (9, 13), (18, 24)]


def test_normalize() -> None:
    text = "\u201cHello\u201d\u00a0\u2014 it\u2019s\r\n\r\n  a   test\u2026\u200b"
    assert normalize(text) == "\"Hello\" - it's\na test..."
    assert normalize("plain ascii") == "plain ascii"


def test_words_and_content_words() -> None:
    assert words("Don\u2019t stop Trump's plan_b, 3.5%") == [
        "don't", "stop", "trump's", "plan", "b", "3", "5"
    ]
    assert content_words("The president said he would not go to Helsinki") == [
        "president",
        "go",
        "helsinki",
    ]
    text = "Don\u2019t stop"
    assert [text[s:e].lower().replace("\u2019", "'") for s, e in word_spans(text)] == words(text)


def test_realistic_paragraph() -> None:
    paragraph = (
        "The U.S. Senate voted 52-48 on Tuesday. Sen. John McCain, R-Ariz., said it was "
        "\"a sad day.\" Officials expect a vote in Jan. 2019... Critics disagreed.In "
        "remarks later, Dr. Jane Smith said growth of 3.5 percent was unrealistic. "
    )
    assert texts(paragraph) == [
        "The U.S. Senate voted 52-48 on Tuesday.",
        'Sen. John McCain, R-Ariz., said it was "a sad day."',
        "Officials expect a vote in Jan. 2019...",
        "Critics disagreed.",
        "In remarks later, Dr. Jane Smith said growth of 3.5 percent was unrealistic.",
    ]


_ALPHABET = st.sampled_from(
    list("abcXYZ .!?\u2026\"'\u201c\u201d()\n\t 0123,;:-") + ["U.S.", "Dr. ", "No. 5", " "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=200).map("".join))
def test_offsets_cover_every_non_space_character(text: str) -> None:
    sentences = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end  # ordered, not overlapping
        previous_end = s.end
        for i in range(s.start, s.end):
            covered[i] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text(text: str) -> None:
    for s in split_sentences(text, max_words=5):
        assert text[s.start : s.end] == s.text
        assert len(s.text.split()) <= 5


# Pieces that reach every rule of _is_boundary, and split_many's shortcuts around them.
_BOUNDARY_PIECES = st.sampled_from(
    list("abXZ .!?\u2026\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]\n\t\u00a009,;_-/\u00c9\u00e9")
    + ["U.S.", "Dr. ", "No. 5", "Mr. ", "Jan. ", "Jan. 5", "St. ", "The ", "A. ", "a.m. ",
       "www.", "v. ", "In", "Officials", "  ", ". The", ".In", "word ", "x" * 45 + "."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_BOUNDARY_PIECES, max_size=60).map("".join) | st.text(max_size=80),
                max_size=5),
       st.sampled_from([2, 5, MAX_SENTENCE_WORDS]))
def test_split_many_is_split_sentences_of_each(batch: list[str], max_words: int) -> None:
    assert split_many(batch, max_words) == [split_sentences(t, max_words) for t in batch]


def test_split_many_of_articles() -> None:
    paragraph = (
        "The U.S. Senate voted 52-48 on Tuesday. Sen. John McCain, R-Ariz., said it was "
        "\"a sad day.\" Officials expect a vote in Jan. 2019... Critics disagreed.In "
        "remarks later, Dr. Jane Smith said growth of 3.5 percent was unrealistic. "
    )
    run_on = " ".join(f"w{i}," if i == 45 else f"w{i}" for i in range(150))
    batch = [paragraph, "", " \n\t\n ", run_on, "  One.   Two.  \n  Three.  ", paragraph]
    assert split_many(batch) == [split_sentences(t) for t in batch]
    assert split_many([]) == []


def _texts_joined(batch: list[str]) -> list[str]:
    """Each text as codes_joined gives it back (lower-cased), checking its code points."""
    joined = ""
    for text, codes in codes_joined(batch, str.lower):
        assert codes.dtype == np.uint32 and codes.tolist() == [ord(c) for c in text]
        joined += text
    assert joined.endswith(TEXT_BREAK) or not batch
    return joined.split(TEXT_BREAK)[:-1]


def test_codes_joined_keeps_each_text_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # Greek final sigma and a dotted capital I lower-case by context and to two
    # characters: the break keeps each text as it lower-cases alone.
    batch = ["Don’t stop.", "", "ΟΔΟΣ", "İstanbul a_b",
             f"a{TEXT_BREAK}b", "x", "\ud800lone"]
    expected = [t.replace(TEXT_BREAK, " ").lower() for t in batch]
    assert _texts_joined(batch) == expected
    monkeypatch.setattr(words_module, "_TEXTS_PER_PASS", 2)  # several passes
    assert _texts_joined(batch) == expected
    assert _texts_joined([]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=()), max_size=40), max_size=6))
def test_codes_joined_keeps_any_texts_apart(batch: list[str]) -> None:
    assert _texts_joined(batch) == [t.replace(TEXT_BREAK, " ").lower() for t in batch]


def _words_of_arrays(batch: list[str]) -> list[list[str]]:
    found = word_arrays(batch)
    joined = found.codes.tobytes().decode("utf-32-le", "surrogatepass")
    out: list[list[str]] = [[] for _ in batch]
    for start, end, text in zip(found.start, found.end, found.text, strict=True):
        out[text].append(joined[start:end])
    return out


def test_word_arrays_are_the_words_of_each_text() -> None:
    batch = ["Don’t stop.", "", "ΟΔΟΣ", "İstanbul a_b", f"a{TEXT_BREAK}b", "x",
             "'quoted' rock'n'roll a''b it's' 'tis", "\ud800lone surrogate", "naïve café 3½"]
    assert _words_of_arrays(batch) == [words(t) for t in batch]
    assert word_arrays([]).start.size == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab'’_ \x00É1.ς"), max_size=30)
                | st.text(max_size=40), max_size=6))
def test_word_arrays_match_words_on_any_text(batch: list[str]) -> None:
    assert _words_of_arrays(batch) == [words(t) for t in batch]


# The token before a candidate boundary, as the search it replaces defined it.
_TOKEN_AT_END = re.compile(r"[^\s\"'\u201c\u2018(\[]*$")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(" \t\u00a0\"'\u201c\u2018([a.\u00e9") | st.characters(),
               max_size=70),
       st.integers(0, 70))
def test_the_token_before_a_boundary_is_the_longest_token_suffix(line: str, start: int) -> None:
    line = line.replace("\n", " ")  # a line ("$" would also match before a final "\n")
    start = min(start, len(line))
    expected = _TOKEN_AT_END.search(line, max(0, start - 40), start)
    assert expected is not None
    assert sentences_module._token_before(line, start) == expected.group(0)


def test_the_cached_vocabulary_is_the_file_s(tmp_path, monkeypatch) -> None:
    import json

    text = rarity_module
    monkeypatch.setenv("UNSPUN_CACHE", str(tmp_path))
    vocab = json.loads(text._VOCAB_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    first = vocab["the"]
    expected = {w: r - first + 1 for w, r in vocab.items() if r >= first and w[0] != "#"}
    for _ in range(2):  # made and saved, then mapped
        text._vocabulary.cache_clear()
        assert text._vocabulary() == expected
    text._vocabulary.cache_clear()
    assert text.rarity("the") == 0.0 and text.rarity("okonkwo") > text.rarity("harbour")

