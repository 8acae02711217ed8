"""Publication dates and times: a time is kept when given, never invented."""

from __future__ import annotations

import pytest

from unspun.ingest.dates import hours_apart, normalise_published, published_first


@pytest.mark.parametrize(("given", "stored"), [
    ("2018-07-16", "2018-07-16"),
    ("20180716", "2018-07-16"),
    ("2018-07-16T09:30:00Z", "2018-07-16T09:30:00Z"),
    ("2018-07-16T11:30:00+02:00", "2018-07-16T09:30:00Z"),  # converted to UTC
    ("2018-07-16 09:30", "2018-07-16T09:30:00"),  # no zone: kept as the page gives it
    ("Mon, 16 Jul 2018 05:30:00 -0400", "2018-07-16T09:30:00Z"),
    ("Mon, 16 Jul 2018 09:30:00 GMT", "2018-07-16T09:30:00Z"),
    ("2018-07-16T25:99:00Z", "2018-07-16"),  # an impossible time leaves the date
    ("yesterday", None),
    (None, None),
    ({"date": "2018-07-16"}, None),
])
def test_published_values(given: object, stored: str | None) -> None:
    assert normalise_published(given) == stored


def test_hours_apart_needs_a_time_on_both_sides_and_comparable_zones() -> None:
    assert hours_apart("2018-07-16T09:00:00Z", "2018-07-16T12:30:00Z") == 3.5
    assert hours_apart("2018-07-16T12:30:00Z", "2018-07-16T09:00:00Z") == -3.5
    assert hours_apart("2018-07-16", "2018-07-16T09:00:00Z") is None
    # One zone known, one not: the local time could be any offset from UTC.
    assert hours_apart("2018-07-16T09:00:00", "2018-07-16T12:00:00Z") is None


def test_published_first_uses_days_then_times() -> None:
    assert published_first("2018-07-15", "2018-07-16T01:00:00Z") == "a"
    assert published_first("2018-07-16T09:00:00Z", "2018-07-16T08:00:00Z") == "b"
    assert published_first("2018-07-16", "2018-07-16T08:00:00Z") is None
    assert published_first("2018-07-16", None) is None
