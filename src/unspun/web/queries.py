"""The read side of an index: the overview and every list, one page at a time.

Plain functions over an open :class:`~unspun.store.Store` returning records; the web app,
its JSON API and the static export all call them. Lists page with LIMIT/OFFSET on an
explicit order with the id as tie-break, so a page is the same on every request; filters
and sort keys are whitelisted, values always passed as parameters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..records import COPY_KINDS, KINDS
from .present import Page, display_title, first_line, is_junk_title, page_number, per_page

if TYPE_CHECKING:
    from ..store import Store

_COPY = sorted(COPY_KINDS)
#: A title on this many documents of one site is the site's chrome, not a headline.
RECURRING_TITLE = 3


@dataclass(slots=True)
class DocRef:
    """A document as lists show it."""

    id: str
    title: str  # the extracted title, or the first line of text when that is junk
    site: str | None
    url: str | None
    published: str | None
    junk_title: bool = False


def doc_refs(store: Store, ids: list[str] | set[str]) -> dict[str, DocRef]:
    """DocRefs of the documents of ``ids`` that exist; texts are read only for the
    first line of those whose title is junk."""
    known = getattr(store, "known_refs", None)
    if known is not None:  # every DocRef, read at once (a static export's reader)
        return {i: known[i] for i in ids if i in known}
    if not ids:
        return {}
    return _refs(store, list(ids))


def all_doc_refs(store: Store) -> dict[str, DocRef]:
    """The DocRef of every document, in three queries."""
    return _refs(store, None)


def _refs(store: Store, ids: list[str] | None) -> dict[str, DocRef]:
    some = "WHERE id = ANY(?::VARCHAR[])" if ids is not None else ""
    rows = store.con.execute(f"SELECT id, title, site, url, published FROM documents {some}",
                             [ids] if ids is not None else []).fetchall()
    titles = list({r[1] for r in rows if r[1]})
    recurring = set(store.con.execute(
        "SELECT site, title FROM documents WHERE title = ANY(?::VARCHAR[]) "
        "GROUP BY site, title HAVING count(*) >= ?", [titles, RECURRING_TITLE]).fetchall()
                    ) if titles else set()
    junk = [r[0] for r in rows if is_junk_title(r[1], recurring=(r[2], r[1]) in recurring)]
    lines = dict(store.con.execute(
        "SELECT id, left(text, 400) FROM documents WHERE rowid IN (SELECT rowid FROM "
        "documents WHERE id = ANY(?::VARCHAR[]))", [junk]).fetchall()) if junk else {}
    return {r[0]: DocRef(r[0], display_title(r[1], first_line(lines.get(r[0])), r[0],
                                             recurring=r[0] in lines), r[2], r[3], r[4],
                         r[0] in lines) for r in rows}


# -- the overview ------------------------------------------------------------------------


@dataclass(slots=True)
class OriginRow:
    family: str
    origin: DocRef
    documents: int
    copies: int  # documents - 1: every member but the origin copies it, or a copy of it


@dataclass(slots=True)
class SiteRow:
    site: str
    documents: int
    copies: int  # its documents that copy another (non-origin members of a family)
    copied: int  # its documents that others copied (origins of families with copies)
    kinds: dict[str, int] = field(default_factory=dict)  # its copies by kind
    farm_score: float | None = None  # None: the index has no signals
    farm_score_interval: tuple[float, float] | None = None


@dataclass(slots=True)
class Overview:
    counts: dict[str, Any]  # store.counts(): what the scan summary says
    copies: int  # documents copied from another
    skipped: dict[str, int]
    last_run: dict[str, Any] | None  # {"run", "started", "summary"}
    timeline: list[tuple[str, dict[str, int]]]  # (month, copies by kind), oldest first
    undated_copies: int
    top_origins: list[OriginRow]
    top_sites: list[SiteRow]


_MEMBER_KIND = f"""
    fam AS (SELECT f.family, f.origin, f.member FROM families f
            JOIN (SELECT family FROM families GROUP BY family HAVING count(*) > 1) big
            USING (family)),
    e AS (SELECT a AS x, b AS y, kind, confidence FROM relations
          WHERE kind IN ({", ".join(f"'{k}'" for k in _COPY)})
          UNION ALL SELECT b, a, kind, confidence FROM relations
          WHERE kind IN ({", ".join(f"'{k}'" for k in _COPY)})),
    member_kind AS (
        SELECT f.family, f.member, arg_max(e.kind, e.confidence) AS kind
        FROM fam f JOIN e ON e.x = f.member
        JOIN fam g ON g.member = e.y AND g.family = f.family
        WHERE f.member <> f.origin GROUP BY f.family, f.member)
"""
"""SQL common table expressions: ``fam`` (members of families with copies) and
``member_kind`` (each copy's kind: that of its strongest copy relation inside its family;
the family page shows the exact tree)."""


def overview(store: Store, top: int = 10) -> Overview:
    q = store.con.execute
    counts = store.counts()
    copies = q("SELECT count(*) FROM families WHERE member <> origin").fetchall()[0][0]
    skipped = dict(q("SELECT reason, count(*) FROM skips GROUP BY reason "
                     "ORDER BY count(*) DESC, reason").fetchall())
    run = q("SELECT run, started, summary FROM runs WHERE summary IS NOT NULL "
            "ORDER BY run DESC LIMIT 1").fetchall()
    import json

    last_run = ({"run": run[0][0], "started": run[0][1], "summary": json.loads(run[0][2])}
                if run else None)
    months: dict[str, Counter[str]] = {}
    undated = 0
    for month, kind, n in q(f"WITH {_MEMBER_KIND} SELECT left(d.published, 7), "
                            "coalesce(k.kind, 'copy'), count(*) FROM fam f "
                            "JOIN documents d ON d.id = f.member "
                            "LEFT JOIN member_kind k USING (family, member) "
                            "WHERE f.member <> f.origin GROUP BY ALL").fetchall():
        if month is None or len(month) < 7:
            undated += n
        else:
            months.setdefault(month, Counter())[kind] += n
    timeline = [(m, dict(months[m])) for m in sorted(months)]
    origins = q("SELECT family, any_value(origin), count(*) AS n FROM families "
                "GROUP BY family HAVING n > 1 ORDER BY n DESC, family LIMIT ?",
                [top]).fetchall()
    refs = doc_refs(store, {o for _, o, _ in origins})
    top_origins = [OriginRow(f, refs[o], n, n - 1) for f, o, n in origins if o in refs]
    return Overview(counts=counts, copies=copies, skipped=skipped, last_run=last_run,
                    timeline=timeline, undated_copies=undated, top_origins=top_origins,
                    top_sites=sites(store, sort="copies", size=top).items)


# -- stories and families ----------------------------------------------------------------


@dataclass(slots=True)
class StoryRow:
    story: str
    lead: DocRef  # origin of its largest family
    families: int
    documents: int
    copies: int
    first: str | None  # earliest and latest publication date
    last: str | None


STORY_SORTS = {"size": "documents DESC, families DESC, story",
               "families": "families DESC, documents DESC, story",
               "date": "last DESC NULLS LAST, story"}


def stories(store: Store, *, sort: str = "size", page: int = 1, size: int | None = None
            ) -> Page[StoryRow]:
    """Stories of more than one document (a story of one document is that document)."""
    n, at = per_page(size), page_number(page)
    order = STORY_SORTS.get(sort, STORY_SORTS["size"])
    # Stories of one document are most of them: they are left out before any join.
    base = ("WITH big AS (SELECT story FROM stories GROUP BY story HAVING count(*) > 1), "
            "s AS (SELECT * FROM stories JOIN big USING (story)), "
            "fs AS (SELECT family, count(*) AS n FROM families WHERE family IN "
            "(SELECT family FROM s) GROUP BY family) "
            "SELECT s.story, count(DISTINCT s.family) AS families, count(*) AS documents, "
            "count(*) FILTER (WHERE f.member <> f.origin) AS copies, "
            "min(d.published) AS first, max(d.published) AS last, "
            "arg_max(f.origin, fs.n) AS lead FROM s "
            "JOIN families f ON f.member = s.member JOIN fs ON fs.family = s.family "
            "JOIN documents d ON d.id = s.member GROUP BY s.story")
    total = store.con.execute(f"SELECT count(*) FROM ({base})").fetchall()[0][0]
    rows = store.con.execute(f"{base} ORDER BY {order} LIMIT ? OFFSET ?",
                             [n, (at - 1) * n]).fetchall()
    refs = doc_refs(store, {r[6] for r in rows})
    return Page([StoryRow(r[0], refs[r[6]], r[1], r[2], r[3], r[4], r[5]) for r in rows],
                total, at, n)


@dataclass(slots=True)
class FamilyRow:
    family: str
    origin: DocRef
    documents: int
    copies: int
    kinds: dict[str, int]  # its copies by kind
    sites: int  # distinct sites among its copies
    last: str | None  # latest publication date of a member


FAMILY_SORTS = {"size": "documents DESC, family", "date": "last DESC NULLS LAST, family",
                "sites": "sites DESC, documents DESC, family"}


def families(store: Store, *, sort: str = "size", site: str | None = None, page: int = 1,
             size: int | None = None) -> Page[FamilyRow]:
    """Families with copies; ``site``: only those whose origin is on that site."""
    n, at = per_page(size), page_number(page)
    order = FAMILY_SORTS.get(sort, FAMILY_SORTS["size"])
    where, params = "", []
    if site:
        where = "WHERE o.site = ?"
        params.append(site)
    base = ("WITH big AS (SELECT family FROM families GROUP BY family HAVING count(*) > 1) "
            "SELECT f.family, any_value(f.origin) AS origin, count(*) AS documents, "
            "count(DISTINCT d.site) FILTER (WHERE f.member <> f.origin) AS sites, "
            "max(d.published) AS last FROM families f JOIN big USING (family) "
            "JOIN documents d ON d.id = f.member GROUP BY f.family")
    base = (f"SELECT b.* FROM ({base}) b JOIN documents o ON o.id = b.origin {where}")
    total = store.con.execute(f"SELECT count(*) FROM ({base})", params).fetchall()[0][0]
    rows = store.con.execute(f"{base} ORDER BY {order} LIMIT ? OFFSET ?",
                             [*params, n, (at - 1) * n]).fetchall()
    names = [r[0] for r in rows]
    kinds: dict[str, dict[str, int]] = {}
    if names:
        for fam, kind, k in store.con.execute(
                f"WITH {_MEMBER_KIND} SELECT family, kind, count(*) FROM member_kind "
                "WHERE family = ANY(?::VARCHAR[]) GROUP BY ALL", [names]).fetchall():
            kinds.setdefault(fam, {})[kind] = k
    refs = doc_refs(store, {r[1] for r in rows})
    return Page([FamilyRow(r[0], refs[r[1]], r[2], r[2] - 1, _ordered(kinds.get(r[0], {})),
                           r[3], r[4]) for r in rows], total, at, n)


def _ordered(kinds: dict[str, int]) -> dict[str, int]:
    return {k: kinds[k] for k in sorted(kinds, key=lambda k: KINDS.index(k) if k in KINDS else 99)}


# -- relations -----------------------------------------------------------------------------


@dataclass(slots=True)
class RelationRow:
    a: DocRef
    b: DocRef
    kind: str
    partial: bool
    source: str | None
    confidence: float
    coverage_a: float
    coverage_b: float
    changes: int


RELATION_KINDS = ("copies", *KINDS, "all")
RELATION_SORTS = {"confidence": "r.confidence DESC, r.a, r.b",
                  "date": "greatest(da.published, db.published) DESC NULLS LAST, r.a, r.b"}


def relations(store: Store, *, kind: str = "copies", site: str | None = None,
              since: str | None = None, until: str | None = None,
              min_confidence: float | None = None, sort: str = "confidence", page: int = 1,
              size: int | None = None) -> Page[RelationRow]:
    """Relations by kind ("copies": every copy kind; "all"), a site on either side,
    either side published in [since, until], at least a confidence."""
    n, at = per_page(size), page_number(page)
    where, params = _relation_filters(kind, site, since, until, min_confidence)
    order = RELATION_SORTS.get(sort, RELATION_SORTS["confidence"])
    base = ("FROM relations r JOIN documents da ON da.id = r.a "
            f"JOIN documents db ON db.id = r.b {where}")
    total = store.con.execute(f"SELECT count(*) {base}", params).fetchall()[0][0]
    # The page's rows first; their change lists (JSON) are read for those rows only.
    rows = store.con.execute(
        f"WITH p AS (SELECT r.a, r.b, r.kind, r.partial, r.source, r.confidence, "
        f"r.coverage_a, r.coverage_b {base} ORDER BY {order} LIMIT ? OFFSET ?) "
        "SELECT p.*, json_array_length(r.changes) FROM p JOIN relations r USING (a, b) "
        "ORDER BY p.confidence DESC, p.a, p.b" if sort != "date" else
        f"WITH p AS (SELECT r.a, r.b, r.kind, r.partial, r.source, r.confidence, "
        f"r.coverage_a, r.coverage_b, greatest(da.published, db.published) AS last "
        f"{base} ORDER BY {order} LIMIT ? OFFSET ?) SELECT p.* EXCLUDE (last), "
        "json_array_length(r.changes) FROM p JOIN relations r USING (a, b) "
        "ORDER BY p.last DESC NULLS LAST, p.a, p.b", [*params, n, (at - 1) * n]).fetchall()
    refs = doc_refs(store, {x for r in rows for x in r[:2]})
    return Page([RelationRow(refs[r[0]], refs[r[1]], *r[2:]) for r in rows], total, at, n)


def _relation_filters(kind: str, site: str | None, since: str | None, until: str | None,
                      min_confidence: float | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if kind == "copies":
        clauses.append("r.kind = ANY(?::VARCHAR[])")
        params.append(_COPY)
    elif kind != "all":
        clauses.append("r.kind = ?")
        params.append(kind)
    if site:
        clauses.append("(da.site = ? OR db.site = ?)")
        params += [site, site]
    if since:
        clauses.append("(da.published >= ? OR db.published >= ?)")
        params += [since, since]
    if until:
        clauses.append("(left(da.published, 10) <= ? OR left(db.published, 10) <= ?)")
        params += [until, until]
    if min_confidence is not None:
        clauses.append("r.confidence >= ?")
        params.append(float(min_confidence))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


# -- sites -----------------------------------------------------------------------------------


SITE_SORTS = {"copies": "copies DESC, documents DESC, site",
              "copied": "copied DESC, documents DESC, site",
              "documents": "documents DESC, site", "name": "site",
              "farm": ""}  # ordered by ``signals.sites.site_stats``


def sites(store: Store, *, sort: str = "copies", page: int = 1, size: int | None = None
          ) -> Page[SiteRow]:
    """Sites (registered domains; "(no site)" for documents without a URL) with their
    documents, the copies they made and their documents others copied."""
    n, at = per_page(size), page_number(page)
    order = SITE_SORTS.get(sort) or SITE_SORTS["copies"]
    base = ("SELECT coalesce(d.site, '(no site)') AS site, count(*) AS documents, "
            "count(*) FILTER (WHERE f.member <> f.origin) AS copies, "
            "count(*) FILTER (WHERE f.member = f.origin AND fs.n > 1) AS copied "
            "FROM documents d LEFT JOIN families f ON f.member = d.id "
            "LEFT JOIN (SELECT family, count(*) AS n FROM families GROUP BY family) fs "
            "ON fs.family = f.family GROUP BY 1")
    total = store.con.execute(f"SELECT count(*) FROM ({base})").fetchall()[0][0]
    scores = _farm_scores(store, None if sort == "farm" else [])
    if sort == "farm" and scores:
        ranked = list(scores)[(at - 1) * n:at * n]
        found = {r[0]: r for r in store.con.execute(
            f"SELECT * FROM ({base}) WHERE site = ANY(?::VARCHAR[])", [ranked]).fetchall()}
        rows = [found[name] for name in ranked if name in found]
    else:
        rows = store.con.execute(f"{base} ORDER BY {order} LIMIT ? OFFSET ?",
                                 [n, (at - 1) * n]).fetchall()
        scores = _farm_scores(store, [r[0] for r in rows])
    kinds: dict[str, dict[str, int]] = {}
    names = [r[0] for r in rows]
    if names:
        for site, kind, k in store.con.execute(
                f"WITH {_MEMBER_KIND} SELECT coalesce(d.site, '(no site)') AS s, k.kind, "
                "count(*) FROM member_kind k JOIN documents d ON d.id = k.member "
                "WHERE coalesce(d.site, '(no site)') = ANY(?::VARCHAR[]) GROUP BY ALL",
                [names]).fetchall():
            kinds.setdefault(site, {})[kind] = k
    return Page([SiteRow(r[0], r[1], r[2], r[3], _ordered(kinds.get(r[0], {})),
                         *scores.get(r[0], (None, None))) for r in rows], total, at, n)


def _farm_scores(store: Store, sites: list[str] | None
                 ) -> dict[str, tuple[float, tuple[float, float]]]:
    """Farm score and interval of ``sites`` (all: None), highest first; empty on an index
    made before signals were stored."""
    from ..errors import UnspunError
    from ..signals.sites import site_stats

    if sites == []:
        return {}
    try:
        return {s.site: (s.farm_score, s.farm_score_interval)
                for s in site_stats(store, sites)}
    except UnspunError:
        return {}
