"""Schemas compared the way clients see them, for `dxscan diff`.

A schema becomes a `SchemaView`: its `allOf` members merged in (properties with the pointer where
each is defined), nullability separated from its types (so `nullable: true`, `type: [x, 'null']`
and `anyOf: [X, {type: 'null'}]` are one thing), and its constraints. `judge_request` and
`judge_response` turn two views into (change id, message) pairs by direction, as oasdiff does: a
request that accepts less breaks the clients that send it; a response that carries other or more
kinds of value breaks the clients that read it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from dxscan import pointer as jp
from dxscan.diff.patterns import UNKNOWN, pattern_direction
from dxscan.model import Spec

REQUEST, RESPONSE = "request", "response"
PATH = "path"  # a path parameter: a request value that can never be empty
FORM = "form"  # a query/header/cookie parameter or a form body: one value and a one-item array look the same

CONSTRAINT_UPPER = ("maxLength", "maximum", "maxItems", "maxProperties")
CONSTRAINT_LOWER = ("minLength", "minimum", "minItems", "minProperties")
# formats OpenAPI and JSON Schema define, which validators check; any other is an annotation
VALIDATED_FORMATS = frozenset({
    "int32", "int64", "float", "double", "byte", "binary", "date", "date-time", "time", "duration", "password",
    "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference",
    "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
})
# bounds readers size buffers and validate by: a response outside them breaks them (as oasdiff)
RESPONSE_BOUNDS = ("maxLength", "maximum", "maxItems", "minLength", "minimum", "minItems", "exclusiveMaximum", "exclusiveMinimum")


@dataclass(frozen=True)
class SchemaView:
    """A schema as a client sees it: allOf merged, nullability separated from the type."""

    raw: Any
    pointer: str
    types: frozenset[str]  # without "null"; empty: any type
    nullable: bool
    format: str | None
    enum: frozenset[str] | None  # values as canonical JSON, null excluded
    properties: dict[str, tuple[Any, str]]
    required: frozenset[str]
    items: tuple[Any, str] | None
    additional: tuple[Any, str] | None
    alternatives: tuple[tuple[Any, str], ...]  # oneOf/anyOf members, null members removed
    constraints: dict[str, Any]
    discriminator: str | None = None  # the property a oneOf/anyOf discriminates on


def schema_view(spec: Spec, raw: Any, pointer: str, canonical: dict[int, str]) -> SchemaView:
    if not isinstance(raw, dict):
        return SchemaView(raw, pointer, frozenset(), raw is not False, None, None, {}, frozenset(), None, None, (), {})
    merged = _merge_all_of(spec, raw, pointer, canonical)
    alternatives, null_member = _alternatives_of(spec, merged, pointer)
    if len(alternatives) == 1 and null_member:
        inner, inner_pointer = spec.resolve(*alternatives[0])
        wrapped = schema_view(spec, inner, canonical.get(id(inner), inner_pointer), canonical)
        return replace(wrapped, raw=raw, pointer=pointer, nullable=True)
    types = _types(merged) or _member_types(spec, alternatives) or _implied_types(merged)
    enum = merged.get("enum") if isinstance(merged.get("enum"), list) else None
    nullable = ("null" in types or merged.get("nullable") is True or merged.get("x-nullable") is True
                or null_member or (enum is not None and None in enum))
    return SchemaView(
        raw, pointer, frozenset(types - {"null"}), nullable, _string(merged.get("format")),
        None if enum is None else frozenset(_canonical(v) for v in enum if v is not None),
        merged.get("properties", {}), frozenset(merged.get("required", ())),
        merged.get("items"), merged.get("additionalProperties"), alternatives,
        {k: merged[k] for k in (*CONSTRAINT_UPPER, *CONSTRAINT_LOWER, "pattern", "multipleOf", "uniqueItems",
                                "exclusiveMaximum", "exclusiveMinimum") if k in merged},
        _discriminator(merged),
    )


def _discriminator(merged: dict[str, Any]) -> str | None:
    found = merged.get("discriminator")
    if isinstance(found, dict) and isinstance(found.get("propertyName"), str):
        return found["propertyName"]
    return found if isinstance(found, str) else None  # Swagger 2.0: the property name itself


def _merge_all_of(spec: Spec, raw: dict[str, Any], pointer: str, canonical: dict[int, str],
                  within: frozenset[int] = frozenset()) -> dict[str, Any]:
    """The schema with its allOf members folded in: properties (with their pointers) and
    required merged, every other keyword from the schema itself first, then the members. A member
    that is one of the schemas being merged (an allOf cycle) is skipped."""
    merged: dict[str, Any] = {"properties": {}, "required": set()}
    members = raw.get("allOf") if isinstance(raw.get("allOf"), list) else []
    within = within | {id(raw)}
    for index, member in enumerate(members):
        value, where = spec.resolve(member, jp.child(pointer, "allOf", index))
        if isinstance(value, dict) and id(value) not in within:
            _fold(merged, _merge_all_of(spec, value, canonical.get(id(value), where), canonical, within))
    own_properties = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    own = {"properties": {k: (v, jp.child(pointer, "properties", k)) for k, v in own_properties.items()},
           "required": {r for r in raw.get("required", ()) if isinstance(r, str)} if isinstance(raw.get("required"), list) else set()}
    for key, value in raw.items():
        if key not in ("allOf", "properties", "required"):
            own[key] = (value, jp.child(pointer, key)) if key in ("items", "additionalProperties") else value
    _fold(merged, own, own_wins=True)
    return merged


def _fold(into: dict[str, Any], other: dict[str, Any], own_wins: bool = False) -> None:
    into["properties"].update(other["properties"])
    into["required"] |= other["required"]
    for key, value in other.items():
        if key in ("properties", "required"):
            continue
        if own_wins or key not in into:
            into[key] = value


def _alternatives_of(spec: Spec, merged: dict[str, Any], pointer: str) -> tuple[tuple[tuple[Any, str], ...], bool]:
    for key in ("oneOf", "anyOf"):
        members = merged.get(key)
        if not isinstance(members, list):
            continue
        kept, null_member = [], False
        for index, member in enumerate(members):
            value, _ = spec.resolve(member, jp.child(pointer, key, index))
            if isinstance(value, dict) and (value.get("type") == "null" or value.get("type") == ["null"]):
                null_member = True
            else:
                kept.append((member, jp.child(pointer, key, index)))
        return tuple(kept), null_member
    return (), False


def _member_types(spec: Spec, alternatives: tuple[tuple[Any, str], ...]) -> set[str]:
    """A schema with no type of its own takes its oneOf/anyOf members' types, when each has one."""
    found: set[str] = set()
    for member, pointer in alternatives:
        value, _ = spec.resolve(member, pointer)
        types = _types(value) if isinstance(value, dict) else set()
        if not types:
            return set()
        found |= types
    return found


def _implied_types(merged: dict[str, Any]) -> set[str]:
    """A schema with no type that has properties (or additionalProperties, required) describes
    objects, one with items arrays: adding the `type` they imply changes nothing a client sends."""
    if merged.get("properties") or "additionalProperties" in merged or merged.get("required"):
        return {"object"}
    return {"array"} if "items" in merged else set()


def types_disjoint(base: SchemaView, head: SchemaView) -> bool:
    """Both typed, and no value of one is a value of the other (object -> array): the type change
    says it all; the properties of one are not compared with the items of the other."""
    return bool(base.types and head.types) and _type_change(base, head) == "changed"


def _types(merged: dict[str, Any]) -> set[str]:
    declared = merged.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    return set()


def child_schemas(base: SchemaView, head: SchemaView) -> list[tuple[tuple[Any, str], tuple[Any, str], str]]:
    pairs = []
    if base.items is not None and head.items is not None:
        pairs.append((base.items, head.items, "[]"))
    if isinstance(base.additional, tuple) and isinstance(head.additional, tuple) \
            and isinstance(base.additional[0], dict) and isinstance(head.additional[0], dict):
        pairs.append((base.additional, head.additional, "{}"))
    return pairs


def judge_request(base: SchemaView, head: SchemaView, name: str, path: bool = False) -> list[tuple[str, str]]:
    """Requests flow from client to server: accepting less breaks clients. A path parameter's
    value is never empty, so `minLength: 1` on one takes nothing away."""
    found = []
    type_change = _type_change(base, head)
    if type_change in ("narrowed", "changed"):
        found.append(("request-type-narrowed", f"{name} accepts {_type_text(head)}, no longer {_type_text(base)}"))
    elif type_change == "widened":
        found.append(("request-type-widened", f"{name} now accepts {_type_text(head)}"))
    if base.nullable and not head.nullable:
        found.append(("request-type-narrowed", f"{name} no longer accepts null"))
    elif head.nullable and not base.nullable:
        found.append(("request-type-widened", f"{name} now accepts null"))
    if head.format != base.format:
        if head.format is None:
            found.append(("request-type-widened", f"{name} no longer requires format {base.format}"))
        elif head.format not in VALIDATED_FORMATS:
            pass  # a format of the API's own (`unix-time`) is an annotation: it rejects nothing
        else:
            found.append(("request-format-narrowed", f"{name} requires format {head.format}" + (f", not {base.format}" if base.format else "")))
    found += _enum_request(base, head, name)
    found += _default(base, head, name)
    tightened, relaxed, unknown, added = _constraints(base, head, path)
    if added:
        found.append(("request-constraint-added", f"{name} now documents a limit: {', '.join(added)}"))
    if tightened:
        found.append(("request-constraint-tightened", f"{name} accepts less: {', '.join(tightened)}"))
    if relaxed:
        found.append(("request-constraint-relaxed", f"{name} accepts more: {', '.join(relaxed)}"))
    if unknown:
        found.append(("request-pattern-changed", f"{name}: {', '.join(unknown)}; whether it accepts less could not be decided"))
    return _merge_same(found)


def judge_response(base: SchemaView, head: SchemaView, name: str) -> list[tuple[str, str]]:
    """Responses flow from server to client: carrying other or more kinds of value breaks readers."""
    found = []
    type_change = _type_change(base, head)
    if type_change in ("widened", "changed"):
        found.append(("response-type-changed", f"{name} is now {_type_text(head)} in responses, was {_type_text(base)}"))
    elif type_change == "narrowed":
        found.append(("response-type-narrowed", f"{name} is now only {_type_text(head)}"))
    if head.nullable and not base.nullable:
        found.append(("response-property-became-nullable", f"{name} may now be null in responses"))
    elif base.nullable and not head.nullable:
        found.append(("response-type-narrowed", f"{name} is no longer null"))
    if head.format != base.format:
        if head.format is None or base.format is not None:
            found.append(("response-type-changed", f"{name} format changed from {base.format} to {head.format} in responses"))
        else:
            found.append(("response-type-narrowed", f"{name} now has format {head.format}"))
    found += _enum_response(base, head, name)
    tightened, relaxed, unknown, added = _constraints(base, head)
    tightened += added
    widened = [text for text in relaxed if text.split(" ")[0] in RESPONSE_BOUNDS]
    if widened:
        found.append(("response-bound-widened", f"{name} may now carry more than documented: {', '.join(widened)}"))
    others = [text for text in tightened + relaxed + unknown if text not in widened]
    if others:
        found.append(("response-constraint-changed", f"{name} bounds changed: {', '.join(others)}"))
    return _merge_same(found)


def _default(base: SchemaView, head: SchemaView, name: str) -> list[tuple[str, str]]:
    """A request value's default: what the server assumes when a client sends nothing."""
    before, after = _get_default(base), _get_default(head)
    if before == after:
        return []
    message = f"{name} defaults to {after or 'nothing'}, was {before or 'nothing'}: clients that omit it get other behaviour"
    return [("request-default-changed", message)]


def _get_default(view: SchemaView) -> str | None:
    return _canonical(view.raw["default"]) if isinstance(view.raw, dict) and "default" in view.raw else None


def _merge_same(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One change per id at one place: messages of the same id are joined."""
    merged: dict[str, list[str]] = {}
    for change_id, message in found:
        merged.setdefault(change_id, []).append(message)
    return [(change_id, "; ".join(messages)) for change_id, messages in merged.items()]


def _type_change(base: SchemaView, head: SchemaView) -> str | None:
    """"widened", "narrowed", "changed" or None, for the value types (no type: any type)."""
    if base.types == head.types:
        return None
    if not head.types or not base.types:
        return "widened" if not head.types else "narrowed"
    head_covers = all(_accepts(head.types, t) for t in base.types)
    base_covers = all(_accepts(base.types, t) for t in head.types)
    if head_covers == base_covers:
        return None if head_covers else "changed"
    return "widened" if head_covers else "narrowed"


def _accepts(types: frozenset[str], value_type: str) -> bool:
    """`integer` is a subset of `number`: number -> integer narrows, integer -> number widens."""
    return value_type in types or (value_type == "integer" and "number" in types)


def _type_text(view: SchemaView) -> str:
    return "/".join(sorted(view.types)) if view.types else "any type"


def _enum_request(base: SchemaView, head: SchemaView, name: str) -> list[tuple[str, str]]:
    if base.enum == head.enum:
        return []
    if head.enum is None:
        return [("request-constraint-relaxed", f"{name} is no longer limited to its enum")]
    if base.enum is None:
        return [("request-constraint-tightened", f"{name} is now limited to {_values(head.enum)}")]
    found = []
    if base.enum - head.enum:
        found.append(("request-enum-value-removed", f"{name} no longer accepts {_values(base.enum - head.enum)}"))
    if head.enum - base.enum:
        found.append(("request-enum-value-added", f"{name} accepts {_values(head.enum - base.enum)}"))
    return found


def _enum_response(base: SchemaView, head: SchemaView, name: str) -> list[tuple[str, str]]:
    if base.enum == head.enum:
        return []
    if head.enum is None:
        return [("response-enum-value-added", f"{name} is no longer limited to {_values(base.enum)} in responses")]
    if base.enum is None:
        return [("response-enum-value-removed", f"{name} is now limited to {_values(head.enum)}")]
    found = []
    if head.enum - base.enum:
        found.append(("response-enum-value-added", f"{name} may now be {_values(head.enum - base.enum)} in responses"))
    if base.enum - head.enum:
        found.append(("response-enum-value-removed", f"{name} is no longer {_values(base.enum - head.enum)}"))
    return found


def _values(values: frozenset[str]) -> str:
    return ", ".join(sorted(values))


def _constraints(base: SchemaView, head: SchemaView, path: bool = False) -> tuple[list[str], list[str], list[str], list[str]]:
    """(tightened, relaxed, undecided, added where there was none) constraint descriptions, e.g.
    'maxLength 100 -> 50', 'maxLength none -> 5000'."""
    tightened, relaxed, unknown, added = [], [], [], []
    for key in (*CONSTRAINT_UPPER, *CONSTRAINT_LOWER, "exclusiveMaximum", "exclusiveMinimum", "pattern", "multipleOf", "uniqueItems"):
        before, after = base.constraints.get(key), head.constraints.get(key)
        if before == after or (path and key == "minLength" and _at_most_one(before) and _at_most_one(after)):
            continue
        verdict = _constraint_direction(key, before, after)
        if verdict in ("tightened", UNKNOWN) and _enum_within(base.enum, key, after):
            continue  # every value the enum allowed still passes: the limit takes nothing away
        if verdict == "relaxed" and _enum_within(head.enum, key, before):
            continue  # the limit went, but an enum whose every value meets it came: nothing more gets through
        text = f"{key} {_show(before)} -> {_show(after)}"
        if verdict == "tightened" and before is None:
            added.append(text)
        elif verdict == "tightened":
            tightened.append(text)
        elif verdict == "relaxed":
            relaxed.append(text)
        elif verdict == UNKNOWN:
            unknown.append(text)
    return tightened, relaxed, unknown, added


def _enum_within(enum: frozenset[str] | None, key: str, limit: Any) -> bool:
    """Does every value of `enum` (canonical JSON) meet the constraint `key: limit`?"""
    if enum is None or limit is None:
        return False
    values = [json.loads(value) for value in enum]
    return all(_meets(value, key, limit) for value in values)


def _meets(value: Any, key: str, limit: Any) -> bool:
    try:
        if key in ("maxLength", "minLength") and isinstance(value, str):
            return len(value) <= limit if key == "maxLength" else len(value) >= limit
        if key in ("maximum", "minimum") and _number(value):
            return value <= limit if key == "maximum" else value >= limit
        if key == "pattern" and isinstance(value, str):
            return re.search(limit, value) is not None
    except (TypeError, re.error):
        return False
    return False


def _constraint_direction(key: str, before: Any, after: Any) -> str | None:
    if key == "pattern":
        return pattern_direction(_string(before), _string(after))
    if key == "multipleOf":
        return "relaxed" if after is None else "tightened"
    if key == "uniqueItems" or isinstance(before, bool) or isinstance(after, bool):
        return "tightened" if after is True else "relaxed"
    if not _number(before) and not _number(after):
        return None
    upper = key in CONSTRAINT_UPPER or key == "exclusiveMaximum"
    if after is None:
        return "relaxed"
    if before is None:
        return None if key in ("minLength", "minItems", "minProperties") and after == 0 else "tightened"
    if not (_number(before) and _number(after)):
        return None
    smaller = after < before
    return "tightened" if smaller == upper else "relaxed"


def _at_most_one(value: Any) -> bool:
    return value is None or (_number(value) and value <= 1)


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _show(value: Any) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False)
