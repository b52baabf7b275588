"""The false-positive classes of the documentation, auth and rate-limit rules found by labelling
(issue 11, branch docauth), each on a small document: what a reviewer judged wrong no longer fires,
what they judged right still does."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
DONE = "responses: {'200': {description: Done.}}"


def found(write, body: str, rule: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in scan(str(write(head + dedent(body)))).findings if f.rule == rule]


def rules_found(write, body: str) -> set[str]:
    return {f.rule for f in scan(str(write(HEAD + dedent(body)))).findings}


def paths(count: int, tags: str = "") -> str:
    return "paths:\n" + "".join(f"  /p{i}: {{get: {{{tags}{DONE}}}}}\n" for i in range(count))


# --- operation-tags ------------------------------------------------------------------------------

def test_a_small_api_that_tags_nothing_has_nothing_to_group(write):
    assert found(write, paths(5), "operation-tags") == []


def test_a_larger_api_that_tags_nothing_is_found(write):
    assert found(write, paths(6), "operation-tags") == [(f"/paths/~1p{i}/get", f"GET /p{i} has no tags") for i in range(6)]


def test_a_small_api_that_tags_some_operations_is_found_on_the_others(write):
    body = paths(1, "tags: [pets], ") + f"  /toys: {{get: {{{DONE}}}, options: {{{DONE}}}}}\n"
    assert found(write, body, "operation-tags") == [("/paths/~1toys/get", "GET /toys has no tags")]


# --- request-body-description ------------------------------------------------------------------

def body_with(schema: str) -> str:
    return f"paths:\n  /pets:\n    post:\n      requestBody: {{content: {{application/json: {{schema: {schema}}}}}}}\n      {DONE}\n"


@pytest.mark.parametrize("schema", [
    "{oneOf: [{properties: {channel: {type: string, description: Channel name.}}}]}",
    "{properties: {items: {type: array, items: {$ref: '#/components/schemas/Order'}}}}",
    "{type: object, additionalProperties: {type: string, description: A value for each field.}}",
    "{allOf: [{$ref: '#/components/schemas/Order'}, {properties: {name: {type: string}}}]}",
    "{properties: {banner: {type: string, title: FTP service banner}}}",
    "{properties: {payments: {$ref: '#/components/schemas/Bare', description: The payments of the batch.}}}",
])
def test_a_body_described_inside_its_parts_items_or_values_is_described(write, schema):
    components = ("components: {schemas: {Order: {properties: {reference: {type: string, description: Your reference.}}}, "
                  "Bare: {properties: {id: {type: string}}}}}\n")
    assert found(write, body_with(schema) + components, "request-body-description") == []


def test_a_body_with_nothing_described_anywhere_is_found(write):
    body = body_with("{allOf: [{$ref: '#/components/schemas/Order'}]}")
    body += "components: {schemas: {Order: {properties: {reference: {type: string}}}}}\n"
    assert found(write, body, "request-body-description") == [
        ("/paths/~1pets/post/requestBody", "the request body of POST /pets has no description, on the body, its schema or its fields")]


# --- response-example ----------------------------------------------------------------------------

RESPONSE = """
paths:
  /pets:
    get:
      responses:
        '200':
          description: The pets.
          content: {{application/json: {{schema: {schema}}}}}
components:
  schemas:
    Pet: {{properties: {{id: {{type: string, example: p-1}}}}}}
    Bare: {{properties: {{id: {{type: string}}}}}}
    Page: {{allOf: [{{$ref: '#/components/schemas/Bare'}}, {{properties: {{data: {{$ref: '#/components/schemas/Pet'}}}}}}]}}
"""


@pytest.mark.parametrize("schema", [
    "{type: array, items: {$ref: '#/components/schemas/Pet'}}",
    "{properties: {data: {$ref: '#/components/schemas/Pet'}}}",
    "{$ref: '#/components/schemas/Page'}",
])
def test_an_example_in_a_referenced_schema_is_an_example(write, schema):
    assert found(write, RESPONSE.format(schema=schema), "response-example") == []


def test_a_response_with_no_example_anywhere_is_found(write):
    assert found(write, RESPONSE.format(schema="{type: array, items: {$ref: '#/components/schemas/Bare'}}"),
                 "response-example") == [("/paths/~1pets/get/responses/200", "response 200 of GET /pets has no example")]


def test_a_file_or_an_empty_object_needs_no_example(write):
    body = """
    paths:
      /report: {get: {responses: {'200': {description: The PDF., content: {application/pdf: {schema: {type: string, format: binary}}}}}}}
      /ping: {post: {responses: {'200': {description: Done., content: {application/json: {schema: {type: object, properties: {}}}}}}}}
      /pets: {get: {responses: {'200': {description: Pets., content: {application/json: {schema: {type: array, items: {type: string}}}}}}}}
      /toys: {get: {responses: {'200': {description: Toys., content: {'*/*': {schema: {type: array, items: {type: string}}}}}}}}
    """
    assert found(write, body, "response-example") == [("/paths/~1pets/get/responses/200", "response 200 of GET /pets has no example"),
                                                      ("/paths/~1toys/get/responses/200", "response 200 of GET /toys has no example")]


# --- parameter-description -------------------------------------------------------------------------

def test_a_description_on_the_parameter_s_schema_describes_it(write):
    body = f"""
    paths:
      /accounts/{{id}}:
        get:
          parameters:
            - {{name: id, in: path, required: true, schema: {{type: string, description: A UUID identifying the account.}}}}
            - {{name: page, in: query, schema: {{type: integer}}}}
          {DONE}
    """
    assert found(write, body, "parameter-description") == [
        ("/paths/~1accounts~1{id}/get/parameters/1", "query parameter 'page' has no description")]


# --- example-format-mismatch ----------------------------------------------------------------------

def test_a_timestamp_for_a_date_still_carries_the_date(write):
    body = """
    paths: {}
    components:
      schemas:
        Task:
          properties:
            due: {type: string, format: date, example: '2025-10-15T13:51:09.279Z'}
            start: {type: string, format: date, example: 'next week'}
    """
    assert found(write, body, "example-format-mismatch") == [
        ("/components/schemas/Task/properties/start", "property 'start' has the example 'next week', which does not match its format 'date'")]


# --- parameter-description-repeated --------------------------------------------------------------

def _shared(text: str) -> str:
    names = ("since", "until", "created", "updated", "seen")
    parameters = ", ".join(f"{{name: {n}, in: query, description: '{text}', schema: {{type: string}}}}" for n in names)
    return f"paths:\n  /pets: {{get: {{parameters: [{parameters}], {DONE}}}}}\n"


@pytest.mark.parametrize("text", ["ISO 8601 date string", "Unix date.", "Comma-separated list of user identifiers",
                                  "Can be used multiple times."])
def test_a_shared_text_that_says_how_the_value_is_written_is_not_boilerplate(write, text):
    assert found(write, _shared(text), "parameter-description-repeated") == []


def test_a_shared_placeholder_is_still_boilerplate(write):
    assert found(write, _shared("required"), "parameter-description-repeated") == [
        ("/paths/~1pets/get/parameters/0", ("5 parameters ('created', 'seen', 'since' and 2 more) share the description "
                                            "'required', which says nothing about any of them"))]


# --- self-hosted products: no rate limits, no terms of service ----------------------------------

ABSENCE = {"rate-limit-response", "rate-limit-headers", "rate-limit-policy-undocumented", "info-terms-of-service"}


@pytest.mark.parametrize("servers", ["[{url: 'http://localhost:7700'}]",
                                     "[{url: 'http://engine.local'}, {url: /v1}]",
                                     "[{url: 'http://10.0.0.2/api'}]"])
def test_a_self_hosted_product_has_no_rate_limits_or_terms_to_state(write, servers):
    assert rules_found(write, f"servers: {servers}\n" + paths(2)) & ABSENCE == set()


@pytest.mark.parametrize("servers", ["[{url: 'https://api.pets.com'}]",
                                     "[{url: 'https://pets.local'}, {url: 'https://{account}.{env}.pets.com/api'}]",
                                     "[{url: 'https://api.example.com/v2'}, {url: 'http://10.0.12.7:8080/v2'}]",
                                     "[{url: /v1}]"])
def test_a_hosted_api_still_states_them(write, servers):
    assert rules_found(write, f"servers: {servers}\n" + paths(2)) & ABSENCE == ABSENCE


def test_a_tripped_limit_answered_with_another_status_in_info_counts(write):
    head = ("openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0, description: 'Each IP is rate limited at 30 requests "
            "per second. Tripping the rate limit will result in a 503 response.'}\n")
    body = "servers: [{url: 'https://api.pets.com'}]\n" + paths(2)
    assert found(write, body, "rate-limit-response", head) == []
    assert found(write, body, "rate-limit-response") == [("/paths", "2 of 2 operations document no 429 Too Many Requests response")]


# --- credentials declared as parameters -----------------------------------------------------------

def test_a_required_secret_header_or_a_key_in_the_path_are_credentials(write):
    body = f"""
    paths:
      /a: {{get: {{parameters: [{{name: Secret, in: header, required: true, schema: {{type: string}}}}], {DONE}}}}}
      /json/{{YOUR_API_KEY_HERE}}/{{email}}:
        get:
          parameters:
            - {{name: YOUR_API_KEY_HERE, in: path, required: true, schema: {{type: string}}}}
            - {{name: email, in: path, required: true, schema: {{type: string}}}}
          {DONE}
      /c: {{get: {{parameters: [{{name: key, in: query, required: true, schema: {{type: string}}}}], {DONE}}}}}
    """
    assert found(write, body, "credentials-as-parameter") == [
        ("/paths/~1a/get", "GET /a takes credentials in header parameter 'Secret' instead of a security scheme"),
        ("/paths/~1json~1{YOUR_API_KEY_HERE}~1{email}/get",
         "GET /json/{YOUR_API_KEY_HERE}/{email} takes credentials in path parameter 'YOUR_API_KEY_HERE' instead of a security scheme")]
    assert found(write, body, "operation-unsecured") == [
        ("/paths/~1c/get", "GET /c declares no security and is not marked public (security: [])")]


def test_a_token_in_a_path_that_manages_tokens_is_the_resource(write):
    body = f"""
    paths:
      /access-tokens/{{accessTokens}}:
        get:
          parameters: [{{name: accessTokens, in: path, required: true, schema: {{type: string}}}}]
          {DONE}
    """
    assert found(write, body, "credentials-as-parameter") == []
    revoke = body.replace("/access-tokens/{accessTokens}:", "/apps/{accessTokens}/de-authenticate:")
    assert found(write, revoke, "credentials-as-parameter") == []


# --- oauth2-scope-unused --------------------------------------------------------------------------

SCOPED = """
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {{clientCredentials: {{tokenUrl: 'https://auth.pets.com/token', scopes: {scopes}}}}}
security: [{{oauth: [read]}}]
paths:
  /pets:
    get:
      x-granular-scopes: [{{scheme: oauth, scopes: ['read:pet']}}]
      responses: {{'200': {{description: Done.}}}}
"""


def test_a_blank_scope_or_one_an_operation_names_in_an_extension_is_not_unused(write):
    assert found(write, SCOPED.format(scopes="{read: Read., 'read:pet': Read a pet., ' ': Scopes not required}"),
                 "oauth2-scope-unused") == []


def test_a_scope_nothing_names_is_still_unused(write):
    assert found(write, SCOPED.format(scopes="{read: Read., 'write:pet': Write a pet.}"), "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'write:pet'")]


def test_a_scope_every_token_carries_is_not_unused(write):
    related = "{read: Read., 'pets:write': Allows access to all endpoints related to your Pets.}"
    assert found(write, SCOPED.format(scopes=related), "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'pets:write'")]
    scopes = "{default: 'If no scopes are requested, this scope is assumed by default.', 'read': Read.}"
    body = SCOPED.format(scopes=scopes).replace("security: [{oauth: [read]}]", "security: [{oauth: []}]")
    assert found(write, body, "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines 2 scopes but no operation says which it needs")]
    assert found(write, body.replace("'read': Read.", "'read:pet': Read a pet."), "oauth2-scope-unused") == []


# --- auth-models-mixed ------------------------------------------------------------------------------

def test_http_basic_only_at_the_token_endpoint_is_a_step_of_oauth_not_a_second_model(write):
    body = f"""
    components:
      securitySchemes:
        basic: {{type: http, scheme: basic}}
        oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: /v1/authenticate, scopes: {{}}}}}}}}
    security: [{{oauth: []}}]
    paths:
      /v1/authenticate: {{post: {{security: [{{basic: []}}], {DONE}}}}}
      /pets: {{get: {{{DONE}}}}}
    """
    assert found(write, body, "auth-models-mixed") == []
    assert found(write, body.replace("/v1/authenticate: {post", "/v1/owners: {post"), "auth-models-mixed") == [
        ("/components/securitySchemes",
         "operations accept different auth models (HTTP basic, OAuth 2) and the schemes do not say which to use when")]


# --- versioning ------------------------------------------------------------------------------------

def test_a_standard_s_dotted_version_deeper_in_the_path_is_not_the_api_s(write):
    body = f"paths:\n  /api/v2/a: {{get: {{{DONE}}}}}\n  /api/v2/b: {{get: {{{DONE}}}}}\n  /radiodns/spi/3.1/SI.xml: {{get: {{{DONE}}}}}\n"
    assert found(write, body, "version-segment-position") == []
    assert found(write, body.replace("/radiodns/spi/3.1/", "/radiodns/spi/v2/"), "version-segment-position") == [
        ("/paths/~1radiodns~1spi~1v2~1SI.xml",
         "path '/radiodns/spi/v2/SI.xml' has its version at segment 3; 2 of 3 versioned paths have it at segment 2")]


def test_a_mock_server_s_version_is_not_a_second_version(write):
    servers = "servers: [{url: 'https://virtserver.swaggerhub.com/acme/pets/1.0.0', description: SwaggerHub API Auto Mocking}]\n"
    body = servers + f"paths:\n  /v1/pets: {{get: {{{DONE}}}}}\n"
    assert found(write, body, "version-in-server-and-path") == []
    assert [p for p, _ in found(write, body.replace("SwaggerHub API Auto Mocking", "production"), "version-in-server-and-path")] == [
        "/servers/0"]


# --- jsonp-callback -------------------------------------------------------------------------------

def _jsonp(scheme: str, description: str = "JSONP function name") -> str:
    return f"""
    components: {{securitySchemes: {{auth: {scheme}}}}}
    security: [{{auth: []}}]
    paths:
      /pets:
        get:
          parameters: [{{name: callback, in: query, description: {description}, schema: {{type: string}}}}]
          {DONE}
    """


def test_jsonp_is_found_where_the_browser_attaches_the_credentials(write):
    message = ("GET /pets takes a JSONP 'callback' parameter: any web page can read its response with the user's "
               "cookies; serve CORS instead")
    assert found(write, _jsonp("{type: http, scheme: basic}"), "jsonp-callback") == [("/paths/~1pets/get", message)]
    assert found(write, _jsonp("{type: apiKey, in: cookie, name: SESSION}"), "jsonp-callback") == [("/paths/~1pets/get", message)]


@pytest.mark.parametrize("body", [_jsonp("{type: apiKey, in: query, name: key}"), _jsonp("{type: http, scheme: bearer}"),
                                  _jsonp("{type: http, scheme: basic}", "A callback URL")])
def test_jsonp_with_a_key_or_a_token_leaks_nothing_and_a_callback_url_is_no_jsonp(write, body):
    assert found(write, body, "jsonp-callback") == []
