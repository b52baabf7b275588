"""`dxscan graph SPEC`: export the dependency graph, one operation's neighbourhood (`--focus`), or
the shortest chain of calls that makes an operation reachable (`--why`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dxscan.cli.common import fail, write_output
from dxscan.graph.export import EXPORTS, export
from dxscan.load.loader import LoadError


def graph(
    spec: Annotated[str, typer.Argument(help="The OpenAPI/Swagger document (YAML or JSON), or - for standard input.")],
    output_format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(EXPORTS)}.")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the graph to this file (whole or not at all).")] = None,
    focus: Annotated[str | None, typer.Option(help="Only this operation's neighbourhood (an operationId or 'GET /path').")] = None,
    why: Annotated[str | None, typer.Option(help="The shortest chain of calls that makes this operation reachable.")] = None,
    allow_external_refs: Annotated[bool, typer.Option("--allow-external-refs", help="Follow $refs that leave the spec's folder.")] = False,
) -> None:
    """Export the endpoint dependency graph: operations, schemas, and the identifiers that flow between them."""
    if output_format not in EXPORTS:
        fail(f"unknown format '{output_format}'; expected one of {', '.join(EXPORTS)}")
    if focus and why:
        fail("give --focus or --why, not both")
    built = _build(spec, allow_external_refs)
    view = built.nx
    if focus or why:
        key = built.find_operation(focus or why or "")
        if key is None:
            fail(f"no operation '{focus or why}' in {spec} (give an operationId or a method and path, e.g. 'GET /pets/{{id}}')")
        view = built.neighbourhood(key) if focus else built.why(key)
    write_output(export(view, output_format), output)


def _build(spec: str, allow_external_refs: bool) -> Any:  # a graph.Graph
    from dxscan.graph.build import build_graph
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi

    try:
        return build_graph(as_openapi(load(spec, allow_external_refs=allow_external_refs)))
    except LoadError as error:
        fail(error.one_line())
    except RecursionError:
        fail(f"{spec}: the document is nested too deeply to read")
    raise AssertionError("unreachable")


