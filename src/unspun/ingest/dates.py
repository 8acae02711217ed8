"""Publication dates and times from containers and pages.

``published`` is a date (``YYYY-MM-DD``) or, when the source gives a time of day, a
timestamp: ``YYYY-MM-DDTHH:MM:SSZ`` (converted to UTC) when it gives a time zone,
``YYYY-MM-DDTHH:MM:SS`` when it does not. Dates alone stay dates: a time is never
invented.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
# A date followed by a time of day (and perhaps seconds, fractions and a zone).
_ISO_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?(?![\d:])", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


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


def normalise_published(value: object) -> str | None:
    """A timestamp when ``value`` holds a time of day (ISO 8601 or RFC 2822), else
    ``normalise_date``'s date; None when it is neither."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    text = str(value).strip()
    if not _HAS_TIME.search(text):
        return normalise_date(text)
    moment = _iso_moment(text)
    if moment is None and not _ISO_DATE.search(text):
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            moment = None
    if moment is None:
        return normalise_date(text)
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_moment(text: str) -> datetime | None:
    match = _ISO_TIME.search(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute),
                          int(second or 0))
    except ValueError:
        return None
    if zone is None:
        return moment
    zone = zone.upper()
    if zone in ("Z", "UTC", "GMT"):
        return moment.replace(tzinfo=UTC)
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    return moment.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def _moment(published: str) -> datetime | None:
    """A ``published`` value with a time as a datetime (aware when it ends in Z)."""
    if len(published) <= 10:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
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


def hours_apart(published_a: str | None, published_b: str | None) -> float | None:
    """Signed hours from a to b (positive: b is later) when both carry a time of day
    and both or neither give a time zone; None otherwise."""
    if not published_a or not published_b:
        return None
    a, b = _moment(published_a), _moment(published_b)
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None):
        return None
    return (b - a).total_seconds() / 3600


def published_first(published_a: str | None, published_b: str | None) -> str | None:
    """"a" or "b", whichever was published first when their days or (both given) their
    times differ; None when unknown or the same."""
    days = days_apart(published_a, published_b)
    if days:
        return "a" if published_a[:10] < published_b[:10] else "b"  # type: ignore[index]
    hours = hours_apart(published_a, published_b)
    if not hours:
        return None
    return "a" if hours > 0 else "b"
