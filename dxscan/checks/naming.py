"""Naming: does the API follow one convention, so consumers can guess names right?"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .. import pointer as jp
from . import Context, Hit, check

CASES = {
    "kebab-case": re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$"),
    "snake_case": re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$"),
    "camelCase": re.compile(r"^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$"),
    "PascalCase": re.compile(r"^([A-Z][a-z0-9]*)+$"),
}


def casing(word: str) -> str | None:
    """The convention a multi-word name follows; None for a one-word name, which fits any."""
    for name, pattern in CASES.items():
        if pattern.match(word):
            return name
    return None


def _static_segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s and not s.startswith("{") and not s.startswith("v1")]


@check("path-segment-casing")
def path_segment_casing(context: Context) -> Iterator[Hit]:
    paths = context.spec.paths
    styles = {path: {casing(s) for s in _static_segments(path)} - {None} for path in paths}
    counts = Counter(style for found in styles.values() for style in found)
    if len(counts) < 2:
        return
    majority, majority_count = counts.most_common(1)[0]
    total = sum(counts.values())
    for path, found in styles.items():
        other = sorted(found - {majority})
        if other:
            yield Hit(jp.join("paths", path), f"path '{path}' uses {other[0]} segments; {majority_count} of {total} multi-word segments are {majority}")
