"""Sunset dates as APIs write them (issue 12): RFC 3339 dates and date-times, the Sunset header's
HTTP-date, YAML dates; anything else is not a date (and not an announced sunset)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dxscan.diff.sunsets import declared_sunset, parse_date


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-06-01", date(2025, 6, 1)),
    ("2025-06-01T00:00:00Z", date(2025, 6, 1)),
    ("2025-06-01T23:30:00+02:00", date(2025, 6, 1)),
    ("Sun, 01 Jun 2025 00:00:00 GMT", date(2025, 6, 1)),
    (date(2025, 6, 1), date(2025, 6, 1)),
    (datetime(2025, 6, 1, 12, tzinfo=UTC), date(2025, 6, 1)),
    ("soon", None),
    ("2025-13-01", None),
    ("", None),
    (20250601, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_declared_sunset_reads_x_sunset_then_x_sunset_date():
    assert declared_sunset({"x-sunset": "2025-06-01"}).when == date(2025, 6, 1)
    assert declared_sunset({"x-sunset-date": "Sun, 01 Jun 2025 00:00:00 GMT"}).when == date(2025, 6, 1)
    invalid = declared_sunset({"x-sunset": "next year"})
    assert (invalid.text, invalid.when, invalid.valid) == ("next year", None, False)
    assert declared_sunset({"deprecated": True}) is None
