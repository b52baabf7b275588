"""Two versions of an API -> what changed for its consumers, and whether the change may ship.

The structural diff compares the two documents the way a client sees them, not the way they are
written: operations are matched by method and path template, parameters by location and name,
`$ref`s are followed (so JSON vs YAML, reordered keys and a spec split into files compare equal),
and each change is judged by its direction, as oasdiff does: a request that now accepts less breaks
clients that send; a response that now carries more (or less) breaks clients that read.

A schema shared by forty operations is compared once: comparisons are remembered per pair of
schema objects and direction, and a change records every operation that reaches it (its blast
radius) instead of being reported forty times. Every comparison returns the changes it found (or
remembered), and the operation that asked adds itself to them: no "current operation" state.

Score deltas and new findings come from the two scans (`api.scan_loaded`, see `diff.findings`),
so a pull request that makes the DX worse without breaking anyone is caught too; `diff.gate`
decides the verdict. `diff` (sources) and `diff_loaded` (loaded specs) are the entry points.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dxscan import __version__
from dxscan import pointer as jp
from dxscan.catalogue import SEVERITY_RANK
from dxscan.config import Config
from dxscan.diff.documents import component_pointers, labelled, open_document, same_document
from dxscan.diff.findings import finding_changes, score_changes, score_deltas
from dxscan.diff.gate import Gate, Verdict, allowed, verdict
from dxscan.diff.kinds import BREAKING, CHANGE_KINDS, INFO, KIND_ORDER, Change, ScoreDelta
from dxscan.diff.members import arrayish, as_member, one_value, only_nullability, pair_members, spelled_as_array
from dxscan.diff.sanctioned import internal_references, sanctioned_base
from dxscan.diff.schema import (
    FORM,
    PATH,
    REQUEST,
    RESPONSE,
    SchemaView,
    child_schemas,
    judge_request,
    judge_response,
    schema_view,
    types_disjoint,
)
from dxscan.diff.security import alternatives, anonymous, describe, public, requirements, satisfied
from dxscan.diff.sunsets import Sunset, declared_sunset, operation_sunset
from dxscan.load.loader import LoadedSpec
from dxscan.model import Operation, Parameter, RequestBody, Response, Spec
from dxscan.results import Location, Report
from dxscan.scan.pipeline import scan_loaded

STABILITY = ("draft", "alpha", "beta", "stable")
UNSTABLE = ("draft", "alpha")  # oasdiff: endpoints at these levels may change freely


@dataclass(frozen=True)
class Side:
    """One of the two versions, as named on the command line."""

    source: str
    title: str | None
    version: str | None
    openapi: str | None
    operations: int
    score: int | None
    grade: str


@dataclass(frozen=True)
class Diff:
    tool_version: str
    base: Side
    head: Side
    changes: tuple[Change, ...]
    scores: tuple[ScoreDelta, ...]
    verdict: Verdict

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def fails(self, change: Change) -> bool:
        """Whether this change is one the verdict failed on."""
        return Gate(self.verdict.fail_on, self.verdict.max_score_drop).fails(change)


# --- the structural diff ----------------------------------------------------------------------

def structural_changes(base: Spec, head: Spec, today: date | None = None, unchanged: frozenset[str] = frozenset()) -> list[Change]:
    """Every change between two loaded specs, each once, with the operations it reaches.
    `unchanged` names components (`/components/schemas/Pet`) known to be equal in both, with
    everything they reach: compared with themselves, they are skipped (`dxscan history` knows them)."""
    comparer = _Comparer(base, head, today or date.today(), unchanged)
    comparer.run()
    return comparer.changes()


@dataclass
class _Record:
    id: str
    side: str
    pointer: str
    message: str
    kind: str
    severity: str
    operations: set[str] = field(default_factory=set)


_Key = tuple[str, str, str]  # (change id, side, pointer)


class _Comparer:
    """Compares two specs. Every comparing method returns the keys of the changes it found or
    remembered; `run` adds each operation to the changes its own comparison returned."""

    def __init__(self, base: Spec, head: Spec, today: date, unchanged: frozenset[str] = frozenset()):
        self.base, self.head, self.today, self.unchanged = base, head, today, unchanged
        self.records: dict[_Key, _Record] = {}
        self.memo: dict[tuple[int, int, str], list[_Key]] = {}
        self.active: set[tuple[int, int, str]] = set()
        self.stability: dict[str, str | None] = {}
        self.canonical = {"base": component_pointers(base), "head": component_pointers(head)}

    # --- recording ----------------------------------------------------------------------------

    def emit(self, change_id: str, side: str, pointer: str, message: str,
             kind: str | None = None, severity: str | None = None) -> _Key:
        key = (change_id, side, pointer)
        if key not in self.records:
            entry = CHANGE_KINDS[change_id]
            self.records[key] = _Record(change_id, side, pointer, message, kind or entry.kind, severity or entry.severity)
        return key

    def reach(self, operation: str, keys: list[_Key]) -> None:
        """`operation` reaches these changes."""
        for key in keys:
            self.records[key].operations.add(operation)

    def changes(self) -> list[Change]:
        located = {"base": self.base.loaded, "head": self.head.loaded}
        result = []
        for record in self.records.values():
            kind, message = self._stability_kind(record)
            location = located[record.side].locate(record.pointer)
            result.append(Change(record.id, kind, record.severity if kind == record.kind else "info", message,
                                 record.pointer, record.side, location, tuple(sorted(record.operations))))
        return result

    def _stability_kind(self, record: _Record) -> tuple[str, str]:
        """oasdiff's rule: operations at x-stability-level draft or alpha may change freely."""
        if record.kind != BREAKING or not record.operations or record.id == "stability-decreased":
            return record.kind, record.message
        levels = {self.stability.get(op) for op in record.operations}
        if not levels <= set(UNSTABLE):
            return record.kind, record.message
        return INFO, f"{record.message} (allowed: x-stability-level {'/'.join(sorted(levels))})"

    # --- operations ---------------------------------------------------------------------------

    def run(self) -> None:
        base_ops, head_ops = _by_template(self.base.operations), _by_template(self.head.operations)
        removed_paths = self._removed_paths(base_ops, head_ops)
        for key, operation in base_ops.items():
            self.stability[operation.label] = _stability(operation)
            if key in head_ops:
                head = head_ops[key]
                self.stability[head.label] = _stability(operation)
                self.reach(head.label, self._operation(operation, head))
            elif key[2] not in removed_paths:
                self.reach(operation.label, [self._removed_operation(operation)])
        self._added(base_ops, head_ops)
        self._tags()

    def _removed_paths(self, base_ops: dict[tuple, Operation], head_ops: dict[tuple, Operation]) -> set[str]:
        head_templates = {key[2] for key in head_ops}
        removed: dict[str, list[Operation]] = {}
        for key, operation in base_ops.items():
            if key[2] not in head_templates and operation.kind == "operation":
                removed.setdefault(key[2], []).append(operation)
        for operations in removed.values():
            key = self._removed_path(operations)
            for operation in operations:
                self.reach(operation.label, [key])
        return set(removed)

    def _removed_path(self, operations: list[Operation]) -> _Key:
        path = operations[0].path
        kind, severity, why = self._removal(operations)
        return self.emit("path-removed", "base", jp.join("paths", path), f"path {path} was removed{why}: calls to it get 404",
                         kind, severity)

    def _removed_operation(self, operation: Operation) -> _Key:
        kind, severity, why = self._removal([operation])
        return self.emit("operation-removed", "base", operation.pointer, f"{operation.label} was removed{why}: calls to it fail",
                         kind, severity)

    def _removal(self, operations: list[Operation]) -> tuple[str, str, str]:
        """Removing an endpoint breaks clients, unless it was deprecated and its sunset has passed."""
        if not all(op.deprecated for op in operations):
            return BREAKING, "error", ""
        return self._after_sunset([operation_sunset(op) for op in operations])

    def _after_sunset(self, sunsets: list[Sunset | None]) -> tuple[str, str, str]:
        """(kind, severity, why) of removing something deprecated with these sunsets."""
        if any(s is None for s in sunsets):
            return BREAKING, "warning", " (it was deprecated, but no sunset date was announced)"
        invalid = [s.text for s in sunsets if s is not None and not s.valid]
        if invalid:
            return BREAKING, "warning", f" (it was deprecated, but its sunset '{invalid[0]}' is not a date)"
        dates = [s.when for s in sunsets if s is not None and s.when is not None]
        if not dates or max(dates) <= self.today:
            return INFO, "info", " after its announced sunset"
        return BREAKING, "error", f" before its sunset date ({max(dates).isoformat()})"

    def _added(self, base_ops: dict[tuple, Operation], head_ops: dict[tuple, Operation]) -> None:
        base_templates = {key[2] for key in base_ops}
        for key, operation in head_ops.items():
            if key in base_ops:
                continue
            if key[2] not in base_templates and operation.kind == "operation":
                added = self.emit("path-added", "head", jp.join("paths", operation.path), f"path {operation.path} was added")
            else:
                added = self.emit("operation-added", "head", operation.pointer, f"{operation.label} was added")
            self.reach(operation.label, [added])

    def _operation(self, base: Operation, head: Operation) -> list[_Key]:
        return [
            *self._path_parameters(base, head),
            *self._stability(base, head),
            *self._operation_id(base, head),
            *self._texts(base.raw, head.raw, base.pointer, head.pointer, head.label, ("summary", "description")),
            *self._deprecation(base, head),
            *self._security(base, head),
            *self._parameters(base, head),
            *self._request_body(base, head),
            *self._responses(base, head),
        ]

    def _path_parameters(self, base: Operation, head: Operation) -> list[_Key]:
        before, after = _template_names(base.path), _template_names(head.path)
        if before == after or head.kind != "operation":
            return []
        renames = ", ".join(f"'{b}' -> '{a}'" for b, a in zip(before, after) if b != a)
        pointer = jp.join("paths", head.path)
        return [self.emit("path-parameter-renamed", "head", pointer, f"path parameter renamed in {head.path}: {renames}")]

    def _stability(self, base: Operation, head: Operation) -> list[_Key]:
        before, after = _stability(base), _stability(head)
        if before is None or after is None or before == after:
            return []
        pointer = jp.child(head.pointer, "x-stability-level")
        if STABILITY.index(after) < STABILITY.index(before):
            return [self.emit("stability-decreased", "head", pointer, f"{head.label}: x-stability-level lowered from {before} to {after}")]
        return [self.emit("stability-changed", "head", pointer, f"{head.label}: x-stability-level raised from {before} to {after}")]

    def _operation_id(self, base: Operation, head: Operation) -> list[_Key]:
        before, after = base.operation_id, head.operation_id
        if before == after:
            return []
        if before is None:
            return [self.emit("operation-id-added", "head", jp.child(head.pointer, "operationId"),
                              f"{head.label} has operationId '{after}'")]
        if after is None:
            return [self.emit("operation-id-renamed", "base", jp.child(base.pointer, "operationId"),
                              f"{head.label} lost its operationId '{before}': SDK method names change")]
        return [self.emit("operation-id-renamed", "head", jp.child(head.pointer, "operationId"),
                          f"operationId of {head.label} renamed '{before}' -> '{after}': SDK method names change")]

    def _texts(self, base: Any, head: Any, base_pointer: str, head_pointer: str, name: str,
               keys: tuple[str, ...] = ("description",)) -> list[_Key]:
        """Descriptions and summaries that disappeared (a regression) or appeared."""
        keys_found = []
        for key in keys:
            before, after = _text(base, key), _text(head, key)
            if before and not after:
                keys_found.append(self.emit(f"{key}-removed", "base", jp.child(base_pointer, key), f"{name} lost its {key}"))
            elif after and not before:
                keys_found.append(self.emit(f"{key}-added", "head", jp.child(head_pointer, key), f"{name} has a new {key}"))
        return keys_found

    def _examples(self, base: Any, head: Any, base_pointer: str, head_pointer: str, name: str) -> list[_Key]:
        before, after = _has_example(base), _has_example(head)
        if before and not after:
            return [self.emit("example-removed", "base", base_pointer, f"{name} lost its example")]
        if after and not before:
            return [self.emit("example-added", "head", head_pointer, f"{name} has a new example")]
        return []

    def _deprecation(self, base: Operation, head: Operation) -> list[_Key]:
        if base.deprecated and head.deprecated:
            return self._sunset_change(base, head)
        if base.deprecated or not head.deprecated:
            return []
        pointer = jp.child(head.pointer, "deprecated")
        sunset = operation_sunset(head)
        if (sunset is None or not sunset.valid) and not _replacement(head):
            why = "no sunset date (x-sunset)" if sunset is None else f"a sunset that is not a date ('{sunset.text}')"
            return [self.emit("deprecated-without-sunset", "head", pointer, f"{head.label} was deprecated with {why} or replacement")]
        return [self.emit("operation-deprecated", "head", pointer, f"{head.label} was deprecated")]

    def _sunset_change(self, base: Operation, head: Operation) -> list[_Key]:
        """A deprecated operation's sunset must not move earlier or disappear: clients plan by it."""
        before, after = operation_sunset(base), operation_sunset(head)
        if before is None or before.when is None:
            return []
        if after is None or (after.when is None and not after.valid):
            what = "was removed" if after is None else f"is no longer a date ('{after.text}')"
            return [self.emit("sunset-removed", "head", head.pointer, f"the sunset of deprecated {head.label} {what}")]
        if after.when is not None and after.when < before.when:
            return [self.emit("sunset-moved-earlier", "head", head.pointer,
                              f"the sunset of {head.label} moved earlier: {before.when.isoformat()} -> {after.when.isoformat()}")]
        return []

    def _security(self, base: Operation, head: Operation) -> list[_Key]:
        before = requirements(base, self.base)
        after = requirements(head, self.head)
        if alternatives(before) == alternatives(after):
            return []
        pointer = jp.child(head.pointer, "security") if head.security is not None else "/security"
        if anonymous(before) and not anonymous(after) and not public(base, self.base):
            return [self.emit("security-documented", "head", pointer,
                              f"{head.label} now requires {describe(after)}; BASE declared no security for it and did not "
                              "mark it public (security: [])")]
        if anonymous(before) and not anonymous(after):
            return [self.emit("security-added", "head", pointer, f"{head.label} now requires authentication; it was public")]
        if any(not satisfied(alternative, after) for alternative in before):
            return [self.emit("security-tightened", "head", pointer,
                              f"{head.label} requires {describe(after)}; clients with {describe(before)} may be refused")]
        if any(not satisfied(alternative, before) for alternative in after):
            return [self.emit("security-removed", "head", pointer, f"{head.label} now accepts {describe(after)}")]
        return []

    # --- parameters ---------------------------------------------------------------------------

    def _parameters(self, base: Operation, head: Operation) -> list[_Key]:
        renames = dict(zip(_template_names(base.path), _template_names(head.path)))
        before = {_parameter_key(p, renames): p for p in base.parameters}
        after = {_parameter_key(p, {}): p for p in head.parameters}
        keys = []
        for key, parameter in after.items():
            if key not in before:
                keys += self._added_parameter(parameter)
            else:
                keys += self._parameter(before[key], parameter)
        for key, parameter in before.items():
            if key not in after:
                keys.append(self._removed_parameter(parameter))
        return keys

    def _removed_parameter(self, parameter: Parameter) -> _Key:
        """Clients still send a removed parameter: a required one they always send (a strict server
        rejects it: a warning, as oasdiff); a deprecated one may go only after its sunset."""
        name = _describe_parameter(parameter)
        if parameter.raw.get("deprecated") is True:
            kind, severity, why = self._after_sunset([declared_sunset(parameter.raw)])
            if kind == BREAKING and severity == "error":
                return self.emit("request-parameter-removed-before-sunset", "base", parameter.pointer, f"{name} was removed{why}")
            return self.emit("request-parameter-removed", "base", parameter.pointer, f"{name} was removed{why}")
        if parameter.required and parameter.location != "path":
            return self.emit("request-parameter-removed", "base", parameter.pointer,
                             f"required {name} was removed: clients still send it", BREAKING, "warning")
        return self.emit("request-parameter-removed", "base", parameter.pointer, f"{name} was removed")

    def _added_parameter(self, parameter: Parameter) -> list[_Key]:
        name = _describe_parameter(parameter)
        if parameter.location == "path":
            return []
        if parameter.required:
            return [self.emit("request-parameter-added-required", "head", parameter.pointer,
                              f"new required {name}: requests without it are rejected")]
        return [self.emit("request-parameter-added", "head", parameter.pointer, f"new optional {name}")]

    def _parameter(self, base: Parameter, head: Parameter) -> list[_Key]:
        name = _describe_parameter(head)
        keys = []
        if head.required and not base.required:
            keys.append(self.emit("request-parameter-became-required", "head", jp.child(head.pointer, "required"),
                                  f"{name} became required: requests without it are rejected"))
        elif base.required and not head.required:
            keys.append(self.emit("request-parameter-became-optional", "head", head.pointer, f"{name} became optional"))
        keys += self._texts(base.raw, head.raw, base.pointer, head.pointer, name)
        if "example" in base.raw or "examples" in base.raw or "example" in head.raw or "examples" in head.raw:
            keys += self._examples(base.raw, head.raw, base.pointer, head.pointer, name)
        if base.schema is not None and head.schema is not None:
            direction = PATH if head.location == "path" else FORM
            keys += self.schema(base.schema.raw, base.schema.pointer, head.schema.raw, head.schema.pointer, direction, name)
        return keys

    # --- request and response bodies ---------------------------------------------------------

    def _request_body(self, base: Operation, head: Operation) -> list[_Key]:
        before, after = base.request_body, head.request_body
        direction = RESPONSE if head.kind == "webhook" else REQUEST
        if before is None and after is None:
            return []
        if before is None:
            change = "request-body-became-required" if after.required else "request-body-added"
            return [self.emit(change, "head", after.pointer,
                              f"{head.label} has a new {'required' if after.required else 'optional'} request body")]
        if after is None and before.required:
            return [self.emit("request-body-removed", "base", before.pointer,
                              f"{head.label} no longer takes the request body it required: clients still send one", BREAKING, "error")]
        if after is None:
            return [self.emit("request-body-removed", "base", before.pointer, f"{head.label} no longer takes a request body")]
        return [*self._body_required(before, after, head.label),
                *self._texts(before.raw, after.raw, before.pointer, after.pointer, f"request body of {head.label}"),
                *self._media(before.content, after.content, direction, f"request body of {head.label}", success=True)]

    def _body_required(self, before: RequestBody, after: RequestBody, label: str) -> list[_Key]:
        if after.required and not before.required:
            return [self.emit("request-body-became-required", "head", jp.child(after.pointer, "required"),
                              f"request body of {label} became required")]
        if before.required and not after.required:
            return [self.emit("request-body-became-optional", "head", after.pointer, f"request body of {label} became optional")]
        return []

    def _media(self, before: tuple, after: tuple, direction: str, name: str, success: bool) -> list[_Key]:
        """Media types by name; one that only gained or lost parameters (`; charset=utf-8`) is the same."""
        base_media = {m.name: m for m in before}
        head_media = {m.name: m for m in after}
        base_media, head_media = _by_essence(base_media, head_media)
        request = direction != RESPONSE
        keys = []
        for media_name, media in base_media.items():
            if media_name in head_media:
                form = request and _essence(media_name) in ("application/x-www-form-urlencoded", "multipart/form-data")
                keys += self._media_type(media, head_media[media_name], FORM if form else direction, f"{name} ({media_name})")
                continue
            change = "request-media-type-removed" if request else "response-media-type-removed"
            kind = None if request or success else INFO
            keys.append(self.emit(change, "base", media.pointer, f"{name} no longer offers {media_name}", kind,
                                  None if kind is None else "info"))
        for media_name, media in head_media.items():
            if media_name not in base_media:
                change = "request-media-type-added" if request else "response-media-type-added"
                keys.append(self.emit(change, "head", media.pointer, f"{name} now offers {media_name}"))
        return keys

    def _media_type(self, base: Any, head: Any, direction: str, name: str) -> list[_Key]:
        """An example on the media type or on its schema is the body's example: moving it from one
        to the other changes nothing."""
        keys = []
        before, after = self._body_example(self.base, base), self._body_example(self.head, head)
        if before != after:
            keys += self._examples({"example": 1} if before else {}, {"example": 1} if after else {}, base.pointer, head.pointer, name)
        if base.schema is not None and head.schema is not None:
            keys += self.schema(base.schema.raw, base.schema.pointer, head.schema.raw, head.schema.pointer, direction, name,
                                top=True)
        return keys

    def _responses(self, base: Operation, head: Operation) -> list[_Key]:
        before = {r.status: r for r in base.responses}
        after = {r.status: r for r in head.responses}
        direction = REQUEST if head.kind == "webhook" else RESPONSE
        keys = []
        for status, response in before.items():
            if status in after:
                keys += self._response(response, after[status], direction, f"response {status} of {head.label}")
            elif response.is_success:
                keys.append(self.emit("response-success-status-removed", "base", response.pointer,
                                      f"{head.label} no longer returns {status}: clients waiting for it get another status"))
            else:
                keys.append(self.emit("error-response-removed", "base", response.pointer,
                                      f"{head.label} no longer documents its {status} response"))
        for status, response in after.items():
            if status in before:
                continue
            if response.is_success:
                keys.append(self.emit("response-status-added", "head", response.pointer, f"{head.label} may return {status}"))
            else:
                keys.append(self.emit("error-response-added", "head", response.pointer, f"{head.label} documents a {status} response"))
        return keys

    def _response(self, base: Response, head: Response, direction: str, name: str) -> list[_Key]:
        return [*self._texts(base.raw, head.raw, base.pointer, head.pointer, name),
                *self._headers(base, head, name),
                *self._media(base.content, head.content, direction, name, success=head.is_success)]

    def _headers(self, base: Response, head: Response, name: str) -> list[_Key]:
        before = {h.name.lower(): h for h in base.headers}
        after = {h.name.lower(): h for h in head.headers}
        keys = []
        for key, header in before.items():
            if key in after:
                keys += self._header(header, after[key], name)
                if header.raw.get("required") is True and after[key].raw.get("required") is not True:
                    keys.append(self.emit("response-header-became-optional", "head", after[key].pointer,
                                          f"{name} may no longer send header {header.name}: it is optional"))
            elif header.raw.get("required") is True:
                keys.append(self.emit("response-required-header-removed", "base", header.pointer,
                                      f"{name} no longer sends required header {header.name}"))
            else:
                keys.append(self.emit("response-header-removed", "base", header.pointer,
                                      f"{name} no longer sends header {header.name}"))
        for key, header in after.items():
            if key not in before:
                keys.append(self.emit("response-header-added", "head", header.pointer, f"{name} sends a new header {header.name}"))
        return keys

    def _header(self, base: Any, head: Any, name: str) -> list[_Key]:
        label = f"header {head.name} of {name}"
        keys = self._texts(base.raw, head.raw, base.pointer, head.pointer, label)
        if "schema" in base.raw and "schema" in head.raw:
            before, before_at = self.base.child(base.raw, base.pointer, "schema")
            after, after_at = self.head.child(head.raw, head.pointer, "schema")
            keys += self.schema(before, before_at, after, after_at, RESPONSE, label)
        return keys

    # --- schemas ------------------------------------------------------------------------------

    def _body_example(self, spec: Spec, media: Any) -> bool:
        if _has_example(media.raw):
            return True
        schema = spec.resolve(media.schema.raw, media.schema.pointer)[0] if media.schema is not None else None
        return _has_example(schema)

    def schema(self, base: Any, base_pointer: str, head: Any, head_pointer: str, direction: str, name: str,
               top: bool = False) -> list[_Key]:
        """Compare two schemas (refs followed) once per pair and direction: the changes found, or
        remembered from the first time, for the caller's operation to reach."""
        base, base_pointer = self.base.resolve(base, base_pointer)
        head, head_pointer = self.head.resolve(head, head_pointer)
        if direction == FORM and arrayish(base) != arrayish(head):  # `a` and `a` as a one-item array: one value
            (base, base_pointer), (head, head_pointer) = one_value(self.base, base, base_pointer), one_value(self.head, head, head_pointer)
        if base_pointer == head_pointer and base_pointer in self.unchanged:
            return []
        memo_key = (id(base), id(head), direction + ("/top" if top else ""))
        if memo_key in self.memo:
            return self.memo[memo_key]
        if memo_key in self.active:
            return []
        if self._same(base, head):
            self.memo[memo_key] = []
            return []
        self.active.add(memo_key)
        base_pointer = self.canonical["base"].get(id(base), base_pointer)
        head_pointer = self.canonical["head"].get(id(head), head_pointer)
        component = _component_name(head_pointer)
        name = f"'{component}'" if component else name
        before = schema_view(self.base, base, base_pointer, self.canonical["base"])
        after = schema_view(self.head, head, head_pointer, self.canonical["head"])
        # Each change once: a schema reached by many paths (a hostile document nests references
        # nine to a level) would otherwise repeat its changes once per path, exponentially.
        keys = list(dict.fromkeys(self._compare_schema(before, after, direction, name, examples=not top)))
        self.active.discard(memo_key)
        self.memo[memo_key] = keys
        return keys

    def _same(self, base: Any, head: Any) -> bool:
        """Equal in both documents, and every `$ref` inside names a component known to be unchanged
        (none, without `unchanged`): comparing them can find nothing. An inline request body left as
        it was is most of a large API's operations between two versions."""
        if not isinstance(base, dict):
            return False
        try:
            if base != head:
                return False
        except RecursionError:  # a document that holds itself: compared the long way
            return False
        references = internal_references(base, strict=True)
        return references is not None and all(reference[1:] in self.unchanged for reference in references)

    def _compare_schema(self, base: SchemaView, head: SchemaView, direction: str, name: str, examples: bool) -> list[_Key]:
        wrapped = bool(base.alternatives) != bool(head.alternatives)  # X <-> oneOf/anyOf [X, Y]: compared as members
        keys = self._value_changes(only_nullability(base), only_nullability(head), direction, name) if wrapped else \
            self._value_changes(base, head, direction, name)
        keys += self._texts(base.raw, head.raw, base.pointer, head.pointer, name)
        if examples:  # a body's own schema: its example is the body's, compared with the media type's
            keys += self._examples(base.raw, head.raw, base.pointer, head.pointer, name)
        if types_disjoint(base, head):  # object -> array: the type change says it all
            return keys
        if wrapped:
            return keys + self._members(as_member(base), as_member(head), direction, name)
        keys += self._properties(base, head, direction, name)
        for (before, before_at), (after, after_at), suffix in child_schemas(base, head):
            keys += self.schema(before, before_at, after, after_at, direction, _child(name, suffix, ""))
        keys += self._members(base, head, direction, name)
        return keys

    def _members(self, base: SchemaView, head: SchemaView, direction: str, name: str) -> list[_Key]:
        """oneOf/anyOf members paired as a set; a member gone or new is one change each."""
        if not base.alternatives or not head.alternatives:
            return []
        pairing = pair_members(self.base, base.alternatives, self.canonical["base"], (base.discriminator, head.discriminator),
                               self.head, head.alternatives, self.canonical["head"])
        keys = []
        for b, h in pairing.pairs:
            (before, before_at), (after, after_at) = base.alternatives[b], head.alternatives[h]
            keys += self.schema(before, before_at, after, after_at, direction, _child(name, f"<{h}>", ""))
        gone, new = list(pairing.removed), list(pairing.added)
        if direction == FORM:  # a scalar member next to an array of it: the same values on the wire
            gone = [i for i in gone if not spelled_as_array(self.base, base.alternatives[i], self.head, head.alternatives)]
            new = [i for i in new if not spelled_as_array(self.head, head.alternatives[i], self.base, base.alternatives)]
        removed = [_member_name(self.base, base.alternatives[i], self.canonical["base"], i) for i in gone]
        added = [_member_name(self.head, head.alternatives[i], self.canonical["head"], i) for i in new]
        request = direction != RESPONSE
        if removed:
            change = "request-type-narrowed" if request else "response-type-narrowed"
            text = f"{name} no longer accepts {', '.join(removed)}" if request else f"{name} is no longer {', '.join(removed)}"
            keys.append(self.emit(change, "head", head.pointer, text))
        if added:
            change = "request-type-widened" if request else "response-type-changed"
            text = f"{name} now accepts {', '.join(added)}" if request else f"{name} may now be {', '.join(added)} in responses"
            keys.append(self.emit(change, "head", head.pointer, text))
        return keys

    def _value_changes(self, base: SchemaView, head: SchemaView, direction: str, name: str) -> list[_Key]:
        found = judge_response(base, head, name) if direction == RESPONSE else judge_request(base, head, name, direction == PATH)
        keys = []
        for change_id, message in found:
            keys.append(self.emit(change_id, "head", head.pointer, message))
        return keys

    def _properties(self, base: SchemaView, head: SchemaView, direction: str, name: str) -> list[_Key]:
        skip = "writeOnly" if direction == RESPONSE else "readOnly"
        before = {k: v for k, v in base.properties.items() if not _flag(self.base, v[0], skip)}
        after = {k: v for k, v in head.properties.items() if not _flag(self.head, v[0], skip)}
        keys = []
        for prop, (value, pointer) in after.items():
            if prop not in before:
                keys.append(self._added_property(pointer, prop in head.required, direction, _property_name(name, prop, pointer)))
        replaced = _replaced(base.pointer, head.pointer)
        for prop, (value, pointer) in before.items():
            if prop not in after:
                keys.append(self._removed_property(pointer, prop in base.required, direction, _property_name(name, prop, pointer) + replaced))
            else:
                label = _property_name(name, prop, after[prop][1])
                keys += self._required(base, head, prop, after[prop][1], direction, label)
                keys += self.schema(value, pointer, after[prop][0], after[prop][1], direction, label)
        return keys

    def _added_property(self, pointer: str, required: bool, direction: str, name: str) -> _Key:
        if direction == RESPONSE:
            return self.emit("response-property-added", "head", pointer, f"response property {name} was added")
        if required:
            return self.emit("request-property-added-required", "head", pointer, f"new required request property {name}: requests without it are rejected")
        return self.emit("request-property-added", "head", pointer, f"new optional request property {name}")

    def _removed_property(self, pointer: str, required: bool, direction: str, name: str) -> _Key:
        if direction != RESPONSE and required:
            return self.emit("request-property-removed", "base", pointer,
                             f"required request property {name} was removed: clients still send it", BREAKING, "warning")
        if direction != RESPONSE:
            return self.emit("request-property-removed", "base", pointer, f"request property {name} was removed")
        severity = "error" if required else "warning"
        return self.emit("response-property-removed", "base", pointer, f"response property {name} was removed: clients reading it get nothing", severity=severity)

    def _required(self, base: SchemaView, head: SchemaView, prop: str, pointer: str, direction: str, name: str) -> list[_Key]:
        before, after = prop in base.required, prop in head.required
        if before == after:
            return []
        if direction != RESPONSE:
            change = "request-property-became-required" if after else "request-property-became-optional"
            return [self.emit(change, "head", pointer, f"request property {name} became {'required' if after else 'optional'}")]
        change = "response-property-became-required" if after else "response-property-became-optional"
        return [self.emit(change, "head", pointer, f"response property {name} " + ("is now always present" if after else "became optional: clients may not find it"))]

    # --- document level -------------------------------------------------------------------------

    def _tags(self) -> None:
        before = {t.name: t for t in self.base.tags}
        after = {t.name: t for t in self.head.tags}
        for name, tag in before.items():
            if name not in after:
                self.emit("tag-removed", "base", tag.pointer, f"tag '{name}' was removed")
            elif tag.description and not after[name].description:
                self.emit("description-removed", "base", jp.child(tag.pointer, "description"), f"tag '{name}' lost its description")
        for name, tag in after.items():
            if name not in before:
                self.emit("tag-added", "head", tag.pointer, f"tag '{name}' was added")


# --- helpers ------------------------------------------------------------------------------------

_TEMPLATE = re.compile(r"\{[^}/]*\}")
_QUOTED = re.compile(r"'[^']*'")
_REPLACEMENT = re.compile(r"\b(instead|replaced by|superseded by|migrate to|successor)\b", re.IGNORECASE)


def _by_template(operations: tuple[Operation, ...]) -> dict[tuple[str, str, str], Operation]:
    """Operations by (kind, method, path template with parameter names blanked), so renaming a
    path parameter is a rename, not a removal; two paths that blank the same keep their names."""
    keyed: dict[tuple[str, str, str], Operation] = {}
    clashes = Counter((op.kind, op.method, _TEMPLATE.sub("{}", op.path)) for op in operations)
    for operation in operations:
        template = _TEMPLATE.sub("{}", operation.path)
        key = (operation.kind, operation.method, template if clashes[(operation.kind, operation.method, template)] == 1 else operation.path)
        keyed.setdefault(key, operation)
    return keyed


def _property_name(name: str, prop: str, pointer: str) -> str:
    """A property defined in a named schema is named after it (`'NewPet.tag'`, even when reached
    through Pet's allOf); any other after the path that reached it."""
    tokens = jp.split(pointer)
    if len(tokens) == 5 and tokens[:2] == ("components", "schemas") and tokens[3] == "properties":
        return f"'{tokens[2]}.{prop}'"
    if len(tokens) == 4 and tokens[0] == "definitions" and tokens[2] == "properties":
        return f"'{tokens[1]}.{prop}'"
    return _child(name, prop)


def _child(name: str, part: str, separator: str = ".") -> str:
    """How messages name a part of a schema: `'Pet'` -> `'Pet.owner'`, `query parameter 'filter'`
    -> `query parameter 'filter.kind'`, `body of POST /pets` -> `'tags' in body of POST /pets`."""
    quoted = _QUOTED.search(name)
    if quoted is None:
        return f"'{part}' in {name}"
    return f"{name[:quoted.end() - 1]}{separator}{part}{name[quoted.end() - 1:]}"


def _template_names(path: str) -> list[str]:
    return [match.group(0)[1:-1] for match in _TEMPLATE.finditer(path)]


def _parameter_key(parameter: Parameter, renames: dict[str, str]) -> tuple[str, str]:
    if parameter.location == "header":
        return "header", parameter.name.lower()
    if parameter.location == "path":
        return "path", renames.get(parameter.name, parameter.name)
    return parameter.location, parameter.name


def _describe_parameter(parameter: Parameter) -> str:
    where = {"header": "header", "path": "path parameter", "query": "query parameter", "cookie": "cookie",
             "formData": "form field"}.get(parameter.location, f"{parameter.location} parameter")
    return f"{where} '{parameter.name}'"


def _component_name(pointer: str) -> str | None:
    tokens = jp.split(pointer)
    if len(tokens) == 3 and tokens[:2] == ("components", "schemas") or len(tokens) == 2 and tokens[0] == "definitions":
        return tokens[-1]
    return None


def _replaced(base_pointer: str, head_pointer: str) -> str:
    """` ('coupon' is now 'deleted_coupon')` when the two sides are different components."""
    before, after = _component_name(base_pointer), _component_name(head_pointer)
    return f" ('{before}' is now '{after}')" if before and after and before != after else ""


def _member_name(spec: Spec, member: tuple[Any, str], names: dict[int, str], index: int) -> str:
    """A oneOf/anyOf member as messages name it: its component (`'Cat'`) or its position (`member <1>`)."""
    value, where = spec.resolve(*member)
    component = _component_name(names.get(id(value), where))
    if component:
        return f"'{component}'"
    kind = value.get("type") if isinstance(value, dict) and isinstance(value.get("type"), str) else None
    return f"member <{index}> ({kind})" if kind else f"member <{index}>"


def _flag(spec: Spec, value: Any, flag: str) -> bool:
    raw, _ = spec.resolve(value, "")
    return isinstance(raw, dict) and raw.get(flag) is True


def _text(raw: Any, key: str) -> str | None:
    if not isinstance(raw, dict):
        return None
    value = raw.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _has_example(raw: Any) -> bool:
    return isinstance(raw, dict) and ("example" in raw or bool(raw.get("examples")))










def _by_essence(base: dict[str, Any], head: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Media types keyed so that one differing only in parameters (`application/json; charset=utf-8`)
    has the other's name, when that pairs a removed one with an added one."""
    renamed = {}
    for name in head:
        if name in base:
            continue
        partners = [b for b in base if b not in head and _essence(b) == _essence(name)]
        if len(partners) == 1:
            renamed[name] = partners[0]
    return base, {renamed.get(name, name): media for name, media in head.items()}


def _essence(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def _stability(operation: Operation) -> str | None:
    level = operation.raw.get("x-stability-level")
    return level if level in STABILITY else None


def _replacement(operation: Operation) -> bool:
    if any(k in operation.raw for k in ("x-replaced-by", "x-replacement", "x-successor")):
        return True
    return bool(_REPLACEMENT.search(operation.description or "") or _REPLACEMENT.search(operation.summary or ""))


# --- the pipeline: both sides loaded and scanned, compared, judged ------------------------------

def diff(base: str, head: str, config: Config | None = None, gate: Gate | None = None,
         allow_external_refs: bool = False, today: date | None = None) -> Diff:
    """Compare two specs (files, '-', or `REV:path`). Raises LoadError when one cannot be read."""
    base_loaded, head_loaded = open_document(base, allow_external_refs), open_document(head, allow_external_refs)
    return diff_loaded(base_loaded, head_loaded, base, head, config, gate, today)


def diff_loaded(base_loaded: LoadedSpec, head_loaded: LoadedSpec, base: str, head: str, config: Config | None = None,
                gate: Gate | None = None, today: date | None = None) -> Diff:
    """Compare two loaded specs, named `base` and `head` (their sources: a `REV:path` name labels
    locations with the revision). Neither loaded spec is changed."""
    gate = gate or Gate()
    head_report = scan_loaded(head_loaded, head, config)
    base_report = head_report if same_document(base_loaded, head_loaded) else scan_loaded(base_loaded, base, config)
    changes = judged_changes((base_loaded, base_report), (head_loaded, head_report), lambda loaded: scan_loaded(loaded, base, config),
                             gate.max_score_drop, today)
    named = [replace(c, location=labelled(c.location, base if c.side == "base" else head)) for c in changes]
    accepted = sorted((allowed(change, gate.allow) for change in named), key=_change_order)
    return Diff(__version__, _side(base, base_report), _side(head, head_report), tuple(accepted),
                score_deltas(base_report, head_report), verdict(accepted, gate))


Structural = Callable[[Spec, Spec], list[Change]]


def judged_changes(base: tuple[LoadedSpec, Report], head: tuple[LoadedSpec, Report], rescan: Callable[[LoadedSpec], Report],
                   max_score_drop: float, today: date | None = None, structural: Structural | None = None) -> list[Change]:
    """Every change between two sides already loaded and scanned, judged as `dxscan diff` judges
    them, before the gate's allowances: the structural changes, new and fixed findings, and score
    changes, with BASE's sanctioned removals (`diff.sanctioned`) failing nothing. `rescan` scans
    BASE with those removals made, when there are any; `structural` (default: `structural_changes`
    on `today`) may compare the two specs a faster way that finds the same changes (`dxscan
    history` leaves out what did not change)."""
    (base_loaded, base_report), (head_loaded, head_report) = base, head
    changes: list[Change] = []
    judged: tuple[Report, Spec] | None = None
    if not same_document(base_loaded, head_loaded):
        base_spec, head_spec = Spec.from_loaded(base_loaded), Spec.from_loaded(head_loaded)
        found = structural(base_spec, head_spec) if structural is not None else structural_changes(base_spec, head_spec, today)
        judged = _judged_base(base_loaded, head_loaded, found, rescan)
        changes += found
        changes += finding_changes(base_report, head_report, base_spec, head_spec, judged)
    judged_scores = score_deltas(judged[0], head_report) if judged else None
    return changes + score_changes(score_deltas(base_report, head_report), max_score_drop, judged_scores)


def _judged_base(base_loaded: LoadedSpec, head_loaded: LoadedSpec, structural: list[Change],
                 rescan: Callable[[LoadedSpec], Report]) -> tuple[Report, Spec] | None:
    """BASE with its sanctioned removals made (operations past their sunset, unused definitions),
    scanned: scores and new findings are judged against it, so those removals alone fail nothing."""
    loaded = sanctioned_base(base_loaded, head_loaded, structural)
    if loaded is None:
        return None
    return rescan(loaded), Spec.from_loaded(loaded)


def _side(source: str, report: Report) -> Side:
    spec = report.spec
    return Side(source, spec.title, spec.version, spec.openapi, spec.operations, report.scorecard.score, report.scorecard.grade)


def _change_order(change: Change) -> tuple:
    where = change.location or Location("", None, None)
    return (KIND_ORDER[change.kind], SEVERITY_RANK[change.severity], change.id, where.file, where.line or 0, change.pointer)
