"""Issue 11, the schema and server abstraction rules: each false-positive class the labels found
(benchmarks/precision/labels.jsonl), written as a small document, no longer fires; what a reviewer
judged right still does."""

from __future__ import annotations

from textwrap import dedent

from dxscan.graph.hosts import public_address
from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\n"
GET = "{get: {responses: {'200': {description: Done.}}}}"


def found(write, body: str, rule: str) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in scan(str(write(HEAD + dedent(body)))).findings if f.rule == rule]


def _fields(count: int, prefix: str = "field") -> str:
    return "{" + ", ".join(f"{prefix}{i}: {{type: string}}" for i in range(1, count + 1)) + "}"


def _body(schema: str) -> str:
    return f"{{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}"


def _answer(schema: str) -> str:
    return f"{{'200': {{description: Done., content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}}}"


# --- server-internal -----------------------------------------------------------------------------

def test_a_self_hosted_product_whose_every_server_is_local_is_not_flagged(write):
    body = f"""
    servers:
      - url: http://translate.local
      - url: http://localhost:7700/
      - url: http://192.168.1.5:8990/
    paths:
      /translate: {GET}
    """
    assert found(write, body, "server-internal") == []


def test_a_server_offered_for_running_the_product_yourself_is_not_flagged(write):
    body = f"""
    servers:
      - url: https://exude.herokuapp.com
      - url: http://localhost:8080
        description: Use the docker container and deploy it locally
    paths:
      /filter: {GET}
    """
    assert found(write, body, "server-internal") == []


def test_an_internal_server_beside_a_templated_public_host_is_flagged(write):
    body = f"""
    servers:
      - url: https://shop.local
      - url: 'https://{{account}}.{{environment}}.com.br/api'
        variables: {{account: {{default: acme}}, environment: {{default: shop}}}}
      - url: http://localhost
    paths:
      /sessions: {GET}
    """
    assert found(write, body, "server-internal") == [
        ("/servers/0", "server 'https://shop.local' points at an internal host"),
        ("/servers/2", "server 'http://localhost' points at the local machine")]


def test_what_counts_as_a_public_address():
    urls = ["https://api.acme.io", "https://{tenant}.acme.io", "https://api.shop.example.com/v2", "https://example.com",
            "http://HOSTNAME/api", "https://{host}:{port}", "http://shop.local", "http://10.0.0.1", ","]
    assert [public_address(url) for url in urls] == [True, True, True, False, False, False, False, False, False]


# --- internal-id-exposure ------------------------------------------------------------------------

def test_database_words_of_a_database_product_and_pk_are_not_storage_keys(write):
    body = """
    paths:
      /databases/{pk}:
        get:
          parameters: [{name: pk, in: path, required: true, description: The app's public key., schema: {type: string}}]
          responses: {'200': {description: Done., content: {application/json: {schema: {$ref: '#/components/schemas/Database'}}}}}
    components:
      schemas:
        Database:
          type: object
          properties: {dbStatus: {type: string}, dbType: {type: string}, sql_mode: {type: string}, db_references: {type: array, items: {type: string}}, numberOfTeachersPK: {type: integer}}
    """
    assert found(write, body, "internal-id-exposure") == []


def test_database_and_internal_identifiers_are_still_storage_keys(write):
    body = """
    paths:
      /users/{internal_user_id}:
        get:
          parameters: [{name: internal_user_id, in: path, required: true, schema: {type: string}}]
          responses: {'200': {description: Done., content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}
    components:
      schemas:
        User:
          type: object
          properties: {db_id: {type: integer}, name: {type: string}}
    """
    assert found(write, body, "internal-id-exposure") == [
        ("/paths/~1users~1{internal_user_id}/get/parameters/0",
         "parameter 'internal_user_id' of GET /users/{internal_user_id} is a storage key"),
        ("/components/schemas/User", "schema 'User' exposes storage keys 'db_id'")]


# --- rw-schema-leak ------------------------------------------------------------------------------

RW = """
paths:
  /objects:
    post: {{requestBody: {body}, responses: {answer}}}
  /objects/{{objectId}}:
    get:
      parameters: [{{name: objectId, in: path, required: true, schema: {{type: string}}}}]
      responses: {answer}
components:
  schemas:
    Object:
      type: object
      properties:
{properties}
"""


def _rw(write, properties: str) -> list[tuple[str, str]]:
    text = RW.format(body=_body("Object"), answer=_answer("Object"), properties=properties)
    return found(write, text, "rw-schema-leak")


def test_an_etag_a_client_chosen_id_and_a_read_only_secret_are_no_leak(write):
    properties = """\
        id: {type: string, description: 'Required. The unique identifier, chosen by you.'}
        etag: {type: string, description: Send back the value you read for optimistic concurrency.}
        secret_key: {type: string, readOnly: true, description: Only returned on creation.}
        name: {type: string}
"""
    assert _rw(write, "\n".join("        " + line.strip() for line in properties.splitlines())) == []


def test_a_server_set_id_and_a_secret_clients_send_are_still_leaks(write):
    lines = ["id: {type: string}", "created_at: {type: string, format: date-time}", "password: {type: string}"]
    assert _rw(write, "\n".join("        " + line for line in lines)) == [
        ("/components/schemas/Object", ("schema 'Object' is sent by POST /objects and returned by GET /objects/{objectId}, "
                                       "but 'created_at', 'id' are not readOnly: clients may send what only the server sets")),
        ("/components/schemas/Object", ("schema 'Object' is sent by POST /objects and returned by GET /objects/{objectId}, "
                                       "but 'password' is not writeOnly: responses may echo the secret back"))]


def test_read_only_beside_a_ref_marks_the_property(write):
    """Was: visma's `createdBy: {$ref: User, readOnly: true}` was 'not readOnly'. OpenAPI 3.0 ignores
    a $ref's siblings, but the author's meaning is plain and 3.1 and most tools honour it."""
    text = RW.format(body=_body("Object"), answer=_answer("Object"), properties="\n".join("        " + line for line in [
        "createdBy: {$ref: '#/components/schemas/User', readOnly: true}",
        "created_at: {$ref: '#/components/schemas/Moment', readOnly: true}",
        "updated_at: {$ref: '#/components/schemas/Moment'}"]))
    text += "    User: {type: object, properties: {name: {type: string}}}\n    Moment: {type: string, format: date-time}\n"
    assert found(write, text, "rw-schema-leak") == [
        ("/components/schemas/Object", ("schema 'Object' is sent by POST /objects and returned by GET /objects/{objectId}, "
                                       "but 'updated_at' is not readOnly: clients may send what only the server sets"))]


# --- method-tunnelling ---------------------------------------------------------------------------

def test_a_verb_that_starts_a_resource_name_is_not_tunnelling(write):
    body = f"""
    paths:
      /UpdateGroups: {GET}
      /webhooks/add_to_data: {GET}
      /droplets/destroy_with_associated_resources/status: {GET}
      /cookies/delete: {GET}
    """
    assert found(write, body, "method-tunnelling") == [
        ("/paths/~1cookies~1delete/get", ("GET /cookies/delete tunnels 'delete' through GET; a crawler or a link prefetch "
                                          "can trigger it"))]


# --- god-schema ----------------------------------------------------------------------------------

def test_a_large_core_resource_everywhere_is_not_a_god_schema(write):
    body = f"""
    paths:
      /tracks: {{get: {{responses: {_answer("Track")}}}}}
      /tracks/{{id}}: {{get: {{parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}], responses: {_answer("Track")}}}}}
    components:
      schemas:
        Track: {{type: object, properties: {_fields(41)}}}
        Unused: {{type: object, properties: {_fields(70)}}}
    """
    assert found(write, body, "god-schema") == []


def test_a_schema_too_large_to_take_in_is_a_god_schema(write):
    body = f"""
    paths:
      /site: {{get: {{responses: {_answer("Site")}}}}}
      /users: {{get: {{responses: {_answer("User")}}}}}
    components:
      schemas:
        Site: {{type: object, properties: {_fields(61)}}}
        User: {{type: object, properties: {{id: {{type: string}}}}}}
    """
    assert found(write, body, "god-schema") == [
        ("/components/schemas/Site", ("schema 'Site' has 61 properties, holds 0 other schemas and reaches 1 of 2 "
                                     "operations (50%): consumers must take in all of it"))]


# --- near-duplicate-schemas ----------------------------------------------------------------------

PAGE = "{type: object, properties: {total: {type: integer}, offset: {type: integer}, limit: {type: integer}, next: {type: string}, items: {type: array, items: {$ref: '#/components/schemas/%s'}}}}"
FIELDS = "{type: object, properties: {name: {type: string}, city: {type: string}, street: {type: string}, zip: {type: string}, country: {type: string}}}"
SHOP = "{type: object, properties: {title: {type: string}, owner: {type: string}, opens: {type: string}, closes: {type: string}, phone: {type: string}}}"
SHOW = "{type: object, properties: {title: {type: string}, network: {type: string}, seasons: {type: integer}, rating: {type: number}, genre: {type: string}}}"


def test_pages_of_different_items_are_not_copies(write):
    body = f"""
    paths:
      /artists: {{get: {{responses: {_answer("ArtistPage")}}}}}
      /albums: {{get: {{responses: {_answer("AlbumPage")}}}}}
    components:
      schemas:
        ArtistPage: {PAGE % "Artist"}
        AlbumPage: {PAGE % "Album"}
        Artist: {{type: object, properties: {{name: {{type: string}}}}}}
        Album: {{type: object, properties: {{title: {{type: string}}}}}}
    """
    assert found(write, body, "near-duplicate-schemas") == []


def test_a_request_and_a_response_or_a_create_and_an_update_body_are_not_copies(write):
    body = f"""
    paths:
      /venues: {{post: {{requestBody: {_body("VenueDraft")}, responses: {_answer("Venue")}}}}}
      /shops: {{post: {{requestBody: {_body("ShopCreate")}, responses: {{'204': {{description: Done.}}}}}}}}
      /shops/{{id}}:
        patch:
          parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
          requestBody: {_body("ShopChanges")}
          responses: {{'204': {{description: Done.}}}}
    components:
      schemas:
        VenueDraft: {FIELDS}
        Venue: {FIELDS}
        ShopCreate: {SHOP}
        ShopChanges: {SHOP}
    """
    assert found(write, body, "near-duplicate-schemas") == []


def test_schemas_built_on_one_base_and_simplified_variants_are_not_copies(write):
    extra = "{type: object, properties: {mode: {type: string}}}"
    body = f"""
    paths:
      /uploads: {{get: {{responses: {_answer("Legacy")}}}}}
      /resumable: {{get: {{responses: {_answer("Resumable")}}}}}
      /shows: {{get: {{responses: {_answer("SimplifiedShow")}}}}}
      /show: {{get: {{responses: {_answer("Show")}}}}}
    components:
      schemas:
        Common: {FIELDS}
        Legacy: {{allOf: [{{$ref: '#/components/schemas/Common'}}, {extra}]}}
        Resumable: {{allOf: [{{$ref: '#/components/schemas/Common'}}, {extra}]}}
        Show: {SHOW}
        SimplifiedShow: {SHOW}
    """
    assert found(write, body, "near-duplicate-schemas") == []


def test_two_responses_of_one_shape_are_still_copies(write):
    body = f"""
    paths:
      /senders: {{get: {{responses: {_answer("SenderAddress")}}}}}
      /receivers: {{get: {{responses: {_answer("ReceiverAddress")}}}}}
    components:
      schemas:
        SenderAddress: {FIELDS}
        ReceiverAddress: {FIELDS}
    """
    assert found(write, body, "near-duplicate-schemas") == [
        ("/components/schemas/ReceiverAddress", ("schema 'ReceiverAddress' is an exact copy of 'SenderAddress': 5 of 5 "
                                                "(property, type) pairs alike (similarity 1.00)"))]


# --- path-tree-anomaly ---------------------------------------------------------------------------

def test_an_action_or_a_login_that_nothing_reads_back_is_no_anomaly(write):
    answer = "{'201': {description: Done., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}}"
    body = f"""
    paths:
      /sessions: {{post: {{responses: {answer}}}}}
      /instances/{{instanceId}}/rebuild:
        post:
          parameters: [{{name: instanceId, in: path, required: true, schema: {{type: string}}}}]
          responses: {answer}
    """
    assert found(write, body, "path-tree-anomaly") == []


def test_a_literal_identifier_in_a_path_is_named(write):
    body = f"""
    paths:
      /webhooks/failed/62640817eb594da78c7bee00: {{post: {{responses: {{'200': {{description: Done.}}}}}}}}
      /games/32881: {GET}
      /reports/2024: {GET}
    """
    assert found(write, body, "path-tree-anomaly") == [
        ("/paths/~1webhooks~1failed~162640817eb594da78c7bee00", ("'/webhooks/failed/62640817eb594da78c7bee00' has the "
         "literal identifier '62640817eb594da78c7bee00' where a path parameter belongs")),
        ("/paths/~1games~132881", "'/games/32881' has the literal identifier '32881' where a path parameter belongs")]


# --- implementation-in-surface -------------------------------------------------------------------

def test_a_validation_error_on_a_field_named_stacktrace_is_no_trace(write):
    errors = "{type: array, items: {type: string}}"
    body = f"""
    paths:
      /runs:
        post:
          requestBody: {_body("Run")}
          responses:
            '201': {{description: Done., content: {{application/json: {{schema: {{$ref: '#/components/schemas/Run'}}}}}}}}
            '400': {{description: Invalid., content: {{application/json: {{schema: {{$ref: '#/components/schemas/RunError'}}}}}}}}
            '500': {{description: Failed., content: {{application/json: {{schema: {{$ref: '#/components/schemas/Failure'}}}}}}}}
    components:
      schemas:
        Run: {{type: object, properties: {{exit_code: {{type: integer}}, stacktrace: {{type: string}}}}}}
        RunError: {{type: object, properties: {{exit_code: {errors}, stacktrace: {errors}}}}}
        Failure: {{type: object, properties: {{message: {{type: string}}, exception: {{type: string}}}}}}
    """
    assert found(write, body, "implementation-in-surface") == [
        ("/components/schemas/Failure", ("error schema 'Failure' returns 'exception' to clients: stack traces and "
                                        "exception details belong in logs"))]
