"""`oneOf`/`anyOf` members paired as a set, not by position: by the component a member's `$ref`
names, then by the discriminator value a member's property fixes, then by structural similarity
(the same types and most of the same property names). Swapping two members pairs each with itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dxscan import pointer as jp
from dxscan.diff.schema import SchemaView
from dxscan.model import Spec

Member = tuple[Any, str]  # (raw member, its pointer)


@dataclass(frozen=True)
class Pairing:
    pairs: tuple[tuple[int, int], ...]  # (base index, head index)
    removed: tuple[int, ...]  # base members with no partner
    added: tuple[int, ...]  # head members with no partner


def pair_members(base_spec: Spec, base: tuple[Member, ...], base_names: dict[int, str], discriminator: tuple[str | None, str | None],
                 head_spec: Spec, head: tuple[Member, ...], head_names: dict[int, str]) -> Pairing:
    """Pair members of two `oneOf`/`anyOf` lists. `base_names`/`head_names` map id(object) to its
    components pointer; `discriminator` is the property name each side discriminates on."""
    left = [_Facts.of(base_spec, member, base_names, discriminator[0]) for member in base]
    right = [_Facts.of(head_spec, member, head_names, discriminator[1]) for member in head]
    pairs: list[tuple[int, int]] = []
    for key in ("ref", "tag"):
        pairs += _by_key(left, right, key, pairs)
    pairs += _by_similarity(left, right, pairs)
    taken_left, taken_right = {b for b, _ in pairs}, {h for _, h in pairs}
    return Pairing(tuple(sorted(pairs, key=lambda p: p[1])), tuple(i for i in range(len(left)) if i not in taken_left),
                   tuple(i for i in range(len(right)) if i not in taken_right))


@dataclass(frozen=True)
class _Facts:
    ref: str | None  # the components pointer it names
    tag: str | None  # the discriminator value it fixes
    types: frozenset[str]
    properties: frozenset[str]
    shape: str  # everything else, for members with no properties (a string format, an enum)

    @classmethod
    def of(cls, spec: Spec, member: Member, names: dict[int, str], discriminator: str | None) -> _Facts:
        raw, pointer = member
        is_ref = isinstance(raw, dict) and isinstance(raw.get("$ref"), str)
        value, where = spec.resolve(raw, pointer)
        if not isinstance(value, dict):
            return cls(None, None, frozenset(), frozenset(), repr(value))
        ref = names.get(id(value), where) if is_ref else None
        properties = value.get("properties") if isinstance(value.get("properties"), dict) else {}
        declared = value.get("type")
        types = frozenset([declared] if isinstance(declared, str) else declared if isinstance(declared, list) else [])
        shape = repr(sorted((k, repr(v)) for k, v in value.items() if k in ("format", "enum", "const", "pattern", "items")))
        return cls(ref, _tag(spec, properties, discriminator), frozenset(t for t in types if isinstance(t, str)),
                   frozenset(properties), shape)


def _tag(spec: Spec, properties: dict[str, Any], discriminator: str | None) -> str | None:
    if discriminator is None or discriminator not in properties:
        return None
    value, _ = spec.resolve(properties[discriminator], "")
    if not isinstance(value, dict):
        return None
    if "const" in value:
        return repr(value["const"])
    enum = value.get("enum")
    return repr(enum[0]) if isinstance(enum, list) and len(enum) == 1 else None


def _by_key(left: list[_Facts], right: list[_Facts], key: str, done: list[tuple[int, int]]) -> list[tuple[int, int]]:
    taken_left, taken_right = {b for b, _ in done}, {h for _, h in done}
    found = []
    for h, facts in enumerate(right):
        value = getattr(facts, key)
        if value is None or h in taken_right:
            continue
        for b, other in enumerate(left):
            if b not in taken_left and getattr(other, key) == value:
                found.append((b, h))
                taken_left.add(b)
                break
    return found


def _by_similarity(left: list[_Facts], right: list[_Facts], done: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The most similar remaining pairs first; members with nothing in common stay unpaired, unless
    exactly one is left on each side (one member edited in place)."""
    taken_left, taken_right = {b for b, _ in done}, {h for _, h in done}
    free_left = [b for b in range(len(left)) if b not in taken_left]
    free_right = [h for h in range(len(right)) if h not in taken_right]
    scored = sorted(((_similarity(left[b], right[h]), b, h) for b in free_left for h in free_right),
                    key=lambda found: (-found[0], found[1], found[2]))
    found = []
    for score, b, h in scored:
        if b in taken_left or h in taken_right:
            continue
        if score <= 0 and not (len(free_left) == 1 and len(free_right) == 1):
            continue
        found.append((b, h))
        taken_left.add(b)
        taken_right.add(h)
    return found


def _similarity(a: _Facts, b: _Facts) -> float:
    if (a.ref is not None and b.ref is not None) or (a.tag is not None and b.tag is not None):
        return 0.0  # two different named members (or tags) are different members
    if a.types and b.types and not a.types & b.types:
        return 0.0
    if a.properties and b.properties:
        shared = len(a.properties & b.properties)
        return shared / len(a.properties | b.properties) or (0.1 if a.types == b.types and a.types else 0.0)
    if a.properties or b.properties:  # a free-form object and one with properties: the same member, made precise
        return 0.1 if a.types == b.types and a.types else 0.0
    return 1.0 if a.shape == b.shape else 0.5 if a.types == b.types and a.types else 0.0


# --- members and form values -----------------------------------------------------------------

def arrayish(raw: Any) -> bool:
    """An array, or a oneOf/anyOf with an array member."""
    if not isinstance(raw, dict):
        return False
    if raw.get("type") == "array":
        return True
    members = raw.get("anyOf") or raw.get("oneOf")
    return isinstance(members, list) and any(isinstance(m, dict) and m.get("type") == "array" for m in members)


def one_value(spec: Spec, raw: Any, pointer: str) -> tuple[Any, str]:
    """What one value of a form field or query parameter is: an array's item."""
    if isinstance(raw, dict) and raw.get("type") == "array" and isinstance(raw.get("items"), dict):
        return spec.resolve(raw["items"], jp.child(pointer, "items"))
    return raw, pointer


def spelled_as_array(spec: Spec, member: tuple[Any, str], other_spec: Spec, others: tuple[tuple[Any, str], ...]) -> bool:
    """Is `member` a scalar whose type an array member on the other side holds (`string` next to
    `array of string`)?"""
    value, _ = spec.resolve(*member)
    if not isinstance(value, dict) or value.get("type") in (None, "array", "object"):
        return False
    for raw, pointer in others:
        other, _ = other_spec.resolve(raw, pointer)
        items = other.get("items") if isinstance(other, dict) and other.get("type") == "array" else None
        if isinstance(items, dict) and other_spec.resolve(items, "")[0].get("type") == value.get("type"):
            return True
    return False


def only_nullability(view: SchemaView) -> SchemaView:
    """The view with only its nullability, for a schema compared member by member."""
    return replace(view, raw={}, types=frozenset(), format=None, enum=None, constraints={})


def as_member(view: SchemaView) -> SchemaView:
    """A schema with no oneOf/anyOf as the one member of its own list."""
    return view if view.alternatives else replace(view, alternatives=((view.raw, view.pointer),))
