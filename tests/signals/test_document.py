"""One document's signals from hand-made index rows: cleaning records and relations."""

from __future__ import annotations

from typing import Any

from unspun.records import Removal
from unspun.signals.document import (
    Facts,
    Provenance,
    cleaning_signals,
    copy_signals,
    credit_line,
    delay_hours,
)


def names(signals: list[Any]) -> list[str]:
    return [s.signal for s in signals]


def test_cleaning_records_that_only_a_farm_page_carries() -> None:
    doc = Facts("x", "farm.example", "2020-01-02", words=300, removed=[
        Removal("Shopify is the best solution for dropshipping", "spam"),
        Removal("Senate passes the bill", "repeated-title"),
        Removal("Senate passes the bill", "repeated-title"),
        Removal("word " * 150, "repeated-text"),
        Removal("Rewrite this article in a unique way:", "ai-prompt"),
        Removal("Source link", "source-link"),
        Removal("#Senate #Bill", "hashtags")])
    found = cleaning_signals(doc)
    assert names(found) == ["ai-prompt", "spam", "repeated-title", "glued-body",
                            "source-link", "hashtags"]
    assert "Rewrite this article" in found[0].evidence and found[0].weight == 3.0


def test_a_newsroom_pages_chrome_is_no_signal() -> None:
    doc = Facts("x", "news.example", None, words=800, removed=[
        Removal("Senate passes the bill", "repeated-title"),  # its own headline, once
        Removal("Tags: Senate, budget", "hashtags"),  # a tag line, no #hashtags
        Removal("This article originally appeared on The Conversation.", "source-link"),
        Removal("Sign up for our newsletter", "newsletter"),
        Removal("a repeated sentence of ten words or so here", "repeated-text")])
    assert cleaning_signals(doc) == []
    # The named source is a credit, the bare link is not.
    assert credit_line(doc) == "This article originally appeared on The Conversation."
    assert credit_line(Facts("y", None, None, removed=[Removal("Source link",
                                                               "source-link")])) is None


def test_delay_in_hours_from_times_or_days() -> None:
    assert delay_hours("2020-04-07", "2020-04-08") == 24.0
    assert delay_hours("2020-04-07T10:00:00", "2020-04-07T16:30:00") == 6.5
    assert delay_hours("2020-04-07", None) is None
    assert delay_hours("2020-04-09", "2020-04-07") == -48.0


def relation(a: str, b: str, kind: str, source: str | None, coverage: tuple[float, float],
             **extra: Any) -> dict[str, Any]:
    return {"a": a, "b": b, "kind": kind, "partial": False, "source": source,
            "confidence": 0.9, "coverage_a": coverage[0], "coverage_b": coverage[1],
            "direction_by": extra.get("by", ["dates"]), "reasons": extra.get("reasons", []),
            "changes": extra.get("changes", [])}


FACTS = {"orig": Facts("orig", "wire.example", "2020-04-07"),
         "copy": Facts("copy", "farm.example", "2020-04-08"),
         "other": Facts("other", "news.example", "2020-04-07")}


def test_an_uncredited_spun_copy_and_what_it_changed() -> None:
    changes = [{"kind": "quote", "source_text": "is not a realistic outcome",
                "copy_text": "is not a feasible outcome", "copy_span": [5, 30]},
               {"kind": "name", "source_text": "Hegseth", "copy_text": "Hegses",
                "copy_span": [40, 46]},
               {"kind": "name", "source_text": "Rutte", "copy_text": "Latte",
                "copy_span": [50, 55]},
               {"kind": "inserted", "source_text": "", "copy_text": "Source link",
                "copy_span": None},  # what cleaning removed: already a cleaning signal
               {"kind": "omitted", "source_text": "The end.", "copy_text": ""}]
    link = relation("copy", "orig", "spun", "orig", (0.95, 0.9), changes=changes)
    p = Provenance("copy", "orig", copy=True, source="orig", kind="spun", delay_hours=24.0)
    found = copy_signals(FACTS["copy"], p, link, [link], FACTS)
    assert names(found) == ["copied", "spun", "altered-quote", "garbled-name"]
    assert found[0].evidence == ("95% of its text is orig (wire.example), spun, 24 hours "
                                 "after its origin")
    assert "'Hegseth' \u2192 'Hegses'" in found[3].evidence and "(and 1 more)" in found[3].evidence


def test_a_credited_verbatim_copy_is_republication() -> None:
    # An updated figure is how two versions of one wire story differ: said, not scored.
    update = [{"kind": "number", "source_text": "12", "copy_text": "14", "copy_span": [0, 2]}]
    link = relation("copy", "orig", "near-duplicate", "orig", (1.0, 1.0), changes=update)
    p = Provenance("copy", "orig", copy=True, source="orig", kind="near-duplicate",
                   credit="(AP) \u2014")
    found = copy_signals(FACTS["copy"], p, link, [link], FACTS)
    assert names(found) == ["republished"] and found[0].weight == 0.0
    assert "credits '(AP) \u2014'" in found[0].evidence
    assert "(changed-number: not scored)" in found[0].evidence
    # Spinning the wire's story is no syndication, credit or not.
    spun = relation("copy", "orig", "spun", "orig", (0.9, 0.9), changes=update)
    found = copy_signals(FACTS["copy"], p, spun, [spun], FACTS)
    assert names(found) == ["republished", "spun", "changed-number"]


def test_what_a_copy_changed_is_read_against_its_source_only() -> None:
    # Against another copy of the story (not its parent), differences are no evidence.
    quote = [{"kind": "quote", "source_text": "a b c", "copy_text": "a d c", "copy_span": [0, 5]}]
    parent = relation("copy", "orig", "verbatim", "orig", (1.0, 1.0))
    sibling = relation("copy", "other", "spun", "other", (0.9, 0.9), changes=quote)
    p = Provenance("copy", "orig", copy=True, source="orig", kind="verbatim")
    assert names(copy_signals(FACTS["copy"], p, parent, [parent, sibling], FACTS)) == [
        "copied"]


def test_the_origin_and_same_site_copies_carry_no_copy_signal() -> None:
    link = relation("copy", "orig", "verbatim", "orig", (1.0, 1.0))
    origin = Provenance("orig", "orig")
    assert copy_signals(FACTS["orig"], origin, None, [link], FACTS) == []
    same = {**FACTS, "orig": Facts("orig", "farm.example", "2020-04-07")}
    assert copy_signals(same["copy"], Provenance("copy", "orig"), None, [link], same) == []


def test_an_excerpt_a_truncation_and_a_stitched_page() -> None:
    part = relation("copy", "orig", "verbatim", "orig", (0.3, 0.6), by=["dates", "truncated"])
    p = Provenance("copy", "orig", copy=True, source="orig", kind="verbatim")
    assert names(copy_signals(FACTS["copy"], p, part, [part], FACTS)) == ["excerpt",
                                                                          "truncated"]
    pieces = [relation("copy", "orig", "verbatim", "orig", (0.3, 0.9), by=["stitched"]),
              relation("copy", "other", "verbatim", "other", (0.3, 0.9), by=["stitched"])]
    found = copy_signals(FACTS["copy"], Provenance("copy", "copy"), None, pieces, FACTS)
    assert names(found) == ["stitched"] and "other (news.example)" in found[0].evidence


def test_a_credit_in_the_text_the_byline_or_a_named_source_line() -> None:
    from unspun.signals.document import credit

    plain = Facts("c", "paper.example", None)
    assert credit(plain, "HELSINKI (AP) \u2014 The two leaders met.") == "(AP) \u2014"
    assert credit(plain, "The two leaders met, officials said.") is None
    byline = Facts("c", "paper.example", None, author="The Associated Press")
    assert credit(byline, "The two leaders met.") == "By The Associated Press"
    top = "What they hope to achieve\nThe Associated Press | Sunday, July 15, 2018\nThe two met."
    assert credit(plain, top) == "By The Associated Press"
    # A credit is a byline's, not any sentence's that names the wire.
    assert credit(plain, "The two met.\nThe Associated Press reported that the two met "
                         "again on Sunday, a day after the first summit in Helsinki.") is None
    named = Facts("c", "paper.example", None, removed=[
        Removal("This story originally appeared on ProPublica.", "source-link")])
    assert credit(named, "The two leaders met.") == "This story originally appeared on ProPublica."
