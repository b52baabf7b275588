"""Documentation: can a developer learn the API from the document alone?

Rules that carry a Spectral id (`operation-description`, `info-contact`...) follow Spectral's
`spectral:oas` semantics exactly (but `operation-tags`, which leaves out CORS preflights and APIs
too small for tags to group anything), so their counts match Spectral's on the same document: they look
at operations under `paths` only (not webhooks), and a value passes when it is JavaScript-truthy
(an empty object passes, an empty string does not). The other rules judge quality as well as
presence: a placeholder (`TODO`, `string`, `OK` for a whole response) or a description that only
repeats the name documents nothing.
"""

from __future__ import annotations

import datetime
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter
from typing import Any

from dxscan import pointer as jp
from dxscan.checks import Context, Hit
from dxscan.checks.inventory import holds_example, inventory, path_operations, per_spec, when_found
from dxscan.checks.naming import words
from dxscan.checks.rate_limits import self_hosted
from dxscan.model import MediaType, Operation, Response, Spec
from dxscan.openapi import ALL_METHODS, operation_methods

PLACEHOLDERS = frozenset((
    "todo", "tbd", "tba", "fixme", "xxx", "string", "description", "desc", "na", "n a", "none", "null", "nil",
    "test", "placeholder", "foo", "bar", "foobar", "lorem ipsum", "insert description here", "add description",
    "add a description", "no description", "description here", "some description", "undefined", "empty",
))
PLACEHOLDER_START = re.compile(r"^\W*(todo|tbd|fixme|xxx|lorem ipsum)\b", re.IGNORECASE)
SUCCESS_PLACEHOLDERS = frozenset((
    "ok", "okay", "success", "successful", "succeeded", "successful operation", "successful response",
    "success response", "successful request", "operation successful", "request successful", "default response",
    "response", "done", "everything ok", "all ok", "valid response", "created", "accepted", "updated", "deleted",
))
FILLER = frozenset((
    "a", "an", "the", "of", "this", "its", "for", "to", "object", "field", "parameter", "param", "property",
    "value", "the", "id", "identifier", "string", "number", "integer", "boolean", "array", "list", "schema",
    "model", "type", "data", "is", "in",
))
_WORD_RUN = re.compile(r"[a-z0-9]+")
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")  # a full stop and a new sentence: two of them make a paragraph
HAS_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
LONGEST_PLACEHOLDER = 80  # characters; longer text always says something


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness, as Spectral's `truthy` function sees a value."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not math.isnan(value) and value != 0
    return True


@lru_cache(maxsize=65536)
def normalised(text: str) -> str:
    """The text's runs of lower-case letters and digits, one space between each: what replacing
    every other run by a space and splitting gives, in one pass (a third of the time)."""
    return " ".join(_WORD_RUN.findall(text.lower()))


def placeholder(text: str) -> bool:
    said = normalised(text)
    return said in PLACEHOLDERS or bool(PLACEHOLDER_START.match(text)) or not said


def repeats_name(text: str, name: str) -> bool:
    """A description whose words are only the name's words and filler ("The user id." for
    `user_id`) tells the reader nothing new."""
    return set(normalised(text).split()) - FILLER <= _name_forms(name)


@lru_cache(maxsize=65536)
def _name_forms(name: str) -> frozenset[str]:
    """A name's words, each also with an `s`: what a description may say and only repeat it."""
    return frozenset((*words(name), *(w + "s" for w in words(name))))


@lru_cache(maxsize=65536)
def uninformative(text: str | None, name: str) -> str | None:
    """Why a description documents nothing ('no description', 'a placeholder', 'only repeats
    its name'), or None when it does. A long text is neither a placeholder nor a bare name."""
    stripped = (text or "").strip()
    if not stripped:
        return NO_DESCRIPTION
    if len(stripped) > LONGEST_PLACEHOLDER:
        return None
    if placeholder(stripped):
        return f"has a placeholder description ('{stripped[:40]}')"
    if repeats_name(stripped, name):
        return f"has a description that only repeats its name ('{stripped[:40]}')"
    return None


# --- the spectral:oas rules -------------------------------------------------------------------

def operation_description(context: Context) -> Iterator[Hit]:
    for operation in path_operations(context.spec):
        if not js_truthy(operation.raw.get("description")):
            yield Hit(operation.pointer, f"{operation.label} has no description")


def operation_operation_id(context: Context) -> Iterator[Hit]:
    for operation in path_operations(context.spec):
        if not js_truthy(operation.raw.get("operationId")):
            yield Hit(operation.pointer, f"{operation.label} has no operationId")


def _document_order(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(path, method, operation, pointer) in the order Spectral walks them: paths, then each path
    item's keys as written."""
    paths = spec.document.get("paths")
    if not isinstance(paths, dict):
        return
    for path, value in paths.items():
        item, where = spec.resolve(value, jp.join("paths", path))
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method in operation_methods(spec.version) and isinstance(operation, dict):
                yield path, method, operation, jp.child(where, method)


def _identity(value: Any) -> Any:
    """What JavaScript's `===` compares: scalars by type and value, objects never equal."""
    if isinstance(value, (dict, list)):
        return object()
    return (isinstance(value, bool), isinstance(value, str), value)


def operation_operation_id_unique(context: Context) -> Iterator[Hit]:
    """Spectral reports every occurrence after the first, at its `operationId`."""
    seen: dict[Any, str] = {}
    for path, method, operation, pointer in _document_order(context.spec):
        if "operationId" not in operation:
            continue
        key = _identity(operation["operationId"])
        if key in seen:
            yield Hit(jp.child(pointer, "operationId"), f"{method.upper()} {path} reuses operationId "
                      f"'{operation['operationId']}' of {seen[key]}")
        else:
            seen[key] = f"{method.upper()} {path}"


TAGGED_FROM = 6  # operations: below this, an API that tags none of them reads as one short list


def taggable_operations(spec: Spec) -> list[Operation]:
    """Operations under `paths` but CORS preflights (OPTIONS), which a reference leaves out."""
    return [o for o in path_operations(spec) if o.method != "options"]


def _tagged(operation: Operation) -> bool:
    tags = operation.raw.get("tags")
    return isinstance(tags, list) and bool(tags)


def tagging_applies(spec: Spec) -> bool:
    """Tags would group something: the API tags some operations, or has at least TAGGED_FROM of
    them (a one- or five-operation API gains nothing from tags)."""
    operations = taggable_operations(spec)
    return len(operations) >= TAGGED_FROM or any(_tagged(o) for o in operations)


def untagged_operations(spec: Spec) -> list[Operation]:
    return [o for o in taggable_operations(spec) if not _tagged(o)] if tagging_applies(spec) else []


def operation_tags(context: Context) -> Iterator[Hit]:
    for operation in untagged_operations(context.spec):
        yield Hit(operation.pointer, f"{operation.label} has no tags")


def success_status(status: str, openapi3: bool) -> bool:
    """Spectral's test: `2XX`/`3XX` (OpenAPI 3) or a number from 200 to 399; and 101 Switching
    Protocols, a WebSocket channel's one success."""
    if openapi3 and status in ("2XX", "3XX"):
        return True
    return bool(HAS_NUMBER.match(status)) and (200 <= float(status) < 400 or float(status) == 101)


def operation_success_response(context: Context) -> Iterator[Hit]:
    openapi3 = context.spec.version != "2.0"
    for operation in path_operations(context.spec):
        responses, _ = context.spec.child(operation.raw, operation.pointer, "responses")
        if isinstance(responses, dict) and not any(success_status(str(s), openapi3) for s in responses):
            yield Hit(jp.child(operation.pointer, "responses"), f"{operation.label} documents no 2xx or 3xx response")


def tag_description(context: Context) -> Iterator[Hit]:
    tags = context.spec.document.get("tags")
    for index, tag in enumerate(tags if isinstance(tags, list) else []):
        if not js_truthy(tag.get("description") if isinstance(tag, dict) else None):
            name = tag.get("name") if isinstance(tag, dict) else None
            yield Hit(jp.join("tags", index), f"tag '{name}' has no description")


def _info_field(context: Context, field: str, message: str) -> Iterator[Hit]:
    if not js_truthy(context.spec.info.get(field)):
        yield Hit("/info", message)


def info_description(context: Context) -> Iterator[Hit]:
    yield from _info_field(context, "description", "info has no description of the API")


def info_contact(context: Context) -> Iterator[Hit]:
    yield from _info_field(context, "contact", "info has no contact")


def info_license(context: Context) -> Iterator[Hit]:
    yield from _info_field(context, "license", "info has no license")


# --- coverage and quality -------------------------------------------------------------------

def info_terms_of_service(context: Context) -> Iterator[Hit]:
    """A self-hosted product (its servers are the user's own) has no operator whose terms apply."""
    if not str(context.spec.info.get("termsOfService") or "").strip() and not self_hosted(context.spec):
        yield Hit("/info", "info names no terms of service")


def api_servers_missing(context: Context) -> Iterator[Hit]:
    if not context.spec.servers:
        where = "host" if context.spec.version == "2.0" else "servers"
        yield Hit("", f"the document declares no server ('{where}'), so consumers cannot tell the base URL")


def operation_summary(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        summary = operation.summary or ""
        if not summary.strip():
            yield Hit(operation.pointer, f"{operation.label} has no summary")
        elif placeholder(summary):
            yield Hit(jp.child(operation.pointer, "summary"), f"{operation.label} has a placeholder summary ('{summary.strip()[:40]}')")


def operation_summary_paragraph(context: Context) -> Iterator[Hit]:
    longest = int(context.options["max_length"])
    for operation in context.spec.operations:
        summary = (operation.summary or "").strip()
        if len(summary) > longest or "\n" in summary or len(_SENTENCE_END.findall(summary)) >= 2:
            yield Hit(jp.child(operation.pointer, "summary"),
                      f"{operation.label} has a summary of {len(summary)} characters; a summary is a short title, the detail belongs in the description")


def operation_description_uninformative(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        text = (operation.description or "").strip()
        problem = uninformative(text, operation.operation_id or "") if text else None
        if problem:
            yield Hit(jp.child(operation.pointer, "description"), f"{operation.label} {problem}")


@per_spec
def used_parameters(spec: Spec) -> dict[str, Any]:
    """Every parameter once (a shared one by its definition), standard HTTP headers aside."""
    found: dict[str, Any] = {}
    for operation in spec.operations:
        for parameter in operation.parameters:
            if not (parameter.location == "header" and parameter.name.lower() in STANDARD_HEADERS):
                found.setdefault(parameter.pointer, parameter)
    return found


STANDARD_HEADERS = frozenset((  # defined by HTTP itself: a description would repeat the RFC
    "accept", "accept-charset", "accept-encoding", "accept-language", "authorization", "cache-control", "content-type",
    "content-length", "content-encoding", "content-language", "cookie", "if-match", "if-none-match",
    "if-modified-since", "if-unmodified-since", "range", "user-agent", "origin", "referer", "host",
))


def parameter_text(parameter: Any) -> str | None:
    """The parameter's description, else its schema's (`schema: {description: ...}`: renderers show
    it, and a generator that writes it there is not wrong)."""
    if (parameter.description or "").strip():
        return parameter.description
    raw = parameter.schema.raw if parameter.schema is not None else None
    text = raw.get("description") if isinstance(raw, dict) else None
    return text if isinstance(text, str) else None


def parameter_description(context: Context) -> Iterator[Hit]:
    for pointer, parameter in sorted(used_parameters(context.spec).items()):
        problem = uninformative(parameter_text(parameter), parameter.name)
        if problem:
            yield Hit(pointer, f"{parameter.location} parameter '{parameter.name}' {problem}")


@per_spec
def request_bodies(spec: Spec) -> dict[str, tuple[Operation, Any]]:
    found: dict[str, tuple[Operation, Any]] = {}
    for operation in spec.operations:
        if operation.request_body is not None:
            found.setdefault(operation.request_body.pointer, (operation, operation.request_body))
    return found


def _schema_description(media: tuple[MediaType, ...]) -> str | None:
    for item in media:
        raw = item.schema.raw if item.schema is not None else None
        if isinstance(raw, dict) and isinstance(raw.get("description"), str) and raw["description"].strip():
            return raw["description"]
    return None


def empty_object(raw: Any) -> bool:
    """`{type: object, properties: {}}`: a body with nothing in it (Stripe's GETs carry one)."""
    return isinstance(raw, dict) and raw.get("type") == "object" and not raw.get("properties") and not any(
        key in raw for key in ("allOf", "anyOf", "oneOf", "items", "$ref")) and raw.get("additionalProperties") in (None, False)


def _has_content(media: MediaType) -> bool:
    return media.schema is not None and not empty_object(media.schema.raw)


_COMPOSED = ("allOf", "oneOf", "anyOf")
SCHEMA_DEPTH = 3  # levels of properties, items and composition a reader's renderer shows unfolded


def schema_tree(spec: Spec, raw: Any, depth: int = SCHEMA_DEPTH) -> Iterator[tuple[dict[str, Any], bool]]:
    """(schema, is_a_property) for the schema and what a renderer unfolds beneath it, `$ref`s
    followed: its properties, array items, additionalProperties and allOf/oneOf/anyOf parts, down
    to `depth` levels (each node once). A `$ref` written with siblings (`description` beside it)
    is yielded as written too."""
    seen: set[int] = set()
    stack: list[tuple[Any, bool, int]] = [(raw, False, depth)]
    while stack:
        written, is_property, left = stack.pop()
        node = spec.deref(written)
        if written is not node and isinstance(written, dict) and len(written) > 1:
            yield written, is_property
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        yield node, is_property
        if left:
            stack += [(child, is_property, left - 1) for child, is_property in _unfolded(node)]


def _unfolded(node: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """(child, is_a_property) for what `schema_tree` walks beneath `node`, in the order it pushes
    them: its properties, items, additionalProperties and allOf/oneOf/anyOf parts. What is not an
    object is left out (walked, it would yield nothing)."""
    properties = node.get("properties")
    children = [(p, True) for p in properties.values() if isinstance(p, dict)] if isinstance(properties, dict) else []
    children += [(node[key], False) for key in ("items", "additionalProperties") if isinstance(node.get(key), dict)]
    for key in _COMPOSED:
        parts = node.get(key)
        if isinstance(parts, list):
            children += [(part, False) for part in parts if isinstance(part, dict)]
    return children


def _said(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip()) and not placeholder(text)


def _properties_described(spec: Spec, media: tuple[MediaType, ...]) -> bool:
    """Something under the body's schema is described (a field's description or title, a part of
    an allOf/oneOf, the items of an array, the values of a map): the body is documented field by
    field (how well is property-description's business)."""
    for item in media:
        raw = item.schema.raw if item.schema is not None else None
        for node, is_property in schema_tree(spec, raw):
            if _said(node.get("description")) or (is_property and _said(node.get("title"))):
                return True
    return False


@per_spec
def bodies_with_content(spec: Spec) -> dict[str, tuple[Operation, Any]]:
    return {pointer: (o, body) for pointer, (o, body) in request_bodies(spec).items() if any(_has_content(m) for m in body.content)}


def request_body_description(context: Context) -> Iterator[Hit]:
    for pointer, (operation, body) in sorted(bodies_with_content(context.spec).items()):
        text = body.description or _schema_description(body.content)
        if (not (text or "").strip() or placeholder(text or "")) and not _properties_described(context.spec, body.content):
            yield Hit(pointer, f"the request body of {operation.label} has no description, on the body, its schema or its fields")


@per_spec
def used_responses(spec: Spec) -> dict[str, tuple[Operation, Response]]:
    found: dict[str, tuple[Operation, Response]] = {}
    for operation in spec.operations:
        for response in operation.responses:
            found.setdefault(response.pointer, (operation, response))
    return found


def response_placeholder(response: Response) -> bool:
    """An empty or placeholder text; for a success response also a bare "OK" or "Successful
    response", unless the body's schema is described (then the schema says what comes back)."""
    text = normalised(response.description or "")
    if placeholder(response.description or ""):
        return True
    success = response.status.startswith("2") and response.status != "204"
    generic = text in SUCCESS_PLACEHOLDERS or text in (f"{response.status} response", response.status.lower())
    return success and generic and not _schema_description(response.content)


def response_description(context: Context) -> Iterator[Hit]:
    for pointer, (operation, response) in sorted(used_responses(context.spec).items()):
        if response_placeholder(response):
            text = (response.description or "").strip()
            what = f"a placeholder description ('{text[:40]}')" if text else "an empty description"
            yield Hit(pointer, f"response {response.status} of {operation.label} has {what}; say what the body holds and when it is returned")


def schema_description(context: Context) -> Iterator[Hit]:
    for name, schema in sorted(context.spec.schemas.items()):
        problem = uninformative(schema.description, name)
        if problem:
            yield Hit(schema.pointer, f"schema '{name}' {problem}")


NO_DESCRIPTION = "has no description"


def property_problem(prop: Any) -> str | None:
    """uninformative() for a property, with the common cases (none, long) decided inline."""
    text = prop.description
    if text is None:
        return NO_DESCRIPTION
    return _short_problem(text, prop.name) if len(text) <= LONGEST_PLACEHOLDER else None


@lru_cache(maxsize=65536)
def _short_problem(text: str, name: str) -> str | None:
    """uninformative() of a short description, once per (text, name): GitHub writes 5,900 short
    property descriptions, 900 of them distinct."""
    return uninformative(text, name)


def schema_root(pointer: str) -> str:
    """The named schema or the operation a schema object is written in:
    '/components/schemas/Pet/properties/tags/items' -> '/components/schemas/Pet'.
    Only the first escaped tokens are looked at (this runs for every property)."""
    tokens = pointer.split("/", 4)  # '', then at most three tokens, then the rest
    if len(tokens) < 3:
        return pointer
    if tokens[1:3] == ["components", "schemas"] and len(tokens) > 3:
        return "/".join(tokens[:4])
    if tokens[1] == "definitions" and len(tokens) > 2:
        return "/".join(tokens[:3])
    if tokens[1] in ("paths", "webhooks") and len(tokens) > 3 and tokens[3] in ALL_METHODS:
        return "/".join(tokens[:4])
    return pointer.split("/properties/", 1)[0]


def root_label(root: str) -> str:
    """How a message names a schema_root: "schema 'Pet'", "the inline schemas of GET /pets"."""
    tokens = jp.split(root)
    if tokens[:2] == ("components", "schemas") and len(tokens) == 3:
        return f"schema '{tokens[2]}'"
    if tokens[:1] == ("definitions",) and len(tokens) == 2:
        return f"schema '{tokens[1]}'"
    if tokens[:1] in (("paths",), ("webhooks",)) and len(tokens) == 3:
        return f"the inline schemas of {tokens[2].upper()} {tokens[1]}"
    return f"the schema at {root}"


def _reason(why: str) -> str:
    return "" if why == NO_DESCRIPTION else (" (placeholder)" if "placeholder" in why else " (repeats its name)")


def field_path(root: str, prop: Any) -> str:
    """How a reader finds a property from its schema: `tags[].label`, not a JSON pointer."""
    tokens = prop.owner[len(root):].split("/")  # still escaped: only names are unescaped
    names: list[str] = []
    index = 0
    while index < len(tokens):
        if tokens[index] == "properties" and index + 1 < len(tokens):
            names.append(jp.unescape(tokens[index + 1]))
            index += 2
            continue
        if tokens[index] == "items" and names:
            names[-1] += "[]"
        index += 1
    return ".".join([*names, prop.name])


_OWNER_AND_NAME = attrgetter("owner", "name")  # (prop.owner, prop.name), without a Python frame per property


@per_spec
def undescribed_by_root(spec: Spec) -> dict[str, list[Any]]:
    """The properties that document nothing, by the named schema or operation they are written in."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    roots: dict[str, str] = {}  # owner -> root: an object's properties share one
    owner, group = None, []
    for prop in inventory(spec).properties:
        if property_problem(prop) is None:
            continue
        if prop.owner is not owner:  # an object's properties come one after another: look its group up once
            owner = prop.owner
            root = roots.get(owner) or roots.setdefault(owner, schema_root(owner))
            group = grouped[root]
        group.append(prop)
    return grouped


@per_spec
def property_description_hits(spec: Spec) -> tuple[Hit, ...]:
    """One finding per named schema or operation, listing its undescribed properties: GitHub has
    35,000 of them, and one line each would bury every other finding."""
    hits = []
    for root, found in sorted(undescribed_by_root(spec).items()):
        first = heapq.nsmallest(4, found, key=_OWNER_AND_NAME)
        shown = ", ".join(f"'{field_path(root, p)}'{_reason(property_problem(p) or '')}" for p in first)
        shown += f" and {len(found) - 4} more" if len(found) > 4 else ""
        what = "property has" if len(found) == 1 else "properties have"
        hits.append(Hit(root, f"{root_label(root)}: {len(found)} {what} no useful description: {shown}"))
    return tuple(hits)


def property_description(context: Context) -> Iterator[Hit]:
    yield from property_description_hits(context.spec)


def has_example(spec: Spec, media: MediaType) -> bool:
    """An example on the media type, or on its schema or what a renderer unfolds beneath it (its
    items, properties, allOf/oneOf parts, `$ref`s followed), from which it composes one."""
    if media.has_example:
        return True
    return _tree_has_example(spec, media.schema.raw if media.schema is not None else None)


def _tree_has_example(spec: Spec, raw: Any) -> bool:
    """Whether `schema_tree(spec, raw)` holds an example, walked once per starting node: a bare
    `$ref` walks exactly as its target does (Stripe's 451 success bodies start from 240 nodes).
    `raw` is a schema the inventory walks from (an operation's body or parameter, a component)."""
    if not inventory(spec).examples:  # its walk met no example: neither can this one
        return False
    start = raw if isinstance(raw, dict) and len(raw) > 1 else spec.resolve(raw, "")[0]
    memo = _example_trees(spec)
    found = memo.get(id(start))
    if found is None:
        found = memo[id(start)] = _example_within(spec, raw, SCHEMA_DEPTH) and any(
            holds_example(node) for node, _ in schema_tree(spec, raw))
    return found


def _example_within(spec: Spec, written: Any, depth: int) -> bool:
    """Whether an example sits within `depth` levels below `written`, every path followed (no
    seen-set): `schema_tree` meets a subset of these nodes, so False here means False there. The
    answers are kept by node and depth, so a schema reached from many places is asked once (the
    walks with a seen-set cannot share theirs: what one meets depends on where it started)."""
    memo = _examples_within(spec)
    deref = spec.deref

    def within(written: Any, depth: int) -> bool:
        if isinstance(written, dict) and holds_example(written):
            return True
        node = deref(written)
        if not isinstance(node, dict):
            return False
        key = (id(node), depth)
        found = memo.get(key)
        if found is None:
            found = memo[key] = holds_example(node) or (depth > 0 and any(
                within(child, depth - 1) for child, _ in _unfolded(node)))
        return found

    return within(written, depth)


@per_spec
def _example_trees(spec: Spec) -> dict[int, bool]:
    """`_tree_has_example`'s answers by the identity of the node a walk starts from (the spec
    holds every such node while it is scanned)."""
    return {}


@per_spec
def _examples_within(spec: Spec) -> dict[tuple[int, int], bool]:
    """`_example_within`'s answers by (the identity of a schema, depth)."""
    return {}


def _described_media(content: tuple[MediaType, ...]) -> list[MediaType]:
    return [m for m in content if m.schema is not None]


def request_body_example(context: Context) -> Iterator[Hit]:
    for pointer, (operation, body) in sorted(bodies_with_content(context.spec).items()):
        media = _described_media(body.content)
        if media and not any(has_example(context.spec, m) for m in media):
            yield Hit(pointer, f"the request body of {operation.label} has no example")


@per_spec
def success_bodies(spec: Spec) -> dict[str, tuple[Operation, Response]]:
    """2xx responses with a body an example can show."""
    return {pointer: (operation, response) for pointer, (operation, response) in used_responses(spec).items()
            if response.status.startswith("2") and _exemplifiable(spec, response.content)}


_DATA_MEDIA = re.compile(r"json|xml|yaml|csv|text/|form|^\*/\*", re.IGNORECASE)


def exemplifiable(media: MediaType) -> bool:
    """A body an example can show: structured data or text, not a file (`application/pdf`,
    `image/*`, a `format: binary` string), a web page for the browser (`text/html`: an OAuth
    authorize page) nor an empty object."""
    raw = media.schema.raw if media.schema is not None else None
    if media.schema is None or empty_object(raw) or (isinstance(raw, dict) and raw.get("format") in ("binary", "byte")):
        return False
    return bool(_DATA_MEDIA.search(media.name)) and not media.name.lower().startswith("text/html")


def _exemplifiable(spec: Spec, content: tuple[MediaType, ...]) -> list[MediaType]:
    memo = _exemplifiable_content(spec)
    found = memo.get(id(content))
    if found is None:
        found = memo[id(content)] = [m for m in content if exemplifiable(m)]
    return found


@per_spec
def _exemplifiable_content(spec: Spec) -> dict[int, list[MediaType]]:
    """_exemplifiable's answers by the identity of a response's content (success_bodies and
    response_example both ask; callers only read them)."""
    return {}


def response_example(context: Context) -> Iterator[Hit]:
    for pointer, (operation, response) in sorted(success_bodies(context.spec).items()):
        if not any(has_example(context.spec, m) for m in _exemplifiable(context.spec, response.content)):
            yield Hit(pointer, f"response {response.status} of {operation.label} has no example")


def operation_error_response(context: Context) -> Iterator[Hit]:
    for operation in path_operations(context.spec):
        if not any(r.status.startswith("4") or r.status == "default" for r in operation.responses):
            yield Hit(jp.child(operation.pointer, "responses"), f"{operation.label} documents no error (4xx) response")


# --- measures -------------------------------------------------------------------------------

COVERAGE = (  # (measure, rule whose passes it counts)
    ("operations_with_summary", "operation-summary"),
    ("operations_with_description", "operation-description"),
    ("parameters_with_description", "parameter-description"),
    ("request_bodies_with_description", "request-body-description"),
    ("responses_with_useful_description", "response-description"),
    ("schemas_with_description", "schema-description"),
    ("properties_with_description", "property-description"),
    ("request_bodies_with_example", "request-body-example"),
    ("success_responses_with_example", "response-example"),
    ("operations_with_error_responses", "operation-error-response"),
    ("tags_with_description", "tag-description"),
)


def documentation_measures(context: Context) -> dict[str, Any]:
    spec = context.spec
    counts = _counts(spec)
    coverage = {}
    for name, rule in COVERAGE:
        if not context.config.enabled(rule):  # a rule that is off measures nothing either
            continue
        checked = counts[rule]["checked"]
        failed = counts[rule]["failed"] if "failed" in counts[rule] else len({hit.pointer for hit in context.hits_of(rule) or ()})
        coverage[name] = {"covered": checked - failed, "of": checked, "ratio": round(1 - failed / checked, 4) if checked else None}
    info = {field: js_truthy(spec.info.get(field)) for field in ("description", "contact", "license", "termsOfService")}
    return {"coverage": coverage, "info": info, "servers": len(spec.servers), "counts": counts}


def _counts(spec: Spec) -> dict[str, dict[str, int]]:
    """What each rule applies to, where that is not the engine's count of its catalogue scope
    (score.py): Spectral's rules look at `paths` only, quality rules at what has a text, and
    property rules at every property definition."""
    paths_only = len(path_operations(spec))
    tags = spec.document.get("tags")
    return {
        **{rule: {"checked": paths_only} for rule in (
            "operation-description", "operation-operationId", "operation-operationId-unique",
            "operation-success-response", "operation-error-response")},
        "operation-tags": {"checked": len(taggable_operations(spec)) if tagging_applies(spec) else 0},
        "operation-summary": {"checked": len(spec.operations)},
        "operation-summary-paragraph": {"checked": sum(1 for o in spec.operations if (o.summary or "").strip())},
        "operation-description-uninformative": {"checked": sum(1 for o in spec.operations if (o.description or "").strip())},
        "parameter-description": {"checked": len(used_parameters(spec))},
        "request-body-description": {"checked": len(bodies_with_content(spec))},
        "request-body-example": {"checked": sum(1 for _, b in bodies_with_content(spec).values() if _described_media(b.content))},
        "response-description": {"checked": len(used_responses(spec))},
        "response-example": {"checked": len(success_bodies(spec))},
        "schema-description": {"checked": len(spec.schemas)},
        "property-description": {"checked": len(inventory(spec).properties), "failed": sum(map(len, undescribed_by_root(spec).values()))},
        "tag-description": {"checked": len(tags) if isinstance(tags, list) else 0},
        "info-terms-of-service": {"checked": 0 if self_hosted(spec) else 1},
        "parameter-description-repeated": when_found(len(used_parameters(spec)),
                                                     sum(map(len, boilerplate_descriptions(spec).values()))),
        "status-code-nonstandard": when_found(len(used_responses(spec)), sum(map(len, nonstandard_statuses(spec).values()))),
        "response-description-handler-name": when_found(len(used_responses(spec)), len(handler_named_responses(spec))),
        "server-url-scheme-relative": when_found(len(spec.servers), sum(1 for s in spec.servers if s.url.startswith("//"))),
        "example-format-mismatch": {"checked": sum(1 for p in _exemplified_properties(spec) if _has_format_and_example(p)),
                                    "failed": len(format_contradictions(spec))},
    }


@per_spec
def _exemplified_properties(spec: Spec) -> tuple[Any, ...]:
    """The properties with an `example` where they are written or on the schema they stand for
    (the others have no example to check against a format): none when the inventory met none."""
    found = inventory(spec)
    return found.exemplified if found.examples else ()


def _has_format_and_example(prop: Any) -> bool:
    schema = prop.schema if isinstance(prop.schema, dict) else {}
    declared = prop.declared if isinstance(prop.declared, dict) else {}
    return "format" in schema and ("example" in declared or "example" in schema)


# --- what a reviewer flags that the rules above miss (issue 11) ------------------------------

def server_url_scheme_relative(context: Context) -> Iterator[Hit]:
    for server in context.spec.servers:
        if server.url.startswith("//"):
            yield Hit(server.pointer, f"server '{server.url}' names no scheme: clients cannot tell whether to call it over https")


_IDENTIFIER = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$|^[a-z]+(?:_[a-z0-9]+)+$")  # `createConsumer`, `create_consumer`


def handler_name(text: str, operation: Operation) -> bool:
    """A description that is one code identifier: the operationId, or a verb and a noun run together."""
    text = text.strip()
    if not _IDENTIFIER.match(text):
        return False
    return text == operation.operation_id or words(text)[0] in HANDLER_VERBS


HANDLER_VERBS = frozenset((
    "get", "create", "update", "delete", "remove", "add", "set", "fetch", "list", "retrieve", "modify", "edit", "insert",
    "find", "post", "put", "patch", "handle", "read", "search", "upload", "download", "send", "query", "replace",
))


@per_spec
def handler_named_responses(spec: Spec) -> dict[str, tuple[Operation, Response]]:
    return {pointer: (o, r) for pointer, (o, r) in sorted(used_responses(spec).items())
            if handler_name(r.description or "", o)}


def response_description_handler_name(context: Context) -> Iterator[Hit]:
    for pointer, (operation, response) in handler_named_responses(context.spec).items():
        yield Hit(pointer, f"response {response.status} of {operation.label} is described by a code name "
                           f"('{(response.description or '').strip()}'); say what the body holds and when it is returned")


SHARED_TEXT_PARAMETERS = 5  # uses of one text before it is boilerplate
SHARED_TEXT_NAMES = 3  # distinct parameters it describes
SHARED_TEXT_LENGTH = 60  # characters: a longer shared text usually says something (a paging note)


# A text that says how the value is written (`Unix date.`, `ISO 8601 date string`, `Comma-separated
# list of user identifiers`, `Can be used multiple times.`): shared by parameters of one kind, it
# tells what their names and types do not.
_VALUE_FORMAT = re.compile(
    r"\biso[ -]?8601\b|\brfc[ -]?\d+|\bunix\b|\bepoch\b|\btimestamp\b|\bdate(time)?\b|\bdelimited\b|"
    r"\bseparated\b|\bcomma\b|\blist\b|\barray\b|\bmultiple times\b|\brepeat|\bformat(ted)?\b|\bencoded\b|"
    r"\bstring\b|\binteger\b|\bboolean\b|\bnumber\b", re.IGNORECASE)


def value_format(text: str) -> bool:
    """The text says how the value is written (a bare `string` is a placeholder, not that)."""
    return not placeholder(text) and bool(_VALUE_FORMAT.search(text))


@per_spec
def boilerplate_descriptions(spec: Spec) -> dict[str, list[Any]]:
    """description -> the parameters it describes, for a short text repeated over several
    different parameters without naming any ('Automatically added')."""
    by_text: dict[str, list[Any]] = defaultdict(list)
    for parameter in used_parameters(spec).values():
        text = (parameter.description or "").strip()
        if text and len(text) <= SHARED_TEXT_LENGTH:
            by_text[text].append(parameter)
    found = {}
    for text, parameters in sorted(by_text.items()):
        names = {p.name for p in parameters}
        said = set(words(text))
        if len(parameters) >= SHARED_TEXT_PARAMETERS and len(names) >= SHARED_TEXT_NAMES and not value_format(text) and \
                sum(1 for name in names if set(words(name)) & said) * 2 < len(names):
            found[text] = parameters
    return found


def parameter_description_repeated(context: Context) -> Iterator[Hit]:
    for text, parameters in boilerplate_descriptions(context.spec).items():
        names = sorted({p.name for p in parameters})
        shown = ", ".join(f"'{n}'" for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        yield Hit(parameters[0].pointer, f"{len(parameters)} parameters ({shown}) share the description '{text}', "
                                         "which says nothing about any of them", key=text)


# Registered by IANA (RFC 9110 and the RFCs it cites); 1XX-5XX ranges and `default` aside.
STANDARD_STATUS = frozenset(
    [100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, *range(300, 309), *range(400, 419),
     *range(421, 427), 428, 429, 431, 451, *range(500, 509), 510, 511])


@per_spec
def nonstandard_statuses(spec: Spec) -> dict[str, list[tuple[str, Operation]]]:
    """status -> (response pointer, operation) of each response with an unregistered numeric code."""
    found: dict[str, list[tuple[str, Operation]]] = defaultdict(list)
    for pointer, (operation, response) in sorted(used_responses(spec).items()):
        if response.status.isdigit() and int(response.status) not in STANDARD_STATUS:
            found[response.status].append((pointer, operation))
    return dict(sorted(found.items()))


def status_code_nonstandard(context: Context) -> Iterator[Hit]:
    for status, uses in nonstandard_statuses(context.spec).items():
        pointer, operation = uses[0]
        more = f" (and {len(uses) - 1} more operations)" if len(uses) > 1 else ""
        yield Hit(pointer, f"{operation.label} answers {status}, which is no registered HTTP status{more}: "
                           f"clients and proxies treat it as a generic {status[0]}xx", key=status)


_FORMATS: dict[str, re.Pattern[str]] = {
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "uuid": re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+$"),
    "uri": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$"),
    "url": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S*$"),
    "ipv4": re.compile(r"^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$"),
}
_INTEGER_RANGES = {"int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}


def contradicts_format(example: Any, schema_format: str) -> bool:
    """An example that cannot be a value of its schema's `format` (YAML's own dates pass, and so
    does a date-time for a `date`: its date is there to read, and a converter that turned a YAML
    date into a timestamp wrote it, not the API's author)."""
    if isinstance(example, (datetime.date, datetime.datetime)):
        return schema_format not in ("date", "date-time")
    if schema_format == "date" and isinstance(example, str) and _FORMATS["date-time"].match(example):
        return False
    if schema_format in _FORMATS:
        return not (isinstance(example, str) and _FORMATS[schema_format].match(example))
    if schema_format in _INTEGER_RANGES and isinstance(example, int) and not isinstance(example, bool):
        low, high = _INTEGER_RANGES[schema_format]
        return not low <= example <= high
    return False


@per_spec
def format_contradictions(spec: Spec) -> tuple[tuple[str, str, Any, str], ...]:
    """(pointer, property name, example, format) of each property whose example contradicts its format."""
    found = []
    for prop in _exemplified_properties(spec):
        schema = prop.schema if isinstance(prop.schema, dict) else {}
        declared = prop.declared if isinstance(prop.declared, dict) else {}
        example = declared.get("example", schema.get("example"))
        schema_format = schema.get("format")
        if example is not None and isinstance(schema_format, str) and contradicts_format(example, schema_format):
            found.append((prop.pointer, prop.name, example, schema_format))
    return tuple(found)


def example_format_mismatch(context: Context) -> Iterator[Hit]:
    """One finding per format, at its first property: a generator that wrote one wrong example
    wrote it everywhere."""
    by_format: dict[str, list[tuple[str, str, Any]]] = defaultdict(list)
    for pointer, name, example, schema_format in format_contradictions(context.spec):
        by_format[schema_format].append((pointer, name, example))
    for schema_format, found in sorted(by_format.items()):
        pointer, name, example = found[0]
        more = f" (and {len(found) - 1} more properties)" if len(found) > 1 else ""
        yield Hit(pointer, f"property '{name}' has the example '{str(example)[:40]}', which does not match its format "
                           f"'{schema_format}'{more}", key=schema_format)
