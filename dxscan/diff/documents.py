"""The two documents of a diff: opened (a file, '-' or `REV:path`), a split spec's component
references put back (into a new document: the loaded one is not edited), compared for equality,
and locations of a git revision labelled `REV:path`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dxscan import pointer as jp
from dxscan.load.git import load_revision, parse_git_path
from dxscan.load.loader import LoadedSpec, load
from dxscan.model import Spec
from dxscan.results import Location


def open_document(source: str, allow_external_refs: bool) -> LoadedSpec:
    """The loaded spec of `source`; a spec split into files comes back in its single-file form."""
    revision = parse_git_path(source)
    if revision is not None:
        loaded = load_revision(revision, allow_external_refs)
    else:
        loaded = load(source, allow_external_refs=allow_external_refs)
    return internalised(loaded) if len(loaded.files) > 1 else loaded


def internalised(loaded: LoadedSpec) -> LoadedSpec:
    """A copy of `loaded` with the `#/components/...` references a split spec's bundling inlined
    put back: where a component's object (by identity) appears outside its components entry, or a
    kept `file#/...` reference names it, the copy has `{"$ref": "#/components/..."}`. The document
    is then the one its single-file form gives, so splitting a spec into files changes neither the
    diff nor the scan's pointers and fingerprints. Only the containers on the way to a replaced
    node are copied (each copy keeps its original's file origin, so locations still lead to the
    right file and line); everything else is shared with `loaded`, which is left as it was."""
    if not isinstance(loaded.document, dict):
        return loaded
    spec = Spec.from_loaded(loaded)
    rebuild = _Rebuild(loaded, component_pointers(spec), {id(c) for c in _component_sections(spec)})
    document = rebuild.node(loaded.document)
    if document is loaded.document:
        return loaded
    return replace(loaded, document=document, origins=rebuild.origins)


class _Rebuild:
    """Copy-on-write walk: `node(x)` is `x` itself when nothing below it changes, else a copy."""

    def __init__(self, loaded: LoadedSpec, components: dict[int, str], sections: set[int]):
        self.loaded, self.components, self.sections = loaded, components, sections
        self.origins = dict(loaded.origins)
        self.done: dict[int, Any] = {}
        self.walking: set[int] = set()

    def node(self, node: Any) -> Any:
        if not isinstance(node, (dict, list)) or id(node) in self.walking:
            return node  # a cycle's way back keeps the original
        if id(node) in self.done:
            return self.done[id(node)]
        self.walking.add(id(node))
        children = [(key, self._child(node, value)) for key, value in _items(node)]
        self.walking.discard(id(node))
        result = node
        if any(new is not old for (_, new), (_, old) in zip(children, _items(node))):
            result = dict(children) if isinstance(node, dict) else [value for _, value in children]
            if id(node) in self.origins:
                self.origins[id(result)] = self.origins[id(node)]
        self.done[id(node)] = result
        return result

    def _child(self, parent: Any, value: Any) -> Any:
        named = _named_component(self.loaded, self.components, value) if id(parent) not in self.sections else None
        return {"$ref": "#" + named} if named is not None else self.node(value)


def _items(node: dict | list) -> list[tuple[Any, Any]]:
    return list(node.items()) if isinstance(node, dict) else list(enumerate(node))


def _named_component(loaded: LoadedSpec, components: dict[int, str], value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    reference = value.get("$ref")
    if isinstance(reference, str) and not reference.startswith("#") and len(value) == 1:
        target = loaded.resolve_ref(reference)
        return components.get(id(target)) if target is not None else None
    return components.get(id(value))


def _component_sections(spec: Spec) -> list[Any]:
    names = ("definitions", "parameters", "responses") if spec.version == "2.0" else ()
    found = [spec.document.get(name) for name in names]
    components = spec.document.get("components")
    if isinstance(components, dict):
        found += list(components.values())
    return [section for section in found if isinstance(section, dict)]


def component_pointers(spec: Spec) -> dict[int, str]:
    """id(object) -> its components pointer, so a schema inlined from another file (a split spec)
    is reported where it is named, whichever path reached it first."""
    sections = (("definitions",), ("parameters",), ("responses",)) if spec.version == "2.0" else \
        tuple(("components", s) for s in ("schemas", "parameters", "responses", "requestBodies", "headers"))
    found: dict[int, str] = {}
    for tokens in sections:
        try:
            container = jp.get(spec.document, tokens)
        except KeyError:
            continue
        if not isinstance(container, dict):
            continue
        for name, value in container.items():
            raw, where = spec.resolve(value, jp.join(*tokens, name))
            if isinstance(raw, dict):
                found.setdefault(id(raw), where)
    return found


def same_document(base: LoadedSpec, head: LoadedSpec) -> bool:
    """The same document, however written: then the structural diff and the second scan are
    skipped, since scores and findings are functions of the document, its files and its problems."""
    if len(base.files) != len(head.files):
        return False
    if sorted((p.rule, p.pointer) for p in base.problems) != sorted((p.rule, p.pointer) for p in head.problems):
        return False
    try:
        return base.document == head.document
    except RecursionError:  # a document that holds itself (a loader cycle): compare pair by pair
        return _equal(base.document, head.document)


def _equal(base: Any, head: Any) -> bool:
    """`base == head` for documents that may contain cycles: a pair met again is taken as equal."""
    pending, seen = [(base, head)], set()
    while pending:
        left, right = pending.pop()
        if (id(left), id(right)) in seen:
            continue
        seen.add((id(left), id(right)))
        if isinstance(left, dict) and isinstance(right, dict):
            if left.keys() != right.keys():
                return False
            pending.extend((left[key], right[key]) for key in left)
        elif isinstance(left, list) and isinstance(right, list):
            if len(left) != len(right):
                return False
            pending.extend(zip(left, right))
        elif isinstance(left, (dict, list)) or isinstance(right, (dict, list)) or left != right:
            return False
    return True


def labelled(location: Location | None, source: str) -> Location | None:
    """A location of a side read from a git revision, shown as `REV:path`."""
    revision = parse_git_path(source)
    if revision is None or location is None:
        return location
    return Location(f"{revision.revision}:{location.file}", location.line, location.column)
