"""The API as a graph: operations, the resource tree, schemas, entities, identifier
slots and servers, with typed edges for bodies, `$ref`/composition, the path tree and `feeds`
(a producer's response field to a consumer's parameter or body field).

Built once per scan (`Context.graph`), lazily over `$ref`s: each schema is read once by
`graph_facts`, never expanded, so recursive schemas end by construction. Every node and edge has a
`kind`; nodes and edges are added in sorted order, so exports are deterministic.

| node kind | key |
|---|---|
| operation | `op:GET /users/{id}` |
| path | `path:/users/{}` (parameter names erased) |
| schema | `schema:User` (named), `schema:/paths/~1users/get/...` (an inline body) |
| entity | `entity:user` |
| slot | `in:GET /users/{id}:path:id` (consumer), `out:POST /users:201:/id` (producer) |
| server | `server:https://api.example.com` |

| edge kind | from -> to |
|---|---|
| child | path -> path (the resource tree) |
| exposes | path -> operation |
| request, response | operation -> schema (response: status, error) |
| refs | schema -> schema (`$ref`, allOf/oneOf/anyOf, items, property; via, access) |
| represents | schema -> entity |
| has_slot | operation -> slot |
| feeds | out-slot -> in-slot (tier, confidence, rank, ambiguous, evidence) |
| depends_on | operation -> operation (consumer -> producer, best tier kept) |
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from dxscan import pointer as jp
from dxscan.graph.facts import FactsReader, component_name, references
from dxscan.graph.hosts import host_class
from dxscan.graph.infer import Feed, Inference
from dxscan.graph.slots import OpInfo, Slot
from dxscan.graph.words import entity_tokens, words
from dxscan.model import Spec

if TYPE_CHECKING:
    import networkx as nx

ERROR_WORDS = frozenset({"error", "errors", "problem", "fault", "exception", "failure"})
USE_DEPTH = 2  # references followed from a body for `Graph.use`


@dataclass(frozen=True)
class Body:
    """A schema an operation sends or receives."""

    op: str
    schema: str  # the schema's pointer
    direction: str  # request, response
    status: str  # "" for a request
    media: str
    raw: Any = field(default=None, repr=False, compare=False)

    @property
    def error(self) -> bool:
        return self.direction == "response" and not (self.status.startswith("2") or self.status.startswith("3"))


class Adjacency:
    """The built graph's nodes and edges, kept in the three dictionaries networkx's MultiDiGraph
    keeps them in (`_node`, `_succ`, `_pred`; an edge is `succ[source][target][key] -> attributes`),
    so that `Graph.nx` wraps them without a copy. A scan never builds them (`Graph.figures` counts
    them with `_census`) and never imports networkx, which costs the graph half of a split scan 0.07 s."""

    def __init__(self) -> None:
        self.node: dict[str, dict[str, Any]] = {}
        self.succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self.pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}

    def __contains__(self, node: str) -> bool:
        return node in self.node

    def add_node(self, node: str, **attributes: Any) -> None:
        """networkx's `add_node`: a new node, or more attributes for one already there."""
        if node in self.node:
            self.node[node].update(attributes)
        else:
            self.node[node] = attributes
            self.succ[node] = {}
            self.pred[node] = {}

    def number_of_edges(self) -> int:
        return sum(len(keys) for targets in self.succ.values() for keys in targets.values())

    def as_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph over these dictionaries, not a copy of them (networkx resets its cached
        views when `_node`, `_succ` and `_pred` are set: its documented way to supply them)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        graph._node, graph._succ, graph._pred = self.node, self.succ, self.pred
        return graph


@dataclass
class Graph:
    """The graph and what was inferred on it. `adjacency` holds its nodes and edges, built the
    first time it is asked for (`dxscan graph`; a scan only counts them, `_census`); `nx` is the
    networkx MultiDiGraph over them. Both are read-only once built: edges share attribute and key
    dictionaries (`_Builder._edge`), so changing one edge in place would change others; copy it
    (`nx.copy()`, `subgraph(...).copy()`) to edit."""

    spec: Spec
    inference: Inference
    facts: FactsReader
    bodies: tuple[Body, ...]
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # analyses computed once (graph_analysis)

    @cached_property
    def adjacency(self) -> Adjacency:
        """The nodes and edges with their attributes (`_Builder`)."""
        adjacency = Adjacency()
        _Builder(self, adjacency).build()
        return adjacency

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        """The graph as networkx's MultiDiGraph, for the exports and views (`dxscan graph`)."""
        return self.adjacency.as_networkx()

    # --- lookups ----------------------------------------------------------------------------

    @property
    def ops(self) -> dict[str, OpInfo]:
        return self.inference.ops

    def find_operation(self, text: str) -> str | None:
        """An op key from an operationId, `GET /path` or `op:GET /path` (case-insensitive method)."""
        text = text.strip()
        if text in self.inference.by_id:
            return self.inference.by_id[text]
        method, _, path = text.removeprefix("op:").partition(" ")
        key = f"op:{method.upper()} {path.strip()}"
        return key if key in self.ops else None

    def schema_node(self, pointer: str) -> str:
        node = self._schema_nodes.get(pointer)
        if node is None:
            name = component_name(pointer)
            node = self._schema_nodes[pointer] = f"schema:{name}" if name else f"schema:{pointer}"
        return node

    @cached_property
    def _schema_nodes(self) -> dict[str, str]:
        """Schema pointer -> its node, named once: the builder and the analyses ask per edge."""
        return {}

    # --- structure ----------------------------------------------------------------------------

    @cached_property
    def schema_raw(self) -> dict[str, Any]:
        """Every schema node's object by pointer: the named schemas and the bodies."""
        found = {schema.pointer: schema.raw for schema in self.spec.schemas.values() if isinstance(schema.raw, dict)}
        for body in self.bodies:
            found.setdefault(body.schema, body.raw)
        return found

    @cached_property
    def refs(self) -> dict[str, tuple[str, ...]]:
        """Schema pointer -> the named schemas it references anywhere inside (sorted, once each)."""
        schema_raw = self.schema_raw
        held: dict[str, tuple[str, ...]] = {}
        named: dict[str, str | None] = {}  # $ref text -> the schema node it points into (None: none), once per text
        for pointer in self.schema_pointers:
            found = references(schema_raw[pointer])
            if not found:  # most schemas (Stripe's 10x copy: 9,030 of 13,490)
                held[pointer] = ()
                continue
            for ref in found:
                if ref not in named:
                    target = _ref_target(ref)
                    named[ref] = target if target in schema_raw else None
            targets = {named[ref] for ref in found}
            targets.discard(None)
            held[pointer] = tuple(sorted(targets))
        return held

    @cached_property
    def schema_pointers(self) -> tuple[str, ...]:
        """Every schema node's pointer, sorted once (`refs`, `blast`, internal-id-exposure and the
        builder each walk them in order: 13,490 on the 10x Stripe copy)."""
        return tuple(sorted(self.schema_raw))

    @property
    def ok_bodies(self) -> tuple[Body, ...]:
        """The bodies outside error responses."""
        return self._split_bodies[0]

    @cached_property
    def _split_bodies(self) -> tuple[tuple[Body, ...], tuple[Body, ...]]:
        """The bodies outside and inside error responses: `Body.error` asked once per body, not by
        each of `error_schemas`, `blast`, `use` and `analysis._roles` (the 10x Stripe copy: 13,560)."""
        split: tuple[list[Body], list[Body]] = ([], [])
        for body in self.bodies:
            split[body.error].append(body)
        return tuple(split[0]), tuple(split[1])

    @cached_property
    def error_schemas(self) -> frozenset[str]:
        """Schemas sent only in error responses, or named like errors (`basic-error`, `Problem`)."""
        ok, failed = self._split_bodies
        used_ok = {body.schema for body in ok}
        used_error = {body.schema for body in failed}
        by_name = {p for p in self.schema_raw if not ERROR_WORDS.isdisjoint(words(component_name(p) or ""))}
        error_only = _closure(used_error, self.refs) - _closure(used_ok, self.refs)
        return frozenset(by_name | error_only)

    @cached_property
    def recursive(self) -> frozenset[str]:
        """Schemas in a reference cycle (trees, replies): recursion is not a smell by itself."""
        refs = self.refs
        found: set[str] = set()
        for component in components(sorted(refs), refs.__getitem__):
            if len(component) > 1 or component[0] in refs[component[0]]:
                found.update(component)
        return frozenset(found)

    @cached_property
    def blast(self) -> dict[str, int]:
        """Schema pointer -> how many operations send or receive it, directly or nested, outside
        error responses: how far a change to it reaches. Computed once on the condensation of the
        reference graph, with one bitset of operations per component."""
        index = {op: i for i, op in enumerate(sorted(self.ops))}
        errors, refs = self.error_schemas, self.refs
        pointers = self.schema_pointers
        held = {p: () if p in errors else refs.get(p, ()) for p in pointers}  # what each holds, outside error schemas
        # A schema holding nothing (9,030 of the 10x Stripe copy's 13,490) is a component of its own
        # that reaches nothing: listed first (components come after those they reach), the others
        # found among themselves.
        holders = [p for p in pointers if held[p]]
        inner = {p: [t for t in held[p] if held[t]] for p in holders}
        found = [[p] for p in pointers if not held[p]] + components(holders, inner.__getitem__)
        members = {pointer: number for number, component in enumerate(found) for pointer in component}
        bits = [0] * len(found)
        for body in self.ok_bodies:
            if body.schema in members and body.op in index:
                bits[members[body.schema]] |= 1 << index[body.op]
        for number in range(len(found) - 1, -1, -1):  # each component before those it reaches
            for pointer in found[number]:
                for target in held[pointer]:
                    if members[target] != number:
                        bits[members[target]] |= bits[number]
        return {pointer: bits[component].bit_count() for pointer, component in members.items()}

    @cached_property
    def use(self) -> dict[str, int]:
        """Schema pointer -> how many operations send or receive it at most USE_DEPTH references
        deep (outside error responses): the schemas operations actually work with. Unlike `blast`
        it does not run around reference cycles (Stripe's expandable fields join most schemas into
        one cycle, through which everything reaches everything)."""
        senders: dict[str, set[str]] = defaultdict(set)  # body schema -> the operations sending or receiving it
        known = self.ops
        for body in self.ok_bodies:
            if body.op in known:
                senders[body.schema].add(body.op)
        users: dict[str, set[str]] = defaultdict(set)
        for schema, ops in senders.items():  # once per schema, not per body: Stripe's bodies share them
            for pointer in self._near(schema):
                users[pointer] |= ops
        return {pointer: len(ops) for pointer, ops in users.items()}

    def _near(self, start: str) -> set[str]:
        """The schemas at most USE_DEPTH references from START, outside error schemas (START
        included): found once per schema, for `use` and `analysis._roles` (read, never changed)."""
        found = self._nearby.get(start)
        if found is not None:
            return found
        refs, errors = self.refs, self.error_schemas
        found, frontier = {start}, [start]
        for _ in range(USE_DEPTH):
            frontier = [t for s in frontier for t in refs.get(s, ()) if t not in found and t not in errors]
            found.update(frontier)
        self._nearby[start] = found
        return found

    @cached_property
    def _nearby(self) -> dict[str, set[str]]:
        return {}

    @cached_property
    def fan_in(self) -> dict[str, int]:
        """Named schema pointer -> how many schemas hold it."""
        counts: dict[str, int] = defaultdict(int)
        for targets in self.refs.values():
            for target in targets:
                counts[target] += 1
        return dict(counts)

    # --- views --------------------------------------------------------------------------------

    def operation_view(self) -> nx.DiGraph:
        """Operations and their `depends_on` edges only."""
        import networkx as nx

        view = nx.DiGraph()
        for node, data in self.nx.nodes(data=True):
            if data["kind"] == "operation":
                view.add_node(node, **data)
        for source, target, data in self.nx.edges(data=True):
            if data["kind"] == "depends_on":
                view.add_edge(source, target, **data)
        return view

    def neighbourhood(self, op: str) -> nx.MultiDiGraph:
        """An operation with its path, bodies, slots, the slots feeding them and their operations."""
        keep = {op}
        for _, target, data in self.nx.out_edges(op, data=True):
            keep.add(target)
            if data["kind"] == "has_slot":
                keep.update(self.nx.predecessors(target))
                keep.update(self.nx.successors(target))
        for source, _, data in self.nx.in_edges(op, data=True):
            keep.add(source)
        keep |= {node for slot in list(keep) if str(slot).startswith(("in:", "out:")) for node in self.nx.predecessors(slot)}
        return self.nx.subgraph(sorted(keep)).copy()

    def why(self, op: str) -> nx.MultiDiGraph:
        """The cheapest chain of calls that makes `op` reachable, as a graph of operations joined by
        `depends_on` (each edge naming the slot it fills); for an unreachable operation, the
        operations along its blocking chain."""
        import networkx as nx

        view = nx.MultiDiGraph()
        plan = self.inference.plan(op)
        for step, key in enumerate(plan, start=1):
            view.add_node(key, **self.nx.nodes[key], step=step)
        for consumer in plan:
            for slot_key, producer in sorted(self.inference.choice.get(consumer, {}).items()):
                slot = self.inference.slots[slot_key]
                view.add_edge(consumer, producer, key=f"depends_on {slot.label}", kind="depends_on", slot=slot.label)
        view.graph.update(operation=op, reachable=bool(plan), calls=len(plan))
        if not plan:
            self._blocked_chain(op, view)
        return view

    def _blocked_chain(self, op: str, view: nx.MultiDiGraph) -> None:
        """The operations along an unreachable operation's blocking chain, each edge naming the slot
        it waits for; the graph's `blocked_by` names the slot no response fills."""
        current = op
        view.add_node(op, **self.nx.nodes[op])
        while True:
            found = self.inference.blocker(current)
            if found is None:
                return
            slot, producers = found
            if not producers:
                view.graph["blocked_by"] = f"{slot.label} of {current[3:]}"
                return
            following = producers[0]
            seen = following in view
            view.add_node(following, **self.nx.nodes[following])
            view.add_edge(current, following, key=f"depends_on {slot.label}", kind="depends_on", slot=slot.label)
            if seen:
                view.graph["blocked_by"] = "a dependency cycle"
                return
            current = following

    def reach(self) -> dict[str, int]:
        """Shared component pointer -> how many operations use it (schemas nested included, error
        responses not): what a change to it reaches. Components used by one operation are left out."""
        found = {pointer: count for pointer, count in self.blast.items() if count > 1 and component_name(pointer)}
        users: dict[str, set[str]] = defaultdict(set)
        for key, info in self.ops.items():
            operation = info.operation
            body = operation.request_body
            for place in (*operation.parameters, *operation.responses, *(() if body is None else (body,))):
                if place.pointer.startswith("/components/"):  # Stripe's 20,560 places: none
                    users[place.pointer].add(key)
        found.update({pointer: len(ops) for pointer, ops in users.items() if len(ops) > 1})
        return dict(sorted(found.items()))

    # --- figures ------------------------------------------------------------------------------

    def figures(self) -> dict[str, Any]:
        """Counts for the scorecard: nodes, edges, and how many identifiers resolve to a producer
        (computed once)."""
        if "figures" not in self.memo:
            self.memo["figures"] = self._figures()
        return dict(self.memo["figures"])

    def _figures(self) -> dict[str, Any]:
        needing = [s for s in self.inference.slots.values() if s.required and s.id_like and not s.context]
        resolved = sum(1 for s in needing if self.inference.resolutions[s.key].resolved or s.self_supplied)
        nodes, edges = _census(self)
        kinds = Counter(nodes.values())
        feeds = sum(len(resolution.feeds) for resolution in self.inference.resolutions.values())
        return {
            "nodes": len(nodes),
            "edges": len(edges),
            "node_kinds": dict(sorted(kinds.items())),
            "feeds": feeds,
            "identifiers": len(needing),
            "resolved": resolved,
            "resolved_share": round(resolved / len(needing), 4) if needing else None,
            "context_identifiers": sorted(self.inference.context),
        }


# --- building -----------------------------------------------------------------------------------

def build_graph(spec: Spec) -> Graph:
    """The graph of one spec. `Context.graph` calls this once per scan."""
    facts = FactsReader(spec)
    inference = Inference(spec, facts)
    bodies = tuple(_bodies(inference, facts))
    return Graph(spec, inference, facts, bodies)


def _bodies(inference: Inference, facts: FactsReader) -> Iterator[Body]:
    for key, info in sorted(inference.ops.items()):
        operation = info.operation
        seen: set[tuple[str, str]] = set()
        if operation.request_body is not None:
            for media in operation.request_body.content:
                if media.schema is None or ("", media.schema.pointer) in seen or not isinstance(media.schema.raw, dict):
                    continue
                seen.add(("", media.schema.pointer))
                yield Body(key, media.schema.pointer, "request", "", media.name, media.schema.raw)
        for response in operation.responses:
            for media in response.content:
                if media.schema is None or (response.status, media.schema.pointer) in seen:
                    continue
                if isinstance(media.schema.raw, dict):
                    seen.add((response.status, media.schema.pointer))
                    yield Body(key, media.schema.pointer, "response", response.status, media.name, media.schema.raw)


class _Builder:
    def __init__(self, graph: Graph, adjacency: Adjacency):
        self.graph = graph
        self.g = adjacency
        self.inference = graph.inference
        self._attributes: dict[tuple, dict[str, Any]] = {}
        self._keys: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
        self._feed_attributes: dict[tuple, dict[str, Any]] = {}  # `_shared` of each kind of feed
        self._has_slot = self._shared({"kind": "has_slot"})

    def build(self) -> None:
        self._operations()
        self._paths()
        self._schemas()
        self._entities()
        self._slots_and_feeds()
        self._servers()

    def _operations(self) -> None:
        inference = self.inference
        for key, info in sorted(inference.ops.items()):
            operation = info.operation
            self.g.add_node(key, kind="operation", method=operation.method.upper(), path=operation.path,
                            operation_id=operation.operation_id or "", tags=",".join(operation.tags),
                            deprecated=operation.deprecated, role=info.role, pointer=operation.pointer,
                            ready=key in inference.cost, min_calls=len(inference.plan(key)) or -1)
        for operation in self.graph.spec.operations:
            if operation.kind != "operation":
                self.g.add_node(f"op:{operation.label}", kind="operation", method=operation.method.upper(),
                                path=operation.path, operation_id=operation.operation_id or "", tags="",
                                deprecated=operation.deprecated, role=operation.kind, pointer=operation.pointer,
                                ready=False, min_calls=-1)

    def _paths(self) -> None:
        child, exposes = self._shared({"kind": "child"}), self._shared({"kind": "exposes"})
        for key, info in sorted(self.inference.ops.items()):
            parent = "path:/"
            self.g.add_node(parent, kind="path", segment="", depth=0, is_param=False)
            for depth, segment in enumerate(info.erased, start=1):
                node = _path_node(parent, segment, depth)
                if node not in self.g:
                    self.g.add_node(node, kind="path", segment=segment, depth=depth, is_param="{}" in segment)
                    self._link(parent, node, "child", child)
                parent = node
            self._link(parent, key, "exposes", exposes)
        for node, data in self.g.node.items():
            if data["kind"] == "path":
                data["archetype"] = _archetype(self.g, node, data)

    def _schemas(self) -> None:
        graph = self.graph
        recursive, errors = graph.recursive, graph.error_schemas
        for pointer in graph.schema_pointers:
            raw = graph.schema_raw[pointer]
            properties = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
            self.g.add_node(graph.schema_node(pointer), kind="schema", name=component_name(pointer) or "", pointer=pointer,
                            properties=len(properties), recursive=pointer in recursive, error=pointer in errors)
        refs = self._shared({"kind": "refs"})  # `_edge`'s dictionary, found once for all of them
        node_of = graph.schema_node
        for pointer, targets in graph.refs.items():
            source = node_of(pointer)
            for target in targets:
                self._link(source, node_of(target), "refs", refs)
        kinds: dict[tuple, tuple[str, dict[str, Any]]] = {}  # (direction, status, media, error) -> key, attributes
        for body in graph.bodies:
            kind = (body.direction, body.status, body.media, body.error)
            found = kinds.get(kind)
            if found is None:
                attributes = {"kind": body.direction, "media": body.media}
                if body.direction == "response":
                    attributes.update(status=body.status, error=body.error)
                found = kinds[kind] = (_body_key(body), self._shared(attributes))
            self._link(body.op, node_of(body.schema), *found)

    def _entities(self) -> None:
        """A named schema a resource's own operations answer with represents that resource."""
        for entity in sorted(_entity_names(self.graph)):
            self.g.add_node(f"entity:{entity}", kind="entity", name=entity)
        for schema, entity in sorted(_represented(self.graph)):
            self._edge(schema, f"entity:{entity}", key="represents", kind="represents")

    def _slots_and_feeds(self) -> None:
        inference = self.inference
        best: dict[tuple[str, str], Feed] = {}
        for key, slot in sorted(inference.slots.items()):
            self.g.add_node(key, **_slot_attributes(slot))
            self._link(slot.op, key, "has_slot", self._has_slot)
            for feed in inference.resolutions[key].feeds:
                self._feed(feed, key)
                pair = (slot.op, feed.producer)
                if pair not in best or feed.tier < best[pair].tier:
                    best[pair] = feed
        kinds: dict[tuple, dict[str, Any]] = {}  # `_edge`'s dictionary, found once per tier and confidence
        for (consumer, producer), feed in sorted(best.items()):
            kind = (feed.tier, feed.confidence, type(feed.tier), type(feed.confidence))
            shared = kinds.get(kind)
            if shared is None:
                shared = kinds[kind] = self._shared({"kind": "depends_on", "tier": feed.tier, "confidence": feed.confidence})
            self._link(consumer, producer, "depends_on", shared)

    def _feed(self, feed: Feed, consumer: str) -> None:
        out = feed.out_key
        if out not in self.g.node:
            self.g.add_node(out, kind="slot", direction="out", status=feed.status, access=feed.access, pointer=feed.pointer)
            self._link(feed.producer, out, "has_slot", self._has_slot)
        signature = (feed.tier, feed.confidence, feed.rank, feed.ambiguous, feed.evidence, type(feed.confidence),
                     type(feed.ambiguous))
        shared = self._feed_attributes.get(signature)
        if shared is None:  # `_shared`, once per kind of feed (Autotask: 17,978 feeds)
            shared = self._feed_attributes[signature] = self._shared({
                "kind": "feeds", "tier": feed.tier, "confidence": feed.confidence, "rank": feed.rank,
                "ambiguous": feed.ambiguous, "evidence": feed.evidence})
        self._link(out, consumer, "feeds", shared)

    def _edge(self, source: str, target: str, key: str, **attributes: Any) -> None:
        """`add_edge`, with one attribute dictionary for all the edges whose attributes are equal
        (every `has_slot`, `refs`, `child` edge; the `depends_on` edges of one tier and confidence;
        the `feeds` edges one producer field gives at one rank), and one key dictionary for all
        the node pairs joined by one such edge alone: networkx made both per edge, 3.4 MiB of the
        22.6 MiB GitHub's graph half holds. The built graph is only read, never changed in place;
        a pair's second edge gets a key dictionary of its own."""
        self._link(source, target, key, self._shared(attributes))

    def _shared(self, attributes: dict[str, Any]) -> dict[str, Any]:
        """The one attribute dictionary of all the edges whose attributes equal ATTRIBUTES."""
        identity = (*attributes.items(), *map(type, attributes.values()))  # typed: `tier: True` is not `tier: 1`
        return self._attributes.setdefault(identity, attributes)

    def _link(self, source: str, target: str, key: str, shared: dict[str, Any]) -> None:
        """`_edge` with its attribute dictionary found (`_shared`)."""
        g = self.g
        nodes = g.node
        if source not in nodes:
            g.add_node(source)
        if target not in nodes:
            g.add_node(target)
        out = g.succ[source]
        keys = out.get(target)
        if keys is None:
            memo = (key, id(shared))
            keys = self._keys.get(memo)
            if keys is None:  # `setdefault` would make the default dictionary for every edge
                keys = self._keys[memo] = {key: shared}
        else:
            keys = {**keys, key: shared}
        out[target] = g.pred[target][source] = keys

    def _servers(self) -> None:
        for server in self.graph.spec.servers:
            self.g.add_node(f"server:{server.url}", kind="server", url=server.url, pointer=server.pointer,
                            host_class=host_class(server.url))


def _census(graph: Graph) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """The nodes (with their kind) and the edges (source, target, key) `_Builder` makes, named
    the way it names them, without their attributes: all a scan reads of the graph's nodes and
    edges is how many there are (`figures`), and building them with their attributes cost 0.18 s
    of the 10x Stripe copy's 1.5 s. tests/test_perf6g_speed.py holds it to the built graph."""
    inference = graph.inference
    pointers = graph.schema_raw
    node_of = dict(zip(pointers, map(graph.schema_node, pointers)))
    nodes: dict[str, str] = dict.fromkeys(inference.ops, "operation")  # `_operations`
    edges: set[tuple[str, str, str]] = set()
    for operation in graph.spec.operations:
        if operation.kind != "operation":
            nodes[f"op:{operation.label}"] = "operation"
    if inference.ops:
        nodes["path:/"] = "path"
    for key, info in inference.ops.items():  # `_paths`, in any order: each node's child edge comes from its one parent
        parent = "path:/"
        for depth, segment in enumerate(info.erased, start=1):
            node = _path_node(parent, segment, depth)
            if node not in nodes:
                nodes[node] = "path"
                edges.add((parent, node, "child"))
            parent = node
        edges.add((parent, key, "exposes"))
    nodes.update(dict.fromkeys(node_of.values(), "schema"))  # `_schemas`
    target_node = node_of.__getitem__
    for pointer, targets in graph.refs.items():
        if targets:  # most schemas hold none
            edges.update(zip(repeat(node_of[pointer]), map(target_node, targets), repeat("refs")))
    keys: dict[tuple[str, str, str], str] = {}  # `_body_key` by direction, status and media
    for body in graph.bodies:
        kind = (body.direction, body.status, body.media)
        key = keys.get(kind)
        if key is None:
            key = keys[kind] = _body_key(body)
        edges.add((body.op, node_of[body.schema], key))
    for entity in _entity_names(graph):  # `_entities`
        nodes[f"entity:{entity}"] = "entity"
    edges.update((schema, f"entity:{entity}", "represents") for schema, entity in _represented(graph))
    _census_slots(inference, nodes, edges)
    for server in graph.spec.servers:  # `_servers`
        nodes[f"server:{server.url}"] = "server"
    return nodes, edges


def _census_slots(inference: Inference, nodes: dict[str, str], edges: set[tuple[str, str, str]]) -> None:
    """`_census` of `_slots_and_feeds`: the slots, their producers' out-slots, feeds and dependencies."""
    pairs: set[tuple[str, str]] = set()
    for key, slot in inference.slots.items():
        nodes[key] = "slot"
        edges.add((slot.op, key, "has_slot"))
        for feed in inference.resolutions[key].feeds:
            out = feed.out_key
            if out not in nodes:
                nodes[out] = "slot"
                edges.add((feed.producer, out, "has_slot"))
            edges.add((out, key, "feeds"))
            pairs.add((slot.op, feed.producer))
    edges.update((consumer, producer, "depends_on") for consumer, producer in pairs)


def _path_node(parent: str, segment: str, depth: int) -> str:
    """The node of an erased path's first DEPTH segments (`path:/users/{}`), from its parent's:
    `"path:/" + "/".join(erased[:depth])`."""
    return "path:/" + segment if depth == 1 else f"{parent}/{segment}"


def _body_key(body: Body) -> str:
    """The key of the edge from an operation to a body's schema (`response 200 application/json`)."""
    return f"{body.direction} {body.status} {body.media}".replace("  ", " ")


def _entity_names(graph: Graph) -> set[str]:
    """The resources the API names: operations' collections and slots' entities."""
    entities = {info.collection for info in graph.ops.values() if info.collection}
    return entities | {s.entity for s in graph.inference.slots.values() if s.entity}


def _represented(graph: Graph) -> set[tuple[str, str]]:
    """(schema node, entity): a named schema a resource's own operations answer with represents it."""
    represented: set[tuple[str, str]] = set()
    for body in graph.bodies:
        if body.direction != "response":
            continue
        info = graph.ops.get(body.op)
        if info is None or not info.collection or info.role not in ("create", "upsert", "read", "update") or body.error:
            continue
        name = component_name(body.schema)
        if name and info.collection in entity_tokens(name):
            represented.add((graph.schema_node(body.schema), info.collection))
    return represented


def _slot_attributes(slot: Slot) -> dict[str, Any]:
    return {"kind": "slot", "direction": "in", "location": slot.location, "name": slot.name, "pointer": slot.pointer,
            "type": slot.type or "", "entity": slot.entity or "", "field": slot.field or "", "required": slot.required,
            "id_like": slot.id_like, "context": slot.context, "self_supplied": slot.self_supplied}


def _archetype(g: Adjacency, node: str, data: dict[str, Any]) -> str:
    if data["is_param"]:
        return "item"
    segment = data["segment"]
    if ":" in segment:
        return "action"
    from dxscan.graph.slots import is_action_segment

    if is_action_segment(segment):
        return "action"
    children = [g.node[c] for c in g.succ[node] if g.node[c]["kind"] == "path"]
    return "collection" if any(c["is_param"] for c in children) else "singleton"


def _ref_target(ref: str) -> str | None:
    """The named schema a `$ref` points into (`#/components/schemas/Pet/properties/id` -> Pet's pointer)."""
    if not ref.startswith("#/"):
        return None
    fragment = ref[1:]
    if "%" in fragment or "~" in fragment:
        tokens: Sequence[str] = jp.split(unquote(fragment))
        join = jp.join
    else:  # nothing quoted or escaped (nearly every reference): the first three steps as they are written
        tokens = fragment.lstrip("/").split("/", 3)
        join = _slashed
    for size in (3, 2):
        if len(tokens) >= size:
            pointer = join(*tokens[:size])
            if component_name(pointer):
                return pointer
    return None


def _slashed(*tokens: str) -> str:
    """`jp.join` of tokens that need no escaping."""
    return "/" + "/".join(tokens)


def components(nodes: Iterable[str], successors: Callable[[str], Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of a directed graph (Tarjan's algorithm, iterative), each
    listed after every component it reaches: networkx's condensation, without building graphs
    (Stripe's reference graph: 1,349 schemas)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors(root)))]
        while work:
            node, pending = work[-1]
            for following in pending:
                if following not in index:
                    index[following] = low[following] = len(index)
                    stack.append(following)
                    on_stack.add(following)
                    work.append((following, iter(successors(following))))
                    break
                if following in on_stack and index[following] < low[node]:
                    low[node] = index[following]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    component: list[str] = []
                    while not component or component[-1] != node:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                    found.append(component)
    return found


def _closure(start: set[str], refs: dict[str, tuple[str, ...]]) -> set[str]:
    seen = set(start)
    pending = list(start)
    while pending:
        for target in refs.get(pending.pop(), ()):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen

