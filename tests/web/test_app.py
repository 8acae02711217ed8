"""The web app and its API, in process, on a scanned index with hostile pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from webdata import HOSTILE_URL, ORIGINAL, PAYLOADS, demo_rows, hostile_rows

from unspun.report.safe import visible

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from unspun.web.app import CSP, create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(index: Path) -> TestClient:
    app = create_app(index, warm=False)
    app.state.searcher.refresh(_state(index), wait=True)
    return TestClient(app, raise_server_exceptions=False)


def _state(index: Path):
    from unspun.check import _runs
    from unspun.store import Store

    with Store(index, read_only=True) as store:
        return _runs(store)


def _kind(path: str) -> tuple[str, int, tuple[str, ...]]:
    """A page's kind: its route (``/documents/<id>``: "documents", 2) and query keys."""
    route, _, query = path.partition("?")
    parts = route.strip("/").split("/")
    return parts[0], len(parts), tuple(sorted(q.partition("=")[0] for q in query.split("&") if q))


def crawl(client: TestClient, limit: int = 400, per_kind: int | None = None) -> dict[str, str]:
    """Every page reachable by links from /, by address: what a user can click to
    (``per_kind``: at most so many pages of each kind, ``_kind``, besides the hostile
    pages, which are always read)."""
    seen: dict[str, str] = {}
    kinds: Counter[tuple[str, int, tuple[str, ...]]] = Counter()
    queue = ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        if per_kind is not None and "hostile" not in path:
            if kinds[_kind(path)] >= per_kind:
                continue
            kinds[_kind(path)] += 1
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert response.headers["content-security-policy"] == CSP
        seen[path] = response.text
        if "text/html" not in response.headers["content-type"]:
            continue
        for href in re.findall(r'href="([^"]+)"', response.text):
            href = unescape(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("/static/") or href == "/docs":
                continue
            queue.append(href)
    return seen


def test_every_kind_of_page_from_the_overview_escapes_the_payloads(client: TestClient) -> None:
    # Four pages of each kind (route and query keys) and every hostile page: reading
    # all 300-odd pages tells no more and took half a minute.
    pages = crawl(client, per_kind=4)
    assert {_kind(p)[0] for p in pages} >= {"", "documents", "families", "stories", "sites",
                                            "relations"}
    hostile = [p for p in pages if "hostile" in p]
    assert hostile, "the hostile pages must be reachable"
    assert any("{{7*7}}{% raw %}" in pages[p] for p in hostile)
    for path, html in pages.items():
        assert "<script" not in html.lower(), path
        assert "onerror=" not in html.replace("onerror=&#34;", "").replace(
            "onerror=&quot;", ""), path
        assert 'href="javascript' not in html.lower(), path
        assert "49{% raw %}" not in html, path  # a template payload is text, not evaluated
        assert "style=" not in html, path  # the CSP forbids inline styles


def test_scraped_strings_are_bidi_isolated(client: TestClient) -> None:
    html = client.get("/documents/hostile-copy").text
    # The title holds a right-to-left override: shown as an escape, never obeyed, inside
    # its own <bdi>.
    shown = re.escape(visible(PAYLOADS[3]))
    assert PAYLOADS[3] != visible(PAYLOADS[3]) and "\u202e" not in html
    assert re.search(f"<h1><bdi>[^<]*{shown}[^<]*</bdi></h1>", html)
    assert re.search(f"<bdi>[^<]*{shown}[^<]*</bdi>", client.get("/relations").text)
    # A URL that is not http(s) is shown as text, never as a link.
    assert "javascript:window.pwned" in html and f'href="{HOSTILE_URL}' not in html


def test_overview_counts_match_the_scan_summary(client: TestClient, index: Path) -> None:
    from unspun.store import Store

    with Store(index, read_only=True) as store:
        summary = json.loads(store.con.execute(
            "SELECT summary FROM runs ORDER BY run DESC LIMIT 1").fetchall()[0][0])
    data = client.get("/api/overview").json()
    assert data["counts"]["documents"] == summary["documents_total"]
    assert data["counts"]["relations"] == summary["relations"]
    assert data["counts"]["families_with_copies"] == summary["families_with_copies"]
    assert (data["counts"]["stories_with_several_families"]
            == summary["stories_with_several_families"])
    assert "the same counts" in client.get("/").text


def test_family_counts_say_what_they_count_and_the_origin_is_no_copy(
        client: TestClient) -> None:
    families = client.get("/api/families").json()
    assert families["total"] >= 1
    for row in families["items"]:
        assert row["copies"] == row["documents"] - 1
        tree = client.get(f"/api/families/{row['family']}").json()

        def walk(node: dict) -> list[str]:
            return [node["doc"]["id"]] + [x for c in node["children"] for x in walk(c)]

        ids = walk(tree["tree"])
        assert len(ids) == len(set(ids)) == row["documents"]
        assert ids[0] == row["origin"]["id"] and tree["tree"]["kind"] is None
        page = client.get(f"/families/{row['family']}").text
        noun = "copy" if row["copies"] == 1 else "copies"
        assert f"{row['documents']} documents, {row['copies']} {noun}" in page


def test_the_hostile_copy_is_in_the_family_of_its_original(client: TestClient) -> None:
    doc = client.get("/api/documents/hostile-copy").json()
    assert doc["family"] and doc["origin"]["id"] != "hostile-copy"
    family = client.get(f"/api/families/{doc['family']}").text
    assert ORIGINAL in family and "hostile-copy" in family


def test_unknown_ids_get_a_404_page_not_a_traceback(client: TestClient) -> None:
    for path in ("/documents/no-such-id", "/families/family:none", "/stories/story:none",
                 "/sites/no.such.site", "/relation?a=x&b=y", "/no/such/page"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.text and "<h1>" in response.text
    assert client.get("/api/documents/no-such-id").json()["detail"]


def test_bad_requests_get_readable_errors(client: TestClient) -> None:
    bad = client.post("/api/check", content=b"{not json", headers={
        "content-type": "application/json"})
    assert bad.status_code == 422 and "JSON" in bad.json()["detail"]
    both = client.post("/api/check", json={"text": "a", "html": "<p>a</p>"})
    assert both.status_code == 422 and "either text or html" in both.json()["detail"]
    big = client.post("/api/check", content=b"x" * 6_000_000,
                      headers={"content-type": "application/json"})
    assert big.status_code == 413 and "bytes" in big.json()["detail"]
    assert client.get("/relations?min_confidence=7").status_code == 422


def test_check_finds_the_original_of_an_edited_copy(client: TestClient) -> None:
    source = next(r for r in demo_rows() if r["id"] == "OwN5m6aTzodMK8Xa")
    words = source["text"].split(" ")
    for i in range(5, len(words), 40):
        words[i] = "banana"
    answer = client.post("/api/check", json={"text": " ".join(words),
                                             "title": source["title"]}).json()
    assert answer["relations"][0]["id"] == "OwN5m6aTzodMK8Xa"
    assert answer["relations"][0]["kind"] in ("verbatim", "near-duplicate")
    # One word in forty swapped: the copied passages still span nearly all of the page.
    spans = [p["checked"] for p in answer["relations"][0]["passages"]]
    assert sum(end - start for start, end in spans) >= 0.9 * answer["document"]["characters"]
    assert answer["seconds"] < 30
    unrelated = client.post("/api/check", json={
        "text": "The committee approved the new budget for the public library. " * 8}).json()
    assert all(r["kind"] not in ("verbatim", "near-duplicate") for r in unrelated["relations"])


def test_search_and_filters(client: TestClient) -> None:
    found = client.get("/api/documents", params={"q": "Atkinson inspector"}).json()
    assert ORIGINAL in [row["doc"]["id"] for row in found["items"]]
    assert not client.get("/api/documents", params={"q": "zzzqqxnotaword"}).json()["total"]
    copies = client.get("/api/relations", params={"kind": "verbatim"}).json()
    assert all(r["kind"] == "verbatim" for r in copies["items"])
    strong = client.get("/api/relations", params={"kind": "all", "min_confidence": 0.9}).json()
    assert all(r["confidence"] >= 0.9 for r in strong["items"])


def test_pages_stay_the_same_across_requests(client: TestClient) -> None:
    first = client.get("/api/documents", params={"per_page": 5, "page": 2}).json()
    again = client.get("/api/documents", params={"per_page": 5, "page": 2}).json()
    assert first == again and len(first["items"]) == 5


def test_a_writer_process_gets_a_503_with_a_retry_hint(client: TestClient,
                                                        index: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"con = duckdb.connect({str(index)!r})\nprint('locked', flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        page = client.get("/")
        assert page.status_code == 503 and page.headers["retry-after"]
        assert "being written by another process" in page.text
        api = client.post("/api/check", json={"text": "word " * 50})
        assert api.status_code == 503 and api.headers["retry-after"]
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    while client.get("/").status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_a_sites_page_gives_its_farm_score_reasons_and_signals(client: TestClient) -> None:
    from urllib.parse import quote

    site = hostile_rows()[0]["site"]  # the hostile copy's site: hostile text too
    data = client.get(f"/api/sites/{quote(site, safe='')}").json()
    farm = data["farm"]
    assert farm["copies"] == 1 and farm["signals"]["republished"] == 1
    assert farm["signals"]["ai-prompt"] == 1 and farm["farm_score"] > 0
    html = client.get(f"/sites/{quote(site, safe='')}").text
    assert 'id="farm"' in html and 'id="signal-counts"' in html
    # The credit it gives (the wire's, in its text) is scraped text, isolated in the reason.
    reason = re.search(r"<li><bdi>([^<]*republication[^<]*)</bdi>", html)
    assert reason and "(AP)" in reason.group(1)
    # Each reason with examples links to them.
    assert 'href="/documents/hostile-copy"' in html.split('id="farm"')[1]
    doc = client.get("/documents/hostile-copy").text
    assert re.search(r'id="signals".*ai-prompt.*<bdi>[^<]*&lt;img src=x', doc, re.S)
    api = client.get("/api/documents/hostile-copy").json()
    # The payload line appended to the copied text is an insertion, which a credited
    # verbatim copy's evidence names without scoring it.
    found = {g["signal"]: g["evidence"] for g in api["signals"]}
    assert set(found) == {"ai-prompt", "republished"}
    assert "inserted-text: not scored" in found["republished"]


def test_sites_can_be_ordered_by_farm_score(client: TestClient) -> None:
    html = client.get("/sites?sort=farm").text
    scores = [float(x) for x in re.findall(r'<td class="num">(\d\.\d\d)</td></tr>', html)]
    assert scores and scores == sorted(scores, reverse=True) and scores[0] > 0
    assert "<b>farm</b>" in html  # the current order
