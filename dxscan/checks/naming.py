"""Naming: does the API follow one convention, so consumers can guess names right?

Casing is judged against the API's own majority, per kind of name (path segments, parameters,
properties, operationIds, enum values): an all-snake_case API is as consistent as an all-camelCase
one. A one-word lower-case name (`id`, `users`) fits kebab-case, snake_case and camelCase alike,
so it never counts against any of them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain, compress, pairwise
from operator import attrgetter
from typing import Any, NamedTuple

from dxscan import pointer as jp
from dxscan.checks import Context, Hit
from dxscan.checks.inventory import inventory, path_operations, per_spec, when_found
from dxscan.graph.words import words
from dxscan.model import Operation, Spec

CONVENTIONS: dict[str, re.Pattern[str]] = {  # the order breaks ties
    "camelCase": re.compile(r"^[a-z0-9]+(?:[A-Z][a-z0-9]*)*$"),
    "snake_case": re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$"),
    "kebab-case": re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    "PascalCase": re.compile(r"^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$"),
    "SCREAMING_SNAKE_CASE": re.compile(r"^[A-Z0-9]+(?:_[A-Z0-9]+)*$"),
    "Train-Case": re.compile(r"^[A-Z][a-z0-9]*(?:-[A-Z][a-z0-9]*)*$"),
}
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_DOUBLED = re.compile(r"--|__|-_|_-")  # `reactions--1` is a symbol, not words in a convention
_RPC_SEPARATOR = re.compile(r"[.:]")  # `chat.postMessage`, `users:batchGet`
_NAMESPACE_SEPARATOR = re.compile(r"[/.:]")  # `repos/list-for-org`
VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*([a-z]+\d*)?|\d{4}-\d{2}-\d{2})$", re.IGNORECASE)
FORMAT_EXTENSIONS = frozenset(("json", "xml", "yaml", "yml", "csv", "html", "htm", "txt"))
SERVER_EXTENSIONS = frozenset(("php", "asp", "aspx", "jsp", "cgi", "do", "action", "pl", "py", "rb"))
_FILE_EXTENSIONS = FORMAT_EXTENSIONS | SERVER_EXTENSIONS
WELL_KNOWN_FILES = frozenset((
    "openapi.json", "openapi.yaml", "openapi.yml", "swagger.json", "swagger.yaml", "robots.txt",
    "sitemap.xml", "manifest.json", "favicon.ico", "security.txt", "ads.txt", "humans.txt",
    "keys.json", "jwks.json", "contribute.json", "tiles.json", "crossdomain.xml", "clientaccesspolicy.xml",
))


# --- names and conventions -------------------------------------------------------------------

ALL_CONVENTIONS = frozenset(CONVENTIONS)


@lru_cache(maxsize=65536)
def compatible(name: str) -> frozenset[str]:
    """The conventions a name fits. Leading `_`, `$` or `@` (`_links`, `$count`, `@type`) are
    markers, not casing; one upper-case word (`IBAN`, `URL`) is an acronym, which every
    convention spells its own way. Empty for a name that mixes conventions (`user_Id`)."""
    bare = name.lstrip("_$@")
    if bare.isupper() and bare.isalnum():
        return ALL_CONVENTIONS
    if bare.isascii() and bare.isalnum() and bare.islower():  # one word in [a-z0-9] (the commonest): no pattern
        return LOWER_CASE_WORD  # needs asking, the lower-case ones fit it, the others need a capital or a separator
    return frozenset(c for c, pattern in CONVENTIONS.items() if pattern.match(bare))


@lru_cache(maxsize=65536)
def classifiable(name: str) -> bool:
    """Only identifier-like names follow a casing convention (not `+1`, `odata.type`, `First Name`)."""
    bare = name.lstrip("_$@")
    if bare.isascii() and bare.isalnum():  # letters and digits only (most names): no pattern needs asking
        return not bare.isdigit()
    if not (bare and _NAME.match(bare) and any(c.isalpha() for c in bare)):
        return False
    return not (_DOUBLED.search(bare) or bare[-1] in "-_")


LOWER_CASE_WORD = frozenset(("camelCase", "snake_case", "kebab-case"))


@lru_cache(maxsize=65536)
def shows_casing(name: str) -> bool:
    """Does a name show a casing choice? One lower-case word fits camelCase, snake_case and
    kebab-case alike, an acronym fits all: neither can break a convention, so neither counts."""
    return compatible(name) not in (LOWER_CASE_WORD, ALL_CONVENTIONS)


def casing(word: str) -> str | None:
    """The convention a name follows; None for a name that fits several (one lower-case word) or
    none (mixed). A capitalised word (`Users`) counts as PascalCase."""
    fits = compatible(word)
    if len(fits) == 1:
        return next(iter(fits))
    if fits == {"PascalCase", "Train-Case"}:
        return "PascalCase"
    return None


def describe(name: str) -> str:
    """How a message names a name's casing: its convention, or what it looks like."""
    fits = compatible(name)
    if casing(name):
        return casing(name) or ""
    if not fits:
        return "mixed-case"
    if "SCREAMING_SNAKE_CASE" in fits:
        return "upper-case"
    return "lower-case"


class Tally(NamedTuple):
    """How the names of one kind (all their uses: a parameter name once per definition, a path
    segment once per path) follow the kind's majority convention. Only names that show a casing
    count: a one-word lower-case name (`id`) fits camelCase, snake_case and kebab-case alike and
    counts only against an upper-case majority; an acronym (`URL`) never counts."""

    convention: str | None  # None: no name shows a casing (all one lower-case word)
    following: int
    total: int
    lower_words: bool = False  # does one lower-case word count against a PascalCase or upper-case majority?

    @property
    def share(self) -> float:
        return self.following / self.total if self.total else 1.0

    @property
    def majority(self) -> bool:
        """More than half the names that show a casing follow the convention: a minority is
        never taken for the rule the rest break."""
        return self.convention is not None and self.following * 2 > self.total

    def follows(self, name: str) -> bool:
        return not self.majority or not self.counts(name) or self.convention in compatible(name)

    def counts(self, name: str) -> bool:
        """Could this name break the majority convention? An acronym (`URL`) fits every
        convention: it cannot. One lower-case word (`id`) fits camelCase, snake_case and
        kebab-case alike; with `lower_words` it breaks the other conventions (hsbc's `title`
        among PascalCase properties), else it never counts."""
        if self.convention is None:
            return False
        return shows_casing(name) or (self.lower_words and lower_word(name) and self.convention not in LOWER_CASE_WORD)

    def as_measure(self) -> dict[str, Any]:
        return {"convention": self.convention or "single words", "following": self.following,
                "total": self.total, "share": round(self.share, 4)}


# Members a format fixes in lower case, whatever the API's casing: a JSON:API-style envelope's
# `data` / `meta` / `links` and GeoJSON's `geometry` / `coordinates`.
STANDARD_MEMBERS = frozenset(("data", "meta", "links", "included", "jsonapi", "geometry", "geometries",
                              "coordinates", "features", "bbox"))


def lower_word(name: str) -> bool:
    """One lower-case word with no marker and not a standard member (`title`, not `@href`,
    `_links` or `data`)."""
    return name[:1].isalpha() and name not in STANDARD_MEMBERS and compatible(name) == LOWER_CASE_WORD


def tally(names: Iterable[str], lower_words: bool = False) -> Tally:
    """The majority is the convention most uses of a name showing a casing fit; ties go to the
    one more names fit alone (`page_size` tells snake_case, `Users` tells PascalCase or
    Train-Case), then to the order of CONVENTIONS. One lower-case word never votes; with
    `lower_words` it counts against a majority it does not fit."""
    return tally_uses(Counter(filter(classifiable, names)), lower_words)  # in C: classifiable is an lru_cache


def tally_uses(uses: Counter[str], lower_words: bool = False) -> Tally:
    """`tally` of names already counted (each classifiable), in the order they first appear."""
    fits: Counter[str] = Counter()
    telling: Counter[str] = Counter()
    for name, n in uses.items():
        if shows_casing(name):
            fitting = compatible(name)
            for c in fitting:  # Counter.update of a dict, without building one
                fits[c] += n
            if len(fitting) == 1:
                for c in fitting:
                    telling[c] += n
    if not fits:
        return Tally(None, 0, 0)
    order = list(CONVENTIONS)
    best = max(order, key=lambda c: (fits[c], telling[c], -order.index(c)))
    judged = Tally(best, 0, 0, lower_words)
    counted = {name: n for name, n in uses.items() if judged.counts(name)}
    following = sum(n for name, n in counted.items() if best in compatible(name))
    return judged._replace(following=following, total=sum(counted.values()))


def _off_message(kind: str, name: str, counts: Tally) -> str:
    return f"{kind} '{name}' is {describe(name)}; {_majority_phrase(kind, counts)}"


def _majority_phrase(kind: str, counts: Tally) -> str:
    """'41 of 44 parameter names with a visible casing are camelCase'."""
    return f"{counts.following} of {counts.total} {kind} names with a visible casing are {counts.convention}"


# --- path segments ---------------------------------------------------------------------------

def token(segment: str) -> bool:
    """A literal value left in a path (a key, a hash: long, a quarter of it digits), not a name."""
    return len(segment) >= 16 and sum(c.isdigit() for c in segment) * 4 >= len(segment)


def segment_names(path: str) -> list[str]:
    """The names in a path's static segments: version segments, `{parameters}`, literal tokens
    and file extensions left out; RPC-style `chat.postMessage` and `users:batchGet` split in two."""
    return list(_segment_names(path))


@lru_cache(maxsize=65536)
def _segment_names(path: str) -> tuple[str, ...]:
    """segment_names, kept: five rules and a measure ask it of every path."""
    names: list[str] = []
    for segment in path.split("/"):
        if not segment or "{" in segment or VERSION_SEGMENT.match(segment) or token(segment):
            continue
        stem, _, extension = segment.rpartition(".")
        if stem and extension.lower() in _FILE_EXTENSIONS:
            segment = stem
        names.extend(part for part in _RPC_SEPARATOR.split(segment) if classifiable(part))
    return tuple(names)


@per_spec
def path_tally(spec: Spec) -> Tally:
    return tally(chain.from_iterable(map(_segment_names, spec.paths)))  # segment_names' names, in C


def path_segment_casing(context: Context) -> Iterator[Hit]:
    counts = path_tally(context.spec)
    for path in context.spec.paths:
        off = [name for name in segment_names(path) if not counts.follows(name)]
        if off:
            yield Hit(jp.join("paths", path), f"path '{path}' has {describe(off[0])} segment '{off[0]}'; "
                      f"{_majority_phrase('path segment', counts)}")


# --- parameters, properties, operationIds, enum values ---------------------------------------

# Parameter names a protocol fixes: OAuth 1 and 2, PKCE, token exchange and OpenID Connect
# (RFC 5849, 6749, 6750, 7636, 8693; OIDC Core). An API that takes them cannot rename them.
STANDARD_PARAMETERS = frozenset((
    "response_type", "client_id", "client_secret", "redirect_uri", "grant_type", "code_challenge",
    "code_challenge_method", "code_verifier", "access_token", "refresh_token", "token_type_hint", "id_token_hint",
    "login_hint", "max_age", "ui_locales", "response_mode", "client_assertion", "client_assertion_type",
    "subject_token", "subject_token_type", "requested_token_type", "actor_token", "actor_token_type", "device_code",
    "user_code", "oauth_token", "oauth_verifier", "oauth_callback", "oauth_consumer_key", "oauth_signature",
    "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_version",
))


@per_spec
def named_parameters(spec: Spec) -> dict[str, Any]:
    """Path and query parameters by pointer (a shared parameter once): headers follow HTTP's
    Train-Case and are judged elsewhere, and names a protocol fixes (`redirect_uri`) are not the
    API's choice."""
    found = {}
    for operation in path_operations(spec):
        for parameter in operation.parameters:
            if parameter.location in ("path", "query") and classifiable(parameter.name) \
                    and parameter.name not in STANDARD_PARAMETERS:
                found.setdefault(parameter.pointer, parameter)
    return found


@per_spec
def parameter_tallies(spec: Spec) -> dict[str, Tally]:
    """location -> the tally of its parameters: path placeholders follow the paths' style
    (`{user-id}`) and do not set the convention of query parameters, nor the other way round."""
    return {location: tally(p.name for p in named_parameters(spec).values() if p.location == location)
            for location in ("path", "query")}


@per_spec
def parameter_tally(spec: Spec) -> Tally:
    """Path and query parameters together, each counted against its own location's tally."""
    tallies = parameter_tallies(spec)
    parameters = named_parameters(spec).values()
    counted = [p for p in parameters if tallies[p.location].counts(p.name)]
    following = sum(1 for p in counted if tallies[p.location].convention in compatible(p.name))
    conventions = Counter(tallies[p.location].convention for p in counted)
    return Tally(_usual(conventions), following, len(counted)) if counted else Tally(None, 0, 0)


def parameter_casing(context: Context) -> Iterator[Hit]:
    tallies = parameter_tallies(context.spec)
    for pointer, parameter in sorted(named_parameters(context.spec).items()):
        counts = tallies[parameter.location]
        if not counts.follows(parameter.name):
            yield Hit(pointer, _off_message(f"{parameter.location} parameter", parameter.name, counts))


@per_spec
def named_properties(spec: Spec) -> tuple[Any, ...]:
    properties = inventory(spec).properties  # one pass in C over 42,000 of GitHub's: no Python frame per property
    return tuple(compress(properties, map(classifiable, map(_NAME_OF, properties))))


_NAME_OF = attrgetter("name")


@per_spec
def property_name_uses(spec: Spec) -> Counter[str]:
    """How many definitions use each property name, in the order names first appear."""
    return Counter(map(_NAME_OF, named_properties(spec)))


@per_spec
def property_tally(spec: Spec) -> Tally:
    return tally_uses(property_name_uses(spec), lower_words=True)  # the names counted once, for both


@per_spec
def property_casing_hits(spec: Spec) -> tuple[Hit, ...]:
    counts = property_tally(spec)
    off = {name for name in property_name_uses(spec) if not counts.follows(name)}
    return tuple(Hit(p.pointer, _off_message("property", p.name, counts)) for p in named_properties(spec) if p.name in off)


def property_casing(context: Context) -> Iterator[Hit]:
    yield from property_casing_hits(context.spec)


_DEDUPLICATED = re.compile(r"_\d+$")  # a generator's `_1`, `_3` after a repeated id


@lru_cache(maxsize=65536)
def operation_id_parts(operation_id: str) -> tuple[str, ...]:
    """GitHub's `repos/list-for-org` is a namespace and a name; each part is judged, without the
    number a generator appends to tell repeated ids apart (`ergoPayCreateBabelBox_1` is camelCase).
    Kept per id: the tally, the check and the measure each ask for every operation's."""
    parts = (_DEDUPLICATED.sub("", part) for part in _NAMESPACE_SEPARATOR.split(operation_id))
    return tuple(part for part in parts if classifiable(part))


@per_spec
def identified_operations(spec: Spec) -> list[Operation]:
    return [o for o in path_operations(spec) if o.operation_id]


@per_spec
def operation_id_tally(spec: Spec) -> Tally:
    return tally(part for o in identified_operations(spec) for part in operation_id_parts(o.operation_id or ""))


def operation_id_casing(context: Context) -> Iterator[Hit]:
    counts = operation_id_tally(context.spec)
    for operation in identified_operations(context.spec):
        off = [part for part in operation_id_parts(operation.operation_id or "") if not counts.follows(part)]
        if off:
            yield Hit(jp.child(operation.pointer, "operationId"),
                      f"operationId '{operation.operation_id}' is {describe(off[0])}; {_majority_phrase('operationId', counts)}")


_LOCALE = re.compile(r"^[a-z]{2,3}[-_][A-Z][A-Za-z]{1,3}$")


# Values a standard fixes, whatever the API's casing: OAuth 2 grant and token types (RFC 6749, 8693)
# and GeoJSON's geometry and feature types (RFC 7946).
STANDARD_VALUES = frozenset((
    "authorization_code", "client_credentials", "refresh_token", "access_token", "id_token", "device_code",
    "token_exchange", "jwt_bearer", "saml2_bearer", "client_secret_basic", "client_secret_post", "private_key_jwt",
    "MultiPoint", "LineString", "MultiLineString", "MultiPolygon", "GeometryCollection", "FeatureCollection",
))
_LICENCE = re.compile(r"^(cc-)?by(-(nc|nd|sa))*$", re.IGNORECASE)  # Creative Commons licence codes (`cc-by-sa`, `by-nc`)


# An enum held by a field, parameter or schema named for one of these lists names another system
# fixes: LDAP attributes (`ldap_username_field`), similarity metrics, SQL Server's recovery models
# (`RecoveryModel`), dictionary providers, licences, units, formats. (Not `code`: an API's own error
# codes are its vocabulary.)
EXTERNAL_VOCABULARIES = frozenset((
    "field", "fields", "attribute", "attributes", "column", "columns", "provider", "providers",
    "metric", "metrics", "model", "license", "licence", "algorithm", "unit", "units", "format", "mime",
    "locale", "language", "currency", "country", "timezone", "charset", "encoding", "platform", "vendor",
))


@lru_cache(maxsize=65536)
def multi_word(value: str) -> bool:
    """Enum values of one word (`active`, `USD`) are often external codes, and so are values with
    digits (`R02`, `v2`), locales (`en-GB`) and licence codes (`cc-by-sa`): only the others, of
    several words, show a casing choice."""
    if value.isascii() and value.isalpha() and value.islower():  # one word in [a-z]: words() finds one
        return False
    if not classifiable(value) or any(map(str.isdigit, value)) or _LOCALE.match(value) or value in STANDARD_VALUES \
            or _LICENCE.match(value):
        return False
    return len(words(value)) > 1


@per_spec
def property_names(spec: Spec) -> frozenset[str]:
    return frozenset(map(_NAME_OF, named_properties(spec)))


def field_selector(spec: Spec, values: tuple[str, ...]) -> bool:
    """An enum of field names (`fields=created_at,name`, `sort=-updatedAt`): most of its values
    name properties, so they follow the properties' casing, not the enums'."""
    names = property_names(spec)
    fields = sum(1 for v in values if v.lstrip("+-") in names)
    return fields * 2 > len(values)


def display_labels(values: tuple[str, ...]) -> bool:
    """An enum with a value of several space-separated words (`Single phase` beside
    `Three-phase`) lists labels written for people, not identifiers in a casing the API chose."""
    return any(" " in value.strip() for value in values)


_SCHEMA_WRAPPERS = frozenset(("items", "additionalProperties", "allOf", "anyOf", "oneOf", "prefixItems", "not"))


def enum_holder(spec: Spec, pointer: str) -> str:
    """The name of what holds an enum: its property (`network_type`), its parameter (`sort`) or
    its schema (`GrantType`); empty when it has none."""
    tokens = list(jp.split(pointer))
    while tokens and (tokens[-1] in _SCHEMA_WRAPPERS or tokens[-1].isdigit()):
        tokens.pop()
    if len(tokens) >= 2 and tokens[-1] == "schema":
        parameter = jp.get(spec.document, tokens[:-1])
        return parameter.get("name", "") if isinstance(parameter, dict) and isinstance(parameter.get("name"), str) else ""
    return tokens[-1] if len(tokens) >= 2 and tokens[-2] in ("properties", "schemas", "definitions") else ""


def external_vocabulary(spec: Spec, pointer: str) -> bool:
    """Is the enum named for a list another system fixes (`ldap_username_field`, `RecoveryModel`)?
    The name's last word says what it is: `code-scanning-alert-state` is a state."""
    named = words(enum_holder(spec, pointer))
    return bool(named) and named[-1] in EXTERNAL_VOCABULARIES


@per_spec
def worded_enums(spec: Spec) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(pointer, multi-word values) of the enums that have any, field selectors and display labels
    left out."""
    kept: dict[tuple[str, ...], tuple[str, ...]] = {}  # values -> the multi-word ones kept, once per enum written
    found = []  # (GitHub writes one enum in 300 inline schemas)
    for enum in inventory(spec).enums:
        values = kept.get(enum.values)
        if values is None:
            values = kept[enum.values] = () if field_selector(spec, enum.values) or display_labels(enum.values) \
                else tuple(v for v in enum.values if multi_word(v))
        if values:
            found.append((enum.pointer, values))
    return tuple(found)


@per_spec
def enum_tally(spec: Spec) -> Tally:
    """`tally` of every worded value of every enum, counted once per distinct list of values
    (the 10x Stripe copy: 70,860 values in 4,510 enums, 123 distinct lists): the same counts, in the
    order the values first appear."""
    uses: Counter[str] = Counter()
    for values, n in Counter(values for _, values in worded_enums(spec)).items():
        for value in values:
            if classifiable(value):
                uses[value] += n
    return tally_uses(uses)


def _distinct_enum_values(spec: Spec) -> dict[str, None]:
    """The worded values of the enums, each once, in the order they first appear."""
    return dict.fromkeys(chain.from_iterable(dict.fromkeys(values for _, values in worded_enums(spec))))


CONVENTION_VALUES = 3  # two distinct values in one casing are not yet a convention


@per_spec
def settled_convention(spec: Spec) -> bool:
    """Is the majority of the uses a majority of the distinct values too, and of three values at
    least? One enum repeated in many schemas (`NO_MATCH` in six `*_match` fields) is one spelling:
    it cannot outvote three others."""
    counts = enum_tally(spec)
    distinct = tally(_distinct_enum_values(spec))
    return (counts.majority and distinct.majority and distinct.convention == counts.convention
            and distinct.following >= CONVENTION_VALUES)


@per_spec
def off_enums(spec: Spec) -> dict[str, list[str]]:
    """Each multi-word enum value that breaks the majority -> the enums that hold it. An enum named
    for another system's list is never reported, but it still votes: the name is a clue, not proof
    (`matchFields` may list the API's own names), and a vote taken away could turn the majority."""
    counts = enum_tally(spec)
    found: dict[str, list[str]] = defaultdict(list)
    if not settled_convention(spec):
        return {}
    judged: dict[tuple[str, ...], list[str]] = {}  # values -> the odd ones, once per enum written
    for pointer, values in worded_enums(spec):
        off = judged.get(values)
        if off is None:
            off = judged[values] = [value for value in values if not counts.follows(value) and not _alias(value, values, counts)]
        if off and not external_vocabulary(spec, pointer):  # the holder's name looked up only for an odd value
            for value in off:
                found[value].append(pointer)
    return dict(found)


def _alias(value: str, values: tuple[str, ...], counts: Tally) -> bool:
    """Does the enum also hold the value in the majority's casing (Google's `tierBased` beside
    `TIER_BASED`)? Then the odd spelling is a kept alias, and there is nothing to rename."""
    return any(other != value and words(other) == words(value) and counts.follows(other) for other in values)


@per_spec
def enum_casing_hits(spec: Spec) -> tuple[Hit, ...]:
    """One finding per odd value, at its first enum: GitHub repeats one enum in 300 inline schemas."""
    counts = enum_tally(spec)
    hits = []
    for value, pointers in sorted(off_enums(spec).items()):
        where = f" (and {len(pointers) - 1} more enums)" if len(pointers) > 1 else ""
        hits.append(Hit(pointers[0], f"enum value '{value}' is {describe(value)}{where}; "
                        f"{counts.following} of {counts.total} multi-word enum values are {counts.convention}", value))
    return tuple(hits)


def enum_value_casing(context: Context) -> Iterator[Hit]:
    yield from enum_casing_hits(context.spec)


# --- verbs, plurals, trailing slashes, extensions --------------------------------------------

VERBS = frozenset((
    "get", "create", "update", "delete", "remove", "add", "set", "fetch", "list", "retrieve", "modify",
    "edit", "insert", "make", "do", "save", "put", "post", "patch", "change", "find", "send", "upload",
    "download", "read", "write",
))


# Verbs that are nouns too: before a plural they name a kind of thing (`upload_sessions`,
# `write-permissions`, `ChangeOrderCharges`), not an action.
NOUN_VERBS = frozenset(("upload", "download", "change", "update", "write", "read", "post", "patch"))


def verb_segment(path: str) -> str | None:
    """The first static segment made of a verb and more words (`getUser`, `create-order`); a
    one-word action (`/orders/{id}/cancel`) is a sub-resource, not a verb path, and a noun-verb
    before a plural (`upload-tokens`) is a noun phrase."""
    for name in segment_names(path):
        parts = words(name)
        if len(parts) > 1 and parts[0] in VERBS and not (parts[0] in NOUN_VERBS and _plural_word(parts[-1])):
            return name
    return None


READ_VERBS = frozenset(("get", "fetch", "list", "retrieve", "find", "read", "download"))
COMMAND_API_PATHS = 10  # fewer POST endpoints than this are too few to call a design


def command_path(path: str) -> bool:
    """A path named as a command: a verb path (`/getUser`), a method name (`/chat.postMessage`,
    `/users:batchGet`) or a path ending in a one-word verb (Plaid's `/accounts/get`)."""
    static = [segment for segment in path.split("/") if segment and "{" not in segment]
    names = segment_names(path)
    ends_in_verb = bool(static and names and names[-1] in VERBS and static[-1].endswith(names[-1]))
    return bool(verb_segment(path)) or ends_in_verb or any(method_name(segment) for segment in static)


def method_name(segment: str) -> bool:
    """`chat.postMessage`, `users:batchGet`: names joined by `.` or `:`, not a version (`v1.2`)
    or a file name (`pets.json`)."""
    if VERSION_SEGMENT.match(segment) or segment.rpartition(".")[2].lower() in _FILE_EXTENSIONS:
        return False
    return sum(1 for part in _RPC_SEPARATOR.split(segment) if classifiable(part)) > 1


@per_spec
def rpc_style(spec: Spec) -> bool:
    """An API whose paths are mostly commands (`/chat.postMessage`, `/accounts/get`), or that
    sends every operation by POST to a path without parameters (`/v0.1/ConferenceMute/`), is RPC by
    design: its verbs are its convention, not a slip."""
    paths = spec.paths
    if not paths:
        return False
    operations = path_operations(spec)
    all_post = bool(operations) and all(o.method == "post" for o in operations)
    if all_post and len(paths) >= COMMAND_API_PATHS and not any("{" in path for path in paths):
        return True
    return sum(1 for path in paths if command_path(path)) * 2 > len(paths)


@per_spec
def read_paths(spec: Spec) -> frozenset[str]:
    return frozenset(o.path for o in path_operations(spec) if o.method == "get")


# Nouns for the record an action leaves: after a verb that is a noun too they name that record.
RECORD_NOUNS = frozenset(("log", "logs", "history", "status", "info", "summary", "progress", "state", "stats"))


def names_a_thing(spec: Spec, path: str, verb: str) -> bool:
    """A path read by GET, named by a verb that is a noun too and a word for its record
    (`GET /change-log`, `GET /update-history`, `GET /upload-status`), names what it reads: the
    log of changes. `GET /update-profile` still names an action, and so does a verb that is no
    noun (`GET /send/saveData`)."""
    parts = words(verb)
    return path in read_paths(spec) and parts[0] in NOUN_VERBS - READ_VERBS and parts[-1] in RECORD_NOUNS


def path_verb(context: Context) -> Iterator[Hit]:
    if rpc_style(context.spec):
        return
    for path in context.spec.paths:
        verb = verb_segment(path)
        if verb and not names_a_thing(context.spec, path, verb):
            yield Hit(jp.join("paths", path), f"path '{path}' names an action ('{verb}'); the HTTP method already says what it does")


IRREGULAR_PLURALS = frozenset(("people", "children", "men", "women", "data", "media", "criteria", "feet", "mice", "geese"))
UNCOUNTABLE = frozenset((  # a collection named by a mass noun is neither singular nor plural
    "history", "info", "information", "metadata", "software", "hardware", "feedback", "inventory", "analytics",
    "billing", "search", "auth", "health", "config", "staff", "equipment", "evidence", "content", "traffic",
    "storage", "access", "mail", "media", "data", "usage", "money", "music", "news", "audio", "video", "chassis",
    "series", "species", "emoji", "sheep", "fish", "aircraft",
))
SINGULAR_S = ("ss", "us", "sis", "xis", "news", "series", "species", "status")
# Plurals that end like a Latin singular: a word ending in a vowel plus `s` (`skus`, `menus`).
PLURAL_US = frozenset(("menus", "skus", "cpus", "gpus", "vcpus", "gurus", "emus", "haikus", "tofus", "ous"))
QUALIFYING_IDENTIFIERS = frozenset(("id", "uuid", "guid", "slug", "key", "code"))


def head_noun(name: str) -> str:
    """The noun a name's number is read from: the last word, or the one before `of`
    (`codes_of_conduct` -> `codes`); an identifier word after a plural only qualifies it
    (`products-uuid` -> `products`)."""
    parts = words(name) or ("",)
    if "of" in parts[1:]:
        return parts[parts.index("of") - 1]
    if len(parts) > 1 and parts[-1] in QUALIFYING_IDENTIFIERS and _plural_word(parts[-2]):
        return parts[-2]
    return parts[-1]


def acronym(word: str) -> bool:
    """`sns`, `hdfs`: no vowel, so no English plural either."""
    return not set(word) & set("aeiouy")


def is_plural(name: str) -> bool:
    return _plural_word(head_noun(name))


def _plural_word(word: str) -> bool:
    """`apis`, `wikis`, `skus` are plurals; `analysis`, `axis`, `status`, `bonus` are not."""
    if word in IRREGULAR_PLURALS or word in PLURAL_US:
        return True
    return word.endswith("s") and not word.endswith(SINGULAR_S)


GENERIC_IDENTIFIERS = frozenset((
    "id", "ids", "key", "slug", "uuid", "guid", "gid", "sid", "code", "number", "num", "no", "name", "ref", "handle",
))


def identifies(parameter: str, collection: str) -> bool:
    """`{id}`, `{petId}` or `{pet}` after `pets` name one of its items; `{type}` or `{user_id}`
    after `admin` do not (a filter, or another resource's identifier)."""
    own = set(words(collection)) | {w[:-1] for w in words(collection) if w.endswith("s")}
    rest = [w for w in words(parameter) if w not in GENERIC_IDENTIFIERS]
    return all(any(w.startswith(o) for o in own) for w in rest)  # `username` after `users`


def collections(path: str, listed: frozenset[str] = frozenset()) -> list[str]:
    """Static segments followed by a parameter that identifies one of their items, whose path is
    also listed on its own (`users` in `/users/{id}` when `/users` exists): names of collections.
    Participles (`following`, `starred`) and mass nouns (`history`) are left out, and so is a
    word right after a plural name (`hooks/git/{id}`, `agreements/enduser/{id}`): it names a kind
    of the collection before it, not a collection."""
    segments = [s for s in path.split("/") if s]
    found = []
    for index, (segment, following) in enumerate(pairwise(segments)):
        if "{" in segment or not following.startswith("{") or VERSION_SEGMENT.match(segment) or not classifiable(segment):
            continue
        if index and len(words(segment)) == 1 and _qualifies(segments[index - 1]):
            continue
        last = head_noun(segment)
        if last.endswith(("ing", "ed")) or last in UNCOUNTABLE or acronym(last) or any(c.isdigit() for c in segment):
            continue
        if "/" + "/".join(segments[: index + 1]) in listed and identifies(following.strip("{}"), segment):
            found.append(segment)
    return found


def _qualifies(previous: str) -> bool:
    """Is the segment before a plural collection name, so that a one-word segment after it names
    a kind of it (`server-size` after `options` is a collection of its own)?"""
    return "{" not in previous and not VERSION_SEGMENT.match(previous) and classifiable(previous) and is_plural(previous)


@per_spec
def collection_paths(spec: Spec) -> dict[str, list[str]]:
    """path -> the collections it names."""
    listed = frozenset(p.rstrip("/") for p in spec.paths)
    return {path: collections(path, listed) for path in spec.paths}


@per_spec
def plural_tally(spec: Spec) -> tuple[bool | None, int, int]:
    """(do collections take plural names, how many distinct collection names agree, of how many);
    None when fewer than three collections or no two-thirds majority."""
    names = {name for found in collection_paths(spec).values() for name in found}
    plural = sum(1 for name in names if is_plural(name))
    if len(names) < 3:
        return None, max(plural, len(names) - plural), len(names)
    if plural * 3 >= len(names) * 2:
        return True, plural, len(names)
    if (len(names) - plural) * 3 >= len(names) * 2:
        return False, len(names) - plural, len(names)
    return None, max(plural, len(names) - plural), len(names)


def collection_name_plurality(context: Context) -> Iterator[Hit]:
    majority, agree, total = plural_tally(context.spec)
    if majority is None:
        return
    wanted = "plural" if majority else "singular"
    for path, found in collection_paths(context.spec).items():
        off = [name for name in found if is_plural(name) != majority]
        if off:
            yield Hit(jp.join("paths", path), f"path '{path}' names the collection '{off[0]}' in the "
                      f"{'singular' if majority else 'plural'}; {agree} of {total} collection names are {wanted}")


def path_keys_no_trailing_slash(context: Context) -> Iterator[Hit]:
    """Spectral's rule: a path key longer than `/` that ends with `/`."""
    for path in context.spec.paths:
        if len(path) > 1 and path.endswith("/"):
            yield Hit(jp.join("paths", path), f"path '{path}' ends with a slash")


def oas3_server_trailing_slash(context: Context) -> Iterator[Hit]:
    """Spectral's rule: an OpenAPI 3 server URL other than `/` that ends with `/` (Swagger 2.0's
    servers are made from host and basePath, which the rule does not judge)."""
    if context.spec.version == "2.0":
        return
    for server in context.spec.servers:
        if server.url != "/" and server.url.endswith("/"):
            yield Hit(server.pointer, f"server URL '{server.url}' ends with a slash")


_STANDARD_DOCUMENT = re.compile(r"(^|[_}-])[A-Z]{2,5}$")  # RadioDNS's `SI.xml`, `{date}_PI.xml`


def file_extension(path: str) -> str | None:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if last.lower() in WELL_KNOWN_FILES or "/.well-known/" in path or last.endswith("Capabilities.xml"):
        return None  # names a standard fixes (OGC's WMTSCapabilities.xml)
    stem, dot, extension = last.rpartition(".")
    if _STANDARD_DOCUMENT.search(stem):
        return None  # a document a standard names by an acronym, not a format picked by suffix
    if dot and stem and extension.lower() in _FILE_EXTENSIONS:
        return "." + extension
    return None


def path_file_extension(context: Context) -> Iterator[Hit]:
    for path in context.spec.paths:
        extension = file_extension(path)
        if extension:
            yield Hit(jp.join("paths", path), f"path '{path}' ends in a file extension ('{extension}')")


# --- one concept, several names --------------------------------------------------------------

def identifier_key(collection: str, parameter: str) -> str:
    """`{id}`, `{userId}` and `{user_id}` after `users` all name the user's id: 'id'. Matching
    is on words, so `{username}` ('name') stays a different identifier."""
    owner = set(words(collection)) | {w[:-1] for w in words(collection) if w.endswith("s")}
    parts = [w for w in words(parameter) if w not in owner]
    return "".join(parts) or "id"


def identifier_names(spec: Spec) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(collection path, identifier) -> parameter name -> the paths that use it. The collection
    path keeps what comes before (`/v1/treasury/transactions` and `/v1/issuing/transactions`
    are different resources), with earlier parameters anonymous."""
    found: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in spec.paths:
        segments = [s for s in path.split("/") if s]
        for index, (collection, following) in enumerate(pairwise(segments)):
            if "{" in collection or not (following.startswith("{") and following.endswith("}")):
                continue
            owner = "/" + "/".join("{}" if s.startswith("{") else s for s in segments[: index + 1])
            name = following[1:-1]
            found[(owner, identifier_key(collection, name))][name].append(path)
    return found


def path_parameter_name_inconsistent(context: Context) -> Iterator[Hit]:
    for (owner, _), names in sorted(identifier_names(context.spec).items()):
        if len(names) < 2:
            continue
        usual = max(sorted(names), key=lambda n: len(names[n]))
        for name, paths in sorted(names.items()):
            if name == usual:
                continue
            for path in paths:
                yield Hit(jp.join("paths", path), f"path '{path}' calls the identifier of '{owner}' '{{{name}}}'; "
                          f"{len(names[usual])} other paths call it '{{{usual}}}'")


PAGINATION_STYLES = (  # names lower-cased without '_' and '-'
    ("cursor", frozenset((
        "cursor", "pagetoken", "nextpagetoken", "after", "before", "startingafter", "endingbefore",
        "continuationtoken", "continuation", "marker", "nexttoken", "pagecursor", "nextcursor", "startcursor",
        "paginationtoken",
    ))),
    ("offset", frozenset(("offset", "skip", "start", "startindex", "startat"))),
    ("page", frozenset(("page", "pagenumber", "pagenum", "pageindex", "pageno"))),
)
PAGE_SIZE = frozenset(("limit", "perpage", "pagesize", "maxresults", "maxitems", "top", "pagelimit", "count", "size"))


def squash(name: str) -> str:
    return name.lower().lstrip("$").replace("_", "").replace("-", "")


# Cursors that move forward: one operation needs one (`starting_after` and `ending_before` are a
# pair, forward and back).
FORWARD_TOKENS = frozenset(("cursor", "pagetoken", "nextpagetoken", "continuationtoken", "continuation", "marker",
                            "nexttoken", "pagecursor", "nextcursor", "startcursor", "paginationtoken"))
_TIME_TEXT = re.compile(r"\b(date|time|timestamp|created|updated|modified|epoch|iso ?8601|rfc ?3339|utc)\b", re.IGNORECASE)
_DOCUMENT_TEXT = re.compile(r"\b(document|pdf|file|image|sheet|book|scan|report|slide)s?\b", re.IGNORECASE)


def _time_filter(parameter: Any) -> bool:
    """`before` / `after` that take a date or a time: a filter, not a cursor."""
    raw = parameter.schema.raw if parameter.schema is not None else None
    if isinstance(raw, dict) and raw.get("format") in ("date", "date-time", "unix-time"):
        return True
    return bool(_TIME_TEXT.search(parameter.description or ""))


def _page_of_a_document(parameter: Any) -> bool:
    """`page` that picks a page of one document ("the page of the PDF to render"), not of a list."""
    return bool(_DOCUMENT_TEXT.search(parameter.description or ""))


def _paging_parameters(operation: Operation) -> dict[str, Any]:
    """The query parameters that may page, by squashed name: time filters and document pages left out."""
    query = {squash(p.name): p for p in operation.parameters if p.location == "query"}
    for key in ("before", "after"):
        if key in query and _time_filter(query[key]):
            del query[key]
    if "start" in query and ("end" in query or _time_filter(query["start"])):  # a time window, not an offset
        del query["start"]
    for key in ("page", "pagenumber", "pagenum", "pageindex", "pageno"):
        if key in query and _page_of_a_document(query[key]):
            del query[key]
    return query


def pagination_tokens(operation: Operation) -> list[str]:
    """The forward cursors an operation takes (Twitter's `next_token` beside `pagination_token`)."""
    if operation.method != "get":
        return []
    return sorted(p.name for key, p in _paging_parameters(operation).items() if key in FORWARD_TOKENS)


def pagination(operation: Operation) -> tuple[str | None, str | None]:
    """(style, page-size parameter) of a GET operation's query parameters. A `page` that takes a
    string is a cursor token (Stripe's search), not a page number."""
    if operation.method != "get":
        return None, None
    query = _paging_parameters(operation)
    names = {key: p.name for key, p in query.items()}
    style = next((style for style, markers in PAGINATION_STYLES if markers & names.keys()), None)
    if style == "page" and _string_parameter(query.get("page")):
        style = "cursor"
    size = next((names[n] for n in sorted(names) if n in PAGE_SIZE), None) if style else None
    return style, size


def _string_parameter(parameter: Any) -> bool:
    raw = parameter.schema.raw if parameter is not None and parameter.schema is not None else None
    return isinstance(raw, dict) and raw.get("type") == "string"


@per_spec
def paginations(spec: Spec) -> dict[int, tuple[str | None, str | None]]:
    """pagination() of each operation under `paths`, by its identity: a rule, the tally and the
    measures all ask it."""
    return {id(operation): pagination(operation) for operation in path_operations(spec)}


@per_spec
def pagination_tally(spec: Spec) -> dict[str, Counter[str]]:
    styles: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    paged = paginations(spec)
    for operation in path_operations(spec):
        style, size = paged[id(operation)]
        if style:
            styles[style] += 1
        if size:
            sizes[size] += 1
    return {"styles": styles, "page_size_names": sizes}


def _majority(counts: Counter[str]) -> str | None:
    """The value more than half the counts take; None when none does ("1 of 2" is no majority)."""
    usual = _usual(counts)
    return usual if usual is not None and counts[usual] * 2 > sum(counts.values()) else None


def _usual(counts: Counter[str]) -> str | None:
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def pagination_inconsistent(context: Context) -> Iterator[Hit]:
    counts = pagination_tally(context.spec)
    style, size = _majority(counts["styles"]), _majority(counts["page_size_names"])
    paged = paginations(context.spec)
    for operation in path_operations(context.spec):
        own_style, own_size = paged[id(operation)]
        tokens = pagination_tokens(operation)
        if len(tokens) > 1:
            yield Hit(operation.pointer, f"{operation.label} takes {len(tokens)} pagination tokens "
                      f"({', '.join(repr(t) for t in tokens)}); a client cannot tell which to send")
        elif own_style and style and own_style != style:
            yield Hit(operation.pointer, f"{operation.label} pages by {own_style}; most paginated operations "
                      f"({counts['styles'][style or '']} of {sum(counts['styles'].values())}) page by {style}")
        elif own_size and size and own_size != size:
            yield Hit(operation.pointer, f"{operation.label} sets the page size with '{own_size}'; most paginated operations "
                      f"({counts['page_size_names'][size or '']} of {sum(counts['page_size_names'].values())}) use '{size}'")


BOOLEAN_PREFIXES = frozenset(("is", "has"))  # `allow_x`, `can_x` say something else than `x`
TIMESTAMP_SUFFIXES = frozenset(("at", "on", "date", "time", "timestamp", "ts", "datetime"))
STEMS = {
    "created": "create", "creation": "create", "create": "create", "updated": "update", "update": "update",
    "modified": "modify", "modification": "modify", "deleted": "delete", "deletion": "delete",
    "expires": "expire", "expired": "expire", "expiration": "expire", "expiry": "expire", "expire": "expire",
    "published": "publish", "publication": "publish",
}


@lru_cache(maxsize=16384)
def boolean_form(name: str) -> tuple[str, str]:
    """(stem, form): `is_active` -> ('active', 'is'), `active` -> ('active', '')."""
    parts = words(name)
    if len(parts) > 1 and parts[0] in BOOLEAN_PREFIXES:
        return " ".join(parts[1:]), parts[0]
    return " ".join(parts), ""


@lru_cache(maxsize=16384)
def timestamp_form(name: str) -> tuple[str, str]:
    """(stem, form): `created_at` -> ('create', 'at'), `creation_date` -> ('create', 'date')."""
    parts = list(words(name))
    suffix = parts.pop() if len(parts) > 1 and parts[-1] in TIMESTAMP_SUFFIXES else ""
    stem = " ".join(STEMS.get(p, p) for p in parts)
    return stem, suffix


_NUMBERS = ("integer", "number")
_DATES = ("date-time", "date")


def form_groups(named: Iterable[tuple[str, str]]) -> dict[str, Counter[str]]:
    """stem -> form -> how many definitions use it, for stems seen in more than one form."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for stem, form in named:
        forms[stem][form] += 1
    return {stem: counts for stem, counts in forms.items() if len(counts) > 1 and stem}


def _inconsistent_forms(props: tuple[Any, ...], form: Any, what: str, describe_form: Any) -> tuple[Hit, ...]:
    """The definitions whose form is not the one most definitions of the same stem use."""
    groups = form_groups(form(p.name) for p in props)
    usual = {stem: _usual(counts) for stem, counts in groups.items()}
    names: dict[tuple[str, str], str] = {}
    for prop in props:
        key = form(prop.name)
        names[key] = min(names.get(key, prop.name), prop.name)
    example = {stem: names[(stem, usual[stem])] for stem in groups}
    hits = []
    for prop in props:
        stem, own = form(prop.name)
        if stem in groups and own != usual[stem]:
            hits.append(Hit(prop.pointer, f"{what} '{prop.name}' {describe_form(own)}; elsewhere the same {what} is "
                            f"'{example[stem]}'"))
    return tuple(hits)


@per_spec
def booleans(spec: Spec) -> tuple[Any, ...]:
    return tuple(p for p in named_properties(spec) if p.type == "boolean")


@per_spec
def timestamps(spec: Spec) -> tuple[Any, ...]:
    """The date-time or date strings, and the numbers named like a timestamp (`created_at`: epoch)."""
    found = []
    for p in named_properties(spec):
        if p.type in _NUMBERS:
            if timestamp_form(p.name)[1]:
                found.append(p)
        elif p.format in _DATES:  # the schema's format, as the inventory read it
            found.append(p)
    return tuple(found)


@per_spec
def boolean_hits(spec: Spec) -> tuple[Hit, ...]:
    return _inconsistent_forms(booleans(spec), boolean_form, "boolean",
                               lambda form: f"uses the prefix '{form}'" if form else "has no is/has prefix")


@per_spec
def timestamp_hits(spec: Spec) -> tuple[Hit, ...]:
    return _inconsistent_forms(timestamps(spec), timestamp_form, "timestamp",
                               lambda form: f"ends in '{form}'" if form else "has no _at/_date suffix")


def boolean_name_inconsistent(context: Context) -> Iterator[Hit]:
    yield from boolean_hits(context.spec)


def timestamp_name_inconsistent(context: Context) -> Iterator[Hit]:
    yield from timestamp_hits(context.spec)


# --- measures --------------------------------------------------------------------------------

def naming_measures(context: Context) -> dict[str, Any]:
    spec = context.spec
    majority, agree, total = plural_tally(spec)
    pages = pagination_tally(spec)
    return {
        "casing": {
            "path_segments": path_tally(spec).as_measure(),
            "parameters": parameter_tally(spec).as_measure(),
            "properties": property_tally(spec).as_measure(),
            "operation_ids": operation_id_tally(spec).as_measure(),
            "enum_values": enum_tally(spec).as_measure(),
        },
        "style": "rpc" if rpc_style(spec) else "resource",
        "collections": {"names": total, "agree": agree, "plural": majority},
        "pagination": dict(sorted(pages["styles"].items())),
        "page_size_names": dict(sorted(pages["page_size_names"].items())),
        "counts": _counts(spec),
    }


def _counts(spec: Spec) -> dict[str, dict[str, int]]:
    """What each rule applies to, where that is not the engine's count of its catalogue scope
    (score.py). A casing rule counts only what shows a casing (`page_size`, `Users`, `user_Id`,
    not `id` or `URL`, which fit any convention); a path or operationId counts when one of its
    names does."""
    operations = identified_operations(spec)
    paths, properties = path_tally(spec), property_tally(spec)
    operation_ids = operation_id_tally(spec)
    parameters, pages = parameter_tallies(spec), paginations(spec)  # asked once, not once per parameter or operation
    return {
        "path-segment-casing": {"checked": sum(1 for path in spec.paths if any(map(paths.counts, segment_names(path))))},
        "parameter-casing": {"checked": sum(1 for p in named_parameters(spec).values()
                                            if parameters[p.location].counts(p.name))},
        "property-casing": {"checked": sum(n for name, n in property_name_uses(spec).items() if properties.counts(name)),
                            "failed": len(property_casing_hits(spec))},
        "operation-id-casing": {"checked": sum(1 for o in operations if any(map(operation_ids.counts, operation_id_parts(o.operation_id or ""))))},
        "enum-value-casing": {"checked": len(worded_enums(spec)),
                              "failed": len({p for pointers in off_enums(spec).values() for p in pointers})},
        "pagination-inconsistent": {"checked": sum(1 for o in path_operations(spec) if pages[id(o)][0])},
        "collection-name-plurality": {"checked": sum(1 for found in collection_paths(spec).values() if found)},
        "path-parameter-name-inconsistent": {"checked": sum(1 for path in spec.paths if "{" in path)},
        "boolean-name-inconsistent": {"checked": len(booleans(spec)), "failed": len(boolean_hits(spec))},
        "timestamp-name-inconsistent": {"checked": len(timestamps(spec)), "failed": len(timestamp_hits(spec))},
        "schema-name-framework-type": when_found(len(spec.schemas), len(framework_schemas(spec))),
        "name-spelled-two-ways": when_found(len(named_properties(spec)),
                                           sum(n for counts in spellings(spec).values() for name, n in counts.items()
                                               if name != min(counts, key=lambda k: (-counts[k], k)))),
        "path-empty-segment": when_found(len(spec.paths), sum(1 for path in spec.paths if "//" in path)),
    }


# --- what a reviewer flags that the rules above miss (issue 11) ------------------------------

def path_empty_segment(context: Context) -> Iterator[Hit]:
    for path in context.spec.paths:
        if "//" in path:
            yield Hit(jp.join("paths", path), f"path '{path}' has an empty segment ('//'): clients and proxies may collapse it")


# Types of a web framework or a language's library, not of the API: Scala/Akka's
# `Function1RequestContextFutureRouteResult`, Spring's `ResponseEntity«User»`, .NET's `IActionResult`.
FRAMEWORK_TYPES = re.compile(  # `Function5` alone is a domain noun numbered by a generator
    r"Function\d+(?=[A-Z])|Tuple\d+|CompletableFuture|RequestContext|RouteResult|ResponseEntity|IActionResult|"
    r"JsonNode|ObjectNode|HttpEntity|HttpResponseMessage|ResponseBodyEmitter|DeferredResult|StreamingResponseBody")
FRAMEWORK_HINTS = frozenset(("future", "mono", "flux", "optional", "observable", "task", "unit", "either", "seq"))


def framework_type(name: str) -> bool:
    """A strong framework type name, or two different hints together (`FutureSeqUnit`): one
    `Task` or `Unit` is a domain noun."""
    if FRAMEWORK_TYPES.search(name):
        return True
    lowered = name.lower()  # a hint among the words is in the lower-cased name: most names hold no two, and skip words()
    return sum(hint in lowered for hint in FRAMEWORK_HINTS) >= 2 and len(FRAMEWORK_HINTS & set(words(name))) >= 2


@per_spec
def framework_schemas(spec: Spec) -> tuple[tuple[str, str], ...]:
    return tuple((name, schema.pointer) for name, schema in sorted(spec.schemas.items()) if framework_type(name))


def schema_name_framework_type(context: Context) -> Iterator[Hit]:
    found = framework_schemas(context.spec)
    if found:
        names = [name for name, _ in found]
        shown = ", ".join(f"'{n}'" for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        yield Hit(found[0][1], f"{len(names)} schema names are framework types, not API concepts: {shown}")


@per_spec
def spellings(spec: Spec) -> dict[str, Counter[str]]:
    """Property names that differ only in the capitals inside them (`TemplateId`, `TemplateID`):
    the name with all but its first letter lower-cased -> spelling -> uses. A different first letter is a casing convention, judged
    by property-casing."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for name, uses in property_name_uses(spec).items():
        found[name[0] + name[1:].lower()][name] += uses
    return {key: counts for key, counts in found.items() if len(counts) > 1}


@per_spec
def respelled(spec: Spec) -> tuple[Hit, ...]:
    """One finding per less used spelling, at its first use."""
    hits = []
    shown = {name for counts in spellings(spec).values() for name in counts}
    first: dict[str, str] = {}
    for prop in named_properties(spec):
        if prop.name in shown and prop.name not in first:  # a pointer made only for a name reported
            first[prop.name] = prop.pointer
    for _, counts in sorted(spellings(spec).items()):
        usual = min(counts, key=lambda name: (-counts[name], name))
        for name in sorted(counts):
            if name != usual:
                hits.append(Hit(first[name], f"property '{name}' ({_uses(counts[name])}) is spelled '{usual}' elsewhere "
                                             f"({_uses(counts[usual])}): one identifier, two spellings", key=name))
    return tuple(hits)


def _uses(count: int) -> str:
    return f"{count} use" if count == 1 else f"{count} uses"


def name_spelled_two_ways(context: Context) -> Iterator[Hit]:
    yield from respelled(context.spec)
