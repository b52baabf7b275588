"""A scan never imports networkx (0.07 s of the graph half): the graph is kept in `Adjacency`, and
the analyses find components themselves, with the answers networkx gave them."""

from __future__ import annotations

import random
import subprocess
import sys

import networkx as nx

from dxscan.graph.analysis import _connected, cycles_among
from tests.conftest import FIXTURES


def _networkx_cycles(needs: dict[str, dict[str, str]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """What `cycles` computed before, with networkx all the way."""
    view = nx.DiGraph()
    for op, producers in needs.items():
        for producer, slot in producers.items():
            view.add_edge(op, producer, slot=slot)
    found = []
    for component in sorted(nx.strongly_connected_components(view), key=min):
        if len(component) > 1:
            edges = nx.find_cycle(view.subgraph(component), source=min(component))
            found.append((tuple(u for u, _ in edges), tuple(view.edges[u, v]["slot"] for u, v in edges)))
    return found


def test_cycles_are_the_ones_networkx_finds():
    chance = random.Random(14)
    cyclic = 0
    for _ in range(300):
        ops = [f"op:{i}" for i in range(chance.randrange(2, 16))]
        needs: dict[str, dict[str, str]] = {}
        for op in chance.sample(ops, len(ops)):  # insertion order matters to find_cycle: shuffle it
            producers = [p for p in chance.sample(ops, min(len(ops), chance.randrange(0, 4))) if p != op]
            if producers:
                needs[op] = {p: f"{op}<-{p}" for p in producers}
        found = [(cycle.ops, cycle.slots) for cycle in cycles_among(needs)]
        assert found == _networkx_cycles(needs)
        cyclic += bool(found)
    assert cyclic > 100  # the random graphs did have cycles to compare


def test_connected_components_are_networkx_components():
    chance = random.Random(5)
    for _ in range(200):
        nodes = [f"s{i}" for i in range(chance.randrange(1, 25))]
        pairs = [(chance.choice(nodes), chance.choice(nodes)) for _ in range(chance.randrange(0, 20))]
        pairs = [(a, b) for a, b in pairs if a != b]
        neighbours: dict[str, dict[str, float]] = {}
        reference = nx.Graph()
        for a, b in pairs:
            neighbours.setdefault(a, {})[b] = neighbours.setdefault(b, {})[a] = 1.0
            reference.add_edge(a, b)
        assert sorted(map(sorted, _connected(neighbours))) == sorted(map(sorted, nx.connected_components(reference)))


def test_a_scan_leaves_networkx_unimported_and_the_graph_command_wraps_the_same_graph():
    code = ("import sys; from dxscan.load.loader import load; from dxscan.scan.pipeline import scan_loaded; "
            f"report = scan_loaded(load({str(FIXTURES / 'bookshop.yaml')!r}), 'bookshop', split=False); "
            "print(len(report.findings) > 0, 'networkx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]
