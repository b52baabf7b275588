"""The change catalogue: every change `dxscan diff` reports, with its default kind (breaking,
regression, improvement, info) and severity, and the help a reviewer reads; and `Change`, one
change found."""

from __future__ import annotations

from dataclasses import dataclass

from dxscan.results import Location

BREAKING, REGRESSION, IMPROVEMENT, INFO = "breaking", "regression", "improvement", "info"
KIND_ORDER = {BREAKING: 0, REGRESSION: 1, IMPROVEMENT: 2, INFO: 3}


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
    ("request-constraint-added", BREAKING, "warning", "a request value gained a limit it did not document",
     "Values beyond the new limit (maxLength, maximum, pattern...) are rejected, unless the server enforced it all along and the document only says so now."),
    ("request-pattern-changed", BREAKING, "warning", "a request pattern changed; its impact could not be decided",
     "Values clients send today may no longer match. Check the old and new pattern against real values."),
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
    ("response-header-became-optional", BREAKING, "error", "a required response header became optional",
     "Clients that read the header on every response break when it is missing."),
    ("response-bound-widened", BREAKING, "error", "a response value may exceed its documented bounds",
     "Clients that size buffers or validate by maxLength, maximum, maxItems (or the minimums) may reject the longer or larger values."),
    ("request-default-changed", BREAKING, "warning", "the default of a request value changed",
     "Clients that omit the value now get other behaviour. Keep the default; change it in a new version."),
    ("request-parameter-removed-before-sunset", BREAKING, "error", "a deprecated parameter was removed before its sunset date",
     "Clients were promised the parameter until the date. Remove it after the sunset."),
    ("sunset-moved-earlier", BREAKING, "error", "a deprecated operation's sunset date moved earlier",
     "Clients planned their migration for the announced date. Keep the date or move it later."),
    ("sunset-removed", BREAKING, "error", "a deprecated operation lost its sunset date",
     "Clients no longer know how long the operation stays. Keep the date until the operation is removed."),
    ("security-documented", BREAKING, "warning", "security declared on an operation whose security was undocumented",
     "BASE declared no security for it and did not mark it public (security: []): if anonymous calls worked, they now get 401."),
    ("response-required-header-removed", BREAKING, "error", "a required response header was removed",
     "Clients that read the header (pagination links, rate limits, ids) get nothing."),
    ("security-added", BREAKING, "error", "security added to an operation that was public (security: [])",
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
