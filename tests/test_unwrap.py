"""Hard-wrapped text: detected on real wrapped files, unwrapped without changing a word."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import unspun
from unspun.api import load_document
from unspun.ingest import iter_inputs
from unspun.text import split_sentences, words
from unspun.unwrap import is_hard_wrapped, unwrap

DATA = Path(__file__).resolve().parent / "data"
PAN = DATA / "wrapped" / "pan13-source-document00010.txt"


def test_a_pan_file_is_unwrapped_into_its_paragraphs() -> None:
    text = PAN.read_text(encoding="utf-8")
    assert is_hard_wrapped(text)
    out = unwrap(text)
    assert len(out) == len(text) and words(out) == words(text)
    # The blank line stays a break; every other line break went.
    assert out.split("\n\n") == [" ".join(p.split("\n")) for p in text.split("\n\n")]
    first = split_sentences(out)[0].text
    assert first.startswith("Disneyland shops.") and "\n" not in first
    # A sentence that ran over a line break is whole.
    assert "On our visit, the women's restroom had several toilet stalls with cane seat " \
        "covers you could look down the little holes through to see the toilet bowl " \
        "below." in [s.text for s in split_sentences(out)]


def test_paragraph_ends_lists_and_indented_lines_keep_their_breaks() -> None:
    text = ("The council met on Tuesday to discuss the budget for the coming year and it\n"
            "agreed to raise spending on schools and roads by a modest amount overall, in\n"
            "line with what the mayor had asked for.\n"
            "The vote was close.\n"
            "- first item\n"
            "- second item that is long enough to reach the width of the other lines\n"
            "  An indented line starts a paragraph of its own, as in many old e-mails.")
    out = unwrap(text)
    lines = out.split("\n")
    assert lines[0].startswith("The council met") and lines[0].endswith("mayor had asked for.")
    assert lines[1:] == text.split("\n")[3:]


def test_a_short_line_whose_sentence_goes_on_is_joined_in_a_wrapped_text() -> None:
    # As in PAN's source-document00802.txt: a wrapper that breaks some lines early.
    text = ("Acoustic insulation products reduce room to room sound transmission in many\n"
            "offices, schools and homes, and they cut the noise of traffic outside,\n"
            "which the makers of the\n"
            "batts have measured in their own laboratories.\n"
            "Short last line.\n"
            "Another paragraph starts here with a capital letter and goes on for a while")
    lines = unwrap(text).split("\n")
    assert lines[0].endswith("which the makers of the batts have measured in their own "
                             "laboratories.")
    assert lines[1:] == ["Short last line.", text.split("\n")[-1]]


def test_a_year_or_a_web_address_opening_a_line_is_no_list_item() -> None:
    # As in PAN's suspicious-document01659.txt and 00929.txt.
    text = ("Speaking on his radio show on Wednesday, the host said of the decision on May 21,\n"
            "2008. He stated that he was very disappointed and would say so again next week,\n"
            "and he listed the groups to contact, among them the one that can be found at\n"
            "www.example.org with its own directions and a map of the campus for visitors.")
    assert "\n" not in unwrap(text)


def test_text_with_a_paragraph_or_a_bullet_point_per_line_is_left_alone() -> None:
    for line in DATA.joinpath("news_bias_sample.jsonl").read_text().splitlines():
        text = json.loads(line)["text"]
        assert "\n" in text and not is_hard_wrapped(text) and unwrap(text) == text
    # Summary bullets of one width that end no sentence: each line goes on in capitals.
    bullets = ("President Trump is in Helsinki on Monday for his summit with the Kremlin\n"
               "He meets the Russian president for ninety minutes alone with translators\n"
               "He began the morning by bashing the special counsel's probe on Twitter\n"
               "The Justice Department indicted twelve intelligence officers on Friday")
    assert unwrap(bullets) == bullets


def test_compare_reads_plain_strings_unwrapped_at_any_width() -> None:
    text = " ".join(PAN.read_text(encoding="utf-8").split())
    narrow, wide = textwrap.fill(text, 72), textwrap.fill(text, 110)
    relation = unspun.compare(narrow, wide)
    assert relation.kind == "verbatim" and not relation.partial
    assert min(relation.coverage) > 0.99
    # Offsets still point into the strings as given.
    for change in relation.changes:
        assert change.copy_span is None or change.copy_span[1] <= len(wide)


def test_a_wrapped_txt_file_is_read_a_paragraph_a_line(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(PAN.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    doc = load_document(path)
    assert doc.text.split("\n") == [" ".join(p.split()) for p in
                                    PAN.read_text(encoding="utf-8").split("\n\n")]
    assert [type(i).__name__ for i in iter_inputs([path])] == ["RawItem"]


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    """Sentences of 5 to 25 lower-case words (so most line breaks fall inside one)."""
    sentences = draw(st.lists(st.lists(_WORD, min_size=5, max_size=25), min_size=2,
                              max_size=8))
    return " ".join(" ".join(words) + "." for words in sentences)


@settings(max_examples=60, deadline=None)
@given(st.lists(_paragraph(), min_size=1, max_size=4), st.integers(min_value=50, max_value=200))
def test_wrapping_then_unwrapping_gives_back_the_paragraphs(paragraphs: list[str], width: int
                                                           ) -> None:
    filled = [textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)
              for p in paragraphs]
    wrapped, joined = "\n\n".join(filled), "\n\n".join(paragraphs)
    inner = [line for p in filled for line in p.split("\n")[:-1]]
    cut = sum(not line.endswith(".") for line in inner)
    if cut >= max(1, 0.1 * len(inner)):  # enough lines stop mid-sentence: it is wrapped
        assert unwrap(wrapped) == joined
    else:  # (nearly) every break falls after a full stop: it may be a sentence a line
        assert unwrap(wrapped) in (wrapped, joined)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cD.,\n\r\t'-1é\u2019"), max_size=400))
def test_unwrapping_never_changes_a_word_or_an_offset(text: str) -> None:
    out = unwrap(text)
    assert len(out) == len(text) and words(out) == words(text)
    assert all(x == y or (x in "\r\n" and y == " ") for x, y in zip(text, out, strict=True))


@settings(max_examples=100, deadline=None)
@given(st.lists(_paragraph(), min_size=1, max_size=8))
def test_a_paragraph_a_line_is_unchanged(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    assert unwrap(text) == text
