"""HTML inputs: one page per file, per stdin or per WARC record."""

from __future__ import annotations

from ..errors import InputError
from ..records import RawItem, Skip
from .encoding import SNIFF_BYTES, decode_counted, drop_nul, looks_binary
from .text import repairs


def read_html(
    data: bytes,
    *,
    id: str,
    origin: str,
    url: str | None = None,
    published: str | None = None,
    charset: str | None = None,
) -> RawItem | Skip:
    """One HTML page from its bytes (``charset``: from the HTTP header), or a skip; NUL
    bytes dropped and undecodable bytes replaced (``RawItem.repairs`` says so)."""
    if not data.strip():
        return Skip(origin, "empty")
    if looks_binary(data[:SNIFF_BYTES]):
        return Skip(origin, "binary", "binary bytes in an HTML input")
    data, nul = drop_nul(data)
    try:
        html, encoding, replaced = decode_counted(data, declared=charset, html=True,
                                                  origin=origin)
    except InputError as error:
        return Skip(origin, error.reason, error.detail)
    if not html.strip():
        return Skip(origin, "empty")
    return RawItem(id=id, origin=origin, html=html, url=url, published=published,
                   encoding=encoding, repairs=repairs(nul=nul, replaced=replaced))
