"""Where pages link: the web app's paths, or the files of a static export.

Templates ask a ``Links`` object for every address (``url.family(id)``); ``None`` means
the page does not exist in this form (a static export holds no search results, and no
page for a document that takes part in no relation), and the template shows plain text.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlencode

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Links:
    """The web app's addresses (absolute paths)."""

    static = False

    def home(self) -> str:
        return "/"

    def asset(self, name: str) -> str:
        return f"/static/{name}"

    def _list(self, path: str, query: dict[str, object]) -> str | None:
        query = {k: v for k, v in query.items() if v not in (None, "", False)}
        return f"/{path}" + (f"?{urlencode(query)}" if query else "")

    def stories(self, **query: object) -> str | None:
        return self._list("stories", query)

    def families(self, **query: object) -> str | None:
        return self._list("families", query)

    def relations(self, **query: object) -> str | None:
        return self._list("relations", query)

    def documents(self, **query: object) -> str | None:
        return self._list("documents", query)

    def sites(self, **query: object) -> str | None:
        return self._list("sites", query)

    def story(self, story: str) -> str | None:
        return f"/stories/{quote(story, safe='')}"

    def family(self, family: str) -> str | None:
        return f"/families/{quote(family, safe='')}"

    def document(self, doc_id: str) -> str | None:
        return f"/documents/{quote(doc_id, safe='')}"

    def site(self, site: str | None, page: int | None = None) -> str | None:
        path = f"/sites/{quote(site or '(no site)', safe='')}"
        return f"{path}?page={page}" if page and page > 1 else path

    def relation(self, a: str, b: str) -> str | None:
        lo, hi = sorted((a, b))
        return f"/relation?{urlencode({'a': lo, 'b': hi})}"

    def api(self) -> str | None:
        return "/docs"

    def search(self) -> str | None:
        return "/documents"


def file_name(value: str, page: int | None = None) -> str:
    """A file name for an id: its safe characters (cut short) and a hash of the whole;
    ``page`` > 1 names a further page of it."""
    digest = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    slug = _UNSAFE.sub("_", value).strip("._")[:60]
    stem = f"{slug}-{digest}" if slug else digest
    return f"{stem}-p{page}.html" if page and page > 1 else f"{stem}.html"


class StaticLinks(Links):
    """Relative addresses between the files of a static export. Lists have one order
    and are cut into numbered files; single pages exist for what ``exported`` holds."""

    static = True

    def __init__(self, exported: dict[str, set[str]], depth: int = 1) -> None:
        self.exported = exported  # kind -> ids with a page ("story", "family", ...)
        self.up = "../" * depth

    def at(self, depth: int) -> StaticLinks:
        return StaticLinks(self.exported, depth)

    def home(self) -> str:
        return f"{self.up}index.html"

    def asset(self, name: str) -> str:
        return f"{self.up}assets/{name}"

    def _list(self, path: str, query: dict[str, object]) -> str | None:
        page = query.pop("page", None) or 1
        if any(v not in (None, "", False) for v in query.values()):
            return None  # filters and other orders exist only in the web app
        return f"{self.up}{path}/page-{page}.html"

    def _single(self, kind: str, value: str, page: int | None = None) -> str | None:
        if value not in self.exported.get(kind, ()):
            return None
        return f"{self.up}{kind}/{file_name(value, page)}"

    def story(self, story: str) -> str | None:
        return self._single("stories", story)

    def family(self, family: str) -> str | None:
        return self._single("families", family)

    def document(self, doc_id: str) -> str | None:
        return self._single("documents", doc_id)

    def site(self, site: str | None, page: int | None = None) -> str | None:
        return self._single("sites", site or "(no site)", page)

    def relation(self, a: str, b: str) -> str | None:
        lo, hi = sorted((a, b))
        return self._single("relations", f"{lo}\n{hi}")

    def api(self) -> str | None:
        return None

    def search(self) -> str | None:
        return None
