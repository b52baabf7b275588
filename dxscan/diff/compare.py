"""Two versions of an API -> what changed for its consumers, and whether the change may ship.

The structural diff compares the two documents the way a client sees them, not the way they are
written: operations are matched by method and path template, parameters by location and name,
`$ref`s are followed (so JSON vs YAML, reordered keys and a spec split into files compare equal),
and each change is judged by its direction, as oasdiff does: a request that now accepts less breaks
clients that send; a response that now carries more (or less) breaks clients that read.

A schema shared by forty operations is compared once: comparisons are remembered per pair of
schema objects and direction, and a change records every operation that reaches it (its blast
radius) instead of being reported forty times.

Score deltas and new findings come from the two scans (`api.scan_loaded`), so a pull request that
makes the DX worse without breaking anyone (descriptions stripped, a new error finding) is caught
too. `Gate` decides the verdict.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dxscan import __version__
from dxscan import pointer as jp
from dxscan.catalogue import SEVERITY_RANK
from dxscan.config import Config
from dxscan.diff.schema import REQUEST, RESPONSE, SchemaView, child_schemas, judge_request, judge_response, schema_view
from dxscan.load.git import load_revision, parse_git_path
from dxscan.load.loader import LoadedSpec, load
from dxscan.model import Operation, Parameter, RequestBody, Response, Spec
from dxscan.results import Finding, Location, Report
from dxscan.scan.pipeline import scan_loaded

BREAKING, REGRESSION, IMPROVEMENT, INFO = "breaking", "regression", "improvement", "info"
KIND_ORDER = {BREAKING: 0, REGRESSION: 1, IMPROVEMENT: 2, INFO: 3}
FAIL_ON = ("breaking", "warning", "regression", "none")
STABILITY = ("draft", "alpha", "beta", "stable")
UNSTABLE = ("draft", "alpha")  # oasdiff: endpoints at these levels may change freely


@dataclass(frozen=True)
class ChangeKind:
    """One kind of change: its default kind and severity, and the help a reviewer reads."""

    id: str
    kind: str
    severity: str
    title: str
    help: str


def _kinds(*entries: tuple[str, str, str, str, str]) -> dict[str, ChangeKind]:
    return {entry[0]: ChangeKind(*entry) for entry in entries}


# Every change the diff reports. `help` says what a consumer will see and what to do instead.
CHANGE_KINDS = _kinds(
    ("path-removed", BREAKING, "error", "a path was removed",
     "Clients calling it get 404. Deprecate it first (deprecated: true, x-sunset: DATE) and remove it after the date."),
    ("operation-removed", BREAKING, "error", "an operation was removed",
     "Clients calling it get 404 or 405. Deprecate it with a sunset date first; removal after the sunset is not breaking."),
    ("request-parameter-added-required", BREAKING, "error", "a new required parameter or header",
     "Existing clients do not send it and are rejected. Make it optional with a default."),
    ("request-parameter-became-required", BREAKING, "error", "a parameter became required",
     "Clients that omit it are rejected. Keep it optional and default it on the server."),
    ("request-property-added-required", BREAKING, "error", "a new required request property",
     "Existing clients do not send it and get a 400. Make it optional with a default."),
    ("request-property-became-required", BREAKING, "error", "a request property became required",
     "Clients that omit it get a 400. Keep it optional and default it on the server."),
    ("request-body-became-required", BREAKING, "error", "the request body became required",
     "Clients that send no body are rejected."),
    ("request-enum-value-removed", BREAKING, "error", "a request enum value was removed",
     "Clients that send the removed value are rejected. Keep accepting it; deprecate it in the description."),
    ("request-type-narrowed", BREAKING, "error", "a request type was narrowed or changed",
     "Values clients send today no longer validate. Accept both types during a migration period."),
    ("request-format-narrowed", BREAKING, "error", "a request format was added or changed",
     "Values clients send today may no longer validate."),
    ("request-constraint-tightened", BREAKING, "error", "a request constraint was tightened",
     "Values clients send today (longer strings, larger numbers, other patterns) are rejected."),
    ("request-media-type-removed", BREAKING, "error", "a request media type was removed",
     "Clients sending that content type get 415 Unsupported Media Type."),
    ("response-property-removed", BREAKING, "error", "a response property was removed",
     "Clients that read it get nothing (or crash deserialising). Deprecate it and keep sending it."),
    ("response-property-became-optional", BREAKING, "error", "a response property became optional",
     "Clients that rely on it being present break when it is missing."),
    ("response-property-became-nullable", BREAKING, "error", "a response property became nullable",
     "Clients (and generated SDKs with non-null types) break on null."),
    ("response-type-changed", BREAKING, "error", "a response type was changed or widened",
     "Clients parse a type or format they do not expect."),
    ("response-enum-value-added", BREAKING, "warning", "a response enum value was added",
     "Clients with exhaustive switches over the enum break on the new value. Document how to handle unknown values."),
    ("response-success-status-removed", BREAKING, "error", "a success status was removed",
     "Clients that handle that status no longer receive it."),
    ("response-media-type-removed", BREAKING, "error", "a success response media type was removed",
     "Clients that ask for that content type get 406 or an unexpected body."),
    ("response-required-header-removed", BREAKING, "error", "a required response header was removed",
     "Clients that read the header (pagination links, rate limits, ids) get nothing."),
    ("security-added", BREAKING, "error", "security added to an operation that had none",
     "Anonymous clients get 401. Announce it, and add it to a new operation or version instead."),
    ("security-tightened", BREAKING, "error", "the operation requires credentials clients may not have",
     "Clients authorised under the old requirement get 401 or 403."),
    ("stability-decreased", BREAKING, "error", "x-stability-level was decreased",
     "A stability level may be raised (draft, alpha, beta, stable), never lowered: clients relied on the promise."),
    ("score-dropped", REGRESSION, "error", "a DX score dropped",
     "The change makes the API harder to build against; see the new findings."),
    ("new-finding", REGRESSION, "error", "a new finding",
     "The change adds a problem dxscan reports; `dxscan rules RULE` explains it and the fix."),
    ("description-removed", REGRESSION, "warning", "a description was removed",
     "Consumers and generated SDK docs lose the explanation."),
    ("summary-removed", REGRESSION, "warning", "an operation summary was removed",
     "Docs navigation and SDK method docs lose their one-line label."),
    ("example-removed", REGRESSION, "warning", "an example was removed",
     "Consumers lose the sample they copy from; mock servers lose their data."),
    ("operation-id-renamed", REGRESSION, "warning", "an operationId was renamed or removed",
     "Every generated SDK renames the method: client code stops compiling although the HTTP call is the same."),
    ("path-parameter-renamed", REGRESSION, "warning", "a path parameter was renamed",
     "Generated SDKs rename the argument, so callers using named arguments break."),
    ("deprecated-without-sunset", REGRESSION, "warning", "an endpoint was deprecated with no sunset or replacement",
     "Consumers cannot plan a migration. Add x-sunset (a date) and name the replacement (x-replaced-by or the description)."),
    ("error-response-removed", REGRESSION, "warning", "a documented error response was removed",
     "Consumers lose the description of an error they will still meet."),
    ("tag-removed", REGRESSION, "warning", "a tag was removed",
     "Docs sections and SDK groupings built from tags disappear or move."),
    ("score-rose", IMPROVEMENT, "info", "a DX score rose", "The change makes the API easier to build against."),
    ("finding-fixed", IMPROVEMENT, "info", "a finding was fixed", "A problem dxscan reported is gone."),
    ("description-added", IMPROVEMENT, "info", "a description was added", "More for consumers to read."),
    ("summary-added", IMPROVEMENT, "info", "an operation summary was added", "Docs and SDKs gain a label."),
    ("example-added", IMPROVEMENT, "info", "an example was added", "Consumers gain a sample to copy."),
    ("error-response-added", IMPROVEMENT, "info", "an error response was documented", "Consumers learn about an error."),
    ("operation-id-added", IMPROVEMENT, "info", "an operationId was added", "Generated SDKs get a stable method name."),
    ("path-added", INFO, "info", "a path was added", "New endpoints for the changelog."),
    ("operation-added", INFO, "info", "an operation was added", "A new endpoint for the changelog."),
    ("operation-deprecated", INFO, "info", "an operation was deprecated with a sunset or replacement",
     "Consumers can plan the migration."),
    ("request-parameter-added", INFO, "info", "an optional parameter was added", "Clients may start sending it."),
    ("request-parameter-removed", INFO, "info", "a parameter was removed",
     "Clients still sending it may be ignored or, on strict servers, rejected."),
    ("request-parameter-became-optional", INFO, "info", "a parameter became optional", "Clients may omit it."),
    ("request-property-added", INFO, "info", "an optional request property was added", "Clients may start sending it."),
    ("request-property-removed", INFO, "info", "a request property was removed",
     "Clients still sending it may be ignored or, with additionalProperties: false, rejected."),
    ("request-property-became-optional", INFO, "info", "a request property became optional", "Clients may omit it."),
    ("request-body-added", INFO, "info", "an optional request body was added", "Clients may send one."),
    ("request-body-removed", INFO, "info", "the request body was removed", "Clients may stop sending it."),
    ("request-body-became-optional", INFO, "info", "the request body became optional", "Clients may omit it."),
    ("request-enum-value-added", INFO, "info", "a request enum value was added", "Clients may send a new value."),
    ("request-type-widened", INFO, "info", "a request type was widened", "The operation accepts more."),
    ("request-constraint-relaxed", INFO, "info", "a request constraint was relaxed", "The operation accepts more."),
    ("request-media-type-added", INFO, "info", "a request media type was added", "Clients may send another content type."),
    ("response-property-added", INFO, "info", "a response property was added", "Clients may read more."),
    ("response-property-became-required", INFO, "info", "a response property is now always present", "Clients may rely on it."),
    ("response-type-narrowed", INFO, "info", "a response type was narrowed", "Responses carry fewer kinds of value."),
    ("response-enum-value-removed", INFO, "info", "a response enum value was removed", "Responses carry fewer values."),
    ("response-constraint-changed", INFO, "info", "a response constraint changed", "Documented bounds of a response value changed."),
    ("response-status-added", INFO, "info", "a response status was added", "Clients may meet a new status."),
    ("response-media-type-added", INFO, "info", "a response media type was added", "Clients may ask for another content type."),
    ("response-header-added", INFO, "info", "a response header was added", "Clients may read more."),
    ("response-header-removed", INFO, "info", "an optional response header was removed", "Clients reading it get nothing."),
    ("security-removed", INFO, "info", "an operation accepts weaker credentials or none", "More clients may call it."),
    ("tag-added", INFO, "info", "a tag was added", "A new docs section."),
    ("stability-changed", INFO, "info", "x-stability-level was raised", "The endpoint promises more stability."),
)


@dataclass(frozen=True)
class Change:
    """One change, in HEAD's document (side "head") or, for what was removed, in BASE's."""

    id: str
    kind: str
    severity: str
    message: str
    pointer: str
    side: str  # "head" or "base": where `pointer` and `location` are
    location: Location | None
    operations: tuple[str, ...] = ()  # every operation the change reaches, sorted
    rule: str | None = None  # the rule of a new or fixed finding
    allowed: str | None = None  # why it was accepted (--allow, the ignore file), or None

    @property
    def operation(self) -> str | None:
        return self.operations[0] if self.operations else None


@dataclass(frozen=True)
class ScoreDelta:
    name: str  # "overall" or a dimension
    base: int | None
    head: int | None

    @property
    def delta(self) -> int | None:
        return None if self.base is None or self.head is None else self.head - self.base


@dataclass(frozen=True)
class Allowance:
    """An accepted change: by change id (or, for findings, rule id), pointer and operation globs."""

    id: str
    reason: str
    pointer: str = "*"
    operation: str = "*"

    def matches(self, change: Change) -> bool:
        if self.id not in ("*", change.id, change.rule):
            return False
        if not fnmatch.fnmatchcase(change.pointer, self.pointer):
            return False
        return self.operation == "*" or any(fnmatch.fnmatchcase(op, self.operation) for op in change.operations)


@dataclass(frozen=True)
class Gate:
    """When a diff fails: `fail_on` breaking (the default: severity-error changes), warning (also
    warning-level breaking changes and new warning findings), regression (also every other
    regression), none. A score drop of more than `max_score_drop` points is an error."""

    fail_on: str = "breaking"
    max_score_drop: float = 2.0
    allow: tuple[Allowance, ...] = ()

    def fails(self, change: Change) -> bool:
        if change.allowed is not None or self.fail_on == "none" or change.kind not in (BREAKING, REGRESSION):
            return False
        if change.severity == "error":
            return True
        if change.severity != "warning" or self.fail_on == "breaking":
            return False
        return self.fail_on == "regression" or change.kind == BREAKING or change.id == "new-finding"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    fail_on: str
    max_score_drop: float
    failing: int  # changes that fail the gate
    reasons: tuple[str, ...]  # why it failed, one phrase per kind of failure


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

def structural_changes(base: Spec, head: Spec, today: date | None = None) -> list[Change]:
    """Every change between two loaded specs, each once, with the operations it reaches."""
    comparer = _Comparer(base, head, today or date.today())
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
    def __init__(self, base: Spec, head: Spec, today: date):
        self.base, self.head, self.today = base, head, today
        self.records: dict[_Key, _Record] = {}
        self.memo: dict[tuple[int, int, str], list[_Key]] = {}
        self.active: set[tuple[int, int, str]] = set()
        self.operation: str | None = None
        self.stability: dict[str, str | None] = {}
        self.canonical = {"base": _component_pointers(base), "head": _component_pointers(head)}

    # --- recording ----------------------------------------------------------------------------

    def emit(self, change_id: str, side: str, pointer: str, message: str,
             kind: str | None = None, severity: str | None = None) -> _Key:
        key = (change_id, side, pointer)
        record = self.records.get(key)
        if record is None:
            entry = CHANGE_KINDS[change_id]
            record = _Record(change_id, side, pointer, message, kind or entry.kind, severity or entry.severity)
            self.records[key] = record
        if self.operation is not None:
            record.operations.add(self.operation)
        return key

    def reach(self, keys: list[_Key]) -> None:
        """The current operation also reaches these (remembered) changes."""
        if self.operation is None:
            return
        for key in keys:
            self.records[key].operations.add(self.operation)

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
                self._operation(operation, head_ops[key])
            elif key[2] not in removed_paths:
                self._removed_operation(operation)
        self._added(base_ops, head_ops)
        self.operation = None
        self._tags()

    def _removed_paths(self, base_ops: dict[tuple, Operation], head_ops: dict[tuple, Operation]) -> set[str]:
        head_templates = {key[2] for key in head_ops}
        removed: dict[str, list[Operation]] = {}
        for key, operation in base_ops.items():
            if key[2] not in head_templates and operation.kind == "operation":
                removed.setdefault(key[2], []).append(operation)
        for operations in removed.values():
            self._removed_path(operations)
        return set(removed)

    def _removed_path(self, operations: list[Operation]) -> None:
        path = operations[0].path
        kind, severity, why = self._removal(operations)
        pointer = jp.join("paths", path)
        for operation in operations:
            self.operation = operation.label
            self.emit("path-removed", "base", pointer, f"path {path} was removed{why}: calls to it get 404", kind, severity)

    def _removed_operation(self, operation: Operation) -> None:
        self.operation = operation.label
        kind, severity, why = self._removal([operation])
        self.emit("operation-removed", "base", operation.pointer, f"{operation.label} was removed{why}: calls to it fail", kind, severity)

    def _removal(self, operations: list[Operation]) -> tuple[str, str, str]:
        """Removing an endpoint breaks clients, unless it was deprecated and its sunset has passed."""
        if not all(op.deprecated for op in operations):
            return BREAKING, "error", ""
        sunsets = [_sunset(op) for op in operations]
        if any(s is None for s in sunsets):
            return BREAKING, "warning", " (it was deprecated, but no sunset date was announced)"
        last = max(sunsets)
        if last is True or (isinstance(last, date) and last <= self.today):
            return INFO, "info", " after its announced sunset"
        return BREAKING, "error", f" before its sunset date ({last.isoformat()})"

    def _added(self, base_ops: dict[tuple, Operation], head_ops: dict[tuple, Operation]) -> None:
        base_templates = {key[2] for key in base_ops}
        for key, operation in head_ops.items():
            if key in base_ops:
                continue
            self.operation = operation.label
            if key[2] not in base_templates and operation.kind == "operation":
                self.emit("path-added", "head", jp.join("paths", operation.path), f"path {operation.path} was added")
            else:
                self.emit("operation-added", "head", operation.pointer, f"{operation.label} was added")

    def _operation(self, base: Operation, head: Operation) -> None:
        self.operation = head.label
        self.stability[head.label] = _stability(base)
        self._path_parameters(base, head)
        self._stability(base, head)
        self._operation_id(base, head)
        self._texts(base.raw, head.raw, base.pointer, head.pointer, head.label, ("summary", "description"))
        self._deprecation(base, head)
        self._security(base, head)
        self._parameters(base, head)
        self._request_body(base, head)
        self._responses(base, head)

    def _path_parameters(self, base: Operation, head: Operation) -> None:
        before, after = _template_names(base.path), _template_names(head.path)
        if before != after and head.kind == "operation":
            renames = ", ".join(f"'{b}' -> '{a}'" for b, a in zip(before, after) if b != a)
            pointer = jp.join("paths", head.path)
            self.emit("path-parameter-renamed", "head", pointer, f"path parameter renamed in {head.path}: {renames}")

    def _stability(self, base: Operation, head: Operation) -> None:
        before, after = _stability(base), _stability(head)
        if before is None or after is None or before == after:
            return
        pointer = jp.child(head.pointer, "x-stability-level")
        if STABILITY.index(after) < STABILITY.index(before):
            self.emit("stability-decreased", "head", pointer, f"{head.label}: x-stability-level lowered from {before} to {after}")
        else:
            self.emit("stability-changed", "head", pointer, f"{head.label}: x-stability-level raised from {before} to {after}")

    def _operation_id(self, base: Operation, head: Operation) -> None:
        before, after = base.operation_id, head.operation_id
        if before == after:
            return
        if before is None:
            self.emit("operation-id-added", "head", jp.child(head.pointer, "operationId"), f"{head.label} has operationId '{after}'")
        elif after is None:
            self.emit("operation-id-renamed", "base", jp.child(base.pointer, "operationId"),
                      f"{head.label} lost its operationId '{before}': SDK method names change")
        else:
            self.emit("operation-id-renamed", "head", jp.child(head.pointer, "operationId"),
                      f"operationId of {head.label} renamed '{before}' -> '{after}': SDK method names change")

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

    def _deprecation(self, base: Operation, head: Operation) -> None:
        if base.deprecated or not head.deprecated:
            return
        pointer = jp.child(head.pointer, "deprecated")
        if _sunset(head) is None and not _replacement(head):
            self.emit("deprecated-without-sunset", "head", pointer,
                      f"{head.label} was deprecated with no sunset date (x-sunset) or replacement")
        else:
            self.emit("operation-deprecated", "head", pointer, f"{head.label} was deprecated")

    def _security(self, base: Operation, head: Operation) -> None:
        before = _requirements(base, self.base)
        after = _requirements(head, self.head)
        if _alternatives(before) == _alternatives(after):
            return
        pointer = jp.child(head.pointer, "security") if head.security is not None else "/security"
        if _anonymous(before) and not _anonymous(after):
            self.emit("security-added", "head", pointer, f"{head.label} now requires authentication; it had none")
        elif any(not _satisfied(alternative, after) for alternative in before):
            self.emit("security-tightened", "head", pointer,
                      f"{head.label} requires {_describe(after)}; clients with {_describe(before)} may be refused")
        elif any(not _satisfied(alternative, before) for alternative in after):
            self.emit("security-removed", "head", pointer, f"{head.label} now accepts {_describe(after)}")

    # --- parameters ---------------------------------------------------------------------------

    def _parameters(self, base: Operation, head: Operation) -> None:
        renames = dict(zip(_template_names(base.path), _template_names(head.path)))
        before = {_parameter_key(p, renames): p for p in base.parameters}
        after = {_parameter_key(p, {}): p for p in head.parameters}
        for key, parameter in after.items():
            if key not in before:
                self._added_parameter(parameter)
            else:
                self._parameter(before[key], parameter)
        for key, parameter in before.items():
            if key not in after:
                self.emit("request-parameter-removed", "base", parameter.pointer, f"{_describe_parameter(parameter)} was removed")

    def _added_parameter(self, parameter: Parameter) -> None:
        name = _describe_parameter(parameter)
        if parameter.required and parameter.location != "path":
            self.emit("request-parameter-added-required", "head", parameter.pointer, f"new required {name}: requests without it are rejected")
        elif parameter.location != "path":
            self.emit("request-parameter-added", "head", parameter.pointer, f"new optional {name}")

    def _parameter(self, base: Parameter, head: Parameter) -> None:
        name = _describe_parameter(head)
        if head.required and not base.required:
            self.emit("request-parameter-became-required", "head", jp.child(head.pointer, "required"), f"{name} became required: requests without it are rejected")
        elif base.required and not head.required:
            self.emit("request-parameter-became-optional", "head", head.pointer, f"{name} became optional")
        self._texts(base.raw, head.raw, base.pointer, head.pointer, name)
        if "example" in base.raw or "examples" in base.raw or "example" in head.raw or "examples" in head.raw:
            self._examples(base.raw, head.raw, base.pointer, head.pointer, name)
        if base.schema is not None and head.schema is not None:
            self.schema(base.schema.raw, base.schema.pointer, head.schema.raw, head.schema.pointer, REQUEST, name)

    # --- request and response bodies ---------------------------------------------------------

    def _request_body(self, base: Operation, head: Operation) -> None:
        before, after = base.request_body, head.request_body
        direction = RESPONSE if head.kind == "webhook" else REQUEST
        if before is None and after is None:
            return
        if before is None:
            change = "request-body-became-required" if after.required else "request-body-added"
            self.emit(change, "head", after.pointer, f"{head.label} has a new {'required' if after.required else 'optional'} request body")
            return
        if after is None:
            self.emit("request-body-removed", "base", before.pointer, f"{head.label} no longer takes a request body")
            return
        self._body_required(before, after, head.label)
        self._texts(before.raw, after.raw, before.pointer, after.pointer, f"request body of {head.label}")
        self._media(before.content, after.content, direction, f"request body of {head.label}", success=True)

    def _body_required(self, before: RequestBody, after: RequestBody, label: str) -> None:
        if after.required and not before.required:
            self.emit("request-body-became-required", "head", jp.child(after.pointer, "required"), f"request body of {label} became required")
        elif before.required and not after.required:
            self.emit("request-body-became-optional", "head", after.pointer, f"request body of {label} became optional")

    def _media(self, before: tuple, after: tuple, direction: str, name: str, success: bool) -> None:
        base_media = {m.name: m for m in before}
        head_media = {m.name: m for m in after}
        request = direction == REQUEST
        for media_name, media in base_media.items():
            if media_name in head_media:
                self._media_type(media, head_media[media_name], direction, f"{name} ({media_name})")
                continue
            change = "request-media-type-removed" if request else "response-media-type-removed"
            kind = None if request or success else INFO
            self.emit(change, "base", media.pointer, f"{name} no longer offers {media_name}", kind, None if kind is None else "info")
        for media_name, media in head_media.items():
            if media_name not in base_media:
                change = "request-media-type-added" if request else "response-media-type-added"
                self.emit(change, "head", media.pointer, f"{name} now offers {media_name}")

    def _media_type(self, base: Any, head: Any, direction: str, name: str) -> None:
        if base.raw or head.raw:
            self._examples(base.raw, head.raw, base.pointer, head.pointer, name)
        if base.schema is not None and head.schema is not None:
            self.schema(base.schema.raw, base.schema.pointer, head.schema.raw, head.schema.pointer, direction, name)

    def _responses(self, base: Operation, head: Operation) -> None:
        before = {r.status: r for r in base.responses}
        after = {r.status: r for r in head.responses}
        direction = REQUEST if head.kind == "webhook" else RESPONSE
        for status, response in before.items():
            if status in after:
                self._response(response, after[status], direction, f"response {status} of {head.label}")
            elif response.is_success:
                self.emit("response-success-status-removed", "base", response.pointer, f"{head.label} no longer returns {status}: clients waiting for it get another status")
            else:
                self.emit("error-response-removed", "base", response.pointer, f"{head.label} no longer documents its {status} response")
        for status, response in after.items():
            if status in before:
                continue
            if response.is_success:
                self.emit("response-status-added", "head", response.pointer, f"{head.label} may return {status}")
            else:
                self.emit("error-response-added", "head", response.pointer, f"{head.label} documents a {status} response")

    def _response(self, base: Response, head: Response, direction: str, name: str) -> None:
        self._texts(base.raw, head.raw, base.pointer, head.pointer, name)
        self._headers(base, head, name)
        self._media(base.content, head.content, direction, name, success=head.is_success)

    def _headers(self, base: Response, head: Response, name: str) -> None:
        before = {h.name.lower(): h for h in base.headers}
        after = {h.name.lower(): h for h in head.headers}
        for key, header in before.items():
            if key in after:
                self._header(header, after[key], name)
            elif header.raw.get("required") is True:
                self.emit("response-required-header-removed", "base", header.pointer, f"{name} no longer sends required header {header.name}")
            else:
                self.emit("response-header-removed", "base", header.pointer, f"{name} no longer sends header {header.name}")
        for key, header in after.items():
            if key not in before:
                self.emit("response-header-added", "head", header.pointer, f"{name} sends a new header {header.name}")

    def _header(self, base: Any, head: Any, name: str) -> None:
        label = f"header {head.name} of {name}"
        self._texts(base.raw, head.raw, base.pointer, head.pointer, label)
        if "schema" in base.raw and "schema" in head.raw:
            before, before_at = self.base.child(base.raw, base.pointer, "schema")
            after, after_at = self.head.child(head.raw, head.pointer, "schema")
            self.schema(before, before_at, after, after_at, RESPONSE, label)

    # --- schemas ------------------------------------------------------------------------------

    def schema(self, base: Any, base_pointer: str, head: Any, head_pointer: str, direction: str, name: str) -> list[_Key]:
        """Compare two schemas (refs followed) once per pair and direction; the current operation
        is added to every change found, including remembered ones."""
        base, base_pointer = self.base.resolve(base, base_pointer)
        head, head_pointer = self.head.resolve(head, head_pointer)
        memo_key = (id(base), id(head), direction)
        if memo_key in self.memo:
            self.reach(self.memo[memo_key])
            return self.memo[memo_key]
        if memo_key in self.active:
            return []
        self.active.add(memo_key)
        base_pointer = self.canonical["base"].get(id(base), base_pointer)
        head_pointer = self.canonical["head"].get(id(head), head_pointer)
        component = _component_name(head_pointer)
        name = f"'{component}'" if component else name
        before = schema_view(self.base, base, base_pointer, self.canonical["base"])
        after = schema_view(self.head, head, head_pointer, self.canonical["head"])
        keys = self._compare_schema(before, after, direction, name)
        self.active.discard(memo_key)
        self.memo[memo_key] = keys
        return keys

    def _compare_schema(self, base: SchemaView, head: SchemaView, direction: str, name: str) -> list[_Key]:
        keys = self._value_changes(base, head, direction, name)
        keys += self._texts(base.raw, head.raw, base.pointer, head.pointer, name)
        keys += self._examples(base.raw, head.raw, base.pointer, head.pointer, name)
        keys += self._properties(base, head, direction, name)
        for (before, before_at), (after, after_at), suffix in child_schemas(base, head):
            keys += self.schema(before, before_at, after, after_at, direction, _child(name, suffix, ""))
        return keys

    def _value_changes(self, base: SchemaView, head: SchemaView, direction: str, name: str) -> list[_Key]:
        judge = judge_request if direction == REQUEST else judge_response
        keys = []
        for change_id, message in judge(base, head, name):
            keys.append(self.emit(change_id, "head", head.pointer, message))
        return keys

    def _properties(self, base: SchemaView, head: SchemaView, direction: str, name: str) -> list[_Key]:
        skip = "readOnly" if direction == REQUEST else "writeOnly"
        before = {k: v for k, v in base.properties.items() if not _flag(self.base, v[0], skip)}
        after = {k: v for k, v in head.properties.items() if not _flag(self.head, v[0], skip)}
        keys = []
        for prop, (value, pointer) in after.items():
            if prop not in before:
                keys.append(self._added_property(pointer, prop in head.required, direction, _property_name(name, prop, pointer)))
        for prop, (value, pointer) in before.items():
            if prop not in after:
                keys.append(self._removed_property(pointer, prop in base.required, direction, _property_name(name, prop, pointer)))
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
        if direction == REQUEST:
            return self.emit("request-property-removed", "base", pointer, f"request property {name} was removed")
        severity = "error" if required else "warning"
        return self.emit("response-property-removed", "base", pointer, f"response property {name} was removed: clients reading it get nothing", severity=severity)

    def _required(self, base: SchemaView, head: SchemaView, prop: str, pointer: str, direction: str, name: str) -> list[_Key]:
        before, after = prop in base.required, prop in head.required
        if before == after:
            return []
        if direction == REQUEST:
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


def _component_pointers(spec: Spec) -> dict[int, str]:
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


def _component_name(pointer: str) -> str | None:
    tokens = jp.split(pointer)
    if len(tokens) == 3 and tokens[:2] == ("components", "schemas") or len(tokens) == 2 and tokens[0] == "definitions":
        return tokens[-1]
    return None


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










def _stability(operation: Operation) -> str | None:
    level = operation.raw.get("x-stability-level")
    return level if level in STABILITY else None


def _sunset(operation: Operation) -> date | bool | None:
    """The announced sunset: x-sunset / x-sunset-date (a date), or a Sunset response header
    (True: announced, date unknown); None when there is none."""
    for key in ("x-sunset", "x-sunset-date"):
        value = operation.raw.get(key)
        if value is not None:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                return True
    if any(h.name.lower() == "sunset" for r in operation.responses for h in r.headers):
        return True
    return None


def _replacement(operation: Operation) -> bool:
    if any(k in operation.raw for k in ("x-replaced-by", "x-replacement", "x-successor")):
        return True
    return bool(_REPLACEMENT.search(operation.description or "") or _REPLACEMENT.search(operation.summary or ""))


def _requirements(operation: Operation, spec: Spec) -> tuple[dict[str, frozenset[str]], ...]:
    declared = operation.security if operation.security is not None else spec.security
    return tuple({str(name): frozenset(s for s in scopes if isinstance(s, str)) for name, scopes in requirement.items()}
                 for requirement in declared)


def _alternatives(requirements: tuple[dict[str, frozenset[str]], ...]) -> frozenset:
    return frozenset(frozenset(r.items()) for r in requirements)


def _anonymous(requirements: tuple[dict[str, frozenset[str]], ...]) -> bool:
    return not requirements or any(not r for r in requirements)


def _satisfied(credentials: dict[str, frozenset[str]], requirements: tuple[dict[str, frozenset[str]], ...]) -> bool:
    """Can a client holding `credentials` (one alternative) meet one of `requirements`?"""
    if _anonymous(requirements):
        return True
    return any(all(name in credentials and scopes <= credentials[name] for name, scopes in r.items()) for r in requirements)


def _describe(requirements: tuple[dict[str, frozenset[str]], ...]) -> str:
    """`oauth(pets:write) or apiKey`; `no credentials` for an empty requirement."""
    options = sorted(" + ".join(_credential(name, scopes) for name, scopes in sorted(r.items())) or "no credentials"
                     for r in requirements)
    return " or ".join(options) or "no credentials"


def _credential(name: str, scopes: frozenset[str]) -> str:
    return f"{name}({' '.join(sorted(scopes))})" if scopes else name



# --- the pipeline: both sides loaded and scanned, compared, judged ------------------------------

def diff(base: str, head: str, config: Config | None = None, gate: Gate | None = None,
         allow_external_refs: bool = False, today: date | None = None) -> Diff:
    """Compare two specs (files, '-', or `REV:path`). Raises LoadError when one cannot be read."""
    gate = gate or Gate()
    base_loaded, head_loaded = _open(base, allow_external_refs), _open(head, allow_external_refs)
    head_report = scan_loaded(head_loaded, head, config)
    same = _same_document(base_loaded, head_loaded)
    base_report = head_report if same else scan_loaded(base_loaded, base, config)
    changes: list[Change] = []
    if not same:
        base_spec, head_spec = Spec.from_loaded(base_loaded), Spec.from_loaded(head_loaded)
        changes += structural_changes(base_spec, head_spec, today)
        changes += finding_changes(base_report, head_report, base_spec, head_spec)
    scores = score_deltas(base_report, head_report)
    changes += score_changes(scores, gate.max_score_drop)
    labelled = [_label(change, base if change.side == "base" else head) for change in changes]
    accepted = sorted((_allowed(change, gate.allow) for change in labelled), key=_change_order)
    return Diff(__version__, _side(base, base_report), _side(head, head_report), tuple(accepted), scores,
                verdict(accepted, gate))


def _open(source: str, allow_external_refs: bool) -> LoadedSpec:
    revision = parse_git_path(source)
    if revision is not None:
        loaded = load_revision(revision, allow_external_refs)
    else:
        loaded = load(source, allow_external_refs=allow_external_refs)
    if len(loaded.files) > 1:
        _internalise(loaded)
    return loaded


def _internalise(loaded: LoadedSpec) -> None:
    """Put back, in place, the `#/components/...` references a split spec's bundling inlined: where
    a component's object (by identity) appears outside its components entry, or a kept `file#/...`
    reference names it, it becomes `{"$ref": "#/components/..."}`. The document is then the one its
    single-file form gives, so splitting a spec into files changes neither the diff nor the scan's
    pointers and fingerprints. Locations still lead to the right file and line."""
    if not isinstance(loaded.document, dict):
        return
    spec = Spec.from_loaded(loaded)
    components = _component_pointers(spec)
    sections = {id(container) for container in _component_sections(spec)}
    pending, seen = [loaded.document], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            named = _named_component(loaded, components, value) if id(node) not in sections else None
            if named is not None:
                node[key] = {"$ref": "#" + named}
            elif isinstance(value, (dict, list)):
                pending.append(value)


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


def _same_document(base: LoadedSpec, head: LoadedSpec) -> bool:
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


def _side(source: str, report: Report) -> Side:
    spec = report.spec
    return Side(source, spec.title, spec.version, spec.openapi, spec.operations, report.scorecard.score, report.scorecard.grade)


def score_deltas(base: Report, head: Report) -> tuple[ScoreDelta, ...]:
    before = {d.name: d.score for d in base.scorecard.dimensions}
    after = {d.name: d.score for d in head.scorecard.dimensions}
    overall = ScoreDelta("overall", base.scorecard.score, head.scorecard.score)
    return (overall, *(ScoreDelta(name, before.get(name), after.get(name)) for name in after))


def score_changes(scores: tuple[ScoreDelta, ...], max_drop: float) -> list[Change]:
    changes = []
    for score in scores:
        if not score.delta:
            continue
        what = "DX score" if score.name == "overall" else f"{score.name} score"
        text = f"{what} {score.base} -> {score.head} ({score.delta:+d})"
        pointer = ""
        if score.delta > 0:
            changes.append(Change("score-rose", IMPROVEMENT, "info", text, pointer, "head", None))
            continue
        beyond = -score.delta > max_drop
        message = text + (f", more than the {max_drop:g} allowed" if beyond else f", within the {max_drop:g} allowed")
        changes.append(Change("score-dropped", REGRESSION, "error" if beyond else "info", message, pointer, "head", None))
    return changes


def finding_changes(base: Report, head: Report, base_spec: Spec, head_spec: Spec) -> list[Change]:
    """New findings (in HEAD, not in BASE) and fixed ones. Findings match by fingerprint (rule,
    pointer, detail: no line numbers); then by rule and canonical pointer (a schema inlined from
    another file is named by its components pointer, so splitting a spec into files changes
    nothing); then by rule and message (a list index that moved)."""
    fresh, gone = _unmatched(head.findings, base.findings, lambda f: f.fingerprint)
    if fresh and gone:
        head_key, base_key = _canonical_key(head_spec), _canonical_key(base_spec)
        fresh, gone = _unmatched(fresh, gone, head_key, base_key)
    fresh, gone = _unmatched(fresh, gone, lambda f: (f.rule, f.message))
    operations = {operation.pointer: operation.label for operation in head_spec.operations}
    changes = [_new_finding(f, operations) for f in fresh]
    changes += [Change("finding-fixed", IMPROVEMENT, "info", f"{f.rule}: {f.message}", f.pointer, "base", f.location,
                       rule=f.rule) for f in gone]
    return changes


def _unmatched(head: Any, base: Any, head_key: Any, base_key: Any = None) -> tuple[list[Finding], list[Finding]]:
    base_key = base_key or head_key
    remaining = Counter(base_key(f) for f in base)
    fresh = [f for f in head if not _take(remaining, head_key(f))]
    gone = [f for f in base if _take(remaining, base_key(f))]
    return fresh, gone


def _canonical_key(spec: Spec) -> Any:
    components = _component_pointers(spec)

    def key(finding: Finding) -> tuple[str, str, str]:
        return finding.rule, _canonical_pointer(spec.document, components, finding.pointer), finding.message

    return key


def _canonical_pointer(document: Any, components: dict[int, str], pointer: str) -> str:
    """The pointer with every prefix that reaches a component replaced by the component's pointer."""
    if not pointer.startswith("/"):
        return pointer
    tokens = jp.split(pointer)
    node, result = document, []
    for index, token in enumerate(tokens):
        try:
            node = jp.step(node, token)
        except KeyError:
            return jp.from_tokens(result + list(tokens[index:]))
        named = components.get(id(node))
        result = list(jp.split(named)) if named is not None else [*result, token]
    return jp.from_tokens(result)


def _take(counter: Counter, key: Any) -> bool:
    if counter[key] <= 0:
        return False
    counter[key] -= 1
    return True


def _new_finding(finding: Finding, operations: dict[str, str]) -> Change:
    kind = REGRESSION if finding.severity in ("error", "warning") else INFO
    operation = _operation_of(finding.pointer, operations)
    return Change("new-finding", kind, finding.severity, f"{finding.rule}: {finding.message}", finding.pointer, "head",
                  finding.location, (operation,) if operation else (), rule=finding.rule)


def _operation_of(pointer: str, operations: dict[str, str]) -> str | None:
    tokens = jp.split(pointer) if pointer.startswith("/") else ()
    for end in range(len(tokens), 1, -1):
        label = operations.get(jp.from_tokens(tokens[:end]))
        if label is not None:
            return label
    return None


def _label(change: Change, source: str) -> Change:
    """Locations of a side read from a git revision are shown as `REV:path`."""
    revision = parse_git_path(source)
    if revision is None or change.location is None:
        return change
    where = change.location
    return replace(change, location=Location(f"{revision.revision}:{where.file}", where.line, where.column))


def _allowed(change: Change, allowances: tuple[Allowance, ...]) -> Change:
    for allowance in allowances:
        if allowance.matches(change):
            return replace(change, allowed=allowance.reason or "allowed")
    return change


def _change_order(change: Change) -> tuple:
    where = change.location or Location("", None, None)
    return (KIND_ORDER[change.kind], SEVERITY_RANK[change.severity], change.id, where.file, where.line or 0, change.pointer)


def verdict(changes: list[Change] | tuple[Change, ...], gate: Gate) -> Verdict:
    failing = [c for c in changes if gate.fails(c)]
    return Verdict(not failing, gate.fail_on, gate.max_score_drop, len(failing), _reasons(failing))


def _reasons(failing: list[Change]) -> tuple[str, ...]:
    """One phrase per kind of failure: '2 breaking changes', '1 new error finding', 'documentation score 80 -> 72'."""
    reasons = []
    breaking = [c for c in failing if c.kind == BREAKING]
    if breaking:
        reasons.append(_count(len(breaking), "breaking change"))
    for severity in ("error", "warning"):
        found = [c for c in failing if c.id == "new-finding" and c.severity == severity]
        if found:
            reasons.append(_count(len(found), f"new {severity} finding"))
    reasons += [c.message.split(",")[0] for c in failing if c.id == "score-dropped"]
    others = [c for c in failing if c.kind == REGRESSION and c.id not in ("new-finding", "score-dropped")]
    if others:
        reasons.append(_count(len(others), "regression"))
    return tuple(reasons)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
