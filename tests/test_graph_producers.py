"""Identifiers that have a producer though no response field at the top of a response is named for
them (issue 11's false-positive classes of the graph rules): a name the client chooses, the
caller's own credential, identifiers nested in objects and arrays or only listed by their
collection, AIP-style resource names; and two resources sharing one path are not one resource."""

from __future__ import annotations

import pytest

from dxscan.graph.build import build_graph
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi, scan
from tests.conftest import FIXTURES

PRODUCERS = FIXTURES / "graph" / "producers.yaml"
AIP = FIXTURES / "graph" / "aip.yaml"
GRAPH_RULES = ("orphan-identifier", "unreachable-operation", "deep-prerequisite-chain", "ambiguous-identifier",
               "inconsistent-representation", "dependency-cycle")


@pytest.fixture(scope="module")
def graph():
    return build_graph(as_openapi(load(str(PRODUCERS))))


def best(graph, slot_key):
    resolution = graph.inference.resolutions[slot_key]
    feed = resolution.feeds[0]
    return feed.source, feed.tier, feed.evidence


@pytest.mark.parametrize("slot, expected", [
    ("in:GET /namespaces/{namespace}:path:namespace",  # listed by its collection, as `items[].metadata.name`
     ("GET /namespaces", 4, "lists the collection, though no field is named for the identifier")),
    ("in:GET /namespaces/{namespace}/pods/{name}:path:name",  # the create answers it as `metadata.name`
     ("POST /namespaces/{namespace}/pods -> 201 /metadata/name", 2, "entity field: 'name' in schema ObjectMeta")),
    ("in:GET /namespaces/{namespace}/widgets/{name}:path:name",  # PUT-to-create answering 200: the client chose it
     ("PUT /namespaces/{namespace}/widgets/{name} -> request request {name}", 2, "the client chooses it when creating with PUT")),
    ("in:GET /users/{user_id}:path:user_id",  # a person's role holds a user
     ("GET /projects -> 200 /*/created_by/id", 2, "entity field: 'id' in property created_by")),
    ("in:GET /plans/{planId}:path:planId",  # three property hops deep, inline
     ("GET /account -> 200 /subscription/plans/*/planId", 1, "same name, nested: 'planId' in property plans")),
    ("in:GET /participants/{participant_id}:path:participant_id",  # a list of the identifiers
     ("GET /conversations -> 200 /*/participant_ids", 1, "same name: 'participant_ids' in an inline schema")),
])
def test_identifier_has_its_producer(graph, slot, expected):
    assert best(graph, slot) == expected


def test_the_callers_own_credential_needs_no_producer(graph):
    slot = graph.inference.slots["in:GET /tokens/{token}:path:token"]
    assert (slot.self_supplied, slot.needs_producer) == (True, False)


def test_no_graph_finding_where_every_identifier_has_a_producer():
    findings = [f for f in scan(str(PRODUCERS)).findings if f.rule in GRAPH_RULES]
    assert [(f.rule, f.message) for f in findings] == []
    findings = [f for f in scan(str(AIP)).findings if f.rule in GRAPH_RULES]
    assert [(f.rule, f.message) for f in findings] == []


def test_aip_resource_name_is_any_resources_name():
    graph = build_graph(as_openapi(load(str(AIP))))
    resolution = graph.inference.resolutions["in:GET /v1/{name}:path:name"]
    assert [(f.source, f.tier, f.evidence) for f in resolution.feeds] == [
        ("POST /v1/{parent}/books -> 200 /name", 3, "a resource name: 'name' in schema Book"),
        ("POST /v1/{parent}/shelves -> 200 /name", 3, "a resource name: 'name' in schema Shelf"),
        ("GET /v1/{parent}/shelves -> 200 /shelves/*/name", 3, "a resource name: 'name' in schema Shelf"),
    ]


def test_two_resources_on_one_path_with_different_parameters_are_not_compared(write):
    spec = write("""openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders/{parent_id}:
    put:
      parameters: [{name: parent_id, in: path, required: true, schema: {type: string}}]
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/OrderAddress'}}}}
      responses: {'200': {description: The address., content: {application/json: {schema: {$ref: '#/components/schemas/OrderAddress'}}}}}
  /orders/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: The order., content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}}
components:
  schemas:
    OrderAddress: {type: object, properties: {city: {type: string}, street: {type: string}}}
    Order: {type: object, properties: {id: {type: string}, total: {type: number}}}
""")
    assert [f.message for f in scan(str(spec)).findings if f.rule == "inconsistent-representation"] == []


def test_a_create_on_an_item_path_is_still_compared_with_the_item_get(write):
    """`POST /project/{username}/{project}` makes a build that `GET .../{build_num}` reads: the
    create's own trailing parameter is its collection's parent, not another resource's name."""
    spec = write("""openapi: 3.0.3
info: {title: Builds, version: 1.0.0}
paths:
  /project/{project}:
    post:
      parameters: [{name: project, in: path, required: true, schema: {type: string}}]
      responses: {'201': {description: The build., content: {application/json: {schema: {$ref: '#/components/schemas/QueuedBuild'}}}}}
  /project/{project}/{build_num}:
    get:
      parameters:
        - {name: project, in: path, required: true, schema: {type: string}}
        - {name: build_num, in: path, required: true, schema: {type: integer}}
      responses: {'200': {description: The build., content: {application/json: {schema: {$ref: '#/components/schemas/BuildDetail'}}}}}
components:
  schemas:
    QueuedBuild: {type: object, properties: {build_num: {type: integer}, outcome: {type: string}}}
    BuildDetail: {type: object, properties: {build_num: {type: integer}, steps: {type: array, items: {type: string}}}}
""")
    assert [f.message for f in scan(str(spec)).findings if f.rule == "inconsistent-representation"] == [
        ("POST /project/{project} answers with 'QueuedBuild' but GET /project/{project}/{build_num} with 'BuildDetail': "
         "only the first has 'outcome'; only the second has 'steps'")]
