"""The JSON API under ``/api/`` (one endpoint per page, and ``POST /api/check``) and the
OpenAPI docs page at ``/docs`` (Swagger UI 5 from the ``swagger-ui-bundle-v2``
package, served from this origin: no CDN, no inline script)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException

from ..check import document_from_request
from . import details, queries
from .documents import documents as document_list
from .pages import NotFound


class CheckRequest(BaseModel):
    """A page to check: its text (with optional metadata) or its HTML."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="The article's plain text.")
    html: str | None = Field(None, description="The page's HTML (extracted as a scan would).")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="ISO date, for the direction of a copy.")
    id: str | None = Field(None, description="Its id in the index, with store (default: a "
                                             "hash of the content).")
    store: bool = Field(False, description="Also add the page to the index (a one-page "
                                           "scan: seconds, not milliseconds).")

    @model_validator(mode="after")
    def one_content(self) -> CheckRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give either text or html, not both and not neither")
        if not (self.text or self.html or "").strip():
            raise ValueError("the text or html is empty")
        return self


def add_api(app: FastAPI) -> None:
    access, checker = app.state.access, app.state.checker

    def read(build: Any, *args: Any, **kwargs: Any) -> Any:
        with access.read() as store:
            found = build(store, *args, **kwargs)
        if found is None:
            raise NotFound("not in this index")
        return found.to_dict() if hasattr(found, "to_dict") else asdict(found)

    @app.get("/api/overview", tags=["index"], summary="The overview")
    def api_overview() -> Any:
        """Counts (as in the scan summary), relations by kind, copies by month, the
        most-copied origins and the sites that copy most."""
        return read(queries.overview)

    @app.get("/api/stories", tags=["index"], summary="Stories")
    def api_stories(sort: str = "size", page: int = Query(1, ge=1),
                    per_page: int = Query(50, ge=1, le=200)) -> Any:
        """Stories of more than one document."""
        return read(queries.stories, sort=sort, page=page, size=per_page)

    @app.get("/api/stories/{story:path}", tags=["index"], summary="One story")
    def api_story(story: str) -> Any:
        """A story's families and their documents."""
        return read(details.story, story)

    @app.get("/api/families", tags=["index"], summary="Families")
    def api_families(sort: str = "size", site: str | None = None, page: int = Query(1, ge=1),
                     per_page: int = Query(50, ge=1, le=200)) -> Any:
        """Families with copies; ``site``: origins on that site."""
        return read(queries.families, sort=sort, site=site, page=page, size=per_page)

    @app.get("/api/families/{family:path}", tags=["index"], summary="One family")
    def api_family(family: str) -> Any:
        """A family as a tree: each copy under its source, with kind and share reused."""
        return read(details.family, family)

    @app.get("/api/relations", tags=["index"], summary="Relations")
    def api_relations(kind: str = "copies", site: str | None = None, since: str | None = None,
                      until: str | None = None,
                      min_confidence: float | None = Query(None, ge=0, le=1),
                      sort: str = "confidence", page: int = Query(1, ge=1),
                      per_page: int = Query(50, ge=1, le=200)) -> Any:
        """Relations: ``kind`` is copies (every copy kind), all, or one kind."""
        return read(queries.relations, kind=kind, site=site, since=since, until=until,
                    min_confidence=min_confidence, sort=sort, page=page, size=per_page)

    @app.get("/api/relation", tags=["index"], summary="One relation")
    def api_relation(a: str, b: str) -> Any:
        """One relation with its alignment and changes, and its two documents."""
        with access.read() as store:
            found = details.relation(store, a, b)
        if found is None:
            raise NotFound(f"no relation between {a!r} and {b!r} in this index")
        rel, doc_a, doc_b = found
        out = rel.to_dict()
        out["alignment"] = rel.alignment.to_dict() if rel.alignment else None
        out["documents"] = [doc_a.to_dict(), doc_b.to_dict()]
        return out

    @app.get("/api/documents", tags=["index"], summary="Documents and search")
    def api_documents(request: Request, q: str | None = None, site: str | None = None,
                      kind: str | None = None, since: str | None = None,
                      until: str | None = None,
                      min_confidence: float | None = Query(None, ge=0, le=1),
                      sort: str | None = None, page: int = Query(1, ge=1),
                      per_page: int = Query(50, ge=1, le=200)) -> Any:
        """Documents, filtered; ``q`` searches titles and texts (every word must occur,
        "quoted phrases" as written)."""
        with access.read() as store:
            hits, notes = app.state.search(store, q)
            found = document_list(store, hits=hits, site=site, kind=kind, since=since,
                                      until=until, min_confidence=min_confidence,
                                      sort=sort or ("relevance" if q else "date"), page=page,
                                      size=per_page)
        found.notes.extend(notes)
        return found.to_dict()

    @app.get("/api/documents/{doc_id:path}", tags=["index"], summary="One document")
    def api_document(doc_id: str) -> Any:
        """A document (cleaned text, what cleaning removed) and every relation it is in."""
        with access.read() as store:
            found = details.document(store, doc_id)
        if found is None:
            raise NotFound(f"no document {doc_id!r} in this index")
        out = asdict(found)
        out["document"] = found.document.to_dict()
        return out

    @app.get("/api/sites", tags=["index"], summary="Sites")
    def api_sites(sort: str = "copies", page: int = Query(1, ge=1),
                  per_page: int = Query(50, ge=1, le=200)) -> Any:
        """Sites with their documents, the copies they made and the copies of them."""
        return read(queries.sites, sort=sort, page=page, size=per_page)

    @app.get("/api/sites/{site:path}", tags=["index"], summary="One site")
    def api_site(site: str, page: int = Query(1, ge=1)) -> Any:
        """A site: copies it made, its articles others copied, delays, its documents."""
        return read(details.site, site, page=page)

    @app.post("/api/check", tags=["check"], summary="Check a page against the index")
    def api_check(body: CheckRequest) -> Any:
        """The indexed documents this page copies or was copied by (``relations``, copies
        first; ``source`` names the source's id, the page's own id when the indexed
        document copies it, or null when unknown). Nothing is stored unless ``store``."""
        document = document_from_request(body.model_dump(exclude={"store"}))
        return checker.check(document, store=body.store).to_dict()


_SWAGGER_INIT = Path(__file__).resolve().parent / "static" / "swagger-init.js"
_SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png")


def swagger_ui() -> Path | None:
    """The folder of the newest Swagger UI 5 (or later) installed, if any.

    FastAPI describes its API in OpenAPI 3.1, which Swagger UI 4 cannot read ("Unable to
    render this definition"): the ``swagger-ui-bundle`` package stops at 4.15.5, its fork
    ``swagger-ui-bundle-v2`` ships 5.x under the same module name. Both may be installed
    in one environment (an upgrade leaves the old one), so the folder is looked up rather
    than taken from the module's ``swagger_ui_path``.
    """
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    found = []
    for folder in (Path(swagger_ui_bundle.__file__).parent / "vendor").glob("swagger-ui-*"):
        version = folder.name.removeprefix("swagger-ui-").split(".")
        if all(v.isdigit() for v in version) and int(version[0]) >= 5:
            found.append((tuple(int(v) for v in version), folder))
    return max(found)[1] if found else None


def add_docs(app: FastAPI) -> None:
    bundle = swagger_ui()

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        if bundle is None:
            return HTMLResponse(
                "<!doctype html><title>API docs</title><p>The API is described at "
                "<a href=\"/openapi.json\">/openapi.json</a>; install Swagger UI 5 "
                "(<code>pip install 'unspun[web]'</code>) for this page.</p>")
        # Swagger UI starts from a file (init.js), not an inline script: the CSP forbids
        # those. It needs nothing more than the CSP of every page (no eval, no inline
        # style): React sets its styles through the DOM, which style-src does not cover.
        return HTMLResponse(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>unspun API</title>"
            "<link rel=\"icon\" href=\"/docs/assets/favicon-32x32.png\">"
            "<link rel=\"stylesheet\" href=\"/docs/assets/swagger-ui.css\"></head><body>"
            "<div id=\"swagger-ui\"></div>"
            "<script src=\"/docs/assets/swagger-ui-bundle.js\"></script>"
            "<script src=\"/docs/assets/init.js\"></script></body></html>")

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> FileResponse:
        if name == "init.js":
            return FileResponse(_SWAGGER_INIT, media_type="text/javascript")
        if bundle is None or name not in _SWAGGER_FILES:
            raise HTTPException(404)
        return FileResponse(bundle / name)
