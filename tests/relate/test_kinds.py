"""How a copy was made, from the evidence each kind rests on."""

from __future__ import annotations

from unspun import compare

MINISTER = ("The minister announced on Tuesday that the government would raise taxes on "
            "large companies next year. Critics said the plan would hurt investment and "
            "cost jobs across the country. The opposition leader called the proposal "
            "reckless and promised to fight it in parliament.")
# A spinner's rewrite: every sentence kept slot by slot, words swapped for synonyms.
SPUN = ("The minister declared on Tuesday that the administration would increase levies "
        "on big firms next year. Detractors said the scheme would damage investment and "
        "cost employment across the nation. The opposition chief called the proposition "
        "careless and vowed to battle it in parliament.")


def test_a_short_text_spun_sentence_by_sentence_is_a_spun_copy() -> None:
    relation = compare(MINISTER, SPUN)
    assert relation.kind == "spun"
    assert any(r.startswith("spun: ") and "swapped one for one" in r for r in relation.reasons)


def test_one_sentence_restating_a_fact_in_a_caption_is_no_copy() -> None:
    caption = "The minister announced on Tuesday a rise in taxes on large companies."
    relation = compare(MINISTER, caption)
    assert not relation.is_copy


SUMMIT = ("Defence Secretary Pete Hegseth met NATO Secretary General Mark Rutte in Brussels "
          "on Thursday to discuss the alliance's spending targets. Hegseth told reporters "
          "that European members must do more for their own defence. Rutte said the "
          "alliance had agreed to raise its target to five percent of economic output. "
          "The two men spoke for more than an hour before a dinner with the ministers. "
          "Officials said further talks would be held in The Hague next month.")
# A round trip through another language: the syntax kept, names garbled, words changed.
ROUND_TRIP = ("Defense Secretary Pete Hegses met NATO Secretary General Mark Latte in Brussels "
              "on Thursday to discuss the alliance's expenditure goals. Hegses told journalists "
              "that European members must do more for their own protection. Latte said the "
              "alliance had agreed to increase its goal to five percent of economic production. "
              "The two men spoke for more than an hour before a dinner with the ministers. "
              "Officials said further negotiations would be held in The Hague next month.")


def test_a_copy_keeping_the_syntax_and_garbling_names_is_machine_translated() -> None:
    relation = compare(SUMMIT, ROUND_TRIP)
    assert relation.kind == "translated"
    assert any(r.startswith("machine-translated") for r in relation.reasons)
    names = {(c.source_text, c.copy_text) for c in relation.changes if c.kind == "name"}
    assert names == {("Pete Hegseth", "Pete Hegses"), ("Mark Rutte", "Mark Latte")}
