"""Findings and what was checked -> the scorecard. Pure: no I/O, no globals but the catalogue.

Each rule passes or fails once per thing in its scope (each operation, each parameter, the API as
a whole), so a rule's pass rate does not depend on the API's size: a 900-operation API with 90
undocumented operations scores what a 10-operation API with one does, and a 3-operation API with
one is not excused. A dimension's score is the weighted mean of its rules' pass rates (100 minus
the points each rule loses: its share of the dimension's weight times its failed share); the
overall score is the weighted mean of the dimensions.

A rule applies only where its premise holds: "secured operations document 401" counts the secured
operations, "deprecated operations name a sunset" the deprecated ones. A dimension's measures
carry these denominators as `counts: {rule: {checked, failed?}}` (the checks know them; the
engine counts the catalogue scope), and a rule with nothing to check (an API with no deprecated
operation) drops out of its dimension instead of passing for free. `counts` is consumed here; the
numbers used are in `measures.rules`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dxscan.catalogue import DIMENSIONS, catalogue
from dxscan.results import DimensionScore, RuleResult, RuleScore, Scorecard

GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (0, "F"))

# Which way scores are computed from results, stamped into baselines: a scan compares its scores
# with a baseline's only when both come from the same model, so an upgrade that changes how a
# dimension is graded cannot fail a team's gate on an API that did not change.
#   1: until 2026-12-05, abstraction half on its rules, half on the graph metrics;
#   2: every dimension graded on its rules' pass rates.
SCORING_MODEL = 2


def grade(score: float | None) -> str:
    if score is None:
        return "n/a"
    return next(letter for floor, letter in GRADES if score >= floor)


NO_OPERATIONS = "no operations to assess"


def scorecard(results: tuple[RuleResult, ...], weights: dict[str, float],
              measures: dict[str, dict[str, Any]] | None = None) -> Scorecard:
    measures = measures or {}
    empty = _no_operations(results)
    dimensions = tuple(
        _dimension(name, [r for r in results if r.dimension == name], weights.get(name, 1.0), measures.get(name, {}), empty)
        for name in DIMENSIONS
    )
    scored = [(d.weight, d.score) for d in dimensions if d.score is not None and d.weight > 0]
    total_weight = sum(weight for weight, _ in scored)
    failing = any(d.score is not None and d.score < 100 for d in dimensions)
    overall = _rounded(sum(weight * score for weight, score in scored) / total_weight, failing) if total_weight else None
    return Scorecard(overall, grade(overall), dimensions)


def _no_operations(results: tuple[RuleResult, ...]) -> bool:
    """Whether the scan saw an API with no operations: every rule over operations ran and counted
    none. Such an API has a title and maybe a license, but no surface: scoring its info block
    (documentation 93, versioning 100) would rank an empty document above real APIs."""
    counted = [r.checked for r in results if r.scope == "operations" and not r.crashed]
    return bool(counted) and not any(counted)


def _dimension(name: str, results: list[RuleResult], weight: float, extra: dict[str, Any],
               empty: bool = False) -> DimensionScore:
    counts = extra.get("counts") or {}
    extra = {key: value for key, value in extra.items() if key != "counts"}
    if empty:
        return DimensionScore(name, None, "n/a", weight, NO_OPERATIONS, (), {"rules": {}, **extra})
    applied = [_applicable(r, counts.get(r.rule)) for r in results]
    assessed = [r for r in applied if r.checked > 0 and r.weight > 0 and not r.crashed]
    total_weight = sum(r.weight for r in assessed)
    rules = tuple(_rule_score(r, total_weight) for r in assessed)
    measures = {"rules": {r.rule: {"checked": r.checked, "failed": r.failed, "pass_rate": round(r.pass_rate, 4)} for r in rules}, **extra}
    headline = extra.get("headline") if isinstance(extra.get("headline"), str) else None
    if not total_weight:
        return DimensionScore(name, None, "n/a", weight, _joined(headline, "nothing in this API to assess"), rules, measures)
    score = _rounded(100 - sum(r.points_lost for r in rules), any(r.failed for r in rules))
    return DimensionScore(name, score, grade(score), weight, _joined(headline, _summary(rules)), rules, measures)


def _rounded(score: float, failing: bool) -> int:
    """The score to show: a dimension with a failure is never 100, so its summary ("3 of 124
    properties break the casing") never sits beside a perfect score."""
    shown = round(score)
    return min(shown, 99) if failing else shown


def _applicable(result: RuleResult, count: dict[str, int] | None) -> RuleResult:
    """The result over what the rule applies to, when its check says so (see the docstring)."""
    if not count or result.crashed:
        return result
    checked = int(count["checked"])
    failed = min(int(count.get("failed", result.failed)), checked)
    return replace(result, checked=checked, failed=failed)


def _joined(headline: str | None, summary: str) -> str:
    return f"{headline}; {summary}" if headline else summary


def _rule_score(result: RuleResult, total_weight: float) -> RuleScore:
    failed_share = result.failed / result.checked
    lost = 100 * result.weight * failed_share / total_weight if total_weight else 0.0
    return RuleScore(result.rule, result.weight, result.checked, result.failed, lost)


def _summary(rules: tuple[RuleScore, ...]) -> str:
    """One sentence a non-engineer can read: the one or two rules that cost the most points."""
    costly = sorted((r for r in rules if r.failed), key=lambda r: (-r.points_lost, r.rule))[:2]
    if not costly:
        return "no problems found by " + ("its one check" if len(rules) == 1 else f"its {len(rules)} checks")
    return "; ".join(_phrase(r) for r in costly)


def _phrase(rule: RuleScore) -> str:
    """`measure` completes "N of M ..." (e.g. "operations have no description"); for a rule about
    the API as a whole it is the whole phrase (e.g. "the API names no contact")."""
    entry = catalogue()[rule.rule]
    if entry.scope == "api":
        return entry.measure
    return f"{rule.failed} of {rule.checked} {entry.measure}"
