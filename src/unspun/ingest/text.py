"""Plain-text inputs: one document per file (or per stdin)."""

from __future__ import annotations

from ..errors import InputError
from ..records import RawItem, Skip
from .encoding import SNIFF_BYTES, decode, looks_binary


def read_text(data: bytes, *, id: str, origin: str) -> RawItem | Skip:
    """One plain-text document from its bytes, or the reason it was skipped."""
    if not data.strip():
        return Skip(origin, "empty")
    if looks_binary(data[:SNIFF_BYTES]):
        return Skip(origin, "binary", "control bytes in a text input")
    try:
        text, encoding = decode(data, origin=origin)
    except InputError as error:
        return Skip(origin, error.reason, error.detail)
    if not text.strip():
        return Skip(origin, "empty")
    return RawItem(id=id, origin=origin, text=text, encoding=encoding)
