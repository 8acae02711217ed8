"""Dates from containers and pages, normalised to ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO, compact or RFC 2822 date; None when it is not one."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.search(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def days_apart(published_a: str | None, published_b: str | None) -> int | None:
    """Days between two publication dates (ISO strings), None when either is unknown."""
    if not published_a or not published_b:
        return None
    try:
        return abs((date.fromisoformat(published_a[:10])
                    - date.fromisoformat(published_b[:10])).days)
    except ValueError:
        return None
