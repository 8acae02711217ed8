"""The one Jinja2 environment of every HTML page unspun writes or serves: the evidence
page (``unspun compare --html``), the one-file report, the web app and its static export.

Autoescape is on and no template marks scraped text safe; ``|bdi`` isolates a scraped
string's direction, ``|plain`` drops direction controls where markup cannot isolate them
(``<title>``, attributes), and ``http_url`` lets only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from .safe import BIDI_CONTROLS, visible

#: What each highlight means, in legend order (the colours live in templates/style.css,
#: the terminal's CHANGE_STYLES use the same hues).
CHANGE_LEGEND: dict[str, tuple[str, str]] = {
    "quote": ("altered quote", "a direct quotation of the source, reworded in the copy"),
    "name": ("name", "a name garbled or replaced by another"),
    "number": ("number", "a figure stated differently"),
    "inserted": ("inserted", "short unrelated text injected into the copy (spam, prompts)"),
    "omitted": ("omitted", "source text left out of the copy"),
    "added": ("added", "copy text that is not in the source"),
}

_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The browsing pages (web app and static export) extend the evidence templates' macros.
_SITE_TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment of every HTML page unspun writes or serves: autoescape
    on, so scraped text is escaped unless a template marks it otherwise (none does)."""
    env = Environment(
        loader=FileSystemLoader([str(_SITE_TEMPLATES), str(_TEMPLATES)]),
        autoescape=True,
        undefined=StrictUndefined,  # a typo in a template fails loudly in tests
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(legend=CHANGE_LEGEND, version=__version__, http_url=_http_url)
    env.filters.update(bdi=_bdi, plain=_plain, visible=visible)
    return env


def _bdi(value: object) -> Markup:
    """Scraped text for a page: escaped, its controls visible (``report.safe``), isolated
    from the text around it (a site "\u202egro.swen-detsurt" must neither read as
    "trusted-news.org" nor reorder the date beside it)."""
    return Markup("<bdi>{}</bdi>").format(visible("" if value is None else str(value)))


def _plain(value: object) -> str:
    """Scraped text where markup cannot isolate it (``<title>``, attributes): without
    direction controls."""
    from ..web.present import plain

    return plain("" if value is None else str(value))


#: What a link target must not carry raw: spaces, controls, bidi controls.
_URL_CONTROLS = re.compile(f"[\x00-\x20\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")


def _http_url(url: str | None) -> str | None:
    """The URL when it is http(s), its control characters percent-encoded; a
    ``javascript:`` URL from a scraped page is no link."""
    if url and url.lower().startswith(("http://", "https://")):
        return _URL_CONTROLS.sub(lambda m: quote(m.group(0)), url)
    return None



def generated() -> str:
    """When a page was written, for its footer."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
