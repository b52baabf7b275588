"""Runs the selected checks over one spec and stamps catalogue metadata on their hits."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dxscan import pointer as jp
from dxscan.catalogue import SEVERITY_RANK, Rule, catalogue
from dxscan.checks import Context, Hit, check_function, rule_options, scope_size
from dxscan.config import Config
from dxscan.results import EngineResult, Finding, Location, RuleResult

INTERNAL_ERROR = "internal-error"
Locator = Callable[[set[str]], dict[str, Location]]  # pointers -> where each one is (LoadedSpec.locate_all)


@dataclass(frozen=True)
class Checked:
    """What the rules of one run found, before their hits are located (`located`): two steps, so
    that a split scan's graph half locates its findings after the join, when the child that
    indexed the text can answer (`scan.pipeline`)."""

    results: tuple[RuleResult, ...]
    crashed: tuple[Finding, ...]  # a crashing rule's internal-error finding, located already
    kept: tuple[tuple[Rule, str, Hit], ...]  # each hit shown, with its rule and severity


def check(context: Context, dimensions: Collection[str] | None = None) -> Checked:
    """Run every rule the context's configuration enables (of `dimensions`, when given); a
    crashing check becomes an internal-error finding, not a crash."""
    config = context.config
    crashed: list[Finding] = []
    results: list[RuleResult] = []
    kept: list[tuple[Rule, str, Hit]] = []
    sizes: dict[str, int] = {}  # scope -> how many things it holds: counted once per run, not per rule
    for rule in selected_rules(config, dimensions):
        rule_id = rule.id
        context.options = rule_options(rule, config)
        try:
            every = list(check_function(rule)(context))
        except Exception as error:  # noqa: BLE001 - isolating a broken check is the point
            crashed.append(_internal_error(context, rule, error))
            results.append(RuleResult(rule_id, rule.dimension, rule.scope, 0, 0, 0, crashed=True))
            continue
        hits = _unique(every)
        if config.ignores:
            counted = [hit for hit in every if not config.ignored(rule_id, hit.pointer)]
            shown = _unique(counted)
        else:  # nothing to leave out (the usual case): no test per hit
            counted, shown = every, hits
        context.remember(rule_id, counted)
        severity = config.rule_severity(rule)
        kept.extend((rule, severity, hit) for hit in shown)
        if rule.scope not in sizes:
            sizes[rule.scope] = scope_size(context.spec, rule.scope)
        results.append(_result(rule, config, hits, sizes[rule.scope]))
    return Checked(tuple(results), tuple(crashed), tuple(kept))


def located(context: Context, checked: Checked, locate: Locator | None = None) -> EngineResult:
    """`check`'s hits as findings, located by `locate` (by default the spec's `locate_all`) and
    sorted."""
    findings = [*checked.crashed, *_findings(context, checked.kept, locate or context.loaded.locate_all)]
    ordered, keys = _in_order(findings, order_keys(findings))
    return EngineResult(ordered, checked.results, keys)


def selected_rules(config: Config, dimensions: Collection[str] | None = None) -> list[Rule]:
    """The rules a scan runs: those with a check, enabled by the configuration, of `dimensions`
    (all when None), in id order."""
    return [
        rule for rule_id, rule in sorted(catalogue().items())
        if rule.check is not None and config.enabled(rule_id) and (dimensions is None or rule.dimension in dimensions)
    ]


def merged(parts: Iterable[EngineResult]) -> EngineResult:
    """Results of rule groups run apart (in two processes), in the order one run gives. A part
    brings its findings' sort keys when the engine sorted it or a child sent it packed
    (`EngineResult.orders`): a finding sent as its JSON line alone (`Finding.packed`) is then
    placed without making its fields attributes."""
    keys: list[tuple] = []
    findings: list[Finding] = []
    parts = list(parts)
    for part in parts:
        keys += part.orders if part.orders is not None else order_keys(part.findings)
        findings += part.findings
    results = sorted((result for part in parts for result in part.results), key=lambda result: result.rule)
    return EngineResult(_in_order(findings, keys)[0], tuple(results))


def _in_order(findings: list[Finding], keys: list[tuple]) -> tuple[tuple[Finding, ...], tuple[tuple, ...]]:
    """The findings and their keys sorted by key; equal keys keep their order (a stable sort of
    places: no two findings are compared)."""
    places = sorted(range(len(keys)), key=keys.__getitem__)
    return tuple(map(findings.__getitem__, places)), tuple(map(keys.__getitem__, places))


def order_keys(findings: Iterable[Finding]) -> list[tuple]:
    """Each finding's place in a report: file, line, column, then severity, rule and message."""
    return [_order(finding) for finding in findings]


def packed(result: EngineResult) -> tuple[list[str], list[str], list[tuple], list[tuple]]:
    """What a forked child sends of its findings (`Finding.packed`): their JSON lines, severities,
    sort keys (`order_keys`, or the engine's own when it made them) and fields
    (`Finding.packed_fields`), in one pass."""
    findings = result.findings
    orders = list(result.orders) if result.orders is not None else order_keys(findings)
    lines: list[str] = []
    severities: list[str] = []
    fields: list[tuple] = []
    for finding in findings:
        lines.append(finding.json_text)
        severities.append(finding.severity)
        fields.append(finding.packed_fields())
    return lines, severities, orders, fields


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        seen.setdefault((hit.pointer, hit.message), hit)
    return list(seen.values())


def _result(rule: Rule, config: Config, hits: list[Hit], checked: int) -> RuleResult:
    failed = min(len({hit.pointer for hit in hits}), checked)
    return RuleResult(rule.id, rule.dimension, rule.scope, config.rule_weight(rule), checked, failed)


def _findings(context: Context, kept: Iterable[tuple[Rule, str, Hit]], locate: Locator) -> list[Finding]:
    """Hits with their source positions, looked up together: one pass over a JSON file's text
    finds them all (LoadedSpec.locate_all). A pointer's identity is worked out once, however many
    hits it has."""
    locations = locate({hit.pointer for _, _, hit in kept if hit.location is None})
    document = context.spec.document
    identities = {"": ""}  # pointer -> identity_pointer; "" for an API-wide key
    findings = []
    for rule, severity, (pointer, message, key, location) in kept:
        if key[:1] == "@":
            identity = ""
        else:
            identity = identities.get(pointer)
            if identity is None:
                identity = identities[pointer] = identity_pointer(document, pointer)
        rule_id = rule.id
        findings.append(Finding(rule_id, rule.dimension, severity, message, pointer, location or locations[pointer],
                                _digest(rule_id, identity, key)))
    return findings


def _internal_error(context: Context, rule: Rule, error: Exception) -> Finding:
    message = f"rule '{rule.id}' crashed and was skipped: {type(error).__name__}: {error}"
    location = Location(context.loaded.root, None, None)
    return Finding(INTERNAL_ERROR, rule.dimension, "warning", message, "", location,
                   fingerprint(INTERNAL_ERROR, rule.id, ""))


def fingerprint(rule: str, pointer: str, key: str, document: Any = None) -> str:
    """Identifies a finding across edits: no line numbers, and (given the document) no list
    positions or path-parameter names (see `identity_pointer`), so moving lines, reordering keys or
    lists, renaming a path parameter or removing another operation keeps it. A key starting with
    `@` is the finding's whole identity (a finding about the API as a whole, wherever it is shown)."""
    if key.startswith("@"):
        pointer = ""
    elif document is not None:
        pointer = identity_pointer(document, pointer)
    return _digest(rule, pointer, key)


def _digest(rule: str, identity: str, key: str) -> str:
    return hashlib.sha1(f"{rule}\0{identity}\0{key}".encode()).hexdigest()[:16]


_TEMPLATE = re.compile(r"\{[^}/]*\}")
_NAMED_LISTS = {"parameters": ("in", "name"), "tags": ("name",), "servers": ("url",)}
_NAMING_PARENTS = frozenset(("allOf", "oneOf", "anyOf", *_NAMED_LISTS))  # where _list_name can name an index
_NAMING_PARENT = re.compile("/(?:" + "|".join(sorted(_NAMING_PARENTS)) + ")/")  # one of them, with a token after it


def identity_pointer(document: Any, pointer: str) -> str:
    """`pointer` with what an edit elsewhere changes replaced by what names the thing: path
    parameter names blanked (`/orders/{}`), a parameter's list index by its location and name
    (`parameters/query:limit`), a tag's or server's index by its name or URL, an `allOf`/`oneOf`/
    `anyOf` member's index by the `$ref` it holds."""
    if not pointer.startswith("/"):
        return pointer
    if _NAMING_PARENT.search(pointer):
        written = pointer.split("/")[1:]  # still escaped: what is compared below needs no unescaping
        if any(written[index].isdigit() and written[index - 1] in _NAMING_PARENTS for index in range(1, len(written))):
            return _listed_identity(document, pointer)
    return _unlisted_identity(pointer)


def _listed_identity(document: Any, pointer: str) -> str:
    """identity_pointer of a pointer with a list index that a name may replace."""
    raw = jp.split(pointer)
    tokens = list(raw)
    pointer_path = ""
    if len(tokens) > 1 and tokens[0] in _PATH_CONTAINERS:
        pointer_path, tokens[1] = tokens[1], _TEMPLATE.sub("{}", tokens[1])
    named = [index for index in range(1, len(raw)) if raw[index].isdigit() and raw[index - 1] in _NAMING_PARENTS]
    if not named:  # split differently from `written` (a `//` start): no list index to name after all
        return jp.from_tokens(tokens)
    node, parent = document, None
    for index, token in enumerate(raw[:named[-1] + 1]):
        try:
            node = jp.step(node, token)
        except KeyError:
            break
        if isinstance(parent, str) and token.isdigit():
            tokens[index] = _list_name(document, parent, node, pointer_path) or token
        parent = token
    return jp.from_tokens(tokens)


_PATH_CONTAINERS = ("paths", "webhooks", "x-ms-paths")
_NOT_CANONICAL = re.compile(r"~(?![01])")  # a `~` that escapes nothing: split and join would change it


def _unlisted_identity(pointer: str) -> str:
    """identity_pointer of a pointer without a list index to name: the pointer itself with the
    path template blanked, worked on the escaped text (a pointer split and joined again is the
    same text, unless it starts with `//` or holds a `~` that escapes nothing)."""
    if pointer.startswith("//") or ("~" in pointer and _NOT_CANONICAL.search(pointer)):
        tokens = list(jp.split(pointer))
        if len(tokens) > 1 and tokens[0] in _PATH_CONTAINERS:
            tokens[1] = _TEMPLATE.sub("{}", tokens[1])
        return jp.from_tokens(tokens)
    parts = pointer.split("/", 3)  # "", the first token, the second, the rest: only the second may change
    if len(parts) > 2 and parts[1] in _PATH_CONTAINERS and "{" in parts[2]:
        parts[2] = _blank_escaped_template(parts[2])
        return "/".join(parts)
    return pointer


@lru_cache(maxsize=16384)
def _blank_escaped_template(token: str) -> str:
    """An escaped path template with its parameter names blanked (`~1orders~1{id}` ->
    `~1orders~1{}`), once per path: the findings of one path share it."""
    return jp.escape(_TEMPLATE.sub("{}", jp.unescape(token)))


def _list_name(document: Any, parent: str, node: Any, path: str) -> str | None:
    if not isinstance(node, dict):
        return None
    reference = node.get("$ref")
    if parent in ("allOf", "oneOf", "anyOf"):
        return reference if isinstance(reference, str) else None
    fields = _NAMED_LISTS.get(parent)
    if fields is None:
        return None
    if isinstance(reference, str) and reference.startswith("#/"):
        try:
            node = jp.get(document, jp.split(reference[1:]))
        except KeyError:
            return None
    values = [node.get(field) for field in fields] if isinstance(node, dict) else [None]
    if not all(isinstance(value, str) for value in values):
        return None
    if parent == "parameters" and values[0] == "header":
        values[1] = values[1].lower()
    if parent == "parameters" and values[0] == "path" and "{" + values[1] + "}" in path:
        names = [match.group(0) for match in _TEMPLATE.finditer(path)]
        values[1] = f"#{names.index('{' + values[1] + '}')}"  # its place in the template: a rename keeps it
    return ":".join(values)


def _order(finding: Finding) -> tuple:
    where = finding.location
    return (where.file, where.line or 0, where.column or 0, SEVERITY_RANK[finding.severity], finding.rule, finding.message)
