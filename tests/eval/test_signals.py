"""The content-farm signals evaluation, on small corpora in place of the real ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun.eval import corpora
from unspun.eval import signals as evaluation

DEMO = Path(__file__).resolve().parents[2] / "src" / "unspun" / "demo" / "corpus"


def test_false_positives_are_counted_listed_and_held_to_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [json.loads(line) for line in open(DEMO / "articles.jsonl", encoding="utf-8")]
    rows = [{k: r.get(k) for k in ("id", "url", "site", "title", "text", "published")}
            for r in rows]
    # Two pages that carry what the measured signals look for.
    prompt = {**rows[0], "id": "with-prompt", "url": "https://farm.example/a",
              "text": "As an AI language model, I cannot rewrite this title.\n" + rows[0]["text"]}
    spam = {**rows[1], "id": "with-spam", "url": "https://farm.example/b",
            "text": "Shopify is the best solution for dropshipping, start today!\n"
                    + rows[1]["text"]}
    rows = rows[:20]
    monkeypatch.setattr(corpora, "never_tuned_rows", lambda _: rows + [prompt, spam])
    monkeypatch.setattr(corpora, "syndication_rows", lambda _: rows[:8])
    result = evaluation.evaluate(tmp_path, workers=1, top=3, cache_dir=tmp_path / "cache")
    fresh = result["never-tuned"]
    assert fresh["rows"] == len(rows) + 2 and fresh["documents"] == len(rows) + 2
    fp = fresh["false_positives"]
    # (The demo corpus holds a simulated scraped copy with a spam line of its own.)
    spammed = {f["document"] for f in fp["spam"]["firings"]}
    assert fp["ai-prompt"]["documents"] == 1 and "with-spam" in spammed
    assert fp["ai-prompt"]["firings"][0]["document"] == "with-prompt"
    share = len(spammed) / fresh["documents"]
    assert fp["spam"]["rate"] == pytest.approx(share, abs=1e-6)
    assert fp["spam"]["within_limit"] is (share <= evaluation.LIMIT)
    assert len(fresh["top_sites"]) == 3
    assert fresh["top_sites"][0]["farm_score"] >= fresh["top_sites"][-1]["farm_score"]
    assert result["syndication"]["documents"] == 8
    assert evaluation.format_table(result) is not None
