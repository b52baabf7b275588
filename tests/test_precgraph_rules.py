"""The graph rules' false-positive classes fixed on branch precgraph (issue 11): an identifier is an
orphan, and a chain back to it makes an operation unreachable, only when the API visibly creates
its resource, answers every create without it, and lists it nowhere. Each other case in the fixture
was reported by the code before the fix."""

from __future__ import annotations

import pytest

from dxscan.graph.analysis import leaks, made_silently, orphans
from dxscan.graph.build import build_graph
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi, scan
from tests.conftest import FIXTURES

LEAKS = FIXTURES / "graph" / "precgraph_leaks.yaml"


@pytest.fixture(scope="module")
def graph():
    return build_graph(as_openapi(load(str(LEAKS))))


def test_only_the_silent_create_is_reported():
    found = [(f.rule, f.pointer, f.location.line, f.message) for f in scan(str(LEAKS)).findings
             if f.rule in ("orphan-identifier", "unreachable-operation")]
    assert found == [
        ("orphan-identifier", "/paths/~1contracts~1{contractId}~1clauses/get/parameters/0", 19,
         ("{contractId} needed by GET /contracts/{contractId} and 1 more is handed out by no response; "
          "no response field resembles it")),
        ("unreachable-operation", "/paths/~1clauses~1{clauseId}/get", 23,
         ("GET /clauses/{clauseId} is unreachable: it needs {clauseId} from GET /contracts/{contractId}/clauses; "
          "GET /contracts/{contractId}/clauses needs {contractId}, which no response hands out")),
    ]


def test_the_inference_still_finds_every_unmatched_identifier(graph):
    # the graph and its metrics keep all of them; only the rules report the clear leak
    assert [o.slot.name for o in orphans(graph)] == [
        "contractId", "lexemeId", "memberId", "profileId", "streamId", "transferId", "voucherId"]
    assert [o.slot.name for o in leaks(graph)] == ["contractId"]


@pytest.mark.parametrize(("name", "why"), [
    ("profileId", "the create answers customer_code: an identifier under another name"),
    ("lexemeId", "GET /lexemes lists them, though its answer declares no schema"),
    ("streamId", "GET /stream/all lists them below the collection"),
    ("memberId", "an RPC listing, POST /ListMembers"),
    ("transferId", "the create declares no answer: the spec is silent, not the API"),
    ("voucherId", "the create answers a bare string, the identifier itself"),
])
def test_identifiers_with_a_producer_the_inference_cannot_match_are_not_leaks(graph, name, why):
    slot = next(o.slot for o in orphans(graph) if o.slot.name == name)
    assert made_silently(graph, slot) is False, why


def test_a_chain_back_to_an_identifier_with_a_producer_is_not_unreachable():
    found = [f.pointer for f in scan(str(LEAKS)).findings if f.rule == "unreachable-operation"]
    assert "/paths/~1cards~1{cardId}/get" not in found  # its chain ends at {profileId}, answered as customer_code
    assert found == ["/paths/~1clauses~1{clauseId}/get"]


SHAPES = FIXTURES / "graph" / "precgraph_shapes.yaml"


def test_only_a_second_shape_of_the_resource_is_inconsistent():
    # before the fix the PUT and PATCH (the same {data, success} envelope around contents they leave
    # undeclared) and the upload's answer holding the Asset itself beside its form were reported too
    found = [(f.pointer, f.location.line, f.message) for f in scan(str(SHAPES)).findings
             if f.rule == "inconsistent-representation"]
    assert found == [
        ("/paths/~1offers/post/responses/201", 9,
         ("POST /offers answers with 'OfferReceipt' but GET /offers/{offer_id} with an inline schema: only the first has "
          "'offer_ref', 'state'; only the second has 'id', 'price', 'title'")),
    ]


@pytest.mark.parametrize(("servers", "expected"), [
    # a self-hosted product illustrated twice under its own name: both stand-ins for the reader's host
    ("[{url: 'http://mocks.local'}, {url: 'http://mocks.example.com/api'}]", []),
    # a hosted API's documentation name beside an internal host of another name is still flagged
    ("[{url: 'https://api.acme.example.com'}, {url: 'http://fulfilment.internal'}]",
     [("/servers/1", "server 'http://fulfilment.internal' points at an internal host")]),
    # beside a real public host the same name does not excuse it
    ("[{url: 'http://mocks.local'}, {url: 'https://mocks.io/api'}]",
     [("/servers/0", "server 'http://mocks.local' points at an internal host")]),
])
def test_server_internal_beside_a_stand_in_of_the_same_name(write, servers, expected):
    spec = write("openapi: 3.0.3\ninfo: {title: Mocks, version: 1.0.0}\nservers: " + servers
                 + "\npaths:\n  /mocks:\n    get:\n      responses: {'200': {description: ok}}\n")
    assert [(f.pointer, f.message) for f in scan(str(spec)).findings if f.rule == "server-internal"] == expected


def _wide(name: str, kinds: list[str]) -> str:
    fields = ", ".join(f"f{i}_{kind}: {{type: {kind}}}" for i, kind in enumerate(kinds))
    return f"    {name}: {{type: object, properties: {{{fields}}}}}\n"


def test_a_record_of_figures_is_no_god_schema(write):
    # 61 properties each; the old code reported both. Signals is 80% numbers (49 of 61): a row of measurements
    signals = ["integer"] * 30 + ["number"] * 19 + ["string"] * 12
    settings = ["string"] * 40 + ["boolean"] * 12 + ["integer"] * 9
    spec = write("openapi: 3.0.3\ninfo: {title: Wide, version: 1.0.0}\npaths:\n"
                 "  /signals:\n    get:\n      responses: {'200': {description: ok, content: {application/json: "
                 "{schema: {$ref: '#/components/schemas/Signals'}}}}}\n"
                 "  /settings:\n    get:\n      responses: {'200': {description: ok, content: {application/json: "
                 "{schema: {$ref: '#/components/schemas/Settings'}}}}}\n"
                 "components:\n  schemas:\n" + _wide("Signals", signals) + _wide("Settings", settings))
    assert [(f.pointer, f.message) for f in scan(str(spec)).findings if f.rule == "god-schema"] == [
        ("/components/schemas/Settings", ("schema 'Settings' has 61 properties, holds 0 other schemas and reaches 1 of 2 "
                                          "operations (50%): consumers must take in all of it"))]
