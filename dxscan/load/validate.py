"""openapi-spec-validator's valid/invalid verdict, computed fast.

openapi-spec-validator (OSV) 0.9 checks a document in two stages: its own
JSON Schema for the OpenAPI version (run by ``jsonschema_rs``), then a walk of
the document through ``jsonschema_path`` (``validation/keywords.py``) that
finds duplicate operationIds, unresolved path parameters, invalid schemas,
defaults that do not match their schema, and so on.  The walk is what takes
14 s on GitHub's spec.

This module runs the same JSON Schema through the same compiled validator and
re-implements the walk in plain Python over the parsed document, following
OSV's control flow closely (which nodes it visits, in which order, what it
dedupes by ``id()``), because OSV's verdict depends on those details.  Where
OSV would raise an exception instead of reporting an error (an unresolvable
``$ref``, a parameter without ``name``, endless recursion), the document is
invalid for OSV, so it is a problem here too.

Schema meta-checks (is this Schema Object a valid JSON Schema?) use the
metaschemas and format checkers OSV uses, compiled once per process with
``jsonschema_rs``; ``default`` values are checked with OSV's own
``OAS30Validator``/``OAS31Validator``/``OAS32Validator`` on just that schema.

Known differences from OSV: schemas nested inline more than ~120-160 levels deep
(OSV's Python meta-check hits the recursion limit; this module does not); a
schema object containing itself only through keywords other than the ones the
walk follows (plus additionalProperties/additionalItems) in a document with no
other shared objects; ``$id``-based base URIs inside schemas; and an OSV set to
its Python ``jsonschema`` backend (OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND).
"""

from __future__ import annotations

import json
import re
import string
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial
from importlib.util import find_spec
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema_rs

from dxscan.openapi import operation_methods
from dxscan.parallel import gc_paused


@dataclass(frozen=True)
class Problem:
    pointer: str  # JSON pointer into the document, "" for the root
    message: str  # one line, lowercase fragment, names the offending thing
    check: str  # short id of the check, e.g. "schema", "duplicate-operation-id"


@dataclass(frozen=True)
class Verdict:
    spec_version: str | None  # "2.0", "3.0", "3.1", "3.2", or None when unrecognised
    valid: bool  # equals openapi-spec-validator's verdict
    problems: tuple[Problem, ...]


ResolveRef = Callable[[str], Any]

MAX_PROBLEMS = 200
MAX_PER_POINTER = 3
MAX_MESSAGES_PER_CHECK = 3  # errors kept from one schema meta-check

OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
OAS32_DIALECT = "https://spec.openapis.org/oas/3.2/dialect/2025-09-17"


def validate(document: Any, resolve_ref: ResolveRef | None = None) -> Verdict:
    """Return OSV's verdict on ``document`` with problems that explain it.

    ``resolve_ref`` resolves ``$ref`` strings that do not start with ``#``;
    without it only document-internal references resolve.  Never raises.
    """
    version, problem = detect_version(document)
    if problem is not None:
        return Verdict(version, False, (problem,))
    assert version is not None
    sink = _ProblemSink()
    with gc_paused():
        for stage in (_check_structure, _check_semantics):
            _run_stage(stage, document, version, resolve_ref, sink)
    return Verdict(version, sink.is_empty(), sink.problems())


def _run_stage(
    stage: Callable[..., None], document: Any, version: str, resolve_ref: ResolveRef | None, sink: _ProblemSink
) -> None:
    """One stage, quietly: re.compile on a document's patterns warns (FutureWarning) as OSV's does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            stage(document, version, resolve_ref, sink)
        except Exception as exc:  # noqa: BLE001 - validate() must never raise
            sink.add(Problem("", _clip(f"validator failed unexpectedly: {exc!r}"), "internal-error"))


# --------------------------------------------------------------------------
# problem collection


class _ProblemSink:
    """Dedupes problems by pointer+message and caps how many are kept."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._per_pointer: Counter[str] = Counter()
        self._kept: list[Problem] = []
        self._suppressed = 0

    def add(self, problem: Problem) -> None:
        key = (problem.pointer, problem.message)
        if key in self._seen:
            return
        self._seen.add(key)
        if len(self._kept) >= MAX_PROBLEMS or self._per_pointer[problem.pointer] >= MAX_PER_POINTER:
            self._suppressed += 1
            return
        self._per_pointer[problem.pointer] += 1
        self._kept.append(problem)

    def add_all(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def is_empty(self) -> bool:
        return not self._seen

    def problems(self) -> tuple[Problem, ...]:
        if not self._suppressed:
            return tuple(self._kept)
        summary = Problem("", f"{self._suppressed} more problems suppressed", "suppressed")
        return (*self._kept, summary)


# --------------------------------------------------------------------------
# small helpers


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


# A JSON pointer while walking: a rendered string, or (parent, key) rendered only
# when a problem needs it -- building strings for every node is the walk's main cost.
Pointer = str | tuple[Any, Any]


def _join(pointer: Pointer, *keys: Any) -> Pointer:
    for key in keys:
        pointer = (pointer, key)
    return pointer


def _render(pointer: Pointer) -> str:
    keys: list[Any] = []
    while isinstance(pointer, tuple):
        pointer, key = pointer
        keys.append(key)
    return pointer + "".join("/" + _escape(key) for key in reversed(keys))


def _problem(pointer: Pointer, message: str, check: str) -> Problem:
    return Problem(_render(pointer), message, check)


def _clip(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(value: Any, limit: int = 60) -> str:
    """A short one-line rendering of a value for messages."""
    if isinstance(value, str):  # quoted as written, not repr()'d: patterns stay readable
        text = value.replace("\n", "\\n").replace("\r", "\\r")
        return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}...'"
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    names.update({int: "an integer", float: "a number", type(None): "null"})
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------
# The releases the shortcuts below were written for and checked on (parity with
# openapi-spec-validator over the corpus and 4,794 mutated documents): they read these packages'
# schema files and openapi-schema-validator's private `_specifications` module. pyproject.toml
# bounds each to its minor release; tests/test_validate.py fails, naming the package, when another
# is installed.
WRITTEN_FOR = {"openapi-spec-validator": "0.9", "openapi-schema-validator": "0.9", "jsonschema-rs": "0.61"}

# version detection (mirrors openapi_spec_validator.versions.finders)

_VERSION_PATTERN = re.compile(r"(?P<major>\d+)\.(?P<minor>\d+)(\..*)?")
_KNOWN_VERSIONS = (("swagger", "2.0"), ("openapi", "3.0"), ("openapi", "3.1"), ("openapi", "3.2"))


def detect_version(document: Any) -> tuple[str | None, Problem | None]:
    """Pick the version the way OSV's SpecVersionFinder does: first match wins."""
    if not isinstance(document, dict):
        message = f"not an openapi or swagger document: the top level is {_type_name(document)}"
        return None, Problem("", message, "not-openapi")
    for keyword, wanted in _KNOWN_VERSIONS:
        if keyword not in document:
            continue
        value = document[keyword]
        if not isinstance(value, str):  # OSV raises TypeError here
            message = f"'{keyword}' must be a version string, got {_short(value)}"
            return None, _problem(_join("", keyword), message, "not-openapi")
        match = _VERSION_PATTERN.match(value)
        if match and f"{match['major']}.{match['minor']}" == wanted:
            return wanted, None
    return None, _unsupported_version(document)


def _unsupported_version(document: dict[str, Any]) -> Problem:
    for keyword in ("openapi", "swagger"):
        if keyword in document:
            message = f"unsupported {keyword} version {_short(document[keyword])}"
            return _problem(_join("", keyword), message, "not-openapi")
    message = "not an openapi or swagger document: no 'openapi' or 'swagger' version field"
    return Problem("", message, "not-openapi")


# --------------------------------------------------------------------------
# structural check: OSV's JSON Schema for the document, via jsonschema_rs


@cache
def _structural_validator(version: str) -> Any:
    """Compile OSV's schema for ``version`` once per process, as OSV does."""
    schema = json.loads(_osv_schema_path(version).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_cls_for(schema)(schema)


def _osv_schema_path(version: str) -> Path:
    """The schema file shipped inside openapi-spec-validator. Importing the package (and with it
    jsonschema-path, requests and pydantic) would take 0.3 s of a 2.5 s scan."""
    return _package_file("openapi_spec_validator", "resources", "schemas", f"v{version}", "schema.json")


def _package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package."""
    found = find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(next(iter(found.submodule_search_locations)), *parts)


def _check_structure(document: Any, version: str, _resolve: ResolveRef | None, sink: _ProblemSink) -> None:
    validator = _structural_validator(version)
    try:
        for error in validator.iter_errors(document):
            sink.add_all(explain_error(error, "", "schema"))
    except (ValueError, TypeError, OverflowError) as exc:  # values jsonschema_rs cannot convert
        sink.add(_not_json_problem(document, exc))


def _not_json_problem(document: Any, exc: Exception) -> Problem:
    """OSV fails on the same conversion error; name the offending value."""
    found = _find_non_json(document)
    if found is None:
        return Problem("", _clip(f"document is not plain json data: {exc}"), "not-json")
    pointer, what = found
    return _problem(pointer, f"{what} is not json data", "not-json")


def _find_non_json(document: Any) -> tuple[Pointer, str] | None:
    stack: list[tuple[Any, Pointer]] = [(document, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    return pointer, f"key {key!r} ({type(key).__name__})"
                stack.append((value, _join(pointer, key)))
        elif isinstance(node, (list, tuple)):
            stack.extend((value, _join(pointer, i)) for i, value in enumerate(node))
        elif not isinstance(node, (str, int, float, bool, type(None))):
            return pointer, f"value {node!r} ({type(node).__name__})"
    return None


# --------------------------------------------------------------------------
# turning jsonschema_rs errors into short messages

_BRANCHING = (jsonschema_rs.ValidationErrorKind.OneOfNotValid, jsonschema_rs.ValidationErrorKind.AnyOf)


def explain_error(error: Any, base: Pointer, check: str) -> list[Problem]:
    """Problems for one jsonschema_rs error; ``base`` prefixes its instance path.

    For a failed oneOf/anyOf (typically a Reference-or-Object slot) the
    message "is not valid under any of the schemas" says nothing, so the
    branch that got furthest is explained instead.
    """
    return [_problem(_join(base, *path), message, check) for path, message in _explain(error, 0)]


def _explain(error: Any, depth: int) -> list[tuple[list[Any], str]]:
    if not isinstance(error.kind, _BRANCHING) or depth > 10:
        return [(list(error.instance_path), _describe(error))]
    branches = _relevant_branches(error.kind.context, list(error.instance_path))
    merged = _merge_alternatives(branches)
    if merged is not None:
        return [merged]
    best = max(branches, key=_branch_score, default=[])
    if not best:
        return [(list(error.instance_path), _describe(error))]
    return [item for sub in best for item in _explain(sub, depth + 1)]


def _relevant_branches(context: list[list[Any]], path: list[Any]) -> list[list[Any]]:
    """Drop the Reference branch when the value has no $ref (and others remain)."""
    kept = [branch for branch in context if not _only_missing_ref(branch, path)]
    return kept or context


def _only_missing_ref(branch: list[Any], path: list[Any]) -> bool:
    kind = jsonschema_rs.ValidationErrorKind.Required
    return bool(branch) and all(
        isinstance(e.kind, kind) and e.kind.property == "$ref" and list(e.instance_path) == path for e in branch
    )


def _branch_score(branch: list[Any]) -> tuple[int, int]:
    """Prefer the branch whose errors reach deepest, then the one with fewest errors."""
    deepest = max((len(e.instance_path) for e in branch), default=-1)
    return deepest, -len(branch)


def _merge_alternatives(branches: list[list[Any]]) -> tuple[list[Any], str] | None:
    """One message when every branch rejects the same value by enum or requires one property."""
    if len(branches) < 2:
        return None
    enums = [_enum_error(branch) for branch in branches]
    if all(enums) and len({tuple(e.instance_path) for e in enums}) == 1:
        options = [option for e in enums for option in e.kind.options]
        return list(enums[0].instance_path), f"{_short(enums[0].instance)} is not one of {_options(options)}"
    return _merge_required(branches)


def _enum_error(branch: list[Any]) -> Any:
    kinds = (jsonschema_rs.ValidationErrorKind.Enum, jsonschema_rs.ValidationErrorKind.Constant)
    return next((e for e in branch if isinstance(e.kind, kinds)), None)


def _merge_required(branches: list[list[Any]]) -> tuple[list[Any], str] | None:
    kind = jsonschema_rs.ValidationErrorKind.Required
    if not all(len(b) == 1 and isinstance(b[0].kind, kind) for b in branches):
        return None
    paths = {tuple(b[0].instance_path) for b in branches}
    if len(paths) != 1:
        return None
    names = ", ".join(repr(b[0].kind.property) for b in branches)
    return list(paths.pop()), f"needs one of the properties {names}"


def _options(options: list[Any]) -> str:
    if isinstance(options, list) and len(options) > 12:
        return ", ".join(_short(o, 30) for o in options[:12]) + f" (and {len(options) - 12} more)"
    if isinstance(options, list):
        return ", ".join(_short(o, 30) for o in options)
    return _short(options)


def _describe(error: Any) -> str:
    for kind, render in _DESCRIBERS:
        if isinstance(error.kind, kind):
            return render(error)
    return _clip(error.message)


def _unexpected(error: Any) -> str:
    names = error.kind.unexpected
    return ("unexpected property " if len(names) == 1 else "unexpected properties ") + _options(names)


_KINDS = jsonschema_rs.ValidationErrorKind
_DESCRIBERS: tuple[tuple[Any, Callable[[Any], str]], ...] = (
    (_KINDS.AdditionalProperties, _unexpected),
    (_KINDS.Required, lambda e: f"missing required property {e.kind.property!r}"),
    (_KINDS.Enum, lambda e: f"{_short(e.instance)} is not one of {_options(e.kind.options)}"),
    (_KINDS.Constant, lambda e: f"{_short(e.instance)} is not {_short(e.kind.expected_value)}"),
    (_KINDS.Type, lambda e: f"{_short(e.instance)} is not of type {_options(e.kind.types)}"),
    (_KINDS.Format, lambda e: f"{_short(e.instance)} is not a valid {e.kind.format!r}"),
    (_KINDS.Pattern, lambda e: f"{_short(e.instance)} does not match the pattern {_short(e.kind.pattern)}"),
    (_KINDS.UniqueItems, lambda e: f"{_short(e.instance)} has duplicate items"),
    (_KINDS.FalseSchema, lambda e: "no value is allowed here"),
    (_KINDS.OneOfMultipleValid, lambda e: f"{_short(e.instance)} matches more than one of the allowed alternatives"),
    (_BRANCHING, lambda e: f"{_short(e.instance)} matches none of the allowed alternatives"),
)


# --------------------------------------------------------------------------
# $ref resolution (mirrors jsonschema_path + referencing for one document)


class _OsvFailure(Exception):
    """OSV would stop here with an exception, so the document is invalid."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


class _RefResolver:
    """Follows ``$ref`` chains the way jsonschema_path does on every access."""

    def __init__(self, document: Any, resolve_ref: ResolveRef | None) -> None:
        self._document = document
        self._resolve_ref = resolve_ref
        self._internal: dict[str, tuple[Any, Pointer]] = {}  # fragment -> (target, its pointer)
        # `$ref` text -> what following it ends at, when every hop is internal (GitHub resolves
        # 11,500 $refs, most of them to a few hundred components)
        self._resolved: dict[str, tuple[Any, Pointer]] = {}
        self._external_targets: dict[str, Any] = {}

    def resolve(self, node: Any, pointer: Pointer) -> tuple[Any, Pointer]:
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):  # _is_ref, inlined: the hot path
            return node, pointer
        resolved = self._resolved.get(node["$ref"])
        if resolved is not None:
            return resolved
        chain: list[str] = []
        while _is_ref(node):
            ref = node["$ref"]
            if ref in chain:
                message = "$ref cycle never reaches a value: " + " -> ".join([*chain, ref])
                raise _OsvFailure(_problem(_join(pointer, "$ref"), _clip(message), "unresolvable-ref"))
            chain.append(ref)
            node, pointer = self._lookup(ref, pointer)
        if all(ref.startswith("#") for ref in chain):  # every hop inside the document: where the $ref
            self._resolved[chain[0]] = (node, pointer)  # is written changes nothing, so keep the answer
        return node, pointer

    def _lookup(self, ref: str, pointer: Pointer) -> tuple[Any, Pointer]:
        if ref.startswith("#") or ref == "":
            return self._follow_fragment(ref[1:], ref, pointer)
        target = self._external(ref)
        if target is None:
            raise _OsvFailure(_problem(_join(pointer, "$ref"), f"cannot resolve $ref {ref!r}", "unresolvable-ref"))
        return target, pointer

    def _external(self, ref: str) -> Any:
        """Asked once per ref string, so a target keeps its id() (visited sets rely on it)."""
        if self._resolve_ref is None:
            return None
        if ref not in self._external_targets:
            try:
                self._external_targets[ref] = self._resolve_ref(ref)
            except Exception:  # noqa: BLE001 - a failing resolver means "cannot resolve"
                self._external_targets[ref] = None
        return self._external_targets[ref]

    def _follow_fragment(self, fragment: str, ref: str, pointer: Pointer) -> tuple[Any, Pointer]:
        found = self._internal.get(fragment)
        if found is None:
            found = self._internal[fragment] = self._walk_fragment(fragment, ref, pointer)
        return found

    def _walk_fragment(self, fragment: str, ref: str, pointer: Pointer) -> tuple[Any, Pointer]:
        if not fragment:
            return self._document, ""
        if not fragment.startswith("/"):  # a plain-name anchor: never found in an OpenAPI document
            raise _OsvFailure(_problem(_join(pointer, "$ref"), f"cannot resolve anchor $ref {ref!r}", "unresolvable-ref"))
        try:
            return _walk_pointer(self._document, fragment), unquote(fragment)
        except (LookupError, TypeError, ValueError):
            message = f"$ref {ref!r} points to nothing in the document"
            raise _OsvFailure(_problem(_join(pointer, "$ref"), message, "unresolvable-ref")) from None


def _walk_pointer(document: Any, fragment: str) -> Any:
    """Same walk as referencing's ``Resource.pointer`` (unquote first, ints for sequences)."""
    contents = document
    for segment in unquote(fragment[1:]).split("/"):
        if isinstance(contents, (list, tuple, str)):
            contents = contents[int(segment)]
        else:
            contents = contents[segment.replace("~1", "/").replace("~0", "~")]
    return contents


# --------------------------------------------------------------------------
# schema meta-check: is a Schema Object a valid JSON Schema for its dialect?


class _MetaValidator:
    """A metaschema compiled with jsonschema_rs, using OSV's Python format checks.

    ``python_check`` gives OSV's own (validator class, format checker), asked for only when a
    schema fails here or cannot be checked here: importing them costs 0.3 s.
    """

    def __init__(self, python_check: Callable[[], tuple[Any, Any]], compiled: Any) -> None:
        self._python_check = python_check
        self._compiled = compiled

    def errors(self, schema: Any, pointer: Pointer) -> list[Problem]:
        if self._compiled is None:
            return self.python_errors(schema, pointer)
        try:
            if self._compiled.is_valid(schema):
                return []
        except (ValueError, TypeError, OverflowError):  # not json data: OSV's structural check fails on it too
            return self.python_errors(schema, pointer)
        found = islice(self._compiled.iter_errors(schema), MAX_MESSAGES_PER_CHECK)
        return [p for error in found for p in explain_error(error, pointer, "schema-meta")]

    def python_errors(self, schema: Any, pointer: Pointer) -> list[Problem]:
        """The check exactly as OSV runs it (slow; for what jsonschema_rs cannot mirror)."""
        from jsonschema.exceptions import SchemaError

        python_cls, format_checker = self._python_check()
        try:
            python_cls.check_schema(schema, format_checker=format_checker)
        except SchemaError as error:
            return [_problem(_join(pointer, *error.path), _clip(error.message), "schema-meta")]
        except RecursionError:
            message = "schema contains itself, so openapi-spec-validator's schema check recurses forever"
            return [_problem(pointer, message, "recursive-schema")]
        return []


_RS_DRAFTS = {
    "Draft4Validator": jsonschema_rs.Draft4Validator,
    "Draft6Validator": jsonschema_rs.Draft6Validator,
    "Draft7Validator": jsonschema_rs.Draft7Validator,
    "Draft201909Validator": jsonschema_rs.Draft201909Validator,
    "Draft202012Validator": jsonschema_rs.Draft202012Validator,
}

# formats jsonschema_rs knows; each is routed to OSV's Python format checker
_RS_FORMATS = (
    "date", "date-time", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uri-template",
    "json-pointer", "relative-json-pointer", "regex", "uuid",
)  # fmt: skip


def _compile_metaschema(python_cls: Any, format_checker: Any) -> Any:
    """jsonschema_rs twin of ``python_cls.check_schema``; None when there is none (draft 3)."""
    from jsonschema.validators import validator_for

    meta_cls = validator_for(python_cls.META_SCHEMA, default=python_cls)
    rs_cls = _RS_DRAFTS.get(meta_cls.__name__)
    if rs_cls is None:
        return None
    names = set(_RS_FORMATS) | set(format_checker.checkers)
    formats = {name: partial(_conforms, format_checker, name) for name in names}
    try:
        return rs_cls(python_cls.META_SCHEMA, formats=formats, validate_formats=True, retriever=_retrieve_metaschema)
    except Exception:  # noqa: BLE001 - fall back to the Python check
        return None


def _conforms(format_checker: Any, name: str, instance: Any) -> bool:
    return bool(format_checker.conforms(instance, name))


def _retrieve_metaschema(uri: str) -> Any:
    """Metaschemas from the registry OSV's check_schema uses."""
    try:
        from openapi_schema_validator._specifications import REGISTRY
    except ImportError:  # older openapi-schema-validator: the plain JSON Schema registry
        from jsonschema_specifications import REGISTRY
    return REGISTRY.contents(uri)


@cache
def _oas30_meta_validator() -> _MetaValidator:
    """What OpenAPIV30SchemaValidator uses (for 2.0 and 3.0): OAS30Validator.check_schema.

    Its metaschema is draft 4's, whose only format is "regex" (Python's re, as jsonschema checks
    it), so it is compiled from jsonschema-specifications' file without importing
    openapi-schema-validator; tests/test_validate.py checks that both still hold.
    """
    metaschema = json.loads(_package_file("jsonschema_specifications", "schemas", "draft4", "metaschema.json").read_text("utf-8"))
    compiled = jsonschema_rs.Draft4Validator(metaschema, formats={"regex": _is_python_regex}, validate_formats=True)
    return _MetaValidator(_oas30_python_check, compiled)


def _oas30_python_check() -> tuple[Any, Any]:
    from openapi_schema_validator import OAS30Validator

    return OAS30Validator, OAS30Validator.FORMAT_CHECKER


def _is_python_regex(instance: Any) -> bool:
    """jsonschema's "regex" format check: Python's re compiles it."""
    if not isinstance(instance, str):
        return True
    try:
        re.compile(instance)
    except re.error:
        return False
    return True


@cache
def _dialect_meta_validator(dialect: str, version: str) -> _MetaValidator | None:
    """What OpenAPIV31SchemaValidator uses for ``dialect``; None for an unknown dialect."""
    import openapi_schema_validator
    from jsonschema.validators import validator_for

    python_cls = validator_for({"$schema": dialect}, default=None)
    if python_cls is None:
        return None
    checker = openapi_schema_validator.oas32_format_checker if version == "3.2" else openapi_schema_validator.oas31_format_checker
    return _MetaValidator(lambda: (python_cls, checker), _compile_metaschema(python_cls, checker))


# --------------------------------------------------------------------------
# default values (OSV's ValueValidator)


class _DefaultChecker:
    """Checks a ``default`` against its schema with OSV's own OAS validator."""

    def __init__(self, document: Any, version: str, resolve_ref: ResolveRef | None) -> None:
        self._document = document
        self._version = version
        self._resolve_ref = resolve_ref
        self._resolver: Any = None

    def errors(self, schema: Any, value: Any, pointer: Pointer) -> list[Problem]:
        """One problem (jsonschema's best match) when ``value`` does not fit ``schema``."""
        if self._version in ("2.0", "3.0") and _plainly_valid(schema, value):
            return []  # what OAS30Validator would find: nothing (and openapi-schema-validator stays unimported)
        from jsonschema.exceptions import best_match

        validator_cls, format_checker = _value_validator(self._version)
        try:
            validator = validator_cls(schema, _resolver=self._get_resolver(), format_checker=format_checker)
            error = best_match(validator.iter_errors(value))
        except Exception as exc:  # noqa: BLE001 - OSV raises the same exception, so it fails too
            message = _clip(f"default {_short(value)} cannot be checked against its schema: {exc}")
            return [_problem(pointer, message, "default-invalid")]
        if error is None:
            return []
        message = f"default does not match its schema: {_clip(error.message, 160)}"
        return [_problem(_join(pointer, *error.absolute_path), message, "default-invalid")]

    def _get_resolver(self) -> Any:
        if self._resolver is None:
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            resource = DRAFT202012.create_resource(self._document)
            registry = Registry(retrieve=self._retrieve).with_resource("", resource)  # type: ignore[call-arg]
            self._resolver = registry.resolver(base_uri="")
        return self._resolver

    def _retrieve(self, uri: str) -> Any:
        from referencing.exceptions import NoSuchResource
        from referencing.jsonschema import DRAFT202012

        target = None
        if self._resolve_ref is not None:
            try:
                target = self._resolve_ref(uri)
            except Exception:  # noqa: BLE001 - a failing resolver means "cannot resolve"
                target = None
        if target is None:
            raise NoSuchResource(ref=uri)
        return DRAFT202012.create_resource(target)


# Keys of a 3.0 schema that OAS30Validator ignores or implements as no-ops: they cannot fail a value.
_INERT_KEYS = frozenset({"default", "description", "title", "nullable", "example", "deprecated", "readOnly",
                         "writeOnly", "externalDocs", "xml"})
_PLAIN_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
}


def _never(value: Any) -> bool:
    return False


def _plainly_valid(schema: Any, value: Any) -> bool:
    """Whether OAS30Validator surely accepts `value` for `schema` without running it: a schema of
    only `type` (string, boolean, integer, number), `enum`, `minimum`, `maximum`, `minLength`,
    `maxLength`, a format nothing here checks and keys it ignores, and a value that meets them.
    Anything else (a checked format, an exclusive bound, a $ref, None...) is left to it.

    Most defaults are of this kind (`type: integer, default: 30`); building a jsonschema validator
    for each, and importing openapi-schema-validator at all, was 0.14 s of GitHub's scan."""
    if not isinstance(schema, dict) or value is None:
        return False
    checked = False
    for key, constraint in schema.items():
        if key in _INERT_KEYS or (isinstance(key, str) and key.startswith("x-")):
            continue
        if not _plainly_passes(key, constraint, value):
            return False
        checked = True
    return checked


def _plainly_passes(key: Any, constraint: Any, value: Any) -> bool:
    if key == "type":
        return isinstance(constraint, str) and _PLAIN_TYPES.get(constraint, _never)(value)
    if key == "enum":
        return isinstance(constraint, list) and isinstance(value, str) and value in [m for m in constraint if isinstance(m, str)]
    if key in _PLAIN_BOUNDS:
        return _is_number(constraint) and _is_number(value) and _PLAIN_BOUNDS[key](value, constraint)
    if key in _PLAIN_LENGTHS:
        return _is_count(constraint) and isinstance(value, str) and _PLAIN_LENGTHS[key](len(value), constraint)
    if key == "format":
        return isinstance(constraint, str) and _format_unchecked(constraint)
    return False


# draft 4's bounds without `exclusiveMinimum`/`exclusiveMaximum` (those are left to the validator),
# and lengths in code points, as jsonschema counts them
_PLAIN_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {"minimum": lambda value, bound: value >= bound,
                                                         "maximum": lambda value, bound: value <= bound}
_PLAIN_LENGTHS: dict[str, Callable[[int, int], bool]] = {"minLength": lambda length, bound: length >= bound,
                                                          "maxLength": lambda length, bound: length <= bound}
# Formats oas30_format_checker checks only when a package is installed (jsonschema registers "uri"
# with rfc3987 or rfc3986-validator); without them it accepts any value. GitHub's three `format: uri`
# defaults imported openapi-schema-validator (0.25 s of its scan) to learn that.
_OPTIONAL_FORMATS = {"uri": ("rfc3987", "rfc3986_validator"), "uri-reference": ("rfc3987", "rfc3986_validator")}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@cache
def _format_unchecked(name: str) -> bool:
    """Whether OAS30's format checker surely accepts every value of format NAME here."""
    packages = _OPTIONAL_FORMATS.get(name)
    return packages is not None and all(find_spec(package) is None for package in packages)


@cache
def _value_validator(version: str) -> tuple[Any, Any]:
    import openapi_schema_validator as osv

    if version == "3.1":
        return osv.OAS31Validator, osv.oas31_format_checker
    if version == "3.2":
        return osv.OAS32Validator, osv.oas32_format_checker
    return osv.OAS30Validator, osv.oas30_format_checker


# --------------------------------------------------------------------------
# the semantic walk (mirrors openapi_spec_validator.validation.keywords)

_NESTED_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
# The keywords a schema's visit reads (children, 'required', 'default', the unwalked children):
# a schema with none of them is a leaf.
_WALKED = frozenset((*_NESTED_SCHEMA_LISTS, "not", "items", "properties", "required", "default",
                     "additionalProperties", "additionalItems"))


def _check_semantics(document: Any, version: str, resolve_ref: ResolveRef | None, sink: _ProblemSink) -> None:
    _SemanticChecker(document, version, resolve_ref, sink).run()


def _has(node: Any, key: Any) -> bool:
    """``key in path`` for a jsonschema_path SchemaPath."""
    if isinstance(node, dict):
        return key in node
    if isinstance(node, list):
        return isinstance(key, int) and 0 <= key < len(node)
    return False


class _SemanticChecker:
    """OSV's keyword validators, over the plain document."""

    def __init__(self, document: Any, version: str, resolve_ref: ResolveRef | None, sink: _ProblemSink) -> None:
        self._document = document
        self._version = version
        resolver = _RefResolver(document, resolve_ref)
        self._resolve = resolver.resolve  # (node, pointer) -> resolved (node, pointer)
        self._resolved = resolver._resolved  # $ref text -> where it ends, for the $refs followed before
        self._defaults = _DefaultChecker(document, version, resolve_ref)
        self._sink = sink
        self._operation_ids: dict[Any, Pointer] = {}
        self._meta_checked: set[int] = set()  # SchemaValidator.meta_checked_schema_ids
        self._visited: dict[int, Pointer] = {}  # SchemaValidator.visited_schema_ids, with where first seen
        self._meta_passed: list[tuple[Any, Pointer, _MetaValidator]] = []
        self._shared_objects = False  # one schema object sits at two places: not a plain tree
        self._collected: dict[int, set[Any]] = {}
        self._default_dialect: str | None = None
        self._checked: set[tuple[int, str]] = set()  # (id, pointer) of the $ref-reached objects checked (_first_check)

    # -- access primitives --------------------------------------------------

    def _first_check(self, node: Any, pointer: Pointer) -> bool:
        """False when this object was checked before at this same place: a component reached
        through `$ref` (GitHub's operations refer to shared parameters and responses 3,000
        times). Checking it again adds nothing: its schemas are visited already and every
        problem it could raise is in the sink already (which keeps one of each)."""
        if type(pointer) is not str:  # an inline object: reached once, through its own path
            return True
        key = (id(node), pointer)
        if key in self._checked:
            return False
        self._checked.add(key)
        return True

    def _child(self, parent: Any, key: Any, pointer: Pointer) -> tuple[Any, Pointer]:
        """``(parent / key).read_value()``: the child, with its $refs followed."""
        try:
            raw = parent[key]
        except (LookupError, TypeError):
            raise self._failure(_join(pointer, key), f"missing {key!r}") from None
        if isinstance(raw, dict) and "$ref" in raw:
            return self._resolve(raw, (pointer, key))
        return raw, (pointer, key)  # nothing to follow: the usual case, without a call (`_join` of one key)

    def _items(self, node: Any, pointer: Pointer) -> list[tuple[Any, Any, Pointer]]:
        """``path.items()``: children of an object or array; anything else makes OSV fail."""
        if isinstance(node, dict):
            return [(key, value, (pointer, key)) for key, value in node.items()]
        if isinstance(node, list):
            return [(index, value, (pointer, index)) for index, value in enumerate(node)]
        raise self._failure(pointer, f"expected an object or array, got {_short(node)}")

    def _read_str(self, parent: Any, key: str, pointer: Pointer) -> str:
        value, value_pointer = self._child(parent, key, pointer)
        if not isinstance(value, str):
            raise self._failure(value_pointer, f"{key!r} must be a string, got {_short(value)}")
        return value

    @staticmethod
    def _failure(pointer: Pointer, message: str, check: str = "unexpected-value") -> _OsvFailure:
        return _OsvFailure(_problem(pointer, message, check))

    def _add(self, pointer: Pointer, message: str, check: str) -> None:
        self._sink.add(_problem(pointer, message, check))

    def _guarded(self, pointer: Pointer, func: Callable[..., None], *args: Any) -> None:
        """Run one check; when OSV would raise there, report it and carry on elsewhere."""
        try:
            func(*args)
        except _OsvFailure as failure:
            self._sink.add(failure.problem)
        except RecursionError:  # OSV, recursing more deeply than this module, fails too
            self._add(pointer, "nesting too deep to check", "recursive-schema")

    # -- root (RootValidator) -----------------------------------------------

    def run(self) -> None:
        root = self._document
        if _has(root, "tags"):
            self._guarded("/tags", self._check_tags, root)
        if _has(root, "paths"):
            self._guarded("/paths", self._check_paths, root)
        if _has(root, "components"):
            self._guarded("/components", self._check_components, root)
        if self._shared_objects:
            self._recheck_cyclic_schemas()

    # -- tags (TagsValidator, OpenAPIV32TagsValidator) ----------------------

    def _check_tags(self, root: Any) -> None:
        tags, pointer = self._child(root, "tags", "")
        seen: set[str] = set()
        parents: dict[str, tuple[str | None, Pointer]] = {}
        for _, raw, tag_pointer in self._items(tags, pointer):
            tag, tag_pointer = self._resolve(raw, tag_pointer)
            name = self._read_str(tag, "name", tag_pointer)
            if name in seen:
                self._add(_join(tag_pointer, "name"), f"duplicate tag name {name!r}", "duplicate-tag")
            seen.add(name)
            if self._version == "3.2":
                parent = self._read_str(tag, "parent", tag_pointer) if _has(tag, "parent") else None
                parents[name] = (parent, tag_pointer)
        if self._version == "3.2":
            self._check_tag_parents(parents)

    def _check_tag_parents(self, parents: dict[str, tuple[str | None, Pointer]]) -> None:
        for name, (parent, pointer) in parents.items():
            if parent is not None and parent not in parents:
                self._add(_join(pointer, "parent"), f"tag {name!r} has unknown parent tag {parent!r}", "tag-parent-unknown")
        reported: set[str] = set()
        for start, (_, pointer) in parents.items():
            cycle = _tag_cycle(start, parents)
            if cycle and cycle not in reported:
                reported.add(cycle)
                self._add(_join(pointer, "parent"), f"circular tag hierarchy: {cycle}", "tag-parent-cycle")

    # -- paths (PathsValidator, PathValidator) ------------------------------

    def _check_paths(self, root: Any) -> None:
        paths, pointer = self._child(root, "paths", "")
        for url, raw, item_pointer in self._items(paths, pointer):
            if not isinstance(url, str):
                raise self._failure(item_pointer, f"path key {url!r} is not a string")
            self._guarded(item_pointer, self._check_path_item, url, raw, item_pointer)

    def _check_path_item(self, url: str, raw: Any, pointer: Pointer) -> None:
        item, item_pointer = self._resolve(raw, pointer)
        path_params = None
        if _has(item, "parameters"):
            path_params = self._child(item, "parameters", item_pointer)
            self._check_parameters(*path_params)
        for name, op_raw, op_pointer in self._items(item, item_pointer):
            if not isinstance(name, str):
                raise self._failure(op_pointer, f"path item key {name!r} is not a string")
            if name in operation_methods(self._version):
                self._guarded(op_pointer, self._check_operation, url, name, op_raw, path_params, op_pointer)
            elif self._version == "3.2" and name == "additionalOperations":
                self._check_additional_operations(url, op_raw, path_params, op_pointer)

    def _check_additional_operations(self, url: str, raw: Any, path_params: Any, pointer: Pointer) -> None:
        operations, pointer = self._resolve(raw, pointer)
        for name, op_raw, op_pointer in self._items(operations, pointer):
            if not isinstance(name, str):
                raise self._failure(op_pointer, f"operation key {name!r} is not a string")
            self._guarded(op_pointer, self._check_operation, url, name, op_raw, path_params, op_pointer)

    # -- operations (OperationValidator) ------------------------------------

    def _check_operation(self, url: str, method: str, raw: Any, path_params: Any, pointer: Pointer) -> None:
        operation, pointer = self._resolve(raw, pointer)
        if _has(operation, "operationId"):
            self._check_operation_id(operation, method, url, pointer)
        if _has(operation, "responses"):
            self._check_responses(*self._child(operation, "responses", pointer))
        defined: dict[str, Pointer] = {}
        if _has(operation, "parameters"):
            params = self._child(operation, "parameters", pointer)
            self._check_parameters(*params)
            defined.update(self._path_param_names(*params))
        if path_params is not None:
            defined = {**self._path_param_names(*path_params), **defined}
        self._check_path_params(url, method, defined, pointer)

    def _check_operation_id(self, operation: Any, method: str, url: str, pointer: Pointer) -> None:
        op_id, id_pointer = self._child(operation, "operationId", pointer)
        if op_id is None:
            return
        key = op_id if isinstance(op_id, str) else _short(op_id)
        first = self._operation_ids.get(key)
        if first is not None:
            message = f"operationId {_short(op_id)} of {method} {url!r} is already used at {_render(first)}"
            self._add(id_pointer, message, "duplicate-operation-id")
            return
        self._operation_ids[key] = pointer

    def _path_param_names(self, params: Any, pointer: Pointer) -> dict[str, Pointer]:
        """Names of ``in: path`` parameters, each with where it is defined."""
        names: dict[str, Pointer] = {}
        for _, raw, param_pointer in self._items(params, pointer):
            param, param_pointer = self._resolve(raw, param_pointer)
            if self._read_str(param, "in", param_pointer) == "path":
                names.setdefault(self._read_str(param, "name", param_pointer), param_pointer)
        return names

    def _check_path_params(self, url: str, method: str, defined: dict[str, Pointer], pointer: Pointer) -> None:
        in_template = _template_params(url, pointer)
        for name in sorted(set(in_template) - set(defined)):
            message = f"path parameter {name!r} of {url!r} has no parameter definition in {method}"
            self._add(pointer, message, "path-parameter-undefined")
        for name in sorted(set(defined) - set(in_template)):
            message = f"path parameter {name!r} is defined but not in the path template {url!r}"
            self._add(defined[name], message, "path-parameter-not-in-template")

    # -- parameters (ParametersValidator, ParameterValidator) ---------------

    def _check_parameters(self, params: Any, pointer: Pointer) -> None:
        seen: set[Any] = set()
        for _, raw, param_pointer in self._items(params, pointer):
            param, resolved_pointer = self._resolve(raw, param_pointer)
            if self._first_check(param, resolved_pointer):
                self._guarded(resolved_pointer, self._check_parameter, param, resolved_pointer)
            key = (_param_key_part(param, "name", resolved_pointer), _param_key_part(param, "in", resolved_pointer))
            if key in seen:
                self._add(param_pointer, f"duplicate parameter {key[0]!r} in {key[1]!r}", "duplicate-parameter")
            seen.add(key)

    def _check_parameter(self, param: Any, pointer: Pointer) -> None:
        if _has(param, "schema"):
            self._check_schema(*self._child(param, "schema", pointer))
        if self._version == "2.0" and _has(param, "default"):
            value, value_pointer = self._child(param, "default", pointer)
            self._sink.add_all(self._defaults.errors(param, value, value_pointer))

    # -- responses (ResponsesValidator, OpenAPIV2/V3ResponseValidator) ------

    def _check_responses(self, responses: Any, pointer: Pointer) -> None:
        for code, raw, response_pointer in self._items(responses, pointer):
            if not isinstance(code, str):
                raise self._failure(response_pointer, f"response code {code!r} is not a string")
            self._guarded(response_pointer, self._check_response, raw, response_pointer)

    def _check_response(self, raw: Any, pointer: Pointer) -> None:
        response, pointer = self._resolve(raw, pointer)
        if not self._first_check(response, pointer):
            return
        if self._version == "2.0":
            if _has(response, "schema"):
                self._check_schema(*self._child(response, "schema", pointer))
            return
        if _has(response, "content"):
            self._check_content(*self._child(response, "content", pointer))

    def _check_content(self, content: Any, pointer: Pointer) -> None:
        for mimetype, raw, media_pointer in self._items(content, pointer):
            if not isinstance(mimetype, str):
                raise self._failure(media_pointer, f"media type {mimetype!r} is not a string")
            media, media_pointer = self._resolve(raw, media_pointer)
            if _has(media, "schema"):
                schema, schema_pointer = self._child(media, "schema", media_pointer)
                self._guarded(schema_pointer, self._check_schema, schema, schema_pointer)

    # -- components (ComponentsValidator, SchemasValidator) -----------------

    def _check_components(self, root: Any) -> None:
        components, pointer = self._child(root, "components", "")
        if not _has(components, "schemas"):
            return
        schemas, pointer = self._child(components, "schemas", pointer)
        # Rendered here, once: the operations reached most of these schemas through `$ref` first,
        # at the resolver's pointer (a string), and comparing two strings needs no rendering.
        at = _render(pointer)
        for name, raw, _ in self._items(schemas, pointer):
            schema_pointer = f"{at}/{_escape(name)}"
            self._guarded(schema_pointer, self._check_schema, raw, schema_pointer)

    # -- schemas (SchemaValidator) ------------------------------------------

    def _check_schema(self, raw: Any, pointer: Pointer) -> None:
        """A top-level schema and everything under it.

        Iterative rather than recursive: which schemas one top-level call
        visits does not depend on the order, and real specs nest deeply.
        """
        if type(raw) is dict and "$ref" not in raw and _WALKED.isdisjoint(raw):  # a leaf (most parameters' schemas):
            try:  # meta-checked and marked, nothing below it to stack
                self._visit_schema(raw, pointer, True)
            except _OsvFailure as failure:
                self._sink.add(failure.problem)
            return
        stack: list[tuple[Any, Pointer, bool]] = [(raw, pointer, True)]
        visited = self._visited
        resolved = self._resolved
        while stack:
            raw, pointer, top = stack.pop()
            if not top and type(raw) is dict:
                if "$ref" not in raw:
                    if _WALKED.isdisjoint(raw):  # a leaf below the top (most schemas)
                        self._visit_leaf(raw, pointer)
                        continue
                elif type(ref := raw["$ref"]) is str and (target := resolved.get(ref)) is not None and id(target[0]) in visited:
                    continue  # a $ref to a schema visited already, followed before: _visit_schema would do nothing
            try:
                stack.extend(reversed(self._visit_schema(raw, pointer, top)))
            except _OsvFailure as failure:
                self._sink.add(failure.problem)

    def _visit_schema(self, raw: Any, pointer: Pointer, top: bool) -> list[tuple[Any, Pointer, bool]]:
        schema = raw
        if not isinstance(raw, dict) or "$ref" in raw:  # else no $ref to follow: the usual case, without a call
            schema, pointer = self._resolve(raw, pointer)
        if not isinstance(schema, (dict, bool)):
            self._add(pointer, f"a schema must be an object or boolean, got {_short(schema)}", "schema-type")
            return []
        if top and id(schema) not in self._meta_checked:
            self._meta_checked.add(id(schema))
            problems = self._meta_problems(schema, pointer)
            if problems:
                self._sink.add_all(problems)
                return []
        if id(schema) in self._visited:
            if raw is schema and not self._shared_objects:
                self._note_revisit(schema, pointer)
            return []
        self._visited[id(schema)] = pointer
        if isinstance(schema, bool) or _WALKED.isdisjoint(schema):  # a leaf, most schemas: nothing below, nothing to check
            return []
        if not self._shared_objects and ("additionalProperties" in schema or "additionalItems" in schema):
            self._note_unwalked_children(schema, pointer)
        children = self._schema_children(schema, pointer)
        if "allOf" in schema or isinstance(schema.get("required"), dict):  # else nothing to check: no call
            self._check_required_defined(schema, pointer, top)
        if "default" in schema:
            self._check_schema_default(schema, pointer)
        return children

    def _schema_children(self, schema: dict[str, Any], pointer: Pointer) -> list[tuple[Any, Pointer, bool]]:
        children: list[tuple[Any, Pointer, bool]] = []
        for keyword in _NESTED_SCHEMA_LISTS:
            if keyword in schema:
                children += [(raw, p, False) for _, raw, p in self._items(*self._child(schema, keyword, pointer))]
        for keyword in ("not", "items"):
            if keyword in schema:
                children.append((schema[keyword], (pointer, keyword), False))
        if "properties" in schema:
            properties, at = self._child(schema, "properties", pointer)
            if isinstance(properties, dict):  # the usual case, `_items` inlined: this runs once per object schema
                self._visit_leaves(properties, at, children)
            else:
                children += [(raw, p, False) for _, raw, p in self._items(properties, at)]
        return children

    def _visit_leaves(self, properties: dict[Any, Any], at: Pointer, children: list[tuple[Any, Pointer, bool]]) -> None:
        """Visit the leaf schemas among `properties` here, as _check_schema would when it pops
        them (most property schemas are leaves: GitHub has 40,000), and queue the others. Marking
        a leaf earlier changes nothing else: a leaf queues nothing and raises nothing, and which
        place it was first seen at is only compared with the places it is seen again."""
        for key, raw in properties.items():
            if type(raw) is dict and "$ref" not in raw and _WALKED.isdisjoint(raw):  # a leaf, as in _check_schema
                self._visit_leaf(raw, (at, key))
            else:
                children.append((raw, (at, key), False))

    def _visit_leaf(self, leaf: dict[str, Any], pointer: Pointer) -> None:
        """What _visit_schema does with a schema object that holds no `$ref` and none of _WALKED
        (a leaf: nothing below it, nothing to check): mark it visited, or note where it was seen
        again."""
        if self._visited.setdefault(id(leaf), pointer) is not pointer and not self._shared_objects:
            self._note_revisit(leaf, pointer)

    def _check_required_defined(self, schema: dict[str, Any], pointer: Pointer, top: bool) -> None:
        """ExtraParametersError: with allOf, every required name must be defined somewhere.

        OSV reads 'required' and the property names of every schema but compares them only
        with allOf; elsewhere all that matters is whether reading 'required' fails.
        """
        if "allOf" not in schema:
            if _is_ref(schema.get("required")):
                self._child(schema, "required", pointer)
            return
        required = (self._child(schema, "required", pointer)[0] if "required" in schema else None) or []
        properties = self._keys(*self._child(schema, "properties", pointer)) if "properties" in schema else []
        nested: set[Any] = set()
        for _, raw, member_pointer in self._items(*self._child(schema, "allOf", pointer)):
            nested |= self._collect_properties(raw, member_pointer, set())
        try:
            extra = set(required) - set(properties) - nested
        except TypeError:
            raise self._failure(_join(pointer, "required"), f"'required' is not a list of names: {_short(required)}") from None
        if extra and top:
            names = ", ".join(repr(name) for name in sorted(extra, key=str))
            message = f"required properties {names} are not defined in 'properties' or in the allOf schemas"
            self._add(_join(pointer, "required"), message, "required-property-undefined")

    def _keys(self, node: Any, pointer: Pointer) -> list[Any]:
        return [key for key, _, _ in self._items(node, pointer)]

    def _collect_properties(self, raw: Any, pointer: Pointer, in_progress: set[int]) -> set[Any]:
        """SchemaValidator._collect_properties, memoised; OSV recurses forever on a cycle."""
        schema, pointer = self._resolve(raw, pointer)
        if id(schema) in self._collected:
            return self._collected[id(schema)]
        if id(schema) in in_progress:
            message = (
                "schema refers back to itself through allOf/anyOf/oneOf/items/not, which openapi-spec-validator cannot handle"
            )
            raise self._failure(pointer, message, "recursive-schema")
        in_progress.add(id(schema))
        found = set(self._keys(*self._child(schema, "properties", pointer))) if _has(schema, "properties") else set()
        for keyword in _NESTED_SCHEMA_LISTS:
            if _has(schema, keyword):
                for _, sub, sub_pointer in self._items(*self._child(schema, keyword, pointer)):
                    found |= self._collect_properties(sub, sub_pointer, in_progress)
        for keyword in ("items", "not"):
            if _has(schema, keyword):
                found |= self._collect_properties(schema[keyword], _join(pointer, keyword), in_progress)
        in_progress.discard(id(schema))
        self._collected[id(schema)] = found
        return found

    def _check_schema_default(self, schema: dict[str, Any], pointer: Pointer) -> None:
        if "default" not in schema:
            return
        value, value_pointer = self._child(schema, "default", pointer)
        nullable = self._child(schema, "nullable", pointer)[0] if "nullable" in schema else False
        if value is None and nullable is True:
            return
        self._sink.add_all(self._defaults.errors(schema, value, value_pointer))

    # -- meta-check (OpenAPIV30SchemaValidator / OpenAPIV31SchemaValidator) --

    def _meta_problems(self, schema: Any, pointer: Pointer) -> list[Problem]:
        validator = self._meta_validator(schema, pointer)
        if isinstance(validator, Problem):
            return [validator]
        problems = validator.errors(schema, pointer)
        if not problems:
            self._meta_passed.append((schema, pointer, validator))
        return problems

    def _meta_validator(self, schema: Any, pointer: Pointer) -> _MetaValidator | Problem:
        if self._version in ("2.0", "3.0"):
            return _oas30_meta_validator()
        dialect = self._dialect_of(schema, pointer)
        if isinstance(dialect, Problem):
            return dialect
        validator = _dialect_meta_validator(dialect, self._version)
        if validator is None:
            return _problem(pointer, f"unknown json schema dialect {dialect!r}", "unknown-schema-dialect")
        return validator

    # -- documents that are not trees (YAML aliases, a loader's shared objects) --

    def _note_revisit(self, schema: Any, pointer: Pointer) -> None:
        """Reaching a visited schema in place, but at another location, means shared objects."""
        first = self._visited[id(schema)]
        if first is pointer or not isinstance(schema, dict):  # the resolver's own pointer again: the same place
            return
        if type(first) is str and type(pointer) is str:  # both rendered already
            if first != pointer:
                self._shared_objects = True
        elif _render(first) != _render(pointer):
            self._shared_objects = True

    def _note_unwalked_children(self, schema: dict[str, Any], pointer: Pointer) -> None:
        """A schema inside itself through a keyword the walk skips (YAML ``&n {additionalProperties: *n}``)."""
        for keyword in ("additionalProperties", "additionalItems"):
            child = schema.get(keyword)
            if isinstance(child, dict) and id(child) in self._visited:
                self._note_revisit(child, _join(pointer, keyword))

    def _recheck_cyclic_schemas(self) -> None:
        """OSV's Python meta-check recurses forever into a schema that contains itself.

        jsonschema_rs does not, so with shared objects around, schemas that passed
        and contain an object cycle are checked again the way OSV does it, until
        one fails: OSV stops at the first such failure anyway.
        """
        done: set[int] = set()
        for schema, pointer, validator in self._meta_passed:
            if not _contains_cycle(schema, done):
                continue
            problems = validator.python_errors(schema, pointer)
            if problems:
                self._sink.add_all(problems)
                return

    def _dialect_of(self, schema: Any, pointer: Pointer) -> str | Problem:
        if isinstance(schema, dict) and "$schema" in schema:
            dialect = schema["$schema"]
            if isinstance(dialect, str):
                return dialect
            return _problem(_join(pointer, "$schema"), f"unknown json schema dialect {_short(dialect)}", "unknown-schema-dialect")
        if self._default_dialect is None:
            self._default_dialect = self._root_dialect()
        return self._default_dialect

    def _root_dialect(self) -> str:
        fallback = OAS32_DIALECT if self._version == "3.2" else OAS31_DIALECT
        if not _has(self._document, "jsonSchemaDialect"):
            return fallback
        return self._read_str(self._document, "jsonSchemaDialect", "")


def _contains_cycle(root: Any, done: set[int]) -> bool:
    """Whether an object or array contains itself; ``done`` holds ids known to be cycle-free."""
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(node) in on_path:
            return True
        if id(node) in done or not isinstance(node, (dict, list)):
            continue
        on_path.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in (node.values() if isinstance(node, dict) else node))
    return False


def _param_key_part(param: Any, key: str, pointer: Pointer) -> Any:
    """``parameter[key]`` as OSV reads it for the duplicate check (no $ref following)."""
    try:
        value = param[key]
    except (LookupError, TypeError):
        raise _OsvFailure(_problem(pointer, f"parameter has no {key!r}", "unexpected-value")) from None
    return object() if isinstance(value, (dict, list)) else value


def _template_params(url: str, pointer: Pointer) -> list[str]:
    """Names in ``{...}`` of a path template, parsed with string.Formatter as OSV does."""
    try:
        fields = [item[1] for item in string.Formatter().parse(url)]
    except ValueError as exc:
        message = f"path template {url!r} cannot be parsed: {str(exc).lower()}"
        raise _OsvFailure(_problem(pointer, message, "path-template-invalid")) from None
    return [name for name in fields if name]


def _tag_cycle(start: str, parents: dict[str, tuple[str | None, Pointer]]) -> str | None:
    """The circular parent chain reached from ``start``, as OSV's message spells it."""
    trail: list[str] = []
    name: str | None = start
    while name is not None and name in parents:
        if name in trail:
            return " -> ".join([*trail[trail.index(name) :], name])
        trail.append(name)
        name = parents[name][0]
    return None


__all__ = ["Problem", "Verdict", "detect_version", "validate"]
