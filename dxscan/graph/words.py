"""Words in API names: splitting, normalising and singularising identifiers and path segments.

The dependency graph matches a consumer's `{issue_number}` with a producer's `Issue.number`, so it
needs the words of a name (`issueNumber`, `issue_number` and `issue-number` are the same three
letters apart) and the singular of a collection segment (`/issues` names an `issue`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# The last word of an identifier-like name: `team_slug`, `gistId`, `commit_sha`.
ID_SUFFIXES = frozenset({"id", "ids", "uuid", "uuids", "guid", "guids", "gid", "gids", "uid", "key", "slug", "name",
                         "number", "sid", "arn", "code", "login", "sha"})
# The narrower set for query, header and body fields: there `name` or `code` is usually data, not a reference.
STRICT_ID_SUFFIXES = frozenset({"id", "ids", "uuid", "uuids", "guid", "guids", "gid", "gids", "uid", "slug", "arn", "sid"})
# A bare name that identifies "the resource of the path": `/pets/{id}`, `/orgs/{org}/teams/{slug}`.
BARE_IDS = frozenset({"id", "key", "slug", "name", "number", "uuid", "guid", "gid", "code", "sha"})
# Prefixes that name no resource: `item_id`, `resource_id` take the resource from the path instead.
GENERIC_PREFIXES = frozenset({"item", "resource", "object", "entity", "parent", "target", "source", "related", "external"})
# Fields that identify a resource, in the order a name-less reference (`/orgs/{org}`) prefers them:
# `login` before `name`, which is often a display name.
IDENTITY_FIELDS = ("id", "gid", "login", "slug", "key", "name", "number", "uuid", "guid", "code", "sha")
SYNONYMS = {
    "id": ("uuid", "guid", "uid"), "uuid": ("id", "guid"), "guid": ("id", "uuid"), "uid": ("id",),
    "username": ("login", "user_name", "handle"), "login": ("username", "handle"),
    "ids": ("id",), "gid": ("id",),
}
# The last word of a name whose value the client knows without asking the API (when no response
# hands it out): a code or name from a documented list or a standard (`{locale_code}`,
# `{country}`, `{format}`, `{types}`), its own input (`{username}`, `{email}`, a blockchain
# `{address}`, a `{tax_number}`, a `{word}` to look up), a key, name or version it chose.
KNOWN_VALUE_WORDS = frozenset({
    "code", "codes", "slug", "username", "login", "email", "locale", "language", "lang", "country", "currency",
    "symbol", "ticker", "format", "extension", "type", "types", "kind", "address", "word", "term", "isbn", "doi",
    "name", "names", "key", "number", "sha", "hash", "version", "handle", "platform", "plateform", "query",
    "keyword", "keywords", "search", "text", "revision", "index", "position",
})
# Words of a description that say the value comes from a standard or a public registry
# ("ISO Alpha-2 country code", "CURIE identifier, e.g. PMID:11751940"), or is a content hash.
STANDARD_WORDS = frozenset({"iso", "curie", "doi", "isbn", "issn", "orcid", "pmid", "iata", "icao", "ean", "upc",
                            "gtin", "iban", "bic", "iana", "bcp", "ontology", "hash"})
# Segments that carry no resource: versions, prefixes, the current-user aliases.
NON_RESOURCE_SEGMENTS = frozenset({"api", "rest", "me", "self", "current", "my", "public", "private", "admin"})
_VERSION = re.compile(r"^(v\d+([a-z]+\d*)?|\d+(\.\d+)*|latest)$", re.IGNORECASE)

_IRREGULAR = {
    "people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse", "geese": "goose",
    "indices": "index", "matrices": "matrix", "vertices": "vertex", "criteria": "criterion", "analyses": "analysis",
    "statuses": "status", "aliases": "alias", "addresses": "address", "buses": "bus", "caches": "cache",
    "databases": "database", "releases": "release", "responses": "response", "licenses": "license",
    "leaves": "leaf", "knives": "knife", "lives": "life", "wives": "wife", "quizzes": "quiz",
    "theses": "thesis", "crises": "crisis", "diagnoses": "diagnosis", "hypotheses": "hypothesis",
    "purchases": "purchase", "bases": "base", "cases": "case", "phases": "phase",
    "movies": "movie", "cookies": "cookie", "zombies": "zombie", "series": "series", "species": "species",
}
_UNCOUNTABLE = frozenset({
    "data", "media", "metadata", "info", "information", "news", "feedback", "software", "hardware", "equipment",
    "sheep", "fish", "money", "access", "analytics", "billing", "auth", "status", "series", "species", "search",
    "settings", "content", "stuff", "traffic", "weather", "audio", "evidence", "usage", "staff", "inventory",
    "health", "progress", "login", "logout", "compliance", "alias", "address", "class", "process", "business",
    "canvas", "campus", "virus", "bonus", "census", "corpus", "radius", "axis", "basis", "analysis",
    "gas", "plus", "minus", "dns", "sms", "mms", "aws", "gps", "cors",
})
_ES_ENDINGS = ("sses", "shes", "ches", "xes", "zzes")


@lru_cache(maxsize=65536)
def words(name: str) -> tuple[str, ...]:
    """`issueNumber`, `issue_number`, `Issue-Number` -> ('issue', 'number'); `URLPath` -> ('url', 'path')."""
    return tuple(part.lower() for part in _WORD.findall(name))


@lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """The name with case and separators erased: `team_slug`, `teamSlug` -> 'teamslug'."""
    return "".join(words(name))


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """A good-enough English singular for resource names (`issues` -> 'issue', `policies` -> 'policy')."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _UNCOUNTABLE or len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_ES_ENDINGS):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


@lru_cache(maxsize=16384)
def singular_phrase(segment: str) -> str:
    """The singular of a whole name as space-separated words: `pull-requests` -> 'pull request'."""
    parts = words(segment)
    if not parts:
        return ""
    return " ".join((*parts[:-1], singular(parts[-1])))


def is_version_segment(segment: str) -> bool:
    return bool(_VERSION.match(segment))


@lru_cache(maxsize=65536)
def is_resource_segment(segment: str) -> bool:
    """A static segment that names a resource: not a version, not `api`, not a `{param}`."""
    return bool(segment) and "{" not in segment and not is_version_segment(segment) and segment.lower() not in NON_RESOURCE_SEGMENTS


@lru_cache(maxsize=16384)
def entity_tokens(name: str) -> frozenset[str]:
    """What a schema or property name says about the resource it holds: `full-repository` ->
    {'repository'}, `pull-request-review` -> {'review', 'pull request review'}: the head noun and the
    whole phrase, without leading modifiers (`full`, `nullable`) or trailing suffixes (`Response`, `DTO`)."""
    parts = list(words(name))
    while len(parts) > 1 and parts[-1] in _TRAILING_NOISE:
        parts.pop()
    while len(parts) > 1 and parts[0] in _LEADING_NOISE:
        parts.pop(0)
    if not parts or parts[-1] in _TRAILING_NOISE or parts[-1].isdigit():
        return frozenset()
    head = singular(parts[-1])
    return frozenset({head, " ".join((*parts[:-1], head))})


# Properties that hold a person: what they hold is a user (`created_by.id` is a user's id).
PERSON_ROLES = frozenset({"createdby", "updatedby", "modifiedby", "deletedby", "ownedby", "assignedto", "owner",
                          "author", "creator", "assignee", "reporter", "sender", "recipient", "requester", "requestor",
                          "approver", "reviewer", "actor", "uploader", "editor", "inviter", "invitee", "submitter"})


@lru_cache(maxsize=16384)
def holder_tokens(name: str) -> frozenset[str]:
    """`entity_tokens` of a property holding an object, and `user` for a person's role."""
    tokens = entity_tokens(name)
    return tokens | {"user"} if norm(name) in PERSON_ROLES else tokens


# Not `request` nor `response`: a pull request, a merge request, a file request are resources.
_TRAILING_NOISE = frozenset({"input", "output", "dto", "model", "schema", "body", "payload",
                             "result", "results", "data", "object", "info", "details", "detail", "summary",
                             "resource", "entity", "record", "view", "item", "items", "wrapper", "envelope",
                             "read", "write", "create", "update", "patch", "params", "parameters", "v1", "v2",
                             "base", "mini", "full", "standard", "basic", "compact", "short", "simple", "minimal",
                             "lite", "light", "core", "extended", "expanded"})
_LEADING_NOISE = frozenset({"nullable", "simple", "minimal", "full", "base", "public", "private", "new", "create",
                            "update", "patch", "get", "list", "basic", "short", "partial", "core"})


@lru_cache(maxsize=262144)
def entity_matches(entity: str, token: str) -> int:
    """How well a context token names an entity (both singular phrases, words space-separated):
    2 for the same phrase; 1 when one abbreviates the other (`repo` / `repository`, `org` /
    `organization`: a 3-4 letter prefix of a much longer word), or is the head or the start of the
    other's compound (`run` / `workflow run`, `link` / `remotelink`, `pull` / `pull request`); 0
    otherwise (`run` / `runner`, `author` / `authorization`)."""
    if entity == token or entity.replace(" ", "") == token.replace(" ", ""):
        return 2
    short, long = (entity, token) if len(entity) <= len(token) else (token, entity)  # `sorted(..., key=len)`
    if " " not in long:
        abbreviates = 3 <= len(short) <= 4 and long.startswith(short) and len(long) - len(short) >= 5
        heads = len(short) >= 3 and long.endswith(short) and len(long) - len(short) >= 3  # `remotelink` / `link`
        return 1 if abbreviates or heads else 0
    if long.startswith(short + " ") or long.endswith(" " + short):
        return 1
    return 0
