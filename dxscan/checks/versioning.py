"""Versioning: can consumers tell which version they build against, and how it changes?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import Context, Hit, check, measure

_PATH_VERSION = re.compile(r"(^|/)v\d+(\.\d+)?(/|$)", re.IGNORECASE)
_VERSION_HEADER = re.compile(r"(^|-)(api-)?version$", re.IGNORECASE)


def version_strategies(context: Context) -> set[str]:
    """Where the API carries its version: path, server, header, media-type, query."""
    spec = context.spec
    found = set()
    if any(_PATH_VERSION.search(path) for path in spec.paths):
        found.add("path")
    if any(_PATH_VERSION.search(server.url.split("://", 1)[-1]) for server in spec.servers):
        found.add("server")
    for operation in spec.operations:
        for parameter in operation.parameters:
            if parameter.location == "header" and _VERSION_HEADER.search(parameter.name):
                found.add("header")
            if parameter.location == "query" and parameter.name.lower() in ("api-version", "api_version", "apiversion", "version", "v"):
                found.add("query")
        media = [m.name for r in operation.responses for m in r.content]
        if any(re.search(r"vnd\.[^;]*v\d+", name) for name in media):
            found.add("media-type")
    return found


@check("versioning-strategy")
def versioning_strategy(context: Context) -> Iterator[Hit]:
    if context.spec.operations and not version_strategies(context):
        yield Hit("/paths", "no version in paths, server URLs, headers, media types or query parameters")


@measure("versioning")
def versioning_measures(context: Context) -> dict[str, object]:
    return {"strategies": sorted(version_strategies(context))}
