"""The static export: ``unspun report --html DIR`` writes the web app's pages as files.

The same views (``web.pages``), templates and Jinja2 environment as ``unspun serve``
(autoescape on, scraped text isolated, only http(s) URLs as links), with
``web.links.StaticLinks`` giving relative addresses between the files, so the folder
can be opened from disk, copied or served by any web server. Layout::

    index.html                      the overview
    assets/style.css, site.css      the stylesheets
    stories/page-1.html …           each list in its default order, 50 rows a page
    stories/<id>-<hash>.html …      one page per story, family, relation, document, site
    sites/<site>-<hash>-p2.html …   further pages of a site's documents

Pages exist for the stories of more than one document, the families with copies, every
relation but the pairs found unrelated, the documents these hold, and every site. A
document in none of them is listed (title, site, date) without a page of its own: its
text is in ``unspun export --what documents``. Filters, other orders and search need the
web app. Every page carries a Content-Security-Policy that allows its stylesheets only.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnspunError
from .render import environment, generated

if TYPE_CHECKING:
    from ..store import Store
    from ..web.pages import View

Progress = Callable[[str, int, int | None], None]
#: The file that marks a folder as an export (a later export may replace its pages).
MARKER = "unspun-export.json"
_KINDS = ("stories", "families", "relations", "documents", "sites")
_CHUNK = 500  # documents (or relations) whose texts are read at once
_ASSETS = {"style.css": Path(__file__).resolve().parent / "templates" / "style.css",
           "site.css": Path(__file__).resolve().parents[1] / "web" / "static" / "site.css"}


@dataclass(slots=True)
class ExportSummary:
    folder: str
    pages: dict[str, int] = field(default_factory=dict)  # files written, by folder
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "pages": dict(self.pages),
                "seconds": round(self.seconds, 2)}


def exported(store: Store) -> dict[str, set[str]]:
    """What gets a page of its own, by kind (relations as "a\\nb", a < b)."""
    q = store.con.execute
    stories = {r[0] for r in q("SELECT story FROM stories GROUP BY story "
                               "HAVING count(*) > 1").fetchall()}
    families = {r[0] for r in q("SELECT family FROM families GROUP BY family "
                                "HAVING count(*) > 1").fetchall()}
    pairs = q("SELECT a, b FROM relations WHERE kind <> 'unrelated'").fetchall()
    documents = {x for pair in pairs for x in pair}
    documents.update(r[0] for r in q(
        "SELECT member FROM families WHERE family IN (SELECT family FROM families "
        "GROUP BY family HAVING count(*) > 1) UNION SELECT member FROM stories WHERE story "
        "IN (SELECT story FROM stories GROUP BY story HAVING count(*) > 1)").fetchall())
    sites = {r[0] for r in q("SELECT DISTINCT coalesce(site, '(no site)') FROM documents"
                             ).fetchall()}
    return {"stories": stories, "families": families,
            "relations": {f"{a}\n{b}" for a, b in pairs}, "documents": documents,
            "sites": sites}


def export_site(store: Store, folder: str | Path, *, progress: Progress | None = None
                ) -> ExportSummary:
    """Write every page of the index into ``folder`` (created; an earlier export there is
    replaced, any other non-empty folder refused)."""
    from ..web import pages
    from ..web.links import StaticLinks, file_name

    start = time.perf_counter()
    root = _prepare(Path(folder))
    have = exported(store)
    index_name = Path(store.path).name
    store = _Reader(store)  # type: ignore[assignment]
    links = StaticLinks(have)
    env = environment()
    stamp = generated()
    summary = ExportSummary(str(root))
    report = progress or (lambda stage, advance, total: None)

    def write(view: View, path: str, depth: int = 1) -> None:
        html = env.get_template(view.template).render(
            url=links.at(depth), index_name=index_name, generated=stamp,
            **view.context)
        target = root / path
        target.write_text(html, encoding="utf-8")
        kind = path.split("/", 1)[0] if depth else "index"
        summary.pages[kind] = summary.pages.get(kind, 0) + 1

    url = links.at(1)
    write(pages.overview(store, links.at(0)), "index.html", depth=0)
    lists: dict[str, Callable[[int], View]] = {
        "stories": lambda n: pages.stories(store, url, page=n),
        "families": lambda n: pages.families(store, url, page=n),
        "relations": lambda n: pages.relations(store, url, page=n),
        "documents": lambda n: pages.documents(store, url, page=n),
        "sites": lambda n: pages.sites(store, url, page=n)}
    for kind, build in lists.items():
        for n, view in _pages(build):
            write(view, f"{kind}/page-{n}.html")
            report(f"{kind} lists", 1, None)
    singles: dict[str, Callable[[str], View]] = {
        "stories": lambda i: pages.story(store, url, i),
        "families": lambda i: pages.family(store, url, i),
        "relations": lambda i: pages.relation(store, url, *i.split("\n", 1)),
        "documents": lambda i: pages.document(store, url, i)}
    for kind, build in singles.items():
        values = _in_stored_order(store, kind, have[kind])
        for at in range(0, len(values), _CHUNK):
            chunk = values[at:at + _CHUNK]
            if kind in ("documents", "relations"):
                store.prefetch({x for v in chunk for x in v.split("\n")})
            for value in chunk:
                write(build(value), f"{kind}/{file_name(value)}")
            report(kind, len(chunk), len(values))
    for name in sorted(have["sites"]):
        for n, view in _pages(lambda n, name=name: pages.site(store, url, name, page=n),
                              lambda view: view.context["s"].pages.pages):
            write(view, f"sites/{file_name(name, n)}")
        report("sites", 1, len(have["sites"]))
    summary.seconds = time.perf_counter() - start
    (root / MARKER).write_text(json.dumps({**summary.to_dict(), "generated": stamp}) + "\n",
                               encoding="utf-8")
    return summary


class _Reader:
    """The index as the views read it during an export: the DocRef of every document
    read at once, and documents read a chunk at a time, in the order they are stored
    (reading one document decompresses the block of texts around it: one at a time,
    45 ms each at 3,000 documents)."""

    def __init__(self, store: Store) -> None:
        from ..web.queries import all_doc_refs

        self._store = store
        self.known_refs = all_doc_refs(store)
        self._documents: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def prefetch(self, ids: set[str]) -> None:
        self._documents = {d.id: d for d in self._store.documents(ids)}

    def documents(self, ids: Any = None, *, raw_text: bool = True) -> list[Any]:
        if ids is not None:
            ids = sorted(set(ids))
            if all(i in self._documents for i in ids):
                return [self._documents[i] for i in ids]
        return self._store.documents(ids, raw_text=raw_text)


def _in_stored_order(store: Any, kind: str, values: set[str]) -> list[str]:
    """Documents and relations (by their first document) in the order their texts are
    stored, so that a chunk's texts sit in few blocks; the rest sorted."""
    if kind not in ("documents", "relations"):
        return sorted(values)
    rank = {r[0]: r[1] for r in store.con.execute(
        "SELECT id, rowid FROM documents").fetchall()}
    return sorted(values, key=lambda v: (rank.get(v.split("\n", 1)[0], -1), v))


def _pages(build: Callable[[int], View],
           count: Callable[[View], int] = lambda view: view.context["page"].pages
           ) -> Iterator[tuple[int, View]]:
    """Page 1 of a list, then every further page it says it has."""
    first = build(1)
    yield 1, first
    for n in range(2, count(first) + 1):
        yield n, build(n)


def _prepare(root: Path) -> Path:
    if root.exists() and not root.is_dir():
        raise UnspunError(f"{root} is a file: give a folder for the pages (or FILE.html "
                          "with --family or --story for one self-contained page)")
    if root.is_dir() and any(root.iterdir()) and not (root / MARKER).exists():
        raise UnspunError(f"{root} is not empty and holds no unspun export: give a new "
                          "or empty folder")
    for kind in (*_KINDS, "assets"):
        shutil.rmtree(root / kind, ignore_errors=True)
        (root / kind).mkdir(parents=True)
    for name, source in _ASSETS.items():
        shutil.copyfile(source, root / "assets" / name)
    return root
