"""Plain-text inputs: one document per file (or per stdin)."""

from __future__ import annotations

from ..errors import InputError
from ..records import RawItem, Skip
from .encoding import SNIFF_BYTES, decode_counted, drop_nul, looks_binary


def read_text(data: bytes, *, id: str, origin: str) -> RawItem | Skip:
    """One plain-text document from its bytes, or the reason it was skipped; NUL bytes
    dropped and undecodable bytes replaced (``RawItem.repairs`` says so)."""
    if not data.strip():
        return Skip(origin, "empty")
    if looks_binary(data[:SNIFF_BYTES]):
        return Skip(origin, "binary", "control bytes in a text input")
    data, nul = drop_nul(data)
    try:
        text, encoding, replaced = decode_counted(data, origin=origin)
    except InputError as error:
        return Skip(origin, error.reason, error.detail)
    if not text.strip():
        return Skip(origin, "empty")
    return RawItem(id=id, origin=origin, text=text, encoding=encoding,
                   repairs=repairs(nul=nul, replaced=replaced))


def repairs(*, nul: bool = False, replaced: int = 0) -> tuple[str, ...]:
    """The repairs made to an input, as counted in the run summary."""
    return (("repaired-nul",) if nul else ()) + (("repaired-undecodable",) if replaced else ())
