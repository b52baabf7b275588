"""What the platform checks (versioning, auth, rate limits, naming, documentation) share: one
walk over every schema the API uses, the operations consumers call, and how a gap that covers the
whole API is reported. Not a dimension: it holds no checks.

`Spec.all_schemas` builds a `Schema` for each of GitHub's 43,000 schema objects (about 0.5 s);
these rules only need each property definition once, with its name, where it is written, and
the schema it stands for. This walk visits each schema object once (by identity: a `$ref` leads
to the one shared object) and keeps plain tuples, builds a property's pointer only when it is
reported, and takes about 0.1 s there. `per_spec` keeps its result, and the other analyses, for
the spec being scanned, so the checks and measures of one scan share them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple, TypeVar
from urllib.parse import unquote

from dxscan import pointer as jp
from dxscan.checks import Hit
from dxscan.model import Operation, Spec
from dxscan.openapi import MAX_REF_HOPS


class Property(NamedTuple):
    """One property as written in its object schema."""

    name: str
    owner: str  # the pointer of the object schema it is written in
    declared: Any  # the value written there (may be a `{"$ref": ...}`)
    schema: Any  # the schema it stands for, `$ref`s followed
    description: str | None  # its own (3.1 allows one beside `$ref`), else the referenced schema's
    deprecated: bool
    type: str | None  # the schema's `type` when it is one string
    format: str | None = None  # the schema's `format` when it is a string (read while the walk holds the schema)

    @property
    def pointer(self) -> str:
        """Where the property is written: `<owner>/properties/<name>` (made when asked: most
        properties are never reported)."""
        return f"{self.owner}/properties/{jp.escape(self.name)}"


_new_property = tuple.__new__


class EnumSchema(NamedTuple):
    pointer: str
    values: tuple[str, ...]  # the string values only


class Inventory(NamedTuple):
    properties: tuple[Property, ...]  # in the order of the walk: sort where an order shows
    enums: tuple[EnumSchema, ...]  # by pointer
    # Whether any schema object the walk meets, or any `$ref` written with siblings on the way,
    # holds `example`, `examples` or `x-example`: when none does, no body's schema can show one
    # (documentation's has_example asks nothing more; Stripe holds no example at all).
    examples: bool = False
    # The properties with an `example` where they are written or on the schema they stand for, in
    # walk order (documentation's example-format-mismatch checks their format): noted by the walk,
    # which has each entry in hand, instead of a second pass over all of them.
    exemplified: tuple[Property, ...] = ()


_NESTING = ("properties", "items", "additionalProperties", "not", "allOf", "anyOf", "oneOf", "prefixItems", "enum")
_NESTING_KEYS = frozenset(_NESTING)
_NESTING_BUT_PROPERTIES = _NESTING[1:]
_NESTING_KEYS_BUT_PROPERTIES = frozenset(_NESTING_BUT_PROPERTIES)
_EMPTY: dict[str, Any] = {}
_LISTS = frozenset(("allOf", "anyOf", "oneOf", "prefixItems"))
_QUEUED = tuple(key for key in _NESTING_BUT_PROPERTIES if key != "enum")  # the keywords that hold schemas to walk, in walk order
_QUEUED_KEYS = frozenset(_QUEUED)


def holds_example(schema: dict[str, Any]) -> bool:
    """An example written on this schema object itself (what a renderer shows as its example)."""
    return "example" in schema or "examples" in schema or "x-example" in schema


T = TypeVar("T")
_memo = threading.local()  # .spec: the spec being scanned in this thread; .results: function -> value


def per_spec(function: Callable[[Spec], T]) -> Callable[[Spec], T]:
    """Compute `function(spec)` once while `spec` is the spec being scanned (in this thread), so a
    check and its dimension's measures share one analysis. Only for functions of the spec alone
    (no options). One spec at a time: the next spec replaces the results."""

    @wraps(function)
    def shared(spec: Spec) -> T:
        if not isinstance(spec, Spec):
            raise TypeError(f"{function.__name__} is computed once per spec; it was given a {type(spec).__name__}")
        if getattr(_memo, "spec", None) is not spec:
            _memo.spec, _memo.results = spec, {}
        results = _memo.results
        if function not in results:
            results[function] = function(spec)
        return results[function]

    return shared


@per_spec
def path_operations(spec: Spec) -> tuple[Operation, ...]:
    """Operations under `paths`: what consumers call (webhooks are called by the API)."""
    return tuple(o for o in spec.operations if o.kind == "operation")


def each_or_across(spec: Spec, failing: list[Operation], pointer: str, each: str, across: str) -> list[Hit]:
    """One finding per failing operation (`each` follows its label), or one for the whole API at
    `pointer` when nearly every operation fails (the fix is API-wide; 844 identical findings would
    bury the rest): `across` follows "844 of 845 operations", the few that pass are named."""
    total = len(path_operations(spec))
    failing_ids = {id(o) for o in failing}
    passing = [o.label for o in path_operations(spec) if id(o) not in failing_ids]
    if len(failing) > 1 and len(passing) <= total // 10:
        exceptions = f" (all but {', '.join(passing[:3])}{' and more' if len(passing) > 3 else ''})" if passing else ""
        return [Hit(pointer, f"{len(failing)} of {total} operations {across}{exceptions}", "@api-wide")]
    return [Hit(jp.child(o.pointer, "responses"), f"{o.label} {each}") for o in failing]


def when_found(checked: int, failed: int) -> dict[str, int]:
    """The counts of a rule about a rare mistake (a JSONP callback, `//` in a path): it applies to
    an API that makes the mistake somewhere, over everything in its scope, and drops out of an API
    that never does, so that passing it earns no points (score/card.py)."""
    return {"checked": checked if failed else 0, "failed": failed}


def expanded_urls(spec: Spec, server: Any, enums: bool = True) -> list[str]:
    """A server's URL with its variables substituted: each `enum` value (when `enums`) and the
    `default`; a variable with neither stays as written (`{host}`)."""
    try:
        raw = jp.get(spec.document, jp.split(server.pointer))
    except KeyError:
        raw = {}
    variables = raw.get("variables") if isinstance(raw, dict) and isinstance(raw.get("variables"), dict) else {}
    urls = [server.url]
    for name, variable in sorted(variables.items()):
        if not isinstance(variable, dict):
            continue
        listed = variable.get("enum") if enums and isinstance(variable.get("enum"), list) else []
        values = [str(v) for v in listed if isinstance(v, (str, int))]
        if isinstance(variable.get("default"), (str, int)):
            values.append(str(variable["default"]))
        if values:
            urls = [u.replace("{" + name + "}", value) for u in urls for value in dict.fromkeys(values)]
    return urls


@per_spec
def inventory(spec: Spec) -> Inventory:
    """Every property definition and enum of the spec, found in one walk."""
    return _Walk(spec).run()


class _Walk:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.targets: dict[str, tuple[Any, str]] = {}
        self.seen: set[int] = set()
        self.properties: list[Property] = []
        self.enums: list[EnumSchema] = []
        self.examples = False
        self.exemplified: list[Property] = []

    def run(self) -> Inventory:
        pending = list(self._roots())
        seen = self.seen
        enums = self.enums
        while pending:
            raw, pointer = pending.pop()
            if "$ref" in raw:
                if not self.examples and holds_example(raw):  # an example written beside the `$ref`
                    self.examples = True
                raw, pointer = self.resolve(raw, pointer)
                if not isinstance(raw, dict):
                    continue
            if id(raw) in seen:  # its example, if any, was noted when it was first seen
                continue
            seen.add(id(raw))
            if not self.examples and holds_example(raw):
                self.examples = True
            if "properties" in raw:  # the usual nesting, first
                properties = raw["properties"]
                if isinstance(properties, dict):
                    self._properties(properties, pointer, pending)
                if _NESTING_KEYS_BUT_PROPERTIES.isdisjoint(raw):
                    continue
            elif _NESTING_KEYS.isdisjoint(raw):
                continue
            if "enum" in raw:  # an enum queues nothing, so it is read first; most (Stripe: 20,840 of 20,840) are leaves
                if isinstance(values := raw["enum"], list) and (strings := [v for v in values if isinstance(v, str)]):
                    enums.append(EnumSchema(pointer, tuple(strings)))
                if _QUEUED_KEYS.isdisjoint(raw):
                    continue
            for key in _QUEUED:  # queued here, no call per keyword: Stripe has 5,000 of them
                if key not in raw:
                    continue
                value = raw[key]
                if isinstance(value, dict):
                    pending.append((value, f"{pointer}/{key}"))
                elif isinstance(value, list) and key in _LISTS:
                    pending.extend((item, f"{pointer}/{key}/{index}") for index, item in enumerate(value) if isinstance(item, dict))
        return Inventory(tuple(self.properties), tuple(sorted(self.enums)), self.examples, tuple(self.exemplified))

    def _roots(self) -> list[tuple[Any, str]]:
        roots = [(schema.raw, schema.pointer) for schema in self.spec.schemas.values()]
        for operation in self.spec.operations:
            media = list(operation.request_body.content) if operation.request_body else []
            for response in operation.responses:
                media.extend(response.content)
            roots.extend((m.schema.raw, m.schema.pointer) for m in media if m.schema is not None)
            roots.extend((p.schema.raw, p.schema.pointer) for p in operation.parameters if p.schema is not None)
        return [(raw, pointer) for raw, pointer in roots if isinstance(raw, dict)]

    def _properties(self, properties: dict[str, Any], owner: str, pending: list[tuple[Any, str]]) -> None:
        """One Property per entry (this runs 42,000 times on GitHub's spec: kept flat). Most
        entries are written inline (no `$ref`): those read each keyword once, from the one dict."""
        append = self.properties.append
        examples = self.examples
        for name, declared in properties.items():
            if type(declared) is dict and "$ref" not in declared:  # inline: own and resolved are one dict
                schema = resolved = declared
                target = ""
                description = declared.get("description")
                deprecated = declared.get("deprecated") is True
                exemplified = "example" in declared
                if not examples and holds_example(declared):
                    examples = True
            else:
                own = declared if type(declared) is dict else _EMPTY
                schema, target = (declared, "") if "$ref" not in own else self.resolve(declared, "")
                resolved = schema if type(schema) is dict else _EMPTY
                description = own.get("description") or resolved.get("description")
                deprecated = own.get("deprecated") is True or resolved.get("deprecated") is True
                if not examples and (holds_example(own) or (resolved is not own and holds_example(resolved))):
                    examples = True
                exemplified = (isinstance(declared, dict) and "example" in declared) or \
                    (isinstance(schema, dict) and "example" in schema)
            if description is not None and not (type(description) is str and description.strip()):
                description = None
            kind = resolved.get("type")
            form = resolved.get("format")
            prop = _new_property(Property, (name if type(name) is str else str(name), owner, declared, schema, description,
                                            deprecated, kind if type(kind) is str else None,
                                            form if type(form) is str else None))  # Property(...) without its __new__'s frame
            append(prop)
            if exemplified:
                self.exemplified.append(prop)
            if resolved and not _NESTING_KEYS.isdisjoint(resolved):
                pending.append((schema, target or f"{owner}/properties/{jp.escape(name)}"))
        self.examples = examples

    def resolve(self, value: Any, pointer: str) -> tuple[Any, str]:
        """Follow internal `$ref`s, remembering each target (GitHub refers to some 3,000 times)."""
        for _ in range(MAX_REF_HOPS):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return value, pointer
            ref = value["$ref"]
            if ref not in self.targets:
                self.targets[ref] = self._target(ref, value, pointer)
            value, pointer = self.targets[ref]
        return value, pointer

    def _target(self, ref: str, value: Any, pointer: str) -> tuple[Any, str]:
        if not ref.startswith("#"):
            return self.spec.resolve(value, pointer)
        fragment = unquote(ref[1:])
        try:
            return jp.get(self.spec.document, jp.split(fragment)), fragment
        except KeyError:
            return None, pointer
