"""The site of a URL: its registered domain ("news.bbc.co.uk" → "bbc.co.uk"), or its host.

The public suffixes are those of the Public Suffix List snapshot that tldextract ships,
read without importing tldextract: its import brings in requests (for list updates this
package never asks for) and its first call parses the list into two tries, 0.12 s of CPU
in every pool worker. The look-up follows tldextract 5's ``TLDExtract(suffix_list_urls=(),
cache_dir=None)`` step by step for public suffixes (private ones, such as "blogspot.com",
are not suffixes there either); the tests hold the two to the same answers. Should the
snapshot not be found, tldextract itself answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from ipaddress import AddressValueError, IPv6Address
from pathlib import Path
from string import ascii_letters, digits
from typing import Any

# As tldextract's suffix_list: a rule starts a line; its private part starts at the marker.
_RULE = re.compile(r"^(?P<suffix>[.*!]*\w[\S]*)", re.UNICODE | re.MULTILINE)
_PRIVATE_MARKER = "// ===BEGIN PRIVATE DOMAINS==="
_SNAPSHOT = ".tld_set_snapshot"
_IPV4 = re.compile(
    r"^(?:(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.)"
    r"{3}(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$",
    re.ASCII,
)
_SCHEME_CHARS = frozenset(ascii_letters + digits + "+-.")  # urllib.parse.scheme_chars
# A scheme, unless what follows the colon is a port ("localhost:8000/a", "bbc.co.uk:80").
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(?!\d+(?:[/?#]|$))")
_URL_IGNORED = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# The ideographic and full-width full stops, which IDNA reads as "." between labels.
_DOTS = ("\u3002", "\uff0e", "\uff61")


@dataclass(frozen=True, slots=True)
class _Suffixes:
    """The public rules ("co.uk", "*.ck", "!www.ck") and the nodes of their trie (labels
    from the right) by path: every rule and each of its right-hand parts ("uk"). Two sets
    of strings are built in half the time of a trie of objects, and say the same."""

    rules: frozenset[str]
    nodes: frozenset[str]


def site_of(url: str | None) -> str | None:
    """The registered domain of ``url`` ("news.bbc.co.uk" → "bbc.co.uk"), or its host
    without "www." when it has no public suffix (".example", ".local", an IP); lower case.

    Only web pages have a site: a URL with a scheme other than http(s) ("javascript:",
    "mailto:", "data:", "ftp:") has none. A URL without a scheme ("bbc.co.uk/news") is
    read as a web address.
    """
    if not url:
        return None
    # As browsers read a URL: without tabs and line breaks ("java\nscript:" is
    # "javascript:"), nor leading and trailing controls and spaces.
    url = url.translate(_URL_IGNORED).strip(_C0_AND_SPACE)
    scheme = _SCHEME.match(url)
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return None
    subdomain, domain, suffix = _split(url)
    if suffix and domain:
        site = f"{domain}.{suffix}"
    else:
        site = ".".join(p for p in (subdomain, domain) if p).removeprefix("www.")
    return site.lower() or None


def _split(url: str) -> tuple[str, str, str]:
    """Subdomain, domain and public suffix of ``url``, as tldextract splits them."""
    suffixes = _suffixes()
    if suffixes is None:
        parts = _tldextract()(url)
        return parts.subdomain, parts.domain, parts.suffix
    host = _host(url)
    for dot in _DOTS:
        host = host.replace(dot, ".")
    if len(host) >= 4 and host[0] == "[" and host[-1] == "]" and _is_ipv6(host[1:-1]):
        return "", host, ""
    labels = host.split(".")
    at = _suffix_start(suffixes, labels)
    if at is None:
        if len(labels) == 4 and host[0].isdecimal() and _IPV4.fullmatch(host):
            return "", host, ""
        return ".".join(labels[:-1]), labels[-1], ""
    return (".".join(labels[:at - 1]) if at >= 2 else "", labels[at - 1] if at > 0 else "",
            ".".join(labels[at:]))


def _suffix_start(suffixes: _Suffixes, labels: list[str]) -> int | None:
    """Index of the first label of the longest public suffix (wildcards and their
    exceptions included), or None when no rule matches."""
    path = ""  # the labels matched so far, as the trie node they reach
    start = at = len(labels)
    for label in reversed(labels):
        key = _decoded(label)
        child = f"{key}.{path}" if at < len(labels) else key
        if child in suffixes.nodes:
            at -= 1
            path = child
            if child in suffixes.rules:
                start = at
            continue
        below = f".{path}" if at < len(labels) else ""
        if f"*{below}" in suffixes.nodes:  # "*.ck" makes any label a suffix, but not "!www.ck"
            return at if f"!{key}{below}" in suffixes.nodes else at - 1
        break
    return None if start == len(labels) else start


def _decoded(label: str) -> str:
    """The label as the list writes it: lower case, punycode decoded."""
    lowered = label.lower()
    if lowered.startswith("xn--"):
        import idna  # rare: only for punycode labels

        try:
            return idna.decode(lowered)
        except (UnicodeError, IndexError):
            pass
    return lowered


def _host(url: str) -> str:
    """The host of a URL-like string, case and IPv6 brackets kept (tldextract's
    lenient parse: no scheme needed, no root label)."""
    authority = _schemeless(url).partition("/")[0].partition("?")[0].partition("#")[0]
    after_userinfo = authority.rpartition("@")[-1]
    if after_userinfo and after_userinfo[0] == "[":
        address, bracket, _ = after_userinfo.partition("]")
        if bracket:
            return f"{address}]"
    return after_userinfo.partition(":")[0].strip().rstrip("." + "".join(_DOTS))


def _schemeless(url: str) -> str:
    slashes = url.find("//")
    if slashes == 0:
        return url[2:]
    if slashes < 2 or url[slashes - 1] != ":" or set(url[:slashes - 1]) - _SCHEME_CHARS:
        return url
    return url[slashes + 2:]


def _is_ipv6(text: str) -> bool:
    try:
        IPv6Address(text)
    except AddressValueError:
        return False
    return True


@cache
def _suffixes() -> _Suffixes | None:
    """The public rules of tldextract's snapshot, or None without one."""
    spec = find_spec("tldextract")  # finds the package without running it
    folders = spec.submodule_search_locations if spec is not None else None
    try:
        text = (Path(next(iter(folders or ()))) / _SNAPSHOT).read_bytes().decode("utf-8")
    except (OSError, StopIteration, UnicodeError):
        return None
    rules = frozenset(_RULE.findall(text.partition(_PRIVATE_MARKER)[0]))
    nodes = set(rules)
    for rule in rules:
        while "." in rule:
            rule = rule.partition(".")[2]
            nodes.add(rule)
    return _Suffixes(rules, frozenset(nodes))


@cache
def _tldextract() -> Any:
    import tldextract

    # The suffix list bundled with tldextract; no download and no cache on disk.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
