"""Issue 14, seventh pass (building the dependency graph): what the speed work must not change."""

from __future__ import annotations

import pytest

from dxscan.graph import slots
from dxscan.graph.build import build_graph
from dxscan.graph.facts import FactsReader, value_type
from dxscan.graph.infer import Inference
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES

BODIES = FIXTURES / "perf7g/bodies.yaml"
SPECS = ["perf7g/bodies.yaml", "bookshop.yaml", *(f"graph/{path.name}" for path in sorted((FIXTURES / "graph").glob("*.yaml"))
                                                  if path.name != "labelled_edges.yaml")]


def _post_body(spec):
    operation = next(o for o in spec.operations if o.method == "post")
    return operation.request_body.content[0].schema


def test_a_sifted_body_keeps_the_fields_that_may_be_ids_and_the_schemas_within_one_hop():
    spec = as_openapi(load(str(BODIES)))
    reader = FactsReader(spec)
    body = _post_body(spec)
    sifted = reader.sifted(body.raw, body.pointer, slots._may_be_id)
    assert [leaf.access for leaf in sifted.leaves] == [
        ("owner_id",), ("token",), ("kind_id",), ("vet_id",), ("label_ids",), ("codes",), ("breeder_id",), ("home", "house_id")]
    assert [(held.target, held.access, held.hops) for held in sifted.contains] == [
        ("/components/schemas/Owner", ("shelter",), 1), ("/components/schemas/Owner", ("keeper",), 1),
        ("/components/schemas/Tagged", (), 0)]
    assert reader.cached(body.pointer) is None  # not memoised: the usual facts are read when asked for
    full = reader.of(body.raw, body.pointer)
    assert len(full.leaves) == 16 and len(full.contains) == 4
    assert reader.sifted(body.raw, body.pointer, slots._may_be_id) is full  # read already: the usual facts


def test_a_named_body_is_read_as_usual():
    spec = as_openapi(load(str(BODIES)))
    reader = FactsReader(spec)
    owner = spec.document["components"]["schemas"]["Owner"]
    sifted = reader.sifted({"$ref": "#/components/schemas/Owner"}, "/paths/x", slots._may_be_id)
    assert sifted is reader.cached("/components/schemas/Owner")
    assert [leaf.name for leaf in sifted.leaves] == list(owner["properties"])


@pytest.mark.parametrize("name", SPECS)
def test_body_slots_from_sifted_bodies_are_those_of_the_full_facts(name, monkeypatch):
    spec = as_openapi(load(str(FIXTURES / name)))
    sifted = Inference(spec).slots
    monkeypatch.setattr(FactsReader, "sifted", lambda self, value, pointer, keep: self.of(value, pointer))
    assert Inference(spec).slots == sifted


def test_body_slots_of_the_bodies_fixture():
    slots_ = build_graph(as_openapi(load(str(BODIES)))).inference.slots
    assert sorted(key for key in slots_ if ":body:" in key) == [
        "in:POST /pets:body:breeder_id", "in:POST /pets:body:home/house_id", "in:POST /pets:body:keeper/id",
        "in:POST /pets:body:keeper/owner_id", "in:POST /pets:body:keeper/pet_id", "in:POST /pets:body:label_ids",
        "in:POST /pets:body:owner_id", "in:POST /pets:body:shelter/id", "in:POST /pets:body:shelter/owner_id",
        "in:POST /pets:body:shelter/pet_id", "in:POST /pets:body:tag_id"]


@pytest.mark.parametrize(("raw", "kind"), [
    ({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Owner"}]}, None),  # two types
    ({"oneOf": [{"type": "string"}, {"type": "string", "format": "uuid"}]}, "string"),
    ({"oneOf": [{"description": "any"}, {"type": "integer"}]}, "integer"),  # an untyped member counts for nothing
    ({"anyOf": [{"type": ["null", "integer"]}, {"type": "integer"}]}, "integer"),  # 3.1's list of types
    ({"allOf": [{"$ref": "#/components/schemas/Owner"}]}, "object"),
    ({"oneOf": [{"allOf": [{"type": "string"}]}, {"type": "string"}]}, "string"),
    ({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]}, None),
    ({"oneOf": [{"oneOf": [{"type": "string"}, {"type": "integer"}]}, {"type": "string"}]}, "string"),  # inner: mixed
    ({"oneOf": []}, None),
])
def test_value_type_of_compositions(raw, kind):
    spec = as_openapi(load(str(BODIES)))
    assert value_type(spec, raw) == kind
