"""The dependency graph: its nodes and edges, producer/consumer inference, reachability as an
AND/OR problem, recursion safety, determinism, and the `dxscan graph` command."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from dxscan.graph.build import build_graph, host_class
from dxscan.graph.slots import identify
from dxscan.graph.words import entity_matches, entity_tokens, singular, words
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES

LEAKY = FIXTURES / "graph" / "leaky.yaml"
CLEAN = FIXTURES / "graph" / "clean.yaml"


def graph_of(path):
    return build_graph(as_openapi(load(str(path))))


def feeds_into(graph, slot_key):
    return [(f.producer, f.status, f.access, f.tier, f.confidence, f.rank) for f in graph.inference.resolutions[slot_key].feeds]


# --- words and names ------------------------------------------------------------------------------

def test_words_split_every_convention():
    assert words("issueNumber") == words("issue_number") == words("Issue-Number") == ("issue", "number")
    assert words("URLPath") == ("url", "path")


@pytest.mark.parametrize("plural, one", [("issues", "issue"), ("policies", "policy"), ("addresses", "address"),
                                         ("statuses", "status"), ("data", "data"), ("series", "series"), ("people", "person")])
def test_singular(plural, one):
    assert singular(plural) == one


def test_entity_tokens_drop_modifiers_and_suffixes_but_keep_request():
    assert entity_tokens("full-repository") == {"repository"}
    assert entity_tokens("LegalHoldPolicy--Mini") == {"policy", "legal hold policy"}
    assert entity_tokens("pull-request") == {"request", "pull request"}


@pytest.mark.parametrize("entity, token, level", [
    ("repo", "repository", 1), ("org", "organization", 1), ("run", "workflow run", 1), ("pull", "pull request", 1),
    ("link", "remotelink", 1), ("run", "runner", 0), ("author", "authorization", 0), ("user", "user", 2),
])
def test_entity_matches(entity, token, level):
    assert entity_matches(entity, token) == level


@pytest.mark.parametrize("name, preceding, expected", [
    ("issue_number", "issues", ("issue", "number", True)),
    ("id", "pets", ("pet", "id", True)),
    ("repo", "repos", ("repo", None, True)),
    ("promotion_code", "promotion_codes", ("promotion code", None, True)),
    ("issueIdOrKey", "issue", ("issue", "id", True)),
    ("label_ids", None, ("label", "id", True)),
    ("username", "users", ("user", "username", True)),
    ("owner", "repos", (None, None, False)),
    ("path", "contents", (None, None, False)),
])
def test_identify(name, preceding, expected):
    assert identify(name, preceding) == expected


# --- the graph ----------------------------------------------------------------------------------------

def test_node_and_edge_kinds():
    graph = graph_of(CLEAN)
    kinds = {kind for _, kind in graph.nx.nodes(data="kind")}
    assert kinds == {"operation", "path", "schema", "entity", "slot", "server"}
    edges = {kind for _, _, kind in graph.nx.edges(data="kind")}
    assert edges == {"child", "exposes", "request", "response", "refs", "represents", "has_slot", "feeds", "depends_on"}
    assert graph.nx.has_edge("schema:/paths/~1owners/get/responses/200/content/application~1json/schema", "schema:Owner")
    assert graph.nx.has_edge("path:/owners", "path:/owners/{}")
    assert graph.nx.has_edge("path:/owners/{}", "op:GET /owners/{ownerId}")
    assert graph.nx.has_edge("schema:Pet", "entity:pet")
    assert graph.nx.nodes["path:/owners/{}"]["archetype"] == "item"
    assert graph.nx.nodes["path:/owners"]["archetype"] == "collection"


def test_feeds_edge_from_create_to_item_get():
    graph = graph_of(CLEAN)
    assert feeds_into(graph, "in:GET /pets/{petId}:path:petId")[0] == ("op:POST /owners/{ownerId}/pets", "201", "/id", 2, 0.8, 1)
    edge = graph.nx.edges["out:POST /owners/{ownerId}/pets:201:/id", "in:GET /pets/{petId}:path:petId", "feeds"]
    assert (edge["tier"], edge["confidence"], edge["rank"]) == (2, 0.8, 1)
    assert graph.nx.has_edge("op:GET /pets/{petId}", "op:POST /owners/{ownerId}/pets")  # depends_on


def test_figures():
    figures = graph_of(CLEAN).figures()
    assert (figures["identifiers"], figures["resolved"], figures["resolved_share"]) == (6, 6, 1.0)
    assert figures["nodes"] == sum(figures["node_kinds"].values())


def test_recursive_schemas_end_and_are_marked(write):
    spec = write("""openapi: 3.0.3
info: {title: Tree, version: 1.0.0}
paths:
  /nodes:
    get:
      responses:
        '200': {description: Nodes., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Node'}}}}}
components:
  schemas:
    Node:
      type: object
      properties:
        id: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      properties:
        id: {type: string}
        nodes: {type: array, items: {$ref: '#/components/schemas/Node'}}
        self: {$ref: '#/components/schemas/Owner'}
""")
    graph = graph_of(spec)
    assert graph.recursive == {"/components/schemas/Node", "/components/schemas/Owner"}
    assert graph.nx.has_edge("schema:Node", "schema:Owner") and graph.nx.has_edge("schema:Owner", "schema:Node")


def test_export_is_deterministic():
    from dxscan.graph.export import export

    first, second = graph_of(LEAKY), graph_of(LEAKY)
    for form in ("json", "graphml", "dot", "mermaid"):
        assert export(first.nx, form) == export(second.nx, form)


# --- inference ------------------------------------------------------------------------------------------

ENUM_AND_OBJECT = """openapi: 3.0.3
info: {title: Repos, version: 1.0.0}
paths:
  /user/repos:
    post:
      responses:
        '201': {description: The repo., content: {application/json: {schema: {$ref: '#/components/schemas/Repo'}}}}
  /repos/{owner}/{repo}/archives/{format}:
    get:
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: repo, in: path, required: true, schema: {type: string}}
        - {name: format, in: path, required: true, schema: {type: string, enum: [zip, tar]}}
      responses: {'200': {description: The archive.}}
components:
  schemas:
    Repo:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
        owner: {$ref: '#/components/schemas/User'}
    User:
      type: object
      properties:
        id: {type: integer}
        login: {type: string}
"""


def test_enum_path_parameter_is_no_identifier_and_object_owner_feeds_its_login(write):
    graph = graph_of(write(ENUM_AND_OBJECT))
    slots = graph.inference.slots
    assert "in:GET /repos/{owner}/{repo}/archives/{format}:path:format" not in slots
    assert feeds_into(graph, "in:GET /repos/{owner}/{repo}/archives/{format}:path:owner")[0][:4] == (
        "op:POST /user/repos", "201", "/owner/login", 1)
    # `{repo}` is a string: the repo's `name`, not its integer `id`
    assert feeds_into(graph, "in:GET /repos/{owner}/{repo}/archives/{format}:path:repo")[0][:4] == (
        "op:POST /user/repos", "201", "/name", 2)


def test_links_and_location_headers_are_tier_0(write):
    spec = write("""openapi: 3.0.3
info: {title: Links, version: 1.0.0}
paths:
  /orders:
    post:
      operationId: createOrder
      responses:
        '201':
          description: Created.
          headers:
            Location: {schema: {type: string}}
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters: [{name: orderId, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: The order.
          content: {application/json: {schema: {type: object, properties: {invoice: {type: string}}}}}
          links:
            invoice:
              operationId: getInvoice
              parameters: {ref: '$response.body#/invoice'}
  /invoices/{ref}:
    get:
      operationId: getInvoice
      parameters: [{name: ref, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: The invoice.}}
""")
    graph = graph_of(spec)
    assert feeds_into(graph, "in:GET /orders/{orderId}:path:orderId") == [("op:POST /orders", "201", "header Location", 0, 1.0, 1)]
    assert feeds_into(graph, "in:GET /invoices/{ref}:path:ref") == [("op:GET /orders/{orderId}", "200", "/invoice", 0, 1.0, 1)]


def test_type_mismatch_costs_confidence_and_formats_must_agree(write):
    spec = write("""openapi: 3.0.3
info: {title: Types, version: 1.0.0}
paths:
  /things:
    post:
      responses:
        '201': {description: A thing., content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}}
  /things/{thingId}:
    get:
      parameters: [{name: thingId, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: A thing.}}
  /events:
    post:
      responses:
        '201': {description: An event., content: {application/json: {schema: {type: object, properties: {id: {type: string, format: date-time}}}}}}
  /events/{eventId}:
    get:
      parameters: [{name: eventId, in: path, required: true, schema: {type: string, format: uuid}}]
      responses: {'200': {description: An event.}}
""")
    graph = graph_of(spec)
    assert feeds_into(graph, "in:GET /things/{thingId}:path:thingId") == [("op:POST /things", "201", "/id", 2, 0.6, 1)]
    # a date-time is no uuid: only the bare create is left, below RESOLVED (it hands out no identifier)
    assert feeds_into(graph, "in:GET /events/{eventId}:path:eventId") == [("op:POST /events", "", "", 4, 0.4, 1)]


def test_context_identifiers_frame_the_api_and_are_reported_once(write):
    items = "".join(
        f"  /tenants/{{tenant}}/{name}:\n    get:\n      parameters: [{{$ref: '#/components/parameters/tenant'}}]\n"
        f"      responses: {{'200': {{description: ok}}}}\n"
        for name in ("users", "groups", "roles", "files", "logs", "keys", "jobs", "tasks", "notes", "tags", "apps")
    )
    made = ("  /tenants:\n    post:\n      responses: {'202': {description: Accepted., content: {application/json: "
            "{schema: {type: object, properties: {status: {type: string}}}}}}}\n")  # the API makes tenants, answers no id
    spec = write("openapi: 3.0.3\ninfo: {title: Tenancy, version: 1.0.0}\npaths:\n" + items + made
                 + "components:\n  parameters:\n    tenant: {name: tenant, in: path, required: true, schema: {type: string}}\n")
    graph = graph_of(spec)
    assert graph.inference.context == {"tenant"}
    assert len(graph.inference.ready) == 12  # a context identifier is given, not produced (and POST /tenants)
    from dxscan.scan.pipeline import scan

    orphans = [(f.pointer, f.message) for f in scan(str(spec)).findings if f.rule == "orphan-identifier"]
    assert orphans == [("/components/parameters/tenant",
                        "context identifier {tenant} frames 11 operations, but no response hands it out: clients must get it elsewhere")]


AND_OR = """openapi: 3.0.3
info: {title: Shipping, version: 1.0.0}
paths:
  /senders:
    post:
      responses:
        '201': {description: A sender., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
  /carriers:
    post:
      responses: {'202': {description: Accepted, but no carrier id is handed out.}}
  /carriers/{carrier_id}/quotes:
    post:
      parameters: [{name: carrier_id, in: path, required: true, schema: {type: string}}]
      responses:
        '201': {description: A quote., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
  /shipments:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [sender_id, quote_id]
              properties:
                sender_id: {type: string}
                quote_id: {type: string}
      responses:
        '201': {description: A shipment., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
  /shipments/{shipment_id}/labels:
    get:
      parameters: [{name: shipment_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: Labels.}}
"""


def test_reachability_is_and_or_not_breadth_first(write):
    """POST /shipments needs a sender (reachable) AND a quote (whose carrier no one hands out): a
    breadth-first search from the reachable sender would call it reachable; it is not."""
    graph = graph_of(write(AND_OR))
    inference = graph.inference
    assert inference.ready == {"op:POST /senders", "op:POST /carriers"}
    bfs = nx.descendants(graph.operation_view().reverse(), "op:POST /senders")
    assert "op:POST /shipments" in bfs and "op:POST /shipments" not in inference.ready
    slot, chain = inference.root_cause("op:GET /shipments/{shipment_id}/labels")
    assert (slot.name, chain) == ("carrier_id", ["op:GET /shipments/{shipment_id}/labels", "op:POST /shipments",
                                                  "op:POST /carriers/{carrier_id}/quotes"])


def test_plan_lists_prerequisites_first():
    inference = graph_of(LEAKY).inference
    assert inference.plan("op:GET /floors/{floorId}/rooms") == [
        "op:GET /locations", "op:GET /locations/{siteId}/floors", "op:GET /floors/{floorId}/rooms"]
    assert inference.plan("op:GET /rates/{rateId}") == []


@pytest.mark.parametrize("url, expected", [
    ("https://api.acme.io/v1", "public"), ("http://localhost:8080", "loopback"), ("http://127.0.0.1", "loopback"),
    ("http://10.0.12.7:8080/v2", "private"), ("https://orders.default.svc.cluster.local", "internal"),
    ("https://billing.internal", "internal"), ("http://gateway/v1", "internal"), ("http://api.acme.io:8081", "internal"),
    ("https://{region}.example.com", "templated"), ("/v1", "relative"),
])
def test_host_class(url, expected):
    assert host_class(url) == expected


# --- the scorecard -------------------------------------------------------------------------------------

def test_scorecard_carries_graph_figures_and_metrics(scan_json):
    measures = scan_json(LEAKY)["dimensions"]["abstraction"]["measures"]
    graph = measures["graph"]
    assert {"nodes", "edges", "resolved_share", "identifiers", "resolved"} <= set(graph)
    assert (graph["identifiers"], graph["resolved"]) == (17, 15)  # all but the two {orderId}
    metrics = measures["metrics"]
    assert set(metrics) == {"resolvability", "reachability", "prerequisite_depth", "cycle_share", "coupling",
                            "duplication", "representation", "leak_density"}
    # unreachable: GET /orders/{orderId}, GET /orders/{orderId}/rates, GET /rates/{rateId}, POST /teams, POST /leads
    assert metrics["reachability"]["value"] == round(19 / 24, 4) and metrics["reachability"]["n"] == 24
    assert metrics["representation"]["low_confidence"] is True  # 2 entities compared: too few to judge
    assert "graph_score" not in measures and "score_parts" not in measures  # the metrics set no part of the grade
    assert measures["anchors"]["corpus"].startswith("directory/")
    assert measures["reach"]["/components/schemas/Named"] == 7  # stations (list, item, dock), docks, bays (list, item), parcels
    assert measures["headline"] == (
        "11 of 12 identifiers traced to a response that hands them out, 19 of 24 operations reachable (2 need an identifier not "
        "traced to a response, 3 wait on an unreachable prerequisite)")
    rules = measures["rules"]  # the graph rules' denominators are what they apply to (score.py `counts`)
    assert (rules["orphan-identifier"]["checked"], rules["orphan-identifier"]["failed"]) == (12, 1)  # distinct identifiers
    assert (rules["rw-schema-leak"]["checked"], rules["rw-schema-leak"]["failed"]) == (1, 1)
    assert (rules["dependency-cycle"]["checked"], rules["dependency-cycle"]["failed"]) == (4, 2)


# --- the command -----------------------------------------------------------------------------------------

def test_graph_command_exports_node_link_json(cli):
    code, out, _ = cli("graph", str(CLEAN))
    assert code == 0
    data = json.loads(out)
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.number_of_nodes() == graph_of(CLEAN).nx.number_of_nodes()
    assert any(e["kind"] == "feeds" and e["target"] == "in:GET /pets/{petId}:path:petId" for e in data["edges"])


def test_graph_command_formats(cli, tmp_path):
    target = tmp_path / "graph.graphml"
    assert cli("graph", str(CLEAN), "-f", "graphml", "-o", str(target))[0] == 0
    assert nx.read_graphml(target).number_of_nodes() == graph_of(CLEAN).nx.number_of_nodes()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]
    dot = cli("graph", str(CLEAN), "-f", "dot")[1]
    assert dot.startswith("digraph api {") and '"op:GET /pets/{petId}" -> "op:POST /owners/{ownerId}/pets"' in dot
    mermaid = cli("graph", str(CLEAN), "-f", "mermaid", "--why", "getPet")[1]
    assert mermaid.splitlines() == [
        "flowchart LR",
        '  n0["3. GET /pets/{petId}"]',
        '  n1["1. POST /owners"]',
        '  n2["2. POST /owners/{ownerId}/pets"]',
        '  n0 -->|"needs {petId}"| n2',
        '  n2 -->|"needs {ownerId}"| n1',
    ]


def test_graph_command_why_unreachable_and_focus(cli):
    why = json.loads(cli("graph", str(LEAKY), "--why", "GET /rates/{rateId}")[1])
    assert why["graph"] == {"blocked_by": "{orderId} of GET /orders/{orderId}/rates", "calls": 0,
                            "operation": "op:GET /rates/{rateId}", "reachable": False}
    assert [n["id"] for n in why["nodes"]] == ["op:GET /orders/{orderId}/rates", "op:GET /rates/{rateId}"]
    focus = json.loads(cli("graph", str(CLEAN), "--focus", "getPet")[1])
    ids = {n["id"] for n in focus["nodes"]}
    assert {"op:GET /pets/{petId}", "in:GET /pets/{petId}:path:petId", "op:POST /owners/{ownerId}/pets", "path:/pets/{}"} <= ids
    assert "op:GET /owners" not in ids


@pytest.mark.parametrize("args, message", [
    (("-f", "xml"), "dxscan: unknown format 'xml'; expected one of json, graphml, dot, mermaid"),
    (("--why", "nope"), "dxscan: no operation 'nope' in"),
    (("--why", "getPet", "--focus", "getPet"), "dxscan: give --focus or --why, not both"),
])
def test_graph_command_usage_errors(cli, args, message):
    code, out, err = cli("graph", str(CLEAN), *args)
    assert code == 2 and out == "" and err.startswith(message) and len(err.strip().splitlines()) == 1


def test_graph_command_bad_input_leaves_output_untouched(cli, tmp_path):
    target = tmp_path / "graph.json"
    target.write_text("previous")
    code, _, err = cli("graph", str(FIXTURES / "bad" / "broken.yaml"), "-o", str(target))
    assert code == 2 and err.startswith("dxscan: ") and "Traceback" not in err
    assert target.read_text() == "previous"


def test_a_graph_that_cannot_be_built_does_not_sink_the_scan(monkeypatch):
    import dxscan.graph.build
    from dxscan.scan.pipeline import scan

    monkeypatch.setattr(dxscan.graph.build, "build_graph", lambda spec: (_ for _ in ()).throw(RuntimeError("boom")))
    report = scan(str(CLEAN))
    abstraction = next(d for d in report.scorecard.dimensions if d.name == "abstraction")
    assert abstraction.measures["error"] == "the dependency graph could not be built: RuntimeError: boom"
    crashed = sorted(f.message for f in report.findings if f.rule == "internal-error")
    assert crashed[0] == "rule 'ambiguous-identifier' crashed and was skipped: RuntimeError: boom"
