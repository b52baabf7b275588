"""Documentation: Spectral's rules with Spectral's semantics, coverage and quality."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dxscan.checks.documentation import js_truthy, uninformative
from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"


def report(write, body: str, head: str = HEAD):
    return scan(str(write(head + dedent(body))))


def found(write, body: str, rule: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body, head).findings if f.rule == rule]


def documentation(write, body: str, head: str = HEAD):
    return next(d for d in report(write, body, head).scorecard.dimensions if d.name == "documentation")


@pytest.mark.parametrize(("value", "truthy"), [
    (None, False), ("", False), (0, False), (False, False), (float("nan"), False),
    (" ", True), ({}, True), ([], True), ("x", True), (1, True),
])
def test_javascript_truthiness(value, truthy):
    assert js_truthy(value) is truthy


def test_spectral_operation_rules_look_at_paths_only_and_use_truthiness(write):
    body = """
    openapi: 3.1.0
    info: {title: Pets, version: 1.0.0}
    paths:
      /pets:
        get: {description: ' ', tags: [pets], operationId: a, responses: {'200': {description: Done.}}}
        post: {description: '', tags: [], responses: {'201': {description: Done.}}}
    webhooks:
      newPet: {post: {responses: {'200': {description: Done.}}}}
    """
    assert found(write, body, "operation-description", "") == [("/paths/~1pets/post", "POST /pets has no description")]
    assert found(write, body, "operation-tags", "") == [("/paths/~1pets/post", "POST /pets has no tags")]
    assert found(write, body, "operation-operationId", "") == [("/paths/~1pets/post", "POST /pets has no operationId")]
    assert documentation(write, body, "").measures["rules"]["operation-description"] == {"checked": 2, "failed": 1, "pass_rate": 0.5}


def test_operation_id_unique_reports_every_occurrence_after_the_first(write):
    body = """
    paths:
      /pets:
        get: {operationId: pets, responses: {'200': {description: Done.}}}
        post: {operationId: pets, responses: {'201': {description: Done.}}}
      /owners:
        get: {operationId: pets, responses: {'200': {description: Done.}}}
    """
    assert found(write, body, "operation-operationId-unique") == [
        ("/paths/~1pets/post/operationId", "POST /pets reuses operationId 'pets' of GET /pets"),
        ("/paths/~1owners/get/operationId", "GET /owners reuses operationId 'pets' of GET /pets"),
    ]


@pytest.mark.parametrize(("openapi", "responses", "hit"), [
    ("3.0.3", "{'2XX': {description: Done.}}", False),
    ("3.0.3", "{'302': {description: Moved.}}", False),
    ("3.0.3", "{default: {description: Anything.}}", True),
    ("3.0.3", "{'404': {description: Missing.}}", True),
])
def test_success_response_as_spectral_sees_it(write, openapi, responses, hit):
    head = f"openapi: {openapi}\ninfo: {{title: Pets, version: 1.0.0}}\n"
    body = f"paths:\n  /pets: {{get: {{responses: {responses}}}}}\n"
    expected = [("/paths/~1pets/get/responses", "GET /pets documents no 2xx or 3xx response")]
    assert found(write, body, "operation-success-response", head) == (expected if hit else [])


def test_swagger_2_has_no_status_ranges(write):
    head = "swagger: '2.0'\ninfo: {title: Pets, version: 1.0.0}\n"
    body = "paths:\n  /pets: {get: {responses: {'2XX': {description: Done.}}}}\n"
    assert [p for p, _ in found(write, body, "operation-success-response", head)] == ["/paths/~1pets/get/responses"]


def test_info_fields_are_truthy_like_spectral(write):
    head = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0, contact: {}, description: ''}\n"
    body = "tags: [{name: pets}, {name: toys, description: The toys.}]\npaths: {}\n"
    assert found(write, body, "info-contact", head) == []
    assert found(write, body, "info-description", head) == [("/info", "info has no description of the API")]
    assert found(write, body, "info-license", head) == [("/info", "info has no license")]
    assert found(write, body, "tag-description", head) == [("/tags/0", "tag 'pets' has no description")]


@pytest.mark.parametrize(("text", "name", "why"), [
    (None, "limit", "has no description"),
    ("TODO: describe", "limit", "has a placeholder description ('TODO: describe')"),
    ("string", "limit", "has a placeholder description ('string')"),
    ("The user id.", "user_id", "has a description that only repeats its name ('The user id.')"),
    ("Limit", "limit", "has a description that only repeats its name ('Limit')"),
    ("How many pets per page, 1 to 100.", "limit", None),
    ("Email address", "email", None),
])
def test_what_counts_as_documenting_nothing(text, name, why):
    assert uninformative(text, name) == why


def test_parameter_descriptions(write):
    body = """
    paths:
      /pets:
        get:
          parameters:
            - {name: Accept-Language, in: header, schema: {type: string}}
            - {name: since, in: query, schema: {type: string}}
            - {name: owner_id, in: query, description: The owner id., schema: {type: string}}
            - {name: limit, in: query, description: 'How many, 1 to 100.', schema: {type: integer}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, body, "parameter-description") == [
        ("/paths/~1pets/get/parameters/1", "query parameter 'since' has no description"),
        ("/paths/~1pets/get/parameters/2", "query parameter 'owner_id' has a description that only repeats its name ('The owner id.')"),
    ]
    coverage = documentation(write, body).measures["coverage"]["parameters_with_description"]
    assert coverage == {"covered": 1, "of": 3, "ratio": 0.3333}


def test_response_descriptions(write):
    body = """
    paths:
      /pets:
        get: {responses: {'200': {description: OK}}}
        post: {responses: {'201': {description: Successful Response}, '400': {description: TODO}}}
        delete: {responses: {'204': {description: No Content}}}
      /owners:
        get:
          responses:
            '200':
              description: OK
              content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}
    components:
      schemas:
        Owner: {type: object, description: A person who owns pets.}
    """
    assert [p for p, _ in found(write, body, "response-description")] == [
        "/paths/~1pets/get/responses/200", "/paths/~1pets/post/responses/201", "/paths/~1pets/post/responses/400"]
    assert found(write, body, "response-description")[0][1] == (
        "response 200 of GET /pets has a placeholder description ('OK'); say what the body holds and when it is returned")


def test_property_descriptions_are_one_finding_per_schema(write):
    body = """
    paths:
      /pets:
        get:
          responses:
            '200':
              description: Done.
              content: {application/json: {schema: {type: object, properties: {total: {type: integer}}}}}
    components:
      schemas:
        Pet:
          type: object
          description: An animal.
          properties:
            name: {type: string, description: Name}
            price: {type: integer}
            owner: {$ref: '#/components/schemas/Owner'}
            tags: {type: array, items: {type: object, properties: {label: {type: string}}}}
        Owner: {type: object, description: A person who owns pets.}
    """
    assert found(write, body, "property-description") == [
        ("/paths/~1pets/get", "the inline schemas of GET /pets: 1 property has no useful description: 'total'"),
        ("/components/schemas/Pet", "schema 'Pet': 4 properties have no useful description: 'name' (repeats its name), 'price', 'tags', 'tags[].label'"),
    ]
    dimension = documentation(write, body)
    assert dimension.measures["rules"]["property-description"] == {"checked": 6, "failed": 5, "pass_rate": 0.1667}


def test_summaries_are_short_titles(write):
    long = "Returns every pet. Pets are sorted by arrival. Sold pets are left out."
    body = f"paths:\n  /pets: {{get: {{summary: '{long}', responses: {{'200': {{description: Done.}}}}}}}}\n  /owners: {{get: {{responses: {{'200': {{description: Done.}}}}}}}}\n"
    assert found(write, body, "operation-summary-paragraph") == [
        ("/paths/~1pets/get/summary", "GET /pets has a summary of 70 characters; a summary is a short title, the detail belongs in the description")]
    assert found(write, body, "operation-summary") == [("/paths/~1owners/get", "GET /owners has no summary")]


def test_empty_request_bodies_have_nothing_to_describe(write):
    body = """
    paths:
      /pets:
        get:
          requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {}}}}}
          responses: {'200': {description: Done.}}
        post:
          requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
          responses: {'201': {description: Done.}}
        put:
          requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string, description: What it answers to.}}}}}}
          responses: {'200': {description: Done.}}
    """
    assert [p for p, _ in found(write, body, "request-body-description")] == ["/paths/~1pets/post/requestBody"]
    assert [p for p, _ in found(write, body, "request-body-example")] == ["/paths/~1pets/post/requestBody", "/paths/~1pets/put/requestBody"]


def test_errors_and_examples(write):
    body = """
    paths:
      /pets:
        get:
          responses:
            '200':
              description: The pets.
              content: {application/json: {schema: {type: array, items: {type: object, properties: {name: {type: string, example: Rex}}}}}}
            default: {description: An error.}
        post:
          responses:
            '201':
              description: The pet.
              content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
    """
    assert found(write, body, "operation-error-response") == [("/paths/~1pets/post/responses", "POST /pets documents no error (4xx) response")]
    assert found(write, body, "response-example") == [("/paths/~1pets/post/responses/201", "response 201 of POST /pets has no example")]
    coverage = documentation(write, body).measures["coverage"]
    assert coverage["success_responses_with_example"] == {"covered": 1, "of": 2, "ratio": 0.5}
    assert coverage["operations_with_error_responses"] == {"covered": 1, "of": 2, "ratio": 0.5}
