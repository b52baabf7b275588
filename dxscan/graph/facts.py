"""What each schema holds, read once: its leaves (the fields that can carry an identifier) and the
named schemas it contains, with the access path to each.

A schema is walked inline only: a `$ref` to a named schema becomes a `Containment` edge, never an
expansion, so each named schema is read once per scan whatever the number of places it is used in,
and recursive schemas end by construction. Walks are capped in depth (identifiers live near the
top of a payload) and in `oneOf` fan-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from dxscan import pointer as jp
from dxscan.model import Spec

MAX_HOPS = 2  # property hops walked inside one schema (`references` finds the deeper `$ref`s)
DEEP_HOPS = 6  # ...when looking deeper for a field no nearer response field matches
MAX_UNION = 8  # oneOf / anyOf members walked
COMPOSITIONS = ("allOf", "oneOf", "anyOf")
_WALKABLE = frozenset({"properties", "allOf", "oneOf", "anyOf", "items", "additionalProperties"})
_NESTING = _WALKABLE - {"properties"}
_FLAGS = frozenset({"format", "enum", "const", "readOnly", "writeOnly"})  # the keys a leaf's flags read


# Builds a NamedTuple from a tuple of all its fields without its generated Python `__new__`.
_new = tuple.__new__


class Leaf(NamedTuple):
    """A property of a schema: a primitive, or an object (a reference's holder, such as `owner`)."""

    access: tuple[str, ...]  # property names from the schema's root; "*" for array items and map values
    name: str
    type: str | None  # a JSON type; "object" for a nested object, the item type for an array of primitives
    format: str | None
    pointer: str  # where the property's schema is defined
    parent: str | None  # the property holding the object the leaf sits in (None: the schema's root)
    required: bool  # required at every step from the root
    read_only: bool
    write_only: bool
    enum: bool
    target: str | None = None  # for an object leaf held by a `$ref`: the named schema's pointer


class Containment(NamedTuple):
    """A named schema held somewhere inside another schema."""

    target: str  # the named schema's pointer
    access: tuple[str, ...]
    parent: str | None  # the property holding it (None: at the root, through allOf/oneOf)
    hops: int  # property hops from the root
    via: str  # property, items, allOf, oneOf, anyOf, additionalProperties
    required: bool


@dataclass(frozen=True)
class SchemaFacts:
    pointer: str
    name: str | None
    type: str | None
    leaves: tuple[Leaf, ...]
    contains: tuple[Containment, ...]
    truncated: bool = False  # the walk stopped at its depth with properties left below

    def root_leaves(self) -> tuple[Leaf, ...]:
        return tuple(leaf for leaf in self.leaves if len(leaf.access) == 1)


def schema_type(raw: Any) -> str | None:
    """The JSON type a schema declares (the first non-null one in 3.1), or what its keywords imply."""
    if not isinstance(raw, dict):
        return None
    declared = raw.get("type")
    if isinstance(declared, list):
        declared = next((t for t in declared if t != "null"), None)
    if isinstance(declared, str):
        return declared
    if "properties" in raw or "additionalProperties" in raw:
        return "object"
    if "items" in raw:
        return "array"
    if "allOf" in raw:
        return "object"
    return None


def value_type(spec: Spec, raw: Any, depth: int = 3) -> str | None:
    """`schema_type`, looking through compositions: `allOf: [{$ref: id}]` is the type `id` is;
    `oneOf` members of one type are that type; mixed members are untyped (None)."""
    if not isinstance(raw, dict):
        return None
    declared = raw.get("type")
    if declared is not None or "properties" in raw or depth == 0:
        return schema_type(raw)
    members = [m for key in COMPOSITIONS if isinstance(raw.get(key), list) for m in raw[key]]
    if not members:
        return schema_type(raw)
    found = None  # the members' one type; a second one ends the walk (Stripe's `anyOf: [string, $ref]`)
    for member in members:
        member = spec.deref(member)
        kind = member.get("type") if type(member) is dict else None
        if type(kind) is not str:  # a declared type is its own `value_type`; else walk the member
            kind = value_type(spec, member, depth - 1)
            if kind is None:
                continue
        if found is None:
            found = kind
        elif kind != found:
            return None
    return found


_COMPONENT_SCHEMAS, _DEFINITIONS = "/components/schemas/", "/definitions/"  # a named schema is directly below one


def component_name(pointer: str) -> str | None:
    """The name of a named schema from its pointer, or None for an inline schema."""
    slashes = pointer.count("/")
    if slashes == 3 and pointer.startswith(_COMPONENT_SCHEMAS):
        return jp.unescape(pointer[len(_COMPONENT_SCHEMAS):])
    if slashes == 2 and pointer.startswith(_DEFINITIONS):
        return jp.unescape(pointer[len(_DEFINITIONS):])
    return None


class FactsReader:
    """Reads and memoises `SchemaFacts` by pointer."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self._facts: dict[str, SchemaFacts] = {}
        self._tops: dict[str, SchemaFacts] = {}
        self._deeps: dict[str, SchemaFacts] = {}

    def named(self, pointer: str) -> SchemaFacts:
        """Facts of the schema defined at `pointer` (a named schema or an inline body schema)."""
        found = self._facts.get(pointer)
        if found is None:
            try:
                raw = jp.get(self.spec.document, jp.split(pointer))
            except KeyError:
                raw = None
            found = self._read(raw, pointer)
            self._facts[pointer] = found
        return found

    def cached(self, pointer: str) -> SchemaFacts | None:
        """Facts already read for `pointer` (every schema an exposure or a slot came from is)."""
        return self._facts.get(pointer)

    def of(self, value: Any, pointer: str) -> SchemaFacts | None:
        """Facts of a schema as it appears (perhaps a `$ref`): the named schema's facts when it is one."""
        raw, where = self.spec.resolve(value, pointer)
        if not isinstance(raw, dict):
            return None
        cached = self._facts.get(where)
        if cached is not None:
            return cached
        facts = self._read(raw, where)
        self._facts[where] = facts
        return facts

    def deep(self, pointer: str) -> SchemaFacts:
        """Facts of the schema at `pointer` walked DEEP_HOPS property hops inline (the usual facts
        when their walk was not cut short), for the rare identifier found nowhere nearer."""
        usual = self._facts.get(pointer) or self.named(pointer)
        if not usual.truncated:
            return usual
        found = self._deeps.get(pointer)
        if found is None:
            try:
                raw = jp.get(self.spec.document, jp.split(pointer))
            except KeyError:
                raw = None
            found = self._deeps[pointer] = self._read(raw, pointer, DEEP_HOPS)
        return found

    def top(self, pointer: str) -> SchemaFacts:
        """Facts of a named schema's top level only (one property hop), for the analyses that read
        a schema's own properties; the full facts when they were read already."""
        found = self._facts.get(pointer) or self._tops.get(pointer)
        if found is None:
            try:
                raw = jp.get(self.spec.document, jp.split(pointer))
            except KeyError:
                raw = None
            found = self._tops[pointer] = self._read(raw, pointer, 1)
        return found

    def _read(self, raw: Any, pointer: str, hops: int = MAX_HOPS) -> SchemaFacts:
        walk = _Walk(self.spec, hops)
        walk.seen.add(pointer)
        walk.schema(raw, pointer, (), 0, None, True, "root")
        return SchemaFacts(pointer, component_name(pointer), schema_type(raw), tuple(walk.leaves), tuple(walk.contains),
                           walk.truncated)


class _Walk:
    def __init__(self, spec: Spec, hops: int = MAX_HOPS):
        self.spec = spec
        self.resolve = spec.resolve
        self.max_hops = hops
        self.leaves: list[Leaf] = []
        self.contains: list[Containment] = []
        self.seen: set[str] = set()  # the inline schemas on the current walk's stack (recursion guard)
        self.truncated = False

    def schema(self, raw: Any, pointer: str, access: tuple[str, ...], hops: int, parent: str | None,
               required: bool, via: str) -> None:
        if not isinstance(raw, dict):
            return
        properties = raw.get("properties")
        if isinstance(properties, dict) and hops >= self.max_hops:
            self.truncated = True
        elif isinstance(properties, dict):
            listed = raw.get("required")
            listed = listed if isinstance(listed, list) and required else ()
            below = pointer + "/properties/"
            holder = _parent_of(access + ("",))  # the `parent` of every leaf below: `_parent_of` once
            member = self.member
            for name, value in properties.items():
                where = below + (name if type(name) is str and "~" not in name and "/" not in name else jp.escape(name))
                member(value, where, access + (name,), hops + 1, name, name in listed, holder)
        if _NESTING.isdisjoint(raw):  # most objects: none of the keys below
            return
        for key in COMPOSITIONS:
            members = raw.get(key)
            if isinstance(members, list):
                below = f"{pointer}/{key}/"  # `jp.child(pointer, key, index)`: neither needs escaping
                for index, value in enumerate(members[:MAX_UNION]):
                    self.nested(value, below + str(index), access, hops, parent, required and key == "allOf", key)
        items = raw.get("items")
        if isinstance(items, dict):
            self.nested(items, pointer + "/items", access + ("*",), hops, parent, required, "items")
        extra = raw.get("additionalProperties")
        if isinstance(extra, dict) and hops < self.max_hops:
            self.nested(extra, pointer + "/additionalProperties", access + ("*",), hops + 1, parent, False,
                        "additionalProperties")

    def nested(self, value: Any, pointer: str, access: tuple[str, ...], hops: int, parent: str | None,
               required: bool, via: str) -> None:
        """A schema in a composition, array or map: a named one is contained, an inline one walked."""
        raw, where = self.resolve(value, pointer)
        if where is not pointer and component_name(where) is not None:  # POINTER itself never names one
            self.contains.append(_new(Containment, (where, access, parent, hops, via, required)))
            return
        self.inline(raw, where, access, hops, parent, required, via)

    def inline(self, raw: Any, pointer: str, access: tuple[str, ...], hops: int, parent: str | None,
               required: bool, via: str) -> None:
        if not isinstance(raw, dict) or _WALKABLE.isdisjoint(raw) or pointer in self.seen:
            return
        self.seen.add(pointer)
        self.schema(raw, pointer, access, hops, parent, required, via)
        self.seen.discard(pointer)

    def member(self, value: Any, pointer: str, access: tuple[str, ...], hops: int, name: str,
               required: bool, holder: str | None) -> None:
        """A property: a leaf, and for an object or array also what it holds. POINTER is its
        parent's pointer + `/properties/<name>`, which no named schema has, so it names one only
        when a `$ref` (or the spec's record of where an object is named) leads elsewhere; HOLDER is
        the leaf's `parent` (`_parent_of(access)`)."""
        raw, where = self.resolve(value, pointer)
        if not isinstance(raw, dict):
            return
        named = None if where is pointer else component_name(where)
        declared = raw.get("type")
        if type(declared) is str and declared != "array":  # most properties: `value_type` says the same
            leaf_type, basis = declared, raw
        else:
            leaf_type, basis = _leaf_type(self.spec, raw)
        if basis is raw and value is raw and _FLAGS.isdisjoint(raw):  # most properties: none of the five
            fmt, enum, read_only, write_only = None, False, False, False
        else:
            fmt, enum = _flags(basis)
            if value is raw:  # no `$ref` followed: nothing beside one
                read_only, write_only = bool(raw.get("readOnly")), bool(raw.get("writeOnly"))
            else:
                read_only, write_only = _marked(value, raw, "readOnly"), _marked(value, raw, "writeOnly")
        self.leaves.append(_new(Leaf, (access, name, leaf_type, fmt, where, holder, required, read_only,
                                       write_only, enum, where if named else None)))
        if named is not None:
            self.contains.append(_new(Containment, (where, access, name, hops, "property", required)))
        elif not _WALKABLE.isdisjoint(raw):  # an inline object or array: `inline`, without a call for each primitive
            self.inline(raw, where, access, hops, name, required, "property")


def _marked(value: Any, resolved: dict[str, Any], keyword: str) -> bool:
    """readOnly or writeOnly on the property's schema, or beside the property's `$ref`: OpenAPI 3.0
    ignores a `$ref`'s siblings, but authors write them there to mean this property (`createdBy:
    {$ref: User, readOnly: true}`), 3.1 honours them, and so do most tools."""
    beside = value.get(keyword) if isinstance(value, dict) and "$ref" in value else None
    return bool(resolved.get(keyword) or beside)


def _parent_of(access: tuple[str, ...]) -> str | None:
    """The nearest property name above the leaf (skipping array and map steps)."""
    for step in reversed(access[:-1]):
        if step != "*":
            return step
    return None


def _flags(raw: Any) -> tuple[str | None, bool]:
    if not isinstance(raw, dict):
        return None, False
    fmt = raw.get("format") if isinstance(raw.get("format"), str) else None
    return fmt, isinstance(raw.get("enum"), list) or "const" in raw


def _leaf_type(spec: Spec, raw: dict[str, Any]) -> tuple[str | None, Any]:
    """The leaf's type, and the schema its format and enum come from: for an array of primitives
    (`label_ids: [string]`) the item's, so it can feed a consumer of one item."""
    kind = value_type(spec, raw)
    if kind != "array" or not isinstance(raw.get("items"), dict):
        return kind, raw
    item = spec.deref(raw["items"])
    item_type = value_type(spec, item)
    if item_type in ("object", "array", None):
        return "array", raw
    return item_type, item


def references(raw: Any) -> set[str]:
    """Every `$ref` string anywhere inside a schema (not following them): its outgoing references,
    at any depth, for the reference graph."""
    found: set[str] = set()
    pending = [raw]
    while pending:
        node = pending.pop()
        if type(node) is list:
            pending += [v for v in node if type(v) is dict or type(v) is list]
            continue
        for key, value in node.items():
            kind = type(value)
            if kind is dict or kind is list:
                if key not in _NOT_SCHEMAS:
                    pending.append(value)
            elif key == "$ref" and kind is str:
                found.add(value)
    return found


_NOT_SCHEMAS = frozenset({"example", "examples", "enum", "default", "const", "required", "x-examples"})
