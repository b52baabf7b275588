"""The dependency graph as text: JSON (node-link), GraphML, DOT and Mermaid.

Every export lists nodes and edges in sorted order, so two runs on one spec give the same bytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # networkx costs 0.1 s to import; every `dxscan` command imports this module
    import networkx as nx

EXPORTS = ("json", "graphml", "dot", "mermaid")
_SHAPES = {"operation": "box", "path": "folder", "schema": "note", "entity": "ellipse", "slot": "cds", "server": "cylinder"}


def export(graph: nx.MultiDiGraph, form: str) -> str:
    """`graph` in the format `form` (one of EXPORTS)."""
    return {"json": to_json, "graphml": to_graphml, "dot": to_dot, "mermaid": to_mermaid}[form](graph)


def _nodes(graph: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return sorted(graph.nodes(data=True), key=lambda item: str(item[0]))


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(graph.edges(keys=True, data=True), key=lambda item: (str(item[0]), str(item[1]), str(item[2])))


def to_json(graph: nx.MultiDiGraph) -> str:
    """networkx's node-link form: {"directed", "multigraph", "graph", "nodes": [{"id", ...}], "edges": [{"source", "target", "key", ...}]}."""
    data = {
        "directed": True,
        "multigraph": True,
        "graph": dict(sorted(graph.graph.items())),
        "nodes": [{"id": node, **attributes} for node, attributes in _nodes(graph)],
        "edges": [{"source": u, "target": v, "key": k, **attributes} for u, v, k, attributes in _edges(graph)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def to_graphml(graph: nx.MultiDiGraph) -> str:
    import networkx as nx

    ordered = nx.MultiDiGraph()
    ordered.graph.update({k: _scalar(v) for k, v in sorted(graph.graph.items())})
    for node, attributes in _nodes(graph):
        ordered.add_node(node, **{k: _scalar(v) for k, v in attributes.items()})
    for u, v, k, attributes in _edges(graph):
        ordered.add_edge(u, v, key=k, **{name: _scalar(value) for name, value in attributes.items()})
    return "\n".join(nx.generate_graphml(ordered)) + "\n"


def _scalar(value: Any) -> Any:
    """GraphML holds strings, numbers and booleans only."""
    if isinstance(value, (str, int, float, bool)):
        return value
    return "" if value is None else str(value)


def to_dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph api {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];']
    for node, attributes in _nodes(graph):
        shape = _SHAPES.get(attributes.get("kind", ""), "box")
        lines.append(f"  {_quote(node)} [label={_quote(_label(node, attributes))}, shape={shape}];")
    for u, v, _, attributes in _edges(graph):
        lines.append(f"  {_quote(u)} -> {_quote(v)} [label={_quote(_edge_label(attributes))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_mermaid(graph: nx.MultiDiGraph) -> str:
    ids = {node: f"n{index}" for index, (node, _) in enumerate(_nodes(graph))}
    lines = ["flowchart LR"]
    for node, attributes in _nodes(graph):
        lines.append(f'  {ids[node]}["{_mermaid_text(_label(node, attributes))}"]')
    for u, v, _, attributes in _edges(graph):
        lines.append(f'  {ids[u]} -->|"{_mermaid_text(_edge_label(attributes))}"| {ids[v]}')
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def _label(node: str, attributes: dict[str, Any]) -> str:
    kind = attributes.get("kind", "")
    if kind == "operation":
        label = f"{attributes.get('method', '')} {attributes.get('path', '')}"
        return f"{attributes['step']}. {label}" if "step" in attributes else label
    if kind == "slot" and attributes.get("direction") == "in":
        return f"needs {attributes.get('location', '')} {attributes.get('name', '')}"
    if kind == "slot":
        return f"gives {attributes.get('status', '')} {attributes.get('access', '')}".strip()
    return str(node).split(":", 1)[-1] if ":" in str(node) else str(node)


def _edge_label(attributes: dict[str, Any]) -> str:
    kind = attributes.get("kind", "")
    if kind == "feeds":
        return f"feeds T{attributes.get('tier')} {attributes.get('confidence')}"
    if kind == "depends_on" and attributes.get("slot"):
        return f"needs {attributes['slot']}"
    if kind == "response":
        return f"response {attributes.get('status', '')}"
    return kind
