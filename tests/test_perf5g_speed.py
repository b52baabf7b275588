"""Issue 14, fifth pass (the dependency graph's half): what the speed work must not change."""

from __future__ import annotations

import pytest

from dxscan import pointer as jp
from dxscan.graph.analysis import _schema_at
from dxscan.graph.build import build_graph
from dxscan.graph.facts import FactsReader
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES


def _spec(name: str):
    return as_openapi(load(str(FIXTURES / name)))


def test_the_walk_reads_escaped_names_flags_refs_and_nesting_as_before():
    """Property names needing escapes, flags on the schema and beside a `$ref`, an array of
    primitives, inline objects (one cut at the walk's depth), a map, a union and an allOf."""
    facts = FactsReader(_spec("perf5/facts.json")).named("/components/schemas/Order")
    order = "/components/schemas/Order"
    assert [tuple(leaf) for leaf in facts.leaves] == [
        (("id",), "id", "string", "uuid", f"{order}/properties/id", None, True, True, False, False, None),
        (("a/b",), "a/b", "integer", None, f"{order}/properties/a~1b", None, True, False, False, False, None),
        (("t~x",), "t~x", "string", None, f"{order}/properties/t~0x", None, False, False, False, True, None),
        (("kind",), "kind", None, None, f"{order}/properties/kind", None, False, False, False, True, None),
        (("owner",), "owner", "object", None, "/components/schemas/User", None, False, True, False, False,
         "/components/schemas/User"),
        (("tags",), "tags", "string", "slug", f"{order}/properties/tags", None, False, False, False, False, None),
        (("lines",), "lines", "array", None, f"{order}/properties/lines", None, False, False, False, False, None),
        (("lines", "*", "sku"), "sku", "string", None, f"{order}/properties/lines/items/properties/sku", "lines", False,
         False, False, False, None),
        (("extra",), "extra", "object", None, f"{order}/properties/extra", None, False, False, False, False, None),
        (("either",), "either", None, None, f"{order}/properties/either", None, False, False, False, False, None),
        (("deep",), "deep", "object", None, f"{order}/properties/deep", None, False, False, False, False, None),
        (("deep", "inner"), "inner", "object", None, f"{order}/properties/deep/properties/inner", "deep", False, False,
         False, False, None),
        (("note",), "note", "string", None, f"{order}/allOf/1/properties/note", None, False, False, True, False, None),
    ]
    assert [tuple(held) for held in facts.contains] == [
        ("/components/schemas/User", ("owner",), "owner", 1, "property", False),
        ("/components/schemas/User", ("either",), "either", 1, "anyOf", False),
        ("/components/schemas/Base", (), None, 0, "allOf", True),
    ]
    assert facts.truncated  # `deep.inner` and the map's values hold properties past two hops


@pytest.mark.parametrize("pointer", [
    "/components/schemas/Order/properties/id",
    "/components/schemas/Order/properties/a~1b",  # escaped: looked up the old way
    "/components/schemas/Order/allOf/1/properties/note",
    "/components/schemas/Order/allOf/7",  # past the list's end
    "/components/schemas/Nope/properties/id",  # no parent
    "/components/schemas/Order/required/0/x",  # a step into a string
    "",  # the document
    "/",
    "//components",  # `split` drops leading slashes
    "info",
])
def test_schema_at_finds_what_a_lookup_from_the_root_finds(pointer):
    document = _spec("perf5/facts.json").document
    parents: dict = {}
    for _ in range(2):  # the second time from its memo of parents
        try:
            expected = jp.get(document, jp.split(pointer))
        except KeyError:
            with pytest.raises(KeyError):
                _schema_at(document, pointer, parents)
            continue
        assert _schema_at(document, pointer, parents) is expected


def test_edges_with_equal_attributes_share_one_dictionary():
    """The builder finds each kind of edge's shared attribute dictionary once (refs, child, exposes,
    bodies, depends_on): still one dictionary for all the edges whose attributes are equal."""
    graph = build_graph(_spec("bookshop.yaml"))
    by_value: dict[tuple, set[int]] = {}
    count = 0
    for targets in graph.adjacency.succ.values():
        for keys in targets.values():
            for attributes in keys.values():
                count += 1
                identity = (*attributes.items(), *map(type, attributes.values()))
                by_value.setdefault(identity, set()).add(id(attributes))
    assert count == graph.figures()["edges"]
    assert {len(ids) for ids in by_value.values()} == {1}
    kinds = sorted({dict(identity[: len(identity) // 2])["kind"] for identity in by_value})
    assert kinds == ["child", "depends_on", "exposes", "feeds", "has_slot", "refs", "represents", "request", "response"]
