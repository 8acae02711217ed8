"""Bytes to text: sniff binaries, honour declared charsets, detect the rest, repair mojibake."""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

#: How much of the start of a payload the sniffers look at.
SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"BZh",
    b"\xfd7zXZ",
    b"(\xb5/\xfd",
    b"\x1f\x8b",
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: browsers decode these labels as windows-1252, and pages rely on it.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "l1": "cp1252",
}
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13} | {127})
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|\?xml)\b",
    re.I | re.S,
)
_HTML_TAG = re.compile(rb"<(?:html|body|div|p|article|h1|title)\b", re.I)

# Mojibake: UTF-8 bytes decoded as cp1252. Each UTF-8 byte shows up as the character that
# cp1252 (or latin-1, for the five bytes cp1252 leaves undefined) maps it to.
_BYTE_CHAR = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0x100)}
_CHAR_BYTE = {chr(b): b for b in range(0x80, 0x100)} | {c: b for b, c in _BYTE_CHAR.items()}


def _class(lo: int, hi: int) -> str:
    chars = {_BYTE_CHAR[b] for b in range(lo, hi + 1)} | {chr(b) for b in range(lo, hi + 1)}
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


_CONT = _class(0x80, 0xBF)
_MOJIBAKE_LEAD = re.compile(_class(0xC2, 0xF4))
_RUN = f"{_class(0xC2, 0xDF)}{_CONT}|{_class(0xE0, 0xEF)}{_CONT}{{2}}|{_class(0xF0, 0xF4)}{_CONT}{{3}}"
# One or more runs. Written to start with the lead class (its length then told by a
# lookbehind), so the search skips to lead characters instead of trying every position.
_MOJIBAKE = re.compile(
    f"{_MOJIBAKE_LEAD.pattern}(?:(?<={_class(0xC2, 0xDF)}){_CONT}"
    f"|(?<={_class(0xE0, 0xEF)}){_CONT}{{2}}|(?<={_class(0xF0, 0xF4)}){_CONT}{{3}})(?:{_RUN})*"
)


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a payload are binary rather than text in any encoding.

    A few NUL bytes in text are damage to repair (``drop_nul``), not a binary: binaries
    and text in UTF-16 or UTF-32 without a byte-order mark hold far more.
    """
    if not head:
        return False
    if wide_bom(head):
        return False
    if head.startswith(_MAGIC):
        return True
    if head.count(0) > 0.01 * len(head):
        return True
    controls = sum(head.count(c) for c in _CONTROL)
    return controls > 0.05 * len(head)


def wide_bom(data: bytes) -> bool:
    """Whether ``data`` opens with a byte-order mark (UTF-16 and UTF-32 hold NUL bytes)."""
    return any(data.startswith(bom) for bom, _ in _BOMS)


def drop_nul(data: bytes) -> tuple[bytes, bool]:
    """``data`` without NUL bytes (none belongs in a text that is not UTF-16 or UTF-32),
    and whether there were any."""
    if b"\x00" not in data or wide_bom(data):
        return data, False
    return data.replace(b"\x00", b""), True


def looks_html(head: bytes) -> bool:
    """Whether a text payload is HTML markup (for inputs whose name does not say)."""
    return bool(_HTML_START.match(head) or _HTML_TAG.search(head))


def declared_charset(head: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares in the first bytes of an HTML page."""
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    # A page that declares UTF-16 in a meta tag readable as ASCII is not UTF-16.
    return None if name.startswith(("utf-16", "utf-32")) else name


#: Words a text must hold around a few blobs of undecodable bytes to be kept, repaired.
_REPAIRABLE_WORDS = 100
_WORD = re.compile(r"[^\W\d_]{2,}")
# A blob of damage: replacement characters, and what decoded between them by chance.
_DAMAGE = re.compile("\ufffd(?:[^\ufffd]{0,8}\ufffd)*")


def _damaged_article(loose: str) -> bool:
    """Whether UTF-8 decoded with replacement is an article with a few blobs of
    undecodable bytes in it (bytes of another file spliced in), not text in another
    encoding nor garbage.

    Text in a single-byte code page has its non-ASCII letters spread through it, in many
    small runs, and no valid UTF-8 sequence: so the blobs must be few, and either one is
    long (32 characters) or the text around them holds valid UTF-8 beyond ASCII.
    """
    blobs = _DAMAGE.findall(loose)
    if not 0 < len(blobs) <= 3 or sum(map(len, blobs)) > 0.5 * len(loose):
        return False
    around = _DAMAGE.sub(" ", loose)
    return (len(_WORD.findall(around)) >= _REPAIRABLE_WORDS
            and (max(map(len, blobs)) >= 32 or not around.isascii()))


def _replacements(text: str) -> int:
    return text.count("\ufffd")


def decode(
    data: bytes, *, declared: str | None = None, html: bool = False, origin: str = ""
) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` (``decode_counted`` without the count)."""
    text, encoding, _replaced = decode_counted(data, declared=declared, html=html, origin=origin)
    return text, encoding


def decode_counted(
    data: bytes, *, declared: str | None = None, html: bool = False, origin: str = ""
) -> tuple[str, str, int]:
    """Decode ``data``; return ``(text, encoding, replaced)``: how many undecodable
    sequences became U+FFFD.

    Order: byte-order mark, strict UTF-8, the declared charset (HTTP header), a
    ``<meta>`` charset when ``html``, mostly-valid UTF-8, charset-normalizer, UTF-8 with
    replacement.
    Raises ``InputError(reason="undecodable")`` when most of the result would be garbage.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return repair_mojibake(data.decode(name)), name, 0
            except UnicodeDecodeError:
                break
    try:
        # Valid UTF-8 with non-ASCII bytes is almost never text in another charset, while
        # pages that declare latin-1 but send UTF-8 are common.
        return repair_mojibake(data.decode("utf-8")), "utf-8", 0
    except UnicodeDecodeError:
        pass
    candidates = [_codec(declared)]
    if html:
        candidates.append(_codec(declared_charset(data[:SNIFF_BYTES])))
    for name in candidates:
        if name is None:
            continue
        try:
            return repair_mojibake(data.decode(name)), name, 0
        except UnicodeDecodeError:
            continue  # a wrong declaration is common; detection below does better
    # Mostly valid UTF-8 with a few broken bytes: keep UTF-8, a detector would pick a
    # single-byte charset and garble every valid multi-byte character instead.
    loose = data.decode("utf-8", errors="replace")
    broken = _replacements(loose)
    valid = sum(1 for ch in loose if ord(ch) > 127) - broken
    if valid > broken or _damaged_article(loose):
        return repair_mojibake(loose), "utf-8", broken
    name = _detect(data[: 1 << 20])
    if name:
        text = data.decode(name, errors="replace")
        if _replacements(text) <= 0.01 * max(len(text), 1):
            return repair_mojibake(text), name, _replacements(text)
    if broken > 0.2 * max(len(loose), 1):
        raise InputError(origin, "undecodable", f"{broken} undecodable characters")
    return repair_mojibake(loose), "utf-8", broken


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess; among equally plausible guesses, the web's usual cp1252."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos == least]
    # Short Western texts leave several single-byte code pages tied (cp1250 first,
    # which turns "crème" into "crčme").
    return "cp1252" if "cp1252" in tied else _codec(tied[0])


def _fix(match: re.Match[str]) -> str:
    chunk = match.group(0)
    try:
        return bytes(_CHAR_BYTE[c] for c in chunk).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return chunk


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252/latin-1 ("â€™" → "’"), run by run.

    Only runs that form valid UTF-8 once re-encoded are changed, so correct accented
    text next to the damage is left alone.
    """
    # No character that can start a damaged run (most text): every one is U+00C2..U+00F4,
    # whose UTF-8 starts with byte C3, and a byte search is several times cheaper.
    if text.isascii() or b"\xc3" not in text.encode(errors="surrogatepass") or not (
        _MOJIBAKE_LEAD.search(text)
    ):
        return text
    runs = _MOJIBAKE.findall(text)
    # One two-byte run may be real text ("CAFÉ”"); damage comes in numbers or as the
    # three-byte runs of punctuation ("â€™").
    if not runs or (len(runs) == 1 and len(runs[0]) < 3):
        return text
    return _MOJIBAKE.sub(_fix, text)
