"""Auth: schemes by strength, and each rule's findings at exact pointers."""

from __future__ import annotations

from textwrap import dedent

from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
OK = "responses: {'200': {description: Done.}, '401': {description: No valid token.}}"


def report(write, body: str):
    return scan(str(write(HEAD + dedent(body))))


def found(write, body: str, rule: str) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body).findings if f.rule == rule]


def auth(write, body: str):
    return next(d for d in report(write, body).scorecard.dimensions if d.name == "auth")


def test_schemes_are_ranked_by_strength(write):
    body = f"""
    security: [{{oauth: []}}, {{key: []}}, {{basic: []}}, {{query: []}}]
    paths:
      /pets: {{get: {{{OK}}}}}
    components:
      securitySchemes:
        basic: {{type: http, scheme: basic}}
        query: {{type: apiKey, in: query, name: key}}
        key: {{type: apiKey, in: header, name: X-Key}}
        oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://a.example.com/t', scopes: {{}}}}}}}}
        bearer: {{type: http, scheme: bearer}}
    """
    measures = auth(write, body).measures
    assert [(s["name"], s["kind"], s["strength"], s["applied"]) for s in measures["schemes"]] == [
        ("oauth", "OAuth 2", 5, True), ("bearer", "HTTP bearer", 4, False), ("key", "API key in a header", 3, True),
        ("query", "API key in the query string", 2, True), ("basic", "HTTP basic", 1, True),
    ]
    assert (measures["strongest"], measures["weakest"]) == ("OAuth 2", "HTTP basic")
    assert found(write, body, "security-scheme-unused") == [
        ("/components/securitySchemes/bearer", "security scheme 'bearer' is defined but no operation requires it")]
    assert found(write, body, "api-key-in-query") == [
        ("/components/securitySchemes/query", "security scheme 'query' sends the API key in the query string ('key')")]
    assert [p for p, _ in found(write, body, "http-basic-auth")] == ["/components/securitySchemes/basic"]


def test_an_api_with_no_security_anywhere_is_one_finding_and_scores_zero(write):
    body = f"paths:\n  /pets: {{get: {{{OK}}}}}\n  /owners: {{get: {{{OK}}}}}\n"
    assert found(write, body, "operation-unsecured") == [
        ("", "none of the 2 operations declares security and there is no global `security`: consumers cannot tell how to authenticate")]
    dimension = auth(write, body)
    assert dimension.score == 0
    assert dimension.measures["rules"]["operation-unsecured"] == {"checked": 2, "failed": 2, "pass_rate": 0.0}
    assert dimension.measures["operations"] == {"secured": 0, "public": 0, "undeclared": 2}


def test_unsecured_operations_beside_secured_ones_are_named(write):
    body = f"""
    paths:
      /pets: {{get: {{security: [{{bearer: []}}], {OK}}}}}
      /owners: {{get: {{{OK}}}}}
      /health: {{get: {{security: [], responses: {{'200': {{description: Up.}}}}}}}}
    components:
      securitySchemes:
        bearer: {{type: http, scheme: bearer}}
    """
    assert found(write, body, "operation-unsecured") == [
        ("/paths/~1owners/get", "GET /owners declares no security and is not marked public (security: [])")]
    assert auth(write, body).measures["operations"] == {"secured": 1, "public": 1, "undeclared": 1}


def test_the_apis_own_token_endpoint_needs_no_security(write):
    """Was: POST /oauth2/token, the tokenUrl of the API's own OAuth 2 scheme, 'declares no security'.
    The tokenUrl carries the server's base path; the operation's path is its tail."""
    body = f"""
    servers: [{{url: 'https://api.example.com/v1'}}]
    paths:
      /pets: {{get: {{security: [{{oauth: [read]}}], {OK}}}}}
      /oauth2/token: {{post: {{responses: {{'200': {{description: A token.}}}}}}}}
      /oauth2/authorize/: {{get: {{responses: {{'302': {{description: To the login page.}}}}}}}}
      /owners: {{get: {{{OK}}}}}
    components:
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            authorizationCode: {{authorizationUrl: /v1/oauth2/authorize, tokenUrl: 'https://api.example.com/v1/oauth2/token',
                                 scopes: {{read: Read pets.}}}}
    """
    assert found(write, body, "operation-unsecured") == [
        ("/paths/~1owners/get", "GET /owners declares no security and is not marked public (security: [])")]
    assert auth(write, body).measures["operations"] == {"secured": 1, "public": 2, "undeclared": 1}


def test_a_globally_public_api_is_fine(write):
    body = "security: []\npaths:\n  /pets: {get: {responses: {'200': {description: Done.}}}}\n"
    dimension = auth(write, body)
    assert dimension.score == 100 and dimension.summary.startswith("no authentication declared; no problems found")


def test_undefined_schemes_and_scopes(write):
    body = f"""
    security: [{{Oauth: [pets:read]}}]
    paths:
      /pets: {{get: {{security: [{{oauth: [pets:admin]}}], {OK}}}}}
      /owners: {{get: {{{OK}}}}}
    components:
      securitySchemes:
        oauth:
          type: oauth2
          flows: {{clientCredentials: {{tokenUrl: 'https://a.example.com/t', scopes: {{pets:read: Read pets.}}}}}}
    """
    assert found(write, body, "security-requirement-undefined") == [
        ("/security", "the global security requires scheme 'Oauth', which is not defined"),
        ("/paths/~1pets/get/security", "GET /pets requires scope 'pets:admin' of 'oauth', which the scheme does not define"),
    ]


def test_credentials_over_plain_http_but_not_to_local_servers(write):
    body = f"""
    servers: [{{url: 'http://api.example.com'}}, {{url: 'https://api.example.com'}}, {{url: 'http://localhost:8080'}}]
    security: [{{bearer: []}}]
    paths:
      /pets: {{get: {{{OK}}}}}
    components:
      securitySchemes:
        bearer: {{type: http, scheme: bearer}}
    """
    assert found(write, body, "credentials-over-http") == [
        ("/servers/0", "server 'http://api.example.com' is plain http://; credentials sent to it travel unencrypted")]


def test_plain_http_without_credentials_is_not_an_auth_problem(write):
    body = "servers: [{url: 'http://api.example.com'}]\nsecurity: []\npaths:\n  /pets: {get: {responses: {'200': {description: Done.}}}}\n"
    assert found(write, body, "credentials-over-http") == []


def test_oauth_scopes_unused_and_undescribed(write):
    scopes = "{pets:read: Read pets., pets:write: '', admin: admin}"
    body = f"""
    paths:
      /pets: {{get: {{security: [{{oauth: [pets:read]}}], {OK}}}}}
    components:
      securitySchemes:
        oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://a.example.com/t', scopes: {scopes}}}}}}}
    """
    assert found(write, body, "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'admin', 'pets:write'")]
    assert found(write, body, "oauth2-scope-description") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' has 2 of 3 scopes with no description: 'admin', 'pets:write'")]


def test_scopes_no_operation_names(write):
    body = f"""
    security: [{{oauth: []}}]
    paths:
      /pets: {{get: {{{OK}}}}}
    components:
      securitySchemes:
        oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://a.example.com/t', scopes: {{a: A., b: B.}}}}}}}}
    """
    assert found(write, body, "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines 2 scopes but no operation says which it needs")]


def test_secured_operations_document_401_or_403(write):
    body = """
    security: [{bearer: []}]
    paths:
      /pets: {get: {responses: {'200': {description: Done.}}}}
      /owners: {get: {responses: {'200': {description: Done.}, '4XX': {description: Client errors.}}}}
      /health: {get: {security: [], responses: {'200': {description: Up.}}}}
    components:
      securitySchemes:
        bearer: {type: http, scheme: bearer}
    """
    assert found(write, body, "auth-errors-undocumented") == [
        ("/paths/~1pets/get/responses", "GET /pets requires credentials but documents no 401 or 403 response")]
    assert auth(write, body).measures["rules"]["auth-errors-undocumented"] == {"checked": 2, "failed": 1, "pass_rate": 0.5}


def test_several_auth_models_need_a_reason(write):
    schemes = """
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-Key}
        basic: {type: http, scheme: basic}
    """
    apart = f"paths:\n  /pets: {{get: {{security: [{{key: []}}], {OK}}}}}\n  /owners: {{get: {{security: [{{basic: []}}], {OK}}}}}\n"
    either = f"paths:\n  /pets: {{get: {{security: [{{key: []}}, {{basic: []}}], {OK}}}}}\n"
    assert found(write, apart + dedent(schemes), "auth-models-mixed") == [
        ("/components/securitySchemes",
         "operations accept different auth models (API key, HTTP basic) and the schemes do not say which to use when")]
    assert found(write, either + dedent(schemes), "auth-models-mixed") == []
