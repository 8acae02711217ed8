"""The web app in real Chromium: clicking from the overview to each kind of page, search
and a filter, hostile pages that run no script and load nothing from elsewhere, and the
API docs rendered under the CSP. (The README's screenshots: ``scripts/screenshots.py``.)"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(index: Path) -> Iterator[str]:
    from unspun.web.app import create_app

    app = create_app(index)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is absent in CI: .ci/run must install chromium")
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _tab(browser: Any, origin: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1360, "height": 900})
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(origin) else elsewhere.append(r.url))
    return page, elsewhere


def _unharmed(page: Any) -> None:
    assert page.evaluate("() => window.pwned === undefined"), page.url
    assert page.title() != "pwned", page.url


@pytest.mark.browser
def test_click_from_the_overview_to_every_kind_of_page(browser: Any, server: str) -> None:
    page, elsewhere = _tab(browser, server)
    page.goto(server + "/")
    assert page.locator("#summary h1").is_visible()
    page.click("nav.nav >> text=Stories")
    page.locator("#stories tbody tr a").first.click()
    assert page.locator("#timeline svg").is_visible()
    page.locator("#families h3 a").first.click()
    assert page.locator("ul.tree").is_visible()
    page.locator("ul.tree .node a .pill").first.click()
    assert page.locator("#verdict").is_visible() and page.locator("table.align").is_visible()
    page.locator(".where a").nth(1).click()
    assert page.locator("#text").is_visible()
    page.locator("h1 + p.muted a").first.click()
    assert page.locator(".tiles").first.is_visible()
    assert page.locator("#farm ul.reasons").is_visible()
    page.click("nav.nav >> text=Copies")
    page.select_option("form.filters select[name=kind]", "same-story")
    page.click("form.filters button")
    page.wait_for_url("**kind=same-story**")
    kinds = page.locator("#relations tbody .pill").all_inner_texts()
    assert kinds and set(kinds) == {"same-story"}
    page.fill("header input[name=q]", "Atkinson inspector general")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**q=Atkinson**")
    rows = page.locator("#documents tbody tr")
    assert rows.count() >= 2 and "watchdog" in page.inner_text("#documents")
    assert elsewhere == []
    page.close()


@pytest.mark.browser
def test_hostile_pages_run_no_script_and_load_nothing_from_elsewhere(
        browser: Any, server: str) -> None:
    page, elsewhere = _tab(browser, server)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text
            else None)
    for path in ("/", "/documents/hostile-copy", "/documents?q=pwned", "/relations?kind=all",
                 "/sites", "/families", "/stories"):
        page.goto(server + path)
        _unharmed(page)
    # Every link of the hostile copy's page, followed: its family, relations, site.
    page.goto(server + "/documents/hostile-copy")
    links = [a for a in page.eval_on_selector_all("main a", "as => as.map(a => a.href)")
             if a.startswith(server)]
    assert len(links) >= 3
    for href in links:
        page.goto(href)
        _unharmed(page)
    assert elsewhere == []
    page.close()


@pytest.mark.browser
def test_api_docs_render_every_operation_under_the_csp(browser: Any, server: str) -> None:
    import json
    from urllib.request import urlopen

    with urlopen(server + "/openapi.json") as answer:
        schema = json.load(answer)
    operations = sum(len(methods) for methods in schema["paths"].values())
    page, elsewhere = _tab(browser, server)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() == operations >= 12
    # An operation opens and runs from the page: a check, answered by this server.
    page.click("#operations-check-api_check_api_check_post .opblock-summary")
    page.click("text=Try it out")
    page.fill("textarea.body-param__text", json.dumps({"text": "gardening " * 30}))
    page.click("button.execute")
    status = page.locator(".live-responses-table tbody .response-col_status")
    status.wait_for(timeout=20000)
    assert status.inner_text().strip() == "200"
    assert problems == [] and elsewhere == []
    page.close()
