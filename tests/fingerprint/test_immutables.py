import pytest

from unspun.fingerprint.immutables import anchor_tokens, names, numbers


@pytest.mark.parametrize(("text", "tokens"), [
    # A lone capitalised word that only ever opens a sentence is not a name...
    ("Costs rose. Costs", []),
    ("He said.\n  Costs", []),
    ('He said "Costs', []),
    ("He said?)  Costs", []),
    # ...but it is one once the text capitalises it mid-sentence.
    ("Costs rose. Then Costs fell", ["costs"]),
    ("Costs rose, said Costs", ["costs", "costs"]),
    # Only the four characters before a word decide: a long run of spaces is no opening.
    ("x.    Costs rose and Costs", ["costs", "costs"]),
    ("Pay $1,200 or 5 percent, not x5 or .5 in 2016", ["$1200", "5%", "2016"]),
])
def test_anchor_tokens(text, tokens):
    assert anchor_tokens(text) == tokens


def test_names_and_numbers_carry_their_spans():
    text = "Yesterday FBI Director James Comey met Sen. Ted Cruz about $5 million."
    assert [(m.start, m.text) for m in names(text)] == [
        (0, "Yesterday"), (10, "FBI"), (23, "James Comey"), (44, "Ted Cruz")]
    assert [(m.start, m.end, m.text) for m in numbers(text)] == [(59, 69, "$5 million")]


def test_specific_anchors_are_the_specific_anchor_tokens():
    from unspun.fingerprint.immutables import specific, specific_anchors

    text = ("Sen. Ted Cruz met Kislyak in Washington. Kislyak paid $250,000 and 12 more "
            "in 2016. Costs rose 5 percent, said Cruz, and Kislyak agreed.")
    assert specific_anchors(text) == specific(set(anchor_tokens(text)))
    assert specific_anchors(text) == specific_anchors(text)  # from the memos, the same
