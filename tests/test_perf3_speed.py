"""Issue 14, third pass: what the speed work must not change."""

from __future__ import annotations

import pytest

PLAIN_CASES = [
    ({"type": "integer", "minimum": 1, "maximum": 100, "default": 30}, 30, True),
    ({"type": "integer", "minimum": 1, "maximum": 100}, 1, True),
    ({"type": "number", "maximum": 2.5}, 2.5, True),
    ({"type": "string", "maxLength": 140}, "", True),
    ({"type": "string", "minLength": 2, "maxLength": 2}, "ab", True),
    ({"type": "string", "format": "uri"}, "", True),
    ({"type": "integer", "minimum": 1}, 0, False),
    ({"type": "integer", "maximum": 10}, 11, False),
    ({"type": "integer", "minimum": 1, "exclusiveMinimum": True}, 1, False),  # left to the validator
    ({"type": "integer", "minimum": True}, 1, False),
    ({"type": "string", "maxLength": 2}, "abc", False),
    ({"type": "string", "minLength": 4}, "abc", False),
    ({"type": "string", "maxLength": -1}, "", False),
    ({"type": "string", "format": "date-time"}, "now", False),
    ({"type": "string", "format": "int32"}, "1", False),
    ({"type": "string", "minimum": 1}, "a", False),
]


@pytest.mark.parametrize("schema, value, plain", PLAIN_CASES)
def test_bounds_lengths_and_unchecked_formats_are_plainly_valid(schema, value, plain):
    from dxscan.load.validate import _plainly_valid

    assert _plainly_valid(schema, value) is plain


@pytest.mark.parametrize("schema, value", [(schema, value) for schema, value, plain in PLAIN_CASES if plain])
def test_what_is_plainly_valid_the_validator_accepts(schema, value):
    from jsonschema.exceptions import best_match
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    assert best_match(OAS30Validator(schema, format_checker=oas30_format_checker).iter_errors(value)) is None


@pytest.mark.parametrize("name", ["uri", "uri-reference", "date-time", "int32", "email"])
def test_a_format_counts_as_unchecked_only_when_oas30s_checker_lacks_it(name):
    from openapi_schema_validator import oas30_format_checker

    from dxscan.load.validate import _format_unchecked

    if _format_unchecked(name):
        assert name not in oas30_format_checker.checkers
    assert _format_unchecked(name) is (name in ("uri", "uri-reference") and "uri" not in oas30_format_checker.checkers)


def test_bounded_defaults_leave_openapi_schema_validator_unimported(tmp_path):
    import subprocess
    import sys

    spec = tmp_path / "bounded.json"
    spec.write_text('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {'
                    '"Page": {"type": "integer", "minimum": 1, "maximum": 100, "default": 30},'
                    '"Note": {"type": "string", "maxLength": 140, "default": ""},'
                    '"Link": {"type": "string", "format": "uri", "default": ""}}}}')
    code = ("import sys; from dxscan.load.loader import load; from dxscan.load.validate import validate; "
            f"l = load({str(spec)!r}); v = validate(l.document, l.resolve_ref); "
            "print(v.valid, 'openapi_schema_validator' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True False"


def test_response_example_answers_each_body_as_its_own_walk_would():
    """Pet is reached from four bodies (one through Pets' items) and walked for each start once."""
    from dxscan.checks import Context
    from dxscan.checks.documentation import response_example, schema_tree
    from dxscan.config import Config
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi
    from tests.conftest import FIXTURES

    spec = as_openapi(load(str(FIXTURES / "perf3" / "examples.json")))
    hits = [(hit.pointer, hit.message) for hit in response_example(Context(spec, config=Config()))]
    assert hits == [
        ("/paths/~1pets/get/responses/200", "response 200 of GET /pets has no example"),
        ("/paths/~1pets/post/responses/201", "response 201 of POST /pets has no example"),
        ("/paths/~1pets~1{id}/get/responses/200", "response 200 of GET /pets/{id} has no example"),
        ("/paths/~1pets~1{id}/put/responses/200", "response 200 of PUT /pets/{id} has no example"),  # the model drops a $ref's siblings
    ]
    owners = spec.document["components"]["schemas"]["Owners"]
    assert [node.get("example") for node, _ in schema_tree(spec, owners)] == [None, None, "Ada"]  # Owners, Owner, name


def _builder():
    from dxscan.graph.build import Adjacency, _Builder

    builder = _Builder.__new__(_Builder)
    builder.g, builder._attributes, builder._keys = Adjacency(), {}, {}
    return builder


def test_edges_with_equal_attributes_share_one_dictionary_and_keep_their_types():
    builder = _builder()
    builder._edge("op:a", "op:b", key="depends_on", kind="depends_on", tier=1, confidence=0.9)
    builder._edge("op:c", "op:b", key="depends_on", kind="depends_on", tier=1, confidence=0.9)
    builder._edge("op:c", "op:d", key="depends_on", kind="depends_on", tier=True, confidence=0.9)
    g = builder.g.as_networkx()
    assert g.edges["op:a", "op:b", "depends_on"] is g.edges["op:c", "op:b", "depends_on"]
    assert g.edges["op:c", "op:d", "depends_on"]["tier"] is True  # True == 1, but not the same attribute
    assert sorted(g.edges(keys=True, data=True)) == [
        ("op:a", "op:b", "depends_on", {"kind": "depends_on", "tier": 1, "confidence": 0.9}),
        ("op:c", "op:b", "depends_on", {"kind": "depends_on", "tier": 1, "confidence": 0.9}),
        ("op:c", "op:d", "depends_on", {"kind": "depends_on", "tier": True, "confidence": 0.9})]


def test_the_builders_edges_are_the_graph_add_edge_makes():
    import networkx as nx

    builder, reference = _builder(), nx.MultiDiGraph()
    reference.add_node("path:/", kind="path")
    builder.g.add_node("path:/", kind="path")
    edges = [("path:/", "path:/pets", "child", {"kind": "child"}), ("path:/pets", "op:GET /pets", "exposes", {"kind": "exposes"}),
             ("op:GET /pets", "schema:Pet", "response 200 application/json", {"kind": "response", "status": "200"}),
             ("op:GET /pets", "schema:Pet", "request application/json", {"kind": "request"}),
             ("schema:Pet", "schema:Pet", "refs", {"kind": "refs"})]
    for source, target, key, attributes in edges:
        builder._edge(source, target, key=key, **attributes)
        reference.add_edge(source, target, key=key, **attributes)
    built = builder.g.as_networkx()
    assert list(built.nodes(data=True)) == list(reference.nodes(data=True))
    assert list(built.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))
    assert list(built.in_edges("schema:Pet", keys=True)) == list(reference.in_edges("schema:Pet", keys=True))
    assert nx.utils.graphs_equal(built, reference)
    assert built.number_of_edges() == builder.g.number_of_edges() == len(edges)


def test_a_pairs_second_edge_leaves_the_pairs_sharing_its_first_alone():
    builder = _builder()
    builder._edge("op:a", "schema:Pet", key="refs", kind="refs")
    builder._edge("op:b", "schema:Pet", key="refs", kind="refs")
    builder._edge("op:a", "schema:Pet", key="request application/json", kind="request")
    g = builder.g.as_networkx()
    assert sorted(g.edges(keys=True)) == [("op:a", "schema:Pet", "refs"), ("op:a", "schema:Pet", "request application/json"),
                                          ("op:b", "schema:Pet", "refs")]
    assert g._succ["op:a"]["schema:Pet"] is g._pred["schema:Pet"]["op:a"]  # one key dictionary per pair, as add_edge keeps it
    assert list(g.pred["schema:Pet"]["op:b"]) == ["refs"]


def test_a_copy_of_the_built_graph_edits_one_edge_at_a_time():
    from dxscan.graph.build import build_graph
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi
    from tests.conftest import FIXTURES

    built = build_graph(as_openapi(load(str(FIXTURES / "bookshop.yaml")))).nx
    copy = built.copy()
    source, target, key = next((u, v, k) for u, v, k, data in sorted(copy.edges(keys=True, data=True)) if data["kind"] == "has_slot")
    copy.edges[source, target, key]["edited"] = True
    assert [(u, v, k) for u, v, k, data in copy.edges(keys=True, data=True) if "edited" in data] == [(source, target, key)]
    assert not any("edited" in data for *_, data in built.edges(keys=True, data=True))
