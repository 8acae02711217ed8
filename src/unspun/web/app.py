"""The web app: ``create_app(db)`` → a FastAPI application serving the pages and the API.

Every response carries a Content-Security-Policy that allows scripts, styles and images
from this origin only (no inline script, nothing cross-origin), and pages are Jinja2
templates with autoescape on. Request bodies are capped (413); a scan holding the index
gives 503 with Retry-After; an unknown id a 404 page; nothing answers with a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..check import Checker
from ..errors import IndexBusy, UnspunError
from . import pages
from .access import IndexAccess
from .links import Links
from .search import Searcher

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
#: Largest request body accepted (a check request carries one page's HTML).
MAX_BODY = 5_000_000
RETRY_AFTER = 5
_STATIC = Path(__file__).resolve().parent / "static"
_EVIDENCE_CSS = Path(__file__).resolve().parents[1] / "report" / "templates" / "style.css"
_log = logging.getLogger("unspun.web")


class _Limits:
    """ASGI middleware: security headers on every response; bodies over ``max_body``
    bytes refused with 413 (by Content-Length, or while they stream in)."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"content-security-policy"]
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(self.max_body)(scope, receive, send_with_headers)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except _BodyTooLarge:
            if not started:
                await _too_large(self.max_body)(scope, receive, send_with_headers)


def _confidence(value: str | None) -> float | None:
    """A form's confidence floor: empty means none; anything but 0..1 is refused."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise HTTPException(422, f"confidence {value!r}: give a number from 0 to 1")
    return number


class _BodyTooLarge(Exception):
    pass


def _too_large(limit: int) -> Response:
    return JSONResponse({"detail": f"request body over {limit:,} bytes: send one page at "
                                   "a time"}, status_code=413)


def create_app(db: str | Path, *, warm: bool = True, max_body: int = MAX_BODY) -> FastAPI:
    """The app over the index at ``db`` (opened read-only, a connection per request).

    ``warm``: build the search index and the check's neighbour index in the background
    now, rather than on the first search or check.
    """
    from ..report.render import environment

    path = Path(db)
    if not path.exists():
        raise UnspunError(f"{db} does not exist: run `unspun scan PATH --db {db}` first")
    access = IndexAccess(path)
    checker = Checker(path, connect=access.read, writing=access.write)
    searcher = Searcher(access.read)
    links = Links()
    env = environment()
    app = FastAPI(title="unspun", version=__version__, docs_url=None, redoc_url=None,
                  description="Browse an unspun index and check pages against it. Every "
                              "scraped string in these answers is the publisher's text, "
                              "unescaped: escape it before putting it in HTML.")
    app.state.access, app.state.checker, app.state.searcher = access, checker, searcher
    app.state.links = links

    def html(view: pages.View) -> HTMLResponse:
        page = env.get_template(view.template).render(url=links, index_name=path.name,
                                                      **view.context)
        return HTMLResponse(page, status_code=view.status)

    def error_page(status: int, title: str, message: str, refresh: int | None = None
                   ) -> HTMLResponse:
        return html(pages.View("error.html.j2", {"title": title, "message": message,
                                                 "refresh": refresh}, status))

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(IndexBusy)
    async def busy(request: Request, exc: IndexBusy) -> Response:
        headers = {"Retry-After": str(RETRY_AFTER)}
        message = (f"The index is being written by another process"
                   f"{f' ({exc.pid})' if exc.pid else ''}, most likely a scan; it can be "
                   f"read again when that finishes. Try again in {RETRY_AFTER} seconds.")
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=503, headers=headers)
        response = error_page(503, "The index is busy", message, refresh=RETRY_AFTER)
        response.headers.update(headers)
        return response

    @app.exception_handler(pages.NotFound)
    async def not_found(request: Request, exc: pages.NotFound) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return error_page(404, "Not in this index", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        if exc.status_code == 404:
            return error_page(404, "No such page",
                              f"{request.url.path} is not a page of unspun.")
        return error_page(exc.status_code, "Cannot do that", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
            problems.append(f"{where}: {e.get('msg', 'invalid')}")
        detail = "; ".join(problems) or "invalid request"
        if wants_json(request):
            return JSONResponse({"detail": detail}, status_code=422)
        return error_page(422, "Invalid request", detail)

    @app.exception_handler(UnspunError)
    async def unspun_error(request: Request, exc: UnspunError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return error_page(422, "Cannot do that", str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        _log.exception("error on %s", request.url.path)
        message = "Something went wrong on the server; its log says what."
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        return error_page(500, "Server error", message)

    # -- pages ------------------------------------------------------------------------

    def view(build: Any, *args: Any, **kwargs: Any) -> HTMLResponse:
        with access.read() as store:
            return html(build(store, links, *args, **kwargs))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return view(pages.overview)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(sort: str = "size", page: int = Query(1, ge=1)) -> HTMLResponse:
        return view(pages.stories, sort=sort, page=page)

    @app.get("/stories/{story:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story: str) -> HTMLResponse:
        return view(pages.story, story)

    @app.get("/families", response_class=HTMLResponse, include_in_schema=False)
    def families_page(sort: str = "size", site: str | None = None,
                      page: int = Query(1, ge=1)) -> HTMLResponse:
        return view(pages.families, sort=sort, site=site, page=page)

    @app.get("/families/{family:path}", response_class=HTMLResponse, include_in_schema=False)
    def family_page(family: str) -> HTMLResponse:
        return view(pages.family, family)

    @app.get("/relations", response_class=HTMLResponse, include_in_schema=False)
    def relations_page(kind: str = "copies", site: str | None = None,
                       since: str | None = None, until: str | None = None,
                       min_confidence: str | None = None, sort: str = "confidence",
                       page: int = Query(1, ge=1)) -> HTMLResponse:
        return view(pages.relations, kind=kind, site=site or None, since=since or None,
                    until=until or None, min_confidence=_confidence(min_confidence), sort=sort,
                    page=page)

    @app.get("/relation", response_class=HTMLResponse, include_in_schema=False)
    def relation_page(a: str, b: str) -> HTMLResponse:
        return view(pages.relation, a, b)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(q: str | None = None, site: str | None = None,
                       kind: str | None = None, since: str | None = None,
                       until: str | None = None, min_confidence: str | None = None,
                       sort: str | None = None, page: int = Query(1, ge=1)) -> HTMLResponse:
        with access.read() as store:
            hits, notes = search(store, q)
            return html(pages.documents(
                store, links, query=q or None, hits=hits, notes=notes, site=site or None,
                kind=kind or None, since=since or None, until=until or None,
                min_confidence=_confidence(min_confidence), sort=sort or None, page=page))

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(doc_id: str) -> HTMLResponse:
        return view(pages.document, doc_id)

    @app.get("/sites", response_class=HTMLResponse, include_in_schema=False)
    def sites_page(sort: str = "copies", page: int = Query(1, ge=1)) -> HTMLResponse:
        return view(pages.sites, sort=sort, page=page)

    @app.get("/sites/{site:path}", response_class=HTMLResponse, include_in_schema=False)
    def site_page(site: str, page: int = Query(1, ge=1)) -> HTMLResponse:
        return view(pages.site, site, page=page)

    def search(store: Any, query: str | None) -> tuple[Any, list[str]]:
        from ..check import _runs

        if not query or not query.strip():
            return None, []
        found = searcher.search(store, query, _runs(store))
        return found.hits, found.notes

    app.state.search = search

    # -- assets and API docs -----------------------------------------------------------

    @app.get("/static/style.css", include_in_schema=False)
    def evidence_css() -> FileResponse:
        return FileResponse(_EVIDENCE_CSS, media_type="text/css")

    @app.get("/static/{name}", include_in_schema=False)
    def asset(name: str) -> FileResponse:
        file = _STATIC / name
        if name.startswith(".") or "/" in name or not file.is_file():
            raise HTTPException(404)
        return FileResponse(file)

    from .api import add_api, add_docs

    add_api(app)
    add_docs(app)
    if warm:
        import threading

        def warm_up() -> None:
            from ..check import _runs

            try:
                checker.warm()
                with access.read() as store:
                    state = _runs(store)
                searcher.refresh(state)
            except UnspunError:
                pass  # busy now: built on first use instead

        threading.Thread(target=warm_up, daemon=True).start()
    app.add_middleware(_Limits, max_body=max_body)
    return app
