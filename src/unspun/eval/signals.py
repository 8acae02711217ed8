"""Content-farm signals on real news, scanned as a user scans it (``scanned.cached_scan``).

- ``never-tuned``: the 27,554 news-bias articles no rule was ever tuned on (mainstream
  and partisan outlets, 2012–2020, before chatbots wrote news). A leftover-prompt
  (``ai-prompt``) or injected-spam (``spam``) signal on any of them is counted a false
  positive; each must fire on at most ``LIMIT`` of the documents. Every firing is listed
  for a reviewer to read.
- ``syndication``: the 680 scraped AP/Reuters stories of 80 sites.

For each corpus: the documents carrying each signal, and the ``top`` sites by farm score
with their statistics and reasons (these corpora hold no farm by construction: a high
score there is a finding to explain).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

#: The leftover-prompt and spam signals may fire on at most this share of the
#: never-tuned articles.
LIMIT = 0.005
#: The signals whose false positives are measured.
MEASURED = ("ai-prompt", "spam")
CORPORA = ("never-tuned", "syndication")
SPLITS = ("all", *CORPORA)


def evaluate(data_dir: Path, split: str = "all", *, workers: int = 0, top: int = 10,
             cache_dir: Path | None = None) -> dict[str, Any]:
    """Scan each corpus of ``split`` (cached per code version) and measure its signals."""
    from ..signals.sites import document_signals, site_stats
    from ..store import Store
    from .corpora import never_tuned_rows, syndication_rows
    from .scanned import cached_scan

    if split not in SPLITS:
        raise ValueError(f"signals has splits {', '.join(SPLITS)}, not {split!r}")
    result: dict[str, Any] = {"benchmark": "signals", "split": split, "limit": LIMIT}
    for corpus in (CORPORA if split == "all" else (split,)):
        # The names and rows of the news evaluation's scans: one cached index serves both.
        name, rows = (("news-fresh", never_tuned_rows(data_dir)) if corpus == "never-tuned"
                      else ("news-syndication", syndication_rows(data_dir)))
        db = cached_scan(name, rows, cache_dir=cache_dir, workers=workers)
        with Store(db, read_only=True) as store:
            documents = store.document_count()
            fired = document_signals(store)
            sites = site_stats(store)
        carrying = Counter()
        seen: set[tuple[str, str]] = set()
        for row in fired:
            if (row["document"], row["signal"]) not in seen:
                seen.add((row["document"], row["signal"]))
                carrying[row["signal"]] += 1
        measured = {}
        for signal in MEASURED:
            rate = carrying[signal] / documents if documents else 0.0
            measured[signal] = {
                "documents": carrying[signal], "rate": round(rate, 6),
                "within_limit": rate <= LIMIT,
                "firings": [{k: r[k] for k in ("document", "site", "evidence")}
                            for r in fired if r["signal"] == signal]}
        result[corpus] = {
            "rows": len(rows), "documents": documents, "index": str(db),
            "signals": dict(carrying.most_common()), "false_positives": measured,
            "sites": len(sites), "top_sites": [s.to_dict() for s in sites[:top]],
            "top_sites_20_documents": [s.to_dict() for s in sites
                                       if s.documents >= 20][:top]}
    return result


def format_table(result: dict[str, Any]) -> Any:
    """A rich table per corpus: the measured signals' rates, then the top sites."""
    from rich.console import Group
    from rich.table import Table

    from ..report.terminal import plain

    tables = []
    for corpus in CORPORA:
        if corpus not in result:
            continue
        r = result[corpus]
        rates = Table(title=f"signals on {corpus} ({r['documents']:,} documents of "
                            f"{r['rows']:,} rows)")
        for column in ("signal", "documents", "rate", f"within {LIMIT:.1%}"):
            rates.add_column(column, justify="left" if column == "signal" else "right")
        for signal, m in r["false_positives"].items():
            rates.add_row(signal, f"{m['documents']:,}", f"{m['rate']:.4%}",
                          "yes" if m["within_limit"] else "NO")
        rates.caption = "every signal: " + ", ".join(f"{k} {v}" for k, v in
                                                     r["signals"].items())
        sites = Table(title=f"top sites by farm score on {corpus}")
        for column in ("site", "docs", "copies", "score", "interval", "first reason"):
            sites.add_column(column, justify="right" if column in ("docs", "copies")
                             else "left")
        for s in r["top_sites"]:
            low, high = s["farm_score_interval"]
            sites.add_row(plain(s["site"]), str(s["documents"]), str(s["copies"]),
                          f"{s['farm_score']:.2f}", f"{low:.2f}\u2013{high:.2f}",
                          plain(s["reasons"][0]["text"]) if s["reasons"] else "")
        tables += [rates, sites]
    return Group(*tables)
