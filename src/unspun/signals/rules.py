"""The content-farm signals: what each means, its weight in a site's farm score, and the
sentence a site's reason says about it.

The weights were set by hand from what each signal proves, not fitted to any data: a
leftover chatbot prompt or injected promotion is near proof of an unedited farm page
(3 and 2); copying most of another site's article without credit, spinning it or
machine-translating it is what a farm does and what a newsroom does not (1 each);
altered quotations and garbled names follow from spinning and translating (0.5, so as
not to count one copy three times); scraping artefacts are each weak alone (0.5, and
0.25 for hashtag tails, which blogs use too); a changed figure or a short excerpt of
another site's article is common in honest news (0.25). A credited republication
(``republished``) weighs nothing: syndicating the wire is what newspapers do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SignalRule:
    """A signal: its weight in the farm score, what it means, and the reason a site's
    share of documents carrying it reads as ("{k} of {n} documents ({share}) ...")."""

    weight: float
    means: str
    reason: str


SIGNALS: dict[str, SignalRule] = {
    "copied": SignalRule(
        1.0, "most of its text is another site's article, and it does not credit it",
        "copy most of their text from another site's article without credit"),
    "excerpt": SignalRule(
        0.25, "part of its text is another site's article, without credit",
        "reuse a part of another site's article without credit"),
    "republished": SignalRule(
        0.0, "a copy of another site's article that credits it (the wire's \"(AP) —\", "
             "\"Reuters\", or a line naming the source): republication, not a farm signal",
        "republish another site's article with its credit: republication, not a farm "
        "signal"),
    "spun": SignalRule(
        1.0, "another site's article reworded sentence by sentence, or with words swapped "
             "for rarer ones, as spinners do",
        "reword another site's article sentence by sentence (spun)"),
    "machine-translated": SignalRule(
        1.0, "another site's article round-tripped through machine translation",
        "carry another site's article through machine translation"),
    "altered-quote": SignalRule(
        0.5, "a direct quotation of its source reworded: words put in somebody's mouth",
        "alter direct quotations of their source"),
    "garbled-name": SignalRule(
        0.5, "a name of its source misspelled as machine translation or spinning does",
        "garble names of their source"),
    "changed-number": SignalRule(
        0.25, "a figure of its source changed", "change figures of their source"),
    "inserted-text": SignalRule(
        0.5, "a short passage unrelated to its source inserted into the copied text",
        "carry short unrelated insertions inside the copied text"),
    "truncated": SignalRule(
        0.5, "its source cut off part way", "are their source cut off part way"),
    "stitched": SignalRule(
        0.5, "stitched from passages of several unrelated articles",
        "are stitched from passages of several unrelated articles"),
    "ai-prompt": SignalRule(
        3.0, "a chatbot's instruction or reply left in the page",
        "carry a leftover chatbot prompt or reply"),
    "spam": SignalRule(
        2.0, "a promotional line injected at its head or tail",
        "carry injected promotional lines"),
    "repeated-title": SignalRule(
        0.5, "its title repeated in the body twice or more",
        "repeat their title in the body"),
    "glued-body": SignalRule(
        0.5, "its body glued into one block and then repeated",
        "glue their body into one block and repeat it"),
    "source-link": SignalRule(
        0.5, "a scraper's bare link line ('Source link', 'Read the full story')",
        "end with a scraper's bare 'Source link'"),
    "hashtags": SignalRule(
        0.25, "a tail of #hashtags", "end with a tail of #hashtags"),
}
