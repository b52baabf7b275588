"""Producer/consumer inference: which operation's response hands out the identifier another
operation needs, and which operations a consumer can reach starting from nothing.

Producers are the fields of success responses, found through inverted indexes (by field name, and
by the entity their context names), never by comparing every pair. Every slot is matched in tiers:

| tier | rule | confidence |
|---|---|---|
| 0 | an OpenAPI link, or a create answering with a `Location` header for the slot's collection | 1.0 |
| 1 | a field of the same name (`run_id` -> `job.run_id`), or an object of that name (`owner` -> `owner.login`) | 0.9 |
| 2 | the entity's field: `number` in a schema or property naming `issue`, for `{issue_number}` | 0.8 |
| 3 | a synonym (`id`/`uuid`, `username`/`login`) or an abbreviated entity (`repo`/`repository`) | 0.6 |
| 4 | a GET listing the slot's collection (here or elsewhere), no field named for it | 0.5 |
| 4 | only a create on the slot's own collection, whose response shows no identifier: not a producer | 0.4 |

Type mismatches between integer and string cost 0.2; objects, arrays and booleans never fill a
primitive slot (an object stands for its identity field). Candidates are filtered the way RESTler
does (never the consumer itself, nor an operation that needs the very identifier) and ranked: the
resource's own identifier from the call that creates it, then from the calls that list or read it,
then mentions elsewhere; nearer paths, higher confidence, stronger roles first.

Reachability is an AND/OR problem: an operation is ready when every slot it needs has a ready
producer. `min_calls` (Knuth's generalisation of Dijkstra) is 1 plus, for each needed slot, the
cheapest ready producer's cost.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from dxscan import pointer as jp
from dxscan.graph.facts import DEEP_HOPS, FactsReader, Leaf, SchemaFacts
from dxscan.graph.shortlist import Shortlist, best_per_producer
from dxscan.graph.slots import (
    OWN_CREDENTIALS,
    ROLE_RANK,
    OpInfo,
    Slot,
    answers_parent,
    body_slots,
    identify,
    is_action_segment,
    op_info,
    parameter_slots,
    path_segments,
    path_slots,
    preceding_resource,
    property_hops,
    segment_params,
)
from dxscan.graph.words import (
    BARE_IDS,
    IDENTITY_FIELDS,
    KNOWN_VALUE_WORDS,
    STANDARD_WORDS,
    SYNONYMS,
    entity_matches,
    entity_tokens,
    holder_tokens,
    is_resource_segment,
    norm,
    singular_phrase,
    words,
)
from dxscan.model import Operation, Spec

PRODUCING_METHODS = ("get", "post", "put", "patch")
CREATOR_ROLES = ("create", "upsert")
METHOD_ORDER = {"post": 0, "put": 1, "patch": 2, "get": 3, "delete": 4}
TIER_CONFIDENCE = {0: 1.0, 1: 0.9, 2: 0.8, 3: 0.6, 4: 0.5}
TIER_NAMES = {0: "link", 1: "same name", 2: "entity field", 3: "synonym or abbreviation", 4: "bare create"}
RESOLVED = 0.5  # the least confidence that counts a slot as resolved
BARE_CREATE = 0.4  # a create whose response shows no identifier: it makes the thing but hands out no id
TYPE_PENALTY = 0.2  # integer <-> string
KEEP = 3  # feeds kept per consumer slot
ALTERNATIVES = 8  # producers per slot considered for reachability
MAX_EXPOSURE_HOPS = 2  # property hops from a response's root to a contained schema
MAX_LEAF_DEPTH = 3  # property hops from a response's root to a producing field
CONTEXT_SHARE = 0.3  # a path parameter in this share of the operations frames the API...
CONTEXT_FIRST_SHARE = 0.1  # ...or the first path parameter of this share...
CONTEXT_MIN_SUBPATHS = 3  # ...when it has at least this many distinct sub-paths below it
CONTEXT_MIN_OPERATIONS = 10  # ...and frames at least this many operations (a small API has no context identifiers)
# Properties that hold the resource's own identity (Kubernetes' `metadata: ObjectMeta` with `name`):
# their fields identify the enclosing resource, as a wrapper's do.
IDENTITY_HOLDERS = frozenset({"metadata", "meta"})
# Which methods generate each tier's candidates: COMMON_FINDERS' candidates depend on the slot's
# name, entity and type only (shared by every slot alike), ANCHORED_FINDERS' on its anchor too.
COMMON_FINDERS = {1: "_tier1", 2: "_tier2", 3: "_tier3"}
ANCHORED_FINDERS = {0: "_tier0", 2: "_tier2_anchored", 4: "_tier4"}
# The tiers whose candidates narrow to the resource's own identifier when asked (`own_only`): the
# others find the same candidates either way.
OWN_ONLY_TIERS = frozenset({1, 2, 3})
# Words that qualify a reference by its role, not its resource: `fromPayorId` is a payor's id.
ROLE_MODIFIERS = frozenset({"from", "to", "source", "target", "src", "dst", "destination", "origin", "new", "old",
                            "original", "primary", "secondary", "default", "current", "previous", "prev", "next",
                            "linked", "related", "other", "main"})
WRAPPERS = frozenset({"data", "items", "results", "result", "value", "values", "records", "list", "rows", "entries",
                      "elements", "content", "payload", "response", "nodes", "objects", "embedded"})
_WRAPPING = WRAPPERS | IDENTITY_HOLDERS  # made once, not per exposure


class Exposure(NamedTuple):
    """A schema as it appears inside an operation's success response."""

    op: str
    status: str
    facts: str  # the schema's pointer
    access: tuple[str, ...]  # from the response's root to the schema
    hops: int
    parent: str | None  # the property holding it (None: the root)


class Feed(NamedTuple):
    """A producer's response field (or link, header, request parameter) that can fill a slot."""

    producer: str  # op key
    status: str  # the response ("201"), "request" for a client-chosen PUT parameter, "" for a bare create
    access: str  # "/owner/login", "header Location", "request {name}", "" (bare create)
    pointer: str  # where the producing field (or link, header, operation) is defined
    tier: int
    confidence: float
    rank: int = 0
    ambiguous: bool = False
    evidence: str = ""

    @property
    def out_key(self) -> str:
        return f"out:{self.producer[3:]}:{self.status}:{self.access}"

    @property
    def source(self) -> str:
        """How a message names the producing end: `POST /pets -> 201 /id`."""
        where = f" {self.status} {self.access}".rstrip() if self.access else ""
        return f"{self.producer[3:]}{' ->' + where if where else ''}"


# Builds a NamedTuple from a tuple of all its fields without its generated Python `__new__`:
# Inference makes some 30,000 candidates and rank keys on GitHub's spec, where that call cost 25 ms.
_new = tuple.__new__


class Candidate(NamedTuple):
    """What a producer offers a slot (the fields of a `Feed` to be) and what its rank depends on
    besides the slot; generated once per generation key, shared by the slots that have it."""

    op: str
    status: str
    access: str
    pointer: str
    tier: int
    confidence: float
    evidence: str
    own: bool = False  # the resource's own identifier (its schema or collection names the entity), not a mention
    field_rank: int = 0  # the field's place among the identity fields (`id` first)
    depth: int = 0  # property hops from the response's root to the field
    affinity: int = 0  # words of the producer's resource the consumer's collection repeats


class RankKey(NamedTuple):
    """The order of a slot's offers, best first (see `Inference._ranked`); compared as a tuple."""

    weak: bool  # confidence below RESOLVED
    mention: int  # 0: the resource's own identifier, 1: a mention of it elsewhere
    tier: int
    affinity: int  # negated: more shared words first
    shared: int  # negated: the longer common path prefix first
    creator: int  # 0: the call that creates it (or a mention), 1: a list or read of it
    confidence: float  # negated
    role_rank: int
    field_rank: int
    depth: int
    label: str
    access: str


class Ranked(NamedTuple):
    """A candidate ranked for one slot: sorting these sorts by `key`, then by the candidate."""

    key: RankKey
    offer: Candidate


class OpStatics(NamedTuple):
    """What ranking reads of a producing operation, computed once."""

    creates: bool
    role_rank: int
    label: str
    erased: tuple[str, ...]


@dataclass(frozen=True)
class ProducerIndex:
    """Inverted indexes over the producers: exposures by schema and entity token, response
    fields by name and by (name, token), fields at each schema's root, and lists of identifiers."""

    exposures_of: dict[str, list[Exposure]]
    subject_exposures_of: dict[str, list[Exposure]]  # the exposures whose schema is the response's subject
    subjects: frozenset[int]  # the `id()` of each exposure whose schema is the response's subject (hashing an
    # exposure hashes its access tuple each time); the exposures live as long as the index
    exposure_contexts: dict[tuple[bool, frozenset[str]], list[int]]  # exposures (places in `exposures`) by
    # whether their schema is the subject and the entity tokens they add (`_exposure_tokens`)
    contexts_of: dict[str, list[tuple[bool, frozenset[str]]]]  # ... those contexts by token
    exposures_by_token: dict[tuple[str, bool], dict[str, list[Exposure]]]  # by token and subjects only, then by
    # schema: filled per token when a slot first asks for it (`Inference._exposures_by_token`)
    leaves_by_name: dict[str, list[tuple[SchemaFacts, Leaf]]]
    leaves_by_token: dict[str, dict[str, list[tuple[SchemaFacts, Leaf]]]]  # by name, then token: filled per name
    # when a slot first asks for it (`Inference._leaves_by_token`), as slots ask for few of the names
    root_leaves: dict[str, dict[str, list[Leaf]]]
    tokens_by_start: dict[str, set[str]]  # entity tokens by their first three letters (spaces removed)
    tokens_by_end: dict[str, set[str]]  # ... and by their last three
    tokens_by_compact: dict[str, set[str]]  # ... and by the whole (what names an entity exactly: `entity_matches` 2)
    list_values: dict[tuple[str, ...], list[Exposure]]  # GETs answering a bare array of identifiers, by path


@dataclass(frozen=True)
class Resolution:
    slot: Slot
    tier: int | None  # the best tier that matched (None: unresolved)
    feeds: tuple[Feed, ...]  # the best KEEP, ranked
    producers: tuple[str, ...]  # the best ALTERNATIVES producing ops with confidence >= RESOLVED
    fuzzy: tuple[str, ...] = ()  # for an unresolved identifier: the nearest fields by shared words

    @property
    def resolved(self) -> bool:
        return bool(self.producers)


class Inference:
    """Slots, producers, matches, context identifiers and reachability of one spec."""

    def __init__(self, spec: Spec, reader: FactsReader | None = None):
        self.spec = spec
        self.reader = reader or FactsReader(spec)
        self.ops: dict[str, OpInfo] = {}
        for operation in spec.operations:
            if operation.kind == "operation":
                info = op_info(operation)
                self.ops.setdefault(info.key, info)
        self.by_id = {info.operation.operation_id: key for key, info in sorted(self.ops.items()) if info.operation.operation_id}
        self._statics = {key: OpStatics(info.role in CREATOR_ROLES, ROLE_RANK.get(info.role, 6), info.label, info.erased)
                         for key, info in self.ops.items()}
        self.creators_at: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self.listers_at: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self.makers_of: dict[str, list[str]] = defaultdict(list)  # lists, by the collection they name
        self.creators_of: dict[str, list[str]] = defaultdict(list)  # creates, by the collection they name
        for key, info in sorted(self.ops.items()):
            if info.role == "create":
                self.creators_at[info.erased].append(key)
            if _lists_collection(info):
                self.listers_at[info.erased].append(key)
            if info.collection and _lists_collection(info):
                self.makers_of[info.collection].append(key)
            if info.collection and info.role in CREATOR_ROLES:
                self.creators_of[info.collection].append(key)
        self._posted = " ".join(sorted(_posted_text(info) for info in self.ops.values() if info.operation.method == "post"))
        self.known = frozenset(
            singular_phrase(segment) for info in self.ops.values() for segment in path_segments(info.operation.path)
            if is_resource_segment(segment) and not is_action_segment(segment)
        )
        self.exposures = self._read_exposures()
        self.context = _context_names(self.ops)
        self.slots: dict[str, Slot] = self._read_slots()
        self._parent_answers: dict[str, bool] = {}  # memo of `_answers_parent`
        self.index = self._index()
        self._path_entities = {(s.op, s.name): s.entity for s in self.slots.values() if s.location == "path"}
        self._producible: dict[str, dict[str, bool]] = {}  # `_may_produce` by slot, then producer
        # common candidates (and their leaf contexts) by `_common_key`, with their shortlists by
        # affinities and by the consumer's collection (None for a path slot)
        self._generated: dict[tuple, tuple[list[Candidate], list[frozenset[str]], dict[tuple, Shortlist],
                                           dict[str | None, Shortlist]]] = {}
        self._affinity_memo: dict[tuple[frozenset[str], str], int] = {}
        self._matching: dict[tuple[str, int], list[str]] = {}  # memo of `_tokens_matching`
        self.resolutions: dict[str, Resolution] = self._resolve_all()
        self._names_resource_memo: dict[str, bool] = {}  # `_names_resource` by entity
        self._posts_name: dict[str, bool] = {}
        self._texts: dict[str, bool] = {}  # memo of `_known_by_text`, by pointer
        self._supply_outside()
        self._producible.clear()
        self._generated.clear()
        self._matching.clear()
        del self.index, self.exposures  # only resolution reads them: 45 MB of a 20x GitHub copy's peak
        self.cost: dict[str, int] = {}
        self.choice: dict[str, dict[str, str]] = {}
        self.ready_set: frozenset[str] = frozenset()
        self.slots_of: dict[str, list[Slot]] = defaultdict(list)
        for slot in self.slots.values():
            self.slots_of[slot.op].append(slot)
        self._reachability()

    # --- reading ----------------------------------------------------------------------------

    def _read_exposures(self) -> list[Exposure]:
        exposures: list[Exposure] = []
        within: dict[str, list[tuple[str, tuple[str, ...], int, str | None]]] = {}  # `_within` by schema
        for key, info in sorted(self.ops.items()):
            if info.operation.method not in PRODUCING_METHODS:
                continue
            seen: set[str] = set()
            for response in info.operation.responses:
                if not response.status.startswith("2"):
                    continue
                for media in response.content:
                    if media.schema is None or media.schema.pointer in seen:
                        continue
                    seen.add(media.schema.pointer)
                    facts = self.reader.of(media.schema.raw, media.schema.pointer)
                    if facts is None:
                        continue
                    found = within.get(facts.pointer)
                    if found is None:
                        found = within[facts.pointer] = self._within(facts)
                    head = (key, response.status)  # `head + place`: one C concatenation, where `(*a, *b)` goes through a list
                    exposures += [_new(Exposure, head + place) for place in found]
        return exposures

    def _within(self, facts: SchemaFacts) -> list[tuple[str, tuple[str, ...], int, str | None]]:
        """A response's schema and the named schemas within two property hops of its root, each
        as (pointer, access, hops, parent): an `Exposure` without its operation and status, found
        once per schema however many responses send it (Stripe's responses share most)."""
        queue: list[tuple[SchemaFacts, tuple[str, ...], int, str | None]] = [(facts, (), 0, None)]
        visited = {facts.pointer}
        for current, access, hops, parent in queue:
            for held in current.contains:
                total = hops + held.hops
                if total <= MAX_EXPOSURE_HOPS and held.target not in visited:
                    visited.add(held.target)
                    queue.append((self.reader.named(held.target), access + held.access, total, held.parent or parent))
        return [(current.pointer, access, hops, parent) for current, access, hops, parent in queue]

    def _read_slots(self) -> dict[str, Slot]:
        slots: dict[str, Slot] = {}
        for _, info in sorted(self.ops.items()):
            for slot in (*path_slots(info, self.known, self.context, self.upsert_items, self.spec),
                         *parameter_slots(info, self.known, self.spec),
                         *body_slots(self.reader, info, self.known)):
                slots.setdefault(slot.key, slot)
        return slots

    @cached_property
    def upsert_items(self) -> dict[tuple[str, ...], str]:
        """Item paths a PUT creates with a client-chosen identifier (`PUT /secrets/{secret_name}`
        answering 201 Created, or `createOrReplaceWidget`: its operationId or summary says it
        creates) when no POST creates that resource; a PUT that links an existing resource
        (`PUT /user/following/{username}`) or only updates one is not one."""
        created = {info.collection for info in self.ops.values() if info.role == "create"}
        found: dict[tuple[str, ...], str] = {}
        for key, info in sorted(self.ops.items()):
            upsert = info.role == "upsert" or (info.role == "update" and info.operation.method == "post")
            if not upsert or info.collection in created:
                continue
            operation = info.operation
            creates = any(r.status == "201" for r in operation.responses) or _says_create(operation)
            segments = path_segments(operation.path)
            trailing = segment_params(segments[-1])
            entity = identify(trailing[-1], preceding_resource(segments, len(segments) - 1), self.known)[0] if trailing else None
            if creates and entity == info.collection:
                found.setdefault(info.erased, key)
        return found

    def _index(self) -> ProducerIndex:
        """Inverted indexes: fields by name and context token, exposures by schema and token."""
        exposures_of, subject_exposures_of, subjects, exposure_contexts = self._index_exposures()
        contexts_of: dict[str, list[tuple[bool, frozenset[str]]]] = defaultdict(list)
        for context in exposure_contexts:
            for token in context[1]:
                contexts_of[token].append(context)
        leaves_by_name, contexts, root_leaves = self._index_leaves(exposures_of)
        tokens_by_start: dict[str, set[str]] = defaultdict(set)
        tokens_by_end: dict[str, set[str]] = defaultdict(set)
        tokens_by_compact: dict[str, set[str]] = defaultdict(set)
        for token in set().union(*contexts) | set(contexts_of):
            compact = token.replace(" ", "")
            tokens_by_start[compact[:3]].add(token)
            tokens_by_end[compact[-3:]].add(token)
            tokens_by_compact[compact].add(token)
        return ProducerIndex(exposures_of, subject_exposures_of, frozenset(subjects), exposure_contexts, contexts_of, {},
                             leaves_by_name,
                             {}, root_leaves, tokens_by_start, tokens_by_end, tokens_by_compact, self._list_values())

    def _index_exposures(self) -> tuple[dict, dict, set[int], dict]:
        exposures_of: dict[str, list[Exposure]] = defaultdict(list)
        subject_exposures_of: dict[str, list[Exposure]] = defaultdict(list)
        subjects: set[int] = set()
        by_context: dict[tuple[bool, frozenset[str]], list[int]] = defaultdict(list)
        known: dict[tuple, tuple[bool, frozenset[str]]] = {}  # what the two depend on -> (subject, tokens)
        of_op: dict[str, tuple[bool, str | None]] = {}
        for position, exposure in enumerate(self.exposures):
            op, _, facts, access, hops, parent = exposure
            exposures_of[facts].append(exposure)
            # `_at_root` and `_exposure_tokens` read the hop count and the holding property; within one
            # hop also the operation's collection and `_answers_parent`, and at one hop the access path
            # (Stripe: 11,362 exposures at 10,561 access paths, 1,588 keys; keyed by the path, 10,561)
            if hops > 1:
                place: tuple = (hops, parent)
            else:
                op_place = of_op.get(op)
                if op_place is None:
                    op_place = of_op[op] = (self._answers_parent(op), self.ops[op].collection)
                place = (hops, parent, op_place, access if hops else None)
            found = known.get(place)
            if found is None:
                found = known[place] = (self._at_root(exposure), self._exposure_tokens(exposure))
            if found[0]:
                subject_exposures_of[facts].append(exposure)
                subjects.add(id(exposure))
            if found[1]:
                by_context[found].append(position)
        return exposures_of, subject_exposures_of, subjects, by_context

    def _exposures_by_token(self, token: str, own_only: bool) -> dict[str, list[Exposure]]:
        """The exposures whose tokens (`_exposure_tokens`) hold TOKEN (the subjects among them when
        OWN_ONLY), by schema, in `exposures` order: grouped once per token a slot asks for, as
        slots ask for few (Stripe's 10x copy: 113,620 exposures, 1.4 tokens each)."""
        found = self.index.exposures_by_token.get((token, own_only))
        if found is None:
            found = self.index.exposures_by_token[(token, own_only)] = {}
            contexts = [c for c in self.index.contexts_of.get(token, ()) if c[0] or not own_only]
            for position in sorted(p for context in contexts for p in self.index.exposure_contexts[context]):
                exposure = self.exposures[position]
                found.setdefault(exposure.facts, []).append(exposure)
        return found

    def _index_leaves(self, exposures_of: dict[str, list[Exposure]]) -> tuple[dict, set[frozenset[str]], dict]:
        """Fields by name, and at each schema's root; and every field's context (`_leaf_tokens`)."""
        leaves_by_name: dict[str, list[tuple[SchemaFacts, Leaf]]] = defaultdict(list)
        contexts: set[frozenset[str]] = set()
        root_leaves: dict[str, dict[str, list[Leaf]]] = {}
        for pointer in sorted(exposures_of):
            facts = self.reader.cached(pointer)
            roots: dict[str, list[Leaf]] = defaultdict(list)
            own = entity_tokens(facts.name) if facts.name else frozenset()
            for leaf in facts.leaves:
                name = norm(leaf.name)
                leaves_by_name[name].append((facts, leaf))
                if _at_top(leaf):
                    roots[name].append(leaf)
                    contexts.add(own)
                else:
                    contexts.add(holder_tokens(leaf.parent or ""))
            root_leaves[pointer] = roots
        return leaves_by_name, contexts, root_leaves

    def _leaves_by_token(self, name: str) -> dict[str, list[tuple[SchemaFacts, Leaf]]]:
        """The fields named NAME by each token of their context (`_leaf_tokens`), in index order."""
        found = self.index.leaves_by_token.get(name)
        if found is None:
            found = self.index.leaves_by_token[name] = defaultdict(list)
            for entry in self.index.leaves_by_name.get(name, ()):
                for token in _leaf_tokens(*entry):
                    found[token].append(entry)
        return found

    def _list_values(self) -> dict[tuple[str, ...], list[Exposure]]:
        """GETs answering a bare array of primitives (the identifiers themselves), by erased path."""
        found: dict[tuple[str, ...], list[Exposure]] = defaultdict(list)
        for exposure in self.exposures:
            if exposure.hops:  # a response's root only (Stripe's 10x copy: 4,730 of 113,620 exposures)
                continue
            facts = self.reader.cached(exposure.facts)
            if facts.type == "array" and not facts.leaves and not facts.contains:
                found[self.ops[exposure.op].erased].append(exposure)
        return found

    def _exposure_tokens(self, exposure: Exposure) -> frozenset[str]:
        """Entity words an exposure adds to the fields at its root: the property holding it, or for
        the response's root (or the items of a `data` wrapper) the collection the operation lives
        in, unless the schema's name says it is the parent resource (`POST .../reviews/{id}/events`
        answers with a review, not an event)."""
        wrapped = exposure.hops == 1 and exposure.parent is not None and norm(exposure.parent) in _WRAPPING
        if exposure.parent and not wrapped:
            return holder_tokens(exposure.parent)
        info = self.ops[exposure.op]
        if exposure.hops > 1 or not info.collection or self._answers_parent(exposure.op):
            return frozenset()
        return frozenset({info.collection})

    def _answers_parent(self, op: str) -> bool:
        found = self._parent_answers.get(op)
        if found is None:
            info = self.ops[op]
            found = self._parent_answers[op] = answers_parent(info.operation, info.collection, info.parent)
        return found

    def _tokens_matching(self, entity: str, level: int) -> list[str]:
        """The index's entity tokens that name ENTITY at LEVEL (`entity_matches`), memoised: many
        slots' names, fields and types share one entity. Level 2 (the same words) is one lookup;
        level 1 (an abbreviation, a head or a compound) compares the tokens that start or end as
        the entity does, and only tier 3 asks for it (`_resolve` takes tier 3 in fewer slots)."""
        found = self._matching.get((entity, level))
        if found is None:
            compact = entity.replace(" ", "")
            if level == 2:
                near = self.index.tokens_by_compact.get(compact, set())
            else:
                near = self.index.tokens_by_start.get(compact[:3], set()) | self.index.tokens_by_end.get(compact[-3:], set())
            found = self._matching[(entity, level)] = [token for token in sorted(near) if entity_matches(entity, token) == level]
        return found

    # --- matching ---------------------------------------------------------------------------

    def _resolve_all(self) -> dict[str, Resolution]:
        cache: dict[tuple, Resolution] = {}
        links = self._links()
        resolutions = {}
        for key, slot in sorted(self.slots.items()):
            if key in links:
                resolutions[key] = self._resolution(slot, links[key])
                continue
            signature = _signature(slot)
            found = cache.get(signature)
            if found is None:
                found = cache[signature] = self._with_listers(slot, self._resolve(slot))
            resolutions[key] = _rebind(found, slot)
        return resolutions

    def _with_listers(self, slot: Slot, found: Resolution) -> Resolution:
        """The resolution with the GETs that list the slot's own collection (`GET /contacts` for
        `/contacts/{id}`) among its producers, however well a mention elsewhere ranked: a client
        can always pick the item from its list."""
        listers = [op for op in self._collection_listers(slot) if op not in found.producers and self._may_produce(slot, op)]
        if not listers or len(found.producers) >= ALTERNATIVES:
            return found
        producers = (*found.producers, *listers)[:ALTERNATIVES]
        return Resolution(found.slot, found.tier if found.tier is not None else 4, found.feeds, producers, found.fuzzy)

    def _resolve(self, slot: Slot) -> Resolution:
        """First the resource's own identifier (on responses whose subject the resource is); only
        when that finds nothing resolved, every candidate of tiers 0-3 (mentions such as
        `job.run_id` included) and, failing those, a bare create or list (tier 4) or a field of the
        slot's own name deeper in a response than the indexes reach (`subscription.plans[].planId`).
        The tiers that do not narrow to the resource's own identifier are found once for both.
        The first pass takes tier 3 and tier 1's mentions (`job.run_id` for `{run_id}`, most of its
        fields) only while the own candidates found name fewer producers than a slot keeps: a
        resolved candidate for the resource's own identifier from tiers 0-2 ranks before every
        candidate of tier 3 and every mention, so past that number none of those can be kept;
        what the second pass needs of them is generated then."""
        wanted = max(KEEP, ALTERNATIVES)
        found: dict[tuple[int, bool], list[Ranked]] = {}
        for own_only in (True, False):
            candidates: list[Ranked] = []
            for tier in range(5):
                if tier == 4 and (own_only or any(c.offer.confidence >= RESOLVED for c in candidates)):
                    continue
                if tier == 3 and own_only and _own_producers(candidates) >= wanted:
                    continue
                candidates += self._part(found, slot, tier, own_only)
            if own_only and _own_producers(candidates) < wanted:
                candidates += self._part(found, slot, 1, False)  # tier 1 with its mentions
            if not own_only and slot.needs_producer and not any(c.offer.confidence >= RESOLVED for c in candidates):
                candidates += [self._ranked(slot, c) for c in self._deep_candidates(slot) if self._allowed(slot, c)]
            if candidates and (not own_only or any(c.key.mention == 0 and c.offer.confidence >= RESOLVED for c in candidates)):
                return self._resolution(slot, candidates)
        if slot.fallback:  # `/attachment/content/{id}`: the attachment's id
            found = self._resolve(slot._replace(entity=slot.fallback, fallback=None))
            if found.tier is not None:
                return Resolution(slot, found.tier, found.feeds, found.producers)
        unqualified = _unqualified(slot, self.known)
        if unqualified is not None:  # `fromPayorId`, `next_transition_id`: a payor's, a transition's id
            found = self._resolve(unqualified)
            if found.tier is not None:
                return Resolution(slot, found.tier, found.feeds, found.producers)
        fuzzy = self._fuzzy(slot) if slot.needs_producer else ()
        return Resolution(slot, None, (), (), fuzzy)

    def _part(self, found: dict[tuple[int, bool], list[Ranked]], slot: Slot, tier: int, own_only: bool) -> list[Ranked]:
        """`_shortlisted`, kept in FOUND by tier and by whether it narrows to the own identifier."""
        part = (tier, own_only and tier in OWN_ONLY_TIERS)
        kept = found.get(part)
        if kept is None:
            kept = found[part] = self._shortlisted(slot, tier, own_only)
        return kept

    def _shortlisted(self, slot: Slot, tier: int, own_only: bool) -> list[Ranked]:
        """A tier's allowed candidates that can be among the slot's kept producers: the best of
        each of the first max(KEEP, ALTERNATIVES) producers in the slot's rank order, found by
        walking shortlists (`shortlist.py`) instead of ranking every candidate. Kept from each
        tier and merged, they rank as all the candidates would: a producer among the first N of
        the whole is among the first N of its own part. The anchored candidates, made for this
        slot alone and walked once, are ranked with `sorted()`: the order a walk gives, without
        indexing them first."""
        wanted = max(KEEP, ALTERNATIVES)
        kept: list[Ranked] = []
        if tier in COMMON_FINDERS:  # a candidate's `Ranked` is made only once it is kept
            walk = self._common_shortlist(slot, tier, own_only).ranked(slot.anchor)
            firsts = best_per_producer(walk, wanted, _entry_producer, self._entry_allowed(slot))
            kept += [_new(Ranked, (_new(RankKey, head + (-shared,) + rest), candidate))
                     for head, shared, rest, candidate in firsts]
        if tier in ANCHORED_FINDERS:
            anchored = getattr(self, ANCHORED_FINDERS[tier])(slot, own_only)
            ranked = sorted(self._ranked(slot, c) for c in anchored if self._allowed(slot, c))
            kept += best_per_producer(iter(ranked), wanted, _producer)
        return kept

    def _common_shortlist(self, slot: Slot, tier: int, own_only: bool) -> Shortlist:
        """A tier's candidates that every slot with the same name, entity and type shares,
        generated and indexed once (on Autotask's spec, 2,958 operations take the same header
        parameter; on a spec copied 20 times, each slot's name recurs in every copy). A body or
        query slot's collection changes only their affinity: the list is generated once for all
        collections, and indexed once for all the collections that give every candidate the same
        affinity (none, mostly)."""
        key = (tier, own_only and tier in OWN_ONLY_TIERS, self._common_key(slot))
        generated = self._generated.get(key)
        if generated is None:
            generated = self._generated[key] = ([], [], {}, {})
            getattr(self, COMMON_FINDERS[tier])(slot, own_only, generated[0], generated[1])
        candidates, tokens, shortlists, by_collection = generated
        where = None if slot.location == "path" else self.ops[slot.op].collection
        shortlist = by_collection.get(where)
        if shortlist is None:
            affinities = self._affinities(tokens, where)
            shortlist = shortlists.get(affinities)
            if shortlist is None:
                if affinities:
                    candidates = [c._replace(affinity=a) if a else c for c, a in zip(candidates, affinities)]
                shortlist = shortlists[affinities] = self._shortlist(candidates)
            by_collection[where] = shortlist
        return shortlist

    def _affinities(self, tokens: list[frozenset[str]], collection: str | None) -> tuple[int, ...]:
        """Each candidate's affinity to a consumer's collection (`_affinity`, memoised per leaf
        context and collection); () when every one is 0."""
        if not collection or not any(self._affinity(context, collection) for context in set(tokens)):
            return ()
        return tuple(self._affinity(context, collection) for context in tokens)

    def _affinity(self, context: frozenset[str], collection: str) -> int:
        key = (context, collection)
        found = self._affinity_memo.get(key)
        if found is None:
            found = self._affinity_memo[key] = _affinity(context, collection)
        return found

    def _shortlist(self, candidates: list[Candidate]) -> Shortlist:
        """The common candidates indexed, keeping the best of each producer (`_firsts`: Stripe's
        10x copy, 101,668 candidates, 45,828 kept)."""
        return Shortlist(_firsts(candidates), self._rank_parts)

    def _common_key(self, slot: Slot) -> tuple:
        """All the common candidates depend on (not a path slot's anchor, nor a body or query
        slot's collection: `_common_shortlist` adds its affinity)."""
        return (slot.location == "path", slot.name, slot.entity, slot.field, slot.type, slot.format, slot.self_supplied)

    def _tier0(self, slot: Slot, own_only: bool) -> Iterator[Candidate]:
        """A create whose response carries a `Location` header names the new item's path."""
        for op in self._collection_creators(slot):
            for response in self.ops[op].operation.responses:
                header = next((h for h in response.headers if h.name.lower() == "location"), None)
                if response.status.startswith("2") and header is not None:
                    yield self._candidate(op, response.status, "header Location", header.pointer, 0, 1.0,
                                          "Location header of the create", own=True)

    # The common finders append each candidate to CANDIDATES and its leaf's context (`_leaf_tokens`)
    # to CONTEXTS, from which `_common_shortlist` sets a body or query slot's affinity: lists, not
    # generators, as each of Stripe's 10,048 common candidates passed through three generators.

    def _tier1(self, slot: Slot, own_only: bool, candidates: list[Candidate], contexts: list[frozenset[str]]) -> None:
        """A field of the slot's own name, or the list of them (`participant_ids` for
        `{participant_id}`); a bare `{id}` needs its entity, so it starts at tier 2. OWN_ONLY: only
        the resource's own identifier (`tag.tag` for `{tag}` where a response's subject is a tag),
        without the mentions of it elsewhere."""
        name = norm(slot.name.split("/")[-1])
        if name in BARE_IDS:
            return
        exposures_of = self.index.subject_exposures_of if own_only else self.index.exposures_of
        for key in (name, *_plural_ids(name)):
            for facts, leaf in self.index.leaves_by_name.get(key, ()):
                if not own_only or _subject_field(slot, facts, leaf, 1):
                    self._leaf_candidates(slot, facts, leaf, 1, exposures_of.get(facts.pointer, ()), candidates, contexts)

    def _tier2(self, slot: Slot, own_only: bool, candidates: list[Candidate], contexts: list[frozenset[str]]) -> None:
        if slot.entity is None:
            return
        self._entity_candidates(slot, self._fields(slot), 2, 2, own_only, candidates, contexts)

    def _tier2_anchored(self, slot: Slot, own_only: bool) -> Iterator[Candidate]:
        """Tier 2's candidates at the slot's own paths: the creating PUT, the list of identifiers."""
        if slot.entity is None:
            return
        for op in self._upserts_for(slot):
            yield self._candidate(op, "request", f"request {{{slot.name}}}", self.ops[op].operation.pointer, 2,
                                  0.8, "the client chooses it when creating with PUT", own=True)
        if slot.location == "path":
            for exposure in self.index.list_values.get(slot.anchor[:-1], ()):
                if self.ops[exposure.op].collection == slot.entity:
                    yield self._candidate(exposure.op, exposure.status, "/*", exposure.facts, 2, 0.8,
                                          "the list returns the identifiers themselves", own=True)

    def _tier3(self, slot: Slot, own_only: bool, candidates: list[Candidate], contexts: list[frozenset[str]]) -> None:
        if slot.entity is None:
            self._resource_names(slot, candidates, contexts)
            return
        synonyms = tuple(s for f in self._fields(slot) for s in SYNONYMS.get(f, ()))
        self._entity_candidates(slot, synonyms, 2, 3, own_only, candidates, contexts)
        self._entity_candidates(slot, self._fields(slot) + synonyms, 1, 3, own_only, candidates, contexts)

    def _resource_names(self, slot: Slot, candidates: list[Candidate], contexts: list[frozenset[str]]) -> None:
        """An AIP-122 resource name: a path `{name}` that no segment ties to one resource
        (`/v1/{name}`) is the `name` of whichever resource a response's subject is."""
        if slot.location != "path" or slot.field != "name":
            return
        for exposure in self.exposures:
            if id(exposure) in self.index.subjects:
                for leaf in self.index.root_leaves.get(exposure.facts, {}).get("name", ()):
                    self._leaf_candidates(slot, self.reader.cached(exposure.facts), leaf, 3, (exposure,), candidates,
                                          contexts, "a resource name")

    def _tier4(self, slot: Slot, own_only: bool) -> Iterator[Candidate]:
        """A create, or a GET that lists the collection the slot's item belongs to: the identifier
        comes from there, though no field of the response is named for it (`{namespace}` from
        `GET /namespaces`, whose items carry `metadata.name`)."""
        for op in self._collection_creators(slot):  # below RESOLVED: making a thing is not handing out its id
            yield self._candidate(op, "", "", self.ops[op].operation.pointer, 4, BARE_CREATE,
                                  "creates it, but its response shows no identifier", own=True)
        for op in self._collection_listers(slot):
            yield self._candidate(op, "", "", self.ops[op].operation.pointer, 4, 0.5,
                                  "lists the collection, though no field is named for the identifier", own=True)
        for op in self._entity_makers(slot):
            yield self._candidate(op, "", "", self.ops[op].operation.pointer, 4, 0.5,
                                  "lists the resource elsewhere, though no field is named for the identifier", own=True)

    def _entity_makers(self, slot: Slot) -> list[str]:
        """The lists of the slot's resource at any path (`GET /me/presets` for
        `/videos/{video_id}/presets/{preset_id}`), by its name or its head noun (`payor` for
        `fromPayorId`), or for a path's item, by the collection before it (`{ondemand_id}` of
        `/ondemand/pages/{ondemand_id}` is a page)."""
        nearby = set(self._collection_creators(slot)) | set(self._collection_listers(slot))
        return sorted({op for name in _resource_names(slot) for op in self.makers_of.get(name, ())} - nearby)

    def _made(self, slot: Slot) -> bool:
        """Whether the API makes the slot's resource: a create of its collection, or a POST whose
        last static segment names it (`POST /startscan` makes scans); memoised per name."""
        names = _resource_names(slot)
        if not names or any(self.creators_of.get(name) for name in names):
            return True
        head = norm(slot.entity.split()[-1]) if slot.entity else ""
        found = self._posts_name.get(head)
        if found is None:
            found = self._posts_name[head] = len(head) >= 3 and head in self._posted
        return found

    def _collection_creators(self, slot: Slot) -> list[str]:
        if slot.location != "path" or not slot.anchor or "{}" not in slot.anchor[-1]:
            return []
        return self.creators_at.get(slot.anchor[:-1], [])

    def _collection_listers(self, slot: Slot) -> list[str]:
        if slot.location != "path" or not slot.anchor or "{}" not in slot.anchor[-1]:
            return []
        return self.listers_at.get(slot.anchor[:-1], [])

    def _fields(self, slot: Slot) -> tuple[str, ...]:
        return (slot.field,) if slot.field else IDENTITY_FIELDS

    def _upserts_for(self, slot: Slot) -> Iterator[str]:
        """The creating PUT at the slot's item path (`_allowed` drops the slot's own operation)."""
        if slot.location == "path" and not slot.self_supplied:
            op = self.upsert_items.get(slot.anchor)
            if op is not None:
                yield op

    def _entity_candidates(self, slot: Slot, fields: Iterable[str], level: int, tier: int, own_only: bool,
                           candidates: list[Candidate], contexts: list[frozenset[str]]) -> None:
        """Fields named `field` (or `<entity><field>`) whose context names the slot's entity at
        `level` (2 exactly, 1 by abbreviation or compound): in the schema or property holding them,
        or in the exposure (the property holding the schema, the operation's collection)."""
        entity = slot.entity or ""
        named = {entity.replace(" ", "") + norm(f) for f in fields}
        plurals = {p for n in named for p in _plural_ids(n)} if slot.field else set()  # `participant_ids` for `{id}`
        names = sorted({norm(f) for f in fields} | named | plurals)
        tokens = self._tokens_matching(entity, level)
        named_by_token = [self._leaves_by_token(name) for name in names]
        for token in tokens:
            for by_name in named_by_token:
                for facts, leaf in by_name.get(token, ()):
                    exposures = (self.index.subject_exposures_of if own_only else self.index.exposures_of).get(facts.pointer, ())
                    self._leaf_candidates(slot, facts, leaf, tier, exposures, candidates, contexts)
        for token in tokens:  # each schema's root fields once, with all the exposures the token names it by
            for pointer, exposures in self._exposures_by_token(token, own_only).items():
                roots = self.index.root_leaves.get(pointer, {})
                for name in names:
                    for leaf in roots.get(name, ()):
                        self._leaf_candidates(slot, self.reader.cached(pointer), leaf, tier, exposures, candidates, contexts)

    def _leaf_candidates(self, slot: Slot, facts: SchemaFacts, leaf: Leaf, tier: int, exposures: Iterable[Exposure],
                         candidates: list[Candidate], contexts: list[frozenset[str]], reason: str | None = None) -> None:
        """The leaf's candidates (affinity 0), each with the leaf's context."""
        match = self._typed_leaf(slot, facts, leaf)
        if match is None:
            return
        access, pointer, penalty = match
        depth = property_hops(access)
        confidence = round(TIER_CONFIDENCE[tier] - penalty, 2)
        evidence = f"{reason or TIER_NAMES[tier]}: '{leaf.name}' in {_owner(facts, leaf)}"
        rank = _field_rank(leaf.name)
        subject = _subject_field(slot, facts, leaf, tier)
        context = _leaf_tokens(facts, leaf)
        subjects = self.index.subjects
        tail = "/" + "/".join(access)  # the access text is "/" + "/".join(held + access): ACCESS is never empty
        limit = MAX_LEAF_DEPTH - depth
        add, note = candidates.append, contexts.append
        for exposure in exposures:
            op, status, _, held, hops, _ = exposure
            if hops > limit:
                continue
            add(_new(Candidate, (op, status, "/" + "/".join(held) + tail if held else tail, pointer, tier, confidence,
                                 evidence, subject and id(exposure) in subjects, rank, hops + depth, 0)))
            note(context)

    def _deep_candidates(self, slot: Slot) -> Iterator[Candidate]:
        """Fields of the slot's own (compound) name anywhere within DEEP_HOPS property hops of a
        success response's root, through named and inline schemas alike (`created.plans[].planId`):
        read only for identifiers the indexes leave unresolved."""
        name = norm(slot.name.split("/")[-1])
        if name in BARE_IDS or len(words(slot.name.split("/")[-1])) < 2:
            return
        for key in (name, *_plural_ids(name)):
            for op, status, access, facts, leaf in self.deep_leaves.get(key, ()):
                penalty = None if leaf.type == "object" else type_penalty(slot.type, slot.format, leaf.type, leaf.format)
                if penalty is not None:
                    yield self._candidate(op, status, "/" + "/".join(access), leaf.pointer, 1,
                                          round(TIER_CONFIDENCE[1] - penalty, 2),
                                          f"same name, nested: '{leaf.name}' in {_owner(facts, leaf)}", depth=property_hops(access))

    @cached_property
    def deep_leaves(self) -> dict[str, list[tuple[str, str, tuple[str, ...], SchemaFacts, Leaf]]]:
        """Every field within DEEP_HOPS property hops of a success response's root, by name, with
        the first operation (in key order, nearest first) whose response holds it; each schema is
        read once."""
        found: dict[str, list[tuple[str, str, tuple[str, ...], SchemaFacts, Leaf]]] = defaultdict(list)
        queue = deque((e.op, e.status, e.facts, (), 0) for e in self.exposures if e.hops == 0)
        seen: set[str] = set()
        while queue:
            op, status, pointer, access, hops = queue.popleft()
            if pointer in seen:
                continue
            seen.add(pointer)
            facts = self.reader.deep(pointer)
            for leaf in facts.leaves:
                if hops + property_hops(leaf.access) <= DEEP_HOPS:
                    found[norm(leaf.name)].append((op, status, access + leaf.access, facts, leaf))
            for held in facts.contains:
                if hops + held.hops < DEEP_HOPS and held.target not in seen:
                    queue.append((op, status, held.target, access + held.access, hops + held.hops))
        return found

    def _typed_leaf(self, slot: Slot, facts: SchemaFacts, leaf: Leaf) -> tuple[tuple[str, ...], str, float] | None:
        """The leaf's access path, pointer and type penalty, or None when its type cannot fill the
        slot; an object (GitHub's `owner`) stands for its identity field (`login`, `id`)."""
        if leaf.enum and slot.location == "path":
            return None
        if leaf.type == "object":
            return self._identity_of(slot, facts, leaf)
        penalty = type_penalty(slot.type, slot.format, leaf.type, leaf.format)
        return None if penalty is None else (leaf.access, leaf.pointer, penalty)

    def _identity_of(self, slot: Slot, facts: SchemaFacts, leaf: Leaf) -> tuple[tuple[str, ...], str, float] | None:
        if leaf.target is not None:
            children = self.reader.named(leaf.target).root_leaves()
        else:
            children = tuple(c for c in facts.leaves if c.access[:-1] == leaf.access)
        for wanted in IDENTITY_FIELDS:
            for child in children:
                if child.name == wanted and type_penalty(slot.type, slot.format, child.type, child.format) == 0:
                    return leaf.access + (child.name,), child.pointer, 0.0
        return None

    def _at_root(self, exposure: Exposure) -> bool:
        """Whether an exposed schema is the response's subject: its root, or the items of a wrapper
        (`data`, `workflow_runs`) right below it."""
        if self._answers_parent(exposure.op):
            return False
        if exposure.hops == 0:
            return True
        if exposure.hops > 1 or not exposure.parent or property_hops(exposure.access) > 1:
            return False
        if norm(exposure.parent) in WRAPPERS or (norm(exposure.parent) in IDENTITY_HOLDERS and "*" not in exposure.access):
            return True
        collection = self.ops[exposure.op].collection or ""
        return "*" in exposure.access and entity_matches(singular_phrase(exposure.parent), collection) > 0

    def _candidate(self, op: str, status: str, access: str, pointer: str, tier: int, confidence: float,
                   evidence: str, own: bool = False, field_rank: int = 0, depth: int = 0, affinity: int = 0) -> Candidate:
        """A generated candidate; `_ranked` makes its rank key for a slot."""
        return _new(Candidate, (op, status, access, pointer, tier, confidence, evidence, own, field_rank, depth, affinity))

    def _ranked(self, slot: Slot, candidate: Candidate) -> Ranked:
        """(rank key, feed fields): the resource's own identifier before mentions of it elsewhere;
        then the better tier; for a body or query field, the producer whose resource the
        consumer's collection names (`policy_id` of `/legal_hold_policy_assignments`: a legal hold
        policy); the producer nearest the slot's path; the call that creates it before those that
        list or read it; the higher confidence, stronger role, preferred field."""
        head, rest, path = self._rank_parts(candidate)
        key = _new(RankKey, head + (-_common_prefix(path, slot.anchor),) + rest)
        return _new(Ranked, (key, candidate))

    def _rank_parts(self, candidate: Candidate) -> tuple[tuple, tuple, tuple[str, ...]]:
        """A candidate's `RankKey` without `shared`, the one field that depends on the slot: the
        fields before it and the fields after it; and the producer's erased path, from which a
        slot's anchor gives `shared` (what a `Shortlist` indexes)."""
        op, _, access, _, tier, confidence, _, own, field_rank, depth, affinity = candidate
        creates, role_rank, label, erased = self._statics[op]
        creator = 0 if creates or not own else 1
        rank_tier = 2 if own and tier == 1 else tier  # `tag.tag` for `{tag}` ranks with the entity's fields
        return ((confidence < RESOLVED, 0 if own else 1, rank_tier, -affinity),
                (creator, -confidence, role_rank, field_rank, depth, label, access), erased)

    def _allowed(self, slot: Slot, candidate: Candidate) -> bool:
        op, status = candidate.op, candidate.status
        if status == "request":  # a creating PUT's own parameter: the client chose it
            return op != slot.op
        return self._may_produce(slot, op)

    def _may_produce(self, slot: Slot, op: str) -> bool:
        """RESTler's producer rules: never the consumer itself; never an operation that needs the
        identifier already (under the item the slot names, or with a parameter of its name); on the
        same path, only an earlier method (POST < PUT < PATCH < GET < DELETE). Memoised per slot
        (`_producible_for`)."""
        producible = self._producible_for(slot)
        found = producible.get(op)
        if found is None:
            found = producible[op] = self._producer_rules(slot, op)
        return found

    def _producible_for(self, slot: Slot) -> dict[str, bool]:
        """The memo of `_producer_rules` for one slot: producer -> verdict."""
        producible = self._producible.get(slot.key)
        if producible is None:
            producible = self._producible[slot.key] = {}
        return producible

    def _entry_allowed(self, slot: Slot) -> Callable[[tuple[tuple, int, tuple, Candidate]], bool]:
        """`_allowed` of the candidate in an entry of `Shortlist.ranked`, for one slot: its memo
        found once, not per entry (the 10x Stripe copy: 31,492 asks). No common candidate is a
        creating PUT's own parameter."""
        producible, rules = self._producible_for(slot), self._producer_rules

        def allowed(entry: tuple[tuple, int, tuple, Candidate]) -> bool:
            op = entry[3].op
            found = producible.get(op)
            if found is None:
                found = producible[op] = rules(slot, op)
            return found
        return allowed

    def _needs_same(self, op: str, slot: Slot) -> bool:
        """Whether `op` has a path parameter of the slot's name for the same resource (a bare `{id}`
        of containers is not an exec's `{id}`)."""
        if slot.name not in self.ops[op].params:
            return False
        theirs = self._path_entities.get((op, slot.name))
        return theirs is None or slot.entity is None or theirs == slot.entity

    @staticmethod
    def _extends(info: OpInfo, slot: Slot) -> bool:
        """Whether the producer lives under the item the slot names (a child cannot produce its
        parent's identifier). For a `{name}` of no resource (`/v1/{name}`), `/v1/{parent}/shelves`
        is not under it: another parameter stands at that place."""
        if info.erased[: len(slot.anchor)] != slot.anchor:
            return False
        if slot.entity is not None:
            return True
        segments = path_segments(info.operation.path)
        return slot.name in segment_params(segments[len(slot.anchor) - 1]) if len(segments) >= len(slot.anchor) else True

    def _producer_rules(self, slot: Slot, op: str) -> bool:
        if op == slot.op:
            return False
        info, consumer = self.ops[op], self.ops[slot.op]
        if slot.location == "path" and (self._extends(info, slot) or self._needs_same(op, slot)):
            return False
        if consumer.role == "create" and slot.location == "body" and _below(info.erased, consumer.erased):
            return False  # a create's body needs nothing from the items it creates (`rma.entity_id` is its own)
        if info.erased == consumer.erased:
            return METHOD_ORDER.get(info.operation.method, 9) < METHOD_ORDER.get(consumer.operation.method, 9)
        return True

    def _resolution(self, slot: Slot, candidates: list[Ranked]) -> Resolution:
        best: dict[str, Ranked] = {}
        for candidate in sorted(candidates):
            best.setdefault(candidate.offer.op, candidate)
        ranked = sorted(best.values())
        producers = tuple(c.offer.op for c in ranked if c.offer.confidence >= RESOLVED)[:ALTERNATIVES]
        ambiguous = len(ranked) > 1 and _tie(ranked[0], ranked[1])
        feeds = tuple(_feed(c.offer, rank + 1, ambiguous and rank < 2) for rank, c in enumerate(ranked[:KEEP]))
        return Resolution(slot, feeds[0].tier, feeds, producers)

    def _links(self) -> dict[str, list[Ranked]]:
        """OpenAPI links: a response naming the operation (and parameter) its values feed."""
        found: dict[str, list[Ranked]] = defaultdict(list)
        by_op_and_name = {(s.op, s.name): s for s in self.slots.values() if s.location != "body"}
        for key, info in sorted(self.ops.items()):
            for response in info.operation.responses:
                links = response.raw.get("links")
                if not isinstance(links, dict):
                    continue
                for name, link in sorted(links.items()):
                    link, where = self.spec.resolve(link, jp.child(response.pointer, "links", name))
                    for parameter, expression in self._link_parameters(link):
                        slot = by_op_and_name.get((self._link_target(link), parameter))
                        if slot is not None:
                            access = str(expression).split("#", 1)[-1]
                            found[slot.key].append(self._ranked(slot, self._candidate(key, response.status, access,
                                                                                      where, 0, 1.0, f"link '{name}'", own=True)))
        return found

    @staticmethod
    def _link_parameters(link: Any) -> list[tuple[str, Any]]:
        if not isinstance(link, dict) or not isinstance(link.get("parameters"), dict):
            return []
        return [(name.split(".")[-1], value) for name, value in sorted(link["parameters"].items())]

    def _link_target(self, link: dict[str, Any]) -> str | None:
        if isinstance(link.get("operationId"), str):
            return self.by_id.get(link["operationId"])
        reference = link.get("operationRef")
        if not isinstance(reference, str) or "#/paths/" not in reference:
            return None
        tokens = jp.split(reference.split("#", 1)[1])
        return f"op:{tokens[2].upper()} {tokens[1]}" if len(tokens) == 3 else None

    def _fuzzy(self, slot: Slot) -> tuple[str, ...]:
        """The nearest fields by shared words, for an unresolved identifier's evidence."""
        wanted = set(words(slot.name.split("/")[-1])) | set((slot.entity or "").split())
        wanted -= {"id", "ids", ""}
        if not wanted:
            return ()
        scored = []
        for name, entries in self.index.leaves_by_name.items():
            facts, leaf = entries[0]
            have = set(words(leaf.name))
            for token in _leaf_tokens(facts, leaf):
                have |= set(token.split())
            shared = len(wanted & have)
            if shared / len(wanted) >= 0.5 and name != norm(slot.name):
                scored.append((-shared / len(wanted | have), name, f"'{leaf.name}' in {_owner(facts, leaf)}"))
        return tuple(text for _, _, text in sorted(scored)[:3])

    # --- identifiers the client has ----------------------------------------------------------

    def _supply_outside(self) -> None:
        """Mark as the client's own (`self_supplied`) each required identifier the client knows
        from outside the API (see `outside`), whether or not a response also hands it out: neither
        orphan-identifier nor reachability counts it (a player's `{username}` is the caller's
        input even where a stats response repeats it). Its producers stay, as the graph's edges.
        So is an identifier nothing hands out of a resource the API never makes (no create, no POST
        names it: an ontology term, a public user, a country's stops): a public key or another
        system's, known to the client; and one the API's notifications deliver. What the API makes
        and never hands out stays an orphan."""
        for key, resolution in sorted(self.resolutions.items()):
            slot = resolution.slot
            if not (slot.required and slot.id_like) or slot.self_supplied:
                continue
            if not self.outside(slot) and (resolution.resolved or (self._made(slot) and not self._notified(slot))):
                continue
            supplied = slot._replace(self_supplied=True)
            self.slots[key] = supplied
            self.resolutions[key] = Resolution(supplied, resolution.tier, resolution.feeds, resolution.producers,
                                               resolution.fuzzy)

    def outside(self, slot: Slot) -> bool:
        """Whether the client knows the identifier without asking the API, by its name, by what
        its description says, or by the resource it identifies."""
        return self._known_by_name(slot) or self._known_by_text(slot) or self._known_by_resource(slot)

    @staticmethod
    def _known_by_name(slot: Slot) -> bool:
        """A header (the caller's account, tenant or application, configured once); the caller's
        own credential or application id (`client_id`, `appID`); a value of a kind clients choose
        or look up elsewhere (`{locale_code}`, `{username}`, `{address}`, `{format}`, `{name}`:
        `KNOWN_VALUE_WORDS`)."""
        parts = words(slot.name.split("/")[-1])
        if slot.location == "header" or not parts:
            return True
        return "".join(parts) in OWN_CREDENTIALS or parts[-1] in KNOWN_VALUE_WORDS

    def _known_by_text(self, slot: Slot) -> bool:
        """A description that ties the value to a standard or to the caller ("ISO country code",
        "Your API app id") or lists its values ("can be xb1, ps4 or pc"); an email address as the
        example. Memoised per pointer: a shared parameter (GitHub's `{owner}`) says it for every
        operation taking it."""
        found = self._texts.get(slot.pointer)
        if found is None:
            description, example = self._description(slot)
            said = set(words(description))
            found = "@" in example or bool(said & STANDARD_WORDS) or "your" in said or bool(_LISTS_VALUES.search(description))
            self._texts[slot.pointer] = found
        return found

    def _known_by_resource(self, slot: Slot) -> bool:
        """A path value its operation converts or validates (`/vat_numbers/{tax_number}/validate`);
        a create's body field naming the resource it creates (`CallUUID` in `CallNotificationParameters`); a
        resource whose identifiers the client chooses when it creates one (with a PUT or POST to
        the item's path); a resource this API has no path for (`deviceId` without `/devices`)."""
        if slot.location == "path" and _checks_input(self.ops[slot.op]):
            return True
        if slot.location == "body" and self._own_field(slot):
            return True
        if slot.entity is None:
            return False
        return slot.entity in self.chosen_entities or not self._names_resource(slot.entity)

    def _own_field(self, slot: Slot) -> bool:
        """Whether a create's body field names the resource it creates (`smsBiurasUid` sent to
        `POST /transport-sms-biuras`): the new resource's own value, set by the client."""
        info = self.ops[slot.op]
        return info.role == "create" and slot.entity is not None and info.collection is not None \
            and entity_matches(slot.entity, info.collection) > 0

    def _notified(self, slot: Slot) -> bool:
        """Whether the API's notifications deliver the identifier (`CallUUID` in
        `CallNotificationParameters`): asked only of identifiers no response hands out."""
        return norm(slot.name.split("/")[-1]) in self.notified

    @cached_property
    def notified(self) -> frozenset[str]:
        """The top-level fields of the schemas the API sends to the client unasked (their names say
        notification, callback or webhook)."""
        found: set[str] = set()
        for name, schema in sorted(self.spec.schemas.items()):
            if NOTICE_WORDS & set(words(name)):
                found.update(norm(leaf.name) for leaf in self.reader.top(schema.pointer).leaves)
        return frozenset(found)

    @cached_property
    def chosen_entities(self) -> frozenset[str]:
        """The resources created at their item's path, with an identifier the client chose."""
        return frozenset(self.ops[op].collection or "" for op in self.upsert_items.values()) - {""}

    def _names_resource(self, entity: str) -> bool:
        """Whether a resource segment of the API's paths names the entity (or it abbreviates one);
        memoised per entity, so each entity is compared with the segments once."""
        found = self._names_resource_memo.get(entity)
        if found is None:
            head = entity.split()[-1]
            found = entity in self.known or head in self.known or any(entity_matches(entity, k) for k in self.known)
            self._names_resource_memo[entity] = found
        return found

    def _description(self, slot: Slot) -> tuple[str, str]:
        """The description and example of a slot's parameter (or body field) and of its schema."""
        try:
            raw = jp.get(self.spec.document, jp.split(slot.pointer))
        except (KeyError, IndexError, ValueError):
            return "", ""
        if not isinstance(raw, dict):
            return "", ""
        schema = raw.get("schema") if isinstance(raw.get("schema"), dict) else {}
        texts = (raw.get("description"), schema.get("description"))
        examples = (raw.get("example"), schema.get("example"))
        return " ".join(t for t in texts if isinstance(t, str)), " ".join(e for e in examples if isinstance(e, str))

    # --- reachability -----------------------------------------------------------------------

    def needs(self, op: str) -> list[Slot]:
        """The slots an operation cannot be called without."""
        return sorted((s for s in self.slots_of.get(op, ()) if s.needs_producer), key=lambda s: s.key)

    def _reachability(self) -> None:
        """Knuth's generalisation of Dijkstra to AND/OR graphs: an operation costs 1 plus, for each
        slot it needs, its cheapest ready producer's cost; operations settle cheapest first, so the
        ready ones are exactly those settled. Each slot then takes, among its producers settled
        before the operation, the best-ranked of the cheapest: the plan `--why` shows."""
        order, settled_cost, needed = self._settle()
        position = {op: index for index, op in enumerate(order)}
        self.ready_set = frozenset(order)
        for op in order:
            picks = {}
            for slot in needed[op]:
                earlier = [p for p in self.resolutions[slot.key].producers if position.get(p, len(order)) < position[op]]
                cheapest = min(settled_cost[p] for p in earlier)
                picks[slot.key] = next(p for p in earlier if settled_cost[p] == cheapest)
            self.choice[op] = picks
            self.cost[op] = settled_cost[op]

    def _settle(self) -> tuple[list[str], dict[str, int], dict[str, list[Slot]]]:
        """Ready operations in the order the AND/OR fixpoint settles them (cheapest first), their
        costs, and what each operation needs (`needs`, found once for both)."""
        waiting: dict[str, int] = {}
        filled: dict[str, dict[str, int]] = defaultdict(dict)
        feeds_into: dict[str, list[Slot]] = defaultdict(list)
        heap: list[tuple[int, str]] = []
        needs: dict[str, list[Slot]] = {}
        for op in sorted(self.ops):
            needed = needs[op] = self.needs(op)
            waiting[op] = len(needed)
            for slot in needed:
                for producer in self.resolutions[slot.key].producers:
                    feeds_into[producer].append(slot)
            if not needed:
                heap.append((1, op))
        heapq.heapify(heap)
        order: list[str] = []
        settled: dict[str, int] = {}
        while heap:
            cost, op = heapq.heappop(heap)
            if op in settled:
                continue
            settled[op] = cost
            order.append(op)
            for slot in feeds_into.get(op, ()):
                consumer = slot.op
                if consumer in settled or slot.key in filled[consumer]:
                    continue
                filled[consumer][slot.key] = cost
                waiting[consumer] -= 1
                if waiting[consumer] == 0:
                    heapq.heappush(heap, (1 + sum(filled[consumer].values()), consumer))
        return order, settled, needs

    @property
    def ready(self) -> frozenset[str]:
        return self.ready_set

    def plan(self, op: str) -> list[str]:
        """The calls that make `op` reachable, prerequisites first and `op` last ([] when unreachable)."""
        if op not in self.cost:
            return []
        order: list[str] = []
        self._plan_into(op, order)
        return order

    def _plan_into(self, op: str, order: list[str]) -> None:
        if op in order:
            return
        for slot in sorted(self.choice.get(op, {})):
            self._plan_into(self.choice[op][slot], order)
        order.append(op)

    def blocker(self, op: str) -> tuple[Slot, tuple[str, ...]] | None:
        """Why `op` is unreachable: its first needed slot without a ready producer, and that slot's
        producers (empty when no operation hands it out)."""
        if op in self.cost:
            return None
        for slot in self.needs(op):
            producers = self.resolutions[slot.key].producers
            if not any(p in self.cost for p in producers):
                return slot, producers
        return None

    def root_cause(self, op: str) -> tuple[Slot, list[str]] | None:
        """The unresolved slot at the end of `op`'s blocking chain, and the chain of operations
        that leads there (`op` first); None when `op` is ready or blocked only by a cycle."""
        chain: list[str] = []
        current: str | None = op
        while current is not None and current not in chain:
            chain.append(current)
            found = self.blocker(current)
            if found is None:
                return None
            slot, producers = found
            if not producers:
                return slot, chain
            current = producers[0]
        return None


# --- helpers ----------------------------------------------------------------------------------

def _context_names(ops: dict[str, OpInfo]) -> frozenset[str]:
    """Path parameters that frame the API (`{owner}`, `{org}`, `{tenant}`): in a large share of the
    operations, or the first parameter of many, and with several distinct sub-paths below them."""
    total = max(1, len(ops))
    ops_with: dict[str, int] = defaultdict(int)
    first_of: dict[str, int] = defaultdict(int)
    below: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for info in ops.values():
        segments = path_segments(info.operation.path)
        position = 0
        for index, segment in enumerate(segments):
            for name in segment_params(segment):
                ops_with[name] += 1
                first_of[name] += position == 0
                position += 1
                below[name].add(info.erased[index + 1:])
    return frozenset(
        name for name, count in ops_with.items()
        if norm(name) not in BARE_IDS  # a bare `{id}` names many resources, not one context
        and len(below[name]) >= CONTEXT_MIN_SUBPATHS and count >= CONTEXT_MIN_OPERATIONS
        and (count / total >= CONTEXT_SHARE or first_of[name] / total >= CONTEXT_FIRST_SHARE)
    )


def type_penalty(consumer: str | None, consumer_format: str | None, producer: str | None,
                 producer_format: str | None) -> float | None:
    """0 when the types fit, TYPE_PENALTY for integer <-> string, None when they cannot."""
    if producer in ("object", "array", "boolean") or consumer in ("object", "boolean"):
        return None
    if consumer is None or producer is None or consumer == "array":
        return 0.0
    numeric = ("integer", "number")
    if consumer in numeric and producer in numeric:
        return 0.0
    if consumer == producer == "string":
        return None if consumer_format and producer_format and consumer_format != producer_format else 0.0
    if {consumer, producer} <= {"string", "integer", "number"}:
        return TYPE_PENALTY
    return None


def _subject_field(slot: Slot, facts: SchemaFacts, leaf: Leaf, tier: int) -> bool:
    """Whether a field found at TIER identifies its schema's own resource: on an exposure that is
    its response's subject, it is the resource's own identifier (`Candidate.own`), not a mention."""
    return (tier in (2, 3) or (tier == 1 and _names_entity(slot, facts, leaf))) and _at_top(leaf)


def _own_producers(candidates: list[Ranked]) -> int:
    """How many producers resolved candidates for the resource's own identifier name."""
    return len({c.offer.op for c in candidates if c.key.mention == 0 and c.offer.confidence >= RESOLVED})


def _names_entity(slot: Slot, facts: SchemaFacts, leaf: Leaf) -> bool:
    """Whether a same-named field is the resource's own (`git-tag.tag` for `{tag}`), not a
    mention of it in another resource (`event.repo` for `{repo}`)."""
    if slot.field is not None or slot.entity is None:
        return False
    return _best_match(slot.entity, _leaf_tokens(facts, leaf)) > 0


def _at_top(leaf: Leaf) -> bool:
    """A field of the schema's subject: at its root, or in the items of an inline wrapper right
    below it (`{_embedded: [{id}]}`, `{data: {id}}`)."""
    if leaf.parent is None:
        return True
    return leaf.access[0] == leaf.parent and norm(leaf.parent) in WRAPPERS and property_hops(leaf.access) == 2


def _leaf_tokens(facts: SchemaFacts, leaf: Leaf) -> frozenset[str]:
    """The entity a field's own context names: the property holding it (a person's role, such as
    `created_by`, holds a user), or its named schema."""
    if leaf.parent is not None and not _at_top(leaf):
        return holder_tokens(leaf.parent)
    return entity_tokens(facts.name) if facts.name else frozenset()


def _owner(facts: SchemaFacts, leaf: Leaf) -> str:
    if facts.name:
        return f"schema {facts.name}"
    return f"property {leaf.parent}" if leaf.parent else "an inline schema"


def _affinity(tokens: Iterable[str], collection: str | None) -> int:
    """How many words of a producer's resource name the consumer's collection repeats, as a run:
    2 for `legal hold policy` in `legal hold policy assignment`, 0 when none."""
    if not collection:
        return 0
    padded = f" {collection} "
    return max((len(t.split()) for t in tokens if len(t.split()) > 1 and f" {t} " in padded), default=0)


def _field_rank(name: str) -> int:
    key = norm(name)
    return IDENTITY_FIELDS.index(key) if key in IDENTITY_FIELDS else len(IDENTITY_FIELDS)


def _below(path: tuple[str, ...], collection: tuple[str, ...]) -> bool:
    """Whether an erased path lies strictly under a collection's (`/returns/{}` under `/returns`)."""
    return len(path) > len(collection) and path[: len(collection)] == collection


def _common_prefix(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    count = 0
    for left, right in zip(a, b):
        if left != right:
            break
        count += 1
    return count


def _signature(slot: Slot) -> tuple:
    """What a match depends on: slots with one signature get one answer, computed once."""
    own = slot.op if slot.location != "path" else ""
    return (slot.location == "path", slot.name, slot.entity, slot.field, slot.type, slot.format, slot.anchor, own,
            slot.self_supplied, slot.needs_producer, slot.fallback)


def _tie(first: Ranked, second: Ranked) -> bool:
    """Two creators at different paths that rank alike: which one makes the identifier is a guess."""
    a, b = first.key, second.key
    alike = (a.weak, a.mention, a.tier, a.affinity, a.shared, a.creator, a.confidence) == \
            (b.weak, b.mention, b.tier, b.affinity, b.shared, b.creator, b.confidence)
    return alike and a.mention == 0 and a.creator == 0 and first.offer.op != second.offer.op


def _feed(offer: Candidate, rank: int, ambiguous: bool) -> Feed:
    return Feed(offer.op, offer.status, offer.access, offer.pointer, offer.tier, offer.confidence, rank, ambiguous,
                offer.evidence)


def _producer(ranked: Ranked) -> str:
    return ranked.offer.op


def _firsts(candidates: list[Candidate]) -> list[Candidate]:
    """The best candidate of each producer, the only one a slot can keep (`best_per_producer`):
    whether a slot may take a common candidate depends on its producer alone, and so does
    `shared`, the one part of the rank key that depends on the slot, so the producer's best is
    the same for every slot. It is found without a rank key for each candidate: the key's
    creator, role rank and label are the producer's too, and creator follows `mention`."""
    first: dict[str, tuple] = {}
    for candidate in candidates:
        op, _, access, _, tier, confidence, _, own, field_rank, depth, affinity = candidate
        order = (confidence < RESOLVED, not own, 2 if own and tier == 1 else tier, -affinity, -confidence, field_rank, depth,
                 access, candidate)
        kept = first.get(op)
        if kept is None or order < kept:
            first[op] = order
    return [order[-1] for order in first.values()]


def _entry_producer(entry: tuple[tuple, int, tuple, Candidate]) -> str:
    """The producer of an entry of `Shortlist.ranked`."""
    return entry[3].op


def _rebind(found: Resolution, slot: Slot) -> Resolution:
    return found if found.slot.key == slot.key else Resolution(slot, found.tier, found.feeds, found.producers, found.fuzzy)


def _best_match(entity: str, tokens: Iterable[str]) -> int:
    return max((entity_matches(entity, token) for token in tokens), default=0)


NOTICE_WORDS = frozenset({"notification", "notifications", "callback", "callbacks", "webhook", "webhooks"})
CREATE_WORDS = frozenset({"create", "creates", "upsert", "upserts", "add", "adds", "insert", "inserts"})
# A description that lists the values a parameter takes: the client picks one.
_LISTS_VALUES = re.compile(r"\b(one of|possible values|allowed values|valid values|can be|either|this list|the following)\b", re.IGNORECASE)
# Verbs of operations that take a value from outside to check or translate it.
CHECKING_VERBS = frozenset({"convert", "validate", "verify", "check", "lookup", "resolve", "decode", "parse"})


def _checks_input(info: OpInfo) -> bool:
    """Whether the operation converts or validates what its path holds (`/utils/convert-legacy-id/{id}`)."""
    return any(words(segment)[:1] and words(segment)[0] in CHECKING_VERBS
               for segment in path_segments(info.operation.path) if "{" not in segment)


def _resource_names(slot: Slot) -> set[str]:
    """The collections a slot's resource may be named by: its entity, the entity's head noun, and
    for a path's item the collection before it (`{ondemand_id}` of `/ondemand/pages/{ondemand_id}`)."""
    names = set()
    if slot.entity is not None:
        names |= {slot.entity, slot.entity.split()[-1]}
    if slot.location == "path" and len(slot.anchor) > 1 and slot.anchor[-1] == "{}" and "{" not in slot.anchor[-2]:
        names.add(singular_phrase(slot.anchor[-2]))
    return names


def _posted_text(info: OpInfo) -> str:
    """What a POST makes, for `Inference._made`: its last static segment, normalised (`startscan`;
    not the `users` of `POST /users/{id}/lists`, nor an operationId such as `postUsersIdFollow`)."""
    static = [norm(segment) for segment in path_segments(info.operation.path) if "{" not in segment]
    return static[-1] if static else ""


def _unqualified(slot: Slot, known: frozenset[str]) -> Slot | None:
    """The slot without the role word its name starts with (`fromPayorId` -> `PayorId`,
    `next_transition_id` -> `transition_id`), naming the resource itself; None when it has none."""
    *folder, last = slot.name.split("/")
    parts = words(last)
    if len(parts) < 3 or parts[0] not in ROLE_MODIFIERS:
        return None
    rest = "_".join(parts[1:])
    entity, field_name, _ = identify(rest, None, known)
    if entity is None:
        return None
    return slot._replace(name="/".join((*folder, rest)), entity=entity, field=field_name, fallback=None)


def _says_create(operation: Operation) -> bool:
    """Whether a PUT's (or an item POST's) operationId or summary says it creates
    (`createOrUpdateVault`, "Create or replace a widget", "Updates the developer or adds it if it
    doesn't exist"): with the identifier the client chooses in the path."""
    said = f"{operation.operation_id or ''} {operation.summary or ''}"
    return bool(CREATE_WORDS.intersection(words(said)))


def _lists_collection(info: OpInfo) -> bool:
    """A GET on a collection's own path (its last segment static) answering a success body, even
    when the segment reads as a verb (`GET .../urls/export` lists the exports)."""
    operation = info.operation
    if operation.method != "get" or not info.erased or "{}" in info.erased[-1]:
        return False
    return any(r.status.startswith("2") and r.content for r in operation.responses)


def _plural_ids(name: str) -> tuple[str, ...]:
    """The normalised name of a list of such identifiers: `participantid` -> ('participantids',)."""
    return (name + "s",) if name.endswith(("id", "uuid", "guid", "key")) else ()

