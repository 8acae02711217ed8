"""The relation decision: the fast path, same-story rules, the boosted-tree kind model."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.align import prepare_many
from unspun.config import RelateConfig
from unspun.fingerprint.embed import default_encoder
from unspun.records import Document
from unspun.relate import analyse, relate, specific_anchors, story_decision
from unspun.relate.rewrite import matching_blocks

STORY_A = (
    "Senator Lisa Murkowski said on Friday she would vote against the nominee. "
    "Murkowski told reporters in Anchorage that the process had been rushed. "
    "The Alaska Republican joins Susan Collins in opposing a vote before the election. "
    "Trump said the Senate would confirm the nominee by October 29."
)
STORY_B = (
    "Two Republican senators, Lisa Murkowski and Susan Collins, now oppose a quick vote. "
    "Speaking in Anchorage, Murkowski called the timetable unfair to voters. "
    "Party leaders still expect a confirmation vote on October 29, Trump said on Twitter. "
    "Democrats have vowed to use every procedural tool to slow the process."
)
OTHER = (
    "The bakery on Main Street sells sourdough loaves every morning from six. "
    "Its owner learned the craft in Lyon before opening the shop in 2009. "
    "Queues form early on weekends, when the cinnamon rolls sell out by nine."
)


@pytest.fixture(scope="module")
def prepared():
    return prepare_many([STORY_A, STORY_B, OTHER], default_encoder())


def test_a_pair_without_shared_text_takes_the_fast_path(prepared) -> None:
    a, _, other = prepared
    analysis = analyse(a, other)
    assert analysis.features is None  # never measured
    relation = relate(a, other)
    assert relation.kind == "unrelated" and relation.changes == []


def test_specific_anchors_skip_everyday_names_and_years(prepared) -> None:
    a, b, _ = prepared
    shared = specific_anchors(a, b)
    assert "murkowski" in shared and "anchorage" in shared
    assert "trump" not in shared and "senate" not in shared


def test_same_story_needs_dates_within_days(prepared) -> None:
    a, b, _ = prepared
    config = RelateConfig(story_similarity=0.0)
    near = story_decision(a, b, Document("a", STORY_A, published="2020-09-20"),
                          Document("b", STORY_B, published="2020-09-21"), config)
    far = story_decision(a, b, Document("a", STORY_A, published="2020-09-20"),
                         Document("b", STORY_B, published="2021-03-02"), config)
    assert near[0] == "same-story"
    assert far[0] == "unrelated" and "days apart" in far[2]


_WORDS = st.lists(st.sampled_from("abcd"), max_size=14)


@settings(max_examples=400, deadline=None)
@given(_WORDS, _WORDS)
def test_matching_blocks_give_difflibs_opcodes(a, b):
    # The lean matcher must break ties exactly as difflib does: the same opcodes once
    # adjacent blocks are joined, and the same matched size.
    ops, i, j = [], 0, 0
    for ai, bj, size in matching_blocks(a, b):
        tag = ("replace" if i < ai and j < bj else "delete" if i < ai
               else "insert" if j < bj else "")
        if tag:
            ops.append((tag, i, ai, j, bj))
        if size and ops and ops[-1][0] == "equal" and ops[-1][2] == ai and ops[-1][4] == bj:
            ops[-1] = ("equal", ops[-1][1], ai + size, ops[-1][3], bj + size)
        elif size:
            ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    assert ops == matcher.get_opcodes()
    assert matching_blocks(a, b)[-1] == (len(a), len(b), 0)
