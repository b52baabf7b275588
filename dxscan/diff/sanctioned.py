"""Removals a reviewer accepts: operations that were deprecated and are past their sunset, and
definitions nothing used (a component no `$ref` names, a security scheme or OAuth scope no
security requirement asks for). A score drop or a new finding caused by them alone must not fail
the gate, so the diff judges scores and new findings against BASE *with these removals already
made* (`sanctioned_base`): what is left is what the rest of the change did.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dxscan import pointer as jp
from dxscan.diff.kinds import INFO, Change
from dxscan.load.loader import LoadedSpec
from dxscan.model import Spec

COMPONENT_SECTIONS = ("schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks")


def sanctioned_base(base: LoadedSpec, head: LoadedSpec, changes: list[Change]) -> LoadedSpec | None:
    """BASE with the sanctioned removals made (a new document; `base` is unchanged), or None when
    there are none."""
    if not isinstance(base.document, dict) or not isinstance(head.document, dict):
        return None
    removals = [jp.split(c.pointer) for c in changes
                if c.id in ("operation-removed", "path-removed") and c.kind == INFO and c.side == "base"]
    removals += _unused_components_removed(base.document, head.document)
    removals += _unused_scopes_removed(Spec.from_loaded(base), head.document)
    if not removals:
        return None
    return replace(base, document=_without(base.document, removals))


def _unused_components_removed(base: dict[str, Any], head: dict[str, Any]) -> list[tuple[str, ...]]:
    gone = [(section, name) for section, container in _sections(base) for name in container if name not in _section(head, section)]
    if not gone:  # most versions remove nothing: no walk over the document for its references
        return []
    used = internal_references(base) or set()
    return [(*section, name) for section, name in gone if "#" + jp.join(*section, name) not in used]


def _sections(document: dict[str, Any]) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    names = [("definitions",), ("parameters",), ("responses",)] if "swagger" in document else []
    names += [("components", section) for section in COMPONENT_SECTIONS]
    found = [(tokens, _section(document, tokens)) for tokens in names]
    return [(tokens, container) for tokens, container in found if container]


def _section(document: dict[str, Any], tokens: tuple[str, ...]) -> dict[str, Any]:
    try:
        found = jp.get(document, tokens)
    except KeyError:
        return {}
    return found if isinstance(found, dict) else {}


def internal_references(node: Any, strict: bool = False) -> set[str] | None:
    """Every internal `$ref` under `node` (`#/...`); strict: None when one is not a string naming a
    place in this document (the caller cannot tell what it reaches)."""
    found: set[str] = set()
    pending, seen = [node], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if "$ref" in node:
                reference = node["$ref"]
                if isinstance(reference, str) and reference.startswith("#"):
                    found.add(reference)
                elif strict:
                    return None
            pending.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            pending.extend(value for value in node if isinstance(value, (dict, list)))
    return found


def _unused_scopes_removed(base: Spec, head: dict[str, Any]) -> list[tuple[str, ...]]:
    """OAuth scopes (and whole security schemes) no security requirement in BASE asks for, gone in HEAD."""
    head_schemes = _section(head, ("securityDefinitions",) if base.version == "2.0" else ("components", "securitySchemes"))
    if not any(_gone(name, scheme, head_schemes) for name, scheme in base.security_schemes.items()):
        return []  # nothing gone: the operations' requirements need not be read
    requirements = [*base.security, *(r for o in base.operations for r in (o.security or ()))]
    wanted: dict[str, set[str]] = {}
    for requirement in requirements:
        for name, scopes in requirement.items():
            wanted.setdefault(str(name), set()).update(s for s in scopes if isinstance(s, str))
    found = []
    for name, scheme in base.security_schemes.items():
        tokens = jp.split(scheme.pointer)
        if name not in head_schemes:
            if name not in wanted:
                found.append(tokens)
            continue
        found += [tokens_ for tokens_, scope in _scopes(scheme.raw, tokens) if scope not in wanted.get(name, set())
                  and not _has_scope(head_schemes[name], tokens_[len(tokens):])]
    return found


def _gone(name: str, scheme: Any, head_schemes: dict[str, Any]) -> bool:
    """The scheme, or one of its scopes, is not in HEAD."""
    if name not in head_schemes:
        return True
    tokens = jp.split(scheme.pointer)
    return any(not _has_scope(head_schemes[name], scope[len(tokens):]) for scope, _ in _scopes(scheme.raw, tokens))


def _scopes(raw: Any, tokens: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    if not isinstance(raw, dict):
        return []
    if isinstance(raw.get("scopes"), dict):  # Swagger 2.0
        return [((*tokens, "scopes", scope), scope) for scope in raw["scopes"]]
    flows = raw.get("flows") if isinstance(raw.get("flows"), dict) else {}
    return [((*tokens, "flows", flow, "scopes", scope), scope)
            for flow, body in flows.items() if isinstance(body, dict) and isinstance(body.get("scopes"), dict)
            for scope in body["scopes"]]


def _has_scope(scheme: Any, relative: tuple[str, ...]) -> bool:
    try:
        jp.get(scheme, relative)
    except KeyError:
        return False
    return True


def _without(document: dict[str, Any], removals: list[tuple[str, ...]]) -> dict[str, Any]:
    """A copy of `document` without the nodes at `removals`: only the containers on the way are
    copied, the rest is shared."""
    root = dict(document)
    copied = {id(root)}
    for tokens in removals:
        node: Any = root
        for token in tokens[:-1]:
            child = node.get(token) if isinstance(node, dict) else None
            if not isinstance(child, dict):
                node = None
                break
            if id(child) not in copied:
                child = dict(child)
                node[token] = child
                copied.add(id(child))
            node = child
        if isinstance(node, dict) and tokens:
            node.pop(tokens[-1], None)
    return root
