"""Structural metrics of the abstraction dimension, each normalised to 0-100 against anchors
calibrated on real APIs (dxscan/graph_anchors.py, frozen and dated).

Every metric keeps its denominator `n`: below `MIN_N` it is reported but marked low-confidence, so
a five-operation API is not compared on one cycle; leak density counts per ten operations, and at
least ten, so one leak in a tiny API does not read as ten. Size (operations, schemas) is reported
raw and never scored: a big API is not a bad API.

The metrics say where the API stands among real APIs (`percentile`); they set no part of the grade.
They once made half the abstraction score, and that half re-counted the rules' own findings on the
corpus's scale: LaunchDarkly's 19 `_id` fields among 107 schemas (a rule score of 96) put its leak
density at the 5th percentile and its abstraction grade at 53, a grade its findings do not support.
The grade now comes from the rules' pass rates, as in every other dimension.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass
from typing import Any

from dxscan.graph.analysis import cycles, duplicates, plans, representations, schema_sizes
from dxscan.graph.anchors import ANCHORS, CALIBRATED
from dxscan.graph.build import Graph

MIN_N = 5
HIGHER_IS_BETTER = frozenset({"resolvability", "reachability", "representation"})
# The rule each metric measures the API-wide side of. When the configuration turns it off (or it
# costs no points), the metric is not measured: a rule switched off shows no figure. leak_density
# sums the leak rules its caller passes (none: not measured).
METRIC_RULE = {"resolvability": "orphan-identifier", "reachability": "unreachable-operation",
               "prerequisite_depth": "deep-prerequisite-chain", "cycle_share": "dependency-cycle",
               "coupling": "god-schema", "duplication": "near-duplicate-schemas",
               "representation": "inconsistent-representation"}


@dataclass(frozen=True)
class MetricSettings:
    """What the configuration says about the metrics: the rules turned off, and the options of
    near-duplicate-schemas (the duplication metric counts the copies that rule reports)."""

    rules_off: frozenset[str] = frozenset()
    similarity: float = 0.8
    min_properties: int = 5


@dataclass(frozen=True)
class Metric:
    value: float | None
    n: int  # the denominator: identifiers, operations, schemas, entities compared
    better: str  # "higher" or "lower"
    score: int | None = None  # 0-100 against the anchors
    percentile: int | None = None  # the share of the calibration corpus this API does at least as well as
    low_confidence: bool = False  # n < MIN_N: too few to compare


def raw_metrics(graph: Graph, leaks: dict[str, int], leak_weights: dict[str, int],
                settings: MetricSettings = MetricSettings()) -> dict[str, tuple[float | None, int]]:
    """(value, denominator) of each metric, before scoring; none of a rule that is off."""
    measured = _all_raw_metrics(graph, leaks, leak_weights, settings)
    return {name: value for name, value in measured.items()
            if METRIC_RULE.get(name) not in settings.rules_off and (name != "leak_density" or leak_weights)}


def _all_raw_metrics(graph: Graph, leaks: dict[str, int], leak_weights: dict[str, int],
                     settings: MetricSettings) -> dict[str, tuple[float | None, int]]:
    inference = graph.inference
    ops = len(inference.ops)
    figures = graph.figures()
    ready_costs = sorted(map(len, plans(graph).values()))
    sizes = schema_sizes(graph)
    compared = representations(graph)
    in_cycles = {op for cycle in cycles(graph) for op in cycle.ops}
    copies = duplicates(graph, settings.similarity, settings.min_properties)
    weighted_leaks = sum(leak_weights.get(rule, 1) * count for rule, count in leaks.items())
    return {
        "resolvability": (figures["resolved_share"], figures["identifiers"]),
        "reachability": (_share(len(ready_costs), ops), ops),
        "prerequisite_depth": (_percentile(ready_costs, 0.9), len(ready_costs)),
        "cycle_share": (_share(len(in_cycles), ops), ops),
        "coupling": (max((s.share for s in sizes), default=None), len(sizes)),
        "duplication": (_share(len(copies), len(graph.spec.schemas)), len(graph.spec.schemas)),
        "representation": (_share(sum(r.consistent for r in compared), len(compared)), len(compared)),
        "leak_density": (round(10 * weighted_leaks / max(ops, 10), 4) if ops else None, ops),
    }


def metrics(graph: Graph, leaks: dict[str, int], leak_weights: dict[str, int],
            settings: MetricSettings = MetricSettings()) -> dict[str, Any]:
    """The scored metrics and the tree-shape figures: where the API stands, not its grade."""
    raw = raw_metrics(graph, leaks, leak_weights, settings)
    return {
        "metrics": {name: asdict(score_metric(name, value, n)) for name, (value, n) in raw.items()},
        "structure": tree_shape(graph),
        "anchors": CALIBRATED,
    }


def score_metric(name: str, value: float | None, n: int) -> Metric:
    better = "higher" if name in HIGHER_IS_BETTER else "lower"
    if value is None or n == 0:
        return Metric(None, n, better, low_confidence=True)
    anchor = ANCHORS[name]
    return Metric(value, n, better, _normalise(name, value, anchor), _rank(value, anchor["quantiles"], better), n < MIN_N)


def _normalise(name: str, value: float, anchor: dict[str, Any]) -> int:
    """100 at the good anchor, 0 at the bad one, linear between; leak density decays exponentially."""
    if name == "leak_density":
        return round(100 * math.exp(-anchor["decay"] * value))
    good, bad = anchor["good"], anchor["bad"]
    if good == bad:
        return 100 if (value >= good if name in HIGHER_IS_BETTER else value <= good) else 0
    return round(100 * min(1.0, max(0.0, (value - bad) / (good - bad))))


def _rank(value: float, quantiles: list[float], better: str) -> int | None:
    """The share (0-100) of the corpus this value does at least as well as, read off its quantiles."""
    if not quantiles:
        return None
    if better == "higher":
        return round(100 * bisect_right(quantiles, value) / len(quantiles))
    return round(100 * (len(quantiles) - bisect_left(quantiles, value)) / len(quantiles))


def tree_shape(graph: Graph) -> dict[str, Any]:
    """Haupt et al.'s and RAMA's path metrics: longest path (LP), mean path length (APL), number of
    roots (NOR), share of operations under the largest root (BRC); informational."""
    paths = [info.erased for info in graph.ops.values()]
    if not paths:
        return {"longest_path": 0, "mean_path_length": None, "roots": 0, "largest_root_share": None}
    roots: dict[str, int] = {}
    for erased in paths:
        root = erased[0] if erased else ""
        roots[root] = roots.get(root, 0) + 1
    return {
        "longest_path": max(len(p) for p in paths),
        "mean_path_length": round(sum(len(p) for p in paths) / len(paths), 2),
        "roots": len(roots),
        "largest_root_share": round(max(roots.values()) / len(paths), 4),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _percentile(values: list[int], q: float) -> float | None:
    if not values:
        return None
    return float(values[min(len(values) - 1, math.ceil(q * len(values)) - 1)])

