"""Time the dependency graph and the abstraction rules on top of a scan, and count what it resolves.

    python benchmarks/graph_bench.py ../shared/corpus/github.com_api.github.com.json [--runs 5]

Prints, as the minimum over the runs (CPU time of this process, and wall time): the whole scan,
and within it the part the graph adds: building the graph and running every abstraction rule and
the abstraction measures on a model the other rules have already read (`Spec.operations` loaded).
Then the path parameters: how many distinct names resolve to a producer with type checks, how
many would without them (the untyped upper bound), which were skipped as enums, and the context
identifiers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dxscan.catalogue import catalogue
from dxscan.checks import Context, check_function
from dxscan.checks.abstraction import abstraction_measures
from dxscan.load.loader import load
from dxscan.model import Spec
from dxscan.scan.pipeline import scan


def timed(function) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return time.process_time() - cpu, time.perf_counter() - wall


def graph_part(path: str) -> tuple[float, float]:
    spec = Spec.from_loaded(load(path))
    spec.operations  # noqa: B018 - read by every scan before the graph
    rules = {rule_id: check_function(rule) for rule_id, rule in catalogue().items() if rule.dimension == "abstraction" and rule.check}

    def run() -> None:
        context = Context(spec)
        for rule_id, function in sorted(rules.items()):
            context.options = dict(catalogue()[rule_id].options)
            list(function(context))
        abstraction_measures(context)

    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec")
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    scans = [timed(lambda: scan(arguments.spec)) for _ in range(arguments.runs)]
    parts = [graph_part(arguments.spec) for _ in range(arguments.runs)]
    print(f"spec: {arguments.spec}")
    print(f"whole scan:                 cpu {min(c for c, _ in scans):.3f} s, wall {min(w for _, w in scans):.3f} s")
    print(f"graph + abstraction rules:  cpu {min(c for c, _ in parts):.3f} s, wall {min(w for _, w in parts):.3f} s")
    typed = resolution_counts(arguments.spec)
    untyped = resolution_counts(arguments.spec, typed=False)
    print(f"path parameter names:       {typed['names']} ({typed['enums']} more skipped as enums: {', '.join(typed['enum_names'])})")
    print(f"  resolved, typed:          {typed['resolved']} names, {typed['resolved_slots']} of {typed['slots']} slots")
    print(f"  resolved, untyped:        {untyped['resolved']} names, {untyped['resolved_slots']} of {untyped['slots']} slots")
    print(f"  context identifiers:      {', '.join(typed['context']) or 'none'}")
    print(f"ready operations:           {typed['ready']} of {typed['operations']}")


def resolution_counts(path: str, typed: bool = True) -> dict:
    """Distinct path parameter names (and slots) resolved to a producer; `typed=False` lets any
    type fill any slot, for the upper bound the design note quotes."""
    from unittest import mock

    from dxscan.graph import infer as graph_infer
    from dxscan.graph.build import build_graph

    spec = Spec.from_loaded(load(path))
    penalty = graph_infer.type_penalty if typed else (lambda *_: 0.0)
    with mock.patch.object(graph_infer, "type_penalty", penalty):
        inference = build_graph(spec).inference
    slots = [s for s in inference.slots.values() if s.location == "path"]
    declared = {p.name: p for o in spec.operations for p in o.parameters if p.location == "path"}
    enums = sorted(name for name in declared if name not in {s.name for s in slots})
    return {
        "names": len({s.name for s in slots}), "enums": len(enums), "enum_names": enums,
        "resolved": len({s.name for s in slots if inference.resolutions[s.key].resolved}),
        "slots": len(slots), "resolved_slots": sum(1 for s in slots if inference.resolutions[s.key].resolved),
        "context": sorted(inference.context), "ready": len(inference.ready), "operations": len(inference.ops),
    }


if __name__ == "__main__":
    main()
