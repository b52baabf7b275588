"""JUnit XML for GitLab and Jenkins test reports: a test suite per dimension, a test case per rule
that ran; a rule with error or warning findings fails, listing them as `file:line: message`."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree

from dxscan.catalogue import catalogue
from dxscan.report.ci import junit_case, junit_document, junit_suite, where
from dxscan.results import DimensionScore, Finding, Report

FAILING = ("error", "warning")


def render(report: Report) -> str:
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        findings[finding.rule].append(finding)
    suites = [_suite(dimension.name, _rule_ids(dimension, findings), findings, report.spec.source)
              for dimension in report.scorecard.dimensions]
    return junit_document(f"dxscan {report.spec.source}", suites)


def _rule_ids(dimension: DimensionScore, findings: dict[str, list[Finding]]) -> list[str]:
    ran = {rule.rule for rule in dimension.rules}
    ran |= {rule for rule, found in findings.items() if found[0].dimension == dimension.name}
    return sorted(ran)


def _suite(name: str, rule_ids: list[str], findings: dict[str, list[Finding]], source: str) -> ElementTree.Element:
    return junit_suite(name, [_case(name, rule_id, findings.get(rule_id, []), source) for rule_id in rule_ids])


def _case(dimension: str, rule_id: str, found: list[Finding], source: str) -> ElementTree.Element:
    entry = catalogue().get(rule_id)
    title = f"{rule_id}: {entry.title}" if entry else rule_id
    lines = "\n".join(f"{where(f.location)}: {f.severity}: {f.message}" for f in found)
    failing = [f for f in found if f.severity in FAILING]
    if not failing:
        return junit_case(f"dxscan.{dimension}", title, source, output=lines or None)
    worst = "error" if any(f.severity == "error" for f in failing) else "warning"
    message = f"{len(found)} finding{'s' if len(found) != 1 else ''}" + (f"; fix: {entry.fix}" if entry else "")
    return junit_case(f"dxscan.{dimension}", title, source, failure=(message, worst, lines))
