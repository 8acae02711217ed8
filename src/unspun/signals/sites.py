"""Per-site statistics: documents, copies, originals, delays, kinds, signals, and the farm
score with the reasons behind it, each pointing to example documents.

Read from the index as it stands (families, ``provenance`` and ``signals``); nothing is
stored. Sites are registered domains; documents without one count as "(no site)".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import UnspunError
from ..records import KINDS, SiteReason, SiteStats
from .rules import SIGNALS
from .score import farm_score, farm_score_interval, wilson

if TYPE_CHECKING:
    from ..store import Store

NO_SITE = "(no site)"
#: Below this many documents a site's reasons say that its score is uncertain.
FEW_DOCUMENTS = 20
#: Example documents given with each reason.
EXAMPLES = 3
#: Orders of ``site_stats``: the score, the low end of its interval (the sites surest
#: to score high first), documents, copies.
SORTS = ("score", "low", "documents", "copies")

_SITE = f"coalesce(d.site, '{NO_SITE}')"
#: The kinds a copy can be, in the order of ``KINDS``.
_COPY_KINDS = [k for k in KINDS if k not in ("same-story", "unrelated")]


def site_stats(store: Store, sites: list[str] | None = None, *, sort: str = "score",
               min_documents: int = 1) -> list[SiteStats]:
    """The statistics of every site (or of ``sites``) with at least ``min_documents``."""
    if sort not in SORTS:
        raise UnspunError(f"unknown order {sort!r}: choose one of {', '.join(SORTS)}")
    q = _Queries(store, sites)
    documents = dict(q.rows(f"SELECT {_SITE}, count(*) FROM documents d WHERE {{only}} "
                            "GROUP BY 1"))
    copies = dict(q.rows(f"SELECT {_SITE}, count(*) FROM families f JOIN documents d ON "
                         "d.id = f.member JOIN documents o ON o.id = f.origin WHERE {only} "
                         "AND coalesce(o.site, '') <> coalesce(d.site, '') GROUP BY 1"))
    originals = dict(q.rows(f"SELECT {_SITE}, count(*) FROM families f JOIN documents d ON "
                            "d.id = f.member WHERE {only} AND f.origin = f.member GROUP BY 1"))
    copied = {s: (n, list(ex)) for s, n, ex in q.rows(
        f"SELECT {_SITE}, count(DISTINCT f.origin), list(DISTINCT f.origin ORDER BY "
        f"f.origin)[1:{EXAMPLES}] FROM families f JOIN documents m ON m.id = f.member "
        "JOIN documents d ON d.id = f.origin WHERE {only} "
        "AND coalesce(m.site, '') <> coalesce(d.site, '') GROUP BY 1")}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for s, kind, n in q.rows(f"SELECT {_SITE}, p.kind, count(*) FROM provenance p JOIN "
                             "documents d ON d.id = p.doc WHERE {only} AND p.copy "
                             "GROUP BY 1, 2"):
        kinds[s][kind] = n
    delays = dict(q.rows(f"SELECT {_SITE}, median(p.delay_hours) FROM provenance p JOIN "
                         "documents d ON d.id = p.doc WHERE {only} AND p.copy "
                         "AND p.delay_hours IS NOT NULL GROUP BY 1"))
    credits = {s: c for s, c in q.rows(
        f"SELECT {_SITE}, mode(p.credit) FROM provenance p JOIN documents d ON d.id = p.doc "
        "WHERE {only} AND p.copy AND p.credit IS NOT NULL GROUP BY 1")}
    signals: dict[str, dict[str, tuple[int, list[str]]]] = defaultdict(dict)
    for s, name, n, ex in q.rows(
            f"SELECT {_SITE}, g.signal, count(DISTINCT g.doc), list(DISTINCT g.doc ORDER BY "
            f"g.doc)[1:{EXAMPLES}] FROM signals g JOIN documents d ON d.id = g.doc "
            "WHERE {only} GROUP BY 1, 2"):
        signals[s][name] = (n, list(ex))
    out = []
    for site, n in documents.items():
        if n < min_documents:
            continue
        counts = {name: k for name, (k, _) in signals[site].items()}
        k_copies = copies.get(site, 0)
        low, high = farm_score_interval(counts, n)
        stats = SiteStats(
            site=site, documents=n, copies=k_copies, originals=originals.get(site, 0),
            copied_by_others=copied.get(site, (0, []))[0],
            median_delay_hours=None if delays.get(site) is None else round(delays[site], 1),
            kinds={kind: kinds[site][kind] for kind in _COPY_KINDS},
            signals={name: counts.get(name, 0) for name in SIGNALS},
            copy_share=round(k_copies / n, 4),
            copy_share_interval=tuple(round(x, 4) for x in wilson(k_copies, n)),  # type: ignore[arg-type]
            farm_score=round(farm_score({s: k / n for s, k in counts.items()}), 4),
            farm_score_interval=(round(low, 4), round(high, 4)))
        stats.reasons = reasons(stats, signals[site], copied.get(site, (0, []))[1],
                                credits.get(site))
        out.append(stats)
    keys = {"score": lambda s: (-s.farm_score, -s.documents, s.site),
            "low": lambda s: (-s.farm_score_interval[0], -s.farm_score, s.site),
            "documents": lambda s: (-s.documents, s.site),
            "copies": lambda s: (-s.copies, -s.documents, s.site)}
    return sorted(out, key=keys[sort])


def document_signals(store: Store, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """One row per document and signal (of every document, or of ``ids``): ``document``,
    ``site``, ``signal``, ``evidence``, ``weight``; by document, heaviest signal first."""
    sql = ("SELECT g.doc, d.site, g.signal, g.evidence, g.weight FROM signals g JOIN "
           "documents d ON d.id = g.doc WHERE {only}")
    params: list[Any] = []
    if ids is not None:
        sql += " AND g.doc = ANY(?::VARCHAR[])"
        params.append(list(ids))
    rows = _Queries(store, None).rows(sql + " ORDER BY g.doc, g.weight DESC, g.signal", params)
    return [{"document": doc, "site": site, "signal": signal, "evidence": evidence,
             "weight": weight} for doc, site, signal, evidence, weight in rows]


def reasons(stats: SiteStats, signals: dict[str, tuple[int, list[str]]],
            copied_examples: list[str], credit: str | None) -> list[SiteReason]:
    """Sentences a reviewer can check, the heaviest evidence first, each with examples."""
    n = stats.documents
    out = []
    weighed = sorted((name for name in signals if SIGNALS[name].weight > 0),
                     key=lambda name: (-SIGNALS[name].weight * signals[name][0], name))
    for name in weighed:
        k, examples = signals[name]
        out.append(SiteReason(name, f"{_share(k, n)} {SIGNALS[name].reason} "
                                    f"(signal {name!r}, weight {SIGNALS[name].weight:g})",
                              examples))
    if "republished" in signals:
        k, examples = signals["republished"]
        said = f" ({credit!r})" if credit else ""
        out.append(SiteReason("republished", f"{_share(k, n)} republish another site's "
                                             f"article with its credit{said}: republication, "
                                             "not a farm signal", examples))
    if stats.copied_by_others:
        k = stats.copied_by_others
        out.append(SiteReason("copied-by-others",
                              f"{k} of its articles {'is' if k == 1 else 'are'} the origin of "
                              "another site's copy: it is a source others draw on",
                              copied_examples))
    if not weighed and "republished" not in signals:
        out.append(SiteReason("none", f"none of its {n} documents carries a content-farm "
                                      "signal"))
    if n < FEW_DOCUMENTS:
        low, high = stats.farm_score_interval
        out.append(SiteReason("few-documents",
                              f"only {n} document{'s' if n != 1 else ''}: its farm score "
                              f"could lie anywhere from {low:.2f} to {high:.2f} (95% "
                              "Wilson intervals of its rates)"))
    return out


def _share(k: int, n: int) -> str:
    return f"{k} of {n} document{'s' if n != 1 else ''} ({k / n:.0%})"


class _Queries:
    """Queries limited to some sites (``{only}`` in the SQL), with a clear error on an
    index made before signals were stored."""

    def __init__(self, store: Store, sites: list[str] | None) -> None:
        self.store, self.sites = store, sites

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        only, params = "true", list(params or [])
        if self.sites is not None:
            only = f"{_SITE} = ANY(?::VARCHAR[])"
            params.append(list(self.sites))
        try:
            return self.store.con.execute(sql.replace("{only}", only), params).fetchall()
        except duckdb.CatalogException as exc:
            raise UnspunError(f"{self.store.path} was made before unspun stored content-farm "
                              "signals: `unspun scan` it once (a scan upgrades the index and "
                              "computes them) or scan into a new --db file") from exc
