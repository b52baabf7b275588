"""What the people-facing reports (Markdown, HTML, badge, portfolio) say about a scorecard, in
words: dimension names and questions, the verdict, measure lines, the arithmetic, places.
Pure functions over the Report and the catalogue; no markup here."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from dxscan.catalogue import catalogue
from dxscan.results import DimensionScore, Finding, Report

DIMENSION_LABELS = {
    "versioning": "Versioning", "auth": "Auth", "rate_limits": "Rate limits",
    "naming": "Naming", "documentation": "Documentation", "abstraction": "Abstraction",
}
VERDICTS = {
    "A": "Excellent to build against",
    "B": "Good to build against, with a few gaps",
    "C": "Usable, but consumers will hit avoidable friction",
    "D": "Hard to build against",
    "F": "Consumers will struggle to build against it",
    "n/a": "Nothing in this document could be assessed",
}
# Grade colours, readable on white and in greyscale print (darker for worse grades).
GRADE_COLOURS = {"A": "#1b7f3b", "B": "#5c8f1f", "C": "#b58100", "D": "#c25400", "F": "#b3261e", "n/a": "#8a8a8a"}


def dimension_label(name: str) -> str:
    return DIMENSION_LABELS.get(name, name.replace("_", " ").capitalize())


@cache
def dimension_question(name: str) -> str:
    """The question a dimension answers, from its checks module's docstring
    ("Versioning: can consumers tell which version they build against...?")."""
    try:
        module = importlib.import_module(f"dxscan.checks.{name}")
    except ImportError:
        return ""
    first_line = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
    _, colon, question = first_line.partition(":")
    return question.strip()[:1].upper() + question.strip()[1:] if colon else ""


def verdict(report: Report) -> str:
    """One sentence for a reader in a hurry: how good, and where it hurts most."""
    card = report.scorecard
    sentence = VERDICTS.get(card.grade, "")
    weakest = weakest_dimensions(report)
    if card.score is None or not weakest:
        return sentence + "."
    names = " and ".join(f"{dimension_label(d.name).lower()} ({d.score})" for d in weakest)
    return f"{sentence}; weakest: {names}."


def weakest_dimensions(report: Report, count: int = 2) -> list[Any]:
    """Up to `count` scored dimensions below 80, lowest first."""
    scored = [d for d in report.scorecard.dimensions if d.score is not None and d.score < 80]
    return sorted(scored, key=lambda d: (d.score, d.name))[:count]


def score_text(score: float | None) -> str:
    return "n/a" if score is None else f"{score:g}"


def spec_facts(report: Report) -> str:
    """`OpenAPI 3.0.3 · 5 operations · 3 schemas · valid OpenAPI`."""
    spec = report.spec
    parts = [f"OpenAPI {spec.openapi}", _count(spec.operations, "operation"), _count(spec.schemas, "schema")]
    if spec.files > 1:
        parts.append(_count(spec.files, "file"))
    if report.valid is not None:
        parts.append("valid OpenAPI" if report.valid else "not valid OpenAPI")
    return " · ".join(parts)


def spec_name(report: Report) -> str:
    spec = report.spec
    return spec.title or spec.source


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@dataclass(frozen=True)
class MeasureLine:
    rule: str
    ok: bool
    text: str  # "3 of 5 operations document no 429 response" / "Operations have a description: all 5"
    points_lost: float


def measure_lines(dimension: DimensionScore) -> list[MeasureLine]:
    """One line per rule of a dimension: what it found, failures first, costliest first."""
    rules = catalogue()
    lines = [_measure_line(rule_score, rules.get(rule_score.rule)) for rule_score in dimension.rules]
    return sorted(lines, key=lambda line: (line.ok, -line.points_lost, line.rule))


def _measure_line(rule_score: Any, rule: Any) -> MeasureLine:
    ok = rule_score.failed == 0
    if rule is None:
        text = f"{rule_score.rule}: {rule_score.failed} of {rule_score.checked} failed"
    elif rule.scope == "api":
        text = rule.title if ok else rule.measure
    elif ok:
        text = f"{rule.title}: all {rule_score.checked}"
    else:
        text = f"{rule_score.failed} of {rule_score.checked} {rule.measure}"
    return MeasureLine(rule_score.rule, ok, text, rule_score.points_lost)


def arithmetic(dimension: DimensionScore) -> str:
    """`100 − 40.0 (rate-limit-response) = 60`, or why there is no score."""
    if dimension.score is None:
        return "no score: nothing in this API to assess"
    losses = [r for r in sorted(dimension.rules, key=lambda r: (-r.points_lost, r.rule)) if r.points_lost > 0]
    if not losses:
        return f"100 − 0 = {dimension.score}"
    terms = " − ".join(f"{r.points_lost:.1f} ({r.rule})" for r in losses)
    return f"100 − {terms} = {dimension.score}"


def overall_arithmetic(report: Report) -> str:
    scored = [d for d in report.scorecard.dimensions if d.score is not None and d.weight > 0]
    if not scored:
        return "no score: no dimension could be assessed"
    terms = " + ".join(f"{d.weight:g}×{d.score}" for d in scored)
    total = sum(d.weight for d in scored)
    return f"({terms}) / {total:g} = {report.scorecard.score}"


SKIPPED_MEASURES = frozenset(("rules", "counts", "headline"))  # shown elsewhere, or the score's raw material


def extra_measures(dimension: DimensionScore) -> list[tuple[str, str]]:
    """(label, value) for what a dimension measures beyond its rules' counts: the versioning
    strategy, the dependency graph's figures. Whatever their shape: a top-level mapping is
    flattened one level, a deeper one is said inline ("entity 3, operation 5"), a metric
    ({value, score, n, low_confidence}) as its score and value, a large table by its size."""
    return list(_flatten(dimension.measures))


def _flatten(measures: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key in sorted(measures):
        value = measures[key]
        if key in SKIPPED_MEASURES or value is None:
            continue
        if isinstance(value, dict) and len(value) <= MAX_LISTED:
            yield from ((f"{humanise(key)} · {_words(k)}", _inline(k, v)) for k, v in sorted(value.items()) if v is not None)
        else:
            yield humanise(key), _inline(key, value)


MAX_LISTED = 12


def _inline(key: str, value: Any) -> str:
    if not isinstance(value, dict):
        return format_value(key, value)
    if len(value) > MAX_LISTED:
        return f"{len(value)} entries"
    if "score" in value and "value" in value:
        return _metric(key, value)
    parts = [f"{_words(k)} {format_value(k, v)}" for k, v in value.items() if v is not None and not isinstance(v, dict)]
    return ", ".join(parts) or "none"


def _metric(key: str, metric: dict[str, Any]) -> str:
    """`at least as good as 24% of real APIs (value 0.6, n = 3, few data)`: where the API stands among the
    corpus the metric is anchored on. Not a 0-100 score: the graph metrics set no part of a grade
    (graph/metrics.py), and a `33/100` beside the dimension's grade would read as one."""
    details = [f"value {format_value(key, metric['value'])}"]
    if "n" in metric:
        details.append(f"n = {metric['n']}")
    if metric.get("low_confidence"):
        details.append("few data")
    percentile = metric.get("percentile")
    standing = f"at least as good as {percentile}% of real APIs" if isinstance(percentile, int) else "not compared"
    return f"{standing} ({', '.join(details)})"


def humanise(key: str) -> str:
    words = _words(key)
    return words[:1].upper() + words[1:]


def _words(key: str) -> str:
    return key.replace("_", " ").replace("-", " ").strip()


def format_value(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "none"}[value]
    if isinstance(value, float) and 0 <= value <= 1 and any(w in key for w in ("share", "rate", "ratio", "fraction")):
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
        shown = "; ".join(_inline(key, v) for v in value[:8])
        return shown + (f"; … ({len(value)} in all)" if len(value) > 8 else "")
    if isinstance(value, (list, tuple)):
        shown = ", ".join(str(v) for v in value[:8])
        return (shown + f", … ({len(value)} in all)" if len(value) > 8 else shown) or "none"
    return str(value)


def where(finding: Finding) -> str:
    """`bookshop.yaml:17:5`, or the file alone when the line is unknown."""
    location = finding.location
    if location.line is None:
        return location.file
    return f"{location.file}:{location.line}" + (f":{location.column}" if location.column is not None else "")
