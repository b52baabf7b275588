"""What to fix first: findings grouped into debt items (one per rule), ranked by consumer impact
per unit of effort. Pure: a function of the Report and the catalogue.

- **impact** = severity weight (error 3, warning 2, info 1) x **reach**, the number of operations
  whose consumers feel the problem. A finding under `/paths/{path}/{method}` reaches that
  operation; one on the API as a whole (`/info`, `/servers`, `/security`, a security scheme, the
  document itself) reaches every operation; one on a shared component reaches the operations the
  dependency graph says use it, when the report carries the graph's `reach` figures
  (`dimensions.abstraction.measures.reach`: component pointer -> operations), and counts as one
  operation otherwise.
- **effort** = the square root of the number of places to change: the first fix of a kind takes
  thought, the fortieth is routine (and often scripted), so effort grows slower than the count.
- **priority** = impact / effort. A one-line fix that every consumer feels (an internal server URL,
  a missing contact) ranks above forty missing descriptions, which rank above three.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dxscan import pointer as jp
from dxscan.catalogue import SEVERITY_RANK, catalogue
from dxscan.openapi import ALL_METHODS
from dxscan.results import Finding

SEVERITY_WEIGHT = {"error": 3, "warning": 2, "info": 1}
# Top-level sections a finding on which concerns every consumer of the API.
API_WIDE = frozenset((
    "", "openapi", "swagger", "info", "servers", "security", "host", "basePath", "schemes", "consumes",
    "produces", "tags", "externalDocs", "securityDefinitions", "jsonSchemaDialect",
))
EVERY_OPERATION = ("*",)


@dataclass(frozen=True)
class DebtItem:
    rule: str
    dimension: str
    severity: str
    title: str  # what good looks like ("Operations document 429 Too Many Requests")
    measure: str  # how far from it ("3 of 5 operations document no 429 response")
    rationale: str  # the consumer and business "so what"
    fix: str
    places: tuple[Finding, ...]
    reach: int  # operations whose consumers feel it
    operations: int  # operations in the API
    points: float  # dimension points this rule costs today
    impact: float
    effort: float
    priority: float

    @property
    def api_wide(self) -> bool:
        return self.operations > 0 and self.reach >= self.operations


def debt_items(report: Any) -> tuple[DebtItem, ...]:
    """Every rule with findings as one debt item, highest priority first."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_rule[finding.rule].append(finding)
    reach_index = graph_reach(report)
    rule_scores = {r.rule: r for d in report.scorecard.dimensions for r in d.rules}
    items = [_item(rule, tuple(group), report, reach_index, rule_scores.get(rule)) for rule, group in by_rule.items()]
    return tuple(sorted(items, key=lambda i: (-i.priority, SEVERITY_RANK[i.severity], i.rule)))


def graph_reach(report: Any) -> Mapping[str, int]:
    """Component pointer -> operations that reach it, from the dependency graph when the report
    carries it; empty otherwise."""
    for dimension in report.scorecard.dimensions:
        if dimension.name == "abstraction":
            reach = dimension.measures.get("reach")
            if isinstance(reach, Mapping):
                return {str(k): int(v) for k, v in reach.items() if isinstance(v, (int, float))}
    return {}


def _item(rule_id: str, places: tuple[Finding, ...], report: Any, reach_index: Mapping[str, int], score: Any) -> DebtItem:
    rule = catalogue().get(rule_id)
    operations = report.spec.operations
    severity = min((f.severity for f in places), key=SEVERITY_RANK.__getitem__)
    reach = _reach(places, operations, reach_index)
    impact = SEVERITY_WEIGHT[severity] * reach
    effort = math.sqrt(len({f.pointer or f.location for f in places}))
    return DebtItem(
        rule=rule_id, dimension=places[0].dimension, severity=severity,
        title=rule.title if rule else rule_id, measure=_measure(rule, score, len(places)),
        rationale=rule.rationale if rule else "", fix=rule.fix if rule else "",
        places=places, reach=reach, operations=operations,
        points=score.points_lost if score else 0.0,
        impact=impact, effort=effort, priority=impact / effort,
    )


def _measure(rule: Any, score: Any, count: int) -> str:
    if rule is None:
        return f"{count} findings"
    if rule.scope == "api" or score is None:
        return rule.measure
    return f"{score.failed} of {score.checked} {rule.measure}"


def _reach(places: tuple[Finding, ...], operations: int, reach_index: Mapping[str, int]) -> int:
    """How many operations the findings touch together (at least one)."""
    touched: set[tuple[str, ...]] = set()
    shared = 0
    for finding in places:
        key = operation_key(finding.pointer)
        if key == EVERY_OPERATION:
            return max(operations, 1)
        if key is not None:
            touched.add(key)
            continue
        shared = max(shared, _component_reach(finding.pointer, reach_index))
    return min(max(len(touched), shared, 1), max(operations, 1))


def operation_key(pointer: str) -> tuple[str, ...] | None:
    """(section, path, method) of the operation a pointer is inside; EVERY_OPERATION for a pointer
    on the API as a whole; None for a shared component (its reach depends on who uses it)."""
    if "#" in pointer:
        return None  # a position in a referenced file, not in the document
    tokens = jp.split(pointer)
    if not tokens or tokens[0] in API_WIDE or tokens == ("paths",):
        return EVERY_OPERATION
    if tokens[:2] in (("components", "securitySchemes"),):
        return EVERY_OPERATION
    if tokens[0] in ("paths", "webhooks"):
        method = tokens[2] if len(tokens) > 2 and tokens[2] in ALL_METHODS else ""
        return (tokens[0], tokens[1], method)
    return None


def _component_reach(pointer: str, reach_index: Mapping[str, int]) -> int:
    """The graph's reach for the component at `pointer` or the nearest component above it."""
    candidate = pointer
    while candidate:
        if candidate in reach_index:
            return reach_index[candidate]
        candidate = candidate.rpartition("/")[0]
    return 1


def severity_counts(findings: Any) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}, every severity present."""
    counts = dict.fromkeys(SEVERITY_WEIGHT, 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


@dataclass(frozen=True)
class PortfolioDebt:
    """One kind of problem across a portfolio: which APIs have it and how much it costs them."""

    rule: str
    dimension: str
    severity: str
    title: str
    rationale: str
    fix: str
    sources: tuple[str, ...]  # the APIs that have it
    places: int
    priority: int  # severity weight x APIs that have it


def portfolio_debt(items: dict[str, tuple[DebtItem, ...]]) -> tuple[PortfolioDebt, ...]:
    """Debt items of every API (source -> its `debt_items`) merged by rule, the most widespread first:
    severity weight x the number of APIs that have it, each API counting once whatever its size
    (as in the portfolio's mean score); then by places."""
    merged: dict[str, list[tuple[str, DebtItem]]] = defaultdict(list)
    for source in sorted(items):
        for item in items[source]:
            merged[item.rule].append((source, item))
    debts = [_merged(entries) for entries in merged.values()]
    return tuple(sorted(debts, key=lambda d: (-d.priority, -d.places, d.rule)))


def _merged(entries: list[tuple[str, DebtItem]]) -> PortfolioDebt:
    first = entries[0][1]
    severity = min((item.severity for _, item in entries), key=SEVERITY_RANK.__getitem__)
    return PortfolioDebt(
        rule=first.rule, dimension=first.dimension, severity=severity, title=first.title,
        rationale=first.rationale, fix=first.fix, sources=tuple(source for source, _ in entries),
        places=sum(len(item.places) for _, item in entries), priority=SEVERITY_WEIGHT[severity] * len(entries),
    )
