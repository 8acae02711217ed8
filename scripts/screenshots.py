"""Screenshots of the web app's main pages on the demo index, for the README.

Scans the bundled demo corpus into a temporary index, serves it on a free port of
127.0.0.1, and saves what Chromium shows of each page (the first 1360×900 pixels, what a
user sees first) as ``docs/screenshots/<page>.png``:

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Needs the ``web`` and ``dev`` extras and Debian's Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def pages(db: Path) -> dict[str, str]:
    """Each screenshot's address: the largest story and family, a spun copy, the
    family's origin, the site in the most copy relations with other sites, the site with
    the highest farm score (at its signals), a search."""
    from unspun.store import Store

    with Store(db, read_only=True) as store:
        q = store.con.execute
        story = q("SELECT story FROM stories GROUP BY story ORDER BY count(*) DESC, "
                  "count(DISTINCT family) DESC, story LIMIT 1").fetchall()[0][0]
        family, origin = q("SELECT family, any_value(origin) FROM families GROUP BY family "
                           "ORDER BY count(*) DESC, family LIMIT 1").fetchall()[0]
        a, b = q("SELECT a, b FROM relations WHERE kind IN ('spun', 'translated') "
                 "ORDER BY kind = 'spun' DESC, confidence DESC LIMIT 1").fetchall()[0]
        # The site in the most copy relations with other sites, by either side.
        site = q("SELECT d.site FROM relations r JOIN documents d ON d.id IN (r.a, r.b) "
                 "JOIN documents o ON o.id IN (r.a, r.b) AND o.id <> d.id "
                 "WHERE r.kind IN ('verbatim', 'near-duplicate', 'spun', 'translated') "
                 "AND r.source IS NOT NULL AND o.site <> d.site "
                 "GROUP BY d.site ORDER BY count(*) DESC, d.site LIMIT 1").fetchall()[0][0]
        # The site with the highest farm score, scrolled to its signals.
        from unspun.signals.sites import site_stats

        farm = site_stats(store)[0].site
    return {
        "overview": "/",
        "stories": "/stories",
        "story": f"/stories/{quote(story, safe='')}",
        "family": f"/families/{quote(family, safe='')}",
        "relation": "/relation?" + urlencode({"a": a, "b": b}),
        "document": f"/documents/{quote(origin, safe='')}",
        "site": f"/sites/{quote(site, safe='')}",
        "farm": f"/sites/{quote(farm, safe='')}#farm",
        "search": "/documents?" + urlencode({"q": "inspector general"}),
        "docs": "/docs",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    from unspun.check import _runs
    from unspun.demo import corpus_path
    from unspun.pipeline import scan
    from unspun.store import Store
    from unspun.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "unspun-demo.duckdb"
        # Scanned from its own folder, so that pages say "read from articles.jsonl:42"
        # rather than this machine's path to it.
        here = Path.cwd()
        os.chdir(corpus_path().parent)
        try:
            scan([corpus_path().name], db)
        finally:
            os.chdir(here)
        app = create_app(db, warm=False)
        with Store(db, read_only=True) as store:
            app.state.searcher.refresh(_runs(store), wait=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": 1360, "height": 900})
            for name, path in pages(db).items():
                tab.goto(f"http://127.0.0.1:{port}{path}")
                if name == "docs":
                    tab.wait_for_selector(".opblock")
                tab.screenshot(path=str(args.out / f"{name}.png"))
                print(f"{name}: {path}")
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
