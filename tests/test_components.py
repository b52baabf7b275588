"""`build.components`: networkx's strongly connected components, each after every one it reaches."""

from __future__ import annotations

import random

import networkx as nx

from dxscan.graph.build import components


def test_components_are_networkx_components_in_reverse_topological_order():
    chance = random.Random(3)
    for _ in range(200):
        nodes = [f"n{i}" for i in range(chance.randrange(1, 30))]
        edges = {node: sorted({chance.choice(nodes) for _ in range(chance.randrange(0, 4))}) for node in nodes}
        graph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((source, target) for source in nodes for target in edges[source])
        found = components(nodes, edges.__getitem__)
        assert sorted(map(sorted, found)) == sorted(map(sorted, nx.strongly_connected_components(graph)))
        place = {node: number for number, component in enumerate(found) for node in component}
        assert all(place[source] >= place[target] for source in nodes for target in edges[source])


def test_a_cycle_is_one_component_after_what_it_reaches():
    edges = {"a": ("b",), "b": ("c", "d"), "c": ("a",), "d": ("d",), "e": ()}
    assert components(["a", "e"], edges.__getitem__) == [["d"], ["c", "b", "a"], ["e"]]
