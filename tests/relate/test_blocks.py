"""Quoted material a text sets off without quotation marks, on excerpts of real pages
(the news-bias pair c009 of the development labels: USA Today and CNN, 2018-11-30/12-01,
on George H.W. Bush's death; a newsletter item head of ABC's "The Note", pair c018)."""

from __future__ import annotations

from unspun.relate.blocks import (
    UNCLOSED_CHARS,
    introduced_paragraphs,
    labelled_statements,
    unclosed_quotation,
)

_IN_FULL = (
    "Funeral arrangements for Bush have yet to be announced.\n"
    "Here's the statement from the White House in full:\n"
    "Melania and I join with a grieving Nation to mourn the loss of former President "
    "George H.W. Bush, who passed away last night.\n"
    "President Bush always found a way to set the bar higher.\n"
    'The White House said it would "lower the flags."\n'
    "More prose of the article.")

_ROUNDUP = (
    "(CNN) The 41st President of the United States died on Friday. Friends, world "
    "leaders and fellow politicians are now paying tribute.\n"
    "President Donald J. Trump and first lady Melania Trump: Melania and I join with a "
    "grieving Nation to mourn the loss of former President George H.W. Bush.\n"
    "President Bush always found a way to set the bar higher.\n"
    "Former President Barack Obama: America has lost a patriot and humble servant. While "
    "our hearts are heavy today, they are also filled with gratitude.\n"
    "George H.W. Bush's life is a testament.")


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_a_statement_printed_in_full_runs_to_the_next_quotation_marks() -> None:
    statement = _texts(_IN_FULL, introduced_paragraphs(_IN_FULL))
    assert statement == [_IN_FULL.split("\n")[2] + "\n" + _IN_FULL.split("\n")[3]]


def test_a_statement_introduced_otherwise_is_one_paragraph() -> None:
    text = _IN_FULL.replace("in full:", "reads:")
    assert _texts(text, introduced_paragraphs(text)) == [text.split("\n")[2]]


def test_each_statement_of_a_roundup_runs_to_the_next_speaker() -> None:
    trump, obama = _texts(_ROUNDUP, labelled_statements(_ROUNDUP))
    assert trump.startswith("Melania and I") and trump.endswith("bar higher.")
    assert obama.startswith("America has lost") and obama.endswith("a testament.")


def test_a_newsletters_headed_items_are_no_statements() -> None:
    text = ("THE QUOTABLE CANTOR: House Majority Leader Eric Cantor appears at the American "
            "Enterprise Institute. We will be watching.\n"
            "ABC's SHUSHANNAH WALSHE: Scott Brown? No. Tagg Romney? No. I asked them all.\n")
    assert labelled_statements(text) == []
    # One speaker is no roundup.
    assert labelled_statements(_ROUNDUP.split("\nFormer")[0]) == []


def test_a_straight_quotation_left_open_runs_to_the_paragraphs_end() -> None:
    # e026 (Fox): the statement's second paragraph opens after "he said." and closes in
    # the next paragraph, as English prints a quotation over several.
    line = ('"We knew that this case would be challenging," he said. "But it is our duty to '
            'bring hard cases when we believe that the facts and the law support it.')
    start, end = unclosed_quotation(line)
    assert line[start:].startswith('"But it is our duty') and end == len(line)
    # Marks that pair up, an inch mark, or a glued scrape's body open nothing.
    assert unclosed_quotation('"A quotation," he said, "and its end."') is None
    assert unclosed_quotation("He is 5'10\" tall.") is None
    assert unclosed_quotation('He said "' + "word " * (UNCLOSED_CHARS // 5 + 1)) is None
