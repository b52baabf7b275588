"""What every history format shows of a version, once: its fields in order, the short names of the
dimensions, and sparklines."""

from __future__ import annotations

from typing import Any

from dxscan.catalogue import DIMENSIONS
from dxscan.history import History, Version

SHORT = {"versioning": "ver", "auth": "auth", "rate_limits": "rate", "naming": "name", "documentation": "doc",
         "abstraction": "abst"}
BLOCKS = "▁▂▃▄▅▆▇█"
SERIES = ("overall", *DIMENSIONS)


def fields(version: Version) -> dict[str, Any]:
    """One version as a flat row (CSV columns, JSON keys)."""
    scored, compared = version.scored, version.compared
    row: dict[str, Any] = {
        "commit": version.commit.sha, "date": version.commit.date, "tags": " ".join(version.commit.tags),
        "subject": version.commit.subject, "path": version.commit.path, "score": scored.score,
        "grade": scored.grade if scored.error is None else None,
    }
    row.update({name: scored.dimension(name) for name in DIMENSIONS})
    errors, warnings, infos = scored.findings
    row.update({"operations": scored.operations if scored.error is None else None, "errors": errors if scored.error is None else None,
                "warnings": warnings if scored.error is None else None, "infos": infos if scored.error is None else None,
                "breaking": compared.breaking if compared else None, "regressions": compared.regressions if compared else None,
                "error": scored.error})
    return row


def series(result: History, name: str) -> list[int | None]:
    """The overall score or a dimension's, version by version (None where it could not be scored)."""
    if name == "overall":
        return [version.scored.score for version in result.versions]
    return [version.scored.dimension(name) for version in result.versions]


def sparkline(values: list[int | None], width: int) -> str:
    """The values resampled to WIDTH blocks, scaled between their own minimum and maximum."""
    known = [value for value in values if value is not None]
    if not known:
        return ""
    buckets = _resampled(values, min(width, len(values)))
    low, high = min(known), max(known)
    span = high - low
    return "".join(" " if value is None else BLOCKS[3 if not span else round((value - low) / span * (len(BLOCKS) - 1))]
                   for value in buckets)


def _resampled(values: list[int | None], width: int) -> list[float | None]:
    buckets: list[float | None] = []
    for index in range(width):
        chunk = [value for value in values[index * len(values) // width:(index + 1) * len(values) // width] if value is not None]
        buckets.append(sum(chunk) / len(chunk) if chunk else None)
    return buckets


def ends(values: list[int | None]) -> tuple[int | None, int | None]:
    known = [value for value in values if value is not None]
    return (known[0], known[-1]) if known else (None, None)


def number(value: Any) -> str:
    return "-" if value is None else str(value)
