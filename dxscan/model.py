"""One read-only view over Swagger 2.0 and OpenAPI 3.0 / 3.1 / 3.2.

Rules are written once against this view. Swagger 2.0's body and form parameters become request
bodies, its `produces`/`consumes` become media types, `securityDefinitions` become security schemes
and `host`/`basePath`/`schemes` become servers. Internal `$ref`s are followed on demand, never
expanded: each object's `pointer` is where its definition lives, so a finding on a shared parameter
points at the one place to fix it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote

from dxscan import pointer as jp
from dxscan.load.loader import LoadedSpec
from dxscan.openapi import MAX_REF_HOPS, operation_methods
from dxscan.results import direct_init, kept


@direct_init
@dataclass(frozen=True)
class Schema:
    pointer: str
    raw: Any  # the schema object (dict) or a boolean (3.1), $refs already followed
    name: str | None = None  # component name when it is a named schema

    @property
    def description(self) -> str | None:
        return _text(self.raw, "description")


@direct_init
@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query, header, cookie (2.0 also: formData)
    pointer: str
    raw: dict[str, Any]
    schema: Schema | None

    @property
    def required(self) -> bool:
        return self.location == "path" or self.raw.get("required") is True

    @kept
    def description(self) -> str | None:
        return _text(self.raw, "description")

    @property
    def deprecated(self) -> bool:
        return self.raw.get("deprecated") is True

    @property
    def has_example(self) -> bool:
        return "example" in self.raw or "examples" in self.raw or _schema_has_example(self.schema)


@direct_init
@dataclass(frozen=True)
class MediaType:
    name: str
    pointer: str
    raw: dict[str, Any]
    schema: Schema | None

    @property
    def has_example(self) -> bool:
        return "example" in self.raw or "examples" in self.raw or _schema_has_example(self.schema)


@direct_init
@dataclass(frozen=True)
class RequestBody:
    pointer: str
    raw: dict[str, Any]
    content: tuple[MediaType, ...]

    @property
    def description(self) -> str | None:
        return _text(self.raw, "description")

    @property
    def required(self) -> bool:
        return self.raw.get("required") is True


@direct_init
@dataclass(frozen=True)
class Header:
    name: str
    pointer: str
    raw: dict[str, Any]

    @property
    def description(self) -> str | None:
        return _text(self.raw, "description")


@direct_init
@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    pointer: str
    raw: dict[str, Any]
    headers: tuple[Header, ...]
    content: tuple[MediaType, ...]

    @kept
    def description(self) -> str | None:
        return _text(self.raw, "description")

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2") or self.status.startswith("3")

    @property
    def is_client_error(self) -> bool:
        return self.status.startswith("4")


@direct_init
@dataclass(frozen=True)
class Operation:
    method: str  # lower case
    path: str  # the path template, or the webhook / callback name
    pointer: str
    raw: dict[str, Any]
    parameters: tuple[Parameter, ...]
    request_body: RequestBody | None
    responses: tuple[Response, ...]
    security: tuple[dict[str, list[str]], ...] | None  # None: inherits the global requirement
    kind: str = "operation"  # "operation" or "webhook"

    @kept
    def label(self) -> str:
        """How messages name it: `GET /pets/{id}` (or `webhook POST newPet`)."""
        text = f"{self.method.upper()} {self.path}"
        return text if self.kind == "operation" else f"{self.kind} {text}"

    @kept
    def operation_id(self) -> str | None:
        value = self.raw.get("operationId")
        return value if isinstance(value, str) else None

    @kept
    def summary(self) -> str | None:
        return _text(self.raw, "summary")

    @kept
    def description(self) -> str | None:
        return _text(self.raw, "description")

    @property
    def tags(self) -> tuple[str, ...]:
        tags = self.raw.get("tags")
        return tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else ()

    @property
    def deprecated(self) -> bool:
        return self.raw.get("deprecated") is True


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    pointer: str
    raw: dict[str, Any]
    type: str  # apiKey, http, oauth2, openIdConnect, mutualTLS
    scheme: str | None  # for http: basic, bearer, digest...
    location: str | None  # for apiKey: header, query, cookie
    scopes: dict[str, str]  # every scope across the flows, with its description

    @property
    def description(self) -> str | None:
        return _text(self.raw, "description")


@dataclass(frozen=True)
class Server:
    url: str
    pointer: str
    description: str | None


@dataclass(frozen=True)
class Tag:
    name: str
    pointer: str
    description: str | None


@dataclass
class Spec:
    """The API as the rules see it. Build with `Spec.from_loaded(loaded)`."""

    loaded: LoadedSpec
    version: str | None  # "2.0", "3.0", "3.1", "3.2"
    document: dict[str, Any] = field(repr=False)

    @classmethod
    def from_loaded(cls, loaded: LoadedSpec) -> Spec:
        document = loaded.document if isinstance(loaded.document, dict) else {}
        return cls(loaded, spec_version(document), document)

    # --- references -----------------------------------------------------------------------

    def resolve(self, value: Any, pointer: str) -> tuple[Any, str]:
        """Follow `$ref`s from `value` (found at `pointer`) to the object and its pointer."""
        if isinstance(value, dict) and "$ref" in value and isinstance(value["$ref"], str):  # else no hop: the hot path
            value, pointer = self._follow(value, pointer)
        if isinstance(value, (dict, list)):  # only objects and arrays are named components
            return value, self._component_pointers.get(id(value), pointer)
        return value, pointer

    def deref(self, value: Any) -> Any:
        """`resolve(value, pointer)[0]`: the object `value`'s `$ref`s lead to."""
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            return self._follow(value, "")[0]
        return value

    def _follow(self, value: Any, pointer: str) -> tuple[Any, str]:
        for _ in range(MAX_REF_HOPS):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                break
            target = self._target(value["$ref"])
            if target is None:
                break
            value, pointer = target
        return value, pointer

    @cached_property
    def _component_pointers(self) -> dict[int, str]:
        """Where each component object is named (`/components/schemas/Pet`), by identity.

        In a split spec, `paths/pets.yaml` and `components.schemas.Pet` may both name
        `schemas/pet.yaml`; the loader inlines one object in both places. Reporting it at its
        component name, whichever path reached it first, keeps pointers and fingerprints the same
        whether the spec is one file or many."""
        named: dict[int, str] = {}
        sections = [("definitions",), ("parameters",), ("responses",)] if self.version == "2.0" else []
        components = self.document.get("components")
        if isinstance(components, dict):
            sections += [("components", section) for section in components]
        for section in sections:
            container = self.document
            for token in section:
                container = container.get(token) if isinstance(container, dict) else None
            if isinstance(container, dict):
                prefix = jp.join(*section)  # jp.join(*section, name), its shared part made once (7,750 schemas at 10x)
                for name, value in container.items():
                    if isinstance(value, (dict, list)):
                        named.setdefault(id(value), prefix + "/" + jp.escape(name))
        return named

    def _target(self, ref: str) -> tuple[Any, str] | None:
        """What `ref` names and its pointer; looked up once per reference text (a large spec names
        the same few hundred components from tens of thousands of places)."""
        memo = self._targets
        if ref not in memo:
            memo[ref] = self._find_target(ref)
        return memo[ref]

    @cached_property
    def _targets(self) -> dict[str, tuple[Any, str] | None]:
        return {}

    def _find_target(self, ref: str) -> tuple[Any, str] | None:
        if ref.startswith("#"):
            fragment = unquote(ref[1:])
            try:
                return jp.get(self.document, jp.split(fragment)), fragment
            except KeyError:
                return None
        if "#" in ref and "://" not in ref:
            target = self.loaded.resolve_ref(ref)
            return None if target is None else (target, ref)
        return None

    def child(self, value: dict[str, Any], pointer: str, key: str) -> tuple[Any, str]:
        """`value[key]`, its pointer, and any `$ref` at it followed."""
        return self.resolve(value.get(key), jp.child(pointer, key))

    # --- top level ------------------------------------------------------------------------

    @property
    def info(self) -> dict[str, Any]:
        info = self.document.get("info")
        return info if isinstance(info, dict) else {}

    @property
    def title(self) -> str | None:
        return _text(self.info, "title")

    @property
    def api_version(self) -> str | None:
        value = self.info.get("version")
        return None if value is None else str(value)

    @cached_property
    def servers(self) -> tuple[Server, ...]:
        if self.version == "2.0":
            return _swagger_servers(self.document)
        return _servers(self.document.get("servers"), "/servers")

    @cached_property
    def tags(self) -> tuple[Tag, ...]:
        tags = self.document.get("tags")
        if not isinstance(tags, list):
            return ()
        return tuple(
            Tag(tag["name"], jp.join("tags", i), _text(tag, "description"))
            for i, tag in enumerate(tags)
            if isinstance(tag, dict) and isinstance(tag.get("name"), str)
        )

    @cached_property
    def security(self) -> tuple[dict[str, list[str]], ...]:
        """The global security requirement (empty: none declared)."""
        return _requirements(self.document.get("security")) or ()

    @cached_property
    def security_schemes(self) -> dict[str, SecurityScheme]:
        if self.version == "2.0":
            container, pointer = self.document.get("securityDefinitions"), "/securityDefinitions"
        else:
            container, pointer = _components(self.document, "securitySchemes")
        if not isinstance(container, dict):
            return {}
        schemes = {}
        for name, value in container.items():
            raw, where = self.resolve(value, jp.child(pointer, name))
            if isinstance(raw, dict):
                schemes[name] = _security_scheme(name, raw, where)
        return schemes

    @cached_property
    def schemas(self) -> dict[str, Schema]:
        """The named schemas: `components.schemas` (3.x) or `definitions` (2.0)."""
        if self.version == "2.0":
            container, pointer = self.document.get("definitions"), "/definitions"
        else:
            container, pointer = _components(self.document, "schemas")
        if not isinstance(container, dict):
            return {}
        named = {}
        for name, value in container.items():
            raw, where = self.resolve(value, jp.child(pointer, name))
            named[name] = Schema(where, raw, name)
        return named

    @cached_property
    def paths(self) -> tuple[str, ...]:
        paths = self.document.get("paths")
        return tuple(paths) if isinstance(paths, dict) else ()

    # --- operations -----------------------------------------------------------------------

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation under `paths`, then every webhook (3.1+), in document order."""
        operations = list(self._operations_under(self.document.get("paths"), "/paths", "operation"))
        operations += self._operations_under(self.document.get("webhooks"), "/webhooks", "webhook")
        return tuple(operations)

    def _operations_under(self, container: Any, pointer: str, kind: str) -> Iterator[Operation]:
        if not isinstance(container, dict):
            return
        methods = operation_methods(self.version)
        for path, item in container.items():
            path_item, item_pointer = self.resolve(item, jp.child(pointer, path))
            if not isinstance(path_item, dict):
                continue
            shared = self._parameters(path_item.get("parameters"), item_pointer + "/parameters")
            for method in methods:
                raw = path_item.get(method)
                if isinstance(raw, dict):
                    yield self._operation(path, method, raw, item_pointer + "/" + method, shared, kind)

    def _operation(self, path: str, method: str, raw: dict[str, Any], pointer: str,
                   shared: tuple[Parameter, ...], kind: str) -> Operation:
        own = self._parameters(raw.get("parameters"), pointer + "/parameters")
        merged = _merge_parameters(shared, own) if shared else own
        if self.version == "2.0":
            body = self._swagger_body(raw, pointer, merged)
            merged = tuple(p for p in merged if p.location != "body")
        else:
            body = self._request_body(raw, pointer) if "requestBody" in raw else None
        responses = self._responses(raw, pointer) if "responses" in raw else ()
        return Operation(method, path, pointer, raw, merged, body, responses, _requirements(raw.get("security")), kind)

    def _parameters(self, values: Any, pointer: str) -> tuple[Parameter, ...]:
        if not isinstance(values, list):
            return ()
        parameters = []
        for index, value in enumerate(values):
            raw, where = self.resolve(value, f"{pointer}/{index}")
            if isinstance(raw, dict) and isinstance(raw.get("name"), str) and isinstance(raw.get("in"), str):
                parameters.append(Parameter(raw["name"], raw["in"], where, raw, self._parameter_schema(raw, where)))
        return tuple(parameters)

    def _parameter_schema(self, raw: dict[str, Any], pointer: str) -> Schema | None:
        if "schema" in raw:
            return self._schema(raw["schema"], pointer + "/schema")
        if self.version == "2.0":
            return Schema(pointer, raw)  # a 2.0 non-body parameter carries its type itself
        content = raw.get("content")
        if isinstance(content, dict):
            for name, media in content.items():
                if isinstance(media, dict) and "schema" in media:
                    return self._schema(media["schema"], jp.child(pointer, "content", name, "schema"))
        return None

    def _schema(self, value: Any, pointer: str) -> Schema | None:
        raw, where = self.resolve(value, pointer)
        if not isinstance(raw, (dict, bool)):
            return None
        return Schema(where, raw, _component_name(where))

    def _request_body(self, raw: dict[str, Any], pointer: str) -> RequestBody | None:
        if "requestBody" not in raw:
            return None
        body, where = self.child(raw, pointer, "requestBody")
        if not isinstance(body, dict):
            return None
        return RequestBody(where, body, self._content(body.get("content"), where + "/content"))

    def _swagger_body(self, raw: dict[str, Any], pointer: str, parameters: tuple[Parameter, ...]) -> RequestBody | None:
        body = next((p for p in parameters if p.location == "body"), None)
        form = [p for p in parameters if p.location == "formData"]
        media_types = _media_names(raw, self.document, "consumes")
        if body is not None:
            content = tuple(MediaType(name, body.pointer, {}, body.schema) for name in media_types)
            return RequestBody(body.pointer, body.raw, content)
        if form:
            name = "multipart/form-data" if any(p.raw.get("type") == "file" for p in form) else "application/x-www-form-urlencoded"
            return RequestBody(form[0].pointer, {"required": any(p.required for p in form)}, (MediaType(name, form[0].pointer, {}, None),))
        return None

    def _content(self, content: Any, pointer: str) -> tuple[MediaType, ...]:
        if not isinstance(content, dict):
            return ()
        media_types = []
        for name, value in content.items():
            raw, where = self.resolve(value, pointer + "/" + _token(name))
            if isinstance(raw, dict):
                schema = self._schema(raw["schema"], where + "/schema") if "schema" in raw else None
                media_types.append(MediaType(name, where, raw, schema))
        return tuple(media_types)

    def _responses(self, raw: dict[str, Any], pointer: str) -> tuple[Response, ...]:
        responses, responses_pointer = self.resolve(raw.get("responses"), pointer + "/responses")
        if not isinstance(responses, dict):
            return ()
        result = []
        for status, value in responses.items():
            if status.startswith("x-"):
                continue
            body, where = self.resolve(value, responses_pointer + "/" + _token(status))
            if isinstance(body, dict):
                result.append(self._response(str(status), body, where, raw))
        return tuple(result)

    def _response(self, status: str, body: dict[str, Any], pointer: str, operation: dict[str, Any]) -> Response:
        headers = self._headers(body["headers"], pointer + "/headers") if "headers" in body else ()
        if self.version == "2.0":
            content = _swagger_response_content(self, body, pointer, operation)
        else:
            content = self._content(body["content"], pointer + "/content") if "content" in body else ()
        return Response(status, pointer, body, headers, content)

    def _headers(self, headers: Any, pointer: str) -> tuple[Header, ...]:
        if not isinstance(headers, dict):
            return ()
        result = []
        for name, value in headers.items():
            raw, where = self.resolve(value, pointer + "/" + _token(name))
            if isinstance(raw, dict):
                result.append(Header(name, where, raw))
        return tuple(result)

    # --- schemas --------------------------------------------------------------------------

    def properties(self, schema: Schema) -> Iterator[tuple[str, Schema]]:
        """(name, schema) of a schema's own properties, and of its allOf members' properties."""
        yield from self._properties(schema, set())

    def _properties(self, schema: Schema, seen: set[str]) -> Iterator[tuple[str, Schema]]:
        if schema.pointer in seen or not isinstance(schema.raw, dict):
            return
        seen.add(schema.pointer)
        properties = schema.raw.get("properties")
        if isinstance(properties, dict):
            for name, value in properties.items():
                child = self._schema(value, jp.child(schema.pointer, "properties", name))
                if child is not None:
                    yield name, child
        members = schema.raw.get("allOf")
        if isinstance(members, list):
            for index, value in enumerate(members):
                member = self._schema(value, jp.child(schema.pointer, "allOf", index))
                if member is not None:
                    yield from self._properties(member, seen)

    @cached_property
    def all_schemas(self) -> tuple[Schema, ...]:
        """Every schema object reachable from the named schemas and the operations, once each,
        by where it is defined (recursion-safe)."""
        found: dict[str, Schema] = {}
        pending = list(self.schemas.values()) + list(self._operation_schemas())
        while pending:
            schema = pending.pop()
            if schema.pointer in found:
                continue
            found[schema.pointer] = schema
            pending.extend(self._subschemas(schema))
        return tuple(found[key] for key in sorted(found))

    def _operation_schemas(self) -> Iterator[Schema]:
        for operation in self.operations:
            for parameter in operation.parameters:
                if parameter.schema is not None and parameter.schema.pointer != parameter.pointer:
                    yield parameter.schema
            media = list(operation.request_body.content) if operation.request_body else []
            for response in operation.responses:
                media.extend(response.content)
            yield from (m.schema for m in media if m.schema is not None)

    def _subschemas(self, schema: Schema) -> Iterator[Schema]:
        raw = schema.raw
        if not isinstance(raw, dict):
            return
        for key in ("properties", "patternProperties"):
            if isinstance(raw.get(key), dict):
                for name, value in raw[key].items():
                    found = self._schema(value, jp.child(schema.pointer, key, name))
                    if found is not None:
                        yield found
        for key in ("items", "additionalProperties", "not"):
            if isinstance(raw.get(key), dict):
                found = self._schema(raw[key], jp.child(schema.pointer, key))
                if found is not None:
                    yield found
        for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            if isinstance(raw.get(key), list):
                for index, value in enumerate(raw[key]):
                    found = self._schema(value, jp.child(schema.pointer, key, index))
                    if found is not None:
                        yield found


# --- helpers ---------------------------------------------------------------------------------

def spec_version(document: dict[str, Any]) -> str | None:
    """"2.0", "3.0", "3.1", "3.2" from the `swagger` / `openapi` field, or None."""
    if str(document.get("swagger", "")).startswith("2.0"):
        return "2.0"
    declared = document.get("openapi")
    if not isinstance(declared, (str, int, float)) or isinstance(declared, bool):
        return None
    declared = str(declared)
    for version in ("3.0", "3.1", "3.2"):
        if declared.startswith(version):
            return version
    return None


def _text(raw: Any, key: str) -> str | None:
    """A text field, or None when absent or not a string (a misplaced `$ref`, a number)."""
    if not isinstance(raw, dict):
        return None
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _schema_has_example(schema: Schema | None) -> bool:
    if schema is None or not isinstance(schema.raw, dict):
        return False
    return "example" in schema.raw or "examples" in schema.raw


def _components(document: dict[str, Any], section: str) -> tuple[Any, str]:
    components = document.get("components")
    if not isinstance(components, dict):
        return None, ""
    return components.get(section), jp.join("components", section)


def _component_name(pointer: str) -> str | None:
    """`Pet` for `/components/schemas/Pet` (3.x) or `/definitions/Pet` (2.0), else None."""
    if "schemas/" not in pointer and "definitions/" not in pointer:  # most schemas: not named
        return None
    rest = pointer.lstrip("/")  # as jp.split reads it
    for prefix in ("components/schemas/", "definitions/"):
        if rest.startswith(prefix):
            name = rest[len(prefix):]
            if "/" in name:
                return None
            return jp.unescape(name) if "~" in name else name
    return None


_TOKENS: dict[str, str] = {}  # escaped media type names, status codes and header names: few, met thousands of times


def _token(key: Any) -> str:
    """`jp.escape(key)`, remembered for the keys the operation walk meets again and again."""
    escaped = _TOKENS.get(key) if type(key) is str else None
    if escaped is None:
        escaped = jp.escape(key)
        if type(key) is str and len(_TOKENS) < 4096:
            _TOKENS[key] = escaped
    return escaped


def _requirements(value: Any) -> tuple[dict[str, list[str]], ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(
        {name: scopes if isinstance(scopes, list) else [] for name, scopes in item.items()}
        for item in value
        if isinstance(item, dict)
    )


def _merge_parameters(shared: tuple[Parameter, ...], own: tuple[Parameter, ...]) -> tuple[Parameter, ...]:
    """Path-level parameters, overridden by operation parameters of the same name and location."""
    overridden = {(p.name, p.location) for p in own}
    return tuple(p for p in shared if (p.name, p.location) not in overridden) + own


def _servers(value: Any, pointer: str) -> tuple[Server, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Server(server["url"], jp.child(pointer, i), _text(server, "description"))
        for i, server in enumerate(value)
        if isinstance(server, dict) and isinstance(server.get("url"), str)
    )


def _swagger_servers(document: dict[str, Any]) -> tuple[Server, ...]:
    host = document.get("host")
    if not isinstance(host, str):
        return ()
    base_path = document.get("basePath") if isinstance(document.get("basePath"), str) else ""
    schemes = document.get("schemes") if isinstance(document.get("schemes"), list) else ["https"]
    return tuple(Server(f"{scheme}://{host}{base_path}", "/host", None) for scheme in schemes if isinstance(scheme, str))


def _security_scheme(name: str, raw: dict[str, Any], pointer: str) -> SecurityScheme:
    kind = str(raw.get("type", ""))
    scheme = raw.get("scheme") if isinstance(raw.get("scheme"), str) else None
    if kind == "basic":  # Swagger 2.0
        kind, scheme = "http", "basic"
    location = raw.get("in") if isinstance(raw.get("in"), str) else None
    return SecurityScheme(name, pointer, raw, kind, scheme.lower() if scheme else None, location, _scopes(raw))


def _scopes(raw: dict[str, Any]) -> dict[str, str]:
    scopes: dict[str, str] = {}
    if isinstance(raw.get("scopes"), dict):  # Swagger 2.0 keeps them on the scheme
        scopes.update({k: str(v) if v is not None else "" for k, v in raw["scopes"].items()})
    flows = raw.get("flows")
    if isinstance(flows, dict):
        for flow in flows.values():
            if isinstance(flow, dict) and isinstance(flow.get("scopes"), dict):
                scopes.update({k: str(v) if v is not None else "" for k, v in flow["scopes"].items()})
    return scopes


def _media_names(operation: dict[str, Any], document: dict[str, Any], key: str) -> tuple[str, ...]:
    names = operation.get(key, document.get(key))
    if isinstance(names, list) and names:
        return tuple(name for name in names if isinstance(name, str))
    return ("application/json",)


def _swagger_response_content(spec: Spec, body: dict[str, Any], pointer: str, operation: dict[str, Any]) -> tuple[MediaType, ...]:
    if "schema" not in body:
        return ()
    schema = spec._schema(body["schema"], pointer + "/schema")
    examples = body.get("examples") if isinstance(body.get("examples"), dict) else {}
    return tuple(
        MediaType(name, pointer, {"example": examples[name]} if name in examples else {}, schema)
        for name in _media_names(operation, spec.document, "produces")
    )
