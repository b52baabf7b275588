"""Operations and the identifiers they need: roles (create, read, list...) and consumer slots.

A slot is an identifier an operation cannot be called without: a path parameter (unless it is an
enum, a boolean, a date or a bounded number: a choice, not an identifier), or an id-like query,
header or body field. Each slot names, when it can, the entity it identifies and which of its
fields (`{issue_number}`: issue, number; `/pets/{id}`: pet, id; `/repos/{owner}/{repo}`: repo, any
identity field). A path parameter that names no entity and has no identifier shape (`{path}`,
`{archive_format}`) is a free value the client composes, not an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from dxscan.graph.facts import FactsReader, Leaf, SchemaFacts, schema_type, value_type
from dxscan.graph.words import (
    BARE_IDS,
    GENERIC_PREFIXES,
    ID_SUFFIXES,
    STRICT_ID_SUFFIXES,
    entity_matches,
    entity_tokens,
    is_resource_segment,
    norm,
    singular,
    singular_phrase,
    words,
)
from dxscan.model import Operation

ROLE_RANK = {"create": 0, "upsert": 1, "read": 2, "list": 3, "update": 4, "action": 5, "delete": 6, "other": 6}
NEVER_SLOTS = frozenset({"page", "perpage", "limit", "offset", "cursor", "sort", "order", "fields", "expand", "q",
                         "apiversion", "ifmatch", "ifnonematch", "idempotencykey", "authorization", "pagesize",
                         "pagetoken", "nextpagetoken", "requestid", "correlationid", "traceid", "apikey",
                         "accesstoken", "clientrequestid", "xrequestid"})
# Path parameters that carry the caller's own credential (`/tokens/{token}`): the client holds it.
CREDENTIALS = frozenset({"token", "accesstoken", "authtoken", "apitoken", "apikey", "refreshtoken", "sessiontoken",
                         "bearertoken", "idtoken", "clientsecret"})
# ...and anywhere, the identifiers of the caller's own application or account, issued when it signed
# up (`client_id`, `appID`, `secret_id`): the client configures them once.
OWN_CREDENTIALS = CREDENTIALS | frozenset({"clientid", "appid", "appkey", "applicationkey", "consumerkey",
                                           "consumersecret", "developerkey", "subscriptionkey",
                                           "licensekey", "partnerkey", "apikeyid"})
_PARAM = re.compile(r"\{([^}]+)\}")
_PLURAL_FIELDS = {"ids": "id", "uuids": "uuid", "guids": "guid", "gids": "gid"}
_VERB_WORDS = frozenset({
    "get", "create", "add", "update", "set", "delete", "remove", "fetch", "retrieve", "list", "select", "do",
    "execute", "run", "invoke", "call", "process", "perform", "search", "cancel", "approve", "reject", "start",
    "stop", "restart", "enable", "disable", "send", "submit", "validate", "verify", "generate", "import", "export",
    "sync", "reset", "archive", "unarchive", "publish", "unpublish", "lock", "unlock", "close", "reopen", "merge",
    "rename", "move", "copy", "upload", "download", "refresh", "revoke", "resend", "activate", "deactivate",
    "suspend", "resume", "check", "batch", "bulk", "transfer", "dismiss", "rerun", "render", "convert",
})


@dataclass(frozen=True)
class OpInfo:
    key: str  # "op:GET /pets/{id}"
    operation: Operation = field(repr=False, compare=False)
    erased: tuple[str, ...]  # path segments with parameters erased: ("pets", "{}")
    role: str  # create, upsert, read, list, update, delete, action, other
    collection: str | None  # the resource its last static segment names, singular: "pet"
    params: frozenset[str] = frozenset()  # its path parameters' names
    parent: str | None = None  # the resource before its collection: "review" for `/reviews/{id}/events`

    @property
    def label(self) -> str:
        return self.operation.label


class Slot(NamedTuple):
    """An identifier an operation needs."""

    key: str  # "in:GET /pets/{id}:path:id"
    op: str  # the consumer's op key
    location: str  # path, query, header, cookie, body
    name: str  # the parameter's name, or the body field's access path ("category/id")
    pointer: str  # where it is defined (the parameter, or the body field's schema)
    type: str | None
    format: str | None
    entity: str | None  # the resource it identifies, a singular phrase: "pet", "pull request"
    field: str | None  # which of the resource's fields: "id", "number"; None: any identity field
    required: bool
    id_like: bool  # an identifier (False: a free value such as `{path}`)
    anchor: tuple[str, ...]  # the erased path up to the parameter (path), or the operation's erased path
    position: int = -1  # index among the path's parameters (path slots)
    self_supplied: bool = False  # the client has it without asking: it chose it (a creating PUT's trailing
    # parameter) or it is the caller's own credential (`/tokens/{token}`)
    context: bool = False  # a context identifier that frames the API (`{owner}`, `{tenant}`)
    fallback: str | None = None  # for a bare `{id}`: the resource segment before the nearest (`/attachment/content/{id}`)

    @property
    def label(self) -> str:
        return f"{{{self.name}}}" if self.location == "path" else f"{self.location} '{self.name}'"

    @property
    def needs_producer(self) -> bool:
        """A required identifier the client cannot make up: not a free value, not a context
        identifier, not one the client chooses."""
        return self.required and self.id_like and not self.self_supplied and not self.context


# --- operations -------------------------------------------------------------------------------

def op_key(operation: Operation) -> str:
    return "op:" + operation.label


@lru_cache(maxsize=65536)  # paths and segments recur in every operation on them: memoised
def path_segments(path: str) -> tuple[str, ...]:
    return tuple(segment for segment in path.split("/") if segment)


@lru_cache(maxsize=65536)
def erase(segment: str) -> str:
    return _PARAM.sub("{}", segment)


@lru_cache(maxsize=65536)
def segment_params(segment: str) -> tuple[str, ...]:
    return tuple(_PARAM.findall(segment))


@lru_cache(maxsize=65536)
def verb_of(segment: str) -> str | None:
    """The verb a static segment starts with (`deleteUser`, `set-default`, `cancel`), or None;
    `settings`, `updates`, `addresses` are nouns (one word, not the bare verb)."""
    if "{" in segment:
        return None
    parts = words(segment.split(":")[-1] if ":" in segment else segment)
    if not parts or parts[0] not in _VERB_WORDS:
        return None
    return parts[0]


@lru_cache(maxsize=65536)
def is_action_segment(segment: str) -> bool:
    """`cancel`, `items:publish`, `set-default`: a segment that names an act rather than a resource;
    `upload_sessions`, `check-runs` (a plural noun last) name resources."""
    if ":" in segment and "{" not in segment.split(":")[-1]:
        return True
    if verb_of(segment) is None:
        return False
    parts = words(segment)
    return len(parts) == 1 or not (parts[-1].endswith("s") and not parts[-1].endswith("ss"))


def op_info(operation: Operation) -> OpInfo:
    segments = path_segments(operation.path)
    erased = tuple(erase(segment) for segment in segments)
    params = frozenset(name for segment in segments for name in segment_params(segment))
    resources = [singular_phrase(s) for s in segments if is_resource_segment(s) and not is_action_segment(s)]
    parent = resources[-2] if len(resources) > 1 else None
    collection = collection_of(segments)
    role = role_of(operation, erased)
    if role == "create" and answers_parent(operation, collection, parent):
        role = "action"
    return OpInfo(op_key(operation), operation, erased, role, collection, params, parent)


def answers_parent(operation: Operation, collection: str | None, parent: str | None) -> bool:
    """Whether an operation answers with its path's parent resource (`POST /issues/{n}/assignees`
    returns the issue): it acts on the parent rather than making a member of its collection."""
    if not parent:
        return False
    for response in operation.responses:
        if not response.status.startswith("2"):
            continue
        for media in response.content:
            name = media.schema.name if media.schema is not None else None
            tokens = entity_tokens(name) if name else frozenset()
            names_parent = any(t == parent or t.endswith(" " + parent) for t in tokens)
            if names_parent and not (collection and any(entity_matches(collection, t) for t in tokens)):
                return True
        return False
    return False


def role_of(operation: Operation, erased: tuple[str, ...]) -> str:
    last = erased[-1] if erased else ""
    if last and "{}" not in last and is_action_segment(last):
        return "action"
    item = "{}" in last
    method = operation.method
    if method == "post":
        return "update" if item else ("action" if _answers_array(operation) else "create")
    if method == "put":
        return "upsert" if item else "update"
    if method == "get":
        return "read" if item or not _lists(operation) else "list"
    return {"patch": "update", "delete": "delete"}.get(method, "other")


def _answers_array(operation: Operation) -> bool:
    """A POST answering with an array adds or links many things (`POST .../restrictions/users`);
    a create answers with the one resource it made."""
    for response in operation.responses:
        if response.status.startswith("2"):
            return any(m.schema is not None and schema_type(m.schema.raw) == "array" for m in response.content)
    return False


def _lists(operation: Operation) -> bool:
    """Whether a GET on a static path returns a collection (an array, or an object wrapping one)."""
    for response in operation.responses:
        if not response.status.startswith("2"):
            continue
        for media in response.content:
            raw = media.schema.raw if media.schema is not None else None
            if schema_type(raw) == "array":
                return True
            if isinstance(raw, dict) and isinstance(raw.get("properties"), dict):
                return any(isinstance(v, dict) and v.get("type") == "array" for v in raw["properties"].values())
    return False


def collection_of(segments: tuple[str, ...]) -> str | None:
    """The resource an operation's path names last: `/repos/{o}/{r}/issues/{n}` -> 'issue'."""
    for segment in reversed(segments):
        if is_resource_segment(segment) and not is_action_segment(segment):
            return singular_phrase(segment)
    return None


def _second_resource(segments: tuple[str, ...], index: int) -> str | None:
    """The resource segment before the one preceding `segments[index]`, when no parameter lies
    between them (`/attachment/content/{id}`: 'attachment')."""
    nearest = [i for i in range(index) if is_resource_segment(segments[i]) and not is_action_segment(segments[i])]
    if len(nearest) < 2 or any("{" in segments[i] for i in range(nearest[-2], index)):
        return None
    return singular_phrase(segments[nearest[-2]])


def _fallback(name: str, entity: str | None, field_name: str | None, segments: tuple[str, ...], index: int) -> str | None:
    """The resource a path parameter may identify when its own does not resolve: for a bare `{id}`
    the resource segment before the nearest (`/attachment/content/{id}`), for a name of another
    entity the one the path names (`/articles/get/{coreId}`: an article)."""
    if field_name is not None and norm(name) in BARE_IDS:
        return _second_resource(segments, index)
    preceding = preceding_resource(segments, index)
    nearest = singular_phrase(preceding) if preceding else None
    return nearest if field_name is not None and nearest != entity else None


def preceding_resource(segments: tuple[str, ...], index: int) -> str | None:
    """The last resource segment before `segments[index]`."""
    for segment in reversed(segments[:index]):
        if is_resource_segment(segment) and not is_action_segment(segment):
            return segment
    return None


# --- naming identifiers -----------------------------------------------------------------------

@lru_cache(maxsize=65536)
def identify(name: str, preceding: str | None, known: frozenset[str] = frozenset()) -> tuple[str | None, str | None, bool]:
    """(entity, field, id_like) of a consumer's name. `preceding` is the resource segment before it,
    `known` the resources the API's paths name (`{target_user}` names a user when `/users` exists)."""
    parts = list(words(name))
    for joint in ("or", "for"):  # issueIdOrKey, id_or_slug, required_workflow_id_for_repo
        if joint in parts[1:]:
            parts = parts[: parts.index(joint, 1)]
    if not parts:
        return None, None, False
    from_path = singular_phrase(preceding) if preceding else None
    if "".join(parts) in ("username", "login"):
        return "user", "username", True
    if len(parts) == 1:
        return _identify_word(parts[0], from_path, known)
    last, prefix = parts[-1], parts[:-1]
    whole = " ".join((*prefix, singular(last)))
    if from_path and whole == from_path:  # `/promotion_codes/{promotion_code}` names the promotion code itself
        return from_path, None, True
    if last in ID_SUFFIXES and len("".join(prefix)) >= 2:
        field_name = _PLURAL_FIELDS.get(last, last)  # `label_ids` holds label ids
        if len(prefix) == 1 and prefix[0] in GENERIC_PREFIXES:
            return from_path, field_name, True
        return " ".join((*prefix[:-1], singular(prefix[-1]))), field_name, True
    if singular(last) in known:
        return singular(last), None, True
    return None, None, False


def _identify_word(word: str, from_path: str | None, known: frozenset[str]) -> tuple[str | None, str | None, bool]:
    if word in BARE_IDS:
        return from_path, word, True
    if from_path and singular(word) == from_path:
        return from_path, None, True
    if singular(word) in known:
        return singular(word), None, True
    return None, None, False


def excluded_schema(raw: Any) -> bool:
    """Enum, boolean, date and bounded-number parameters are choices, not identifiers."""
    if not isinstance(raw, dict):
        return False
    if isinstance(raw.get("enum"), list) or "const" in raw:
        return True
    kind = schema_type(raw)
    if kind == "boolean" or raw.get("format") in ("date", "date-time"):
        return True
    return kind in ("integer", "number") and "minimum" in raw and "maximum" in raw


def type_and_format(raw: Any, spec: Any = None) -> tuple[str | None, str | None]:
    if not isinstance(raw, dict):
        return None, None
    fmt = raw.get("format") if isinstance(raw.get("format"), str) else None
    return (value_type(spec, raw) if spec is not None else schema_type(raw)), fmt


def id_like_field(name: str, fmt: str | None) -> bool:
    """A query, header or body field that holds a reference: `customer_id`, `label_ids`, a uuid."""
    parts = words(name)
    if not parts:
        return False
    if fmt == "uuid":
        return True
    return parts[-1] in STRICT_ID_SUFFIXES and (len(parts) > 1 or parts[-1] == "id")


# --- reading slots ----------------------------------------------------------------------------

def path_slots(info: OpInfo, known: frozenset[str], context: frozenset[str] = frozenset(),
               upserts: dict[tuple[str, ...], str] | None = None, spec: Any = None) -> Iterator[Slot]:
    """`context`: the API's context identifiers; `upserts`: item paths a PUT creates (its trailing
    parameter is chosen by the client)."""
    operation = info.operation
    declared = {p.name: p for p in operation.parameters if p.location == "path"}
    segments = path_segments(operation.path)
    position = -1
    for index, segment in enumerate(segments):
        for name in segment_params(segment):
            position += 1
            parameter = declared.get(name)
            raw = parameter.schema.raw if parameter is not None and parameter.schema is not None else {}
            if parameter is None or excluded_schema(raw):
                continue
            entity, field_name, id_like = identify(name, preceding_resource(segments, index), known)
            kind, fmt = type_and_format(raw, spec)
            anchor = info.erased[: index + 1]
            chosen = (upserts is not None and upserts.get(anchor) == info.key) or norm(name) in CREDENTIALS
            fallback = _fallback(name, entity, field_name, segments, index)
            yield Slot(f"in:{operation.label}:path:{name}", info.key, "path", name, parameter.pointer, kind, fmt,
                       entity, field_name, True, id_like, anchor, position, chosen, name in context, fallback)


def parameter_slots(info: OpInfo, known: frozenset[str], spec: Any = None) -> Iterator[Slot]:
    operation = info.operation
    segments = path_segments(operation.path)
    collection = preceding_resource(segments, len(segments))
    for parameter in operation.parameters:
        if parameter.location not in ("query", "header", "cookie") or norm(parameter.name) in NEVER_SLOTS:
            continue
        raw = parameter.schema.raw if parameter.schema is not None else {}
        kind, fmt = type_and_format(raw, spec)
        if kind == "array" and isinstance(raw.get("items"), dict):
            kind, fmt = type_and_format(raw["items"], spec)
        if excluded_schema(raw) or not id_like_field(parameter.name, fmt):
            continue
        entity, field_name, _ = identify(parameter.name, collection, known)
        fallback = info.parent if norm(parameter.name) in BARE_IDS and info.parent != entity else None
        yield Slot(f"in:{operation.label}:{parameter.location}:{parameter.name}", info.key, parameter.location,
                   parameter.name, parameter.pointer, kind, fmt, entity, field_name, parameter.required, True,
                   info.erased, fallback=fallback)  # `GET /images/recommendations?id=`: an image's id


def body_slots(reader: FactsReader, info: OpInfo, known: frozenset[str]) -> Iterator[Slot]:
    """Id-like fields of a write's request body that name another resource (`customer_id`,
    `category.id`); the body's own top-level `id` is the new resource's, not a reference."""
    operation = info.operation
    body = operation.request_body
    if body is None or operation.method not in ("post", "put", "patch"):
        return
    media = next((m for m in body.content if m.schema is not None), None)
    if media is None:
        return
    facts = reader.of(media.schema.raw, media.schema.pointer)
    if facts is None:
        return
    body_required = body.required or operation.method == "post"
    for access, leaf, required in body_leaves(reader, facts):
        if leaf.read_only or leaf.enum or leaf.type in ("object", "boolean") or not id_like_field(leaf.name, leaf.format):
            continue
        if norm(leaf.name) in ("id", "uuid", "guid") and (len(access) == 1 or _wraps_own(access, info)):
            continue
        entity, field_name, _ = identify(leaf.name, leaf.parent, known)
        if entity is None:
            continue
        name = "/".join(access)
        yield Slot(f"in:{operation.label}:body:{name}", info.key, "body", name, leaf.pointer, leaf.type, leaf.format,
                   entity, field_name, body_required and required, True, info.erased)


def _wraps_own(access: tuple[str, ...], info: OpInfo) -> bool:
    """Whether a body field sits in an object naming the operation's own resource (`POST
    /requisition_lists` sending `{requisitionList: {id}}`): the resource's own identifier."""
    holders = [step for step in access[:-1] if step != "*"]
    return len(holders) == 1 and info.collection is not None and singular_phrase(holders[0]) == info.collection


def body_leaves(reader: FactsReader, facts: SchemaFacts) -> Iterator[tuple[tuple[str, ...], Leaf, bool]]:
    """A body's fields two property hops deep, through the named schemas it holds."""
    yield from ((leaf.access, leaf, leaf.required) for leaf in facts.leaves if property_hops(leaf.access) <= 2)
    for held in facts.contains:
        if held.hops > 1:
            continue
        for leaf in reader.named(held.target).leaves:
            access = held.access + leaf.access
            if property_hops(access) <= 2:
                parent = leaf.parent or held.parent
                moved = Leaf(access, leaf.name, leaf.type, leaf.format, leaf.pointer, parent, leaf.required,
                             leaf.read_only, leaf.write_only, leaf.enum, leaf.target)
                yield access, moved, held.required and leaf.required


def property_hops(access: tuple[str, ...]) -> int:
    """How many properties an access path passes through: its steps that are not `*` (an item)."""
    return len(access) - access.count("*")
