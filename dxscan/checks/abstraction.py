"""Abstraction: does the API show its consumers a product, or the machinery behind it?

Most rules read the dependency graph (`context.graph`, dxscan/graph.py): identifiers no response
hands out, operations no sequence of calls reaches, cycles, long prerequisite chains, one resource
answered in several shapes, god schemas, copies of schemas, shared schemas without
readOnly/writeOnly. The others read names and servers: storage keys, framework vocabulary,
internal hosts, verbs that contradict the method. Each message carries its evidence: the chain of
calls, the candidates, the schemas compared. Plain verbs in paths, file extensions and parameter
name drift are the naming dimension's (path-verb, path-file-extension, path-parameter-name-inconsistent).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from dxscan import pointer as jp
from dxscan.catalogue import catalogue
from dxscan.checks import Context, Hit, rule_options
from dxscan.graph.analysis import (
    blocked,
    cycles,
    duplicates,
    flat_properties,
    leaks,
    made_silently,
    orphans,
    plans,
    representations,
    schema_sizes,
    shared_schemas,
    type_conflicts,
)
from dxscan.graph.build import Graph
from dxscan.graph.facts import component_name
from dxscan.graph.hosts import NOT_PUBLIC, host_class, public_address
from dxscan.graph.slots import path_segments, segment_params
from dxscan.graph.words import norm, words

PLAN_SHOWN = 8  # calls shown in a chain before "..."
LISTED = 3  # names listed in a message before "and N more"


def _op(graph: Graph, key: str) -> str:
    return key.removeprefix("op:")


def _listing(names: list[str] | tuple[str, ...], quote: bool = True) -> str:
    shown = [f"'{n}'" if quote else n for n in names[:LISTED]]
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    return ", ".join(shown) + more


def _schema_name(pointer: str) -> str:
    name = component_name(pointer)
    return f"'{name}'" if name else "an inline schema"


# --- identifiers and reachability --------------------------------------------------------------

def orphan_identifier(context: Context) -> Iterator[Hit]:
    """Identifiers of a resource the API creates, whose creates answer without them and whose
    collection no read lists (`analysis.leaks`): the client truly has no way to learn them."""
    graph = context.graph
    for orphan in leaks(graph):
        slot = orphan.slot
        if slot.context:
            yield Hit(slot.pointer, f"context identifier {slot.label} frames {len(orphan.operations)} operations, but no "
                                    "response hands it out: clients must get it elsewhere", key=slot.name)
            continue
        needed = orphan.operations[0] + (f" and {len(orphan.operations) - 1} more" if len(orphan.operations) > 1 else "")
        near = f"; nearest fields: {', '.join(orphan.fuzzy)}" if orphan.fuzzy else "; no response field resembles it"
        yield Hit(slot.pointer, f"{slot.label} needed by {needed} is handed out by no response{near}", key=slot.name)


def unreachable_operation(context: Context) -> Iterator[Hit]:
    """One hit per operation blocked by a missing identifier further down its chain. Operations
    waiting only on a cycle of reads are not reported: reads make no identifiers, so theirs come
    from somewhere the inference did not find, not from a design that locks clients out. Nor are
    operations whose missing identifier is not a leak (`analysis.made_silently`): a chain back to
    an identifier the client knows, or one a list hands out, locks nobody out."""
    graph = context.graph
    for found in blocked(graph):
        if found.slot is None or not made_silently(graph, found.slot):
            continue
        pointer = graph.ops[found.op].operation.pointer
        last = _op(graph, found.chain[-1])
        yield Hit(pointer, f"{_op(graph, found.op)} is unreachable: " + "; ".join(_steps(graph, found)) + f"; {last} needs "
                           f"{found.slot.label}, which no response hands out", key=found.slot.key)


def _steps(graph: Graph, found: Any) -> list[str]:
    return [f"{'it' if i == 0 else _op(graph, a)} needs {slot.label} from {_op(graph, b)}"
            for i, (a, b, slot) in enumerate(zip(found.chain, found.chain[1:], found.needs))]


def dependency_cycle(context: Context) -> Iterator[Hit]:
    graph = context.graph
    for cycle in cycles(graph):
        steps = [f"{_op(graph, op)} needs {slot.label} from {_op(graph, cycle.ops[(i + 1) % len(cycle.ops)])}"
                 for i, (op, slot) in enumerate(zip(cycle.ops, cycle.slots))]
        first = min(cycle.ops)
        yield Hit(graph.ops[first].operation.pointer, f"{len(cycle.ops)} operations need each other's identifiers: "
                  + "; ".join(steps), key="|".join(cycle.ops))


def deep_prerequisite_chain(context: Context) -> Iterator[Hit]:
    """Operations whose cheapest plan takes more calls than the limit, not counting the calls
    along the operation's own path (`GET /sites`, `GET /sites/{siteId}/floors`, ... before a desk):
    walking down nested lists is the path's depth (path-tree-anomaly's), not a chain of
    prerequisites across resources. Only plans whose every hand-over is a firm match count."""
    graph = context.graph
    limit = int(context.options["max_calls"])
    ready = plans(graph)
    for op in sorted(ready):
        plan = ready[op]
        across = [_op(graph, k) for k in plan[:-1] if not _along(graph, k, op)] + [_op(graph, op)]
        if len(across) <= limit or not all(_firm(graph, step) for step in plan):
            continue
        shown = across if len(across) <= PLAN_SHOWN else across[: PLAN_SHOWN - 1] + ["...", across[-1]]
        yield Hit(graph.ops[op].operation.pointer, f"{_op(graph, op)} takes {len(across)} calls to reach "
                  f"(more than {limit}) besides the lists along its own path: " + " -> ".join(shown))


def _firm(graph: Graph, op: str) -> bool:
    """Whether each identifier the plan hands to `op` is matched by name or as its resource's own
    field (tiers 0-2), not by a synonym or an abbreviation: a long chain of guesses is a guess."""
    inference = graph.inference
    for slot, producer in inference.choice.get(op, {}).items():
        feed = next((f for f in inference.resolutions[slot].feeds if f.producer == producer), None)
        if feed is None or feed.tier > 2:
            return False
    return True


def _along(graph: Graph, step: str, op: str) -> bool:
    """Whether a prerequisite lives on the operation's own path (its path a prefix of the operation's)."""
    mine, theirs = graph.ops[op].erased, graph.ops[step].erased
    return theirs == mine[: len(theirs)]


def ambiguous_identifier(context: Context) -> Iterator[Hit]:
    """One identifier declared with two types, or twice in one path. A bare `{id}` under each
    collection (`/pets/{id}`, `/keepers/{id}`) is not ambiguous: the segment before it names the
    resource, and reviewers keep that convention."""
    graph = context.graph
    for name, types in type_conflicts(graph):
        usual = max(sorted(types), key=lambda t: len(types[t]))
        for kind, slots in sorted(types.items()):
            if kind != usual:
                counts = f"a {usual} in {len(types[usual])} operations and a {kind} in {len(slots)}"
                yield Hit(slots[0].pointer, f"identifier '{name}' is {counts} ({_op(graph, slots[0].op)})", key=f"type:{name}")
    yield from _repeated_names(graph)


def _repeated_names(graph: Graph) -> Iterator[Hit]:
    for key, info in sorted(graph.ops.items()):
        names = [n for segment in path_segments(info.operation.path) for n in segment_params(segment)]
        if len(set(names)) == len(names):  # most paths: no name twice
            continue
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            yield Hit(info.operation.pointer, f"{_op(graph, key)} uses {{{repeated[0]}}} twice in one path", key=f"twice:{repeated[0]}")


# --- shapes and schemas --------------------------------------------------------------------------

def inconsistent_representation(context: Context) -> Iterator[Hit]:
    graph = context.graph
    for representation in representations(graph):
        if representation.consistent:
            continue
        writer, reader = representation.writer, representation.reader
        only_writer = sorted(writer.names - reader.names)
        only_reader = sorted(reader.names - writer.names)
        yield Hit(writer.response, f"{_op(graph, writer.op)} answers with {_schema_name(writer.schema)} but "
                  f"{_op(graph, reader.op)} with {_schema_name(reader.schema)}: only the first has {_listing(only_writer)}; "
                  f"only the second has {_listing(only_reader)}", key=reader.op)


def god_schema(context: Context) -> Iterator[Hit]:
    """A schema too large to take in (more than `huge_properties` properties) that some operation
    sends or returns. Reuse alone is not evidence: the core resource of an API (a customer, a
    track) is large and everywhere by design, and a schema no operation uses burdens no client. Nor
    is a record of figures (`_figures`): a row of measurements is as wide as what is measured."""
    graph = context.graph
    huge = int(context.options["huge_properties"])
    total = len(graph.ops)
    for found in schema_sizes(graph):
        if found.properties <= huge or found.reach == 0 or _figures(graph, found.pointer):
            continue
        spread = f"{found.share:.0%}" if found.share >= 0.01 else "under 1%"
        yield Hit(found.pointer, f"schema '{found.name}' has {found.properties} properties, holds {found.fan_out} "
                  f"other schemas and reaches {found.reach} of {total} operations ({spread}): consumers must take in all of it")


FIGURES_SHARE = 0.8  # the share of number properties that makes a schema a record of figures


def _figures(graph: Graph, pointer: str) -> bool:
    """A record of figures: at least FIGURES_SHARE of its properties numbers (counts, amounts and
    rates over time windows, an order line's totals in two currencies). Its width is the number of
    things measured, one concern, not several concerns bundled; splitting it helps no consumer."""
    properties = flat_properties(graph, pointer)
    numbers = sum(1 for leaf in properties.values() if leaf.type in ("number", "integer"))
    return bool(properties) and numbers >= FIGURES_SHARE * len(properties)


def near_duplicate_schemas(context: Context) -> Iterator[Hit]:
    graph = context.graph
    threshold = float(context.options["similarity"])
    minimum = int(context.options["min_properties"])
    for duplicate in duplicates(graph, threshold, minimum):
        copy, original = component_name(duplicate.pointer), component_name(duplicate.original)
        how = "is an exact copy of" if duplicate.similarity == 1 else "repeats"
        yield Hit(duplicate.pointer, f"schema '{copy}' {how} '{original}': {duplicate.shared} of {duplicate.total} "
                  f"(property, type) pairs alike (similarity {duplicate.similarity:.2f})", key=duplicate.original)


SERVER_MANAGED = frozenset({
    "id", "self", "links", "href", "createdat", "updatedat", "modifiedat", "deletedat", "createdon", "updatedon",
    "modifiedon", "createdtime", "updatedtime", "creationtime", "creationdate", "datecreated", "datemodified",
    "dateupdated", "lastmodified", "lastupdated", "lastmodifiedat", "createdate", "updatedate", "created", "updated",
    "modified", "createdby", "updatedby",
})
SECRETS = frozenset({"password", "secret", "clientsecret", "apikey", "privatekey", "ssn", "cvv", "cvc", "passphrase",
                     "secretkey", "pin", "accesstoken", "refreshtoken"})  # not a bare `token` (page, widget, CSRF tokens)


def rw_schema_leak(context: Context) -> Iterator[Hit]:
    graph = context.graph
    writes_only = graph.spec.version != "2.0"  # Swagger 2.0 has no writeOnly
    for shared in shared_schemas(graph):
        properties = flat_properties(graph, shared.pointer)
        writer = shared.creators[0] if shared.creators else shared.writers[0]
        where = f"schema {_schema_name(shared.pointer)} is sent by {writer} and returned by {shared.readers[0]}"
        managed = sorted(n for n, leaf in properties.items()
                         if _managed(n, bool(shared.creators)) and not leaf.read_only and not _client_chosen(graph, n, leaf))
        if managed:
            yield Hit(shared.pointer, f"{where}, but {_listing(managed)} {_are(managed)} not readOnly: clients "
                                      "may send what only the server sets", key="readOnly")
        secrets = sorted(n for n, leaf in properties.items() if norm(n) in SECRETS and not leaf.write_only and not leaf.read_only)
        if secrets and writes_only:
            yield Hit(shared.pointer, f"{where}, but {_listing(secrets)} {_are(secrets)} not writeOnly: responses "
                                      "may echo the secret back", key="writeOnly")


def _managed(name: str, created: bool) -> bool:
    """Set by the server: timestamps, links (not an etag: clients send it back for optimistic
    concurrency); and `id` when a create sends the schema (an
    update or a PUT that picks an existing thing by `id` sends it as a reference)."""
    if norm(name) == "id":
        return created
    return name == "_links" or norm(name) in SERVER_MANAGED - {"links"}


# An identifier the client picks: "chosen by you", "generated by the device itself", "Required on create".
_CLIENT_CHOSEN = re.compile(r"\b(chosen|picked|supplied|provided|generated|set|assigned|specified) by (you|the (client|caller|user|"
                            r"device|application|app|issuer|integrator))\b|^required\b|\brequired on create", re.IGNORECASE)


def _client_chosen(graph: Graph, name: str, leaf: Any) -> bool:
    """Whether the client supplies the identifier, as its description says ("chosen by you",
    "generated by the device itself", "Required on create")."""
    return norm(name) == "id" and bool(_CLIENT_CHOSEN.search(_leaf_description(graph, leaf)))


def _leaf_description(graph: Graph, leaf: Any) -> str:
    """The description of the schema a property leaf points at; empty when it has none."""
    try:
        raw = jp.get(graph.spec.document, jp.split(leaf.pointer))
    except (KeyError, IndexError, TypeError):
        return ""
    description = raw.get("description") if isinstance(raw, dict) else None
    return description if isinstance(description, str) else ""


def _are(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"


# --- leaks in names and servers ------------------------------------------------------------------

# Not `pk` (a public key, pre-kindergarten), `oid` (git's object id) nor `objectId` (Azure AD's).
STORAGE_LAST = frozenset({"fk", "rowid"})
STORAGE_FIRST = frozenset({"tbl"})
# `db`/`sql` first count only before an identifier word (`db_id`, `sqlKey`): `dbStatus`,
# `db_references`, `sql_mode` describe a database product's own databases, a domain noun.
DATABASE_FIRST = frozenset({"db", "sql"})
IDENTITIES = frozenset({"id", "uuid", "guid", "_id", "pk", "rowid", "internalid", "dbid"})


@lru_cache(maxsize=65536)  # asked of every top-level property of every schema: names recur (Stripe: 7,051 asks)
def storage_name(name: str) -> bool:
    """`_id`, `__v`, `user_fk`, `tbl_users`, `db_id`, `internal_id`: the database shows through."""
    if name in ("_id", "__v"):
        return True
    parts = words(name)
    if not parts:
        return False
    if parts[-1] in STORAGE_LAST or (parts[0] in STORAGE_FIRST and len(parts) > 1) or norm(name).endswith(("idfk", "idpk")):
        return True
    if parts[0] in DATABASE_FIRST and len(parts) > 1 and parts[-1] in ("id", "key"):
        return True
    return parts[0] == "internal" and len(parts) > 1 and parts[-1] in ("id", "key", "ref")


@lru_cache(maxsize=65536)
def _identity_name(name: str) -> bool:
    """A property name that says it is an identity (`id`, `uuid`, `_id`), not a JSON-LD keyword (`@id`)."""
    return not name.startswith("@") and (name.lower() in IDENTITIES or norm(name) in IDENTITIES)


def internal_id_exposure(context: Context) -> Iterator[Hit]:
    graph = context.graph
    known = _NameKinds()
    for pointer in graph.schema_pointers:
        leaves = (graph.facts.cached(pointer) or graph.facts.top(pointer)).leaves
        names = {leaf.name for leaf in leaves if len(leaf.access) == 1}
        known.judge(names)
        stored = names & known.storage
        if stored:
            yield Hit(pointer, f"schema {_schema_name(pointer)} exposes storage keys {_listing(sorted(stored))}", key="storage")
        held = names & known.identity
        if len(held) < 2:  # most schemas: one `id` or none
            continue
        identities = sorted(held)
        if not _identify_different_things(graph, _top_leaves(leaves, identities)):
            yield Hit(pointer, f"schema {_schema_name(pointer)} carries {len(identities)} identities "
                               f"({_listing(identities)}): which one do clients use?", key="identities")
    seen: set[str] = set()
    for operation in graph.spec.operations:
        for parameter in operation.parameters:
            if parameter.pointer not in seen and storage_name(parameter.name):
                seen.add(parameter.pointer)
                yield Hit(parameter.pointer, f"parameter '{parameter.name}' of {operation.label} is a storage key", key="storage")


class _NameKinds:
    """Property names sorted into storage keys and identities, each name judged once: most schemas
    hold only names judged already (a set difference, instead of two calls per name)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.storage: set[str] = set()
        self.identity: set[str] = set()

    def judge(self, names: set[str]) -> None:
        for name in names - self.seen:
            self.seen.add(name)
            if storage_name(name):
                self.storage.add(name)
            if _identity_name(name):
                self.identity.add(name)


def _top_leaves(leaves: tuple[Any, ...], names: list[str]) -> list[Any]:
    """The top-level leaf of each name, in the order of NAMES (a name met twice: its last leaf)."""
    top = {leaf.name: leaf for leaf in leaves if len(leaf.access) == 1}
    return [top[n] for n in names]


# "Unique identifier of the webhook delivery", "for the event (shared with ...)": what an identity
# property says it identifies.
_IDENTIFIES = re.compile(r"\b(?:of|for)\s+(?:the|this|that|an?|each)\s+([a-z][a-z -]{1,40}?)\s*(?:[.,;:()]|$|\b(?:that|which|shared|to|in)\b)",
                         re.IGNORECASE)


def _identify_different_things(graph: Graph, identities: list[Any]) -> bool:
    """Whether every identity property's description names what it identifies, and no two name the
    same thing: GitHub's delivery `id` ("of the webhook delivery") beside the event's `guid` ("for
    the event, shared with all deliveries") is two identities of two things, not one thing's two."""
    matches = [_IDENTIFIES.search(_leaf_description(graph, leaf)) for leaf in identities]
    if None in matches:
        return False
    subjects = {" ".join(match.group(1).lower().split()) for match in matches if match}
    return len(subjects) == len(identities)


MACHINERY_WORDS = frozenset({"servlet", "servlets", "cgi", "wsdl", "soap", "controller", "controllers", "dao", "dto",
                             "impl", "jsp", "struts", "asmx", "ashx"})
CLASS_SUFFIXES = frozenset({"dto", "impl", "bean", "vo", "pojo", "dao"})
TRACE_FIELDS = frozenset({"stacktrace", "stack", "backtrace", "traceback", "exception", "exceptionclass",
                          "exceptiontype", "exceptionmessage", "sqlstate", "sqlerror", "sqlcode"})
_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\.[A-Za-z_]")


# A machinery word alone may be a domain noun (`/controllers/{id}` of a lighting system, `soap` of
# a shop); these are not, whatever surrounds them.
AMBIGUOUS_SUFFIXES = frozenset({"bean", "vo"})
UNAMBIGUOUS_MACHINERY = frozenset({"servlet", "servlets", "cgi", "wsdl", "jsp", "struts", "asmx", "ashx", "dao", "dto", "impl"})
_CLASS_METHOD = re.compile(r"(controller|dao|dto|impl|servlet)s?[_.:#]+[A-Za-z]", re.IGNORECASE)
_CLASS_WORDS = ("controller", "dao", "dto", "impl", "servlet")  # one of them starts every `_CLASS_METHOD` match


def _class_method(operation_id: str) -> re.Match[str] | None:
    """`_CLASS_METHOD` in an operationId; an ASCII one without any of its words (nearly every one) is
    not searched: the expression, case-insensitive, costs ten times the five substring tests."""
    if operation_id.isascii():
        lowered = operation_id.lower()
        if not any(word in lowered for word in _CLASS_WORDS):
            return None
    return _CLASS_METHOD.search(operation_id)


def implementation_in_surface(context: Context) -> Iterator[Hit]:
    """Server machinery in what clients see. One word is not evidence: `ReplicationController` is a
    Kubernetes resource kind. An operationId names a server class when the class is followed by
    its method (`CompanyController_GetCompany`), and is not a schema's name (a domain noun)."""
    graph = context.graph
    yield from _machinery_paths(graph)
    nouns = _schema_nouns(graph)
    for key, info in sorted(graph.ops.items()):
        operation_id = info.operation.operation_id or ""
        match = _class_method(operation_id)
        if match and not _names_a_schema(operation_id[: match.end(1)], nouns):
            yield Hit(info.operation.pointer, f"operationId '{operation_id}' names a server class ('{match.group(1).lower()}')",
                      key="operationId")
    yield from _class_named_schemas(graph)
    for pointer in sorted(graph.error_schemas):
        traces = sorted(n for n in flat_properties(graph, pointer) if norm(n) in TRACE_FIELDS)
        if traces:
            traces = [n for n in traces if n not in _resource_fields(graph)]
        if traces:
            yield Hit(pointer, f"error schema {_schema_name(pointer)} returns {_listing(traces)} to clients: "
                               "stack traces and exception details belong in logs", key="trace")


def _resource_fields(graph: Graph) -> frozenset[str]:
    """The property names of the schemas outside errors. An error schema that repeats one
    (`stacktrace: ["stacktrace field errors."]`) reports a validation error on the resource's own
    field, not an exception of the server."""
    key = ("_resource_fields",)
    if key not in graph.memo:
        graph.memo[key] = frozenset(name for schema in graph.spec.schemas.values()
                                    if schema.pointer not in graph.error_schemas for name in flat_properties(graph, schema.pointer))
    return graph.memo[key]


def _schema_nouns(graph: Graph) -> frozenset[str]:
    """The schemas' own names, lower-cased (`io.k8s.api.core.v1.ReplicationController` ->
    `replicationcontroller`): what the API calls its resources."""
    return frozenset(name.rsplit(".", 1)[-1].lower() for name in graph.spec.schemas)


def _names_a_schema(prefix: str, nouns: frozenset[str]) -> bool:
    """Whether the class-like words before a separator end in a schema's name."""
    lowered = re.sub(r"[^a-z0-9]", "", prefix.lower())
    return any(lowered.endswith(noun) for noun in nouns if len(noun) > len("controller"))


def _machinery_paths(graph: Graph) -> Iterator[Hit]:
    for path in graph.spec.paths:
        found = sorted({w for segment in path_segments(path) if "{" not in segment for w in words(segment)} & MACHINERY_WORDS)
        if len(found) > 1 or set(found) & UNAMBIGUOUS_MACHINERY:
            yield Hit(jp.join("paths", path), f"path '{path}' names server machinery ('{found[0]}')", key="path")


def _class_named_schemas(graph: Graph) -> Iterator[Hit]:
    """Code class names: `UserDTO`, `OrderImpl`, `com.acme.model.User`; one hit per kind, with
    examples. `Bean` and `VO` count from two names on: one `CoffeeBean` is a domain noun."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for name in sorted(graph.spec.schemas):
        parts = words(name)
        if "." in name and _PACKAGE.match(name):  # a package prefix has a dot: most names have none
            kind = "a code package prefix"
        elif len(parts) > 1 and parts[-1] in CLASS_SUFFIXES:
            kind = "a code class suffix"
        else:
            continue
        kinds[kind].append(name)
    lone = [n for n in kinds.get("a code class suffix", []) if words(n)[-1] in AMBIGUOUS_SUFFIXES]
    if len(lone) < 2:
        kinds["a code class suffix"] = [n for n in kinds.get("a code class suffix", []) if n not in lone]
    for kind, names in sorted(kinds.items()):
        if names:
            yield Hit(graph.spec.schemas[names[0]].pointer, f"{len(names)} schema names carry {kind}, e.g. {_listing(names)}",
                      key=kind)


def server_internal(context: Context) -> Iterator[Hit]:
    """A server only its owner can reach, listed beside the API's public address. A placeholder for
    the reader's own host (`HOSTNAME`, `example.com`, a `{host}` variable the user fills in) is not
    one; nor is any address of an API with no public one (`product.local`, `localhost:7700`: a
    self-hosted product, whose every user has their own host), nor a server its description offers
    for running the product yourself (Docker, self-hosting, locally)."""
    offered = [(server, _offered(context, server)) for server in context.spec.servers]
    public = [url for _, urls in offered for url in urls if public_address(url)]
    if not public:
        return
    for server, urls in offered:
        if _SELF_HOSTING.search(server.description or ""):
            continue
        for url in urls:
            found = host_class(url, ports=False)
            if found in NOT_PUBLIC and not _stand_ins(url, public):
                yield Hit(server.pointer, f"server '{url}' points at {_HOST_WORDS[found]}")
                break


def _stand_ins(url: str, public: list[str]) -> bool:
    """Whether the public addresses are all documentation names (`microcks.example.com`) and one
    carries the internal host's own name (`microcks.local`): two stand-ins for the reader's own
    deployment of a self-hosted product, not a hosted API's internal server."""
    if any(host_class(other, ports=False) != "placeholder" for other in public):
        return False
    first = _first_label(url)
    return bool(first) and any(_first_label(other) == first for other in public)


def _first_label(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url or url.startswith("//") else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.split(".")[0]


_SELF_HOSTING = re.compile(r"\b(docker|self[- ]?host\w*|on[- ]?prem\w*|locally|your own)\b", re.IGNORECASE)
_HOST_WORDS = {"loopback": "the local machine", "private": "a private network address", "internal": "an internal host"}


def _offered(context: Context, server: Any) -> list[str]:
    """The server URL with each value a variable offers (its `enum`) substituted; a variable with
    no `enum` is the user's to fill in, and its default only an example."""
    try:
        raw = jp.get(context.spec.document, jp.split(server.pointer))
    except KeyError:
        raw = {}
    variables = raw.get("variables") if isinstance(raw, dict) and isinstance(raw.get("variables"), dict) else {}
    urls = [server.url]
    for name, variable in sorted(variables.items()):
        listed = variable.get("enum") if isinstance(variable, dict) else None
        values = [str(v) for v in listed if isinstance(v, (str, int))] if isinstance(listed, list) else []
        if values:
            urls = [u.replace("{" + name + "}", value) for u in urls for value in dict.fromkeys(values)]
    return urls


# Verbs that are rarely nouns: `/suggestions/edit`, `/card/set`, `/call`, `/process` are left out.
READS = frozenset({"get", "fetch", "retrieve", "list"})
CREATES = frozenset({"create", "add", "insert"})
UPDATES = frozenset({"update", "modify"})
DELETES = frozenset({"delete", "remove", "destroy", "purge", "erase"})
RUNS = frozenset({"execute", "run", "invoke", "perform"})
NOUNS = frozenset({"addon", "addons", "setup", "setups", "getstarted", "readme", "readmes", "listing", "listings",
                   "settings", "updates", "additions", "address", "addresses", "findings", "selection", "selections"})
# What each method may say in its path; GET may also `run` (a report run and returned is a read).
ALLOWED = {"get": READS | RUNS, "delete": DELETES, "post": CREATES | UPDATES | RUNS, "put": CREATES | UPDATES,
           "patch": UPDATES}


@lru_cache(maxsize=65536)  # asked of each segment of each operation's path: segments recur (`v1`, `customers`)
def tunnelled_verb(method: str, segment: str) -> str | None:
    """The verb of a static segment that contradicts the method (`GET /deleteUser`), or None."""
    if "{" in segment or ":" in segment or norm(segment) in NOUNS:
        return None
    parts = words(segment)
    if not parts:
        return None
    verb = parts[0]
    if len(parts) > 1:  # `POST .../remove-token`, `GET /UpdateGroups`, `GET .../add_to_data`: nouns
        return None
    if verb not in READS | CREATES | UPDATES | DELETES | RUNS:
        return None
    return None if verb in ALLOWED.get(method, frozenset()) else verb


def method_tunnelling(context: Context) -> Iterator[Hit]:
    graph = context.graph
    rpc: bool | None = None  # `_rpc_style`, worked out at the first POST that names a verb (most APIs have none)
    for key, info in sorted(graph.ops.items()):
        method = info.operation.method
        for segment in path_segments(info.operation.path):
            verb = tunnelled_verb(method, segment)
            if verb is None:
                continue
            if method == "post" and rpc is None:
                rpc = _rpc_style(graph)
            if method == "post" and rpc:
                continue
            danger = "; a crawler or a link prefetch can trigger it" if method == "get" else ""
            yield Hit(info.operation.pointer, f"{_op(graph, key)} tunnels '{verb}' through {method.upper()}{danger}", key=verb)
            break


def _rpc_style(graph: Graph) -> bool:
    """An API of POSTs to verbs (`POST /getUser`, `POST /users.list`) is RPC by design: its POSTs
    are its style, not tunnelling. Most operations are POSTs, and most of those name a verb."""
    posts = [i for i in graph.ops.values() if i.operation.method == "post"]
    verbs = [i for i in posts if any(_verb(s) for s in path_segments(i.operation.path))]
    return len(posts) * 5 >= len(graph.ops) * 3 and len(verbs) * 2 >= len(posts) > 0


@lru_cache(maxsize=65536)
def _verb(segment: str) -> bool:
    parts = words(segment.replace(".", " "))
    return any(p in READS | CREATES | UPDATES | DELETES | RUNS for p in parts[:1] + parts[-1:])


def path_tree_anomaly(context: Context) -> Iterator[Hit]:
    """Paths that break the resource tree: nested more than `max_levels` identifier levels deep, or
    with an identifier written in where a parameter belongs (`/games/32881`). A create nothing reads
    back is not reported: most such POSTs are actions (`/rebuild`, `/retry`), logins, secrets shown
    once or write-only submissions, which no reviewer would give a GET."""
    graph = context.graph
    levels = int(context.options["max_levels"])
    first_op = {info.operation.path: key for key, info in sorted(graph.ops.items(), reverse=True)}
    for path in graph.spec.paths:
        depth = _levels(graph, first_op.get(path))
        if depth > levels:
            yield Hit(jp.join("paths", path), f"'{path}' nests {depth} resource levels (more than {levels}), "
                                               "not counting context identifiers", key="deep")
        literal = next((s for s in path_segments(path) if _LITERAL_ID.match(s)), None)
        if literal:
            yield Hit(jp.join("paths", path), f"'{path}' has the literal identifier '{literal}' where a path "
                                               "parameter belongs", key="literal")


# A UUID, a long hexadecimal key with digits and letters (a Mongo ObjectId), or five digits or more.
_LITERAL_ID = re.compile(r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                         r"|(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{16,}|[0-9]{5,})$", re.IGNORECASE)


def _levels(graph: Graph, key: str | None) -> int:
    """Identifier levels in an operation's path: its parameters that identify a resource, context
    identifiers (`{owner}`) and choices (an enum `{package_type}`) left out."""
    if key is None:
        return 0
    return sum(1 for s in graph.inference.slots_of.get(key, ()) if s.location == "path" and s.id_like and not s.context)


# --- measures ------------------------------------------------------------------------------------

LEAK_RULES = {"rw-schema-leak": 3, "internal-id-exposure": 3, "server-internal": 3, "method-tunnelling": 3,
              "implementation-in-surface": 1}


def abstraction_measures(context: Context) -> dict[str, Any]:
    """The graph's figures and the structural metrics, each with its value, denominator, 0-100
    score against the corpus anchors, and the share of the corpus it does at least as well as."""
    from dxscan.graph.metrics import metrics

    try:
        graph = context.graph
        leaks = _leaks(context)
        weights = {rule: weight for rule, weight in LEAK_RULES.items() if rule in leaks}
        counts = _counts(graph)
        measured = metrics(graph, leaks, weights, _metric_settings(context))
        return {"graph": graph.figures(), **measured, "reach": graph.reach(),
                "headline": _headline(graph, counts), "counts": counts}
    except Exception as error:  # noqa: BLE001 - like a crashing check (engine.py), it must not sink the scan
        return {"error": f"the dependency graph could not be built: {type(error).__name__}: {error}"}


def _headline(graph: Graph, counts: dict[str, dict[str, int]]) -> str:
    """What the dependency graph traced: the identifiers it matched to a response that hands them
    out, the operations it can reach, and why the others cannot be (an identifier it did not trace,
    or a prerequisite that cannot be reached). These are the graph's figures, not findings: an
    untraced identifier is a leak (orphan-identifier) only when the API creates the resource and
    hides its id, and the rule summaries after the headline count those. The grade is the rules'
    (graph/metrics.py says why the metrics set none of it)."""
    parts = []
    identifiers = counts["orphan-identifier"]["checked"]
    if identifiers:
        traced = identifiers - len(orphans(graph))
        parts.append(f"{traced} of {identifiers} identifiers traced to a response that hands them out")
    parts.append(_reachable(graph, counts))
    return ", ".join(parts)


def _reachable(graph: Graph, counts: dict[str, dict[str, int]]) -> str:
    ready, total = len(graph.inference.ready), len(graph.ops)
    text = f"{ready} of {total} operations reachable"
    own = total - counts["unreachable-operation"]["checked"]
    waiting = total - ready - own
    why = [f"{own} {'needs' if own == 1 else 'need'} an identifier not traced to a response"] if own else []
    why += [f"{waiting} {'waits' if waiting == 1 else 'wait'} on an unreachable prerequisite"] if waiting else []
    return text + (f" ({', '.join(why)})" if why else "")


def _counts(graph: Graph) -> dict[str, dict[str, int]]:
    """What each graph rule applies to (score.py reads these denominators): identifiers, creates,
    reachable operations, compared representations, shared schemas, schemas outside errors."""
    inference = graph.inference
    needed = {("context", s.name) if s.context else (s.location, s.name, s.entity or "")
              for s in inference.slots.values() if s.required and s.id_like and not s.self_supplied}
    creating = [op for op, info in graph.ops.items() if info.role in ("create", "upsert")]
    compared = representations(graph)
    in_cycles = {op for cycle in cycles(graph) for op in cycle.ops}
    waiting = {found.op for found in blocked(graph)} | in_cycles
    needs_orphan = [op for op in graph.ops if op not in inference.cost and op not in waiting]
    return {
        # failed: what the rules report (a leak: `analysis.leaks`), not every identifier the graph
        # could not trace, so the summary's "N of M" is the findings' N
        "orphan-identifier": {"checked": len(needed), "failed": len(leaks(graph))},
        # operations missing an identifier of their own are the orphans' findings, not these
        "unreachable-operation": {"checked": len(graph.ops) - len(needs_orphan),
                                  "failed": sum(1 for found in blocked(graph)
                                                if found.slot is not None and made_silently(graph, found.slot))},
        "dependency-cycle": {"checked": len(creating), "failed": len({op for c in cycles(graph) for op in c.ops})},
        "deep-prerequisite-chain": {"checked": len(inference.ready)},
        "inconsistent-representation": {"checked": len(compared), "failed": sum(1 for r in compared if not r.consistent)},
        "rw-schema-leak": {"checked": len(shared_schemas(graph))},
        "god-schema": {"checked": len(schema_sizes(graph))},
    }


def _leaks(context: Context) -> dict[str, int]:
    """How many hits each leak rule reports, as the scan reports them (rules that cost no points left out)."""
    counted = {rule: context.hits_of(rule) for rule in LEAK_RULES if _costs_points(context, rule)}
    return {rule: len(hits) for rule, hits in counted.items() if hits is not None}


def _costs_points(context: Context, rule_id: str) -> bool:
    """Whether the rule counts in the score here: on, and not a preview rule while previews are off.
    A metric that sums up a rule's findings counts only when the rule itself does."""
    return context.config.enabled(rule_id) and context.config.rule_weight(catalogue()[rule_id]) > 0


def _metric_settings(context: Context) -> Any:  # graph.metrics.MetricSettings
    from dxscan.graph.metrics import MetricSettings

    config = context.config
    rules = catalogue()
    duplication = rule_options(rules["near-duplicate-schemas"], config)
    return MetricSettings(frozenset(rule for rule in rules if not _costs_points(context, rule)),
                          float(duplication["similarity"]), int(duplication["min_properties"]))
