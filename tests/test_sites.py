"""Sites from the bundled Public Suffix List: the same answers as tldextract, without it."""

from __future__ import annotations

import re

import pytest
import tldextract
from helpers import imported_by
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun import sites
from unspun.sites import site_of

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _tldextract_site(url: str | None) -> str | None:
    """What site_of answered when it asked tldextract (for web addresses: other schemes
    have no site)."""
    # Read as browsers do (see site_of): tldextract alone takes " https://a.com" for "https".
    url = (url or "").translate(str.maketrans("", "", "\t\n\r")).strip("".join(map(chr, range(33))))
    if not url or re.match(r"\s*(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:(?!\d+(?:[/?#]|$))", url, re.I):
        return None
    parts = _EXTRACT(url)
    site = parts.top_domain_under_public_suffix
    if not site:
        host = parts.fqdn or ".".join(p for p in (parts.subdomain, parts.domain) if p)
        site = host.removeprefix("www.")
    return site.lower() or None


_URLS = [
    "https://news.bbc.co.uk/x", "http://localhost:8000/a", None, "", "http://192.168.0.1/x",
    "https://foo.example/x", "https://WWW.Example.COM/a", "https://a.b.c.blogspot.com/",
    "news.bbc.co.uk/x", "//cdn.example.org/a", "https://user:pw@www.nytimes.com:8080/a?b#c",
    "http://[::1]/", "http://[::1", "http://[zz]/", "[2001:db8::1]", "http://1.2.3.4:80",
    "256.1.1.1", "http://1.2.3.4.5", "http://١.2.3.4", "a\u3002b\uff0ebbc\uff61co.uk",
    "http://a..b.com", "http://.com", "http://com.", "mailto:x@bbc.co.uk", " https://bbc.co.uk ",
    "http://xn--zz.com", "http://xn--80ak6aa92e.com/", "http://a.XN--P1AI", "http://www.",
    "http://www.ck", "http://foo.ck", "http://a.www.ck", "http://*.ck", "http://!www.ck",
    "http://kawasaki.jp", "http://x.kawasaki.jp", "http://a.city.kawasaki.jp", "weird scheme://a.com",
    "http://a.公司.cn", "https://s3.amazonaws.com/x", "https://foo.github.io", "ftp://x.gov.uk.",
]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript://bbc.co.uk/%0aalert(1)",
                                 " java\nscript:alert(1)", "data:text/html,x", "mailto:a@bbc.co.uk",
                                 "ftp://ftp.bbc.co.uk/x", "file:///etc/passwd", "a+b://bbc.co.uk"])
def test_only_web_addresses_have_a_site(url: str) -> None:
    assert site_of(url) is None


@pytest.mark.parametrize("url", ["https://news.bbc.co.uk/x", "HTTP://bbc.co.uk", "bbc.co.uk/x",
                                 "bbc.co.uk:8080/x", "localhost:8000", "//bbc.co.uk/x",
                                 " https://bbc.co.uk\n"])
def test_web_addresses_keep_their_site(url: str) -> None:
    assert site_of(url) in ("bbc.co.uk", "localhost")


@pytest.mark.parametrize("url", _URLS)
def test_sites_are_tldextract_s(url: str | None) -> None:
    assert site_of(url) == _tldextract_site(url)


_LABELS = st.sampled_from(["www", "a", "B", "xn--p1ai", "co", "uk", "com", "jp", "ck", "kawasaki",
                           "", "1", "255", "blogspot", "github", "io", "公司", "cn", "ÉCOLE", "*",
                           "!www", "city", "s3", "amazonaws", "xn--", "[::1]"])


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["https://", "", "//", "a+b://", "x y://"]),
       st.sampled_from(["", "u:p@", "@"]), st.lists(_LABELS, min_size=1, max_size=5),
       st.sampled_from(["", "/", ":80/x", ".", "\u3002", "?q", "#f"]))
def test_made_up_hosts_get_tldextract_s_sites(scheme: str, user: str, labels: list[str],
                                              tail: str) -> None:
    url = f"{scheme}{user}{'.'.join(labels)}{tail}"
    assert site_of(url) == _tldextract_site(url)


def test_without_the_snapshot_tldextract_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sites, "_SNAPSHOT", "no-such-file")
    sites._suffixes.cache_clear()
    try:
        assert sites._suffixes() is None
        assert site_of("https://news.bbc.co.uk/x") == "bbc.co.uk"
    finally:
        sites._suffixes.cache_clear()


def test_sites_do_not_import_tldextract() -> None:
    # tldextract imports requests: 0.1 s of CPU in every pool worker
    code = ("from unspun.sites import site_of\n"
            "assert site_of('https://news.bbc.co.uk/x') == 'bbc.co.uk'")
    assert imported_by(code, {"tldextract", "requests"}) == []
