"""Versioning: can consumers tell which version they build against, and how it changes?

The strategy is read per operation: a version segment in its path (`/v1/`), in the server URL,
a version header parameter (`Api-Version`, `Stripe-Version`, `X-GitHub-Api-Version`), a versioned
media type (`application/vnd.acme.v2+json`), or a version query parameter (`api-version`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from dxscan import pointer as jp
from dxscan.checks import Context, Hit
from dxscan.checks.inventory import expanded_urls, inventory, path_operations, per_spec, when_found
from dxscan.checks.naming import VERSION_SEGMENT, squash
from dxscan.model import Operation, Spec

FAMILIES = {"path": "URL", "server": "URL", "header": "header", "query": "query", "media-type": "media type"}
_MAJOR = re.compile(r"^v?(\d+)", re.IGNORECASE)
_DOTTED = re.compile(r"^\d+(\.\d+)+$")  # `2.0` in `https://api.box.com/2.0`
API_SEGMENTS = frozenset(("api", "rest"))  # `/rest/api/3/issue`: a bare number after them is a version
# A version the client fills in: `/v{version}/...`, or a first (or after `api`) segment `{version}`.
_V_TEMPLATE = re.compile(r"^v\{[^}]+\}$", re.IGNORECASE)
_VERSION_PARAMETER = re.compile(r"^\{(api[_-]?)?version\}$", re.IGNORECASE)
_API_WITH_VERSION = re.compile(r"^(api|rest)[_-]?v?\d+(\.\d+)?$", re.IGNORECASE)  # `/api2/`, `/api/rest_v1`
_MEDIA_VERSION = re.compile(r"vnd\.[^;]*?[.\-]v\d+|;\s*(version|v)=\d", re.IGNORECASE)
_NOT_API_VERSION = re.compile(
    r"client|app|sdk|\bos\b|device|platform|browser|firmware|software|agent|model|schema|document|file|"
    r"package|plugin|resource|object|content|data|etag|if-", re.IGNORECASE)
QUERY_NAMES = frozenset(("apiversion", "apiver"))
# A version header whose description says it picks a version of the caller's own thing (ReadMe's
# `x-readme-version`: "version number of your docs project").
_OWN_VERSION = re.compile(r"\b(docs?|documentation|project|document|file|schema)\b", re.IGNORECASE)
_SEMVER = r"[vV]?\d+(\.\d+){0,3}([a-z]+\d*)?([-+~_.][0-9A-Za-z][0-9A-Za-z.+~_-]*)?"
_VERSION_TEXT = re.compile(rf"^({_SEMVER}|\d{{4}}-\d{{2}}-\d{{2}}.*|"
                           r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{1,2} \d{4}.*)(\s+\(.*\))?$")
_NOTE = re.compile(
    r"\b(use|using|instead|replac\w*|migrat\w*|sunset\w*|remov\w*|supersed\w*|successor|favou?r|switch\w*|"
    r"moved?|see|until|end[- ]of[- ]life|eol|retire\w*|recommended|preferred|alternatives?)\b|\d{4}-\d{2}-\d{2}",
    re.IGNORECASE)
_NOTE_EXTENSION = re.compile(r"^x-.*(sunset|deprecat|replace|removal|migrat|retire)", re.IGNORECASE)


# --- strategies ------------------------------------------------------------------------------

def version_index(segments: list[str], bare_first: bool = True) -> int | None:
    """Where the version is among a path's segments: `v1`, `v2beta1`, `2010-04-01`, `2.0`, a
    templated `v{version}`, or a bare number or `{version}` parameter right after `api` or `rest`
    (Jira's `/rest/api/3/`) or first (Twitter's `/2/tweets`; with `bare_first`: `segments` may be
    the whole path, not its tail). A `{version}` further down names a resource's own version
    (`/documents/{id}/versions/{version}`)."""
    for index, segment in enumerate(segments):
        kind = _version_like(segment)
        if kind == _A_VERSION:
            return index
        if kind == _A_VERSION_PARAMETER and ((index == 0 and bare_first) or (index and segments[index - 1].lower() in API_SEGMENTS)):
            return index
        if segment.isdigit() and index and segments[index - 1].lower() in API_SEGMENTS:
            return index
        if segment.isdigit() and index == 0 and bare_first and len(segments) > 1 and len(segment) < 4:
            return index
    return None


_A_VERSION, _A_VERSION_PARAMETER = 2, 1


@lru_cache(maxsize=65536)
def _version_like(segment: str) -> int:
    """_A_VERSION for a segment that is a version wherever it stands (`v1`, `2.0`, `api2`, a
    templated `v{version}` as in opencage's `/v{version}/{format}`), _A_VERSION_PARAMETER for a
    `{version}` parameter, else 0. Kept per segment: paths repeat their segments (GitHub's 845
    operations ask 26,000 matches of their segments otherwise)."""
    if VERSION_SEGMENT.match(segment) or _DOTTED.match(segment) or _API_WITH_VERSION.match(segment) \
            or _V_TEMPLATE.match(segment):
        return _A_VERSION
    return _A_VERSION_PARAMETER if _VERSION_PARAMETER.match(segment) else 0


@lru_cache(maxsize=65536)
def path_version(path: str) -> str | None:
    """The version segment of a path, if it has one (asked several times per path: kept)."""
    segments = [s for s in path.split("/") if s]
    index = version_index(segments)
    return None if index is None else segments[index]


def url_version(url: str) -> str | None:
    """The version in a server URL's path: `/v1`, `/api/3`, or a bare number as its last segment
    (`https://api.example.com/1`)."""
    path = urlsplit(url).path if ("://" in url or url.startswith("//")) else url
    segments = [s for s in path.split("/") if s]
    index = version_index(segments, bare_first=False)
    if index is None and segments and segments[-1].isdigit() and len(segments[-1]) < 4:
        index = len(segments) - 1
    return None if index is None else segments[index]


@per_spec
def server_version_by_pointer(spec: Spec) -> dict[str, str]:
    """server pointer -> the version its URL carries, its variables' defaults substituted
    (`{basePath}` = `/sell/finances/v1`)."""
    found = {}
    for server in spec.servers:
        versions = sorted({v for url in expanded_urls(spec, server, enums=False) if (v := url_version(url))})
        if versions:
            found[server.pointer] = versions[0]
    return found


def server_versions(spec: Spec) -> list[str]:
    return sorted(set(server_version_by_pointer(spec).values()))


def version_header(name: str) -> bool:
    """`Api-Version`, `X-API-Version`, `Stripe-Version`, `X-GitHub-Api-Version`, `Accept-Version`:
    a header ending in "version" that does not name a client, an app or a document's version."""
    lowered = name.lower()
    return lowered.endswith("version") and not _NOT_API_VERSION.search(lowered[: -len("version")])


def api_version_header(parameter: Any) -> bool:
    """A version header that versions the API, not the caller's docs project (`x-readme-version`)."""
    return version_header(parameter.name) and not _OWN_VERSION.search(parameter.description or "")


def query_versions(spec: Spec, operations: list[Operation]) -> set[str]:
    """`api-version` always versions the API; a bare `version` or `v` only when nearly every
    operation takes it (elsewhere it is a resource's own version)."""
    names: Counter[str] = Counter()
    for operation in operations:
        names.update({p.name for p in operation.parameters if p.location == "query"})
    found = {name for name in names if squash(name) in QUERY_NAMES}
    found |= {name for name, n in names.items() if squash(name) in ("version", "v") and n * 5 >= len(operations) * 4}
    return found


def operation_strategies(operation: Operation, servers: list[str], queries: set[str]) -> dict[str, str]:
    """strategy -> what carries the version for this operation (`v1`, `Api-Version`...)."""
    found: dict[str, str] = {}
    if path_version(operation.path):
        found["path"] = path_version(operation.path) or ""
    if servers:
        found["server"] = servers[0]
    for parameter in operation.parameters:
        if parameter.location == "header" and api_version_header(parameter):
            found.setdefault("header", parameter.name)
        if parameter.location == "query" and parameter.name in queries:
            found.setdefault("query", parameter.name)
    media = [m.name for r in operation.responses for m in r.content]
    media += [m.name for m in operation.request_body.content] if operation.request_body else []
    versioned = sorted(name for name in media if _MEDIA_VERSION.search(name))
    if versioned:
        found["media-type"] = versioned[0]
    return found


@per_spec
def strategies_by_operation(spec: Spec) -> dict[str, dict[str, str]]:
    operations = path_operations(spec)
    servers, queries = server_versions(spec), query_versions(spec, operations)
    return {o.pointer: operation_strategies(o, servers, queries) for o in operations}


def version_strategies(context: Context) -> set[str]:
    """Where the API carries its version: path, server, header, media-type, query."""
    return {s for found in strategies_by_operation(context.spec).values() for s in found}


def families(found: dict[str, str]) -> tuple[str, ...]:
    """Where an operation carries its version, as a consumer sets it: in the URL, a header or a
    query parameter. A versioned media type counts only where nothing else carries the version:
    it versions representations, and a DELETE or an image has none to version."""
    carriers = {FAMILIES[s] for s in found}
    return tuple(sorted(carriers - {FAMILIES["media-type"]} or carriers))


def versioning_strategy(context: Context) -> Iterator[Hit]:
    if path_operations(context.spec) and not version_strategies(context):
        yield Hit("/paths", "no version in paths, server URLs, headers, media types or query parameters")


_MOCK = re.compile(r"\bmock", re.IGNORECASE)  # SwaggerHub's "API Auto Mocking": its URL's version is the tool's layout


def version_in_server_and_path(context: Context) -> Iterator[Hit]:
    """`https://api.example.com/v2` + `/v4/items`: the URL a client builds carries two versions
    (a mock server aside: clients do not build on it)."""
    versioned = sorted(path for path in context.spec.paths if path_version(path))
    if not versioned:
        return
    for server in context.spec.servers:
        version = server_version_by_pointer(context.spec).get(server.pointer)
        if version and not _MOCK.search(server.description or ""):
            shown = f"'{versioned[0]}'" + (f" and {len(versioned) - 1} more" if len(versioned) > 1 else "")
            yield Hit(server.pointer, f"server '{server.url}' carries version '{version}' and so do the paths "
                      f"({shown}): a client's URL holds two versions")


def versioning_mixed(context: Context) -> Iterator[Hit]:
    spec = context.spec
    found = {pointer: strategies for pointer, strategies in strategies_by_operation(spec).items() if strategies}
    counts = Counter(families(strategies) for strategies in found.values())
    if len(counts) < 2:
        return
    usual = min(counts, key=lambda f: (-counts[f], f))
    for operation in path_operations(spec):
        own = found.get(operation.pointer)
        if own and families(own) != usual:
            carriers = ", ".join(f"'{v}'" for v in own.values())
            yield Hit(operation.pointer, f"{operation.label} carries its version in the {' and '.join(families(own))} "
                      f"({carriers}); {counts[usual]} of {len(found)} versioned operations carry it in the {' and '.join(usual)}")


@lru_cache(maxsize=65536)
def _shape(path: str) -> str:
    """A path without its version and with anonymous parameters: `/v1/users/{id}` -> `/~/users/{}`."""
    segments = [s for s in path.split("/") if s]
    index = version_index(segments)
    return "/" + "/".join("~" if i == index else ("{}" if s.startswith("{") else s) for i, s in enumerate(segments))


@lru_cache(maxsize=65536)
def _major(path: str) -> int | None:
    """The major version a path carries (`/v2/users` -> 2), or None; asked three times for each
    operation by superseded() and once more per path by the measures: kept."""
    match = _MAJOR.match(path_version(path) or "")
    return int(match.group(1)) if match else None


@per_spec
def superseded(spec: Spec) -> dict[str, tuple[Operation, str]]:
    """Operations under an older major version whose method and path also exist under a newer
    one: pointer -> (operation, the newer path)."""
    newest: dict[tuple[str, str], tuple[int, str]] = {}
    operations = [o for o in path_operations(spec) if _major(o.path) is not None]
    for operation in operations:
        key, major = (operation.method, _shape(operation.path)), _major(operation.path) or 0
        if key not in newest or major > newest[key][0]:
            newest[key] = (major, operation.path)
    return {
        o.pointer: (o, newest[(o.method, _shape(o.path))][1]) for o in operations
        if (_major(o.path) or 0) < newest[(o.method, _shape(o.path))][0]
    }


def version_older_not_deprecated(context: Context) -> Iterator[Hit]:
    for pointer, (operation, newer) in sorted(superseded(context.spec).items()):
        if not operation.deprecated:
            yield Hit(pointer, f"{operation.label} is not deprecated although {operation.method.upper()} {newer} replaces it")


def version_shape(segment: str) -> str:
    """`v2` and `api2` -> 'v', `2.0` -> 'dotted', `2010-04-01` -> 'date', `3` -> 'number'."""
    if _DOTTED.match(segment):
        return "dotted"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", segment):
        return "date"
    return "number" if segment.isdigit() else "v"


@per_spec
def version_positions(spec: Spec) -> dict[str, int]:
    """path -> the index of its version segment, for paths whose version is written as most
    paths write theirs: beside `/api/v2/...`, `/radiodns/spi/3.1/...` carries the version of a
    standard it follows, not of the API."""
    found = {}
    for path in spec.paths:
        segments = [s for s in path.split("/") if s and not s.startswith("#")]  # `#env`: a placeholder
        index = version_index(segments)
        if index is not None:
            found[path] = (index, version_shape(segments[index]))
    shapes = Counter(shape for _, shape in found.values())
    usual = min(shapes, key=lambda s: (-shapes[s], s)) if shapes else None
    return {path: index for path, (index, shape) in found.items() if shape == usual}


def version_segment_position(context: Context) -> Iterator[Hit]:
    positions = version_positions(context.spec)
    counts = Counter(positions.values())
    if len(counts) < 2:
        return
    usual = min(counts, key=lambda i: (-counts[i], i))
    for path, index in positions.items():
        if index != usual:
            yield Hit(jp.join("paths", path), f"path '{path}' has its version at segment {index + 1}; "
                      f"{counts[usual]} of {len(positions)} versioned paths have it at segment {usual + 1}")


def info_version_format(context: Context) -> Iterator[Hit]:
    version = context.spec.api_version
    if version is None or not version.strip():
        yield Hit("/info", "info has no version")
    elif not _VERSION_TEXT.match(version.strip()):
        yield Hit("/info/version", f"info.version '{version}' is neither a version number (1.4.0) nor a date (2024-06-01)")


# --- deprecation -----------------------------------------------------------------------------

def has_note(raw: Any) -> bool:
    """A sunset date, a replacement or a migration path: in an `x-sunset`-like extension, or in
    the description or summary."""
    if not isinstance(raw, dict):
        return False
    if any(isinstance(key, str) and _NOTE_EXTENSION.match(key) and key.lower() != "x-deprecated" for key in raw):
        return True
    text = " ".join(str(raw.get(field) or "") for field in ("description", "summary"))
    return bool(_NOTE.search(text))


def announces_sunset(operation: Operation) -> bool:
    return any(h.name.lower() in ("sunset", "deprecation") for r in operation.responses for h in r.headers)


@per_spec
def deprecated_operations(spec: Spec) -> list[Operation]:
    return [o for o in path_operations(spec) if o.deprecated]


# A tag's description says "use it to get..." as often as "use /v2 instead": only words about the
# end of the operations, or a date, are a note there.
_TAG_NOTE = re.compile(r"\b(deprecat\w*|sunset\w*|replac\w*|migrat\w*|supersed\w*|successor|instead|removed?|"
                       r"retire\w*|end[- ]of[- ]life)\b|\d{4}-\d{2}-\d{2}", re.IGNORECASE)


def tag_notes(spec: Spec, operation: Operation) -> bool:
    """A sunset date or migration path stated once for a whole tag (`Deprecated: use /v2/orders
    instead`)."""
    tags = {tag.name: tag for tag in spec.tags}
    return any(_TAG_NOTE.search(tags[name].description or "") for name in operation.tags if name in tags)


def deprecated_operation_without_sunset(context: Context) -> Iterator[Hit]:
    for operation in deprecated_operations(context.spec):
        if not (has_note(operation.raw) or announces_sunset(operation) or tag_notes(context.spec, operation)):
            yield Hit(operation.pointer, f"{operation.label} is deprecated with no sunset date, replacement or migration note")


@per_spec
def deprecated_parameters(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for operation in spec.operations:
        for parameter in operation.parameters:
            if parameter.deprecated:
                found.setdefault(parameter.pointer, parameter)
    return found


def deprecated_parameter_without_note(context: Context) -> Iterator[Hit]:
    for pointer, parameter in sorted(deprecated_parameters(context.spec).items()):
        if not has_note(parameter.raw):
            yield Hit(pointer, f"{parameter.location} parameter '{parameter.name}' is deprecated with no replacement or migration note")


@per_spec
def deprecated_properties(spec: Spec) -> tuple[Any, ...]:
    return tuple(p for p in inventory(spec).properties if p.deprecated)


def property_note(prop: Any) -> bool:
    return has_note(prop.declared) or has_note(prop.schema)


def deprecated_property_without_note(context: Context) -> Iterator[Hit]:
    for prop in deprecated_properties(context.spec):
        if not property_note(prop):
            yield Hit(prop.pointer, f"property '{prop.name}' is deprecated with no replacement or migration note")


# --- measures --------------------------------------------------------------------------------

def versioning_measures(context: Context) -> dict[str, Any]:
    spec = context.spec
    by_operation = strategies_by_operation(spec)
    carriers: dict[str, set[str]] = defaultdict(set)
    for found in by_operation.values():
        for strategy, carrier in found.items():
            carriers[strategy].add(carrier)
    if "server" in carriers:
        carriers["server"] = set(server_versions(spec))
    majors = sorted({m for m in (_major(p) for p in spec.paths) if m is not None}
                    | {int(_MAJOR.match(v).group(1)) for v in server_versions(spec) if _MAJOR.match(v)})
    props = deprecated_properties(spec)
    return {
        "strategies": sorted(carriers),
        "carriers": {strategy: sorted(values)[:5] for strategy, values in sorted(carriers.items())},
        "versioned_operations": sum(1 for found in by_operation.values() if found),
        "major_versions": majors,
        "info_version": spec.api_version,
        "deprecated": {"operations": len(deprecated_operations(spec)), "parameters": len(deprecated_parameters(spec)),
                       "properties": len(props)},
        **({"headline": _headline(carriers)} if carriers else {}),
        "counts": {
            "versioning-strategy": {"checked": 1 if path_operations(spec) else 0},
            "versioning-mixed": {"checked": sum(1 for found in by_operation.values() if found)},
            "version-in-server-and-path": when_found(len(spec.servers), len(server_version_by_pointer(spec))
                                                    if any(map(path_version, spec.paths)) else 0),
            "version-older-not-deprecated": {"checked": len(superseded(spec))},
            "version-segment-position": {"checked": len(version_positions(spec))},
            "deprecated-operation-without-sunset": {"checked": len(deprecated_operations(spec))},
            "deprecated-parameter-without-note": {"checked": len(deprecated_parameters(spec))},
            "deprecated-property-without-note": {"checked": len(props), "failed": sum(1 for p in props if not property_note(p))},
        },
    }


STRATEGY_WORDS = {
    "path": "the URL path", "server": "the server URL", "header": "a header", "query": "a query parameter",
    "media-type": "the media type",
}


def _headline(carriers: dict[str, set[str]]) -> str:
    """What the summary opens with: 'version in the URL path (v1)'."""
    parts = [f"{STRATEGY_WORDS[s]} ({', '.join(sorted(carriers[s])[:2])})" for s in sorted(carriers)]
    return "version in " + " and ".join(parts)
