"""Each page as (template, context): the views the web app serves and the static export
writes. A view reads through ``queries``/``details`` and never knows which of the two
calls it; ``url`` (a ``links.Links``) says where its links go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..records import COPY_KINDS, KINDS
from . import details, queries
from . import documents as document_lists
from .present import Page

if TYPE_CHECKING:
    from ..store import Store
    from .links import Links


@dataclass(slots=True)
class View:
    template: str
    context: dict[str, Any]
    status: int = 200


class NotFound(LookupError):
    """The index has no such story, family, document, site or relation."""


def _sort_href(url_of: Any, params: dict[str, Any]) -> Any:
    return lambda key: url_of(**{**params, "sort": key, "page": None})


def _page_href(url_of: Any, params: dict[str, Any]) -> Any:
    return lambda n: url_of(**{**params, "page": n if n > 1 else None})


def overview(store: Store, url: Links) -> View:
    o = queries.overview(store)
    run = (o.last_run or {}).get("summary") or {}
    matches = bool(run) and all(run.get(k) == v for k, v in (
        ("documents_total", o.counts["documents"]), ("relations", o.counts["relations"]),
        ("families_with_copies", o.counts["families_with_copies"]),
        ("stories_with_several_families", o.counts["stories_with_several_families"])))
    kinds = [(k, o.counts["relations"][k]) for k in KINDS if k in o.counts["relations"]]
    started = str((o.last_run or {}).get("started") or "")
    # "2026-12-07T11:23:47+00:00" as "2026-12-07 11:23 UTC" (scans record UTC).
    started = f"{started[:16].replace('T', ' ')} UTC" if len(started) >= 16 else started
    return View("overview.html.j2", {"o": o, "matches": matches, "relation_kinds": kinds,
                                     "chart": month_chart(o.timeline), "started": started,
                                     "section": "overview"})


def month_chart(timeline: list[tuple[str, dict[str, int]]], width: int = 640,
                height: int = 200) -> dict[str, Any]:
    """Stacked bars of copies per month (an SVG drawn by the template, no script)."""
    if not timeline:
        return {"bars": []}
    first, last = timeline[0][0], timeline[-1][0]
    months = _months(first, last)
    left, bottom, top = 36, 16, 8
    slot = (width - left) / len(months)
    peak = max(sum(c.values()) for _, c in timeline)
    scale = (height - bottom - top) / peak
    at = {m: i for i, m in enumerate(months)}
    order = [k for k in KINDS if k in COPY_KINDS] + ["copy"]
    bars = []
    for month, counts in timeline:
        y = height - bottom
        for kind in order:
            n = counts.get(kind, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            bars.append({"x": round(left + at[month] * slot + slot * 0.1, 1), "y": round(y, 1),
                         "w": round(max(slot * 0.8, 1), 1), "h": round(h, 1), "kind": kind,
                         "n": n, "month": month})
    step = max(1, len(months) // 8)
    ticks = [{"x": round(left + i * slot + slot / 2, 1), "label": m}
             for i, m in enumerate(months) if i % step == 0]
    grid = [{"y": round(height - bottom - f * peak * scale, 1), "label": round(f * peak)}
            for f in (0, 0.5, 1)]
    kinds = [k for k in order if any(b["kind"] == k for b in bars)]
    return {"bars": bars, "ticks": ticks, "grid": grid, "width": width, "height": height,
            "left": left, "kinds": kinds}


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def stories(store: Store, url: Links, *, sort: str = "size", page: int = 1) -> View:
    params = {"sort": sort if sort != "size" else None}
    found = queries.stories(store, sort=sort, page=page)
    return View("stories.html.j2", _listing(found, url.stories, params, sort,
                                            queries.STORY_SORTS, "stories"))


def _listing(found: Page[Any], url_of: Any, params: dict[str, Any], sort: str,
             options: dict[str, str], section: str, **extra: Any) -> dict[str, Any]:
    return {"page": found, "sort": sort if sort in options else next(iter(options)),
            "sort_options": list(options), "sort_href": _sort_href(url_of, params),
            "page_href": _page_href(url_of, params), "section": section, **extra}


def story(store: Store, url: Links, story_id: str) -> View:
    found = details.story(store, story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r} in this index")
    return View("story.html.j2", {"story": found, "chart": story_chart(found),
                                  "section": "stories"})


def story_chart(found: details.StoryDetail, width: int = 900) -> dict[str, Any]:
    """One row per family, a dot per dated document at its date."""
    dated = [d.published[:10] for f in found.families for d in f.members
             if d.published and len(d.published) >= 10]
    if not dated:
        return {"rows": []}
    first, last = date.fromisoformat(min(dated)), date.fromisoformat(max(dated))
    span = max((last - first).days, 1)
    left, right = 190, 20
    rows, undated = [], 0
    for i, f in enumerate(found.families[:30]):
        y = 18 + i * 22
        dots = []
        for j, d in enumerate(f.members):
            if not d.published or len(d.published) < 10:
                undated += 1
                continue
            x = left + (date.fromisoformat(d.published[:10]) - first).days / span * (
                width - left - right)
            dots.append({"x": round(x, 1), "origin": j == 0,
                         "title": f"{d.site or d.id} · {d.published}"})
        label = (f.origin.site or f.origin.id)[:26]
        rows.append({"y": y, "dots": dots, "label": f"{label} ({len(f.members)})"})
    height = 18 + len(rows) * 22 + 10
    # The first date starts at its tick and the last ends at its own: neither is cut.
    ticks = [{"x": left, "label": first.isoformat(), "anchor": "start"},
             {"x": width - right, "label": last.isoformat(), "anchor": "end"}]
    return {"rows": rows, "ticks": ticks, "width": width, "height": height, "left": left,
            "undated": undated}


def families(store: Store, url: Links, *, sort: str = "size", site: str | None = None,
             page: int = 1) -> View:
    params = {"sort": sort if sort != "size" else None, "site": site}
    found = queries.families(store, sort=sort, site=site, page=page)
    return View("families.html.j2", _listing(found, url.families, params, sort,
                                             queries.FAMILY_SORTS, "families", site=site))


def family(store: Store, url: Links, family_id: str) -> View:
    found = details.family(store, family_id)
    if found is None:
        raise NotFound(f"no family {family_id!r} in this index")
    return View("family.html.j2", {"f": found, "section": "families"})


def relations(store: Store, url: Links, *, kind: str = "copies", site: str | None = None,
              since: str | None = None, until: str | None = None,
              min_confidence: float | None = None, sort: str = "confidence",
              page: int = 1) -> View:
    filters = {"kind": kind if kind in queries.RELATION_KINDS else "copies", "site": site,
               "since": since, "until": until, "min_confidence": min_confidence}
    params = {**filters, "kind": None if filters["kind"] == "copies" else filters["kind"],
              "sort": sort if sort != "confidence" else None}
    found = queries.relations(store, **filters, sort=sort, page=page)
    return View("relations.html.j2", _listing(
        found, url.relations, params, sort, queries.RELATION_SORTS, "relations",
        filters=filters, kind_options=queries.RELATION_KINDS, copy_kinds=COPY_KINDS))


def relation(store: Store, url: Links, a: str, b: str) -> View:
    from ..report.evidence import relation_view

    found = details.relation(store, a, b)
    if found is None:
        raise NotFound(f"no relation between {a!r} and {b!r} in this index")
    rel, doc_a, doc_b = found
    fam = store.con.execute("SELECT f.family FROM families f JOIN families g USING (family) "
                            "WHERE f.member = ? AND g.member = ?", [doc_a.id, doc_b.id]
                            ).fetchall()
    view = relation_view(rel, doc_a, doc_b, anchor="r1")
    return View("relation_page.html.j2", {"view": view, "layout": "layout.html.j2",
                                          "section": "relations",
                                          "family": fam[0][0] if fam else None})


def documents(store: Store, url: Links, *, query: str | None = None, hits: Any = None,
              notes: list[str] | None = None, site: str | None = None, kind: str | None = None,
              since: str | None = None, until: str | None = None,
              min_confidence: float | None = None, sort: str | None = None,
              page: int = 1) -> View:
    default = "relevance" if query else "date"
    sort = sort or default
    filters = {"site": site, "kind": kind or None, "since": since, "until": until,
               "min_confidence": min_confidence}
    found = document_lists.documents(store, hits=hits, **filters, sort=sort, page=page)
    found.notes.extend(notes or [])
    params = {**filters, "q": query, "sort": None if sort == default else sort}
    options = dict(document_lists.DOCUMENT_SORTS)
    if not query:
        options.pop("relevance")
    return View("documents.html.j2", _listing(
        found, url.documents, params, sort, options, "documents", query=query,
        filters=filters, kind_options=("copies", *KINDS)))


def document(store: Store, url: Links, doc_id: str) -> View:
    found = details.document(store, doc_id)
    if found is None:
        raise NotFound(f"no document {doc_id!r} in this index")
    return View("document.html.j2", {"d": found, "section": "documents"})


def sites(store: Store, url: Links, *, sort: str = "copies", page: int = 1) -> View:
    params = {"sort": sort if sort != "copies" else None}
    found = queries.sites(store, sort=sort, page=page)
    return View("sites.html.j2", _listing(found, url.sites, params, sort,
                                          queries.SITE_SORTS, "sites"))


def site(store: Store, url: Links, name: str, *, page: int = 1) -> View:
    found = details.site(store, name, page=page)
    if found is None:
        raise NotFound(f"no site {name!r} in this index")

    def href(n: int) -> str | None:
        return url.site(name, page=n)

    return View("site_page.html.j2", {"s": found, "page_href": href, "section": "sites"})
