"""The kind of a measured pair: rules for whole-sentence copies, then the fitted model."""

from __future__ import annotations

from ..config import RelateConfig
from ..kind_model import load_model, probabilities
from .features import FEATURE_NAMES, Features

#: Parameters fitted on train data only (PAN 2013 train, news-bias negatives, MRPC and
#: SemEval train) by ``scripts/fit_relate.py``.
#: The classes of the kind model, in the order of its weight rows.
CLASSES: tuple[str, ...] = ("verbatim", "random", "translation", "summary", "none")
#: The kind a copy gets for each class (verbatim splits into verbatim / near-duplicate).
CLASS_KIND = {"verbatim": "verbatim", "random": "spun", "translation": "translated",
              "summary": "summary", "none": "unrelated"}



def class_probabilities(f: Features) -> dict[str, float]:
    """The kind model's probability of each class."""
    return probabilities(f.vector(), FEATURE_NAMES)


def copy_kind(f: Features, config: RelateConfig, *, news: bool = False,
              garbled: int = 0, cut: bool = False) -> tuple[str, dict[str, float]]:
    """The kind of a measured pair ("unrelated" when no copy), and the class probabilities.

    ``news``: the two were published within days of each other; ``garbled``: names are
    spelled differently in aligned sentences (see ``reworded_kind``); ``cut``: one of the
    texts ends cut short (a truncated copy is no edited version, see ``edited_version``).
    """
    edited = edited_version(f) and not cut
    # Whole sentences copied unchanged (or words in long runs, when scraping glued
    # paragraphs and moved sentence breaks): no model needed. Enough text, or all of a
    # short text (a teaser is its one sentence).
    aligned = min(f.aligned_source, f.aligned_copy)
    whole = max(f.coverage_source, f.coverage_copy) >= config.whole_text
    if ((f.same_share >= config.verbatim_same or f.long_runs >= config.verbatim_runs)
            and (aligned >= config.min_aligned_chars
                 or (whole and aligned >= config.min_whole_chars))):
        return ("near-duplicate" if edited else "verbatim"), {"verbatim": 1.0}
    probs = class_probabilities(f)
    # Most of one text aligned sentence by sentence is a copy whatever the model's doubt
    # (independent coverage of a story never aligns so: on news-bias candidates, under
    # 0.45 of either text); the model then only says how it was made.
    aligned = (f.pairs >= config.copy_pairs
               and max(f.coverage_source, f.coverage_copy) >= config.copy_coverage)
    # So are several sentences copied word for word or barely edited, most of their
    # words in runs of six or more: a wire story's write-through keeping some paragraphs,
    # a digest's item. (Independent reports of one event never share such runs; shared
    # quotations are set apart afterwards, see ``gates``.)
    copied = (f.pairs >= config.copy_pairs and f.long_runs >= config.copied_runs
              and min(f.aligned_source, f.aligned_copy) >= config.copied_chars)
    # Otherwise "none" wins whenever its probability clears the fitted bar (chosen on
    # train to hold false positives under budget), not only when it is the most likely.
    if (not (aligned or copied)
            and probs.get("none", 0.0) >= load_model()["kind_model"]["none_threshold"]):
        return "unrelated", probs
    best = max((c for c in probs if c != "none"), key=probs.__getitem__)
    kind = CLASS_KIND[best]
    if kind == "summary" and f.cover_run < config.summary_run and not aligned:
        # A summary condenses a passage: several copy sentences in the source's order,
        # each held by a few source sentences. One such sentence (or shared names) is
        # what any two articles on the same people have (PAN's "summary" pairs mostly
        # share only that, see scripts/fit_relate.py).
        return "unrelated", probs
    if kind == "verbatim" and (f.same_share < config.verbatim_same or edited):
        kind = "near-duplicate"
    if kind in ("spun", "translated"):
        kind = reworded_kind(kind, f, config, news=news, garbled=garbled)
    elif kind == "summary" and news and f.long_runs >= config.edited_runs:
        kind = "near-duplicate"  # an edited version's paragraphs, as in reworded_kind
    return kind, probs


#: A copy word for word is ``verbatim`` when one text holds nearly all of the other
#: (a republication, an excerpt); when neither does but each shares this much, the two
#: are versions of one article, each with text of its own (sentences added and dropped
#: around the kept ones): ``near-duplicate``, as the rubric of the news labels has it.
#: (A digest's item is a small part of both, and stays ``verbatim``.)
EDITED_WHOLE = 0.9
EDITED_SHARE = 1 / 3


def edited_version(f: Features) -> bool:
    """Whether two texts sharing passages word for word are two versions of one article:
    neither nearly whole in the other, each a third shared at least."""
    coverage = (f.coverage_source, f.coverage_copy)
    return max(coverage) < EDITED_WHOLE and min(coverage) >= EDITED_SHARE


def spinner_swaps(f: Features, config: RelateConfig) -> bool:
    """The copy keeps the source's syntax (its function words in order, nothing deleted)
    and swaps words one for one in place: what a spinner does, never an independent
    writer."""
    return keeps_syntax(f, config) and f.swapped >= config.spun_swaps


def keeps_syntax(f: Features, config: RelateConfig) -> bool:
    return f.function_kept >= config.syntax_kept and f.deleted <= config.syntax_deleted


def reworded_kind(kind: str, f: Features, config: RelateConfig, *, news: bool,
                  garbled: int) -> str:
    """The model's spun or translated, checked against the evidence it must rest on.

    - A copy that keeps the source's syntax (its function words in order, nothing
      deleted) is ``translated`` when it garbles names (``garbled``: names spelled
      otherwise in aligned sentences), as machine translation does, and ``spun`` when it
      swaps words in place without doing so: a spinner's synonyms.
    - Otherwise ``translated`` needs the model's call on a pair that is not two news
      articles of the same days (the model learned round trips from PAN's essays, where
      nothing else tells); between news articles of the same days, a reworded copy that
      keeps most of its words in runs of six or more is the same article edited (an
      update, a wire story's write-through): ``near-duplicate``; one without
      translationese is ``spun`` (paraphrased sentence by sentence).
    """
    if keeps_syntax(f, config) and garbled >= config.garbled_names:
        return "translated"
    if spinner_swaps(f, config):
        return "spun"
    if not news:
        return kind
    if f.long_runs >= config.edited_runs:
        return "near-duplicate"
    if kind == "translated" and not garbled:
        return "spun"
    return kind


def kind_reason(kind: str, f: Features, config: RelateConfig, *, garbled: int = 0) -> str:
    """Why the pair is of this kind, in the terms of the rule or evidence that decided."""
    if kind == "verbatim":
        if f.same_share < config.verbatim_same:
            return (f"copied word for word: {f.long_runs:.0%} of the copy's words in runs of "
                    f"six or more, the sentence breaks moved")
        return f"{f.same_share:.0%} of the copied text is identical to the source"
    if kind == "near-duplicate":
        if edited_version(f):
            return (f"an edited version: {f.same_share:.0%} of the shared text identical, "
                    f"but each text keeps its own ({f.coverage_source:.0%} and "
                    f"{f.coverage_copy:.0%} shared)")
        return (f"small edits: {f.same_share:.0%} identical sentences, {f.long_runs:.0%} of "
                f"the words in runs of six or more, word overlap {f.dice:.2f}")
    if kind == "summary":
        return (f"condensed: the copy's aligned text is {f.ratio:.0%} the length of the "
                f"source passage")
    if kind == "spun":
        if spinner_swaps(f, config):
            return (f"spun: {f.swapped:.0%} of the words swapped one for one in sentences "
                    f"otherwise kept as they were (word overlap {f.dice:.2f}, cosine {f.semantic:.2f})")
        return (f"reworded sentence by sentence: word overlap {f.dice:.2f} with meaning kept "
                f"(cosine {f.semantic:.2f})")
    if garbled:
        return (f"machine-translated: the source's syntax kept with {garbled} name(s) "
                f"garbled, as a round trip through another language does (cosine "
                f"{f.semantic:.2f}, word overlap {f.dice:.2f})")
    return (f"meaning kept (cosine {f.semantic:.2f}) with most words changed (overlap "
            f"{f.dice:.2f}): a round-trip translation")
