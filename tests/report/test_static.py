"""The static export (``unspun report --html DIR``) of the web tests' index: the demo
corpus plus hostile pages. Every link resolves to a written file, every page escapes
the payloads, and in Chromium the pages run no script and load nothing from elsewhere."""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from webdata import demo_rows, hostile_rows  # noqa: E402

from unspun.errors import UnspunError  # noqa: E402
from unspun.report.static import MARKER, export_site, exported  # noqa: E402
from unspun.store import Store  # noqa: E402
from unspun.web.links import file_name  # noqa: E402


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import json

    from unspun.pipeline import scan

    folder = tmp_path_factory.mktemp("static-index")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in demo_rows() + hostile_rows()) + "\n",
                      encoding="utf-8")
    db = folder / "index.duckdb"
    scan([corpus], db, engine="inline")
    return db


@pytest.fixture(scope="module")
def site(index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "site"
    with Store(index, read_only=True) as store:
        export_site(store, folder)
    return folder


def _links(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return [unescape(h) for h in re.findall(r'(?:href|src)="([^"]*)"', html)]


def test_every_link_resolves_to_a_written_file(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    reached = {site / "index.html"}
    queue = [site / "index.html"]
    while queue:
        page = queue.pop()
        for href in _links(page):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a publisher's own page, shown as a link to it
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (
                page, href)
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page.relative_to(site), href)
            if target.suffix == ".html" and target not in reached:
                reached.add(target)
                queue.append(target)
    # Every page is reachable from the overview, and the stylesheets are there.
    assert reached == {p.resolve() for p in pages}
    assert (site / "assets" / "style.css").is_file() and (site / "assets" / "site.css").is_file()


def test_a_page_for_every_story_family_relation_document_and_site(index: Path,
                                                                   site: Path) -> None:
    with Store(index, read_only=True) as store:
        have = exported(store)
        stories = store.con.execute("SELECT count(DISTINCT story) FROM stories").fetchall()[0][0]
    assert have["relations"] and have["families"] and have["stories"] and have["sites"]
    for kind, values in have.items():
        for value in values:
            assert (site / kind / file_name(value)).is_file(), (kind, value)
    assert "hostile-copy" in have["documents"]
    assert len(have["stories"]) < stories  # stories of one document get no page


def test_every_page_escapes_the_payloads(site: Path) -> None:
    hostile = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        hostile += "hostile" in html
        assert "<script" not in html.lower(), page
        assert not re.search(r"<[^>]+\son\w+=", html), page
        assert 'href="javascript' not in html.lower(), page
        assert "49{% raw %}" not in html and "style=" not in html, page
        assert 'http-equiv="Content-Security-Policy"' in html, page
    assert hostile >= 5


def test_a_second_export_replaces_the_first_and_other_folders_are_refused(
        index: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    with Store(index, read_only=True) as store:
        first = export_site(store, folder)
        stale = folder / "documents" / "stale.html"
        stale.write_text("old")
        again = export_site(store, folder)
        assert again.pages == first.pages and not stale.exists()
        assert (folder / MARKER).is_file()
        other = tmp_path / "notes"
        other.mkdir()
        (other / "mine.txt").write_text("keep me")
        with pytest.raises(UnspunError, match="not empty"):
            export_site(store, other)
        assert (other / "mine.txt").read_text() == "keep me"


@pytest.mark.browser
def test_exported_pages_run_no_script_in_chromium(site: Path) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("no Chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    hostile = [p for p in site.rglob("*.html") if "hostile" in p.read_text(encoding="utf-8")]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium),
                                             args=["--no-sandbox"])
        page = browser.new_page()
        elsewhere: list[str] = []
        page.on("request", lambda r: None if r.url.startswith("file://")
                else elsewhere.append(r.url))
        for path in [site / "index.html", *hostile[:12]]:
            page.goto(path.as_uri())
            assert page.evaluate("() => window.pwned === undefined"), path
            assert page.title() != "pwned"
        # The stylesheets applied: site.css lays the sections out in a row.
        page.goto((site / "index.html").as_uri())
        assert page.eval_on_selector("nav.nav", "e => getComputedStyle(e).display") == "flex"
        browser.close()
    assert elsewhere == []
