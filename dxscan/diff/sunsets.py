"""Sunset dates, as APIs write them: `x-sunset` / `x-sunset-date` on an operation or parameter, as
an RFC 3339 date or date-time (`2025-06-01`, `2025-06-01T00:00:00Z`) or the `Sunset` header's
HTTP-date (`Sat, 01 Jun 2025 00:00:00 GMT`, RFC 8594); and a documented `Sunset` response header,
dated by its example when it has one. A value that is none of these is not a sunset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from dxscan.model import Operation

KEYS = ("x-sunset", "x-sunset-date")


@dataclass(frozen=True)
class Sunset:
    text: str  # as written
    when: date | None  # None: not a date (invalid), or a Sunset header with no dated example
    valid: bool  # a date, or a documented Sunset header (its date comes at runtime)


def parse_date(value: Any) -> date | None:
    """RFC 3339 date or date-time, HTTP-date; a YAML date as it is; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def declared_sunset(raw: Any) -> Sunset | None:
    """The `x-sunset` (or `x-sunset-date`) of an operation or parameter, or None."""
    if not isinstance(raw, dict):
        return None
    for key in KEYS:
        value = raw.get(key)
        if value is not None:
            when = parse_date(value)
            return Sunset(str(value), when, when is not None)
    return None


def operation_sunset(operation: Operation) -> Sunset | None:
    """The operation's sunset: its own `x-sunset`, else a documented `Sunset` response header."""
    declared = declared_sunset(operation.raw)
    if declared is not None:
        return declared
    for response in operation.responses:
        for header in response.headers:
            if header.name.lower() == "sunset":
                example = _example(header.raw)
                return Sunset(str(example) if example is not None else "Sunset header", parse_date(example), True)
    return None


def _example(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return None
    if "example" in raw:
        return raw["example"]
    schema = raw.get("schema")
    if isinstance(schema, dict):
        return schema.get("example", schema.get("default"))
    return None
