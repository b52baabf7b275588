"""Auth: do consumers know how to authenticate, and is it safe?

An operation's security is its own `security`, else the document's. `security: []` says the
operation is public on purpose; no requirement at all leaves the consumer guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from dxscan import pointer as jp
from dxscan.checks import Context, Hit
from dxscan.checks.inventory import each_or_across, path_operations, per_spec, when_found
from dxscan.graph.hosts import NOT_PUBLIC, host_kind
from dxscan.graph.words import singular, words
from dxscan.model import Operation, SecurityScheme, Spec

# Strength, strongest first, as the issue ranks them: a token that expires and can be scoped,
# a bearer token, a key in a header, a key in the URL (it lands in logs), a reusable password.
STRENGTH = (
    ("OAuth 2", 5), ("OpenID Connect", 5), ("mutual TLS", 5), ("HTTP bearer", 4), ("request signing", 4),
    ("API key in a header", 3),
    ("API key in a cookie", 3), ("API key in the query string", 2), ("HTTP digest", 2), ("HTTP basic", 1),
)
STRENGTH_OF = dict(STRENGTH)
AUTH_ERRORS = ("401", "403", "4XX", "4xx")
_SIGNING = re.compile(r"sig(nature)?[ _-]?v?4|aws4|hmac|request signing|signed request", re.IGNORECASE)
_SIGNING_TYPES = frozenset(("awssigv4", "hmac"))
# Names of parameters that carry credentials, lower-cased without `-` and `_`, an `x` prefix
# dropped: `X-Server-Token`, `api-key`, `access_token`, `Authorization`.
_CREDENTIAL = re.compile(r"^(authorization|(api|access|auth|server|session|user|bearer|private|app|secret|subscription|"
                         r"ocpapimsubscription|client|consumer|personal)?(token|key|secret|apikey|accesstoken|authtoken)|"
                         r"apikey\w*|accesskey(id)?|secretkey|clientsecret|authkey)$")
# `key`, `token`, `secret` alone name a lookup key or a lock token as often as a credential: the
# parameter's description decides.
_BARE_NAMES = frozenset(("key", "token", "secret"))
_PATH_CREDENTIAL = re.compile(r"apikey|accesstoken|authtoken|apitoken|secretkey")
_CREDENTIAL_TEXT = re.compile(r"api[ _-]?key|auth|credential|access|licen[cs]e key|subscription key|your (registered )?key",
                              re.IGNORECASE)
_PASSWORD = re.compile(r"user[ _-]?name\s*(:|and|&)\s*password|your (account )?password", re.IGNORECASE)  # one option of several
# Scopes no operation asks for by nature: a refresh token, OpenID Connect's identity claims.
REFRESH_SCOPES = frozenset(("offline_access", "offline", "refresh_token", "openid", "profile", "email", "address", "phone"))
# A scope every token carries (Asana's `default`: "If no scopes are requested, this scope is assumed by
# default"): the operations that require the scheme need it without naming it.
_GRANTED_ANYWAY = re.compile(r"\bassumed\b|\bby default\b", re.IGNORECASE)
# A basic scheme that carries an API key, a token or a client's id and secret, not a person's password.
_NOT_PASSWORD = re.compile(r"api[ _-]?key|token|client[ _-]?(id|secret|credential)|consumer[ _-]?key|account[ _-]?sid|"
                           r"app(lication)?[ _-]?(id|key|credential)|api credential", re.IGNORECASE)


def scheme_kind(scheme: SecurityScheme) -> str:
    if scheme.type == "oauth2":
        return "OAuth 2"
    if scheme.type == "openIdConnect":
        return "OpenID Connect"
    if scheme.type == "mutualTLS":
        return "mutual TLS"
    if scheme.type == "http":
        return f"HTTP {scheme.scheme or 'authentication'}"
    if scheme.type == "apiKey" and signed(scheme):
        return "request signing"
    if scheme.type == "apiKey":
        return {"header": "API key in a header", "query": "API key in the query string", "cookie": "API key in a cookie"}.get(
            scheme.location or "", "API key")
    return scheme.type or "unknown scheme"


def signed(scheme: SecurityScheme) -> bool:
    """AWS Signature V4 and other request signing, declared as an `Authorization` "API key":
    `x-amazon-apigateway-authtype: awsSigv4`, or a description that says so."""
    declared = str(scheme.raw.get("x-amazon-apigateway-authtype") or "").lower()
    return declared in _SIGNING_TYPES or bool(_SIGNING.search(scheme.description or ""))


def family(kind: str) -> str:
    """What a consumer has to implement: OAuth 2 and OpenID Connect are one flow family."""
    return {"OpenID Connect": "OAuth 2", "API key in the query string": "API key", "API key in a header": "API key",
            "API key in a cookie": "API key"}.get(kind, kind)


def globally_public(spec: Spec) -> bool:
    """`security: []` at the top, or no security anywhere and a description whose Authentication
    section says none is needed (`says_public`)."""
    return spec.document.get("security") == [] or (not spec.security and says_public(spec))


def requirement(spec: Spec, operation: Operation) -> tuple[dict[str, list[str]], ...]:
    """The alternatives an operation accepts (its own, else the document's)."""
    return spec.security if operation.security is None else operation.security


def secured(spec: Spec, operation: Operation) -> bool:
    """Requires credentials: some alternative names a scheme, and none is the empty `{}`."""
    alternatives = requirement(spec, operation)
    return bool(alternatives) and all(alternatives)


@per_spec
def secured_operations(spec: Spec) -> list[Operation]:
    return [o for o in path_operations(spec) if secured(spec, o)]


def applied_schemes(spec: Spec) -> set[str]:
    names = {name for alternative in spec.security for name in alternative}
    for operation in spec.operations:
        names |= {name for alternative in operation.security or () for name in alternative}
    return names


@per_spec
def undeclared_operations(spec: Spec) -> list[Operation]:
    """Operations with no security requirement, own or global, that are not explicitly public; a
    CORS preflight (OPTIONS) and the API's own OAuth 2 endpoints (a flow's tokenUrl, where clients
    get the token they need everywhere else) are unauthenticated by design."""
    if globally_public(spec) or spec.security:
        return []
    endpoints = oauth_endpoints(spec)
    return [o for o in path_operations(spec)
            if o.security is None and o.method != "options" and not _oauth_endpoint(o.path, endpoints)]


_FLOW_URLS = ("tokenUrl", "refreshUrl", "authorizationUrl")


@per_spec
def oauth_endpoints(spec: Spec) -> frozenset[str]:
    """The URL paths of every OAuth 2 flow's token, refresh and authorization endpoints (OpenAPI 3's
    `flows`, Swagger 2's flat scheme), without a trailing slash."""
    found = set()
    for scheme in spec.security_schemes.values():
        if scheme.type != "oauth2":
            continue
        flows = scheme.raw.get("flows")
        sources = [flow for flow in flows.values() if isinstance(flow, dict)] if isinstance(flows, dict) else [scheme.raw]
        for flow in sources:
            for key in _FLOW_URLS:
                url = flow.get(key)
                if isinstance(url, str) and url.strip():
                    found.add(urlsplit(url.strip()).path.rstrip("/"))
    return frozenset(path for path in found if path)


def _oauth_endpoint(path: str, endpoints: frozenset[str]) -> bool:
    """The operation's path is an endpoint's, or its tail (the endpoint's URL carries the server's
    base path: `https://api.example.com/v1/oauth/token` for `/oauth/token`)."""
    own = path.rstrip("/")
    return bool(own) and any(endpoint == own or endpoint.endswith(own) for endpoint in endpoints)


def credential_parameter(parameter: Any) -> bool:
    """Named like a credential; `key`, `token` and `secret` alone only in a header (a query or path
    `key` is as often a lookup key) or when the description says so. A path parameter counts when its
    name holds an API key or a token (`{YOUR_API_KEY_HERE}`, `{apiToken}`)."""
    squashed = parameter.name.lower().replace("-", "").replace("_", "").replace(" ", "")
    if parameter.location == "path":
        return bool(_PATH_CREDENTIAL.search(squashed))  # the path's own words aside: see credential_parameters
    if squashed in _BARE_NAMES:
        return parameter.location == "header" or bool(_CREDENTIAL_TEXT.search(parameter.description or ""))
    return _credential_name(squashed)


def _credential_name(squashed: str) -> bool:
    """A lower-case name without separators that names a credential, an `x` prefix aside (`xapikey`)."""
    return bool(_CREDENTIAL.match(squashed[1:] if squashed.startswith("x") and len(squashed) > 4 else squashed))


def credential_parameters(spec: Spec, operation: Operation) -> list[Any]:
    """The parameters by which an operation takes credentials outside any security scheme: a
    required header or query parameter named like one (`X-Server-Token`, `api-key`), or any such
    query parameter when the API declares no security scheme at all (`?access_token=`)."""
    schemes = bool(spec.security_schemes)
    return [p for p in operation.parameters if p.location in ("header", "query", "cookie", "path") and credential_parameter(p)
            and (p.required or (p.location == "query" and not schemes)) and not (p.location == "path" and _names_keys(operation.path))]


def _names_keys(path: str) -> bool:
    """A path whose own words name keys, tokens or authentication (`/access-tokens/{accessTokens}`,
    `/apps/{accessTokens}/de-authenticate`) manages them: its parameter is the resource acted on,
    not the caller's credential."""
    words = re.sub(r"\{[^}]*\}", "", path).lower()
    return bool(re.search(r"token|key|secret|credential|auth", words))


@per_spec
def unsecured_operations(spec: Spec) -> list[Operation]:
    """Operations that declare no security and take no credentials as parameters either (those
    are credentials-as-parameter's)."""
    return [o for o in undeclared_operations(spec) if not credential_parameters(spec, o)]


@per_spec
def parameter_secured(spec: Spec) -> list[tuple[Operation, list[Any]]]:
    found = ((o, credential_parameters(spec, o)) for o in undeclared_operations(spec))
    return [(o, params) for o, params in found if params]


# A header or query parameter that info.description names in code (`X-Api-Key`, "access_token",
# HTML's <code>x-api-key</code>), within a sentence or two of saying it is one: "we expect a header
# `X-Api-Key` to be set with the API Key", "pass your token in the `Authorization` header".
_NAMED_IN_CODE = re.compile(r"(?:[`'\"]|<code>)([A-Za-z][A-Za-z0-9_-]{2,40})(?::[^`'\"<]*)?(?:[`'\"]|</code>)")
_CARRIER = re.compile(r"\b(header|query)s?\b", re.IGNORECASE)  # "parameter" alone is as often a code's


@per_spec
def described_credential(spec: Spec) -> str | None:
    """'header X-Api-Key' when no operation declares security or takes a credential parameter, but
    the API's description tells clients to send one in a header or query parameter it names; 'its
    Authentication section' when the description has a section that explains how to authenticate
    (combell's HMAC signing, step by step)."""
    unsecured = unsecured_operations(spec)
    text = spec.info.get("description")
    if len(unsecured) < 2 or len(unsecured) != len(path_operations(spec)) or not isinstance(text, str):
        return None
    for match in _NAMED_IN_CODE.finditer(text):
        name = match.group(1)
        around = text[max(0, match.start() - 100): match.end() + 100]
        carrier = _CARRIER.search(around)
        named = _credential_name(name.lower().replace("-", "").replace("_", ""))
        if carrier and named and _CREDENTIAL_TEXT.search(around):
            location = "query" if carrier.group(1).lower() == "query" else "header"
            return f"{location} '{name}'"
    section = auth_section(text)
    if section is not None and not _NO_AUTH.search(section):
        return "its Authentication section"
    return None


# A Markdown heading `# Authentication` (or Authorization) in info.description.
_AUTH_HEADING = re.compile(r"^ {0,3}(#{1,4})[ \t]*(authentication|authori[sz]ation)\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]", re.MULTILINE)
# "no authorization needed", "does not require authentication", "authentication is not required",
# "is open to everyone".
_NO_AUTH = re.compile(r"\bno (needed )?(authentication|authori[sz]ation|auth|api key)\b(?! (is )?(header|scheme))"
                      r"|\b(does not|doesn't|do not|don't|no need to) (need|require|use)\b[^.]{0,30}\b(authenticat|authori[sz]|api key|key|token)"
                      r"|\b(authentication|authori[sz]ation|an? api key|a token)\b[^.]{0,20}\b(is|are) not (needed|required)\b"
                      r"|\bopen to (everyone|anyone|all)\b", re.IGNORECASE)


def auth_section(text: str) -> str | None:
    """The text of info.description's Authentication (or Authorization) section, up to the next
    heading of its level or higher; None when there is no such heading."""
    heading = _AUTH_HEADING.search(text)
    if heading is None:
        return None
    level = len(heading.group(1))
    end = next((m.start() for m in _HEADING.finditer(text, heading.end()) if len(m.group(1)) <= level), len(text))
    return text[heading.end():end].strip() or None


@per_spec
def says_public(spec: Spec) -> bool:
    """The API's description says, in its Authentication section, that no authentication is needed
    (openfintech: 'To use OpenFinTech API no needed authorization')."""
    text = spec.info.get("description")
    section = auth_section(text) if isinstance(text, str) else None
    return section is not None and bool(_NO_AUTH.search(section))


def credentials_as_parameter(context: Context) -> Iterator[Hit]:
    """Authentication declared as a plain parameter, or only in prose: consumers and tools cannot tell
    it is one."""
    yield from _credentials_in_prose(context.spec)
    found = parameter_secured(context.spec)
    names = sorted({f"{p.location} '{p.name}'" for _, params in found for p in params})
    if len(found) > 1 and len(found) * 10 >= len(path_operations(context.spec)) * 9:
        yield Hit("", f"{len(found)} of {len(path_operations(context.spec))} operations take credentials as a plain "
                  f"parameter ({', '.join(names[:3])}) instead of a security scheme")
        return
    for operation, params in found:
        yield Hit(operation.pointer, f"{operation.label} takes credentials in {params[0].location} parameter "
                  f"'{params[0].name}' instead of a security scheme")


def _credentials_in_prose(spec: Spec) -> Iterator[Hit]:
    """An API that declares no security at all but whose description names the header its key goes
    in: authentication declared the wrong way (a lighter problem), not an API nobody can call."""
    credential, total = described_credential(spec), len(path_operations(spec))
    if credential:
        yield Hit("", f"{total} of {total} operations take credentials described only in info.description "
                  f"({credential}) instead of a security scheme")


def operation_unsecured(context: Context) -> Iterator[Hit]:
    """One finding for an API that declares no security anywhere (the fix is one global
    `security`), else one per operation. Where the API's description names the credential's header,
    credentials-as-parameter reports it instead."""
    if described_credential(context.spec):
        return
    unsecured, total = unsecured_operations(context.spec), len(path_operations(context.spec))
    if len(unsecured) > 1 and len(unsecured) == total:
        yield Hit("", f"none of the {len(unsecured)} operations declares security and there is no global `security`: "
                  "consumers cannot tell how to authenticate")
        return
    if len(unsecured) > 1 and len(undeclared_operations(context.spec)) == total:
        yield Hit("", f"{len(unsecured)} of {total} operations declare no security, take no credentials as parameters, "
                  "and there is no global `security`: consumers cannot tell how to authenticate")
        return
    for operation in unsecured:
        yield Hit(operation.pointer, f"{operation.label} declares no security and is not marked public (security: [])")


def security_scheme_unused(context: Context) -> Iterator[Hit]:
    applied = applied_schemes(context.spec)
    for name, scheme in sorted(context.spec.security_schemes.items()):
        if name not in applied:
            yield Hit(scheme.pointer, f"security scheme '{name}' is defined but no operation requires it")


def requirement_sites(spec: Spec) -> list[tuple[str, str, tuple[dict[str, list[str]], ...]]]:
    """(pointer, label, alternatives) of every place a security requirement is written."""
    sites = [("/security", "the global security", spec.security)] if spec.security else []
    sites += [(jp.child(o.pointer, "security"), o.label, o.security) for o in spec.operations if o.security]
    return sites


def _undefined(spec: Spec, alternatives: tuple[dict[str, list[str]], ...]) -> list[str]:
    problems = []
    for alternative in alternatives:
        for name, scopes in alternative.items():
            scheme = spec.security_schemes.get(name)
            if scheme is None:
                problems.append(f"scheme '{name}', which is not defined")
            elif scheme.type == "oauth2":
                problems += [f"scope '{s}' of '{name}', which the scheme does not define" for s in scopes if s not in scheme.scopes]
    return problems


def security_requirement_undefined(context: Context) -> Iterator[Hit]:
    for pointer, label, alternatives in requirement_sites(context.spec):
        problems = _undefined(context.spec, alternatives)
        if problems:
            yield Hit(pointer, f"{label} requires {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))


def api_key_in_query(context: Context) -> Iterator[Hit]:
    for scheme in context.spec.security_schemes.values():
        if scheme.type == "apiKey" and scheme.location == "query":
            name = scheme.raw.get("name", "?")
            yield Hit(scheme.pointer, f"security scheme '{scheme.name}' sends the API key in the query string ('{name}')")


def carries_password(spec: Spec, scheme: SecurityScheme) -> bool:
    """HTTP basic with a person's password, not an API key, a token or a client's id and secret
    (its name or description says which), nor a client authenticating at a token endpoint (a
    scheme only an `/oauth/token`-like or `/authenticate` operation uses)."""
    text = f"{scheme.name} {scheme.description or ''}"
    if _NOT_PASSWORD.search(text) and not _PASSWORD.search(scheme.description or ""):
        return False
    users = [o for o in spec.operations if any(scheme.name in alt for alt in requirement(spec, o))]
    return not (users and all(re.search(r"token|oauth|authenticat|login", o.path, re.IGNORECASE) for o in users))


def http_basic_auth(context: Context) -> Iterator[Hit]:
    for scheme in context.spec.security_schemes.values():
        if scheme.type == "http" and scheme.scheme == "basic" and carries_password(context.spec, scheme):
            yield Hit(scheme.pointer, f"security scheme '{scheme.name}' sends a reusable user name and password with every request (HTTP basic)")


def local_host(host: str) -> bool:
    """A developer's machine or a private network (`host_kind`); a placeholder host
    (`example.com`) is not: the published `http://` is what the reader will call."""
    return host_kind(host) in NOT_PUBLIC


def plain_http(url: str) -> bool:
    """An `http://` server that is not a local or private one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme.lower() == "http" and bool(host) and "{" not in host and not local_host(host)


def credentials_over_http(context: Context) -> Iterator[Hit]:
    if not secured_operations(context.spec):
        return
    for server in context.spec.servers:
        if plain_http(server.url):
            yield Hit(server.pointer, f"server '{server.url}' is plain http://; credentials sent to it travel unencrypted")


def scoped_schemes(spec: Spec) -> list[SecurityScheme]:
    return [s for s in spec.security_schemes.values() if s.type == "oauth2" and s.scopes]


def used_scopes(spec: Spec, name: str) -> set[str]:
    sites = [alternatives for _, _, alternatives in requirement_sites(spec)]
    return {scope for alternatives in sites for alternative in alternatives for scope in alternative.get(name, [])}


@per_spec
def extension_strings(spec: Spec) -> frozenset[str]:
    """The strings in the operations' `x-` extensions, where some APIs list the scopes an operation
    needs (`x-atlassian-oauth2-scopes: [{scopes: [read:jira-work]}]`)."""
    found: set[str] = set()
    stack = [value for o in spec.operations for key, value in o.raw.items() if isinstance(key, str) and key.startswith("x-")]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            stack += value.values()
        elif isinstance(value, list):
            stack += value
    return frozenset(found)


@per_spec
def described_text(spec: Spec) -> str:
    """Every operation's description and summary: where an API says a scope is needed only in some
    cases (the info description's table of scopes defines them, it does not use them)."""
    texts = [str(o.raw.get(f) or "") for o in spec.operations for f in ("description", "summary")]
    return "\n".join(texts)


def mentioned(spec: Spec, scope: str) -> bool:
    """A description names the scope: quoted, or near the word "scope"."""
    name = rf"(?<![\w:./-]){re.escape(scope)}(?![\w:/-])"
    quoted = rf"[`'\"]{re.escape(scope)}[`'\"]"
    near = rf"scope[^.\n]{{0,60}}?{name}|{name}[^.\n]{{0,30}}?scope"
    return re.search(f"{quoted}|{near}", described_text(spec), re.IGNORECASE) is not None


def unneeded_scopes(spec: Spec, scheme: SecurityScheme) -> list[str]:
    """Scopes no requirement names, leaving out a refresh-token scope (`offline_access`: it asks
    for a refresh token, not for access to an operation) and scopes the descriptions name (`needs
    the 'repo' scope for private repositories`: conditional)."""
    used = used_scopes(spec, scheme.name) | extension_strings(spec)
    return sorted(s for s in set(scheme.scopes) - used
                  if s.strip() and s.lower() not in REFRESH_SCOPES and not mentioned(spec, s)
                  and not (_GRANTED_ANYWAY.search(scheme.scopes[s] or "") and applied_to_any(spec, scheme)))


# Words of a scope that say what may be done, not to what (`user-read-email`, `pipeline:write`).
_ACCESS_WORDS = frozenset(("read", "write", "readonly", "only", "modify", "manage", "admin", "delete", "create",
                           "update", "edit", "view", "all", "full", "access", "private", "public", "basic", "api",
                           "scope", "rw", "ro"))


@per_spec
def path_words(spec: Spec) -> frozenset[str]:
    """The singular of every word in the API's static path segments, and of each segment written
    as one word (`deploymentEnvironments` -> 'deployment', 'environment', 'deploymentenvironment')."""
    found: set[str] = set()
    for segment in {segment for path in spec.paths for segment in path.split("/") if "{" not in segment}:
        parts = words(segment)
        found.update(singular(word) for word in parts)
        found.add(singular("".join(parts)))
    return frozenset(found)


def served_by_api(spec: Spec, scope: str) -> bool:
    """Does the scope name something this API's paths serve (`pipeline:write` beside
    `/pipelines`)? A scope naming none (NPR's `listening.readonly` in its identity API, Spotify's
    `streaming` for its playback SDK) is for another API or client of the same authorization
    server, not one this API forgot to require."""
    named = {singular(word) for word in words(scope)} - _ACCESS_WORDS
    return not named or bool(named & path_words(spec))


def applied_to_any(spec: Spec, scheme: SecurityScheme) -> bool:
    return any(scheme.name in alternative for _, _, alternatives in requirement_sites(spec) for alternative in alternatives)


def oauth2_scope_unused(context: Context) -> Iterator[Hit]:
    for scheme in scoped_schemes(context.spec):
        used = used_scopes(context.spec, scheme.name)
        unused = unneeded_scopes(context.spec, scheme)
        if not unused:
            continue
        if not used:
            what = "1 scope" if len(scheme.scopes) == 1 else f"{len(scheme.scopes)} scopes"
            yield Hit(scheme.pointer, f"security scheme '{scheme.name}' defines {what} but no operation says which it needs")
            continue
        unused = [scope for scope in unused if served_by_api(context.spec, scope)]
        if unused:
            shown = ", ".join(f"'{s}'" for s in unused[:3]) + (f" and {len(unused) - 3} more" if len(unused) > 3 else "")
            yield Hit(scheme.pointer, f"security scheme '{scheme.name}' defines scopes no operation requires: {shown}")


def oauth2_scope_description(context: Context) -> Iterator[Hit]:
    for scheme in scoped_schemes(context.spec):
        bare = sorted(scope for scope, text in scheme.scopes.items() if not text.strip() or text.strip() == scope)
        if bare:
            shown = ", ".join(f"'{s}'" for s in bare[:3]) + (f" and {len(bare) - 3} more" if len(bare) > 3 else "")
            yield Hit(scheme.pointer, f"security scheme '{scheme.name}' has {len(bare)} of {len(scheme.scopes)} scopes with no description: {shown}")


def auth_errors_undocumented(context: Context) -> Iterator[Hit]:
    yield from each_or_across(context.spec, without_auth_errors(context.spec), "/paths",
                              "requires credentials but documents no 401 or 403 response",
                              "require credentials but document no 401 or 403 response")


@per_spec
def without_auth_errors(spec: Spec) -> list[Operation]:
    return [o for o in secured_operations(spec) if not any(r.status in AUTH_ERRORS for r in o.responses)]


_TOKEN_ENDPOINT = re.compile(r"token|oauth|authenticat|login", re.IGNORECASE)


@per_spec
def families_by_operation(spec: Spec) -> dict[str, frozenset[str]]:
    """pointer -> the auth families a secured operation accepts, leaving out the endpoint that
    issues tokens (`POST /token` with the client's id and secret as HTTP basic is a step of the
    OAuth flow, not a second model)."""
    schemes = spec.security_schemes
    return {
        o.pointer: frozenset(family(scheme_kind(schemes[name])) for alt in requirement(spec, o) for name in alt if name in schemes)
        for o in secured_operations(spec) if not _TOKEN_ENDPOINT.search(o.path)
    }


def mixed_models(spec: Spec) -> list[str]:
    """The auth families in use, when operations accept different ones and the schemes do not
    say why (no description); empty when the choice is consistent or explained."""
    accepted = families_by_operation(spec)
    used = sorted({f for families in accepted.values() for f in families})
    if len(set(accepted.values())) < 2:
        return []
    applied = [spec.security_schemes[n] for n in sorted(applied_schemes(spec)) if n in spec.security_schemes]
    if all((s.description or "").strip() for s in applied):
        return []
    return used


def schemes_pointer(spec: Spec) -> str:
    """Where the security schemes are declared (a finding about them all is located there)."""
    return "/securityDefinitions" if spec.version == "2.0" else "/components/securitySchemes"


def auth_models_mixed(context: Context) -> Iterator[Hit]:
    used = mixed_models(context.spec)
    if used:
        yield Hit(schemes_pointer(context.spec), f"operations accept different auth models ({', '.join(used)}) and the "
                                                 "schemes do not say which to use when")


JSONP_NAMES = frozenset(("callback", "jsonp", "jsoncallback", "jsonpcallback"))


_URL_TEXT = re.compile(r"\bur[li]\b|webhook|endpoint", re.IGNORECASE)


def browser_credentials(spec: Spec) -> bool:
    """The API accepts credentials a browser attaches to any request by itself, a `<script>` tag's
    too: a cookie, HTTP basic or digest. With an API key or a bearer token, a page that loads the
    JSONP response gets only what it could fetch itself."""
    return any((s.type == "apiKey" and s.location == "cookie") or (s.type == "http" and (s.scheme or "").lower()
               in ("basic", "digest")) for s in spec.security_schemes.values())


def jsonp_parameter(parameter: Any) -> bool:
    """A query `callback` naming a function, not a callback URL (`A callback URL`, format uri)."""
    schema = parameter.schema.raw if parameter.schema is not None and isinstance(parameter.schema.raw, dict) else {}
    return (parameter.location == "query" and parameter.name.lower().replace("_", "").replace("-", "") in JSONP_NAMES
            and not _URL_TEXT.search(parameter.description or "") and schema.get("format") not in ("uri", "url"))


@per_spec
def jsonp_operations(spec: Spec) -> list[tuple[Operation, str]]:
    if not browser_credentials(spec):
        return []
    found = []
    for operation in path_operations(spec):
        names = [p.name for p in operation.parameters if jsonp_parameter(p)]
        if names and operation.method == "get":
            found.append((operation, names[0]))
    return found


def jsonp_callback(context: Context) -> Iterator[Hit]:
    """JSONP: any web page may load the response as a script, with the user's cookies."""
    found = jsonp_operations(context.spec)
    if len(found) > 1:
        yield Hit("/paths", f"{len(found)} operations take a JSONP '{found[0][1]}' parameter: any web page can read "
                            "their responses with the user's cookies; serve CORS instead")
        return
    for operation, name in found:
        yield Hit(operation.pointer, f"{operation.label} takes a JSONP '{name}' parameter: any web page can read its "
                                     "response with the user's cookies; serve CORS instead")


# --- measures --------------------------------------------------------------------------------

def auth_measures(context: Context) -> dict[str, Any]:
    spec = context.spec
    operations = path_operations(spec)
    schemes = sorted(spec.security_schemes.values(), key=lambda s: (-STRENGTH_OF.get(scheme_kind(s), 0), s.name))
    applied = applied_schemes(spec)
    kinds = [scheme_kind(s) for s in schemes if s.name in applied]
    secured_count = len(secured_operations(spec))
    undeclared = len(undeclared_operations(spec))
    return {
        "schemes": [{"name": s.name, "kind": scheme_kind(s), "strength": STRENGTH_OF.get(scheme_kind(s), 0),
                     "applied": s.name in applied} for s in schemes],
        "strongest": kinds[0] if kinds else None,
        "weakest": kinds[-1] if kinds else None,
        "operations": {"secured": secured_count, "public": len(operations) - secured_count - undeclared, "undeclared": undeclared},
        "headline": _auth_headline(spec, kinds),
        "counts": _counts(context, operations, secured_count),
    }


def _auth_headline(spec: Spec, kinds: list[str]) -> str:
    if kinds:
        return "authentication by " + ", ".join(dict.fromkeys(kinds))
    taken = sorted({p.name for _, params in parameter_secured(spec) for p in params})
    described = None if taken else described_credential(spec)
    if described:
        return f"credentials described only in info.description ({described}), no security scheme"
    if not spec.security and says_public(spec):
        return "no authentication needed, as info.description says"
    if taken:
        return f"credentials taken as plain parameters ({', '.join(repr(n) for n in taken[:2])}), no security scheme"
    return "no authentication declared"


def _counts(context: Context, operations: list[Operation], secured_count: int) -> dict[str, dict[str, int]]:
    spec = context.spec
    sites = requirement_sites(spec)
    in_prose = described_credential(spec) is not None  # the API's credentials, described only in its description
    return {
        "operation-unsecured": {"checked": len(operations), "failed": 0 if in_prose else len(unsecured_operations(spec))},
        "credentials-as-parameter": when_found(len(operations), len(operations) if in_prose else len(parameter_secured(spec))),
        "jsonp-callback": when_found(len(operations), len(jsonp_operations(spec))),
        "security-requirement-undefined": {"checked": len(sites), "failed": sum(1 for _, _, a in sites if _undefined(spec, a))},
        "credentials-over-http": {"checked": len(spec.servers) if secured_count else 0},
        "oauth2-scope-unused": {"checked": len(scoped_schemes(spec))},
        "oauth2-scope-description": {"checked": len(scoped_schemes(spec))},
        "auth-errors-undocumented": {"checked": secured_count, "failed": len(without_auth_errors(spec))},
        "auth-models-mixed": {"checked": 1 if len(set(families_by_operation(spec).values())) > 1 else 0},
    }
