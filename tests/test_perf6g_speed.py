"""Issue 14, sixth pass (building the dependency graph): what the speed work must not change."""

from __future__ import annotations

import pytest

from dxscan.graph.build import _census, _ref_target, build_graph
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES


@pytest.mark.parametrize(("ref", "target"), [
    ("#/components/schemas/Pet", "/components/schemas/Pet"),
    ("#/components/schemas/Pet/properties/id", "/components/schemas/Pet"),
    ("#/components/schemas/Pet/", "/components/schemas/Pet"),
    ("#//components/schemas/Pet", "/components/schemas/Pet"),  # `jp.split` drops leading slashes
    ("#/definitions/Pet/properties/x", "/definitions/Pet"),
    ("#/components/schemas/A%20B", "/components/schemas/A B"),  # quoted: the slow way, as before
    ("#/components/schemas/a~1b/x", "/components/schemas/a~1b"),  # escaped: kept escaped
    ("#/definitions/a%2Fb", "/definitions/a"),  # a quoted slash splits, as it always did
    ("#/components/schemas/", None),  # no name
    ("#/components/schemas", None),
    ("#/definitions", None),
    ("#/components/responses/X", None),
    ("#/paths/~1pets/get", None),
    ("#/", None),
    ("#", None),
    ("other.yaml#/components/schemas/X", None),
])
def test_ref_target_reads_unescaped_references_without_splitting_them_all(ref, target):
    assert _ref_target(ref) == target


CENSUS_SPECS = ["perf6g/census.yaml", "bookshop.yaml", *(f"graph/{path.name}" for path in sorted((FIXTURES / "graph").glob("*.yaml"))
                                                      if path.name != "labelled_edges.yaml")]  # a list of edges, not a spec


@pytest.mark.parametrize("name", CENSUS_SPECS)
def test_census_names_the_nodes_and_edges_the_builder_makes(name):
    """A scan counts the graph's nodes and edges (`_census`) instead of building them: the same
    nodes, with the same kinds, and the same (source, target, key) edges as `_Builder`."""
    graph = build_graph(as_openapi(load(str(FIXTURES / name))))
    nodes, edges = _census(graph)
    built = graph.adjacency
    assert nodes == {node: attributes["kind"] for node, attributes in built.node.items()}
    assert edges == {(source, target, key) for source, targets in built.succ.items()
                     for target, keys in targets.items() for key in keys}


def test_figures_count_without_building_the_graph():
    graph = build_graph(as_openapi(load(str(FIXTURES / "perf6g/census.yaml"))))
    figures = graph.figures()
    assert "adjacency" not in graph.__dict__  # built only when asked for
    assert (figures["nodes"], figures["edges"]) == (33, 51)
    assert figures["node_kinds"] == {"entity": 3, "operation": 6, "path": 8, "schema": 5, "server": 1, "slot": 10}
    assert (len(graph.adjacency.node), graph.adjacency.number_of_edges()) == (33, 51)


def _indexed(name: str):
    """An Inference of a fixture with its producer index rebuilt (resolution drops it)."""
    from dxscan.graph.infer import Inference

    inference = Inference(as_openapi(load(str(FIXTURES / name))))
    inference.exposures = inference._read_exposures()
    inference.index = inference._index()
    return inference


@pytest.mark.parametrize(("name", "tokens", "names"), [
    ("perf6g/census.yaml", 5, 5),
    ("bookshop.yaml", 4, 7),
    ("graph/producers.yaml", 25, 10),
])
def test_exposures_and_fields_by_token_are_grouped_as_an_eager_index_would(name, tokens, names):
    """`_exposures_by_token` and `_leaves_by_token`, grouped when first asked for, hold what
    indexing every exposure and field under each of its tokens gives, in the same order."""
    from collections import defaultdict

    from dxscan.graph.infer import _leaf_tokens
    from dxscan.graph.words import norm

    inference = _indexed(name)
    every: dict[tuple[str, bool], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for exposure in inference.exposures:
        subject = inference._at_root(exposure)
        for token in inference._exposure_tokens(exposure):
            every[(token, False)][exposure.facts].append(exposure)
            if subject:
                every[(token, True)][exposure.facts].append(exposure)
    for (token, own_only), expected in every.items():
        assert list(inference._exposures_by_token(token, own_only).items()) == list(expected.items())
    fields: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for pointer in sorted(inference.index.exposures_of):
        facts = inference.reader.cached(pointer)
        for leaf in facts.leaves:
            for token in _leaf_tokens(facts, leaf):
                fields[norm(leaf.name)][token].append((facts, leaf))
    for field, expected in fields.items():
        assert list(inference._leaves_by_token(field).items()) == list(expected.items())
    assert (len(every), len(fields)) == (tokens, names)  # (token, subjects only) pairs; field names with a context
