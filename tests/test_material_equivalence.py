"""relate.material and relate.pages find some patterns' matches faster than a search of the whole text
would: tried only where one can start, or with its pattern reordered. Each is held
equal here to the plain search it replaces, on text made of the pieces they look for."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.align import prepare_many
from unspun.fingerprint.embed import default_encoder
from unspun.relate import material, pages

_PIECES = st.sampled_from([
    # Credits: leads, tails and outlets, and what comes between them.
    "According to", "according to", "told", "reported by", "Cited by", "via", "Via", "h/t",
    "courtesy of", "said", "reported", "reports", "first reported", "has reported",
    "was first to report", "wrote", "noted", "'s report", "\u2019s reporting", "'s story",
    "The ", "Politico", "New York Times", "CNN", "AT&T", "U.S.", "Fox-News", "X", "he",
    "aide", "storyline", "Trump's",
    # Captions: weekdays, dates, photographers' credits, who is where.
    "Monday", "Tuesday,", "Friday", " July 16, 2018", " Sept. 3, 2019", "(AP Photo/Evan Vucci)",
    "FILE - In this", "Photo:", "Photograph by", "via Getty Images", "/Pool Photo via AP",
    "(L-R)", "(center)", "(", ")", "[",
    # Quotations in single marks, and apostrophes.
    "'", "\u2018", "\u2019", "it's", "quoted words here", "ok",
    # Spacing and punctuation.
    " ", " ", " ", "  ", "\t", "\n", ".", ",", "!", "?", ":", "-", "\u2014",
])
# A credit of the second kind whole, its outlet up to the most words it may have.
_CREDIT = st.builds(
    lambda the, outlet, join, tail: the + outlet + join + tail,
    st.sampled_from(["", "The ", "the ", "x"]),
    st.lists(st.sampled_from(["Politico", "New", "York", "Times", "AT&T", "U.S.", "Co", "x"]),
             min_size=1, max_size=6).map(" ".join),
    st.sampled_from([" ", "  ", "\t", "'s ", "\u2019s ", " x "]),
    st.sampled_from(["said", "reported", "first reported", "has reported",
                     "was first to report", "report", "story", "noted"]))
# A quotation in single marks whole, and what comes before and after it.
_QUOTATION = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["", " ", "(", "[", "x", "\n", "\t"]), st.sampled_from(["'", "\u2018"]),
    st.sampled_from(["quoted words here", "it's worse,", "short", "ends in a mark!"]),
    st.sampled_from(["'", "\u2019"]), st.sampled_from(["", " ", ",", ")", "]", "x", "\n"]))
_TEXTS = st.lists(_PIECES | _CREDIT | _QUOTATION, max_size=60).map("".join)

# ``_SINGLE_QUOTE`` as first written: what precedes the mark asserted before it.
_SINGLE_QUOTE_AS_WRITTEN = re.compile(
    r"(?:^|(?<=[\s(\[]))['\u2018]([^'\u2018\u2019\n]{8,600}?[\w.,!?])['\u2019](?=[\s,.;:!?)\]]|$)",
    re.M)


def _matches(found) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in found]


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_credits_are_those_a_search_finds(text: str) -> None:
    assert _matches(pages._credited(text)) == _matches(pages._CREDITED.finditer(text))


def test_credits_are_found_at_both_branches() -> None:
    text = "According to The Washington Post, it was late. Politico first reported the deal."
    assert [m.group(0) for m in pages._credited(text)] == [
        "According to The Washington Post", "Politico first reported"]


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_single_quotes_are_those_the_pattern_as_written_finds(text: str) -> None:
    assert (_matches(material._SINGLE_QUOTE.finditer(text))
            == _matches(_SINGLE_QUOTE_AS_WRITTEN.finditer(text)))


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=3))
def test_captions_are_the_sentences_a_search_finds(texts: list[str]) -> None:
    for prepared in prepare_many(texts, default_encoder()):
        text = prepared.text
        spans = [(s.start, s.end) for s in prepared.sentences if material._CAPTION.search(s.text)]
        spans += [m.span() for m in material._CAPTION_PARAGRAPH.finditer(text)]
        assert np.array_equal(material._make_caption_mask(prepared),
                              material._mask(text, spans))
