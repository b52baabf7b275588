"""Analyses over the graph, each computed once per graph (memoised in `Graph.memo`) and shared by
the abstraction checks and the metrics: orphans, blocked operations, dependency cycles, shapes of
one resource, god schemas, near-duplicate schemas, schemas shared by requests and responses.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations, islice, product
from typing import Any, NamedTuple, TypeVar

from dxscan import pointer as jp
from dxscan.graph.build import Graph, components
from dxscan.graph.facts import Leaf, component_name
from dxscan.graph.infer import WRAPPERS, Resolution
from dxscan.graph.slots import OpInfo, Slot, path_segments, segment_params
from dxscan.graph.words import BARE_IDS, ID_SUFFIXES, entity_matches, norm, singular, singular_phrase, words

T = TypeVar("T")

NAME_AFFIXES = frozenset({
    "summary", "prototype", "patch", "create", "update", "input", "output", "request", "response", "nullable", "full",
    "minimal", "simple", "base", "detail", "details", "new", "read", "write", "public", "private", "partial", "with",
    "params", "list", "item", "items", "short", "basic", "core", "extended", "expanded", "info", "data", "body",
    "payload", "dto", "model", "entity", "record", "view", "result", "results", "edit", "put", "post", "get",
    "jsonld", "json", "hal", "xml", "jsonapi", "simplified", "insert", "save",
})


_MISSING = object()


def memoized(function: Callable[..., T]) -> Callable[..., T]:
    """Compute once per graph (and arguments); the result is kept in `graph.memo`."""
    name = function.__name__

    def wrapper(graph: Graph, *args: Any) -> T:
        key = (name, *args)
        found = graph.memo.get(key, _MISSING)  # one lookup when known (flat_properties: 40,000 asks on the 10x copy)
        if found is _MISSING:
            found = graph.memo[key] = function(graph, *args)
        return found

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


# --- identifiers --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Orphan:
    """A required identifier no response hands out."""

    slot: Slot  # the first slot (by key) of the group
    operations: tuple[str, ...]  # labels of the operations that need it
    fuzzy: tuple[str, ...]  # the nearest fields by shared words


@memoized
def orphans(graph: Graph) -> tuple[Orphan, ...]:
    """Unresolved required identifiers, one per identifier (its name and the entity it names; a
    context identifier once by name), with the operations that need it."""
    groups: dict[tuple, list[Resolution]] = defaultdict(list)
    inference = graph.inference
    for key, slot in sorted(inference.slots.items()):
        resolution = inference.resolutions[key]
        needed = slot.required and slot.id_like and not slot.self_supplied
        if needed and not resolution.resolved:
            group = ("context", slot.name) if slot.context else (slot.location, slot.name, slot.entity or "")
            groups[group].append(resolution)
    found = []
    for _, group in sorted(groups.items()):
        operations = tuple(sorted({inference.ops[r.slot.op].label for r in group}))
        found.append(Orphan(group[0].slot, operations, group[0].fuzzy))
    return tuple(found)


# Field words that hand a new resource's identity to the client: its id, or a link to it.
LINK_WORDS = frozenset({"uri", "url", "href", "link", "links", "self", "location"})
# Words of an RPC-style operation that lists (`POST /ConferenceListMembers`, `POST /searchUsers`).
LISTING_WORDS = frozenset({"list", "search", "find", "query", "all"})


@memoized
def leaks(graph: Graph) -> tuple[Orphan, ...]:
    """The orphans a reviewer calls a leak: identifiers of a resource the API makes itself (a POST
    on its collection), whose every create answers a declared body with no identifier or link in
    it, and that no read lists. An identifier the API never makes is the client's (a VAT number,
    a blockchain hash, a legacy id); one a read of its collection lists, or a create answers under
    another name (`customer_code` for `{profileId}`), has a producer the inference did not match."""
    return tuple(orphan for orphan in orphans(graph) if made_silently(graph, orphan.slot))


def made_silently(graph: Graph, slot: Slot) -> bool:
    """Whether the API creates the slot's resource, every create's answer (declared, at least one)
    leaves its identity out, and no GET on a static path lists the resource. Computed once per
    resource and collection path (`_silent`), however many slots and blocked chains ask."""
    below = slot.anchor[:-1] if slot.location == "path" and slot.anchor and slot.anchor[-1] == "{}" else None
    return _silent(graph, frozenset(_resource_names(slot)), below)


@memoized
def _silent(graph: Graph, names: frozenset[str], below: tuple[str, ...] | None) -> bool:
    if not names or _listed(graph, names, below):
        return False
    answers = [_identifies(graph, info) for info in _creates(graph, names)]
    return bool(answers) and None not in answers and not any(answers)


def _resource_names(slot: Slot) -> set[str]:
    """The collections a slot's resource goes by: its entity, the entity's head noun, and for a
    path's item the collection before it (`{id}` of `/contract/{id}`: 'contract')."""
    names = {slot.entity, slot.entity.split()[-1]} if slot.entity else set()
    if slot.location == "path" and len(slot.anchor) > 1 and slot.anchor[-1] == "{}" and "{" not in slot.anchor[-2]:
        names.add(singular_phrase(slot.anchor[-2]))
    return names


@dataclass(frozen=True)
class _Makers:
    """The operations that list or create resources, indexed once per graph so that asking about
    each unmatched identifier costs lookups, not a pass over every operation."""

    get_collections: frozenset[str]  # the collections of GETs on a static path end
    get_below: frozenset[tuple[str, ...]]  # the erased paths such a GET continues with static segments only
    static_gets: dict[str, tuple[str, ...]]  # a static segment (singular) -> GETs with no parameter at all
    listing_parts: frozenset[str]  # pieces of RPC listings' segments (`listmembers`: 'members', 'member'...)
    creators: dict[str, tuple[str, ...]]  # a collection, or a piece of a static POST's last segment -> POSTs


@memoized
def _makers(graph: Graph) -> _Makers:
    collections, below, listing = set(), set(), set()
    static: dict[str, list[str]] = defaultdict(list)
    creators: dict[str, list[str]] = defaultdict(list)
    for key, info in sorted(graph.ops.items()):
        erased, method = info.erased, info.operation.method
        if not erased or erased[-1] == "{}":
            continue
        if method == "post":
            for piece in {info.collection or "", *_pieces(norm(erased[-1]))} - {""}:
                creators[piece].append(key)
            if LISTING_WORDS & set(words(erased[-1])):
                listing.update(piece for segment in erased if segment != "{}" for piece in _pieces(norm(segment)))
        if method != "get":
            continue
        collections.add(info.collection or "")
        cut = max((i for i, segment in enumerate(erased) if segment == "{}"), default=-1) + 1
        below.update(erased[:i] for i in range(cut, len(erased) + 1))
        if cut == 0:
            for segment in path_segments(info.operation.path):
                static[singular_phrase(segment)].append(key)
    return _Makers(frozenset(collections - {""}), frozenset(below), {k: tuple(v) for k, v in static.items()},
                   frozenset(listing), {k: tuple(v) for k, v in creators.items()})


def _pieces(text: str) -> set[str]:
    """Every piece of at least three letters of a normalised segment (its first 64 letters)."""
    text = text[:64]
    return {text[i:j] for i in range(len(text)) for j in range(i + 3, len(text) + 1)}


def _simple(names: frozenset[str]) -> list[str]:
    return [norm(n) for n in names if " " not in n and len(norm(n)) >= 3]


def _listed(graph: Graph, names: frozenset[str], below: tuple[str, ...] | None) -> bool:
    """A GET on a static path naming the resource (`GET /streams`, `GET /me/presets`), or below
    the item's collection (`GET /stream/all` for `/stream/{id}`) without needing the identifier
    itself; or an RPC-style listing (`POST /ConferenceListMembers`)."""
    makers = _makers(graph)
    if names & makers.get_collections or (below and below in makers.get_below):
        return True
    if any(n in makers.listing_parts for n in _simple(names)):
        return True
    return any(not _needs_entity(graph, key, names) for n in names for key in makers.static_gets.get(n, ()))


def _needs_entity(graph: Graph, op: str, names: frozenset[str]) -> bool:
    return any(slot.entity in names or (slot.entity and slot.entity.split()[-1] in names) for slot in graph.inference.needs(op))


def _creates(graph: Graph, names: frozenset[str]) -> list[OpInfo]:
    """The POSTs on a static path naming the resource: `POST /contract`, `POST /startscan` (a scan)."""
    creators = _makers(graph).creators
    found = {key for name in set(names) | set(_simple(names)) for key in creators.get(name, ())}
    return [graph.ops[key] for key in sorted(found)]


def _identifies(graph: Graph, info: OpInfo) -> bool | None:
    """Whether a create's success answers hand out an identifier or a link (a field, at any depth,
    named like one; a `Location` header; a bare value, which may be the identifier itself); None
    when no success answer declares a body."""
    declared = False
    for response in info.operation.responses:
        if not response.status.startswith("2"):
            continue
        if any(header.name.lower() == "location" for header in response.headers):
            return True
        for media in response.content:
            if media.schema is None:
                continue
            declared = True
            if _carries_identity(graph, media.schema.pointer):
                return True
    return False if declared else None


def _carries_identity(graph: Graph, pointer: str) -> bool:
    """A field named like an identifier or a link in the schema or any schema it holds; or no
    field at all in a schema that is not an object (a bare string may be the identifier)."""
    pending, seen = [pointer], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        facts = graph.facts.cached(current) or graph.facts.named(current)
        if any(_identity_word(leaf.name) for leaf in facts.leaves):
            return True
        if current == pointer and not facts.leaves and not facts.contains and _primitive(graph, pointer):
            return True
        pending += [c.target for c in facts.contains]
    return False


def _primitive(graph: Graph, pointer: str) -> bool:
    try:
        raw = jp.get(graph.spec.document, jp.split(pointer))
    except KeyError:
        return False
    return isinstance(raw, dict) and raw.get("type") in ("string", "integer", "number")


def _identity_word(name: str) -> bool:
    parts = words(name)
    return bool(parts) and (parts[-1] in ID_SUFFIXES or parts[-1] in LINK_WORDS)


@memoized
def plans(graph: Graph) -> dict[str, list[str]]:
    """Each reachable operation's cheapest plan (`Inference.plan`), made once for
    deep-prerequisite-chain and the prerequisite-depth metric (read, never changed)."""
    inference = graph.inference
    return {op: inference.plan(op) for op in inference.cost}


@dataclass(frozen=True)
class Blocked:
    """An operation unreachable because of another operation's missing identifier or a cycle."""

    op: str
    chain: tuple[str, ...]  # op keys from the blocked operation to the one whose slot is missing
    slot: Slot | None  # the missing identifier (None: a dependency cycle)
    needs: tuple[Slot, ...] = ()  # needs[i]: what chain[i] waits for from chain[i + 1]


@memoized
def blocked(graph: Graph) -> tuple[Blocked, ...]:
    """Unreachable operations whose own identifiers all have producers, but whose producers are
    unreachable in turn (an operation missing its own identifier is an orphan's, not this)."""
    inference = graph.inference
    in_cycles = {op for cycle in cycles(graph) for op in cycle.ops}
    found = []
    for op in sorted(inference.ops):
        if op in inference.cost or op in in_cycles:
            continue
        chain, needs, slot = _blocking_chain(graph, op)
        if len(chain) > 1:
            found.append(Blocked(op, tuple(chain), slot, tuple(needs)))
    return tuple(found)


def _blocking_chain(graph: Graph, op: str) -> tuple[list[str], list[Slot], Slot | None]:
    """Follow each operation's first unfilled slot to its first producer until a slot no response
    fills (that slot) or an operation already on the chain (a cycle: None)."""
    inference = graph.inference
    chain: list[str] = [op]
    needs: list[Slot] = []
    while True:
        found = inference.blocker(chain[-1])
        if found is None:
            return chain, needs, None
        slot, producers = found
        if not producers:
            return chain, needs, slot
        needs.append(slot)
        if producers[0] in chain:
            return chain + [producers[0]], needs, None
        chain.append(producers[0])


@dataclass(frozen=True)
class Cycle:
    ops: tuple[str, ...]  # in cycle order
    slots: tuple[Slot, ...]  # slots[i] is what ops[i] needs from ops[i + 1]


@memoized
def cycles(graph: Graph) -> tuple[Cycle, ...]:
    """Chicken-and-egg creates: unreachable creating operations that need each other's identifiers
    (matched at tier 2 or better), one cycle per strongly connected component. Reads waiting on
    each other are reported as unreachable operations instead: nothing there has to come first."""
    inference = graph.inference
    creating = {op for op, info in inference.ops.items() if info.role in ("create", "upsert")}
    needs: dict[str, dict[str, Slot]] = {}  # op -> producer -> the first slot it fills, in order
    for op in sorted(creating):
        if op in inference.cost:
            continue
        for slot in inference.needs(op):
            resolution = inference.resolutions[slot.key]
            if resolution.tier is None or resolution.tier > 2:
                continue
            for producer in resolution.producers:
                if producer in creating and producer not in inference.cost and producer != op:
                    needs.setdefault(op, {}).setdefault(producer, slot)
    return cycles_among(needs)


def cycles_among(needs: dict[str, dict[str, Any]]) -> tuple[Cycle, ...]:
    """One cycle per strongly connected component of NEEDS (op -> producer -> the slot it fills),
    components in the order of their first operation."""
    found = []
    for component in sorted(components(needs, lambda op: needs.get(op, ())), key=min):
        if len(component) > 1:  # rare: only then is networkx (0.07 s to import) asked for the cycle's order
            found.append(_cycle(needs, set(component)))
    return tuple(found)


def _cycle(needs: dict[str, dict[str, Any]], component: set[str]) -> Cycle:
    """One cycle through a strongly connected component, from its first operation: networkx's
    `find_cycle`, on the component's edges added in the order they were found."""
    import networkx as nx

    view = nx.DiGraph()
    for op, producers in needs.items():
        if op in component:
            view.add_edges_from((op, producer) for producer in producers if producer in component)
    edges = nx.find_cycle(view, source=min(component))
    return Cycle(tuple(u for u, _ in edges), tuple(needs[u][v] for u, v in edges))


@memoized
def type_conflicts(graph: Graph) -> tuple[tuple[str, dict[str, list[Slot]]], ...]:
    """Identifiers (path and query parameters) declared with different types in different
    operations: one name for one resource (a bare `{id}` of two resources may differ)."""
    by_name: dict[tuple[str, str], dict[str, list[Slot]]] = defaultdict(lambda: defaultdict(list))
    for _, slot in sorted(graph.inference.slots.items()):
        filter_like = slot.location == "query" and norm(slot.name) in BARE_IDS  # `?id=` filters are often lists
        if slot.location in ("path", "query") and slot.id_like and slot.type in ("string", "integer", "number") and not filter_like:
            kind = "number" if slot.type == "integer" else slot.type
            by_name[(slot.name, slot.entity or "")][kind].append(slot)
    return tuple((name, dict(types)) for (name, _), types in sorted(by_name.items()) if len(types) > 1)


# --- schemas ------------------------------------------------------------------------------------

@memoized
def flat_properties(graph: Graph, pointer: str) -> dict[str, Leaf]:
    """A schema's top-level properties, its allOf members' included (first definition wins)."""
    found: dict[str, Leaf] = {}
    pending, seen = [pointer], set()
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        facts = graph.facts.cached(current) or graph.facts.top(current)
        for leaf in facts.leaves:
            if len(leaf.access) == 1:
                found.setdefault(leaf.name, leaf)
        pending += [c.target for c in facts.contains if c.via == "allOf" and not c.access]
    return found


@dataclass(frozen=True)
class Shape:
    """One operation's answer about a resource: the schema and its top-level property names."""

    op: str
    response: str  # the response's pointer
    schema: str  # the schema's pointer
    names: frozenset[str]
    lists: str | None = None  # the schema whose items an array property holds (a bulk create's answer)
    envelope: frozenset[str] = frozenset()  # its top-level property names, before unwrapping
    opaque: bool = False  # its one wrapper (`content`, `data`) declares nothing inside (an empty object, `[]`, a string)
    holds: frozenset[str] = frozenset()  # the named schemas its top-level properties hold (`{asset: Asset, form: ...}`)


@dataclass(frozen=True)
class Representation:
    entity: str
    writer: Shape  # a create's or update's answer
    reader: Shape  # the item GET's answer

    @property
    def consistent(self) -> bool:
        """One shape: the same schema, or one's properties a subset of the other's (a summary, or
        an allOf extension: allOf members' properties count as the schema's own); or the same
        envelope around contents one side leaves undeclared (nothing to compare); or a summary
        view of the same model (`BuildSummary` beside `BuildDetail`); or an answer that holds the
        resource itself beside other things (`{asset: Asset, form: {...}}`: an upload's signature)."""
        w, r = self.writer, self.reader
        if w.schema == r.schema or w.names <= r.names or r.names <= w.names or w.lists == r.schema or r.schema in w.holds:
            return True
        return ((w.opaque or r.opaque) and w.envelope == r.envelope) or _summary_of(w.schema, r.schema)


@memoized
def representations(graph: Graph) -> tuple[Representation, ...]:
    """For each collection with an item GET: what its create (POST on the collection) and its updates
    (PUT, PATCH on the item) answer, beside what the GET answers."""
    ops = graph.ops
    by_place: dict[tuple[tuple[str, ...], str], str] = {(info.erased, info.operation.method): key for key, info in sorted(ops.items())}
    found = []
    item_gets = sorted((erased, key) for (erased, method), key in by_place.items() if method == "get" and erased and erased[-1] == "{}")
    for erased, key in item_gets:
        if not ops[key].collection:
            continue  # no collection: an AIP-style `/v1/{name}` serves every resource, each its own shape
        reader = _shape(graph, key) if _item_of(ops[key]) else None
        if reader is None:
            continue  # `GET /buckets/{clusterId}` lists a cluster's buckets: not one bucket
        writers = [by_place.get((erased[:-1], "post")), by_place.get((erased, "put")), by_place.get((erased, "patch"))]
        for writer_key in writers:
            if writer_key and ops[writer_key].erased == erased and _item_name(ops[writer_key]) != _item_name(ops[key]):
                continue  # `PUT /orders/{parent_id}` beside `GET /orders/{id}`: two resources on one path
            writer = _shape(graph, writer_key) if writer_key and ops[writer_key].role in ("create", "upsert", "update") else None
            if writer is not None and not _work(graph, writer, ops[key].collection or "", True) and \
                    not _work(graph, reader, ops[key].collection or "", False):
                found.append(Representation(ops[key].collection or "", writer, reader))
    return tuple(found)


def _item_of(info: OpInfo) -> bool:
    """Whether an item path's trailing parameter identifies a member of its collection: `{id}`,
    `{bucket_name}`, `{material_rental_id}`, but not `{clusterId}` under `/buckets` nor `{job}` under
    `/scope`."""
    segments = path_segments(info.operation.path)
    if len(segments) < 2 or "{" in segments[-2]:
        return True  # `/project/{project}/{build_num}`: no segment names the collection of the item
    parts = list(words(_item_name(info)))
    if parts and parts[-1] in ID_SUFFIXES:
        parts.pop()
    if not parts or not info.collection:
        return True
    return entity_matches(singular_phrase(" ".join(parts)), info.collection) > 0


# Words of a schema's name that say it reports work or a batch, not the resource; the properties of
# an asynchronous handle (an answer holding one reports work) and of a job still running.
WORK_WORDS = frozenset({"task", "job", "async", "batch"})
HANDLES = frozenset({"task", "taskid", "taskstatus", "job", "jobid", "jobstatus", "batchid", "asyncrequeststatus"})
RUNNING = frozenset({"eta", "progress"})
# Words of a schema name that say it is a deliberately reduced view of a model.
SUMMARY_WORDS = frozenset({"summary", "short", "brief", "compact", "minimal", "lite"})


def _work(graph: Graph, shape: Shape, collection: str, writer: bool) -> bool:
    """Whether an answer reports work rather than the resource: a schema named for it
    (`AsyncStatus`, `ImportBatch`), a write answering a handle (`task`, `batchId`,
    `asyncRequestStatus`), a read of a job still running (`eta`, `progress`), or a write answering
    a batch (`SendMessagesResponse`: the collection's plural in its name; `{ips: [...]}`,
    `{printout: [...]}`: an array named for the collection)."""
    name_words = set(words(component_name(shape.schema) or ""))
    names = {norm(n) for n in shape.envelope | shape.names}
    if name_words & WORK_WORDS - set(collection.split()) or names & RUNNING:
        return True
    if not writer:
        return False
    head = collection.split()[-1] if collection else ""
    plural = bool(head) and any(w != head and singular(w) == head for w in name_words)
    listed = any(leaf.type == "array" and singular(norm(n)) == head.replace(" ", "")
                 for n, leaf in flat_properties(graph, shape.schema).items())
    return bool(names & HANDLES) or plural or listed


def _summary_of(a: str, b: str) -> bool:
    """Two named views of one model, one of them a summary (`BuildSummary`, `BuildDetail`)."""
    first, second = component_name(a), component_name(b)
    if not first or not second or _stem(first) != _stem(second):
        return False
    return bool(SUMMARY_WORDS & (set(words(first)) | set(words(second))))


def _item_name(info: OpInfo) -> str:
    """The trailing path parameter's name of an item operation (`/orders/{id}`: 'id')."""
    return segment_params(path_segments(info.operation.path)[-1])[-1]


def _shape(graph: Graph, op: str | None) -> Shape | None:
    """The first JSON success response's schema with at least two properties."""
    if op is None:
        return None
    for response in graph.ops[op].operation.responses:
        if not response.status.startswith("2") or response.status == "202":  # 202: accepted, not made yet
            continue
        for media in response.content:
            if media.schema is None or "json" not in media.name or _asynchronous(media.schema.name):
                continue
            unwrapped, wrapped = _unwrapped(graph, media.schema.pointer)
            envelope = flat_properties(graph, media.schema.pointer)
            names = frozenset(unwrapped)
            facts = graph.facts.cached(media.schema.pointer) or graph.facts.named(media.schema.pointer)
            lists = next((c.target for c in facts.contains if "*" in c.access and len(c.access) <= 2), None)
            opaque = unwrapped is envelope and wrapped  # its one wrapper declares nothing inside
            holds = frozenset(leaf.target for leaf in envelope.values() if leaf.target)
            return Shape(op, response.pointer, media.schema.pointer, names, lists, frozenset(envelope), opaque, holds) \
                if len(names) >= 2 else None
        return None
    return None


def _asynchronous(name: str | None) -> bool:
    """A long-running operation's handle (`Operation`, `Job`, `AsyncRequestStatus`) stands for work
    not yet done, not for the resource."""
    return bool(name) and bool(set(words(name)) & {"operation", "job", "async", "task"})


def _unwrapped(graph: Graph, pointer: str) -> tuple[dict[str, Leaf], bool]:
    """A schema's properties, or those of the resource a wrapper holds (`{content: {...}}`,
    `{_embedded: [{...}], currentPage: 1}`, `{data: X}`): the shape of the resource itself; and
    whether the schema has exactly one wrapper (`_shape` asks, to know an opaque one)."""
    properties = flat_properties(graph, pointer)
    wrappers = [name for name in properties if norm(name) in WRAPPERS]
    if len(wrappers) != 1:
        return properties, False
    wrapper = properties[wrappers[0]]
    facts = graph.facts.cached(pointer) or graph.facts.named(pointer)
    held = [c.target for c in facts.contains if c.access and c.access[0] == wrapper.name]
    if held:
        return flat_properties(graph, held[0]), True
    inner = {leaf.name: leaf for leaf in facts.leaves if leaf.parent == wrapper.name and leaf.access[0] == wrapper.name}
    return inner or properties, True


class GodSchema(NamedTuple):
    """A named schema's size and reach; one per named schema (the 10x Stripe copy: 7,660), so a
    NamedTuple: a frozen dataclass takes three times as long to make."""

    pointer: str
    name: str
    properties: int
    fan_out: int
    reach: int  # operations that send or receive it
    share: float


@memoized
def schema_sizes(graph: Graph) -> tuple[GodSchema, ...]:
    """Every named schema outside errors with its size, fan-out and reach: the operations that
    send or receive it at most two references deep (`Graph.use`)."""
    total = max(1, len(graph.ops))
    errors, use, refs = graph.error_schemas, graph.use, graph.refs
    found = []
    for schema in sorted(graph.spec.schemas.values(), key=lambda s: s.pointer):
        if schema.pointer in errors or not isinstance(schema.raw, dict):
            continue
        reach = use.get(schema.pointer, 0)
        fan_out = len(refs.get(schema.pointer, ()))
        found.append(GodSchema(schema.pointer, schema.name or "", len(flat_properties(graph, schema.pointer)), fan_out,
                               reach, round(reach / total, 4)))
    return tuple(found)


@dataclass(frozen=True)
class Duplicate:
    pointer: str  # the copy
    original: str  # its most similar partner in the cluster
    similarity: float
    shared: int
    total: int


@memoized
def duplicates(graph: Graph, threshold: float, minimum: int) -> tuple[Duplicate, ...]:
    """Named schemas whose (property, type) sets overlap by Jaccard >= `threshold` (each with at
    least `minimum` properties), in clusters: every member but the cluster's canonical one (the most
    referenced) is a copy, reported with its most similar partner. Pairs that reference one
    another, or whose names differ only by an affix (`Pet`/`PetSummary`,
    `simple-user`/`nullable-simple-user`), are variants by design and left out."""
    prints = _fingerprints(graph, minimum)
    pairs = _similar_pairs(prints, threshold)
    kin = {pointer: _kin(graph, pointer) for pointer in {p for a, b, _ in pairs for p in (a, b)}}
    alike: dict[str, dict[str, float]] = defaultdict(dict)  # schema -> its similar schemas -> similarity
    for a, b, similarity in pairs:
        if not _variants(a, b, kin[a], kin[b]):
            alike[a][b] = alike[b][a] = similarity
    found = []
    for component in _connected(alike):
        original = min(component, key=lambda p: (-graph.fan_in.get(p, 0), len(p), p))
        for member in sorted(component - {original}):
            partner = max(alike[member], key=lambda p: (alike[member][p], p == original, p))
            similarity = alike[member][partner]
            a, b = prints[member], prints[partner]
            found.append(Duplicate(member, partner, round(similarity, 2), len(a & b), len(a | b)))
    return tuple(sorted(found, key=lambda d: d.pointer))


def _fingerprints(graph: Graph, minimum: int = 2) -> dict[str, frozenset[tuple[str, str]]]:
    """The (property, type) set of each named schema with at least MINIMUM properties (and two);
    equal sets are one object (`_similar_pairs` compares each two distinct sets once: a spec
    repeating its schemas repeats their sets)."""
    found = {}
    parents: dict[str, Any] = {}  # `_schema_at`'s memo
    distinct: dict[frozenset[tuple[str, str]], frozenset[tuple[str, str]]] = {}
    least = max(2, minimum)
    for schema in graph.spec.schemas.values():
        if isinstance(schema.raw, dict):
            properties = flat_properties(graph, schema.pointer)
            if len(properties) >= least:  # one (property, type) pair per property
                found_print = frozenset((name, _type_word(graph, leaf, parents)) for name, leaf in properties.items())
                found[schema.pointer] = distinct.setdefault(found_print, found_print)
    return found


def _schema_at(document: Any, pointer: str, parents: dict[str, Any]) -> Any:
    """`jp.get(document, jp.split(pointer))`, the object above the last step found once per
    pointer (every property of a schema has one: `.../properties`); KeyError when a step is missing."""
    above, _, last = pointer.rpartition("/")
    if not pointer or "~" in pointer or pointer.startswith("//"):  # the root, escaped steps, steps `split` drops
        return jp.get(document, jp.split(pointer))
    parent = parents.get(above, _MISSING)
    if parent is _MISSING:
        try:
            parent = jp.get(document, jp.split(above))
        except KeyError:
            parent = None  # no step from None succeeds: KeyError below, as from `jp.get`
        parents[above] = parent
    if type(parent) is dict and last in parent:  # `jp.step`'s usual case, without the call
        return parent[last]
    return jp.step(parent, last)


_DETAILS = frozenset({"items", "enum", "properties"})  # the keys that refine a property's type word


def _type_word(graph: Graph, leaf: Leaf, parents: dict[str, Any]) -> str:
    """What a property holds, finely enough that two event payloads differing in their `action`
    enum or in an inline object's fields, or two pages of different items, are not copies: the
    type, the referenced schema's name, an array's item schema, the enum values, an inline
    object's property names."""
    if leaf.target is not None and leaf.type == "object":
        return "ref:" + (component_name(leaf.target) or "")
    try:
        raw = _schema_at(graph.spec.document, leaf.pointer, parents)
    except KeyError:
        raw = None
    kind = leaf.type or "any"
    if not isinstance(raw, dict) or _DETAILS.isdisjoint(raw):  # most properties: a plain type
        return kind
    items = raw.get("items")
    if isinstance(items, dict) and isinstance(items.get("$ref"), str):  # two pages differ in what they list
        return "array:" + items["$ref"].rsplit("/", 1)[-1]
    if isinstance(raw.get("enum"), list):
        return kind + ":" + ",".join(sorted(map(str, raw["enum"])))
    if isinstance(raw.get("properties"), dict):
        return kind + ":" + ",".join(sorted(raw["properties"]))
    return kind


# At most this many candidate pairs are compared (the base, and so many per schema): the most any
# corpus spec needs is 22 a schema (autotask.net, 6,352 pairs of 292 schemas; GitHub 2, Stripe under 1).
# Schemas all alike (a generated or hostile spec of 1,264 identical objects has 800,000 pairs) would
# otherwise cost the square of their number; past the budget, later pairs are not compared, so some
# copies go unreported and none is reported falsely.
PAIR_BUDGET_BASE = 10_000
PAIR_BUDGET_EACH = 30


def _connected(neighbours: dict[str, dict[str, float]]) -> list[set[str]]:
    """The connected components of an undirected graph given as each node's neighbours."""
    found: list[set[str]] = []
    seen: set[str] = set()
    for start in neighbours:
        if start in seen:
            continue
        component, pending = {start}, [start]
        while pending:
            for following in neighbours[pending.pop()]:
                if following not in component:
                    component.add(following)
                    pending.append(following)
        seen |= component
        found.append(component)
    return found


class _Group(NamedTuple):
    """One distinct (property, type) set and the schemas that have it (`_fingerprints` makes equal
    sets one object), in the candidates' order: by size, then pointer."""

    tokens: frozenset
    pointers: list[str]


def _similar_pairs(prints: dict[str, frozenset], threshold: float) -> list[tuple[str, str, float]]:
    """All pairs with Jaccard >= threshold, plain and weighted by rarity, sorted; each pair's
    first schema comes first in the order of size, then pointer. Candidates come from prefix
    filtering: two sets that similar must share a token among the rarest `n - ceil(threshold * n) + 1`
    of each (Chaudhuri et al.), so only pairs sharing such a token are compared. Both the filter
    and the similarity depend only on the two sets, so they are asked once per pair of distinct
    sets and their schemas paired after: the 20x Stripe copy has 52,780 candidate pairs of schemas
    but 14,869 of sets (each schema there has 19 copies)."""
    frequency = Counter(chain.from_iterable(prints.values()))
    weight = {token: math.log((1 + len(prints)) / count) for token, count in frequency.items()}
    found: list[tuple[str, str, float]] = []
    for first, second, count in _candidates(_groups(prints), frequency, threshold):
        similarity = _similarity(first.tokens, second.tokens, weight, threshold)
        if similarity is not None:
            found.extend((a, b, similarity) for a, b in islice(_schema_pairs(first, second), count))
    found.sort()
    return found


def _groups(prints: dict[str, frozenset]) -> list[_Group]:
    """The distinct sets, each with its schemas, in the order of their first schema by size and pointer."""
    groups: dict[int, _Group] = {}
    for pointer in sorted(prints, key=lambda p: (len(prints[p]), p)):
        tokens = prints[pointer]
        group = groups.get(id(tokens))
        if group is None:
            group = groups[id(tokens)] = _Group(tokens, [])
        group.pointers.append(pointer)
    return list(groups.values())


def _candidates(groups: list[_Group], frequency: Counter, threshold: float) -> Iterator[tuple[_Group, _Group, int]]:
    """The pairs of sets sharing a prefix token (and a set with itself), smaller sets first, each
    with how many of its pairs of schemas to compare: all of them, up to the pair budget."""
    index: dict[Any, list[_Group]] = defaultdict(list)
    left = PAIR_BUDGET_BASE + PAIR_BUDGET_EACH * sum(len(group.pointers) for group in groups)
    for group in groups:
        tokens = sorted(group.tokens, key=lambda t: (frequency[t], t))  # rarest first
        least = threshold * len(tokens)  # the smallest partner that can be this similar
        prefix = len(tokens) - math.ceil(least) + 1
        partners = {id(group): group}  # the set itself, for its schemas' pairs among themselves
        for token in tokens[:prefix]:
            earlier = index[token]
            partners.update((id(other), other) for other in earlier if len(other.tokens) >= least)
            earlier.append(group)
        for other in partners.values():
            count = _pair_count(other, group)
            if not count:  # a set of one schema: no pair with itself
                continue
            yield other, group, min(count, left)
            left -= count
            if left <= 0:
                return


def _pair_count(first: _Group, second: _Group) -> int:
    size = len(first.pointers)
    return size * (size - 1) // 2 if first is second else size * len(second.pointers)


def _schema_pairs(first: _Group, second: _Group) -> Iterator[tuple[str, str]]:
    """The pairs of schemas of two sets (FIRST no larger), each in the order of size, then pointer."""
    if first is second:
        return combinations(first.pointers, 2)
    if len(first.tokens) < len(second.tokens):
        return product(first.pointers, second.pointers)
    return ((a, b) if a < b else (b, a) for a, b in product(first.pointers, second.pointers))


def _similarity(a: frozenset, b: frozenset, weight: dict[Any, float], threshold: float) -> float | None:
    """The weighted Jaccard of two sets when both it and the plain one reach the threshold, else
    None. Both are symmetric (math.fsum is exact whatever the order), so a pair of sets is asked once."""
    if _jaccard(a, b) < threshold:
        return None
    similarity = _weighted_jaccard(a, b, weight)
    return similarity if similarity >= threshold else None


def _weighted_jaccard(a: frozenset, b: frozenset, weight: dict[Any, float]) -> float:
    """Jaccard with each (property, type) weighted by its rarity across the schemas: sharing the
    envelope every event payload carries (`sender`, `repository`) says little, sharing rare fields
    says they are one thing. math.fsum, because a plain sum depends on the sets' iteration order,
    which changes from run to run with string hashing: two partners that tie could swap between
    runs, and with them a finding's message and fingerprint.
    The weights are looked up by `map`, in C (14,869 pairs of sets on the 20x Stripe copy)."""
    union = math.fsum(map(weight.__getitem__, a | b))
    return math.fsum(map(weight.__getitem__, a & b)) / union if union else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the union's size, without making the union


def _variants(a: str, b: str, first: _Kin, second: _Kin) -> bool:
    """Kept apart by design: one built from the other or both from one base (`allOf`), names that
    differ by an affix, or two roles of one resource (a request body and a response, a create's
    body and an update's). FIRST and SECOND are what `_kin` found of A and B."""
    if b in first.refs or a in second.refs or first.bases & second.bases:
        return True
    if first.roles and second.roles and not first.roles & second.roles:
        return True
    return bool(first.stem) and first.stem == second.stem


class _Kin(NamedTuple):
    """What `_variants` asks of one schema, found once per schema: a schema copied ten times is in
    9 pairs or more."""

    refs: tuple[str, ...]  # the named schemas it references
    bases: frozenset[str]  # the named schemas it composes with allOf at its root
    roles: frozenset[str] | None  # `_roles`
    stem: tuple[str, ...]  # its name's `_stem`; empty for an inline schema


def _kin(graph: Graph, pointer: str) -> _Kin:
    facts = graph.facts.cached(pointer) or graph.facts.top(pointer)
    bases = frozenset(c.target for c in facts.contains if c.via == "allOf" and not c.access)
    return _Kin(graph.refs.get(pointer, ()), bases, _roles(graph).get(pointer), _stem(component_name(pointer) or ""))


@memoized
def _roles(graph: Graph) -> dict[str, frozenset[str]]:
    """Schema pointer -> the roles in which operations use it, directly or nested: `response`,
    `create` (a POST's body), `update` (a PUT's or PATCH's body)."""
    starts: dict[str, set[str]] = {"response": set(), "create": set(), "update": set()}  # role -> body schemas
    for body in graph.ok_bodies:
        info = graph.ops.get(body.op)
        if info is None:
            continue
        role = "response" if body.direction == "response" else "create" if info.operation.method == "post" else "update"
        starts[role].add(body.schema)
    reached = {role: set().union(*map(graph._near, schemas)) for role, schemas in starts.items()}
    found: dict[str, frozenset[str]] = {}
    for size in (1, 2, 3):  # each combination of roles: the schemas reached in those roles and no other
        for roles in combinations(reached, size):
            inside = set.intersection(*(reached[role] for role in roles))
            found.update(dict.fromkeys(inside.difference(*(reached[r] for r in reached if r not in roles)), frozenset(roles)))
    return found


@lru_cache(maxsize=65536)  # twice per compared pair (Autotask: 6,352 pairs of 292 schemas)
def _stem(name: str) -> tuple[str, ...]:
    return tuple(w for w in words(name) if w not in NAME_AFFIXES)


@dataclass(frozen=True)
class SharedSchema:
    """A named schema that write operations send and success responses return."""

    pointer: str
    writers: tuple[str, ...]  # op labels
    readers: tuple[str, ...]
    creators: tuple[str, ...]  # the writers that create (POST on a collection)


@memoized
def shared_schemas(graph: Graph) -> tuple[SharedSchema, ...]:
    writers: dict[str, set[str]] = defaultdict(set)  # schema -> op keys: labels made for the shared schemas only
    creators: dict[str, set[str]] = defaultdict(set)
    readers: dict[str, set[str]] = defaultdict(set)
    for body in graph.bodies:
        info = graph.ops.get(body.op)
        if info is None:
            continue
        if body.direction == "request" and info.operation.method in ("post", "put", "patch"):
            writers[body.schema].add(body.op)
            if info.role == "create":
                creators[body.schema].add(body.op)
        elif body.direction == "response" and body.status.startswith("2"):
            readers[body.schema].add(body.op)
    shared = sorted(pointer for pointer in writers.keys() & readers.keys() if component_name(pointer) is not None)
    return tuple(SharedSchema(pointer, _labels(graph, writers[pointer]), _labels(graph, readers[pointer]),
                              _labels(graph, creators[pointer])) for pointer in shared)


def _labels(graph: Graph, ops: set[str]) -> tuple[str, ...]:
    return tuple(sorted({graph.ops[op].label for op in ops}))
