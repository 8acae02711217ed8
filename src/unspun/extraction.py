"""Extract: HTML → article text (one paragraph per line) + title, author, date, site, language."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np

from .clean.keys import PUNCTUATION
from .errors import InputError
from .ingest import DEFAULT_MAX_BYTES
from .ingest.dates import days_apart, normalise_date, normalise_published
from .ingest.encoding import decode, repair_mojibake
from .limits import count_tags
from .records import Document, RawItem, Skip
from .sites import site_of
from .unwrap import unwrap

#: trafilatura options, tuned on the article-extraction benchmark (see eval/extraction.py).
#: No ``deduplicate``: its cache spans documents (order-dependent), and repeated
#: paragraphs are evidence that cleaning records rather than something to drop silently.
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_recall": False,
    "favor_precision": True,
    "deduplicate": False,
}

_LANGUAGE_SAMPLE = 600  # enough for langid; its cost grows with the text
_MIN_LETTERS = 20
#: Pages opening more elements than this are not parsed (``ScanConfig.max_page_elements``).
DEFAULT_MAX_ELEMENTS = 50_000
#: Fewer words than this from an HTML page is navigation or a form, not an article.
MIN_ARTICLE_WORDS = 10
#: Precision mode sometimes keeps only a teaser; below this many words, also try the
#: balanced mode and keep the longer text.
_RETRY_WORDS = 100
# Horizontal space other than " " (with the spaces after it), then runs of " ": each
# becomes one " ". Two passes with cheap starts, as a lone " " (nearly every match of
# one pattern for all space) is left alone rather than replaced by itself.
_ODD_SPACE_CHARS = "\t\f\v\xa0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE_CHARS}][ {_ODD_SPACE_CHARS}]*")
_SPACE_RUN = re.compile("  +")


# English function words no other language writes often: a sample where they are an
# eighth of the words is English without asking the classifier (~0.4 ms a page). At an
# eighth, py3langid agrees on every such text of SemEval-2022's ten languages that it
# did at a seventh, and three in four of the news articles that reached it no longer do.
_ENGLISH_MARKERS = frozenset(
    "the of and to that for with was is are were this from have has by be it".split())
_ENGLISH_SHARE = 0.12
_SAMPLE_WORDS = re.compile(r"[^\W\d_]+")
# Common punctuation, none of it a letter; and for ASCII, a table that makes letters
# lower-case and every other byte a space.
_PUNCTUATION = PUNCTUATION + "\u2019"
_ASCII_LETTERS = bytes(b | 0x20 if chr(b).isalpha() and b < 128 else 32 for b in range(256))


def _letter_runs(sample: str) -> list[str]:
    """The runs of letters of ``sample`` lower-cased (``_SAMPLE_WORDS`` in ``sample.lower()``)."""
    # Common punctuation is no letter: as a space it splits runs as it did, and most
    # samples are then ASCII, whose runs a byte table and a split find several times
    # faster than the pattern.
    if not sample.isascii():
        for mark in _PUNCTUATION:
            if mark in sample:
                sample = sample.replace(mark, " ")
        if not sample.isascii():
            return _SAMPLE_WORDS.findall(sample.lower())
    return sample.encode("ascii").translate(_ASCII_LETTERS).decode("ascii").split()


def language_of(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` (py3langid), None when there is too little."""
    sample = text[:_LANGUAGE_SAMPLE]
    tokens = _letter_runs(sample)
    # The tokens are the letter runs, and lower-casing keeps the number of letters of
    # every character ("İ" becomes "i" and a combining dot).
    if sum(map(len, tokens)) < _MIN_LETTERS:
        return None
    if tokens and sum(map(_ENGLISH_MARKERS.__contains__, tokens)) >= _ENGLISH_SHARE * len(tokens):
        return "en"
    # py3langid also knows a few languages without a two-letter code; skip to the best
    # ISO 639-1 one.
    for code, _score in _language_identifier().rank(sample):
        if len(code) == 2:
            return str(code)
    return None


def load_extractors() -> None:
    """Import and load what extraction would on first use: trafilatura, htmldate, the
    language identifier. Called before a page's CPU limit is armed, never under it: an
    import the limit interrupts leaves its module half-loaded ("module 'trafilatura' has
    no attribute 'utils'") for every later page of that worker."""
    import htmldate  # noqa: F401
    import trafilatura.utils  # noqa: F401

    _language_identifier()


@cache
def _language_identifier() -> Any:
    """py3langid's identifier, its model unpacked once per machine (``cache``) rather
    than in every worker."""
    import lzma

    import py3langid
    from py3langid import langid

    from .cache import cached_arrays

    path = langid.MODEL_DIR / langid.MODEL_FILE

    def unpack() -> dict[str, np.ndarray]:
        with lzma.open(path) as fh, np.load(io.BytesIO(fh.read())) as data:
            return {name: data[name] for name in data.files}

    try:
        from py3langid.modelio import _to_array

        st = path.stat()
        m = cached_arrays("py3langid", f"{py3langid.__version__}-{st.st_size}-{st.st_mtime_ns}",
                          unpack)
        # As py3langid's own load_model / from_model_file build it.
        return langid.LanguageIdentifier(
            m["ptc"], m["pc"], m["classes"].tolist(), _to_array(m["nextmove"]),
            m["out_feat"].tolist(), tk_row=_to_array(m["nextmove_row"]))
    except (ImportError, OSError, KeyError, TypeError, ValueError, AttributeError):
        # A py3langid whose model file or constructor differs: its own loader.
        return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)


def _page_date(html: str, url: str | None) -> str | None:
    """The latest date htmldate finds in the page (trafilatura already tried the original)."""
    import trafilatura
    from htmldate import find_date

    # A fresh tree: trafilatura prunes the one it gets. Never the string itself: htmldate
    # fetches a string that looks like a URL.
    tree = trafilatura.utils.load_html(html)
    if tree is None:
        return None
    try:
        found = find_date(
            tree,
            extensive_search=True,
            original_date=False,
            url=url,
            max_date=datetime.now().strftime("%Y-%m-%d"),
        )
    except Exception:  # htmldate on hostile markup: a missing date, not a failed page
        return None
    return normalise_date(found)


# Where pages state their publication time: Open Graph / Dublin Core meta tags, JSON-LD.
_TIME_META = re.compile(
    r"""(?:article:published_time|datePublished|publish(?:ed)?[_-]?(?:date|time)|"""
    r"""dc\.date(?:\.issued)?|pubdate)["']?\s*(?:content\s*=\s*|:\s*)["']"""
    r"""(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^"'<>]{0,20})["']""",
    re.IGNORECASE)
#: Characters of a page searched for its publication time (meta tags sit in the head).
_TIME_SEARCH = 300_000


def _meta_time(html: str) -> str | None:
    """The publication time a page states in its metadata, if any."""
    match = _TIME_META.search(html, 0, _TIME_SEARCH)
    return normalise_published(match.group(1)) if match else None


def _with_time(day: str | None, *stamps: str | None) -> str | None:
    """``day``, or the first of ``stamps`` with a time of day on that day (±1: a time in
    UTC may fall on the next or previous local day)."""
    for stamp in stamps:
        if stamp and len(stamp) > 10 and (day is None or (days_apart(day, stamp) or 0) <= 1):
            return stamp
    return day


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    id: str = "",
    published: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Document:
    """The article of an HTML page; raises ``InputError(reason="no-article")`` if none.

    ``published`` (a date from the container: JSONL field, WARC date) is used when the
    page itself carries no date. ``options`` override ``EXTRACT_OPTIONS``.
    Never fetches anything: trafilatura and htmldate only read the given markup.
    """
    if isinstance(html, bytes):
        html, _encoding = decode(html, html=True, origin=id)
    if not isinstance(html, str):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    # Imported here: plain-text and JSONL-text scans never need it (0.3 s per worker).
    import trafilatura

    tree = trafilatura.utils.load_html(html)
    if tree is None:
        raise InputError(id, "no-article", "no HTML document")
    settings = {**EXTRACT_OPTIONS, **(options or {})}
    result = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **settings)
    text = _paragraphs(result.text) if result is not None and result.text else ""
    words = len(text.split())
    if words < _RETRY_WORDS and settings.get("favor_precision"):
        retry = trafilatura.bare_extraction(
            trafilatura.utils.load_html(html),
            url=url,
            with_metadata=True,
            **{**settings, "favor_precision": False},
        )
        retry_text = _paragraphs(retry.text) if retry is not None and retry.text else ""
        if len(retry_text.split()) > words:
            result, text, words = retry, retry_text, len(retry_text.split())
    if words < MIN_ARTICLE_WORDS:
        raise InputError(id, "no-article", f"main text of {words} words")
    page_url = url or result.url or None
    day = normalise_date(result.date) or _page_date(html, page_url) or normalise_date(published)
    published = _with_time(day, _meta_time(html), normalise_published(published))
    return Document(
        id=id,
        text=text,
        url=page_url,
        site=site_of(page_url) or result.sitename or None,
        title=result.title or None,
        published=published,
        author=result.author or None,
        language=language_of(text),
        raw_text=text,
    )


def extract_text(
    text: str, *, id: str = "", url: str | None = None, published: str | None = None
) -> Document:
    """A Document from plain text: paragraphs one per line, no title."""
    # Unwrapped first, so that each line is a paragraph for cleaning and segmentation.
    body = _paragraphs(unwrap(text))
    if not body:
        raise InputError(id, "empty", "no text")
    return Document(
        id=id,
        text=body,
        url=url,
        site=site_of(url),
        published=normalise_published(published),
        language=language_of(body),
        raw_text=body,
    )


def extract_item(item: RawItem, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_elements: int = DEFAULT_MAX_ELEMENTS) -> Document | Skip:
    """A Document from an ingested item, or a Skip; never raises on any input.

    A page of more than ``max_elements`` tags is skipped as ``too-complex`` before it is
    parsed (see ``unspun.limits``).
    """
    try:
        if item.html is not None:
            # Characters ≤ bytes, so this bounds trafilatura's work without encoding.
            if len(item.html) > max_bytes:
                return Skip(item.origin, "too-large", f"{len(item.html)} characters")
            if (tags := count_tags(item.html)) > max_elements:
                return Skip(item.origin, "too-complex", f"{tags} elements, over {max_elements}")
            document = extract_html(item.html, item.url, id=item.id, published=item.published)
            # Repair what was extracted, not the whole page: the text is a tenth of it.
            document.text = document.raw_text = repair_mojibake(document.text)
            document.title = repair_mojibake(document.title) if document.title else None
        elif item.text is not None:
            if len(item.text) > max_bytes:
                return Skip(item.origin, "too-large", f"{len(item.text)} characters")
            document = extract_text(repair_mojibake(item.text), id=item.id, url=item.url,
                                    published=item.published)
        else:
            return Skip(item.origin, "no-content", "neither html nor text")
    except InputError as error:
        return Skip(item.origin, error.reason, error.detail)
    except Exception as error:  # any library failure on hostile input: skip the item
        return Skip(item.origin, "extract-error", f"{type(error).__name__}: {error}"[:300])
    document.origin = item.origin
    return document


def _paragraphs(text: str) -> str:
    """One paragraph per line: normalised spaces, no empty lines."""
    # Most texts hold no "\r": one search for it spares the slower one for "\r\n".
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    if not text.isascii():
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    # Spaces first, over the whole text: no run of them spans a line break, and a run
    # shortened stays a space, so the lines are the same.
    text = _single_spaces(text)
    return "\n".join(row for row in map(str.strip, text.split("\n")) if row)


def _single_spaces(text: str) -> str:
    """Every run of horizontal space (no line breaks) as one " "."""
    # A search for each character is several times cheaper than one for a class of them.
    if any(char in text for char in _ODD_SPACE_CHARS):
        text = _ODD_SPACES.sub(" ", text)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text
