"""The false-positive classes and misses of issue 11, each on a small document written from the
issue's description: what a reviewer judged wrong no longer fires, what a reviewer would flag does."""

from __future__ import annotations

from textwrap import dedent

from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
GET = "{get: {responses: {'200': {description: Done.}}}}"


def report(write, body: str, head: str = HEAD):
    return scan(str(write(head + dedent(body))))


def found(write, body: str, rule: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body, head).findings if f.rule == rule]


def dimension(write, body: str, name: str, head: str = HEAD):
    return next(d for d in report(write, body, head).scorecard.dimensions if d.name == name)


# --- versioning-strategy -----------------------------------------------------------------------

def test_a_bare_number_ending_the_server_url_is_a_version(write):
    body = f"servers: [{{url: 'https://api.example.com/1'}}]\npaths:\n  /pets: {GET}\n"
    assert found(write, body, "versioning-strategy") == []
    assert dimension(write, body, "versioning").measures["carriers"] == {"server": ["1"]}


def test_a_version_in_a_server_variable_default_is_a_version(write):
    body = f"""
    servers:
      - url: 'https://api.example.com{{basePath}}'
        variables: {{basePath: {{default: /sell/finances/v1}}}}
    paths:
      /pets: {GET}
    """
    assert found(write, body, "versioning-strategy") == []
    assert dimension(write, body, "versioning").measures["carriers"] == {"server": ["v1"]}


def test_a_bare_number_as_first_path_segment_is_a_version(write):
    body = f"paths:\n  /2/tweets: {GET}\n  /2/users/{{id}}: {GET}\n"
    assert found(write, body, "versioning-strategy") == []
    assert dimension(write, body, "versioning").measures["carriers"] == {"path": ["2"]}


def test_a_number_that_is_a_resource_is_not_a_version(write):
    body = f"paths:\n  /pets/2: {GET}\n  /2: {GET}\n"
    assert found(write, body, "versioning-strategy") == [
        ("/paths", "no version in paths, server URLs, headers, media types or query parameters")]


def test_a_version_in_both_the_server_url_and_the_paths_is_found(write):
    body = f"servers: [{{url: 'https://api.example.com/v2'}}]\npaths:\n  /v4/pets: {GET}\n  /v4/owners: {GET}\n"
    assert found(write, body, "version-in-server-and-path") == [
        ("/servers/0", ("server 'https://api.example.com/v2' carries version 'v2' and so do the paths "
                        "('/v4/owners' and 1 more): a client's URL holds two versions"))]
    assert found(write, f"servers: [{{url: 'https://api.example.com'}}]\npaths:\n  /v4/pets: {GET}\n",
                 "version-in-server-and-path") == []


# --- auth ----------------------------------------------------------------------------------------

TOKEN_GET = """
      get:
        parameters:
          - {name: X-Server-Token, in: header, required: true, schema: {type: string}}
        responses: {'200': {description: Done.}}
"""


def test_a_required_credential_header_is_its_own_lighter_finding_not_an_unsecured_operation(write):
    body = "paths:\n  /pets:" + TOKEN_GET + "  /owners:" + TOKEN_GET + "  /toys: " + GET + "\n"
    assert found(write, body, "operation-unsecured") == [
        ("/paths/~1toys/get", "GET /toys declares no security and is not marked public (security: [])")]
    assert found(write, body, "credentials-as-parameter") == [
        ("/paths/~1pets/get", "GET /pets takes credentials in header parameter 'X-Server-Token' instead of a security scheme"),
        ("/paths/~1owners/get", "GET /owners takes credentials in header parameter 'X-Server-Token' instead of a security scheme")]


def test_credentials_in_the_query_with_no_security_scheme_are_found(write):
    body = """
    paths:
      /pets:
        get:
          parameters:
            - {name: access_token, in: query, schema: {type: string}}
            - {name: page_token, in: query, schema: {type: string}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, body, "credentials-as-parameter") == [
        ("/paths/~1pets/get", "GET /pets takes credentials in query parameter 'access_token' instead of a security scheme")]
    assert found(write, body, "operation-unsecured") == []
    auth = dimension(write, body, "auth")
    assert auth.summary == ("credentials taken as plain parameters ('access_token'), no security scheme; "
                            "1 of 1 operations take credentials as a plain parameter instead of a security scheme")


def test_aws_signature_v4_is_request_signing_not_an_api_key_in_a_header(write):
    body = f"""
    components:
      securitySchemes:
        hmac:
          type: apiKey
          name: Authorization
          in: header
          description: Amazon Signature authorization v4
          x-amazon-apigateway-authtype: awsSigv4
    security: [{{hmac: []}}]
    paths:
      /pets: {GET}
    """
    auth = dimension(write, body, "auth")
    assert auth.measures["schemes"] == [{"name": "hmac", "kind": "request signing", "strength": 4, "applied": True}]
    assert auth.measures["headline"] == "authentication by request signing"


SCOPED = """
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://example.com/authorize
          tokenUrl: https://example.com/token
          scopes: {offline_access: A refresh token., 'read:pets': Read pets., 'read:private': Read private pets., 'write:pets': Write pets.}
paths:
  /pets:
    get:
      description: Lists pets; private pets need the `read:private` scope as well.
      security: [{oauth: ['read:pets']}]
      responses: {'200': {description: Done.}}
"""


def test_a_refresh_token_scope_or_a_conditional_scope_is_not_unused(write):
    assert found(write, SCOPED, "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'write:pets'")]


def test_a_client_id_and_secret_sent_as_http_basic_are_not_a_password(write):
    schemes = """
    components:
      securitySchemes:
        basic: {type: http, scheme: basic, description: DESCRIBED}
    security: [{basic: []}]
    paths:
      /pets: {get: {responses: {'200': {description: Done.}}}}
    """
    password = schemes.replace("DESCRIBED", "Your user name and password.")
    client = schemes.replace("DESCRIBED", "Your client ID as the user name and your client secret as the password.")
    assert found(write, password, "http-basic-auth") == [
        ("/components/securitySchemes/basic",
         "security scheme 'basic' sends a reusable user name and password with every request (HTTP basic)")]
    assert found(write, client, "http-basic-auth") == []
    token_endpoint = """
    components:
      securitySchemes:
        basic: {type: http, scheme: basic}
    paths:
      /oauth/token: {post: {security: [{basic: []}], responses: {'200': {description: A token.}}}}
    """
    assert found(write, token_endpoint, "http-basic-auth") == []


# --- casing ----------------------------------------------------------------------------------------

def test_one_lower_case_word_fits_every_convention_and_a_minority_is_never_the_majority(write):
    body = """
    paths: {}
    components:
      schemas:
        Pet:
          type: object
          properties:
            name: {type: string}
            kind: {type: string}
            owner: {type: string}
            tags: {type: string}
            petName: {type: string}
            petKind: {type: string}
            PetOwner: {type: string}
    """
    # 2 camelCase against 1 PascalCase: a majority of the names that show a casing; `name` votes for none
    assert found(write, body, "property-casing") == [
        ("/components/schemas/Pet/properties/PetOwner",
         "property 'PetOwner' is PascalCase; 2 of 3 property names with a visible casing are camelCase")]
    minority = body.replace("petKind", "pet_kind").replace("PetOwner", "pet_owner").replace("tags", "Tags")
    # camelCase 1 (petName), snake_case 2, PascalCase 1 (Tags): 2 of 4 is no majority, no finding
    assert found(write, minority, "property-casing") == []


def test_path_placeholders_do_not_set_the_convention_of_query_parameters(write):
    body = """
    paths:
      /users/{user_id}/orders/{order_id}/items/{item_id}:
        get:
          parameters:
            - {name: user_id, in: path, required: true, schema: {type: string}}
            - {name: order_id, in: path, required: true, schema: {type: string}}
            - {name: item_id, in: path, required: true, schema: {type: string}}
            - {name: pageSize, in: query, schema: {type: integer}}
            - {name: sortOrder, in: query, schema: {type: string}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, body, "parameter-casing") == []


def test_enum_values_that_name_fields_follow_the_properties(write):
    body = """
    paths:
      /pets:
        get:
          parameters:
            - name: fields
              in: query
              schema: {type: array, items: {type: string, enum: [pet_name, created_at, owner_id]}}
          responses: {'200': {description: Done.}}
    components:
      schemas:
        Pet:
          type: object
          properties:
            pet_name: {type: string}
            created_at: {type: string}
            owner_id: {type: string}
            status: {type: string, enum: [inStock, soldOut, onHold]}
        Order:
          type: object
          properties:
            state: {type: string, enum: [awaitingPayment, paidInFull]}
    """
    assert found(write, body, "enum-value-casing") == []


# --- server-internal -----------------------------------------------------------------------------

def test_a_placeholder_host_of_a_self_hosted_product_is_not_internal(write):
    body = f"""
    servers:
      - url: http://HOSTNAME/api
      - url: https://example.com/api
      - url: 'https://{{host}}:{{port}}/api'
        variables: {{host: {{default: localhost}}, port: {{default: '8080'}}}}
      - url: 'https://{{region}}.api.acme.io'
        variables: {{region: {{default: eu, enum: [eu, us]}}}}
      - url: http://build-server.internal/api
    paths:
      /pets: {GET}
    """
    assert found(write, body, "server-internal") == [
        ("/servers/4", "server 'http://build-server.internal/api' points at an internal host")]


def test_one_host_classifier_serves_the_graph_and_the_checks():
    from dxscan.graph import build
    from dxscan.graph.hosts import host_class, host_kind

    assert build.host_class is host_class
    assert [host_class(url) for url in ("http://HOSTNAME", "https://api.example.com", "http://localhost:8080",
                                        "http://10.0.0.1", "http://db.corp", "http://api.acme.io:8080",
                                        "https://api.acme.io", "//api.acme.io", "/v1", ",")] == [
        "placeholder", "placeholder", "loopback", "private", "internal", "internal", "public", "public", "relative",
        "invalid"]
    assert [host_kind(host) for host in ("fe80::1", "{host}", "your-server.com", "printer")] == [
        "private", "templated", "placeholder", "internal"]


# --- implementation-in-surface -------------------------------------------------------------------

def test_a_domain_noun_is_not_an_implementation_class(write):
    body = """
    paths:
      /api/v1/namespaces/{namespace}/replicationcontrollers:
        get:
          operationId: listCoreV1NamespacedReplicationController
          parameters: [{name: namespace, in: path, required: true, schema: {type: string}}]
          responses: {'200': {description: Done.}}
      /lighting/controllers/{id}:
        get:
          operationId: ReplicationController_read
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {'200': {description: Done.}}
      /reports:
        get:
          operationId: ReportController_export
          responses: {'200': {description: Done.}}
    components:
      schemas:
        ReplicationController: {type: object, properties: {kind: {type: string}}}
        CoffeeBean: {type: object, properties: {origin: {type: string}}}
    """
    assert found(write, body, "implementation-in-surface") == [
        ("/paths/~1reports/get", "operationId 'ReportController_export' names a server class ('controller')")]


# --- deprecated-operation-without-sunset -----------------------------------------------------------

def test_a_sunset_stated_in_the_tag_description_counts(write):
    body = """
    tags:
      - {name: legacy, description: 'Deprecated: these operations are removed on 2026-01-31; use /v2/orders instead.'}
      - {name: orders, description: Orders.}
    paths:
      /v1/orders: {get: {tags: [legacy], deprecated: true, responses: {'200': {description: Done.}}}}
      /v1/carts: {get: {tags: [orders], deprecated: true, responses: {'200': {description: Done.}}}}
    """
    assert found(write, body, "deprecated-operation-without-sunset") == [
        ("/paths/~1v1~1carts/get", "GET /v1/carts is deprecated with no sunset date, replacement or migration note")]


# --- pagination-inconsistent ---------------------------------------------------------------------

PAGED = """
        get:
          parameters:
            - {name: cursor, in: query, schema: {type: string}}
            - {name: limit, in: query, schema: {type: integer}}
          responses: {'200': {description: Done.}}"""


def test_time_filters_and_document_pages_are_not_pagination(write):
    body = """
    paths:
      /orders:""" + PAGED + """
      /carts:""" + PAGED + """
      /events:
        get:
          parameters:
            - {name: before, in: query, schema: {type: string, format: date-time}}
            - {name: after, in: query, description: Only events created after this time., schema: {type: string}}
            - {name: offset, in: query, schema: {type: integer}}
            - {name: limit, in: query, schema: {type: integer}}
          responses: {'200': {description: Done.}}
      /documents/{id}:
        get:
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
            - {name: page, in: query, description: The page of the document to return., schema: {type: integer}}
          responses: {'200': {description: Done.}}
      /scans/render:
        get:
          parameters:
            - {name: page, in: query, description: The page of the PDF to render., schema: {type: integer}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, body, "pagination-inconsistent") == [
        ("/paths/~1events/get", "GET /events pages by offset; most paginated operations (2 of 3) page by cursor")]


def test_two_pagination_tokens_on_one_operation_are_found(write):
    body = """
    paths:
      /tweets:
        get:
          parameters:
            - {name: next_token, in: query, schema: {type: string}}
            - {name: pagination_token, in: query, schema: {type: string}}
            - {name: max_results, in: query, schema: {type: integer}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, body, "pagination-inconsistent") == [
        ("/paths/~1tweets/get", ("GET /tweets takes 2 pagination tokens ('next_token', 'pagination_token'); "
                                "a client cannot tell which to send"))]


# --- rate limits -----------------------------------------------------------------------------------

RATE_LIMITED = """openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
  description: |
    Clients may send 100 requests per minute. Every response carries X-RateLimit-Limit and
    X-RateLimit-Remaining; past the limit the API answers 429 Too Many Requests with a Retry-After header.
"""


def test_rate_limits_documented_once_in_info_count_for_every_operation(write):
    body = """
    paths:
      /pets: {get: {responses: {'200': {description: Done.}, '429': {description: Slow down.}}}}
      /owners: {get: {responses: {'200': {description: Done.}}}}
    """
    rules = ("rate-limit-response", "rate-limit-headers", "rate-limit-retry-undocumented", "rate-limit-policy-undocumented")
    assert [rule for rule in rules if found(write, body, rule, RATE_LIMITED)] == []
    assert [rule for rule in rules if found(write, body, rule)] == list(rules)


def test_a_storage_or_resource_quota_is_not_a_rate_limit_policy(write):
    head = "openapi: 3.0.3\ninfo: {title: Drive, version: 1.0.0, description: Each user has a storage quota of 15 GB.}\n"
    body = "tags: [{name: quotas, description: Resource quotas of a namespace.}]\npaths:\n  /files: " + GET + "\n"
    assert found(write, body, "rate-limit-policy-undocumented", head) == [
        ("/info", "the API states no rate limit or quota in its description or an extension")]


# --- locations -----------------------------------------------------------------------------------

ESCAPED_KEYS = """openapi: 3.0.3
info: {title: Keys, version: 1.0.0}
paths:
  /search#advanced:
    get:
      responses: {'200': {description: Done.}}
  /files/~user/a~1b:
    get:
      responses: {'200': {description: Done.}}
  /tags/{tag}%23:
    get:
      parameters: [{name: tag, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: Done.}}
"""


def _operation_description_locations(report) -> list[tuple[str, str, int | None, int | None]]:
    return [(f.pointer, f.location.file, f.location.line, f.location.column)
            for f in report.findings if f.rule == "operation-description"]


def test_path_keys_with_hash_tilde_or_slash_escapes_are_located(write):
    import json

    import yaml

    path = write(ESCAPED_KEYS, "keys.yaml")
    assert _operation_description_locations(scan(str(path))) == [
        ("/paths/~1search#advanced/get", str(path), 5, 5),
        ("/paths/~1files~1~0user~1a~01b/get", str(path), 8, 5),
        ("/paths/~1tags~1{tag}%23/get", str(path), 11, 5)]
    as_json = write(json.dumps(yaml.safe_load(ESCAPED_KEYS), indent=1), "keys.json")
    assert [(p, line) for p, _, line, _ in _operation_description_locations(scan(str(as_json)))] == [
        ("/paths/~1search#advanced/get", 9), ("/paths/~1files~1~0user~1a~01b/get", 18), ("/paths/~1tags~1{tag}%23/get", 27)]


def test_a_hash_in_a_key_of_another_file_keeps_that_file_and_line(write):
    item = write("get:\n  summary: Lists pets.\n  responses:\n    '200': {description: Done.}\n", "paths/pets.yaml")
    root = write("openapi: 3.0.3\ninfo: {title: Keys, version: 1.0.0}\npaths:\n  /pets#all: {$ref: 'paths/pets.yaml'}\n")
    [finding] = [f for f in scan(str(root)).findings if f.rule == "operation-description"]
    assert finding.pointer == "/paths/~1pets#all/get"
    assert (finding.location.file.endswith("paths/pets.yaml"), finding.location.line, finding.location.column) == (True, 1, 1)
    assert str(item).endswith(finding.location.file)


# --- misses added as rules -------------------------------------------------------------------------

def _params(*names: str, description: str = "Automatically added") -> str:
    return "".join(f"        - {{name: {n}, in: query, description: {description}, schema: {{type: string}}}}\n"
                   for n in names)


MISSES = [
    ("server-url-scheme-relative", f"servers: [{{url: '//api.example.com/v1'}}]\npaths:\n  /pets: {GET}\n",
     [("/servers/0", "server '//api.example.com/v1' names no scheme: clients cannot tell whether to call it over https")]),
    ("jsonp-callback", """
     components: {securitySchemes: {basic: {type: http, scheme: basic}}}
     security: [{basic: []}]
     paths:
       /pets: {get: {parameters: [{name: callback, in: query, schema: {type: string}}], responses: {'200': {description: Done.}}}}
       /toys: {get: {parameters: [{name: callback, in: query, schema: {type: string}}], responses: {'200': {description: Done.}}}}
       /owners: {get: {parameters: [{name: jsonp, in: query, schema: {type: string}}], responses: {'200': {description: Done.}}}}
     """,
     [("/paths", ("3 operations take a JSONP 'callback' parameter: any web page can read their responses with the "
                 "user's cookies; serve CORS instead"))]),
    ("schema-name-framework-type", """
     paths: {}
     components:
       schemas:
         Function1RequestContextFutureRouteResult: {type: object}
         Task: {type: object}
         UnitTask: {type: object}
         Order: {type: object}
     """,
     [("/components/schemas/Function1RequestContextFutureRouteResult",
       "2 schema names are framework types, not API concepts: 'Function1RequestContextFutureRouteResult', 'UnitTask'")]),
    ("response-description-handler-name", """
     paths:
       /consumers:
         post:
           operationId: addConsumer
           responses: {'201': {description: createConsumer}, '400': {description: addConsumer}, '409': {description: Conflict.}}
     """,
     [("/paths/~1consumers/post/responses/201", ("response 201 of POST /consumers is described by a code name "
       "('createConsumer'); say what the body holds and when it is returned")),
      ("/paths/~1consumers/post/responses/400", ("response 400 of POST /consumers is described by a code name "
       "('addConsumer'); say what the body holds and when it is returned"))]),
    ("parameter-description-repeated",
     "paths:\n  /pets:\n    get:\n      parameters:\n" + _params("kind", "colour", "owner", "size", "sort")
     + "      responses: {'200': {description: Done.}}\n",
     [("/paths/~1pets/get/parameters/0", ("5 parameters ('colour', 'kind', 'owner' and 2 more) share the description "
       "'Automatically added', which says nothing about any of them"))]),
    ("path-empty-segment", f"paths:\n  /pets//toys: {GET}\n  /pets/toys: {GET}\n",
     [("/paths/~1pets~1~1toys", "path '/pets//toys' has an empty segment ('//'): clients and proxies may collapse it")]),
    ("status-code-nonstandard", """
     paths:
       /pets: {get: {responses: {'200': {description: Done.}, '481': {description: Asleep.}, '422': {description: Bad.}}}}
       /toys: {get: {responses: {'200': {description: Done.}, '481': {description: Asleep.}}}}
     """,
     [("/paths/~1pets/get/responses/481", ("GET /pets answers 481, which is no registered HTTP status (and 1 more "
       "operations): clients and proxies treat it as a generic 4xx"))]),
    ("example-format-mismatch", """
     paths: {}
     components:
       schemas:
         Pet:
           type: object
           properties:
             born: {type: string, format: date, example: '2024-01-20T09:30:00Z'}
             seen: {type: string, format: date, example: '2024-13'}
             id: {type: string, format: uuid, example: '12345'}
             tag: {type: string, format: uuid, example: 3fa85f64-5717-4562-b3fc-2c963f66afa6}
             at: {type: string, format: date-time, example: 2024-01-20T09:30:00Z}
     """,
     [("/components/schemas/Pet/properties/seen", "property 'seen' has the example '2024-13', which does not match its format 'date'"),
      ("/components/schemas/Pet/properties/id", "property 'id' has the example '12345', which does not match its format 'uuid'")]),
    ("name-spelled-two-ways", """
     paths: {}
     components:
       schemas:
         Mail: {type: object, properties: {TemplateId: {type: string}, templateId: {type: string}}}
         Draft: {type: object, properties: {TemplateID: {type: string}}}
         Send: {type: object, properties: {TemplateId: {type: string}}}
     """,
     [("/components/schemas/Draft/properties/TemplateID", ("property 'TemplateID' (1 use) is spelled 'TemplateId' "
       "elsewhere (2 uses): one identifier, two spellings"))]),
]


def test_each_miss_is_found_where_a_reviewer_would_flag_it(write):
    for rule, body, expected in MISSES:
        assert found(write, body, rule) == expected, rule


# --- more classes from the labelled set (benchmarks/precision/labels.jsonl on main) ----------------

def test_a_cors_preflight_is_not_an_unsecured_operation(write):
    body = """
    components: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}
    paths:
      /pets:
        get: {security: [{key: []}], responses: {'200': {description: Done.}}}
        options: {responses: {'204': {description: The allowed methods.}}}
    """
    assert found(write, body, "operation-unsecured") == []


def test_a_docs_project_version_header_is_not_the_api_version(write):
    body = """
    paths:
      /v1/docs:
        get:
          parameters:
            - {name: x-readme-version, in: header, description: Version number of your docs project., schema: {type: string}}
          responses: {'200': {description: Done.}}
      /v1/pets: {get: {responses: {'200': {description: Done.}}}}
    """
    assert found(write, body, "versioning-mixed") == []
    assert dimension(write, body, "versioning").measures["strategies"] == ["path"]


def test_a_placeholder_segment_does_not_move_the_version(write):
    body = f"paths:\n  /send/#env/v1/transfers: {GET}\n  /send/v1/partners: {GET}\n  /send/v1/merchants: {GET}\n"
    assert found(write, body, "version-segment-position") == []


def test_a_public_host_on_an_unusual_port_is_not_internal(write):
    body = f"servers: [{{url: 'http://api.climate.io:8000/footprint'}}]\npaths:\n  /pets: {GET}\n"
    assert found(write, body, "server-internal") == []


def test_a_start_and_end_time_window_is_not_offset_pagination(write):
    body = """
    paths:
      /orders: {get: {parameters: [{name: page, in: query, schema: {type: integer}}], responses: {'200': {description: Done.}}}}
      /carts: {get: {parameters: [{name: page, in: query, schema: {type: integer}}], responses: {'200': {description: Done.}}}}
      /metrics:
        get:
          parameters:
            - {name: start, in: query, schema: {type: string}}
            - {name: end, in: query, schema: {type: string}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, body, "pagination-inconsistent") == []


def test_oauth_grant_types_keep_their_standard_casing(write):
    body = """
    paths: {}
    components:
      schemas:
        Grant: {type: object, properties: {grant_type: {type: string, enum: [client_credentials, authorization_code]}}}
        Order: {type: object, properties: {state: {type: string, enum: [awaitingPayment, paidInFull, onHold]}}}
    """
    assert found(write, body, "enum-value-casing") == []


def test_collections_named_by_acronyms_mass_nouns_or_x_of_y_are_not_misnumbered(write):
    paths = "".join(f"  /{name}: {GET}\n  /{name}/{{id}}:\n    get:\n      parameters: [{{name: id, in: path, required: true, "
                    f"schema: {{type: string}}}}]\n      responses: {{'200': {{description: Done.}}}}\n"
                    for name in ("users", "orders", "carts", "series", "hdfs", "codes_of_conduct"))
    assert found(write, "paths:\n" + paths, "collection-name-plurality") == []


def test_file_names_a_standard_fixes_are_not_file_extensions(write):
    body = f"paths:\n  /oidc/keys.json: {GET}\n  /wmts/WMTSCapabilities.xml: {GET}\n  /report.csv: {GET}\n"
    assert found(write, body, "path-file-extension") == [("/paths/~1report.csv", "path '/report.csv' ends in a file extension ('.csv')")]


def test_an_older_bare_number_version_is_superseded_like_a_v_version(write):
    body = f"paths:\n  /1/tweets: {GET}\n  /2/tweets: {GET}\n"
    assert found(write, body, "version-older-not-deprecated") == [
        ("/paths/~11~1tweets/get", "GET /1/tweets is not deprecated although GET /2/tweets replaces it")]


def test_basic_that_also_takes_a_password_still_carries_one(write):
    body = """
    components:
      securitySchemes:
        basic: {type: http, scheme: basic, description: 'Use either `username:password` or `apiKey:token`.'}
    security: [{basic: []}]
    paths:
      /pets: {get: {responses: {'200': {description: Done.}}}}
    """
    assert [p for p, _ in found(write, body, "http-basic-auth")] == ["/components/securitySchemes/basic"]


def test_a_tag_that_says_use_it_to_is_no_migration_note(write):
    body = """
    tags: [{name: priorities, description: This resource represents priorities. Use it to get and update them.}]
    paths:
      /priority: {get: {tags: [priorities], deprecated: true, responses: {'200': {description: Done.}}}}
    """
    assert [p for p, _ in found(write, body, "deprecated-operation-without-sunset")] == ["/paths/~1priority/get"]


def test_a_scope_listed_in_the_info_description_is_still_unused(write):
    head = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0, description: 'Scopes: `pets:read_write` writes pets.'}\n"
    assert found(write, SCOPED, "oauth2-scope-unused", head) == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'write:pets'")]


def test_one_dto_class_name_is_evidence_enough(write):
    body = "paths: {}\ncomponents:\n  schemas:\n    TextDto: {type: object}\n    CoffeeBean: {type: object}\n"
    assert found(write, body, "implementation-in-surface") == [
        ("/components/schemas/TextDto", "1 schema names carry a code class suffix, e.g. 'TextDto'")]


def test_a_version_run_into_the_api_segment_is_a_version(write):
    for server in ("https://api.example.com/api2", "https://en.example.org/api/rest_v1"):
        body = f"servers: [{{url: '{server}'}}]\npaths:\n  /pets: {GET}\n"
        assert found(write, body, "versioning-strategy") == [], server


def test_openid_identity_scopes_are_not_unused(write):
    body = SCOPED.replace("offline_access: A refresh token.", "offline_access: A refresh token., openid: Sign in., email: Your email.")
    assert found(write, body, "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'write:pets'")]
